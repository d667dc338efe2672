"""Two small QPainter charts for the supervisor (no chart library needed).

* :class:`BarChart` — grouped vertical bars over categories (e.g. hours of the day), with a
  legend, a y axis with round steps, and the value on each bar.
* :class:`StackedBars` — one horizontal bar per row (e.g. per clerk), split into coloured
  segments (e.g. the five rating levels), with the counts written in the segments: a
  distribution at a glance, not just an average.

Both describe their data in ``accessibleDescription`` so a screen reader (and a test) can
read what the chart shows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ui.qt import (
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
)

__all__ = ["BarChart", "Series", "StackedBars", "nice_step"]

AXIS = QColor("#7b8794")
GRID = QColor("#e4e7eb")
TEXT = QColor("#1f2933")
MUTED = QColor("#52606d")


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: Sequence[float | None]


def nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2, 5 × 10ⁿ) so that ``ticks`` steps cover ``top``."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _plain(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


class BarChart(QWidget):
    """Grouped bars: ``categories`` along x, one bar per series in each group."""

    def __init__(
        self,
        title: str = "",
        *,
        value_text: Callable[[float], str] = _plain,
        min_step: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.value_text = value_text
        # The smallest axis step the labels can tell apart (0.1 for one decimal place):
        # finer steps print the same label twice (0.1, 0.1, 0.0, 0.0).
        self.min_step = min_step
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.empty_text = self.tr("暂无数据")
        self.setMinimumSize(QSize(320, 180))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    def set_data(self, categories: Sequence[str], series: Sequence[Series]) -> None:
        self.categories = list(categories)
        self.series = [s for s in series if len(s.values) == len(self.categories)]
        parts = []
        for i, category in enumerate(self.categories):
            values = [
                f"{s.name} {self.value_text(v)}"
                for s in self.series
                if (v := s.values[i]) is not None
            ]
            parts.append(f"{category}：{'，'.join(values)}")
        self.setAccessibleDescription("；".join(parts) or self.empty_text)
        self.update()

    def axis_ticks(self, peak: float) -> list[float]:
        """The y-axis values from 0 to the first round value at or above ``peak``."""
        step = max(nice_step(peak), self.min_step)
        y_max = step * math.ceil(peak / step)
        return [step * i for i in range(round(y_max / step) + 1)]

    def top_value(self) -> float:
        values = [v for s in self.series for v in s.values if v is not None]
        return max(values, default=0.0)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRectF(self.rect()))
        painter.end()

    def paint(self, painter: QPainter, area: QRectF) -> None:
        fm = QFontMetrics(painter.font())
        line = fm.height()
        top = area.top() + 4
        if self.title:
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(area.left(), top, area.width(), line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                self.title,
            )
        # legend, right-aligned on the title line
        x = area.right() - 4
        for s in reversed(self.series):
            width = fm.horizontalAdvance(s.name)
            x -= width
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(x, top, width, line), int(Qt.AlignmentFlag.AlignVCenter), s.name
            )
            x -= 16
            painter.fillRect(QRectF(x, top + line / 2 - 5, 11, 11), QColor(s.colour))
            x -= 14
        top += line + 8
        peak = self.top_value()
        if not self.categories or peak <= 0:
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(area.left(), top, area.width(), area.bottom() - top),
                int(Qt.AlignmentFlag.AlignCenter),
                self.empty_text,
            )
            return
        ticks = self.axis_ticks(peak)
        y_max = ticks[-1]
        axis_w = max(fm.horizontalAdvance(self.value_text(t)) for t in ticks) + 8
        plot = QRectF(
            area.left() + axis_w,
            top + line,  # room for the value above the highest bar
            area.width() - axis_w - 6,
            area.bottom() - top - line - line - 6,  # room for the category labels
        )
        if plot.height() < 20 or plot.width() < 20:
            return
        for t in ticks:
            y = plot.bottom() - plot.height() * t / y_max
            painter.setPen(QPen(GRID if t else AXIS, 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(area.left(), y - line / 2, axis_w - 6, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                self.value_text(t),
            )
        group_w = plot.width() / len(self.categories)
        n = max(1, len(self.series))
        bar_w = max(3.0, min(34.0, group_w * 0.8 / n))
        label_every = max(1, math.ceil(fm.horizontalAdvance("00:00") * 1.2 / group_w))
        for i, category in enumerate(self.categories):
            left = plot.left() + group_w * i + (group_w - bar_w * n) / 2
            for j, s in enumerate(self.series):
                value = s.values[i]
                if value is None or value <= 0:
                    continue
                h = plot.height() * value / y_max
                bar = QRectF(left + bar_w * j, plot.bottom() - h, bar_w - 2, h)
                painter.fillRect(bar, QColor(s.colour))
                text = self.value_text(value)
                if fm.horizontalAdvance(text) <= bar_w + 6:
                    painter.setPen(TEXT)
                    painter.drawText(
                        QRectF(bar.left() - 8, bar.top() - line, bar.width() + 16, line),
                        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                        text,
                    )
            if i % label_every == 0:
                painter.setPen(MUTED)
                painter.drawText(
                    QRectF(plot.left() + group_w * i - 10, plot.bottom() + 4, group_w + 20, line),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                    category,
                )


@dataclass(frozen=True)
class Segment:
    name: str
    colour: str


class StackedBars(QWidget):
    """One horizontal bar per row, split in segments; counts inside, total at the end."""

    def __init__(
        self, title: str, segments: Sequence[Segment], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.segments = list(segments)
        self.rows: list[tuple[str, list[int]]] = []
        self.empty_text = self.tr("暂无评价")
        self.setMinimumSize(QSize(300, 120))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    def set_rows(self, rows: Sequence[tuple[str, Sequence[int]]]) -> None:
        self.rows = [(label, list(counts)) for label, counts in rows]
        described = []
        for label, counts in self.rows:
            parts = [f"{s.name} {c}" for s, c in zip(self.segments, counts, strict=False) if c]
            described.append(f"{label}：{'，'.join(parts) or '0'}")
        self.setAccessibleDescription("；".join(described) or self.empty_text)
        self.update()

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        return QSize(420, (line + 10) * (len(self.rows) + 2) + 10)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRectF(self.rect()))
        painter.end()

    def paint(self, painter: QPainter, area: QRectF) -> None:
        fm = QFontMetrics(painter.font())
        line = fm.height()
        top = area.top() + 4
        painter.setPen(TEXT)
        painter.drawText(
            QRectF(area.left(), top, area.width(), line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.title,
        )
        top += line + 6
        # legend on its own lines (the levels are long words), wrapped to the width
        x = area.left()
        for s in self.segments:
            width = fm.horizontalAdvance(s.name)
            if x > area.left() and x + 15 + width > area.right():
                x = area.left()
                top += line + 2
            painter.fillRect(QRectF(x, top + line / 2 - 5, 11, 11), QColor(s.colour))
            x += 15
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(x, top, width, line), int(Qt.AlignmentFlag.AlignVCenter), s.name
            )
            x += width + 14
        top += line + 8
        if not self.rows or not any(sum(c) for _, c in self.rows):
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(area.left(), top, area.width(), max(line, area.bottom() - top)),
                int(Qt.AlignmentFlag.AlignCenter),
                self.empty_text,
            )
            return
        label_w = max(fm.horizontalAdvance(label) for label, _ in self.rows) + 10
        total_w = fm.horizontalAdvance("9999") + 8
        bar_area = area.width() - label_w - total_w
        biggest = max(sum(c) for _, c in self.rows) or 1
        row_h = min(line + 12, max(line + 2, (area.bottom() - top) / len(self.rows)))
        for label, counts in self.rows:
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(area.left(), top, label_w - 8, row_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            x = area.left() + label_w
            total = sum(counts)
            for s, count in zip(self.segments, counts, strict=False):
                if not count:
                    continue
                w = bar_area * count / biggest
                rect = QRectF(x, top + 2, w, row_h - 4)
                colour = QColor(s.colour)
                painter.fillRect(rect, colour)
                text = str(count)
                if fm.horizontalAdvance(text) + 4 <= w:
                    painter.setPen(QColor("#ffffff") if colour.lightness() < 150 else TEXT)
                    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
                x += w
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(x + 4, top, total_w, row_h), int(Qt.AlignmentFlag.AlignVCenter), str(total)
            )
            top += row_h
