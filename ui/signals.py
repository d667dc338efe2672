"""Core events → Qt signals (Electrum's QtEventListener idea), delivered on the UI thread."""

from __future__ import annotations

from typing import Any

from counter.events import Event
from ui.qt import QObject, Signal


class EventSignal(QObject):
    """Re-emits a core `Event` as the Qt signal `fired`; connect widgets to `fired`."""

    fired = Signal(object)

    def __init__(self, event: Event[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._event = event
        event.connect(self._relay)
        self.destroyed.connect(lambda *_: event.disconnect(self._relay))

    def _relay(self, value: object) -> None:
        self.fired.emit(value)

    def detach(self) -> None:
        self._event.disconnect(self._relay)
