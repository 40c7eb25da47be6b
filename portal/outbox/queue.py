"""Queueing an event, and what a channel's delivery can answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.inquiries.models import new_id
from portal.outbox.models import PENDING, OutboxEvent
from portal.security.crypto import open_json, seal_json


@dataclass(frozen=True)
class Delivered:
    """The receiver accepted it."""


@dataclass(frozen=True)
class Retry:
    """A temporary failure (network, timeout, 429, 5xx, SMTP 4xx): try again later."""

    reason: str


@dataclass(frozen=True)
class Failed:
    """A permanent failure: retrying cannot help. The event is dead at once."""

    reason: str


@dataclass(frozen=True)
class Dropped:
    """Nothing to deliver any more (for example the push subscription was removed)."""

    reason: str


Outcome = Delivered | Retry | Failed | Dropped
# A channel's delivery: runs in the worker's transaction, may change rows (for example
# record a receipt as sent), and answers with an outcome. Raising counts as Retry.
Handler = Callable[[Session, OutboxEvent, dict[str, Any]], Outcome]

HANDLERS: dict[str, Handler] = {}


def handler(channel: str) -> Callable[[Handler], Handler]:
    """Register the delivery function of a channel."""

    def register(fn: Handler) -> Handler:
        HANDLERS[channel] = fn
        return fn

    return register


def enqueue(
    s: Session,
    *,
    channel: str,
    key: str,
    payload: dict[str, Any],
    now: datetime,
    inquiry_id: str | None = None,
    due: datetime | None = None,
) -> OutboxEvent | None:
    """Queue an event in the caller's transaction, to deliver from ``due`` (at once by
    default); a key already queued adds nothing."""
    if s.scalar(select(OutboxEvent.id).where(OutboxEvent.key == key)) is not None:
        return None
    event = OutboxEvent(
        id=new_id(),
        channel=channel,
        key=key,
        inquiry_id=inquiry_id,
        state=PENDING,
        attempts=0,
        created_at=now,
        next_attempt_at=due or now,
    )
    event.payload = seal_json(payload, table="outbox_event", column="payload", row_id=event.id)
    s.add(event)
    return event


def payload_of(event: OutboxEvent) -> dict[str, Any]:
    value: dict[str, Any] = open_json(
        event.payload, table="outbox_event", column="payload", row_id=event.id
    )
    return value
