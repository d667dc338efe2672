"""Start-up time of `counter --training`: process start → login window shown, and → ready.

    .venv/bin/python -m bench.startup [--runs 5] [--json]

Spawns the real app (offscreen) in a fresh process each run. "shown" is when the login
window is on screen; "ready" is when the training platform is up and the login button
works. The first run uses an empty data dir (CA generation, seeding); the rest reuse it.
The clock is CLOCK_MONOTONIC, shared by parent and child on one machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.common import Result

CHILD = r"""
import sys, time
from ui.qt import QApplication, QTimer
import ui.app as app_module

original_start = app_module.CounterApp.start

async def start(self):
    print("shown", time.monotonic(), flush=True)
    await original_start(self)
    print("ready", time.monotonic(), flush=True)
    QTimer.singleShot(0, self.window.close)

app_module.CounterApp.start = start
from ui.cli import main
sys.exit(main(["--training"]))
"""


BARE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("社银通 Counter")
label.resize(1280, 800)
label.show()
def shown():
    print("shown", time.monotonic(), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

METHOD = """\
`counter --training` is started in a fresh process (`QT_QPA_PLATFORM=offscreen`) with a
hook on `CounterApp.start`, which the app runs on its qasync loop right after
`window.show()`: the child prints `time.monotonic()` there ("shown": the login window is on
screen and the loop turns), and again when start-up is complete ("ready": training platform
up, services built, login button live). The parent stamps the same clock just before
spawning. One cold run first (empty data dir: CA generation, seeding), then **value =
median of 5 warm runs of process start → shown**. Baseline in the same run, alternated with
ours: a bare PySide6 script that shows one `QLabel` and prints the same mark from its first
event-loop turn (median of 5). Target: ratio ≤ 1.5.
"""


def bare_run() -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    began = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", BARE], env=env, capture_output=True, text=True, check=True
    ).stdout
    return float(out.split()[1]) - began


def run(quick: bool = False) -> Result:
    runs = 1 if quick else 5
    with tempfile.TemporaryDirectory() as data_dir:
        first = one_run(data_dir)
        bare_run()  # warm the OS file cache for the baseline too
        warm, bare = [], []
        for _ in range(runs):
            warm.append(one_run(data_dir))
            bare.append(bare_run())
    value = round(statistics.median(r["shown"] for r in warm), 3)
    base = round(statistics.median(bare), 3)
    ratio = round(value / base, 2)
    return Result(
        name="startup",
        value=value,
        unit="s to login window (median)",
        baseline=base,
        ratio=ratio,
        target="ratio ≤ 1.5",
        met=ratio <= 1.5,
        method=METHOD,
        extra={
            "runs": runs,
            "first_run_shown_s": round(first["shown"], 3),
            "first_run_ready_s": round(first["ready"], 3),
            "warm_shown_s": [round(r["shown"], 3) for r in warm],
            "warm_ready_median_s": round(statistics.median(r["ready"] for r in warm), 3),
            "bare_pyside6_s": [round(b, 3) for b in bare],
        },
    )


def one_run(data_dir: str) -> dict[str, float]:
    env = dict(os.environ, COUNTER_DATA_DIR=data_dir, QT_QPA_PLATFORM="offscreen")
    began = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
    ).stdout
    marks = {line.split()[0]: float(line.split()[1]) for line in out.splitlines() if line}
    return {name: marks[name] - began for name in ("shown", "ready")}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        first = one_run(data_dir)
        warm = [one_run(data_dir) for _ in range(args.runs)]
    result = {
        "first_run_shown_s": round(first["shown"], 3),
        "first_run_ready_s": round(first["ready"], 3),
        "warm_shown_median_s": round(statistics.median(r["shown"] for r in warm), 3),
        "warm_ready_median_s": round(statistics.median(r["ready"] for r in warm), 3),
        "runs": args.runs,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
