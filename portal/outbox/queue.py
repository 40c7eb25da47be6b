"""Queueing an event, and what a channel's delivery can answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar, runtime_checkable

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.inquiries.models import new_id
from portal.json_types import JSONObject
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


@runtime_checkable
class Payload(Protocol):
    """What an event carries: each channel has its own dataclass, stored as its JSON."""

    def to_json(self) -> JSONObject: ...


P = TypeVar("P")
# A channel's delivery: runs in the worker's transaction, may change rows (for example
# record a receipt as sent), and answers with an outcome. Raising counts as Retry.
Deliver = Callable[[Session, OutboxEvent, P], Outcome]
# What the worker calls: the delivery with the stored JSON, parsed first.
Handler = Callable[[Session, OutboxEvent, JSONObject], Outcome]

HANDLERS: dict[str, Handler] = {}


def handler(
    channel: str, parse: Callable[[Mapping[str, Any]], P]
) -> Callable[[Deliver[P]], Deliver[P]]:
    """Register the delivery function of a channel; ``parse`` reads its payload's JSON (as
    queued now, and as queued by earlier versions that may still wait in the outbox)."""

    def register(fn: Deliver[P]) -> Deliver[P]:
        def deliver(s: Session, event: OutboxEvent, payload: JSONObject) -> Outcome:
            return fn(s, event, parse(payload))

        HANDLERS[channel] = deliver
        return fn

    return register


def enqueue(
    s: Session,
    *,
    channel: str,
    key: str,
    payload: Payload | Mapping[str, Any],
    now: datetime,
    inquiry_id: str | None = None,
    due: datetime | None = None,
) -> OutboxEvent | None:
    """Queue an event in the caller's transaction, to deliver from ``due`` (at once by
    default); a key already queued adds nothing. ``payload`` is the channel's dataclass (a
    plain mapping is stored as it is: a channel without one, as in tests)."""
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
    data = payload.to_json() if isinstance(payload, Payload) else dict(payload)
    event.payload = seal_json(data, table="outbox_event", column="payload", row_id=event.id)
    s.add(event)
    return event


def payload_of(event: OutboxEvent) -> JSONObject:
    """The payload's JSON, as queued (the pull API hands out a record's as it is)."""
    value: JSONObject = open_json(
        event.payload, table="outbox_event", column="payload", row_id=event.id
    )
    return value
