"""Finding a conversation by passphrase: the whole words open it, nothing else finds it or
slows it down; words from before migration 0009 still open it; staff can make new words."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from portal import current, db
from portal.core.uow import unit_of_work
from portal.inquiries import conversations, services
from portal.inquiries.conversations import Changed, Opened
from portal.inquiries.models import Conversation
from portal.security import passphrases
from tests.conftest import migrate
from tests.support.apps import make_app

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def app_db(tmp_path: Path, database_url: str) -> Flask:
    app = make_app(tmp_path, database_url)
    migrate(app)
    return app


def start(app: Flask) -> tuple[str, str]:
    with app.test_request_context():
        ctx = current.context().at(NOW)
        with unit_of_work(ctx.session):
            inquiry = services.create_inquiry(
                ctx, kind="ask_for_help", answers={"message": "hej"},
                anonymous=True, wants_answer=True,
            )  # fmt: skip
            phrase = services.open_conversation(ctx, inquiry, first_message="hej")
        assert inquiry.conversation is not None
        return phrase, inquiry.conversation.id


def find(app: Flask, typed: str) -> Opened | Changed | None:
    with app.test_request_context():
        return current.run(conversations.find, typed)


def wrong_last_word(phrase: str) -> str:
    words = phrase.split()
    return " ".join([*words[:5], "zzzz"])


def make_legacy(app: Flask, conversation_id: str, phrase: str) -> None:
    """Store the conversation as migration 0009 leaves one from before: the old look-up of
    its first three words, no key."""
    with app.test_request_context():
        s = db.session()
        conversation = s.get_one(Conversation, conversation_id)
        pepper = passphrases.pepper(app.config)
        conversation.passphrase_key = None
        conversation.legacy_lookup = passphrases.legacy_lookup_key(phrase, pepper)
        s.commit()


def stored(app: Flask, conversation_id: str) -> tuple[str | None, str | None]:
    with app.test_request_context():
        conversation = db.session().get_one(Conversation, conversation_id)
        return conversation.passphrase_key, conversation.legacy_lookup


def test_the_right_words_open_the_conversation(app_db: Flask) -> None:
    phrase, conversation_id = start(app_db)
    assert find(app_db, phrase.upper().replace(" ", "-")) == Opened(conversation_id)


def test_unknown_words_find_nothing(app_db: Flask) -> None:
    start(app_db)
    assert find(app_db, "hest sol banan cykel gul hoppe") is None
    assert find(app_db, "too few words") is None
    assert find(app_db, "") is None


def test_wrong_tries_never_slow_down_or_lock_out(app_db: Flask) -> None:
    phrase, conversation_id = start(app_db)
    for _ in range(10):
        assert find(app_db, wrong_last_word(phrase)) is None
    assert find(app_db, phrase) == Opened(conversation_id)


def test_only_the_key_of_all_six_words_is_stored(app_db: Flask) -> None:
    phrase, conversation_id = start(app_db)
    with app_db.test_request_context():
        pepper = passphrases.pepper(app_db.config)
        expected = passphrases.passphrase_key(phrase, pepper)
    assert stored(app_db, conversation_id) == (expected, None)


def test_a_conversation_from_before_opens_and_gets_its_key(app_db: Flask) -> None:
    phrase, conversation_id = start(app_db)
    make_legacy(app_db, conversation_id, phrase)
    assert find(app_db, wrong_last_word(phrase)) is None
    assert stored(app_db, conversation_id)[0] is None, "a wrong try changes nothing"
    assert find(app_db, phrase) == Opened(conversation_id)
    key, legacy = stored(app_db, conversation_id)
    assert key is not None
    assert legacy is None, "the three-word look-up is gone once it has its key"
    assert find(app_db, phrase) == Opened(conversation_id)


def test_new_words_replace_the_old_which_then_say_so(app_db: Flask) -> None:
    phrase, conversation_id = start(app_db)
    with app_db.test_request_context():
        ctx = current.context().at(NOW)
        with unit_of_work(ctx.session):
            new = conversations.new_words(ctx, ctx.session.get_one(Conversation, conversation_id))
    assert new != phrase
    assert find(app_db, phrase) == Changed()
    assert find(app_db, new) == Opened(conversation_id)
    assert find(app_db, wrong_last_word(phrase)) is None


def test_new_words_for_a_conversation_from_before(app_db: Flask) -> None:
    phrase, conversation_id = start(app_db)
    make_legacy(app_db, conversation_id, phrase)
    with app_db.test_request_context():
        ctx = current.context().at(NOW)
        with unit_of_work(ctx.session):
            new = conversations.new_words(ctx, ctx.session.get_one(Conversation, conversation_id))
    assert find(app_db, wrong_last_word(phrase)) is None
    assert find(app_db, phrase) == Changed()
    assert find(app_db, phrase) == Changed(), "and again, by its key now"
    assert find(app_db, new) == Opened(conversation_id)
