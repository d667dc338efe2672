"""The guide's hall controls: "试播" (test speak) and opening the hall display.

A small strip the guide desk embeds: one line, one call each.
"""

from __future__ import annotations

from counter.announce import AnnouncementQueue, AnnouncerState
from ui.hall.display import HallDisplay
from ui.qt import QFrame, QHBoxLayout, QLabel, QObject, QPushButton, Signal


class _Bridge(QObject):
    state = Signal(object)


class HallControls(QFrame):
    def __init__(
        self,
        announcer: AnnouncementQueue,
        window: int,
        display: HallDisplay | None = None,
        screen_index: int = 1,
    ) -> None:
        super().__init__()
        self.setObjectName("HallControlStrip")
        self.announcer = announcer
        self.window = window
        self.display = display
        self.screen_index = screen_index
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.test_button = QPushButton(self.tr("试播"))
        self.test_button.setToolTip(self.tr("播放提示音和一句测试语音，检查叫号音箱"))
        self.test_button.clicked.connect(self.test_speak)
        row.addWidget(self.test_button)
        self.open_button = QPushButton(self.tr("打开叫号屏"))
        self.open_button.clicked.connect(self.open_display)
        self.open_button.setVisible(display is not None)
        row.addWidget(self.open_button)
        self.status = QLabel(objectName="Hint")
        row.addWidget(self.status, 1)
        self._bridge = _Bridge(self)
        self._bridge.state.connect(self._show_state)
        announcer.changed.connect(self._bridge.state.emit)
        self._show_state(announcer.state())

    def test_speak(self) -> None:
        self.announcer.test_speak(self.window)

    def open_display(self) -> None:
        if self.display is None:
            return
        if self.display.isVisible():
            self.display.raise_()
        else:
            self.display.show_on_screen(self.screen_index)

    def _show_state(self, state: AnnouncerState) -> None:
        if state.playing is not None:
            text = self.tr("正在播报：{text}").format(text=state.playing.text)
            if state.pending:
                text += self.tr("（另有 {n} 条排队）").format(n=state.pending)
        elif not state.speech_available:
            text = self.tr("语音不可用，仅播放提示音")
        else:
            text = self.tr("叫号语音就绪")
        if state.last_error:
            text += " · " + state.last_error
        self.status.setText(text)
