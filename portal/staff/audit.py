"""The audit log: every staff read of a case and every change, append-only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.inquiries.models import Inquiry
from portal.staff.models import AuditEntry, StaffUser

# What an entry can say; the audit page translates these.
ACTIONS = (
    "login",
    "login_failed",
    "logout",
    "read_case",
    "denied",
    "assessed",
    "triaged",
    "replied",
    "feedback_given",
    "closed",
    "reporter_feedback",
    "receipt_sent",
    "read_participation",
    "read_record",
    "account_created",
    "account_changed",
    "account_disabled",
    "account_reset",
    "role_changed",
    "cpr_shown",
    "audit_exported",
    # The safety line (portal/safety): by the portal itself (no user), but for assessing.
    "safety_flagged",
    "safety_alerted",
    "safety_escalated",
    "safety_assessed",
    "converted",
    "alerts_on",
    "alerts_off",
    "assigned",
    # The case-system pull API (portal/casesystem): by a client, named in ``api_client``.
    "api_listed",
    "api_acknowledged",
    "api_refused",
    # A conversation ended on every device and given new secret words.
    "words_changed",
    # A parent's consent to get information from others withdrawn (portal/apply): by the
    # parent with its code (no user), or recorded by staff; ``detail`` says how.
    "consent_withdrawn",
)
# Entries the portal writes itself, from a worker or a child's request: no staff address.
SYSTEM_IP = "portal"


def log(
    ctx: Context,
    action: str,
    *,
    inquiry: Inquiry | None = None,
    detail: str = "",
    api_caller: bool = False,
) -> AuditEntry:
    """Append an entry in the use case's unit of work: done by ``ctx.user`` (a member of
    staff), or ``ctx.client`` (a case-system client), or else the portal itself (a child's
    request or a worker: the entry carries no address). The address is the request's
    (``ctx.address``) for staff, clients and any ``api_caller`` (such as a refused token)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    by_someone = ctx.user is not None or ctx.client is not None or api_caller
    entry = AuditEntry(
        at=ctx.now,
        user_id=ctx.user.id if ctx.user else None,
        action=action,
        inquiry_id=inquiry.id if inquiry else None,
        ip=(ctx.address or SYSTEM_IP) if by_someone else SYSTEM_IP,
        detail=detail[:200],
        api_client=ctx.client,
    )
    ctx.session.add(entry)
    return entry


def readers_of(s: Session, inquiry: Inquiry) -> list[tuple[StaffUser, AuditEntry]]:
    """Who has read the case, each with their latest read, most recent first."""
    rows = s.execute(
        select(StaffUser, AuditEntry)
        .join(AuditEntry, AuditEntry.user_id == StaffUser.id)
        .where(AuditEntry.inquiry_id == inquiry.id, AuditEntry.action == "read_case")
        .order_by(AuditEntry.at.desc())
    ).all()
    seen: dict[str, tuple[StaffUser, AuditEntry]] = {}
    for user, entry in rows:
        seen.setdefault(user.id, (user, entry))
    return list(seen.values())


def entries_of(s: Session, inquiry: Inquiry, action: str) -> list[tuple[StaffUser, AuditEntry]]:
    """A case's entries of one action taken by a member of staff, oldest first."""
    rows = s.execute(
        select(StaffUser, AuditEntry)
        .join(AuditEntry, AuditEntry.user_id == StaffUser.id)
        .where(AuditEntry.inquiry_id == inquiry.id, AuditEntry.action == action)
        .order_by(AuditEntry.at)
    ).all()
    return [(user, entry) for user, entry in rows]
