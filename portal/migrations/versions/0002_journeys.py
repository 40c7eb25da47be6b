"""Journeys: inquiries, participation records, conversations, drafts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("journey", sa.String(length=40), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "inquiry",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("district_slug", sa.String(length=40), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("wants_answer", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assess_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("receipt_due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feedback_due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_slug"], ["district.slug"], name=op.f("fk_inquiry_district_slug_district")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry")),
        sa.UniqueConstraint("reference", name=op.f("uq_inquiry_reference")),
    )
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inquiry_district_slug"), ["district_slug"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inquiry_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_inquiry_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inquiry_status"), ["status"], unique=False)

    op.create_table(
        "conversation",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("lookup", sa.String(length=64), nullable=False),
        sa.Column("passphrase_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_conversation_inquiry_id_inquiry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation")),
        sa.UniqueConstraint("inquiry_id", name=op.f("uq_conversation_inquiry_id")),
    )
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_lookup"), ["lookup"], unique=False)

    op.create_table(
        "participation_record",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("age_band", sa.String(length=8), nullable=True),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lundy", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_participation_record_inquiry_id_inquiry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_record")),
        sa.UniqueConstraint("inquiry_id", name=op.f("uq_participation_record_inquiry_id")),
    )
    op.create_table(
        "message",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_message_conversation_id_conversation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_message_conversation_id"), ["conversation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_conversation_id"))

    op.drop_table("message")
    op.drop_table("participation_record")
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_lookup"))

    op.drop_table("conversation")
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiry_status"))
        batch_op.drop_index(batch_op.f("ix_inquiry_received_at"))
        batch_op.drop_index(batch_op.f("ix_inquiry_kind"))
        batch_op.drop_index(batch_op.f("ix_inquiry_district_slug"))

    op.drop_table("inquiry")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_updated_at"))

    op.drop_table("draft")
