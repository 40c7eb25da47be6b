"""Finding a conversation by passphrase: right words open it, wrong ones slow down, no lock-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from portal import db
from portal.inquiries import conversations, services
from portal.inquiries.conversations import Opened, Wait, pause_after
from tests.conftest import migrate
from tests.support.apps import make_app

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def app_db(tmp_path: object, database_url: str) -> Flask:
    from pathlib import Path

    app = make_app(Path(str(tmp_path)), database_url)
    migrate(app)
    return app


def start(app: Flask) -> tuple[str, str]:
    with app.test_request_context():
        s = db.session()
        inquiry = services.create_inquiry(
            s, kind="ask_for_help", answers={"message": "hej"}, locale="da",
            anonymous=True, wants_answer=True, now=NOW,
        )  # fmt: skip
        phrase = services.open_conversation(s, inquiry, first_message="hej", now=NOW)
        s.commit()
        assert inquiry.conversation is not None
        return phrase, inquiry.conversation.id


def find(app: Flask, typed: str, now: datetime = NOW) -> Opened | Wait | None:
    with app.test_request_context():
        return conversations.find(db.session(), typed, now=now)


def wrong_last_word(phrase: str) -> str:
    words = phrase.split()
    return " ".join([*words[:5], "zzzz"])


def test_the_right_words_open_the_conversation(app_db: Flask) -> None:
    phrase, conversation_id = start(app_db)
    assert find(app_db, phrase.upper().replace(" ", "-")) == Opened(conversation_id)


def test_unknown_words_find_nothing(app_db: Flask) -> None:
    start(app_db)
    assert find(app_db, "hest sol banan cykel gul hoppe") is None
    assert find(app_db, "too few words") is None


def test_wrong_tries_slow_down_but_never_lock_out(app_db: Flask) -> None:
    phrase, conversation_id = start(app_db)
    for _ in range(conversations.FREE_ATTEMPTS):
        assert find(app_db, wrong_last_word(phrase)) is None
    assert find(app_db, wrong_last_word(phrase)) is None  # the fourth starts a pause
    waiting = find(app_db, phrase)
    assert isinstance(waiting, Wait)
    assert 1 <= waiting.seconds <= 3
    # After the pause, the right words work again at once, and the count starts over.
    assert find(app_db, phrase, NOW + timedelta(seconds=3)) == Opened(conversation_id)
    assert find(app_db, wrong_last_word(phrase), NOW + timedelta(seconds=4)) is None


def test_the_pause_grows_and_stops_at_five_minutes() -> None:
    assert pause_after(3) == timedelta(0)
    assert pause_after(4) == timedelta(seconds=2)
    assert pause_after(6) == timedelta(seconds=8)
    assert pause_after(60) == timedelta(minutes=5)
