"""The audit log: every staff read of a case and every change, append-only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.core.text import N_, Message
from portal.inquiries.models import Inquiry
from portal.staff.models import AuditEntry, StaffUser

# What an entry can say (the stored code) and how people read it: the audit page, its
# export and the case page translate the label; the code is stored and filtered on as it is.
ACTION_LABELS: dict[str, Message] = {
    "login": N_("Logged in"),
    "login_failed": N_("Login failed"),
    "logout": N_("Logged out"),
    "read_case": N_("Read a case"),
    "denied": N_("Refused access"),
    "assessed": N_("Assessed a report"),
    "triaged": N_("Triaged a case"),
    "replied": N_("Wrote a message"),
    "feedback_given": N_("Gave the child feedback"),
    "decision_recorded": N_("Recorded a decision and told the child"),
    "note_recorded": N_("Recorded a participation note"),
    "closed": N_("Closed a case"),
    "reporter_feedback": N_("Gave the reporter feedback"),
    "receipt_sent": N_("Recorded the receipt as sent"),
    "read_participation": N_("Read the participation records"),
    "read_record": N_("Read the printable record"),
    "account_created": N_("Created an account"),
    "account_changed": N_("Changed an account"),
    "account_disabled": N_("Turned an account off"),
    "account_reset": N_("Reset an account's login"),
    "role_changed": N_("Changed a role"),
    "cpr_shown": N_("Showed a full CPR number"),
    "audit_exported": N_("Exported the audit log"),
    # The leaders' participation figures (portal/figures/participation_views.py).
    "read_figures": N_("Read the participation figures"),
    "figures_exported": N_("Exported the participation figures"),
    # The safety line (portal/safety): by the portal itself (no user), but for assessing.
    "safety_flagged": N_("Marked as a possible danger"),
    "safety_alerted": N_("Alerted staff to a possible danger"),
    "safety_escalated": N_("Alerted again, the leaders too"),
    "safety_assessed": N_("Assessed a possible danger"),
    "converted": N_("Made it a report of concern"),
    "alerts_on": N_("Turned danger alerts on"),
    "alerts_off": N_("Turned danger alerts off"),
    "assigned": N_("Gave the case to an adviser"),
    # The case-system pull API (portal/casesystem): by a client, named in ``api_client``.
    "api_listed": N_("Case system fetched records"),
    "api_acknowledged": N_("Case system confirmed records"),
    "api_refused": N_("Case system refused"),
    # A conversation ended on every device and given new secret words.
    "words_changed": N_("Made new secret words"),
    # A parent's consent to get information from others withdrawn (portal/apply): by the
    # parent with its code (no user), or recorded by staff; ``detail`` says how.
    "consent_withdrawn": N_("Recorded a withdrawn consent"),
    # "Ask the child" (portal/invitations): made and revoked by staff; a code typed or
    # opened by a child (no user), whether it worked or not (``detail`` says why not).
    "invited": N_("Asked the child for their view"),
    "invitation_revoked": N_("Revoked an invitation code"),
    "invitation_opened": N_("A child opened an invitation code"),
    "invitation_refused": N_("Refused an invitation code"),
}
ACTIONS = tuple(ACTION_LABELS)
# Details written as fixed words, as people read them (others are shown as written, or
# as the labels of the codes they hold: portal/staff/templating.py).
DETAIL_LABELS: dict[str, Message] = {
    "totp": N_("authenticator code"),
    "password": N_("password"),
    "recovery code": N_("recovery code"),
    "enrolled": N_("setting up the authenticator app"),
    "enrolment": N_("setting up the authenticator app"),
    "own password": N_("their own password"),
    "new recovery codes": N_("new recovery codes"),
    "named by the child": N_("the adviser the child named"),
    "feedback page": N_("on the feedback page"),
    "first opening after a safety alert": N_("first opening after a danger alert"),
    "nobody until opening": N_("nobody until the office opens"),
    # How a consent was withdrawn (portal/apply/usecase.py).
    "withdrawn with the code": N_("by the parent, with the code from the receipt"),
    "told by phone": N_("told by phone"),
    "told by letter": N_("told by letter or Digital Post"),
    "told in person": N_("told in person"),
    "told in a message": N_("told in a message in the portal"),
    # An invitation's question set, and why a code was refused (portal/invitations).
    "before_meeting": N_("before a meeting"),
    "before_decision": N_("before a decision"),
    "after_change": N_("after a change"),
    "free": N_("free"),
    "unknown code": N_("a code that does not exist"),
    "expired code": N_("an expired code"),
    "revoked code": N_("a revoked code"),
    "answered code": N_("a code already used"),
    "case closed": N_("a code for a closed case"),
    "the adviser who asked": N_("the adviser who asked the child"),
}
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
