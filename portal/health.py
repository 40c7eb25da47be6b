"""/healthz (is the process alive) and /readyz (can it serve: database and schema).

A load balancer or orchestrator restarts an app server whose /healthz fails, and sends
traffic only to one whose /readyz answers 200. /healthz needs nothing outside the
process, so an unreachable database makes servers unready, not restarted over and over.
Both answer JSON with counts only: no personal data.
"""

from __future__ import annotations

from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal import clock, db
from portal.cli import alembic_config
from portal.outbox.metrics import outbox_metrics

bp = Blueprint("health", __name__)


def _schema() -> tuple[set[str], set[str]]:
    """The newest migration(s) this code expects, and every revision it knows; once per app."""
    known: tuple[set[str], set[str]] | None = current_app.extensions.get("schema_revisions")
    if known is None:
        script = ScriptDirectory.from_config(alembic_config())
        known = (set(script.get_heads()), {rev.revision for rev in script.walk_revisions()})
        current_app.extensions["schema_revisions"] = known
    return known


def _database() -> dict[str, Any]:
    try:
        with db.engine().connect() as conn:
            conn.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError:
        return {"database": "unreachable"}
    heads, revisions = _schema()
    if current != heads:
        # An older schema under this code: run `flask --app wsgi db upgrade`. A revision this
        # code does not know means newer code migrated the database: deploy that code here.
        return {"database": "ok", "schema": "behind" if current <= revisions else "unknown"}
    return {"database": "ok", "schema": "ok"}


def _redis() -> str | None:
    uri: str = current_app.config["RATELIMIT_STORAGE_URI"]
    if not uri.startswith(("redis://", "rediss://", "unix://")):
        return None
    try:
        client = Redis.from_url(uri, socket_connect_timeout=2, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
    except RedisError:
        return "unreachable"
    return "ok"


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process answers; nothing else is checked."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Ready to serve: the database answers at the current schema (Redis is reported)."""
    checks: dict[str, Any] = _database()
    ready = all(value == "ok" for value in checks.values())
    body: dict[str, Any] = {"status": "ok" if ready else "error", **checks}
    redis = _redis()
    if redis is not None:
        # Without Redis each server keeps its own rate-limit counters (the in-memory
        # fallback): weaker limits, but children can still write. Degraded, still ready.
        body["redis"] = redis
        if ready and redis != "ok":
            body["status"] = "degraded"
    if checks.get("schema") == "ok":
        # Delivery is reported, not judged: a backlog is for an operator, not the balancer.
        try:
            body["outbox"] = outbox_metrics(db.session(), clock.now())
        except SQLAlchemyError:
            return jsonify(status="error", database="unreachable"), 503
    return jsonify(body), 200 if ready else 503
