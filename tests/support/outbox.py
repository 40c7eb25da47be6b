"""The outbox in tests: an empty queue to start from (PostgreSQL runs share one schema)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal import clock, current, db
from portal.casesystem import clients
from portal.casesystem.models import CaseSystemAck, CaseSystemClient
from portal.core.context import Context
from portal.outbox.models import OutboxEvent
from portal.push.models import PushSubscription
from tests.conftest import migrate
from tests.support.apps import make_app


def ctx_of(s: Session) -> Context:
    """The app's context (in the app context), writing through ``s``."""
    return replace(current.context(), session=s)


def outbox_app(tmp_path: Path, database_url: str, **settings: Any) -> Flask:
    """A migrated app whose outbox starts empty, with no case-system clients."""
    app = make_app(tmp_path, database_url, **settings)
    migrate(app)
    empty_queue(app)
    return app


def empty_queue(app: Flask) -> None:
    with app.app_context(), db.new_session() as s, s.begin():
        s.execute(delete(CaseSystemAck))
        s.execute(delete(OutboxEvent))
        s.execute(delete(PushSubscription))
        s.execute(delete(CaseSystemClient))


def api_client(
    app: Flask,
    name: str = "dubu",
    *,
    districts: Iterable[str] = ("all",),
    kinds: Iterable[str] = ("all",),
    days: float = 30,
    token: str | None = None,
) -> str:
    """A pull-API client whose token (``token`` if given, else a new one) works for ``days``
    from the app's now; its token."""
    with app.app_context(), db.new_session() as s, s.begin():
        now = clock.now()
        client, made = clients.add(
            s,
            name=name,
            districts=districts,
            kinds=kinds,
            expires_at=now + timedelta(days=days),
            now=now,
        )
        if token is not None:
            client.token_hash = clients.token_hash(token)
            made = token
    return made
