"""The unit of work: the one place where a transaction ends.

A use case writes through ``ctx.session`` and never commits. Whoever calls it (a view,
a command, a worker, the demo, a test) runs it inside ``unit_of_work``: everything it wrote,
its audit entries and its outbox events are committed together when the block ends, or
none of it when the block raises. An architecture test keeps ``commit()`` out of every
other module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit ``session`` when the block ends; roll it back if the block raises."""
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


@contextmanager
def connection_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in its own transaction, for Core statements without the ORM session (a
    migration, a batch of the retention run or of a key rotation): committed when the block
    ends, rolled back if it raises."""
    with engine.begin() as conn:
        yield conn


class BrokenForeignKeysError(RuntimeError):
    """A migration would leave rows pointing at rows that do not exist; nothing was changed."""

    def __init__(self, count: int, table: str) -> None:
        super().__init__(
            f"The migration would leave {count} rows pointing at rows that do not exist "
            f"(first in table {table}); nothing was changed."
        )


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in its own transaction for migrations. On SQLite the foreign keys are off
    while they run: batch mode rebuilds a table by copying it and dropping the old one, which
    the rows that point to it would refuse. They are checked before the commit (raising
    ``BrokenForeignKeysError`` and rolling back) and turned on again."""
    if engine.dialect.name != "sqlite":
        with connection_transaction(engine) as conn:
            yield conn
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise BrokenForeignKeysError(len(broken), broken[0][0])
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
