"""Have your say: the Lundy record, feeling scales for the youngest, nothing has to be answered."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.inquiries import records
from portal.instances import cipher
from tests.conftest import checking_client, migrate
from tests.support import forms
from tests.support.apps import fixed_clock, make_app
from tests.support.forms import Steps, location, submit
from tests.support.pagecheck import Validator

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
YOUNG: Steps = [
    ("age", {"age_band": "6-9"}),
    ("how-and-where", {"how": ["here", "school"], "with_whom": "min lærer", "feel_safe": ""}),
    ("how-are-things", {"home": "2", "school": "4", "friends": "5"}),
    ("your-views", {"good": "Min hund.", "hard": "Når mor og far skændes.", "wish": "Ro."}),
    ("who-reads-it", {"adviser": "Lise", "parents_may_see": "ask"}),
    ("hearing-back", {"hear_back": ["here"]}),
]


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=fixed_clock(NOW))
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def walk(client: FlaskClient, steps: Steps) -> None:
    forms.walk(client, "/have-your-say", steps)


def test_a_young_child_is_heard_with_faces_and_hears_back_in_14_days(
    app: Flask, client: FlaskClient
) -> None:
    walk(client, YOUNG)
    page = forms.send(client, "/have-your-say")
    lead = re.search(r"When you hear from us</h2>\s*<p class=\"lead\">([^<]*)</p>", page)
    assert lead, page[page.find("<main") :][:1500]
    # Babel may put no-break spaces in a date.
    assert " ".join(lead.group(1).split()) == (
        "We tell you what happens with your view by December 7, 2026 at the latest."
    )
    assert 'class="passphrase"' in page
    with app.app_context():
        inquiry = forms.sent_inquiry(page)
        assert inquiry.kind == "consultation"
        assert inquiry.feedback_due == NOW + timedelta(days=14)
        record = inquiry.participation
        assert record is not None
        assert record.age_band == "6-9"
        lundy = records.lundy_of(cipher(), record).to_json()
        assert lundy["space"]["how"] == ["here", "school"]
        assert lundy["space"]["told_they_need_not_answer"] is True
        assert lundy["voice"]["format"] == "feeling scales with pictures"
        assert lundy["voice"]["feelings"] == {
            "home": "2", "school": "4", "friends": "5", "free_time": None,
        }  # fmt: skip
        assert lundy["voice"]["own_words"]["hard"] == "Når mor og far skændes."
        assert lundy["audience"] == {
            "read_by": "adviser", "adviser_or_case": "Lise", "parents_may_see": "ask",
        }  # fmt: skip
        assert lundy["influence"]["hear_back"] == ["here"]
        assert inquiry.conversation is not None


def test_nothing_but_the_age_has_to_be_answered(client: FlaskClient) -> None:
    walk(
        client,
        [
            ("age", {"age_band": "14-17"}),
            ("how-and-where", {}),
            ("your-views", {}),
            ("who-reads-it", {}),
            ("hearing-back", {}),
        ],
    )
    page = client.get("/have-your-say/check-answers").get_data(as_text=True)
    assert "Not answered" in page


def test_older_children_get_open_questions_not_faces(client: FlaskClient) -> None:
    walk(client, [("age", {"age_band": "10-13"}), ("how-and-where", {})])
    assert location(client.get("/have-your-say/how-are-things")) == "/have-your-say/your-views"


def test_the_faces_are_labelled_in_words(client: FlaskClient) -> None:
    walk(client, YOUNG[:2])
    page = client.get("/have-your-say/how-are-things").get_data(as_text=True)
    assert page.count('<svg class="face"') == 20
    assert page.count('aria-hidden="true"') >= 20
    for word in ("Very bad", "In between", "Very good"):
        assert f"<span>{word}</span>" in page


def test_a_child_can_say_they_would_rather_talk_to_a_person(client: FlaskClient) -> None:
    walk(client, [("age", {"age_band": "14-17"}), ("how-and-where", {})])
    response = submit(client, "/have-your-say/your-views", {"to_a_person": "yes"})
    assert location(response) == "/have-your-say/who-reads-it"
