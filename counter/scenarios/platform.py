"""What a scenario run needs of the training platform: faults on cue and its records.

The port is implemented by :class:`counter.training.scenario_control.LocalPlatformControl`
(the embedded platform of training mode, or a classroom server in this process).
Platform records are what the bureau saw — the run scores from them, not from what the
counter believes it sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["PlatformCase", "PlatformControl", "PlatformEvaluation"]


@dataclass(frozen=True, repr=False)
class PlatformCase:
    case_id: str
    business_no: str | None
    item_code: str
    person_id_number: str  # full number: compared in memory, never shown or logged
    status: str  # counter.bureau.cases.CaseStatus value
    message: str
    maker: str
    checker: str | None
    ticket_number: str | None
    accepted_offline: bool
    received_at: datetime

    def __repr__(self) -> str:
        return f"PlatformCase({self.case_id!r}, {self.item_code}, {self.status})"


@dataclass(frozen=True)
class PlatformEvaluation:
    business_no: str
    level: str
    clerk_staff_no: str
    tags: tuple[str, ...]


class PlatformControl(Protocol):
    async def set_outage(self, on: bool) -> None:
        """Cut the platform off (connections reset, nothing handled) or restore it."""

    async def cases(self, case_ids: list[str]) -> list[PlatformCase]: ...

    async def evaluations(self, business_nos: list[str]) -> list[PlatformEvaluation]: ...
