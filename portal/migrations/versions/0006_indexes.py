"""Indexes in the inbox's order, so its pages cost the same at 1,000 or 100,000 inquiries

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

The inbox sorts by the earliest open deadline (NULLs last), then the newest, then the id.
``ix_inquiry_due_order`` holds that whole order (it replaces the index on next_due_at
alone, its first column); the two partial indexes hold open inquiries only, one of them
by kind first, so the default inbox and its kind filter read no closed row at all.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ORDER: list[str | sa.TextClause] = ["next_due_at", sa.text("received_at DESC"), "id"]
OPEN_ONLY = sa.text("status != 'closed'")


def upgrade() -> None:
    op.drop_index("ix_inquiry_next_due_at", table_name="inquiry")
    op.create_index("ix_inquiry_due_order", "inquiry", ORDER, unique=False)
    op.create_index(
        "ix_inquiry_open_due_order",
        "inquiry",
        ORDER,
        unique=False,
        postgresql_where=OPEN_ONLY,
        sqlite_where=OPEN_ONLY,
    )
    op.create_index(
        "ix_inquiry_open_kind_due_order",
        "inquiry",
        ["kind", *ORDER],
        unique=False,
        postgresql_where=OPEN_ONLY,
        sqlite_where=OPEN_ONLY,
    )


def downgrade() -> None:
    op.drop_index("ix_inquiry_open_kind_due_order", table_name="inquiry")
    op.drop_index("ix_inquiry_open_due_order", table_name="inquiry")
    op.drop_index("ix_inquiry_due_order", table_name="inquiry")
    op.create_index("ix_inquiry_next_due_at", "inquiry", ["next_due_at"], unique=False)
