"""Suite 1, crash: SIGKILL the client core at random points, restart, compare with the platform.

Runs ``scripts/crash_harness.py`` (the parent runs the training platform and a loopback TCP
receipt printer; each child is the real client core). See the harness for the kill points.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reliability.common import SuiteResult

HARNESS = Path(__file__).resolve().parent.parent / "scripts" / "crash_harness.py"
FULL_KILLS = 1000
SHORT_KILLS = 5


def run_harness(
    kills: int, workdir: str, *, seed: int = 20261128, extra: Sequence[str] = ()
) -> dict[str, Any]:
    completed = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            "--kills",
            str(kills),
            "--seed",
            str(seed),
            "--json",
            "--dir",
            str(Path(workdir) / "harness"),
            "--progress",
            *extra,
        ],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if completed.returncode not in (0, 1) or not completed.stdout.strip():
        raise RuntimeError("crash harness failed (its error is above)")
    report: dict[str, Any] = json.loads(completed.stdout)
    return report


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def run(*, full: bool, workdir: str, extra: Sequence[str] = ()) -> SuiteResult:
    kills = FULL_KILLS if full else SHORT_KILLS
    report = run_harness(kills, workdir, extra=list(extra))
    points = ", ".join(f"{name} {n}" for name, n in sorted(report["kill_points"].items()))
    result = SuiteResult(
        "crash",
        "Crash: SIGKILL of the client core",
        f"""
`scripts/crash_harness.py --kills {kills}`: the training platform (its own database, latency
up to 150 ms and 10 % of answers dropped after the platform applied the request) and a
loopback TCP receipt printer run in the parent; each child is the real client core (SQLite
store, hash-chained journal, outbox and sender, case service, ESC/POS printer driver, day
close). Children either create cases and print each receipt (window 3), or play one
counter's day close (two cases, the supervisor's checklist with explanations, sign-off,
slip printed, journal batches and the close uploaded; window 100 + n). Half of the kills are
SIGKILLs the child sends itself at the N-th kill point reached (every SQLite commit before
and after, every journal append, every send to the platform before and after its answer,
every print job, the day close's journal, write, print and journal-upload steps); the
other half are SIGKILLs from the parent at a random time (start-up included). After every
kill the parent runs `PRAGMA integrity_check` and verifies the journal's hash chain
(`counter.journal_verify.verify_chain`) before the next start. At the end the last
children drain every outbox and the client's records are compared with `GET /v1/cases`
and the platform's day closes. Kill points: {points}.
""",
    )
    restarts = int(report["restarts_checked"])
    result.add(
        "kill points",
        report["kills"],
        f">= {kills}",
        report["kills"] >= kills,
        f"{report['kills_at_probe']} at a kill point, {report['kills_timed']} timed; "
        f"{report['day_close_kills']} in day close ({report['day_close_episodes']} days closed)",
    )
    result.add(
        "cases lost",
        report["lost"] + report["vanished"],
        "0",
        report["lost"] + report["vanished"] == 0,
        f"{report['cases_local']} cases, {report['accepted']} accepted; "
        f"{report['receipts_printed']} receipts printed",
    )
    duplicated = report["duplicated"] + report["business_no_mismatch"]
    result.add(
        "cases duplicated at the platform",
        duplicated,
        "0",
        duplicated == 0,
        f"{report['cases_on_platform']} on the platform, "
        f"{report['unknown_on_platform']} unknown to the client; "
        f"{report['messages_requeued_after_kill']} messages resent after a kill",
    )
    result.add(
        "day closes lost or doubled",
        report["day_close_problems"],
        "0",
        report["day_close_problems"] == 0,
        f"{report['day_closes_local']} closed here, "
        f"{report['day_closes_on_platform']} on the platform",
    )
    result.add(
        "journal chain valid after every restart",
        percent(report["journal_chain_valid"], restarts),
        "100%",
        report["journal_chain_valid"] == restarts and report["journal_chain_final"] == "ok",
        f"{restarts} restarts checked",
    )
    result.add(
        "restarts that failed to come back",
        report["restarts_failed"],
        "0",
        report["restarts_failed"] == 0,
        "; ".join(report["restart_failures"])[:600],
    )
    result.add(
        "integrity_check ok",
        percent(report["integrity_ok"], restarts),
        "100%",
        report["integrity_ok"] == restarts and report["integrity_check"] == "ok",
    )
    return result
