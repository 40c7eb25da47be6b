"""A message's kind: the feedback that answers a child's case is marked as the outcome

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-11

``message.kind`` is "message", or "outcome" for the feedback staff give the child when they
close the case (what was decided, and how the child's views counted); the conversation
shows it as the answer to the case. The feedback given before this revision is found by
its time: it was written in the same unit of work as its ``child_feedback`` row, at the
same moment, into the case's conversation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="message")
        )
    op.execute(
        "UPDATE message SET kind = 'outcome' WHERE author = 'staff' AND EXISTS ("
        " SELECT 1 FROM child_feedback JOIN conversation"
        " ON conversation.inquiry_id = child_feedback.inquiry_id"
        " WHERE conversation.id = message.conversation_id"
        " AND child_feedback.at = message.created_at)"
    )


def downgrade() -> None:
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_column("kind")
