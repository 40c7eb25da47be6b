"""What staff record on an inquiry: assessment, triage, feedback to the child and the reporter.

Reasoning and messages are sealed like everything else people wrote.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
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


# A decision, or the outcome of a meeting (ChildFeedback.kind).
DECISION_KINDS = ("decision", "meeting")
# How the child was told (ChildFeedback.told_how): in their conversation in the portal, or
# another way the adviser records.
TOLD_HOW = ("conversation", "in_person", "phone", "letter")
# What a decision rests on (ChildFeedback.view_basis): a documented view of the child from
# before it, or a recorded reason why the child was not heard (Barnets lov § 5).
VIEW_BASES = ("view", "not_heard")
NOT_HEARD_REASONS = ("age_maturity", "childs_wish", "urgency")


class ChildFeedback(Base):
    """A decision on a case, or the outcome of a meeting, with the feedback to the child:
    what was decided, how the child's views counted, and what was not possible and why
    (Lundy: Influence). A case has as many as it has rounds; none closes it. Rows from
    before migration 0014 are decisions told in the conversation, with no ``not_possible``."""

    __tablename__ = "child_feedback"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    decision: Mapped[str] = mapped_column(Text)  # sealed: what was decided
    views_weighed: Mapped[str] = mapped_column(Text)  # sealed: how the child's views counted
    message: Mapped[str] = mapped_column(Text)  # sealed; what the child reads
    kind: Mapped[str] = mapped_column(String(16), default="decision", server_default="decision")
    # A final decision needs the child's view before it, or the reason they were not heard.
    final: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    not_possible: Mapped[str | None] = mapped_column(Text)  # sealed: what was not, and why
    told_how: Mapped[str | None] = mapped_column(String(16))  # TOLD_HOW
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The outcome message in the child's conversation, when told there.
    message_id: Mapped[str | None] = mapped_column(ForeignKey("message.id"))
    view_basis: Mapped[str | None] = mapped_column(String(16))  # VIEW_BASES
    not_heard_reason: Mapped[str | None] = mapped_column(String(24))  # NOT_HEARD_REASONS
    not_heard_note: Mapped[str | None] = mapped_column(Text)  # sealed
    # The child answered "did you feel heard?" for this feedback (the answers themselves are
    # in FeltHeard, with nothing that leads back here).
    felt_heard_answered: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    user: Mapped[StaffUser] = relationship()


# How the child took part (ParticipationNote.form).
NOTE_FORMS = ("child_conversation", "observation", "portal_answer", "network_meeting")


class ParticipationNote(Base):
    """Inddragelsesnotat: how the child took part in one contact, in person or through the
    portal, recorded by the adviser; becomes a participation record for the case system."""

    __tablename__ = "participation_note"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it was recorded
    met_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the contact was
    form: Mapped[str] = mapped_column(String(24))  # NOTE_FORMS
    place: Mapped[str] = mapped_column(Text)  # sealed
    present: Mapped[str] = mapped_column(Text)  # sealed: who else was there
    bisidder_present: Mapped[bool] = mapped_column(Boolean)
    told_purpose: Mapped[bool] = mapped_column(Boolean)
    offered_bisidder: Mapped[bool] = mapped_column(Boolean)
    child_age: Mapped[int | None] = mapped_column(Integer)
    # § 3: the case is one where a child of 10 or more is a party; then heard as a party.
    party_case: Mapped[bool] = mapped_column(Boolean)
    heard_as_party: Mapped[bool] = mapped_column(Boolean)
    views: Mapped[str] = mapped_column(Text)  # sealed: the child's views, in their words
    weighing: Mapped[str] = mapped_column(Text)  # sealed: how they will be weighed

    user: Mapped[StaffUser] = relationship()


# The answers to "did you feel heard?" (FeltHeard), faces and words.
FELT_HEARD_ANSWERS = ("yes", "partly", "no")


class FeltHeard(Base):
    """A child's answers to "did you feel heard?" after feedback: anonymous to the adviser.
    Nothing leads back to the case or the child: the month, the district and the age band
    only; leaders see them in groups of at least five."""

    __tablename__ = "felt_heard"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM
    district_slug: Mapped[str | None] = mapped_column(String(40))
    age_band: Mapped[str | None] = mapped_column(String(8))
    said_what_wanted: Mapped[str | None] = mapped_column(String(8))  # FELT_HEARD_ANSWERS
    listened: Mapped[str | None] = mapped_column(String(8))
    understood: Mapped[str | None] = mapped_column(String(8))


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
