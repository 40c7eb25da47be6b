"""Safety alerts on a browser: a member of staff (``ctx.user``) turns web push on or off for
themself, audited, in the caller's unit of work."""

from __future__ import annotations

from typing import Any

from portal.core.context import Context
from portal.push import subscriptions
from portal.push.models import StaffPushSubscription
from portal.staff import audit
from portal.staff.models import StaffUser


def _user(ctx: Context) -> StaffUser:
    if ctx.user is None:
        raise ValueError("a member of staff turns their own alerts on or off")
    return ctx.user


def alerts_on(ctx: Context, subscription: Any) -> StaffPushSubscription:
    """Store this browser's push subscription (``SubscriptionError`` if it is not one):
    safety alerts reach it from now on."""
    found = subscriptions.subscribe_staff(
        ctx.session, _user(ctx), subscription, locale=ctx.locale, now=ctx.now
    )
    audit.log(ctx, "alerts_on")
    return found


def alerts_off(ctx: Context, subscription_id: str) -> bool:
    """Stop alerts on one of the user's own browsers; whether one was removed."""
    removed = subscriptions.remove_staff(ctx.session, _user(ctx), subscription_id)
    if removed:
        audit.log(ctx, "alerts_off")
    return removed
