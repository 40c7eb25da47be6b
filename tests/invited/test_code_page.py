"""F4 for invitation codes: every code that does not work now (unknown, malformed, expired,
revoked, used) gets the same page, status and words, typed or opened as a link; wrong tries
are limited per client and for everyone; a code that works is never held back."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import clock, db
from portal.i18n import COOKIE
from portal.invitations.models import Invitation
from tests.conftest import checking_client, migrate
from tests.support.apps import make_app
from tests.support.forms import csrf_token, location
from tests.support.invitations import invite
from tests.support.pagecheck import Validator


def build(tmp_path: Path, database_url: str, **settings: Any) -> Flask:
    app = make_app(tmp_path, database_url, **settings)
    migrate(app)
    return app


def visitor(app: Flask, address: str, validator: Validator | None = None) -> FlaskClient:
    """A phone at ``address`` (the limits count per client address)."""
    client = checking_client(app, validator) if validator else app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    client.set_cookie(COOKIE, "en")
    return client


def typed(client: FlaskClient, code: str) -> Any:
    token = csrf_token(client.get("/invitation").get_data(as_text=True))
    return client.post("/invitation/code", data={"code": code, "csrf_token": token})


def normalised(page: str) -> str:
    """The page without what differs per request anyway: the form token, the CSP nonce."""
    page = re.sub(r'name="csrf_token"( type="hidden")? value="[^"]+"', "CSRF", page)
    return re.sub(r'nonce="[^"]+"', "NONCE", page)


def wrong_codes(app: Flask) -> dict[str, str]:
    """A code of each kind that does not work now."""
    expired, revoked, used = invite(app), invite(app), invite(app)
    with app.app_context(), db.new_session() as s, s.begin():
        now = clock.now()
        for made, change in (
            (expired, {"expires_at": now - timedelta(minutes=1)}),
            (revoked, {"revoked_at": now}),
            (used, {"used_at": now}),
        ):
            row = s.get(Invitation, made.invitation_id)
            assert row is not None
            for name, value in change.items():
                setattr(row, name, value)
    return {
        "unknown": "0000-0000-00",
        "malformed": "K7MQ-3XRD-9U",
        "expired": expired.code,
        "revoked": revoked.code,
        "used": used.code,
    }


def test_every_wrong_code_gets_the_same_answer_typed_or_as_a_link(
    tmp_path: Path, database_url: str, html_validator: Validator
) -> None:
    app = build(tmp_path, database_url, RATELIMIT_ENABLED=False)
    answers: dict[str, list[tuple[str, int, list[str], str]]] = {"link": [], "typed": []}
    for why, code in wrong_codes(app).items():
        client = visitor(app, "10.0.0.9", html_validator)
        link = client.get(f"/i/{code}")
        # The link goes to the code page at once: no code is left in the address bar.
        assert location(link) == "/invitation?wrong=1"
        shown = client.get(location(link))
        form = typed(client, code)
        for way, response in (("link", shown), ("typed", form)):
            page = response.get_data(as_text=True)
            assert code not in page, (why, way)  # what was typed is never written back
            answers[way].append(
                (why, response.status_code, sorted(response.headers.keys()), normalised(page))
            )
    for way, found in answers.items():
        _why, status, headers, page = found[0]
        assert status == 400
        assert "This code does not work. Check that you typed it right." in page
        for why, *rest in found[1:]:
            assert rest == [status, headers, page], (why, way)


def test_wrong_tries_are_limited_per_client_and_for_everyone_and_a_right_code_is_not(
    tmp_path: Path, database_url: str
) -> None:
    app = build(
        tmp_path,
        database_url,
        PASSPHRASE_RATE_LIMIT="3 per minute",
        PASSPHRASE_GLOBAL_RATE_LIMIT="5 per minute",
    )
    good = [invite(app) for _ in range(4)]
    child = visitor(app, "10.0.1.1")
    for made in good:  # opening a working code again and again is never held back
        assert location(child.get(f"/i/{made.code}")) == "/invitation"
    guesser = visitor(app, "10.0.2.1")
    # The link and the form count together, per client.
    statuses = [
        guesser.get("/i/0000-0000-00").status_code,
        typed(guesser, "0000-0000-01").status_code,
        guesser.get("/i/0000-0000-02").status_code,
        guesser.get("/i/0000-0000-03").status_code,
    ]
    assert statuses == [302, 400, 302, 302]
    # Held back, a link still leaves the address bar at once; the page says to wait.
    held = guesser.get("/i/0000-0000-03")
    assert location(held) == "/invitation?busy=1"
    waiting = guesser.get("/invitation?busy=1")
    assert waiting.status_code == 429
    assert "Wait a minute, then try again." in waiting.get_data(as_text=True)
    assert typed(guesser, "0000-0000-05").status_code == 429
    others = [visitor(app, f"10.0.3.{n}") for n in range(3)]
    # Three wrong tries so far in all; two more from other clients reach the total.
    assert [typed(c, "0000-0000-04").status_code for c in others] == [400, 400, 429]


@pytest.mark.parametrize("path", ["/invitation", "/invitation?wrong=1"])
def test_the_code_pages_pass_the_page_check(
    tmp_path: Path, database_url: str, html_validator: Validator, path: str
) -> None:
    app = build(tmp_path, database_url, RATELIMIT_ENABLED=False)
    client = visitor(app, "10.0.0.1", html_validator)
    response = client.get(path)
    assert response.status_code in (200, 400)
    assert "Did your adviser give you a code?" in response.get_data(as_text=True)
