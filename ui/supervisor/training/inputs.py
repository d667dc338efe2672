"""Counting the trainee's keystrokes and clicks while a scenario runs.

An application-wide event filter (installed only while a run is active) feeds the core's
``InputCounter``: one key per key press (auto-repeat and bare modifiers not counted, a
shortcut counted once), one click per mouse button press — only for the trainee's windows
(the main window and its dialogs), never for the trainer's screen.

Qt may show one press to the filter several times (the window, then the focus widget, then
its parents while the event propagates): a press counts once until its release is seen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from ui.qt import QApplication, QEvent, QKeyEvent, QObject, Qt, QWidget

__all__ = ["InputFilter", "InputSink"]

log = logging.getLogger("ui.training")

MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
}


class InputSink(Protocol):
    """What the core's ``counter.scenarios.InputCounter`` offers the UI."""

    def key(self, n: int = 1) -> None: ...

    def click(self, n: int = 1) -> None: ...


class InputFilter(QObject):
    """``start()`` when a run begins, ``stop()`` when it ends; counts into *sink*."""

    def __init__(
        self,
        sink: InputSink,
        trainee_window: Callable[[], QWidget | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.sink = sink
        self.trainee_window = trainee_window
        self.active = False
        self._keys_down: set[int] = set()
        self._buttons_down: set[int] = set()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self.active:
            app.installEventFilter(self)
            self.active = True
        self._keys_down.clear()
        self._buttons_down.clear()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self.active:
            app.removeEventFilter(self)
        self.active = False

    def _trainees(self, watched: QObject) -> bool:
        """Whether *watched* lives in the trainee's window (or a dialog over it)."""
        target = self.trainee_window()
        if target is None:
            return False
        # Unbound calls: a widget may shadow window() with an attribute (CallPanel.window).
        widget = watched if isinstance(watched, QWidget) else QObject.parent(watched)
        while isinstance(widget, QWidget):
            top = QWidget.window(widget)
            if top is target:
                return True
            widget = QWidget.parentWidget(top)
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        try:
            self._count(watched, event)
        except Exception:  # an exception must never leave an event filter
            log.exception("counting an input event failed")
        return False

    def _count(self, watched: QObject, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if (
                event.isAutoRepeat()
                or key in MODIFIER_KEYS
                or key in self._keys_down
                or not isinstance(watched, QWidget)  # the window's copy: the widget's follows
                or not self._trainees(watched)
            ):
                return
            self._keys_down.add(key)
            self.sink.key()
        elif kind == QEvent.Type.KeyRelease and isinstance(event, QKeyEvent):
            if not event.isAutoRepeat():
                self._keys_down.discard(event.key())
        elif kind == QEvent.Type.Shortcut:
            # A shortcut takes its key before any widget sees a press.
            if self._trainees(watched):
                self.sink.key()
        elif kind == QEvent.Type.MouseButtonPress:
            button = int(event.button().value)  # type: ignore[attr-defined]
            if button in self._buttons_down or not isinstance(watched, QWidget):
                return
            if self._trainees(watched):
                self._buttons_down.add(button)
                self.sink.click()
        elif kind == QEvent.Type.MouseButtonRelease:
            self._buttons_down.discard(int(event.button().value))  # type: ignore[attr-defined]
        elif kind == QEvent.Type.WindowDeactivate:
            self._keys_down.clear()
            self._buttons_down.clear()
