"""Issue 4 end to end through the widgets, in training mode:

the guide issues a ticket (its slip's ESC/POS bytes decoded), the clerk calls it by F-key,
the hall display shows it, and the announcement is queued for the hall voice.
"""

from __future__ import annotations

import asyncio

from pytestqt.qtbot import QtBot

from counter.announce import AnnouncerState
from counter.training.seed import TRAINING_PASSWORD
from tests.escpos_decoder import decode
from tests.gui_support import login_by_keyboard, until
from ui.app import CounterApp
from ui.qt import Qt


def test_ticket_from_guide_desk_to_hall_display(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        services = gui.services
        assert services is not None and gui.hall_display is not None
        announced: list[str] = []

        def heard(state: AnnouncerState) -> None:
            if state.playing is not None and state.playing.text not in announced:
                announced.append(state.playing.text)

        services.announcer.changed.connect(heard)

        # The guide picks an item by pinyin initials and prints a ticket with F2.
        await login_by_keyboard(gui, qtbot, "T-GUIDE01", TRAINING_PASSWORD)
        await until(lambda: gui.window.workspace is not None)
        workspace = gui.window.workspace
        desk, catalogue = workspace.desk, workspace.catalogue_panel
        assert desk is not None and catalogue is not None
        await until(lambda: catalogue.search.model.rowCount() > 0)
        qtbot.keyClicks(catalogue.search.edit, "sbklsgs")  # 社保卡临时挂失
        qtbot.keyClick(catalogue.search.edit, Qt.Key.Key_Return)
        await until(lambda: desk.item is not None)
        assert desk.item.code == "SB08047"
        qtbot.keyClick(desk, Qt.Key.Key_F2)
        await until(lambda: desk.last_number.text() == "S001")

        slip_bin = services.printer.last_png.with_suffix(".bin")  # type: ignore[attr-defined]
        text = "\n".join(decode(slip_bin.read_bytes()).text_lines)
        assert "S001" in text and "社会保障卡临时挂失" in text
        assert "您前面还有 0 人等待" in text and "培训" in text
        assert "?" not in text

        gui.window.logout_button.click()
        await until(lambda: gui.window.stack.currentWidget() is gui.login_page)

        # The clerk at window 3 calls it with F2; the hall display and the voice follow.
        await login_by_keyboard(gui, qtbot, "T-CLERKA1", TRAINING_PASSWORD)
        await until(lambda: gui.window.workspace is not None)
        panel = gui.window.workspace.call_panel
        assert panel is not None
        await until(lambda: panel.waiting_count == 1)
        qtbot.keyClick(panel, Qt.Key.Key_F2)
        await until(lambda: panel.ticket is not None)
        assert panel.number.text() == "S001"
        await until(lambda: gui.hall_display.hero_number.text() == "S001")
        await until(lambda: "请S001号到3号窗口办理" in announced, timeout=15)
        assert panel.waiting_count == 0

    loop.run_until_complete(scenario())
