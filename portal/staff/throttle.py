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
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from portal.security.sessions import read_cookie, set_cookie
from portal.staff.models import LoginThrottle, StaffUser

FREE_FAILURES = 5
MAX_WAIT = timedelta(minutes=15)
CODE_FAILURES_PER_SESSION = 5
DEVICE_COOKIE = "indgang_staff_device"
DEVICE_DAYS = 180
# An address with no failure for this long (and no wait running) starts again from zero.
FORGET_AFTER = timedelta(days=1)


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


def _key(email: str) -> str:
    """The address as the throttle keeps it: a keyed hash, never the address itself."""
    secret = current_app.config["SECRET_KEY"].encode()
    address = email.strip().lower()
    return hmac.new(secret, f"staff-login:{address}".encode(), hashlib.sha256).hexdigest()


def _trusted(user: StaffUser | None) -> bool:
    return user is not None and trusted_device(user)


def wait_left(s: Session, email: str, user: StaffUser | None, now: datetime) -> timedelta | None:
    """How long this browser must wait before trying ``email`` again (``user`` is its
    account, or None: the wait is the same)."""
    if _trusted(user):
        return None
    row = s.get(LoginThrottle, _key(email))
    if row is None or row.blocked_until is None:
        return None
    left = row.blocked_until - now
    return left if left > timedelta(0) else None


def failed(s: Session, email: str, user: StaffUser | None, now: datetime) -> None:
    """Count a wrong password or code for ``email``; a browser its account has logged in
    from before does not count against it."""
    if _trusted(user):
        return
    key = _key(email)
    s.execute(
        delete(LoginThrottle)
        .where(
            LoginThrottle.last_failed_at < now - FORGET_AFTER,
            or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < now),
        )
        .execution_options(synchronize_session=False)
    )
    failures = _count(s, key, now)
    over = failures - FREE_FAILURES
    if over >= 0:
        s.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == key)
            .values(blocked_until=now + min(timedelta(minutes=2**over), MAX_WAIT))
            .execution_options(synchronize_session=False)
        )


def _count(s: Session, key: str, now: datetime) -> int:
    """One more failure for ``key`` (counted in the database, so that two requests at once
    both count); how many there are now."""
    for _ in range(2):
        counted = s.scalar(
            update(LoginThrottle)
            .where(LoginThrottle.key == key)
            .values(failures=LoginThrottle.failures + 1, last_failed_at=now)
            .returning(LoginThrottle.failures)
            .execution_options(synchronize_session=False)
        )
        if counted is not None:
            return counted
        try:
            with s.begin_nested():
                s.execute(insert(LoginThrottle).values(key=key, failures=1, last_failed_at=now))
        except IntegrityError:
            continue  # another request counted the first one: count on top of it
        return 1
    raise RuntimeError("the login throttle row neither updates nor inserts")  # pragma: no cover


def succeeded(s: Session, user: StaffUser) -> None:
    """Logged in: the account's failures are forgotten."""
    s.execute(
        delete(LoginThrottle)
        .where(LoginThrottle.key == _key(user.email))
        .execution_options(synchronize_session=False)
    )
