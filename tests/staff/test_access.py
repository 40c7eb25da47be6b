"""Roles, districts, CSRF on every staff POST, and the append-only audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from portal import db
from portal.i18n import COOKIE
from portal.staff.models import AuditEntry
from tests.conftest import checking_client, migrate
from tests.support.apps import make_app
from tests.support.cases import new_inquiry
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


def audit_count(app: Flask, inquiry_id: str, action: str) -> int:
    with app.app_context(), db.new_session() as s:
        return (
            s.scalar(
                select(func.count()).where(
                    AuditEntry.inquiry_id == inquiry_id, AuditEntry.action == action
                )
            )
            or 0
        )


def test_reception_cannot_open_another_districts_case_and_the_try_is_audited(
    tmp_path: Path, own_database_url: str, html_validator: Validator
) -> None:
    # A database of its own: the inbox is read whole.
    app = make_app(tmp_path, own_database_url, RATELIMIT_ENABLED=False)
    migrate(app)
    client = checking_client(app, html_validator)
    client.set_cookie(COOKIE, "en")
    theirs, _ = new_inquiry(app, district="syd")
    ours, _ = new_inquiry(app, district="nord")
    unsorted, _ = new_inquiry(app, district=None)
    logged_in(app, client, "reception", districts=("nord",))
    denied = client.get(f"/staff/cases/{theirs}")
    assert denied.status_code == 403
    assert "Your role or your districts do not give access to it." in denied.get_data(as_text=True)
    assert audit_count(app, theirs, "denied") == 1
    assert audit_count(app, theirs, "read_case") == 0
    # Nor can it be changed by posting straight to it.
    assert client.get(f"/staff/cases/{theirs}/assessment").status_code == 403
    assert client.get(f"/staff/cases/{ours}").status_code == 200
    assert client.get(f"/staff/cases/{unsorted}").status_code == 200  # reception triages these
    assert audit_count(app, ours, "read_case") == 1
    inbox = client.get("/staff/inbox?status=all").get_data(as_text=True)
    assert f"/staff/cases/{ours}" in inbox
    assert f"/staff/cases/{unsorted}" in inbox
    assert f"/staff/cases/{theirs}" not in inbox


def test_an_adviser_sees_their_districts_and_cases_assigned_to_them(
    app: Flask, client: FlaskClient
) -> None:
    unsorted, _ = new_inquiry(app, district=None)
    south, _ = new_inquiry(app, district="syd")
    logged_in(app, client, "adviser", districts=("syd",))
    assert client.get(f"/staff/cases/{south}").status_code == 200
    assert client.get(f"/staff/cases/{unsorted}").status_code == 403


def test_a_leader_sees_every_district(app: Flask, client: FlaskClient) -> None:
    ids = [new_inquiry(app, district=d)[0] for d in ("nord", "midt", "syd", None)]
    logged_in(app, client, "leader")
    for inquiry_id in ids:
        assert client.get(f"/staff/cases/{inquiry_id}").status_code == 200


def test_an_administrator_manages_accounts_but_reads_no_cases(
    app: Flask, client: FlaskClient
) -> None:
    case_id, _ = new_inquiry(app)
    logged_in(app, client, "admin")
    assert client.get("/staff/accounts").status_code == 200
    assert client.get("/staff/inbox").status_code == 403
    assert client.get(f"/staff/cases/{case_id}").status_code == 403


@pytest.mark.parametrize("role", ["reception", "adviser", "leader", "admin"])
def test_every_workspace_page_a_role_may_use_renders_and_others_are_refused(
    app: Flask, client: FlaskClient, role: str
) -> None:
    logged_in(app, client, role)
    checked = 0
    for rule in app.url_map.iter_rules():
        roles = getattr(app.view_functions[rule.endpoint], "staff_roles", ())
        if not roles or rule.arguments or "GET" not in (rule.methods or ()):
            continue
        response = client.get(rule.rule)
        if role in roles:
            assert response.status_code in {200, 302}, rule.rule
            if response.status_code == 302:  # only /staff/ itself, to the inbox
                assert rule.rule == "/staff/", rule.rule
        else:
            assert response.status_code == 403, rule.rule
        checked += 1
    assert checked >= 7


def test_every_staff_post_needs_the_csrf_token(app: Flask, client: FlaskClient) -> None:
    """Logged in with the role each route allows, a POST without the token is refused."""
    case_id, _ = new_inquiry(app, conversation=True)
    for role in ("leader", "admin"):
        browser = app.test_client()
        browser.set_cookie(COOKIE, "en")
        account = logged_in(app, browser, role)
        values = {
            "inquiry_id": case_id,
            "user_id": account.id,
            "form_name": "reply",
            "invitation_id": "no-such-invitation",
        }
        posted = 0
        for rule in app.url_map.iter_rules():
            view = app.view_functions[rule.endpoint]
            roles = getattr(view, "staff_roles", ())
            login_step = getattr(view, "staff_login_step", False)
            if not rule.rule.startswith("/staff") or "POST" not in (rule.methods or ()):
                continue
            if not login_step and role not in roles:
                continue
            url = rule.rule
            for name in rule.arguments:
                url = url.replace(f"<{name}>", values[name])
            response = browser.post(url, data={"active": "0", "code": "123456"})
            assert response.status_code == 400, (url, response.status_code)
            if getattr(view, "recover", None):  # a form that keeps what was typed
                assert b"What you wrote is still here. Send it again." in response.data, url
            else:
                assert b"The page was open for too long" in response.data, url
            posted += 1
        assert posted >= 3
    assert audit_count(app, case_id, "read_case") == 0


def test_the_audit_log_cannot_be_changed_or_deleted(app: Flask, client: FlaskClient) -> None:
    case_id, _ = new_inquiry(app)
    logged_in(app, client, "leader")
    client.get(f"/staff/cases/{case_id}")
    with app.app_context():
        for statement in (
            "UPDATE audit_entry SET action = 'login' WHERE inquiry_id = :id",
            "DELETE FROM audit_entry WHERE inquiry_id = :id",
        ):
            with pytest.raises(DBAPIError, match="append-only"), db.engine().begin() as conn:
                conn.execute(text(statement), {"id": case_id})
    assert audit_count(app, case_id, "read_case") == 1


def test_leaders_read_and_export_the_audit_log(app: Flask, client: FlaskClient) -> None:
    case_id, _ = new_inquiry(app)
    reader = app.test_client()
    account = logged_in(app, reader, "reception", districts=("nord",))
    reader.get(f"/staff/cases/{case_id}")
    logged_in(app, client, "leader")
    with app.app_context(), db.new_session() as s:
        from portal.inquiries.models import Inquiry

        inquiry = s.get(Inquiry, case_id)
        assert inquiry is not None
        reference = inquiry.reference
    page = client.get(f"/staff/audit?reference={reference}").get_data(as_text=True)
    assert "read_case" in page
    assert reference in page
    export = client.get(f"/staff/audit/export?email={account.email}")
    assert export.mimetype == "text/csv"
    body = export.get_data(as_text=True)
    assert body.startswith("\ufeffid,at_utc,user_email,role,action,reference,ip,detail")
    assert f"{account.email},reception,read_case,{reference},127.0.0.1," in body
    # Exporting is itself recorded.
    assert "audit_exported" in client.get("/staff/audit?action=audit_exported").get_data(
        as_text=True
    )


def test_staff_see_who_else_has_read_a_case(app: Flask, client: FlaskClient) -> None:
    case_id, _ = new_inquiry(app)
    other = app.test_client()
    logged_in(app, other, "reception", districts=("nord",), name="Rikke Modtager")
    other.get(f"/staff/cases/{case_id}")
    logged_in(app, client, "leader")
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    section = page[page.index("Who else has read this case") :]
    assert "Rikke Modtager (Reception)" in section
