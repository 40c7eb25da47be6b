"""Report a concern: professionals say who they are, citizens may be anonymous, clocks start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.i18n import COOKIE
from portal.inquiries import records
from portal.instances import cipher
from portal.working_days import TZ
from tests.conftest import checking_client, migrate
from tests.support import forms
from tests.support.apps import fixed_clock, make_app
from tests.support.forms import Steps, location, sent_inquiry, submit
from tests.support.pagecheck import Validator

RECEIVED = datetime(2026, 12, 22, 14, 0, tzinfo=UTC)  # a Tuesday before Christmas
CHILD: dict[str, object] = {
    "child_name": "Ali",
    "child_age": "8",
    "child_address": "",
    "child_school": "Nordskolen",
}
CONCERN: dict[str, object] = {
    "concern": "Ali kommer sulten i skole hver dag og har blå mærker på armene.",
    "child_words": "Far bliver så vred.",
}
PROFESSIONAL: Steps = [
    ("who-you-are", {"reporter": "professional"}),
    ("danger", {"danger": "no"}),
    (
        "your-details",
        {
            "name": "Mette Hansen",
            "workplace": "Nordskolen",
            "role": "lærer",
            "email": "mette@nordskolen.dk",
            "phone": "",
        },
    ),
    ("the-child", CHILD),
    ("what-happened", CONCERN),
    ("what-you-have-done", {"actions": "Talt med Ali."}),
    ("who-knows", {"parents_know": "no", "child_knows": "yes"}),
]


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=fixed_clock(RECEIVED))
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def walk(client: FlaskClient, steps: Steps) -> None:
    forms.walk(client, "/report-a-concern", steps)


def send(client: FlaskClient) -> str:
    return forms.send(client, "/report-a-concern")


def test_a_professional_report_starts_both_clocks(app: Flask, client: FlaskClient) -> None:
    walk(client, PROFESSIONAL)
    check = client.get("/report-a-concern/check-answers").get_data(as_text=True)
    assert "parents may read this report later" in check
    page = send(client)
    assert "Within 24 hours we assess" in page
    assert "We have sent the receipt to your email now." in page
    with app.app_context():
        inquiry = sent_inquiry(page)
        assert inquiry.kind == "report_of_concern"
        assert not inquiry.anonymous
        assert inquiry.assess_by == RECEIVED + timedelta(hours=24)
        # 6 working days from Tuesday 22 December: Christmas Day and a weekend do not count.
        assert inquiry.receipt_due == datetime(2026, 12, 31, 23, 59, 59, tzinfo=TZ)
        answers = records.answers_of(cipher(), inquiry)
        assert answers["child_words"] == "Far bliver så vred."
        assert answers["email"] == "mette@nordskolen.dk"


def test_a_professional_must_say_who_they_are(client: FlaskClient) -> None:
    walk(client, PROFESSIONAL[:2])
    response = submit(client, "/report-a-concern/your-details", {"name": "Mette"})
    page = response.get_data(as_text=True)
    for message in ("Write your workplace.", "Write your role.", "Write your email address."):
        assert message in page
    response = submit(
        client,
        "/report-a-concern/your-details",
        {"name": "Mette", "workplace": "X", "role": "Y", "email": "mette@"},
    )
    assert "Write an email address like name@school.dk." in response.get_data(as_text=True)


def test_a_citizen_can_stay_anonymous_and_is_reminded_what_gives_them_away(
    app: Flask, client: FlaskClient
) -> None:
    walk(
        client,
        [
            ("who-you-are", {"reporter": "citizen"}),
            ("danger", {"danger": "no"}),
            ("anonymous", {"identity": "anonymous"}),
            ("the-child", CHILD),
            ("what-happened", CONCERN),
            ("what-you-have-done", {"actions": ""}),
            ("who-knows", {"parents_know": "unsure", "child_knows": "unsure"}),
        ],
    )
    check = client.get("/report-a-concern/check-answers").get_data(as_text=True)
    assert "You are anonymous. Check that you have not written anything" in check
    page = send(client)
    assert "receipt" not in page
    with app.app_context():
        inquiry = sent_inquiry(page)
        assert inquiry.anonymous
        assert inquiry.receipt_due is None
        assert inquiry.assess_by == RECEIVED + timedelta(hours=24)


def test_a_child_in_danger_means_call_first(client: FlaskClient) -> None:
    walk(client, PROFESSIONAL[:1])
    response = submit(client, "/report-a-concern/danger", {"danger": "yes"})
    page = client.get(location(response)).get_data(as_text=True)
    assert "Call now if the child is in danger" in page
    assert 'href="tel:112"' in page
    assert 'href="/report-a-concern/your-details"' in page


def test_the_child_must_be_findable(client: FlaskClient) -> None:
    walk(client, PROFESSIONAL[:3])
    response = submit(client, "/report-a-concern/the-child", {"child_age": "8"})
    assert "so we can find the child" in response.get_data(as_text=True)


def test_grown_ups_are_addressed_as_grown_ups_in_ukrainian(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "uk")
    walk(client, PROFESSIONAL[:2])
    page = client.get("/report-a-concern/your-details").get_data(as_text=True)
    assert "Ваше імʼя" in page
    assert "Твоє імʼя" not in page


@pytest.mark.parametrize(("district", "expected"), [("nord", "nord"), ("unknown", None)])
def test_the_district_routes_the_report(
    app: Flask, client: FlaskClient, district: str, expected: str | None
) -> None:
    steps = list(PROFESSIONAL)
    steps[3] = ("the-child", {**CHILD, "district": district})
    walk(client, steps)
    page = send(client)
    with app.app_context():
        assert sent_inquiry(page).district_slug == expected
