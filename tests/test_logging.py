"""Logs hold no personal data; a hard crash is kept for the next start."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter.logsetup import previous_crash, setup_logging


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "logs"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_counter", False):
            root.removeHandler(handler)
            handler.close()


def test_personal_numbers_are_masked_in_log_files(log_dir: Path) -> None:
    log_file = setup_logging(log_dir)
    log = logging.getLogger("counter.test")
    log.info("looked up %s with mobile %s", "330102199003071234", "13812341234")
    try:
        raise ValueError("bad card 6222021234567890123")
    except ValueError:
        log.exception("failed for 330102199003071234")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "330102********1234" in text and "138****1234" in text
    for full in ("330102199003071234", "13812341234", "6222021234567890123"):
        assert full not in text
    assert "ValueError" in text  # the traceback stays useful


def test_a_hard_crash_is_offered_on_the_next_start(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    crash = (
        "from pathlib import Path\n"
        "from counter.logsetup import enable_crash_file\n"
        f"enable_crash_file(Path({str(log_dir)!r}))\n"
        "import faulthandler; faulthandler._sigsegv()\n"
    )
    subprocess.run([sys.executable, "-c", crash], capture_output=True, check=False)
    kept = previous_crash(log_dir)
    assert kept is not None
    assert "Fatal Python error" in kept.read_text(encoding="utf-8")
    assert previous_crash(log_dir) is None  # offered once
