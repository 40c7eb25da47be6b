"""A parent's consent to get information from others (retssikkerhedsloven § 11 a stk. 1),
asked on its own page of an application and never a condition of it.

It names which information and from whom (``sources``: codes of the application's consent
page, each naming both; anything else the person wrote stays sealed in the answers), for
which case (its inquiry), when it was given, and when and how it was withdrawn. Nothing in
it is free text, so nothing in it is sealed. The one-time code that withdraws it without
logging in is kept only as a keyed hash (portal/security/codes.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.database import Base, UTCDateTime, new_id

if TYPE_CHECKING:
    from portal.inquiries.models import Inquiry
    from portal.staff.models import StaffUser

# How a withdrawal reached the municipality: through the portal with the code, or told to
# staff, who recorded it.
WITHDRAWN_HOW = ("portal", "phone", "letter", "in_person", "message")


class Consent(Base):
    """The consent of one application: given or not, its scope, and its withdrawal."""

    __tablename__ = "consent"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    inquiry_id: Mapped[str] = mapped_column(ForeignKey("inquiry.id"), unique=True)
    given: Mapped[bool] = mapped_column(Boolean)
    # The sources ticked, comma-separated codes (each names whom and which information);
    # empty when none was ticked.
    sources: Mapped[str] = mapped_column(String(200), default="")
    # Someone else the person named (its text is in the sealed answers).
    other_named: Mapped[bool] = mapped_column(Boolean, default=False)
    given_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The keyed hash of the one-time code that withdraws it; empty when none was given.
    withdraw_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_how: Mapped[str | None] = mapped_column(String(16))
    # The member of staff who recorded a withdrawal told by phone, letter or in person.
    withdrawn_recorded_by_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"))

    inquiry: Mapped[Inquiry] = relationship()
    withdrawn_recorded_by: Mapped[StaffUser | None] = relationship()

    @property
    def source_list(self) -> list[str]:
        return [s for s in self.sources.split(",") if s]

    @property
    def in_force(self) -> bool:
        """Given and not withdrawn."""
        return self.given and self.withdrawn_at is None
