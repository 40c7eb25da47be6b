"""Answers promised and kept: the sender is told the day, staff see the clock; a message after
closing opens the case again in the adviser's inbox; the figures count both."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.i18n import COOKIE
from tests.apply.test_journey import PARENT
from tests.ask.test_journey import STEPS
from tests.conftest import checking_client, migrate
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.cases import get
from tests.support.decisions import decide_and_close
from tests.support.forms import location, submit
from tests.support.pagecheck import Validator
from tests.support.staff import login, make_staff, post_form

# Friday 27 November 2026, 10:00 in Copenhagen.
FRIDAY = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
WORDS = re.compile(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>')


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(FRIDAY)


@pytest.fixture
def app(tmp_path: Path, own_database_url: str, clock: MovableClock) -> Flask:
    """A database of its own: the tests read whole inboxes and figures."""
    application = make_app(tmp_path, own_database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


def visitor(app: Flask, validator: Validator) -> FlaskClient:
    client = checking_client(app, validator)
    client.set_cookie(COOKIE, "en")
    return client


def staff(app: Flask, validator: Validator, role: str, *districts: str) -> FlaskClient:
    client = visitor(app, validator)
    login(app, client, make_staff(app, role, districts or ("nord",)))
    return client


def asks(app: Flask, validator: Validator) -> tuple[str, str, FlaskClient]:
    """A child asks for help and wants an answer: (inquiry id, six words, the child)."""
    child = visitor(app, validator)
    forms.walk(child, "/ask-for-help", STEPS)
    receipt = forms.send(child, "/ask-for-help")
    words = WORDS.search(receipt)
    assert words
    with app.app_context():
        inquiry_id = forms.sent_inquiry(receipt).id
    child.get("/exit")
    child.set_cookie(COOKIE, "en")
    return inquiry_id, words.group(1), child


def test_a_child_is_told_the_day_and_reception_sees_the_clock(
    app: Flask, html_validator: Validator
) -> None:
    child = visitor(app, html_validator)
    forms.walk(child, "/ask-for-help", STEPS)
    receipt = forms.send(child, "/ask-for-help")
    # One working day after a Friday: Monday.
    assert "We answer you by Monday 30 November. Come back then" in " ".join(receipt.split())
    with app.app_context():
        inquiry = forms.sent_inquiry(receipt)
    assert inquiry.answer_due == datetime(2026, 11, 30, 22, 59, 59, tzinfo=UTC)
    reception = staff(app, html_validator, "reception")
    inbox = reception.get("/staff/inbox").get_data(as_text=True)
    assert "Answer:" in inbox
    post_form(reception, f"/staff/cases/{inquiry.id}/reply", {"message": "Hej, tak."})
    answered = get(app, inquiry.id)
    assert (answered.answer_due, answered.awaiting_since) == (None, None)


def test_a_parent_is_promised_three_working_days(app: Flask, html_validator: Validator) -> None:
    parent = visitor(app, html_validator)
    forms.walk(parent, "/apply-for-support", PARENT)
    receipt = forms.send(parent, "/apply-for-support")
    assert "answers you by Wednesday 2 December." in " ".join(receipt.split())


def test_a_new_message_starts_a_clock_and_says_so_in_the_inbox(
    app: Flask, html_validator: Validator, clock: MovableClock
) -> None:
    case_id, words, child = asks(app, html_validator)
    reception = staff(app, html_validator, "reception")
    post_form(reception, f"/staff/cases/{case_id}/reply", {"message": "Hej, tak for beskeden."})
    clock.advance(days=3)  # Monday
    submit(child, "/conversation", {"passphrase": words})
    response = submit(child, "/conversation/messages", {"message": "Må jeg spørge om mere?"})
    page = child.get(location(response)).get_data(as_text=True)
    assert "Your message is sent." in page
    assert "We answer by December 1, 2026. Come back then" in page
    reception = staff(app, html_validator, "reception")
    inbox = reception.get("/staff/inbox").get_data(as_text=True)
    row = inbox[inbox.index(case_id) :][:1500]
    assert '<span class="tag">New message</span>' in row
    assert "Answer:" in row


def test_a_message_after_closing_opens_the_case_again_for_its_adviser(
    app: Flask, html_validator: Validator, clock: MovableClock
) -> None:
    case_id, words, child = asks(app, html_validator)
    reception = staff(app, html_validator, "reception", "nord")
    account = make_staff(app, "adviser", ("nord",), name="Sara Lindberg")
    triaged = post_form(
        reception,
        f"/staff/cases/{case_id}/triage",
        {"route": "preventive", "district": "nord", "adviser": account.id, "reasoning": "Råd."},
    )
    assert triaged.status_code == 302
    adviser = visitor(app, html_validator)
    login(app, adviser, account)
    decide_and_close(adviser, case_id, decided="Vi har talt med skolen.")
    assert get(app, case_id).closed_at is not None
    clock.advance(days=4)
    submit(child, "/conversation", {"passphrase": words})
    response = submit(child, "/conversation/messages", {"message": "Jeg er ikke enig."})
    told = child.get(location(response)).get_data(as_text=True)
    assert "Your message is sent." in told
    assert "We answer by" in told

    reopened = get(app, case_id)
    assert reopened.closed_at is None
    assert reopened.feedback_given_at is not None, "the feedback given stays"
    adviser = visitor(app, html_validator)
    login(app, adviser, account)
    inbox = adviser.get("/staff/inbox").get_data(as_text=True)
    row = inbox[inbox.index(case_id) :][:1500]
    assert "New message after closing" in row
    assert "Answer:" in row
    case = adviser.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Record a decision" in case  # another round may follow
    post_form(adviser, f"/staff/cases/{case_id}/reply", {"message": "Tak. Lad os tale om det."})
    page = adviser.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    closed = adviser.post(
        f"/staff/cases/{case_id}/close", data={"csrf_token": forms.csrf_token(page)}
    )
    assert location(closed) == f"/staff/cases/{case_id}?saved=closed"

    leader = staff(app, html_validator, "leader")
    figures = leader.get("/staff/figures").get_data(as_text=True)
    table = figures[figures.index('id="table-promises"') :]

    def cell(label: str) -> str:
        found = re.search(rf"<th scope=\"row\">{label}</th><td class=\"num\">([^<]*)</td>", table)
        assert found, label
        return found.group(1)

    assert cell("Messages after a case was closed") == "1"
    assert cell("of those answered") == "1"
    assert cell("Answered by the day promised") == "2"  # the first message, and this one
    assert cell("Answered later than promised") == "0"


def test_an_answer_later_than_promised_counts_as_late(
    app: Flask, html_validator: Validator, clock: MovableClock
) -> None:
    case_id, _words, _child = asks(app, html_validator)
    clock.advance(days=5)  # Wednesday: the Monday promise has passed
    reception = staff(app, html_validator, "reception")
    assert "OVERDUE" in reception.get("/staff/inbox").get_data(as_text=True)
    post_form(reception, f"/staff/cases/{case_id}/reply", {"message": "Undskyld ventetiden."})
    leader = staff(app, html_validator, "leader")
    figures = leader.get("/staff/figures").get_data(as_text=True)
    assert re.search(r"Answered later than promised</th><td class=\"num\">1</td>", figures), (
        figures[figures.index('id="table-promises"') :][:2000]
    )
