"""The identify panel as a clerk uses it, by keyboard, against the real training platform."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from counter.audit import MemoryAudit
from counter.bureau.client import BureauClient, build_ssl_context
from counter.bureau.models import Role
from counter.crypto import FieldCipher
from counter.identify import IdentifyService
from counter.keystore import KeyStore
from counter.persons import PersonService
from counter.session import SessionService
from counter.storage.db import open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import PersonLookupRepo
from counter.training.persons import featured_persons
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import TrainingServer
from drivers.idcard import SimulatedIdCardReader
from drivers.sscard import SimulatedSocialCardReader
from tests.gui_support import until, visible_texts
from tests.training_fixtures import NewStaff, trust_only
from ui.app import load_stylesheet
from ui.asyncop import AsyncRunner
from ui.identify import IdentifyPanel, WedgeTiming
from ui.qt import QApplication, QEvent, Qt

ZHANG_WEI, WANG_FANG = featured_persons()[0], featured_persons()[2]


@dataclass
class Window:
    panel: IdentifyPanel
    audit: MemoryAudit
    id_reader: SimulatedIdCardReader
    loop: asyncio.AbstractEventLoop


@pytest.fixture
def window(
    loop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
    training_server: TrainingServer,
    new_staff: NewStaff,
    tmp_path: Path,
) -> Iterator[Window]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(load_stylesheet())
    db = open_database(tmp_path / "counter.sqlite3")
    executor = DbExecutor()
    audit = MemoryAudit()
    client = BureauClient(training_server.base_url, build_ssl_context(training_server.ca_file))
    sessions = SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=3, device_id="PC"
    )
    cipher = FieldCipher(KeyStore(installation_id="test").data_key())
    persons = PersonService(client, PersonLookupRepo(db, cipher), executor, audit)
    id_reader = SimulatedIdCardReader(rotate=False)
    social_reader = SimulatedSocialCardReader(rotate=False)
    service = IdentifyService(
        persons, audit, id_reader=id_reader, social_reader=social_reader, ecard=client
    )
    session = loop.run_until_complete(sessions.login(new_staff((Role.CLERK,)), TRAINING_PASSWORD))
    panel = IdentifyPanel(service, session, AsyncRunner())
    qtbot.addWidget(panel)
    panel.resize(1280, 760)
    panel.show()
    panel.activateWindow()
    qtbot.waitExposed(panel)
    yield Window(panel, audit, id_reader, loop)
    loop.run_until_complete(client.aclose())
    executor.shutdown()
    db.close()
    # pytest-qt has closed the panel and posted its deleteLater; delete it now, on this
    # thread. Left alone, a top-level widget owned by Python may be freed by a garbage
    # collection that happens to run on a worker thread, which crashes Qt.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def test_manual_entry_by_keyboard_checks_the_number_and_needs_a_reason(
    window: Window, qtbot: QtBot
) -> None:
    panel = window.panel

    async def scenario() -> None:
        qtbot.keyClick(panel, Qt.Key.Key_F8)
        assert panel.manual_box.isVisible() and panel.id_field.edit.hasFocus()
        wrong = ZHANG_WEI.id_number[:-1] + "9"  # the check digit should be 5
        qtbot.keyClicks(panel.id_field.edit, wrong[:10])
        assert panel.id_field.message.text() == "已输入 10 位"
        qtbot.keyClicks(panel.id_field.edit, wrong[10:])
        assert "校验位应为 5" in panel.id_field.message.text()
        qtbot.keyClick(panel.id_field.edit, Qt.Key.Key_Return)  # refused: stays at the field
        assert panel.id_field.edit.hasFocus() and not window.audit.entries[1:]

        qtbot.keyClick(panel.id_field.edit, Qt.Key.Key_Backspace)
        qtbot.keyClicks(panel.id_field.edit, "5")
        assert panel.id_field.message.text() == "居民身份证 · 男 · 1985-06-15"
        qtbot.keyClick(panel.id_field.edit, Qt.Key.Key_Return)  # no reason yet
        assert panel.reason_message.text() == "请选择手工录入原因"
        assert panel.reason_combo.hasFocus()
        assert [e["action"] for e in window.audit.entries] == ["login"]

        qtbot.keyClick(panel.reason_combo, Qt.Key.Key_Down)
        assert panel.reason_combo.currentText() == "读卡器故障"
        qtbot.keyClick(panel.reason_combo, Qt.Key.Key_Return)
        await until(lambda: panel.summary.identification is not None)
        texts = visible_texts(panel)
        assert "张*" in texts and "330102********0315" in texts
        assert ZHANG_WEI.id_number not in texts and "张伟" not in texts
        assert "已识别：张*（手工录入）" in texts
        assert "手工录入（读卡器故障）" in texts
        assert panel.summary.card_status.text() == "正常"
        assert panel.summary.card_value.text() == "卡号 A0*****01"
        assert panel.summary.insurances.rowCount() == 4
        assert not panel.manual_box.isVisible()
        manual = next(e for e in window.audit.entries if e["action"] == "identity_manual")
        assert manual["details"] == {"reason": "读卡器故障"}

    window.loop.run_until_complete(scenario())


def test_other_reason_needs_a_note(window: Window, qtbot: QtBot) -> None:
    panel = window.panel
    qtbot.keyClick(panel, Qt.Key.Key_F8)
    qtbot.keyClicks(panel.id_field.edit, ZHANG_WEI.id_number)
    panel.reason_combo.setCurrentIndex(panel.reason_combo.count() - 1)  # 其他（需填写）
    assert panel.note_edit.isEnabled() and panel.note_edit.hasFocus()
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Return)
    assert panel.note_message.text() == "请填写具体原因"
    assert panel.summary.identification is None


def test_id_card_read_and_show_full_only_during_a_case(window: Window, qtbot: QtBot) -> None:
    panel = window.panel
    window.id_reader.present(WANG_FANG)

    async def scenario() -> None:
        qtbot.keyClick(panel, Qt.Key.Key_F5)
        await until(lambda: panel.summary.identification is not None)
        texts = visible_texts(panel)
        assert "王*" in texts and "330108********0466" in texts
        assert panel.summary.card_status.text() == "临时挂失"
        assert "#b54708" in panel.summary.card_status.styleSheet()  # warning colour
        assert panel.summary.findings.isVisible()
        button = panel.summary.unmask_button
        assert not button.isEnabled()  # no active case

        panel.set_case_active(True)
        assert button.isEnabled()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.summary.id_value.text() == WANG_FANG.id_number)
        assert panel.summary.name_label.text() == "王芳"
        assert window.audit.entries[-1]["action"] == "unmask"
        assert window.audit.entries[-1]["outcome"] == "ok"

        panel.set_case_active(False)  # the case ends: masked again, button off
        assert panel.summary.id_value.text() == "330108********0466"
        assert panel.summary.name_label.text() == "王*"
        assert not button.isEnabled()

        panel.clear()
        assert WANG_FANG.name[0] not in visible_texts(panel)

    window.loop.run_until_complete(scenario())


def test_reader_error_is_shown_clearly(window: Window, qtbot: QtBot) -> None:
    panel = window.panel
    window.id_reader.fail_next("no_card")

    async def scenario() -> None:
        qtbot.keyClick(panel, Qt.Key.Key_F5)
        await until(lambda: "未放卡" in panel.message.text())
        assert panel.message.objectName() == "Error"
        assert panel.id_button.isEnabled()

    window.loop.run_until_complete(scenario())


def test_ecard_scan_by_keyboard_wedge(
    window: Window, qtbot: QtBot, training_server: TrainingServer
) -> None:
    panel = window.panel
    with httpx.Client(
        base_url=training_server.base_url, verify=trust_only(training_server.ca_file)
    ) as http:
        qr = http.post("/v1/training/ecard-qr", json={"id_number": ZHANG_WEI.id_number}).json()[
            "qr"
        ]

    async def scenario() -> None:
        qtbot.keyClick(panel, Qt.Key.Key_F7)
        assert panel.scan_box.isVisible() and panel.wedge.hasFocus()
        qtbot.keyClicks(panel.wedge, qr)
        qtbot.keyClick(panel.wedge, Qt.Key.Key_Return)
        assert panel.wedge.text() == ""  # the token leaves the widget at once
        await until(lambda: panel.summary.identification is not None)
        assert "已识别：张*（电子社保卡）" in visible_texts(panel)
        journal = [e for e in window.audit.entries if e["action"] == "ecard_verify"]
        assert journal[0]["object"] == "330102********0315"

    window.loop.run_until_complete(scenario())


def test_typing_a_code_by_hand_is_not_a_scan(window: Window, qtbot: QtBot) -> None:
    panel = window.panel
    ticks = iter(i * 0.3 for i in range(1000))  # a person: 300 ms per key
    panel.wedge.timing.clock = lambda: next(ticks)
    qtbot.keyClick(panel, Qt.Key.Key_F7)
    qtbot.keyClicks(panel.wedge, "ESSC12345678")
    qtbot.keyClick(panel.wedge, Qt.Key.Key_Return)
    assert "扫码枪" in panel.message.text() and panel.message.objectName() == "Error"
    assert panel.wedge.text() == ""


def test_wedge_timing() -> None:
    now = [0.0]
    timing = WedgeTiming(lambda: now[0])
    for _ in range(20):
        timing.key()
        now[0] += 0.004
    assert timing.is_scan(20)
    assert not timing.is_scan(5)  # too short for a code
    timing.reset()
    for _ in range(20):
        timing.key()
        now[0] += 0.15
    assert not timing.is_scan(20)
