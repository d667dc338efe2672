"""The GUI: QApplication on a qasync loop, the login → workspace → lock flow.

Start-up shows the login window first and builds the services (SQLite, keyring, training
platform) on a worker thread, so the window appears at once and never freezes.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from counter.config import Config, effective_data_dir
from counter.logsetup import enable_crash_file, previous_crash, setup_logging
from counter.session import ActiveSession, LockState, LoginError
from ui.asyncop import AsyncRunner
from ui.login import LoginPage, TrainingAccountRow
from ui.main_window import MainWindow
from ui.qt import (
    QApplication,
    QDialog,
    QEvent,
    QKeySequence,
    QLibraryInfo,
    QLocale,
    QMessageBox,
    QObject,
    QShortcut,
    Qt,
    QTimer,
    QTranslator,
    Signal,
    qasync,
    qInstallMessageHandler,
)
from ui.signals import EventSignal

if TYPE_CHECKING:
    from ui.composition import Services
    from ui.evaluator import EvaluatorWindow
    from ui.hall.display import HallDisplay
    from ui.printer_preview import PrinterPreviewWindow

log = logging.getLogger("ui.app")
qt_log = logging.getLogger("qt")

IDLE_CHECK_MS = 5_000
ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


class ActivityFilter(QObject):
    """Sees every input event of the application: the idle-lock clock restarts on each."""

    activity = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self.activity.emit()
        return False


def _route_qt_messages() -> None:
    def handler(mode: object, _context: object, message: str) -> None:
        qt_log.warning("%s", message)

    qInstallMessageHandler(handler)


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Our own texts are written in Chinese; English comes from resources/translations."""
    from counter.resources import resource_path

    translators: list[QTranslator] = []
    # Qt's own texts (standard buttons): the bundle ships qtbase_*.qm beside ours.
    qt_dirs = (
        str(resource_path("translations")),
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    )
    qt_translator = QTranslator(app)
    if any(qt_translator.load(QLocale(language), "qtbase", "_", d) for d in qt_dirs):
        app.installTranslator(qt_translator)
        translators.append(qt_translator)
    if language != "zh_CN":
        own = QTranslator(app)
        if own.load(str(resource_path("translations", f"counter_{language}.qm"))):
            app.installTranslator(own)
            translators.append(own)
    return translators


class CounterApp:
    """Wires the main window to the services. One per process."""

    def __init__(self, config: Config, *, training: bool, config_path: Path | None = None) -> None:
        self.config = config
        self.config_path = config_path  # --config, so the settings dialog edits that file
        self.training = training
        self.services: Services | None = None
        self.runner = AsyncRunner(on_error=self._show_error)
        self.heartbeat: asyncio.Task[None] | None = None
        self.catalogue_sync: asyncio.Task[None] | None = None
        self.hall_display: HallDisplay | None = None
        self.preview_window: PrinterPreviewWindow | None = None
        self.evaluator_window: EvaluatorWindow | None = None
        self.settings_dialog: QDialog | None = None
        # Quit only after the services have closed (logout sent, files flushed): closing the
        # last window must not stop the event loop under the coroutines still running.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)
        accounts: list[TrainingAccountRow] = []
        if training:
            from counter.training.accounts import TRAINING_ACCOUNTS

            accounts = [
                TrainingAccountRow(a.staff_no, a.name, a.role_label, a.password)
                for a in TRAINING_ACCOUNTS
                if a.outlet_code == config.outlet.code
            ]
        outlet_line = f"网点 {config.outlet.code} · {config.outlet.window} 号窗口"
        self.login_page = LoginPage(outlet_line, accounts)
        self.window = MainWindow(self.login_page, training=training, outlet_line=outlet_line)
        self.window.data_dir = effective_data_dir(config, training)
        self.login_page.set_busy(True)
        self.login_page.login_button.setText(
            self.login_page.tr("正在启动培训平台…") if training else self.login_page.tr("正在准备…")
        )
        self.login_page.submitted.connect(self._login)
        self.window.logout_button.clicked.connect(self._logout)
        self.window.lock_button.clicked.connect(self._lock_now)
        self.window.lock_page.unlock_requested.connect(self._unlock)
        self.window.lock_page.switch_user_requested.connect(self._logout)
        self.window.settings_requested.connect(self._open_settings)
        QShortcut(QKeySequence("Ctrl+L"), self.window, activated=self._lock_now)
        self.activity = ActivityFilter()
        self.idle_timer = QTimer()
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self._check_idle)

    # --- start-up -----------------------------------------------------------------

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        # The services' modules are imported here, after the login window is on screen,
        # and built on a worker thread.
        from ui.composition import build_services

        try:
            services = await loop.run_in_executor(
                None, lambda: build_services(self.config, training=self.training)
            )
        except Exception as exc:
            message = getattr(exc, "message", None) or str(exc)
            log.error("start-up failed: %s", type(exc).__name__)
            self.login_page.show_message(self.login_page.tr("无法启动：") + message)
            self.login_page.login_button.setText(self.login_page.tr("无法登录"))
            return
        self.services = services
        # The start-up heap (Qt, the services, the catalogue) lives as long as the app: out
        # of the collector's reach, full collections on the UI thread drop from ~150 ms to
        # ~30 ms (tests/test_reliability_network.py, docs/reliability.md).
        gc.freeze()
        # Core events reach the widgets as Qt signals, on the UI thread.
        connection = EventSignal(services.monitor.changed, self.window)
        connection.fired.connect(
            lambda state: self.window.set_connection(state, services.monitor.last_error)
        )
        EventSignal(services.sessions.ended, self.window).fired.connect(self._session_ended)
        EventSignal(services.idle.changed, self.window).fired.connect(self._lock_changed)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.activity)
        self.activity.activity.connect(services.idle.touch)
        self.heartbeat = asyncio.ensure_future(services.sessions.run_heartbeat())
        await services.start()
        from drivers.printer import PreviewPrinter
        from ui.cases.status import OutboxStatusLabel
        from ui.printer_preview import PrinterPreviewWindow

        if isinstance(services.printer, PreviewPrinter):
            preview = PrinterPreviewWindow()
            services.printer.on_printed = preview.show_slip
            self.preview_window = preview
        self._open_hall_display(services)
        self.window.statusBar().addPermanentWidget(OutboxStatusLabel(services.outbox))
        if self.config.evaluator.kind == "screen" and not self.training:
            from ui.evaluator import EvaluatorWindow

            pad = EvaluatorWindow()
            pad.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
            pad.show_on_screen(self.config.ui.hall_screen + 1)
            services.evaluator = services.evaluations.evaluator = pad
            self.evaluator_window = pad
        self.login_page.set_busy(False)
        self.login_page.staff_edit.setFocus()

    async def stop(self) -> None:
        self.idle_timer.stop()
        self._stop_catalogue_sync()
        if self.heartbeat is not None:
            self.heartbeat.cancel()
        for window in (self.hall_display, self.preview_window, self.evaluator_window):
            if window is not None:
                window.close()
        trainer = self.services.trainer_window if self.services else None  # training, if opened
        if trainer is not None:
            trainer.screen_widget.close_screen()
            trainer.close()
        self.runner.cancel_all()
        if self.services is not None:
            if self.services.sessions.current is not None:
                await self.services.sessions.logout("app_closed")
            await self.services.aclose()

    # --- flows --------------------------------------------------------------------

    def _show_error(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.window.tr("提示"), message, parent=self.window
        )
        box.open()  # never exec() in async code

    def _login(self, staff_no: str, password: str) -> None:
        services = self.services
        if services is None:
            return
        self.login_page.set_busy(True)

        def failed(message: str) -> None:
            self.login_page.set_busy(False)
            self.login_page.reset(message)

        async def go() -> ActiveSession:
            try:
                return await services.sessions.login(staff_no, password)
            except LoginError as exc:
                raise _Shown(exc.message) from exc

        self.runner.run(go(), on_done=self._logged_in, on_error=failed)

    def _logged_in(self, session: ActiveSession) -> None:
        services = self.services
        assert services is not None
        self.login_page.set_busy(False)
        self.login_page.password_edit.clear()
        from ui.workspaces import build_workspace

        workspace = build_workspace(
            session,
            services,
            self.runner,
            current_session=lambda: services.sessions.current,
            test_speak=self._test_speak,
        )
        if workspace.home is not None:
            home = workspace.home
            changed = EventSignal(services.catalogue.changed, home)
            changed.fired.connect(home.show_catalogue)
            synced = EventSignal(services.catalogue.synced, home)
            synced.fired.connect(home.show_sync)
            home.show_catalogue(services.catalogue.current)
        self.window.show_workspace(session, workspace)
        services.idle.reset()
        self.idle_timer.start()
        self._stop_catalogue_sync()
        self.catalogue_sync = asyncio.ensure_future(
            services.catalogue.run_periodic(session.staff.staff_no, outlet=session.outlet)
        )

    def _stop_catalogue_sync(self) -> None:
        if self.catalogue_sync is not None:
            self.catalogue_sync.cancel()
            self.catalogue_sync = None

    def _test_speak(self) -> None:
        services = self.services
        if services is not None:
            services.announcer.test_speak(self.config.outlet.window)

    def _open_hall_display(self, services: Services) -> None:
        """Our hall display: training and one-PC (builtin) outlets; the bank's otherwise."""
        if not (self.training or self.config.caller.kind == "builtin"):
            return
        from ui.hall.display import HallDisplay

        display = HallDisplay(
            services.announcer,
            services.queue.changed.connect,
            waiting=services.queue.waiting,
            window=self.config.outlet.window,
            training=self.training,
            notice=self.config.hall.notice or None,
        )
        # The hall screen must never take the keyboard from the person at the counter.
        display.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        display.show_on_screen(self.config.ui.hall_screen)
        self.hall_display = display
        self.window.activateWindow()

    def _open_settings(self) -> None:
        services = self.services
        session = services.sessions.current if services else None
        if services is None or session is None:
            return
        from counter.settings_edit import SettingsEditor, config_file_path
        from ui.settings import DeviceTests, SettingsDialog

        editor = SettingsEditor(config_file_path(self.config_path), services.audit)
        tests = DeviceTests(
            preview_dir=services.data_dir / "printer-preview",
            training=self.training,
            window=self.config.outlet.window,
        )
        self.settings_dialog = SettingsDialog(editor, session, self.runner, tests, self.window)
        self.settings_dialog.open()

    def _logout(self) -> None:
        services = self.services
        if services is None:
            return
        self.idle_timer.stop()

        self._stop_catalogue_sync()

        async def go() -> None:
            await services.sessions.logout()
            services.idle.reset()

        self.runner.run(
            go(), on_done=lambda _: self.window.show_login(self.login_page.tr("已退出登录。"))
        )

    def _session_ended(self, reason: str) -> None:
        self.idle_timer.stop()
        self._stop_catalogue_sync()
        if self.services is not None:
            self.services.idle.reset()
        self.window.show_login(reason)

    def _check_idle(self) -> None:
        if self.services is not None:
            self.runner.run(self.services.idle.check())

    def _lock_now(self) -> None:
        services = self.services
        if services is not None and services.sessions.current is not None:
            self.runner.run(services.idle.lock(reason="manual"))

    def _lock_changed(self, state: LockState) -> None:
        services = self.services
        if services is None or services.sessions.current is None:
            return
        if state is LockState.LOCKED:
            self.window.show_locked(services.sessions.current)
        else:
            self.window.show_unlocked()

    def _unlock(self, password: str) -> None:
        services = self.services
        session = services.sessions.current if services else None
        if services is None or session is None:
            return

        def done(ok: bool) -> None:
            if not ok:
                self.window.lock_page.failed(services.idle.failed_unlocks)

        self.runner.run(
            services.idle.unlock(session.staff.staff_no, password),
            control=self.window.lock_page.unlock_button,
            on_done=done,
        )


class _Shown(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def load_stylesheet() -> str:
    from counter.resources import resource_path

    path = resource_path("styles", "counter.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def run_gui(config: Config, *, training: bool, config_path: Path | None = None) -> int:
    data_dir = effective_data_dir(config, training)
    log_dir = data_dir / "logs"
    setup_logging(log_dir)
    crashed = previous_crash(log_dir)
    enable_crash_file(log_dir)
    _route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("社银通 Counter")
    app.setStyleSheet(load_stylesheet())
    translators = install_translators(app, config.ui.language)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    counter_app = CounterApp(config, training=training, config_path=config_path)
    counter_app.window.resize(1280, 800)
    counter_app.window.show()
    if crashed is not None:
        counter_app._show_error(
            counter_app.window.tr("上次运行异常退出，崩溃记录已保存到：") + str(crashed)
        )
    closing = asyncio.Event()
    counter_app.window.closed.connect(closing.set)
    app.aboutToQuit.connect(closing.set)

    async def main() -> None:
        await counter_app.start()
        await closing.wait()
        await counter_app.stop()

    with loop:
        loop.run_until_complete(main())
    del translators
    return 0
