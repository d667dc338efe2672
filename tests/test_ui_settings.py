"""The supervisor's settings dialog, driven as a supervisor uses it: fields, 测试, 保存.

Real parts: a TCP socket stands in for the network printer (the bytes arrive), the
simulated hall caller on loopback HTTP, the simulated card readers, the config file.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter.audit import MemoryAudit
from counter.bureau.models import Outlet, Role, Staff
from counter.config import load_config
from counter.session import ActiveSession
from counter.settings_edit import SettingsEditor
from counter.training.hall_caller import SimulatedHallCaller
from tests.gui_support import until
from ui.app import load_stylesheet
from ui.asyncop import AsyncRunner
from ui.qt import QApplication, QComboBox, QLineEdit, Qt
from ui.settings import DeviceTests, SettingsDialog

OUTLET = Outlet(code="330102001", name="培训网点", category=1)


def session(*roles: Role) -> ActiveSession:
    staff = Staff(staff_no="T-SUPER01", name="王管理", roles=list(roles))
    return ActiveSession(staff=staff, outlet=OUTLET, window=3, expires_at_utc=0.0)


class PrinterSocket:
    """A network printer's port 9100: accepts connections and keeps what arrives."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                while chunk := conn.recv(65536):
                    self.received += chunk

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def printer_socket() -> Iterator[PrinterSocket]:
    server = PrinterSocket()
    yield server
    server.close()


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "counter.toml"
    path.write_text(
        '# 网点配置\n[printer]\nuri = "network://192.0.2.10:9100"\npaper_mm = 80\n'
        '[reader]\nkind = "simulated"\n[hall]\nvoice = "silent"\n',
        encoding="utf-8",
    )
    return path


def make_dialog(
    qtbot: QtBot, tmp_path: Path, path: Path, who: ActiveSession | None = None
) -> tuple[SettingsDialog, MemoryAudit]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(load_stylesheet())
    audit = MemoryAudit()
    editor = SettingsEditor(path, audit, environ={})
    tests = DeviceTests(preview_dir=tmp_path / "preview", training=False, window=3)
    dialog = SettingsDialog(editor, who or session(Role.SUPERVISOR), AsyncRunner(), tests)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog, audit


def set_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def choose(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_a_wrong_value_is_explained_at_the_field_and_nothing_is_saved(
    qtbot: QtBot, tmp_path: Path, config_file: Path, loop: asyncio.AbstractEventLoop
) -> None:
    dialog, audit = make_dialog(qtbot, tmp_path, config_file)
    before = config_file.read_text(encoding="utf-8")
    uri = dialog.fields["printer.uri"]
    assert isinstance(uri, QLineEdit) and uri.text() == "network://192.0.2.10:9100"
    set_text(qtbot, uri, "lpt1:")
    caller = dialog.fields["caller.kind"]
    assert isinstance(caller, QComboBox)
    choose(caller, "http")  # …without an address
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    assert dialog.errors["printer.uri"].isVisible()
    assert "无法识别的打印机地址" in dialog.errors["printer.uri"].text()
    assert "必须填写地址" in dialog.errors["caller.url"].text()
    assert "有 2 项设置不正确" in dialog.message.text()
    assert uri.hasFocus()  # the first wrong field takes the keyboard
    loop.run_until_complete(asyncio.sleep(0.05))
    assert config_file.read_text(encoding="utf-8") == before
    assert audit.entries == []
    set_text(qtbot, uri, "network://192.0.2.10:9100")  # typing clears the error line
    assert not dialog.errors["printer.uri"].isVisible()


def test_test_print_reaches_the_printer_and_says_success(
    qtbot: QtBot,
    tmp_path: Path,
    config_file: Path,
    loop: asyncio.AbstractEventLoop,
    printer_socket: PrinterSocket,
) -> None:
    dialog, _audit = make_dialog(qtbot, tmp_path, config_file)
    card = dialog.cards["printer"]
    assert "配置检查：已配置" in card.result.text()  # counter doctor's row for the printer
    set_text(qtbot, dialog.fields["printer.uri"], f"network://127.0.0.1:{printer_socket.port}")  # type: ignore[arg-type]
    button = dialog.test_buttons["printer"]
    qtbot.keyClick(button, Qt.Key.Key_Space)

    async def scenario() -> None:
        assert not button.isEnabled()  # busy while the test runs
        await until(lambda: card.result.text().startswith(("成功", "失败")))

    loop.run_until_complete(scenario())
    assert card.result.text().startswith("成功"), card.result.text()
    assert "测试页已发送" in card.result.text()
    assert button.isEnabled()
    loop.run_until_complete(until(lambda: b"\x1dV" in printer_socket.received))  # the cut
    assert b"PRINT-TEST" in printer_socket.received


def test_a_failed_test_says_what_to_do(
    qtbot: QtBot, tmp_path: Path, config_file: Path, loop: asyncio.AbstractEventLoop
) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    dialog, _audit = make_dialog(qtbot, tmp_path, config_file)
    set_text(qtbot, dialog.fields["printer.uri"], f"network://127.0.0.1:{port}")  # type: ignore[arg-type]
    dialog.test_buttons["printer"].click()
    card = dialog.cards["printer"]
    loop.run_until_complete(until(lambda: card.result.text().startswith(("成功", "失败"))))
    assert card.result.text().startswith("失败：")
    assert "请检查打印机" in card.result.text()


def test_reader_caller_and_voice_tests(
    qtbot: QtBot, tmp_path: Path, config_file: Path, loop: asyncio.AbstractEventLoop
) -> None:
    dialog, _audit = make_dialog(qtbot, tmp_path, config_file)
    with SimulatedHallCaller() as hall:
        choose(dialog.fields["caller.kind"], "http")  # type: ignore[arg-type]
        set_text(qtbot, dialog.fields["caller.url"], hall.base_url)  # type: ignore[arg-type]
        for name in ("id_reader", "social_reader", "caller", "voice"):
            dialog.test_buttons[name].click()
        reader, caller, voice = (dialog.cards[k] for k in ("reader", "caller", "voice"))

        def done(label: object) -> bool:
            return label.text().startswith(("成功", "失败"))  # type: ignore[attr-defined]

        loop.run_until_complete(
            until(lambda: done(caller.result) and done(voice.result) and done(reader.result))
        )
        loop.run_until_complete(
            until(lambda: all(b.isEnabled() for b in dialog.test_buttons.values()))
        )
    assert caller.result.text().startswith("成功：叫号系统连接正常"), caller.result.text()
    assert voice.result.text().startswith("成功"), voice.result.text()
    assert reader.result.text().startswith("成功：读卡成功"), reader.result.text()
    assert "*" in reader.result.text()  # masked, never the full number


def test_saving_writes_the_file_and_names_what_needs_a_restart(
    qtbot: QtBot, tmp_path: Path, config_file: Path, loop: asyncio.AbstractEventLoop
) -> None:
    dialog, audit = make_dialog(qtbot, tmp_path, config_file)
    choose(dialog.fields["printer.paper_mm"], 58)  # type: ignore[arg-type]
    choose(dialog.fields["hall.voice"], "chime_only")  # type: ignore[arg-type]
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Space)
    loop.run_until_complete(until(lambda: "已保存" in dialog.message.text()))
    assert "重新启动" in dialog.message.text() and "纸宽" in dialog.message.text()
    config = load_config(config_file, environ={})
    assert config.printer.paper_mm == 58 and config.hall.voice == "chime_only"
    assert "# 网点配置" in config_file.read_text(encoding="utf-8")
    assert audit.entries[0]["action"] == "config_change"
    assert dialog.close_button.text() == "关闭"


def test_a_non_supervisor_cannot_save_even_with_the_dialog_open(
    qtbot: QtBot, tmp_path: Path, config_file: Path, loop: asyncio.AbstractEventLoop
) -> None:
    dialog, audit = make_dialog(qtbot, tmp_path, config_file, session(Role.CLERK))
    before = config_file.read_text(encoding="utf-8")
    choose(dialog.fields["printer.paper_mm"], 58)  # type: ignore[arg-type]
    dialog.save_button.click()
    loop.run_until_complete(until(lambda: dialog.message.text().startswith("未保存")))
    assert "没有“管理”权限" in dialog.message.text()
    assert config_file.read_text(encoding="utf-8") == before
    assert audit.entries == []
