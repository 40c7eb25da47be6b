"""Delivery to the case system: events per second and lag, with the signed webhook on
loopback and PostgreSQL, for one and for two worker processes, side by side in one run.

Records are submitted by 10 clients while the workers run; lag is from the change to the
case system applying its record.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from portal import db
from tests.casesystem.test_chaos import SETTINGS, submit, workers
from tests.support.apps import PostgresSchema, dispose_all
from tests.support.case_system import CaseSystem, case_system
from tests.support.outbox import outbox_app

RECORDS = 2000


def _measure(workers_count: int, system: CaseSystem, url: str) -> tuple[float, float, float]:
    schema = PostgresSchema()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = outbox_app(Path(tmp), schema.create(), CASE_SYSTEM_URL=url, **SETTINGS)
            with workers(app, workers_count):
                time.sleep(3)  # the workers start
                submit(app, RECORDS, clients=10)
                deadline = time.monotonic() + 600
                while len(system.applied) < RECORDS and time.monotonic() < deadline:
                    time.sleep(0.2)
            with app.app_context():
                db.engine().dispose()
    finally:
        dispose_all()
        schema.drop()
    moments = sorted(system.applied_at.values())
    throughput = (len(moments) - 1) / (moments[-1] - moments[0])
    lags = sorted(
        system.applied_at[key] - datetime.fromisoformat(record["occurred_at"]).timestamp()
        for key, record in system.applied.items()
    )
    p95 = lags[int(0.95 * (len(lags) - 1))]
    return throughput, statistics.median(lags), p95


def run() -> str:
    rows = []
    for count in (1, 2):
        with case_system() as system:
            throughput, median, p95 = _measure(count, system, system.url)
        rows.append(f"| {count} | {throughput:.0f} | {median * 1000:.0f} | {p95 * 1000:.0f} |")
    return "\n".join(
        [
            "## Delivery to the case system (webhook on loopback, PostgreSQL)",
            f"{RECORDS} reports submitted by 10 clients while the workers run.",
            "",
            "| workers | records per second | median lag (ms) | p95 lag (ms) |",
            "| ---: | ---: | ---: | ---: |",
            *rows,
        ]
    )
