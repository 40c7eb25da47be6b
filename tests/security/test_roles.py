"""F5: nobody changes their own role; leader and administrator are given by the operator
at the server (flask staff role), never in the admin pages; every role change is audited
with before and after."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import db
from portal.staff.cli import staff_cli
from portal.staff.models import AuditEntry, StaffUser
from tests.conftest import checking_client, migrate
from tests.support.apps import make_app
from tests.support.forms import csrf_token
from tests.support.pagecheck import Validator
from tests.support.staff import Account, logged_in, make_staff


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    application = make_app(tmp_path, database_url, RATELIMIT_ENABLED=False)
    migrate(application)
    return application


@pytest.fixture
def client(app: Flask, html_validator: Validator) -> FlaskClient:
    return checking_client(app, html_validator, language="en")


def user(app: Flask, account_id: str) -> tuple[str, set[str]]:
    with app.app_context(), db.new_session() as s:
        found = s.get(StaffUser, account_id)
        assert found is not None
        return found.role, found.district_slugs


def entries(app: Flask, action: str, needle: str) -> list[AuditEntry]:
    with app.app_context(), db.new_session() as s:
        rows = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == action, AuditEntry.detail.contains(needle))
            .order_by(AuditEntry.id)
        )
        return list(rows)


def edit(client: FlaskClient, account: Account, **data: object) -> tuple[int, str]:
    url = f"/staff/accounts/{account.id}"
    page = client.get(url).get_data(as_text=True)
    response = client.post(url, data={**data, "csrf_token": csrf_token(page)})
    return response.status_code, response.get_data(as_text=True)


def test_an_administrator_cannot_make_themselves_a_leader(app: Flask, client: FlaskClient) -> None:
    admin = logged_in(app, client, "admin")
    status, page = edit(client, admin, name="Me", role="leader")
    assert status == 400
    assert "You cannot change your own role." in page
    assert user(app, admin.id)[0] == "admin"
    [refusal] = entries(app, "denied", admin.email)
    assert refusal.user_id == admin.id
    assert "own role" in refusal.detail
    # The form does not offer it either.
    form = client.get(f"/staff/accounts/{admin.id}").get_data(as_text=True)
    assert 'value="leader"' not in form


def test_leader_and_administrator_are_not_given_in_the_admin_pages(
    app: Flask, client: FlaskClient
) -> None:
    logged_in(app, client, "admin")
    adviser = make_staff(app, "adviser")
    for role in ("leader", "admin"):
        status, page = edit(client, adviser, name="Adviser", role=role)
        assert status == 400
        assert "flask staff role" in page
        assert user(app, adviser.id)[0] == "adviser"
    assert len(entries(app, "denied", adviser.email)) == 2
    # Nor by creating an account with the role (a second identity for oneself).
    page = client.get("/staff/accounts/new").get_data(as_text=True)
    assert 'value="leader"' not in page
    assert 'value="admin"' not in page
    created = client.post(
        "/staff/accounts/new",
        data={
            "email": "second-me@kommune.test",
            "name": "Second Me",
            "role": "leader",
            "csrf_token": csrf_token(page),
        },
    )
    assert created.status_code == 400
    with app.app_context(), db.new_session() as s:
        assert (
            s.scalar(select(StaffUser).where(StaffUser.email == "second-me@kommune.test")) is None
        )
    assert entries(app, "denied", "second-me@kommune.test")


def test_a_role_change_is_audited_with_before_and_after(app: Flask, client: FlaskClient) -> None:
    logged_in(app, client, "admin")
    adviser = make_staff(app, "adviser", districts=("nord",))
    status, _page = edit(client, adviser, name="Adviser", role="reception", districts=["syd"])
    assert status == 302
    assert user(app, adviser.id) == ("reception", {"syd"})
    [change] = entries(app, "role_changed", adviser.email)
    assert "adviser -> reception" in change.detail
    assert "nord -> syd" in change.detail


def test_a_leader_can_be_made_an_adviser_again_in_the_admin_pages(
    app: Flask, client: FlaskClient
) -> None:
    logged_in(app, client, "admin")
    leader = make_staff(app, "leader")
    status, _page = edit(client, leader, name="Former Leader", role="adviser", districts=["midt"])
    assert status == 302
    assert user(app, leader.id) == ("adviser", {"midt"})
    [change] = entries(app, "role_changed", leader.email)
    assert "leader -> adviser" in change.detail


def test_a_leaders_account_is_reset_by_the_operator_only(app: Flask, client: FlaskClient) -> None:
    """A reset hands the account's first password to whoever does it: for a leader, that
    would make the administrator the leader."""
    logged_in(app, client, "admin")
    leader = make_staff(app, "leader")
    page = client.get(f"/staff/accounts/{leader.id}").get_data(as_text=True)
    response = client.post(
        f"/staff/accounts/{leader.id}/reset", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 400
    assert "flask staff reset" in response.get_data(as_text=True)
    assert entries(app, "denied", leader.email)
    result = app.test_cli_runner().invoke(staff_cli, ["reset", leader.email])
    assert result.exit_code == 0, result.output
    assert "first password:" in result.output
    [reset] = entries(app, "account_reset", leader.email)
    assert reset.user_id is None
    assert "operator" in reset.detail


def test_the_operator_gives_and_takes_the_leader_role_audited(
    app: Flask, client: FlaskClient
) -> None:
    adviser = make_staff(app, "adviser", districts=("nord",))
    runner = app.test_cli_runner()
    result = runner.invoke(staff_cli, ["role", adviser.email, "--role", "leader"])
    assert result.exit_code == 0, result.output
    assert user(app, adviser.id) == ("leader", set())
    [change] = entries(app, "role_changed", adviser.email)
    assert change.user_id is None
    assert "adviser -> leader" in change.detail
    assert "operator" in change.detail
    # Back to adviser needs a district, as in the admin pages.
    refused = runner.invoke(staff_cli, ["role", adviser.email, "--role", "adviser"])
    assert refused.exit_code != 0
    assert "district" in refused.output
    result = runner.invoke(
        staff_cli, ["role", adviser.email, "--role", "adviser", "--district", "Syd"]
    )
    assert result.exit_code == 0, result.output
    assert user(app, adviser.id) == ("adviser", {"syd"})
    # An account made at the server is in the log too.
    result = runner.invoke(staff_cli, ["add", "ny.leder@kommune.test", "--role", "leader"])
    assert result.exit_code == 0, result.output
    [made] = entries(app, "account_created", "ny.leder@kommune.test")
    assert made.user_id is None
    assert "leader" in made.detail
