"""Cost growth of the staff pages with 1,000, 10,000 and 100,000 inquiries (PostgreSQL).

One schema grows step by step (tests/support/bulk.py: the mix of kinds, districts,
statuses and clocks, ~70% closed, with what people wrote sealed); after each step the
tables are ANALYZEd and a logged-in leader's test client requests each page, in process,
so a latency is the whole request: session, queries, template. The requirement: latency
grows no worse than logarithmically (1k to 100k: at most log(100k)/log(1k) = 1.67 times),
and the inbox at 100,000 inquiries answers under 100 ms at the 95th percentile.
"""

from __future__ import annotations

import logging
import math
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import cycle
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select, text

from portal import db
from portal.inquiries.models import Inquiry
from tests.conftest import migrate
from tests.support import bulk
from tests.support.apps import fixed_clock, make_app, postgres_schema
from tests.support.staff import logged_in, make_staff

SIZES = (1_000, 10_000, 100_000)
NOW = datetime(2046, 3, 14, 10, 0, tzinfo=UTC)  # a Wednesday morning
WARMUP = 20
REQUESTS = 200
TARGET_MS = 100.0
LOG_RATIO = math.log(SIZES[-1]) / math.log(SIZES[0])
INBOX = "/staff/inbox"
PAGES = (
    ("Inbox (open, most urgent first)", INBOX),
    ("Inbox, district Nord", f"{INBOX}?district=nord"),
    ("Inbox, newest first", f"{INBOX}?sort=newest"),
    ("Inbox, overdue, page 2", f"{INBOX}?clock=overdue&page=2"),  # 100 overdue at 1,000
    # 4 weeks: the same 800 inquiries at every size (8 weeks would be 1,000 then 1,600).
    ("Figures (4 weeks)", "/staff/figures?weeks=4"),
    ("Case page", ""),  # cycles through open cases of every kind
)


@dataclass
class Measured:
    latencies: list[float] = field(default_factory=list)  # ms
    queries: set[int] = field(default_factory=set)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Statements:
    """SQL statements (with their parameters) run on an engine while recording."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Any]] = []
        self.on = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if self.on:
            self.seen.append((statement, params))

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, Any]]]:
        self.seen, self.on = [], True
        try:
            yield self.seen
        finally:
            self.on = False


def _timed(client: FlaskClient, url: str, statements: Statements, into: Measured) -> None:
    with statements.recording() as seen:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    into.latencies.append(elapsed)
    into.queries.add(len(seen))


def _case_urls(app: Flask) -> list[str]:
    """Twenty of the newest open cases, every kind (the same ones at every size)."""
    with app.app_context():
        ids = db.session().scalars(
            select(Inquiry.id)
            .where(Inquiry.status != "closed")
            .order_by(Inquiry.received_at.desc())
            .limit(20)
        )
        return [f"/staff/cases/{i}" for i in ids]


def _measure(app: Flask, client: FlaskClient, statements: Statements) -> dict[str, Measured]:
    results: dict[str, Measured] = {}
    cases = _case_urls(app)
    for label, url in PAGES:
        urls: Callable[[], str] = cycle(cases if not url else [url]).__next__
        # Warm-up; also the first read of each case, which adds its reader to the record.
        for _ in range(max(WARMUP, len(cases))):
            _timed(client, urls(), statements, Measured())
        results[label] = measured = Measured()
        for _ in range(REQUESTS):
            _timed(client, urls(), statements, measured)
    return results


# The statements on the inquiry table, in the order the pages run them.
INBOX_QUERIES = ("count", "page", "failed deliveries")
FIGURES_QUERIES = (
    "by week",
    "by district",
    "assessment clock",
    "receipt clock",
    "reply times",
    "waiting for a reply",
    "consultations",
    "age bands",
)
PLAN_NODE = re.compile(r"^\s*(?:->\s*)?([A-Z][A-Za-z -]+?(?: using \S+)?(?: on \S+)?)\s+\(")


def _plans(app: Flask, client: FlaskClient, statements: Statements) -> list[str]:
    """EXPLAIN ANALYZE of every query the inbox and figures pages run on the inquiry table."""
    lines = []
    for label, url in PAGES[:5]:
        with statements.recording() as seen:
            client.get(url)
        names = FIGURES_QUERIES if "figures" in url else INBOX_QUERIES
        on_inquiry = [
            (sql, params)
            for sql, params in seen
            if sql.lstrip().startswith("SELECT") and " inquiry" in sql
        ]
        with app.app_context(), db.engine().connect() as conn:
            for number, (sql, params) in enumerate(on_inquiry):
                plan = [
                    row[0]
                    for row in conn.exec_driver_sql("EXPLAIN (ANALYZE, COSTS) " + sql, params)
                ]
                nodes = [m.group(1) for line in plan if (m := PLAN_NODE.match(line))]
                ran = next((p for p in plan if p.startswith("Execution Time")), "")
                what = names[number] if number < len(names) else _first_table(sql)
                lines.append(
                    f"| {label} | {what} | {' → '.join(nodes)} | "
                    f"{ran.removeprefix('Execution Time: ')} |"
                )
    return lines


def _first_table(sql: str) -> str:
    found = re.search(r"\bFROM (\w+)(?: JOIN (\w+))?", sql)
    if found is None:
        return "?"
    return " + ".join(t for t in found.groups() if t)


def _row(size: int, label: str, m: Measured) -> str:
    queries = "/".join(str(q) for q in sorted(m.queries))
    return (
        f"| {size:,} | {label} | {m.percentile(50):.1f} | {m.percentile(95):.1f} | "
        f"{m.percentile(99):.1f} | {queries} |"
    )


def run() -> str:
    started = time.perf_counter()
    by_size: dict[int, dict[str, Measured]] = {}
    seeding: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, postgres_schema() as url:
        # One client makes thousands of requests: the per-address limit is not measured.
        app = make_app(Path(tmp), url, CLOCK=fixed_clock(NOW), RATELIMIT_ENABLED=False)
        logging.getLogger("portal.access").setLevel(logging.WARNING)  # no line per request
        migrate(app)
        advisers = [make_staff(app, "adviser", (d,)).id for d in ("nord", "midt", "syd")]
        client = app.test_client()
        logged_in(app, client, "leader")
        statements = Statements()
        event.listen(app.extensions["db_engine"], "before_cursor_execute", statements)
        have = 0
        for size in SIZES:
            begun = time.perf_counter()
            rows = bulk.add_inquiries(
                app, start=have, count=size - have, now=NOW, staff_ids=advisers
            )
            with app.app_context(), db.engine().begin() as conn:
                conn.execute(text("ANALYZE"))
            seeding.append(
                f"{size - have:,} inquiries ({rows:,} rows) in {time.perf_counter() - begun:.1f} s"
            )
            have = size
            by_size[size] = _measure(app, client, statements)
        plans = _plans(app, client, statements)
    elapsed = time.perf_counter() - started
    return _report(by_size, plans, seeding, elapsed)


def _report(
    by_size: dict[int, dict[str, Measured]], plans: list[str], seeding: list[str], elapsed: float
) -> str:
    small, large = by_size[SIZES[0]], by_size[SIZES[-1]]
    table = [_row(size, label, m) for size, pages in by_size.items() for label, m in pages.items()]
    growth = []
    for label, _url in PAGES:
        p50 = large[label].percentile(50) / small[label].percentile(50)
        p95 = large[label].percentile(95) / small[label].percentile(95)
        verdict = "within" if max(p50, p95) <= LOG_RATIO else "WORSE than"
        growth.append(f"| {label} | {p50:.2f} | {p95:.2f} | {verdict} log |")
    inbox_p95 = large[PAGES[0][0]].percentile(95)
    met = "met" if inbox_p95 < TARGET_MS else "NOT met"
    return "\n".join(
        [
            "## Staff pages: cost growth with 1,000, 10,000 and 100,000 inquiries (PostgreSQL)",
            f"A leader's requests through the Flask test client, in process: {WARMUP} warm-up "
            f"requests, then {REQUESTS} measured per page and size. Inquiries arrive "
            f"{bulk.PER_WEEK} a week (100,000 is about ten years), ~70% closed. "
            f"Seeding: {'; '.join(seeding)}. Whole run: {elapsed:.0f} s.",
            "",
            f"**Target: inbox p95 < {TARGET_MS:.0f} ms at {SIZES[-1]:,} inquiries: {met} "
            f"({inbox_p95:.1f} ms).**",
            "",
            "| inquiries | page | p50 ms | p95 ms | p99 ms | queries per request |",
            "| ---: | --- | ---: | ---: | ---: | ---: |",
            *table,
            "",
            f"Growth from {SIZES[0]:,} to {SIZES[-1]:,} inquiries (logarithmic growth allows "
            f"log({SIZES[-1]:,})/log({SIZES[0]:,}) = {LOG_RATIO:.2f}):",
            "",
            "| page | p50 ratio | p95 ratio | verdict |",
            "| --- | ---: | ---: | --- |",
            *growth,
            "",
            f"Query plans of the inbox and figures pages at {SIZES[-1]:,} (EXPLAIN ANALYZE):",
            "",
            "| page | query | plan nodes | execution |",
            "| --- | --- | --- | ---: |",
            *plans,
        ]
    )
