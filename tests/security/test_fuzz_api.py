"""F12: Schemathesis over every JSON endpoint, on SQLite and PostgreSQL: data that fits the
documents and data that does not (negative mode), and never a server error.

The pull API is fuzzed from its own OpenAPI document (portal/casesystem/openapi.json), as a
case system would see it. The JSON the pages' scripts send (notifications on and off for a
child and for staff, staff drafts, keeping a visit or a login going) and the health checks
have no published document: ``PAGE_JSON`` below describes them for Schemathesis, with a
real case and a real, logged-in browser (its cookies and form token), so the drawn requests
get past the door and into the code behind it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from portal.staff import sessions
from tests.support.cases import new_inquiry
from tests.support.forms import csrf_token
from tests.support.fuzzing import pull_api_app
from tests.support.staff import logged_in

pytestmark = pytest.mark.slow  # Property tests over the pull API.


TOKEN = "fuzz-api-token-for-the-case-system-0123456"
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    yield from pull_api_app(request, tmp_path_factory, "fuzz-api", TOKEN)


def run(schema: Any, headers: dict[str, str], validate: bool) -> int:
    """Each operation, in both modes, the profile's number of examples; returns how many
    operations were fuzzed. Schemathesis's WSGI transport asks for gzip but does not undo it,
    hence ``identity``."""
    headers = {**headers, "Accept-Encoding": "identity"}
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        takes = [operation.body, operation.path_parameters, operation.query, operation.headers]
        # Nothing to get wrong in a request that carries nothing: positive only.
        for mode in MODES if any(len(part) for part in takes) else MODES[:1]:
            fuzz_operation(operation, mode, headers, validate=validate)
    return len(operations)


def fuzz_operation(
    operation: Any, mode: GenerationMode, headers: dict[str, str], *, validate: bool
) -> None:
    """Drawn requests for one operation: no server error; with ``validate``, data that fits
    the document also gets an answer that fits it."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(suppress_health_check=list(HealthCheck))
    def no_server_error(case: Any) -> None:
        if validate and mode == GenerationMode.POSITIVE:
            case.call_and_validate(headers=headers)
            return
        response = case.call(headers=headers)
        assert response.status_code < 500, (case.method, case.path, response.text)

    no_server_error()


def test_the_pull_api_never_answers_with_a_server_error(app: Flask) -> None:
    new_inquiry(app, "consultation", conversation=True, lundy={"voice": {}})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    assert run(schema, {"Authorization": f"Bearer {TOKEN}"}, validate=True) == 3


@dataclass
class Browser:
    """A child in an open conversation and a logged-in adviser, in one cookie jar."""

    cookies: str
    token: str
    case: str


def browser(app: Flask) -> Browser:
    case, words = new_inquiry(app, "ask_for_help", conversation=True)
    client = app.test_client()
    page = client.get("/conversation").get_data(as_text=True)
    token = csrf_token(page)
    opened = client.post("/conversation", data={"passphrase": words, "csrf_token": token})
    assert opened.headers["Location"] == "/conversation/messages"
    logged_in(app, client, "adviser", districts=("nord",))
    jar = []
    for name, path in [(app.config["SESSION_COOKIE_NAME"], "/"), (sessions.COOKIE, "/")]:
        cookie = client.get_cookie(name, path=path)
        assert cookie is not None, name
        jar.append(f"{name}={cookie.value}")
    return Browser("; ".join(jar), token, case)


def page_json(b: Browser) -> dict[str, Any]:
    """The JSON the pages' scripts send (static/js), as an OpenAPI document."""
    subscription = {
        "type": "object",
        "properties": {
            "endpoint": {"type": "string"},
            "expirationTime": {"type": ["number", "null"]},
            "keys": {
                "type": "object",
                "properties": {"p256dh": {"type": "string"}, "auth": {"type": "string"}},
                "required": ["p256dh", "auth"],
            },
        },
        "required": ["endpoint", "keys"],
    }

    def body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
        schema = {"type": "object", "properties": properties, "required": required}
        return {"required": True, "content": {"application/json": {"schema": schema}}}

    answers = {"default": {"description": "Any answer but a server error."}}
    text = {"type": "string"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "JSON sent by Indgang's pages", "version": "1"},
        "paths": {
            "/conversation/notifications": {
                "post": {
                    "requestBody": body({"subscription": subscription}, ["subscription"]),
                    "responses": answers,
                }
            },
            "/conversation/notifications/off": {
                "post": {
                    "requestBody": body({"id": text, "token": text}, ["id", "token"]),
                    "responses": answers,
                }
            },
            "/staff/account/alerts": {
                "post": {
                    "requestBody": body({"subscription": subscription}, ["subscription"]),
                    "responses": answers,
                }
            },
            "/staff/account/alerts/off": {
                "post": {"requestBody": body({"id": text}, ["id"]), "responses": answers}
            },
            "/staff/cases/{inquiry_id}/drafts/{form_name}": {
                "post": {
                    "parameters": [
                        {
                            "name": "inquiry_id",
                            "in": "path",
                            "required": True,
                            "schema": {"enum": [b.case]},
                        },
                        {
                            "name": "form_name",
                            "in": "path",
                            "required": True,
                            "schema": {"enum": ["reply", "feedback"]},
                        },
                    ],
                    "requestBody": body(
                        {"message": text, "decision": text, "views_weighed": text}, []
                    ),
                    "responses": answers,
                }
            },
            "/visit/extend": {"post": {"responses": answers}},
            "/staff/session/extend": {"post": {"responses": answers}},
            "/staff/session": {"get": {"responses": answers}},
            "/healthz": {"get": {"responses": answers}},
            "/readyz": {"get": {"responses": answers}},
        },
    }


def test_the_json_the_pages_send_never_gets_a_server_error(app: Flask) -> None:
    b = browser(app)
    schema = schemathesis.openapi.from_dict(page_json(b))
    schema.app = app
    headers = {"Cookie": b.cookies, "X-CSRFToken": b.token, "Accept": "application/json"}
    assert run(schema, headers, validate=False) == 10
