"""What reaches the municipality: inquiries, participation records, conversations, drafts.

Every free-text value is sealed (AES-GCM, bound to table, column and row id); rows use
random ids so a value can be sealed before the row is written.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, literal
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.database import Base, UTCDateTime
from portal.core.database import new_id as new_id  # where the models have always had it

if TYPE_CHECKING:
    from portal.staff.models import StaffUser


class Inquiry(Base):
    """One contact: an ask for help, an application, a report of concern or a consultation."""

    __tablename__ = "inquiry"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    status: Mapped[str] = mapped_column(String(24), default="new", index=True)
    district_slug: Mapped[str | None] = mapped_column(ForeignKey("district.slug"), index=True)
    locale: Mapped[str] = mapped_column(String(5))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    wants_answer: Mapped[bool] = mapped_column(Boolean)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # Legal and promised clocks; which apply depends on the kind.
    assess_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    receipt_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answers: Mapped[str] = mapped_column(Text)  # sealed JSON
    # Casework, written by the staff workspace.
    # The child's case in the case system, when known: links records over time.
    case_code: Mapped[str | None] = mapped_column(String(40), index=True)
    assigned_to_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    receipt_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reporter_feedback_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reporter_feedback_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback_given_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The earliest open deadline (kept by portal.casework.clocks), for sorting by urgency
    # (indexed with received_at and id below, in the inbox's order).
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The oldest message from the child or family not yet answered, and the day the answer
    # is promised by (the profile's answer_promise); both empty when nothing waits.
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a message after closing last opened the case again.
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A possible safety case not yet assessed (portal/safety): since when. Such a case comes
    # before every other in the inbox, the longest-waiting first.
    safety_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Turned into a report of concern by staff: the kind it came in as, and when. The
    # answers stay as that journey wrote them.
    converted_from: Mapped[str | None] = mapped_column(String(24))
    converted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the retention run emptied what people wrote (portal/retention.py); the row,
    # its kind, district, status and clocks stay for the figures and the audit log.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A child's view asked for by an adviser's invitation (portal/invitations): the case it
    # was given for. The view is an inquiry of its own, in the adviser's inbox.
    case_id: Mapped[str | None] = mapped_column(ForeignKey("inquiry.id"), index=True)

    participation: Mapped[ParticipationRecord | None] = relationship(back_populates="inquiry")
    assigned_to: Mapped[StaffUser | None] = relationship()
    conversation: Mapped[Conversation | None] = relationship(back_populates="inquiry")
    case: Mapped[Inquiry | None] = relationship(remote_side=[id])

    @property
    def form_kind(self) -> str:
        """The kind of journey that wrote the answers (a converted inquiry keeps its own)."""
        return self.converted_from or self.kind


# The inbox's order, most urgent first (portal/casework/inbox.py): possible safety cases,
# the longest-waiting first; then the earliest open deadline; then the newest. The partial
# indexes hold open inquiries only, so the inbox reads no closed row however many years
# of them pile up (migrations 0006, 0007).
INBOX_ORDER = (
    Inquiry.safety_flagged_at,
    Inquiry.next_due_at,
    Inquiry.received_at.desc(),
    Inquiry.id,
)
OPEN_ONLY = Inquiry.status != literal("closed", literal_execute=True)
Index("ix_inquiry_due_order", *INBOX_ORDER)
Index(
    "ix_inquiry_open_due_order",
    *INBOX_ORDER,
    postgresql_where=OPEN_ONLY,
    sqlite_where=OPEN_ONLY,
)
Index(
    "ix_inquiry_open_kind_due_order",
    Inquiry.kind,
    *INBOX_ORDER,
    postgresql_where=OPEN_ONLY,
    sqlite_where=OPEN_ONLY,
)


class ParticipationRecord(Base):
    """How a child was heard (Lundy: Space, Voice, Audience, Influence), in their words."""

    __tablename__ = "participation_record"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), unique=True)
    age_band: Mapped[str | None] = mapped_column(String(8))
    format: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lundy: Mapped[str] = mapped_column(Text)  # sealed JSON: space, voice, audience, influence

    inquiry: Mapped[Inquiry] = relationship(back_populates="participation")


class Conversation(Base):
    """Messages between a child or family and the municipality, reached by passphrase
    (portal/inquiries/conversations.py)."""

    __tablename__ = "conversation"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), unique=True)
    # The keyed hash of all six words (portal.security.passphrases.passphrase_key): finds
    # the conversation in one indexed look-up. Empty for a conversation from before
    # migration 0009 until its words are next written; until then ``legacy_lookup`` (the
    # keyed hash of the first three words, as it was) finds it.
    passphrase_key: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    legacy_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    passphrase_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    inquiry: Mapped[Inquiry] = relationship(back_populates="conversation")
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.created_at"
    )


class RetiredPassphrase(Base):
    """Words a conversation had before staff made new ones: written again, they tell the
    child that the words were changed (and nothing else). Found like a conversation's own:
    by ``passphrase_key``, or, for words from before migration 0009, by ``legacy_lookup``
    and the argon2 hash (both emptied once the words have been written again)."""

    __tablename__ = "retired_passphrase"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversation.id"), index=True)
    passphrase_key: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    legacy_lookup: Mapped[str | None] = mapped_column(String(64), index=True)
    passphrase_hash: Mapped[str | None] = mapped_column(String(200))
    retired_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConversationSession(Base):
    """A conversation open on one device: one visit (portal.visits) holds its id. Closing
    deletes it, and so does the end of the visit (quick exit, or idle); staff changing the
    words ends every one of the conversation (``ended_at``), and the device is told why at
    its next request."""

    __tablename__ = "conversation_session"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversation.id"), index=True)
    # The visit's row id (portal.visits.store): the sha256 of the visitor's cookie token.
    visit_id: Mapped[str] = mapped_column(String(64), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    conversation: Mapped[Conversation] = relationship()


# What a message is (Message.kind).
MESSAGE = "message"
OUTCOME = "outcome"


class Message(Base):
    """One message; plain text, sealed."""

    __tablename__ = "message"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversation.id"), index=True)
    author: Mapped[str] = mapped_column(String(8))  # "visitor" or "staff"
    body: Mapped[str] = mapped_column(Text)  # sealed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # MESSAGE, or OUTCOME: staff's feedback that answers the child's case (what was
    # decided, and how the child's views counted), shown as that answer.
    kind: Mapped[str] = mapped_column(String(16), default="message", server_default="message")

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class AnswerWait(Base):
    """A child or family waiting for an answer: from their message (the oldest one not yet
    answered) until staff answered; the day it was promised by. Times only: these rows
    stay when the retention run empties the inquiry, for the figures."""

    __tablename__ = "answer_wait"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    since: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The message came after the case was closed (and opened it again).
    after_closing: Mapped[bool] = mapped_column(Boolean, default=False)

    inquiry: Mapped[Inquiry] = relationship()


class Draft(Base):
    """Answers of a journey in progress, kept server-side so nothing typed is lost."""

    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(
        String(64), primary_key=True, default=lambda: secrets.token_urlsafe(32)
    )
    journey: Mapped[str] = mapped_column(String(40))
    # The visit it belongs to (portal.visits): ending the visit deletes it.
    visit_id: Mapped[str | None] = mapped_column(String(64), index=True)
    data: Mapped[str] = mapped_column(Text)  # sealed JSON
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
