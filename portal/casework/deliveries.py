"""What the portal sent (or could not send) for a case: emails and phone notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.text import N_, Message
from portal.inquiries.models import Inquiry
from portal.outbox.models import DEAD, DONE, OutboxEvent
from portal.staff.models import StaffUser
from portal.staff.policy import visible_to

LABELS = {
    "receipt": N_("Email: receipt to the reporter"),
    "application-receipt": N_("Email: receipt to the applicant"),
    "reporter-feedback": N_("Email: § 138 feedback to the reporter"),
    "push": N_("Notice to the phone: new message"),
    "safety-alert": N_("Safety alert to staff"),
    "safety-escalation": N_("Safety alert again, to the leaders too"),
    "casesystem": N_("Record to the case system"),
}
# Shown on the case page; records to the case system appear only when they fail.
SHOWN = ("email", "push")


@dataclass(frozen=True)
class Delivery:
    event: OutboxEvent

    @property
    def what(self) -> Message:
        """What was sent (translated where it is shown)."""
        channel, _, rest = self.event.key.partition(":")
        purpose = rest.partition(":")[0]
        # Emails are named by purpose; a push by its channel, unless it is a safety alert.
        return LABELS[purpose] if channel == "email" or purpose in LABELS else LABELS[channel]

    @property
    def sent(self) -> bool:
        return self.event.state == DONE and self.event.last_error is None

    @property
    def dropped(self) -> bool:
        return self.event.state == DONE and self.event.last_error is not None

    @property
    def failed(self) -> bool:
        return self.event.state == DEAD

    @property
    def at(self) -> datetime:
        return self.event.finished_at or self.event.next_attempt_at


def of_inquiry(s: Session, inquiry: Inquiry) -> list[Delivery]:
    return [
        Delivery(e)
        for e in s.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.inquiry_id == inquiry.id, OutboxEvent.channel.in_(SHOWN))
            .order_by(OutboxEvent.created_at)
        )
    ]


def failed_for(s: Session, user: StaffUser, limit: int = 20) -> list[tuple[Inquiry, Delivery]]:
    """Failed deliveries on the cases ``user`` may see, newest first."""
    rows = s.execute(
        select(Inquiry, OutboxEvent)
        .join(OutboxEvent, OutboxEvent.inquiry_id == Inquiry.id)
        .where(OutboxEvent.state == DEAD, Inquiry.closed_at.is_(None), visible_to(user))
        .order_by(OutboxEvent.finished_at.desc())
        .limit(limit)
    ).all()
    return [(inquiry, Delivery(event)) for inquiry, event in rows]
