"""F4: the six-words page tells a guesser nothing and lets nobody lock the child out.

Only the whole passphrase finds a conversation (a keyed hash of all six words): a wrong
try with three right words gets the same page, status and time as a random one; wrong
tries are limited per client and in total, never per conversation, so the owner opens
their conversation however many wrong tries others made; words from before the change
(found by their first three words) keep working.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import cli, db
from portal.i18n import COOKIE
from portal.inquiries.models import Conversation
from portal.security import passphrases
from tests.conftest import checking_client, migrate
from tests.support.apps import make_app
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token, location
from tests.support.pagecheck import Validator

WRONG = "zzzz"
RANDOM = "hest sol banan cykel gul hoppe"


def build(tmp_path: Path, database_url: str, **settings: Any) -> Flask:
    app = make_app(tmp_path, database_url, **settings)
    migrate(app)
    return app


def visitor(app: Flask, address: str, validator: Validator | None = None) -> FlaskClient:
    """A browser at ``address`` (the limits count per client address)."""
    client = checking_client(app, validator) if validator else app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    client.set_cookie(COOKIE, "en")
    return client


def words_of(app: Flask) -> tuple[str, str]:
    """A child's conversation: (its words, the inquiry's id)."""
    inquiry_id, words = new_inquiry(app, "ask_for_help", conversation=True)
    assert words
    return words, inquiry_id


def three_right(words: str) -> str:
    """A guess by someone who saw the first three words (the old look-up's part)."""
    return " ".join([*words.split()[:3], WRONG, WRONG, WRONG])


def try_words(client: FlaskClient, typed: str, token: str | None = None) -> Any:
    if token is None:
        token = csrf_token(client.get("/conversation").get_data(as_text=True))
    return client.post("/conversation", data={"passphrase": typed, "csrf_token": token})


def normalised(page: str) -> str:
    """The page without what differs per request anyway: the form token, the CSP nonce."""
    page = re.sub(r'name="csrf_token"( type="hidden")? value="[^"]+"', "CSRF", page)
    return re.sub(r'nonce="[^"]+"', "NONCE", page)


def test_a_guess_with_three_right_words_is_answered_like_a_random_one(
    tmp_path: Path, database_url: str, html_validator: Validator
) -> None:
    app = build(tmp_path, database_url, PASSPHRASE_RATE_LIMIT="100 per minute")
    words, _ = words_of(app)
    guesser = visitor(app, "10.0.0.9", html_validator)
    token = csrf_token(guesser.get("/conversation").get_data(as_text=True))
    for _ in range(8):  # the old code paused the conversation after three such tries
        near = try_words(guesser, three_right(words), token)
        far = try_words(guesser, RANDOM, token)
        assert near.status_code == far.status_code == 200
        assert normalised(near.get_data(as_text=True)) == normalised(far.get_data(as_text=True))
        assert sorted(near.headers.keys()) == sorted(far.headers.keys())
    page = near.get_data(as_text=True)
    assert "We could not find a conversation with these words" in page
    # What was typed is never written back (five right words would show the sixth's place).
    assert WRONG not in page
    assert RANDOM not in page


def test_the_owner_opens_after_many_wrong_tries_from_elsewhere(
    tmp_path: Path, database_url: str
) -> None:
    app = build(tmp_path, database_url, PASSPHRASE_RATE_LIMIT="5 per minute")
    words, _ = words_of(app)
    guesser = visitor(app, "10.0.0.9")
    token = csrf_token(guesser.get("/conversation").get_data(as_text=True))
    statuses = [try_words(guesser, three_right(words), token).status_code for _ in range(20)]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}, "the guesser is slowed down, per client"
    owner = visitor(app, "10.0.0.1")
    assert location(try_words(owner, words)) == "/conversation/messages"
    assert owner.get("/conversation/messages").status_code == 200


def test_wrong_tries_are_limited_per_client_and_in_total_and_opening_does_not_count(
    tmp_path: Path, database_url: str
) -> None:
    app = build(
        tmp_path,
        database_url,
        PASSPHRASE_RATE_LIMIT="3 per minute",
        PASSPHRASE_GLOBAL_RATE_LIMIT="5 per minute",
    )
    words, _ = words_of(app)
    owner = visitor(app, "10.0.1.1")
    for _ in range(6):  # the owner opening it again and again is never held back
        assert location(try_words(owner, words)) == "/conversation/messages"
    one = visitor(app, "10.0.2.1")
    assert [try_words(one, RANDOM).status_code for _ in range(4)] == [200, 200, 200, 429]
    others = [visitor(app, f"10.0.3.{n}") for n in range(3)]
    # Three wrong tries so far in all; two more from other clients reach the total.
    assert [try_words(c, RANDOM).status_code for c in others] == [200, 200, 429]


def test_wrong_tries_take_the_same_time_whatever_they_are(
    tmp_path: Path, database_url: str
) -> None:
    app = build(tmp_path, database_url, RATELIMIT_ENABLED=False)
    words, _ = words_of(app)
    guesser = visitor(app, "10.0.0.9")
    token = csrf_token(guesser.get("/conversation").get_data(as_text=True))

    def timed(typed: str) -> float:
        start = time.perf_counter()
        response = try_words(guesser, typed, token)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
        return elapsed

    near: list[float] = []
    far: list[float] = []
    timed(RANDOM)  # warm up: the dummy hash is made once
    # Interleaved, so that a busy machine slows both alike, and compared by the quickest of
    # each: a try's own cost (a loaded machine only ever adds to it). Many rounds, so that
    # each side meets a quiet moment.
    for _ in range(30):
        near.append(timed(three_right(words)))
        far.append(timed(RANDOM))
    ratio = min(near) / min(far)
    # Each try runs one argon2 check (tens of milliseconds); the old code answered the
    # paused conversation's tries at once, several times faster.
    assert 0.5 < ratio < 2.0, (ratio, sorted(near), sorted(far))


def test_conversations_from_before_still_open_and_get_their_key(
    tmp_path: Path, own_database_url: str
) -> None:
    """Migration 0009: a conversation stored the old way (an HMAC of its first three words)
    opens with its words, and is found by the key of all six from then on."""
    app = make_app(tmp_path, own_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(cli.db_upgrade, ["0008"]).exit_code == 0
    assert runner.invoke(cli.profile_load).exit_code == 0
    words = "hest sol banan cykel gul hoppe"
    with app.test_request_context():
        pepper = passphrases.pepper(app.config)
        lookup = passphrases.legacy_lookup_key(words, pepper)
        digest = passphrases.hash_passphrase(words, pepper)
        key = passphrases.passphrase_key(words, pepper)
    with app.app_context(), db.engine().begin() as conn:
        conn.execute(
            text(
                "INSERT INTO inquiry (id, reference, kind, status, locale, anonymous, "
                "wants_answer, received_at, answers) VALUES ('i1', 'OLD1-OLD1', "
                "'ask_for_help', 'new', 'da', true, true, '2026-11-01 10:00:00+00', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO conversation (id, inquiry_id, lookup, passphrase_hash, created_at,"
                " failed_attempts, next_attempt_at) VALUES ('c1', 'i1', :lookup, :digest, "
                "'2026-11-01 10:00:00+00', 7, NULL)"
            ),
            {"lookup": lookup, "digest": digest},
        )
    assert runner.invoke(cli.db_upgrade).exit_code == 0

    def stored() -> tuple[str | None, str | None]:
        with app.app_context(), db.new_session() as s:
            row = s.get_one(Conversation, "c1")
            return row.passphrase_key, row.legacy_lookup

    assert stored() == (None, lookup)
    guesser = visitor(app, "10.0.0.9")
    assert try_words(guesser, "hest sol banan kage bold sky").status_code == 200
    assert stored() == (None, lookup)
    owner = visitor(app, "10.0.0.1")
    assert location(try_words(owner, words.upper())) == "/conversation/messages"
    assert stored() == (key, None)
    assert location(try_words(visitor(app, "10.0.0.2"), words)) == "/conversation/messages"


@pytest.mark.parametrize("setting", ["PASSPHRASE_RATE_LIMIT", "PASSPHRASE_GLOBAL_RATE_LIMIT"])
def test_a_limit_the_limiter_cannot_read_is_refused_at_start_up(
    tmp_path: Path, setting: str
) -> None:
    from portal.core.errors import ConfigError

    with pytest.raises(ConfigError, match=setting):
        make_app(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}", **{setting: "often"})
