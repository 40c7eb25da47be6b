"""Use cases that write inquiries: each runs in one transaction, and seals what people wrote."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.districts import District
from portal.inquiries import conversations
from portal.inquiries.lundy import Lundy
from portal.inquiries.models import Conversation, Inquiry, Message, ParticipationRecord, new_id
from portal.security.crypto import cipher, seal_json

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
    s: Session,
    *,
    kind: str,
    answers: dict[str, Any],
    locale: str,
    anonymous: bool,
    wants_answer: bool,
    now: datetime,
    district_slug: str | None = None,
) -> Inquiry:
    """Add an inquiry with its answers sealed; the caller commits."""
    inquiry = Inquiry(
        id=new_id(),
        kind=kind,
        status="new",
        locale=locale,
        anonymous=anonymous,
        wants_answer=wants_answer,
        received_at=now,
        district_slug=district_slug,
    )
    while s.scalar(select(Inquiry.id).where(Inquiry.reference == (ref := new_reference()))):
        pass  # a clash is one in 650 billion; try another
    inquiry.reference = ref
    inquiry.answers = seal_json(answers, table="inquiry", column="answers", row_id=inquiry.id)
    s.add(inquiry)
    return inquiry


def add_participation(
    s: Session,
    inquiry: Inquiry,
    *,
    age_band: str | None,
    format: str,
    lundy: Lundy,
    now: datetime,
) -> ParticipationRecord:
    """Record how the child was heard (Lundy), sealed; the caller commits."""
    record = ParticipationRecord(
        id=new_id(), inquiry=inquiry, age_band=age_band, format=format, created_at=now
    )
    store_lundy(record, lundy)
    s.add(record)
    return record


def store_lundy(record: ParticipationRecord, lundy: Lundy) -> None:
    """Seal ``lundy`` into the record (as written, or changed by casework)."""
    record.lundy = seal_json(
        lundy.to_json(), table="participation_record", column="lundy", row_id=record.id
    )


def open_conversation(
    s: Session, inquiry: Inquiry, *, first_message: str | None, now: datetime
) -> str:
    """Start the conversation of an inquiry; returns its passphrase (shown once, never stored)."""
    conversation = Conversation(id=new_id(), inquiry=inquiry, created_at=now)
    passphrase = conversations.start(s, conversation)
    s.add(conversation)
    if first_message:
        add_message(s, conversation, author="visitor", text=first_message, now=now)
    return passphrase


def add_message(
    s: Session, conversation: Conversation, *, author: str, text: str, now: datetime
) -> Message:
    """A message, sealed; the caller commits."""
    message = Message(id=new_id(), conversation=conversation, author=author, created_at=now)
    message.body = cipher().encrypt(text, table="message", column="body", row_id=message.id)
    s.add(message)
    return message
