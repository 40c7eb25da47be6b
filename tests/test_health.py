"""/healthz (the process answers) and /readyz (database, schema, Redis, and the outbox)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import text, update

from portal import db
from portal.outbox.models import DEAD, OutboxEvent
from portal.outbox.queue import enqueue
from tests.conftest import migrate
from tests.support.apps import MovableClock, make_app
from tests.support.cases import new_inquiry
from tests.support.outbox import ctx_of, outbox_app

NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"


def test_readyz_reports_pending_age_and_dead_letters(tmp_path: Path, database_url: str) -> None:
    moving = MovableClock()
    app = outbox_app(tmp_path, database_url, CLOCK=moving)
    refused, _ = new_inquiry(app)  # each report's record waits for the case system
    moving.advance(minutes=1)
    new_inquiry(app)
    moving.advance(minutes=2)
    with app.app_context(), db.new_session() as s, s.begin():
        s.execute(update(OutboxEvent).where(OutboxEvent.inquiry_id == refused).values(state=DEAD))
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {
        "status": "ok",
        "database": "ok",
        "schema": "ok",
        "outbox": {"casesystem": {"pending": 1, "oldest_pending_seconds": 120, "dead": 1}},
    }


def test_an_event_queued_for_later_is_not_late_before_it_is_due(
    tmp_path: Path, database_url: str
) -> None:
    moving = MovableClock()
    app = outbox_app(tmp_path, database_url, CLOCK=moving, CASE_SYSTEM_ADAPTER="none")
    with app.app_context(), db.new_session() as s, s.begin():
        enqueue(
            ctx_of(s),
            channel="safety",
            key="safety:escalate:scheduled",
            payload={"flag_id": "scheduled", "step": "escalate"},
            now=moving.now,
            due=moving.now + timedelta(minutes=30),
        )
    client = app.test_client()
    moving.advance(minutes=20)
    assert client.get("/readyz").get_json()["outbox"] == {
        "safety": {"pending": 1, "oldest_pending_seconds": 0, "dead": 0}
    }
    moving.advance(minutes=15)
    assert client.get("/readyz").get_json()["outbox"] == {
        "safety": {"pending": 1, "oldest_pending_seconds": 35 * 60, "dead": 0}
    }


def test_an_unreachable_database_makes_the_server_unready_but_alive(tmp_path: Path) -> None:
    client = make_app(tmp_path, NOWHERE).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}
    alive = client.get("/healthz")
    assert alive.status_code == 200
    assert alive.get_json() == {"status": "ok"}


def test_a_schema_behind_the_code_is_not_ready(tmp_path: Path) -> None:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'old.db'}")
    with app.app_context(), db.engine().begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "ok", "schema": "behind"}


def test_redis_is_checked_when_the_rate_limits_use_it(tmp_path: Path, redis_url: str) -> None:
    up = make_app(tmp_path, f"sqlite:///{tmp_path / 'r.db'}", RATELIMIT_STORAGE_URI=redis_url)
    migrate(up)
    assert up.test_client().get("/readyz").get_json()["redis"] == "ok"
    down = make_app(
        tmp_path, f"sqlite:///{tmp_path / 'r.db'}", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0"
    )
    migrate(down)
    client = down.test_client()
    response = client.get("/readyz")
    # Rate limits fall back to each server's memory: degraded, but still serving.
    assert response.status_code == 200
    assert response.get_json()["status"] == "degraded"
    assert response.get_json()["redis"] == "unreachable"
    assert client.get("/ask-for-help").status_code == 200


def test_a_schema_from_newer_code_is_not_ready(tmp_path: Path) -> None:
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'new.db'}")
    migrate(app)
    with app.app_context(), db.engine().begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["schema"] == "unknown"
