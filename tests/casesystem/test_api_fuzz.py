"""Schemathesis against the case-system API's OpenAPI document: no server errors, every response
as documented (with a valid token, and with records waiting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings

from tests.support.apps import MovableClock
from tests.support.cases import new_inquiry
from tests.support.outbox import api_client, outbox_app

pytestmark = pytest.mark.slow  # Schemathesis over the whole API document.


@pytest.fixture
def api_schema(tmp_path: Path, postgres: str) -> Any:
    """On PostgreSQL, the production database, with records waiting."""
    app: Flask = outbox_app(
        tmp_path,
        postgres,
        CLOCK=MovableClock(),
        CASE_SYSTEM_ADAPTER="pull",
        RATELIMIT_ENABLED=False,
    )
    new_inquiry(app, "consultation", conversation=True, lundy={"voice": {}})
    token = api_client(app)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app), token


def test_the_api_keeps_to_its_document(api_schema: tuple[Any, str]) -> None:
    schema, token = api_schema
    # Each operation's cases drawn by Hypothesis (schemathesis's pytest plugin does not yet
    # run under pytest 9, so the strategy is driven directly).
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{o.method.upper()} {o.path}" for o in operations} == {
        "GET /records",
        "POST /records/ack",
        "GET /questionnaires/{kind}",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        def keeps_to_it(case: Any) -> None:
            # Schemathesis's WSGI transport asks for gzip but does not undo it; the API's
            # compressed answers are checked in tests/casesystem/test_api.py.
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
            )

        keeps_to_it()
