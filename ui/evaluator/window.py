"""The on-screen evaluator (评价器, ``evaluator.kind = "screen"``): a citizen-facing window.

It faces the citizen (a second screen or a small touch screen turned to the counter) and
implements :class:`counter.evaluations.Evaluator`: :meth:`EvaluatorWindow.ask` shows the
five levels and resolves a future when the citizen taps one. 非常满意 / 满意 / 基本满意
answer at once; 不满意 / 非常不满意 open the reason page, where a tag or a text is required
before 提交评价 is enabled (the service would ask again anyway). When the service's
time-out cancels the question, the window goes back to its idle page and the case is
recorded 未评价 by the service. The window never steers: no level is preselected, and
the order is fixed from best to worst.

Big text, large targets, keys 1–5 for the levels; every text colour meets WCAG AA against
the colour it sits on (:data:`LEVEL_COLOURS`, checked in the tests). Nothing personal is
shown: the item, the window and the clerk's staff number (for the citizen to know whom
they rate), as on real pads.

The clerk's workspace never hosts this window and has no control that rates.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from counter.bureau.cases import RatingLevel
from counter.evaluations import EvaluationAnswer, EvaluationPrompt
from ui.hall.palette import contrast_ratio
from ui.qt import (
    QT_TRANSLATE_NOOP,
    QColor,
    QCoreApplication,
    QFrame,
    QGridLayout,
    QGuiApplication,
    QHBoxLayout,
    QIcon,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QPainter,
    QPen,
    QPixmap,
    QPushButton,
    QRectF,
    QResizeEvent,
    QSize,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("ui.evaluator")

LEVELS: tuple[RatingLevel, ...] = (
    RatingLevel.VERY_SATISFIED,
    RatingLevel.SATISFIED,
    RatingLevel.BASIC,
    RatingLevel.DISSATISFIED,
    RatingLevel.VERY_DISSATISFIED,
)
THANKS_MS = 4000
MAX_TEXT = 200
FONT_FAMILIES = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"'

# Labels for the translation tool (the values equal RatingLevel's).
_LEVEL_TEXT = {
    RatingLevel.VERY_SATISFIED: QT_TRANSLATE_NOOP("EvaluatorWindow", "非常满意"),
    RatingLevel.SATISFIED: QT_TRANSLATE_NOOP("EvaluatorWindow", "满意"),
    RatingLevel.BASIC: QT_TRANSLATE_NOOP("EvaluatorWindow", "基本满意"),
    RatingLevel.DISSATISFIED: QT_TRANSLATE_NOOP("EvaluatorWindow", "不满意"),
    RatingLevel.VERY_DISSATISFIED: QT_TRANSLATE_NOOP("EvaluatorWindow", "非常不满意"),
}


@dataclass(frozen=True)
class LevelColours:
    background: str
    text: str  # the label and the face
    border: str
    mood: float  # the face: 1 big smile … -1 big frown


#: Each level's colours. Text on background is at least 4.5:1 (WCAG AA, normal text).
LEVEL_COLOURS: dict[RatingLevel, LevelColours] = {
    RatingLevel.VERY_SATISFIED: LevelColours("#0b6e35", "#ffffff", "#07522a", 1.0),
    RatingLevel.SATISFIED: LevelColours("#d4f2dc", "#0b3d1b", "#5fa874", 0.5),
    RatingLevel.BASIC: LevelColours("#ffe6a1", "#3d2e00", "#c9a227", 0.0),
    RatingLevel.DISSATISFIED: LevelColours("#ffd9c2", "#6b1f00", "#d9773f", -0.5),
    RatingLevel.VERY_DISSATISFIED: LevelColours("#b42318", "#ffffff", "#8a1a12", -1.0),
}

PAGE_BG = "#f7f9fc"
PAGE_TEXT = "#14213d"
MUTED = "#3e4c63"
WARN = "#b42318"
TAG_ON_BG = "#0b4f8a"
TAG_ON_TEXT = "#ffffff"
TAG_OFF_BG = "#ffffff"

#: Every text colour of the window with the colour it is drawn on (for the AA test).
TEXT_PAIRS: dict[str, tuple[str, str]] = {
    **{f"level {level.value}": (c.text, c.background) for level, c in LEVEL_COLOURS.items()},
    "page text": (PAGE_TEXT, PAGE_BG),
    "muted": (MUTED, PAGE_BG),
    "warning": (WARN, PAGE_BG),
    "tag on": (TAG_ON_TEXT, TAG_ON_BG),
    "tag off": (PAGE_TEXT, TAG_OFF_BG),
}


def level_text(level: RatingLevel) -> str:
    return QCoreApplication.translate("EvaluatorWindow", _LEVEL_TEXT.get(level, level.value))


def face_pixmap(level: RatingLevel, size: int = 96) -> QPixmap:
    """A drawn face for *level* (no emoji font needed): the mouth follows the mood."""
    colours = LEVEL_COLOURS[level]
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor(colours.text)
    pen = QPen(ink)
    pen.setWidthF(size * 0.06)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    m = size * 0.08
    painter.drawEllipse(QRectF(m, m, size - 2 * m, size - 2 * m))
    painter.setBrush(ink)
    eye = size * 0.09
    for x in (size * 0.34, size * 0.66):
        painter.drawEllipse(QRectF(x - eye / 2, size * 0.36, eye, eye))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    mood = colours.mood
    width = size * 0.40
    left = (size - width) / 2
    if mood == 0:
        painter.drawLine(int(left), int(size * 0.66), int(left + width), int(size * 0.66))
    else:
        height = size * 0.30 * abs(mood)
        if mood > 0:  # smile: the lower part of an ellipse
            rect = QRectF(left, size * 0.60 - height / 2, width, height)
            painter.drawArc(rect, 200 * 16, 140 * 16)
        else:  # frown: the upper part, lower in the face
            rect = QRectF(left, size * 0.66, width, height)
            painter.drawArc(rect, 20 * 16, 140 * 16)
    painter.end()
    return pixmap


def colours_meet_aa() -> dict[str, float]:
    """Contrast of every text pair (the tests assert each is at least 4.5)."""
    return {name: contrast_ratio(fg, bg) for name, (fg, bg) in TEXT_PAIRS.items()}


class LevelButton(QToolButton):
    """A large face above its level's name; all five share the row equally."""

    def __init__(self, level: RatingLevel, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.number = number
        self.setObjectName(f"Level{number}")
        self.setText(level_text(level))
        self.setIcon(QIcon(face_pixmap(level, 192)))
        self.setIconSize(QSize(120, 120))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(QSize(160, 200))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(level.value)
        self.font_px = 0
        self._fit_font()

    def _fit_font(self) -> None:
        """As large as the button allows: the longest label (非常不满意) stays whole."""
        longest = max(len(level_text(level)) for level in LEVELS)
        px = max(18, min(34, int((self.width() - 32) / (longest + 0.6))))
        if px == self.font_px:
            return
        self.font_px = px
        colours = LEVEL_COLOURS[self.level]
        name = f"QToolButton#Level{self.number}"
        # The style sheet carries the size: an application style sheet overrides setFont.
        self.setStyleSheet(
            f"{name} {{ background: {colours.background}; color: {colours.text};"
            f" border: 3px solid {colours.border}; border-radius: 18px; font-weight: 700;"
            f" padding: 10px; font-size: {px}px; }}"
            f"{name}:focus {{ border: 6px solid {PAGE_TEXT}; }}"
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_font()


class EvaluatorWindow(QWidget):
    """The citizen's rating screen; ``await window.ask(prompt)`` is the Evaluator port."""

    answered = Signal(object)  # EvaluationAnswer, after the citizen's tap
    closed_question = Signal()  # the service stopped asking (time-out) or a new question

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EvaluatorWindow")
        self.setWindowTitle(self.tr("服务评价"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            f"QWidget#EvaluatorWindow {{ background: {PAGE_BG}; }}"
            f"QWidget#EvaluatorWindow QLabel {{ color: {PAGE_TEXT};"
            f" font-family: {FONT_FAMILIES}; }}"
            f"QLabel#EvalTitle {{ font-size: 40px; font-weight: 700; }}"
            f"QLabel#EvalInfo {{ font-size: 24px; color: {MUTED}; }}"
            f"QLabel#EvalHint {{ font-size: 22px; color: {MUTED}; }}"
            f"QLabel#EvalWarn {{ font-size: 24px; color: {WARN}; font-weight: 700; }}"
            f"QLabel#EvalBig {{ font-size: 48px; font-weight: 700; }}"
            f"QPushButton#ReasonTag {{ font-size: 26px; padding: 12px 16px; min-height: 44px;"
            f" background: {TAG_OFF_BG}; color: {PAGE_TEXT}; border: 2px solid #8a9bb3;"
            f" border-radius: 12px; }}"
            f"QPushButton#ReasonTag:checked {{ background: {TAG_ON_BG}; color: {TAG_ON_TEXT};"
            f" border: 2px solid {TAG_ON_BG}; }}"
            f"QPushButton#ReasonTag:focus {{ border: 4px solid {PAGE_TEXT}; }}"
            f"QPushButton#EvalSubmit {{ font-size: 28px; padding: 14px 36px;"
            f" background: {TAG_ON_BG}; color: {TAG_ON_TEXT}; border-radius: 12px;"
            f" border: 2px solid {TAG_ON_BG}; font-weight: 700; }}"
            f"QPushButton#EvalSubmit:disabled {{ background: #dfe5ec; color: #3e4c63;"
            f" border: 2px solid #c3ccd7; }}"
            f"QPushButton#EvalBack {{ font-size: 26px; padding: 14px 28px; background: #ffffff;"
            f" color: {PAGE_TEXT}; border: 2px solid #8a9bb3; border-radius: 12px; }}"
            f"QLineEdit#EvalText {{ font-size: 26px; padding: 10px; min-height: 44px;"
            f" color: {PAGE_TEXT}; background: #ffffff; border: 2px solid #8a9bb3;"
            f" border-radius: 10px; }}"
        )
        self._future: asyncio.Future[EvaluationAnswer] | None = None
        self._prompt: EvaluationPrompt | None = None
        self._bad_level: RatingLevel | None = None
        self._last_bad: RatingLevel | None = None
        self.prompts: list[EvaluationPrompt] = []

        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 18, 32, 18)
        layout.addWidget(self.stack)
        self.idle_page = self._build_idle()
        self.rate_page = self._build_rate()
        self.reason_page = self._build_reason()
        self.thanks_page = self._build_thanks()
        for page in (self.idle_page, self.rate_page, self.reason_page, self.thanks_page):
            self.stack.addWidget(page)
        self.thanks_timer = QTimer(self)
        self.thanks_timer.setSingleShot(True)
        self.thanks_timer.setInterval(THANKS_MS)
        self.thanks_timer.timeout.connect(self.show_idle)
        self.show_idle()

    # -- pages ---------------------------------------------------------------------------

    def _build_idle(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        self.idle_title = QLabel(self.tr("欢迎您！"), objectName="EvalBig")
        self.idle_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idle_note = QLabel(
            self.tr("业务办理完成后，请在本屏幕上对我们的服务进行评价。"), objectName="EvalInfo"
        )
        self.idle_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idle_note.setWordWrap(True)
        box.addWidget(self.idle_title)
        box.addWidget(self.idle_note)
        box.addStretch(1)
        return page

    def _build_rate(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setSpacing(18)
        self.rate_title = QLabel(self.tr("请您对本次服务进行评价"), objectName="EvalTitle")
        self.rate_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rate_info = QLabel("", objectName="EvalInfo")
        self.rate_info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rate_info.setWordWrap(True)
        self.rate_warning = QLabel("", objectName="EvalWarn")
        self.rate_warning.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rate_warning.setWordWrap(True)
        row = QHBoxLayout()
        row.setSpacing(18)
        self.level_buttons: list[LevelButton] = []
        for number, level in enumerate(LEVELS, start=1):
            button = LevelButton(level, number)
            button.clicked.connect(lambda _=False, lv=level: self.choose(lv))
            row.addWidget(button, 1)
            self.level_buttons.append(button)
        hint = QLabel(
            self.tr("轻触表情完成评价（也可按数字键 1–5）。评价内容仅用于改进服务。"),
            objectName="EvalHint",
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        box.addWidget(self.rate_title)
        box.addWidget(self.rate_info)
        box.addWidget(self.rate_warning)
        box.addLayout(row, 1)
        box.addWidget(hint)
        return page

    def _build_reason(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setSpacing(10)
        self.reason_title = QLabel("", objectName="EvalTitle")
        self.reason_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_title.setWordWrap(True)
        ask = QLabel(
            self.tr("请告诉我们哪里做得不好（可多选），我们会认真整改。"), objectName="EvalInfo"
        )
        ask.setAlignment(Qt.AlignmentFlag.AlignCenter)
        ask.setWordWrap(True)
        self.tag_frame = QFrame()
        self.tag_grid = QGridLayout(self.tag_frame)
        self.tag_grid.setSpacing(14)
        self.tag_buttons: list[QPushButton] = []
        self.text_edit = QLineEdit(objectName="EvalText")
        self.text_edit.setMaxLength(MAX_TEXT)
        # A visible label, not a placeholder: placeholder text is too faint to read.
        text_label = QLabel(self.tr("其他意见或建议（选填）："), objectName="EvalHint")
        text_label.setBuddy(self.text_edit)
        self.text_edit.setAccessibleName(self.tr("意见或建议"))
        self.text_edit.textChanged.connect(self._update_submit)
        self.text_edit.returnPressed.connect(self.submit_reason)
        self.reason_warning = QLabel("", objectName="EvalWarn")
        self.reason_warning.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_warning.setWordWrap(True)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("返回重选"), objectName="EvalBack")
        self.back_button.clicked.connect(self.back_to_levels)
        self.submit_button = QPushButton(self.tr("提交评价"), objectName="EvalSubmit")
        self.submit_button.clicked.connect(self.submit_reason)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        box.addWidget(self.reason_title)
        box.addWidget(ask)
        box.addWidget(self.tag_frame)
        box.addWidget(text_label)
        box.addWidget(self.text_edit)
        box.addWidget(self.reason_warning)
        box.addStretch(1)
        box.addLayout(buttons)
        return page

    def _build_thanks(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addStretch(1)
        self.thanks_title = QLabel(self.tr("感谢您的评价！"), objectName="EvalBig")
        self.thanks_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_note = QLabel("", objectName="EvalInfo")
        self.thanks_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_note.setWordWrap(True)
        box.addWidget(self.thanks_title)
        box.addWidget(self.thanks_note)
        box.addStretch(1)
        return page

    def _set_tags(self, tags: tuple[str, ...]) -> None:
        for button in self.tag_buttons:
            self.tag_grid.removeWidget(button)
            button.deleteLater()
        self.tag_buttons = []
        columns = 4
        for i, tag in enumerate(tags):
            button = QPushButton(tag, objectName="ReasonTag")
            button.setCheckable(True)
            button.setAccessibleName(tag)
            button.toggled.connect(self._update_submit)
            self.tag_grid.addWidget(button, i // columns, i % columns)
            self.tag_buttons.append(button)

    # -- the Evaluator port --------------------------------------------------------------

    async def ask(self, prompt: EvaluationPrompt) -> EvaluationAnswer:
        """Show the question; the answer is the citizen's tap (cancelled: back to idle)."""
        if self._future is not None and not self._future.done():
            self._future.cancel()  # a newer question replaces an unanswered one
        future: asyncio.Future[EvaluationAnswer] = asyncio.get_running_loop().create_future()
        self._future = future
        self._prompt = prompt
        self.prompts.append(prompt)
        self._show_prompt(prompt)
        try:
            return await future
        finally:
            if self._future is future:
                self._future = None
                if not future.done() or future.cancelled():
                    try:
                        self.show_idle()
                        self.closed_question.emit()
                    except RuntimeError:  # the window was deleted meanwhile
                        pass

    @property
    def asking(self) -> bool:
        return self._future is not None and not self._future.done()

    def _show_prompt(self, prompt: EvaluationPrompt) -> None:
        self.thanks_timer.stop()
        self.rate_info.setText(
            self.tr("办理事项：{item}　　{window} 号窗口　　工号 {staff}").format(
                item=prompt.item_name, window=prompt.window, staff=prompt.clerk_staff_no
            )
        )
        self._set_tags(prompt.reason_tags)
        self.text_edit.clear()
        if prompt.reason_required and self._last_bad is not None:
            self._open_reason(self._last_bad, required=True)
            return
        self.rate_warning.setText(
            self.tr("差评请选择原因或填写意见后提交。") if prompt.reason_required else ""
        )
        self.stack.setCurrentWidget(self.rate_page)
        self.activateWindow()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the citizen's actions -----------------------------------------------------------

    def choose(self, level: RatingLevel) -> None:
        if not self.asking:
            return
        if level.is_bad:
            self._open_reason(level, required=False)
            return
        self._resolve(EvaluationAnswer(level))

    def _open_reason(self, level: RatingLevel, *, required: bool) -> None:
        self._bad_level = level
        self.reason_title.setText(self.tr("您选择了“{level}”").format(level=level_text(level)))
        self.reason_warning.setText(
            self.tr("请至少选择一项原因或填写意见，再提交评价。") if required else ""
        )
        self.stack.setCurrentWidget(self.reason_page)
        self._update_submit()
        if self.tag_buttons:
            self.tag_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_tags(self) -> tuple[str, ...]:
        return tuple(b.text() for b in self.tag_buttons if b.isChecked())

    def _update_submit(self, *_: object) -> None:
        has_reason = bool(self.selected_tags()) or bool(self.text_edit.text().strip())
        self.submit_button.setEnabled(has_reason)
        if has_reason:
            self.reason_warning.setText("")

    def submit_reason(self) -> None:
        if not self.asking or self._bad_level is None:
            return
        tags, text = self.selected_tags(), self.text_edit.text().strip()
        if not tags and not text:
            self.reason_warning.setText(self.tr("请至少选择一项原因或填写意见，再提交评价。"))
            return
        self._resolve(EvaluationAnswer(self._bad_level, tags=tags, text=text))

    def back_to_levels(self) -> None:
        if not self.asking:
            return
        self._bad_level = None
        self.rate_warning.setText("")
        self.stack.setCurrentWidget(self.rate_page)
        self.level_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _resolve(self, answer: EvaluationAnswer) -> None:
        future = self._future
        if future is None or future.done():
            return
        self._last_bad = answer.level if answer.level.is_bad else None
        self._bad_level = None
        future.set_result(answer)
        self.answered.emit(answer)
        self.thanks_note.setText(
            self.tr("您的意见我们已记录，将尽快改进。")
            if answer.level.is_bad
            else self.tr("祝您生活愉快！")
        )
        self.stack.setCurrentWidget(self.thanks_page)
        self.thanks_timer.start()

    def show_idle(self) -> None:
        self.thanks_timer.stop()
        self._bad_level = None
        self.stack.setCurrentWidget(self.idle_page)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        page = self.stack.currentWidget()
        if page is self.rate_page and Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.level_buttons[key - Qt.Key.Key_1].click()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton | QToolButton) and focused.isEnabled():
                focused.click()
                return
        if page is self.reason_page and key == Qt.Key.Key_Escape:
            self.back_to_levels()
            return
        super().keyPressEvent(event)

    # -- placement -----------------------------------------------------------------------

    def show_on_screen(self, index: int | None) -> bool:
        """Full screen on screen *index* when it exists and is not the clerk's (primary).

        Returns False (an ordinary window) otherwise: on a one-screen PC the pad must be
        a separate device; the window then opens for training and demonstration only.
        """
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        if index is not None and 0 <= index < len(screens) and screens[index] is not primary:
            screen = screens[index]
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
            return True
        log.warning("evaluator screen %s not available: opening an ordinary window", index)
        self.resize(1280, 720)
        self.showNormal()
        return False
