"""A parent's consent to get information from others, asked on its own and recorded with
its scope and its withdrawal

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-11

An application used to carry a mandatory tick for a consent that named nobody. ``consent``
holds the consent of an application, given or not: the sources ticked (each names whom and
which information), when it was given, the keyed hash of the one-time code that withdraws
it, and when, how and (told to staff) by whom it was withdrawn.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("sources", sa.String(length=200), nullable=False),
        sa.Column("other_named", sa.Boolean(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdraw_key", sa.String(length=64), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_how", sa.String(length=16), nullable=True),
        sa.Column("withdrawn_recorded_by_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_consent_inquiry_id_inquiry")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_recorded_by_id"],
            ["staff_user.id"],
            name=op.f("fk_consent_withdrawn_recorded_by_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
        sa.UniqueConstraint("inquiry_id", name=op.f("uq_consent_inquiry_id")),
        sa.UniqueConstraint("withdraw_key", name=op.f("uq_consent_withdraw_key")),
    )


def downgrade() -> None:
    op.drop_table("consent")
