"""Logging in (password, then TOTP or enrolment), logging out, the session, one's account."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import (
    Blueprint,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import format_timedelta, gettext
from werkzeug.wrappers import Response as WerkzeugResponse

from portal import clock, db
from portal import current as web
from portal.core.context import Context
from portal.core.uow import unit_of_work
from portal.extensions import limiter
from portal.instances import profile
from portal.push import subscriptions, vapid
from portal.security.urls import safe_next
from portal.staff import accounts, audit, passwords, sessions, throttle, totp
from portal.staff.access import (
    CASEWORKERS,
    EVERYONE,
    current,
    login_step,
    no_touch,
    staff_required,
)
from portal.staff.forms import CodeForm, LoginForm, NewPasswordForm, RecoveryForm
from portal.staff.models import StaffSession, StaffUser

bp = Blueprint("staff", __name__, url_prefix="/staff")


def _login_limit() -> str:
    limit: str = current_app.config["STAFF_LOGIN_RATE_LIMIT"]
    return limit


# One count per client for the whole login: password, code, recovery code and enrolment
# share it, so a client has N tries in all, not N at each step.
login_limit = limiter.shared_limit(_login_limit, scope="staff-login", methods=["POST"])


def _home() -> str:
    user = sessions.current_user()
    if user is not None and user.role == "admin":
        return url_for("staff.accounts_list")
    return url_for("casework.inbox_page")


def _as(user: StaffUser) -> Context:
    """This request's context with ``user`` acting (logging in: not yet ``current()``)."""
    return web.context().acting(user)


def _pending() -> StaffSession | None:
    row = sessions.current_session()
    return row if row is not None and row.stage == "password" else None


def _wait_message(left: timedelta) -> str:
    return str(
        gettext(
            "Too many failed attempts for this account from browsers it has not logged in "
            "from before. Try again in %(time)s, log in from a browser you have used before, "
            "or ask an administrator.",
            time=format_timedelta(left, threshold=1.0, add_direction=False),
        )
    )


@bp.route("/login", methods=["GET", "POST"])
@login_limit
@login_step
def login() -> ResponseReturnValue:
    """Step 1: e-mail and password."""
    form, problem = LoginForm(), None
    if form.validate_on_submit():
        ctx = web.context()
        s, now = ctx.session, ctx.now
        user = accounts.find_by_email(s, form.email.data)
        # An unknown address waits, and is answered, exactly as a known one.
        left = throttle.wait_left(s, form.email.data, user, now)
        # The hash is checked even for an unknown e-mail: the answer takes the same time.
        matches = left is None and passwords.verify(
            user.password_hash if user else None, form.password.data
        )
        if left is not None:
            problem = _wait_message(left)
        elif user is not None and matches and user.active:
            with unit_of_work(s):
                sessions.start(s, user, stage="password", now=now)
            step = "staff.login_code" if user.totp_confirmed_at else "staff.enrol"
            return redirect(url_for(step, next=request.args.get("next")))
        else:
            with unit_of_work(s):
                throttle.failed(s, form.email.data, user, now)
                if user is not None:
                    audit.log(ctx.acting(user), "login_failed", detail="password")
            problem = gettext(
                "The e-mail or the password is wrong, or the account is disabled. "
                "Check both and try again."
            )
    return render_template("staff/login.html", form=form, problem=problem), (
        200 if problem is None else 400
    )


def _finish_login(
    user: StaffUser, how: str, show: Callable[[str], str] | None = None
) -> WerkzeugResponse:
    """TOTP passed: a fresh session id, the device remembered, the login audited. The
    response goes on to the page asked for, or shows ``show(that page's URL)`` first."""
    ctx = _as(user)
    with unit_of_work(ctx.session):
        throttle.succeeded(ctx.session, user)
        sessions.start(ctx.session, user, stage="full", now=ctx.now)
        audit.log(ctx, "login", detail=how)
    target = safe_next(request.args.get("next"), _home())
    if not target.startswith("/staff/"):
        target = _home()
    response = redirect(target) if show is None else make_response(show(target))
    throttle.remember_device(response, user)
    return response


def _code_failed(row: StaffSession, kind: str) -> ResponseReturnValue | None:
    """Count a wrong code; after too many the password must be given again."""
    ctx = _as(row.user)
    with unit_of_work(ctx.session):
        row.code_failures += 1
        throttle.failed(ctx.session, row.user.email, row.user, ctx.now)
        audit.log(ctx, "login_failed", detail=kind)
        ended = row.code_failures >= throttle.CODE_FAILURES_PER_SESSION
        if ended:
            sessions.end(row, ctx.now)
    return redirect(url_for("staff.login", too_many="1")) if ended else None


@bp.route("/login/code", methods=["GET", "POST"])
@login_limit
@login_step
def login_code() -> ResponseReturnValue:
    """Step 2: the code from the authenticator app."""
    row = _pending()
    if row is None or row.user.totp_confirmed_at is None:
        return redirect(url_for("staff.login"))
    form, problem = CodeForm(), None
    if form.validate_on_submit():
        left = throttle.wait_left(db.session(), row.user.email, row.user, clock.now())
        if left is not None:
            problem = _wait_message(left)
        elif totp.use_code(_as(row.user), row.user, form.code.data):
            return _finish_login(row.user, "totp")
        else:
            ended = _code_failed(row, "totp")
            if ended is not None:
                return ended
            problem = gettext(
                "That code is wrong or has been used. Wait for the next code in the app and "
                "enter it."
            )
    return render_template("staff/code.html", form=form, problem=problem), (
        200 if problem is None else 400
    )


@bp.route("/login/recovery", methods=["GET", "POST"])
@login_limit
@login_step
def login_recovery() -> ResponseReturnValue:
    """Step 2 without the phone: a one-time recovery code."""
    row = _pending()
    if row is None or row.user.totp_confirmed_at is None:
        return redirect(url_for("staff.login"))
    form, problem = RecoveryForm(), None
    if form.validate_on_submit():
        s, now = db.session(), clock.now()
        left_wait = throttle.wait_left(s, row.user.email, row.user, now)
        left = (
            None
            if left_wait is not None
            else accounts.use_recovery_code(s, row.user, form.code.data, now)
        )
        if left_wait is not None:
            problem = _wait_message(left_wait)
        elif left is not None:
            return _finish_login(row.user, f"recovery code, {left} left")
        else:
            ended = _code_failed(row, "recovery code")
            if ended is not None:
                return ended
            problem = gettext(
                "That recovery code is wrong or has been used. Check it and try again."
            )
    return render_template("staff/recovery.html", form=form, problem=problem), (
        200 if problem is None else 400
    )


@bp.route("/login/enrol", methods=["GET", "POST"])
@login_limit
@login_step
def enrol() -> ResponseReturnValue:
    """First login: set up the authenticator app by QR code, then save recovery codes."""
    row = _pending()
    if row is None:
        return redirect(url_for("staff.login"))
    if row.user.totp_confirmed_at is not None:
        return redirect(url_for("staff.login_code"))
    user = row.user
    form, problem = CodeForm(), None
    if form.validate_on_submit():
        ctx = _as(user)
        if totp.use_code(ctx, user, form.code.data):
            user.totp_confirmed_at = ctx.now
            codes = accounts.new_recovery_codes(ctx.session, user)
            # The codes are shown once, on this response; then the page asked for.
            return _finish_login(
                user,
                "enrolled",
                show=lambda target: render_template(
                    "staff/recovery-codes.html", codes=codes, next_url=target
                ),
            )
        ended = _code_failed(row, "enrolment")
        if ended is not None:
            return ended
        problem = gettext(
            "That code is not right. Check that the app shows %(name)s, wait for a new code "
            "and enter it.",
            name=profile().name,
        )
    ctx = _as(user)
    uri = totp.provisioning_uri(ctx.cipher, user, ctx.profile.name)
    secret = totp.secret_of(ctx.cipher, user)
    return render_template(
        "staff/enrol.html",
        form=form,
        problem=problem,
        qr=totp.qr_svg(uri, gettext("QR code to scan with your authenticator app")),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    ), (200 if problem is None else 400)


@bp.route("/logout", methods=["POST"])
@login_step
def logout() -> ResponseReturnValue:
    """End the session for real (the row is revoked, not just the cookie dropped)."""
    row = sessions.current_session()
    if row is not None:
        ctx = _as(row.user)
        with unit_of_work(ctx.session):
            audit.log(ctx, "logout")
            sessions.end(row, ctx.now)
    return redirect(url_for("staff.login", logged_out="1"))


@bp.route("/session", methods=["GET"])
@staff_required(*EVERYONE)
@no_touch
def session_status() -> ResponseReturnValue:
    """Seconds until the session ends if idle (the warning script asks; it does not extend)."""
    row = sessions.current_session()
    assert row is not None
    left = sessions.idle_ends_at(row) - clock.now()
    return jsonify(seconds_left=max(0, int(left.total_seconds())))


@bp.route("/session/extend", methods=["POST"])
@staff_required(*EVERYONE)
def extend_session() -> ResponseReturnValue:
    """Stay logged in: the request itself counted as activity."""
    if request.accept_mimetypes.best == "application/json":
        return session_status()
    return redirect(safe_next(request.form.get("next"), _home()))


@bp.route("/account", methods=["GET"])
@staff_required(*EVERYONE)
def account() -> ResponseReturnValue:
    user = current()
    return render_template(
        "staff/account.html",
        user=user,
        alerts=user.role in CASEWORKERS,
        alert_browsers=subscriptions.count_of_staff(db.session(), user),
        push_key=vapid.public_key_of(current_app.config["VAPID_PRIVATE_KEY"]),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@staff_required(*EVERYONE)
def change_password() -> ResponseReturnValue:
    """Choose a password (required at first login)."""
    user = current()
    form = NewPasswordForm(context=[user.email, user.name, profile().name, "indgang"])
    if form.validate_on_submit():
        if not passwords.verify(user.password_hash, form.current.data):
            form.current.errors = [gettext("The current password is wrong. Type it again.")]
        else:
            ctx = web.context()
            with unit_of_work(ctx.session):
                accounts.change_password(ctx.session, user, form.password.data, ctx.now)
                sessions.start(ctx.session, user, stage="full", now=ctx.now)
                audit.log(ctx, "account_changed", detail="own password")
            return redirect(url_for("staff.account", changed="1"))
    status = 400 if form.errors else 200
    return render_template(
        "staff/password.html", form=form, forced=user.must_change_password
    ), status


@bp.route("/account/recovery-codes", methods=["POST"])
@staff_required(*EVERYONE)
def new_recovery_codes() -> ResponseReturnValue:
    """New recovery codes (the old ones stop working), shown once."""
    codes = web.run(accounts.renew_recovery_codes)
    return render_template(
        "staff/recovery-codes.html", codes=codes, next_url=url_for("staff.account")
    )
