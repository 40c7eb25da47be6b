"""Visitor state on the server: the cookie is an opaque token; answers, receipts and replies
kept for later are sealed rows that end with the visit, at once on quick exit."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from portal import db
from portal.i18n import COOKIE
from portal.inquiries.models import Draft
from portal.visits.models import VisitorSession
from tests.apply.test_journey import PARENT
from tests.ask.test_journey import STEPS
from tests.conftest import checking_client, migrate
from tests.report.test_journey import PROFESSIONAL
from tests.say.test_journey import YOUNG
from tests.support import forms
from tests.support.apps import MovableClock, make_app
from tests.support.forms import csrf_token, location, submit
from tests.support.pagecheck import Validator

TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
JOURNEYS = [
    ("/ask-for-help", STEPS),
    ("/apply-for-support", PARENT),
    ("/report-a-concern", PROFESSIONAL),
    ("/have-your-say", YOUNG),
]


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, own_database_url: str, clock: MovableClock) -> Flask:
    """A database of the module's own on PostgreSQL too: the tests count every visit."""
    application = make_app(tmp_path, own_database_url, CLOCK=clock, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


class Watching(FlaskClient):
    """Keeps every Set-Cookie and every page it is given."""

    cookies_set: list[str]
    pages: list[str]

    def open(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        response = super().open(*args, **kwargs)  # type: ignore[arg-type]
        self.cookies_set += response.headers.getlist("Set-Cookie")
        if response.mimetype == "text/html":
            self.pages.append(response.get_data(as_text=True))
        return response


def watching(app: Flask) -> Watching:
    app.test_client_class = Watching
    client = app.test_client()
    assert isinstance(client, Watching)
    client.cookies_set, client.pages = [], []
    client.set_cookie(COOKIE, "en")
    return client


def said(steps: forms.Steps) -> list[str]:
    """Every text answer of the steps (what must never reach a cookie or a hidden field)."""
    return [v for _, data in steps for v in data.values() if isinstance(v, str) and len(v) > 3]


@pytest.mark.parametrize(("url", "steps"), JOURNEYS)
def test_a_cookie_holds_only_a_random_token_never_words_or_answers(
    app: Flask, url: str, steps: forms.Steps
) -> None:
    visitor = watching(app)
    forms.walk(visitor, url, steps)
    receipt = forms.send(visitor, url)
    words = re.search(r'<p class="passphrase" lang="(?:da|en)" dir="ltr">([a-z ]+)</p>', receipt)
    if words:  # and the conversation: open it, write, close it for idleness, write again
        submit(visitor, "/conversation", {"passphrase": words.group(1)})
        submit(visitor, "/conversation/messages", {"message": "Hemmeligt svar fra mig"})
    secrets = [*said(steps), *(words.group(1).split() if words else []), "Hemmeligt"]
    sessions = [c for c in visitor.cookies_set if c.startswith("indgang_session=")]
    assert sessions, "the visit has a cookie"
    for header in visitor.cookies_set:
        value = header.split(";", 1)[0].split("=", 1)[1]
        if header.startswith("indgang_session=") and value:
            assert TOKEN.match(value), header  # no dots: not a signed payload
            assert len(base64.urlsafe_b64decode(value + "=")) == 32, "32 random bytes"
            # 32 random bytes hold no answer; a short secret word can turn up in their
            # Base64 by chance (one run in a few hundred), or in "SameSite": not searched.
            continue
        for secret in secrets:
            assert secret not in header
            assert secret.lower() not in header.lower()
    for page in visitor.pages:
        for hidden in re.findall(r'<input[^>]*type="hidden"[^>]*>', page):
            assert 'name="csrf_token"' in hidden, hidden


def test_over_https_the_cookie_is_a_host_cookie(client: FlaskClient) -> None:
    response = client.get("/ask-for-help/are-you-safe", base_url="https://localhost")
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if "indgang_session" in c]
    assert cookie.startswith("__Host-indgang_session=")
    assert "; Secure" in cookie
    assert "; Path=/" in cookie
    assert "Domain" not in cookie
    assert "HttpOnly" in cookie


def visits(app: Flask) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(VisitorSession)) or 0


def drafts(app: Flask) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(Draft)) or 0


def test_the_visit_is_a_sealed_row_that_slides_and_then_ends(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    forms.walk(client, "/ask-for-help", STEPS[:3])
    with app.app_context(), db.engine().connect() as conn:
        raw = repr(conn.execute(text("SELECT * FROM visitor_session")).all())
    assert "csrf" not in raw, "the row is sealed"
    # Activity keeps the visit going: 110 minutes between pages, twice.
    for _ in range(2):
        clock.advance(minutes=110)
        assert client.get("/ask-for-help/answer").status_code == 200
    page = client.get("/ask-for-help/answer").get_data(as_text=True)
    assert "We keep your answers" not in page  # said on check answers only
    # Two hours without anything: the visit and its answers are gone.
    clock.advance(hours=2, seconds=1)
    response = client.post(
        "/ask-for-help/answer", data={"wants_answer": "yes", "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 400
    shown = response.get_data(as_text=True)
    assert "To protect you, we deleted your earlier answers. Nothing was sent to us." in shown
    assert drafts(app) == 0
    assert location(client.get("/ask-for-help/about")) == "/ask-for-help/are-you-safe"


def test_quick_exit_ends_the_visit_on_the_server_at_once(app: Flask, client: FlaskClient) -> None:
    forms.walk(client, "/ask-for-help", STEPS[:3])
    assert (visits(app), drafts(app)) == (1, 1)
    response = client.get("/exit")
    assert response.status_code == 303
    assert any(c.startswith("indgang_session=;") for c in response.headers.getlist("Set-Cookie"))
    assert (visits(app), drafts(app)) == (0, 0)


def test_more_time_is_given_on_request(
    app: Flask, client: FlaskClient, clock: MovableClock
) -> None:
    page = client.get("/ask-for-help/are-you-safe").get_data(as_text=True)
    assert 'data-visit-ends-at="2026-11-23T11:00:00+00:00"' in page
    clock.advance(minutes=100)
    response = client.post(
        "/visit/extend",
        headers={"X-CSRFToken": csrf_token(page), "Accept": "application/json"},
    )
    assert response.get_json() == {
        "now": "2026-11-23T10:40:00+00:00",
        "ends_at": "2026-11-23T12:40:00+00:00",
    }
    clock.advance(minutes=100)  # 200 minutes after the page: still there
    assert client.get("/ask-for-help/are-you-safe").status_code == 200
    assert visits(app) == 1
