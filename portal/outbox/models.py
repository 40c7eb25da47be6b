"""The outbox: one row per thing to deliver (an email, a push, later a case-system record)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.database import Base, UTCDateTime

PENDING, DONE, DEAD = "pending", "done", "dead"


class OutboxEvent(Base):
    """Something to deliver, written in the same transaction as the change that caused it.

    ``key`` is the idempotency key: the same event is queued once, whatever retries the
    caller makes. A worker claims a row by setting ``claimed_by``/``claimed_until`` (a
    lease); a worker that dies leaves a lease that runs out, and another worker takes over.
    """

    __tablename__ = "outbox_event"
    __table_args__ = (Index("ix_outbox_event_due", "state", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(160), unique=True)
    inquiry_id: Mapped[str | None] = mapped_column(ForeignKey("inquiry.id"), index=True)
    payload: Mapped[str] = mapped_column(Text)  # sealed JSON
    state: Mapped[str] = mapped_column(String(12), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the last attempt failed, in words without personal data (shown to staff).
    last_error: Mapped[str | None] = mapped_column(String(300))
