"""The clerk's call panel: the current ticket large, every queue action on an F-key.

It never shows the names of waiting citizens (clerks must not cherry-pick): only counts,
and numbers where a number is needed (calling back a held ticket, calling out of order).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from counter.queue.model import Priority, QueueChange, Ticket, TicketOutcome, TicketState
from counter.queue.service import QueueService
from counter.session import ActiveSession
from ui import keys
from ui.asyncop import AsyncRunner
from ui.prompts import ask_reason
from ui.qt import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPushButton,
    QShortcut,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.signals import EventSignal

PRIORITY_LABELS = {
    Priority.NORMAL: "",
    Priority.ELDERLY: "绿色通道·老年人",
    Priority.DISABLED: "绿色通道·残疾人",
    Priority.PREGNANT: "绿色通道·孕妇",
    Priority.MILITARY: "绿色通道·军人",
    Priority.OTHER: "绿色通道",
}
STATE_LABELS = {
    TicketState.CALLED: "已叫号，等待到窗口",
    TicketState.SERVING: "办理中",
    TicketState.HELD: "已挂起",
}
PAUSE_REASONS = ("业务培训", "系统故障", "短暂离开", "处理后台事务", "用餐")
SPECIFIC_REASONS = ("群众已在窗口等候", "按导办安排", "补办前一笔业务", "转移来的号")


def minutes_since(when: datetime) -> int:
    return max(0, int((datetime.now(UTC) - when).total_seconds() // 60))


class CallPanel(QFrame):
    """Constructed with the queue service, a getter of the current session, and the window."""

    current_changed = Signal(object)  # Ticket | None: the ticket at this window

    def __init__(
        self,
        queue: QueueService,
        session: Callable[[], ActiveSession | None],
        window: int,
        runner: AsyncRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.queue = queue
        self.session = session
        self.window = window
        self.runner = runner
        self.ticket: Ticket | None = None
        self.paused_reason: str | None = None
        self.waiting_count = 0
        self.held: list[Ticket] = []

        self.number = QLabel("—", objectName="TicketNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setAccessibleName(self.tr("当前号"))
        self.detail = QLabel(self.tr("点击“叫下一位”或按 F2 开始叫号"), objectName="Hint")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label = QLabel("", objectName="Notice")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.queue_label = QLabel("", objectName="Hint")
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)

        current = QVBoxLayout()
        current.addWidget(
            QLabel(
                self.tr("{window} 号窗口 · 当前号").format(window=window), objectName="SectionTitle"
            )
        )
        current.addWidget(self.number)
        current.addWidget(self.state_label)
        current.addWidget(self.detail)
        current.addStretch(1)

        grid = self._build_actions()

        row = QHBoxLayout()
        row.addLayout(current, 3)
        row.addSpacing(16)
        row.addLayout(grid, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addLayout(row)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.message)

        self.changes = EventSignal(queue.changed, self)
        self.changes.fired.connect(self._queue_changed)
        self.clock = QTimer(self)
        self.clock.setInterval(30_000)
        self.clock.timeout.connect(self._render)
        self.clock.start()
        self._render()
        self._refresh()  # a ticket may still be at this window from before a logout

    def _build_actions(self) -> QGridLayout:
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        actions: list[tuple[str, str, str, Callable[[], None]]] = [
            ("next", self.tr("叫下一位"), keys.CALL_NEXT, self.call_next),
            ("recall", self.tr("重呼"), keys.RECALL, self.recall),
            ("start", self.tr("开始办理"), keys.START, self.start),
            ("no_show", self.tr("过号"), keys.NO_SHOW, self.no_show),
            ("hold", self.tr("挂起"), keys.HOLD, self.hold),
            ("call_back", self.tr("回呼挂起的号"), keys.CALL_BACK, self.call_back),
            ("transfer", self.tr("转移"), keys.TRANSFER, self.transfer),
            ("complete", self.tr("办结"), keys.COMPLETE, self.complete),
            ("specific", self.tr("指定叫号"), keys.CALL_SPECIFIC, self.call_specific),
            ("pause", self.tr("暂停服务"), keys.PAUSE, self.toggle_pause),
        ]
        for index, (name, label, key, slot) in enumerate(actions):
            button = QPushButton(f"{label}  {key}")
            button.setAccessibleName(label)
            button.setMinimumHeight(44)
            if name in {"next", "complete"}:
                button.setObjectName("Primary")
            button.clicked.connect(slot)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.buttons[name] = button
            grid.addWidget(button, index // 2, index % 2)
        return grid

    # --- actions --------------------------------------------------------------------

    def _act(
        self,
        make: Callable[[ActiveSession], Coroutine[Any, Any, object]],
        *,
        done: Callable[[object], None] | None = None,
    ) -> None:
        session = self.session()
        if session is None:
            return
        self.message.clear()
        self.runner.run(make(session), on_done=done or self._refresh, on_error=self._error)

    def _error(self, message: str) -> None:
        self.message.setText(message)

    def _refresh(self, _result: object = None) -> None:
        async def load() -> tuple[Ticket | None, int, dict[int, str], list[Ticket]]:
            return (
                await self.queue.current(self.window),
                len(await self.queue.waiting()),
                await self.queue.paused_windows(),
                await self.queue.held(),
            )

        self.runner.run(load(), on_done=self._loaded, on_error=self._error)

    def _loaded(self, result: tuple[Ticket | None, int, dict[int, str], list[Ticket]]) -> None:
        ticket, waiting, paused, held = result
        self.waiting_count = waiting
        self.paused_reason = paused.get(self.window)
        self.held = [t for t in held if t.window == self.window]
        if ticket != self.ticket:
            self.ticket = ticket
            self.current_changed.emit(ticket)
        self._render()

    def call_next(self) -> None:
        def done(ticket: object) -> None:
            if ticket is None:
                self.message.setText(self.tr("当前没有等候的群众。"))
            self._refresh()

        self._act(lambda s: self.queue.call_next(s, self.window), done=done)

    def recall(self) -> None:
        def done(ticket: object) -> None:
            if isinstance(ticket, Ticket) and ticket.outcome is TicketOutcome.NO_SHOW:
                self.message.setText(
                    self.tr("{number} 多次重呼未到，已按过号处理。").format(number=ticket.number)
                )
            self._refresh()

        self._act(lambda s: self.queue.recall(s, self.window), done=done)

    def start(self) -> None:
        self._act(lambda s: self.queue.start(s, self.window))

    def no_show(self) -> None:
        self._act(lambda s: self.queue.no_show(s, self.window))

    def hold(self) -> None:
        self._act(lambda s: self.queue.hold(s, self.window))

    def complete(self) -> None:
        self._act(lambda s: self.queue.complete(s, self.window))

    def call_back(self) -> None:
        held = self.held
        if not held:
            self.message.setText(self.tr("本窗口没有挂起的号。"))
            return
        first = held[0]
        self._act(lambda s: self.queue.call_back(s, self.window, first.id))

    def transfer(self) -> None:
        async def go(session: ActiveSession) -> object:
            reason = await ask_reason(
                self,
                self.tr("转移"),
                self.tr("转到哪个窗口？请填写窗口号和原因，如“5号窗口 需复核”"),
            )
            if reason is None:
                return None
            digits = "".join(ch for ch in reason if ch.isdigit())
            to_window = int(digits) if digits else None
            return await self.queue.transfer(
                session, self.window, to_window=to_window, reason=reason
            )

        self._act(go)

    def call_specific(self) -> None:
        async def go(session: ActiveSession) -> object:
            waiting = await self.queue.waiting()
            if not waiting:
                self.message.setText(self.tr("当前没有等候的群众。"))
                return None
            numbers = [t.number for t in waiting]
            number = await ask_reason(
                self,
                self.tr("指定叫号"),
                self.tr("要叫的号（等候中：{numbers}）").format(numbers="、".join(numbers[:20])),
            )
            if number is None:
                return None
            match = next((t for t in waiting if t.number == number.strip().upper()), None)
            if match is None:
                self.message.setText(self.tr("没有等候中的号 {number}。").format(number=number))
                return None
            reason = await ask_reason(
                self,
                self.tr("指定叫号"),
                self.tr("不按顺序叫号须说明原因（记入日志）："),
                [self.tr(r) for r in SPECIFIC_REASONS],
            )
            if reason is None:
                return None
            return await self.queue.call_specific(session, self.window, match.id, reason)

        self._act(go)

    def toggle_pause(self) -> None:
        if self.paused_reason is not None:
            self._act(lambda s: self.queue.resume(s, self.window))
            return

        async def go(session: ActiveSession) -> object:
            reason = await ask_reason(
                self,
                self.tr("暂停服务"),
                self.tr("暂停原因（计入统计）："),
                [self.tr(r) for r in PAUSE_REASONS],
            )
            if reason is None:
                return None
            await self.queue.pause(session, self.window, reason)
            return None

        self._act(go)

    # --- view -----------------------------------------------------------------------

    def _queue_changed(self, change: QueueChange) -> None:
        self._refresh()

    def _render(self) -> None:
        ticket = self.ticket
        if ticket is None:
            self.number.setText("—")
            self.state_label.setText(
                self.tr("暂停服务：{reason}").format(reason=self.paused_reason)
                if self.paused_reason
                else ""
            )
            self.detail.setText(self.tr("按 F2 叫下一位"))
        else:
            self.number.setText(ticket.number)
            state = self.tr(STATE_LABELS.get(ticket.state, ""))
            if ticket.recalls:
                state += self.tr("（已重呼 {n} 次）").format(n=ticket.recalls)
            self.state_label.setText(state)
            parts = [ticket.item_name or self.tr("未指定事项")]
            priority = PRIORITY_LABELS.get(ticket.priority, "")
            if priority:
                parts.append(self.tr(priority))
            parts.append(self.tr("已等候 {m} 分钟").format(m=minutes_since(ticket.issued_at)))
            self.detail.setText(" · ".join(parts))
        held = len(self.held)
        text = self.tr("等候 {n} 人").format(n=self.waiting_count)
        if held:
            text += self.tr(" · 本窗口挂起 {n} 个").format(n=held)
        self.queue_label.setText(text)
        has_ticket = ticket is not None
        serving = has_ticket and ticket.state is TicketState.SERVING
        self.buttons["recall"].setEnabled(has_ticket and not serving)
        self.buttons["start"].setEnabled(has_ticket and ticket.state is TicketState.CALLED)
        self.buttons["no_show"].setEnabled(has_ticket and not serving)
        self.buttons["hold"].setEnabled(has_ticket)
        self.buttons["transfer"].setEnabled(has_ticket)
        self.buttons["complete"].setEnabled(serving)
        self.buttons["next"].setEnabled(not has_ticket)
        self.buttons["specific"].setEnabled(not has_ticket)
        self.buttons["pause"].setText(
            (self.tr("恢复服务") if self.paused_reason else self.tr("暂停服务")) + f"  {keys.PAUSE}"
        )
