"""Small building blocks the supervisor's pages share: cards, figure tiles, read-only
tables, and number formats (minutes with one decimal, as the day report prints them)."""

from __future__ import annotations

from collections.abc import Sequence

from counter.queue.stats import Durations
from ui.qt import (
    QAbstractItemView,
    QColor,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "Card",
    "FigureTile",
    "ReadOnlyTable",
    "duration_pair",
    "minutes",
    "percent",
]

WARN = "#b54708"
BAD = "#b42318"
GOOD = "#067647"


def minutes(seconds: float | None) -> str:
    """Seconds as minutes with one decimal; — when unknown."""
    return "—" if seconds is None else f"{seconds / 60:.1f}"


def duration_pair(d: Durations) -> str:
    """Median / p90 in minutes: ``3.2 / 7.5``."""
    if not d.count:
        return "—"
    return f"{minutes(d.median_s)} / {minutes(d.p90_s)}"


def percent(part: int, whole: int) -> str:
    return "—" if whole <= 0 else f"{100 * part / whole:.0f}%"


class Card(QFrame):
    """A white card with a section title (and an optional hint on the title line)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.title = QLabel(title, objectName="SectionTitle")
        self.hint = QLabel("", objectName="Hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.title)
        top.addWidget(self.hint, 1)
        top.addStretch()  # actions added to `top` sit on the right
        self.top = top
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 10)
        self.body.setSpacing(6)
        self.body.addLayout(top)

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def hide_title(self) -> None:
        """No title line at all (the content has its own)."""
        self.title.hide()
        self.hint.hide()
        self.body.removeItem(self.top)


class FigureTile(QFrame):
    """A big number with its label underneath and a small note (e.g. ``P90 7.5``)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.value = QLabel("—", objectName="TileFigure")
        self.label = QLabel(label, objectName="TileLabel")
        self.note = QLabel("", objectName="TileNote")
        self.note.setWordWrap(False)
        # Tiles share the row evenly and never push the page wider than the screen.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(80)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 5, 8, 5)
        layout.setSpacing(0)
        layout.addWidget(self.label)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        self.setAccessibleName(label)

    def set(self, value: str, note: str = "", colour: str | None = None) -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.value.setStyleSheet(f"color: {colour};" if colour else "")
        self.setAccessibleDescription(f"{self.label.text()} {value} {note}".strip())


class ReadOnlyTable(QTableWidget):
    """A row-selecting, non-editable table filled from rows of strings."""

    def __init__(
        self,
        columns: Sequence[str],
        *,
        stretch: int | None = 0,
        accessible_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(columns), parent)
        self.setHorizontalHeaderLabels(list(columns))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.setMinimumWidth(200)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        if accessible_name:
            self.setAccessibleName(accessible_name)

    def fill(
        self,
        rows: Sequence[Sequence[str]],
        *,
        colours: Sequence[str | None] | None = None,
        numeric_from: int = 1,
    ) -> None:
        """Rows of cell texts; *colours* per row (the first cell's text colour)."""
        self.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= numeric_from:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if len(text) > 24:
                    item.setToolTip(text)
                if colours is not None and colours[r]:
                    item.setForeground(QColor(colours[r]))
                self.setItem(r, c, item)

    def texts(self) -> list[list[str]]:
        """What the table shows (tests read the screen through this)."""
        rows = []
        for r in range(self.rowCount()):
            row = []
            for c in range(self.columnCount()):
                item = self.item(r, c)
                row.append(item.text() if item is not None else "")
            rows.append(row)
        return rows
