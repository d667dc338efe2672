"""The courier's workspace against the embedded training platform, as the courier uses it.

Cases of a 收件转运 item are submitted by the clerk (through the core, as the clerk's UI
does), then the courier logs in, sees the day's batch with its cases masked, prints the
manifest (slip and A4 PDF), and hands the batch over by keyboard; the platform records
the batch with the business numbers of its cases.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter.audit import MemoryAudit
from counter.bureau.cases import IdentityMethod
from counter.config import Config
from counter.outbox import MessageState
from counter.printing import PrinterStatus, Slip
from counter.training.forms import example_values
from counter.training.seed import TRAINING_PASSWORD
from counter.training.server import TrainingServer
from drivers.printer import render_escpos
from tests.escpos_decoder import decode
from tests.gui_support import until
from tests.test_cases_support import COLLECT_ITEM, EMPLOYEE, FEATURED, FULL_ITEM
from tests.test_transport import platform_batch
from ui.app import load_stylesheet
from ui.asyncop import AsyncRunner
from ui.composition import Services, build_services
from ui.courier import CourierWorkspace
from ui.qt import QApplication, QLabel, Qt, QTableWidget, QWidget

COURIER = "T-COURIER1"
CLERK = "T-CLERKA1"


@pytest.fixture
def services(loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[Services]:
    built = build_services(Config(data_dir=tmp_path / "data"), training=True)
    loop.run_until_complete(built.outbox.start())
    yield built
    loop.run_until_complete(built.aclose())


async def submit_collect_cases(services: Services, count: int = 3) -> list[str]:
    """The clerk accepts *count* 收件转运 cases (and one 全程办 case, which carries no paper)."""
    services.cases.settle_wait_s = 0  # no background sender here: drain below
    await services.sessions.login(CLERK, TRAINING_PASSWORD)
    answer = await services.client.catalogue()
    assert answer.catalogue is not None
    items = {i.code: i for i in answer.catalogue.items}
    case_ids = []
    people = [EMPLOYEE.id_number] + [p.id_number for p in FEATURED[3:]]
    for n, code in enumerate([COLLECT_ITEM] * count + [FULL_ITEM]):
        item = items[code]
        draft = services.cases.new_draft(item, ticket_number=f"S{n + 1:03d}")
        assert draft.set_person(people[n % len(people)], IdentityMethod.ID_CARD) is None
        for name, value in example_values(item.form_fields).items():
            draft.set_field(name, value)
        for material in item.materials:
            draft.set_material(material.name, True)
        outcome = await services.cases.submit(draft)
        if code == COLLECT_ITEM:
            case_ids.append(outcome.case_id)
    await services.sender.drain(timeout=20)
    await services.sessions.logout()
    return case_ids


class SlipPrinter:
    def __init__(self) -> None:
        self.slips: list[Slip] = []

    async def print_slip(self, slip: Slip) -> None:
        self.slips.append(slip)

    async def status(self) -> PrinterStatus:
        return PrinterStatus(online=True)


def table_texts(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def shown(root: QWidget) -> str:
    labels = [w.text() for w in root.findChildren(QLabel) if w.isVisibleTo(root)]
    tables = [
        " ".join(" ".join(row) for row in table_texts(t)) for t in root.findChildren(QTableWidget)
    ]
    return "\n".join(labels + tables)


def check_listing(page: CourierWorkspace) -> None:
    """Today's one batch, selected, its three cases masked."""
    [batch] = page.batches
    assert page.selected is not None and page.selected.batch_id == batch.batch_id
    rows = table_texts(page.batch_table)
    assert rows == [[batch.label, "3", "3", "待交接"]]
    members = table_texts(page.member_table)
    assert [r[3] for r in members] == ["S001", "S002", "S003"]
    assert all(r[2].count("*") == 8 for r in members)  # masked ID numbers only
    assert all(r[4] for r in members) and "待上传" not in [r[4] for r in members]
    everything = shown(page)
    assert EMPLOYEE.id_number not in everything
    assert "共 1 个批次，3 件办件；待交接 1 个" in everything


async def check_manifests(
    page: CourierWorkspace, printer: SlipPrinter, audit: MemoryAudit, qtbot: QtBot, tmp: Path
) -> None:
    """The slip manifest (journaled) and the A4 PDF of the selected batch."""
    batch = page.selected
    assert batch is not None
    qtbot.mouseClick(page.slip_button, Qt.MouseButton.LeftButton)
    await until(lambda: len(printer.slips) == 1 and "已打印小票清单" in page.message.text())
    decoded = decode(render_escpos(printer.slips[0], 80))
    text = "".join(line.text for line in decoded.lines).replace(" ", "")
    assert "收件转运交接清单" in text and batch.label in text and "转运办件数3" in text
    assert all(m.person_masked in text for m in batch.members)
    assert EMPLOYEE.id_number not in text
    pdf = page.export_pdf(tmp / "manifest.pdf")
    assert pdf is not None and pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert batch.label in pdf_text and "交接人签字" in pdf_text
    await until(lambda: len(audit.entries) == 2)
    assert [e["details"]["slip"] for e in audit.entries] == [  # type: ignore[index]
        "transport_manifest",
        "transport_manifest_pdf",
    ]


def test_the_courier_prints_the_manifest_and_hands_the_batch_over(
    services: Services, loop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    async def scenario() -> None:
        case_ids = await submit_collect_cases(services)
        session = await services.sessions.login(COURIER, TRAINING_PASSWORD)
        printer = SlipPrinter()
        audit = MemoryAudit()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setStyleSheet(load_stylesheet())
        page = CourierWorkspace(
            services.transport, printer, AsyncRunner(), session, audit=audit, training=True
        )
        qtbot.addWidget(page)
        page.resize(1366, 720)
        page.show()
        await until(lambda: page.member_table.rowCount() == len(case_ids))
        check_listing(page)
        await check_manifests(page, printer, audit, qtbot, tmp_path)

        # hand-over by keyboard: a missing receiver is explained first
        page.count_spin.setFocus()
        qtbot.keyClick(page.count_spin, Qt.Key.Key_Return)
        await until(lambda: "请填写接收人" in page.message.text())
        page.receiver_edit.setFocus()
        page.receiver_edit.insert("王收件")  # typed through the IME
        qtbot.keyClick(page.receiver_edit, Qt.Key.Key_Return)
        assert page.count_spin.hasFocus() and page.count_spin.value() == 3
        qtbot.keyClicks(page.count_spin, "2")  # fewer files than cases: refused
        qtbot.keyClick(page.count_spin, Qt.Key.Key_Return)
        await until(lambda: "少于批次办件数" in page.message.text())
        page.count_spin.selectAll()
        qtbot.keyClicks(page.count_spin, "4")
        qtbot.keyClick(page.count_spin, Qt.Key.Key_Return)
        await until(lambda: "已交接（4 份）" in page.message.text())
        await until(lambda: page.batches and page.batches[0].state == "handed_over")
        assert not page.hand_over_box.isVisible()
        assert "王*" in page.detail_facts.text() and "王收件" not in shown(page)

        # the upload goes to the platform and the state follows
        await services.sender.drain(timeout=20)
        await until(lambda: page.batches[0].upload_state is MessageState.ACCEPTED)
        assert table_texts(page.batch_table)[0][3] == "已交接 · 已受理"
        batch = page.batches[0]
        numbers = sorted(m.business_no or "" for m in batch.members)
        server = services.training_server
        assert isinstance(server, TrainingServer)
        assert platform_batch(server, batch.batch_id) == (4, numbers)
        page.close()

    loop.run_until_complete(scenario())


def test_a_day_without_batches_says_so(
    services: Services, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        session = await services.sessions.login(COURIER, TRAINING_PASSWORD)
        page = CourierWorkspace(
            services.transport,
            SlipPrinter(),
            AsyncRunner(),
            session,
            audit=MemoryAudit(),
            training=True,
        )
        qtbot.addWidget(page)
        page.show()
        await until(lambda: "共 0 个批次" in page.summary.text())
        assert page.detail_title.text() == "本日没有转运批次"
        assert not page.slip_button.isEnabled() and not page.hand_over_box.isVisible()
        assert page.day_box.count() == 7 and "（今天）" in page.day_box.itemText(0)
        page.day_box.setCurrentIndex(1)  # yesterday: also empty, no error
        await until(lambda: not page.refresh_button.isEnabled())
        await until(page.refresh_button.isEnabled)
        assert page.message.text() == ""
        page.close()

    loop.run_until_complete(scenario())


def test_the_courier_login_opens_the_courier_workspace(
    services: Services, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    from ui.workspaces import build_workspace

    async def scenario() -> None:
        session = await services.sessions.login(COURIER, TRAINING_PASSWORD)
        workspace = build_workspace(
            session, services, AsyncRunner(), current_session=lambda: services.sessions.current
        )
        qtbot.addWidget(workspace)
        assert isinstance(workspace.courier, CourierWorkspace)
        await until(lambda: "共 0 个批次" in workspace.courier.summary.text())
        workspace.close_workspace()

    loop.run_until_complete(scenario())
