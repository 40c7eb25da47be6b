"""Coming back to a conversation: find it by passphrase, slow down guessing, never lock out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.inquiries.models import Conversation
from portal.security import passphrases
from portal.working_days import TZ

FREE_ATTEMPTS = 3  # wrong tries (first three words right) before a pause
MAX_PAUSE_SECONDS = 5 * 60  # the longest a child ever waits: a delay, not a lock-out


@dataclass(frozen=True)
class Opened:
    conversation_id: str


@dataclass(frozen=True)
class Wait:
    seconds: int


def pause_after(failed_attempts: int) -> timedelta:
    """No pause for the first few wrong tries, then 2, 4, 8 ... seconds, at most 5 minutes."""
    if failed_attempts <= FREE_ATTEMPTS:
        return timedelta(0)
    return timedelta(seconds=min(2 ** (failed_attempts - FREE_ATTEMPTS), MAX_PAUSE_SECONDS))


def find(s: Session, typed: str, *, now: datetime) -> Opened | Wait | None:
    """The conversation these words open; a Wait while it is paused; None if no match.

    The first three words find candidates through the keyed lookup; each candidate's
    slow hash decides. With no candidate one slow check still runs, so the time taken
    does not tell whether a passphrase exists.
    """
    pepper = passphrases.pepper()
    phrase = passphrases.normalize(typed)
    if phrase is None:
        passphrases.verify(None, typed, pepper)
        return None
    lookup = passphrases.lookup_key(phrase, pepper)
    candidates = s.scalars(select(Conversation).where(Conversation.lookup == lookup)).all()
    if not candidates:
        passphrases.verify(None, phrase, pepper)
        return None
    paused = [
        c.next_attempt_at for c in candidates if c.next_attempt_at and c.next_attempt_at > now
    ]
    if paused:
        return Wait(seconds=max(1, int((max(paused) - now).total_seconds()) + 1))
    for conversation in candidates:
        if passphrases.verify(conversation.passphrase_hash, phrase, pepper):
            conversation.failed_attempts = 0
            conversation.next_attempt_at = None
            s.commit()
            return Opened(conversation.id)
    for conversation in candidates:
        conversation.failed_attempts += 1
        pause = pause_after(conversation.failed_attempts)
        conversation.next_attempt_at = now + pause if pause else None
    s.commit()
    return None


def answer_due(conversation: Conversation) -> date | None:
    """The day we promise the next answer by: the promise of the message that waits
    (portal.inquiries.promises), else the feedback date of a consultation; None if nothing
    waits."""
    inquiry = conversation.inquiry
    if inquiry.answer_due is not None:
        return inquiry.answer_due.astimezone(TZ).date()
    if (
        inquiry.closed_at is None
        and inquiry.feedback_due is not None
        and inquiry.feedback_given_at is None
    ):
        return inquiry.feedback_due.astimezone(TZ).date()
    return None
