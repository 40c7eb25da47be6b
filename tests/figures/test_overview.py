"""The leaders' figures page: who may see it, the figures from known data, counts only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal import db
from portal.figures import stats
from portal.i18n import COOKIE
from portal.inquiries import services
from portal.inquiries.lundy import Lundy, Voice
from portal.inquiries.models import Inquiry
from portal.working_days import TZ
from tests.conftest import checking_client, migrate
from tests.support.apps import fixed_clock, make_app
from tests.support.context import context
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in

# Each test that writes inquiries has its own moment, far from any other test's data:
# PostgreSQL runs share one schema. All are Wednesdays 11:00 UTC in winter time.
STATS_NOW = datetime(2041, 3, 13, 11, 0, tzinfo=UTC)
PAGE_NOW = datetime(2042, 2, 12, 11, 0, tzinfo=UTC)
PRIVACY_NOW = datetime(2043, 2, 11, 11, 0, tzinfo=UTC)
CHILD_PHRASE = "my turquoise bicycle named Hurtigfod"


def build_app(tmp_path: Path, database_url: str, now: datetime) -> Flask:
    app = make_app(tmp_path, database_url, CLOCK=fixed_clock(now))
    migrate(app)
    return app


def add(s: Session, kind: str, received: datetime, district: str | None, **clocks: Any) -> Inquiry:
    inquiry = services.create_inquiry(
        context(s, received),
        kind=kind,
        answers={"what": "counts only"},
        anonymous=True,
        wants_answer=False,
        district_slug=district,
    )
    for name, value in clocks.items():
        setattr(inquiry, name, value)
    return inquiry


def seed(app: Flask, now: datetime) -> None:
    """Known data around ``now`` (a Wednesday 11:00 UTC, so this ISO week began 2.5 days ago)."""
    h, d = timedelta(hours=1), timedelta(days=1)
    monday = datetime.combine((now - 2 * d).date(), datetime.min.time(), TZ)
    with app.app_context(), db.new_session() as s, s.begin():
        # Reports of concern: assessment on time x2, late, overdue, not yet due.
        # Receipts: on time, late, overdue, not yet due; one report has no receipt clock.
        r = now - 9 * d
        add(s, "report_of_concern", r, "nord", assess_by=r + 24 * h, assessed_at=r + 2 * h,
            receipt_due=r + 8 * d, receipt_sent_at=r + d)  # fmt: skip
        r = now - 8 * d
        add(s, "report_of_concern", r, "nord", assess_by=r + 24 * h, assessed_at=r + 20 * h,
            receipt_due=r + 6 * d, receipt_sent_at=r + 7 * d)  # fmt: skip
        r = now - 7 * d
        add(s, "report_of_concern", r, "nord", assess_by=r + 24 * h, assessed_at=r + 30 * h,
            receipt_due=r + d)  # fmt: skip
        r = now - 2 * d
        add(s, "report_of_concern", r, "nord", assess_by=r + 24 * h, receipt_due=r + 8 * d)
        r = now - 2 * h
        add(s, "report_of_concern", r, None, assess_by=r + 24 * h)
        # Consultations: closed with feedback x2, closed without, open overdue, open not due.
        r = now - 15 * d
        closed = {"closed_at": now - d, "status": "closed"}
        c1 = add(s, "consultation", r, "midt", feedback_given_at=now - d, **closed)
        c2 = add(s, "consultation", r, "midt", feedback_given_at=now - d, **closed)
        add(s, "consultation", r, "midt", **closed)
        add(s, "consultation", r, "midt", feedback_due=now - d)
        add(s, "consultation", r, "midt", feedback_due=now + 5 * d)
        # Replies after 2, 5 and 30 hours and one waiting; the consultation after 10 hours.
        r = now - 4 * d
        a1 = add(s, "ask_for_help", r, None, first_reply_at=r + 2 * h)
        a2 = add(s, "ask_for_help", r, None, first_reply_at=r + 5 * h)
        a3 = add(s, "ask_for_help", r, None, first_reply_at=r + 30 * h)
        a4 = add(s, "ask_for_help", r, None)
        c1.first_reply_at = c1.received_at + 10 * h
        for inquiry in (a1, a2, a3, a4, c1):
            services.open_conversation(context(s, inquiry.received_at), inquiry, first_message=None)
        for inquiry, band in ((a1, "10-13"), (a2, "10-13"), (a3, "14-17"), (c1, None), (c2, "6-9")):
            services.add_participation(
                context(s, inquiry.received_at),
                inquiry,
                age_band=band,
                format="web form",
                lundy=Lundy(),
            )
        # Either side of midnight between Sunday and Monday, Copenhagen time (UTC+1).
        add(s, "application", monday - timedelta(minutes=30), "syd")
        add(s, "application", monday + timedelta(minutes=30), "syd")
        # Ten weeks ago: outside 8 weeks, inside 13.
        old = add(s, "ask_for_help", now - 70 * d, "syd", first_reply_at=now - 70 * d + h)
        services.add_participation(
            context(s, now), old, age_band="6-9", format="web form", lundy=Lundy()
        )


class Tables(HTMLParser):
    """The tables of a page by id: row header -> the other cells' texts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, dict[str, list[str]]] = {}
        self._table: dict[str, list[str]] | None = None
        self._row: list[str] | None = None
        self._cell: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or "", {})
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._row is not None and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr" and self._row and self._table is not None:
            self._table[self._row[0]] = self._row[1:]
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell += data


def test_period_is_whole_iso_weeks_in_copenhagen_time() -> None:
    period = stats.Period.ending(STATS_NOW, 8)
    assert len(period.week_starts) == 8
    assert period.week_starts[-1] == datetime(2041, 3, 11, tzinfo=TZ)
    assert period.start == datetime(2041, 1, 21, tzinfo=TZ)
    assert period.start.astimezone(UTC) == datetime(2041, 1, 20, 23, tzinfo=UTC)
    assert period.end == STATS_NOW
    # Across the change to summer time (31 March 2041) every week still starts at midnight.
    summer = stats.Period.ending(datetime(2041, 4, 10, 8, tzinfo=UTC), 4)
    assert [w.astimezone(TZ).hour for w in summer.week_starts] == [0, 0, 0, 0]
    assert [w.astimezone(UTC).hour for w in summer.week_starts] == [23, 23, 22, 22]


@pytest.mark.parametrize(
    ("raw", "weeks"),
    [(None, 8), ("4", 4), ("13", 13), ("52", 52), ("5", 8), ("-4", 8), ("x", 8), ("", 8)],
)
def test_the_period_asked_for_falls_back_to_eight_weeks(raw: str | None, weeks: int) -> None:
    assert stats.weeks_from(raw) == weeks


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    h = timedelta(hours=1)
    assert stats.median([]) is None
    assert stats.median([30 * h, 2 * h, 5 * h]) == 5 * h
    assert stats.median([30 * h, 2 * h, 5 * h, 10 * h]) == 7.5 * h


def test_only_leaders_see_the_figures(
    app: Flask, client: FlaskClient, html_validator: Validator
) -> None:
    response = client.get("/staff/figures")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")
    for role in ("reception", "adviser", "admin"):
        other = checking_client(app, html_validator)
        logged_in(app, other, role)
        assert other.get("/staff/figures").status_code == 403, role
    logged_in(app, client, "leader")
    page = client.get("/staff/figures")
    assert page.status_code == 200
    assert 'id="table-weekly"' in page.get_data(as_text=True)


def test_figures_from_known_data(tmp_path: Path, database_url: str) -> None:
    app = build_app(tmp_path, database_url, STATS_NOW)
    seed(app, STATS_NOW)
    with app.app_context(), db.new_session() as s:
        fig = stats.figures(s, STATS_NOW, 8)
        wider = stats.figures(s, STATS_NOW, 13)
    assert fig.kinds == (
        "ask_for_help",
        "application",
        "report_of_concern",
        "consultation",
        "family_advice",
        "childs_view",
    )
    assert fig.by_week == {
        "ask_for_help": [0, 0, 0, 0, 0, 0, 4, 0],
        "application": [0, 0, 0, 0, 0, 0, 1, 1],
        "report_of_concern": [0, 0, 0, 0, 0, 0, 3, 2],
        "consultation": [0, 0, 0, 0, 0, 5, 0, 0],
        "family_advice": [0, 0, 0, 0, 0, 0, 0, 0],
        "childs_view": [0, 0, 0, 0, 0, 0, 0, 0],
    }
    assert fig.total == 16
    assert fig.by_district == {
        "nord": {"report_of_concern": 4},
        "midt": {"consultation": 5},
        "syd": {"application": 2},
        None: {"report_of_concern": 1, "ask_for_help": 4},
    }
    assert [slug for slug, _name in fig.districts] == ["midt", "nord", "syd", None]
    assert fig.assessment == stats.DeadlineShare(on_time=2, late=1, overdue=1, running=1)
    assert fig.assessment.share == 0.5
    assert fig.receipt == stats.DeadlineShare(on_time=1, late=1, overdue=1, running=1)
    assert fig.receipt.share == pytest.approx(1 / 3)
    h = timedelta(hours=1)
    assert fig.replies == [
        stats.ReplyTimes("ask_for_help", replied=3, waiting=1, median=5 * h),
        stats.ReplyTimes("consultation", replied=1, waiting=0, median=10 * h),
        stats.ReplyTimes(None, replied=4, waiting=1, median=7.5 * h),
    ]
    assert fig.consultations == stats.ConsultationFeedback(
        closed_with_feedback=2, closed_without_feedback=1, open_overdue=1, open_running=1
    )
    assert fig.consultations.share == pytest.approx(2 / 3)
    assert fig.age_bands == [("6-9", 1), ("10-13", 2), ("14-17", 1), (None, 1)]
    # Thirteen weeks reach the inquiry of ten weeks ago.
    assert sum(wider.by_week["ask_for_help"]) == 5
    assert wider.by_week["ask_for_help"][13 - 1 - 10] == 1
    assert wider.age_bands[0] == ("6-9", 2)
    assert wider.replies[-1].replied == 5


def test_the_page_shows_the_figures_in_tables_and_charts(
    tmp_path: Path, database_url: str, html_validator: Validator
) -> None:
    app = build_app(tmp_path, database_url, PAGE_NOW)
    seed(app, PAGE_NOW)
    client = checking_client(app, html_validator)
    logged_in(app, client, "leader")
    client.set_cookie(COOKIE, "en")
    html = client.get("/staff/figures").get_data(as_text=True)
    tables = Tables(html).tables
    # 12 February 2042 is in ISO week 7.
    assert tables["table-weekly"]["Week 6, 2042"] == ["4", "1", "3", "0", "0", "0", "8"]
    assert tables["table-weekly"]["Week 7, 2042"] == ["0", "1", "2", "0", "0", "0", "3"]
    assert tables["table-weekly"]["Week 5, 2042"] == ["0", "0", "0", "5", "0", "0", "5"]
    assert tables["table-weekly"]["Total"] == ["4", "2", "5", "5", "0", "0", "16"]
    assert len(tables["table-weekly"]) == 1 + 8 + 1  # header, weeks, total
    assert tables["table-districts"]["Nord"] == ["0", "0", "4", "0", "0", "0", "4"]
    assert tables["table-districts"]["No district yet"] == ["4", "0", "1", "0", "0", "0", "5"]
    assert tables["table-deadlines"]["Assessment within 24 hours (§ 136)"] == [
        "2", "1", "1", "1", "50%"
    ]  # fmt: skip
    assert tables["table-deadlines"]["Receipt to the reporter within 6 working days"] == [
        "1", "1", "1", "1", "33%"
    ]  # fmt: skip
    assert tables["table-replies"]["Ask for help"] == ["3", "5.0 hours", "1"]
    assert tables["table-replies"]["All kinds"] == ["4", "7.5 hours", "1"]
    assert tables["table-consultations"]["Share closed with feedback"] == ["67%"]
    assert tables["table-consultations"]["Open, past the promised feedback date"] == ["1"]
    assert tables["table-ages"] == {
        "Age band": ["Children"],
        "6-9 years": ["1"],
        "10-13 years": ["2"],
        "14-17 years": ["1"],
        "Not given": ["1"],
        "Total": ["5"],
    }
    # Six charts, each pointing at its table; the weekly one has a bar per (week, kind).
    assert html.count("<svg") == 7
    for name in ("weekly", "districts", "deadlines", "replies", "consultations", "ages"):
        assert f'aria-details="table-{name}"' in html
        assert f'id="table-{name}"' in html
    weekly_svg = html[html.index("<svg") : html.index("</svg>")]
    assert weekly_svg.count('class="chart__bar"') == 6

    wider = client.get("/staff/figures?weeks=13").get_data(as_text=True)
    assert '<option value="13" selected>' in wider
    assert Tables(wider).tables["table-weekly"]["Total"] == ["5", "2", "5", "5", "0", "0", "17"]
    fallback = client.get("/staff/figures?weeks=1000").get_data(as_text=True)
    assert '<option value="8" selected>' in fallback
    # The Danish page passes the page check too (the client checks every page).
    client.set_cookie(COOKIE, "da")
    assert client.get("/staff/figures").status_code == 200


def test_no_words_of_a_child_and_no_sealed_column_are_read(
    tmp_path: Path, database_url: str, html_validator: Validator
) -> None:
    app = build_app(tmp_path, database_url, PRIVACY_NOW)
    with app.app_context(), db.new_session() as s, s.begin():
        ctx = context(s, PRIVACY_NOW - timedelta(days=1))
        inquiry = services.create_inquiry(
            ctx,
            kind="ask_for_help",
            answers={"what": CHILD_PHRASE, "district": "nord"},
            anonymous=False,
            wants_answer=True,
            district_slug="nord",
        )
        services.add_participation(
            ctx,
            inquiry,
            age_band="14-17",
            format="web form",
            lundy=Lundy(voice=Voice(own_words=CHILD_PHRASE)),
        )
        services.open_conversation(ctx, inquiry, first_message=CHILD_PHRASE)
    client = checking_client(app, html_validator)
    logged_in(app, client, "leader")

    client.set_cookie(COOKIE, "en")
    engine = app.extensions["db_engine"]
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.lower())

    event.listen(engine, "before_cursor_execute", record)
    try:
        html = client.get("/staff/figures").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", record)

    assert CHILD_PHRASE not in html
    assert CHILD_PHRASE.split()[-1] not in html
    # The inquiry is counted, so the page did look at it.
    assert Tables(html).tables["table-ages"]["14-17 years"] == ["1"]
    figures_sql = [s for s in statements if "inquiry" in s]
    assert figures_sql
    for statement in figures_sql:
        for sealed in ("answers", "lundy", "body", "reasoning", "views_weighed", "decision"):
            assert sealed not in statement, statement
