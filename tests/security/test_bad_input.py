"""F12: input that used to end in a server error gets a 400 that says what to do next.

Deeply nested JSON (the JSON parser ran out of stack), a NUL in text on its way into
PostgreSQL (which cannot store it), and a line break in a ``next`` parameter (the redirect's
headers would be split) each answer 400, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from portal import db
from portal.core.database import UnstorableTextError
from portal.i18n import COOKIE
from portal.security import input as bad_input
from portal.security.urls import safe_next
from portal.staff.models import StaffUser
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token
from tests.support.fuzzing import pull_api_app
from tests.support.staff import logged_in, make_staff, next_code, password_step

TOKEN = "bad-input-token-for-the-case-system-012345"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    yield from pull_api_app(request, tmp_path_factory, "bad-input", TOKEN)


@pytest.fixture
def browser(app: Flask) -> FlaskClient:
    """A browser that reads English (the words checked here)."""
    client = app.test_client()
    client.set_cookie(COOKIE, "en")
    return client


def nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def page_token(client: FlaskClient) -> str:
    return csrf_token(client.get("/conversation").get_data(as_text=True))


def says_what_to_do(page: str) -> None:
    assert "Go back, remove the character or type the text again" in page, page[:3000]


# -- deeply nested JSON ---------------------------------------------------------------------


@pytest.mark.parametrize("depth", [bad_input.MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_refused_with_a_400_that_says_why(
    browser: FlaskClient, depth: int
) -> None:
    client = browser
    headers = {"X-CSRFToken": page_token(client)}
    body = "[" * depth + "]" * depth
    for url, extra in [
        ("/conversation/notifications", headers),
        ("/conversation/notifications/off", headers),
        ("/api/v1/records/ack", BEARER),
    ]:
        response = client.post(url, data=body, content_type="application/json", headers=extra)
        assert response.status_code == 400, url
        assert response.is_json, url
        message = response.get_json()["error"]
        assert "nested too deeply" in message
        assert "Send a flatter document" in message


def test_json_as_deep_as_the_limit_is_read_as_before(app: Flask, browser: FlaskClient) -> None:
    client = browser
    response = client.post(
        "/api/v1/records/ack",
        data=nested(bad_input.MAX_JSON_DEPTH),
        content_type="application/json",
        headers=BEARER,
    )
    # Not refused at the door: the API says what it wanted instead.
    assert response.status_code == 400
    assert "idempotency_keys" in response.get_json()["error"]


@pytest.mark.parametrize("text", ["a\x00b", "\ud800"])
def test_json_text_that_cannot_be_stored_is_refused(
    app: Flask, browser: FlaskClient, text: str
) -> None:
    """A NUL (PostgreSQL) or half of a surrogate pair (any database) in a JSON value that
    is looked up: a 400, not a server error."""
    client = browser
    logged_in(app, client, "adviser")
    token = csrf_token(client.get("/staff/account").get_data(as_text=True))
    response = client.post(
        "/staff/account/alerts/off",
        data=json.dumps({"id": text}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert "Remove it and send the request again" in response.get_json()["error"]


@pytest.mark.parametrize(
    "endpoint", ["https://[::1", "http://[zz]/x", "https://[fcm.googleapis.com]"]
)
def test_a_push_address_the_url_parser_cannot_read_is_refused(
    app: Flask, browser: FlaskClient, endpoint: str
) -> None:
    _, words = new_inquiry(app, "ask_for_help", conversation=True)
    client = browser
    token = page_token(client)
    client.post("/conversation", data={"passphrase": words, "csrf_token": token})
    keys = {"p256dh": "B" * 87, "auth": "A" * 22}
    response = client.post(
        "/conversation/notifications",
        json={"subscription": {"endpoint": endpoint, "keys": keys}},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert "cannot get notifications from us" in response.get_json()["error"]


# -- a NUL on its way into the database -----------------------------------------------------


def test_a_nul_in_a_filter_or_an_address_is_refused(app: Flask, browser: FlaskClient) -> None:
    client = browser
    logged_in(app, client, "leader", districts=())
    for url in [
        "/staff/audit?reference=AB%00CD",
        "/staff/audit?email=a%00@b.dk",
        "/staff/cases/abc%00def",
        "/api/v1/records?after=1-%00",
    ]:
        response = client.get(url, headers=BEARER if url.startswith("/api/") else {})
        assert response.status_code == 400, url
        text = response.get_data(as_text=True)
        if response.is_json:
            assert "Remove it and send the request again" in response.get_json()["error"]
        else:
            assert "Check the address, or go to the front page" in text, url


def test_a_nul_in_a_form_field_read_by_the_view_is_refused_before_it_is_stored(
    app: Flask, browser: FlaskClient
) -> None:
    inquiry_id, _ = new_inquiry(app, "ask_for_help")
    client = browser
    logged_in(app, client, "leader", districts=())
    page = client.get(f"/staff/cases/{inquiry_id}")
    assert page.status_code == 200
    response = client.post(
        f"/staff/cases/{inquiry_id}/assign",
        data={"adviser": "a\x00b", "csrf_token": csrf_token(page.get_data(as_text=True))},
    )
    assert response.status_code == 400
    says_what_to_do(response.get_data(as_text=True))


def test_the_database_refuses_a_nul_in_any_statement(app: Flask) -> None:
    with app.app_context(), pytest.raises(UnstorableTextError):
        db.session().scalars(select(StaffUser).where(StaffUser.email == "x\x00@y.dk")).all()


# -- what only a crafted form sends, found by the fuzz tests ---------------------------------


def edit_account(
    app: Flask, client: FlaskClient, data: Mapping[str, object]
) -> tuple[str, TestResponse]:
    logged_in(app, client, "admin")
    other = make_staff(app, "adviser")
    page = client.get(f"/staff/accounts/{other.id}")
    assert page.status_code == 200
    token = csrf_token(page.get_data(as_text=True))
    response = client.post(f"/staff/accounts/{other.id}", data={**data, "csrf_token": token})
    return other.id, response


def test_an_account_name_longer_than_it_can_be_stored_gets_a_field_error(
    app: Flask, browser: FlaskClient
) -> None:
    data = {"name": "N" * 121, "role": "adviser", "districts": "nord"}
    _, response = edit_account(app, browser, data)
    assert response.status_code == 400
    assert "Write 120 characters or fewer. You have written 121." in response.get_data(True)


def test_a_district_ticked_twice_counts_once(app: Flask, browser: FlaskClient) -> None:
    data = {"name": "Ny Navn", "role": "adviser", "districts": ["nord", "nord", "syd"]}
    user_id, response = edit_account(app, browser, data)
    assert response.status_code == 302
    with app.app_context(), db.new_session() as s:
        user = s.get(StaffUser, user_id)
        assert user is not None
        assert sorted(d.district_slug for d in user.districts) == ["nord", "syd"]


# -- a line break in "next" ------------------------------------------------------------------


CRLF_NEXT = "/staff/inbox%0D%0ASet-Cookie:%20stolen=1"


def test_a_line_break_in_next_is_refused_at_every_step_of_the_staff_login(
    app: Flask, browser: FlaskClient
) -> None:
    client = browser
    account = make_staff(app, "leader", ())
    response = client.get(f"/staff/login?next={CRLF_NEXT}")
    assert response.status_code == 400
    assert "Check the address, or go to the front page" in response.get_data(as_text=True)
    assert "stolen" not in str(response.headers)
    # A browser that goes on with the password step anyway does not get further with it.
    assert password_step(client, account).status_code == 302
    page = client.get("/staff/login/code")
    response = client.post(
        f"/staff/login/code?next={CRLF_NEXT}",
        data={"code": next_code(app, account), "csrf_token": csrf_token(page.get_data(True))},
    )
    assert response.status_code == 400
    assert "stolen" not in str(response.headers)


@pytest.mark.parametrize("target", ["/x\r\nSet-Cookie: stolen=1", "/x\nX: 1", "/x\x00"])
def test_a_control_character_in_a_posted_next_is_refused(browser: FlaskClient, target: str) -> None:
    client = browser
    response = client.post("/visit/extend", data={"next": target, "csrf_token": page_token(client)})
    assert response.status_code == 400
    assert "stolen" not in str(response.headers)
    assert "Check the address, or go to the front page" in response.get_data(as_text=True)


def test_a_line_break_in_the_language_switchers_next_is_refused(browser: FlaskClient) -> None:
    response = browser.get("/language/da?next=/rights%0D%0ASet-Cookie:%20stolen=1")
    assert response.status_code == 400
    assert "stolen" not in str(response.headers)


def test_safe_next_refuses_control_characters_and_keeps_its_other_rules(app: Flask) -> None:
    with app.test_request_context():
        assert safe_next("/staff/inbox?page=2", "/home") == "/staff/inbox?page=2"
        assert safe_next("https://evil.example/", "/home") == "/home"
        assert safe_next(None, "/home") == "/home"
        for target in ["/a\r\nb", "/a\tb", "/a\x00", "/a\x7f", "/a\x85"]:
            with pytest.raises(bad_input.BadInput):
                safe_next(target, "/home")
