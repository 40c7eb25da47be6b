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
