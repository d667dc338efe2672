"""今日概况: the day at a glance, from the day report (`counter.report`).

Figures across the top (tickets issued / served / no-show / transferred / cancelled, waiting
and service time median and P90, estimate accuracy, pause time); the day by hour as bar
charts (tickets issued and served; median and P90 wait); ratings as a distribution per
clerk; tables by item and by clerk; pauses with their reasons.

The page follows the queue and the outbox: a change reloads it, coalesced so a burst of
calls costs one report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter.journal import BUSINESS_TZ
from counter.queue.model import TicketOutcome
from counter.queue.stats import GroupStats
from counter.report import RATING_ORDER, DayReport, ReportService
from ui import keys
from ui.asyncop import AsyncRunner
from ui.qt import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.supervisor.chart import BarChart, Segment, Series, StackedBars
from ui.supervisor.widgets import (
    BAD,
    WARN,
    Card,
    FigureTile,
    ReadOnlyTable,
    duration_pair,
    minutes,
    percent,
)

__all__ = ["RATING_COLOURS", "TodayPage", "rating_segments"]

REFRESH_DELAY_MS = 400
RATING_COLOURS = ("#067647", "#4caf7d", "#9aa5b1", "#f79009", "#b42318", "#e4e7eb")


def rating_segments() -> list[Segment]:
    return [
        Segment(level.value, colour)
        for level, colour in zip(RATING_ORDER, RATING_COLOURS, strict=True)
    ]


class TodayPage(QWidget):
    """The supervisor's dashboard of one business day (today by default)."""

    def __init__(
        self,
        reports: ReportService,
        runner: AsyncRunner,
        *,
        day: Callable[[], date] | None = None,
        item_name: Callable[[str], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reports = reports
        self.runner = runner
        self.day = day or reports.today
        self.item_name = item_name or (lambda _code: None)
        self.report: DayReport | None = None
        self._loading = False
        self._again = False

        title = QLabel(self.tr("今日概况"), objectName="SectionTitle")
        self.stamp = QLabel("", objectName="Hint")
        self.refresh_button = QPushButton(self.tr("刷新") + f" ({keys.REFRESH})")
        self.message = QLabel("", objectName="Error")
        self.message.hide()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.stamp, 1)
        top.addWidget(self.refresh_button)

        tiles = self._build_tiles()
        grid = self._build_cards()

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(8)
        inner.addLayout(tiles)
        inner.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)

    def _build_tiles(self) -> QHBoxLayout:
        self.tiles: dict[str, FigureTile] = {}
        tiles = QHBoxLayout()
        tiles.setSpacing(8)
        for key, label in (
            ("issued", self.tr("取号")),
            ("served", self.tr("办结")),
            ("no_show", self.tr("过号")),
            ("transferred", self.tr("转办")),
            ("cancelled", self.tr("取消")),
            ("open", self.tr("未结束")),
            ("waiting", self.tr("等候中位·分")),
            ("service", self.tr("办理中位·分")),
            ("estimate", self.tr("预计准确率")),
            ("pauses", self.tr("暂停·分")),
        ):
            tile = FigureTile(label)
            self.tiles[key] = tile
            tiles.addWidget(tile, 1)
        return tiles

    def _build_cards(self) -> QGridLayout:
        self.hour_counts = BarChart(self.tr("按小时：取号与办结（张）"))
        self.hour_waits = BarChart(
            self.tr("按小时：等候时间（分钟）"), value_text=_one_decimal, min_step=0.5
        )
        self.ratings = StackedBars(self.tr("评价分布（按经办人）"), rating_segments())
        charts = Card(self.tr("时段"))
        charts.hide_title()
        row = QHBoxLayout()
        row.addWidget(self.hour_counts, 1)
        row.addWidget(self.hour_waits, 1)
        charts.body.addLayout(row, 1)
        rating_card = Card(self.tr("好差评"))
        rating_card.hide_title()
        rating_card.body.addWidget(self.ratings, 1)

        group_columns = [self.tr("号票"), self.tr("办结"), self.tr("等候"), self.tr("办理")]
        self.by_item = ReadOnlyTable(
            [self.tr("业务"), *group_columns], accessible_name=self.tr("按业务")
        )
        self.by_clerk = ReadOnlyTable(
            [self.tr("经办人"), *group_columns], accessible_name=self.tr("按经办人")
        )
        item_card = Card(self.tr("按业务"))
        item_card.set_hint(self.tr("时间：分钟，中位数/P90"))
        item_card.body.addWidget(self.by_item, 1)
        clerk_card = Card(self.tr("按经办人"))
        clerk_card.set_hint(self.tr("时间：分钟，中位数/P90"))
        clerk_card.body.addWidget(self.by_clerk, 1)
        self.pauses = ReadOnlyTable(
            [self.tr("暂停"), self.tr("分钟")], accessible_name=self.tr("暂停与原因")
        )
        self.estimate_note = QLabel("", objectName="Hint")
        self.estimate_note.setWordWrap(True)
        pause_card = Card(self.tr("窗口暂停"))
        pause_card.body.addWidget(self.pauses, 1)
        pause_card.body.addWidget(self.estimate_note)

        grid = QGridLayout()
        grid.setSpacing(8)
        grid.addWidget(charts, 0, 0, 1, 2)
        grid.addWidget(rating_card, 0, 2)
        grid.addWidget(item_card, 1, 0)
        grid.addWidget(clerk_card, 1, 1)
        grid.addWidget(pause_card, 1, 2)
        grid.setColumnStretch(0, 11)
        grid.setColumnStretch(1, 8)
        grid.setColumnStretch(2, 8)
        grid.setRowStretch(0, 5)
        grid.setRowStretch(1, 4)
        grid.setRowMinimumHeight(0, 220)
        grid.setRowMinimumHeight(1, 190)
        return grid

    # --- loading ------------------------------------------------------------------------

    def schedule_refresh(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.runner.run(
            self.reports.day(self.day(), check_chain=False),
            on_done=self.show_report,
            on_error=self._failed,
        )

    def _finish(self) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self._finish()

    # --- showing ------------------------------------------------------------------------

    def show_report(self, report: DayReport) -> None:
        self.report = report
        self.message.hide()
        q = report.queue
        o = q.outcomes
        stamp = self.tr("营业日 {day} · 更新于 {time}").format(
            day=report.day.isoformat(),
            time=report.generated_at.astimezone(BUSINESS_TZ).strftime("%H:%M:%S"),
        )
        if report.close is not None:
            stamp += self.tr(" · 已日结（只读）")
        self.stamp.setText(stamp)
        self.tiles["issued"].set(
            str(q.issued),
            self.tr("绿色通道 {g}").format(g=q.priority),
        )
        self.tiles["served"].set(
            str(o[TicketOutcome.SERVED]), self.tr("重呼 {n}").format(n=q.recalls)
        )
        self.tiles["no_show"].set(
            str(o[TicketOutcome.NO_SHOW]), self.tr("过号重排 {n}").format(n=q.requeued)
        )
        self.tiles["transferred"].set(str(o[TicketOutcome.TRANSFERRED]))
        self.tiles["cancelled"].set(
            str(o[TicketOutcome.CANCELLED]),
            self.tr("日终关闭 {n}").format(n=o[TicketOutcome.CLOSED_AT_DAY_END]),
        )
        self.tiles["open"].set(
            str(q.open),
            self.tr("未打印 {n}").format(n=q.not_printed) if q.not_printed else "",
            WARN if q.open else None,
        )
        self.tiles["waiting"].set(
            minutes(q.waiting.median_s),
            self.tr("P90 {p}").format(p=minutes(q.waiting.p90_s)),
        )
        self.tiles["service"].set(
            minutes(q.service.median_s),
            self.tr("P90 {p}").format(p=minutes(q.service.p90_s)),
        )
        e = q.estimates
        self.tiles["estimate"].set(
            percent(e.within_range, e.measured),
            self.tr("区间内 {w}/{m}").format(w=e.within_range, m=e.measured),
        )
        self.tiles["pauses"].set(
            minutes(q.pauses.total_s) if q.pauses.count else "0",
            self.tr("{n} 次").format(n=q.pauses.count),
        )

        hours = [f"{h.hour:02d}" for h in report.by_hour]
        self.hour_counts.set_data(
            hours,
            [
                Series(self.tr("取号"), "#0b6bcb", [h.issued for h in report.by_hour]),
                Series(self.tr("办结"), "#3aa76d", [h.served for h in report.by_hour]),
            ],
        )
        self.hour_waits.set_data(
            hours,
            [
                Series(
                    self.tr("中位数"), "#0b6bcb", [_min(h.waiting.median_s) for h in report.by_hour]
                ),
                Series(self.tr("P90"), "#f79009", [_min(h.waiting.p90_s) for h in report.by_hour]),
            ],
        )
        rows = [(r.clerk, list(r.counts.values())) for r in report.ratings]
        self.ratings.set_rows(rows)
        bad = report.ratings_total.bad
        self.ratings.title = self.tr("评价分布（按经办人）· {n} 条 · 差评 {b}").format(
            n=report.ratings_total.total, b=bad
        )

        names = {g.key: g.label for g in report.cases_by_item}
        self.by_item.fill(
            [_group_row(g, names.get(g.key) or self.item_name(g.key) or "") for g in q.by_item]
        )
        self.by_clerk.fill([_group_row(g, "") for g in q.by_clerk])

        pause_rows = [
            [self.tr("原因：{r}").format(r=reason), minutes(seconds)]
            for reason, seconds in sorted(q.pauses.by_reason.items(), key=lambda kv: -kv[1])
        ]
        pause_rows += [
            [self.tr("{w} 号窗口").format(w=window), minutes(seconds)]
            for window, seconds in sorted(q.pauses.by_window.items())
        ]
        self.pauses.fill(pause_rows)
        error = e.mean_abs_error_min
        bias = e.mean_error_min
        note = self.tr("预计等候：可比 {m} 张（共 {s} 张）").format(m=e.measured, s=e.slips)
        if error is not None:
            note += self.tr("，平均误差 {err} 分钟").format(err=f"{error:.1f}")
            if bias is not None and abs(bias) >= 0.5:
                note += self.tr("，实际偏长") if bias > 0 else self.tr("，实际偏短")
        self.estimate_note.setText(note + "。")
        self.tiles["estimate"].value.setStyleSheet(
            f"color: {BAD};" if e.measured and e.within_range * 2 < e.measured else ""
        )
        self._finish()


def _min(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 60


def _one_decimal(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _group_row(g: GroupStats, name: str) -> list[str]:
    label = f"{name}（{g.key}）" if name else g.key
    return [
        label,
        str(g.legs),
        str(g.served),
        duration_pair(g.waiting),
        duration_pair(g.service),
    ]
