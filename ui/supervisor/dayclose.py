"""日终签退: the close checklist, the sign-off with the password again, the closed day.

The checklist (`DayCloseService.checklist`) shows each precondition with its state and
what to do, and the things still open in a table beside it:

* 号票全部结束 — 日终关闭… closes every open ticket and pause with a reason;
* 上传已清空或逐件说明 — each undelivered message explained (or wait for the upload);
* 无待处理复核授权 — each unused approval explained;
* 异常已确认 — acknowledged here (all at once) or one by one on the 异常 page;
* 对账一致或已说明 — re-run, or explain each discrepancy (or the failed check).

签署日结… is enabled when every item is met; it asks for the password in a dialog opened
with ``open()``. The close sends the day close (with the journal head) through the outbox,
prints the sign-off slip and writes the day report (PDF/CSV/JSON, exportable again from
here). Afterwards the day is read-only: the page shows the close, can print the slip again
(补打) and records a late correction as a new journal entry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from counter.dayclose import (
    CheckKey,
    Checklist,
    DayCloseRecord,
    DayCloseResult,
    DayCloseService,
    PendingItem,
)
from counter.journal import BUSINESS_TZ
from counter.outbox import MessageState
from counter.report import ReportService
from counter.session import SessionService
from ui import keys
from ui.asyncop import AsyncRunner
from ui.prompts import ask_reason
from ui.qt import (
    QColor,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.supervisor.checklist import CheckRow, files_text, summary_text
from ui.supervisor.password import PasswordDialog, ask_password
from ui.supervisor.widgets import BAD, GOOD, WARN, Card, ReadOnlyTable

__all__ = ["DayClosePage"]

CLOSE_REASONS = ("营业结束，未办号票日终关闭", "系统故障，改为人工登记")
EXPLAIN_CHOICES = {
    CheckKey.OUTBOX: ("平台故障，次日补传", "专网中断，恢复后自动上传"),
    CheckKey.APPROVALS: ("办事人放弃办理", "资料不全，改日再办"),
    CheckKey.EXCEPTIONS: ("已逐条核实，情况属实", "已提醒相关经办人"),
    CheckKey.RECONCILE: ("已联系人社平台核实", "平台故障，次日补对账"),
}
FORMATS = (("pdf", "PDF"), ("csv", "CSV"), ("json", "JSON"))


@dataclass(frozen=True)
class _Pending:
    check: CheckKey
    item: PendingItem


class DayClosePage(QWidget):
    day_closed = Signal(object)  # DayCloseRecord
    go_to = Signal(str)  # "exceptions" | "reconcile"
    checklist_loaded = Signal(object)  # Checklist

    def __init__(
        self,
        day_close: DayCloseService,
        reports: ReportService,
        sessions: SessionService,
        runner: AsyncRunner,
        *,
        reports_dir: Path,
        day: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.day_close = day_close
        self.reports = reports
        self.sessions = sessions
        self.runner = runner
        self.reports_dir = reports_dir
        self.day = day or day_close.today
        self.checklist: Checklist | None = None
        self.record: DayCloseRecord | None = None
        self.result: DayCloseResult | None = None
        self.pending: list[_Pending] = []
        self.password_dialog: PasswordDialog | None = None
        self.exported: dict[str, Path] = {}

        title = QLabel(self.tr("日终签退"), objectName="SectionTitle")
        self.day_label = QLabel("", objectName="Hint")
        self.state = QLabel("", objectName="Notice")
        self.check_button = QPushButton(self.tr("重新检查") + f" ({keys.REFRESH})")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.day_label)
        top.addSpacing(12)
        top.addWidget(self.state, 1)
        top.addWidget(self.check_button)
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        self.message.hide()

        self.split = self._build_checks()

        self.result_card = self._build_result_card()
        self.result_card.hide()
        sign = self._build_sign_bar()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.result_card, 1)
        layout.addWidget(self.split, 1)
        layout.addWidget(sign)
        self._connect()

    def _build_checks(self) -> QSplitter:
        self.rows = {key: CheckRow(key) for key in CheckKey}
        checks = Card(self.tr("日结条件"))
        for row in self.rows.values():
            checks.body.addWidget(row)
        checks.body.addStretch(1)
        pending = Card(self.tr("待处理事项"))
        self.pending_table = ReadOnlyTable(
            [self.tr("检查项"), self.tr("项目"), self.tr("情况"), self.tr("说明")],
            stretch=2,
            accessible_name=self.tr("待处理事项"),
        )
        self.explain_selected = QPushButton(self.tr("说明所选…"))
        self.explain_selected.setEnabled(False)
        pending.top.addWidget(self.explain_selected)
        pending.body.addWidget(self.pending_table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(checks)
        split.addWidget(pending)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 6)
        split.setChildrenCollapsible(False)
        return split

    def _build_result_card(self) -> Card:
        card = Card(self.tr("已日结"))
        self.result_lines = QGridLayout()
        self.result_lines.setHorizontalSpacing(16)
        self.result_values: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(
            (
                ("closed", self.tr("日结")),
                ("summary", self.tr("签署数据")),
                ("head", self.tr("日志链头")),
                ("upload", self.tr("上报人社平台")),
                ("slip", self.tr("签字单")),
                ("files", self.tr("日报表")),
            )
        ):
            name = QLabel(label, objectName="FigureLabel")
            value = QLabel("")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.result_lines.addWidget(name, i, 0, Qt.AlignmentFlag.AlignTop)
            self.result_lines.addWidget(value, i, 1)
            self.result_values[key] = value
        self.result_lines.setColumnStretch(1, 1)
        card.body.addLayout(self.result_lines)
        card.body.addStretch(1)
        self.reprint_button = QPushButton(self.tr("补打签字单"))
        self.correction_button = QPushButton(self.tr("事后更正…"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reprint_button)
        row.addWidget(self.correction_button)
        card.body.addLayout(row)
        return card

    def _build_sign_bar(self) -> Card:
        sign = Card(self.tr("签署"))
        sign.hide_title()
        self.sign_hint = QLabel(
            self.tr(
                "签署后：上报日结和日志链头，打印签字单，生成日报表；当日记录只读，"
                "更正只能作为新记录登记。"
            ),
            objectName="Hint",
        )
        self.sign_hint.setWordWrap(True)
        self.export_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(self.sign_hint, 1)
        for fmt, label in FORMATS:
            button = QPushButton(self.tr("导出 {fmt}").format(fmt=label))
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
            row.addWidget(button)
        self.sign_button = QPushButton(self.tr("签署日结…"), objectName="Primary")
        self.sign_button.setEnabled(False)
        row.addSpacing(12)
        row.addWidget(self.sign_button)
        sign.body.addLayout(row)
        self.export_note = QLabel("", objectName="Hint")
        self.export_note.setWordWrap(True)
        self.export_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_note.hide()
        sign.body.addWidget(self.export_note)
        return sign

    def _connect(self) -> None:
        self.check_button.clicked.connect(self.refresh)
        self.sign_button.clicked.connect(self.sign)
        self.explain_selected.clicked.connect(self._explain_selected)
        self.pending_table.itemSelectionChanged.connect(self._pending_selected)
        self.reprint_button.clicked.connect(self._reprint)
        self.correction_button.clicked.connect(self._correction)
        rows = self.rows
        rows[CheckKey.TICKETS].action.setText(self.tr("日终关闭…"))
        rows[CheckKey.TICKETS].action.clicked.connect(self._close_tickets)
        rows[CheckKey.EXCEPTIONS].action.setText(self.tr("去处理"))
        rows[CheckKey.EXCEPTIONS].action.clicked.connect(lambda: self.go_to.emit("exceptions"))
        rows[CheckKey.RECONCILE].action.setText(self.tr("查看对账"))
        rows[CheckKey.RECONCILE].action.clicked.connect(lambda: self.go_to.emit("reconcile"))
        for key, row in rows.items():
            row.explain.clicked.connect(lambda _=False, k=key: self._explain_all(k))

    # --- the checklist ------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self.record is not None

    def refresh(self) -> None:
        self.state.setText(self.tr("正在检查日结条件（含与平台对账）…"))
        self.runner.run(
            self.day_close.checklist(self.day()),
            control=self.check_button,
            on_done=self.show_checklist,
            on_error=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        if self.checklist is not None:
            self._show_state(self.checklist)

    def show_checklist(self, checklist: Checklist) -> None:
        self.message.hide()
        self.checklist = checklist
        self.day_label.setText(self.tr("营业日 {day}").format(day=checklist.day.isoformat()))
        if checklist.closed is not None:
            self._show_closed(checklist.closed)
        writable = checklist.closed is None
        for item in checklist.items:
            row = self.rows[item.key]
            row.show_item(item, writable)
            row.action.setVisible(
                writable
                and (
                    (item.key is CheckKey.TICKETS and not item.ok)
                    or item.key in (CheckKey.EXCEPTIONS, CheckKey.RECONCILE)
                )
            )
        self.pending = [
            _Pending(item.key, p) for item in checklist.items for p in item.pending if not item.ok
        ]
        self.pending_table.fill(
            [
                [
                    p.check.label,
                    p.item.label,
                    p.item.detail,
                    p.item.note or (self.tr("待说明") if p.check.note_kind else self.tr("待处理")),
                ]
                for p in self.pending
            ],
            numeric_from=99,
        )
        for r, p in enumerate(self.pending):
            cell = self.pending_table.item(r, 3)
            if cell is not None:
                cell.setForeground(QColor(GOOD if p.item.explained else WARN))
        self._pending_selected()
        self._show_state(checklist)
        self.checklist_loaded.emit(checklist)

    def _show_state(self, checklist: Checklist) -> None:
        if checklist.closed is not None:
            self.sign_button.setEnabled(False)
            self.sign_button.setText(self.tr("已日结"))
            return
        met = sum(1 for i in checklist.items if i.ok)
        self.sign_button.setText(self.tr("签署日结…"))
        self.sign_button.setEnabled(checklist.ready)
        if checklist.ready:
            self.state.setText(self.tr("日结条件全部满足，可以签署。"))
            self.state.setStyleSheet(f"color: {GOOD};")
        else:
            self.state.setText(
                self.tr("日结条件 {met}/{n} 项已满足").format(met=met, n=len(checklist.items))
            )
            self.state.setStyleSheet(f"color: {WARN};")

    def _pending_selected(self) -> None:
        p = self._selected_pending()
        self.explain_selected.setEnabled(
            p is not None and p.check.note_kind is not None and not p.item.explained
        )

    def _selected_pending(self) -> _Pending | None:
        row = self.pending_table.currentRow()
        if self.pending_table.selectionModel().hasSelection() and 0 <= row < len(self.pending):
            return self.pending[row]
        return None

    # --- the supervisor's actions before close ------------------------------------------

    def _after(self, changed: object) -> None:
        if changed:
            self.refresh()

    def _close_tickets(self) -> None:
        button = self.rows[CheckKey.TICKETS].action

        async def go() -> int | None:
            reason = await ask_reason(
                self,
                self.tr("日终关闭号票"),
                self.tr("结束全部未办号票和窗口暂停（结果记为“日终关闭”）。原因："),
                CLOSE_REASONS,
            )
            if reason is None:
                return None
            return await self.day_close.close_open_tickets(reason)

        self.runner.run(go(), control=button, on_done=self._after, on_error=self._failed)

    def _explain_all(self, key: CheckKey) -> None:
        if self.checklist is None:
            return
        item = self.checklist.item(key)
        pending = [p.key for p in item.pending if not p.explained]
        self._explain(key, pending, self.rows[key].explain)

    def _explain_selected(self) -> None:
        p = self._selected_pending()
        if p is not None:
            self._explain(p.check, [p.item.key], self.explain_selected)

    def _explain(self, check: CheckKey, keys: list[str], control: QPushButton) -> None:
        kind = check.note_kind
        if kind is None or not keys:
            return

        async def go() -> int:
            prompt = self.tr("{check}：为 {n} 项填写说明（写入日志，随日结上报）").format(
                check=check.label, n=len(keys)
            )
            note = await ask_reason(self, self.tr("填写说明"), prompt, EXPLAIN_CHOICES[check])
            if note is None:
                return 0
            return await self.day_close.explain(self.day(), kind, keys, note)

        self.runner.run(go(), control=control, on_done=self._after, on_error=self._failed)

    # --- the sign-off -------------------------------------------------------------------

    def sign(self) -> None:
        if self.checklist is None or not self.checklist.ready:
            return
        self.runner.run(
            self._sign(), control=self.sign_button, on_done=self._signed, on_error=self._failed
        )

    async def _sign(self) -> DayCloseResult | None:
        session = self.sessions.current
        if session is None:
            return None
        day = self.day()
        dialog, answer = ask_password(
            self,
            self.tr("{name}（{staff}）").format(
                name=session.masked_name, staff=session.staff.staff_no
            ),
            self.tr(
                "签署 {day} 日结：上报日结与日志链头、打印签字单。签署后当日记录不可修改。"
            ).format(day=day.isoformat()),
        )
        self.password_dialog = dialog
        password = await answer
        self.password_dialog = None
        if password is None:
            return None
        self.state.setText(self.tr("正在日结：上报日结和日志链头，打印签字单…"))
        self.state.setStyleSheet("")
        return await self.day_close.close(password, day=day)

    def _signed(self, result: DayCloseResult | None) -> None:
        if result is None:
            if self.checklist is not None:
                self._show_state(self.checklist)
            return
        self.message.hide()
        self.result = result
        self.exported = {p.suffix.lstrip("."): p for p in result.files}
        self._show_closed(result.record)
        slip = (
            self.tr("已打印（含日志链头）")
            if result.printed
            else self.tr("未打印：{error}，请补打").format(error=result.print_error or "")
        )
        self.result_values["slip"].setText(slip)
        self.result_values["slip"].setStyleSheet("" if result.printed else f"color: {BAD};")
        if result.files:
            self.result_values["files"].setText(files_text(result.files))
        self.refresh()

    def _show_closed(self, record: DayCloseRecord) -> None:
        first = self.record is None
        self.record = record
        closed_at = record.closed_at.astimezone(BUSINESS_TZ).strftime("%Y-%m-%d %H:%M")
        self.state.setText(self.tr("{day} 已日结（只读）").format(day=record.day.isoformat()))
        self.state.setStyleSheet(f"color: {GOOD};")
        self.result_card.title.setText(self.tr("✔ 已日结"))
        self.result_values["closed"].setText(
            self.tr("{time} · 主管 {staff} · 窗口 {window}").format(
                time=closed_at, staff=record.closed_by, window=record.window
            )
        )
        self.result_values["summary"].setText(summary_text(record.summary))
        self.result_values["head"].setText(
            self.tr("{head}（序号 {seq}）").format(
                head=record.journal_head, seq=record.journal_count
            )
        )
        upload = record.upload_state
        upload_text = {
            MessageState.ACCEPTED: self.tr("已受理"),
            MessageState.QUEUED: self.tr("待上传（联网后自动上报）"),
            MessageState.SENDING: self.tr("上传中"),
        }.get(upload, upload.label)
        if record.upload_message and upload is not MessageState.ACCEPTED:
            upload_text += f"：{record.upload_message}"
        self.result_values["upload"].setText(upload_text)
        if not self.result_values["slip"].text():
            self.result_values["slip"].setText(self.tr("可补打"))
        if not self.result_values["files"].text():
            self.result_values["files"].setText(self.tr("可在下方导出 PDF / CSV / JSON"))
        self.split.hide()  # first: both shown at once would grow the window
        self.result_card.show()
        self.sign_button.setEnabled(False)
        self.sign_button.setText(self.tr("已日结"))
        self.sign_hint.setText(
            self.tr("当日已日结，记录只读。更正请用“事后更正”，作为新记录登记。")
        )
        if first:
            self.day_closed.emit(record)

    # --- after close --------------------------------------------------------------------

    def export(self, fmt: str) -> None:
        day = self.day()
        button = self.export_buttons[fmt]

        async def go() -> Path:
            report = await self.reports.day(day)
            stem = f"day-report-{report.outlet_code or 'outlet'}-{day.isoformat()}"
            path = self.reports_dir / f"{stem}.{fmt}"
            try:
                return await asyncio.to_thread(ReportService.write, report, fmt, path)
            except OSError as exc:  # disk full, no permission: say what to do
                text = self.tr("报表未能写入 {folder}（{why}）。请检查磁盘空间和文件夹权限后重试。")
                raise ValueError(text.format(folder=path.parent, why=exc.strerror)) from exc

        def done(path: Path) -> None:
            self.exported[fmt] = path
            self.export_note.setText(self.tr("已导出：{path}").format(path=path))
            if self.record is not None:
                self.result_values["files"].setText(files_text(list(self.exported.values())))
            self.export_note.show()

        self.export_note.setText(self.tr("正在导出 {fmt} 报表…").format(fmt=fmt.upper()))
        self.export_note.show()

        def failed(message: str) -> None:
            self.export_note.hide()
            self._failed(message)

        self.runner.run(go(), control=button, on_done=done, on_error=failed)

    def _reprint(self) -> None:
        record = self.record
        if record is None:
            return

        def done(answer: tuple[bool, str | None]) -> None:
            printed, error = answer
            self.result_values["slip"].setText(
                self.tr("已补打") if printed else self.tr("补打失败：{e}").format(e=error or "")
            )

        self.runner.run(
            self.day_close.reprint_slip(record.day),
            control=self.reprint_button,
            on_done=done,
            on_error=self._failed,
        )

    def _correction(self) -> None:
        record = self.record
        if record is None:
            return

        async def go() -> bool:
            text = await ask_reason(
                self,
                self.tr("事后更正"),
                self.tr("{day} 已日结，原记录不修改。请写明更正内容（作为新日志记录）：").format(
                    day=record.day.isoformat()
                ),
            )
            if text is None:
                return False
            await self.day_close.late_correction(record.day, text)
            return True

        def done(saved: bool) -> None:
            if saved:
                self.export_note.setText(self.tr("事后更正已登记（新日志记录）。"))
                self.export_note.show()

        self.runner.run(go(), control=self.correction_button, on_done=done, on_error=self._failed)
