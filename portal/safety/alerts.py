"""Who is told about a possible safety case, and telling them again when nobody opens it.

In opening hours (the profile's, Europe/Copenhagen, public holidays closed) every active
reception account that may open the case gets an email, and a push on each browser where
they turned alerts on; the adviser the case is assigned to too. Outside them the email goes
to the out-of-hours duty service's addresses in the profile (with none, the staff are told
when the office opens, and the child is told that). Then an escalation check is queued in
the outbox for ``escalate_after`` (30 minutes by default): if nobody has opened the case by
then, the alert goes again, and to every leader too.

Every alert says only that an inquiry needs a person now, with its reference and a link:
nothing the child wrote, nothing about who they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.inquiries.models import Inquiry
from portal.json_types import JSONObject, required
from portal.mail import notices
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import Delivered, Dropped, Outcome, enqueue
from portal.push import notify
from portal.safety.models import SafetyFlag
from portal.staff import audit
from portal.staff.models import StaffUser
from portal.staff.policy import may_open

if TYPE_CHECKING:
    from portal.municipality import Profile

CHANNEL = "safety"
# When a queued check runs: at the office's opening, or escalate_after the alert.
STEPS = ("opening", "escalate")


@dataclass(frozen=True)
class Recipients:
    """Who an alert goes to: a group (portal.safety.models.GROUPS), addresses, and the
    members of staff among them (who may also get a push)."""

    group: str
    emails: tuple[str, ...]
    users: tuple[StaffUser, ...]

    def __add__(self, other: Recipients) -> Recipients:
        users = {u.id: u for u in (*self.users, *other.users)}
        return Recipients(
            self.group,
            tuple(dict.fromkeys((*self.emails, *other.emails))),
            tuple(users.values()),
        )


def _active(s: Session, role: str) -> list[StaffUser]:
    return list(
        s.scalars(
            select(StaffUser)
            .where(StaffUser.role == role, StaffUser.active.is_(True))
            .order_by(StaffUser.email)
        )
    )


def _staff(group: str, users: list[StaffUser]) -> Recipients:
    return Recipients(group, tuple(u.email for u in users), tuple(users))


def expected_group(profile: Profile, now: datetime) -> str:
    """Who would be told if a flag were raised now (before any inquiry exists)."""
    if profile.is_open(now):
        return "staff"
    return "duty" if profile.duty_emails else "nobody"


def first_recipients(ctx: Context, inquiry: Inquiry) -> Recipients:
    """Who is told when the flag is raised (at ``ctx.now``)."""
    s = ctx.session
    if ctx.profile.is_open(ctx.now):
        users = [u for u in _active(s, "reception") if may_open(u, inquiry)]
        adviser = inquiry.assigned_to
        if adviser is not None and adviser.active and adviser not in users:
            users.append(adviser)
        # Nobody in reception may see it: the leaders, who see every case.
        return _staff("staff", users or _active(s, "leader"))
    duty = ctx.profile.duty_emails
    return Recipients("duty" if duty else "nobody", duty, ())


def escalation_recipients(ctx: Context, inquiry: Inquiry) -> Recipients:
    """Who is told again when nobody opened the case in time: the same people, and the
    leaders."""
    return first_recipients(ctx, inquiry) + _staff("staff", _active(ctx.session, "leader"))


def _email_key(flag: SafetyFlag, address: str) -> str:
    # One email per address and flag, whatever retries the caller makes; the key shows
    # in `outbox status`, so it names the address by a hash.
    return f"{flag.id}:{hashlib.sha256(address.encode()).hexdigest()[:12]}"


def send(
    ctx: Context,
    inquiry: Inquiry,
    flag: SafetyFlag,
    to: Recipients,
    *,
    escalated_after: timedelta | None = None,
) -> str:
    """Queue the emails and pushes; what was queued, for the audit log (no addresses)."""
    for address in to.emails:
        notices.safety_alert(
            ctx,
            inquiry,
            to=address,
            key=_email_key(flag, address),
            escalated_after=escalated_after,
        )
    what = "safety-escalation" if escalated_after is not None else "safety-alert"
    pushes = notify.staff_alert(
        ctx, [u.id for u in to.users], key=f"{what}:{flag.id}", inquiry_id=inquiry.id
    )
    return f"{to.group}: {len(to.emails)} emails, {pushes} pushes"


@dataclass(frozen=True)
class Check:
    """A check queued for later: at the office's opening, or to escalate."""

    flag_id: str
    step: str  # one of STEPS

    def to_json(self) -> JSONObject:
        return {"flag_id": self.flag_id, "step": self.step}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Check:
        step = required(data, "step", str, "safety")
        if step not in STEPS:
            raise ValueError(f"safety.step: expected one of {STEPS}")
        return cls(flag_id=required(data, "flag_id", str, "safety"), step=step)


def _check_later(ctx: Context, flag: SafetyFlag, step: str, due: datetime) -> None:
    enqueue(
        ctx,
        channel=CHANNEL,
        key=f"safety:{step}:{flag.id}",
        payload=Check(flag.id, step),
        inquiry_id=flag.inquiry_id,
        due=due,
    )


def alert(ctx: Context, inquiry: Inquiry, flag: SafetyFlag, to: Recipients) -> None:
    """Tell ``to`` now, and queue the check that escalates if nobody opens the case. With
    nobody to tell (closed, no duty service), the staff are told when the office opens.
    The portal itself does it (audited without a user)."""
    ctx, now, profile = ctx.acting(None), ctx.now, ctx.profile
    if to.group == "nobody":
        opens = profile.next_opening(now)
        _check_later(ctx, flag, "opening", opens or now + profile.escalate_after)
        audit.log(ctx, "safety_alerted", inquiry=inquiry, detail="nobody until opening")
        return
    sent = send(ctx, inquiry, flag, to)
    audit.log(ctx, "safety_alerted", inquiry=inquiry, detail=sent)
    _check_later(ctx, flag, "escalate", now + profile.escalate_after)


def check(ctx: Context, event: OutboxEvent, payload: Check) -> Outcome:
    """A check queued by ``alert``: at the office's opening (nobody could be told before),
    or ``escalate_after`` after the alert. Nothing happens if a person has opened the case.
    The channel's delivery (registered in portal/outbox/handlers.py)."""
    s = ctx.session
    flag = s.get(SafetyFlag, payload.flag_id)
    if flag is None:
        return Dropped("the flag is gone")
    if flag.seen_at is not None or flag.assessed_at is not None:
        return Dropped("a person opened the case in time")
    ctx, now, profile = ctx.acting(None), ctx.now, ctx.profile
    inquiry = flag.inquiry
    if payload.step == "opening":
        to = first_recipients(ctx, inquiry)
        if to.group == "nobody":  # closed again already: the leaders, at any hour
            to = _staff("staff", _active(s, "leader"))
        sent = send(ctx, inquiry, flag, to)
        audit.log(ctx, "safety_alerted", inquiry=inquiry, detail=sent)
        _check_later(ctx, flag, "escalate", now + profile.escalate_after)
        return Delivered()
    to = escalation_recipients(ctx, inquiry)
    sent = send(ctx, inquiry, flag, to, escalated_after=profile.escalate_after)
    flag.escalated_at = now
    audit.log(ctx, "safety_escalated", inquiry=inquiry, detail=sent)
    return Delivered()
