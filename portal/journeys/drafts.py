"""Answers of a journey in progress, kept server-side (sealed), one draft per visit and
journey. Ending the visit (quick exit, or idle too long) deletes them."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import delete, select

from portal import clock, db
from portal.inquiries.models import Draft
from portal.instances import open_json, seal_json
from portal.visits import store


def _row(journey: str) -> Draft | None:
    visit = store.current()
    if visit.token is None:
        return None
    return db.session().scalar(
        select(Draft).where(Draft.visit_id == visit.visit_id, Draft.journey == journey)
    )


def load(journey: str) -> dict[str, Any]:
    """The answers given so far (empty if none, or if the visit has ended)."""
    row = _row(journey)
    if row is None:
        return {}
    answers: dict[str, Any] = open_json(row.data, table="draft", column="data", row_id=row.id)
    return answers


def save(journey: str, answers: dict[str, Any]) -> None:
    """Store the answers (a new draft on the first step); the caller's unit of work commits."""
    s = db.session()
    row = _row(journey)
    if row is None:
        row = Draft(
            id=secrets.token_urlsafe(32), journey=journey, visit_id=store.current().visit_id
        )
        s.add(row)
    row.data = seal_json(answers, table="draft", column="data", row_id=row.id)
    row.updated_at = clock.now()


def discard(journey: str) -> None:
    """Forget the draft (after submission); the caller commits."""
    row = _row(journey)
    if row is not None:
        db.session().delete(row)


def discard_all() -> None:
    """Forget every draft of this visit (quick exit); the caller commits."""
    visit = store.current()
    if visit.token is not None:
        db.session().execute(delete(Draft).where(Draft.visit_id == visit.visit_id))
