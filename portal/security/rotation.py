"""Key rotation: re-encrypt every sealed value under the key ring's primary key.

``SEALED_COLUMNS`` is the one list of the columns that hold field-cipher tokens; each
token is bound to its table, column and the row's ``id``. tests/security/test_rotation.py
fails if a model gains a Text column that is not listed here, or if any value of a fully
seeded database still carries the old key id after a rotation.

The procedure (README, "Key rotation"): put a new key first in FIELD_ENCRYPTION_KEYS
and keep the old ones after it, restart every app server and worker, run
``flask --app wsgi keys rotate``, then remove the old keys. Rotating is safe while the
portal serves: each batch is one short transaction, and a row is written only if it still
holds the value that was read, so a value the app rewrote meanwhile (already under the
new key, once every process runs with the new ring) is left as the app wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Engine, Table, and_, func, select, update

import portal.models  # noqa: F401 - every model registers its table on Base.metadata
from portal.core.database import Base
from portal.core.uow import connection_transaction
from portal.security.crypto import VERSION, DecryptionError, FieldCipher


@dataclass(frozen=True)
class SealedColumn:
    """A column whose values are field-cipher tokens bound to (table, column, row id)."""

    table: str
    column: str

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"


SEALED_COLUMNS: tuple[SealedColumn, ...] = (
    SealedColumn("inquiry", "answers"),
    SealedColumn("participation_record", "lundy"),
    SealedColumn("message", "body"),
    SealedColumn("draft", "data"),
    SealedColumn("visitor_session", "data"),
    SealedColumn("assessment", "reasoning"),
    SealedColumn("triage", "reasoning"),
    SealedColumn("child_feedback", "decision"),
    SealedColumn("child_feedback", "views_weighed"),
    SealedColumn("child_feedback", "message"),
    SealedColumn("child_feedback", "not_possible"),
    SealedColumn("child_feedback", "not_heard_note"),
    SealedColumn("participation_note", "place"),
    SealedColumn("participation_note", "present"),
    SealedColumn("participation_note", "views"),
    SealedColumn("participation_note", "weighing"),
    SealedColumn("invitation", "reason"),
    SealedColumn("staff_user", "totp_secret"),
    SealedColumn("staff_draft", "data"),
    SealedColumn("push_subscription", "data"),
    SealedColumn("staff_push_subscription", "data"),
    SealedColumn("outbox_event", "payload"),
)


@dataclass
class ColumnRotation:
    """What a pass did to one sealed column."""

    column: SealedColumn
    rotated: int = 0  # re-encrypted under the primary key (in a dry run: would be)
    changed: int = 0  # rewritten by the app between our read and our write: left alone
    failed: int = 0  # could not be decrypted with the ring: reported, left alone
    remaining: int = 0  # still under another key after the pass


@dataclass
class Rotation:
    """The outcome of ``rotate`` over every sealed column."""

    primary_id: str
    dry_run: bool
    columns: list[ColumnRotation] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(c.failed for c in self.columns)

    @property
    def remaining(self) -> int:
        return sum(c.remaining for c in self.columns)


# Told of each value that cannot be decrypted: (column, row id, why). Never the value.
OnFailure = Callable[[SealedColumn, str, str], None]


def _table(sealed: SealedColumn) -> Table:
    return Base.metadata.tables[sealed.table]


def _stale(table: Table, column: str, primary_id: str) -> ColumnElement[bool]:
    """Values not under the primary key. substr, not LIKE: SQLite's LIKE ignores case, and
    key ids "k2" and "K2" are different keys."""
    prefix = f"{VERSION}.{primary_id}."
    value = table.c[column]
    return and_(value.is_not(None), func.substr(value, 1, len(prefix)) != prefix)


def rotate_column(
    engine: Engine,
    cipher: FieldCipher,
    sealed: SealedColumn,
    *,
    batch_size: int,
    dry_run: bool,
    on_failure: OnFailure,
) -> ColumnRotation:
    """Re-encrypt one column's values that are not under the primary key, a batch per commit
    (in id order, each batch after the last id of the one before)."""
    table, result = _table(sealed), ColumnRotation(sealed)
    stale = _stale(table, sealed.column, cipher.ring.primary_id)
    ident, value = table.c["id"], table.c[sealed.column]
    last: str | None = None
    while True:
        with connection_transaction(engine) as conn:
            stmt = select(ident, value).where(stale).order_by(ident).limit(batch_size)
            if last is not None:
                stmt = stmt.where(ident > last)
            rows = [(str(i), str(v)) for i, v in conn.execute(stmt)]
            if not rows:
                break
            last = rows[-1][0]
            for row_id, token in rows:
                fresh = _rotated(cipher, sealed, row_id, token, dry_run, on_failure)
                if fresh is None:
                    result.failed += 1
                    continue
                if dry_run:
                    result.rotated += 1
                    continue
                written = conn.execute(
                    update(table).where(ident == row_id, value == token).values({value: fresh})
                ).rowcount
                if written:
                    result.rotated += 1
                else:
                    result.changed += 1
    with engine.connect() as conn:
        result.remaining = conn.scalar(select(func.count()).select_from(table).where(stale)) or 0
    return result


def _rotated(
    cipher: FieldCipher,
    sealed: SealedColumn,
    row_id: str,
    token: str,
    dry_run: bool,
    on_failure: OnFailure,
) -> str | None:
    """The token under the primary key (a dry run only checks that it decrypts); None and a
    report if it cannot be decrypted."""
    bound = {"table": sealed.table, "column": sealed.column, "row_id": row_id}
    try:
        if dry_run:
            cipher.decrypt(token, **bound)
            return token
        return cipher.rotate(token, **bound)
    except DecryptionError as exc:
        on_failure(sealed, row_id, str(exc))
        return None


def rotate(
    engine: Engine,
    cipher: FieldCipher,
    *,
    batch_size: int = 500,
    dry_run: bool = False,
    on_failure: OnFailure | None = None,
) -> Rotation:
    """Bring every sealed value under the primary key; a value that cannot be decrypted is
    reported to ``on_failure`` and left as it is, and the others go on."""
    outcome = Rotation(cipher.ring.primary_id, dry_run)
    for sealed in SEALED_COLUMNS:
        outcome.columns.append(
            rotate_column(
                engine,
                cipher,
                sealed,
                batch_size=batch_size,
                dry_run=dry_run,
                on_failure=on_failure or (lambda *_: None),
            )
        )
    return outcome


def summary(outcome: Rotation, ring_ids: list[str]) -> list[str]:
    """What to tell the operator: per column, then whether the old keys can go."""
    lines = []
    verb = "would re-encrypt" if outcome.dry_run else "re-encrypted"
    for c in outcome.columns:
        parts = [f"{verb} {c.rotated}"]
        if c.changed:
            parts.append(f"{c.changed} changed meanwhile (left as the app wrote them)")
        if c.failed:
            parts.append(f"{c.failed} cannot be decrypted")
        lines.append(f"{c.column.name}: " + ", ".join(parts))
    primary = outcome.primary_id
    others = [k for k in ring_ids if k != primary]
    if outcome.dry_run:
        lines.append(
            f"Dry run: nothing was changed. {outcome.remaining} values use a key other than "
            f"{primary!r}."
        )
    elif outcome.remaining == 0:
        removable = ", ".join(others) if others else "none"
        lines.append(
            f"Every sealed value uses the primary key {primary!r}. Keys that can now be "
            f"removed from FIELD_ENCRYPTION_KEYS: {removable}."
        )
    else:
        lines.append(
            f"{outcome.remaining} values still use a key other than {primary!r}: keep the old "
            "keys in FIELD_ENCRYPTION_KEYS. Fix what is reported above (or check that every "
            "app server and worker runs with the new ring), then run keys rotate again."
        )
    return lines
