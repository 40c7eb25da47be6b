"""The case page and the printable record show a CPR number masked (010215-xxxx); staff who
need it press "Show", a POST with the form token, audited (who, when, which case), and the
full number is in that one response only."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.staff.models import AuditEntry
from tests.conftest import checking_client, migrate
from tests.support.apps import make_app
from tests.support.cases import APPLICATION, new_inquiry
from tests.support.forms import csrf_token
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in

FULL, MASKED = "010215-4123", "010215-xxxx"


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def shown(app: Flask, case_id: str) -> list[tuple[str | None, str]]:
    with app.app_context(), db.new_session() as s:
        rows = s.execute(
            select(AuditEntry.user_id, AuditEntry.detail).where(
                AuditEntry.inquiry_id == case_id, AuditEntry.action == "cpr_shown"
            )
        ).all()
        return [(r.user_id, r.detail) for r in rows]


@pytest.mark.parametrize("page", ["", "/record"])
def test_the_cpr_number_is_masked_until_asked_for_and_that_is_audited(
    app: Flask, client: FlaskClient, page: str
) -> None:
    case_id, _ = new_inquiry(app, "application", answers=APPLICATION)
    reception = logged_in(app, client, "reception", districts=("nord",))
    url = f"/staff/cases/{case_id}{page}"
    html = client.get(url).get_data(as_text=True)
    assert MASKED in html
    assert "4123" not in html
    assert "Show the full CPR number" in html
    assert shown(app, case_id) == []

    response = client.post(url, data={"csrf_token": csrf_token(html)})
    assert response.status_code == 200
    revealed = response.get_data(as_text=True)
    assert FULL in revealed
    [(who, detail)] = shown(app, case_id)
    assert who == reception.id
    assert detail == ("record" if page else "case page")
    # That response only: the next look is masked again.
    again = client.get(url).get_data(as_text=True)
    assert MASKED in again
    assert "4123" not in again


def test_showing_needs_the_form_token(app: Flask, client: FlaskClient) -> None:
    case_id, _ = new_inquiry(app, "application", answers=APPLICATION)
    logged_in(app, client, "reception", districts=("nord",))
    response = client.post(f"/staff/cases/{case_id}/record", data={})
    assert response.status_code == 400
    assert "4123" not in response.get_data(as_text=True)
    assert shown(app, case_id) == []


def test_staff_of_another_district_cannot_show_it(app: Flask, client: FlaskClient) -> None:
    case_id, _ = new_inquiry(app, "application", answers=APPLICATION)
    logged_in(app, client, "reception", districts=("syd",))
    page = client.get("/staff/account").get_data(as_text=True)
    response = client.post(f"/staff/cases/{case_id}/record", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 403
    assert "4123" not in response.get_data(as_text=True)
    assert shown(app, case_id) == []


def test_a_case_without_a_cpr_number_offers_nothing_to_show(
    app: Flask, client: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app)
    logged_in(app, client, "leader")
    for url in (f"/staff/cases/{case_id}", f"/staff/cases/{case_id}/record"):
        assert "Show the full CPR number" not in client.get(url).get_data(as_text=True)
