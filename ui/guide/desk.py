"""The guide's ticket desk (取号台): pick the item, priority, optional ID, print the ticket.

Print-confirmed issuance: a ticket joins the line only after its slip printed. A failed
print leaves it "not printed" here, with reprint and cancel, so no phantom number is called.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from counter.bureau.models import CatalogueItem
from counter.identity import InvalidIdentity, mask_id, parse
from counter.queue.estimate import estimate_label
from counter.queue.model import Priority, Ticket
from counter.queue.queries import WaitingEntry
from counter.queue.service import QueueService
from counter.session import ActiveSession
from ui import keys
from ui.asyncop import AsyncRunner
from ui.clerk.call_panel import PRIORITY_LABELS, minutes_since
from ui.prompts import ask_reason
from ui.qt import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPushButton,
    QShortcut,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.signals import EventSignal

# Shown until the outlet's own usage decides (the bank-window classics).
DEFAULT_FREQUENT = (
    "SB08047",
    "SB08044",
    "SB05021",
    "SB04017",
    "SB01001",
    "SB01002",
    "SB08056",
    "SB10062",
)
PRIORITY_CHOICES = (
    (Priority.NORMAL, "普通"),
    (Priority.ELDERLY, "老年人"),
    (Priority.DISABLED, "残疾人"),
    (Priority.PREGNANT, "孕妇"),
    (Priority.MILITARY, "军人"),
    (Priority.OTHER, "其他（需说明）"),
)
CANCEL_REASONS = ("群众已离开", "重复取号", "取错事项")


class GuideDesk(QFrame):
    def __init__(
        self,
        queue: QueueService,
        session: Callable[[], ActiveSession | None],
        runner: AsyncRunner,
        *,
        test_speak: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.queue = queue
        self.session = session
        self.runner = runner
        self.item: CatalogueItem | None = None
        self.items_by_code: dict[str, CatalogueItem] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(QLabel(self.tr("取号台"), objectName="SectionTitle"))
        self.frequent = QGridLayout()
        layout.addLayout(self.frequent)
        layout.addLayout(self._build_issue_row(test_speak))
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addLayout(self._build_last_issued())
        self.not_printed = QTableWidget(0, 3)
        self.not_printed.setHorizontalHeaderLabels(
            [self.tr("未打印的号"), self.tr("事项"), self.tr("处理")]
        )
        self._table_style(self.not_printed)
        self.not_printed.setVisible(False)
        layout.addWidget(self.not_printed)
        self.summary = QLabel("", objectName="Notice")
        layout.addWidget(self.summary)
        self.waiting = QTableWidget(0, 6)
        self.waiting.setHorizontalHeaderLabels(
            [
                self.tr("号码"),
                self.tr("事项"),
                self.tr("优先"),
                self.tr("登记证件"),
                self.tr("已等候"),
                self.tr("预计"),
            ]
        )
        self.waiting.setAccessibleName(self.tr("等候中的号"))
        self._table_style(self.waiting)
        self.waiting.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.waiting, 1)

        QShortcut(QKeySequence(keys.ISSUE_TICKET), self, activated=self.issue)
        self.changes = EventSignal(queue.changed, self)
        self.changes.fired.connect(lambda _change: self.refresh())
        self.ticker = QTimer(self)
        self.ticker.setInterval(30_000)
        self.ticker.timeout.connect(self.refresh)
        self.ticker.start()
        self.set_item(None)
        self.refresh()

    def _table_style(self, table: QTableWidget) -> None:
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _build_issue_row(self, test_speak: Callable[[], None] | None) -> QVBoxLayout:
        self.item_label = QLabel("", objectName="Notice")
        self.priority = QComboBox()
        self.priority.setAccessibleName(self.tr("优先类别"))
        for value, label in PRIORITY_CHOICES:
            self.priority.addItem(self.tr(label), value)
        self.priority_reason = QLineEdit()
        self.priority_reason.setPlaceholderText(self.tr("优先原因"))
        self.priority_reason.setAccessibleName(self.tr("优先原因"))
        self.priority_reason.setVisible(False)
        self.priority.currentIndexChanged.connect(
            lambda _i: self.priority_reason.setVisible(
                self.priority.currentData() is Priority.OTHER
            )
        )
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText(self.tr("可选：身份证号（只保存脱敏号）"))
        self.id_edit.setAccessibleName(self.tr("可选身份证号"))
        self.id_edit.returnPressed.connect(self.issue)
        self.issue_button = QPushButton(
            self.tr("打印排队号") + f"  {keys.ISSUE_TICKET}", objectName="Primary"
        )
        self.issue_button.setMinimumHeight(44)
        self.issue_button.clicked.connect(self.issue)
        details = QHBoxLayout()
        details.addWidget(self.priority)
        details.addWidget(self.priority_reason)
        details.addWidget(self.id_edit, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.issue_button, 1)
        if test_speak is not None:
            speak = QPushButton(self.tr("试播") + f"  {keys.TEST_SPEAK}")
            speak.setAccessibleName(self.tr("叫号屏试播"))
            speak.clicked.connect(test_speak)
            QShortcut(QKeySequence(keys.TEST_SPEAK), self, activated=test_speak)
            actions.addWidget(speak)
        column = QVBoxLayout()
        column.addWidget(self.item_label)
        column.addLayout(details)
        column.addLayout(actions)
        return column

    def _build_last_issued(self) -> QHBoxLayout:
        self.last_number = QLabel("", objectName="TicketNumberSmall")
        self.last_detail = QLabel("", objectName="Hint")
        row = QHBoxLayout()
        row.addWidget(self.last_number)
        row.addWidget(self.last_detail, 1)
        return row

    # --- items ----------------------------------------------------------------------

    def set_catalogue(self, items: Sequence[CatalogueItem], usage: dict[str, int]) -> None:
        """Frequent items as large buttons: the outlet's most used, else the classics."""
        self.items_by_code = {item.code: item for item in items}
        ranked = sorted(items, key=lambda i: (-usage.get(i.code, 0), i.code))
        codes = [i.code for i in ranked if usage.get(i.code, 0) > 0][:8]
        for code in DEFAULT_FREQUENT:
            if len(codes) >= 8:
                break
            if code in self.items_by_code and code not in codes:
                codes.append(code)
        while self.frequent.count():
            widget = self.frequent.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for index, code in enumerate(codes):
            item = self.items_by_code[code]
            button = QPushButton(_short(item.name))
            button.setToolTip(item.name)
            button.setAccessibleName(item.name)
            button.setMinimumHeight(52)
            button.setObjectName("BigChoice")
            button.clicked.connect(lambda _=False, it=item: self.set_item(it))
            self.frequent.addWidget(button, index // 2, index % 2)

    def set_item(self, item: CatalogueItem | None) -> None:
        self.item = item
        self.item_label.setText(
            self.tr("事项：{name}").format(name=item.name)
            if item
            else self.tr("事项：未选择（可直接取号，由窗口确定）")
        )
        self.item_label.setWordWrap(True)

    # --- issuing --------------------------------------------------------------------

    def issue(self) -> None:
        session = self.session()
        if session is None or not self.issue_button.isEnabled():
            return
        person_masked = None
        typed = self.id_edit.text().strip()
        if typed:
            try:
                person_masked = mask_id(parse(typed).number)
            except InvalidIdentity as exc:
                self.message.setText(exc.message)
                self.id_edit.setFocus()
                return
        priority = self.priority.currentData()
        reason = self.priority_reason.text().strip() or None
        if priority is Priority.OTHER and not reason:
            self.message.setText(self.tr("“其他”优先须填写原因。"))
            self.priority_reason.setFocus()
            return
        item = self.item
        self.message.clear()
        self.runner.run(
            self.queue.issue(
                session,
                item_code=item.code if item else None,
                item_name=item.name if item else None,
                priority=priority,
                priority_reason=reason,
                person_masked=person_masked,
            ),
            control=self.issue_button,
            on_done=self._issued,
            on_error=self._issue_failed,
        )

    def _issued(self, ticket: Ticket) -> None:
        self.id_edit.clear()
        self.priority.setCurrentIndex(0)
        self.priority_reason.clear()
        self.last_number.setText(ticket.number)
        self.refresh()

    def _issue_failed(self, message: str) -> None:
        self.message.setText(message + self.tr("（该号未进入排队，可在下方重打或作废）"))
        self.refresh()

    def reprint(self, ticket_id: int) -> None:
        session = self.session()
        if session is not None:
            self.runner.run(
                self.queue.reprint(session, ticket_id),
                on_done=self._issued,
                on_error=self._issue_failed,
            )

    def cancel(self, ticket_id: int) -> None:
        session = self.session()
        if session is None:
            return

        async def go() -> None:
            reason = await ask_reason(
                self,
                self.tr("作废排队号"),
                self.tr("作废原因："),
                [self.tr(r) for r in CANCEL_REASONS],
            )
            if reason is not None:
                await self.queue.cancel(session, ticket_id, reason)

        self.runner.run(go(), on_done=lambda _: self.refresh(), on_error=self.message.setText)

    # --- view -----------------------------------------------------------------------

    def refresh(self) -> None:
        async def load() -> tuple[list[WaitingEntry], list[Ticket]]:
            return await self.queue.waiting_with_estimates(), await self.queue.not_printed()

        self.runner.run(load(), on_done=self._show, on_error=self.message.setText)

    def _show(self, result: tuple[list[WaitingEntry], list[Ticket]]) -> None:
        entries, not_printed = result
        self.waiting.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            ticket = entry.ticket
            values = (
                ticket.number,
                ticket.item_name or self.tr("未指定"),
                self.tr(PRIORITY_LABELS.get(ticket.priority, "")),
                ticket.person_masked or "",
                self.tr("{m} 分钟").format(m=minutes_since(ticket.issued_at)),
                estimate_label(entry.estimate),
            )
            for column, value in enumerate(values):
                self.waiting.setItem(row, column, QTableWidgetItem(value))
        last = entries[-1].estimate if entries else None
        self.summary.setText(
            self.tr("等候 {n} 人 · 新取号预计等候 {estimate}").format(
                n=len(entries), estimate=estimate_label(last)
            )
        )
        number = self.last_number.text()
        mine = next((e for e in entries if e.ticket.number == number), None)
        if mine is not None:
            self.last_detail.setText(
                self.tr("已打印 · 前面 {ahead} 人 · {estimate}").format(
                    ahead=mine.ahead, estimate=estimate_label(mine.estimate)
                )
            )
        self.not_printed.setVisible(bool(not_printed))
        self.not_printed.setRowCount(len(not_printed))
        for row, ticket in enumerate(not_printed):
            self.not_printed.setItem(row, 0, QTableWidgetItem(ticket.number))
            self.not_printed.setItem(row, 1, QTableWidgetItem(ticket.item_name or ""))
            cell = QWidget()
            buttons = QHBoxLayout(cell)
            buttons.setContentsMargins(0, 0, 0, 0)
            again = QPushButton(self.tr("重打"))
            again.clicked.connect(lambda _=False, t=ticket.id: self.reprint(t))
            drop = QPushButton(self.tr("作废"))
            drop.clicked.connect(lambda _=False, t=ticket.id: self.cancel(t))
            buttons.addWidget(again)
            buttons.addWidget(drop)
            self.not_printed.setCellWidget(row, 2, cell)


def _short(name: str, limit: int = 14) -> str:
    """Button text: the name up to its first bracket, cut to fit a large button."""
    for bracket in ("（", "("):
        if bracket in name:
            name = name.split(bracket, 1)[0]
    return name if len(name) <= limit else name[: limit - 1] + "…"
