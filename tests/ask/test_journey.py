"""Ask for help through the client: every step, the safety detour, errors, nothing lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import db
from portal.i18n import COOKIE
from portal.inquiries import records
from portal.instances import cipher
from tests.conftest import checking_client, migrate
from tests.support import forms
from tests.support.apps import make_app
from tests.support.forms import Steps, csrf_token, location, submit
from tests.support.pagecheck import Validator

MESSAGE = "Min far råber hele tiden 😢 <b>hjælp</b>\nJeg tør ikke sige det til nogen."
STEPS: Steps = [
    ("are-you-safe", {"safe": "yes"}),
    ("about", {"topics": ["home", "feelings"]}),
    ("your-message", {"message": MESSAGE}),
    ("answer", {"wants_answer": "yes"}),
    ("age", {"age_band": "10-13"}),
    ("who-you-are", {"identity": "anonymous"}),
]


@pytest.fixture
def both(tmp_path: Path, database_url: str, html_validator: Validator) -> tuple[Flask, FlaskClient]:
    app = make_app(tmp_path, database_url)
    migrate(app)
    return app, checking_client(app, html_validator)


def walk(client: FlaskClient, steps: Steps = STEPS) -> None:
    forms.walk(client, "/ask-for-help", steps)


def send(client: FlaskClient) -> str:
    return forms.send(client, "/ask-for-help")


def test_the_start_page_says_it_can_be_anonymous(client: FlaskClient) -> None:
    page = client.get("/ask-for-help", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "You do not have to say your name." in page
    assert 'href="/ask-for-help/are-you-safe"' in page


def test_a_child_who_is_not_safe_sees_who_to_call_first(client: FlaskClient) -> None:
    response = submit(client, "/ask-for-help/are-you-safe", {"safe": "no"})
    help_url = location(response)
    assert help_url.startswith("/ask-for-help/help-first?next=")
    page = client.get(help_url).get_data(as_text=True)
    for number in ("112", "116 111", "+45 12 34 56 79"):
        assert number in page
    assert 'href="/ask-for-help/about"' in page


def test_check_answers_shows_every_answer_with_a_change_link(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client)
    page = client.get("/ask-for-help/check-answers").get_data(as_text=True)
    assert "Home and family, How I feel" in page
    assert "Min far råber hele tiden 😢 &lt;b&gt;hjælp&lt;/b&gt;" in page
    assert "10-13 years" in page
    assert page.count("?change=1") == 6
    # Change an answer and come straight back to check answers.
    response = submit(client, "/ask-for-help/age?change=1", {"age_band": "14-17"})
    assert location(response) == "/ask-for-help/check-answers"


def test_choosing_to_give_a_name_adds_the_details_step(client: FlaskClient) -> None:
    walk(client, STEPS[:-1])
    response = submit(client, "/ask-for-help/who-you-are", {"identity": "named"})
    assert location(response) == "/ask-for-help/your-details"
    response = submit(client, "/ask-for-help/your-details", {"name": "Sara", "phone": "abc"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'href="#phone"' in page  # the error summary links to the field
    assert 'value="Sara"' in page  # what was typed is still there
    response = submit(client, "/ask-for-help/your-details", {"name": "Sara", "phone": "12345678"})
    assert location(response) == "/ask-for-help/check-answers"


def test_skipping_ahead_goes_back_to_the_first_unanswered_step(client: FlaskClient) -> None:
    assert location(client.get("/ask-for-help/age")) == "/ask-for-help/are-you-safe"
    assert location(client.get("/ask-for-help/check-answers")) == "/ask-for-help/are-you-safe"
    assert client.get("/ask-for-help/no-such-step").status_code == 404


def test_a_validation_error_keeps_the_text_and_says_what_to_do(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, STEPS[:2])
    long_text = "å" * 5001
    response = submit(client, "/ask-for-help/your-message", {"message": long_text})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "Write 5,000 characters or fewer. You have written 5,001." in page
    assert long_text in page


def test_an_expired_form_token_keeps_the_text(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, STEPS[:2])
    response = client.post(
        "/ask-for-help/your-message", data={"message": MESSAGE, "csrf_token": "expired"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Everything you wrote is still here" in page
    assert "Min far råber hele tiden 😢 &lt;b&gt;hjælp&lt;/b&gt;" in page
    # Pressing Continue again (with the fresh token on that page) goes on.
    again = client.post(
        "/ask-for-help/your-message", data={"message": MESSAGE, "csrf_token": csrf_token(page)}
    )
    assert location(again) == "/ask-for-help/answer"


def test_a_server_fault_keeps_the_text(app: Flask, client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, STEPS[:2])
    page = client.get("/ask-for-help/your-message").get_data(as_text=True)
    with app.app_context(), db.engine().begin() as conn:
        conn.execute(text("ALTER TABLE draft RENAME TO draft_away"))
    response = client.post(
        "/ask-for-help/your-message", data={"message": MESSAGE, "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 503
    assert "We could not save your answer just now" in response.get_data(as_text=True)
    assert "Min far råber hele tiden" in response.get_data(as_text=True)


def test_sending_writes_inquiry_participation_and_conversation(
    both: tuple[Flask, FlaskClient],
) -> None:
    app, client = both
    client.set_cookie(COOKIE, "en")
    walk(client)
    page = send(client)
    passphrase = re.search(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>', page)
    assert passphrase
    assert len(passphrase.group(1).split()) == 6
    with app.app_context():
        inquiry = forms.sent_inquiry(page)
        assert (inquiry.kind, inquiry.anonymous, inquiry.wants_answer) == (
            "ask_for_help",
            True,
            True,
        )
        answers = records.answers_of(cipher(), inquiry)
        assert answers["message"] == MESSAGE
        record = inquiry.participation
        assert record is not None
        assert record.age_band == "10-13"
        lundy = records.lundy_of(cipher(), record).to_json()
        assert lundy["voice"]["own_words"] == MESSAGE
        assert set(lundy) == {"space", "voice", "audience", "influence"}
        conversation = inquiry.conversation
        assert conversation is not None
        assert [records.text_of(cipher(), m) for m in conversation.messages] == [MESSAGE]
        assert [m.author for m in conversation.messages] == ["visitor"]
    # The draft is gone once the message is sent.
    with client.session_transaction() as visit:
        assert "ask" not in visit.get("drafts", {})


def test_free_text_cannot_be_read_in_the_database(both: tuple[Flask, FlaskClient]) -> None:
    app, client = both
    walk(client)
    raw_before_send = _all_text(app)
    assert "råber" not in raw_before_send
    assert raw_before_send
    send(client)
    raw = _all_text(app)
    assert "råber" not in raw
    assert "tør ikke" not in raw
    assert "feelings" not in raw  # even the chosen topics


def _all_text(app: Flask) -> str:
    with app.app_context(), db.engine().connect() as conn:
        rows = []
        for table in ("inquiry", "participation_record", "message", "draft", "conversation"):
            rows += [repr(tuple(r)) for r in conn.execute(text(f"SELECT * FROM {table}"))]  # noqa: S608
        return "\n".join(rows)


def test_without_an_answer_there_are_no_secret_words(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, [*STEPS[:3], ("answer", {"wants_answer": "no"}), *STEPS[4:]])
    page = send(client)
    assert 'class="passphrase"' not in page
    assert "You did not ask for an answer" in page


def test_quick_exit_deletes_the_unsent_answers(app: Flask, client: FlaskClient) -> None:
    walk(client, STEPS[:3])
    with app.app_context():
        assert db.session().execute(text("SELECT count(*) FROM draft")).scalar() == 1
    client.get("/exit")
    with app.app_context():
        assert db.session().execute(text("SELECT count(*) FROM draft")).scalar() == 0
    assert location(client.get("/ask-for-help/about")) == "/ask-for-help/are-you-safe"


def test_a_lost_session_keeps_the_text_just_typed(client: FlaskClient) -> None:
    client.set_cookie(COOKIE, "en")
    walk(client, STEPS[:2])
    page = client.get("/ask-for-help/your-message").get_data(as_text=True)
    client.delete_cookie("indgang_session")  # the browser forgot the visit meanwhile
    client.set_cookie(COOKIE, "en")
    response = client.post(
        "/ask-for-help/your-message", data={"message": MESSAGE, "csrf_token": csrf_token(page)}
    )
    # The token belonged to the lost session, so the page comes back with the text first.
    kept = response.get_data(as_text=True)
    assert "Min far råber hele tiden" in kept
    response = client.post(
        "/ask-for-help/your-message", data={"message": MESSAGE, "csrf_token": csrf_token(kept)}
    )
    assert location(response) == "/ask-for-help/are-you-safe?lost=1"
    notice = client.get("/ask-for-help/are-you-safe?lost=1").get_data(as_text=True)
    assert "We kept what you just wrote." in notice
    walk(client, STEPS[:2])
    # The message is still there when the child gets back to it.
    page = client.get("/ask-for-help/your-message").get_data(as_text=True)
    assert "Min far råber hele tiden" in page
