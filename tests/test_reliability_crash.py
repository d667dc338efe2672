"""The crash suite's short version: SIGKILLs at kill points across case creation, sending,
receipt printing, journal writes and day close; nothing lost or doubled, the journal chain
and ``PRAGMA integrity_check`` intact after every restart.

The full version (1,000 kills) is ``python -m reliability crash``; its figures are in
docs/reliability.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reliability import crash
from tests.training_fixtures import TrainingHome

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
    pytest.mark.slow,
]


def test_kills_across_cases_printing_journal_and_day_close(
    training_home: TrainingHome, tmp_path: Path
) -> None:
    result = crash.run(
        full=False,
        workdir=str(tmp_path),
        extra=[
            "--platform-db",
            str(training_home.database),
            "--dayclose-share",
            "0.5",
            "--probe-share",
            "1.0",
        ],
    )
    figures = {f.name: f for f in result.figures}
    assert figures["kill points"].value == str(crash.SHORT_KILLS)
    assert figures["cases lost"].value == "0"
    assert figures["cases duplicated at the platform"].value == "0"
    assert figures["day closes lost or doubled"].value == "0"
    assert figures["journal chain valid after every restart"].value == "100.0%"
    assert figures["integrity_check ok"].value == "100.0%"
    assert result.ok, result.figures
    assert "in day close" in figures["kill points"].note
    assert "0 in day close" not in figures["kill points"].note  # some kills hit the close
