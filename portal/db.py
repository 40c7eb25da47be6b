"""The database in the web app: the app's engine, and a session per request.

The Base, the column types and the engine factory are the core's (portal/core/database.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from portal.core.database import make_engine

__all__ = ["engine", "init_app", "new_session", "session"]


def init_app(app: Flask) -> None:
    """Create the engine and close the request's session at teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def engine() -> Engine:
    """The current app's engine."""
    result: Engine = current_app.extensions["db_engine"]
    return result


def session() -> Session:
    """The session of the current request (or app context), created on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    result: Session = g.db_session
    return result


@contextmanager
def new_session() -> Iterator[Session]:
    """A session outside the request cycle, for CLI commands and workers."""
    with current_app.extensions["db_sessionmaker"]() as s:
        yield s
