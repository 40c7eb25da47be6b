"""A child names their adviser in "Have your say": a single match gets the case at once;
several are offered to reception as one-click assignments."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from portal import db
from portal.i18n import COOKIE
from portal.inquiries.models import Inquiry
from tests.conftest import checking_client, migrate
from tests.say.test_journey import YOUNG
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.forms import csrf_token, location
from tests.support.pagecheck import Validator
from tests.support.staff import login, make_staff


@pytest.fixture
def app(tmp_path: Path, own_database_url: str) -> Flask:
    """A database of its own: the names are matched against every active adviser."""
    application = make_app(
        tmp_path, own_database_url, CLOCK=MovableClock(), RATELIMIT_ENABLED=False
    )
    migrate(application)
    make_staff(application, "adviser", ("nord",), name="Sara Lindberg")
    make_staff(application, "adviser", ("syd",), name="Sara Jensen")
    make_staff(application, "adviser", ("midt",), name="Søren Holm")
    make_staff(application, "adviser", ("nord",), name="Lise Berg", active=False)
    return application


def adviser_of(app: Flask, case_id: str) -> str | None:
    with app.app_context(), db.new_session() as s:
        case = s.get(Inquiry, case_id)
        assert case is not None
        return case.assigned_to.name if case.assigned_to else None


def has_your_say(app: Flask, validator: Validator, adviser: str) -> str:
    child = checking_client(app, validator)
    child.set_cookie(COOKIE, "en")
    steps = [(slug, dict(data)) for slug, data in YOUNG]
    steps[4][1]["adviser"] = adviser
    forms.walk(child, "/have-your-say", steps)
    page = forms.send(child, "/have-your-say")
    with app.app_context():
        return forms.sent_inquiry(page).id


@pytest.mark.parametrize(
    ("written", "adviser"),
    [
        ("Sara Lindberg", "Sara Lindberg"),
        ("sara LINDBERG", "Sara Lindberg"),
        ("soren", "Søren Holm"),
    ],
)
def test_one_matching_adviser_gets_the_case_at_once(
    app: Flask, html_validator: Validator, written: str, adviser: str
) -> None:
    assert adviser_of(app, has_your_say(app, html_validator, written)) == adviser


@pytest.mark.parametrize("written", ["Lise", "min rådgiver", ""])
def test_no_match_or_an_inactive_adviser_assigns_nobody(
    app: Flask, html_validator: Validator, written: str
) -> None:
    assert adviser_of(app, has_your_say(app, html_validator, written)) is None


def test_several_matches_are_offered_to_reception_in_one_click(
    app: Flask, html_validator: Validator
) -> None:
    case_id = has_your_say(app, html_validator, "Sara")
    assert adviser_of(app, case_id) is None
    reception = checking_client(app, html_validator)
    reception.set_cookie(COOKIE, "en")
    login(app, reception, make_staff(app, "reception", ("nord", "syd", "midt")))
    page = reception.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "The child named their adviser" in page
    assert "Give it to Sara Lindberg" in page
    assert "Give it to Sara Jensen" in page
    assert "Søren" not in page[page.index("The child named") :][:2000]
    choice = page[page.index("Give it to Sara Jensen") - 400 : page.index("Give it to Sara Jensen")]
    adviser_id = choice.split('name="adviser" value="')[1].split('"')[0]
    response = reception.post(
        f"/staff/cases/{case_id}/assign",
        data={"adviser": adviser_id, "csrf_token": csrf_token(page)},
    )
    assert location(response) == f"/staff/cases/{case_id}?saved=assigned"
    assert adviser_of(app, case_id) == "Sara Jensen"
    after = reception.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "The child named their adviser" not in after
