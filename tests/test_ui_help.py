"""F1 shows the keys of the workspace in view and the global ones; one key, one meaning.

Runs the real app (training mode) and logs in by keyboard as each role in turn.
"""

from __future__ import annotations

import asyncio
import re

from pytestqt.qtbot import QtBot

from counter.training.seed import TRAINING_PASSWORD
from tests.gui_support import login_by_keyboard, until
from ui import keys
from ui.app import CounterApp
from ui.help_overlay import HelpOverlay
from ui.qt import QApplication, QPushButton, QShortcut, Qt, QWidget

ROLES = {
    "T-GUIDE01": "guide",
    "T-CLERKA1": "clerk",
    "T-COURIER1": "courier",
    "T-SUPER01": "supervisor",
}
EXPECTED = {  # a few keys each workspace must list, with the words the overlay shows
    "guide": {"F2": "打印排队号", "Ctrl+T": "试播"},
    "clerk": {"F2": "叫下一位", "F5": "读身份证", "F12": "办结", "Ctrl+B": "暂停服务"},
    "courier": {"Ctrl+R": "刷新", "Ctrl+P": "打印交接清单"},
    "supervisor": {"Ctrl+R": "", "Ctrl+1": ""},
}


def bound_keys(workspace: QWidget) -> list[str]:
    """Every enabled key binding under the workspace, duplicates kept."""
    found = [
        s.key().toString()
        for s in workspace.findChildren(QShortcut)
        if s.isEnabled() and not s.key().isEmpty()
    ]
    found += [b.shortcut().toString() for b in workspace.findChildren(QPushButton)]
    return [k for k in found if k]


async def log_in(app: CounterApp, qtbot: QtBot, staff_no: str) -> QWidget:
    app.window.activateWindow()
    await until(app.window.isActiveWindow)
    await login_by_keyboard(app, qtbot, staff_no, TRAINING_PASSWORD)
    await until(lambda: app.window.workspace is not None)
    workspace = app.window.workspace
    assert workspace is not None
    return workspace


async def log_out(app: CounterApp) -> None:
    app._logout()
    await until(lambda: app.window.stack.currentWidget() is app.login_page)
    await until(app.login_page.login_button.isEnabled)


def press_f1(app: CounterApp, qtbot: QtBot) -> HelpOverlay:
    app.window.activateWindow()
    target = QApplication.focusWidget() or app.window
    qtbot.keyClick(target, Qt.Key.Key_F1)
    overlay = app.window.help_overlay
    assert isinstance(overlay, HelpOverlay) and overlay.isVisible()
    return overlay


def test_f1_lists_each_workspaces_keys_and_one_key_has_one_meaning(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        for staff_no, role in ROLES.items():
            workspace = await log_in(gui, qtbot, staff_no)
            bound = bound_keys(workspace)
            twice = {k for k in bound if bound.count(k) > 1}
            assert not twice, f"{role}: keys bound twice (ambiguous, neither fires): {twice}"
            for key in bound:  # every key has its one meaning in ui/keys.py
                assert key in keys.MEANINGS or re.fullmatch(r"Ctrl\+\d", key), (role, key)
            assert keys.HELP not in bound and keys.LOCK not in bound, role  # global keys

            overlay = press_f1(gui, qtbot)
            listed = {row.key: row.text for row in overlay.workspace_rows}
            for key, words in EXPECTED[role].items():
                assert key in listed, (role, key, listed)
                assert words in listed[key], (role, key, listed[key])
            assert all(text for text in listed.values()), (role, listed)
            # generated from the live bindings: exactly the workspace's keys, no others
            assert set(listed) == set(bound), role
            assert {keys.HELP, keys.LOCK} <= {row.key for row in overlay.global_rows}
            qtbot.keyClick(overlay, Qt.Key.Key_Escape)
            await until(lambda o=overlay: not o.isVisible())
            await log_out(gui)

    loop.run_until_complete(scenario())


def test_f1_on_the_login_page_shows_the_global_keys(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    loop.run_until_complete(until(gui.login_page.login_button.isEnabled))
    overlay = press_f1(gui, qtbot)
    assert overlay.workspace_rows == []
    assert {row.key for row in overlay.global_rows} >= {keys.HELP, keys.LOCK}
    overlay.activateWindow()
    qtbot.waitUntil(overlay.isActiveWindow)
    qtbot.keyClick(overlay, Qt.Key.Key_F1)  # F1 again closes it too
    loop.run_until_complete(until(lambda: not overlay.isVisible()))
