"""Staff accounts, their districts, sessions, recovery codes, and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.database import Base, UTCDateTime, new_id

ROLES = ("reception", "adviser", "leader", "admin")


class StaffUser(Base):
    """A member of staff: one role, one or more districts, password and mandatory TOTP."""

    __tablename__ = "staff_user"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_secret: Mapped[str] = mapped_column(Text)  # sealed
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last accepted TOTP time step: a code is accepted once only.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)

    districts: Mapped[list[StaffDistrict]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="StaffDistrict.district_slug"
    )

    @property
    def district_slugs(self) -> set[str]:
        return {d.district_slug for d in self.districts}


class StaffDistrict(Base):
    """A district a member of staff works in."""

    __tablename__ = "staff_district"

    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"), primary_key=True)
    district_slug: Mapped[str] = mapped_column(ForeignKey("district.slug"), primary_key=True)

    user: Mapped[StaffUser] = relationship(back_populates="districts")


class StaffSession(Base):
    """A server-side staff session; the cookie holds a random token, the table its hash."""

    __tablename__ = "staff_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"), index=True)
    # "password": password checked, TOTP (or enrolment) still to come; "full": logged in.
    stage: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    code_failures: Mapped[int] = mapped_column(Integer, default=0)
    ip: Mapped[str] = mapped_column(String(64))

    user: Mapped[StaffUser] = relationship()


class LoginThrottle(Base):
    """Failed logins for one e-mail address, known or not (the answer must not tell which),
    from browsers that have not logged in to its account before. The address is kept only
    as a keyed hash (portal/staff/throttle.py)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class RecoveryCode(Base):
    """A one-time code that stands in for a lost authenticator; stored hashed."""

    __tablename__ = "staff_recovery_code"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("staff_user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Who did or read what, when, from where. Append-only: the database refuses changes."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    inquiry_id: Mapped[str | None] = mapped_column(ForeignKey("inquiry.id"), index=True)
    ip: Mapped[str] = mapped_column(String(64))
    # Never a child's words: an account's e-mail, a role, a count.
    detail: Mapped[str] = mapped_column(String(200), default="")
    # The case-system client that acted (the pull API), by its name: clients are never
    # deleted, so the name always means the same client.
    api_client: Mapped[str | None] = mapped_column(String(64), index=True)

    user: Mapped[StaffUser | None] = relationship()


class AuditPurge(Base):
    """SQLite's stand-in for a transaction-local setting: while the retention run's own
    transaction holds this one row, the database lets it delete audit entries older than
    ``cutoff`` (and no others). Inserted and removed in that transaction, so no other
    connection ever sees it. PostgreSQL uses ``SET LOCAL indgang.audit_purge_before``."""

    __tablename__ = "audit_purge"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cutoff: Mapped[datetime] = mapped_column(UTCDateTime)
