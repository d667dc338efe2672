"""Take the current screenshots of the app shell for docs/screenshots/ (run under Xvfb).

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m scripts.screenshots

Drives the real GUI in training mode by keyboard, as a clerk would, and grabs each page.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtTest import QTest

from counter.config import Config
from counter.training.seed import TRAINING_PASSWORD
from ui.app import CounterApp, load_stylesheet
from ui.qt import QApplication, Qt, qasync

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


async def until(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("page did not appear")
        await asyncio.sleep(0.05)


async def shoot(app: CounterApp, size: tuple[int, int]) -> list[Path]:
    window = app.window
    window.resize(*size)
    suffix = f"{size[0]}x{size[1]}"
    taken: list[Path] = []

    def grab(name: str) -> None:
        QApplication.processEvents()
        path = OUT / f"{name}-{suffix}.png"
        window.grab().save(str(path))
        taken.append(path)

    await app.start()
    await until(app.login_page.login_button.isEnabled)
    await asyncio.sleep(0.3)
    grab("login")

    async def login(staff_no: str) -> None:
        QTest.keyClicks(app.login_page.staff_edit, staff_no)
        QTest.keyClick(app.login_page.staff_edit, Qt.Key.Key_Return)
        QTest.keyClicks(app.login_page.password_edit, TRAINING_PASSWORD)
        QTest.keyClick(app.login_page.password_edit, Qt.Key.Key_Return)
        await until(lambda: window.workspace is not None)
        await until(lambda: app.services is not None and app.services.catalogue.current is not None)
        await asyncio.sleep(0.5)

    async def logout() -> None:
        QTest.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
        await until(lambda: window.stack.currentWidget() is app.login_page)
        app.login_page.staff_edit.clear()

    await login("T-GUIDE01")
    desk = window.workspace.desk  # type: ignore[union-attr]
    assert desk is not None
    catalogue = window.workspace.catalogue_panel  # type: ignore[union-attr]
    assert catalogue is not None
    for query in ("lhjy", "shebaoka", "临时挂失"):
        catalogue.search.edit.setText(query)  # as an input method commits it
        await asyncio.sleep(0.2)
        QTest.keyClick(catalogue.search.edit, Qt.Key.Key_Return)
        await asyncio.sleep(0.2)
        QTest.keyClick(desk, Qt.Key.Key_F2)
        await until(lambda: desk.last_number.text() != "")
        await asyncio.sleep(0.6)
    grab("guide-desk")
    await logout()

    await login("T-CLERKA1")
    panel = window.workspace.call_panel  # type: ignore[union-attr]
    assert panel is not None
    QTest.mouseClick(panel.buttons["next"], Qt.MouseButton.LeftButton)
    try:
        await until(lambda: panel.ticket is not None, timeout=5)
    except TimeoutError:
        print("call panel message:", panel.message.text(), "| waiting:", panel.waiting_count)
        grab("clerk-call-panel-debug")
        raise
    await asyncio.sleep(0.5)
    grab("clerk-call-panel")
    if app.hall_display is not None:
        app.hall_display.resize(1920, 1080)
        await asyncio.sleep(0.5)
        app.hall_display.grab().save(str(OUT / f"hall-live-{suffix}.png"))
    QTest.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    await until(lambda: window.stack.currentWidget() is window.lock_page)
    await asyncio.sleep(0.2)
    grab("idle-lock")
    await app.stop()
    return taken


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication(sys.argv)
    qt_app.setStyleSheet(load_stylesheet())
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    taken: list[Path] = []
    with tempfile.TemporaryDirectory() as data, loop:
        for size in ((1366, 768), (1920, 1080)):
            app = CounterApp(Config(data_dir=Path(data)), training=True)
            app.window.show()
            taken += loop.run_until_complete(shoot(app, size))
            app.window.close()
    for path in taken:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
