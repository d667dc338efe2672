"""The courier's workspace (收件转运): the day's transport batches, manifests, hand-over.

The courier picks a day (today or one of the last days), sees each window's batches with
their cases (masked), prints the manifest on A4 (print dialog or PDF) or as a slip, and
records the hand-over to the bureau's courier: who receives it, how many files were
counted. :meth:`counter.transport.TransportService.hand_over` closes the batch and queues
its upload; the upload state follows the outbox. Keyboard: Ctrl+R refreshes, Ctrl+P prints
the A4 manifest, Ctrl+Shift+P prints the slip, the receiver field's Enter moves to the
count and the count's Enter hands over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from counter.audit import AuditLog
from counter.cases import business_day
from counter.identity import mask_name
from counter.journal import BUSINESS_TZ, Action
from counter.outbox import KIND_CASE, KIND_TRANSPORT, MessageState, MessageView
from counter.printing import Printer
from counter.session import ActiveSession
from counter.transport import BatchView, TransportService
from ui import keys
from ui.asyncop import AsyncRunner
from ui.catalogue.documents import setup_a4
from ui.courier.manifest import manifest_document, manifest_slip, write_manifest_pdf
from ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPrintDialog,
    QPrinter,
    QPushButton,
    QShortcut,
    QSpinBox,
    QSplitter,
    QStandardPaths,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.signals import EventSignal

RECENT_DAYS = 7
MAX_FILES = 999


def _item(text: str, *, align_center: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if align_center:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


def upload_text(batch: BatchView) -> str:
    if batch.upload_state is None:
        return "—"
    waiting = any(m.business_no is None and m.travels for m in batch.members)
    if batch.upload_state is MessageState.QUEUED and waiting:
        return "待上传（等待办件编号）"
    return batch.upload_state.label


def state_text(batch: BatchView) -> str:
    if batch.state == "open":
        return "待交接"
    return f"已交接 · {upload_text(batch)}"


class CourierWorkspace(QWidget):
    """The courier's tools; build with the core services and an AsyncRunner."""

    def __init__(
        self,
        transport: TransportService,
        printer: Printer,
        runner: AsyncRunner,
        session: ActiveSession,
        *,
        audit: AuditLog,
        training: bool,
        today: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.transport = transport
        self.printer = printer
        self.runner = runner
        self.session = session
        self.audit = audit
        self.training = training
        self.today = today or (lambda: business_day(transport.clock()))
        self.batches: list[BatchView] = []
        self.last_pdf: Path | None = None
        self._dialogs: list[QDialog] = []
        self._selected_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_top())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_batches())
        split.addWidget(self._build_detail())
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([460, 900])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)

        QShortcut(QKeySequence(keys.REFRESH), self, activated=self.refresh)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_manifest_a4)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, activated=self.print_manifest_slip)

        # Upload states follow the outbox (debounced: a drain sends many changes at once).
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.refresh)
        self._outbox_news = EventSignal(transport.outbox.message_changed, self)
        self._outbox_news.fired.connect(self._outbox_changed)
        self._show_detail(None)
        self.refresh()

    def _build_top(self) -> QHBoxLayout:
        self.title = QLabel(self.tr("收件转运 · 转运批次"), objectName="SectionTitle")
        self.day_box = QComboBox()
        self.day_box.setAccessibleName(self.tr("业务日期"))
        self.day_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.day_box.setMinimumContentsLength(16)
        for offset in range(RECENT_DAYS):
            day = self.today() - timedelta(days=offset)
            label = {0: self.tr("今天"), 1: self.tr("昨天")}.get(offset, "")
            text = f"{day:%Y-%m-%d}" + (f"（{label}）" if label else "")
            self.day_box.addItem(text, day)
        self.day_box.currentIndexChanged.connect(lambda _=0: self.refresh())
        self.refresh_button = QPushButton(self.tr("刷新") + f" ({keys.REFRESH})")
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel("", objectName="Hint")
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("业务日期：")))
        top.addWidget(self.day_box)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.summary)
        return top

    def _build_batches(self) -> QFrame:
        self.batch_table = QTableWidget(0, 4)
        self.batch_table.setHorizontalHeaderLabels(
            [
                self.tr("批次号"),
                self.tr("窗口"),
                self.tr("件数"),
                self.tr("状态"),
            ]
        )
        self._table_look(self.batch_table)
        self.batch_table.setAccessibleName(self.tr("转运批次"))
        self.batch_table.itemSelectionChanged.connect(self._selection_changed)
        return self._card(self.tr("批次"), self.batch_table)

    def _build_detail(self) -> QFrame:
        self.detail_title = QLabel(self.tr("请选择批次"), objectName="SectionTitle")
        self.detail_facts = QLabel("", objectName="Hint")
        self.detail_facts.setWordWrap(True)
        self.member_table = QTableWidget(0, 6)
        self.member_table.setHorizontalHeaderLabels(
            [
                self.tr("序号"),
                self.tr("办理事项"),
                self.tr("办事人"),
                self.tr("排队号"),
                self.tr("办件编号"),
                self.tr("状态"),
            ]
        )
        self._table_look(self.member_table)
        self.member_table.setAccessibleName(self.tr("批次办件"))
        self.print_a4_button = QPushButton(self.tr("打印交接清单 A4 (Ctrl+P)"))
        self.print_a4_button.clicked.connect(self.print_manifest_a4)
        self.pdf_button = QPushButton(self.tr("导出 PDF"))
        self.pdf_button.clicked.connect(self.ask_export_pdf)
        self.slip_button = QPushButton(self.tr("打印小票清单 (Ctrl+Shift+P)"))
        self.slip_button.clicked.connect(self.print_manifest_slip)
        prints = QHBoxLayout()
        prints.addWidget(self.print_a4_button)
        prints.addWidget(self.pdf_button)
        prints.addWidget(self.slip_button)
        prints.addStretch(1)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail_facts)
        dl.addWidget(self.member_table, 1)
        dl.addLayout(prints)
        dl.addWidget(self._build_hand_over())
        dl.addWidget(self.message)
        return self._card(None, detail)

    def _build_hand_over(self) -> QFrame:
        self.receiver_edit = QLineEdit()
        self.receiver_edit.setPlaceholderText(self.tr("人社经办机构收件人员姓名"))
        self.receiver_edit.setAccessibleName(self.tr("接收人"))
        self.count_spin = QSpinBox()
        self.count_spin.setRange(0, MAX_FILES)
        self.count_spin.setAccessibleName(self.tr("清点份数"))
        self.count_spin.setSuffix(self.tr(" 份"))
        self.count_spin.setMinimumHeight(self.receiver_edit.sizeHint().height())
        self.count_spin.setMaximumWidth(200)
        self.hand_over_button = QPushButton(self.tr("确认交接"), objectName="Primary")
        self.hand_over_button.clicked.connect(self.hand_over)
        self.receiver_edit.returnPressed.connect(self._receiver_done)
        self.count_spin.lineEdit().returnPressed.connect(self.hand_over)
        form = QFormLayout()
        form.addRow(self.tr("接收人："), self.receiver_edit)
        form.addRow(self.tr("清点文件份数："), self.count_spin)
        self.hand_over_box = QFrame(objectName="Card")
        box = QVBoxLayout(self.hand_over_box)
        box.addWidget(QLabel(self.tr("交接给人社经办机构"), objectName="SectionTitle"))
        box.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.hand_over_button)
        box.addLayout(row)
        self.message = QLabel("", objectName="Notice")
        self.message.setWordWrap(True)
        return self.hand_over_box

    # -- building blocks -------------------------------------------------------------------

    @staticmethod
    def _table_look(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setAlternatingRowColors(True)

    @staticmethod
    def _card(title: str | None, body: QWidget) -> QFrame:
        card = QFrame(objectName="Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 10, 12, 10)
        if title:
            layout.addWidget(QLabel(title, objectName="SectionTitle"))
        layout.addWidget(body, 1)
        return card

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setObjectName("Error" if error else "Notice")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    # -- data -----------------------------------------------------------------------------

    @property
    def day(self) -> date:
        value = self.day_box.currentData()
        return value if isinstance(value, date) else self.today()

    def refresh(self) -> None:
        self.runner.run(
            self.transport.batches(self.day),
            control=self.refresh_button,
            on_done=self._show_batches,
            on_error=lambda m: self._say(m, error=True),
        )

    def _outbox_changed(self, view: object) -> None:
        if isinstance(view, MessageView) and view.kind in (KIND_TRANSPORT, KIND_CASE):
            self._debounce.start()

    def _show_batches(self, batches: list[BatchView]) -> None:
        self.batches = batches
        keep = self._selected_id
        self.batch_table.blockSignals(True)
        self.batch_table.setRowCount(len(batches))
        for row, batch in enumerate(batches):
            self.batch_table.setItem(row, 0, _item(batch.label))
            self.batch_table.setItem(row, 1, _item(str(batch.window), align_center=True))
            self.batch_table.setItem(row, 2, _item(str(batch.case_count), align_center=True))
            self.batch_table.setItem(row, 3, _item(state_text(batch)))
        self.batch_table.blockSignals(False)
        waiting = sum(1 for b in batches if b.state == "open" and b.case_count)
        files = sum(b.case_count for b in batches)
        self.summary.setText(
            self.tr("共 {n} 个批次，{files} 件办件；待交接 {waiting} 个").format(
                n=len(batches), files=files, waiting=waiting
            )
        )
        index = next((i for i, b in enumerate(batches) if b.batch_id == keep), None)
        if index is None:  # the first batch still to hand over, else the first
            index = next(
                (i for i, b in enumerate(batches) if b.state == "open" and b.case_count), None
            )
            if index is None and batches:
                index = 0
        if index is None:
            self._show_detail(None)
        else:
            self.batch_table.selectRow(index)
            self._show_detail(batches[index])

    def _selection_changed(self) -> None:
        rows = self.batch_table.selectionModel().selectedRows()
        batch = self.batches[rows[0].row()] if rows else None
        if batch is None or batch.batch_id != self._selected_id:
            self._say("")  # the last message was about another batch
        self._show_detail(batch)

    @property
    def selected(self) -> BatchView | None:
        return next((b for b in self.batches if b.batch_id == self._selected_id), None)

    def _show_detail(self, batch: BatchView | None) -> None:
        self._selected_id = batch.batch_id if batch else None
        has = batch is not None
        for control in (self.print_a4_button, self.pdf_button, self.slip_button):
            control.setEnabled(has)
        if batch is None:
            self.detail_title.setText(self.tr("本日没有转运批次"))
            self.detail_facts.setText(
                self.tr("收件转运事项受理后，材料会自动进入当天本窗口的批次。")
            )
            self.member_table.setRowCount(0)
            self.hand_over_box.setVisible(False)
            return
        self.detail_title.setText(self.tr("批次 {label}").format(label=batch.label))
        travelling = [m for m in batch.members if m.travels]
        self.member_table.setRowCount(len(travelling))
        for row, m in enumerate(travelling):
            self.member_table.setItem(row, 0, _item(str(row + 1), align_center=True))
            self.member_table.setItem(row, 1, _item(m.item_name))
            self.member_table.setItem(row, 2, _item(m.person_masked))
            self.member_table.setItem(row, 3, _item(m.ticket_number or "—", align_center=True))
            self.member_table.setItem(row, 4, _item(m.business_no or self.tr("待上传")))
            self.member_table.setItem(row, 5, _item(m.state.label))
        facts = [
            self.tr("{window} 号窗口 · 转运 {n} 件").format(window=batch.window, n=len(travelling))
        ]
        staying = len(batch.members) - len(travelling)
        if staying:
            facts.append(self.tr("另有 {n} 件不予受理，材料留存窗口").format(n=staying))
        if batch.state == "open":
            facts.append(self.tr("状态：待交接"))
        else:
            at = batch.handed_over_at.astimezone(BUSINESS_TZ) if batch.handed_over_at else None
            facts.append(
                self.tr("已于 {time} 由 {by} 交接给 {receiver}，清点 {files} 份").format(
                    time=f"{at:%H:%M}" if at else "—",
                    by=batch.handed_over_by or "—",
                    receiver=mask_name(batch.received_by) if batch.received_by else "—",
                    files=batch.file_count if batch.file_count is not None else "—",
                )
            )
            facts.append(self.tr("上传：{state}").format(state=upload_text(batch)))
            if batch.upload_error:
                facts.append(self.tr("上传问题：{error}").format(error=batch.upload_error))
        self.detail_facts.setText("　".join(facts))
        can_hand_over = batch.state == "open" and bool(travelling)
        self.hand_over_box.setVisible(can_hand_over)
        if can_hand_over and self.count_spin.value() == 0:
            self.count_spin.setValue(len(travelling))

    # -- hand-over ------------------------------------------------------------------------

    def _receiver_done(self) -> None:
        self.count_spin.setFocus(Qt.FocusReason.TabFocusReason)
        self.count_spin.selectAll()

    def hand_over(self) -> None:
        batch = self.selected
        if batch is None or batch.state != "open":
            return
        receiver = self.receiver_edit.text().strip()
        if len(receiver) < 2:
            self._say(self.tr("请填写接收人（人社经办机构收件人员）"), error=True)
            self.receiver_edit.setFocus()
            return

        def done(view: BatchView) -> None:
            self.receiver_edit.clear()
            self.count_spin.setValue(0)
            self._say(
                self.tr("批次 {label} 已交接（{files} 份），正在上传人社平台。").format(
                    label=view.label, files=view.file_count
                )
            )
            self.refresh()

        self.runner.run(
            self.transport.hand_over(
                batch.batch_id, received_by=receiver, file_count=self.count_spin.value()
            ),
            control=self.hand_over_button,
            on_done=done,
            on_error=lambda m: self._say(m, error=True),
        )

    # -- manifests ------------------------------------------------------------------------

    def _journal_print(self, batch: BatchView, what: str) -> None:
        self.runner.run(
            self.audit.record(
                Action.PRINT.value,
                staff_no=self.session.staff.staff_no,
                role=self.session.workspace_role.value,
                object=batch.batch_id,
                details={"slip": what, "label": batch.label, "training": self.training},
            )
        )

    def print_manifest_slip(self) -> None:
        batch = self.selected
        if batch is None:
            return
        slip = manifest_slip(
            batch,
            outlet=self.session.outlet,
            courier_staff_no=self.session.staff.staff_no,
            training=self.training,
        )

        async def run() -> None:
            outcome = "ok"
            try:
                await self.printer.print_slip(slip)
            except Exception:
                outcome = "failed"
                raise
            finally:
                await self.audit.record(
                    Action.PRINT.value,
                    staff_no=self.session.staff.staff_no,
                    role=self.session.workspace_role.value,
                    object=batch.batch_id,
                    outcome=outcome,
                    details={"slip": "transport_manifest", "label": batch.label},
                )

        self.runner.run(
            run(),
            control=self.slip_button,
            on_done=lambda _: self._say(
                self.tr("已打印小票清单：{label}").format(label=batch.label)
            ),
            on_error=lambda m: self._say(m, error=True),
        )

    def print_manifest_a4(self) -> QPrintDialog | None:
        batch = self.selected
        if batch is None:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_a4(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印交接清单"))
        self._keep(dialog)

        def accepted() -> None:
            manifest_document(
                batch,
                outlet=self.session.outlet,
                courier_staff_no=self.session.staff.staff_no,
                training=self.training,
            ).print_(printer)
            self._journal_print(batch, "transport_manifest_a4")
            self._say(self.tr("已发送打印：交接清单 {label}").format(label=batch.label))

        dialog.accepted.connect(accepted)
        QDialog.open(dialog)  # never exec() under the asyncio loop
        return dialog

    def export_pdf(self, path: Path) -> Path | None:
        batch = self.selected
        if batch is None:
            return None
        written = write_manifest_pdf(
            batch,
            path,
            outlet=self.session.outlet,
            courier_staff_no=self.session.staff.staff_no,
            training=self.training,
        )
        self.last_pdf = written
        self._journal_print(batch, "transport_manifest_pdf")
        self._say(self.tr("已导出 PDF：{path}").format(path=str(written)))
        return written

    def ask_export_pdf(self) -> QFileDialog | None:
        batch = self.selected
        if batch is None:
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = Path(folder or Path.home()) / f"交接清单_{batch.label}.pdf"
        dialog = QFileDialog(
            self, self.tr("导出交接清单 PDF"), str(start), self.tr("PDF 文件 (*.pdf)")
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(str(start))
        self._keep(dialog)

        def chosen(path: str) -> None:
            try:
                self.export_pdf(Path(path))
            except OSError as exc:
                self._say(
                    self.tr("无法写入 PDF：{error}").format(error=exc.strerror or str(exc)),
                    error=True,
                )

        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog

    def _keep(self, dialog: QDialog) -> None:
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self._dialogs.remove(d))

    def close_workspace(self) -> None:
        self._debounce.stop()
        self._outbox_news.detach()
