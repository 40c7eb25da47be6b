"""The login throttle's counts, per e-mail address (see portal.staff.throttle, which adds
the device cookie and the request): failures counted in the database, the wait that
follows, forgotten after a day without failures or at a login. The address is kept only as
a hash keyed with ``secret`` (the app's SECRET_KEY). A browser the account has logged in
from before is ``trusted``: its failures do not count, and it does not wait."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.staff.models import LoginThrottle, StaffUser

FREE_FAILURES = 5
MAX_WAIT = timedelta(minutes=15)
# An address with no failure for this long (and no wait running) starts again from zero.
FORGET_AFTER = timedelta(days=1)


def key(secret: str, email: str) -> str:
    """The address as the throttle keeps it: a keyed hash, never the address itself."""
    address = email.strip().lower()
    return hmac.new(secret.encode(), f"staff-login:{address}".encode(), hashlib.sha256).hexdigest()


def wait_left(
    s: Session, secret: str, email: str, now: datetime, *, trusted: bool
) -> timedelta | None:
    """How long a browser must wait before trying ``email`` again (the same whether an
    account has it or not)."""
    if trusted:
        return None
    row = s.get(LoginThrottle, key(secret, email))
    if row is None or row.blocked_until is None:
        return None
    left = row.blocked_until - now
    return left if left > timedelta(0) else None


def failed(s: Session, secret: str, email: str, now: datetime, *, trusted: bool) -> None:
    """Count a wrong password or code for ``email``, unless the browser is ``trusted``."""
    if trusted:
        return
    hashed = key(secret, email)
    s.execute(
        delete(LoginThrottle)
        .where(
            LoginThrottle.last_failed_at < now - FORGET_AFTER,
            or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < now),
        )
        .execution_options(synchronize_session=False)
    )
    failures = _count(s, hashed, now)
    over = failures - FREE_FAILURES
    if over >= 0:
        s.execute(
            update(LoginThrottle)
            .where(LoginThrottle.key == hashed)
            .values(blocked_until=now + min(timedelta(minutes=2**over), MAX_WAIT))
            .execution_options(synchronize_session=False)
        )


def _count(s: Session, hashed: str, now: datetime) -> int:
    """One more failure for ``key`` (counted in the database, so that two requests at once
    both count); how many there are now."""
    for _ in range(2):
        counted = s.scalar(
            update(LoginThrottle)
            .where(LoginThrottle.key == hashed)
            .values(failures=LoginThrottle.failures + 1, last_failed_at=now)
            .returning(LoginThrottle.failures)
            .execution_options(synchronize_session=False)
        )
        if counted is not None:
            return counted
        try:
            with s.begin_nested():
                s.execute(insert(LoginThrottle).values(key=hashed, failures=1, last_failed_at=now))
        except IntegrityError:
            continue  # another request counted the first one: count on top of it
        return 1
    raise RuntimeError("the login throttle row neither updates nor inserts")  # pragma: no cover


def succeeded(s: Session, secret: str, user: StaffUser) -> None:
    """Logged in: the account's failures are forgotten."""
    s.execute(
        delete(LoginThrottle)
        .where(LoginThrottle.key == key(secret, user.email))
        .execution_options(synchronize_session=False)
    )
