"""Initial local store: catalogue cache, person lookups, journal, settings.

Revision ID: 0001
Revises:
Create Date: 2026-05-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The journal is append-only. These triggers stop the program (or a careless SQL console)
# from editing or deleting entries; the keyed hash chain is what detects deliberate
# tampering. sent_at alone may change (set when the bureau has acknowledged the entry).
# Any later migration that recreates journal_entries must recreate these triggers.
JOURNAL_TRIGGERS = (
    """
    CREATE TRIGGER journal_entries_no_update
    BEFORE UPDATE OF seq, entry_id, "at", staff_no, "role", "action", "object", outcome,
                     details, prev_hash, "hash"
    ON journal_entries
    BEGIN
        SELECT RAISE(ABORT, 'journal_entries is append-only');
    END
    """,
    """
    CREATE TRIGGER journal_entries_no_delete
    BEFORE DELETE ON journal_entries
    BEGIN
        SELECT RAISE(ABORT, 'journal_entries is append-only');
    END
    """,
)


def upgrade() -> None:
    op.create_table(
        "catalogue_cache",
        sa.Column("outlet_code", sa.String(32), primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("etag", sa.String(256), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "person_lookups",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id_index", sa.String(64), nullable=False),
        sa.Column("payload_enc", sa.LargeBinary(), nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("looked_up_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "ix_person_lookups_index_at", "person_lookups", ["id_index", "looked_up_at"]
    )
    op.create_table(
        "journal_entries",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.String(36), nullable=False, unique=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("object", sa.String(200), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_journal_entries_at", "journal_entries", ["at"])
    op.create_index("ix_journal_entries_sent_at", "journal_entries", ["sent_at"])
    for ddl in JOURNAL_TRIGGERS:
        op.execute(ddl)
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.execute("DROP TRIGGER IF EXISTS journal_entries_no_delete")
    op.execute("DROP TRIGGER IF EXISTS journal_entries_no_update")
    op.drop_index("ix_journal_entries_sent_at", table_name="journal_entries")
    op.drop_index("ix_journal_entries_at", table_name="journal_entries")
    op.drop_table("journal_entries")
    op.drop_index("ix_person_lookups_index_at", table_name="person_lookups")
    op.drop_table("person_lookups")
    op.drop_table("catalogue_cache")
