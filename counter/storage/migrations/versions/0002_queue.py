"""Queue: tickets (one row per leg), ticket events, window pauses, wait estimates.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("business_day", sa.String(10), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("leg", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(24), nullable=True),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("priority_reason", sa.String(200), nullable=True),
        sa.Column("item_code", sa.String(32), nullable=True),
        sa.Column("item_name", sa.String(200), nullable=True),
        sa.Column("person_masked", sa.String(64), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("original_issued_at", sa.DateTime(), nullable=False),
        sa.Column("queue_at", sa.DateTime(), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=True),
        sa.Column("target_window", sa.Integer(), nullable=True),
        sa.Column("window", sa.Integer(), nullable=True),
        sa.Column("first_called_at", sa.DateTime(), nullable=True),
        sa.Column("called_at", sa.DateTime(), nullable=True),
        sa.Column("call_rule", sa.String(16), nullable=True),
        sa.Column("serving_at", sa.DateTime(), nullable=True),
        sa.Column("held_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("recalls", sa.Integer(), nullable=False),
        sa.Column("requeues", sa.Integer(), nullable=False),
        sa.Column("transferred_from_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=True),
        sa.Column("issued_by", sa.String(32), nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.UniqueConstraint("business_day", "seq", "leg", name="uq_tickets_day_seq_leg"),
    )
    op.create_index("ix_tickets_state_day", "tickets", ["state", "business_day"])
    op.create_index("ix_tickets_day_window", "tickets", ["business_day", "window"])
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("business_day", sa.String(10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(24), nullable=False),
        sa.Column("window", sa.Integer(), nullable=True),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(200), nullable=True),
        sa.Column("rule", sa.String(16), nullable=True),
    )
    op.create_index("ix_ticket_events_day_action", "ticket_events", ["business_day", "action"])
    op.create_index("ix_ticket_events_ticket", "ticket_events", ["ticket_id"])
    op.create_table(
        "window_pauses",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("business_day", sa.String(10), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ended_by", sa.String(32), nullable=True),
    )
    op.create_index("ix_window_pauses_window_end", "window_pauses", ["window", "ended_at"])
    op.create_table(
        "wait_estimates",
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), primary_key=True),
        sa.Column("business_day", sa.String(10), nullable=False),
        sa.Column("estimated_at", sa.DateTime(), nullable=False),
        sa.Column("ahead", sa.Integer(), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("open_windows", sa.Integer(), nullable=False),
        sa.Column("low_min", sa.Integer(), nullable=True),
        sa.Column("high_min", sa.Integer(), nullable=True),
        sa.Column("estimate_s", sa.Float(), nullable=True),
        sa.Column("actual_s", sa.Float(), nullable=True),
    )
    op.create_index("ix_wait_estimates_day", "wait_estimates", ["business_day"])


def downgrade() -> None:
    op.drop_index("ix_wait_estimates_day", table_name="wait_estimates")
    op.drop_table("wait_estimates")
    op.drop_index("ix_window_pauses_window_end", table_name="window_pauses")
    op.drop_table("window_pauses")
    op.drop_index("ix_ticket_events_ticket", table_name="ticket_events")
    op.drop_index("ix_ticket_events_day_action", table_name="ticket_events")
    op.drop_table("ticket_events")
    op.drop_index("ix_tickets_day_window", table_name="tickets")
    op.drop_index("ix_tickets_state_day", table_name="tickets")
    op.drop_table("tickets")
