"""Retention: inquiries can be anonymised; old audit entries can be purged, deliberately

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

The audit log stays append-only: UPDATE is always refused, and so is DELETE, except of
entries older than a cutoff that the deleting transaction itself declares (PostgreSQL:
``SET LOCAL indgang.audit_purge_before``; SQLite: the one row of ``audit_purge``, added
and removed in that transaction). Only ``flask --app wsgi retention run`` does that.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APPEND_ONLY = "$$ BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END; $$"
# current_setting(..., true) is NULL when never set in the session and '' once a SET LOCAL
# has ended: either way, nothing may be deleted.
PURGE_OLD_ONLY = """$$
DECLARE
    cutoff text := current_setting('indgang.audit_purge_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND coalesce(cutoff, '') <> '' AND OLD.at < cutoff::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_entry is append-only';
END;
$$"""
SQLITE_NO_DELETE = (
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
)
SQLITE_DELETE_ONLY_PURGED = (
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "WHEN NOT EXISTS (SELECT 1 FROM audit_purge WHERE OLD.at < audit_purge.cutoff) "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
)


def _trigger_function(body: str) -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger "
        f"LANGUAGE plpgsql AS {body}"
    )


def upgrade() -> None:
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "audit_purge",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_purge_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_purge")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _trigger_function(PURGE_OLD_ONLY)
    else:
        op.execute("DROP TRIGGER audit_entry_no_delete")
        op.execute(SQLITE_DELETE_ONLY_PURGED)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _trigger_function(APPEND_ONLY)
    else:
        op.execute("DROP TRIGGER audit_entry_no_delete")
        op.execute(SQLITE_NO_DELETE)
    op.drop_table("audit_purge")
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
