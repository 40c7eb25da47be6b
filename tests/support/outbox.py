"""The outbox in tests: an empty queue to start from (PostgreSQL runs share one schema)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import delete

from portal import db
from portal.outbox.models import OutboxEvent
from portal.push.models import PushSubscription


def empty_queue(app: Flask) -> None:
    with app.app_context(), db.new_session() as s, s.begin():
        s.execute(delete(OutboxEvent))
        s.execute(delete(PushSubscription))
