"""Cases: the outbox, cases (办件), transport batches, A/B post cover.

Revision ID: 0003
Revises: 0002
Create Date: 2026-05-11
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(36), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=False),
        sa.Column("body_enc", sa.LargeBinary(), nullable=False),
        sa.Column("depends_on", sa.Text(), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("business_no", sa.String(64), nullable=True),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("first_sent_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_messages_state_due", "outbox_messages", ["state", "next_attempt_at"])
    op.create_index("ix_outbox_messages_object", "outbox_messages", ["kind", "object_id"])
    op.create_index("ix_outbox_messages_created_at", "outbox_messages", ["created_at"])

    op.create_table(
        "transport_batches",
        sa.Column("batch_id", sa.String(36), primary_key=True),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("handed_over_by", sa.String(32), nullable=True),
        sa.Column("received_by", sa.String(64), nullable=True),
        sa.Column("handed_over_at", sa.DateTime(), nullable=True),
        sa.Column("file_count", sa.Integer(), nullable=True),
        sa.Column(
            "outbox_key",
            sa.String(36),
            sa.ForeignKey("outbox_messages.key"),
            nullable=True,
            unique=True,
        ),
        sa.UniqueConstraint("outlet_code", "window", "business_day", "seq"),
    )
    op.create_index("ix_transport_batches_day", "transport_batches", ["business_day"])

    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(64), primary_key=True),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("item_code", sa.String(16), nullable=False),
        sa.Column("item_version", sa.Integer(), nullable=False),
        sa.Column("item_name", sa.String(200), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("maker", sa.String(32), nullable=False),
        sa.Column("checker", sa.String(32), nullable=True),
        sa.Column("approval_id", sa.String(64), nullable=True),
        sa.Column("ticket_number", sa.String(32), nullable=True),
        sa.Column("id_index", sa.String(64), nullable=False),
        sa.Column("person_enc", sa.LargeBinary(), nullable=False),
        sa.Column("form_enc", sa.LargeBinary(), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("accepted_offline", sa.Boolean(), nullable=False),
        sa.Column(
            "outbox_key",
            sa.String(36),
            sa.ForeignKey("outbox_messages.key"),
            nullable=False,
            unique=True,
        ),
        sa.Column(
            "transport_batch_id",
            sa.String(36),
            sa.ForeignKey("transport_batches.batch_id"),
            nullable=True,
        ),
        sa.Column("rating", sa.String(16), nullable=True),
        sa.Column(
            "evaluation_key",
            sa.String(36),
            sa.ForeignKey("outbox_messages.key"),
            nullable=True,
            unique=True,
        ),
    )
    op.create_index("ix_cases_day", "cases", ["business_day"])
    op.create_index("ix_cases_id_index", "cases", ["id_index"])

    op.create_table(
        "post_covers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("absent_staff_no", sa.String(32), nullable=False),
        sa.Column("covering_staff_no", sa.String(32), nullable=False),
        sa.Column("from_at", sa.DateTime(), nullable=False),
        sa.Column("to_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("recorded_by", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_post_covers_from", "post_covers", ["from_at"])


def downgrade() -> None:
    op.drop_index("ix_post_covers_from", table_name="post_covers")
    op.drop_table("post_covers")
    op.drop_index("ix_cases_id_index", table_name="cases")
    op.drop_index("ix_cases_day", table_name="cases")
    op.drop_table("cases")
    op.drop_index("ix_transport_batches_day", table_name="transport_batches")
    op.drop_table("transport_batches")
    op.drop_index("ix_outbox_messages_created_at", table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_object", table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_state_due", table_name="outbox_messages")
    op.drop_table("outbox_messages")
