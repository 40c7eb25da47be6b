"""/healthz: the database is reachable, and what is waiting or dead in the outbox."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from portal import db
from portal.outbox.models import DEAD, OutboxEvent
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.outbox import outbox_app


def test_healthz_reports_pending_age_and_dead_letters(tmp_path: Path, database_url: str) -> None:
    moving = MovableClock()
    app = outbox_app(tmp_path, database_url, CLOCK=moving)
    refused, _ = new_inquiry(app)  # each report's record waits for the case system
    moving.advance(minutes=1)
    new_inquiry(app)
    moving.advance(minutes=2)
    with app.app_context(), db.new_session() as s, s.begin():
        s.execute(update(OutboxEvent).where(OutboxEvent.inquiry_id == refused).values(state=DEAD))
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {
        "status": "ok",
        "database": "ok",
        "outbox": {"casesystem": {"pending": 1, "oldest_pending_seconds": 120, "dead": 1}},
    }


def test_healthz_says_when_the_database_is_unreachable(tmp_path: Path) -> None:
    app = make_app(tmp_path, "postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}
