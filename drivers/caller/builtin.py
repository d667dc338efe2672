"""`caller.kind = builtin`: no hall system outside the client (small outlets, one PC).

The client keeps the social-security queue itself and our own hall display follows the
queue events directly. This port accepts every operation and keeps a tiny mirror of the
waiting list, so `HallSync` (if one is wired at all) finds nothing to reconcile.
"""

from __future__ import annotations

from counter.hall_sync import CallerRejected, HallWaiting
from counter.queue.model import Ticket


class BuiltinCaller:
    """`HallCallerPort` that talks to nobody."""

    def __init__(self, service: str = "社保") -> None:
        self.service = service
        self._waiting: dict[str, int | None] = {}  # number → target window

    async def issue(self, ticket: Ticket, *, key: str) -> int:
        if ticket.number in self._waiting:
            raise CallerRejected(f"号码 {ticket.number} 已存在", code="ticket_exists", status=409)
        ahead = len(self._waiting)
        self._waiting[ticket.number] = ticket.target_window
        return ahead

    async def call(self, number: str, window: int, *, recall: bool, key: str) -> None:
        self._waiting.pop(number, None)

    async def no_show(self, number: str, *, key: str) -> None:
        self._waiting.pop(number, None)

    async def transfer(
        self, number: str, *, to_window: int | None, to_service: str | None, key: str
    ) -> None:
        self._waiting[number] = to_window

    async def complete(self, number: str, *, key: str) -> None:
        self._waiting.pop(number, None)

    async def cancel(self, number: str, *, reason: str, key: str) -> None:
        self._waiting.pop(number, None)

    async def requeue(self, number: str, *, key: str) -> None:
        self._waiting[number] = None

    async def list_waiting(self) -> list[HallWaiting]:
        return [HallWaiting(n, self.service, w) for n, w in self._waiting.items()]

    async def aclose(self) -> None:
        return None
