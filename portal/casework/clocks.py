"""The clocks on an inquiry: what is due when, and whether it was met.

The deadlines are started here when an inquiry arrives (working-day deadlines in
Europe/Copenhagen time with Danish public holidays, portal.working_days), then read,
compared with now, and put into words. Each
inquiry also keeps ``next_due_at``, the earliest deadline still open, so the inbox can
sort and filter by urgency with an index instead of reading every row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event

from portal.core.text import N_, Message
from portal.inquiries.models import Inquiry
from portal.working_days import deadline_after_working_days

ASSESSMENT = timedelta(hours=24)  # § 136: every report is assessed within 24 hours
RECEIPT_WORKING_DAYS = 6  # a professional reporter gets a receipt within 6 working days

LABELS: dict[str, Message] = {
    "assessment": N_("Assessment within 24 hours (§ 136)"),
    "answer": N_("Answer promised to the child or family"),
    "receipt": N_("Receipt to the reporter within 6 working days"),
    "reporter_feedback": N_("Feedback to the reporter (§ 138)"),
    "child_feedback": N_("Feedback to the child"),
}
SHORT_LABELS: dict[str, Message] = {
    "assessment": N_("Assessment"),
    "answer": N_("Answer"),
    "receipt": N_("Receipt"),
    "reporter_feedback": N_("§ 138 feedback"),
    "child_feedback": N_("Feedback to the child"),
}
# How early a running clock is flagged as due soon.
SOON: dict[str, timedelta] = {
    "assessment": timedelta(hours=6),
    "answer": timedelta(hours=12),
    "receipt": timedelta(days=2),
    "reporter_feedback": timedelta(days=7),
    "child_feedback": timedelta(days=3),
}
STATES = ("overdue", "soon", "running", "met", "late")


@dataclass(frozen=True)
class Clock:
    """One deadline on one inquiry."""

    key: str
    due: datetime
    done_at: datetime | None

    @property
    def label(self) -> Message:
        return LABELS[self.key]

    @property
    def short_label(self) -> Message:
        return SHORT_LABELS[self.key]

    @property
    def open(self) -> bool:
        return self.done_at is None

    def state(self, now: datetime) -> str:
        """overdue, soon, running (open clocks); met or late (stopped ones)."""
        if self.done_at is not None:
            return "met" if self.done_at <= self.due else "late"
        if now >= self.due:
            return "overdue"
        return "soon" if self.due - now <= SOON[self.key] else "running"


def start_report_clocks(
    inquiry: Inquiry, *, professional: bool, settings: Mapping[str, Any]
) -> None:
    """A report of concern: assessment within 24 hours; for a professional reporter the
    receipt within 6 working days and the § 138 feedback by the municipality's own target
    (the law sets no date: the setting REPORTER_FEEDBACK_DAYS)."""
    received = inquiry.received_at
    inquiry.assess_by = received + ASSESSMENT
    if professional:
        inquiry.receipt_due = deadline_after_working_days(received, RECEIPT_WORKING_DAYS)
        inquiry.reporter_feedback_due = received + timedelta(
            days=settings["REPORTER_FEEDBACK_DAYS"]
        )


def start_feedback_clock(inquiry: Inquiry, *, settings: Mapping[str, Any]) -> datetime:
    """A child who had their say hears back within the setting CONSULTATION_FEEDBACK_DAYS;
    the date."""
    due = inquiry.received_at + timedelta(days=settings["CONSULTATION_FEEDBACK_DAYS"])
    inquiry.feedback_due = due
    return due


def clocks_of(inquiry: Inquiry) -> list[Clock]:
    """The clocks that apply to this inquiry, in legal order."""
    found = []
    if inquiry.assess_by is not None:
        found.append(Clock("assessment", inquiry.assess_by, inquiry.assessed_at))
    if inquiry.answer_due is not None:
        # Open while a message waits; answering clears it (the next message starts anew).
        found.append(Clock("answer", inquiry.answer_due, None))
    if inquiry.receipt_due is not None:
        found.append(Clock("receipt", inquiry.receipt_due, inquiry.receipt_sent_at))
    if inquiry.reporter_feedback_due is not None:
        found.append(
            Clock("reporter_feedback", inquiry.reporter_feedback_due, inquiry.reporter_feedback_at)
        )
    if inquiry.feedback_due is not None:
        found.append(Clock("child_feedback", inquiry.feedback_due, inquiry.feedback_given_at))
    return found


def next_open(inquiry: Inquiry) -> Clock | None:
    """The open clock that runs out first."""
    running = [c for c in clocks_of(inquiry) if c.open]
    return min(running, key=lambda c: c.due) if running else None


@event.listens_for(Inquiry, "before_insert")
@event.listens_for(Inquiry, "before_update")
def _keep_next_due(_mapper: Any, _connection: Any, inquiry: Inquiry) -> None:
    """Every write of an inquiry keeps ``next_due_at`` in step with its clocks."""
    clock = None if inquiry.closed_at is not None else next_open(inquiry)
    inquiry.next_due_at = clock.due if clock is not None else None
