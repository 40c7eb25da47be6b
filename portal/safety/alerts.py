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
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import clock
from portal.inquiries.models import Inquiry
from portal.json_types import JSONObject, required
from portal.mail import notices
from portal.municipality import profile
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import Delivered, Dropped, Outcome, enqueue, handler
from portal.push import notify
from portal.safety.models import SafetyFlag
from portal.staff import audit
from portal.staff.access import may_open
from portal.staff.models import StaffUser

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


def expected_group(now: datetime) -> str:
    """Who would be told if a flag were raised now (before any inquiry exists)."""
    if profile().is_open(now):
        return "staff"
    return "duty" if profile().duty_emails else "nobody"


def first_recipients(s: Session, inquiry: Inquiry, now: datetime) -> Recipients:
    """Who is told when the flag is raised."""
    if profile().is_open(now):
        users = [u for u in _active(s, "reception") if may_open(u, inquiry)]
        adviser = inquiry.assigned_to
        if adviser is not None and adviser.active and adviser not in users:
            users.append(adviser)
        # Nobody in reception may see it: the leaders, who see every case.
        return _staff("staff", users or _active(s, "leader"))
    duty = profile().duty_emails
    return Recipients("duty" if duty else "nobody", duty, ())


def escalation_recipients(s: Session, inquiry: Inquiry, now: datetime) -> Recipients:
    """Who is told again when nobody opened the case in time: the same people, and the
    leaders."""
    return first_recipients(s, inquiry, now) + _staff("staff", _active(s, "leader"))


def _email_key(flag: SafetyFlag, address: str) -> str:
    # One email per address and flag, whatever retries the caller makes; the key shows
    # in `outbox status`, so it names the address by a hash.
    return f"{flag.id}:{hashlib.sha256(address.encode()).hexdigest()[:12]}"


def send(
    s: Session,
    inquiry: Inquiry,
    flag: SafetyFlag,
    to: Recipients,
    *,
    now: datetime,
    escalated_after: timedelta | None = None,
) -> str:
    """Queue the emails and pushes; what was queued, for the audit log (no addresses)."""
    for address in to.emails:
        notices.safety_alert(
            s,
            inquiry,
            to=address,
            key=_email_key(flag, address),
            now=now,
            escalated_after=escalated_after,
        )
    what = "safety-escalation" if escalated_after is not None else "safety-alert"
    pushes = notify.staff_alert(
        s, [u.id for u in to.users], key=f"{what}:{flag.id}", inquiry_id=inquiry.id, now=now
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


def _check_later(s: Session, flag: SafetyFlag, step: str, due: datetime, now: datetime) -> None:
    enqueue(
        s,
        channel=CHANNEL,
        key=f"safety:{step}:{flag.id}",
        payload=Check(flag.id, step),
        now=now,
        inquiry_id=flag.inquiry_id,
        due=due,
    )


def alert(s: Session, inquiry: Inquiry, flag: SafetyFlag, to: Recipients, *, now: datetime) -> None:
    """Tell ``to`` now, and queue the check that escalates if nobody opens the case. With
    nobody to tell (closed, no duty service), the staff are told when the office opens."""
    if to.group == "nobody":
        opens = profile().next_opening(now)
        _check_later(s, flag, "opening", opens or now + profile().escalate_after, now)
        audit.record(s, None, "safety_alerted", inquiry=inquiry, detail="nobody until opening")
        return
    sent = send(s, inquiry, flag, to, now=now)
    audit.record(s, None, "safety_alerted", inquiry=inquiry, detail=sent)
    _check_later(s, flag, "escalate", now + profile().escalate_after, now)


@handler(CHANNEL, Check.from_json)
def check(s: Session, event: OutboxEvent, payload: Check) -> Outcome:
    """A check queued by ``alert``: at the office's opening (nobody could be told before),
    or ``escalate_after`` after the alert. Nothing happens if a person has opened the case."""
    flag = s.get(SafetyFlag, payload.flag_id)
    if flag is None:
        return Dropped("the flag is gone")
    if flag.seen_at is not None or flag.assessed_at is not None:
        return Dropped("a person opened the case in time")
    now = clock.now()
    inquiry = flag.inquiry
    if payload.step == "opening":
        to = first_recipients(s, inquiry, now)
        if to.group == "nobody":  # closed again already: the leaders, at any hour
            to = _staff("staff", _active(s, "leader"))
        sent = send(s, inquiry, flag, to, now=now)
        audit.record(s, None, "safety_alerted", inquiry=inquiry, detail=sent)
        _check_later(s, flag, "escalate", now + profile().escalate_after, now)
        return Delivered()
    to = escalation_recipients(s, inquiry, now)
    sent = send(s, inquiry, flag, to, now=now, escalated_after=profile().escalate_after)
    flag.escalated_at = now
    audit.record(s, None, "safety_escalated", inquiry=inquiry, detail=sent)
    return Delivered()
