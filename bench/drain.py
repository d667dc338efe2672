"""1,000 queued cases delivered after an outage, the platform answering in 20 ms.

.venv/bin/python -m bench drain
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from bench.common import Faults, PlatformProcess, Result, open_desk, workdir

CASES = 1_000
LATENCY_MS = 20
CONCURRENCY = 4  # what ui/composition.py gives the sender

METHOD = """\\
The training platform runs in a process of its own (`python -m counter.training`, fresh
seeded data dir, loopback HTTPS). The client core of one counter PC is built as
ui/composition.py builds it (SQLite file in WAL with `synchronous=FULL`, the keyed journal,
the outbox and its `OutboxSender` with concurrency 4, `CaseService`). A clerk submits 1,000
cases while the sender is not running (the outage: each case is committed to the outbox with
its idempotency key and stays queued). Then the platform's fault switch is set to 20 ms of
latency on `/v1/cases` and **value = the wall time of `sender.drain()`** until every case is
accepted (claim, POST with the key, store the answer, journal the result). Baseline: the
issue's 1,000 × 20 ms ÷ 4 = 5 s. Also reported: the same number of further queued cases
posted straight from their stored bodies by 4 concurrent tasks with no client-side
bookkeeping ("platform only": what the platform itself costs per case on this machine).
Target: ratio ≤ 1.2.
"""


async def _platform_only(desk: Any, keys: list[str], concurrency: int) -> float:
    """POST the stored bodies of *keys* with *concurrency* tasks; wall time."""
    bodies = [await desk.executor.run(desk.outbox.store.body, key) for key in keys]
    work = list(zip(keys, bodies, strict=True))
    started = time.perf_counter()

    async def worker() -> None:
        while work:
            key, body = work.pop()
            await desk.client.post_idempotent("/v1/cases", body, key)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


async def _measure(root: Path, cases: int) -> dict[str, Any]:
    platform = PlatformProcess(root / "platform")
    faults = Faults(platform)
    desk = open_desk(platform, root / "desk.sqlite3", concurrency=CONCURRENCY)
    try:
        await desk.login()
        submit_started = time.perf_counter()
        await desk.submit(cases)
        submit_s = time.perf_counter() - submit_started
        faults.set(latency_ms=LATENCY_MS, paths=["/v1/cases"])
        started = time.perf_counter()
        status = await desk.sender.drain(timeout=3600)
        drain_s = time.perf_counter() - started
        assert status.pending == 0 and status.needs_attention == 0, status
        accepted = await desk.outbox.messages()
        assert all(m.state.value == "accepted" for m in accepted)
        # the platform alone, for the same number of (new) cases
        extra_ids = await desk.submit(cases)
        keys = [m.key for m in await desk.outbox.messages() if m.state.value == "queued"]
        assert len(keys) == len(extra_ids)
        platform_s = await _platform_only(desk, keys, CONCURRENCY)
        stats = faults.stats()
    finally:
        faults.clear()
        faults.close()
        await desk.close()
        platform.stop()
    return {
        "cases": cases,
        "concurrency": CONCURRENCY,
        "latency_ms": LATENCY_MS,
        "drain_s": round(drain_s, 3),
        "per_case_ms": round(drain_s / cases * 1000, 2),
        "platform_only_s": round(platform_s, 3),
        "submit_s": round(submit_s, 3),
        "platform_fault_stats": stats,
    }


def run(quick: bool = False) -> Result:
    cases = 40 if quick else CASES
    with workdir("drain") as root:
        data = asyncio.run(_measure(Path(root), cases))
    baseline = cases * LATENCY_MS / 1000 / CONCURRENCY
    value = data["drain_s"]
    ratio = round(value / baseline, 2)
    return Result(
        name="drain",
        value=value,
        unit=f"s for {cases:,} cases",
        baseline=baseline,
        ratio=ratio,
        target="ratio ≤ 1.2",
        met=ratio <= 1.2,
        method=METHOD,
        extra=data,
    )
