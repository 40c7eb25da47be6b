"""Operator commands: `flask --app wsgi outbox work|status|replay`, `push keys`."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal import clock, db
from portal.core.uow import unit_of_work
from portal.instances import cipher, profile
from portal.outbox import worker
from portal.outbox.metrics import outbox_metrics
from portal.outbox.models import DEAD, PENDING, OutboxEvent
from portal.outbox.queue import Handlers
from portal.push import vapid

outbox_cli = AppGroup("outbox", help="Deliver emails and pushes; look at and replay failures.")
push_cli = AppGroup("push", help="Web push.")


def handlers() -> Handlers:
    """The app's outbox handlers (registered by the app factory)."""
    registry: Handlers = current_app.extensions["outbox_handlers"]
    return registry


def station() -> worker.Station:
    """What the worker needs of this app, read once (in the app context)."""
    return worker.Station(
        engine=db.engine(),
        sessions=current_app.extensions["db_sessionmaker"],
        handlers=handlers(),
        cipher=cipher(),
        profile=profile(),
        settings=current_app.config,
        clock=current_app.config.get("CLOCK", clock.system_now),
    )


@outbox_cli.command("work")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option(
    "--channel",
    "channels",
    multiple=True,
    type=click.Choice(["email", "push", "casesystem", "safety"]),
    help="Only these channels (repeatable); default all.",
)
def work(once: bool, channels: tuple[str, ...]) -> None:
    """Deliver queued events until stopped (Ctrl+C or SIGTERM finishes the current one)."""
    if once:
        tally = worker.drain(station(), channels=channels or None)
        click.echo(
            f"delivered {tally.delivered}, retried later {tally.retried}, "
            f"failed {tally.dead}, dropped {tally.dropped}"
        )
        return
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    worker.run_forever(
        station(),
        stop,
        poll_seconds=current_app.config["OUTBOX_POLL_SECONDS"],
        channels=channels or None,
    )


@outbox_cli.command("status")
def status() -> None:
    """Per channel: pending, the oldest pending one's age, dead letters; then the dead ones."""
    for channel, counts in sorted(outbox_metrics(db.session(), clock.now()).items()):
        oldest = counts["oldest_pending_seconds"]
        click.echo(
            f"{channel:10} pending {counts['pending']}, oldest {oldest} s, dead {counts['dead']}"
        )
    for event in db.session().scalars(
        select(OutboxEvent).where(OutboxEvent.state == DEAD).order_by(OutboxEvent.finished_at)
    ):
        click.echo(f"failed {event.id} {event.channel} after {event.attempts}: {event.last_error}")


@outbox_cli.command("replay")
@click.argument("event_id")
def replay(event_id: str) -> None:
    """Queue a failed event again (after fixing what made it fail)."""
    with unit_of_work(db.session()) as s:
        event = s.get(OutboxEvent, event_id)
        if event is None:
            raise click.ClickException(
                f"No event {event_id}. `outbox status` lists the failed ones."
            )
        if event.state != DEAD:
            raise click.ClickException(f"Event {event_id} is {event.state}, not failed.")
        now = clock.now()
        event.state, event.attempts, event.created_at = PENDING, 0, now
        event.next_attempt_at, event.finished_at = now, None
    click.echo(f"Event {event_id} is queued again.")


@push_cli.command("keys")
def keys() -> None:
    """Print a new VAPID key pair: set VAPID_PRIVATE_KEY; the public key is derived from it."""
    private = vapid.new_private_key()
    click.echo(f"VAPID_PRIVATE_KEY={private}")
    click.echo(
        f"# public key (browsers subscribe with it): {vapid.public_key(vapid.load(private))}"
    )
