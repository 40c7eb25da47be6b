"""Turning notifications on and off for a conversation."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.inquiries.models import Conversation, new_id
from portal.push import endpoints
from portal.push.models import PushSubscription, StaffPushSubscription
from portal.security.crypto import FieldCipher
from portal.staff.models import StaffUser


class SubscriptionError(ValueError):
    """What the browser sent is not a push subscription we can use."""


def _keyed(settings: Mapping[str, Any], purpose: str, value: str) -> str:
    secret = str(settings["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def removal_token(settings: Mapping[str, Any], subscription_id: str) -> str:
    """What the browser keeps to turn its notifications off later, even from quick exit
    (keyed with the app's SECRET_KEY, of ``settings``)."""
    return _keyed(settings, "push-removal", subscription_id)


def _b64_length(value: Any, expected: int) -> bool:
    if not isinstance(value, str) or len(value) > 200:
        return False
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))) == expected
    except ValueError:
        return False


def validated(info: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a PushSubscription's JSON we keep (the endpoint as read and rebuilt by
    portal/push/endpoints.py, with the push services ``settings`` allow); SubscriptionError
    if any is wrong."""
    if not isinstance(info, dict):
        raise SubscriptionError("not an object")
    keys = info.get("keys")
    try:
        endpoint = endpoints.allowed(info.get("endpoint"), settings)
    except endpoints.EndpointError as refused:
        raise SubscriptionError(f"endpoint refused: {refused}") from None
    if not isinstance(keys, dict):
        raise SubscriptionError("keys missing")
    if not _b64_length(keys.get("p256dh"), 65) or not _b64_length(keys.get("auth"), 16):
        raise SubscriptionError("keys are not a P-256 public key and a 16-byte secret")
    return {"endpoint": endpoint.url, "keys": {"p256dh": keys["p256dh"], "auth": keys["auth"]}}


Subscription = PushSubscription | StaffPushSubscription
S = TypeVar("S", PushSubscription, StaffPushSubscription)


def _store(ctx: Context, model: type[S], owner: dict[str, str], info: Any) -> S:
    """Store (or refresh) a browser's subscription of ``model`` for ``owner`` (the column and
    value that own it), in the reader's language."""
    s = ctx.session
    data = validated(info, ctx.settings)
    endpoint_key = _keyed(ctx.settings, "push-endpoint", data["endpoint"])
    ((column, owner_id),) = owner.items()
    existing = s.scalar(
        select(model).where(getattr(model, column) == owner_id, model.endpoint_key == endpoint_key)
    )
    subscription = existing or model(
        id=new_id(), endpoint_key=endpoint_key, created_at=ctx.now, **owner
    )
    subscription.locale = ctx.locale
    subscription.data = ctx.cipher.seal_json(
        data, table=model.__tablename__, column="data", row_id=subscription.id
    )
    s.add(subscription)
    return subscription


def subscribe(ctx: Context, conversation: Conversation, info: Any) -> PushSubscription:
    """Store (or refresh) this browser's subscription for the conversation."""
    return _store(ctx, PushSubscription, {"conversation_id": conversation.id}, info)


def subscribe_staff(ctx: Context, user: StaffUser, info: Any) -> StaffPushSubscription:
    """Store (or refresh) this browser's subscription to safety alerts for ``user``."""
    return _store(ctx, StaffPushSubscription, {"user_id": user.id}, info)


def remove(ctx: Context, subscription_id: str, token: str) -> bool:
    """Delete a subscription by its id and removal token; False if there is none such."""
    if not hmac.compare_digest(removal_token(ctx.settings, subscription_id), token):
        return False
    s = ctx.session
    subscription = s.get(PushSubscription, subscription_id)
    if subscription is None:
        return False
    s.delete(subscription)
    return True


def info_of(cipher: FieldCipher, subscription: Subscription) -> dict[str, Any]:
    value: dict[str, Any] = cipher.open_json(
        subscription.data,
        table=subscription.__tablename__,
        column="data",
        row_id=subscription.id,
    )
    return value


def remove_staff(s: Session, user: StaffUser, subscription_id: str) -> bool:
    """Delete one of ``user``'s own subscriptions; False if there is none such."""
    subscription = s.get(StaffPushSubscription, subscription_id)
    if subscription is None or subscription.user_id != user.id:
        return False
    s.delete(subscription)
    return True


def of_staff(s: Session, user_ids: list[str]) -> list[StaffPushSubscription]:
    """The alert subscriptions of these (active) members of staff."""
    if not user_ids:
        return []
    return list(
        s.scalars(
            select(StaffPushSubscription)
            .join(StaffUser, StaffUser.id == StaffPushSubscription.user_id)
            .where(StaffPushSubscription.user_id.in_(user_ids), StaffUser.active.is_(True))
            .order_by(StaffPushSubscription.id)
        )
    )


def count_of_staff(s: Session, user: StaffUser) -> int:
    """How many browsers ``user`` gets alerts on."""
    return len(of_staff(s, [user.id]))


def of_conversation(s: Session, conversation_id: str) -> list[PushSubscription]:
    return list(
        s.scalars(
            select(PushSubscription).where(PushSubscription.conversation_id == conversation_id)
        )
    )


def remove_all(s: Session, conversation: Conversation) -> int:
    """Delete every subscription of the conversation (staff made new words: the phones
    that had it open may not be the child's); how many there were."""
    found = of_conversation(s, conversation.id)
    for subscription in found:
        s.delete(subscription)
    return len(found)
