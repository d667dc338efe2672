"""What services need from the journal: an async `record`. Details must already be masked."""

from __future__ import annotations

from typing import Protocol

Detail = str | int | bool | None


class AuditLog(Protocol):
    async def record(
        self,
        action: str,
        *,
        staff_no: str,
        role: str = "",
        object: str = "",
        outcome: str = "ok",
        details: dict[str, Detail] | None = None,
    ) -> None: ...


class MemoryAudit:
    """An audit log kept in a list: for headless tools and tests that need no journal file."""

    def __init__(self) -> None:
        self.entries: list[dict[str, object]] = []

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
        self.entries.append(
            {
                "action": action,
                "staff_no": staff_no,
                "role": role,
                "object": object,
                "outcome": outcome,
                "details": dict(details or {}),
            }
        )
