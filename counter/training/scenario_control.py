"""The training platform's side of a scenario run: outages on cue and its case records.

Used by :mod:`counter.scenarios` through the :class:`counter.scenarios.platform.PlatformControl`
port when the platform runs in this process (training mode's embedded platform, the
headless ``counter training run-scenario`` and the tests).
"""

from __future__ import annotations

import asyncio

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from counter.scenarios.platform import PlatformCase, PlatformEvaluation
from counter.training.case_db import CaseRow, EvaluationRow
from counter.training.faults import FaultPlan, Outage, injector_for

__all__ = ["LocalPlatformControl"]


class LocalPlatformControl:
    """Controls the platform serving *engine* (``TrainingServer.engine``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.outage = False

    async def set_outage(self, on: bool) -> None:
        injector = injector_for(self.engine)
        if on:
            injector.set(FaultPlan(outage=Outage.RESET))
        else:
            injector.clear()
        self.outage = on

    async def cases(self, case_ids: list[str]) -> list[PlatformCase]:
        if not case_ids:
            return []

        def read() -> list[PlatformCase]:
            with Session(self.engine) as db:
                rows = db.scalars(
                    select(CaseRow).where(CaseRow.case_id.in_(case_ids)).order_by(CaseRow.id)
                ).all()
                return [
                    PlatformCase(
                        case_id=r.case_id,
                        business_no=r.business_no,
                        item_code=r.item_code,
                        person_id_number=r.person_id_number,
                        status=r.status,
                        message=r.message,
                        maker=r.maker,
                        checker=r.checker,
                        ticket_number=r.ticket_number,
                        accepted_offline=r.accepted_offline,
                        received_at=r.received_at,
                    )
                    for r in rows
                ]

        return await asyncio.to_thread(read)

    async def evaluations(self, business_nos: list[str]) -> list[PlatformEvaluation]:
        if not business_nos:
            return []

        def read() -> list[PlatformEvaluation]:
            with Session(self.engine) as db:
                rows = db.scalars(
                    select(EvaluationRow).where(EvaluationRow.business_no.in_(business_nos))
                ).all()
                return [
                    PlatformEvaluation(
                        r.business_no,
                        r.level,
                        r.clerk_staff_no,
                        tuple(str(t) for t in (r.data or {}).get("tags", [])),
                    )
                    for r in rows
                ]

        return await asyncio.to_thread(read)
