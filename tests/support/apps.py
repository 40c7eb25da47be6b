"""Building test apps and test databases (SQLite files and PostgreSQL schemas)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from portal import create_app

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "content" / "municipality.toml"
TEST_KEYS = "t1:" + "A" * 43
TEST_VAPID_KEY = "UfLoPSZCCD3iWypWTFMJ5PXN1yE2KdjrpFRHo426-wI"
CREATED: list[Flask] = []
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def make_app(instance: Path, database_url: str, **overrides: Any) -> Flask:
    """A portal app for tests: explicit secrets, no generated files, the given database."""
    config: dict[str, Any] = {
        "PORTAL_ENV": "test",
        "INSTANCE_PATH": instance,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "FIELD_ENCRYPTION_KEYS": TEST_KEYS,
        "PASSPHRASE_PEPPER": "test-pepper-" + "p" * 32,
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
        "DATABASE_URL": database_url,
        "MUNICIPALITY_PROFILE": PROFILE,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    app = create_app(config)
    CREATED.append(app)
    return app


def dispose_all() -> None:
    """Close every pooled connection of the apps made so far (PostgreSQL counts them)."""
    while CREATED:
        CREATED.pop().extensions["db_engine"].dispose()


def fixed_clock(moment: datetime) -> Callable[[], datetime]:
    """A clock that always says ``moment``."""
    return lambda: moment


class MovableClock:
    """A clock a test moves forward by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class PostgresSchema:
    """A fresh schema in the test database, dropped at the end; isolates each run."""

    def __init__(self) -> None:
        self.name = f"t_{secrets.token_hex(6)}"
        self.admin = create_engine(PG_URL, connect_args={"connect_timeout": 5})

    def create(self) -> str:
        """Create the schema and return a DATABASE_URL whose search_path is it."""
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={self.name}"})
        return url.render_as_string(hide_password=False)

    def drop(self) -> None:
        with self.admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.admin.dispose()


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A DATABASE_URL for a fresh PostgreSQL schema, dropped afterwards. Skips the test when
    PostgreSQL is unreachable, except under CI, where that fails it."""
    schema = PostgresSchema()
    try:
        url = schema.create()
    except OperationalError as exc:
        message = f"PostgreSQL is not reachable at the test URL: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (under CI the PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message)
    try:
        yield url
    finally:
        dispose_all()
        schema.drop()
