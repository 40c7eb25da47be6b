"""F14: one attempt limit per client for the whole login: password, code, recovery code and
enrolment count together, so an attacker does not get N tries at each."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import db
from portal.i18n import COOKIE
from portal.staff import accounts, passwords
from tests.conftest import migrate
from tests.support.apps import make_app
from tests.support.forms import csrf_token, location
from tests.support.staff import PASSWORD, acting, make_staff

LIMIT = 4


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    application = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        RATELIMIT_ENABLED=True,
        STAFF_LOGIN_RATE_LIMIT=f"{LIMIT} per minute",
    )
    migrate(application)
    return application


def browser(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.set_cookie(COOKIE, "en")
    return client


def post(client: FlaskClient, url: str, data: dict[str, str]) -> int:
    """POST with the page's token (the page itself is a GET: not counted)."""
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token(page)}).status_code


def test_passwords_and_codes_share_one_limit(app: Flask) -> None:
    account = make_staff(app, "adviser")
    client = browser(app)
    assert post(client, "/staff/login", {"email": account.email, "password": "wrong-one-1"}) == 400
    assert post(client, "/staff/login", {"email": account.email, "password": PASSWORD}) == 302
    assert post(client, "/staff/login/code", {"code": "000000"}) == 400
    assert post(client, "/staff/login/recovery", {"code": "aaaaa-bbbbb-ccccc"}) == 400
    # Four attempts in all: the next one is refused, whichever step it is.
    assert post(client, "/staff/login/code", {"code": "000000"}) == 429
    assert post(client, "/staff/login", {"email": account.email, "password": PASSWORD}) == 429


def test_enrolment_counts_against_the_same_limit(app: Flask) -> None:
    email = "ny@kommune.test"
    with app.app_context(), db.new_session() as s, s.begin():
        user, _ = accounts.create(
            acting(s, None), email=email, name="Ny", role="adviser", districts=["nord"]
        )
        user.password_hash = passwords.hash_password(PASSWORD)
    client = browser(app)
    for _ in range(LIMIT - 1):
        assert post(client, "/staff/login", {"email": email, "password": "wrong-one-1"}) == 400
    page = client.get("/staff/login").get_data(as_text=True)
    response = client.post(
        "/staff/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(page)}
    )
    assert location(response) == "/staff/login/enrol"
    assert post(client, "/staff/login/enrol", {"code": "000000"}) == 429


def test_the_limit_is_per_client(app: Flask) -> None:
    account = make_staff(app, "adviser")
    attacker = browser(app)
    for _ in range(LIMIT):
        post(attacker, "/staff/login", {"email": account.email, "password": "wrong-one-1"})
    assert post(attacker, "/staff/login", {"email": account.email, "password": PASSWORD}) == 429
    colleague = app.test_client()
    colleague.set_cookie(COOKIE, "en")
    page = colleague.get("/staff/login").get_data(as_text=True)
    response = colleague.post(
        "/staff/login",
        data={"email": account.email, "password": PASSWORD, "csrf_token": csrf_token(page)},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert location(response) == "/staff/login/code"
