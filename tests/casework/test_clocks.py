"""The legal clocks at their edges, as staff see them: Friday evening, Easter, Christmas,
and the switches to and from summer time. Reports go in through the real journey."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from portal.casework.clocks import Clock, clocks_of
from portal.staff.templating import clock_words
from portal.working_days import TZ
from tests.conftest import checking_client, migrate
from tests.report.test_journey import PROFESSIONAL
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.cases import get
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, clock: MovableClock) -> Flask:
    application = make_app(
        tmp_path, f"sqlite:///{tmp_path / 'clocks.sqlite3'}", CLOCK=clock, RATELIMIT_ENABLED=False
    )
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def report_at(app: Flask, client: FlaskClient, clock: MovableClock, local: datetime) -> str:
    """A professional's report received at ``local`` Copenhagen time; its id."""
    clock.now = local.astimezone(UTC)
    forms.walk(client, "/report-a-concern", PROFESSIONAL)
    page = forms.send(client, "/report-a-concern")
    with app.app_context():
        return forms.sent_inquiry(page).id


def local(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=TZ)


def case_page(app: Flask, client: FlaskClient, case_id: str) -> str:
    logged_in(app, client, "leader")
    return " ".join(client.get(f"/staff/cases/{case_id}").get_data(as_text=True).split())


def test_a_friday_evening_report_is_due_for_assessment_on_saturday_evening(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    case_id = report_at(app, client, clock, local(2026, 11, 27, 18, 30))
    case = get(app, case_id)
    # 24 hours are 24 hours: the weekend does not pause the assessment.
    assert case.assess_by == local(2026, 11, 28, 18, 30)
    # The receipt counts working days from Friday: Mon 30 Nov is the first, Mon 7 Dec the 6th.
    assert case.receipt_due == local(2026, 12, 7, 23, 59, 59)
    clock.now = local(2026, 11, 28, 14, 0).astimezone(UTC)
    page = case_page(app, client, case_id)
    assert "Sat 28 Nov 2026, 18:30" in page
    assert '<span class="clock clock--soon">4 hours left</span>' in page
    assert "Mon 7 Dec 2026, 23:59" in page
    clock.now = local(2026, 11, 29, 9, 30).astimezone(UTC)
    page = case_page(app, client, case_id)
    assert "OVERDUE by 15 hours" in page
    # Not by colour alone: the words, and a visible mark.
    assert '<span class="clock__icon" aria-hidden="true">!</span> OVERDUE by 15 hours' in page


def test_easter_holidays_do_not_count_as_working_days(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    # Wednesday before Easter 2027: Maundy Thursday, Good Friday and Easter Monday are holidays.
    case_id = report_at(app, client, clock, local(2027, 3, 24, 16, 0))
    assert get(app, case_id).receipt_due == local(2027, 4, 6, 23, 59, 59)


def test_christmas_and_new_year_do_not_count(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    case_id = report_at(app, client, clock, local(2026, 12, 23, 15, 0))
    # 24 Dec (a weekday, not a public holiday), 25-26 Dec holidays, 27 Sunday, 28-31 Dec,
    # 1 Jan holiday: Thu 24, Mon 28, Tue 29, Wed 30, Thu 31, Mon 4 Jan.
    assert get(app, case_id).receipt_due == local(2027, 1, 4, 23, 59, 59)


def test_the_switch_to_summer_time_keeps_24_real_hours(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    # Saturday before Easter 2027; the clocks go forward on Sunday 28 March at 02:00.
    case_id = report_at(app, client, clock, local(2027, 3, 27, 10, 0))
    case = get(app, case_id)
    assert case.assess_by is not None
    assert case.assess_by - case.received_at == timedelta(hours=24)
    assert case.assess_by == local(2027, 3, 28, 11, 0)  # 11:00 summer time on the wall
    clock.now = local(2027, 3, 28, 9, 0).astimezone(UTC)
    page = case_page(app, client, case_id)
    assert "Sun 28 Mar 2027, 11:00" in page
    assert "2 hours left" in page


def test_the_switch_from_summer_time_keeps_24_real_hours(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    # The clocks go back on Sunday 25 October 2026 at 03:00.
    case_id = report_at(app, client, clock, local(2026, 10, 24, 12, 0))
    case = get(app, case_id)
    assert case.assess_by == local(2026, 10, 25, 11, 0)  # wall clock says 23 hours later
    clock.now = local(2026, 10, 25, 10, 0).astimezone(UTC)
    assert "60 minutes left" in case_page(app, client, case_id)


def test_a_clock_says_met_late_or_overdue_in_words() -> None:
    due = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    app = Flask(__name__)
    from portal.extensions import babel

    babel.init_app(app, timezone_selector=lambda: "Europe/Copenhagen")
    with app.test_request_context(), force_locale("en"):
        assert clock_words(Clock("assessment", due, None), due - timedelta(hours=30)) == (
            "30 hours left"
        )
        assert Clock("assessment", due, None).state(due - timedelta(hours=5)) == "soon"
        assert clock_words(Clock("assessment", due, None), due + timedelta(minutes=90)) == (
            "OVERDUE by 2 hours"
        )
        assert Clock("assessment", due, due - timedelta(hours=1)).state(due) == "met"
        late = Clock("receipt", due, due + timedelta(days=2))
        assert (late.state(due), clock_words(late, due)) == ("late", "Done 2 days late")


def test_the_inbox_puts_the_deadline_that_runs_out_first_on_top(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    older = report_at(app, client, clock, local(2026, 11, 23, 9, 0))
    newer = report_at(app, client, clock, local(2026, 11, 23, 11, 0))
    with app.app_context():
        assert [c.key for c in clocks_of(get(app, older))] == [
            "assessment", "receipt", "reporter_feedback",
        ]  # fmt: skip
    clock.now = local(2026, 11, 24, 10, 0).astimezone(UTC)
    logged_in(app, client, "leader")
    urgent = client.get("/staff/inbox?clock=overdue").get_data(as_text=True)
    assert older in urgent
    assert newer not in urgent
    page = client.get("/staff/inbox").get_data(as_text=True)
    assert page.index(older) < page.index(newer)
    newest_first = client.get("/staff/inbox?sort=newest").get_data(as_text=True)
    assert newest_first.index(newer) < newest_first.index(older)
