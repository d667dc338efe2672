"""Today's cases at this counter (今日办件): time, ticket, item, masked person, upload state.

The list follows the outbox: every change of a message (queued → sending → accepted /
rejected / needs attention) reloads it, coalesced so a burst of changes costs one query.
Nothing unmasked is shown (`CaseView.person_masked`).
"""

from __future__ import annotations

from counter.cases import CaseService, CaseView
from counter.journal import BUSINESS_TZ
from counter.outbox import MessageState, Outbox
from ui.asyncop import AsyncRunner
from ui.cases.texts import STATE_COLOURS, rating_text, state_text
from ui.qt import (
    QAbstractItemView,
    QColor,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.signals import EventSignal

COLUMNS = 3  # 时间 / 号码, 事项 / 办事人, 状态 / 办件编号
REFRESH_DELAY_MS = 150


class TodaysCases(QFrame):
    def __init__(
        self,
        cases: CaseService,
        outbox: Outbox,
        runner: AsyncRunner,
        *,
        mine_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.setStyleSheet("QTableWidget::item { padding: 3px 6px; }")
        self.cases = cases
        self.runner = runner
        self.mine_only = mine_only
        self.views: list[CaseView] = []
        self.labels: dict[str, str] = {}  # case_id -> the state label shown
        self._loading = False
        self._again = False

        top = self._build()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.message)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.follow = EventSignal(outbox.message_changed, self)
        self.follow.fired.connect(lambda _view: self._timer.start())
        self.refresh_button.clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._selected)
        self.refresh()

    def _build(self) -> QHBoxLayout:
        title = QLabel(self.tr("今日办件"), objectName="SectionTitle")
        self.summary = QLabel("", objectName="Hint")
        self.refresh_button = QPushButton(self.tr("刷新"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(10)
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间 / 号码"), self.tr("事项 / 办事人"), self.tr("状态 / 办件编号")]
        )
        self.table.setAccessibleName(self.tr("今日办件"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        self.detail = QLabel("", objectName="Hint")
        self.detail.setWordWrap(True)
        self.message = QLabel("", objectName="Error")
        self.message.hide()
        return top

    def schedule_refresh(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.runner.run(
            self.cases.todays_cases(mine_only=self.mine_only),
            on_done=self._loaded,
            on_error=self._failed,
        )

    def _finish_load(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self._finish_load()

    def _loaded(self, views: list[CaseView]) -> None:
        self.message.hide()
        self.views = list(views)
        newest_first = list(reversed(self.views))
        self.labels = {}
        self.table.setRowCount(len(newest_first))
        for row, view in enumerate(newest_first):
            self._fill(row, view)
        self._selected()
        counts = {state: 0 for state in MessageState}
        for view in self.views:
            counts[view.state] += 1
        parts = [self.tr("共 {n} 件").format(n=len(self.views))]
        for state in MessageState:
            if counts[state]:
                parts.append(f"{state_text(state)} {counts[state]}")
        self.summary.setText(" · ".join(parts))
        self._finish_load()

    def _fill(self, row: int, view: CaseView) -> None:
        state = state_text(view.state)
        if view.accepted_offline and view.state is not MessageState.ACCEPTED:
            state += self.tr("（离线）")
        self.labels[view.case_id] = state
        if view.rating:
            state += " · " + rating_text(view.rating)
        time = view.created_at.astimezone(BUSINESS_TZ).strftime("%H:%M")
        cells = (
            f"{time}\n{view.ticket_number or '—'}",
            f"{view.item_name}\n{view.person_masked}",
            f"{state}\n{view.business_no or '—'}",
        )
        tip = view.message if view.state is not MessageState.ACCEPTED else ""
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == len(cells) - 1:
                item.setForeground(QColor(STATE_COLOURS[view.state]))
            if tip:
                item.setToolTip(tip)
            self.table.setItem(row, column, item)

    def _selected(self) -> None:
        row = self.table.currentRow()
        newest_first = list(reversed(self.views))
        if not 0 <= row < len(newest_first):
            self.detail.setText("")
            return
        view = newest_first[row]
        text = f"{view.item_name}：{self.labels.get(view.case_id, '')}"
        if view.message and view.state is not MessageState.ACCEPTED:
            text += f" — {view.message}"
        elif view.business_no:
            text += self.tr(" — 办件编号 {number}").format(number=view.business_no)
        self.detail.setText(text)

    def state_of(self, case_id: str) -> str | None:
        """The state label shown for *case_id* (tests read the screen through this)."""
        for row in range(self.table.rowCount()):
            view = list(reversed(self.views))[row]
            if view.case_id == case_id:
                return self.labels.get(case_id)
        return None
