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
