"""Key rotation on a real database: every sealed value moves to the new key, and nothing else.

Each test has a database of its own (a SQLite file, or a PostgreSQL schema): rotation
reads every row, and other tests' rows in the shared schema use other keys.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import String, Text, select, update

from portal import cli, db
from portal.core import database
from portal.instances import cipher
from portal.security.crypto import FieldCipher, KeyRing
from portal.security.rotation import SEALED_COLUMNS, SealedColumn
from tests.conftest import migrate
from tests.support import seeding
from tests.support.apps import make_app
from tests.support.cases import new_inquiry
from tests.support.staff import login

OLD = KeyRing.new_key_spec("k1")
NEW = KeyRing.new_key_spec("k2")
Values = dict[tuple[str, str, str], str]


@pytest.fixture
def database_url(own_database_url: str) -> str:
    """Every row is counted or changed: a database of this test's own."""
    return own_database_url


def app_with(tmp_path: Path, url: str, keys: str) -> Flask:
    return make_app(tmp_path, url, FIELD_ENCRYPTION_KEYS=keys, RATELIMIT_ENABLED=False)


def raw(app: Flask) -> Values:
    """Every sealed value as stored, by (table, column, row id)."""
    found: Values = {}
    with app.app_context(), db.engine().connect() as conn:
        for sealed in SEALED_COLUMNS:
            table = database.Base.metadata.tables[sealed.table]
            for row_id, value in conn.execute(select(table.c.id, table.c[sealed.column])):
                if value is not None:
                    found[(sealed.table, sealed.column, str(row_id))] = value
    return found


def opened(app: Flask) -> Values:
    """Every sealed value decrypted with the app's ring (raises if one cannot be)."""
    with app.app_context():
        field_cipher = cipher()
        return {
            (t, c, r): field_cipher.decrypt(value, table=t, column=c, row_id=r)
            for (t, c, r), value in raw(app).items()
        }


def text_values(app: Flask) -> list[str]:
    """Every value of every text-like column of every table, sealed or not."""
    values = []
    with app.app_context(), db.engine().connect() as conn:
        for table in database.Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if columns:
                values += [v for row in conn.execute(select(*columns)) for v in row if v]
    return values


def rotate(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(cli.keys_rotate, list(args))
    return result.exit_code, result.output


def test_the_registry_lists_every_text_column() -> None:
    """Every free-text column is sealed, so a Text column missing here is a sealed column
    rotation would skip (a new column that really is plain text must say so here)."""
    text_columns = {
        SealedColumn(table.name, column.name)
        for table in database.Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, Text)
    }
    assert set(SEALED_COLUMNS) == text_columns
    for sealed in SEALED_COLUMNS:
        assert "id" in database.Base.metadata.tables[sealed.table].c, sealed.name


def test_everything_moves_to_the_new_key_and_reads_with_it_alone(
    tmp_path: Path, database_url: str
) -> None:
    old = app_with(tmp_path, database_url, OLD)
    migrate(old)
    leader = seeding.everything(old)
    before = opened(old)
    assert {(t, c) for t, c, _ in before} == {(s.table, s.column) for s in SEALED_COLUMNS}, (
        "the seed leaves a sealed column empty: add what fills it to tests/support/seeding.py"
    )
    assert all(value.startswith("v1.k1.") for value in raw(old).values())

    both = app_with(tmp_path, database_url, f"{NEW},{OLD}")
    stored = raw(both)
    code, output = rotate(both, "--dry-run")
    assert code == 0, output
    assert raw(both) == stored, "a dry run changes nothing"
    assert f"inquiry.answers: would re-encrypt {_count(before, 'inquiry')}" in output
    assert f"Dry run: nothing was changed. {len(before)} values use a key other than" in output

    code, output = rotate(both, "--batch-size", "2")
    assert code == 0, output
    assert "message.body: re-encrypted 3" in output  # first words, reply, feedback
    assert "Keys that can now be removed from FIELD_ENCRYPTION_KEYS: k1." in output
    after = raw(both)
    assert after.keys() == stored.keys()
    assert all(value.startswith("v1.k2.") for value in after.values())
    # No value anywhere still carries the old key: a sealed column the registry missed,
    # text or not, would show up here.
    assert not [v for v in text_values(both) if v.startswith("v1.k1.")]

    code, output = rotate(both)
    assert code == 0, output
    assert all(line.endswith(": re-encrypted 0") for line in output.splitlines()[:-1]), output
    assert raw(both) == after, "a second run is a no-op"

    alone = app_with(tmp_path, database_url, NEW)
    assert opened(alone) == before
    # The portal with only the new key: the leader logs in (the TOTP secret is sealed)
    # and reads the cases, with what was written in them.
    client = alone.test_client()
    login(alone, client, leader.account)
    pages = [
        client.get(f"/staff/cases/{r}").get_data(as_text=True)
        for (t, _c, r) in before
        if t == "inquiry"
    ]
    assert any(seeding.REASONING in page for page in pages)
    assert any(seeding.FEEDBACK in page for page in pages)


def _count(values: Values, table: str) -> int:
    return sum(1 for t, _c, _r in values if t == table)


def test_a_value_that_cannot_be_decrypted_is_reported_and_the_rest_rotated(
    tmp_path: Path, database_url: str
) -> None:
    old = app_with(tmp_path, database_url, OLD)
    migrate(old)
    first, _ = new_inquiry(old, "ask_for_help", conversation=True)
    second, _ = new_inquiry(old, "ask_for_help", conversation=True)
    stored = raw(old)
    broken, donor = sorted(r for t, _c, r in stored if t == "message")
    # A value copied from another row: intact ciphertext, bound to the wrong row.
    with old.app_context(), db.engine().begin() as conn:
        conn.execute(
            update(database.Base.metadata.tables["message"])
            .where(database.Base.metadata.tables["message"].c.id == broken)
            .values(body=stored[("message", "body", donor)])
        )

    both = app_with(tmp_path, database_url, f"{NEW},{OLD}")
    code, output = rotate(both)
    assert code != 0
    assert f"cannot decrypt message.body, row {broken}: the value does not belong here" in output
    assert "message.body: re-encrypted 1, 1 cannot be decrypted" in output
    assert "1 values still use a key other than 'k2'" in output
    assert "Hej, jeg vil gerne tale med nogen." not in output
    assert stored[("message", "body", donor)] not in output
    after = raw(both)
    still_old = [key for key, value in after.items() if value.startswith("v1.k1.")]
    assert still_old == [("message", "body", broken)]
    with both.app_context():
        for key in (("inquiry", "answers", first), ("inquiry", "answers", second)):
            assert FieldCipher(KeyRing.parse(NEW)).decrypt(
                after[key], table=key[0], column=key[1], row_id=key[2]
            )
    # Rerunning reports it again and touches nothing else.
    code, output = rotate(both)
    assert code != 0
    assert "message.body: re-encrypted 0, 1 cannot be decrypted" in output
    assert raw(both) == after
