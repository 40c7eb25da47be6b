"""The delivery worker: claim due events, deliver each, record what happened.

Claims are leases. On PostgreSQL the claim query uses ``FOR UPDATE SKIP LOCKED``, so
several workers share the queue without waiting on each other; on SQLite (one writer at a
time) the same conditional UPDATE makes a second worker's claim a no-op. Either way a
worker that dies mid-batch leaves leases that run out, and the events are claimed again.
Delivery is at least once: a receiver that must not act twice uses the event's key.

The worker knows nothing of Flask: what it needs of its app (sessions, the handlers, the
cipher, the profile, the settings, the clock) is a ``Station``, read once at start
(``portal.outbox.cli.station()``), and each step is its own unit of work with a Context.
"""

from __future__ import annotations

import logging
import random
import secrets
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Engine, or_, select, update
from sqlalchemy.orm import Session

from portal.core.context import Context
from portal.core.uow import unit_of_work
from portal.outbox.models import DEAD, DONE, PENDING, OutboxEvent
from portal.outbox.queue import (
    Delivered,
    Dropped,
    Failed,
    Handlers,
    Outcome,
    Retry,
    payload_of,
)

if TYPE_CHECKING:
    from portal.municipality import Profile
    from portal.security.crypto import FieldCipher

log = logging.getLogger(__name__)

BATCH = 50


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{secrets.token_hex(4)}"


def backoff(attempts: int, *, base: float, cap: float, rng: random.Random) -> timedelta:
    """Exponential backoff with full jitter: a random wait up to base * 2^(attempts-1), capped."""
    ceiling = min(cap, base * 2 ** max(0, attempts - 1))
    return timedelta(seconds=rng.uniform(0, ceiling))


@dataclass(frozen=True)
class Station:
    """What a worker takes from its app, once, at start."""

    engine: Engine
    sessions: Callable[[], Session]
    handlers: Handlers
    cipher: FieldCipher
    profile: Profile
    settings: Mapping[str, Any]
    clock: Callable[[], datetime]

    def context(self, s: Session) -> Context:
        """A Context for one step, at this moment; the portal itself acts."""
        return Context(
            session=s,
            now=self.clock(),
            cipher=self.cipher,
            profile=self.profile,
            settings=self.settings,
        )


@dataclass
class Tally:
    """What one pass did."""

    delivered: int = 0
    retried: int = 0
    dead: int = 0
    dropped: int = 0
    ids: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.delivered + self.retried + self.dead + self.dropped


def _claimable(now: datetime) -> ColumnElement[bool]:
    return (
        (OutboxEvent.state == PENDING)
        & (OutboxEvent.next_attempt_at <= now)
        & or_(OutboxEvent.claimed_until.is_(None), OutboxEvent.claimed_until < now)
    )


def claim(
    ctx: Context,
    worker: str,
    handlers: Handlers,
    *,
    limit: int = BATCH,
    channels: Sequence[str] | None = None,
) -> list[str]:
    """Lease up to ``limit`` due events (of ``channels``, or of every channel with a handler)
    to ``worker``; their ids, oldest due first. A channel without a handler (the pull API's)
    waits for someone else to take its events. In the caller's unit of work."""
    s, now = ctx.session, ctx.now
    until = now + timedelta(seconds=ctx.settings["OUTBOX_LEASE_SECONDS"])
    due = (
        select(OutboxEvent.id)
        .where(_claimable(now))
        .where(OutboxEvent.channel.in_(channels or sorted(handlers)))
        .order_by(OutboxEvent.next_attempt_at)
        .limit(limit)
    )
    if s.get_bind().dialect.name == "postgresql":
        # Rows another worker is claiming right now are skipped, not waited for.
        ids = list(s.scalars(due.with_for_update(skip_locked=True)).all())
        claimed = OutboxEvent.id.in_(ids)
    else:
        # SQLite has one writer at a time: this single UPDATE is the whole claim, so a
        # second worker's UPDATE runs after it and finds these rows leased.
        claimed = OutboxEvent.id.in_(due.scalar_subquery())
    s.execute(
        update(OutboxEvent)
        .where(claimed)
        .values(claimed_by=worker, claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    ids = list(
        s.scalars(
            select(OutboxEvent.id)
            .where(OutboxEvent.claimed_by == worker, OutboxEvent.claimed_until == until)
            .order_by(OutboxEvent.next_attempt_at)
        ).all()
    )
    return ids


def _record(
    event: OutboxEvent,
    outcome: Outcome,
    *,
    now: datetime,
    settings: Mapping[str, Any],
    rng: random.Random,
) -> str:
    event.attempts += 1
    event.claimed_by = None
    event.claimed_until = None
    if isinstance(outcome, Delivered):
        event.state, event.finished_at, event.last_error = DONE, now, None
        return "delivered"
    if isinstance(outcome, Dropped):
        event.state, event.finished_at, event.last_error = DONE, now, outcome.reason[:300]
        return "dropped"
    event.last_error = outcome.reason[:300]
    horizon = timedelta(seconds=settings["OUTBOX_RETRY_HORIZON_SECONDS"])
    wait = backoff(
        event.attempts,
        base=settings["OUTBOX_BACKOFF_BASE_SECONDS"],
        cap=settings["OUTBOX_BACKOFF_CAP_SECONDS"],
        rng=rng,
    )
    if isinstance(outcome, Failed) or now + wait - event.created_at > horizon:
        event.state, event.finished_at = DEAD, now
        # The reason can quote a recipient's address; it is in the event, for staff and
        # `outbox status`, and not in the log.
        log.warning("outbox event %s (%s) is dead", event.id, event.channel)
        return "dead"
    event.next_attempt_at = now + wait
    return "retried"


def deliver_one(
    station: Station, s: Session, event_id: str, worker: str, *, rng: random.Random
) -> str | None:
    """Deliver one claimed event; what happened, or None if the lease was lost to another
    worker meanwhile. Two units of work: renewing the lease, then the delivery with the
    record of what happened (or, if the delivery raised, that record alone).

    The lease is renewed just before delivering, and a lease is longer than any delivery
    may take (config checks it), so while this worker delivers, no other can claim the event:
    a batch that takes longer than one lease does not end up delivered twice at once.
    """
    lease = timedelta(seconds=station.settings["OUTBOX_LEASE_SECONDS"])
    with unit_of_work(s):
        renewed = s.execute(
            update(OutboxEvent)
            .where(
                OutboxEvent.id == event_id,
                OutboxEvent.claimed_by == worker,
                OutboxEvent.state == PENDING,
            )
            .values(claimed_until=station.clock() + lease)
            .execution_options(synchronize_session=False)
        )
    if renewed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    try:
        with unit_of_work(s):
            return _deliver(station, station.context(s), event_id, rng=rng)
    except _Raised as raised:
        error = raised.error
        log.error("delivering outbox event %s failed", event_id, exc_info=error)
    with unit_of_work(s):
        event = s.get(OutboxEvent, event_id)
        if event is None:
            return None
        outcome = Retry(f"unexpected error: {type(error).__name__}")
        return _record(event, outcome, now=station.clock(), settings=station.settings, rng=rng)


class _Raised(Exception):  # noqa: N818 - carries the delivery's exception out of its unit of work
    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _deliver(station: Station, ctx: Context, event_id: str, *, rng: random.Random) -> str | None:
    event = ctx.session.get(OutboxEvent, event_id)
    if event is None:
        return None
    deliver = station.handlers.get(event.channel)
    outcome: Outcome
    if deliver is None:
        outcome = Failed(f"no handler for channel {event.channel!r}")
    else:
        try:
            outcome = deliver(ctx, event, payload_of(ctx, event))
        except Exception as exc:
            raise _Raised(exc) from exc
    return _record(event, outcome, now=station.clock(), settings=station.settings, rng=rng)


def run_once(
    station: Station,
    worker: str | None = None,
    *,
    limit: int = BATCH,
    rng: random.Random | None = None,
    channels: Sequence[str] | None = None,
) -> Tally:
    """Claim one batch (a unit of work) and deliver it (each event in its own)."""
    worker = worker or new_worker_id()
    rng = rng or random.Random()  # noqa: S311 - jitter, not a secret
    tally = Tally()
    with station.sessions() as s, unit_of_work(s):
        ids = claim(station.context(s), worker, station.handlers, limit=limit, channels=channels)
    for event_id in ids:
        with station.sessions() as s:
            result = deliver_one(station, s, event_id, worker, rng=rng)
        if result is not None:
            setattr(tally, result, getattr(tally, result) + 1)
            tally.ids.append(event_id)
    return tally


def drain(
    station: Station,
    *,
    rng: random.Random | None = None,
    max_passes: int = 1000,
    channels: Sequence[str] | None = None,
) -> Tally:
    """Deliver until nothing is due now (tests and `outbox work --once`)."""
    total = Tally()
    for _ in range(max_passes):
        tally = run_once(station, rng=rng, channels=channels)
        if not tally.ids:
            break
        for name in ("delivered", "retried", "dead", "dropped"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        total.ids += tally.ids
    return total


def run_forever(
    station: Station,
    stop: threading.Event,
    *,
    poll_seconds: float = 1.0,
    channels: Sequence[str] | None = None,
) -> None:
    """Deliver until ``stop`` is set; sleeps ``poll_seconds`` when nothing is due."""
    worker = new_worker_id()
    rng = random.Random()  # noqa: S311 - jitter, not a secret
    log.info("outbox worker %s started", worker)
    while not stop.is_set():
        try:
            tally = run_once(station, worker, rng=rng, channels=channels)
        except Exception:
            log.exception("outbox pass failed; trying again shortly")
            station.engine.dispose()
            tally = Tally()
        if not tally.ids:
            stop.wait(poll_seconds)
    log.info("outbox worker %s stopped", worker)
