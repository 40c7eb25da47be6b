"""The child's documented views on a case, which a decision rests on (Barnets lov § 5), and
the conversation the child is told a decision in.

A view is documented by a participation note on the case, by the child's answer to an
adviser's invitation (an inquiry of its own whose ``case_id`` is the case), or, for the
first final decision on a child's own inquiry, by what the child wrote in it. Each decision
rests on the views documented since the final decision before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.casework import rules
from portal.casework.models import ChildFeedback, ParticipationNote
from portal.inquiries import kinds
from portal.inquiries.models import Conversation, Inquiry

# A child's view asked for by an adviser's invitation: found by its ``case_id``; its kind
# names it on the decision page and in the records.
VIEW_KIND = kinds.CHILDS_VIEW.id
# What documents a view (``View.source``): a participation note, the child's answer to an
# invitation, the child's own inquiry.
NOTE, ANSWER, OWN = "note", VIEW_KIND, "own_inquiry"


@dataclass(frozen=True)
class View:
    """One documented view of the child: what documents it, its id (the note's or the
    inquiry's), and when it was given or recorded."""

    source: str
    id: str
    at: datetime
    note: ParticipationNote | None = None
    inquiry: Inquiry | None = None


def previous_decision_at(
    s: Session, case: Inquiry, before: datetime | None = None
) -> datetime | None:
    """When the last final decision on ``case`` was recorded (before ``before``, if given):
    a meeting's outcome or a decision on the way does not use the child's views up."""
    stmt = select(func.max(ChildFeedback.at)).where(
        ChildFeedback.inquiry_id == case.id, ChildFeedback.final.is_(True)
    )
    if before is not None:
        stmt = stmt.where(ChildFeedback.at < before)
    return s.scalar(stmt)


def answers_of(s: Session, case: Inquiry) -> list[Inquiry]:
    """The child's answers to invitations for ``case``, oldest first (anonymised ones
    hold nothing to rest on)."""
    return list(
        s.scalars(
            select(Inquiry)
            .where(Inquiry.case_id == case.id, Inquiry.anonymised_at.is_(None))
            .order_by(Inquiry.received_at, Inquiry.id)
        )
    )


def since_last_decision(s: Session, case: Inquiry, until: datetime | None = None) -> list[View]:
    """The views documented since the decision before ``until`` (now, if not given), oldest
    first: what the next decision (or the one recorded at ``until``) rests on."""
    since = previous_decision_at(s, case, until)

    def fresh(at: datetime) -> bool:
        return (since is None or at > since) and (until is None or at <= until)

    views: list[View] = []
    if since is None and rules.childs_own(case) and case.anonymised_at is None:
        views.append(View(OWN, case.id, case.received_at, inquiry=case))
    notes = s.scalars(
        select(ParticipationNote)
        .where(ParticipationNote.inquiry_id == case.id)
        .order_by(ParticipationNote.at, ParticipationNote.id)
    )
    views += [View(NOTE, n.id, n.at, note=n) for n in notes]
    views += [View(ANSWER, i.id, i.received_at, inquiry=i) for i in answers_of(s, case)]
    return sorted((v for v in views if v.source == OWN or fresh(v.at)), key=lambda v: v.at)


def conversation_of(s: Session, case: Inquiry) -> Conversation | None:
    """Where the child reads a decision: the case's own conversation when the case is the
    child's own inquiry, else that of the child's newest answer to an invitation for it
    that has one; None when the child has none (the adviser tells them another way)."""
    if rules.childs_own(case) and case.conversation is not None and case.anonymised_at is None:
        return case.conversation
    for answer in reversed(answers_of(s, case)):
        if answer.conversation is not None:
            return answer.conversation
    return None
