"""Find an item as you type: hanzi, full pinyin, pinyin initials or the item code.

The list shows the best matches with the matched characters in bold (a delegate paints
rich text). Keyboard first: ↓/↑ move through the results while the cursor stays in the
search box, Enter opens the selected item (the first one if none is selected), Esc
clears the box.

Each keystroke searches on the UI thread: `counter.catalogue_search` answers in well under
the 2 ms budget on a 5,000-item catalogue (see bench/search.py), so results follow the
typing without a debounce. A `debounce_ms` can be set for slower machines.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any, cast

from counter.bureau.models import CatalogueItem
from counter.catalogue_search import CatalogueIndex, IncrementalSearch, SearchHit
from ui.catalogue.texts import mode_text
from ui.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QAbstractTextDocumentLayout,
    QEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListView,
    QModelIndex,
    QObject,
    QPainter,
    QPalette,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTextDocument,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

ItemRole = int(Qt.ItemDataRole.UserRole) + 1
HtmlRole = int(Qt.ItemDataRole.UserRole) + 2
MetaRole = int(Qt.ItemDataRole.UserRole) + 3
NameRole = int(Qt.ItemDataRole.UserRole) + 4
RESULT_LIMIT = 50

Index = QModelIndex | QPersistentModelIndex


def highlighted_html(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` as HTML with the [start, end) `spans` in bold; everything else escaped."""
    out: list[str] = []
    at = 0
    for first, last in sorted(spans):
        start, end = max(first, at), min(last, len(text))
        if start >= end:
            continue
        out.append(html.escape(text[at:start], quote=False))
        out.append(f"<b>{html.escape(text[start:end], quote=False)}</b>")
        at = end
    out.append(html.escape(text[at:], quote=False))
    return "".join(out)


class ResultsModel(QAbstractListModel):
    """The current search hits, best first (row texts prepared once per search)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []
        self._rows: list[dict[int, object]] = []

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self._rows = [self._row(hit) for hit in self.hits]
        self.endResetModel()

    @staticmethod
    def _row(hit: SearchHit) -> dict[int, object]:
        item = hit.item
        mode = mode_text(item.mode)
        return {
            int(Qt.ItemDataRole.DisplayRole): f"{item.name}（{item.code}）",
            int(Qt.ItemDataRole.ToolTipRole): item.name,
            int(Qt.ItemDataRole.AccessibleTextRole): (
                f"{item.name}，{item.code}，{item.time_limit}，{mode}"
            ),
            ItemRole: item,
            HtmlRole: highlighted_html(item.name, hit.highlight),
            MetaRole: f"{item.code} · {item.group} · {item.time_limit} · {mode}",
            NameRole: item.name,
        }

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        return self._rows[row].get(role)


def small_font(font: QFont) -> QFont:
    """The font of the second line: about 83 % of the view's font."""
    small = QFont(font)
    if font.pointSizeF() > 0:
        small.setPointSizeF(max(font.pointSizeF() * 0.83, 6.0))
    else:
        small.setPixelSize(max(round(font.pixelSize() * 0.83), 9))
    return small


def _css_size(font: QFont) -> str:
    if font.pointSizeF() > 0:
        return f"{font.pointSizeF():.1f}pt"
    return f"{font.pixelSize()}px"


class HitDelegate(QStyledItemDelegate):
    """Paints a hit in two lines: the name with matched characters bold, then the code,
    group, time limit and mode in a quieter colour.

    Laid-out documents and row sizes are cached (a keystroke re-lays out every row), and the
    view is taken from the constructor: PySide 6.12 on Python 3.11 drops a reference to
    None whenever a Qt getter returns a null pointer (as `option.widget` may), so the
    delegate avoids such getters on its hot path.
    """

    PAD_X, PAD_Y = 10, 6
    _CACHE_MAX = 400

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._docs: dict[tuple[str, str, int, bool, str], QTextDocument] = {}
        self._sizes: dict[tuple[str, str, int, str], QSize] = {}
        self._fonts: dict[str, tuple[QFont, QFont, str]] = {}

    def _font_set(self, font: QFont) -> tuple[QFont, QFont, str]:
        """(bold, small, css size of small) for the view's font."""
        key = font.key()
        cached = self._fonts.get(key)
        if cached is None:
            bold = QFont(font)
            bold.setBold(True)  # an upper bound for a name with bold spans
            small = small_font(font)
            cached = (bold, small, _css_size(small))
            self._fonts[key] = cached
        return cached

    def _document(
        self, font: QFont, html_name: str, meta: str, width: int, selected: bool
    ) -> QTextDocument:
        key = (html_name, meta, width, selected, font.key())
        document = self._docs.get(key)
        if document is None:
            if len(self._docs) >= self._CACHE_MAX:
                self._docs.clear()
            document = QTextDocument()
            document.setDocumentMargin(0)
            document.setDefaultFont(font)
            colour = "#e6edf5" if selected else "#52606d"
            size = self._font_set(font)[2]
            document.setHtml(
                f"<div>{html_name}</div>"
                f'<div style="color: {colour}; font-size: {size};">'
                f"{html.escape(meta, quote=False)}</div>"
            )
            document.setTextWidth(max(width, 80))
            self._docs[key] = document
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.text = ""
        self._view.style().drawControl(
            QStyle.ControlElement.CE_ItemViewItem, opt, painter, self._view
        )
        rect = opt.rect
        document = self._document(
            opt.font,
            str(index.data(HtmlRole)),
            str(index.data(MetaRole)),
            rect.width() - 2 * self.PAD_X,
            selected,
        )
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(rect.left() + self.PAD_X, rect.top() + self.PAD_Y)
        painter.setClipRect(0, 0, rect.width() - self.PAD_X, rect.height() - self.PAD_Y)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # Font metrics, not a laid-out document: this runs for every row on each keystroke.
        width = max(self._view.viewport().width() - 2 * self.PAD_X - 6, 80)
        font = option.font
        name = str(index.data(NameRole))
        meta = str(index.data(MetaRole))
        key = (name, meta, width, font.key())
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) >= self._CACHE_MAX:
                self._sizes.clear()
            bold, small, _css = self._font_set(font)
            flags = int(Qt.TextFlag.TextWordWrap)
            box = QRect(0, 0, width, 10_000)
            height = QFontMetrics(bold).boundingRect(box, flags, name).height()
            height += QFontMetrics(small).boundingRect(box, flags, meta).height()
            size = QSize(width, height + 2 * self.PAD_Y + 2)
            self._sizes[key] = size
        return size


class CatalogueSearchWidget(QWidget):
    """Search box + results. Emits `item_opened(CatalogueItem)` on Enter or double-click."""

    item_opened = Signal(object)  # CatalogueItem
    current_changed = Signal(object)  # CatalogueItem | None

    def __init__(self, *, debounce_ms: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index: CatalogueIndex | None = None
        self._search: IncrementalSearch | None = None
        self._usage: dict[str, int] = {}
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("输入事项名称、拼音、首字母或编码"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName(self.tr("事项检索"))
        self.model = ResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAccessibleName(self.tr("检索结果"))
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.status = QLabel("", objectName="Hint")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.refresh)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        self.results.activated.connect(self._activated)
        self.results.doubleClicked.connect(self._activated)
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.setFocusProxy(self.edit)
        self._show_status()

    # --- data ------------------------------------------------------------------------

    def set_index(
        self, index: CatalogueIndex | None, usage: Mapping[str, int] | None = None
    ) -> None:
        """Search this index from now on (the catalogue or the day changed)."""
        self._index = index
        if usage is not None:
            self._usage = dict(usage)
        self._search = None
        self.refresh()

    def set_usage(self, usage: Mapping[str, int]) -> None:
        """This outlet's usage counts changed (an item was opened)."""
        self._usage = dict(usage)
        self._search = None

    def hits(self) -> list[SearchHit]:
        return list(self.model.hits)

    def current_item(self) -> CatalogueItem | None:
        index = self.results.currentIndex()
        if not index.isValid():
            return None
        return cast(CatalogueItem, index.data(ItemRole))

    # --- typing ----------------------------------------------------------------------

    def _typed(self, _text: str) -> None:
        if self._timer.interval() <= 0:
            self.refresh()
        else:
            self._timer.start()

    def refresh(self) -> None:
        """Search for the box's text now."""
        if self._index is None:
            self.model.set_hits([])
            self._show_status()
            return
        if self._search is None:
            self._search = IncrementalSearch(self._index, limit=RESULT_LIMIT, usage=self._usage)
        hits = self._search.update(self.edit.text())
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        else:
            self.current_changed.emit(None)
        self._show_status()

    def _show_status(self) -> None:
        text = self.edit.text().strip()
        count = len(self.model.hits)
        if self._index is None:
            self.status.setText(self.tr("办事目录尚未载入。"))
        elif not text:
            self.status.setText(
                self.tr("本网点可办 {total} 个事项，常用的排在前面。").format(
                    total=len(self._index)
                )
            )
        elif count == 0:
            self.status.setText(
                self.tr("没有找到与“{query}”相关的事项，请换个说法或输入编码。").format(query=text)
            )
        elif count >= RESULT_LIMIT:
            self.status.setText(
                self.tr("显示最相关的 {count} 个事项，输入更多字可缩小范围。").format(count=count)
            )
        else:
            self.status.setText(self.tr("找到 {count} 个事项").format(count=count))

    # --- keyboard --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, event).key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self._timer.stop()
                    self.refresh()
                self.open_current()
                return True
            if key == Qt.Key.Key_Escape and self.edit.text():
                self.edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            return
        row = self.results.currentIndex().row()
        step = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: 8,
            Qt.Key.Key_PageUp: -8,
        }[Qt.Key(key)]
        row = 0 if row < 0 else max(0, min(rows - 1, row + step))
        index = self.model.index(row, 0)
        self.results.setCurrentIndex(index)
        self.results.scrollTo(index)

    def open_current(self) -> None:
        item = self.current_item()
        if item is None and self.model.hits:
            item = self.model.hits[0].item
        if item is not None:
            self.item_opened.emit(item)

    def _activated(self, index: QModelIndex) -> None:
        item = index.data(ItemRole)
        if item is not None:
            self.item_opened.emit(item)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(current.data(ItemRole) if current.isValid() else None)
