"""RSS of the client after login and after a simulated 8-hour day (1,000 tickets, 500 cases).

.venv/bin/python -m bench memory
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import PlatformProcess, Result, open_desk

TICKETS = 1_000
CASES = 500
MB = 1024 * 1024

METHOD = """\\
A fresh process (so nothing of the runner counts) with what the app holds: PySide6's
`QApplication` (offscreen) and a qasync loop, the client core built as for `drain` (SQLite,
keyed journal, outbox, `OutboxSender` running in the background, `CaseService`) plus
`QueueService` printing each slip to a loopback network printer. The training platform runs
in another process and does not count. After login and a first catalogue fetch the RSS is
read (psutil) — the **baseline**. Then a simulated day: 1,000 tickets issued, each called,
started and completed at a window (the line stays short, as in a hall), and one case
submitted per two tickets (500), delivered by the sender as the day goes; the RSS is read
after half the day and at its end, after `gc.collect()`. **Value = RSS at the end of the
day.** Growth in the second half = (end − mid-day) ÷ mid-day. The app's widgets are not
built (they would add a constant few MB of Qt objects; see `startup` for the window).
Targets: ≤ 250 MB; growth in the second half ≤ 10 %.
"""


async def _day(root: Path, platform_dir: Path, tickets: int, cases: int) -> dict[str, Any]:
    import gc

    import psutil

    from bench.ticket import Listener
    from counter.bureau.models import Outlet, Role, Staff
    from counter.queue.service import QueueService
    from counter.queue.settings import QueueSettings
    from counter.session import ActiveSession
    from drivers.printer import open_printer

    proc = psutil.Process()
    platform = PlatformProcess(platform_dir)
    desk = open_desk(platform, root / "desk.sqlite3")
    listener = Listener()
    printer = open_printer(f"network://127.0.0.1:{listener.port}", paper_mm=80)
    queue = QueueService(
        desk.db, desk.executor, desk.cases.audit, printer, settings=QueueSettings()
    )
    guide = ActiveSession(
        staff=Staff(staff_no="T-GUIDE01", name="导办", roles=[Role.GUIDE, Role.CLERK], post=None),
        outlet=Outlet(code="330102001", name="培训网点", category=1),
        window=3,
        expires_at_utc=(datetime.now(UTC) + timedelta(hours=9)).timestamp(),
    )
    marks: dict[str, float] = {}
    try:
        await desk.login()
        gc.collect()
        marks["after_login_mb"] = proc.memory_info().rss / MB
        sender = asyncio.ensure_future(desk.sender.run())
        every = max(1, tickets // cases)
        for n in range(1, tickets + 1):
            ticket = await queue.issue(guide, item_code="SB08046", item_name="社保卡状态查询")
            await queue.call_next(guide, 3)
            await queue.start(guide, 3)
            if n % every == 0:
                await desk.cases.submit(desk.draft("SB08046", ticket.number))
            await queue.complete(guide, 3)
            if n == tickets // 2:
                await asyncio.sleep(0.5)
                gc.collect()
                marks["mid_day_mb"] = proc.memory_info().rss / MB
        status = await desk.outbox.refresh()
        for _ in range(600):
            if status.pending == 0:
                break
            await asyncio.sleep(0.1)
            status = await desk.outbox.refresh()
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
        gc.collect()
        marks["end_of_day_mb"] = proc.memory_info().rss / MB
        marks["pending_at_end"] = status.pending
    finally:
        printer.close()
        await desk.close()
        platform.stop()
    return marks


def child(root: str, tickets: int, cases: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.qt import QApplication  # noqa: I001 - PySide6 before qasync
    import qasync

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        marks = loop.run_until_complete(_day(Path(root), Path(root) / "platform", tickets, cases))
    print(json.dumps(marks))


def run(quick: bool = False) -> Result:
    tickets, cases = (20, 10) if quick else (TICKETS, CASES)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as root:
        out = subprocess.run(
            [sys.executable, "-m", "bench.memory", root, str(tickets), str(cases)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    marks = json.loads(out.splitlines()[-1])
    value = round(marks["end_of_day_mb"], 1)
    base = round(marks["after_login_mb"], 1)
    growth = (marks["end_of_day_mb"] - marks["mid_day_mb"]) / marks["mid_day_mb"]
    extra = {k: round(v, 1) for k, v in marks.items()}
    extra.update(tickets=tickets, cases=cases, second_half_growth_pct=round(growth * 100, 2))
    return Result(
        name="memory",
        value=value,
        unit="MB RSS at end of day",
        baseline=base,
        target="≤ 250 MB; second-half growth ≤ 10 %",
        met=value <= 250 and growth <= 0.10,
        method=METHOD,
        extra=extra,
    )


if __name__ == "__main__":
    child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
