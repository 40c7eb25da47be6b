"""Every change the case system must know about queues a record in the same transaction.

Session events, so that no use case can forget: what a flush wrote (a new inquiry,
message, participation record or casework step, or a participation record that changed)
is noted, and just before the commit each becomes a record in the outbox. A rollback
forgets the notes with the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal import clock
from portal.casesystem import records
from portal.casesystem.adapters import CHANNEL
from portal.casesystem.clients import PULL
from portal.casesystem.record_types import (
    Assessed,
    CaseRecord,
    Converted,
    FeedbackGiven,
    StatusDetails,
    Triaged,
)
from portal.casework.models import Assessment, ChildFeedback, Conversion, Triage
from portal.inquiries.models import Inquiry, Message, ParticipationRecord
from portal.outbox.queue import enqueue

NOTES = "casesystem_changes"
TRACKED = (Inquiry, Message, ParticipationRecord, Assessment, Triage, ChildFeedback, Conversion)


def channel() -> str:
    """Records wait for a worker, or with the pull API, for the case system to fetch them."""
    return PULL if current_app.config["CASE_SYSTEM_ADAPTER"] == "pull" else CHANNEL


def enabled() -> bool:
    return has_app_context() and current_app.config["CASE_SYSTEM_ADAPTER"] != "none"


@event.listens_for(Session, "after_flush")
def _note(session: Session, _context: Any) -> None:
    if not enabled():
        return
    notes: dict[tuple[str, str], Any] = session.info.setdefault(NOTES, {})
    for obj in session.new:
        if isinstance(obj, TRACKED):
            notes[(type(obj).__name__, obj.id)] = obj
    for obj in session.dirty:
        if isinstance(obj, ParticipationRecord) and session.is_modified(obj):
            notes[(type(obj).__name__, obj.id)] = obj


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(NOTES, None)


@event.listens_for(Session, "before_commit")
def _queue(session: Session) -> None:
    if not enabled():
        return
    session.flush()
    notes = session.info.pop(NOTES, {})
    now = clock.now()
    for obj in notes.values():
        for record in _records_of(session, obj, now):
            envelope = record.envelope
            enqueue(
                session,
                channel=channel(),
                key=f"{CHANNEL}:{envelope.record_type}:{envelope.record_id}",
                payload=record,
                now=now,
                inquiry_id=envelope.inquiry_id,
            )
    session.info.pop(NOTES, None)  # the outbox rows just flushed are not records


def _records_of(s: Session, obj: Any, now: datetime) -> list[CaseRecord]:
    if isinstance(obj, Inquiry):
        return [records.inquiry_record(obj)]
    if isinstance(obj, Message):
        return [records.message_record(obj)]
    if isinstance(obj, ParticipationRecord):
        return [records.participation_record(obj, at=now)]
    inquiry = s.get(Inquiry, obj.inquiry_id)
    assert inquiry is not None
    details: StatusDetails
    if isinstance(obj, Assessment):
        details = Assessed(acute=obj.acute, outcome=obj.outcome)
    elif isinstance(obj, Conversion):
        details = Converted(
            from_kind=obj.from_kind,
            to_kind=obj.to_kind,
            assess_by=inquiry.assess_by.isoformat() if inquiry.assess_by else None,
        )
    elif isinstance(obj, Triage):
        details = Triaged(
            route=obj.route,
            measure=obj.measure,
            assigned_to=obj.assigned_to.name if obj.assigned_to else None,
        )
    else:
        details = FeedbackGiven()
    return [records.status_record(inquiry, details, record_id=obj.id, by=obj.user, at=obj.at)]
