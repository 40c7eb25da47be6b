"""The leaders' participation figures: from known rows, per month and district; the answers
to "did you feel heard?" only in groups of at least five, on the page and in the CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.casework import clocks
from portal.casework.models import FeltHeard, ParticipationNote
from portal.figures import participation as stats
from portal.i18n import COOKIE
from portal.inquiries import services
from portal.inquiries.models import Inquiry, new_id
from portal.instances import cipher
from portal.staff.models import AuditEntry
from portal.working_days import TZ
from tests.conftest import checking_client, migrate
from tests.conversation.test_heard import decided
from tests.figures.test_overview import Tables
from tests.support.apps import fixed_clock, make_app
from tests.support.cases import new_inquiry
from tests.support.context import context
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in, make_staff

# Each test has its own months, far from any other test's data (PostgreSQL runs share one
# schema). Wednesdays 10:00 UTC.
STATS_NOW = datetime(2048, 6, 17, 10, 0, tzinfo=UTC)
PAGE_NOW = datetime(2049, 6, 16, 10, 0, tzinfo=UTC)
CSV_NOW = datetime(2050, 6, 15, 10, 0, tzinfo=UTC)


def build_app(tmp_path: Path, database_url: str, now: datetime) -> Flask:
    app = make_app(tmp_path, database_url, CLOCK=fixed_clock(now))
    migrate(app)
    return app


def note(app: Flask, case_id: str, met_at: datetime, form: str, age: int | None,
         offered: bool) -> None:  # fmt: skip
    user = make_staff(app, "adviser", ("nord", "syd", "midt"))
    with app.app_context(), db.new_session() as s, s.begin():
        row = ParticipationNote(id=new_id(), inquiry_id=case_id, user_id=user.id, at=met_at,
                                met_at=met_at, form=form, bisidder_present=False,
                                told_purpose=True, offered_bisidder=offered, child_age=age,
                                party_case=False, heard_as_party=False)  # fmt: skip
        for column in ("place", "present", "views", "weighing"):
            sealed = cipher().encrypt("x", table="participation_note", column=column,
                                      row_id=row.id)  # fmt: skip
            setattr(row, column, sealed)
        s.add(row)


def felt(app: Flask, month: str, district: str | None, *answers: tuple[str | None, ...]) -> None:
    with app.app_context(), db.new_session() as s, s.begin():
        for said, listened, understood in answers:
            s.add(FeltHeard(id=new_id(), month=month, district_slug=district, age_band="10-13",
                            said_what_wanted=said, listened=listened,
                            understood=understood))  # fmt: skip


def citizen_report(app: Flask, received: datetime, district: str) -> None:
    with app.app_context(), db.new_session() as s, s.begin():
        inquiry = services.create_inquiry(
            context(s, received), kind="report_of_concern", answers={"reporter": "citizen"},
            anonymous=True, wants_answer=False, district_slug=district,
        )  # fmt: skip
        clocks.start_report_clocks(inquiry, professional=False, settings=app.config)


def converted(app: Flask, received: datetime) -> None:
    """A child's own inquiry that staff made a report of concern: still the child's route."""
    case_id, _words = new_inquiry(app, "ask_for_help", district="nord", received=received)
    with app.app_context(), db.new_session() as s, s.begin():
        inquiry = s.get(Inquiry, case_id)
        assert inquiry is not None
        inquiry.kind, inquiry.converted_from = "report_of_concern", "ask_for_help"


def seed(app: Flask, now: datetime) -> dict[str, str]:
    """Known rows in this month (June) and the one before (May); one from November before."""
    d, h = timedelta(days=1), timedelta(hours=1)
    june, may = now - 10 * d, now - 40 * d
    a, _w = new_inquiry(app, "ask_for_help", district="nord", received=june, conversation=True,
                        age_band="10-13", lundy={})  # fmt: skip
    b, _w = new_inquiry(app, "ask_for_help", district="nord", received=june, conversation=True,
                        age_band="6-9", lundy={})  # fmt: skip
    c, _w = new_inquiry(app, "consultation", district="syd", received=may, conversation=True,
                        age_band="14-17", lundy={})  # fmt: skip
    new_inquiry(app, "application", district="nord", received=june, answers={})
    new_inquiry(app, "family_advice", district=None, received=june, answers={})
    new_inquiry(app, "report_of_concern", district="nord", received=june)  # a professional
    citizen_report(app, june, "syd")
    converted(app, june)
    old, _w = new_inquiry(app, "ask_for_help", district="syd", received=now - 220 * d,
                          age_band="6-9", lundy={})  # fmt: skip
    # Decisions in June: told in the conversation (at the decision), by letter two days
    # later, the day before, not told and the day is over, not told on the same day.
    decided(app, a, at=now - 5 * d, view_basis="view")
    decided(app, a, at=now - 4 * d, in_conversation=False, told_at=now - 2 * d,
            view_basis="not_heard")  # fmt: skip
    decided(app, b, at=now - 3 * d, in_conversation=False, told_at=now - 4 * d, view_basis=None)
    decided(app, b, at=now - 2 * d, in_conversation=False, final=False, kind="meeting",
            view_basis=None)  # fmt: skip
    decided(app, b, at=now - h, in_conversation=False, final=False, view_basis=None)
    # In May, in Syd: a final decision with the child's view, told at once.
    decided(app, c, at=may + d, view_basis="view")
    decided(app, old, at=now - 200 * d, in_conversation=False, told_at=now - 200 * d)
    # Participation notes: child A twice (offered once), child B once, child C in May.
    note(app, a, now - 6 * d, "child_conversation", 11, offered=True)
    note(app, a, now - 5 * d, "observation", 11, offered=False)
    note(app, b, now - 6 * d, "network_meeting", 4, offered=False)
    note(app, c, may, "portal_answer", None, offered=True)
    note(app, old, now - 200 * d, "child_conversation", 7, offered=True)
    # Felt heard: Nord in June, 5 answers to the first question, 4 to the second, none to
    # the third; Syd in May, 2 answers to the first.
    month, before = now.astimezone(TZ).strftime("%Y-%m"), may.astimezone(TZ).strftime("%Y-%m")
    felt(app, month, "nord", ("yes", "no", None), ("yes", "no", None), ("yes", "partly", None),
         ("partly", "yes", None), ("no", None, None))  # fmt: skip
    felt(app, before, "syd", ("yes", None, None), ("yes", None, None))
    return {"a": a, "b": b, "c": c}


def test_the_months_are_calendar_months_in_copenhagen_time() -> None:
    months = stats.Months.ending(datetime(2048, 3, 31, 22, 30, tzinfo=UTC), 3)  # 1 April, local
    assert months.firsts[-1].isoformat() == "2048-04-01"
    assert months.keys == ("2048-02", "2048-03", "2048-04")
    assert months.start == datetime(2048, 2, 1, tzinfo=TZ)
    assert months.of(datetime(2048, 3, 31, 21, 59, tzinfo=UTC)) == 1  # 23:59 summer time
    assert months.of(datetime(2048, 3, 31, 22, 0, tzinfo=UTC)) == 2


@pytest.mark.parametrize(("raw", "months"), [(None, 6), ("3", 3), ("12", 12), ("5", 6), ("x", 6)])
def test_the_months_asked_for_fall_back_to_six(raw: str | None, months: int) -> None:
    assert stats.months_from(raw) == months


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ([5, 6], [False, False]),
        ([7, 6, 2], [False, True, True]),  # one under 5: the smallest other one goes too
        ([4, 3, 9], [True, True, False]),  # two under 5: neither follows from the total
        ([0, 9], [True, True]),
        ([3], [True]),
    ],
)
def test_a_group_under_five_answers_is_hidden(counts: list[int], hidden: list[bool]) -> None:
    assert stats.hidden(counts) == hidden


def test_figures_from_known_rows(tmp_path: Path, database_url: str) -> None:
    app = build_app(tmp_path, database_url, STATS_NOW)
    seed(app, STATS_NOW)
    with app.app_context(), db.new_session() as s:
        found = stats.participation(s, STATS_NOW, 6)
    may, june = 4, 5
    # Final decisions: (view, not heard with a reason, neither).
    assert found.decisions.by_month == {june: (1, 1, 1), may: (1, 0, 0)}
    assert found.decisions.by_district == {"nord": (1, 1, 1), "syd": (1, 0, 0)}
    assert stats.view_share(found.decisions.total) == 0.5
    # Told by the day: (on time, later, not told and the day over, not told the same day).
    told = {k: (v.on_time, v.late, v.overdue, v.running) for k, v in found.told.items()}
    assert told == {june: (2, 1, 1, 1), may: (1, 0, 0, 0), "nord": (2, 1, 1, 1),
                    "syd": (1, 0, 0, 0), "all": (3, 1, 1, 1)}  # fmt: skip
    assert found.told["all"].share == 0.6
    # Felt heard: per question yes / a bit / no.
    assert stats.answers_of(found.felt_heard.by_month[june]) == [
        stats.Answers(3, 1, 1), stats.Answers(1, 1, 2), stats.Answers(0, 0, 0)
    ]  # fmt: skip
    assert stats.answers_of(found.felt_heard.by_district["syd"])[0] == stats.Answers(2, 0, 0)
    assert stats.answers_of(found.felt_heard.total)[0].count == 7
    # Forms by age band: the notes, and the children's own inquiries by their band.
    assert found.forms == {
        ("10-13", "child_conversation"): 1,
        ("10-13", "observation"): 1,
        ("0-5", "network_meeting"): 1,
        (None, "portal_answer"): 1,
        ("10-13", stats.OWN_INQUIRY): 1,
        ("6-9", stats.OWN_INQUIRY): 1,
        ("14-17", stats.OWN_INQUIRY): 1,
    }
    # Bisidder: (children with a note, of those offered one); child A counts once.
    assert found.bisidder == {june: (2, 1), may: (1, 1), "nord": (2, 1), "syd": (1, 1),
                              "all": (3, 2)}  # fmt: skip
    # Routes: child, parent, professional, citizen.
    assert found.routes.by_month == {june: (3, 2, 1, 1), may: (1, 0, 0, 0)}
    assert found.routes.by_district == {"nord": (3, 1, 1, 0), None: (0, 1, 0, 0),
                                        "syd": (1, 0, 0, 1)}  # fmt: skip
    # Three months: the one from November is still outside.
    with app.app_context(), db.new_session() as s:
        shorter = stats.participation(s, STATS_NOW, 3)
    assert shorter.routes.total == (4, 2, 1, 1)


def open_page(app: Flask, html_validator: Validator, language: str = "en") -> FlaskClient:
    client = checking_client(app, html_validator)
    logged_in(app, client, "leader")
    client.set_cookie(COOKIE, language)
    return client


def test_the_page_shows_tables_and_charts_and_hides_small_groups(
    tmp_path: Path, database_url: str, html_validator: Validator
) -> None:
    app = build_app(tmp_path, database_url, PAGE_NOW)
    seed(app, PAGE_NOW)
    client = open_page(app, html_validator)
    html = client.get("/staff/figures/participation").get_data(as_text=True)
    tables = Tables(html).tables
    assert tables["table-decisions-month"]["June 2049"] == ["1", "1", "1", "33%"]
    assert tables["table-decisions-month"]["January 2049"] == ["0", "0", "0", "No data"]
    assert tables["table-decisions-district"]["Syd"] == ["1", "0", "0", "100%"]
    assert tables["table-told-month"]["June 2049"] == ["2", "1", "1", "1", "50%"]
    assert tables["table-bisidder-district"]["Nord"] == ["2", "1", "50%"]
    assert tables["table-routes-month"]["June 2049"] == ["3", "2", "1", "1", "7"]
    assert tables["table-routes-district"]["No district yet"] == ["0", "1", "0", "0", "1"]
    assert tables["table-forms"]["10-13 years"] == ["1", "1", "0", "0", "1", "3"]
    assert tables["table-forms"]["0-5 years"] == ["0", "0", "0", "1", "0", "1"]
    # Did you feel heard: 5 answers in June (shown), 2 in May (hidden), 7 in all.
    said = tables["table-heard-said-what-wanted-month"]
    assert said["June 2049"] == ["3", "1", "1", "5"]
    assert said["May 2049"] == ["Fewer than 5 answers"]
    assert said["All"] == ["5", "1", "1", "7"]
    assert tables["table-heard-said-what-wanted-district"]["Nord"] == ["3", "1", "1", "5"]
    assert tables["table-heard-said-what-wanted-district"]["Syd"] == ["Fewer than 5 answers"]
    listened = tables["table-heard-listened-month"]
    assert listened["June 2049"] == ["Fewer than 5 answers"]  # only 4
    assert listened["All"] == ["Fewer than 5 answers"]
    # Five charts, each pointing at a table of the page.
    assert html.count("<svg") == 5
    for name in ("decisions-month", "told-month", "bisidder-month", "routes-month", "forms"):
        assert f'aria-details="table-{name}"' in html
        assert f'id="table-{name}"' in html
    # Reading the figures is audited; the Danish page passes the page check too.
    with app.app_context(), db.new_session() as s:
        actions = s.scalars(select(AuditEntry.detail).where(
            AuditEntry.action == "read_figures", AuditEntry.at == PAGE_NOW))  # fmt: skip
        assert list(actions) == ["participation, 6 months"]
    client.set_cookie(COOKIE, "da")
    assert client.get("/staff/figures/participation?months=12").status_code == 200
    assert "/staff/figures/participation" in client.get("/staff/figures").get_data(as_text=True)


def test_the_csv_has_the_same_tables_and_hides_the_same_groups(
    tmp_path: Path, database_url: str, html_validator: Validator
) -> None:
    app = build_app(tmp_path, database_url, CSV_NOW)
    seed(app, CSV_NOW)
    client = open_page(app, html_validator)
    response = client.get("/staff/figures/participation/export?months=3")
    assert response.mimetype == "text/csv"
    assert 'filename="participation-20500615-1200.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0] == ["table", "caption", "group", "measure", "value"]
    cells = {(r[0], r[2], r[3]): r[4] for r in rows[1:]}
    assert cells[("table-routes-month", "June 2050", "Professional")] == "1"
    assert cells[("table-decisions-district", "Nord", "Share with the child's view")] == "0.3333"
    said = "table-heard-said-what-wanted-month"
    assert cells[(said, "June 2050", "Yes")] == "3"
    assert cells[(said, "June 2050", "Answers")] == "5"
    for measure in ("Yes", "A bit", "No", "Answers"):
        assert cells[(said, "May 2050", measure)] == "Fewer than 5 answers"
        assert cells[("table-heard-listened-month", "June 2050", measure)] == (
            "Fewer than 5 answers"
        )
    with app.app_context(), db.new_session() as s:
        exported = s.scalars(select(AuditEntry.detail).where(
            AuditEntry.action == "figures_exported", AuditEntry.at == CSV_NOW))  # fmt: skip
        assert list(exported) == ["participation, 3 months"]


def test_only_leaders_see_the_participation_figures(
    tmp_path: Path, html_validator: Validator
) -> None:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'leaders.sqlite3'}", RATELIMIT_ENABLED=False)
    migrate(app)
    client = checking_client(app, html_validator)
    for url in ("/staff/figures/participation", "/staff/figures/participation/export"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/staff/login")
        for role in ("reception", "adviser", "admin"):
            other = checking_client(app, html_validator)
            logged_in(app, other, role)
            assert other.get(url).status_code == 403, (url, role)
        leader = checking_client(app, html_validator)
        logged_in(app, leader, "leader")
        assert leader.get(url).status_code == 200
