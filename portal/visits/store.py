"""Flask's session, kept on the server: the cookie carries a random token and nothing else.

The session dict is sealed (AES-GCM, bound to the row) in one ``visitor_session`` row found
by the token's sha256. Every request with the cookie slides the expiry (written at most once
a minute unless something changed); a visit idle for SESSION_LIFETIME_SECONDS has ended:
its row, its drafts and the conversation it had open (its conversation session) are
deleted the next time anyone asks for it, or by the retention run. Under HTTPS the cookie
is ``__Host-indgang_session`` (portal/security/sessions.py). If the database does not
answer, the request goes on with an empty session that is not saved, so quick exit and the
error pages still work.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, current_app, session
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.datastructures import CallbackDict
from werkzeug.wrappers import Response

from portal import clock, db
from portal.core.uow import unit_of_work
from portal.inquiries import conversation_sessions
from portal.inquiries.models import Draft
from portal.instances import open_json, seal_json
from portal.security.sessions import cookie_name, delete_cookie, set_cookie
from portal.visits.models import VisitorSession

log = logging.getLogger(__name__)

# Sliding the expiry is written at most this often when nothing else changed.
TOUCH_EVERY = timedelta(seconds=60)
MAX_TOKEN = 100


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class VisitSession(CallbackDict[str, Any], SessionMixin):
    """The session of one request: its data, and what the store knows about the visit."""

    def __init__(
        self,
        initial: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        seen_at: datetime | None = None,
        ended: bool = False,
        unavailable: bool = False,
    ) -> None:
        def changed(_self: VisitSession) -> None:
            self.modified = True

        super().__init__(initial, changed)
        self.token = token
        self.seen_at = seen_at
        # The visitor's cookie named a visit that has ended (or never was).
        self.ended = ended
        # The database did not answer: nothing is saved for this request.
        self.unavailable = unavailable
        self.modified = False
        self.end_now = False
        # A token made during this request (its cookie is set with the response).
        self.new_token = False

    @property
    def visit_id(self) -> str:
        """The id of this visit's row (made now, for a visit not yet stored)."""
        if self.token is None:
            self.token = secrets.token_urlsafe(32)
            self.modified = True
            self.new_token = True
        return _hash(self.token)


def _end(s: Session, visit_id: str) -> None:
    s.execute(delete(Draft).where(Draft.visit_id == visit_id))
    conversation_sessions.end_visit(s, visit_id)
    s.execute(delete(VisitorSession).where(VisitorSession.id == visit_id))


def lifetime() -> timedelta:
    """How long a visit lasts without activity (SESSION_LIFETIME_SECONDS)."""
    return current_app.permanent_session_lifetime


class VisitSessionInterface(SessionInterface):
    """Flask's session interface over the ``visitor_session`` table."""

    def open_session(self, app: Flask, request: Request) -> VisitSession:
        token = request.cookies.get(cookie_name(app.config["SESSION_COOKIE_NAME"]))
        if not token:
            return VisitSession()
        if len(token) > MAX_TOKEN or not token.isascii():
            return VisitSession(ended=True)
        now = clock.now()
        try:
            with db.new_session() as s:
                row = s.get(VisitorSession, _hash(token))
                if row is None:
                    return VisitSession(ended=True)
                if row.expires_at <= now:
                    with unit_of_work(s):
                        _end(s, row.id)
                    return VisitSession(ended=True)
                data = open_json(row.data, table="visitor_session", column="data", row_id=row.id)
                return VisitSession(data, token=token, seen_at=row.last_seen_at)
        except SQLAlchemyError:
            log.exception("the visitor's session could not be read")
            return VisitSession(unavailable=True)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, VisitSession)
        name = app.config["SESSION_COOKIE_NAME"]
        if session.unavailable:
            return
        if session.end_now:
            if session.token:
                self._remove(session.token)
            self._forget(response, name)
            return
        if not session and session.token is None:
            if session.ended:
                self._forget(response, name)
            return
        now = clock.now()
        stale = session.seen_at is None or now - session.seen_at >= TOUCH_EVERY
        if not (session.modified or stale):
            return
        # New: no token yet, or one made during the request (a draft saved on a first visit).
        new = session.token is None or session.new_token
        visit_id = session.visit_id
        try:
            with db.new_session() as s, unit_of_work(s):
                row = s.get(VisitorSession, visit_id)
                if row is None:
                    row = VisitorSession(id=visit_id, created_at=now)
                    s.add(row)
                row.data = seal_json(
                    dict(session), table="visitor_session", column="data", row_id=visit_id
                )
                row.last_seen_at = now
                row.expires_at = now + lifetime()
        except SQLAlchemyError:
            log.exception("the visitor's session could not be saved")
            return
        if new or session.ended:
            set_cookie(
                response, name, session.token or "", samesite=app.config["SESSION_COOKIE_SAMESITE"]
            )

    def _forget(self, response: Response, name: str) -> None:
        delete_cookie(response, name)

    def _remove(self, token: str) -> None:
        try:
            with db.new_session() as s, unit_of_work(s):
                _end(s, _hash(token))
        except SQLAlchemyError:
            log.exception("the visitor's session could not be deleted")


def current() -> VisitSession:
    """The visitor session of this request."""
    assert isinstance(session, VisitSession), "the visit store is not installed"
    return session


def end() -> None:
    """End this visit now (quick exit): its row and drafts go when the response is sent."""
    visit = current()
    visit.clear()
    visit.end_now = True


def expires_at(now: datetime) -> datetime:
    """When this visit ends if the visitor does nothing more after this request."""
    return now + lifetime()


def init_app(app: Flask) -> None:
    """Install the store as Flask's session interface."""
    app.session_interface = VisitSessionInterface()
