"""The pull API: a case system lists the records waiting for it and acknowledges them.

Authentication is a bearer token per client (CASE_SYSTEM_API_CLIENTS keeps only SHA-256
hashes). No cookies are read, so there is nothing for a cross-site request to ride on:
the blueprint is exempt from CSRF (tests/test_architecture.py allows exactly this one).

Records stay listed until acknowledged; the cursor pages through one listing. A client
acknowledges what it has stored, then lists again from the start.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import and_, or_, select, update

from portal import clock, db
from portal.casesystem import fhir
from portal.extensions import csrf
from portal.journeys.by_kind import JOURNEYS
from portal.outbox.models import DONE, PENDING, OutboxEvent
from portal.outbox.queue import payload_of

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

PULL = "pull"
MAX_LIMIT = 500
OPENAPI = Path(__file__).parent / "openapi.json"


def _problem(status: int, message: str) -> ResponseReturnValue:
    response = jsonify(error=message)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="indgang"'
    return response, status


def clients() -> dict[str, str]:
    """Client name to SHA-256 (hex) of its token, from CASE_SYSTEM_API_CLIENTS."""
    found = {}
    for entry in current_app.config["CASE_SYSTEM_API_CLIENTS"].split(","):
        name, _, digest = entry.strip().partition(":")
        if name and digest:
            found[name] = digest.lower()
    return found


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        digest = token_hash(token.strip()) if scheme.lower() == "bearer" and token else ""
        client = next(
            (name for name, known in clients().items() if hmac.compare_digest(known, digest)),
            None,
        )
        if client is None:
            return _problem(401, "A valid bearer token is needed.")
        g.api_client = client
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
@bearer_required
def list_records() -> ResponseReturnValue:
    """Records waiting to be acknowledged, oldest first."""
    try:
        limit = int(request.args.get("limit", "100"))
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        return _problem(400, f"limit must be a whole number from 1 to {MAX_LIMIT}.")
    query = (
        select(OutboxEvent)
        .where(OutboxEvent.channel == PULL, OutboxEvent.state == PENDING)
        .order_by(OutboxEvent.created_at, OutboxEvent.id)
        .limit(limit + 1)
    )
    after = request.args.get("after")
    if after:
        try:
            moment, event_id = _parse_cursor(after)
        except ValueError:
            return _problem(400, "after is not a cursor this API gave out.")
        query = query.where(
            or_(
                OutboxEvent.created_at > moment,
                and_(OutboxEvent.created_at == moment, OutboxEvent.id > event_id),
            )
        )
    events = list(db.session().scalars(query))
    page = events[:limit]
    return jsonify(
        records=[
            {"cursor": _cursor(e), "idempotency_key": e.key, "record": payload_of(e)} for e in page
        ],
        next_cursor=_cursor(page[-1]) if page else None,
        more=len(events) > limit,
    )


@bp.post("/records/ack")
@bearer_required
def acknowledge() -> ResponseReturnValue:
    """Mark records as stored by the case system; acknowledging twice is harmless."""
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
    s = db.session()
    result = s.execute(
        update(OutboxEvent)
        .where(
            OutboxEvent.channel == PULL,
            OutboxEvent.state == PENDING,
            OutboxEvent.key.in_(keys),
        )
        .values(state=DONE, finished_at=clock.now(), attempts=OutboxEvent.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    s.commit()
    return jsonify(acknowledged=result.rowcount)  # type: ignore[attr-defined]


@bp.get("/questionnaires/<kind>")
def questionnaire(kind: str) -> ResponseReturnValue:
    """A journey as a FHIR Questionnaire (no personal data: no token needed)."""
    if kind not in JOURNEYS:
        return _problem(404, f"No questionnaire {kind!r}; there are: {', '.join(JOURNEYS)}.")
    response = jsonify(fhir.questionnaire(kind))
    response.mimetype = "application/fhir+json"
    return response


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API (kept in the repository)."""
    return Response(OPENAPI.read_bytes(), mimetype="application/json")
