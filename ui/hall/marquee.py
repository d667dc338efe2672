"""A rolling notice (走马灯): the text moves right to left, smoothly, on a QTimer."""

from __future__ import annotations

from ui.qt import QColor, QPainter, QSizePolicy, QTimer, QWidget

FRAME_MS = 33
GAP_EM = 4  # space between the end of one pass and the start of the next


class Marquee(QWidget):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HallMarquee")
        self._text = text
        self._offset = 0.0
        self._speed_px_s = 120.0
        self.background = QColor("#0f1b2e")
        self.foreground = QColor("#ffffff")
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._step)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self._offset = max(0.0, self.width() - self.height() * 0.6)
        self.update()

    def set_pixel_size(self, px: int, families: str = "") -> None:
        # A style sheet, not setFont: the application's style sheet would win over setFont.
        family = f"font-family: {families};" if families else ""
        self.setStyleSheet(f"#HallMarquee {{ font-size: {max(12, px)}px; {family} }}")
        self.setFixedHeight(int(px * 1.6))
        self._speed_px_s = max(60.0, px * 2.6)  # about 2.6 characters a second

    def set_colours(self, foreground: str, background: str) -> None:
        self.foreground, self.background = QColor(foreground), QColor(background)
        self.update()

    def showEvent(self, event: object) -> None:
        if self._offset == 0.0:  # start with the notice readable, not off the right edge
            self._offset = max(0.0, self.width() - self.height() * 0.6)
        self.timer.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:
        self.timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def _cycle(self) -> float:
        metrics = self.fontMetrics()
        return self.width() + metrics.horizontalAdvance(self._text) + GAP_EM * metrics.height()

    def _step(self) -> None:
        self._offset = (self._offset + self._speed_px_s * FRAME_MS / 1000) % max(1.0, self._cycle())
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)
        painter.setPen(self.foreground)
        painter.setFont(self.font())
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        metrics = self.fontMetrics()
        baseline = (self.height() + metrics.ascent() - metrics.descent()) // 2
        x = self.width() - self._offset
        painter.drawText(int(x), baseline, self._text)
        painter.end()

    def position(self) -> float:
        return self._offset

    def advance(self, seconds: float) -> None:
        """Move as if `seconds` passed (tests and screenshots)."""
        steps = int(seconds * 1000 / FRAME_MS)
        for _ in range(steps):
            self._step()
