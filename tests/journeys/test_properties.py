"""Arbitrary input at every step of a journey: never a server error, never lost, always a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from portal.forms.base import clean_text
from tests.conftest import migrate
from tests.support.apps import make_app
from tests.support.forms import csrf_token

pytestmark = pytest.mark.slow  # Property tests over every journey.


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    """Hundreds of requests a minute: the per-address limit would answer 429."""
    application = make_app(tmp_path, f"sqlite:///{tmp_path / 'p.sqlite3'}", RATELIMIT_ENABLED=False)
    migrate(application)
    return application


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.text(min_size=4990, max_size=5020),
    st.just(""),
    st.just("   \n\t "),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "👩‍👧‍👦🏳️‍🌈",
            "مرحبا\u200f",
            "Привіт \N{RIGHT SINGLE QUOTATION MARK}\N{MODIFIER LETTER APOSTROPHE}",
        ]
    ),
)


def post(
    client: FlaskClient, slug: str, data: dict[str, Any], journey: str = "ask-for-help"
) -> Any:
    page = client.get(f"/{journey}/{slug}").get_data(as_text=True)
    return client.post(f"/{journey}/{slug}", data={**data, "csrf_token": csrf_token(page)})


def check(
    client: FlaskClient,
    slug: str,
    field: str,
    value: Any,
    *,
    typed: bool = True,
    journey: str = "ask-for-help",
) -> None:
    """Post ``value``; a text field must keep it, accepted or not (a choice cannot show it)."""
    response = post(client, slug, {field: value}, journey)
    assert response.status_code in {200, 302}, response.status_code
    page = response.get_data(as_text=True)
    if response.status_code == 302:
        # Accepted: it is kept, and the step shows it again when you go back to it.
        page = client.get(f"/{journey}/{slug}").get_data(as_text=True)
        if typed:
            assert str(escape(clean_text(value))) in page
        return
    assert 'class="error-summary"' in page, "a rejected answer must say why"
    assert 'href="#' in page
    if typed and clean_text(value):
        assert str(escape(clean_text(value))) in page, "what was typed must come back"


@SETTINGS
@given(value=TEXT)
def test_any_text_in_the_message_step(app: Flask, value: str) -> None:
    client = app.test_client()
    assert post(client, "are-you-safe", {"safe": "yes"}).status_code == 302
    assert post(client, "about", {"topics": "school"}).status_code == 302
    check(client, "your-message", "message", value)


@SETTINGS
@given(value=st.one_of(TEXT, st.lists(TEXT, max_size=4)))
def test_any_value_in_a_choice_step(app: Flask, value: Any) -> None:
    client = app.test_client()
    check(client, "are-you-safe", "safe", value, typed=False)


@SETTINGS
@given(name=TEXT, school=TEXT, phone=TEXT)
def test_any_details(app: Flask, name: str, school: str, phone: str) -> None:
    client = app.test_client()
    for slug, data in [
        ("are-you-safe", {"safe": "yes"}),
        ("about", {"topics": "school"}),
        ("your-message", {"message": "hej"}),
        ("answer", {"wants_answer": "no"}),
        ("age", {"age_band": "6-9"}),
        ("who-you-are", {"identity": "named"}),
    ]:
        assert post(client, slug, data).status_code == 302
    response = post(client, "your-details", {"name": name, "school": school, "phone": phone})
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        page = response.get_data(as_text=True)
        assert 'class="error-summary"' in page
        for typed in (name, school, phone):
            if clean_text(typed):
                assert str(escape(clean_text(typed))) in page


@SETTINGS
@given(concern=TEXT, email=TEXT)
def test_any_text_in_a_report(app: Flask, concern: str, email: str) -> None:
    client = app.test_client()
    journey = "report-a-concern"
    for slug, data in [
        ("who-you-are", {"reporter": "professional"}),
        ("danger", {"danger": "no"}),
    ]:
        assert post(client, slug, data, journey).status_code == 302
    details = {"name": "M", "workplace": "S", "role": "L", "email": email}
    response = post(client, "your-details", details, journey)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert 'class="error-summary"' in response.get_data(as_text=True)
        details["email"] = "m@s.dk"
        assert post(client, "your-details", details, journey).status_code == 302
    assert post(client, "the-child", {"child_name": "A"}, journey).status_code == 302
    check(client, "what-happened", "concern", concern, journey=journey)


@SETTINGS
@given(name=TEXT, birth=TEXT, cpr=TEXT)
def test_any_child_details_and_cpr_in_an_application(
    app: Flask, name: str, birth: str, cpr: str
) -> None:
    client = app.test_client()
    journey = "apply-for-support"
    assert post(client, "who-applies", {"applicant": "parent"}, journey).status_code == 302
    assert post(client, "support", {"support": "disability"}, journey).status_code == 302
    response = post(client, "the-child", {"child_name": name, "child_birth_date": birth}, journey)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        page = response.get_data(as_text=True)
        assert 'class="error-summary"' in page
        for typed in (name, birth):
            if clean_text(typed):
                assert str(escape(clean_text(typed))) in page
        valid = {"child_name": "Sofie", "child_birth_date": "01-02-2015"}
        assert post(client, "the-child", valid, journey).status_code == 302
    response = post(client, "cpr", {"cpr": cpr}, journey)
    assert response.status_code in {200, 302}
    if response.status_code == 200:
        assert 'class="error-summary"' in response.get_data(as_text=True)


@SETTINGS
@given(good=TEXT, with_whom=TEXT)
def test_any_text_when_having_your_say(app: Flask, good: str, with_whom: str) -> None:
    client = app.test_client()
    journey = "have-your-say"
    assert post(client, "age", {"age_band": "14-17"}, journey).status_code == 302
    check(client, "how-and-where", "with_whom", with_whom, journey=journey)
    if client.get(f"/{journey}/your-views").status_code == 200:
        check(client, "your-views", "good", good, journey=journey)
