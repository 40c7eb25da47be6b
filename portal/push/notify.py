"""A new message for a child or family: queue a push per subscription, then deliver it.

The payload is the same few neutral words every time, padded to one size, so that neither
the phone's lock screen nor anyone watching the network learns more than "a message".
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from pywebpush import WebPushException, webpush

from portal.core.context import Context
from portal.core.text import N_, Message, words
from portal.inquiries.models import Conversation
from portal.inquiries.models import Message as ConversationMessage
from portal.json_types import JSONObject, required
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import Delivered, Dropped, Failed, Outcome, Retry, enqueue
from portal.push import endpoints, subscriptions, vapid
from portal.push.models import PushSubscription, StaffPushSubscription

CHANNEL = "push"
PAYLOAD_BYTES = 256
# One topic for every push: a phone that was offline gets one notification, not many.
TOPIC = "new-message"
URGENCY = "normal"
# A safety alert to staff: delivered at once, even to a phone saving its battery.
STAFF_TOPIC = "safety-alert"
STAFF_URGENCY = "high"


def _payload(
    settings: Mapping[str, Any], locale: str, title: Message, body: Message, url: str
) -> bytes:
    """A notification's JSON in ``locale``, padded to PAYLOAD_BYTES."""
    w = words(settings, locale)
    shown = {"title": w.gettext(title), "body": w.gettext(body), "url": url}
    data = json.dumps(shown, ensure_ascii=False, separators=(",", ":")).encode()
    if len(data) > PAYLOAD_BYTES:
        raise ValueError(f"the {locale} notification is longer than {PAYLOAD_BYTES} bytes")
    return data + b" " * (PAYLOAD_BYTES - len(data))


def neutral_payload(settings: Mapping[str, Any], locale: str) -> bytes:
    """The notification, in the conversation's language, padded to PAYLOAD_BYTES."""
    return _payload(
        settings, locale, N_("New message"), N_("You have a new message."), "/conversation"
    )


def staff_payload(settings: Mapping[str, Any], locale: str) -> bytes:
    """A safety alert for staff: that something urgent waits, never what or whose."""
    return _payload(
        settings,
        locale,
        N_("Urgent inquiry"),
        N_("An inquiry may be about a child in danger. Open the inbox."),
        "/staff/inbox",
    )


@dataclass(frozen=True)
class ConversationPush:
    """A new message: a push to one of the conversation's subscriptions."""

    subscription_id: str

    def to_json(self) -> JSONObject:
        return {"subscription_id": self.subscription_id}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConversationPush:
        return cls(required(data, "subscription_id", str, "push"))


@dataclass(frozen=True)
class StaffPush:
    """A safety alert: a push to one browser where a member of staff turned alerts on."""

    staff_subscription_id: str

    def to_json(self) -> JSONObject:
        return {"staff_subscription_id": self.staff_subscription_id}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StaffPush:
        return cls(required(data, "staff_subscription_id", str, "push"))


Push = ConversationPush | StaffPush


def push_of(data: Mapping[str, Any]) -> Push:
    """A queued push's JSON, as ``to_json`` of either kind wrote it."""
    if "staff_subscription_id" in data:
        return StaffPush.from_json(data)
    return ConversationPush.from_json(data)


def new_message(ctx: Context, conversation: Conversation, message: ConversationMessage) -> int:
    """Queue a push to each of the conversation's subscriptions, in the caller's unit of
    work; how many were queued."""
    queued = 0
    for subscription in subscriptions.of_conversation(ctx.session, conversation.id):
        event = enqueue(
            ctx,
            channel=CHANNEL,
            key=f"push:{message.id}:{subscription.id}",
            payload=ConversationPush(subscription.id),
            inquiry_id=conversation.inquiry_id,
        )
        queued += event is not None
    return queued


def staff_alert(ctx: Context, user_ids: list[str], *, key: str, inquiry_id: str) -> int:
    """Queue a safety alert to every browser where these members of staff turned alerts
    on; how many were queued. ``key`` names the alert (a flag, or its escalation)."""
    queued = 0
    for subscription in subscriptions.of_staff(ctx.session, user_ids):
        event = enqueue(
            ctx,
            channel=CHANNEL,
            key=f"push:{key}:{subscription.id}",
            payload=StaffPush(subscription.id),
            inquiry_id=inquiry_id,
        )
        queued += event is not None
    return queued


def _claims(ctx: Context, endpoint: endpoints.Endpoint) -> dict[str, str | int]:
    subject = ctx.settings["VAPID_SUBJECT"] or f"mailto:{ctx.profile.professional_email}"
    # Push services check exp against their own clock: real time, 12 hours ahead.
    return {"aud": endpoint.origin, "sub": subject, "exp": int(time.time()) + 12 * 60 * 60}


def deliver(ctx: Context, event: OutboxEvent, push: Push) -> Outcome:
    """The channel's delivery (registered in portal/outbox/handlers.py)."""
    s, cfg = ctx.session, ctx.settings
    subscription: PushSubscription | StaffPushSubscription | None
    if isinstance(push, StaffPush):
        subscription = s.get(StaffPushSubscription, push.staff_subscription_id)
        urgency, topic = STAFF_URGENCY, STAFF_TOPIC
        data = staff_payload(cfg, subscription.locale) if subscription else b""
    else:
        subscription = s.get(PushSubscription, push.subscription_id)
        urgency, topic = URGENCY, TOPIC
        data = neutral_payload(cfg, subscription.locale) if subscription else b""
    if subscription is None:
        return Dropped("the subscription was turned off")
    info = subscriptions.info_of(ctx.cipher, subscription)
    policy = endpoints.policy(cfg)
    try:
        # Checked again as it is sent: the settings may have changed since it was stored.
        endpoint = policy.check(endpoints.parse(info["endpoint"]))
    except endpoints.EndpointError as refused:
        s.delete(subscription)
        return Dropped(f"the subscription's endpoint is refused ({refused})")
    try:
        with endpoints.PushSession(policy.local) as session:
            webpush(
                {**info, "endpoint": endpoint.url},
                data=data.decode(),
                vapid_private_key=vapid.signer(cfg["VAPID_PRIVATE_KEY"]),
                vapid_claims=_claims(ctx, endpoint),
                ttl=cfg["PUSH_TTL_SECONDS"],
                headers={"Urgency": urgency, "Topic": topic},
                timeout=cfg["PUSH_TIMEOUT_SECONDS"],
                requests_session=session,
            )
    except endpoints.ForbiddenAddressError as refused:
        return Failed(f"the push service was not reached: {refused}")
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in {404, 410}:
            s.delete(subscription)
            return Dropped(f"the push service no longer knows the subscription ({status})")
        if status is None or status == 429 or status >= 500:
            return Retry(f"push service answered {status}")
        return Failed(f"push service refused the push ({status})")
    except requests.RequestException as exc:
        return Retry(f"push service not reached: {type(exc).__name__}")
    return Delivered()
