"""How delivery is going, for /readyz and `flask outbox status`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from portal import clock, db
from portal.outbox.models import DEAD, PENDING, OutboxEvent


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
