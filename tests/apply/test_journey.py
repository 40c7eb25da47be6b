"""Apply for support: the child's view, a CPR number only when needed and never shown in full."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.i18n import COOKIE
from portal.inquiries import records
from portal.instances import cipher
from tests.conftest import migrate
from tests.support import forms
from tests.support.apps import make_app
from tests.support.forms import Steps, location, submit

PARENT: Steps = [
    ("who-applies", {"applicant": "parent"}),
    ("support", {"support": "disability"}),
    ("the-child", {"child_name": "Sofie Jensen", "child_birth_date": "01-02-2015"}),
    ("cpr", {"cpr": "010215 4123"}),
    ("why", {"reason": "Sofie har brug for en særlig cykel."}),
    ("the-childs-view", {"child_view": "Jeg vil cykle med de andre.", "child_knows": "yes"}),
    ("contact", {"name": "Anne Jensen", "phone": "12345678", "email": ""}),
    ("consent", {"may_ask": "yes"}),
    ("consent-scope", {"sources": ["school", "doctor"], "other_source": ""}),
]


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    """Applications are written on SQLite and on PostgreSQL (which enforces column sizes)."""
    application = make_app(tmp_path, database_url)
    migrate(application)
    return application


def walk(client: FlaskClient, steps: Steps) -> None:
    forms.walk(client, "/apply-for-support", steps)


def test_an_application_with_a_cpr_number_shows_only_its_date(
    app: Flask, client: FlaskClient
) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, PARENT)
    check = client.get("/apply-for-support/check-answers").get_data(as_text=True)
    assert "010215-xxxx" in check
    assert "4123" not in check
    # Going back to the step does not show the number either; left blank, it stays.
    page = client.get("/apply-for-support/cpr").get_data(as_text=True)
    assert "4123" not in page
    assert "You have given the CPR number 010215-xxxx." in page
    assert location(submit(client, "/apply-for-support/cpr?change=1", {"cpr": ""})) == (
        "/apply-for-support/check-answers"
    )
    sent = forms.send(client, "/apply-for-support")
    assert 'class="passphrase"' in sent
    with app.app_context():
        inquiry = forms.sent_inquiry(sent)
        assert inquiry.kind == "application"
        answers = records.answers_of(cipher(), inquiry)
        assert answers["cpr"] == "010215-4123"
        assert inquiry.participation is not None
        lundy = records.lundy_of(cipher(), inquiry.participation).to_json()
        assert lundy["voice"]["own_words"] == "Jeg vil cykle med de andre."


def test_a_cpr_number_must_match_the_birth_date(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, PARENT[:3])
    response = submit(client, "/apply-for-support/cpr", {"cpr": "020215-4123"})
    page = response.get_data(as_text=True)
    assert "does not match the birth date" in page
    assert 'value="020215-4123"' in page  # what was just typed is kept to correct it
    response = submit(client, "/apply-for-support/cpr", {"cpr": "310215-4123"})
    assert "Write the CPR number with 10 digits" in response.get_data(as_text=True)


def test_no_cpr_number_is_asked_for_other_support(client: FlaskClient) -> None:
    walk(client, [PARENT[0], ("support", {"support": "early"}), PARENT[2]])
    assert client.get("/apply-for-support/why").status_code == 200
    assert location(client.get("/apply-for-support/cpr")) == "/apply-for-support/why"


def test_a_young_person_applies_without_the_parents_questions(client: FlaskClient) -> None:
    walk(
        client,
        [
            ("who-applies", {"applicant": "young"}),
            ("support", {"support": "measures"}),
            ("the-child", {"child_name": "Omar", "child_birth_date": "1-3-2010"}),
            ("why", {"reason": "Jeg har det svært derhjemme."}),
        ],
    )
    assert (
        location(submit(client, "/apply-for-support/contact", {"name": "Omar", "email": "o@x.dk"}))
        == "/apply-for-support/consent"
    )


def test_contact_needs_a_phone_or_an_email(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, PARENT[:6])
    response = submit(client, "/apply-for-support/contact", {"name": "Anne"})
    assert "Write a phone number or an email" in response.get_data(as_text=True)


def test_consent_is_asked_on_its_own_page_and_no_is_an_answer(client: FlaskClient) -> None:
    """No box to tick to be allowed to apply: yes or no, and no skips the scope page."""
    client.set_cookie(COOKIE, "en")
    walk(client, PARENT[:7])
    page = client.get("/apply-for-support/consent").get_data(as_text=True)
    assert "Cover of extra costs because of a disability" in page  # which case
    assert "retssikkerhedsloven § 11 b" in page  # what happens if the parent says no
    assert "§ 12" in page
    response = submit(client, "/apply-for-support/consent", {})
    assert "Choose an answer." in response.get_data(as_text=True)
    response = submit(client, "/apply-for-support/consent", {"may_ask": "no"})
    assert location(response) == "/apply-for-support/check-answers"
    assert location(client.get("/apply-for-support/consent-scope")) == (
        "/apply-for-support/check-answers"
    )


def test_a_consent_names_whom_and_what(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, [*PARENT[:7], ("consent", {"may_ask": "yes"})])
    page = client.get("/apply-for-support/consent-scope").get_data(as_text=True)
    assert "The school or daycare: how the child is doing there, absence and learning" in page
    response = submit(client, "/apply-for-support/consent-scope", {"other_source": ""})
    assert "Tick who we may ask, or write someone else." in response.get_data(as_text=True)
    response = submit(
        client, "/apply-for-support/consent-scope", {"other_source": "Farmor: hverdagen"}
    )
    assert location(response) == "/apply-for-support/check-answers"
    check = client.get("/apply-for-support/check-answers").get_data(as_text=True)
    assert "Farmor: hverdagen" in check
    assert "How we use what you write" in check  # information only, no box to tick
