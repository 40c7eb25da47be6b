"""Building test apps and test databases (SQLite files and PostgreSQL schemas)."""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from portal import rights
from portal.app import create_app
from portal.content.library import Library
from portal.instances import profile
from portal.rights.store import EXTENSION as LIBRARY

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "content" / "municipality.toml"
TEST_KEYS = "t1:" + "A" * 43
TEST_VAPID_KEY = "UfLoPSZCCD3iWypWTFMJ5PXN1yE2KdjrpFRHo426-wI"
CREATED: list[Flask] = []
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def make_app(instance: Path, database_url: str, **overrides: Any) -> Flask:
    """A portal app for tests: explicit secrets, no generated files, the given database.

    The explainer library is read and rendered once per test process and content folder,
    and shared by the apps built after (it is read-only once loaded)."""
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
    load_content = config.pop("LOAD_CONTENT", True)
    app = create_app({**config, "LOAD_CONTENT": False})
    app.jinja_env.bytecode_cache = _TEMPLATES
    if load_content:
        _share_library(app)
    CREATED.append(app)
    return app


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per test process, for every app built after: Jinja keys each
    by its name and a checksum of its source, so a changed template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()
_LIBRARIES: dict[tuple[str, tuple[str, ...]], Library] = {}


def _share_library(app: Flask) -> None:
    """Load the app's content as the app factory does, or attach the copy loaded for an app
    with the same content folder and the same routes."""
    key = (
        str(Path(app.config["CONTENT_PATH"]).resolve()),
        tuple(sorted(str(rule) for rule in app.url_map.iter_rules())),
    )
    if key in _LIBRARIES:
        app.extensions[LIBRARY] = _LIBRARIES[key]
    else:
        _LIBRARIES[key] = rights.load_content(app)


_MIGRATED: dict[str, Path] = {}


def copy_migrated_sqlite(app: Flask, migrate: Callable[[Flask], None]) -> bool:
    """If the app's database is a SQLite file not yet made, make it a copy of one that
    ``migrate`` brought up once for the same profile; False when that does not apply."""
    url = make_url(app.config["DATABASE_URL"])
    if url.get_backend_name() != "sqlite" or not url.database or Path(url.database).exists():
        return False
    with app.app_context():
        key = repr((profile().districts, app.config["FIELD_ENCRYPTION_KEYS"]))
    if key not in _MIGRATED:
        folder = Path(tempfile.mkdtemp(prefix="indgang-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        # Flask-Limiter's settings live in one object shared by every app of the process,
        # and the app built last sets them: the template is built with the app's own.
        limits = {k: v for k, v in app.config.items() if k.startswith("RATELIMIT_")}
        template = make_app(
            folder,
            f"sqlite:///{folder / 'migrated.sqlite3'}",
            LOAD_CONTENT=False,
            MUNICIPALITY_PROFILE=app.config["MUNICIPALITY_PROFILE"],
            **limits,
        )
        migrate(template)
        template.extensions["db_engine"].dispose()
        _MIGRATED[key] = folder / "migrated.sqlite3"
    shutil.copyfile(_MIGRATED[key], url.database)
    return True


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
