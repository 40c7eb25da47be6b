"""Use cases that write inquiries: each runs in one transaction, and seals what people wrote."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.districts import District
from portal.inquiries import conversations
from portal.inquiries.lundy import Lundy
from portal.inquiries.models import (
    MESSAGE,
    Conversation,
    Inquiry,
    Message,
    ParticipationRecord,
    new_id,
)

if TYPE_CHECKING:
    from portal.security.crypto import FieldCipher

# Reference numbers people read aloud on the phone: no 0/O, 1/I/L, U.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """Like 'K7QM-4XRT'."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def district_of(s: Session, answers: dict[str, Any]) -> str | None:
    """The district chosen, if it is one we know; else None and reception triages."""
    chosen = answers.get("district")
    if not chosen or chosen == "unknown" or s.get(District, chosen) is None:
        return None
    return str(chosen)


def create_inquiry(
    ctx: Context,
    *,
    kind: str,
    answers: dict[str, Any],
    anonymous: bool,
    wants_answer: bool,
    district_slug: str | None = None,
) -> Inquiry:
    """Add an inquiry, received now in the reader's language, with its answers sealed."""
    s = ctx.session
    inquiry = Inquiry(
        id=new_id(),
        kind=kind,
        status="new",
        locale=ctx.locale,
        anonymous=anonymous,
        wants_answer=wants_answer,
        received_at=ctx.now,
        district_slug=district_slug,
    )
    while s.scalar(select(Inquiry.id).where(Inquiry.reference == (ref := new_reference()))):
        pass  # a clash is one in 650 billion; try another
    inquiry.reference = ref
    inquiry.answers = ctx.cipher.seal_json(
        answers, table="inquiry", column="answers", row_id=inquiry.id
    )
    s.add(inquiry)
    return inquiry


def add_participation(
    ctx: Context,
    inquiry: Inquiry,
    *,
    age_band: str | None,
    format: str,
    lundy: Lundy,
) -> ParticipationRecord:
    """Record how the child was heard (Lundy), now, sealed."""
    record = ParticipationRecord(
        id=new_id(), inquiry=inquiry, age_band=age_band, format=format, created_at=ctx.now
    )
    store_lundy(record, lundy, ctx.cipher)
    ctx.session.add(record)
    return record


def store_lundy(record: ParticipationRecord, lundy: Lundy, cipher: FieldCipher) -> None:
    """Seal ``lundy`` into the record (as written, or changed by casework)."""
    record.lundy = cipher.seal_json(
        lundy.to_json(), table="participation_record", column="lundy", row_id=record.id
    )


def open_conversation(ctx: Context, inquiry: Inquiry, *, first_message: str | None) -> str:
    """Start the conversation of an inquiry now; returns its passphrase (shown once, never
    stored)."""
    s = ctx.session
    conversation = Conversation(id=new_id(), inquiry=inquiry, created_at=ctx.now)
    passphrase = conversations.start(ctx, conversation)
    s.add(conversation)
    if first_message:
        add_message(ctx, conversation, author="visitor", text=first_message)
    return passphrase


def add_message(
    ctx: Context, conversation: Conversation, *, author: str, text: str, kind: str = MESSAGE
) -> Message:
    """A message, written now, sealed; ``kind`` OUTCOME for the feedback that answers the
    case."""
    message = Message(
        id=new_id(), conversation=conversation, author=author, created_at=ctx.now, kind=kind
    )
    message.body = ctx.cipher.encrypt(text, table="message", column="body", row_id=message.id)
    ctx.session.add(message)
    return message
