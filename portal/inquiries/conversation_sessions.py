"""A conversation open on one device: a ``ConversationSession`` row per visit that opened it.

The visit (portal.visits) holds the row's id, nothing more; the row says which
conversation, when it was last used, and whether staff ended it. Every request on the
conversation asks here, so closing on one device, the end of the visit (quick exit, or
idle) and staff making new words take effect at that device's next request, on every
device, whatever its browser still shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.inquiries.models import ConversationSession, new_id


@dataclass(frozen=True)
class EndedByStaff:
    """Staff made new words: the conversation is closed on this device, and that is why."""


def start(ctx: Context, conversation_id: str, visit_id: str) -> str:
    """Open the conversation on this device (the visit) now; returns the session's id."""
    row = ConversationSession(
        id=new_id(),
        conversation_id=conversation_id,
        visit_id=visit_id,
        opened_at=ctx.now,
        last_seen_at=ctx.now,
    )
    ctx.session.add(row)
    return row.id


def held(
    ctx: Context, session_id: str, visit_id: str, idle: timedelta
) -> ConversationSession | EndedByStaff | None:
    """The session this visit holds, if it is still open; EndedByStaff if staff ended it;
    None if it was closed, or went idle (then it is deleted now)."""
    s, now = ctx.session, ctx.now
    row = s.get(ConversationSession, session_id)
    if row is None or row.visit_id != visit_id:
        return None
    if row.ended_at is not None:
        return EndedByStaff()
    if now - row.last_seen_at > idle:
        s.delete(row)
        return None
    return row


def touch(row: ConversationSession, now: datetime) -> None:
    """The conversation was used: it stays open for another idle period."""
    row.last_seen_at = now


def close(ctx: Context, session_id: str, visit_id: str) -> None:
    """Close the conversation on this device (only the visit's own session)."""
    ctx.session.execute(
        delete(ConversationSession).where(
            ConversationSession.id == session_id, ConversationSession.visit_id == visit_id
        )
    )


def end_all(s: Session, conversation_id: str, now: datetime) -> int:
    """End the conversation on every device that has it open; how many there were. The
    rows stay until their visit ends, so each device is told why at its next request."""
    result = s.execute(
        update(ConversationSession)
        .where(
            ConversationSession.conversation_id == conversation_id,
            ConversationSession.ended_at.is_(None),
        )
        .values(ended_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def end_visit(s: Session, visit_id: str) -> None:
    """The visit ended (quick exit, or idle): every conversation it had open closes."""
    s.execute(delete(ConversationSession).where(ConversationSession.visit_id == visit_id))
