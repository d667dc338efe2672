"""The counter as the app composes it, in training mode, for the privacy and security suites.

`composed(data_dir)` builds every service with `ui.composition.build_services` (the
composition root the app uses; it imports no Qt), with rotating log files in
`data_dir/logs` as the app writes them, and an in-memory keyring standing in for the OS
keyring (so the secrets it holds are known and can be searched for on disk).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from counter.config import Config, effective_data_dir
from counter.logsetup import setup_logging
from tests.keyring_support import MemoryKeyring, memory_keyring
from ui.composition import Services, build_services


@dataclass
class Composed:
    services: Services
    keyring: MemoryKeyring
    data_dir: Path
    log_file: Path


@contextlib.contextmanager
def app_logging(log_dir: Path) -> Iterator[Path]:
    """The app's log files for the duration (the root logger's handlers restored after)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    log_file = setup_logging(log_dir)
    try:
        yield log_file
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)


@contextlib.contextmanager
def composed(data_dir: Path) -> Iterator[Composed]:
    """Build the training-mode services; the caller starts and closes them on its loop."""
    config = Config(data_dir=data_dir)
    logs = effective_data_dir(config, True) / "logs"  # beside the app's other files
    with memory_keyring() as backend, app_logging(logs) as log_file:
        services = build_services(config, training=True)
        yield Composed(services, backend, services.data_dir, log_file)
