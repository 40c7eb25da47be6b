"""Failed logins counted per e-mail address, known or not

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10

A login answered a known address differently from an unknown one after repeated failures
(only accounts were slowed). Failures now go into ``login_throttle``, keyed by a keyed hash
of the address typed, whether an account has it or not; the two counters on ``staff_user``
go. (SQLite drops the columns in place: they carry no index or constraint.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_index(op.f("ix_login_throttle_last_failed_at"), "login_throttle", ["last_failed_at"])
    for column in ("untrusted_failures", "untrusted_blocked_until"):
        op.execute(f"ALTER TABLE staff_user DROP COLUMN {column}")


def downgrade() -> None:
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("untrusted_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("untrusted_blocked_until", sa.DateTime(timezone=True), nullable=True)
        )
    op.drop_index(op.f("ix_login_throttle_last_failed_at"), table_name="login_throttle")
    op.drop_table("login_throttle")
