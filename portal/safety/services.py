"""The safety line's use cases, in the caller's transaction: raise a flag on an inquiry, note
the first opening by a person, end the flag when an assessment is recorded.

A flag starts the 24-hour assessment clock (§ 136: a child's own message that reveals harm
is a report of concern), puts the case first in every inbox that may see it, and alerts
people at once (portal.safety.alerts). A case that was closed is opened again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.casework.clocks import ASSESSMENT
from portal.core.context import Context
from portal.inquiries import promises
from portal.inquiries.models import Inquiry, new_id
from portal.safety import alerts
from portal.safety.models import SafetyFlag
from portal.staff import audit
from portal.staff.models import StaffUser


def open_flag(s: Session, inquiry: Inquiry) -> SafetyFlag | None:
    """The inquiry's flag that no assessment has ended yet, if any."""
    if inquiry.safety_flagged_at is None:
        return None
    return s.scalar(
        select(SafetyFlag)
        .where(SafetyFlag.inquiry_id == inquiry.id, SafetyFlag.assessed_at.is_(None))
        .order_by(SafetyFlag.raised_at.desc())
        .limit(1)
    )


def flags_of(s: Session, inquiry: Inquiry) -> list[SafetyFlag]:
    """Every flag the inquiry has had, oldest first."""
    return list(
        s.scalars(
            select(SafetyFlag)
            .where(SafetyFlag.inquiry_id == inquiry.id)
            .order_by(SafetyFlag.raised_at)
        )
    )


def raise_flag(ctx: Context, inquiry: Inquiry, reasons: list[str]) -> SafetyFlag | None:
    """Make ``inquiry`` a possible safety case for ``reasons`` (none: nothing happens). The
    portal raises it (whoever wrote), so its audit entry and alerts are the portal's own.

    While a flag is open, new reasons join it: the people alerted are already on it.
    """
    if not reasons:
        return None
    ctx = ctx.acting(None)
    s, now = ctx.session, ctx.now
    flag = open_flag(s, inquiry)
    if flag is not None:
        flag.reasons = ",".join(dict.fromkeys([*flag.reason_list, *reasons]))
        return flag
    if inquiry.closed_at is not None:
        promises.reopen(inquiry, now)
    to = alerts.first_recipients(ctx, inquiry)
    flag = SafetyFlag(
        id=new_id(),
        inquiry=inquiry,
        inquiry_id=inquiry.id,
        raised_at=now,
        reasons=",".join(dict.fromkeys(reasons)),
        alerted=to.group,
    )
    s.add(flag)
    inquiry.safety_flagged_at = now
    # The 24 hours run from now, unless an earlier assessment deadline is still open.
    if inquiry.assess_by is None or inquiry.assessed_at is not None:
        inquiry.assess_by = now + ASSESSMENT
        inquiry.assessed_at = None
    audit.log(ctx, "safety_flagged", inquiry=inquiry, detail=flag.reasons)
    alerts.alert(ctx, inquiry, flag, to)
    return flag


def note_opening(s: Session, user: StaffUser, inquiry: Inquiry, now: datetime) -> bool:
    """``user`` opened the case: the first opening since the flag stops the escalation.
    True if this was that first opening."""
    flag = open_flag(s, inquiry)
    if flag is None or flag.seen_at is not None:
        return False
    flag.seen_at = now
    flag.seen_by_id = user.id
    return True


def end_flag(s: Session, inquiry: Inquiry, now: datetime) -> SafetyFlag | None:
    """An assessment was recorded: the open flag (if any) ends, the case takes its place
    by its clocks again."""
    flag = open_flag(s, inquiry)
    if flag is not None:
        flag.assessed_at = now
    inquiry.safety_flagged_at = None
    return flag
