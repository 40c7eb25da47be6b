"""Queueing an event, and what a channel's delivery can answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar, runtime_checkable

from sqlalchemy import select

from portal.core.context import Context
from portal.inquiries.models import new_id
from portal.json_types import JSONObject
from portal.outbox.models import PENDING, OutboxEvent


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
# A channel's delivery: runs in the worker's unit of work (``ctx.session``), may change rows
# (for example record a receipt as sent), and answers with an outcome. Raising counts as
# Retry.
Deliver = Callable[[Context, OutboxEvent, P], Outcome]
# What the worker calls: the delivery with the stored JSON, parsed first.
Handler = Callable[[Context, OutboxEvent, JSONObject], Outcome]
# Which handler delivers the events of each channel (portal/outbox/handlers.py fills it).
Handlers = dict[str, Handler]


def handler(parse: Callable[[Mapping[str, Any]], P], deliver: Deliver[P]) -> Handler:
    """A channel's handler: ``parse`` reads its payload's JSON (as queued now, and as queued
    by earlier versions that may still wait in the outbox), ``deliver`` delivers it."""

    def handle(ctx: Context, event: OutboxEvent, payload: JSONObject) -> Outcome:
        return deliver(ctx, event, parse(payload))

    return handle


def enqueue(
    ctx: Context,
    *,
    channel: str,
    key: str,
    payload: Payload | Mapping[str, Any],
    now: datetime | None = None,
    inquiry_id: str | None = None,
    due: datetime | None = None,
) -> OutboxEvent | None:
    """Queue an event in the caller's unit of work (``ctx.session``), to deliver from ``due``
    (at once by default); a key already queued adds nothing. ``now`` is ``ctx.now`` unless
    given. ``payload`` is the channel's dataclass (a plain mapping is stored as it is: a
    channel without one, as in tests)."""
    s, now = ctx.session, now or ctx.now
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
    event.payload = ctx.cipher.seal_json(
        data, table="outbox_event", column="payload", row_id=event.id
    )
    s.add(event)
    return event


def payload_of(ctx: Context, event: OutboxEvent) -> JSONObject:
    """The payload's JSON, as queued (the pull API hands out a record's as it is)."""
    value: JSONObject = ctx.cipher.open_json(
        event.payload, table="outbox_event", column="payload", row_id=event.id
    )
    return value
