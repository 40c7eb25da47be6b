"""The database as the core sees it: the declarative Base, UTC datetimes and the engine.

No Flask here: the web layer (portal/db.py) and the workers and commands make engines and
sessions with these.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import DeclarativeBase

from portal.core.errors import ConfigError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time: stored as UTC, always returned timezone-aware (also from SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (portal.clock.now())")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_id() -> str:
    """A new row id: 32 random hex digits."""
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    """Base of every model; constraint names are deterministic for Alembic."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UnstorableTextError(ValueError):
    """Text that cannot be stored on its way into the database (the engine's check); the
    web layer shows it as a 400 that says what to do (portal/errors.py)."""


def unstorable(text: str) -> bool:
    """True if ``text`` cannot be stored as text: a NUL, or half of a surrogate pair."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def refuse_unstorable(parameters: Any) -> None:
    """Raise UnstorableTextError if a statement's parameters hold text that cannot be stored."""
    values: Iterable[Any]
    if isinstance(parameters, dict):
        values = parameters.values()
    elif isinstance(parameters, list | tuple):
        values = parameters
    else:
        return
    for value in values:
        if isinstance(value, str):
            if unstorable(value):
                raise UnstorableTextError()
        elif isinstance(value, dict | list | tuple):
            refuse_unstorable(value)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _refuse_nul(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    # PostgreSQL cannot hold a NUL in text (a server error); SQLite would: both refuse it.
    refuse_unstorable(parameters)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for a DATABASE_URL, with a clear error for a malformed one."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            "DATABASE_URL is not a database address. Use for example "
            "postgresql+psycopg://user@host:5432/name or sqlite:///instance/indgang.sqlite3."
        ) from None
    if parsed.drivername in {"postgresql", "postgres"}:
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
        connect_args = kwargs.setdefault("connect_args", {})
        connect_args.setdefault("connect_timeout", 5)
    elif parsed.get_backend_name() != "sqlite":
        raise ConfigError(
            f"DATABASE_URL uses {parsed.get_backend_name()!r}; the portal supports "
            "PostgreSQL (production) and SQLite (the embedded default)."
        )
    # Errors quote the SQL but never its parameters: those can be a visitor's words.
    kwargs.setdefault("hide_parameters", True)
    engine = create_engine(parsed, **kwargs)
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def describe(url: str) -> str:
    """The DATABASE_URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable DATABASE_URL)"
