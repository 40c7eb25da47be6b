"""Case-system clients with scopes and hashed tokens, their acknowledgements, the client
as an actor in the audit log

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10

The pull API's clients move from a setting (CASE_SYSTEM_API_CLIENTS) into
``case_system_client``: a scope (districts, kinds of inquiry), a SHA-256 of the token, an
expiry and a revocation. ``case_system_ack`` keeps which client acknowledged which record,
so that each client acknowledges its own deliveries. ``audit_entry.api_client`` names the
client that listed or acknowledged records. The column is added with a plain ALTER TABLE
(no table copy on SQLite), which keeps the audit log's append-only triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_system_client",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("districts", sa.String(length=500), nullable=False),
        sa.Column("kinds", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_system_client")),
        sa.UniqueConstraint("name", name=op.f("uq_case_system_client_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_case_system_client_token_hash")),
    )
    op.create_table(
        "case_system_ack",
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["case_system_client.id"],
            name=op.f("fk_case_system_ack_client_id_case_system_client"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["outbox_event.id"],
            name=op.f("fk_case_system_ack_event_id_outbox_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "client_id", name=op.f("pk_case_system_ack")),
    )
    op.create_index(op.f("ix_case_system_ack_client_id"), "case_system_ack", ["client_id"])
    op.add_column("audit_entry", sa.Column("api_client", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_audit_entry_api_client"), "audit_entry", ["api_client"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_entry_api_client"), table_name="audit_entry")
    # SQLite 3.35+ drops a column in place (no table copy): the triggers stay.
    op.drop_column("audit_entry", "api_client")
    op.drop_index(op.f("ix_case_system_ack_client_id"), table_name="case_system_ack")
    op.drop_table("case_system_ack")
    op.drop_table("case_system_client")
