"""Chaos on PostgreSQL: many clients, two worker processes, a case system that fails in
every way it can, and a worker killed mid-batch. Nothing is lost; the key absorbs repeats.

Workers are real `flask outbox work` processes; the case system is a real HTTP server
that checks signatures, applies each Idempotency-Key once and counts repeats.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal import db
from portal.outbox.models import PENDING, OutboxEvent
from tests.support.apps import PROFILE, ROOT, TEST_KEYS, TEST_VAPID_KEY, postgres_schema
from tests.support.case_system import SECRET, CaseSystem, case_system
from tests.support.cases import new_inquiry
from tests.support.http import free_port
from tests.support.outbox import outbox_app

pytestmark = pytest.mark.slow  # Load and chaos drills: seconds to minutes each.

# Fast retries and short leases, so an outage and a crash play out in seconds.
SETTINGS = {
    "CASE_SYSTEM_ADAPTER": "webhook",
    "CASE_SYSTEM_SECRET": SECRET,
    "CASE_SYSTEM_TIMEOUT_SECONDS": 1,
    "PUSH_TIMEOUT_SECONDS": 1,
    "MAIL_TIMEOUT_SECONDS": 1,
    "OUTBOX_BACKOFF_BASE_SECONDS": 1,
    "OUTBOX_BACKOFF_CAP_SECONDS": 2,
    "OUTBOX_LEASE_SECONDS": 3,
    "OUTBOX_POLL_SECONDS": 1,
}


@pytest.fixture
def system() -> Iterator[CaseSystem]:
    with case_system() as running:
        yield running


@pytest.fixture
def own_postgres() -> Iterator[str]:
    """A schema of its own: thousands of inquiries must not crowd other tests' inboxes."""
    with postgres_schema() as url:
        yield url


@pytest.fixture
def app(tmp_path: Path, own_postgres: str, system: CaseSystem) -> Flask:
    return outbox_app(tmp_path, own_postgres, CASE_SYSTEM_URL=system.url, **SETTINGS)


COMMAND = [sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "work",
           "--channel", "casesystem"]  # fmt: skip


def worker_env(app: Flask) -> dict[str, str]:
    """The environment a worker process needs to be the same portal as ``app``."""
    return {
        **os.environ,
        "PORTAL_ENV": "test",
        "INSTANCE_PATH": str(app.config["INSTANCE_PATH"]),
        "DATABASE_URL": app.config["DATABASE_URL"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "FIELD_ENCRYPTION_KEYS": TEST_KEYS,
        "PASSPHRASE_PEPPER": app.config["PASSPHRASE_PEPPER"],
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
        "MUNICIPALITY_PROFILE": str(PROFILE),
        "CASE_SYSTEM_URL": app.config["CASE_SYSTEM_URL"],
        **{k: str(v) for k, v in SETTINGS.items()},
    }


@contextmanager
def workers(app: Flask, count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` worker processes for the case-system channel, with the app's settings."""
    started = [
        subprocess.Popen(COMMAND, cwd=ROOT, env=worker_env(app), stderr=subprocess.DEVNULL)
        for _ in range(count)
    ]
    try:
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.terminate()
        for process in started:
            process.wait(timeout=30)


def pending(app: Flask) -> int:
    with app.app_context(), db.new_session() as s:
        return (
            s.scalar(
                select(func.count()).where(
                    OutboxEvent.channel == "casesystem", OutboxEvent.state == PENDING
                )
            )
            or 0
        )


def wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not done within {seconds} seconds")
        time.sleep(0.5)


def submit(app: Flask, count: int, clients: int) -> list[str]:
    """``count`` reports from ``clients`` concurrent clients; their inquiry ids."""
    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(lambda _: new_inquiry(app)[0], range(count)))


def figures(
    name: str, app: Flask, system: CaseSystem, submitted: int, capsys: pytest.CaptureFixture[str]
) -> dict[str, Any]:
    with app.app_context(), db.new_session() as s:
        attempts, retries = s.execute(
            select(func.max(OutboxEvent.attempts), func.sum(OutboxEvent.attempts - 1)).where(
                OutboxEvent.channel == "casesystem"
            )
        ).one()
    lags = [
        system.applied_at[key] - datetime.fromisoformat(r["occurred_at"]).timestamp()
        for key, r in system.applied.items()
    ]
    found = {
        "submitted": submitted,
        "applied": len(system.applied),
        "duplicates absorbed": system.duplicates,
        "max attempts": attempts,
        "retries": retries or 0,
        "max lag (s)": round(max(lags), 2),
    }
    with capsys.disabled():  # the figures belong in the test run's output
        print(f"\n{name}: " + ", ".join(f"{k} {v}" for k, v in found.items()))
    return found


def test_load_10000_submissions_50_clients_2_workers(
    app: Flask, system: CaseSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    with workers(app, 2):
        ids = submit(app, 10_000, clients=50)
        wait_for(lambda: len(system.applied) >= 10_000 and pending(app) == 0, 600)
    found = figures("load", app, system, len(ids), capsys)
    assert found["applied"] == 10_000
    # A record arrives twice only when its delivery was tried again, and every try is
    # counted: on a quiet machine there is none; on a loaded one an answer can come after
    # the 1-second timeout (or a starved worker's 3-second lease can run out), and the
    # case system absorbs the second copy by its key. Checked record by record: each copy
    # after the first has a try of its own.
    with app.app_context(), db.new_session() as s:
        tries = dict(
            s.execute(
                select(OutboxEvent.key, OutboxEvent.attempts).where(
                    OutboxEvent.key.in_(list(system.repeated))
                )
            ).all()
        )
    over = {k: (n, tries.get(k)) for k, n in system.repeated.items() if n >= tries.get(k, 1)}
    assert not over, f"copies beyond their tries (copies after the first, tries): {over}"
    assert {r["inquiry_id"] for r in system.applied.values()} == set(ids)
    assert system.bad_signatures == 0
    assert pending(app) == 0


def test_an_outage_loses_nothing_and_the_backlog_drains(
    tmp_path: Path, own_postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    port, system = free_port(), CaseSystem()
    app = outbox_app(
        tmp_path, own_postgres, CASE_SYSTEM_URL=f"http://127.0.0.1:{port}/records", **SETTINGS
    )
    with workers(app, 2):
        with case_system(port=port, keep=system):
            system.answers.extend([503] * 150)  # failing ...
            ids = submit(app, 300, clients=10)
            wait_for(lambda: not system.answers, 120)
            system.delay = 1.5  # ... too slow: applied, but answered after the timeout ...
            time.sleep(3)
            system.delay = 0
        time.sleep(4)  # ... and gone: connections refused
        with case_system(port=port, keep=system):
            wait_for(lambda: len(system.applied) >= 300 and pending(app) == 0, 240)
    found = figures("outage", app, system, len(ids), capsys)
    assert found["applied"] == 300
    assert {r["inquiry_id"] for r in system.applied.values()} == set(ids)
    assert found["max attempts"] <= 40, "retries are bounded by backoff"


def test_a_lost_acknowledgement_is_absorbed(
    app: Flask, system: CaseSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    system.answers.extend(["apply-then-drop"] * 50)
    with workers(app, 1):
        ids = submit(app, 100, clients=10)
        wait_for(lambda: len(system.applied) >= 100 and pending(app) == 0, 180)
    found = figures("lost ack", app, system, len(ids), capsys)
    assert found["applied"] == 100
    assert found["duplicates absorbed"] >= 50


def test_a_worker_killed_mid_batch_leaves_nothing_behind(
    app: Flask, system: CaseSystem, capsys: pytest.CaptureFixture[str]
) -> None:
    system.delay = 0.05  # slow enough that the kill lands inside a batch
    ids = submit(app, 200, clients=10)
    with workers(app, 1) as (victim,):
        wait_for(lambda: len(system.applied) >= 5, 60)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
    stranded = pending(app)
    assert 0 < stranded < 200, "the kill came mid-way"
    with app.app_context(), db.new_session() as s:
        leased = s.scalar(
            select(func.count()).where(
                OutboxEvent.state == PENDING, OutboxEvent.claimed_by.is_not(None)
            )
        )
    assert leased, "the killed worker held claims"
    system.delay = 0
    with workers(app, 1):
        wait_for(lambda: len(system.applied) >= 200 and pending(app) == 0, 120)
    found = figures("crash", app, system, len(ids), capsys)
    assert found["applied"] == 200


def test_a_worker_stops_cleanly_on_sigterm(app: Flask) -> None:
    with subprocess.Popen(COMMAND, cwd=ROOT, env=worker_env(app), stderr=subprocess.PIPE) as worker:
        assert worker.stderr is not None
        for line in worker.stderr:
            if b"outbox worker" in line and b"started" in line:
                break
        worker.terminate()
        assert worker.wait(timeout=20) == 0
        assert b"stopped" in worker.stderr.read()
