from __future__ import annotations

from pathlib import Path

import pytest
from flask import Blueprint, Flask, abort
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import db
from tests.conftest import CheckingClient
from tests.support.apps import make_app
from tests.support.pagecheck import Validator

probe = Blueprint("probe", __name__)


@probe.post("/probe/form")
def form_post() -> str:
    return "ok"


@probe.get("/probe/boom")
def boom() -> str:
    raise RuntimeError("secret internals: stack trace must not show")


@probe.get("/probe/forbidden")
def forbidden() -> str:
    abort(403)


@probe.get("/probe/database")
def database() -> str:
    db.session().execute(text("SELECT 1"))
    return "ok"


def probe_client(tmp_path: Path, validator: Validator, **overrides: object) -> FlaskClient:
    """An app with a few routes that exist only to trigger each error."""
    database_url = str(overrides.pop("database_url", f"sqlite:///{tmp_path}/e.db"))
    application: Flask = make_app(tmp_path, database_url, **overrides)
    application.register_blueprint(probe)
    application.test_client_class = CheckingClient
    CheckingClient.validator = validator
    return application.test_client()


@pytest.fixture
def probing(tmp_path: Path, html_validator: Validator) -> FlaskClient:
    return probe_client(tmp_path, html_validator, PROPAGATE_EXCEPTIONS=False)


def assert_friendly(response: object, status: int, words: str) -> None:
    page = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert response.status_code == status  # type: ignore[attr-defined]
    assert words in page
    assert "Traceback" not in page
    assert "secret internals" not in page
    assert 'class="exit-button"' in page
    assert 'id="help-box-heading"' in page


def test_404(client: FlaskClient) -> None:
    assert_friendly(
        client.get("/no/such/page", headers={"Accept-Language": "en"}), 404, "Check the address"
    )


def test_403(probing: FlaskClient) -> None:
    response = probing.get("/probe/forbidden", headers={"Accept-Language": "en"})
    assert_friendly(response, 403, "call us if you think this is a mistake")


def test_405_keeps_allow_header(client: FlaskClient) -> None:
    response = client.post("/help-now", headers={"Accept-Language": "en"})
    assert_friendly(response, 405, "Go to the front page and start again")
    assert "GET" in response.headers["Allow"]


def test_missing_csrf_token(probing: FlaskClient) -> None:
    response = probing.post("/probe/form", data={"text": "hej"}, headers={"Accept-Language": "en"})
    assert_friendly(response, 400, "reload the page and send it again")


def test_expired_csrf_token(tmp_path: Path, html_validator: Validator) -> None:
    client = probe_client(tmp_path, html_validator, WTF_CSRF_TIME_LIMIT=-1)
    with client.application.test_request_context():
        from flask_wtf.csrf import generate_csrf

        token = generate_csrf()
    response = client.post(
        "/probe/form", data={"csrf_token": token}, headers={"Accept-Language": "en"}
    )
    assert_friendly(response, 400, "The page was open for too long")


def test_request_over_the_size_limit(tmp_path: Path, html_validator: Validator) -> None:
    client = probe_client(
        tmp_path, html_validator, MAX_CONTENT_LENGTH=1024, MAX_FORM_MEMORY_SIZE=1024
    )
    response = client.post(
        "/probe/form", data={"text": "x" * 5000}, headers={"Accept-Language": "en"}
    )
    assert_friendly(response, 413, "make the text shorter")


def test_rate_limit(tmp_path: Path, html_validator: Validator) -> None:
    client = probe_client(
        tmp_path, html_validator, RATELIMIT_DEFAULT="2 per minute", WTF_CSRF_ENABLED=False
    )
    raw = FlaskClient(client.application)  # the probe answers "ok", not a page
    for _ in range(2):
        assert raw.post("/probe/form", data={"text": "hej"}).status_code == 200
    response = client.post("/probe/form", headers={"Accept-Language": "en"})
    assert_friendly(response, 429, "Wait a minute")
    assert 0 < int(response.headers["Retry-After"]) <= 61  # the rest of the minute
    assert "X-RateLimit-Limit" not in response.headers


def test_reading_pages_is_left_to_the_proxy_to_limit(
    tmp_path: Path, html_validator: Validator
) -> None:
    client = probe_client(tmp_path, html_validator, RATELIMIT_DEFAULT="1 per minute")
    for _ in range(3):
        assert client.get("/help-now").status_code == 200


def test_static_files_are_not_rate_limited(tmp_path: Path, html_validator: Validator) -> None:
    client = probe_client(tmp_path, html_validator, RATELIMIT_DEFAULT="1 per minute")
    for _ in range(3):
        with client.get("/static/css/portal.css") as response:
            assert response.status_code == 200


def test_server_error_shows_no_stack_trace(probing: FlaskClient) -> None:
    assert_friendly(
        probing.get("/probe/boom", headers={"Accept-Language": "en"}), 500, "It is our fault"
    )


def test_unreachable_database_is_a_503_with_what_to_do(
    tmp_path: Path, html_validator: Validator
) -> None:
    client = probe_client(
        tmp_path,
        html_validator,
        database_url="postgresql+psycopg://nobody@127.0.0.1:9/none",
        PROPAGATE_EXCEPTIONS=False,
    )
    response = client.get("/probe/database", headers={"Accept-Language": "en"})
    assert_friendly(response, 503, "Try again in a few minutes")
    # Flask-Limiter re-states Retry-After as whole seconds from now, so a slow
    # request can see 59: what matters is "about a minute", never zero or longer.
    assert 50 <= int(response.headers["Retry-After"]) <= 60


@pytest.mark.parametrize("locale", ["da", "en", "ar", "uk"])
def test_error_pages_are_translated(client: FlaskClient, locale: str) -> None:
    english = "We cannot find this page"
    page = client.get("/missing", headers={"Accept-Language": locale}).get_data(as_text=True)
    assert (english in page) is (locale == "en")
