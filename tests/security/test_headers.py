from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from tests.support.apps import make_app


def test_csp_is_strict_with_a_fresh_nonce_per_request(client: FlaskClient) -> None:
    first = client.get("/")
    second = client.get("/")
    csp = first.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce is not None
    assert f'nonce="{nonce.group(1)}"' in first.get_data(as_text=True)
    assert nonce.group(1) not in second.headers["Content-Security-Policy"]


def test_every_script_tag_carries_the_nonce_and_there_is_no_inline_code(
    client: FlaskClient,
) -> None:
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)
    tags = re.findall(r"<script\b[^>]*>", page)
    assert tags
    assert all("nonce=" in tag and "src=" in tag for tag in tags)
    assert all(body.strip() == "" for body in scripts)
    assert " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)


def test_baseline_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers


def test_hsts_and_secure_cookies_over_https(client: FlaskClient) -> None:
    with client.session_transaction(base_url="https://localhost") as session:
        session["x"] = "1"
    response = client.get("/language/en", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in response.headers["Set-Cookie"]


def test_session_cookie_flags(client: FlaskClient) -> None:
    with client.session_transaction() as session:
        session["x"] = "1"
    response = client.get("/help-now")
    del response
    cookie = client.get_cookie("indgang_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure


def test_proxy_headers_are_ignored_unless_configured(client: FlaskClient) -> None:
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_proxy_headers_are_trusted_when_configured(tmp_path: Path) -> None:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", TRUSTED_PROXY_COUNT=1)
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
