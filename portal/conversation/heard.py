"""Did you feel heard? Three short questions to the child after each feedback, anonymous.

Offered in the child's conversation under each outcome message whose decision
(``ChildFeedback``, found by its ``message_id``) has not been answered yet. The answers are
kept as a ``FeltHeard`` row with the month, the case's district and the age band of the
case's participation record, and nothing else: no inquiry, no feedback, no time, no audit
entry, so neither the adviser nor anyone reading the database can lead them back to the
child. The feedback is marked as answered in the same unit of work, and only once: a second
answer, or a second tab, changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.casework.models import FELT_HEARD_ANSWERS, ChildFeedback, FeltHeard
from portal.core.context import Context
from portal.inquiries.models import OUTCOME, Inquiry, Message, ParticipationRecord, new_id
from portal.working_days import TZ

# The three questions, in the order the child reads them (FeltHeard's columns).
QUESTIONS = ("said_what_wanted", "listened", "understood")


@dataclass(frozen=True)
class Answers:
    """What the child chose: each of FELT_HEARD_ANSWERS, or None (every question is optional)."""

    said_what_wanted: str | None = None
    listened: str | None = None
    understood: str | None = None

    def __post_init__(self) -> None:
        for question in QUESTIONS:
            if getattr(self, question) not in (*FELT_HEARD_ANSWERS, None):
                raise ValueError(f"not an answer to {question}: {getattr(self, question)!r}")

    @property
    def empty(self) -> bool:
        return all(getattr(self, question) is None for question in QUESTIONS)


class NotOfferedError(LookupError):
    """No decision was told in this conversation with this outcome message."""


def offers(s: Session, conversation_id: str) -> dict[str, bool]:
    """The outcome messages of this conversation that have a decision's feedback: message
    id -> whether the questions were answered (or skipped) already."""
    rows = s.execute(
        select(ChildFeedback.message_id, ChildFeedback.felt_heard_answered)
        .join(Message, Message.id == ChildFeedback.message_id)
        .where(Message.conversation_id == conversation_id, Message.kind == OUTCOME)
    )
    return {message_id: bool(answered) for message_id, answered in rows if message_id}


def feedback_for(s: Session, conversation_id: str, message_id: str) -> ChildFeedback:
    """The decision told in this conversation by this outcome message (else NotOfferedError)."""
    found = s.scalar(
        select(ChildFeedback)
        .join(Message, Message.id == ChildFeedback.message_id)
        .where(
            ChildFeedback.message_id == message_id,
            Message.conversation_id == conversation_id,
            Message.kind == OUTCOME,
        )
    )
    if found is None:
        raise NotOfferedError(message_id)
    return found


def answer(ctx: Context, conversation_id: str, message_id: str, answers: Answers | None) -> bool:
    """Keep the child's answers (``None`` or no answer at all: they skipped) and mark the
    feedback answered. True if this did it; False if it had been answered or skipped before,
    when nothing is stored."""
    s = ctx.session
    feedback = feedback_for(s, conversation_id, message_id)
    # Marked by a conditional UPDATE, so that two sends at once store one row, not two.
    marked = s.execute(
        update(ChildFeedback)
        .where(ChildFeedback.id == feedback.id, ChildFeedback.felt_heard_answered.is_(False))
        .values(felt_heard_answered=True)
        .execution_options(synchronize_session="fetch")
    )
    if getattr(marked, "rowcount", 0) != 1:
        return False
    if answers is None or answers.empty:
        return True
    district, band = s.execute(
        select(Inquiry.district_slug, ParticipationRecord.age_band)
        .outerjoin(ParticipationRecord, ParticipationRecord.inquiry_id == Inquiry.id)
        .where(Inquiry.id == feedback.inquiry_id)
    ).one()
    s.add(
        FeltHeard(
            id=new_id(),
            month=ctx.now.astimezone(TZ).strftime("%Y-%m"),
            district_slug=district,
            age_band=band,
            said_what_wanted=answers.said_what_wanted,
            listened=answers.listened,
            understood=answers.understood,
        )
    )
    return True
