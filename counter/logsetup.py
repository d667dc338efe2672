"""Logging: one logger per area, rotating files, no personal data, a crash file.

Every record passes through a filter that masks ID, mobile and account numbers that slipped
into a message (code should log masked values in the first place; this is the safety net).
`faulthandler` writes hard crashes to a file that the next start offers to show.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
from pathlib import Path
from typing import IO

from counter.identity import scrub

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_crash_stream: IO[str] | None = None


class ScrubPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            # Tracebacks can quote values; keep the type and a scrubbed text only.
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def setup_logging(log_dir: Path, *, level: int = logging.INFO, console: bool = False) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "counter.log"
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_counter", False):
            root.removeHandler(handler)
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(
            log_file, maxBytes=5_000_000, backupCount=10, encoding="utf-8"
        )
    ]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(ScrubPersonalData())
        handler._counter = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    return log_file


def previous_crash(log_dir: Path) -> Path | None:
    """The crash file of the previous run, if it recorded anything."""
    crash = log_dir / "crash.txt"
    if crash.exists() and crash.stat().st_size > 0:
        kept = log_dir / "crash-previous.txt"
        crash.replace(kept)
        return kept
    return None


def enable_crash_file(log_dir: Path) -> Path:
    global _crash_stream  # noqa: PLW0603  (faulthandler needs the stream kept open)
    log_dir.mkdir(parents=True, exist_ok=True)
    crash = log_dir / "crash.txt"
    _crash_stream = crash.open("w", encoding="utf-8")
    faulthandler.enable(_crash_stream, all_threads=True)
    return crash
