"""F8: the login answers an unknown address exactly as it answers a known one, also after
repeated failures (when the growing waits begin), so nobody learns which addresses exist."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from portal.i18n import COOKIE
from portal.staff import passwords, throttle
from tests.conftest import migrate
from tests.support.apps import MovableClock, make_app
from tests.support.forms import csrf_token, location
from tests.support.staff import PASSWORD, make_staff


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    application = make_app(tmp_path, database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


WRONG = "wrong-password-1"


def attempt(app: Flask, email: str, password: str = WRONG) -> TestResponse:
    """One try from a browser the account has never logged in from."""
    client = app.test_client()
    client.set_cookie(COOKIE, "en")
    page = client.get("/staff/login").get_data(as_text=True)
    return client.post(
        "/staff/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(page)},
    )


def seen(response: TestResponse, email: str) -> tuple[int, str, list[tuple[str, str]]]:
    """What an attacker sees, less what differs on every request anyway (the form token,
    the script nonce, the request id, the session cookie's value) and the address they
    typed themselves."""
    body = response.get_data(as_text=True).replace(email, "EMAIL")
    body = re.sub(r'value="[^"]{40,}"', 'value="TOKEN"', body)
    body = re.sub(r'nonce="[^"]+"', 'nonce="NONCE"', body)
    headers = []
    for name, value in response.headers.items():
        if name == "Content-Security-Policy":
            value = re.sub(r"'nonce-[^']+'", "'nonce-N'", value)
        if name == "X-Request-Id":
            value = "ID"
        if name == "Set-Cookie":
            value = re.sub(r"^([^=]+)=[^;]*", r"\1=VALUE", value)
        headers.append((name, value))
    return response.status_code, body, sorted(headers)


def unknown_like(email: str) -> str:
    """An address of the same shape and length that has no account."""
    name, domain = email.split("@")
    return f"{name[:-8]}{secrets.token_hex(4)}@{domain}"


def test_after_repeated_failures_known_and_unknown_addresses_get_the_same_answer(
    app: Flask, clock: MovableClock
) -> None:
    known = make_staff(app, "adviser").email
    unknown = unknown_like(known)
    for _ in range(throttle.FREE_FAILURES):
        first_known, first_unknown = attempt(app, known), attempt(app, unknown)
        assert seen(first_known, known) == seen(first_unknown, unknown)
    # Now the waits begin, for both alike, with the same words.
    waited_known, waited_unknown = attempt(app, known), attempt(app, unknown)
    assert waited_known.status_code == 400
    assert "Try again in" in waited_known.get_data(as_text=True)
    assert seen(waited_known, known) == seen(waited_unknown, unknown)
    # Even the right password waits from a strange browser: that says nothing either.
    assert seen(attempt(app, known, PASSWORD), known) == seen(attempt(app, unknown), unknown)
    # The wait grows for both alike.
    clock.advance(minutes=1, seconds=1)
    assert seen(attempt(app, known), known) == seen(attempt(app, unknown), unknown)
    clock.advance(minutes=1, seconds=1)
    still_known, still_unknown = attempt(app, known), attempt(app, unknown)
    assert "Try again in" in still_known.get_data(as_text=True)
    assert seen(still_known, known) == seen(still_unknown, unknown)
    clock.advance(minutes=2, seconds=1)
    assert location(attempt(app, known, PASSWORD)) == "/staff/login/code"


def test_a_waiting_address_answers_as_quickly_known_or_unknown(app: Flask) -> None:
    known = make_staff(app, "adviser").email
    unknown = unknown_like(known)
    for _ in range(throttle.FREE_FAILURES):
        attempt(app, known)
        attempt(app, unknown)

    def took(email: str) -> float:
        started = time.perf_counter()
        assert attempt(app, email).status_code == 400
        return time.perf_counter() - started

    # Interleaved, so that a busy machine slows both alike; and compared by the quickest
    # of each, the answer's own cost (a loaded machine only ever adds to it).
    # Many rounds (each a few milliseconds), so that each side meets a quiet moment.
    known_times, unknown_times = [], []
    for _ in range(30):
        known_times.append(took(known))
        unknown_times.append(took(unknown))
    # What a leak would cost: one password check (argon2), timed here, on this machine as
    # loaded as it is now. An answer with one and the other without would differ by all of
    # it; the two answers must differ by less than half of it.
    hash_times = []
    for _ in range(5):
        started = time.perf_counter()
        passwords.verify(None, WRONG)
        hash_times.append(time.perf_counter() - started)
    gap = abs(min(known_times) - min(unknown_times))
    assert gap < min(hash_times) / 2, (gap, min(hash_times), known_times, unknown_times)


def test_a_typed_password_is_never_sent_back_in_the_page(app: Flask) -> None:
    account = make_staff(app, "adviser")
    wrong = attempt(app, account.email, "my-secret-guess-1")
    assert wrong.status_code == 400
    assert "my-secret-guess-1" not in wrong.get_data(as_text=True)
