"""Every change the case system must know about queues a record in the same transaction.

Session events, so that no use case can forget: what a flush wrote (a new inquiry,
message, participation record, consent, casework step, participation note or decision, or
a participation record or a consent that changed) is noted, and just before the commit
each becomes a record in the outbox. A rollback forgets the notes with the rest.

Nothing happens on import: the app factory installs the feed on its sessions
(``install(maker, feed)``), with what it needs of the app read once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from portal.apply.models import Consent
from portal.casesystem import records
from portal.casesystem.adapters import CHANNEL
from portal.casesystem.clients import PULL
from portal.casesystem.record_types import (
    Assessed,
    CaseRecord,
    Converted,
    StatusDetails,
    Triaged,
)
from portal.casework import hearing
from portal.casework.models import (
    Assessment,
    ChildFeedback,
    Conversion,
    ParticipationNote,
    Triage,
)
from portal.core.context import Context
from portal.inquiries.models import Inquiry, Message, ParticipationRecord
from portal.inquiries.questions import Questionnaires
from portal.outbox.queue import enqueue

if TYPE_CHECKING:
    from portal.municipality import Profile
    from portal.security.crypto import FieldCipher

NOTES = "casesystem_changes"
TRACKED = (
    Inquiry,
    Message,
    ParticipationRecord,
    Consent,
    Assessment,
    Triage,
    ChildFeedback,
    Conversion,
    ParticipationNote,
)
# Rows whose change is a new version of their record (a consent withdrawn, a child heard).
VERSIONED = (ParticipationRecord, Consent)


@dataclass(frozen=True)
class Feed:
    """What the feed takes from its app: the settings (read when a session commits, so a
    changed CASE_SYSTEM_ADAPTER counts), the cipher, the profile, the clock and each kind's
    questions."""

    settings: Mapping[str, Any]
    cipher: FieldCipher
    profile: Profile
    clock: Callable[[], datetime]
    asked: Questionnaires

    def channel(self) -> str:
        """Records wait for a worker, or with the pull API, for the case system to fetch
        them."""
        return PULL if self.settings["CASE_SYSTEM_ADAPTER"] == "pull" else CHANNEL

    def enabled(self) -> bool:
        return bool(self.settings["CASE_SYSTEM_ADAPTER"] != "none")

    def note(self, session: Session, _context: Any) -> None:
        if not self.enabled():
            return
        notes: dict[tuple[str, str], Any] = session.info.setdefault(NOTES, {})
        for obj in session.new:
            if isinstance(obj, TRACKED):
                notes[(type(obj).__name__, obj.id)] = obj
        for obj in session.dirty:
            if isinstance(obj, VERSIONED) and session.is_modified(obj):
                notes[(type(obj).__name__, obj.id)] = obj

    def queue(self, session: Session) -> None:
        if not self.enabled():
            return
        session.flush()
        notes = session.info.pop(NOTES, {})
        ctx = Context(
            session=session,
            now=self.clock(),
            cipher=self.cipher,
            profile=self.profile,
            settings=self.settings,
        )
        for obj in notes.values():
            for record in _records_of(session, obj, ctx.now, self):
                envelope = record.envelope
                enqueue(
                    ctx,
                    channel=self.channel(),
                    key=f"{CHANNEL}:{envelope.record_type}:{envelope.record_id}",
                    payload=record,
                    inquiry_id=envelope.inquiry_id,
                )
        session.info.pop(NOTES, None)  # the outbox rows just flushed are not records


def _forget(session: Session) -> None:
    session.info.pop(NOTES, None)


def install(maker: sessionmaker[Session], feed: Feed) -> None:
    """Feed the case system from every session ``maker`` makes (the app factory calls it)."""
    event.listen(maker, "after_flush", feed.note)
    event.listen(maker, "after_rollback", _forget)
    event.listen(maker, "before_commit", feed.queue)


def _records_of(s: Session, obj: Any, now: datetime, feed: Feed) -> list[CaseRecord]:
    municipality, cipher = feed.profile.name, feed.cipher
    if isinstance(obj, Inquiry):
        return [
            records.inquiry_record(obj, municipality=municipality, cipher=cipher, asked=feed.asked)
        ]
    if isinstance(obj, Message):
        return [records.message_record(obj, municipality=municipality, cipher=cipher)]
    if isinstance(obj, ParticipationRecord):
        return [records.participation_record(obj, at=now, municipality=municipality, cipher=cipher)]
    if isinstance(obj, Consent):
        return [
            records.consent_record(
                obj, at=now, municipality=municipality, cipher=cipher, asked=feed.asked
            )
        ]
    inquiry = s.get(Inquiry, obj.inquiry_id)
    assert inquiry is not None
    if isinstance(obj, ParticipationNote):
        return [records.note_record(obj, inquiry=inquiry, municipality=municipality, cipher=cipher)]
    if isinstance(obj, ChildFeedback):
        # A decision with its feedback; what it rested on: the views before it.
        views = hearing.since_last_decision(s, inquiry, until=obj.at)
        return [
            records.decision_record(
                obj, inquiry=inquiry, views=views, municipality=municipality, cipher=cipher
            )
        ]
    details: StatusDetails
    if isinstance(obj, Assessment):
        details = Assessed(acute=obj.acute, outcome=obj.outcome)
    elif isinstance(obj, Conversion):
        details = Converted(
            from_kind=obj.from_kind,
            to_kind=obj.to_kind,
            assess_by=inquiry.assess_by.isoformat() if inquiry.assess_by else None,
        )
    else:
        details = Triaged(
            route=obj.route,
            measure=obj.measure,
            assigned_to=obj.assigned_to.name if obj.assigned_to else None,
        )
    return [
        records.status_record(
            inquiry, details, record_id=obj.id, by=obj.user, at=obj.at, municipality=municipality
        )
    ]
