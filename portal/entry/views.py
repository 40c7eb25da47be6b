"""The front door, help now, staying safe online, quick exit and the language switch."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response as BaseResponse

from portal import current
from portal.core.context import Context
from portal.core.uow import unit_of_work
from portal.emergency import CHILD_HELPLINE, EMERGENCY, POLICE
from portal.entry.journeys import AUDIENCES
from portal.i18n import COOKIE, LOCALES, NATIVE_NAMES
from portal.instances import profile
from portal.journeys import drafts
from portal.push import subscriptions
from portal.security.sessions import delete_cookie, set_cookie
from portal.security.urls import safe_next
from portal.visits import store as visits

bp = Blueprint("entry", __name__)
log = logging.getLogger(__name__)


@bp.get("/")
def front_door() -> str:
    """'Who are you?'"""
    return render_template("entry/front-door.html", audiences=AUDIENCES.values(), child_page=True)


@bp.get("/for/<who>")
def needs(who: str) -> str:
    """'What do you need?' for one kind of visitor."""
    audience = AUDIENCES.get(who)
    if audience is None:
        abort(404)
    return render_template("entry/needs.html", audience=audience, child_page=True)


@bp.get("/help-now")
def help_now() -> str:
    """Who to call now, and whether the municipality's office is open."""
    return render_template(
        "entry/help-now.html",
        lines=(EMERGENCY, CHILD_HELPLINE, POLICE),
        child_page=True,
        on_help_page=True,
    )


@bp.get("/staying-safe-online")
def staying_safe() -> str:
    """What the quick-exit button does and what it cannot hide."""
    return render_template("entry/staying-safe.html", child_page=True)


def _turn_off_push(ctx: Context, held: str) -> None:
    """With JavaScript, quick exit can also end this phone's notifications, if the child
    asked for that: the script adds the subscription's id and removal token."""
    subscription_id, _, token = held.partition(".")
    if subscription_id and token:
        subscriptions.remove(ctx, subscription_id[:32], token[:64])


@bp.get("/exit")
def quick_exit() -> BaseResponse:
    """Forget the visitor, then go to a neutral site without telling it where they came from."""
    # The visit ends on the server at once: its row, unsent answers and a reply kept for
    # later go, so on a shared phone nobody can bring them back. Leaving must work even
    # when the database does not answer.
    try:
        ctx = current.context()
        with unit_of_work(ctx.session):
            drafts.discard_all()
            _turn_off_push(ctx, request.args.get("push", ""))
    except SQLAlchemyError:
        log.exception("quick exit could not delete this visit's drafts")
    visits.end()
    response = redirect(profile().exit_url, code=303)
    response.headers["Referrer-Policy"] = "no-referrer"
    # Browsers that support it also drop every cookie of ours, not only the session.
    response.headers["Clear-Site-Data"] = '"cookies"'
    delete_cookie(response, COOKIE, samesite="Lax")
    return response


def _safe_next(target: str | None) -> str:
    """Only paths on this site; anything else goes to the front door."""
    return safe_next(target, url_for("entry.front_door"))


@bp.get("/language/<code>")
def language(code: str) -> BaseResponse | tuple[str, int]:
    """Remember the chosen language in a cookie and return to the page."""
    if code not in LOCALES:
        return (
            render_template("entry/unknown-language.html", code=code[:20], names=NATIVE_NAMES),
            404,
        )
    response = make_response(redirect(_safe_next(request.args.get("next")), code=303))
    set_cookie(
        response,
        COOKIE,
        code,
        samesite="Lax",
        max_age=current_app.config["LANGUAGE_COOKIE_MAX_AGE_SECONDS"],
    )
    return response


@bp.get("/municipality-logo")
def logo() -> Response:
    """The municipality's logo from the profile."""
    logo_path = profile().logo
    if logo_path is None:
        abort(404)
    response = send_file(logo_path, max_age=24 * 60 * 60)
    return response
