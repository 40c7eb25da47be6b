"""The outbox in tests: an empty queue to start from (PostgreSQL runs share one schema)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import delete

from portal import db
from portal.outbox.models import OutboxEvent
from portal.push.models import PushSubscription
from tests.conftest import migrate
from tests.support.apps import make_app


def outbox_app(tmp_path: Path, database_url: str, **settings: Any) -> Flask:
    """A migrated app whose outbox starts empty."""
    app = make_app(tmp_path, database_url, **settings)
    migrate(app)
    empty_queue(app)
    return app


def empty_queue(app: Flask) -> None:
    with app.app_context(), db.new_session() as s, s.begin():
        s.execute(delete(OutboxEvent))
        s.execute(delete(PushSubscription))
