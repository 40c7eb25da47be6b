"""Filling in the portal's forms through the test client, as a browser would."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    """The form token on a page."""
    found = TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1) or found.group(2)


def submit(client: FlaskClient, url: str, data: dict[str, Any]) -> TestResponse:
    """GET the page, then POST ``data`` with the page's own token (like pressing the button)."""
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    return client.post(url, data={**data, "csrf_token": csrf_token(page.get_data(as_text=True))})


def location(response: TestResponse) -> str:
    assert response.status_code in {302, 303}, response.status_code
    return response.headers["Location"]
