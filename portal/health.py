"""/healthz: is the portal up, can it reach its database, and how is delivery going."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from portal import clock, db
from portal.outbox.models import DEAD, PENDING, OutboxEvent

bp = Blueprint("health", __name__)


def outbox_metrics() -> dict[str, Any]:
    """Per channel: events pending, the oldest pending one's age in seconds, dead letters."""
    s, now = db.session(), clock.now()
    rows = s.execute(
        select(
            OutboxEvent.channel,
            OutboxEvent.state,
            func.count(),
            func.min(OutboxEvent.created_at),
        )
        .where(OutboxEvent.state.in_((PENDING, DEAD)))
        .group_by(OutboxEvent.channel, OutboxEvent.state)
    ).all()
    metrics: dict[str, Any] = {}
    for channel, state, count, oldest in rows:
        entry = metrics.setdefault(channel, {"pending": 0, "oldest_pending_seconds": 0, "dead": 0})
        if state == PENDING:
            entry["pending"] = count
            entry["oldest_pending_seconds"] = int((now - oldest).total_seconds())
        else:
            entry["dead"] = count
    return metrics


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    try:
        metrics = outbox_metrics()
    except SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok", outbox=metrics)
