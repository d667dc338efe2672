"""Supervision: day closes and close notes, journal uploads, 差评 follow-ups, 意见簿, A/B
roster and handovers; triggers that make a closed business day read-only.

Revision ID: 0004
Revises: 0003
Create Date: 2026-05-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLOSED = "DAY_CLOSED: 该营业日已日结，记录不能再修改；更正请作为新记录登记"
CLOSED_ROW = "EXISTS (SELECT 1 FROM day_closes WHERE day_closes.business_day = {ref}.business_day)"

# Case columns a closed day freezes. Not the personal-data columns (person_enc, form_enc,
# id_index): the retention purge clears those long after the day was closed.
CASE_COLUMNS = (
    "case_id, business_day, created_at, outlet_code, \"window\", item_code, item_version, "
    "item_name, mode, maker, checker, approval_id, ticket_number, materials, "
    "accepted_offline, outbox_key, transport_batch_id, rating, evaluation_key"
)


def _guard(name: str, event: str, table: str, refs: tuple[str, ...]) -> str:
    condition = " OR ".join(CLOSED_ROW.format(ref=ref) for ref in refs)
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END"
    )


CLOSED_DAY_TRIGGERS: tuple[tuple[str, str], ...] = tuple(
    (name, _guard(name, event, table, refs))
    for name, event, table, refs in (
        ("tickets_closed_day_insert", "INSERT", "tickets", ("NEW",)),
        ("tickets_closed_day_update", "UPDATE", "tickets", ("OLD", "NEW")),
        ("tickets_closed_day_delete", "DELETE", "tickets", ("OLD",)),
        ("ticket_events_closed_day_insert", "INSERT", "ticket_events", ("NEW",)),
        ("ticket_events_closed_day_delete", "DELETE", "ticket_events", ("OLD",)),
        ("window_pauses_closed_day_insert", "INSERT", "window_pauses", ("NEW",)),
        ("window_pauses_closed_day_update", "UPDATE", "window_pauses", ("OLD", "NEW")),
        ("wait_estimates_closed_day_insert", "INSERT", "wait_estimates", ("NEW",)),
        ("wait_estimates_closed_day_update", "UPDATE", "wait_estimates", ("OLD", "NEW")),
        ("cases_closed_day_insert", "INSERT", "cases", ("NEW",)),
        ("cases_closed_day_update", f"UPDATE OF {CASE_COLUMNS}", "cases", ("OLD", "NEW")),
        ("cases_closed_day_delete", "DELETE", "cases", ("OLD",)),
    )
) + (
    (
        "day_closes_no_update",
        "CREATE TRIGGER day_closes_no_update BEFORE UPDATE ON day_closes "
        "BEGIN SELECT RAISE(ABORT, 'day_closes is append-only'); END",
    ),
    (
        "day_closes_no_delete",
        "CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes "
        "BEGIN SELECT RAISE(ABORT, 'day_closes is append-only'); END",
    ),
)


def upgrade() -> None:
    op.create_table(
        "day_closes",
        sa.Column("business_day", sa.Date(), primary_key=True),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by", sa.String(32), nullable=False),
        sa.Column("journal_head", sa.String(64), nullable=False),
        sa.Column("journal_count", sa.Integer(), nullable=False),
        sa.Column("head_mac", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "outbox_key",
            sa.String(36),
            sa.ForeignKey("outbox_messages.key"),
            nullable=False,
            unique=True,
        ),
    )
    op.create_table(
        "day_close_notes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("object", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_day_close_notes_day", "day_close_notes", ["business_day", "kind"])
    op.create_table(
        "journal_uploads",
        sa.Column(
            "outbox_key", sa.String(36), sa.ForeignKey("outbox_messages.key"), primary_key=True
        ),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_journal_uploads_last_seq", "journal_uploads", ["last_seq"])
    op.create_table(
        "rating_followups",
        sa.Column("case_id", sa.String(64), sa.ForeignKey("cases.case_id"), primary_key=True),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("business_no", sa.String(64), nullable=True),
        sa.Column("item_code", sa.String(16), nullable=False),
        sa.Column("item_name", sa.String(200), nullable=False),
        sa.Column("clerk_staff_no", sa.String(32), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("callback_due", sa.DateTime(), nullable=False),
        sa.Column("rectify_due", sa.DateTime(), nullable=False),
        sa.Column("callback_at", sa.DateTime(), nullable=True),
        sa.Column("callback_by", sa.String(32), nullable=True),
        sa.Column("callback_note", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("ledger_deadline", sa.Date(), nullable=True),
        sa.Column("ledger_done_at", sa.DateTime(), nullable=True),
        sa.Column("outcome_at", sa.DateTime(), nullable=True),
        sa.Column("outcome_by", sa.String(32), nullable=True),
        sa.Column("feedback_at", sa.DateTime(), nullable=True),
        sa.Column("re_rating", sa.String(16), nullable=True),
        sa.Column("re_rated_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_rating_followups_due", "rating_followups", ["closed_at", "rectify_due"])
    op.create_table(
        "feedback_entries",
        sa.Column("feedback_id", sa.String(36), primary_key=True),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("content_enc", sa.LargeBinary(), nullable=False),
        sa.Column("content_masked", sa.Text(), nullable=False),
        sa.Column("contact_enc", sa.LargeBinary(), nullable=True),
        sa.Column("contact_masked", sa.String(64), nullable=True),
        sa.Column("staff_concerned", sa.String(32), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("replied_by", sa.String(32), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "outbox_key", sa.String(36), sa.ForeignKey("outbox_messages.key"), nullable=True
        ),
        sa.Column("recorded_by", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_feedback_entries_status", "feedback_entries", ["status", "due_on"])
    op.create_table(
        "roster_posts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("post", sa.String(1), nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("name_masked", sa.String(64), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=False),
        sa.Column("to_on", sa.Date(), nullable=True),
        sa.Column("trained_on", sa.Date(), nullable=True),
        sa.Column("certified_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("recorded_by", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column(
            "filing_key", sa.String(36), sa.ForeignKey("outbox_messages.key"), nullable=True
        ),
    )
    op.create_index("ix_roster_posts_window", "roster_posts", ["outlet_code", "window", "post"])
    op.create_table(
        "roster_handovers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("post", sa.String(1), nullable=False),
        sa.Column("from_staff_no", sa.String(32), nullable=False),
        sa.Column("to_staff_no", sa.String(32), nullable=False),
        sa.Column("handed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column(
            "filing_key", sa.String(36), sa.ForeignKey("outbox_messages.key"), nullable=True
        ),
    )
    op.create_index("ix_roster_handovers_on", "roster_handovers", ["handed_on"])
    for _name, sql in CLOSED_DAY_TRIGGERS:
        op.execute(sql)


def downgrade() -> None:
    for name, _sql in reversed(CLOSED_DAY_TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_roster_handovers_on", table_name="roster_handovers")
    op.drop_table("roster_handovers")
    op.drop_index("ix_roster_posts_window", table_name="roster_posts")
    op.drop_table("roster_posts")
    op.drop_index("ix_feedback_entries_status", table_name="feedback_entries")
    op.drop_table("feedback_entries")
    op.drop_index("ix_rating_followups_due", table_name="rating_followups")
    op.drop_table("rating_followups")
    op.drop_index("ix_journal_uploads_last_seq", table_name="journal_uploads")
    op.drop_table("journal_uploads")
    op.drop_index("ix_day_close_notes_day", table_name="day_close_notes")
    op.drop_table("day_close_notes")
    op.drop_table("day_closes")
