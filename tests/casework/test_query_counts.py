"""The staff pages run as many SQL statements with ten times the inquiries: no query per
row (N+1), and the inbox counts and shows one page, not every match.

Each database is a fresh one of this module's own (on PostgreSQL a schema of its own):
hundreds of inquiries must not crowd other tests' inboxes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from portal import db
from portal.casework import inbox
from portal.i18n import COOKIE
from portal.inquiries.models import Inquiry
from tests.conftest import checking_client, migrate
from tests.support import bulk
from tests.support.apps import fixed_clock, make_app
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in, make_staff

NOW = datetime(2046, 3, 14, 10, 0, tzinfo=UTC)  # a Wednesday morning
N = 100
INBOX_PAGES = (
    "/staff/inbox",
    "/staff/inbox?district=nord",
    "/staff/inbox?kind=ask_for_help",
    "/staff/inbox?status=new",
    "/staff/inbox?clock=overdue",
    "/staff/inbox?sort=newest&status=all",
    "/staff/inbox?status=closed&page=2",
)
FIGURES_PAGES = ("/staff/figures", "/staff/figures?weeks=52")


@pytest.fixture
def app(tmp_path: Path, own_database_url: str) -> Flask:
    application = make_app(
        tmp_path, own_database_url, CLOCK=fixed_clock(NOW), RATELIMIT_ENABLED=False
    )
    migrate(application)
    return application


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run on the app's engine meanwhile."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def queries(app: Flask, client: FlaskClient, url: str) -> int:
    with statements(app) as seen:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(seen)


def newest(app: Flask, kind: str, status: str) -> str:
    with app.app_context():
        found = db.session().scalar(
            select(Inquiry.id)
            .where(Inquiry.kind == kind, Inquiry.status == status)
            .order_by(Inquiry.received_at.desc())
        )
    assert found is not None, (kind, status)
    return found


def test_pages_run_as_many_queries_with_ten_times_the_inquiries(app: Flask) -> None:
    advisers = [make_staff(app, "adviser", (d,)).id for d in ("nord", "midt", "syd")]
    bulk.add_inquiries(app, start=0, count=N, now=NOW, staff_ids=advisers)
    leader, reception = app.test_client(), app.test_client()
    leader.set_cookie(COOKIE, "en")
    logged_in(app, leader, "leader")
    logged_in(app, reception, "reception", districts=("nord", "midt"))
    # Cases with a history (assessment, triage; conversation, Lundy record, feedback).
    cases = [
        f"/staff/cases/{newest(app, 'report_of_concern', 'closed')}",
        f"/staff/cases/{newest(app, 'ask_for_help', 'closed')}",
    ]
    for url in cases:  # the first read also adds the reader to the child's Lundy record
        assert leader.get(url).status_code == 200

    def count_all() -> dict[str, int]:
        counts = {url: queries(app, leader, url) for url in (*INBOX_PAGES, *FIGURES_PAGES)}
        counts["reception /staff/inbox"] = queries(app, reception, "/staff/inbox")
        counts.update({url: queries(app, leader, url) for url in cases})
        return counts

    small = count_all()
    bulk.add_inquiries(app, start=N, count=9 * N, now=NOW, staff_ids=advisers)
    large = count_all()

    assert large == small
    # And few: session, user, activity, districts, count, the page, failed deliveries.
    assert max(small[url] for url in INBOX_PAGES) <= 8, small
    page = leader.get("/staff/inbox?status=all").get_data(as_text=True)
    assert 'rel="next"' in page
    assert f"{10 * N} items · page 1 of {10 * N // inbox.PAGE_SIZE}" in page


def test_a_long_inbox_says_more_than_the_count_and_pages_on(
    tmp_path: Path, html_validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'cap.sqlite3'}", CLOCK=fixed_clock(NOW))
    migrate(app)
    advisers = [make_staff(app, "adviser", ("nord",)).id]
    bulk.add_inquiries(app, start=0, count=3 * inbox.PAGE_SIZE, now=NOW, staff_ids=advisers)
    monkeypatch.setattr(inbox, "COUNT_CAP", inbox.PAGE_SIZE + 10)
    client = checking_client(app, html_validator)
    client.set_cookie(COOKIE, "en")
    logged_in(app, client, "leader")

    first = client.get("/staff/inbox?status=all").get_data(as_text=True)
    assert f"More than {inbox.PAGE_SIZE + 10} items · page 1" in first
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    last = client.get("/staff/inbox?status=all&page=3").get_data(as_text=True)
    # Not counted that far: still "more than", with no page total.
    assert f"More than {inbox.PAGE_SIZE + 10} items · page 3<" in last
    assert 'rel="prev"' in last
    assert 'rel="next"' not in last  # the last page: no row after it

    client.set_cookie(COOKIE, "da")
    danish = client.get("/staff/inbox?status=all").get_data(as_text=True)
    assert f"Mere end {inbox.PAGE_SIZE + 10} henvendelser · side 1" in danish
    assert "Næste side" in danish
