"""Conversations found by a keyed hash of all six words; no lock-out; sessions per device

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10

A conversation is found by ``passphrase_key``, an HMAC of all six words. A conversation
from before keeps its old look-up (an HMAC of the first three words) as ``legacy_lookup``
and is found by it, and its argon2 hash, until its words are next written; then it gets
its ``passphrase_key`` and the old look-up is emptied. Nothing is lost: every existing
conversation opens with the same words. The count of wrong tries per conversation
(``failed_attempts``, ``next_attempt_at``) goes: anyone who knew three of the words could
use it to lock the child out. ``retired_passphrase`` keeps the look-up of words staff
replaced, so those words say they were changed; ``conversation_session`` is a
conversation open on one device.

A downgrade gives every conversation back a ``lookup``: the old one where it is still
known. A conversation started or opened after the upgrade has no old look-up (it needs
the words, which are never stored): it gets its new key there, which the code before this
revision cannot find, so it does not open after a downgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("passphrase_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("legacy_lookup", sa.String(length=64), nullable=True))
    op.execute("UPDATE conversation SET legacy_lookup = lookup")
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_lookup"))
        batch_op.drop_column("lookup")
        batch_op.drop_column("failed_attempts")
        batch_op.drop_column("next_attempt_at")
        batch_op.create_index(
            batch_op.f("ix_conversation_passphrase_key"), ["passphrase_key"], unique=True
        )
        batch_op.create_index(batch_op.f("ix_conversation_legacy_lookup"), ["legacy_lookup"])

    op.create_table(
        "retired_passphrase",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("passphrase_key", sa.String(length=64), nullable=True),
        sa.Column("legacy_lookup", sa.String(length=64), nullable=True),
        sa.Column("passphrase_hash", sa.String(length=200), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_retired_passphrase_conversation_id_conversation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retired_passphrase")),
    )
    op.create_index(
        op.f("ix_retired_passphrase_conversation_id"), "retired_passphrase", ["conversation_id"]
    )
    op.create_index(
        op.f("ix_retired_passphrase_passphrase_key"),
        "retired_passphrase",
        ["passphrase_key"],
        unique=True,
    )
    op.create_index(
        op.f("ix_retired_passphrase_legacy_lookup"), "retired_passphrase", ["legacy_lookup"]
    )

    op.create_table(
        "conversation_session",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("visit_id", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_conversation_session_conversation_id_conversation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_session")),
    )
    op.create_index(
        op.f("ix_conversation_session_conversation_id"),
        "conversation_session",
        ["conversation_id"],
    )
    op.create_index(op.f("ix_conversation_session_visit_id"), "conversation_session", ["visit_id"])


def downgrade() -> None:
    op.drop_table("conversation_session")
    op.drop_table("retired_passphrase")
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lookup", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE conversation SET lookup = COALESCE(legacy_lookup, passphrase_key)")
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.alter_column("lookup", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("failed_attempts", server_default=None)
        batch_op.drop_index(batch_op.f("ix_conversation_legacy_lookup"))
        batch_op.drop_index(batch_op.f("ix_conversation_passphrase_key"))
        batch_op.drop_column("legacy_lookup")
        batch_op.drop_column("passphrase_key")
        batch_op.create_index(batch_op.f("ix_conversation_lookup"), ["lookup"], unique=False)
