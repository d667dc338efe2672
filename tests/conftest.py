"""Shared fixtures.

Keyring: the real `keyring` library with an in-memory backend, so tests never touch the
developer's OS keyring and every test starts with an empty one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.keyring_support import MemoryKeyring
from tests.keyring_support import memory_keyring as in_memory_keyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    with in_memory_keyring() as backend:
        yield backend


pytest_plugins = ["tests.training_fixtures", "tests.gui_support"]


@pytest.fixture(autouse=True)
def _flush_qt_deletions() -> Iterator[None]:
    """Free closed Qt windows on this thread after each test.

    pytest-qt closes a test's widgets and schedules their deletion; left for later, a
    garbage collection on a worker thread could free a window there, and Qt crashes.
    """
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    import gc

    from ui.qt import QApplication, QEvent

    if QApplication.instance() is not None:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
