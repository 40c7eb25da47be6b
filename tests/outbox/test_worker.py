"""The outbox worker: leases, concurrent workers, backoff, the retry horizon, replay."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal import clock, db
from portal.core.context import Context
from portal.core.uow import unit_of_work
from portal.outbox import worker
from portal.outbox.cli import handlers, station
from portal.outbox.models import DEAD, DONE, PENDING, OutboxEvent
from portal.outbox.queue import Delivered, Failed, Outcome, Retry, enqueue
from portal.push import vapid
from tests.conftest import migrate
from tests.support.apps import MovableClock, make_app
from tests.support.outbox import ctx_of

CHANNEL = "test"


@pytest.fixture
def moving() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, database_url: str, moving: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=moving)
    migrate(application)
    # PostgreSQL runs share one schema: start from an empty queue.
    with application.app_context(), db.new_session() as s, s.begin():
        s.execute(delete(OutboxEvent))
    return application


@pytest.fixture
def outcomes(app: Flask) -> Iterator[list[Outcome | Exception]]:
    """What the test channel answers, in order (then Delivered); the payloads it saw."""
    answers: list[Outcome | Exception] = []

    def deliver(_ctx: Context, _event: OutboxEvent, payload: dict[str, Any]) -> Outcome:
        answers_seen.append(payload["n"])
        answer = answers.pop(0) if answers else Delivered()
        if isinstance(answer, Exception):
            raise answer
        return answer

    answers_seen: list[int] = []
    app.extensions["outbox_handlers"][CHANNEL] = deliver
    yield answers
    del app.extensions["outbox_handlers"][CHANNEL]


def queue(app: Flask, count: int, prefix: str = "k") -> list[str]:
    with app.app_context(), db.new_session() as s, s.begin():
        start = clock.now()
        # One millisecond apart, so "oldest due first" has one answer on every database.
        events = [
            enqueue(
                ctx_of(s),
                channel=CHANNEL,
                key=f"{prefix}{n}",
                payload={"n": n},
                now=start - timedelta(milliseconds=count - n),
            )
            for n in range(count)
        ]
        return [e.id for e in events if e is not None]


def claim(s: Session, name: str, **options: Any) -> list[str]:
    """``name`` claims due events, in a unit of work of its own (in the app context)."""
    with unit_of_work(s):
        return worker.claim(ctx_of(s), name, handlers(), **options)


def event(app: Flask, event_id: str) -> OutboxEvent:
    with app.app_context(), db.new_session() as s:
        found = s.get(OutboxEvent, event_id)
        assert found is not None
        return found


def test_a_channel_without_a_handler_is_left_alone(app: Flask) -> None:
    queue(app, 2)  # the test channel has no handler here (like the pull API's records)
    with app.app_context(), db.new_session() as s:
        assert claim(s, "w") == []
        assert len(claim(s, "w", channels=[CHANNEL])) == 2


def test_the_same_key_is_queued_once(app: Flask) -> None:
    assert len(queue(app, 3)) == 3
    assert queue(app, 3) == []
    with app.app_context(), db.new_session() as s:
        assert len(s.scalars(select(OutboxEvent)).all()) == 3


def test_a_claim_is_a_lease_that_another_worker_takes_over_when_it_runs_out(
    app: Flask, moving: MovableClock, outcomes: list[Outcome | Exception]
) -> None:
    ids = queue(app, 4)
    with app.app_context(), db.new_session() as s:
        first = claim(s, "crashed")
        assert sorted(first) == sorted(ids)
        assert claim(s, "second") == []
        # The first worker was killed mid-batch; its lease runs out.
        moving.advance(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
        second = claim(s, "second")
        assert sorted(second) == sorted(ids)
    with app.app_context():
        with db.new_session() as s:
            # The crashed worker, come back to life, no longer holds the lease.
            assert worker.deliver_one(station(), s, ids[0], "crashed", rng=random.Random(1)) is None
        tally = worker.run_once(station(), "third")
        assert tally.handled == 0  # still leased to "second"
        with db.new_session() as s:
            results = [
                worker.deliver_one(station(), s, i, "second", rng=random.Random(1)) for i in ids
            ]
    assert results == ["delivered"] * 4
    assert all(event(app, i).state == DONE for i in ids)


def test_workers_claiming_at_once_never_share_an_event(
    app: Flask, outcomes: list[Outcome | Exception]
) -> None:
    ids = set(queue(app, 60))
    barrier = threading.Barrier(3)
    claimed: dict[str, list[str]] = {}

    def claim_as(name: str) -> None:
        with app.app_context(), db.new_session() as s:
            barrier.wait()
            claimed[name] = claim(s, name, limit=25)

    threads = [threading.Thread(target=claim_as, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    got = [i for found in claimed.values() for i in found]
    assert len(got) == len(set(got)), "an event was claimed by two workers"
    assert set(got) <= ids
    assert len(got) == 60


def test_temporary_failures_back_off_and_die_after_the_horizon(
    app: Flask, moving: MovableClock, outcomes: list[Outcome | Exception]
) -> None:
    (event_id,) = queue(app, 1)
    outcomes.extend([Retry("503 from the receiver")] * 1000)
    base = app.config["OUTBOX_BACKOFF_BASE_SECONDS"]
    cap = app.config["OUTBOX_BACKOFF_CAP_SECONDS"]
    attempts = 0
    with app.app_context():
        while event(app, event_id).state == PENDING:
            before = clock.now()
            assert worker.drain(station()).handled == 1
            attempts += 1
            row = event(app, event_id)
            assert row.attempts == attempts
            if row.state == PENDING:
                wait = (row.next_attempt_at - before).total_seconds()
                assert 0 <= wait <= min(cap, base * 2 ** (attempts - 1))
                moving.now = row.next_attempt_at
    row = event(app, event_id)
    assert row.state == DEAD
    assert row.last_error == "503 from the receiver"
    horizon = timedelta(seconds=app.config["OUTBOX_RETRY_HORIZON_SECONDS"])
    assert row.finished_at is not None
    assert row.finished_at - row.created_at <= horizon
    # Bounded: with a 15-minute cap, a day of retries is at most a few hundred attempts.
    assert 10 < attempts < 400


def test_a_permanent_failure_is_dead_at_once_and_an_error_is_retried(
    app: Flask, moving: MovableClock, outcomes: list[Outcome | Exception]
) -> None:
    refused = queue(app, 1, prefix="refused")[0]
    moving.advance(seconds=1)  # claimed in this order (same-moment events have no order)
    broken = queue(app, 1, prefix="broken")[0]
    moving.advance(seconds=1)
    outcomes.extend([Failed("400 bad record"), RuntimeError("bug")])
    with app.app_context():
        tally = worker.drain(station())
    assert (tally.dead, tally.retried) == (1, 1)
    assert event(app, refused).state == DEAD
    assert event(app, refused).last_error == "400 bad record"
    assert event(app, broken).state == PENDING
    assert event(app, broken).last_error == "unexpected error: RuntimeError"


def test_backoff_is_full_jitter_under_a_cap() -> None:
    rng = random.Random(7)
    waits = [worker.backoff(n, base=30, cap=900, rng=rng).total_seconds() for n in range(1, 40)]
    assert all(0 <= w <= min(900, 30 * 2 ** (n - 1)) for n, w in enumerate(waits, start=1))
    late = waits[10:]
    assert max(late) <= 900
    assert len({round(w) for w in late}) > 20, "jitter spreads the retries"


def test_operators_see_the_queue_and_replay_a_failed_event(
    app: Flask, outcomes: list[Outcome | Exception]
) -> None:
    from portal.outbox.cli import outbox_cli

    dead, _waiting = queue(app, 2)
    outcomes.append(Failed("550 no such mailbox"))
    runner = app.test_cli_runner()
    with app.app_context():
        worker.run_once(station(), limit=1)
    status = runner.invoke(outbox_cli, ["status"])
    assert status.exit_code == 0, status.output
    assert "test       pending 1, oldest 0 s, dead 1" in status.output
    assert f"failed {dead} test after 1: 550 no such mailbox" in status.output
    again = runner.invoke(outbox_cli, ["replay", dead])
    assert again.exit_code == 0, again.output
    assert event(app, dead).state == PENDING
    refused = runner.invoke(outbox_cli, ["replay", dead])
    assert refused.exit_code != 0
    assert "is pending, not failed" in refused.output
    work = runner.invoke(outbox_cli, ["work", "--once"])
    assert "delivered 2" in work.output
    assert event(app, dead).state == DONE


def test_push_keys_prints_a_usable_key(app: Flask) -> None:
    from portal.outbox.cli import push_cli

    result = app.test_cli_runner().invoke(push_cli, ["keys"])
    assert result.exit_code == 0, result.output
    private = result.output.split("VAPID_PRIVATE_KEY=")[1].split()[0]
    public = result.output.split("subscribe with it): ")[1].split()[0]
    assert vapid.public_key(vapid.load(private)) == public
    assert len(vapid.unb64url(public)) == 65
