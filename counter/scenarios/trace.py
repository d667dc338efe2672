"""What the trainee did, read back from the journal (not from the trainee's own account).

:class:`TraceSource` is the port the run reads: entries since an instant, in order.
:class:`JournalTrace` reads the installation's hash-chained journal; the headless runner
writes that journal through `JournalAudit` with a clock so the scripted trainee's
virtual time (a slow trainee) shows in the journal's times as it would at a real window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Protocol

from counter.journal import BUSINESS_TZ, DetailValue, Journal
from counter.storage.executor import DbExecutor

__all__ = ["JournalTrace", "TraceEntry", "TraceSource"]


@dataclass(frozen=True)
class TraceEntry:
    seq: int
    at: datetime
    staff_no: str
    action: str
    object: str
    outcome: str
    details: dict[str, DetailValue] = field(default_factory=dict)


class TraceSource(Protocol):
    async def since(self, start: datetime, after_seq: int = 0) -> list[TraceEntry]: ...


class JournalTrace:
    """Entries of the real journal at or after *start* (and after *after_seq*)."""

    def __init__(self, journal: Journal, executor: DbExecutor) -> None:
        self.journal = journal
        self.executor = executor

    async def since(self, start: datetime, after_seq: int = 0) -> list[TraceEntry]:
        def read() -> list[TraceEntry]:
            # the journal reads by business day; all of it when the run spans midnight
            day: date | None = start.astimezone(BUSINESS_TZ).date()
            if day != datetime.now(UTC).astimezone(BUSINESS_TZ).date():
                day = None
            return [
                TraceEntry(r.seq, r.at, r.staff_no, r.action, r.object, r.outcome, r.details)
                for r in self.journal.entries(day)
                if r.seq > after_seq and r.at >= start
            ]

        return await self.executor.run(read)
