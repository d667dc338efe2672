"""What `counter --training` imports before its login window is on screen (`-X importtime`).

    .venv/bin/python -m bench import

The app is started as in bench/startup.py, under ``python -X importtime``, and stopped at
the "shown" mark; the import log up to that mark gives the top 10 imports by their own
time, the total, and the check that nothing optional is imported before the window.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from typing import Any

from bench.common import Result

CHILD = r"""
import sys, time
import ui.app as app_module

async def start(self):
    sys.stderr.write("@@shown\n")
    sys.stderr.write("@@modules " + " ".join(sorted(sys.modules)) + "\n")
    sys.stderr.flush()
    self.window.close()

app_module.CounterApp.start = start
from ui.cli import main
sys.exit(main(["--training"]))
"""

# Needed only by some features, after login or in other modes: none may load before the
# login window (the app imports the services on a worker thread once it is shown).
OPTIONAL = (
    "escpos",  # printing
    "PIL",  # slip previews, QR
    "qrcode",
    "fastapi",  # the training platform
    "uvicorn",
    "starlette",
    "pypinyin",  # catalogue search
    "alembic",  # migrations
    "sqlalchemy",  # storage
    "httpx",  # bureau client
    "cryptography",  # TLS files, field cipher
    "keyring",
    "reportlab",  # day report PDF
    "counter.training",
    "counter.report_pdf",
    "pyinstrument",
    "psutil",
)

# Part of an optional package but needed by the login window itself: in training mode it
# lists the training accounts (a table of names, no database layer).
NEEDED_AT_LOGIN = ("counter.training", "counter.training.accounts")

LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")

METHOD = """\\
The app is started as for `startup`, under `python -X importtime`, with `CounterApp.start`
replaced by a stub that writes a mark to stderr and closes the window: the import log up to
the mark is everything imported before the login window is on screen. **Value = the sum of
the top-level cumulative import times** (µs → ms; `-X importtime` itself adds overhead, so
this is an upper bound; the wall time is `startup`'s). Reported: the top 10 imports by their
*own* time (`self`), the top 10 top-level imports by cumulative time, and every module of the
"optional" list (`escpos`, `PIL`, `qrcode`, `fastapi`, `uvicorn`, `starlette`, `pypinyin`,
`alembic`, `sqlalchemy`, `httpx`, `cryptography`, `keyring`, `reportlab`,
`counter.training`, `counter.report_pdf`, `pyinstrument`, `psutil`) found in `sys.modules`
at the mark. No baseline (the issue names none). Target: the top 10 reported, nothing
optional imported before the window (met = no optional module loaded).
"""


def measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, COUNTER_DATA_DIR=data_dir, QT_QPA_PLATFORM="offscreen")
        # the first run creates the data dir (CA, seed); measure a warm second run
        for _ in range(2):
            done = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", CHILD],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
    lines = done.stderr.splitlines()
    cut = lines.index("@@shown")
    modules = next(x for x in lines if x.startswith("@@modules ")).split()[1:]
    entries = []
    for line in lines[:cut]:
        match = LINE.match(line)
        if match:
            own, cumulative, indent, name = match.groups()
            entries.append((name, int(own), int(cumulative), len(indent) // 2))
    top_level = [e for e in entries if e[3] == 0]
    total_ms = sum(e[2] for e in top_level) / 1000
    loaded_optional = sorted(
        {
            o
            for m in modules
            if m not in NEEDED_AT_LOGIN
            for o in OPTIONAL
            if m == o or m.startswith(o + ".")
        }
    )
    return {
        "total_ms": round(total_ms, 1),
        "modules_imported": len(entries),
        "top10_self_ms": [[n, round(own / 1000, 2)] for n, own, _c, _d in _top(entries, 1)],
        "top10_cumulative_top_level_ms": [
            [n, round(c / 1000, 1)] for n, _o, c, _d in _top(top_level, 2)
        ],
        "optional_loaded": loaded_optional,
        "optional_top_level_imports_ms": [
            [n, round(c / 1000, 1)]
            for n, _o, c, _d in top_level
            if n not in NEEDED_AT_LOGIN and any(n == o or n.startswith(o + ".") for o in OPTIONAL)
        ],
    }


def _top(entries: list[tuple[str, int, int, int]], field: int) -> list[tuple[str, int, int, int]]:
    return sorted(entries, key=lambda e: e[field], reverse=True)[:10]


def run(quick: bool = False) -> Result:
    data = measure()
    return Result(
        name="import",
        value=data["total_ms"],
        unit="ms of imports before the window",
        baseline=None,
        target="top 10 reported; nothing optional before the window",
        met=not data["optional_loaded"],
        method=METHOD,
        extra=data,
    )


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), ensure_ascii=False, indent=1))
