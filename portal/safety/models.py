"""A possible safety case: when it was raised, why, who was alerted, when a person saw it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.database import Base, UTCDateTime
from portal.inquiries.models import Inquiry, new_id
from portal.staff.models import StaffUser

# Why an inquiry became a possible safety case; the staff pages put each into words.
REASONS = (
    "not_safe",  # "Are you safe right now?" No
    "unsure_safe",  # ... I am not sure
    "topic_hurt",  # "Someone hurts me"
    "topic_self_harm",  # "I hurt myself or think about it"
    "topic_violence",  # anonymous advice: "Violence or abuse"
    "topic_child_self_harm",  # anonymous advice: "The child hurts themself or talks about suicide"
    "words",  # the first message or "Have your say" has words on the screening list
    "message_words",  # a later message in the conversation has such words
)
# Who was told: staff (in opening hours: reception, or the leaders if no reception account
# may see the case), the out-of-hours duty service, or nobody (closed, and the profile
# names no duty service).
GROUPS = ("staff", "duty", "nobody")


class SafetyFlag(Base):
    """One raising of the safety line on an inquiry. Counts and times only, nothing anyone
    wrote: the words are found again from the text when a page shows them."""

    __tablename__ = "safety_flag"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reasons: Mapped[str] = mapped_column(String(120))  # REASONS, comma-separated
    alerted: Mapped[str] = mapped_column(String(12))  # GROUPS
    # The first opening of the case by a member of staff after the flag was raised.
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"))
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the assessment that ended it was recorded (portal.casework.services.assess).
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    inquiry: Mapped[Inquiry] = relationship()
    seen_by: Mapped[StaffUser | None] = relationship()

    @property
    def reason_list(self) -> list[str]:
        return [r for r in self.reasons.split(",") if r]

    @property
    def open(self) -> bool:
        return self.assessed_at is None
