"""The `AuditLog` that services use, written to the hash-chained journal off the UI thread."""

from __future__ import annotations

from functools import partial

from counter.audit import Detail
from counter.journal import Action, Journal
from counter.storage.executor import DbExecutor


class JournalAudit:
    def __init__(self, journal: Journal, executor: DbExecutor) -> None:
        self.journal = journal
        self.executor = executor

    async def record(
        self,
        action: str,
        *,
        staff_no: str,
        role: str = "",
        object: str = "",
        outcome: str = "ok",
        details: dict[str, Detail] | None = None,
    ) -> None:
        append = partial(
            self.journal.append,
            staff_no=staff_no,
            role=role,
            action=Action(action),
            object=object,
            outcome=outcome,
            details=details,
        )
        await self.executor.run(append)
