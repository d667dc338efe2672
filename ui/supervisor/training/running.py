"""While a scenario runs: which citizen is at the window, what the trainee should do next.

This is the trainer's view only (the expected handling is never shown on the trainee's
screen). The list follows the run's progress; the card on the right explains the citizen
at the window (or the next one to come): what they say, the item, the correct handling and
why, and the faults that will happen on cue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from counter.journal import BUSINESS_TZ
from ui.qt import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.supervisor.training.texts import duration, phase_label, review_expected
from ui.supervisor.widgets import Card, ReadOnlyTable

__all__ = ["RunningView"]

CUES = {
    "called": "叫号后",
    "identified": "核验身份后",
    "submitted": "提交后",
    "completed": "办结后",
}
CUE_ACTIONS = {"outage_on": "人社平台中断", "outage_off": "人社平台恢复"}
IDENTIFY = {
    "idcard": "读身份证",
    "sscard": "读社保卡",
    "manual": "手工录入（须选原因）",
    "none": "无需核验身份",
}


def _v(value: Any) -> str:
    return str(getattr(value, "value", value))


class RunningView(QWidget):
    finish_requested = Signal()
    abort_requested = Signal()

    def __init__(
        self,
        item_name: Callable[[str], str | None],
        *,
        now: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.item_name = item_name
        self.now = now or (lambda: datetime.now(UTC))
        self.scenario: Any = None
        self.progress: Any = None
        self.current_key: str | None = None
        self.last_message = ""

        self.heading = QLabel("", objectName="BigName")
        self.heading.setWordWrap(True)
        self.counts = QLabel("", objectName="Hint")
        self.citizens = ReadOnlyTable(
            [
                self.tr("群众"),
                self.tr("号码"),
                self.tr("事项"),
                self.tr("状态"),
                self.tr("用时"),
            ],
            stretch=2,
            accessible_name=self.tr("本情景的群众"),
        )
        self.citizens.setMinimumWidth(360)
        left = Card(self.tr("到场群众"))
        left.body.addWidget(self.citizens, 1)
        self.status = QLabel("", objectName="Hint")
        self.status.setWordWrap(True)
        left.body.addWidget(self.status)
        # What happened so far, one line per change of the run's message (newest last).
        self.log = QListWidget()
        self.log.setAccessibleName(self.tr("经过"))
        self.log.setWordWrap(True)
        left.body.addWidget(QLabel(self.tr("经过"), objectName="CheckLabel"))
        left.body.addWidget(self.log, 1)

        right = self._expected_card()

        self.finish_button = QPushButton(self.tr("结束本情景并评分"), objectName="Primary")
        self.abort_button = QPushButton(self.tr("中止考核"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.counts, 1)
        buttons.addWidget(self.finish_button)
        buttons.addWidget(self.abort_button)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.finish_button.clicked.connect(self.finish_requested.emit)
        self.abort_button.clicked.connect(self.abort_requested.emit)

    def _expected_card(self) -> Card:
        self.who = QLabel("", objectName="BigName")
        self.who.setWordWrap(True)
        self.says = QLabel("")
        self.says.setWordWrap(True)
        self.item = QLabel("")
        self.item.setWordWrap(True)
        self.expected = QLabel("", objectName="Expected")
        self.expected.setWordWrap(True)
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.steps = QLabel("", objectName="Hint")
        self.steps.setWordWrap(True)
        self.cues = QLabel("", objectName="Error")
        self.cues.setWordWrap(True)
        self.after = QLabel("", objectName="Hint")
        self.after.setWordWrap(True)
        right = Card(self.tr("当前应办"))
        right.set_hint(self.tr("仅培训师可见"))
        for label in (
            self.who,
            self.says,
            self.item,
            self.expected,
            self.reason,
            self.steps,
            self.cues,
        ):
            right.body.addWidget(label)
        right.body.addStretch(1)
        right.body.addWidget(self.after)
        return right

    # --- showing the run -----------------------------------------------------------------

    def begin(self, scenario: Any, trainee: Any, index: int, total: int) -> None:
        self.scenario = scenario
        self.progress = None
        self.last_message = ""
        self.log.clear()
        self.heading.setText(
            self.tr("学员 {name}（{staff}） · 情景 {i}/{n}：{title}").format(
                name=trainee.name_masked,
                staff=trainee.staff_no,
                i=index,
                n=total,
                title=scenario.title,
            )
        )
        self.citizens.fill(
            [
                [c.label, "—", self._item(c.item), phase_label("pending"), "—"]
                for c in scenario.citizens
            ],
            numeric_from=99,
        )
        self.status.setText(self.tr("正在出号……"))
        self._show_expected(scenario.citizens[0].key if scenario.citizens else None)
        self.set_busy(False)

    def _item(self, code: str) -> str:
        name = self.item_name(code)
        return f"{name}（{code}）" if name else code

    def show_progress(self, progress: Any, inputs: Any = None) -> None:
        """A ``RunProgress`` of the core (and the inputs counted so far)."""
        if self.scenario is None or progress.scenario_id != self.scenario.id:
            return
        self.progress = progress
        rows = []
        for state in progress.citizens:
            citizen = self.scenario.by_key(state.key)
            started = getattr(state, "called_at", None)
            ended = getattr(state, "ended_at", None)
            took = None
            if started is not None:
                took = ((ended or self.now()) - started).total_seconds()
            rows.append(
                [
                    state.label or citizen.label,
                    state.ticket_number or "—",
                    getattr(state, "item_name", "") or self._item(citizen.item),
                    phase_label(state.phase),
                    duration(took),
                ]
            )
        self.citizens.fill(rows, numeric_from=99)
        message = progress.message or ""
        if message and message != self.last_message:
            self.last_message = message
            at = self.now().astimezone(BUSINESS_TZ).strftime("%H:%M:%S")
            self.log.addItem(f"{at}  {message}")
            self.log.scrollToBottom()
        if getattr(progress, "outage", False):
            message = self.tr("⚠ 人社平台中断中（预设故障）") + (f" · {message}" if message else "")
        self.status.setText(message)
        self._show_expected(progress.current or self._next_key(progress))
        counted = ""
        if inputs is not None:
            counted = self.tr("学员累计按键 {keys} · 点击 {clicks}").format(
                keys=inputs.keys, clicks=inputs.clicks
            )
        self.counts.setText(
            self.tr("已办 {served}/{total}").format(served=progress.served, total=progress.total)
            + (f" · {counted}" if counted else "")
        )

    def _next_key(self, progress: Any) -> str | None:
        for state in progress.citizens:
            if _v(state.phase) not in ("done", "completed", "left"):
                return str(state.key)
        return None

    def _show_expected(self, key: str | None) -> None:
        self.current_key = key
        if self.scenario is None or key is None:
            self.who.setText(self.tr("本情景的群众都已办完"))
            for label in (self.says, self.item, self.expected, self.reason, self.steps):
                label.setText("")
            self.cues.hide()
            self.after.setText(self.tr("按“结束本情景并评分”查看结果。"))
            return
        citizen = self.scenario.by_key(key)
        expect = citizen.expect
        priority = "" if _v(citizen.priority) == "normal" else self.tr("（优先）")
        self.who.setText(f"{citizen.label}{priority}")
        self.says.setText(self.tr("群众说：“{says}”").format(says=citizen.says))
        self.item.setText(self.tr("事项：{item}").format(item=self._item(citizen.item)))
        outcome = getattr(expect.outcome, "label", _v(expect.outcome))
        self.expected.setText(self.tr("应当：{outcome}").format(outcome=outcome))
        self.reason.setText(expect.reason)
        steps = [self.tr("身份：{how}").format(how=IDENTIFY.get(_v(citizen.expected_identify), ""))]
        if review_expected(citizen):
            reviewer = self.scenario.reviewer or self.tr("B岗")
            steps.append(self.tr("须 {who} 现场复核").format(who=reviewer))
        if expect.unmask:
            steps.append(self.tr("可查看完整号码"))
        else:
            steps.append(self.tr("不应查看完整号码"))
        cards = "、".join(
            {"idcard": self.tr("身份证"), "sscard": self.tr("社保卡")}.get(_v(c), _v(c))
            for c in citizen.cards
        )
        steps.append(self.tr("携带：{cards}").format(cards=cards or self.tr("无卡")))
        self.steps.setText(" · ".join(steps))
        cues = [
            self.tr("{when}：{action}").format(
                when=CUES.get(_v(cue.when), _v(cue.when)),
                action=CUE_ACTIONS.get(_v(cue.action), _v(cue.action)),
            )
            for cue in citizen.cue
        ]
        self.cues.setText(self.tr("预设故障 — ") + "；".join(cues) if cues else "")
        self.cues.setVisible(bool(cues))
        later = [
            c.label
            for c in self.scenario.citizens
            if c.arrive_after is not None and c.arrive_after[1] == key
        ]
        self.after.setText(self.tr("随后到场：{who}").format(who="、".join(later)) if later else "")

    def set_busy(self, busy: bool) -> None:
        self.finish_button.setEnabled(not busy)
        self.abort_button.setEnabled(not busy)
