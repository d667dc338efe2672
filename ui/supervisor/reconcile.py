"""对账: the day's cases here against the platform's list (`GET /v1/cases`).

Three sections — 本机已受理、平台无记录 / 平台有记录、本机没有 / 状态不一致 — each saying
what such a discrepancy means; selecting one shows what to do about that case and lets
the supervisor record an explanation (a close note, journaled). When the platform cannot
be reached, the failed check itself can be explained (the close accepts that).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter.dayclose import DayCloseService
from counter.journal import BUSINESS_TZ
from counter.reconcile import (
    NOTE_RECONCILE,
    UNAVAILABLE,
    Discrepancy,
    ReconcileItem,
    Reconciler,
    Reconciliation,
)
from counter.session import SessionService
from ui import keys
from ui.asyncop import AsyncRunner
from ui.prompts import ask_reason
from ui.qt import (
    QT_TRANSLATE_NOOP,
    QColor,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.supervisor.widgets import BAD, GOOD, WARN, Card, ReadOnlyTable

__all__ = ["CATEGORY_HELP", "ReconcilePage"]

CATEGORY_HELP = {
    Discrepancy.LOCAL_ONLY: QT_TRANSLATE_NOOP(
        "ReconcilePage",
        "办事人已拿到回执，平台却查不到：多为尚未上传或被平台退回；"
        "已受理却无记录的，须立即联系人社平台核实，核实前不要让办事人重办。",
    ),
    Discrepancy.PLATFORM_ONLY: QT_TRANSLATE_NOOP(
        "ReconcilePage",
        "平台列有本网点的办件，本机却没有：核对纸质材料和本机数据备份；"
        "不是本窗口办理的，报告人社平台。",
    ),
    Discrepancy.STATUS_DIFFERS: QT_TRANSLATE_NOOP(
        "ReconcilePage",
        "双方都有记录但结果不同：以平台为准，联系办事人说明情况，必要时请人社平台更正回执。",
    ),
}
EXPLAIN_CHOICES = ("已联系人社平台核实", "已通知办事人", "平台故障，次日补对账")


class ReconcilePage(QWidget):
    reconciled = Signal(object)  # Reconciliation

    def __init__(
        self,
        reconciler: Reconciler,
        day_close: DayCloseService,
        sessions: SessionService,
        runner: AsyncRunner,
        *,
        day: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reconciler = reconciler
        self.day_close = day_close
        self.sessions = sessions
        self.runner = runner
        self.day = day or day_close.today
        self.result: Reconciliation | None = None
        self.read_only = False

        title = QLabel(self.tr("与人社平台对账"), objectName="SectionTitle")
        self.summary = QLabel(self.tr("尚未对账。"), objectName="Hint")
        self.run_button = QPushButton(
            self.tr("开始对账") + f" ({keys.REFRESH})", objectName="Primary"
        )
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(self.run_button)
        self.status = QLabel("", objectName="Notice")
        self.status.setWordWrap(True)
        self.explain_unavailable = QPushButton(self.tr("说明无法对账的原因…"))
        self.explain_unavailable.hide()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.explain_unavailable)

        scroll = self._build_sections()

        detail = Card(self.tr("处理办法"))
        self.detail = QLabel(self.tr("选择一条不一致的记录查看处理办法。"))
        self.detail.setWordWrap(True)
        self.explain_button = QPushButton(self.tr("填写说明…"))
        self.explain_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.detail, 1)
        row.addWidget(self.explain_button)
        detail.body.addLayout(row)
        self.message = QLabel("", objectName="Error")
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(status_row)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addWidget(detail)

        self.current: ReconcileItem | None = None
        self.run_button.clicked.connect(self.refresh)
        self.explain_button.clicked.connect(self._explain_current)
        self.explain_unavailable.clicked.connect(self._explain_unavailable)

    def _build_sections(self) -> QScrollArea:
        self.tables: dict[Discrepancy, ReadOnlyTable] = {}
        self.cards: dict[Discrepancy, Card] = {}
        self.items: dict[Discrepancy, list[ReconcileItem]] = {k: [] for k in Discrepancy}
        sections = QVBoxLayout()
        sections.setSpacing(6)
        sections.setContentsMargins(0, 0, 0, 0)
        for kind in Discrepancy:
            card = Card(kind.label)
            card.set_hint(self.tr(CATEGORY_HELP[kind]))
            table = ReadOnlyTable(
                [
                    self.tr("办件编号"),
                    self.tr("事项"),
                    self.tr("经办人"),
                    self.tr("本机"),
                    self.tr("平台"),
                    self.tr("说明"),
                ],
                stretch=5,
                accessible_name=kind.label,
            )
            table.setMinimumHeight(64)
            # The three sections share the height evenly (their rows scroll inside).
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            table.itemSelectionChanged.connect(lambda k=kind: self._selected_in(k))
            card.body.addWidget(table, 1)
            self.tables[kind] = table
            self.cards[kind] = card
            sections.addWidget(card, 1)
        holder = QWidget()
        holder.setLayout(sections)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        return scroll

    # --- running ------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.sessions.current
        if session is None:
            return
        self.summary.setText(self.tr("正在向人社平台查询当日办件…"))
        self.runner.run(
            self.reconciler.reconcile(self.day(), session.outlet.code, by=session),
            control=self.run_button,
            on_done=self.show_result,
            on_error=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.explain_unavailable.setEnabled(not read_only)
        self._show_current()

    def show_result(self, result: Reconciliation) -> None:
        self.message.hide()
        self.result = result
        self.run_button.setText(self.tr("重新对账") + f" ({keys.REFRESH})")
        checked = result.checked_at.astimezone(BUSINESS_TZ).strftime("%H:%M:%S")
        self.summary.setText(
            self.tr(
                "营业日 {day} · 本机 {local} 件 · 平台 {platform} 件 · 一致 {matched} 件"
                "（跨日上传 {cross}）· {time} 对账"
            ).format(
                day=result.day.isoformat(),
                local=result.local_count,
                platform=result.platform_count,
                matched=result.matched,
                cross=result.cross_day,
                time=checked,
            )
        )
        if result.error is not None:
            text = self.tr("无法与平台对账：{error}").format(error=result.error)
            if result.unavailable_note:
                text += self.tr("（已说明：{note}）").format(note=result.unavailable_note)
            self._status(text, BAD if not result.unavailable_note else WARN)
        elif result.clean:
            self._status(self.tr("对账一致：本机与平台的当日办件完全相符。"), GOOD)
        else:
            waiting = sum(1 for i in result.items if not i.explained)
            self._status(
                self.tr("有 {n} 处不一致，{m} 处待说明。").format(n=len(result.items), m=waiting),
                WARN if waiting else GOOD,
            )
        self.explain_unavailable.setVisible(
            result.error is not None and result.unavailable_note is None
        )
        for kind in Discrepancy:
            items = [i for i in result.items if i.kind is kind]
            self.items[kind] = items
            self.cards[kind].title.setText(f"{kind.label}（{len(items)}）")
            self.tables[kind].fill(
                [
                    [
                        i.business_no or i.case_id[:12],
                        i.item_code,
                        i.maker,
                        i.local,
                        i.platform,
                        i.note or self.tr("待说明"),
                    ]
                    for i in items
                ],
                numeric_from=99,
            )
            for r, i in enumerate(items):
                cell = self.tables[kind].item(r, 5)
                if cell is not None:
                    cell.setForeground(QColor(GOOD if i.explained else WARN))
        self.current = None
        first = next((k for k in Discrepancy if self.items[k]), None)
        if first is not None:
            self.tables[first].selectRow(0)
        self._show_current()
        self.reconciled.emit(result)

    def _status(self, text: str, colour: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};")

    def _selected_in(self, kind: Discrepancy) -> None:
        table = self.tables[kind]
        row = table.currentRow()
        if not table.selectionModel().hasSelection() or not (0 <= row < len(self.items[kind])):
            return
        for other, t in self.tables.items():
            if other is not kind:
                t.blockSignals(True)
                t.clearSelection()
                t.blockSignals(False)
        self.current = self.items[kind][row]
        self._show_current()

    def _show_current(self) -> None:
        item = self.current
        if item is None:
            self.detail.setText(self.tr("选择一条不一致的记录查看处理办法。"))
            self.explain_button.setEnabled(False)
            return
        text = f"{item.label} · {item.business_no or item.case_id}：{item.what_to_do}"
        if item.note:
            text += self.tr("\n已说明：{note}").format(note=item.note)
        self.detail.setText(text)
        self.explain_button.setEnabled(not item.explained and not self.read_only)

    # --- explanations -------------------------------------------------------------------

    def _explain_current(self) -> None:
        item = self.current
        if item is not None and not item.explained:
            self._explain(item.key, f"{item.label} {item.business_no or item.case_id[:12]}")

    def _explain_unavailable(self) -> None:
        self._explain(UNAVAILABLE, self.tr("无法对账"))

    def _explain(self, key: str, what: str) -> None:
        async def go() -> bool:
            note = await ask_reason(
                self,
                self.tr("对账说明"),
                self.tr("{what}：请说明核实和处理情况").format(what=what),
                EXPLAIN_CHOICES,
            )
            if note is None:
                return False
            await self.day_close.explain(self.day(), NOTE_RECONCILE, [key], note)
            return True

        self.runner.run(
            go(),
            control=self.explain_button,
            on_done=lambda changed: self.refresh() if changed else None,
        )
