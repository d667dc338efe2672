"""The app shell as a clerk uses it: keyboard login, workspace, idle lock, replaced session.

Runs the real GUI (offscreen) on a qasync loop against the embedded training platform.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pytestqt.qtbot import QtBot

from counter.bureau.client import BureauClient, build_ssl_context
from counter.bureau.models import SessionRequest
from counter.config import Config
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from tests.gui_support import login_by_keyboard, until, visible_texts
from ui.app import CounterApp, install_translators
from ui.qt import QApplication, Qt

CLERK = "T-CLERKA1"
CLERK_NAME = "李文涛"


def test_training_login_screen_lists_accounts_of_this_outlet(gui: CounterApp) -> None:
    table = gui.login_page.training_table
    staff = {table.item(row, 0).text() for row in range(table.rowCount())}
    assert {"T-GUIDE01", "T-CLERKA1", "T-CLERKB1", "T-COURIER1", "T-SUPER01"} <= staff
    assert "T-CLERK301" not in staff  # belongs to another outlet
    assert "培训模式" in visible_texts(gui.window)


def test_keyboard_login_opens_the_clerks_workspace_with_real_catalogue(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        await login_by_keyboard(gui, qtbot, CLERK.lower(), TRAINING_PASSWORD)
        await until(lambda: gui.window.workspace is not None)
        workspace = gui.window.workspace
        assert workspace.call_panel is not None and workspace.catalogue_panel is not None
        await until(lambda: gui.services.catalogue.current is not None)
        texts = visible_texts(gui.window)
        assert "3 号窗口 · 当前号" in texts
        assert "李**" in texts and CLERK_NAME not in texts  # masked everywhere
        assert "人社平台：在线" in gui.window.connection_status.text()

    loop.run_until_complete(scenario())


def test_wrong_password_is_explained_and_cleared(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        await login_by_keyboard(gui, qtbot, "T-GUIDE01", "Not-the-pass1")
        await until(lambda: "密码错误" in gui.login_page.message.text())
        assert gui.login_page.password_edit.text() == ""
        assert gui.window.stack.currentWidget() is gui.login_page

    loop.run_until_complete(scenario())


def test_idle_lock_hides_personal_data_until_the_same_clerk_returns(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        await login_by_keyboard(gui, qtbot, CLERK, TRAINING_PASSWORD)
        await until(lambda: gui.window.workspace is not None)
        idle = gui.services.idle
        idle._last_activity -= idle.idle_s + 1  # ten quiet minutes pass
        gui._check_idle()
        await until(lambda: gui.window.stack.currentWidget() is gui.window.lock_page)
        assert not gui.window.workspace_host.isVisible()
        assert not gui.window.toolbar.isVisible()
        texts = visible_texts(gui.window)
        assert "屏幕已锁定" in texts
        assert "经办（A岗）工作台" not in texts and CLERK_NAME not in texts

        lock_page = gui.window.lock_page
        qtbot.keyClicks(lock_page.password_edit, "Wrong#pass1")
        qtbot.keyClick(lock_page.password_edit, Qt.Key.Key_Return)
        await until(lambda: "密码错误" in lock_page.message.text())
        assert gui.window.stack.currentWidget() is lock_page

        qtbot.keyClicks(lock_page.password_edit, TRAINING_PASSWORD)
        qtbot.keyClick(lock_page.password_edit, Qt.Key.Key_Return)
        await until(lambda: gui.window.stack.currentWidget() is gui.window.workspace_host)
        assert gui.window.workspace_host.isVisible()

    loop.run_until_complete(scenario())


def test_locked_screen_can_be_handed_to_another_user_by_logging_out(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        await login_by_keyboard(gui, qtbot, CLERK, TRAINING_PASSWORD)
        await until(lambda: gui.window.workspace is not None)
        qtbot.keyClick(gui.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: gui.window.stack.currentWidget() is gui.window.lock_page)
        qtbot.mouseClick(gui.window.lock_page.switch_button, Qt.MouseButton.LeftButton)
        await until(lambda: gui.window.stack.currentWidget() is gui.login_page)
        assert gui.services.sessions.current is None

    loop.run_until_complete(scenario())


def test_login_elsewhere_returns_here_to_login_with_an_explanation(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        await login_by_keyboard(gui, qtbot, CLERK, TRAINING_PASSWORD)
        await until(lambda: gui.window.workspace is not None)
        server = gui.services.training_server
        other = BureauClient(server.base_url, build_ssl_context(server.ca_file))
        await other.login(
            SessionRequest(
                staff_no=CLERK,
                password=TRAINING_PASSWORD,
                outlet_code=TRAINING_OUTLET_CODE,
                device_id="OTHER-PC",
            )
        )
        await other.aclose()
        await gui.services.sessions.heartbeat_once()
        await until(lambda: gui.window.stack.currentWidget() is gui.login_page)
        assert "其他终端登录" in gui.login_page.message.text()
        assert gui.window.workspace is None

    loop.run_until_complete(scenario())


def test_english_interface(
    loop: asyncio.AbstractEventLoop, qapp: QApplication, tmp_path: Path, qtbot: QtBot
) -> None:
    translators = install_translators(qapp, "en")
    try:
        app = CounterApp(Config(data_dir=tmp_path / "data"), training=True)
        qtbot.addWidget(app.window)
        loop.run_until_complete(app.start())
        assert app.login_page.login_button.text() == "Log in"
        assert "TRAINING MODE" in visible_texts(app.window)
        loop.run_until_complete(app.stop())
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_supervisor_opens_the_device_settings_from_the_toolbar_and_a_clerk_cannot(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        await login_by_keyboard(gui, qtbot, CLERK, TRAINING_PASSWORD)
        await until(lambda: gui.window.workspace is not None)
        assert not gui.window.settings_button.isVisible()
        qtbot.mouseClick(gui.window.logout_button, Qt.MouseButton.LeftButton)
        await until(lambda: gui.window.stack.currentWidget() is gui.login_page)
        await login_by_keyboard(gui, qtbot, "T-SUPER01", TRAINING_PASSWORD)
        await until(lambda: gui.window.workspace is not None)
        assert gui.window.settings_button.isVisible()
        qtbot.mouseClick(gui.window.settings_button, Qt.MouseButton.LeftButton)
        await until(lambda: gui.settings_dialog is not None and gui.settings_dialog.isVisible())
        assert "打印机" in visible_texts(gui.settings_dialog)
        gui.settings_dialog.reject()

    loop.run_until_complete(scenario())
