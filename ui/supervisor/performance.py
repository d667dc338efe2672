"""绩效: per clerk for a chosen period — cases, service time, ratings, rejections.

The period is picked with two date fields or a preset (今天, 本周, 本月, 近 30 天). Ratings
show as a distribution per clerk (and the share of good and bad), never an average alone.
"""

from __future__ import annotations

from datetime import date, timedelta

from counter.report import ClerkPerformance, ReportService
from ui.asyncop import AsyncRunner
from ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.supervisor.chart import StackedBars
from ui.supervisor.today import rating_segments
from ui.supervisor.widgets import Card, ReadOnlyTable, duration_pair, minutes, percent

__all__ = ["PerformancePage", "preset_period"]

PRESETS = ("今天", "本周", "本月", "近 30 天", "自定义")


def preset_period(name: str, today: date) -> tuple[date, date] | None:
    """The dates of a preset; None for 自定义."""
    if name == "今天":
        return today, today
    if name == "本周":
        return today - timedelta(days=today.weekday()), today
    if name == "本月":
        return today.replace(day=1), today
    if name == "近 30 天":
        return today - timedelta(days=29), today
    return None


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class PerformancePage(QWidget):
    def __init__(
        self, reports: ReportService, runner: AsyncRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reports = reports
        self.runner = runner
        self.rows: list[ClerkPerformance] = []

        title = QLabel(self.tr("绩效（按经办人）"), objectName="SectionTitle")
        self.preset = QComboBox()
        self.preset.addItems([self.tr(p) for p in PRESETS])
        self.preset.setAccessibleName(self.tr("统计期间"))
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit, name in ((self.start, self.tr("开始日期")), (self.end, self.tr("结束日期"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.show_button = QPushButton(self.tr("统计"), objectName="Primary")
        self.message = QLabel("", objectName="Error")
        self.message.hide()
        self.summary = QLabel("", objectName="Hint")
        bar = self._bar(title)

        self.table = self._table()
        table_card = Card(self.tr("期间合计"))
        table_card.top.addWidget(self.summary)
        table_card.body.addWidget(self.table, 1)
        self.ratings = StackedBars(self.tr("评价分布（按经办人）"), rating_segments())
        rating_card = Card(self.tr("好差评分布"))
        rating_card.body.addWidget(self.ratings, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(table_card)
        split.addWidget(rating_card)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.preset.currentTextChanged.connect(self._preset_changed)
        self.start.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._dates_edited)
        self.show_button.clicked.connect(self.refresh)
        self._setting = False
        self.preset.setCurrentIndex(PRESETS.index("本月"))
        self._preset_changed(self.preset.currentText())

    def _bar(self, title: QLabel) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(16)
        bar.addWidget(QLabel(self.tr("期间")))
        bar.addWidget(self.preset)
        bar.addWidget(self.start)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.end)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        return bar

    def _table(self) -> ReadOnlyTable:
        return ReadOnlyTable(
            [
                self.tr("经办人"),
                self.tr("办件"),
                self.tr("已受理"),
                self.tr("不予受理"),
                self.tr("不予受理率"),
                self.tr("需处理"),
                self.tr("办结号票"),
                self.tr("平均办理（分钟）"),
                self.tr("办理 中位/P90"),
                self.tr("评价"),
                self.tr("好评率"),
                self.tr("差评"),
            ],
            stretch=None,
            accessible_name=self.tr("绩效"),
        )

    def period(self) -> tuple[date, date]:
        return _pydate(self.start.date()), _pydate(self.end.date())

    def set_period(self, start: date, end: date) -> None:
        self._setting = True
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))
        self._setting = False

    def _preset_changed(self, text: str) -> None:
        index = self.preset.currentIndex()
        chosen = preset_period(PRESETS[index], self.reports.today()) if index >= 0 else None
        if chosen is not None:
            self.set_period(*chosen)
        del text

    def _dates_edited(self) -> None:
        if not self._setting:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(PRESETS.index("自定义"))
            self.preset.blockSignals(False)

    def refresh(self) -> None:
        start, end = self.period()
        if end < start:
            self.message.setText(self.tr("结束日期不能早于开始日期。"))
            self.message.show()
            self.end.setFocus()
            return
        self.runner.run(
            self.reports.performance(start, end),
            control=self.show_button,
            on_done=self.show_rows,
            on_error=self._failed,
        )

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def show_rows(self, rows: list[ClerkPerformance]) -> None:
        self.message.hide()
        self.rows = list(rows)
        table = []
        for p in rows:
            r = p.ratings
            table.append(
                [
                    p.staff_no,
                    str(p.cases),
                    str(p.accepted),
                    str(p.rejected),
                    percent(p.rejected, p.cases),
                    str(p.needs_attention),
                    str(p.served_tickets),
                    minutes(p.average_service_s),
                    duration_pair(p.service),
                    str(r.rated),
                    percent(r.good, r.rated),
                    str(r.bad),
                ]
            )
        self.table.fill(table)
        self.ratings.set_rows([(p.staff_no, list(p.ratings.counts.values())) for p in rows])
        start, end = self.period()
        self.summary.setText(
            self.tr("{start} 至 {end} · {n} 人 · 办件 {cases} 件").format(
                start=start.isoformat(),
                end=end.isoformat(),
                n=len(rows),
                cases=sum(p.cases for p in rows),
            )
        )
