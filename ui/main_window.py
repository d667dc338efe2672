"""The main window: training banner, the page stack (login / workspace / lock), status bar."""

from __future__ import annotations

from pathlib import Path

from counter.bureau.connection import ConnectionState
from counter.bureau.models import Role
from counter.session import ActiveSession
from ui import keys
from ui.core_texts import connection_label, role_label
from ui.lock import LockPage
from ui.login import LoginPage
from ui.qt import (
    QCloseEvent,
    QDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMainWindow,
    QPushButton,
    QShortcut,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

_CONN_STYLE = {
    ConnectionState.UNKNOWN: "ConnUnknown",
    ConnectionState.ONLINE: "ConnOnline",
    ConnectionState.DEGRADED: "ConnDegraded",
    ConnectionState.OFFLINE: "ConnOffline",
}


class MainWindow(QMainWindow):
    closed = Signal()
    settings_requested = Signal()  # the supervisor's 设置 (app.py opens the dialog)

    def __init__(self, login_page: LoginPage, *, training: bool, outlet_line: str) -> None:
        super().__init__()
        self.setWindowTitle(
            self.tr("社银通 Counter（培训模式）") if training else self.tr("社银通 Counter")
        )
        self.training = training
        self.login_page = login_page
        self.lock_page = LockPage()
        self.workspace_host = QWidget(objectName="Page")
        self._workspace_layout = QVBoxLayout(self.workspace_host)
        self._workspace_layout.setContentsMargins(0, 0, 0, 0)
        self.workspace: QWidget | None = None

        self.stack = QStackedWidget()
        for page in (self.login_page, self.workspace_host, self.lock_page):
            self.stack.addWidget(page)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if training:
            banner = QLabel(
                self.tr("培训模式 · 连接培训平台，数据均为虚构，办理结果不产生任何真实业务"),
                objectName="TrainingBanner",
            )
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setAccessibleName(self.tr("培训模式提示"))
            layout.addWidget(banner)
        self.toolbar = self._build_toolbar()
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        bar = self.statusBar()
        self.outlet_status = QLabel(outlet_line)
        self.staff_status = QLabel(self.tr("未登录"))
        self.connection_status = QLabel("")
        self.connection_status.setAccessibleName(self.tr("与人社平台的连接状态"))
        # The outlet's long name may be cut on a 1366 px screen; the window must never grow.
        self.outlet_status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.outlet_status.setMinimumWidth(120)
        bar.addWidget(self.outlet_status, 1)
        bar.addWidget(self.staff_status)
        if training:
            bar.addWidget(QLabel(self.tr("【培训】")))
        bar.addPermanentWidget(self.connection_status)
        self.set_connection(ConnectionState.UNKNOWN, "")
        self.help_overlay: QDialog | None = None
        self.about_dialog: QDialog | None = None
        self.data_dir: Path | None = None  # shown in 关于 (the app sets it: training differs)
        QShortcut(QKeySequence(keys.HELP), self, activated=self.show_help)
        self.show_login()

    def _build_toolbar(self) -> QWidget:
        bar = QWidget(objectName="Card")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 6, 16, 6)
        self.who_label = QLabel("")
        self.lock_button = QPushButton(self.tr("锁屏 (Ctrl+L)"))
        self.logout_button = QPushButton(self.tr("退出登录"))
        self.help_button = QPushButton(self.tr("快捷键 (F1)"))
        self.settings_button = QPushButton(self.tr("设置"))
        self.settings_button.setAccessibleName(self.tr("设备设置（管理岗）"))
        self.about_button = QPushButton(self.tr("关于"))
        self.help_button.clicked.connect(self.show_help)
        self.settings_button.clicked.connect(self.settings_requested)
        self.about_button.clicked.connect(self.show_about)
        row.addWidget(self.who_label)
        row.addStretch(1)
        row.addWidget(self.help_button)
        row.addWidget(self.settings_button)
        row.addWidget(self.about_button)
        row.addWidget(self.lock_button)
        row.addWidget(self.logout_button)
        bar.setVisible(False)
        return bar

    # --- pages --------------------------------------------------------------------

    def show_login(self, message: str = "") -> None:
        self._drop_workspace()
        self.toolbar.setVisible(False)
        self.staff_status.setText(self.tr("未登录"))
        self.stack.setCurrentWidget(self.login_page)
        self.login_page.reset(message)

    def show_workspace(self, session: ActiveSession, workspace: QWidget) -> None:
        self._drop_workspace()
        self.workspace = workspace
        self._workspace_layout.addWidget(workspace)
        who = self.tr("{name}（{staff}）· {role}").format(
            name=session.masked_name, staff=session.staff.staff_no, role=role_label(session)
        )
        self.who_label.setText(who)
        self.staff_status.setText(who)
        outlet = self.tr("{outlet}（{code}）· {window} 号窗口").format(
            outlet=session.outlet.name, code=session.outlet.code, window=session.window
        )
        self.outlet_status.setText(outlet)
        self.outlet_status.setToolTip(outlet)
        # A convenience only: the core refuses a non-supervisor's save (settings_edit).
        self.settings_button.setVisible(Role.SUPERVISOR in session.staff.roles)
        self.toolbar.setVisible(True)
        self.stack.setCurrentWidget(self.workspace_host)
        workspace.setFocus()

    def show_locked(self, session: ActiveSession) -> None:
        # The workspace is hidden, not just covered: nothing personal stays on screen.
        self.toolbar.setVisible(False)
        self.workspace_host.setVisible(False)
        self.stack.setCurrentWidget(self.lock_page)
        self.lock_page.show_for(session.masked_name, session.staff.staff_no)

    def show_unlocked(self) -> None:
        self.workspace_host.setVisible(True)
        self.toolbar.setVisible(True)
        self.stack.setCurrentWidget(self.workspace_host)

    def _drop_workspace(self) -> None:
        if self.workspace is not None:
            close = getattr(self.workspace, "close_workspace", None)
            if close is not None:
                close()
            self._workspace_layout.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.workspace_host.setVisible(True)

    def show_help(self) -> None:
        """F1: the keys of the workspace in view and the global ones (Esc or F1 closes)."""
        from ui.help_overlay import help_for

        if self.help_overlay is not None and self.help_overlay.isVisible():
            self.help_overlay.accept()
            return
        in_workspace = self.stack.currentWidget() is self.workspace_host
        workspace = self.workspace if in_workspace else None
        title = self.who_label.text() if workspace is not None else self.tr("登录 / 锁屏")
        self.help_overlay = help_for(self, workspace, self.stack, title)
        self.help_overlay.resize(min(1100, max(760, self.width() - 120)), 560)
        self.help_overlay.open()

    def show_about(self) -> None:
        from ui.about import AboutDialog

        self.about_dialog = AboutDialog(self, data_dir=self.data_dir)
        self.about_dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)

    # --- status -------------------------------------------------------------------

    def set_connection(self, state: ConnectionState, detail: str) -> None:
        text = self.tr("人社平台：{state}").format(state=connection_label(state))
        self.connection_status.setText(f"● {text}")
        self.connection_status.setToolTip(detail)
        self.connection_status.setObjectName(_CONN_STYLE[state])
        self.connection_status.style().unpolish(self.connection_status)
        self.connection_status.style().polish(self.connection_status)
