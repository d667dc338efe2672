"""A short run of the crash harness: SIGKILL the client core 10 times, lose and double nothing.

The full run (`python scripts/crash_harness.py --kills 200`) is a script; see its figures in
docs. This one keeps the suite honest about the same property.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.training_fixtures import TrainingHome

HARNESS = Path(__file__).resolve().parents[1] / "scripts" / "crash_harness.py"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_ten_kills_lose_nothing_and_duplicate_nothing(
    training_home: TrainingHome, tmp_path: Path
) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            "--kills",
            "10",
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
    assert report["kills"] == 10
    assert report["cases_local"] > 0
    assert report["cases_local"] >= report["cases_reported_created"]
    assert (report["lost"], report["duplicated"]) == (0, 0), report
    assert (report["unknown_on_platform"], report["vanished"]) == (0, 0), report
    assert report["business_no_mismatch"] == 0
    assert report["integrity_check"] == "ok"
    assert report["accepted"] == report["cases_local"] == report["cases_on_platform"]
    assert report["ok"] is True and completed.returncode == 0
