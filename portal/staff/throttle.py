"""Slowing password and code guessing without letting anyone lock a colleague out.

Three brakes (OWASP's "device cookie" pattern):
- per IP: the login forms are rate-limited (STAFF_LOGIN_RATE_LIMIT, Flask-Limiter);
- per account, for browsers the account has never logged in from: after 5 failures,
  each further try waits 1, 2, 4 ... minutes, at most 15;
- a browser the account has logged in from before carries a signed device cookie and is
  not slowed by an attacker's failures elsewhere.
A pending session also allows only 5 wrong codes before the password is asked again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from portal.security.sessions import read_cookie, set_cookie
from portal.staff.models import StaffUser

FREE_FAILURES = 5
MAX_WAIT = timedelta(minutes=15)
CODE_FAILURES_PER_SESSION = 5
DEVICE_COOKIE = "indgang_staff_device"
DEVICE_DAYS = 180


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="staff-device")


def _device_accounts() -> list[str]:
    """The accounts this browser has logged in as (a valid, signed device cookie)."""
    raw = read_cookie(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        found = _serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return []
    return [i for i in found if isinstance(i, str)] if isinstance(found, list) else []


def trusted_device(user: StaffUser) -> bool:
    """The browser has logged in as ``user`` before."""
    return user.id in _device_accounts()


def remember_device(response: Response, user: StaffUser) -> None:
    """Mark this browser as one ``user`` logs in from (several accounts may share it)."""
    ids = [*[i for i in _device_accounts() if i != user.id], user.id][-5:]
    set_cookie(
        response,
        DEVICE_COOKIE,
        _serializer().dumps(ids),
        samesite="Strict",
        max_age=DEVICE_DAYS * 86400,
    )


def wait_left(user: StaffUser, now: datetime) -> timedelta | None:
    """How long an untrusted browser must wait before trying this account again."""
    if trusted_device(user) or user.untrusted_blocked_until is None:
        return None
    left = user.untrusted_blocked_until - now
    return left if left > timedelta(0) else None


def failed(user: StaffUser, now: datetime) -> None:
    """Count a wrong password or code; trusted browsers do not count against the account."""
    if trusted_device(user):
        return
    user.untrusted_failures += 1
    over = user.untrusted_failures - FREE_FAILURES
    if over >= 0:
        user.untrusted_blocked_until = now + min(timedelta(minutes=2**over), MAX_WAIT)


def succeeded(user: StaffUser) -> None:
    user.untrusted_failures = 0
    user.untrusted_blocked_until = None
