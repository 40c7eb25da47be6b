"""The visitor session row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.database import Base, UTCDateTime


class VisitorSession(Base):
    """One visit's state, sealed; found by the sha256 of the token in the visitor's cookie
    (the database alone cannot be used to take over a visit)."""

    __tablename__ = "visitor_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    data: Mapped[str] = mapped_column(Text)  # sealed JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
