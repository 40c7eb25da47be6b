"""F9: every refusal is in the audit log: who, which route or case, and why."""

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
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token
from tests.support.pagecheck import Validator
from tests.support.staff import logged_in


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def refusals(app: Flask, user_id: str) -> list[tuple[str | None, str]]:
    """(case id, detail) of the user's 'denied' entries, oldest first."""
    with app.app_context(), db.new_session() as s:
        rows = s.execute(
            select(AuditEntry.inquiry_id, AuditEntry.detail)
            .where(AuditEntry.user_id == user_id, AuditEntry.action == "denied")
            .order_by(AuditEntry.id)
        ).all()
        return [(r.inquiry_id, r.detail) for r in rows]


def test_a_page_the_role_may_not_use_is_refused_and_audited(
    app: Flask, client: FlaskClient
) -> None:
    adviser = logged_in(app, client, "adviser")
    refused = client.get("/staff/accounts")
    assert refused.status_code == 403
    assert "The attempt is recorded." in refused.get_data(as_text=True)
    assert client.get("/staff/audit?action=denied").status_code == 403
    [(case, accounts), (_, audit_page)] = refusals(app, adviser.id)
    assert case is None
    assert "GET /staff/accounts" in accounts
    assert "role adviser" in accounts
    assert "GET /staff/audit" in audit_page


def test_a_post_the_role_may_not_make_is_refused_and_audited(
    app: Flask, client: FlaskClient
) -> None:
    leader = logged_in(app, client, "leader")
    page = client.get("/staff/account").get_data(as_text=True)
    refused = client.post(
        "/staff/accounts/new",
        data={
            "email": "x@kommune.test",
            "name": "X",
            "role": "admin",
            "csrf_token": csrf_token(page),
        },
    )
    assert refused.status_code == 403
    [(_, detail)] = refusals(app, leader.id)
    assert "POST /staff/accounts/new" in detail
    assert "role leader" in detail


def test_an_administrator_refused_a_case_is_audited_with_the_case(
    app: Flask, client: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app)
    admin = logged_in(app, client, "admin")
    assert client.get(f"/staff/cases/{case_id}").status_code == 403
    assert client.get(f"/staff/cases/{case_id}/record").status_code == 403
    found = refusals(app, admin.id)
    assert [case for case, _ in found] == [case_id, case_id]
    assert f"/staff/cases/{case_id}/record" in found[1][1]
    assert "role admin" in found[1][1]


def test_a_case_of_another_district_is_refused_with_the_reason(
    app: Flask, client: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app, district="syd")
    reception = logged_in(app, client, "reception", districts=("nord",))
    assert client.get(f"/staff/cases/{case_id}").status_code == 403
    [(case, detail)] = refusals(app, reception.id)
    assert case == case_id
    assert f"GET /staff/cases/{case_id}" in detail
    assert "district" in detail


def test_disabling_ones_own_account_is_refused_and_audited(app: Flask, client: FlaskClient) -> None:
    admin = logged_in(app, client, "admin")
    page = client.get("/staff/accounts").get_data(as_text=True)
    response = client.post(
        f"/staff/accounts/{admin.id}/active", data={"active": "0", "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 400
    [(_, detail)] = refusals(app, admin.id)
    assert "own account" in detail
