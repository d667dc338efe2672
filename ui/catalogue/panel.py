"""The catalogue panel of the guide's and the clerk's workspaces: search + item guide.

Wiring (one line in a workspace)::

    panel = CataloguePanel(services.catalogue, printer, runner, session.outlet.name,
                           services.training, window=session.window,
                           staff_no=session.staff.staff_no, role=session.workspace_role.value)

It follows the catalogue service: a new catalogue rebuilds the search index (off the UI
thread), the first sync of a new install shows a progress bar, a rejected payload shows a
warning while the previous catalogue stays in use. Printing and exporting never block the
event loop on a dialog (`open()`, never `exec()`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from counter.bureau.models import CatalogueItem
from counter.catalogue import CatalogueService, SyncProgress, SyncResult, SyncStage
from counter.catalogue_search import CatalogueIndex
from counter.catalogue_slips import print_notice
from counter.events import Event
from counter.journal import Action
from counter.printing import Printer
from ui.asyncop import AsyncRunner
from ui.catalogue.documents import guide_document, setup_a4, write_pdf
from ui.catalogue.guide import ItemGuideView
from ui.catalogue.item_list import OutletItemList
from ui.catalogue.search import CatalogueSearchWidget
from ui.qt import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QObject,
    QPrintDialog,
    QPrinter,
    QProgressBar,
    QPushButton,
    QShowEvent,
    QSplitter,
    QStandardPaths,
    Qt,
    QTextDocument,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger("ui.catalogue")
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')


def safe_file_name(text: str) -> str:
    """A file name part from an item name: no path separators or reserved characters."""
    return _UNSAFE_FILE_CHARS.sub("_", text).strip("_.")[:60] or "document"


class _Bridge(QObject):
    """Core events → Qt signals, so core callbacks never touch widgets directly."""

    changed = Signal(object)
    synced = Signal(object)
    progress = Signal(object)
    warning = Signal(str)


class CataloguePanel(QWidget):
    def __init__(
        self,
        catalogue: CatalogueService,
        printer: Printer,
        runner: AsyncRunner,
        outlet_name: str,
        training: bool,
        *,
        window: int | None = None,
        staff_no: str = "",
        role: str = "",
        debounce_ms: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.printer = printer
        self.runner = runner
        self.outlet_name = outlet_name
        self.training = training
        self.window_no = window
        self.staff_no = staff_no
        self.role = role
        self._dialogs: list[QObject] = []  # open dialogs, kept alive until they finish
        self.last_export: Path | None = None
        self._shown_once = False

        self.search = CatalogueSearchWidget(debounce_ms=debounce_ms)
        self.guide = ItemGuideView()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.search)
        self.splitter.addWidget(self.guide)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.warning = QLabel("", objectName="Error")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.message = QLabel("", objectName="Notice")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(self._build_top())
        layout.addWidget(self.warning)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)
        self.setFocusProxy(self.search)

        self.search.item_opened.connect(self.open_item)
        self.guide.print_notice_requested.connect(self.print_notice)
        self.guide.print_guide_requested.connect(self.print_guide)
        self.guide.export_pdf_requested.connect(self.ask_export_guide)
        self.list_button.clicked.connect(self.print_item_list)
        self.list_pdf_button.clicked.connect(self.ask_export_item_list)

        self._detach = self._follow(catalogue)
        if catalogue.last_sync is not None:
            self._synced(catalogue.last_sync)
        self.refresh_index()

    def _follow(self, catalogue: CatalogueService) -> Callable[[], None]:
        """Connect the service's events (through Qt signals); returns the undo."""
        self._bridge = _Bridge(self)
        self._bridge.changed.connect(self._catalogue_changed)
        self._bridge.synced.connect(self._synced)
        self._bridge.progress.connect(self._progress)
        self._bridge.warning.connect(self._warned)
        listeners: list[tuple[Event[Any], Callable[[Any], None]]] = [
            (catalogue.changed, self._bridge.changed.emit),
            (catalogue.synced, self._bridge.synced.emit),
            (catalogue.progress, self._bridge.progress.emit),
            (catalogue.warnings, self._bridge.warning.emit),
        ]
        for event, listener in listeners:
            event.connect(listener)

        def detach() -> None:
            for event, listener in listeners:
                event.disconnect(listener)

        self.destroyed.connect(lambda *_: detach())
        return detach

    def _build_top(self) -> QHBoxLayout:
        title = QLabel(self.tr("办事目录"), objectName="SectionTitle")
        self.sync_label = QLabel("", objectName="Hint")
        self.sync_label.setWordWrap(True)  # may shrink on a 1366 px counter screen
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        # Grows into the label's room while it shows (the label is hidden meanwhile): a
        # fixed width widened the guide's desk past a 1366 px screen during the sync.
        self.progress.setMinimumWidth(120)
        self.progress.hide()
        self.list_button = QPushButton(self.tr("打印事项清单（A4）"))
        self.list_pdf_button = QPushButton(self.tr("事项清单导出 PDF"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.sync_label, 1)
        top.addWidget(self.progress, 1)
        top.addWidget(self.list_button)
        top.addWidget(self.list_pdf_button)
        return top

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.search.edit.setFocus()  # the clerk starts typing at once

    def close_panel(self) -> None:
        """Stop following the catalogue service (the integrator may call it at logout)."""
        self._detach()

    # --- following the catalogue ------------------------------------------------------

    def refresh_index(self) -> None:
        """(Re)build the search index from the service's current catalogue, off the UI thread."""

        def built(index: CatalogueIndex | None) -> None:
            self.search.set_index(index, self.catalogue.usage)
            self._refresh_guide()

        self.runner.run(self.catalogue.search_index(), on_done=built, on_error=self._show_error)

    def _catalogue_changed(self, _catalogue: object) -> None:
        self.refresh_index()

    def _refresh_guide(self) -> None:
        shown = self.guide.item
        if shown is None:
            return
        now = self.catalogue.item(shown.code)
        if now is None:
            self.guide.show_item(None)
            text = self.tr("事项 {code} 已停用或不在本网点办理范围内。")
            self._say(text.format(code=shown.code))
        elif now != shown:
            self.guide.show_item(now)
            text = self.tr("事项 {code} 已更新为第 {version} 版，请按新版办事指南告知。")
            self._say(text.format(code=now.code, version=now.version))

    def _synced(self, result: SyncResult) -> None:
        if result.offline:
            text = self.tr("人社平台暂时无法连接，正在使用本机缓存的目录（版本 {version}）。")
            self.sync_label.setText(text.format(version=result.version or "—"))
        elif result.error is None and result.synced_at is not None:
            local = result.synced_at.astimezone().strftime("%H:%M")
            text = self.tr("目录版本 {version}，{count} 个事项，{time} 已与人社平台核对。")
            self.sync_label.setText(
                text.format(version=result.version, count=result.item_count, time=local)
            )
            self.warning.hide()

    def _progress(self, step: SyncProgress) -> None:
        self.progress.setValue(step.percent)
        self.progress.setFormat(step.message)
        self.progress.setToolTip(step.message)
        running = step.stage not in (SyncStage.DONE, SyncStage.FAILED)
        self.progress.setVisible(running)
        self.sync_label.setVisible(not running)  # the bar shows the same words meanwhile
        self.sync_label.setText(step.message)

    def _warned(self, message: str) -> None:
        self.warning.setText(message)
        self.warning.show()

    # --- opening an item --------------------------------------------------------------

    def open_item(self, item: CatalogueItem) -> None:
        self.guide.show_item(item)
        self.message.clear()

        def counted(_count: int) -> None:
            self.search.set_usage(self.catalogue.usage)

        self.runner.run(self.catalogue.record_use(item.code), on_done=counted)

    def open_code(self, code: str) -> bool:
        """Open the usable item `code` (e.g. chosen elsewhere); False if it is not usable."""
        item = self.catalogue.item(code)
        if item is None:
            return False
        self.open_item(item)
        return True

    # --- the one-time notice on the receipt printer ------------------------------------

    def print_notice(self, item: CatalogueItem) -> None:
        def done(_slip: object) -> None:
            self._say(self.tr("已打印一次性告知单：{name}").format(name=item.name))

        self.runner.run(
            print_notice(
                self.printer,
                item,
                outlet_name=self.outlet_name,
                training=self.training,
                audit=self.catalogue.audit,
                staff_no=self.staff_no,
                role=self.role,
                window=self.window_no,
            ),
            control=self.guide.notice_button,
            on_done=done,
            on_error=self._show_error,
        )

    # --- A4: the guide and the item list ------------------------------------------------

    def guide_document(self, item: CatalogueItem) -> QTextDocument:
        return guide_document(item, outlet_name=self.outlet_name, training=self.training)

    def item_list(self) -> OutletItemList:
        return OutletItemList.from_service(
            self.catalogue, outlet_name=self.outlet_name, training=self.training
        )

    def _journal_print(self, what: str, code: str) -> None:
        self.runner.run(
            self.catalogue.audit.record(
                Action.PRINT,
                staff_no=self.staff_no,
                role=self.role,
                object=code,
                details={"slip": what, "training": self.training},
            )
        )

    def _open_print_dialog(self, title: str, on_accept: Callable[[QPrinter], None]) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_a4(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(title)
        self._keep(dialog)
        dialog.accepted.connect(lambda: on_accept(printer))
        # Never exec() while the asyncio loop runs. PySide hides QDialog.open() behind
        # QPrintDialog's open(receiver, member) overload, so call the base class's.
        QDialog.open(dialog)

    def print_guide(self, item: CatalogueItem) -> None:
        def accepted(printer: QPrinter) -> None:
            self.guide_document(item).print_(printer)
            self._journal_print("guide_a4", item.code)
            self._say(self.tr("已发送打印：{name} 办事指南").format(name=item.name))

        self._open_print_dialog(self.tr("打印办事指南"), accepted)

    def print_item_list(self) -> None:
        def accepted(printer: QPrinter) -> None:
            self.item_list().print_to(printer)
            self._journal_print("item_list_a4", "")
            self._say(self.tr("已发送打印：本网点事项清单"))

        self._open_print_dialog(self.tr("打印事项清单"), accepted)

    def export_guide_pdf(self, item: CatalogueItem, path: Path) -> Path:
        title = self.tr("{name} 办事指南").format(name=item.name)
        written = write_pdf(self.guide_document(item), path, title=title)
        self._exported(written)
        return written

    def export_item_list_pdf(self, path: Path) -> Path:
        written = self.item_list().export_pdf(path)
        self._exported(written)
        return written

    def _exported(self, path: Path) -> None:
        self.last_export = path
        self._say(self.tr("已导出 PDF：{path}").format(path=str(path)))

    def _ask_save(self, title: str, suggested: str, save: Callable[[Path], Path]) -> QFileDialog:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = Path(folder or Path.home()) / suggested
        dialog = QFileDialog(self, title, str(start), self.tr("PDF 文件 (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(str(start))
        self._keep(dialog)

        def chosen(path: str) -> None:
            try:
                save(Path(path))
            except OSError as exc:
                self._show_error(self.tr("无法写入 PDF：{error}").format(error=exc.strerror))

        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog

    def ask_export_guide(self, item: CatalogueItem) -> QFileDialog:
        name = f"办事指南_{item.code}_{safe_file_name(item.name)}.pdf"
        return self._ask_save(
            self.tr("导出办事指南 PDF"), name, lambda path: self.export_guide_pdf(item, path)
        )

    def ask_export_item_list(self) -> QFileDialog:
        today = datetime.now().strftime("%Y%m%d")
        name = f"事项清单_{safe_file_name(self.outlet_name)}_{today}.pdf"
        return self._ask_save(self.tr("导出事项清单 PDF"), name, self.export_item_list_pdf)

    def _keep(self, dialog: QObject) -> None:
        self._dialogs.append(dialog)

        def forget(*_args: object) -> None:
            if dialog in self._dialogs:
                self._dialogs.remove(dialog)
            dialog.deleteLater()

        dialog.finished.connect(forget)

    # --- messages ---------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.setObjectName("Notice")
        self.message.setText(text)
        self._repolish(self.message)

    def _show_error(self, text: str) -> None:
        self.message.setObjectName("Error")
        self.message.setText(text)
        self._repolish(self.message)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
