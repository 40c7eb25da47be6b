"""Server-side staff sessions: the cookie holds a random token, the database its hash.

A new token at each step of logging in (no fixation), 30 minutes idle and 10 hours at most
(both configurable), really ended at logout, and ended at once for a disabled account.
The cookie is separate from the visitor's session cookie, SameSite=Strict, and like every
cookie of the portal a ``__Host-`` cookie under HTTPS (portal/security/sessions.py).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Flask, Response, current_app, g, request
from sqlalchemy.orm import Session

from portal import clock, db
from portal.security.sessions import delete_cookie, read_cookie, set_cookie
from portal.staff.models import StaffSession, StaffUser

COOKIE = "indgang_staff"
# Between the password and the code (or enrolment): a short window.
PENDING = timedelta(minutes=10)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(seconds=current_app.config["STAFF_IDLE_SECONDS"])


def absolute_limit() -> timedelta:
    return timedelta(seconds=current_app.config["STAFF_SESSION_SECONDS"])


def client_ip() -> str:
    return (request.remote_addr or "unknown")[:64]


def start(s: Session, user: StaffUser, *, stage: str, now: datetime) -> StaffSession:
    """End the browser's current staff session (if any) and start a new one with a new token."""
    old = current_session()
    if old is not None:
        old.revoked_at = now
    token = secrets.token_urlsafe(32)
    row = StaffSession(
        id=_hash(token),
        user=user,
        stage=stage,
        created_at=now,
        last_seen_at=now,
        expires_at=now + (PENDING if stage == "password" else absolute_limit()),
        code_failures=0,
        ip=client_ip(),
    )
    s.add(row)
    g.staff_session, g.staff_cookie = row, token
    return row


def end(row: StaffSession, now: datetime) -> None:
    """End a session; the browser's cookie is cleared too."""
    row.revoked_at = now
    g.staff_session, g.staff_cookie = None, ""


def _alive(row: StaffSession, now: datetime) -> bool:
    if row.revoked_at is not None or now >= row.expires_at or not row.user.active:
        return False
    return row.stage != "full" or now - row.last_seen_at < idle_limit()


def current_session() -> StaffSession | None:
    """This request's live staff session (any stage), or None."""
    if "staff_session" in g:
        found: StaffSession | None = g.staff_session
        return found
    token = read_cookie(COOKIE)
    row = db.session().get(StaffSession, _hash(token)) if token else None
    if row is not None and not _alive(row, clock.now()):
        row = None
    g.staff_session = row
    return row


# How long after a login ended its text may still be kept for the same person.
KEEP_TEXT_AFTER = timedelta(hours=24)


def ended_session() -> StaffSession | None:
    """This browser's logged-in session that has ended (idle, time limit or logout) not long
    ago, for an active account: whose text a late press of send may keep. None otherwise."""
    token = read_cookie(COOKIE)
    row = db.session().get(StaffSession, _hash(token)) if token else None
    if row is None or row.stage != "full" or not row.user.active:
        return None
    ended_at = row.revoked_at or min(row.expires_at, row.last_seen_at + idle_limit())
    now = clock.now()
    if ended_at > now or now - ended_at > KEEP_TEXT_AFTER:
        return None
    return row


def current_user() -> StaffUser | None:
    """The logged-in member of staff (TOTP passed), or None."""
    row = current_session()
    return row.user if row is not None and row.stage == "full" else None


def idle_ends_at(row: StaffSession) -> datetime:
    """When the session ends if nothing more is done."""
    return min(row.last_seen_at + idle_limit(), row.expires_at)


def touch(row: StaffSession, now: datetime) -> None:
    """Count a request as activity: the idle clock starts again."""
    row.last_seen_at = now


def _write_cookie(response: Response) -> Response:
    token = g.pop("staff_cookie", None)
    if token is None:
        return response
    if token == "":
        delete_cookie(response, COOKIE, samesite="Strict")
        return response
    set_cookie(response, COOKIE, token, samesite="Strict")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_write_cookie)
