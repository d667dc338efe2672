"""The supervisor's workspace: a left navigation over seven pages.

今日概况 · 异常 · 对账 · 差评与意见簿 · 人员 · 绩效 · 日终签退 — Ctrl+1 … Ctrl+7 (or the arrow
keys in the navigation list). Each page loads when first shown and again on Ctrl+R; the
dashboard follows the queue and the outbox. The navigation shows how many exceptions and
follow-ups are open. Once the day is closed every page shows it read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter.dayclose import DayCloseRecord
from counter.outbox import MessageView
from counter.session import ActiveSession
from ui import keys
from ui.asyncop import AsyncRunner
from ui.qt import (
    QT_TRANSLATE_NOOP,
    QApplication,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QShortcut,
    QShowEvent,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.signals import EventSignal
from ui.supervisor.dayclose import DayClosePage
from ui.supervisor.exceptions import ExceptionsPage
from ui.supervisor.followup import FollowUpPage
from ui.supervisor.performance import PerformancePage
from ui.supervisor.reconcile import ReconcilePage
from ui.supervisor.roster import RosterPage
from ui.supervisor.services import SupervisorServices
from ui.supervisor.today import TodayPage

__all__ = ["PAGES", "SupervisorWorkspace"]

PAGES = (
    ("today", QT_TRANSLATE_NOOP("SupervisorWorkspace", "今日概况")),
    ("exceptions", QT_TRANSLATE_NOOP("SupervisorWorkspace", "异常")),
    ("reconcile", QT_TRANSLATE_NOOP("SupervisorWorkspace", "对账")),
    ("followup", QT_TRANSLATE_NOOP("SupervisorWorkspace", "差评·意见簿")),
    ("roster", QT_TRANSLATE_NOOP("SupervisorWorkspace", "人员")),
    ("performance", QT_TRANSLATE_NOOP("SupervisorWorkspace", "绩效")),
    ("close", QT_TRANSLATE_NOOP("SupervisorWorkspace", "日终签退")),
)
# Training mode only: the trainer's page (issue 10), after the day's pages.
TRAINING_PAGE = ("training", QT_TRANSLATE_NOOP("SupervisorWorkspace", "培训考核"))

STYLE = """
#TileFigure { font-size: 24px; font-weight: 700; color: #0b4f8a; }
#TileLabel { color: #52606d; font-size: 14px; }
#TileNote { color: #52606d; font-size: 13px; }
#BigName { font-size: 20px; font-weight: 600; }
#CheckLabel { font-weight: 600; }
QListWidget#SupervisorNav { background: #ffffff; border: 1px solid #d5dde6; border-radius: 10px;
                            padding: 6px 0; font-size: 16px; outline: none; }
QListWidget#SupervisorNav::item { padding: 10px 14px; border-left: 4px solid transparent; }
QListWidget#SupervisorNav::item:selected { background: #e3effc; color: #0b4f8a;
                                            border-left: 4px solid #0b6bcb; font-weight: 600; }
QListWidget#SupervisorNav:focus::item:selected { background: #cfe3fa; }
"""


class SupervisorWorkspace(QWidget):
    def __init__(
        self,
        services: SupervisorServices,
        session: ActiveSession,
        runner: AsyncRunner,
        *,
        day: Callable[[], date] | None = None,
        training_page: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.page_list = (*PAGES, TRAINING_PAGE) if training_page is not None else PAGES
        self.services = services
        self.session = session
        self.runner = runner
        self.day = day or services.day_close.today
        self.read_only = False
        s = services

        self.today_page = TodayPage(s.reports, runner, day=self.day, item_name=self._item_name)
        self.exceptions_page = ExceptionsPage(
            s.day_close, s.outbox, s.sessions, runner, hall_sync=s.hall_sync, day=self.day
        )
        self.reconcile_page = ReconcilePage(
            s.reconciler, s.day_close, s.sessions, runner, day=self.day
        )
        self.followup_page = FollowUpPage(s.followups, s.feedback, runner, today=self.day)
        self.roster_page = RosterPage(s.roster, runner, today=self.day)
        self.performance_page = PerformancePage(s.reports, runner)
        self.close_page = DayClosePage(
            s.day_close, s.reports, s.sessions, runner, reports_dir=s.reports_dir, day=self.day
        )
        self.pages: dict[str, QWidget] = {
            "today": self.today_page,
            "exceptions": self.exceptions_page,
            "reconcile": self.reconcile_page,
            "followup": self.followup_page,
            "roster": self.roster_page,
            "performance": self.performance_page,
            "close": self.close_page,
        }
        if training_page is not None:
            self.pages["training"] = training_page
        self.loaded: set[str] = set()
        self.counts: dict[str, int] = {}

        self.nav = QListWidget(objectName="SupervisorNav")
        self.nav.setAccessibleName(self.tr("主管功能"))
        self.nav.setFixedWidth(180)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for i, (key, label) in enumerate(self.page_list):
            item = QListWidgetItem(self._nav_text(key, label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"Ctrl+{i + 1}")
            self.nav.addItem(item)
            self.stack.addWidget(self.pages[key])
            QShortcut(
                QKeySequence(f"Ctrl+{i + 1}"),
                self,
                activated=lambda k=key: self.show_page(k, focus=True),
                context=Qt.ShortcutContext.WindowShortcut,
            )
        # Ctrl+R refreshes the page in view (one shortcut: a button's own would be ambiguous).
        QShortcut(
            QKeySequence(keys.REFRESH),
            self,
            activated=lambda: self.refresh_page(self.current_key()),
            context=Qt.ShortcutContext.WindowShortcut,
        )
        self.who = QLabel(
            self.tr("{name}（{staff}）\n网点主管").format(
                name=session.masked_name, staff=session.staff.staff_no
            ),
            objectName="Hint",
        )
        left = QVBoxLayout()
        left.addWidget(self.nav, 1)
        left.addWidget(self.who)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)

        self._connect()
        self.nav.setCurrentRow(0)
        # Badges and the read-only state before the pages are visited.
        QTimer.singleShot(0, self._first_look)

    def _connect(self) -> None:
        self.nav.currentRowChanged.connect(self._row_changed)
        self.exceptions_page.open_count_changed.connect(lambda n: self._count("exceptions", n))
        self.exceptions_page.follow_up_requested.connect(self._follow_up)
        self.followup_page.open_count_changed.connect(lambda n: self._count("followup", n))
        self.close_page.go_to.connect(lambda key: self.show_page(key, focus=True))
        self.close_page.day_closed.connect(self._day_closed)
        self.close_page.checklist_loaded.connect(
            lambda checklist: (
                self.reconcile_page.show_result(checklist.reconciliation)
                if checklist.reconciliation is not None
                else None
            )
        )

        # The dashboard follows the queue and the outbox (coalesced in the page).
        self.queue_events = EventSignal(self.services.queue.changed, self)
        self.queue_events.fired.connect(lambda _c: self._changed())
        self.outbox_events = EventSignal(self.services.outbox.message_changed, self)
        self.outbox_events.fired.connect(self._message_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The main window focuses the workspace host; the keyboard starts in the navigation.
        QTimer.singleShot(0, self._focus_nav)

    def _focus_nav(self) -> None:
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.nav.setFocus()

    def _item_name(self, code: str) -> str | None:
        catalogue = self.services.catalogue
        item = catalogue.item(code) if catalogue is not None else None
        return item.name if item is not None else None

    # --- navigation ---------------------------------------------------------------------

    def _nav_text(self, key: str, label: str) -> str:
        text = self.tr(label)
        n = self.counts.get(key, 0)
        return f"{text}（{n}）" if n else text

    def _count(self, key: str, n: int) -> None:
        self.counts[key] = n
        for row, (k, label) in enumerate(self.page_list):
            if k == key:
                item = self.nav.item(row)
                if item is not None:
                    item.setText(self._nav_text(k, label))

    def current_key(self) -> str:
        return self.page_list[max(0, self.nav.currentRow())][0]

    def show_page(self, key: str, *, focus: bool = False) -> None:
        row = next(i for i, (k, _label) in enumerate(self.page_list) if k == key)
        self.nav.setCurrentRow(row)
        if focus:
            self.pages[key].setFocus()
            self.pages[key].focusNextChild()

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.page_list[row][0]
        self.stack.setCurrentIndex(row)
        # The exceptions and the checklist change with what is done on other pages: they
        # are checked again each time they are shown; the others load once (then Ctrl+R).
        if key not in self.loaded or key in ("exceptions", "close"):
            self.loaded.add(key)
            self.refresh_page(key)

    def refresh_page(self, key: str) -> None:
        page = self.pages[key]
        refresh = getattr(page, "refresh", None)
        if refresh is not None:
            refresh()

    def _changed(self) -> None:
        if self.current_key() == "today":
            self.today_page.schedule_refresh()
        else:
            self.loaded.discard("today")  # reload when shown again

    def _message_changed(self, view: MessageView) -> None:
        self._changed()
        record = self.close_page.record
        if record is not None and view.key == record.outbox_key:
            self.close_page.refresh()  # the close reached the platform (or not)

    def _follow_up(self, case_id: str) -> None:
        self.show_page("followup")
        self.followup_page.select_case(case_id)

    # --- the day's state ----------------------------------------------------------------

    def _first_look(self) -> None:
        async def look() -> DayCloseRecord | None:
            return await self.services.day_close.closed(self.day())

        def done(record: DayCloseRecord | None) -> None:
            if record is not None:
                self._set_read_only()
            if "exceptions" not in self.loaded:
                self.exceptions_page.refresh()
            if "followup" not in self.loaded:
                self.followup_page.refresh()

        self.runner.run(look(), on_done=done)

    def _day_closed(self, _record: DayCloseRecord) -> None:
        self._set_read_only()
        self.today_page.refresh()
        self.exceptions_page.refresh()

    def _set_read_only(self) -> None:
        self.read_only = True
        self.exceptions_page.read_only = True
        self.reconcile_page.set_read_only(True)
