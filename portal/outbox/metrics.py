"""How delivery is going, for /readyz and `flask outbox status`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from portal.outbox.models import DEAD, PENDING, OutboxEvent


def outbox_metrics(s: Session, now: datetime) -> dict[str, Any]:
    """Per channel: events pending, the oldest pending one's age in seconds, dead letters.

    An event queued for later (a safety line's escalation check) is not late before it is
    due, so it does not count towards the oldest until then."""
    scheduled = (OutboxEvent.attempts == 0) & (OutboxEvent.next_attempt_at > now)
    rows = s.execute(
        select(
            OutboxEvent.channel,
            OutboxEvent.state,
            func.count(),
            func.min(case((scheduled, None), else_=OutboxEvent.created_at)),
        )
        .where(OutboxEvent.state.in_((PENDING, DEAD)))
        .group_by(OutboxEvent.channel, OutboxEvent.state)
    ).all()
    metrics: dict[str, Any] = {}
    for channel, state, count, oldest in rows:
        entry = metrics.setdefault(channel, {"pending": 0, "oldest_pending_seconds": 0, "dead": 0})
        if state == PENDING:
            entry["pending"] = count
            if oldest is not None:
                entry["oldest_pending_seconds"] = int((now - oldest).total_seconds())
        else:
            entry["dead"] = count
    return metrics
