"""Friendly, translated error pages that keep the quick exit and the help box."""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.core.database import UnstorableTextError
from portal.extensions import limiter
from portal.forms.recovery import recovery_for
from portal.security import input as bad_input
from portal.staff.errors import STAFF_MESSAGES

log = logging.getLogger(__name__)

# status: (heading, what happened, what to do next)
MESSAGES: dict[int | str, tuple[LazyString, LazyString, LazyString]] = {
    400: (
        _l("Something in the request was wrong"),
        _l("We could not understand what your browser sent."),
        _l("Go back, check the page and try again."),
    ),
    "csrf": (
        _l("The page was open for too long"),
        _l("To keep you safe, we did not send the page. Nothing was saved."),
        _l("Go back, reload the page and send it again."),
    ),
    bad_input.ADDRESS: (
        _l("This address has a character we cannot read"),
        _l("The link holds a hidden character, like a line break, that does not belong there."),
        _l("Check the address, or go to the front page and find the page from there."),
    ),
    bad_input.UNSTORABLE: (
        _l("What you sent has a character we cannot keep"),
        _l("It holds a hidden character that we cannot store, so nothing was saved."),
        _l("Go back, remove the character or type the text again, and send it again."),
    ),
    403: (
        _l("You cannot see this page"),
        _l("This page is not open to you."),
        _l("Go to the front page, or call us if you think this is a mistake."),
    ),
    404: (
        _l("We cannot find this page"),
        _l("The address may be wrong, or the page has moved."),
        _l("Check the address, or go to the front page."),
    ),
    405: (
        _l("This page cannot be used like that"),
        _l("Your browser asked for the page in a way we do not support."),
        _l("Go to the front page and start again."),
    ),
    413: (
        _l("What you sent is too long"),
        _l("We can only take a limited amount of text at a time."),
        _l("Go back, make the text shorter and send it again."),
    ),
    429: (
        _l("Too many tries in a short time"),
        _l("To keep everyone safe, we limit how often a page can be used."),
        _l("Wait a minute, then try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("It is our fault, not yours. We have been told about it."),
        _l("Try again in a few minutes. If you need help now, call one of the numbers below."),
    ),
    503: (
        _l("The service is not available right now"),
        _l("We cannot reach our system at the moment."),
        _l("Try again in a few minutes. If you need help now, call one of the numbers below."),
    ),
}


# What a JSON client (the pull API, the pages' scripts) is told when its request is refused.
JSON_MESSAGES: dict[str, LazyString] = {
    bad_input.ADDRESS: _l(
        "The address holds a control character (such as NUL or a line break). "
        "Remove it and send the request again."
    ),
    bad_input.JSON_DEPTH: _l(
        "The JSON is nested too deeply (more than %(limit)s levels). Send a flatter document.",
        limit=bad_input.MAX_JSON_DEPTH,
    ),
    bad_input.UNSTORABLE: _l(
        "Text in the request holds a NUL character or half of a character pair, which we "
        "cannot store. Nothing was saved. Remove it and send the request again."
    ),
}


def wants_json() -> bool:
    """True for the JSON API and for requests that sent JSON (the pages' scripts)."""
    return request.is_json or request.path.startswith("/api/")


def render_error(key: int | str, status: int) -> tuple[str, int]:
    """Render the error page for a message key with an HTTP status."""
    staff = request.path.startswith("/staff/")
    heading, what, next_step = (STAFF_MESSAGES if staff else {}).get(key, MESSAGES[key])
    return (
        render_template(
            "staff/error.html" if staff else "errors/error.html",
            heading=heading,
            what=what,
            next_step=next_step,
            status=status,
            child_page=not staff,
        ),
        status,
    )


def _retry_after() -> int:
    """Seconds until the limit that refused this request lets the visitor in again."""
    limit = limiter.current_limit
    if limit is None:
        return 60
    return max(1, math.ceil(limit.reset_at - time.time()))


def init_app(app: Flask) -> None:
    """Register handlers for every error a visitor can meet."""

    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError) -> ResponseReturnValue:
        # A form that can be shown again with what was typed is never thrown away.
        recover = recovery_for(request.endpoint)
        if recover is not None:
            return recover()
        return render_error("csrf", 400)

    @app.errorhandler(bad_input.BadInput)
    def _bad_input(exc: bad_input.BadInput) -> ResponseReturnValue:
        if wants_json() or exc.reason not in MESSAGES:
            return jsonify(error=str(JSON_MESSAGES[exc.reason])), 400
        return render_error(exc.reason, 400)

    @app.errorhandler(UnstorableTextError)
    def _unstorable(_exc: UnstorableTextError) -> ResponseReturnValue:
        return _bad_input(bad_input.BadInput(bad_input.UNSTORABLE))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> tuple[str, int, dict[str, str]] | HTTPException:
        code = exc.code or 500
        if code < 400 or code not in MESSAGES:
            return exc
        body, status = render_error(code, code)
        headers = {k: v for k, v in exc.get_headers() if k.lower() in {"allow", "retry-after"}}
        if code == 429 and "Retry-After" not in headers:
            headers["Retry-After"] = str(_retry_after())
        return body, status, headers

    @app.errorhandler(OperationalError)
    def _database_down(exc: OperationalError) -> tuple[str, int, dict[str, str]]:
        rule = request.url_rule.rule if request.url_rule else None
        log.error("database unreachable on %s %s: %s", request.method, rule, exc.orig)
        body, status = render_error(503, 503)
        return body, status, {"Retry-After": "60"}

    @app.errorhandler(InternalServerError)
    def _server_error(_exc: InternalServerError) -> tuple[str, int]:
        return render_error(500, 500)
