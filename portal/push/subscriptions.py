"""Turning notifications on and off for a conversation."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.inquiries.models import Conversation, new_id
from portal.push.models import PushSubscription, StaffPushSubscription
from portal.security.crypto import open_json, seal_json
from portal.staff.models import StaffUser


class SubscriptionError(ValueError):
    """What the browser sent is not a push subscription we can use."""


def _keyed(purpose: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def removal_token(subscription_id: str) -> str:
    """What the browser keeps to turn its notifications off later, even from quick exit."""
    return _keyed("push-removal", subscription_id)


def _b64_length(value: Any, expected: int) -> bool:
    if not isinstance(value, str) or len(value) > 200:
        return False
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))) == expected
    except ValueError:
        return False


def _allowed_endpoint(endpoint: Any) -> bool:
    if not isinstance(endpoint, str) or len(endpoint) > 1000:
        return False
    try:
        parts = urlsplit(endpoint)
    except ValueError:  # e.g. "https://[::1": not an address at all
        return False
    host = (parts.hostname or "").lower()
    allowed = current_app.config["PUSH_SERVICE_HOSTS"]
    known = any(host == h or host.endswith("." + h) for h in allowed)
    # https only, except for a push service on this machine that the operator listed.
    local = host in {"127.0.0.1", "localhost", "::1"}
    return known and (parts.scheme == "https" or (local and parts.scheme == "http"))


def validated(info: Any) -> dict[str, Any]:
    """The parts of a PushSubscription's JSON we keep; SubscriptionError if any is wrong."""
    if not isinstance(info, dict):
        raise SubscriptionError("not an object")
    keys = info.get("keys")
    if not _allowed_endpoint(info.get("endpoint")):
        raise SubscriptionError("endpoint is not a known push service")
    if not isinstance(keys, dict):
        raise SubscriptionError("keys missing")
    if not _b64_length(keys.get("p256dh"), 65) or not _b64_length(keys.get("auth"), 16):
        raise SubscriptionError("keys are not a P-256 public key and a 16-byte secret")
    return {"endpoint": info["endpoint"], "keys": {"p256dh": keys["p256dh"], "auth": keys["auth"]}}


Subscription = PushSubscription | StaffPushSubscription
S = TypeVar("S", PushSubscription, StaffPushSubscription)


def _store(
    s: Session,
    model: type[S],
    owner: dict[str, str],
    info: Any,
    *,
    locale: str,
    now: datetime,
) -> S:
    """Store (or refresh) a browser's subscription of ``model`` for ``owner`` (the column and
    value that own it); the caller commits."""
    data = validated(info)
    endpoint_key = _keyed("push-endpoint", data["endpoint"])
    ((column, owner_id),) = owner.items()
    existing = s.scalar(
        select(model).where(getattr(model, column) == owner_id, model.endpoint_key == endpoint_key)
    )
    subscription = existing or model(
        id=new_id(), endpoint_key=endpoint_key, created_at=now, **owner
    )
    subscription.locale = locale
    subscription.data = seal_json(
        data, table=model.__tablename__, column="data", row_id=subscription.id
    )
    s.add(subscription)
    return subscription


def subscribe(
    s: Session, conversation: Conversation, info: Any, *, locale: str, now: datetime
) -> PushSubscription:
    """Store (or refresh) this browser's subscription for the conversation; the caller commits."""
    owner = {"conversation_id": conversation.id}
    return _store(s, PushSubscription, owner, info, locale=locale, now=now)


def subscribe_staff(
    s: Session, user: StaffUser, info: Any, *, locale: str, now: datetime
) -> StaffPushSubscription:
    """Store (or refresh) this browser's subscription to safety alerts for ``user``."""
    return _store(s, StaffPushSubscription, {"user_id": user.id}, info, locale=locale, now=now)


def remove(s: Session, subscription_id: str, token: str) -> bool:
    """Delete a subscription by its id and removal token; False if there is none such."""
    if not hmac.compare_digest(removal_token(subscription_id), token):
        return False
    subscription = s.get(PushSubscription, subscription_id)
    if subscription is None:
        return False
    s.delete(subscription)
    return True


def info_of(subscription: Subscription) -> dict[str, Any]:
    value: dict[str, Any] = open_json(
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
