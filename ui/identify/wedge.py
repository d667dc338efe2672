"""The field a QR scanner types into (keyboard wedge).

A scanner "types" the code in a burst of keystrokes a few milliseconds apart and ends
with Enter; a person types ten times slower. The field hides what arrives (the e-card
token is a credential for 60 s), turns the input method off (a Chinese IME would swallow
the scanner's keystrokes), and on Enter hands the text over once and clears itself at
once, so the token stays nowhere in the widget.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ui.qt import QKeyEvent, QLineEdit, Qt, QWidget, Signal

MIN_SCAN_LENGTH = 8
MAX_MEAN_INTERVAL_S = 0.05


class WedgeTiming:
    """Keystroke times of one burst; decides whether it came from a scanner."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.times: list[float] = []

    def key(self) -> None:
        self.times.append(self.clock())

    def reset(self) -> None:
        self.times.clear()

    def is_scan(self, length: int) -> bool:
        if length < MIN_SCAN_LENGTH or len(self.times) < 2:
            return False
        mean = (self.times[-1] - self.times[0]) / (len(self.times) - 1)
        return mean <= MAX_MEAN_INTERVAL_S


class WedgeField(QLineEdit):
    """Emits `scanned(text)` for a scanner burst ending in Enter, `refused(message)` else."""

    scanned = Signal(str)
    refused = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.timing = WedgeTiming(clock)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setMaxLength(1024)
        self.setPlaceholderText(self.tr("等待扫码枪扫描…"))
        self.setAccessibleName(self.tr("电子社保卡二维码扫描框"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = self.text()
            scanned = self.timing.is_scan(len(text))
            self.clear()
            self.timing.reset()
            if not text.strip():
                return
            if scanned:
                self.scanned.emit(text)
            else:
                self.refused.emit(
                    self.tr("请用扫码枪扫描群众手机上的电子社保卡二维码（二维码不能手工输入）。")
                )
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.timing.reset()
        elif event.text():
            if not self.text():
                self.timing.reset()
            self.timing.key()
        super().keyPressEvent(event)
