"""Answers of a journey in progress, kept server-side (sealed) and found through the session."""

from __future__ import annotations

import secrets
from typing import Any

from flask import session

from portal import clock, db
from portal.inquiries.models import Draft
from portal.security.crypto import open_json, seal_json

SESSION_KEY = "drafts"


def _draft_id(journey: str) -> str | None:
    found: str | None = session.get(SESSION_KEY, {}).get(journey)
    return found


def load(journey: str) -> dict[str, Any]:
    """The answers given so far (empty if none, or if the visit's draft is gone)."""
    draft_id = _draft_id(journey)
    row = db.session().get(Draft, draft_id) if draft_id else None
    if row is None or row.journey != journey:
        return {}
    answers: dict[str, Any] = open_json(row.data, table="draft", column="data", row_id=row.id)
    return answers


def save(journey: str, answers: dict[str, Any]) -> None:
    """Store the answers (a new draft on the first step)."""
    s = db.session()
    draft_id = _draft_id(journey)
    row = s.get(Draft, draft_id) if draft_id else None
    if row is None or row.journey != journey:
        row = Draft(id=secrets.token_urlsafe(32), journey=journey)
        s.add(row)
    row.data = seal_json(answers, table="draft", column="data", row_id=row.id)
    row.updated_at = clock.now()
    s.commit()
    drafts = dict(session.get(SESSION_KEY, {}))
    drafts[journey] = row.id
    session[SESSION_KEY] = drafts


def discard(journey: str) -> None:
    """Forget the draft (after submission); the caller commits."""
    draft_id = _draft_id(journey)
    if draft_id and (row := db.session().get(Draft, draft_id)) is not None:
        db.session().delete(row)
    drafts = dict(session.get(SESSION_KEY, {}))
    drafts.pop(journey, None)
    session[SESSION_KEY] = drafts


def discard_all() -> None:
    """Forget every draft of this visit (quick exit); the caller commits."""
    for journey in list(session.get(SESSION_KEY, {})):
        discard(journey)
