"""Coming back with the six words: read, write, close after 15 minutes idle, keep the text."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.i18n import COOKIE
from portal.security import passphrases
from tests.ask.test_journey import MESSAGE, STEPS, send, walk
from tests.conftest import checking_client, migrate
from tests.support.apps import MovableClock, make_app
from tests.support.forms import csrf_token, location, submit
from tests.support.pagecheck import Validator


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, clock: MovableClock) -> Flask:
    application = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'c.sqlite3'}",
        CLOCK=clock,
        PASSPHRASE_RATE_LIMIT="5 per minute",
    )
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def written_to_us(client: FlaskClient) -> str:
    walk(client, STEPS)
    page = send(client)
    found = re.search(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>', page)
    assert found
    client.get("/exit")  # as on a shared phone: the next visit starts from nothing
    client.set_cookie(COOKIE, "en")
    return found.group(1)


def open_with(client: FlaskClient, words: str) -> str:
    response = submit(client, "/conversation", {"passphrase": words})
    assert location(response) == "/conversation/messages"
    return client.get("/conversation/messages").get_data(as_text=True)


def test_the_words_open_the_conversation_and_show_the_message(client: FlaskClient) -> None:
    words = written_to_us(client)
    page = open_with(client, words.upper())
    assert "Min far råber hele tiden 😢 &lt;b&gt;hjælp&lt;/b&gt;" in page
    # Written on Monday 23 November: a child is promised an answer within 1 working day.
    assert "We answer by November 24, 2026. Come back then" in page


def test_writing_more_adds_a_message(client: FlaskClient) -> None:
    open_with(client, written_to_us(client))
    response = submit(client, "/conversation/messages", {"message": "Det er værre i dag."})
    assert location(response) == "/conversation/messages?sent=1"
    page = client.get("/conversation/messages?sent=1").get_data(as_text=True)
    assert "Your message is sent." in page
    assert page.index("Min far råber") < page.index("Det er værre i dag.")


def test_wrong_words_say_what_to_check(client: FlaskClient) -> None:
    written_to_us(client)
    response = submit(client, "/conversation", {"passphrase": "hest sol banan cykel gul hoppe"})
    assert response.status_code == 200
    assert "Check that you wrote all six words" in response.get_data(as_text=True)


def test_the_conversation_closes_after_15_idle_minutes(
    client: FlaskClient, clock: MovableClock
) -> None:
    open_with(client, written_to_us(client))
    clock.now += timedelta(minutes=14)
    assert client.get("/conversation/messages").status_code == 200  # still open, and renewed
    clock.now += timedelta(minutes=14)
    assert client.get("/conversation/messages").status_code == 200
    clock.now += timedelta(minutes=16)
    assert location(client.get("/conversation/messages")) == "/conversation?closed=1"


def test_text_typed_while_it_closed_is_kept_on_the_server_and_sent_after_the_words(
    client: FlaskClient, clock: MovableClock
) -> None:
    words = written_to_us(client)
    open_with(client, words)
    page = client.get("/conversation/messages").get_data(as_text=True)
    clock.now += timedelta(minutes=20)
    response = client.post(
        "/conversation/messages",
        data={"message": "Kan I ringe til mig?", "csrf_token": csrf_token(page)},
    )
    closed = response.get_data(as_text=True)
    assert "Your message is kept safe here. It is sent as soon as you write your six words." in (
        closed
    )
    assert "Kan I ringe til mig?" not in closed, "never echoed into the page"
    response = client.post(
        "/conversation", data={"passphrase": words, "csrf_token": csrf_token(closed)}
    )
    assert location(response) == "/conversation/messages?sent=kept"
    page = client.get(location(response)).get_data(as_text=True)
    assert "The message you wrote before is sent now." in page
    assert '<p class="message__text" dir="auto">Kan I ringe til mig?</p>' in page
    # Sent once: opening it again sends nothing more.
    client.post("/conversation/close", data={"csrf_token": csrf_token(page)})
    again = client.get("/conversation").get_data(as_text=True)
    response = client.post(
        "/conversation", data={"passphrase": words, "csrf_token": csrf_token(again)}
    )
    assert location(response) == "/conversation/messages"
    assert (
        client.get("/conversation/messages").get_data(as_text=True).count("Kan I ringe til mig?")
        == 1
    )


def test_an_expired_token_keeps_the_reply(client: FlaskClient) -> None:
    open_with(client, written_to_us(client))
    response = client.post(
        "/conversation/messages", data={"message": "Hej igen", "csrf_token": "old"}
    )
    assert response.status_code == 400
    assert ">Hej igen</textarea>" in response.get_data(as_text=True)


def test_closing_ends_the_conversation_on_this_device(client: FlaskClient) -> None:
    page = open_with(client, written_to_us(client))
    response = client.post("/conversation/close", data={"csrf_token": csrf_token(page)})
    assert location(response) == "/"
    assert location(client.get("/conversation/messages")) == "/conversation?closed=1"


def test_guessing_is_rate_limited_per_address(client: FlaskClient) -> None:
    page = client.get("/conversation").get_data(as_text=True)
    statuses = [
        client.post(
            "/conversation",
            data={"passphrase": "a b c d e f", "csrf_token": csrf_token(page)},
        ).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429


def test_the_message_is_shown_as_text_never_as_html(client: FlaskClient) -> None:
    page = open_with(client, written_to_us(client))
    assert "<b>hjælp</b>" not in page
    assert MESSAGE.split("\n")[1] in page


@pytest.mark.parametrize(
    ("language", "direction", "typed_on"), [("ar", "rtl", "da"), ("uk", "ltr", "en")]
)
def test_words_in_the_child_s_language_open_the_conversation_on_any_page(
    app: Flask, html_validator: Validator, language: str, direction: str, typed_on: str
) -> None:
    client = checking_client(app, html_validator, language=language)
    walk(client, STEPS)
    page = send(client)
    found = re.search(
        rf'<p class="passphrase" lang="{language}" dir="{direction}">([^<]+)</p>', page
    )
    assert found
    words = found.group(1)
    assert set(words.split()) <= set(passphrases.words(language))
    client.get("/exit")
    client.set_cookie(COOKIE, typed_on)  # the child switched language since
    # Typed as a phone may type them: Arabic without hamza on alef, ه for ة, ي for ى,
    # with tashkeel and tatweel; Ukrainian in capitals, г for ґ, hyphens between.
    variant = (
        words.translate(str.maketrans("أإآةى", "اااهي")).replace(" ", " ، ").replace("ل", "لـَ")
        if language == "ar"
        else words.upper().replace("Ґ", "Г").replace(" ", "-")
    )
    page = open_with(client, variant)
    assert "Min far råber hele tiden" in page
