"""The demo database: known demo logins, invented cases in every state, never in production.

PostgreSQL tests share one schema for the whole run, so the demo accounts may exist
already from another test: these tests assert on what exists after seeding, not on
global counts (the exact counts are checked on SQLite).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dev.demo import cli
from dev.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from dev.demo.cases_consultations import SHARED_CASE_CODE
from portal import clock, db
from portal.inquiries import records
from portal.inquiries.models import Inquiry
from portal.instances import cipher
from portal.journeys.by_kind import JOURNEYS
from portal.staff import passwords, totp
from portal.staff.models import ROLES, AuditEntry, StaffUser
from tests.conftest import checking_client, migrate
from tests.support import pagecheck
from tests.support.apps import make_app
from tests.support.forms import location
from tests.support.staff import Account, login, make_staff, password_step, post_form

pytestmark = pytest.mark.slow  # Seeds the whole demo database.

LEADER, RECEPTION, NORD, SYD, ADMIN = (row[0] for row in DEMO_ACCOUNTS)


def _seed(app: Flask, *args: str) -> str:
    # As `flask --app wsgi demo seed` runs it: through the app's command groups.
    result = app.test_cli_runner().invoke(args=["demo", "seed", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def _user(s: Session, email: str) -> StaffUser:
    user = s.scalar(select(StaffUser).where(StaffUser.email == email))
    assert user is not None, email
    return user


def _account(app: Flask, email: str) -> Account:
    """A demo account as the README documents it: e-mail, password, secret."""
    secret = next(row[4] for row in DEMO_ACCOUNTS if row[0] == email)
    with app.app_context(), db.new_session() as s:
        return Account(_user(s, email).id, email, DEMO_PASSWORD, secret)


def clock_now(app: Flask) -> datetime:
    with app.app_context():
        return clock.now()


def _english(client: FlaskClient) -> FlaskClient:
    # The staff pages in English, so the test reads the words it looks for.
    client.set_cookie("indgang_lang", "en")
    return client


def test_the_documented_accounts_are_well_formed() -> None:
    assert len(DEMO_PASSWORD) >= passwords.MIN_LENGTH
    emails = [row[0] for row in DEMO_ACCOUNTS]
    assert len(set(emails)) == len(emails) == 5
    assert {row[2] for row in DEMO_ACCOUNTS} == set(ROLES)
    for email, name, role, districts, secret in DEMO_ACCOUNTS:
        assert email.endswith("@demo.indgang.dk"), email
        assert name, email
        assert re.fullmatch(r"[A-Z2-7]{32}", secret), email
        assert bool(districts) == (role in ("reception", "adviser"))
    assert {row[0]: row[3] for row in DEMO_ACCOUNTS}[RECEPTION] == ("nord", "midt", "syd")


def test_seed_then_work_the_inbox_as_the_demo_leader(
    own_database_url: str, tmp_path: Path, html_validator: pagecheck.Validator
) -> None:
    # A database of its own: the leader's inbox shows every case there is.
    app = make_app(tmp_path, own_database_url)
    migrate(app)
    output = _seed(app)
    assert f"/staff/login as {LEADER} with password {DEMO_PASSWORD}" in output
    assert "flask --app wsgi demo code EMAIL" in output

    with app.app_context(), db.new_session() as s:
        for email, name, role, districts, secret in DEMO_ACCOUNTS:
            user = _user(s, email)
            assert (user.name, user.role, user.demo) == (name, role, True)
            assert user.district_slugs == set(districts)
            assert not user.must_change_password
            assert user.totp_confirmed_at is not None
            assert totp.secret_of(cipher(), user) == secret
        assert passwords.verify(_user(s, LEADER).password_hash, DEMO_PASSWORD)
        now = clock.now()
        reports = select(Inquiry).where(Inquiry.kind == "report_of_concern")
        # Every clock has something overdue, and the 24-hour one also something due soon.
        assert s.scalar(reports.where(Inquiry.assessed_at.is_(None), Inquiry.assess_by < now))
        assert s.scalar(reports.where(Inquiry.assessed_at.is_(None), Inquiry.assess_by > now))
        assert s.scalar(reports.where(Inquiry.receipt_sent_at.is_(None), Inquiry.receipt_due < now))
        assert s.scalar(
            reports.where(
                Inquiry.reporter_feedback_at.is_(None), Inquiry.reporter_feedback_due < now
            )
        )
        assert s.scalar(
            select(Inquiry).where(Inquiry.feedback_given_at.is_(None), Inquiry.feedback_due < now)
        )
        for kind in JOURNEYS:
            assert s.scalar(select(Inquiry.id).where(Inquiry.kind == kind).limit(1)), kind
        assert {i.locale for i in s.scalars(select(Inquiry))} >= {"da", "en", "ar", "uk"}
        shared = s.scalars(
            select(Inquiry)
            .where(Inquiry.case_code == SHARED_CASE_CODE)
            .order_by(Inquiry.received_at)
        ).all()
        assert [i.kind for i in shared] == ["consultation", "consultation"]
        assert shared[0].closed_at is not None  # feedback given, closed
        assert shared[1].closed_at is None
        consultation = shared[0].id
        syd = _user(s, SYD)
        report = s.scalar(
            reports.where(Inquiry.assigned_to_id == syd.id, Inquiry.assessed_at.is_not(None))
        )
        assert report is not None
        # A young person's own application (a parent's shows the child's view too).
        application = s.scalar(
            select(Inquiry).where(
                Inquiry.kind == "application",
                Inquiry.assigned_to_id == _user(s, NORD).id,
                ~Inquiry.participation.has(),
            )
        )
        assert application is not None
        report_id, application_id = report.id, application.id

    client = _english(checking_client(app, html_validator))
    login(app, client, _account(app, LEADER))
    inbox = client.get("/staff/inbox")
    assert inbox.status_code == 200
    page = inbox.get_data(as_text=True)
    assert "OVERDUE" in page
    assert "clock--overdue" in page
    assert "clock--soon" in page
    overdue = client.get("/staff/inbox?clock=overdue")
    assert overdue.status_code == 200
    assert "OVERDUE" in overdue.get_data(as_text=True)
    for inquiry_id in (report_id, consultation, application_id):
        response = client.get(f"/staff/cases/{inquiry_id}")
        assert response.status_code == 200, inquiry_id
    over_time = client.get(f"/staff/cases/{consultation}/participation")
    assert over_time.status_code == 200
    assert over_time.get_data(as_text=True).count('href="/staff/cases/') >= 2


def test_seeding_again_adds_nothing_and_if_empty_keeps_a_used_database(app: Flask) -> None:
    output = _seed(app, "--if-empty")
    assert "Demo accounts: 5 created" in output
    with app.app_context(), db.new_session() as s:
        inquiries = s.scalar(select(func.count()).select_from(Inquiry))
        audited = s.scalar(select(func.count()).select_from(AuditEntry))
    assert inquiries is not None
    assert 30 <= inquiries <= 45
    assert _seed(app, "--if-empty") == ""
    again = _seed(app)
    assert "0 created, 5 already there" in again
    assert "none added" in again
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(func.count()).select_from(Inquiry)) == inquiries
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audited
        # The replayed casework is audited at the moment it happened, from localhost.
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "triaged")).all()
        assert entries
        assert {e.ip for e in entries} == {"127.0.0.1"}
        times = sorted(e.at for e in entries)
        assert times[-1] - times[0] > timedelta(days=14)
        assert times[-1] < clock_now(app)


def test_seeding_fills_only_what_is_missing(app: Flask) -> None:
    make_staff(app, "leader")  # the database is in use: --if-empty leaves it alone
    assert _seed(app, "--if-empty") == ""
    assert "5 created" in _seed(app)  # without the flag the demo goes in beside it
    with app.app_context(), db.new_session() as s, s.begin():
        s.delete(_user(s, ADMIN))
    output = _seed(app)
    assert "1 created, 4 already there" in output
    assert "none added" in output
    with app.app_context(), db.new_session() as s:
        assert _user(s, ADMIN).demo


def test_every_answer_fits_its_journey(app: Flask) -> None:
    """The staff case page shows answers through the journeys' forms: names and values fit."""
    _seed(app)
    with app.test_request_context(), db.new_session() as s:
        inquiries = s.scalars(select(Inquiry)).all()
        assert inquiries
        for inquiry in inquiries:
            journey = JOURNEYS[inquiry.form_kind]
            answers = records.answers_of(cipher(), inquiry)
            assert journey.first_missing(answers) is None, inquiry.reference
            assert journey.collected(answers) == answers, inquiry.reference
            for step in journey.applicable(answers):
                form = step.form(data=answers, meta={"csrf": False})
                form.stored_answers = answers
                assert form.validate(), (inquiry.reference, step.slug, form.errors)
            assert all(row.question for row in journey.rows(answers))


def test_every_demo_case_page_opens(app: Flask) -> None:
    _seed(app)
    client = _english(app.test_client())
    login(app, client, _account(app, LEADER))
    with app.app_context(), db.new_session() as s:
        cases = [(i.id, i.kind) for i in s.scalars(select(Inquiry))]
    failed: list[tuple[str, str]] = []
    for inquiry_id, kind in cases:
        try:
            response = client.get(f"/staff/cases/{inquiry_id}")
        except Exception as exc:  # a template error propagates while TESTING
            failed.append((kind, type(exc).__name__))
            continue
        if response.status_code != 200:
            failed.append((kind, str(response.status_code)))
    assert not failed, failed


def test_demo_code_logs_in(app: Flask) -> None:
    _seed(app)
    result = app.test_cli_runner().invoke(args=["demo", "code", SYD])
    assert result.exit_code == 0, result.output
    code = result.output.strip()
    assert re.fullmatch(r"\d{6}", code)
    client = _english(app.test_client())
    assert location(password_step(client, _account(app, SYD))).startswith("/staff/login/code")
    response = post_form(client, "/staff/login/code", {"code": code})
    assert location(response) == "/staff/inbox"
    assert client.get("/staff/inbox").status_code == 200


def test_demo_code_is_only_for_demo_accounts(app: Flask) -> None:
    someone = make_staff(app, "adviser")
    result = app.test_cli_runner().invoke(args=["demo", "code", someone.email])
    assert result.exit_code != 0
    assert "is not a demo account" in result.output
    result = app.test_cli_runner().invoke(args=["demo", "code", "nobody@demo.indgang.dk"])
    assert result.exit_code != 0


def test_production_has_no_demo_commands(tmp_path: Path) -> None:
    """Under PORTAL_ENV=production `flask --app wsgi demo ...` is no such command (and
    tests/test_demo_isolation.py shows ``dev`` is not even imported)."""
    app = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        PORTAL_ENV="production",
        PUBLIC_URL="https://indgang.example.dk",
        CASE_SYSTEM_ADAPTER="none",
    )
    migrate(app)
    runner = app.test_cli_runner()
    for args in (["demo", "seed"], ["demo", "seed", "--if-empty"], ["demo", "code", LEADER]):
        result = runner.invoke(args=args)
        assert result.exit_code == 2, result.output
        assert "No such command 'demo'" in result.output
    # Called directly (as code could), the commands still refuse.
    for command, args in ((cli.demo_seed, []), (cli.demo_code, [LEADER])):
        result = runner.invoke(command, args)
        assert result.exit_code != 0
        assert "never put into a production database" in result.output
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(func.count()).select_from(StaffUser)) == 0
        assert s.scalar(select(func.count()).select_from(Inquiry)) == 0
