"""The F1 overlay: the keys of the workspace in view, and the global ones.

It lists the shortcuts that are actually bound (the live `QShortcut`s and button
shortcuts under the workspace and the main window), so it cannot drift from what the keys
do. Each key is described by the button that carries it ("叫下一位  F2"), an item whose
tooltip names it (the supervisor's Ctrl+1…), or `ui.keys.MEANINGS`. Esc or F1 closes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ui import keys
from ui.qt import (
    QCoreApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class KeyRow:
    key: str
    text: str


def _portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def _mentions(text: str, key: str) -> bool:
    return re.search(rf"(?<![+\w]){re.escape(key)}(?![\w+])", text) is not None


def _strip_key(text: str, key: str) -> str:
    text = text.replace("&", "")
    text = re.sub(rf"[（(]?\s*(?<![+\w]){re.escape(key)}(?![\w+])\s*[）)]?", "", text)
    return " ".join(text.split())


def _meaning(key: str) -> str:
    meaning = keys.MEANINGS.get(key, "")
    return QCoreApplication.translate("HelpOverlay", meaning) if meaning else ""


def describe(key: str, around: QWidget | None) -> str:
    """What `key` does, said by the widgets near its shortcut, else by `keys.MEANINGS`."""
    if around is not None:
        buttons = [b for b in around.findChildren(QPushButton) if _mentions(b.text(), key)]
        # the button in view says best what the key does now (Ctrl+R on the page shown)
        buttons.sort(key=lambda b: not b.isVisibleTo(around))
        if buttons:
            return _strip_key(buttons[0].text(), key)
        for listing in around.findChildren(QListWidget):
            for row in range(listing.count()):
                item = listing.item(row)
                if item is not None and item.toolTip() == key:
                    return " ".join(item.text().split())
    return _meaning(key)


def _order(row: KeyRow) -> tuple[int, int, str]:
    match = re.fullmatch(r"(Shift\+)?F(\d+)", row.key)
    if match:
        return (0, int(match.group(2)) * 2 + (1 if match.group(1) else 0), row.key)
    return (1, 0, row.key)


def collect(scope: QWidget, *, exclude: Iterable[QWidget] = ()) -> list[KeyRow]:
    """Every enabled shortcut under `scope` (not under any of `exclude`), described."""
    excluded = list(exclude)

    def outside(widget: QWidget | None) -> bool:
        while widget is not None:
            if any(widget is e for e in excluded):
                return False
            widget = widget.parentWidget()
        return True

    rows: dict[str, KeyRow] = {}
    for shortcut in scope.findChildren(QShortcut):
        parent = shortcut.parent()
        widget = parent if isinstance(parent, QWidget) else None
        key = _portable(shortcut.key())
        if not key or not shortcut.isEnabled() or not outside(widget) or key in rows:
            continue
        text = shortcut.whatsThis() or describe(key, widget)
        rows[key] = KeyRow(key, text)
    for button in scope.findChildren(QPushButton):
        key = _portable(button.shortcut())
        if key and key not in rows and outside(button):
            rows[key] = KeyRow(key, _strip_key(button.text(), key) or _meaning(key))
    return sorted(rows.values(), key=_order)


class HelpOverlay(QDialog):
    """`HelpOverlay(title, workspace_rows, global_rows, parent)`; Esc or F1 closes it."""

    def __init__(
        self,
        title: str,
        workspace_rows: list[KeyRow],
        global_rows: list[KeyRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("HelpOverlay")
        self.setWindowTitle(self.tr("快捷键"))
        self.workspace_rows = workspace_rows
        self.global_rows = global_rows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        heading = QLabel(self.tr("快捷键 · {title}").format(title=title), objectName="SectionTitle")
        layout.addWidget(heading)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addWidget(self._table(self.tr("本工作台"), workspace_rows), 3)
        side = QVBoxLayout()
        side.addWidget(self._table(self.tr("全局"), global_rows))
        conventions = [KeyRow(k, self.tr(t)) for k, t in keys.CONVENTIONS]
        side.addWidget(self._table(self.tr("通用操作"), conventions))
        side.addStretch(1)
        columns.addLayout(side, 2)
        layout.addLayout(columns, 1)
        footer = QHBoxLayout()
        footer.addWidget(QLabel(self.tr("按 Esc 或 F1 关闭"), objectName="Hint"))
        footer.addStretch(1)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setAccessibleName(self.tr("关闭快捷键帮助"))
        self.close_button.clicked.connect(self.accept)
        footer.addWidget(self.close_button)
        layout.addLayout(footer)
        QShortcut(QKeySequence(keys.HELP), self, activated=self.accept)
        self.close_button.setFocus()

    def _table(self, title: str, rows: list[KeyRow]) -> QWidget:
        box = QWidget(objectName="Card")
        grid = QGridLayout(box)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(16)
        grid.addWidget(QLabel(title, objectName="Notice"), 0, 0, 1, 2)
        if not rows:
            grid.addWidget(QLabel(self.tr("（无）"), objectName="Hint"), 1, 0, 1, 2)
        for index, row in enumerate(rows, start=1):
            key = QLabel(row.key, objectName="KeyCap")
            key.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text = QLabel(row.text)
            text.setWordWrap(True)
            grid.addWidget(key, index, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, index, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(rows) + 1, 1)
        return box

    def texts(self) -> list[str]:
        return [f"{r.key} {r.text}" for r in self.workspace_rows + self.global_rows]


def help_for(window: QWidget, workspace: QWidget | None, pages: QWidget, title: str) -> HelpOverlay:
    """The overlay for `window`: `workspace`'s keys (none on the login / lock page) and the
    window's own keys outside `pages` (the page stack) as the global ones."""
    workspace_rows = collect(workspace) if workspace is not None else []
    return HelpOverlay(title, workspace_rows, collect(window, exclude=[pages]), window)
