"""The `AuditLog` that services use, written to the hash-chained journal off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from counter.audit import Detail
from counter.journal import Action, Journal
from counter.storage.db import Database
from counter.storage.executor import DbExecutor


class JournalAudit:
    """*clock* gives the entries' times (headless scenario runs play a scripted day)."""

    def __init__(
        self,
        journal: Journal,
        executor: DbExecutor,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.journal = journal
        self.executor = executor
        self.clock = clock

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
            at=self.clock() if self.clock is not None else None,
        )
        await self.executor.run(append)

    def shares(self, db: Database) -> bool:
        """Whether the journal lives in *db*, so `record_in` can join its transactions."""
        return self.journal.shares(db)

    def record_in(
        self,
        s: Session,
        action: str,
        *,
        staff_no: str,
        role: str = "",
        object: str = "",
        outcome: str = "ok",
        details: dict[str, Detail] | None = None,
    ) -> None:
        """Append an entry inside the caller's write transaction *s* (see `Journal.append_in`)."""
        self.journal.append_in(
            s,
            staff_no=staff_no,
            role=role,
            action=Action(action),
            object=object,
            outcome=outcome,
            details=details,
            at=self.clock() if self.clock is not None else None,
        )
