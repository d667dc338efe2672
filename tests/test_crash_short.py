"""A short run of the crash harness: the parent SIGKILLs the client core at random moments
while it creates, prints and sends cases; nothing lost or doubled, journal and database intact.

Kills at the core's own kill points and during day close: tests/test_reliability_crash.py.
The full run (1,000 kills) is `python -m reliability crash`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.training_fixtures import TrainingHome

HARNESS = Path(__file__).resolve().parents[1] / "scripts" / "crash_harness.py"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_random_kills_lose_nothing_and_duplicate_nothing(
    training_home: TrainingHome, tmp_path: Path
) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            "--kills",
            "6",
            "--probe-share",
            "0",
            "--dayclose-share",
            "0",
            "--json",
            "--seed",
            "5",
            "--max-delay",
            "1.0",
            "--platform-db",
            str(training_home.database),
            "--dir",
            str(tmp_path / "harness"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr[-2000:]
    report = json.loads(completed.stdout)
    assert report["kills"] == 6
    assert report["cases_local"] > 0
    assert report["cases_local"] >= report["cases_reported_created"]
    assert (report["lost"], report["duplicated"]) == (0, 0), report
    assert (report["unknown_on_platform"], report["vanished"]) == (0, 0), report
    assert report["business_no_mismatch"] == 0
    assert report["integrity_check"] == "ok" and report["journal_chain_final"] == "ok"
    assert report["restarts_checked"] == 6
    assert report["journal_chain_valid"] == report["integrity_ok"] == 6
    assert report["receipts_printed"] > 0
    assert report["accepted"] == report["cases_local"] == report["cases_on_platform"]
    assert report["ok"] is True and completed.returncode == 0
