"""What staff record on an inquiry: assessment, triage, feedback to the child and the reporter.

Reasoning and messages are sealed like everything else people wrote.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.database import Base, UTCDateTime
from portal.inquiries import kinds
from portal.inquiries.models import Inquiry, new_id
from portal.staff.models import StaffUser

# The kinds of inquiry, and where one stands in the workspace.
KINDS = kinds.IDS  # declared in portal/inquiries/kinds.py
STATUSES = ("new", "assessed", "triaged", "closed")
# Triage routes (tværfaglig visitation, seed 002).
ROUTES = ("preventive", "early_support", "special_counselling", "no_action")
# Within special or family counselling.
MEASURES = ("scoping", "parallel_support", "investigation")
# What a 24-hour assessment concluded. A report of concern: acute action needed or not.
# A possible safety case that is not (yet) a report: treat it as a report of concern
# (it becomes one), act at once (police or emergency services contacted), or no concern.
REPORT_OUTCOMES = ("acute", "not_acute")
SAFETY_OUTCOMES = ("report_of_concern", "acted", "no_concern")


class Assessment(Base):
    """A 24-hour assessment (§ 136): of a report of concern (is acute action needed?), or of
    a possible safety case. An inquiry flagged again later is assessed again."""

    __tablename__ = "assessment"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    acute: Mapped[bool] = mapped_column(Boolean)
    outcome: Mapped[str] = mapped_column(String(24))  # REPORT_OUTCOMES or SAFETY_OUTCOMES
    reasoning: Mapped[str] = mapped_column(Text)  # sealed

    inquiry: Mapped[Inquiry] = relationship()
    user: Mapped[StaffUser] = relationship()


class Conversion(Base):
    """An inquiry turned into a report of concern by staff; its answers and history stay."""

    __tablename__ = "conversion"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    from_kind: Mapped[str] = mapped_column(String(24))
    to_kind: Mapped[str] = mapped_column(String(24))

    user: Mapped[StaffUser] = relationship()


class Triage(Base):
    """A triage decision: the route, why, and who takes the case on. A case can be re-triaged."""

    __tablename__ = "triage"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    route: Mapped[str] = mapped_column(String(24))
    measure: Mapped[str | None] = mapped_column(String(24))
    district_slug: Mapped[str] = mapped_column(ForeignKey("district.slug"))
    assigned_to_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"))
    reasoning: Mapped[str] = mapped_column(Text)  # sealed

    user: Mapped[StaffUser] = relationship(foreign_keys=[user_id])
    assigned_to: Mapped[StaffUser | None] = relationship(foreign_keys=[assigned_to_id])


class ChildFeedback(Base):
    """Influence: what was decided, how the child's views counted, and what the child was told."""

    __tablename__ = "child_feedback"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    decision: Mapped[str] = mapped_column(Text)  # sealed
    views_weighed: Mapped[str] = mapped_column(Text)  # sealed
    message: Mapped[str] = mapped_column(Text)  # sealed; also sent into the conversation

    user: Mapped[StaffUser] = relationship()


class ReporterFeedback(Base):
    """§ 138: a professional reporter is told whether an investigation or support was started."""

    __tablename__ = "reporter_feedback"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(24))  # investigation, support, neither
    # email (sent by the portal), secure_mail, letter or phone
    how: Mapped[str] = mapped_column(String(24))

    user: Mapped[StaffUser] = relationship()


class StaffDraft(Base):
    """What a member of staff is writing on a case (a reply, the feedback to the child), kept
    as they type and when they press send, so a login that ended loses nothing."""

    __tablename__ = "staff_draft"
    __table_args__ = (UniqueConstraint("user_id", "inquiry_id", "form"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"), index=True)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    form: Mapped[str] = mapped_column(String(16))  # portal.casework.drafts.FORMS
    data: Mapped[str] = mapped_column(Text)  # sealed JSON: the form's fields
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
