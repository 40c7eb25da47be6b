"""The safety line: flags on possible safety cases, conversion to a report of concern,
assessments that can be taken again, and staff push subscriptions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

An inquiry with an open safety flag comes first in the inbox, so ``safety_flagged_at``
leads the inbox's order and its three indexes (see 0006). Assessments lose their one-per-
inquiry rule (a case flagged again later is assessed again) and gain an outcome; existing
ones were reports of concern, acute or not.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OPEN_ONLY = sa.text("status != 'closed'")
OLD_ORDER: list[str | sa.TextClause] = ["next_due_at", sa.text("received_at DESC"), "id"]
NEW_ORDER: list[str | sa.TextClause] = ["safety_flagged_at", *OLD_ORDER]
INDEXES: tuple[tuple[str, list[str], dict[str, Any]], ...] = (
    ("ix_inquiry_due_order", [], {}),
    ("ix_inquiry_open_due_order", [], {"postgresql_where": OPEN_ONLY, "sqlite_where": OPEN_ONLY}),
    (
        "ix_inquiry_open_kind_due_order",
        ["kind"],
        {"postgresql_where": OPEN_ONLY, "sqlite_where": OPEN_ONLY},
    ),
)


def _moment(name: str, nullable: bool = True) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _order_indexes(order: list[str | sa.TextClause]) -> None:
    for name, leading, where in INDEXES:
        op.drop_index(name, table_name="inquiry")
        op.create_index(name, "inquiry", [*leading, *order], unique=False, **where)


def upgrade() -> None:
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.add_column(_moment("safety_flagged_at"))
        batch_op.add_column(sa.Column("converted_from", sa.String(length=24), nullable=True))
        batch_op.add_column(_moment("converted_at"))
    _order_indexes(NEW_ORDER)

    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=24), nullable=True))
    op.execute("UPDATE assessment SET outcome = CASE WHEN acute THEN 'acute' ELSE 'not_acute' END")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.alter_column("outcome", existing_type=sa.String(length=24), nullable=False)
        batch_op.drop_constraint(batch_op.f("uq_assessment_inquiry_id"), type_="unique")
        batch_op.create_index(batch_op.f("ix_assessment_inquiry_id"), ["inquiry_id"])

    op.create_table(
        "safety_flag",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        _moment("raised_at", nullable=False),
        sa.Column("reasons", sa.String(length=120), nullable=False),
        sa.Column("alerted", sa.String(length=12), nullable=False),
        _moment("seen_at"),
        sa.Column("seen_by_id", sa.String(length=32), nullable=True),
        _moment("escalated_at"),
        _moment("assessed_at"),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_safety_flag_inquiry_id_inquiry")
        ),
        sa.ForeignKeyConstraint(
            ["seen_by_id"], ["staff_user.id"], name=op.f("fk_safety_flag_seen_by_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_flag")),
    )
    op.create_index(op.f("ix_safety_flag_inquiry_id"), "safety_flag", ["inquiry_id"])
    op.create_index(op.f("ix_safety_flag_raised_at"), "safety_flag", ["raised_at"])

    op.create_table(
        "conversion",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("inquiry_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        _moment("at", nullable=False),
        sa.Column("from_kind", sa.String(length=24), nullable=False),
        sa.Column("to_kind", sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiry.id"], name=op.f("fk_conversion_inquiry_id_inquiry")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["staff_user.id"], name=op.f("fk_conversion_user_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversion")),
    )
    op.create_index(op.f("ix_conversion_inquiry_id"), "conversion", ["inquiry_id"])

    op.create_table(
        "staff_push_subscription",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("endpoint_key", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        _moment("created_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_staff_push_subscription_user_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_push_subscription")),
        sa.UniqueConstraint(
            "user_id", "endpoint_key", name=op.f("uq_staff_push_subscription_user_id")
        ),
    )
    op.create_index(
        op.f("ix_staff_push_subscription_user_id"), "staff_push_subscription", ["user_id"]
    )


def downgrade() -> None:
    op.drop_table("staff_push_subscription")
    op.drop_table("conversion")
    op.drop_table("safety_flag")
    # Several assessments of one inquiry cannot go back under the one-per-inquiry rule:
    # the earliest of each stays.
    op.execute(
        "DELETE FROM assessment WHERE id NOT IN "
        "(SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
        "(PARTITION BY inquiry_id ORDER BY at, id) AS n FROM assessment) AS ranked "
        "WHERE n = 1)"
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_inquiry_id"))
        batch_op.create_unique_constraint(batch_op.f("uq_assessment_inquiry_id"), ["inquiry_id"])
        batch_op.drop_column("outcome")
    _order_indexes(OLD_ORDER)
    with op.batch_alter_table("inquiry", schema=None) as batch_op:
        batch_op.drop_column("converted_at")
        batch_op.drop_column("converted_from")
        batch_op.drop_column("safety_flagged_at")
