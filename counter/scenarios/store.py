"""Assessments kept at the counter: table ``training_assessments`` (migration 0005).

One row per assessment (a trainee, a set of scenarios, the scores). No personal data of
citizens; the trainee's name is stored masked. The per-scenario summary (ids, scores,
mistake codes) is JSON in ``detail``. Import this module for ``Base.metadata``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from counter.journal import BUSINESS_TZ
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import Base

__all__ = ["AssessmentRow", "AssessmentStore", "AssessmentSummary"]


class AssessmentRow(Base):
    __tablename__ = "training_assessments"
    __table_args__ = (Index("ix_training_assessments_staff", "staff_no", "ended_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(32))
    name_masked: Mapped[str] = mapped_column(String(64))
    outlet_code: Mapped[str] = mapped_column(String(32))
    set_id: Mapped[str] = mapped_column(String(64))
    set_title: Mapped[str] = mapped_column(String(128))
    score: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    scenario_count: Mapped[int] = mapped_column(Integer)
    mistake_count: Mapped[int] = mapped_column(Integer)
    assessor: Mapped[str] = mapped_column(String(32))
    training: Mapped[bool] = mapped_column(Boolean)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    detail: Mapped[str] = mapped_column(
        Text
    )  # JSON: per-scenario id, title, score, passed, mistakes


@dataclass(frozen=True)
class AssessmentSummary:
    id: str
    staff_no: str
    name_masked: str
    set_id: str
    set_title: str
    score: int
    pass_mark: int
    passed: bool
    at: datetime
    assessor: str
    scenario_count: int
    mistakes: int
    scenarios: tuple[dict[str, Any], ...] = ()

    @property
    def day(self) -> date:
        return self.at.astimezone(BUSINESS_TZ).date()


def _summary(row: AssessmentRow) -> AssessmentSummary:
    return AssessmentSummary(
        id=row.id,
        staff_no=row.staff_no,
        name_masked=row.name_masked,
        set_id=row.set_id,
        set_title=row.set_title,
        score=row.score,
        pass_mark=row.pass_mark,
        passed=row.passed,
        at=row.ended_at,
        assessor=row.assessor,
        scenario_count=row.scenario_count,
        mistakes=row.mistake_count,
        scenarios=tuple(json.loads(row.detail or "[]")),
    )


class AssessmentStore:
    def __init__(self, db: Database, executor: DbExecutor) -> None:
        self.db = db
        self.executor = executor

    async def save_row(self, row: AssessmentRow) -> AssessmentSummary:
        def write() -> AssessmentSummary:
            with self.db.session() as s:
                s.add(row)
                s.flush()
                return _summary(row)

        return await self.executor.run(write)

    async def history(
        self, staff_no: str | None = None, limit: int = 50
    ) -> list[AssessmentSummary]:
        """Newest first; one trainee's or everybody's."""

        def read() -> list[AssessmentSummary]:
            stmt = select(AssessmentRow).order_by(AssessmentRow.ended_at.desc()).limit(limit)
            if staff_no is not None:
                stmt = stmt.where(AssessmentRow.staff_no == staff_no.strip().upper())
            with self.db.session(readonly=True) as s:
                return [_summary(r) for r in s.scalars(stmt)]

        return await self.executor.run(read)

    async def last(self, staff_no: str, *, passed_only: bool = False) -> AssessmentSummary | None:
        for summary in await self.history(staff_no, limit=200):
            if summary.passed or not passed_only:
                return summary
        return None
