"""Filling in the portal's forms through the test client, as a browser would."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from portal import db
from portal.inquiries.models import Inquiry

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


Steps = list[tuple[str, dict[str, Any]]]


def walk(client: FlaskClient, journey: str, steps: Steps) -> None:
    """Answer ``steps`` of the journey at ``journey`` (e.g. "/ask-for-help") in order."""
    for slug, data in steps:
        response = submit(client, f"{journey}/{slug}", data)
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[:3000])


def send(client: FlaskClient, journey: str) -> str:
    """Press Send on check answers; the receipt page."""
    response = submit(client, f"{journey}/check-answers", {})
    assert location(response) == f"{journey}/sent"
    return client.get(f"{journey}/sent").get_data(as_text=True)


def sent_inquiry(page: str) -> Inquiry:
    """The inquiry whose reference a receipt shows (PostgreSQL runs share one schema)."""
    reference = re.search(r'<span class="number">([A-Z0-9]{4}-[A-Z0-9]{4})</span>', page)
    assert reference, "no reference on the receipt"
    found: Inquiry = (
        db.session().scalars(select(Inquiry).where(Inquiry.reference == reference.group(1))).one()
    )
    return found
