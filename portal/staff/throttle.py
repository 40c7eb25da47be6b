"""Slowing password and code guessing without letting anyone lock a colleague out, nor
learn which e-mail addresses have an account.

Three brakes (OWASP's "device cookie" pattern):
- per IP: every step of logging in shares one rate limit (STAFF_LOGIN_RATE_LIMIT,
  Flask-Limiter);
- per e-mail address, for browsers that have never logged in to it: after 5 failures,
  each further try waits 1, 2, 4 ... minutes, at most 15. Counted for every address
  typed, whether an account has it or not, so the answers (and the time they take) are
  the same for both; the address is kept only as a keyed hash, and forgotten after a day
  without failures;
- a browser the account has logged in from before carries a signed device cookie and is
  not slowed by an attacker's failures elsewhere.
A pending session also allows only 5 wrong codes before the password is asked again.
The counts are portal.staff.login_throttle (core); here, the request's side of it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from portal.security.sessions import read_cookie, set_cookie
from portal.staff import login_throttle
from portal.staff.login_throttle import FORGET_AFTER as FORGET_AFTER
from portal.staff.login_throttle import FREE_FAILURES as FREE_FAILURES
from portal.staff.login_throttle import MAX_WAIT as MAX_WAIT
from portal.staff.models import StaffUser

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


def _secret() -> str:
    secret: str = current_app.config["SECRET_KEY"]
    return secret


def _trusted(user: StaffUser | None) -> bool:
    return user is not None and trusted_device(user)


def wait_left(s: Session, email: str, user: StaffUser | None, now: datetime) -> timedelta | None:
    """How long this browser must wait before trying ``email`` again (``user`` is its
    account, or None: the wait is the same)."""
    return login_throttle.wait_left(s, _secret(), email, now, trusted=_trusted(user))


def failed(s: Session, email: str, user: StaffUser | None, now: datetime) -> None:
    """Count a wrong password or code for ``email``; a browser its account has logged in
    from before does not count against it."""
    login_throttle.failed(s, _secret(), email, now, trusted=_trusted(user))


def succeeded(s: Session, user: StaffUser) -> None:
    """Logged in: the account's failures are forgotten."""
    login_throttle.succeeded(s, _secret(), user)
