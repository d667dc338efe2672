"""Pieces of the day-close page: a checklist row, and the texts of a closed day."""

from __future__ import annotations

from pathlib import Path

from counter.bureau.supervision import DaySummary
from counter.dayclose import CheckItem, CheckKey
from ui.qt import QCoreApplication, QFrame, QGridLayout, QLabel, QPushButton, Qt, QWidget
from ui.supervisor.widgets import BAD, GOOD

__all__ = ["CheckRow", "files_text", "summary_text"]


class CheckRow(QFrame):
    """One precondition: its mark, label, state, what to do, and its buttons."""

    def __init__(self, key: CheckKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.mark = QLabel("…", objectName="CheckMark")
        self.mark.setFixedWidth(28)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(key.label, objectName="CheckLabel")
        self.detail = QLabel("", objectName="Hint")
        self.detail.setWordWrap(True)
        self.action = QPushButton("")
        self.explain = QPushButton(self.tr("逐项说明…"))
        self.action.hide()
        self.explain.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 6, 4, 6)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.mark, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 0, 1)
        layout.addWidget(self.action, 0, 2)
        layout.addWidget(self.explain, 0, 3)
        layout.addWidget(self.detail, 1, 1, 1, 3)
        layout.setColumnStretch(1, 1)
        self.item: CheckItem | None = None

    @property
    def ok(self) -> bool:
        return self.item is not None and self.item.ok

    def show_item(self, item: CheckItem, writable: bool) -> None:
        self.item = item
        self.mark.setText("✔" if item.ok else "✘")
        self.mark.setStyleSheet(f"color: {GOOD if item.ok else BAD}; font-size: 20px;")
        detail = item.detail if item.ok or not item.fix else f"{item.detail}。{item.fix}"
        self.detail.setText(detail)
        self.setAccessibleName(f"{item.label}：{'已满足' if item.ok else '未满足'}")
        unexplained = [p for p in item.pending if not p.explained]
        has_notes = item.key.note_kind is not None
        self.explain.setVisible(has_notes and bool(unexplained) and writable)
        self.explain.setText(self.tr("说明 {n} 项…").format(n=len(unexplained)))
        if item.key is CheckKey.EXCEPTIONS:
            self.explain.setText(self.tr("全部确认（{n}）…").format(n=len(unexplained)))


def summary_text(sm: DaySummary) -> str:
    """The signed figures on one line."""
    return QCoreApplication.translate(
        "DayClosePage",
        "取号 {issued} · 办结 {served} · 过号 {no_show} · 转办 {transferred} · "
        "取消 {cancelled} · 日终关闭 {closed} · 办件 {cases}（已受理 {accepted}，"
        "待上传 {pending}）· 差评 {bad} · 异常 {exceptions} · 说明 {notes} · "
        "日志 {entries} 条",
    ).format(
        issued=sm.tickets_issued,
        served=sm.served,
        no_show=sm.no_show,
        transferred=sm.transferred,
        cancelled=sm.cancelled,
        closed=sm.closed_at_day_end,
        cases=sm.cases_total,
        accepted=sm.cases_accepted,
        pending=sm.cases_pending,
        bad=sm.ratings_bad,
        exceptions=sm.exceptions,
        notes=sm.explanations,
        entries=sm.journal_entries,
    )


def files_text(files: list[Path]) -> str:
    """The folder once, then the file names."""
    if not files:
        return ""
    folder = files[0].parent
    names = "、".join(p.name for p in files)
    return f"{names}\n（{folder}）"
