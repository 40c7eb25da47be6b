"""The pull API's clients (each with a scope and a hashed token) and what each acknowledged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.database import Base, UTCDateTime
from portal.inquiries.models import new_id

# A scope entry that stands for every district (or every kind), and one for the inquiries
# that have no district yet (reception triages them).
ALL, NO_DISTRICT = "all", "none"


class CaseSystemClient(Base):
    """A case system that fetches records: it sees only the records of its districts and
    kinds of inquiry. Never deleted, so the audit log's entries keep naming it; revoking or
    expiry ends its token."""

    __tablename__ = "case_system_client"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 (hex) of the token: a random 256-bit token needs no slow hash.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Comma-separated district slugs ("none": without a district) or "all".
    districts: Mapped[str] = mapped_column(String(500))
    # Comma-separated kinds of inquiry (ask_for_help, application, ...) or "all".
    kinds: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def district_scope(self) -> tuple[str, ...]:
        return tuple(self.districts.split(","))

    @property
    def kind_scope(self) -> tuple[str, ...]:
        return tuple(self.kinds.split(","))

    def usable_at(self, now: datetime) -> bool:
        """Not revoked, and not expired at ``now``."""
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


class CaseSystemAck(Base):
    """A client has stored a record (an outbox event of the pull channel). Each client in a
    record's scope acknowledges it for itself; the event is done when all have. Goes with
    the event when the retention run deletes it."""

    __tablename__ = "case_system_ack"

    event_id: Mapped[str] = mapped_column(
        ForeignKey("outbox_event.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(
        ForeignKey("case_system_client.id"), primary_key=True, index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
