"""The Qt binding in use must not leak references (PySide6 6.12 on CPython 3.11 did)."""

from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

from ui.qt import QApplication, QLabel


def test_void_calls_keep_none_alive(qtbot: QtBot, qapp: QApplication) -> None:
    label = QLabel("x")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("y")
        qapp.focusWidget()
    # Other code may touch None meanwhile; a leaking binding loses ~2,000.
    assert sys.getrefcount(None) - before > -100
