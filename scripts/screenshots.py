"""Take the current screenshots of every workspace for docs/screenshots/ (run under Xvfb).

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m scripts.screenshots [--lang en]

Drives the real GUI in training mode as its users would, at 1366×768 and 1920×1080: the
guide issues tickets from the catalogue, the clerk calls one (F1 shows the keys), the hall
display follows, the screen is locked; the courier's and the supervisor's workspaces, the
device settings, the trainer's page and 关于. English shots are prefixed ``en-``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtTest import QTest

from counter.config import Config
from counter.training.seed import TRAINING_PASSWORD
from ui.app import CounterApp, install_translators, load_stylesheet
from ui.qt import QApplication, Qt, QWidget, qasync

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


async def until(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("page did not appear")
        await asyncio.sleep(0.05)


class Shooter:
    def __init__(self, app: CounterApp, size: tuple[int, int], prefix: str = "") -> None:
        self.app = app
        self.window = app.window
        self.window.resize(*size)
        self.suffix = f"{size[0]}x{size[1]}"
        self.prefix = prefix
        self.taken: list[Path] = []

    async def grab(self, name: str, widget: QWidget | None = None) -> None:
        await asyncio.sleep(0.4)  # let layouts and repaints settle on the loop
        path = OUT / f"{self.prefix}{name}-{self.suffix}.png"
        (widget or self.window).grab().save(str(path))
        self.taken.append(path)

    async def login(self, staff_no: str) -> None:
        page = self.app.login_page
        await until(page.login_button.isEnabled)
        QTest.keyClicks(page.staff_edit, staff_no)
        QTest.keyClick(page.staff_edit, Qt.Key.Key_Return)
        QTest.keyClicks(page.password_edit, TRAINING_PASSWORD)
        QTest.keyClick(page.password_edit, Qt.Key.Key_Return)
        services = self.app.services
        await until(lambda: self.window.workspace is not None)
        await until(lambda: services is not None and services.catalogue.current is not None)

    async def logout(self) -> None:
        QTest.mouseClick(self.window.logout_button, Qt.MouseButton.LeftButton)
        await until(lambda: self.window.stack.currentWidget() is self.app.login_page)
        self.app.login_page.staff_edit.clear()

    async def guide(self) -> None:
        await self.login("T-GUIDE01")
        workspace = self.window.workspace
        desk, catalogue = workspace.desk, workspace.catalogue_panel  # type: ignore[union-attr]
        assert desk is not None and catalogue is not None
        for query in ("lhjy", "shebaoka", "临时挂失"):
            catalogue.search.edit.setText(query)  # as an input method commits it
            await asyncio.sleep(0.2)
            QTest.keyClick(catalogue.search.edit, Qt.Key.Key_Return)
            await asyncio.sleep(0.2)
            QTest.mouseClick(desk.issue_button, Qt.MouseButton.LeftButton)
            await until(lambda: desk.last_number.text() != "")
            await asyncio.sleep(0.5)
        await self.grab("guide-desk")
        await self.logout()

    async def clerk(self) -> None:
        await self.login("T-CLERKA1")
        panel = self.window.workspace.call_panel  # type: ignore[union-attr]
        assert panel is not None
        await until(lambda: panel.waiting_count > 0 or panel.ticket is not None)
        if panel.ticket is None:
            QTest.mouseClick(panel.buttons["next"], Qt.MouseButton.LeftButton)
            await until(lambda: panel.ticket is not None)
        await self.grab("clerk-call-panel")
        QTest.mouseClick(self.window.help_button, Qt.MouseButton.LeftButton)
        overlay = self.window.help_overlay
        assert overlay is not None
        await self.grab("help-overlay-clerk", overlay)
        overlay.close()
        display = self.app.hall_display
        if display is not None:
            display.resize(1920, 1080)
            await asyncio.sleep(0.5)
            display.grab().save(str(OUT / f"hall-live-{self.suffix}.png"))
        QTest.mouseClick(self.window.lock_button, Qt.MouseButton.LeftButton)
        await until(lambda: self.window.stack.currentWidget() is self.window.lock_page)
        await self.grab("idle-lock")
        QTest.mouseClick(self.window.lock_page.switch_button, Qt.MouseButton.LeftButton)
        await until(lambda: self.window.stack.currentWidget() is self.app.login_page)
        self.app.login_page.staff_edit.clear()

    async def courier(self) -> None:
        await self.login("T-COURIER1")
        await self.grab("courier")
        await self.logout()

    async def supervisor(self) -> None:
        await self.login("T-SUPER01")
        workspace = self.window.workspace.supervisor  # type: ignore[union-attr]
        assert workspace is not None
        for key in ("today", "exceptions", "roster", "close", "training"):
            workspace.show_page(key)
            await asyncio.sleep(1.0)  # the page loads from the store and the platform
            await self.grab(f"supervisor-{key}")
        page = workspace.pages["training"]
        QTest.mouseClick(page.open_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        trainer = self.app.services.trainer_window
        assert trainer is not None
        trainer.resize(self.window.size())
        await self.grab("trainer-setup", trainer)
        trainer.hide()
        QTest.mouseClick(self.window.settings_button, Qt.MouseButton.LeftButton)
        await until(lambda: self.app.settings_dialog is not None)
        dialog = self.app.settings_dialog
        assert dialog is not None
        await self.grab("settings-dialog", dialog)
        dialog.reject()
        QTest.mouseClick(self.window.about_button, Qt.MouseButton.LeftButton)
        about = self.window.about_dialog
        assert about is not None
        await self.grab("about-dialog", about)
        about.reject()
        await self.logout()

    async def run(self) -> list[Path]:
        await self.app.start()
        await until(self.app.login_page.login_button.isEnabled)
        await self.grab("login")
        await self.guide()
        await self.clerk()
        await self.courier()
        await self.supervisor()
        await self.app.stop()
        return self.taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=("zh_CN", "en"), default="zh_CN")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication(sys.argv[:1])
    qt_app.setStyleSheet(load_stylesheet())
    translators = install_translators(qt_app, args.lang)
    prefix = "en-" if args.lang == "en" else ""
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    taken: list[Path] = []
    with tempfile.TemporaryDirectory() as data, loop:
        for size in ((1366, 768), (1920, 1080)):
            app = CounterApp(Config(data_dir=Path(data)), training=True)
            app.window.show()
            taken += loop.run_until_complete(Shooter(app, size, prefix).run())
            app.window.close()
    for path in taken:
        print(path)
    del translators
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
