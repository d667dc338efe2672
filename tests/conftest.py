"""Shared fixtures.

Keyring: the real `keyring` library with an in-memory backend, so tests never touch the
developer's OS keyring and every test starts with an empty one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import keyring
import keyring.backend
import keyring.errors
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in a dict (test use only)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError as exc:
            raise keyring.errors.PasswordDeleteError(username) from exc


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


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
