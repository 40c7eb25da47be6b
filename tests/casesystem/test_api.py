"""The pull API: bearer tokens, listing with a cursor, acknowledging, the OpenAPI document."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from werkzeug.test import TestResponse

from portal.casesystem import api
from portal.casesystem.cli import casesystem_cli
from portal.outbox import worker
from portal.outbox.cli import station
from tests.casesystem.test_records import validator
from tests.support.apps import MovableClock
from tests.support.cases import new_inquiry
from tests.support.outbox import api_client, outbox_app

DOCUMENT = json.loads(api.OPENAPI.read_text())


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    return outbox_app(tmp_path, database_url, CLOCK=MovableClock(), CASE_SYSTEM_ADAPTER="pull")


@pytest.fixture
def token(app: Flask) -> str:
    return api_client(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def conforms(response: TestResponse, path: str, method: str) -> dict[str, Any]:
    """The body, checked against the response schema the OpenAPI document gives."""
    operation = DOCUMENT["paths"][path][method]
    described = operation["responses"][str(response.status_code)]
    if "$ref" in described:
        described = DOCUMENT["components"]["responses"][described["$ref"].rsplit("/", 1)[1]]
    schema = described["content"]["application/json"]["schema"]
    registry: Registry[Any] = Registry().with_resource(
        "urn:openapi", Resource.from_contents(DOCUMENT, default_specification=_spec())
    )
    target = {"$ref": "urn:openapi" + schema["$ref"]} if "$ref" in schema else schema
    body: dict[str, Any] = response.get_json()
    Draft202012Validator(target, registry=registry).validate(body)
    return body


def _spec() -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_without_a_valid_token_nothing_is_listed(client: FlaskClient, token: str) -> None:
    for headers in ({}, auth("wrong"), {"Authorization": f"Basic {token}"}):
        response = client.get("/api/v1/records", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="indgang"'
        conforms(response, "/records", "get")
    assert client.post("/api/v1/records/ack", json={"idempotency_keys": ["x"]}).status_code == 401


def test_records_are_listed_in_pages_until_acknowledged(
    app: Flask, client: FlaskClient, token: str
) -> None:
    new_inquiry(app, "consultation", conversation=True, lundy={"voice": {}})
    new_inquiry(app)
    with app.app_context():
        assert worker.drain(station()).handled == 0, "pull records wait for the case system"
    first = conforms(client.get("/api/v1/records?limit=3", headers=auth(token)), "/records", "get")
    assert len(first["records"]) == 3
    assert first["more"] is True
    rest = conforms(
        client.get(f"/api/v1/records?after={first['next_cursor']}", headers=auth(token)),
        "/records",
        "get",
    )
    assert len(rest["records"]) == 1
    assert rest["more"] is False
    everything = first["records"] + rest["records"]
    for item in everything:
        validator(item["record"]["record_type"]).validate(item["record"])
    keys = [item["idempotency_key"] for item in everything]
    assert len(set(keys)) == 4

    ack = client.post(
        "/api/v1/records/ack", json={"idempotency_keys": keys[:3]}, headers=auth(token)
    )
    assert conforms(ack, "/records/ack", "post") == {"acknowledged": 3}
    again = client.post("/api/v1/records/ack", json={"idempotency_keys": keys}, headers=auth(token))
    assert again.get_json() == {"acknowledged": 1}
    left = client.get("/api/v1/records", headers=auth(token)).get_json()
    assert left == {"records": [], "next_cursor": None, "more": False}


def test_a_case_system_that_accepts_gzip_gets_the_same_records_compressed(
    app: Flask, client: FlaskClient, token: str
) -> None:
    for _ in range(3):
        new_inquiry(app)
    plain = client.get("/api/v1/records", headers=auth(token))
    squeezed = client.get("/api/v1/records", headers={**auth(token), "Accept-Encoding": "gzip"})
    assert squeezed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in squeezed.headers["Vary"]
    assert json.loads(gzip.decompress(squeezed.data)) == plain.get_json()
    assert len(squeezed.data) < len(plain.data) / 2


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=501", "limit=ten", "after=not-a-cursor", "after=%FF"]
)
def test_a_bad_listing_request_says_what_is_wrong(
    client: FlaskClient, token: str, query: str
) -> None:
    response = client.get(f"/api/v1/records?{query}", headers=auth(token))
    assert response.status_code == 400
    assert conforms(response, "/records", "get")["error"]


@pytest.mark.parametrize(
    "body",
    [
        None,
        {},
        {"idempotency_keys": []},
        {"idempotency_keys": [1]},
        ["x"],
        {"idempotency_keys": ["\x00"]},
    ],
)
def test_a_bad_acknowledgement_says_what_to_send(
    client: FlaskClient, token: str, body: Any
) -> None:
    response = client.post("/api/v1/records/ack", json=body, headers=auth(token))
    assert response.status_code == 400
    assert "idempotency_keys" in conforms(response, "/records/ack", "post")["error"]


def test_the_openapi_document_is_served_as_kept_in_the_repository(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == DOCUMENT
    assert DOCUMENT["openapi"] == "3.1.0"


def test_an_operator_makes_a_token_that_works(tmp_path: Path, database_url: str) -> None:
    app = outbox_app(tmp_path, database_url, CASE_SYSTEM_ADAPTER="pull")
    runner = app.test_cli_runner()
    result = runner.invoke(
        casesystem_cli, ["client", "add", "dubu", "--districts", "all", "--kinds", "all"]
    )
    assert result.exit_code == 0, result.output
    token = result.output.split("shown once): ")[1].split()[0]
    assert app.test_client().get("/api/v1/records", headers=auth(token)).status_code == 200
    listed = runner.invoke(casesystem_cli, ["client", "list"]).output
    assert listed.startswith("dubu\tactive\tdistricts all\tkinds all\texpires ")
    assert token not in listed
