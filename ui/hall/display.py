"""The hall display (叫号屏): a window of its own, full screen on the hall's TV.

Read from across the hall (about 10 m from a 55-inch 1080p TV): the current call is the
largest thing on the screen (the number about a quarter of the screen height, the window
beneath it), a new call lights the panel up for a few seconds, the last several calls,
the waiting count and a rolling notice sit around it. Sizes follow the window height, so
the same layout works on any screen. Dark background, every text colour at WCAG AA
contrast or better (ui/hall/palette.py).

It follows the queue only through what it is given: a way to connect to `QueueChange`
events, and (optionally) waiting-count updates or an async waiting source. It never
changes the queue. Announcements are the `AnnouncementQueue`'s job; the display only
offers the guide's "试播" (test speak).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sized
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from counter.announce import AnnouncementQueue, AnnouncerState
from counter.queue.model import Call, ChangeKind, QueueChange
from ui.hall.marquee import Marquee
from ui.hall.palette import PALETTE, HallPalette
from ui.qt import (
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QObject,
    QPushButton,
    QShortcut,
    QSizePolicy,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("ui.hall")

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")
FLASH_MS = 400
FLASH_TOGGLES = 8  # about three seconds of flashing, ending lit off
RECENT_ROWS = 5
FONT_FAMILIES = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"'
# changes after which the waiting count may differ
WAITING_KINDS = {
    kind
    for kind in ChangeKind
    if kind.value in {"issued", "called", "transferred", "requeued", "ended", "day_closed"}
}

ConnectChanges = Callable[[Callable[[QueueChange], None]], None]
ConnectWaiting = Callable[[Callable[[int], None]], None]
WaitingSource = Callable[[], Awaitable[Sized]]


class _Bridge(QObject):
    """Core events → Qt signals, so updates land on the UI thread."""

    change = Signal(object)
    waiting = Signal(int)
    announcer = Signal(object)


class HallDisplay(QWidget):
    """The hall's screen; see the module docstring."""

    def __init__(
        self,
        announcer: AnnouncementQueue | None,
        connect_changes: ConnectChanges | None,
        *,
        connect_waiting: ConnectWaiting | None = None,
        waiting: WaitingSource | None = None,
        window: int = 1,
        training: bool = False,
        title: str | None = None,
        notice: str | None = None,
        recent: list[Call] | tuple[Call, ...] = (),
        waiting_count: int | None = None,
        palette: HallPalette = PALETTE,
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("HallDisplay")
        self.setWindowTitle(self.tr("叫号屏"))
        self.announcer = announcer
        self.test_window = window
        self.training = training
        self.colours = palette
        self._waiting_source = waiting
        self._tasks: set[asyncio.Task[None]] = set()
        self._calls: list[Call] = []  # newest first, one per number
        self._paused: set[int] = set()
        self._waiting: int | None = None
        self._flash_left = 0
        self._flashing = False

        self.bridge = _Bridge(self)
        self.bridge.change.connect(self._on_change)
        self.bridge.waiting.connect(self.set_waiting_count)
        self.bridge.announcer.connect(self._on_announcer)

        self._build(title or self.tr("社会保险服务"), notice or self.default_notice())
        self.flash_timer = QTimer(self)
        self.flash_timer.setInterval(FLASH_MS)
        self.flash_timer.timeout.connect(self._flash_step)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self._tick)
        self._tick()

        QShortcut(QKeySequence("F11"), self, activated=self.toggle_full_screen)
        QShortcut(QKeySequence("Esc"), self, activated=self._leave_full_screen)

        for call in sorted(recent, key=lambda c: c.at):  # any order in, newest first kept
            self._remember(call)
        self._render_calls()
        self.set_waiting_count(waiting_count)
        if connect_changes is not None:
            connect_changes(self.bridge.change.emit)
        if connect_waiting is not None:
            connect_waiting(self.bridge.waiting.emit)
        if announcer is not None:
            announcer.changed.connect(self.bridge.announcer.emit)
            self._on_announcer(announcer.state())
        self.resize(1280, 720)
        self._apply_sizes()

    def default_notice(self) -> str:
        return self.tr(
            "请留意屏幕和语音叫号，听到号码请到对应窗口办理。"
            "过号请到导办台说明，可重新排队。"
            "办理社保业务请备好身份证或社会保障卡。"
        )

    # -- building ----------------------------------------------------------------------

    def _build(self, title: str, notice: str) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)

        self.training_banner = QLabel(
            self.tr("培训模式 · 叫号演示，非真实业务"), objectName="HallTraining"
        )
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setVisible(self.training)
        root.addWidget(self.training_banner)

        root.addWidget(self._build_header(title))
        body = QHBoxLayout()
        self.body_layout = body
        root.addLayout(body, 1)
        body.addWidget(self._build_hero(), 62)
        body.addWidget(self._build_side(), 38)
        root.addWidget(self._build_footer())
        self.marquee = Marquee(notice, self)
        self.marquee.set_colours(self.colours.notice_text, self.colours.notice_bg)
        root.addWidget(self.marquee)
        root.addWidget(self._build_controls())

    def _build_header(self, title: str) -> QFrame:
        header = QFrame(objectName="HallHeader")
        header_row = QHBoxLayout(header)
        self.title_label = QLabel(title, objectName="HallTitle")
        self.clock_label = QLabel(objectName="HallClock")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header_row.addWidget(self.title_label, 1)
        header_row.addWidget(self.clock_label)
        return header

    def _build_hero(self) -> QFrame:
        self.hero = QFrame(objectName="HallHero")
        hero_col = QVBoxLayout(self.hero)
        self.hero_caption = QLabel(self.tr("正在叫号"), objectName="HallCaption")
        self.hero_number = QLabel(objectName="HallNumber")
        self.hero_window = QLabel(objectName="HallWindow")
        for label in (self.hero_caption, self.hero_number, self.hero_window):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hero_number.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hero_window.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        hero_col.addWidget(self.hero_caption)
        hero_col.addStretch(1)
        hero_col.addWidget(self.hero_number)
        hero_col.addWidget(self.hero_window)
        hero_col.addStretch(1)
        return self.hero

    def _build_side(self) -> QFrame:
        side = QFrame(objectName="HallSide")
        side_col = QVBoxLayout(side)
        side_col.addWidget(QLabel(self.tr("最近叫号"), objectName="HallCaption"))
        self.recent_rows: list[tuple[QLabel, QLabel]] = []
        for _ in range(RECENT_ROWS):
            row = QHBoxLayout()
            number = QLabel(objectName="HallRecentNumber")
            where = QLabel(objectName="HallRecentWindow")
            where.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row.addWidget(number, 1)
            row.addWidget(where)
            side_col.addLayout(row)
            self.recent_rows.append((number, where))
        side_col.addStretch(1)
        return side

    def _build_footer(self) -> QFrame:
        footer = QFrame(objectName="HallFooter")
        footer_row = QHBoxLayout(footer)
        self.waiting_label = QLabel(objectName="HallWaiting")
        self.paused_label = QLabel(objectName="HallPaused")
        self.paused_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        footer_row.addWidget(self.waiting_label, 1)
        footer_row.addWidget(self.paused_label)
        return footer

    def _build_controls(self) -> QFrame:
        self.controls = QFrame(objectName="HallControls")
        controls_row = QHBoxLayout(self.controls)
        self.test_button = QPushButton(self.tr("试播"), objectName="HallTestButton")
        self.test_button.setToolTip(self.tr("播放提示音和一句测试语音，检查音箱"))
        self.test_button.clicked.connect(self.test_speak)
        self.full_button = QPushButton(self.tr("全屏 (F11)"))
        self.full_button.clicked.connect(self.toggle_full_screen)
        self.voice_label = QLabel(objectName="HallVoiceStatus")
        controls_row.addWidget(self.test_button)
        controls_row.addWidget(self.full_button)
        controls_row.addWidget(self.voice_label, 1)
        return self.controls

    # -- sizes: everything follows the window height ---------------------------------------

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._apply_sizes()

    def _px(self, share: float) -> int:
        """A share of the screen height; on a screen narrower than 16:9, of the height a
        16:9 screen of that width would have, so nothing is cut on 4:3 or portrait TVs."""
        basis = min(self.height(), self.width() * 9 / 16)
        return max(10, round(basis * share))

    def _apply_sizes(self) -> None:
        c = self.colours
        pad = self._px(0.018)
        self.setStyleSheet(
            f"""
            #HallDisplay {{ background: {c.background}; }}
            #HallDisplay QLabel {{ font-family: {FONT_FAMILIES}; color: {c.text};
                                   background: transparent; }}
            #HallTraining {{ background: {c.training_bg}; font-size: {self._px(0.03)}px;
                             font-weight: 700; padding: {pad // 3}px; }}
            #HallDisplay QLabel#HallTraining {{ color: {c.training_text};
                                                background: {c.training_bg}; }}
            #HallHeader {{ border: none; border-bottom: {max(2, pad // 4)}px solid {c.accent};
                           padding: {pad // 2}px {pad}px; }}
            #HallDisplay QLabel#HallTitle {{ font-size: {self._px(0.05)}px; font-weight: 700; }}
            #HallDisplay QLabel#HallClock {{ font-size: {self._px(0.045)}px; color: {c.muted}; }}
            #HallSide {{ padding: {pad}px; }}
            #HallDisplay QLabel#HallCaption {{ font-size: {self._px(0.038)}px;
                                               color: {c.muted}; }}
            #HallDisplay QLabel#HallRecentNumber {{ font-size: {self._px(0.068)}px;
                                                    font-weight: 700; color: {c.accent}; }}
            #HallDisplay QLabel#HallRecentWindow {{ font-size: {self._px(0.068)}px; }}
            #HallFooter {{ padding: {pad // 2}px {pad}px; }}
            #HallDisplay QLabel#HallWaiting {{ font-size: {self._px(0.06)}px; font-weight: 700; }}
            #HallDisplay QLabel#HallPaused {{ font-size: {self._px(0.045)}px; color: {c.paused}; }}
            #HallControls {{ background: {c.panel}; }}
            #HallDisplay QLabel#HallVoiceStatus {{ font-size: 15px; color: {c.muted}; }}
            #HallControls QPushButton {{ font-size: 15px; padding: 6px 16px; color: #1f2933;
                                         background: #ffffff; border-radius: 6px; }}
            """
        )
        self.body_layout.setContentsMargins(pad, pad, pad, pad)
        self.body_layout.setSpacing(pad)
        self.marquee.set_pixel_size(self._px(0.045), FONT_FAMILIES)
        self._style_hero()

    def _style_hero(self) -> None:
        c = self.colours
        lit = self._flashing
        bg = c.flash_bg if lit else c.panel
        number = c.flash_text if lit else c.number
        window = c.flash_text if lit else c.window
        caption = c.flash_text if lit else c.muted
        radius = self._px(0.02)
        self.hero.setStyleSheet(
            f"""
            #HallHero {{ background: {bg}; border-radius: {radius}px;
                         border: {max(3, radius // 4)}px solid {c.accent}; }}
            QLabel {{ background: transparent; }}
            QLabel#HallCaption {{ color: {caption}; font-size: {self._px(0.038)}px; }}
            QLabel#HallNumber {{ color: {number}; font-size: {self._px(0.28)}px;
                                 font-weight: 700; }}
            QLabel#HallWindow {{ color: {window}; font-size: {self._px(0.14)}px;
                                 font-weight: 700; }}
            """
        )

    # -- what it shows -----------------------------------------------------------------

    @property
    def current_call(self) -> Call | None:
        return self._calls[0] if self._calls else None

    def recent_calls(self) -> list[Call]:
        """Newest first, the current one included."""
        return list(self._calls)

    def show_call(self, call: Call) -> None:
        self._remember(call)
        self._render_calls()
        self._flash()

    def _remember(self, call: Call) -> None:
        self._calls = [c for c in self._calls if c.number != call.number]
        self._calls.insert(0, replace(call))
        del self._calls[RECENT_ROWS + 1 :]

    def _render_calls(self) -> None:
        current = self.current_call
        if current is None:
            self.hero_caption.setText(self.tr("欢迎光临"))
            self.hero_number.setText("")
            self.hero_number.setVisible(False)
            self.hero_window.setText(self.tr("请留意叫号"))
        else:
            caption = self.tr("再次叫号") if current.recall else self.tr("正在叫号")
            self.hero_caption.setText(caption)
            self.hero_number.setText(current.number)
            self.hero_number.setVisible(True)
            self.hero_window.setText(self.tr("请到 {window}号窗口").format(window=current.window))
            self.hero.setAccessibleName(current.announcement)
        earlier = self._calls[1:]
        for i, (number, where) in enumerate(self.recent_rows):
            if i < len(earlier):
                number.setText(earlier[i].number)
                where.setText(self.tr("{window}号窗口").format(window=earlier[i].window))
            else:
                number.setText("")
                where.setText("")

    def set_waiting_count(self, count: int | None) -> None:
        self._waiting = count
        if count is None:
            self.waiting_label.setText(self.tr("等候人数：—"))
        else:
            self.waiting_label.setText(self.tr("等候人数：{count} 人").format(count=count))

    @property
    def waiting_count(self) -> int | None:
        return self._waiting

    def set_notice(self, text: str) -> None:
        self.marquee.set_text(text)

    def _set_paused(self, window: int, paused: bool) -> None:
        if paused:
            self._paused.add(window)
        else:
            self._paused.discard(window)
        names = "、".join(str(w) for w in sorted(self._paused))
        self.paused_label.setText(
            self.tr("{windows}号窗口暂停服务").format(windows=names) if names else ""
        )

    # -- events ------------------------------------------------------------------------

    def _on_change(self, change: QueueChange) -> None:
        if change.kind is ChangeKind.CALLED and change.call is not None:
            self.show_call(change.call)
        elif change.kind in (ChangeKind.PAUSED, ChangeKind.RESUMED) and change.window:
            self._set_paused(change.window, change.kind is ChangeKind.PAUSED)
        if change.kind in WAITING_KINDS and self._waiting_source is not None:
            self._refresh_waiting()

    def _refresh_waiting(self) -> None:
        source = self._waiting_source
        if source is None:
            return

        async def fetch() -> None:
            try:
                tickets = await source()
            except Exception:
                log.exception("waiting count not available")
                return
            self.set_waiting_count(len(tickets))

        try:
            task = asyncio.get_running_loop().create_task(fetch())
        except RuntimeError:
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _on_announcer(self, state: AnnouncerState) -> None:
        if self.announcer is None:
            return
        voice = self.announcer.voice
        if state.playing is not None:
            text = self.tr("正在播报：{text}").format(text=state.playing.text)
        elif not state.speech_available:
            text = self.tr("语音不可用，仅播放提示音（{voice}）").format(voice=voice.name)
        else:
            text = self.tr("语音：{voice}").format(voice=voice.name)
        if state.last_error:
            text += " · " + state.last_error
        self.voice_label.setText(text)

    # -- flashing and the clock --------------------------------------------------------

    def _flash(self) -> None:
        self._flash_left = FLASH_TOGGLES
        self._flashing = True
        self._style_hero()
        self.flash_timer.start()

    def _flash_step(self) -> None:
        self._flash_left -= 1
        self._flashing = not self._flashing if self._flash_left > 0 else False
        self._style_hero()
        if self._flash_left <= 0:
            self.flash_timer.stop()

    @property
    def flashing(self) -> bool:
        return self._flashing

    def _tick(self) -> None:
        now = datetime.now(BUSINESS_TZ)
        self.clock_label.setText(f"{now.month}月{now.day}日  {now:%H:%M}")

    def showEvent(self, event: object) -> None:
        self.clock_timer.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:
        self.clock_timer.stop()
        self.flash_timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    # -- the guide's actions and placement ---------------------------------------------

    def test_speak(self) -> None:
        """ "试播": the chime and a test sentence naming this window."""
        if self.announcer is not None:
            self.announcer.test_speak(self.test_window)

    def show_on_screen(self, index: int) -> bool:
        """Full screen on screen `index`; if there is no such screen, an ordinary window.

        Returns True when it went full screen. With `ui.hall_screen = 1` (the default) a PC
        with one screen keeps the clerk's window usable: the hall display opens as an
        ordinary window with its control strip.
        """
        screens = QGuiApplication.screens()
        if 0 <= index < len(screens):
            screen = screens[index]
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.controls.setVisible(False)
            self.showFullScreen()
            return True
        self.controls.setVisible(True)
        self.resize(1280, 720)
        self.showNormal()
        return False

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self._leave_full_screen()
        else:
            self.controls.setVisible(False)
            self.showFullScreen()

    def _leave_full_screen(self) -> None:
        if self.isFullScreen():
            self.controls.setVisible(True)
            self.showNormal()

    def closeEvent(self, event: object) -> None:
        self.flash_timer.stop()
        self.clock_timer.stop()
        self.marquee.timer.stop()
        for task in list(self._tasks):
            task.cancel()
        super().closeEvent(event)  # type: ignore[arg-type]
