"""Training assessments kept at the counter (issue 10): table training_assessments.

Revision ID: 0005_training_assessments
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_training_assessments"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_assessments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("staff_no", sa.String(32), nullable=False),
        sa.Column("name_masked", sa.String(64), nullable=False),
        sa.Column("outlet_code", sa.String(32), nullable=False),
        sa.Column("set_id", sa.String(64), nullable=False),
        sa.Column("set_title", sa.String(128), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("scenario_count", sa.Integer(), nullable=False),
        sa.Column("mistake_count", sa.Integer(), nullable=False),
        sa.Column("assessor", sa.String(32), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_training_assessments_staff", "training_assessments", ["staff_no", "ended_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_training_assessments_staff", table_name="training_assessments")
    op.drop_table("training_assessments")
