"""Nothing a child typed is lost on Send: an expired form token, a visit that ended on
"check your answers", a server fault, a double click, Back after sending; and the six
secret words are shown once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from portal import db
from portal.inquiries.models import Draft, Inquiry
from tests.ask.test_journey import STEPS
from tests.conftest import checking_client, migrate
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.forms import csrf_token, location
from tests.support.pagecheck import Validator

CHECK = "/ask-for-help/check-answers"
WORDS = re.compile(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>')


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def inquiries(app: Flask) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(Inquiry)) or 0


def drafts(app: Flask) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(Draft)) or 0


def ready_to_send(client: FlaskClient) -> str:
    forms.walk(client, "/ask-for-help", STEPS)
    return client.get(CHECK).get_data(as_text=True)


def test_check_answers_says_until_when_the_answers_are_kept(
    client: FlaskClient, clock: MovableClock
) -> None:
    page = ready_to_send(client)
    # 09:00 UTC is 10:00 in Copenhagen; two hours of nothing after this page.
    assert "We keep your answers until 12:00 if you do nothing." in page


def test_an_expired_form_token_on_send_keeps_everything(app: Flask, client: FlaskClient) -> None:
    before = inquiries(app)
    ready_to_send(client)
    response = client.post(CHECK, data={"csrf_token": "expired"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Your answers are still here. Press Send again." in page
    assert "Min far råber hele tiden" in page
    assert location(client.post(CHECK, data={"csrf_token": csrf_token(page)})) == (
        "/ask-for-help/sent"
    )
    assert inquiries(app) == before + 1


def test_a_visit_that_ended_on_check_answers_says_plainly_that_nothing_was_sent(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    before, drafts_before = inquiries(app), drafts(app)
    page = ready_to_send(client)
    assert drafts(app) == drafts_before + 1
    clock.advance(hours=2, minutes=1)
    response = client.post(CHECK, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 400
    ended = response.get_data(as_text=True)
    assert "Nothing was sent" in ended
    assert "To protect you, we deleted your answers. Nothing was sent to us." in ended
    assert inquiries(app) == before
    assert drafts(app) == drafts_before, "the answers are deleted"


def test_a_visit_that_ended_shows_back_what_was_just_typed(
    client: FlaskClient, clock: MovableClock
) -> None:
    forms.walk(client, "/ask-for-help", STEPS[:2])
    page = client.get("/ask-for-help/your-message").get_data(as_text=True)
    clock.advance(hours=3)
    typed = "Jeg skrev længe, og det må ikke forsvinde."
    response = client.post(
        "/ask-for-help/your-message", data={"message": typed, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 400
    shown = response.get_data(as_text=True)
    assert "we deleted your earlier answers. Nothing was sent to us." in shown
    assert f">{typed}</textarea>" in shown
    # Continue starts again with it: the earlier questions are asked again.
    again = client.post(
        "/ask-for-help/your-message", data={"message": typed, "csrf_token": csrf_token(shown)}
    )
    assert location(again) == "/ask-for-help/are-you-safe?lost=1"


def test_a_server_fault_on_send_keeps_the_answers(app: Flask, client: FlaskClient) -> None:
    page = ready_to_send(client)
    with app.app_context(), db.engine().begin() as conn:
        conn.execute(text("ALTER TABLE participation_record RENAME TO pr_away"))
    try:
        response = client.post(CHECK, data={"csrf_token": csrf_token(page)})
        assert response.status_code == 503
        kept = response.get_data(as_text=True)
        assert "We could not send it just now. Your answers are kept." in kept
        assert "Min far råber hele tiden" in kept
    finally:
        with app.app_context(), db.engine().begin() as conn:
            conn.execute(text("ALTER TABLE pr_away RENAME TO participation_record"))
    assert location(client.post(CHECK, data={"csrf_token": csrf_token(kept)})) == (
        "/ask-for-help/sent"
    )


def test_a_double_click_on_send_sends_once_and_shows_the_words(
    app: Flask, client: FlaskClient
) -> None:
    before = inquiries(app)
    page = ready_to_send(client)
    token = csrf_token(page)
    first = client.post(CHECK, data={"csrf_token": token})
    second = client.post(CHECK, data={"csrf_token": token})
    assert location(first) == location(second) == "/ask-for-help/sent"
    assert inquiries(app) == before + 1
    # The browser shows the answer to the second press: the receipt, with the words.
    receipt = client.get("/ask-for-help/sent").get_data(as_text=True)
    assert WORDS.search(receipt)


def test_the_words_are_shown_once_and_back_after_sending_shows_the_receipt(
    app: Flask, client: FlaskClient
) -> None:
    ready_to_send(client)
    receipt = forms.send(client, "/ask-for-help")
    words = WORDS.search(receipt)
    assert words
    reference = re.search(r'<span class="number">([A-Z0-9-]+)</span>', receipt)
    assert reference
    # Reload, and Back to "check your answers": the receipt, without the words.
    for path in ("/ask-for-help/sent", CHECK):
        again = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert reference.group(1) in again
        assert words.group(1) not in again
        assert "we showed the six words only once" in again
    # Nothing of them is left on the server: the visit keeps the reference only.
    with client.session_transaction() as visit:
        kept = visit["receipt:ask"]
    assert "passphrase" not in kept
    assert words.group(1) not in repr(dict(visit))
    assert kept["reference"] == reference.group(1)
