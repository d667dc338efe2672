"""Ticket issue → last byte at a loopback printer socket, against plain python-escpos.

    .venv/bin/python -m bench.ticket [--runs 60] [--json]

Ours: `QueueService.issue` (ticket in SQLite, slip layout, our GB18030 ESC/POS, the status
query, the send) to `network://127.0.0.1:PORT`. Baseline, in the same run: the same slip
text sent by python-escpos's own `Network` printer (`set`/`text`/`qr(native=True)`/`cut`).
The listener answers status queries like a ready printer and stamps the last byte it gets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Result
from counter.audit import MemoryAudit
from counter.bureau.models import Outlet, Role, Staff
from counter.queue.service import QueueService
from counter.queue.settings import QueueSettings
from counter.session import ActiveSession
from counter.storage.db import open_database
from counter.storage.executor import DbExecutor
from drivers.printer import open_printer

DLE_EOT = b"\x10\x04"


class Listener:
    """A loopback 'printer': answers DLE EOT n as ready, records when each job's last byte came."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.last_byte: list[float] = []
        self.received: list[int] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                total, last = 0, 0.0
                while chunk := conn.recv(65536):
                    last = time.perf_counter()
                    total += len(chunk)
                    if DLE_EOT in chunk:
                        conn.sendall(b"\x12" * chunk.count(DLE_EOT))
                self.last_byte.append(last)
                self.received.append(total)

    def wait_for(self, jobs: int) -> float:
        while len(self.last_byte) < jobs:
            time.sleep(0.0005)
        return self.last_byte[jobs - 1]


def session() -> ActiveSession:
    staff = Staff(staff_no="B-GUIDE", name="测试", roles=[Role.GUIDE], post=None)
    outlet = Outlet(code="330102001", name="中国工商银行杭州湖滨支行社保业务代办点", category=1)
    expires = (datetime.now(UTC) + timedelta(hours=8)).timestamp()
    return ActiveSession(staff=staff, outlet=outlet, window=3, expires_at_utc=expires)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def ours(runs: int, listener: Listener, data: Path) -> tuple[list[float], list[str]]:
    data.mkdir(parents=True, exist_ok=True)
    db = open_database(data / "bench.sqlite3")
    executor = DbExecutor()
    printer = open_printer(f"network://127.0.0.1:{listener.port}", paper_mm=80)
    queue = QueueService(db, executor, MemoryAudit(), printer, settings=QueueSettings())
    who = session()
    times: list[float] = []
    texts: list[str] = []
    for _ in range(runs):
        before = len(listener.last_byte)
        started = time.perf_counter()
        ticket = await queue.issue(who, item_code="SB08047", item_name="社会保障卡临时挂失")
        times.append(listener.wait_for(before + 1) - started)
        texts.append(ticket.number)
    executor.shutdown()
    db.close()
    return times, texts


def baseline(runs: int, listener: Listener, number: str) -> list[float]:
    from escpos.printer import Network

    times: list[float] = []
    for _ in range(runs):
        before = len(listener.last_byte)
        started = time.perf_counter()
        printer = Network("127.0.0.1", listener.port, timeout=5)
        printer.set(align="center", double_height=True, double_width=True)
        printer.text("中国工商银行杭州湖滨支行\n社会保障业务\n")
        printer.set(align="center")
        printer.text("社会保障卡临时挂失\n")
        printer.set(align="center", bold=True, double_height=True, double_width=True)
        printer.text(f"{number}\n")
        printer.set(align="left")
        printer.text("您前面还有 0 人等待\n预计等待 暂无估计\n请在社保等候区等候\n")
        printer.qr(f"https://queue.example.invalid/t/{number}", native=True, size=6)
        printer.cut()
        printer.close()
        times.append(listener.wait_for(before + 1) - started)
    return times


METHOD = """\
A loopback "printer" (a TCP listener thread that answers `DLE EOT n` status queries like a
ready printer and stamps the arrival of each job's last byte) stands in for a network ESC/POS
printer. Ours: `QueueService.issue` end to end — the ticket drawn and committed to SQLite
(WAL, `synchronous=FULL`: the fsync that makes a printed ticket survive a power cut), the
slip laid out, rendered to our GB18030 ESC/POS, the status read, the job sent — to
`network://127.0.0.1:PORT` through `open_printer`. **Value = p95 of issue → last byte**
(`time.perf_counter`), after 5 warm-up tickets. Baseline in the same run: the same slip text
sent by plain python-escpos's own `Network` printer (`set`/`text`/`qr(native=True)`/`cut`,
no database, no status query), p95. Target: ratio ≤ 1.3.
"""


def _fsync_ms(directory: Path, runs: int = 30) -> float:
    """p50 of one small write + fsync in *directory*: the disk's floor for a durable commit."""
    import os

    times = []
    with open(directory / "fsync.probe", "wb") as probe:
        for _ in range(runs):
            started = time.perf_counter()
            probe.write(b"x" * 512)
            probe.flush()
            os.fsync(probe.fileno())
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run(quick: bool = False) -> Result:
    runs = 10 if quick else 200
    listener = Listener()
    with tempfile.TemporaryDirectory() as data:
        asyncio.run(ours(5, listener, Path(data)))  # warm-up: imports, first connection
        ours_times, numbers = asyncio.run(ours(runs, listener, Path(data) / "run"))
        fsync_ms = _fsync_ms(Path(data))
    baseline(5, listener, numbers[-1])
    base_times = baseline(runs, listener, numbers[-1])
    value = round(percentile(ours_times, 0.95) * 1000, 3)
    base = round(percentile(base_times, 0.95) * 1000, 3)
    ratio = round(value / base, 2)
    return Result(
        name="ticket",
        value=value,
        unit="ms p95 issue → last byte",
        baseline=base,
        ratio=ratio,
        target="ratio ≤ 1.3",
        met=ratio <= 1.3,
        method=METHOD,
        extra={
            "runs": runs,
            "ours_p50_ms": round(statistics.median(ours_times) * 1000, 3),
            "ours_p95_ms": value,
            "baseline_p50_ms": round(statistics.median(base_times) * 1000, 3),
            "baseline_p95_ms": base,
            "disk_fsync_p50_ms": round(fsync_ms, 3),
            "ours_minus_one_fsync_p95_ms": round(value - fsync_ms, 3),
            "bytes_ours": listener.received[runs + 4],
            "bytes_baseline": listener.received[-1],
        },
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    listener = Listener()
    with tempfile.TemporaryDirectory() as data:
        ours_times, numbers = asyncio.run(ours(args.runs, listener, Path(data)))
    base_times = baseline(args.runs, listener, numbers[-1])
    result = {
        "ours_p50_ms": round(statistics.median(ours_times) * 1000, 2),
        "ours_p95_ms": round(percentile(ours_times, 0.95) * 1000, 2),
        "baseline_p50_ms": round(statistics.median(base_times) * 1000, 2),
        "baseline_p95_ms": round(percentile(base_times, 0.95) * 1000, 2),
        "runs": args.runs,
    }
    result["ratio_p95"] = round(result["ours_p95_ms"] / result["baseline_p95_ms"], 2)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>16}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
