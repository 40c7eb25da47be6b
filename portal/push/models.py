"""A browser's push subscription, tied to one conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.database import Base, UTCDateTime


class PushSubscription(Base):
    """Where to push for a conversation. The endpoint and keys are sealed: they identify a
    browser. ``endpoint_key`` (a keyed hash) finds a subscription without opening any."""

    __tablename__ = "push_subscription"
    __table_args__ = (UniqueConstraint("conversation_id", "endpoint_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversation.id"), index=True)
    endpoint_key: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)  # sealed JSON: endpoint, keys.p256dh, keys.auth
    locale: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StaffPushSubscription(Base):
    """Where to push a safety alert for a member of staff who turned alerts on, on one
    browser. Sealed like a child's subscription; removed with the account's other data."""

    __tablename__ = "staff_push_subscription"
    __table_args__ = (UniqueConstraint("user_id", "endpoint_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"), index=True)
    endpoint_key: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)  # sealed JSON: endpoint, keys.p256dh, keys.auth
    locale: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
