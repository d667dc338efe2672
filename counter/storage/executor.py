"""The database executor: one worker thread for all blocking SQLite work.

Async services ``await db_executor.run(repo.get, outlet)`` so SQLite never runs on the
UI/event-loop thread. One thread keeps the work ordered and avoids SQLite lock contention
between our own writers. Cancelling the awaiting task does not stop work already started
(a thread cannot be interrupted); it only stops waiting for the result.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Self, TypeVar, TypeVarTuple

__all__ = ["DbExecutor"]

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class DbExecutor:
    """A single-thread ``ThreadPoolExecutor`` with an ``async`` front door."""

    def __init__(self, name: str = "counter-db") -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def run(self, fn: Callable[[*Ts], T], *args: *Ts) -> T:
        """Run ``fn(*args)`` on the database thread and return its result (or raise)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, fn, *args)

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop accepting work; with *wait*, block until queued work has finished."""
        self._pool.shutdown(wait=wait)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.shutdown()
