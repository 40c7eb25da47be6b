"""The pull API: a case system lists the records waiting for it and acknowledges them.

Authentication is a bearer token per client (portal/casesystem/clients.py; the database
keeps only SHA-256 hashes, `flask --app wsgi casesystem client add` makes one). A client
sees and acknowledges only the records in its scope (districts, kinds of inquiry); every
listing, acknowledgement and refused token is in the audit log. No cookies are read, so
there is nothing for a cross-site request to ride on: the blueprint is exempt from CSRF
(tests/test_architecture.py allows exactly this one).

Records stay listed until acknowledged; the cursor pages through one listing. A client
acknowledges what it has stored, then lists again from the start.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

from portal import current
from portal.casesystem import clients, fhir
from portal.casesystem.models import CaseSystemClient
from portal.core.uow import unit_of_work
from portal.extensions import csrf, limiter
from portal.inquiries import kinds
from portal.instances import questionnaires
from portal.outbox.models import OutboxEvent
from portal.outbox.queue import payload_of

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_LIMIT = 500
OPENAPI = Path(__file__).parent / "openapi.json"


def _problem(status: int, message: str) -> ResponseReturnValue:
    response = jsonify(error=message)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="indgang"'
    return response, status


def _refusals_limit() -> str:
    limit: str = current_app.config["CASE_SYSTEM_API_REFUSAL_LIMIT"]
    return limit


# Refused tokens per client IP: guessing is slowed, and the audit log cannot be flooded.
refusals_limit = limiter.limit(_refusals_limit, deduct_when=lambda r: r.status_code == 401)


def bearer_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        ctx = current.context()
        found = clients.authenticate(
            ctx.session, token.strip() if scheme.lower() == "bearer" else None, ctx.now
        )
        if isinstance(found, clients.Refusal):
            with unit_of_work(ctx.session):
                clients.refused(ctx, found)
            return _problem(
                401,
                "A valid bearer token is needed: this one is missing, unknown, expired or "
                "revoked. Ask the municipality's operator for a token.",
            )
        g.api_client = found
        return view(*args, **kwargs)

    wrapped.bearer_auth = True  # type: ignore[attr-defined]
    return wrapped


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
# "<microseconds since 1970>-<event id>": every string of this form is a cursor.
CURSOR = re.compile(r"^([0-9]{1,16})-([0-9a-f]{32})$")
# The idempotency keys a listing gives out (see portal/casesystem/feed.py).
KEY = re.compile(r"^casesystem:[a-z]{1,20}:[0-9a-f-]{1,80}$")


def _cursor(event: OutboxEvent) -> str:
    return f"{(event.created_at - EPOCH) // MICROSECOND}-{event.id}"


def _parse_cursor(text: str) -> tuple[datetime, str]:
    found = CURSOR.match(text)
    if found is None:
        raise ValueError("not a cursor")
    return EPOCH + int(found.group(1)) * MICROSECOND, found.group(2)


@bp.get("/records")
@refusals_limit
@bearer_required
def list_records() -> ResponseReturnValue:
    """Records in the client's scope waiting for its acknowledgement, oldest first."""
    try:
        limit = int(request.args.get("limit", "100"))
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        return _problem(400, f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    after = None
    if request.args.get("after"):
        try:
            after = _parse_cursor(request.args["after"])
        except ValueError:
            return _problem(400, "after is not a cursor this API gave out.")
    client: CaseSystemClient = g.api_client
    ctx = current.context(client=client.name)
    with unit_of_work(ctx.session):  # the listing, with its audit entries
        page, more = clients.page(ctx, client, after=after, limit=limit)
        body = {
            "records": [
                {"cursor": _cursor(e), "idempotency_key": e.key, "record": payload_of(ctx, e)}
                for e in page
            ],
            "next_cursor": _cursor(page[-1]) if page else None,
            "more": more,
        }
    return jsonify(body)


@bp.post("/records/ack")
@refusals_limit
@bearer_required
def acknowledge() -> ResponseReturnValue:
    """Mark records as stored by this client; acknowledging twice is harmless."""
    body = request.get_json(silent=True)
    keys = body.get("idempotency_keys") if isinstance(body, dict) else None
    if (
        not isinstance(keys, list)
        or not 1 <= len(keys) <= MAX_LIMIT
        or not all(isinstance(k, str) and KEY.match(k) for k in keys)
    ):
        return _problem(
            400, f'Send {{"idempotency_keys": [...]}} with 1 to {MAX_LIMIT} keys from a listing.'
        )
    client: CaseSystemClient = g.api_client
    done = current.run(clients.acknowledge, client, keys)
    return jsonify(acknowledged=len(done))


@bp.get("/questionnaires/<kind>")
def questionnaire(kind: str) -> ResponseReturnValue:
    """A journey as a FHIR Questionnaire (no personal data: no token needed)."""
    asked = questionnaires().get(kind)
    if asked is None:
        return _problem(404, f"No questionnaire {kind!r}; there are: {', '.join(kinds.IDS)}.")
    response = jsonify(fhir.questionnaire(asked))
    response.mimetype = "application/fhir+json"
    return response


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API (kept in the repository)."""
    return Response(OPENAPI.read_bytes(), mimetype="application/json")
