"""Shared pieces of the GUI tests: a qasync loop, waiting for conditions, visible text.

Import the fixtures into a test module (`from tests.gui_support import loop, gui`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter.config import Config
from ui.app import CounterApp, load_stylesheet
from ui.qt import QApplication, QLabel, QWidget, qasync


class BurstEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """A qasync loop that stays asyncio's running loop between `run_until_complete` calls.

    In the app the loop runs for the whole session. In tests it runs in bursts, and Qt
    events are processed in between (pytest-qt between test phases, qasync itself after
    each burst): qasync timers firing then would step tasks with no running loop, and
    asyncio primitives bound to this loop would refuse them.
    """

    def run_forever(self) -> None:
        try:
            super().run_forever()
        finally:
            asyncio.events._set_running_loop(self)


@pytest.fixture
def loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    event_loop = BurstEventLoop(qapp)
    asyncio.set_event_loop(event_loop)
    asyncio.events._set_running_loop(event_loop)
    yield event_loop
    asyncio.events._set_running_loop(None)
    event_loop.close()
    asyncio.set_event_loop(None)
    # Not kept alive: stale timers of a closed loop would step old tasks inside the next
    # test's loop. The autouse `_flush_qt_deletions` collects it on this (the Qt) thread.


@pytest.fixture
def gui(
    loop: asyncio.AbstractEventLoop, qapp: QApplication, tmp_path: Path, qtbot: QtBot
) -> Iterator[CounterApp]:
    """The real app in training mode (embedded platform, simulated devices), shown."""
    qapp.setStyleSheet(load_stylesheet())
    app = CounterApp(Config(data_dir=tmp_path / "data"), training=True)
    qtbot.addWidget(app.window)
    app.window.resize(1280, 800)
    app.window.show()
    loop.run_until_complete(app.start())
    yield app
    loop.run_until_complete(app.stop())


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


def visible_texts(root: QWidget) -> str:
    return "\n".join(label.text() for label in root.findChildren(QLabel) if label.isVisibleTo(root))


async def login_by_keyboard(app: CounterApp, qtbot: QtBot, staff_no: str, password: str) -> None:
    from ui.qt import Qt

    page = app.login_page
    await until(page.login_button.isEnabled)
    page.staff_edit.clear()
    qtbot.keyClicks(page.staff_edit, staff_no)
    qtbot.keyClick(page.staff_edit, Qt.Key.Key_Return)  # Enter moves to the password
    focus = QApplication.focusWidget()
    assert page.password_edit.hasFocus(), (focus, focus and focus.window())
    qtbot.keyClicks(page.password_edit, password)
    qtbot.keyClick(page.password_edit, Qt.Key.Key_Return)
