"""The database executor keeps SQLite work off the event-loop thread."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from counter.storage import DbExecutor, open_database, read_setting, write_setting


async def test_runs_on_one_worker_thread_in_order() -> None:
    loop_thread = threading.get_ident()
    seen: list[tuple[int, int]] = []

    def work(n: int) -> int:
        seen.append((n, threading.get_ident()))
        return n * 2

    with DbExecutor() as executor:
        results = await asyncio.gather(*(executor.run(work, n) for n in range(20)))
    assert results == [n * 2 for n in range(20)]
    assert [n for n, _ in seen] == list(range(20))
    threads = {t for _, t in seen}
    assert len(threads) == 1
    assert loop_thread not in threads


async def test_exceptions_propagate() -> None:
    def fail() -> None:
        raise LookupError("nope")

    with DbExecutor() as executor:
        with pytest.raises(LookupError, match="nope"):
            await executor.run(fail)


async def test_database_work_through_the_executor(tmp_path: Path) -> None:
    executor = DbExecutor()
    try:
        db = await executor.run(open_database, tmp_path / "counter.sqlite3")
        await executor.run(write_setting, db, "k", "v")
        assert await executor.run(read_setting, db, "k") == "v"
        await executor.run(db.close)
    finally:
        executor.shutdown()
    with pytest.raises(RuntimeError):
        await executor.run(read_setting, db, "k")
