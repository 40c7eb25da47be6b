"""Answers promised: whoever asked for an answer is told the day, and staff see the clock.

A message from a child or family that waits for an answer starts a wait (unless one
already runs: the oldest waiting message sets the day); an answer from staff ends it. The
number of working days is the profile's answer_promise: for a child or young person, and
for a parent (or anyone else). Each wait is kept (``answer_wait``) for the figures.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.inquiries import kinds
from portal.inquiries.models import AnswerWait, Inquiry, new_id
from portal.municipality import Profile
from portal.working_days import deadline_after_working_days

# Inquiries in which a child or young person speaks for themself.
CHILDS_OWN = kinds.CHILDS_OWN


def days_for(inquiry: Inquiry, profile: Profile, child: bool | None = None) -> int:
    """The working days promised to this inquiry's sender (a child, unless told, when the
    child speaks for themself)."""
    if inquiry.form_kind in CHILDS_OWN if child is None else child:
        return profile.answer_days_child
    return profile.answer_days_parent


def _open_wait(s: Session, inquiry: Inquiry) -> AnswerWait | None:
    return s.scalar(
        select(AnswerWait).where(
            AnswerWait.inquiry_id == inquiry.id, AnswerWait.answered_at.is_(None)
        )
    )


def wait_for_answer(
    s: Session,
    inquiry: Inquiry,
    since: datetime,
    profile: Profile,
    *,
    child: bool | None = None,
    after_closing: bool = False,
) -> datetime:
    """A message waits for an answer from ``since``; the day the answer is promised by."""
    if inquiry.awaiting_since is None or inquiry.answer_due is None:
        due = deadline_after_working_days(since, days_for(inquiry, profile, child))
        inquiry.awaiting_since, inquiry.answer_due = since, due
        s.add(
            AnswerWait(
                id=new_id(),
                inquiry=inquiry,  # written after a new inquiry, not before
                inquiry_id=inquiry.id,
                since=since,
                due=due,
                after_closing=after_closing,
            )
        )
    elif after_closing and (wait := _open_wait(s, inquiry)) is not None:
        wait.after_closing = True
    return inquiry.answer_due


def answered(s: Session, inquiry: Inquiry, at: datetime) -> None:
    """Staff answered: nothing waits any more."""
    inquiry.awaiting_since = None
    inquiry.answer_due = None
    s.execute(
        update(AnswerWait)
        .where(AnswerWait.inquiry_id == inquiry.id, AnswerWait.answered_at.is_(None))
        .values(answered_at=at)
        .execution_options(synchronize_session=False)
    )


def reopen(inquiry: Inquiry, at: datetime) -> None:
    """A message came after the case was closed: the case is open again (the feedback given
    stays), in the inbox of its adviser, or of reception if it has none."""
    inquiry.closed_at = None
    inquiry.status = "triaged" if inquiry.triaged_at is not None else "new"
    inquiry.reopened_at = at
