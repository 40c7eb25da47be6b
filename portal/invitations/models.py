"""An adviser's invitation to a child to give their view on one case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.database import Base, UTCDateTime, new_id
from portal.inquiries.models import Inquiry
from portal.staff.models import StaffUser

# What the adviser asks about (Invitation.question_set).
QUESTION_SETS = ("before_meeting", "before_decision", "after_change", "free")


class Invitation(Base):
    """ "Ask the child": a one-time code for one case, with the adviser's plain-language
    reason and the date the view is needed by. The code itself is never stored, only its
    keyed hash; it works once, until it expires or is revoked. The child's answers become
    an inquiry of their own on the case (``view_id``; ``Inquiry.case_id`` points back)."""

    __tablename__ = "invitation"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), index=True)
    adviser_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"), index=True)
    question_set: Mapped[str] = mapped_column(String(16))  # QUESTION_SETS
    reason: Mapped[str] = mapped_column(Text)  # sealed
    needed_by: Mapped[datetime] = mapped_column(UTCDateTime)
    # The keyed hash of the code (portal.security.passphrases' keyed hash): one look-up.
    code_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    view_id: Mapped[str | None] = mapped_column(ForeignKey("inquiry.id"))

    inquiry: Mapped[Inquiry] = relationship(foreign_keys=[inquiry_id])
    adviser: Mapped[StaffUser] = relationship()
    view: Mapped[Inquiry | None] = relationship(foreign_keys=[view_id])
