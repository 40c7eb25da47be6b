"""Asking the child before deciding: invitations, participation notes, decisions with
feedback in rounds, and "did you feel heard?"

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-12

- ``invitation``: an adviser's one-time code for a child to give their view on one case
  (the keyed hash of the code, the sealed reason, the date the view is needed by); the
  child's answers are an inquiry of their own, whose ``case_id`` names the case.
- ``participation_note``: how the child took part in one contact (inddragelsesnotat).
- ``child_feedback`` becomes a decision (or a meeting's outcome) with its feedback: a case
  has one per round, so ``inquiry_id`` is no longer unique; what was not possible and why,
  how and when the child was told, and what the decision rests on (the child's view, or
  why they were not heard) are added. Earlier rows were decisions told in the conversation.
- ``felt_heard``: the child's anonymous answers after feedback (month, district, age band).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_inquiry_case_id"), ["case_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_inquiry_case_id_inquiry"), "inquiry", ["case_id"], ["id"]
        )
    op.create_table(
        "invitation",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("adviser_id", sa.String(length=32), nullable=False),
        sa.Column("question_set", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("needed_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("code_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("view_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["adviser_id"], ["staff_user.id"], name=op.f("fk_invitation_adviser_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_invitation_inquiry_id_inquiry")
        ),
        sa.ForeignKeyConstraint(
            ["view_id"], ["inquiry.id"], name=op.f("fk_invitation_view_id_inquiry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("code_key", name=op.f("uq_invitation_code_key")),
    )
    op.create_index(op.f("ix_invitation_inquiry_id"), "invitation", ["inquiry_id"])
    op.create_index(op.f("ix_invitation_adviser_id"), "invitation", ["adviser_id"])
    op.create_table(
        "participation_note",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("met_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("form", sa.String(length=24), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("present", sa.Text(), nullable=False),
        sa.Column("bisidder_present", sa.Boolean(), nullable=False),
        sa.Column("told_purpose", sa.Boolean(), nullable=False),
        sa.Column("offered_bisidder", sa.Boolean(), nullable=False),
        sa.Column("child_age", sa.Integer(), nullable=True),
        sa.Column("party_case", sa.Boolean(), nullable=False),
        sa.Column("heard_as_party", sa.Boolean(), nullable=False),
        sa.Column("views", sa.Text(), nullable=False),
        sa.Column("weighing", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_participation_note_inquiry_id_inquiry")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["staff_user.id"], name=op.f("fk_participation_note_user_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_note")),
    )
    op.create_index(op.f("ix_participation_note_inquiry_id"), "participation_note", ["inquiry_id"])
    op.create_table(
        "felt_heard",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("district_slug", sa.String(length=40), nullable=True),
        sa.Column("age_band", sa.String(length=8), nullable=True),
        sa.Column("said_what_wanted", sa.String(length=8), nullable=True),
        sa.Column("listened", sa.String(length=8), nullable=True),
        sa.Column("understood", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_felt_heard")),
    )
    op.create_index(op.f("ix_felt_heard_month"), "felt_heard", ["month"])
    with op.batch_alter_table("child_feedback", schema=None) as batch_op:
        batch_op.drop_constraint("uq_child_feedback_inquiry_id", type_="unique")
        batch_op.create_index(
            batch_op.f("ix_child_feedback_inquiry_id"), ["inquiry_id"], unique=False
        )
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="decision")
        )
        batch_op.add_column(sa.Column("final", sa.Boolean(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("not_possible", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("told_how", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("told_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("message_id", sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_child_feedback_message_id_message"), "message", ["message_id"], ["id"]
        )
        batch_op.add_column(sa.Column("view_basis", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("not_heard_reason", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("not_heard_note", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("felt_heard_answered", sa.Boolean(), nullable=False, server_default="0")
        )
    # Feedback given before: a decision told in the child's conversation when it was given.
    op.execute("UPDATE child_feedback SET told_how = 'conversation', told_at = at")
    op.execute(
        "UPDATE child_feedback SET message_id = (SELECT message.id FROM message"
        " JOIN conversation ON conversation.id = message.conversation_id"
        " WHERE conversation.inquiry_id = child_feedback.inquiry_id"
        " AND message.kind = 'outcome' AND message.created_at = child_feedback.at)"
    )


def downgrade() -> None:
    # A case with more than one round keeps its first decision only.
    op.execute(
        "DELETE FROM child_feedback WHERE EXISTS (SELECT 1 FROM child_feedback AS earlier"
        " WHERE earlier.inquiry_id = child_feedback.inquiry_id AND (earlier.at < child_feedback.at"
        " OR (earlier.at = child_feedback.at AND earlier.id < child_feedback.id)))"
    )
    with op.batch_alter_table("child_feedback", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_child_feedback_message_id_message"), type_="foreignkey"
        )
        for column in (
            "felt_heard_answered",
            "not_heard_note",
            "not_heard_reason",
            "view_basis",
            "message_id",
            "told_at",
            "told_how",
            "not_possible",
            "final",
            "kind",
        ):
            batch_op.drop_column(column)
        batch_op.drop_index(batch_op.f("ix_child_feedback_inquiry_id"))
        batch_op.create_unique_constraint("uq_child_feedback_inquiry_id", ["inquiry_id"])
    op.drop_index(op.f("ix_felt_heard_month"), table_name="felt_heard")
    op.drop_table("felt_heard")
    op.drop_index(op.f("ix_participation_note_inquiry_id"), table_name="participation_note")
    op.drop_table("participation_note")
    op.drop_index(op.f("ix_invitation_adviser_id"), table_name="invitation")
    op.drop_index(op.f("ix_invitation_inquiry_id"), table_name="invitation")
    op.drop_table("invitation")
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_inquiry_case_id_inquiry"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_inquiry_case_id"))
        batch_op.drop_column("case_id")
