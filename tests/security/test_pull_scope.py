"""F6: pull-API clients are scoped and audited; their tokens expire, can be revoked, and are
stored only as hashes.

A client sees and acknowledges only the records of inquiries in its scope (districts, kinds
of inquiry); a record in two scopes is delivered to each client and acknowledged by each
for itself. Every listing, acknowledgement and refused token is in the audit log with the
client as the actor. On SQLite and PostgreSQL; client names are unique per test, because
the audit log (append-only) is shared by the tests of a PostgreSQL run.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal import db
from portal.casesystem.cli import casesystem_cli
from portal.casesystem.models import CaseSystemClient
from portal.i18n import COOKIE as LANGUAGE_COOKIE
from portal.inquiries.models import Inquiry
from portal.outbox.models import DONE, PENDING, OutboxEvent
from portal.staff.models import AuditEntry
from tests.support.apps import MovableClock
from tests.support.cases import new_inquiry
from tests.support.outbox import api_client, outbox_app
from tests.support.staff import logged_in

CONSULTATION: dict[str, Any] = {"conversation": True, "lundy": {"voice": {}}}


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, database_url: str, clock: MovableClock) -> Flask:
    return outbox_app(tmp_path, database_url, CLOCK=clock, CASE_SYSTEM_ADAPTER="pull")


@pytest.fixture
def api(app: Flask) -> FlaskClient:
    return app.test_client()


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def listing(api: FlaskClient, token: str) -> list[dict[str, Any]]:
    response = api.get("/api/v1/records?limit=500", headers=auth(token))
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["more"] is False
    records: list[dict[str, Any]] = body["records"]
    return records


def inquiries_in(records: list[dict[str, Any]]) -> set[str]:
    return {item["record"]["inquiry_id"] for item in records}


def keys_of(records: list[dict[str, Any]]) -> list[str]:
    return [item["idempotency_key"] for item in records]


def ack(api: FlaskClient, token: str, keys: list[str]) -> int:
    response = api.post("/api/v1/records/ack", json={"idempotency_keys": keys}, headers=auth(token))
    assert response.status_code == 200, response.get_data(as_text=True)
    acknowledged: int = response.get_json()["acknowledged"]
    return acknowledged


def entries(app: Flask, client_name: str | None, after: int = 0) -> list[AuditEntry]:
    """The audit entries of a client (or of no client), after entry id ``after``."""
    with app.app_context(), db.new_session() as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.api_client.is_(None) if client_name is None else
                       AuditEntry.api_client == client_name)
                .where(AuditEntry.id > after)
                .order_by(AuditEntry.id)
            )
        )  # fmt: skip


def last_entry_id(app: Flask) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.max(AuditEntry.id))) or 0


def states(app: Flask, inquiry_id: str) -> set[str]:
    with app.app_context(), db.new_session() as s:
        return set(s.scalars(select(OutboxEvent.state).where(OutboxEvent.inquiry_id == inquiry_id)))


def reference_of(app: Flask, inquiry_id: str) -> str:
    with app.app_context(), db.new_session() as s:
        return s.get_one(Inquiry, inquiry_id).reference


def test_a_client_cannot_see_or_acknowledge_another_clients_records(
    app: Flask, api: FlaskClient
) -> None:
    north_token = api_client(app, unique("north"), districts=["nord"])
    south_token = api_client(app, unique("south"), districts=["syd"])
    north, _ = new_inquiry(app, district="nord")
    south, _ = new_inquiry(app, district="syd")

    assert inquiries_in(listing(api, north_token)) == {north}
    southern = listing(api, south_token)
    assert inquiries_in(southern) == {south}

    # North's client knows (or guesses) south's keys: acknowledging them does nothing.
    assert ack(api, north_token, keys_of(southern)) == 0
    assert listing(api, south_token) == southern
    assert states(app, south) == {PENDING}


def test_records_outside_the_districts_and_kinds_of_the_scope_are_not_listed(
    app: Flask, api: FlaskClient
) -> None:
    token = api_client(app, unique("say"), districts=["nord"], kinds=["consultation"])
    unplaced_token = api_client(app, unique("reception"), districts=["none"])
    wanted, _ = new_inquiry(app, "consultation", district="nord", **CONSULTATION)
    other_kind, _ = new_inquiry(app, "report_of_concern", district="nord")
    other_district, _ = new_inquiry(app, "consultation", district="syd", **CONSULTATION)
    no_district, _ = new_inquiry(app, "consultation", district=None, **CONSULTATION)

    records = listing(api, token)
    assert inquiries_in(records) == {wanted}
    assert {r["record"]["record_type"] for r in records} == {"inquiry", "participation", "message"}
    assert inquiries_in(listing(api, unplaced_token)) == {no_district}
    # Paging with a cursor does not widen the scope.
    first = api.get("/api/v1/records?limit=1", headers=auth(token)).get_json()
    rest = api.get(f"/api/v1/records?after={first['next_cursor']}", headers=auth(token))
    assert inquiries_in(rest.get_json()["records"]) == {wanted}
    # Nor does acknowledging: the other records wait for a client whose scope has them.
    everyone = api_client(app, unique("everyone"))
    assert inquiries_in(listing(api, everyone)) == {wanted, other_kind, other_district, no_district}


def test_a_record_in_two_scopes_is_delivered_to_each_and_acknowledged_by_each(
    app: Flask, api: FlaskClient
) -> None:
    everywhere_name, north_name = unique("all"), unique("north")
    everywhere = api_client(app, everywhere_name)
    north = api_client(app, north_name, districts=["Nord"])  # a district's name works too
    inquiry_id, _ = new_inquiry(app, district="nord")
    keys = keys_of(listing(api, everywhere))
    assert keys == keys_of(listing(api, north))

    assert ack(api, everywhere, keys) == 1
    assert listing(api, everywhere) == []
    assert keys_of(listing(api, north)) == keys, "still waiting for the other client"
    assert states(app, inquiry_id) == {PENDING}
    assert ack(api, north, keys) == 1
    assert listing(api, north) == []
    assert states(app, inquiry_id) == {DONE}

    # Revoking a client ends what only it was still to acknowledge.
    second, _ = new_inquiry(app, district="nord")
    assert ack(api, everywhere, keys_of(listing(api, everywhere))) == 1
    assert states(app, second) == {PENDING}
    result = app.test_cli_runner().invoke(casesystem_cli, ["client", "revoke", north_name])
    assert result.exit_code == 0, result.output
    assert states(app, second) == {DONE}


def test_expired_revoked_and_unknown_tokens_are_refused_and_audited(
    app: Flask, api: FlaskClient, clock: MovableClock
) -> None:
    short_name, revoked_name = unique("short"), unique("revoked")
    short = api_client(app, short_name, days=1)
    revoked = api_client(app, revoked_name, days=30)
    new_inquiry(app)
    assert api.get("/api/v1/records", headers=auth(short)).status_code == 200

    clock.advance(days=1, seconds=1)
    for response in (
        api.get("/api/v1/records", headers=auth(short)),
        api.post("/api/v1/records/ack", json={"idempotency_keys": ["x"]}, headers=auth(short)),
    ):
        assert response.status_code == 401
        assert "expired or revoked" in response.get_json()["error"]
    refused = [e for e in entries(app, short_name) if e.action == "api_refused"]
    assert [e.detail for e in refused] == ["expired", "expired"]

    assert api.get("/api/v1/records", headers=auth(revoked)).status_code == 200
    runner = app.test_cli_runner()
    assert runner.invoke(casesystem_cli, ["client", "revoke", revoked_name]).exit_code == 0
    assert api.get("/api/v1/records", headers=auth(revoked)).status_code == 401
    assert entries(app, revoked_name)[-1].action == "api_refused"
    assert entries(app, revoked_name)[-1].detail == "revoked"
    listed = runner.invoke(casesystem_cli, ["client", "list"]).output
    assert f"{revoked_name}\trevoked\t" in listed
    assert f"{short_name}\texpired\t" in listed

    before = last_entry_id(app)
    assert api.get("/api/v1/records", headers=auth(secrets.token_urlsafe(32))).status_code == 401
    assert api.get("/api/v1/records").status_code == 401
    unknown = [(e.action, e.detail, e.ip) for e in entries(app, None, after=before)]
    assert unknown == [
        ("api_refused", "unknown token", "127.0.0.1"),
        ("api_refused", "no bearer token", "127.0.0.1"),
    ]


def test_every_listing_and_acknowledgement_is_audited_with_the_client_as_actor(
    app: Flask, api: FlaskClient
) -> None:
    name = unique("dubu")
    token = api_client(app, name)
    consultation, _ = new_inquiry(app, "consultation", **CONSULTATION)
    report, _ = new_inquiry(app)

    keys = keys_of(listing(api, token))
    assert ack(api, token, keys) == 4
    assert ack(api, token, keys[:1]) == 0
    assert listing(api, token) == []
    logged = [(e.action, e.inquiry_id or "", e.detail) for e in entries(app, name)]
    # One entry per inquiry a request touched (in the order of the records, which were
    # made at the same moment here), or one saying that it touched none.
    assert sorted(logged[:2]) == sorted(
        [
            ("api_listed", consultation, "listed 3 records"),
            ("api_listed", report, "listed 1 record"),
        ]
    )
    assert sorted(logged[2:4]) == sorted(
        [
            ("api_acknowledged", consultation, "acknowledged 3 records"),
            ("api_acknowledged", report, "acknowledged 1 record"),
        ]
    )
    assert logged[4:] == [
        ("api_acknowledged", "", "1 of 1 keys not waiting for this client"),
        ("api_listed", "", "listed 0 records"),
    ]
    assert {(e.user_id, e.ip) for e in entries(app, name)} == {(None, "127.0.0.1")}

    # Leaders see the client as the one who did it, on the page and in the export.
    leader = app.test_client()
    leader.set_cookie(LANGUAGE_COOKIE, "en")
    logged_in(app, leader, "leader")
    reference = reference_of(app, consultation)
    page = leader.get(f"/staff/audit?reference={reference}").get_data(as_text=True)
    assert f"Case system {name}" in page
    export = leader.get(f"/staff/audit/export?reference={reference}").get_data(as_text=True)
    assert f",api_listed,{reference},127.0.0.1,listed 3 records,{name}" in export


def test_tokens_are_random_and_kept_only_as_a_hash(app: Flask) -> None:
    name = unique("hashed")
    result = app.test_cli_runner().invoke(
        casesystem_cli,
        ["client", "add", name, "--districts", "nord,syd", "--kinds", "report_of_concern"],
    )
    assert result.exit_code == 0, result.output
    token = result.output.split("shown once): ")[1].split()[0]
    assert len(token) >= 43  # 256 bits, base64url
    with app.app_context(), db.new_session() as s:
        row = s.scalars(select(CaseSystemClient).where(CaseSystemClient.name == name)).one()
        stored = [str(getattr(row, c.key)) for c in CaseSystemClient.__table__.columns]
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in value for value in stored)
    assert (row.districts, row.kinds) == ("nord,syd", "report_of_concern")
    assert row.expires_at is not None
    assert token not in app.test_cli_runner().invoke(casesystem_cli, ["client", "list"]).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--districts", "atlantis", "--kinds", "all"], "No district called 'atlantis'"),
        (["--districts", "all", "--kinds", "gossip"], "Kinds are ask_for_help"),
        (["--districts", "all", "--kinds", "all", "--expires", "2020-01-01"], "has passed"),
    ],
)
def test_an_operator_is_told_what_is_wrong_with_a_client(
    app: Flask, args: list[str], message: str
) -> None:
    result = app.test_cli_runner().invoke(casesystem_cli, ["client", "add", unique("x"), *args])
    assert result.exit_code != 0
    assert message in result.output


def test_refused_tokens_are_limited_per_address(tmp_path: Path, database_url: str) -> None:
    app = outbox_app(
        tmp_path, database_url, CASE_SYSTEM_ADAPTER="pull", CASE_SYSTEM_API_REFUSAL_LIMIT="3/minute"
    )
    token = api_client(app, unique("limited"))
    api = app.test_client()
    for _ in range(3):
        assert api.get("/api/v1/records", headers=auth("guess")).status_code == 401
    assert api.get("/api/v1/records", headers=auth("guess")).status_code == 429
    assert api.get("/api/v1/records", headers=auth(token)).status_code == 429
