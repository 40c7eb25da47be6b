"""Visitor state on the server, answers promised, messages after closing, staff drafts

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

The visitor's cookie now carries only a token; what the visit keeps is a sealed row in
``visitor_session``, and drafts belong to a visit (``draft.visit_id``), so ending the visit
deletes them. Drafts from before have no visit and go with the retention run. An inquiry
keeps the answer it is promised (``awaiting_since``, ``answer_due``) and when a message after
closing opened it again (``reopened_at``); ``answer_wait`` keeps each wait for an answer
(times only) for the figures. ``staff_draft`` keeps what staff are writing on a case.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visitor_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visitor_session")),
    )
    op.create_index(op.f("ix_visitor_session_expires_at"), "visitor_session", ["expires_at"])
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visit_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_draft_visit_id"), ["visit_id"])
    op.create_table(
        "staff_draft",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_staff_draft_inquiry_id_inquiry")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["staff_user.id"], name=op.f("fk_staff_draft_user_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_draft")),
        sa.UniqueConstraint("user_id", "inquiry_id", "form", name=op.f("uq_staff_draft_user_id")),
    )
    op.create_index(op.f("ix_staff_draft_inquiry_id"), "staff_draft", ["inquiry_id"])
    op.create_index(op.f("ix_staff_draft_user_id"), "staff_draft", ["user_id"])
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        for name in ("awaiting_since", "answer_due", "reopened_at"):
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "answer_wait",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("after_closing", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_answer_wait_inquiry_id_inquiry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_wait")),
    )
    op.create_index(op.f("ix_answer_wait_inquiry_id"), "answer_wait", ["inquiry_id"])
    op.create_index(op.f("ix_answer_wait_since"), "answer_wait", ["since"])


def downgrade() -> None:
    op.drop_table("answer_wait")
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        for name in ("reopened_at", "answer_due", "awaiting_since"):
            batch_op.drop_column(name)
    op.drop_table("staff_draft")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_visit_id"))
        batch_op.drop_column("visit_id")
    op.drop_index(op.f("ix_visitor_session_expires_at"), table_name="visitor_session")
    op.drop_table("visitor_session")
