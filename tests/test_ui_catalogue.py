"""The catalogue panel as the guide and the clerk use it: type, move, open, print, export.

Runs offscreen on a qasync loop against the training platform, with the training preview
printer (its ESC/POS bytes are decoded back) and a real local database.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter.audit import MemoryAudit
from counter.bureau.client import BureauClient, build_ssl_context
from counter.bureau.models import SessionRequest
from counter.catalogue import CatalogueService, SettingsUsageStore, business_today
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import CatalogueRepo
from counter.training.catalogue_admin import bump_item, retire_item
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD, load_catalogue
from counter.training.server import TrainingServer
from drivers.printer import PreviewPrinter
from tests.escpos_decoder import decode
from tests.gui_support import until, visible_texts
from ui.asyncop import AsyncRunner
from ui.catalogue import CataloguePanel
from ui.catalogue.search import HtmlRole
from ui.qt import QFileDialog, QLabel, QPrintDialog, Qt

ELEMENT_LABELS = (
    "事项名称", "事项简述", "办理材料", "办理方式", "办理时限", "结果送达",
    "收费依据及标准", "办事时间", "办理机构及地点", "咨询查询途径", "监督投诉渠道",
)  # fmt: skip
OUTLET_NAME = "中国工商银行杭州湖滨支行社保业务代办点"


@dataclass
class Counter:
    service: CatalogueService
    client: BureauClient
    audit: MemoryAudit
    db: Database
    executor: DbExecutor
    printer: PreviewPrinter
    runner: AsyncRunner
    panel: CataloguePanel | None = None

    def make_panel(self, qtbot: QtBot, outlet_name: str = OUTLET_NAME) -> CataloguePanel:
        panel = CataloguePanel(
            self.service, self.printer, self.runner, outlet_name, True,
            window=3, staff_no="T-GUIDE01", role="guide",
        )  # fmt: skip
        qtbot.addWidget(panel)
        panel.resize(1280, 760)
        panel.show()
        panel.activateWindow()
        self.panel = panel
        return panel


def open_counter(
    loop: asyncio.AbstractEventLoop,
    server: TrainingServer,
    tmp_path: Path,
    *,
    staff_no: str = "T-GUIDE01",
    outlet: str = TRAINING_OUTLET_CODE,
    sync: bool = True,
) -> Counter:
    db = open_database(tmp_path / "counter.sqlite3")
    executor = DbExecutor()
    audit = MemoryAudit()
    client = BureauClient(server.base_url, build_ssl_context(server.ca_file))
    service = CatalogueService(
        client, CatalogueRepo(db), executor, audit, outlet, usage=SettingsUsageStore(db)
    )
    printer = PreviewPrinter(tmp_path / "slips", paper_mm=80)

    async def setup() -> None:
        grant = await client.login(
            SessionRequest(
                staff_no=staff_no, password=TRAINING_PASSWORD, outlet_code=outlet, device_id="UI"
            )
        )
        service.set_outlet(grant.outlet)
        if sync:
            await service.load_cached()
            await service.sync(staff_no)

    loop.run_until_complete(setup())
    return Counter(service, client, audit, db, executor, printer, AsyncRunner())


def close_counter(loop: asyncio.AbstractEventLoop, counter: Counter) -> None:
    async def drain() -> None:
        # Let work handed to executor threads finish while the loop still runs: a thread
        # that completes a future on a closed qasync loop can crash Qt later.
        tasks = list(counter.runner.tasks)
        if tasks:
            await asyncio.wait(tasks, timeout=10)
        await counter.client.aclose()

    loop.run_until_complete(drain())

    counter.executor.shutdown()
    counter.printer.close()
    counter.db.close()


@pytest.fixture
def counter(
    loop: asyncio.AbstractEventLoop, training_server: TrainingServer, tmp_path: Path
) -> Iterator[Counter]:
    c = open_counter(loop, training_server, tmp_path)
    yield c
    close_counter(loop, c)


def pdf_text(path: Path) -> str | None:
    """The PDF's text with all whitespace removed, or None without pdftotext."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    out = subprocess.run([tool, str(path), "-"], check=True, capture_output=True, text=True)
    return re.sub(r"\s+", "", out.stdout)


def test_pinyin_initials_by_keyboard_then_enter_opens_the_guide(
    counter: Counter, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    panel = counter.make_panel(qtbot)

    async def scenario() -> None:
        search = panel.search
        await until(lambda: search.status.text().startswith("本网点可办 62 个事项"))
        assert search.edit.placeholderText() == "输入事项名称、拼音、首字母或编码"
        qtbot.keyClicks(search.edit, "lhjy")
        hits = search.hits()
        assert hits and hits[0].item.name.startswith("灵活就业")
        assert "SB01001" in {h.item.code for h in hits}
        assert all("灵活就业" in h.item.name for h in hits)
        assert search.model.index(0, 0).data(HtmlRole).startswith("<b>灵活就业</b>人员")
        assert search.status.text() == f"找到 {len(hits)} 个事项"
        assert search.results.currentIndex().row() == 0

        qtbot.keyClick(search.edit, Qt.Key.Key_Down)
        qtbot.keyClick(search.edit, Qt.Key.Key_Down)
        assert search.results.currentIndex().row() == 2
        qtbot.keyClick(search.edit, Qt.Key.Key_Up)
        chosen = hits[1].item
        assert search.current_item() == chosen
        assert panel.guide.item is None  # moving does not open
        qtbot.keyClick(search.edit, Qt.Key.Key_Return)

        guide = panel.guide
        assert guide.item == chosen
        texts = visible_texts(guide)
        for label in ELEMENT_LABELS:
            assert label in texts, label
        shown = guide.texts()
        assert shown["name"] == chosen.name and shown["time_limit"] == chosen.time_limit
        assert "当场办结" in shown["delivery"] and "12333" in shown["enquiry"]
        assert "12345" in shown["complaint"] and OUTLET_NAME in shown["place"]
        risk = {"L": "低风险", "M": "中风险", "H": "高风险"}[chosen.risk.value]
        review = "需复核" if chosen.needs_review else "无需复核"
        offline = "断网可受理" if chosen.offline_ok else "须联网办理"
        mode = chosen.mode.value
        badges = [label.text() for label in guide.findChildren(QLabel) if label.isVisible()]
        for badge in (risk, review, offline):
            assert badge in badges, badge
        assert mode in badges
        assert not guide.qr.pixmap().isNull()
        assert "https://www.zjzwfw.gov.cn/" in guide.qr_caption.text()
        await until(lambda: not counter.runner.tasks)  # the use is counted and saved
        assert counter.service.usage == {chosen.code: 1}
        assert search.edit.hasFocus()  # the next search can be typed at once

        # Esc clears the search; an empty box lists the most used item first
        qtbot.keyClick(search.edit, Qt.Key.Key_Escape)
        assert search.edit.text() == ""
        assert search.hits()[0].item.code == chosen.code

    loop.run_until_complete(scenario())


def test_shareable_materials_code_search_and_no_match(
    counter: Counter, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    panel = counter.make_panel(qtbot)

    async def scenario() -> None:
        search = panel.search
        await until(lambda: search.hits() != [])
        qtbot.keyClicks(search.edit, "sb 01001")
        assert search.hits()[0].item.code == "SB01001"
        qtbot.keyClick(search.edit, Qt.Key.Key_Enter)
        materials = panel.guide.values["materials"].text()
        assert "户籍或居住证信息" in materials and "可共享免交" in materials
        assert materials.count("可共享免交") == 1

        search.edit.clear()
        qtbot.keyClicks(search.edit, "zzzzqq")
        assert search.hits() == []
        assert "没有找到与“zzzzqq”相关的事项" in search.status.text()
        qtbot.keyClick(search.edit, Qt.Key.Key_Return)  # nothing to open: nothing happens
        assert panel.guide.item is not None and panel.guide.item.code == "SB01001"

    loop.run_until_complete(scenario())


def test_print_notice_goes_to_the_receipt_printer_and_the_journal(
    counter: Counter, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    panel = counter.make_panel(qtbot)

    async def scenario() -> None:
        await until(lambda: panel.search.hits() != [])
        assert panel.open_code("SB01001")
        qtbot.mouseClick(panel.guide.notice_button, Qt.MouseButton.LeftButton)
        await until(lambda: counter.printer.last_png is not None)
        await until(lambda: "已打印一次性告知单" in panel.message.text())
        assert counter.printer.last_png is not None
        data = counter.printer.last_png.with_suffix(".bin").read_bytes()
        text = "".join(line.text for line in decode(data).lines).replace(" ", "")
        assert "一次性告知单" in text and OUTLET_NAME in text
        assert "2.户籍或居住证信息【可共享免交】" in text
        assert "培训模式TRAINING非正式凭证" in text
        entry = counter.audit.entries[-1]
        assert entry["action"] == "print" and entry["object"] == "SB01001"
        assert entry["staff_no"] == "T-GUIDE01"

    loop.run_until_complete(scenario())


def test_export_guide_pdf_through_the_save_dialog(
    counter: Counter, loop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    panel = counter.make_panel(qtbot)

    async def scenario() -> None:
        await until(lambda: panel.search.hits() != [])
        assert panel.open_code("SB08047")
        qtbot.mouseClick(panel.guide.pdf_button, Qt.MouseButton.LeftButton)
        dialogs = [d for d in panel.findChildren(QFileDialog) if d.isVisible()]
        assert len(dialogs) == 1  # opened with open(): the loop keeps running
        dialog = dialogs[0]
        assert "办事指南_SB08047_社会保障卡临时挂失.pdf" in dialog.selectedFiles()[0]
        target = tmp_path / "exported" / "guide.pdf"
        target.parent.mkdir()
        dialog.selectFile(str(target))
        dialog.accept()
        await until(lambda: panel.last_export is not None)
        assert panel.last_export == target
        assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 10_000
        text = pdf_text(target)
        if text is not None:
            assert "社会保障卡临时挂失" in text and "办事指南" in text
            for label in ELEMENT_LABELS:
                assert label in text, label
            assert "培训模式" in text
        assert "已导出 PDF" in panel.message.text()

    loop.run_until_complete(scenario())


def test_print_guide_opens_the_print_dialog_without_blocking(
    counter: Counter, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    panel = counter.make_panel(qtbot)

    async def scenario() -> None:
        await until(lambda: panel.search.hits() != [])
        assert panel.open_code("SB01001")
        qtbot.mouseClick(panel.guide.guide_button, Qt.MouseButton.LeftButton)
        await asyncio.sleep(0.05)  # the event loop is not stuck in a nested exec()
        dialogs = [d for d in panel.findChildren(QPrintDialog) if d.isVisible()]
        assert len(dialogs) == 1
        dialogs[0].reject()
        await until(lambda: not any(d.isVisible() for d in panel.findChildren(QPrintDialog)))

    loop.run_until_complete(scenario())


def test_item_list_pdf_holds_exactly_the_outlets_items(
    loop: asyncio.AbstractEventLoop, training_server: TrainingServer, tmp_path: Path, qtbot: QtBot
) -> None:
    small = open_counter(loop, training_server, tmp_path, staff_no="T-CLERK301", outlet="330102003")
    try:
        panel = small.make_panel(qtbot, "杭州联合银行上城南星社保服务点")
        usable = {i.code for i in small.service.usable_items()}
        others = {i.code for i in load_catalogue()} - usable
        assert usable and others
        target = panel.export_item_list_pdf(tmp_path / "list.pdf")
        assert target.read_bytes().startswith(b"%PDF")
        text = pdf_text(target)
        if text is not None:
            assert "杭州联合银行上城南星社保服务点" in text and "社会保险业务办事事项清单" in text
            assert f"可办理以下{len(usable)}项" in text and "三类网点" in text
            assert all(code in text for code in usable)
            assert not any(code in text for code in others)
            assert "全程办" in text and "培训模式" in text
    finally:
        close_counter(loop, small)


def test_first_sync_progress_then_catalogue_changes_reach_the_open_guide(
    loop: asyncio.AbstractEventLoop, fresh_server: TrainingServer, tmp_path: Path, qtbot: QtBot
) -> None:
    counter = open_counter(loop, fresh_server, tmp_path, sync=False)
    try:
        panel = counter.make_panel(qtbot)
        seen: list[int] = []
        panel.progress.valueChanged.connect(seen.append)
        assert panel.search.status.text() == "办事目录尚未载入。"

        async def scenario() -> None:
            result = await counter.service.sync("T-GUIDE01")  # a new install's first sync
            assert result.changed
            assert seen == [10, 60, 80, 100]
            assert not panel.progress.isVisible()
            await until(lambda: panel.search.hits() != [])
            assert "62 个事项" in panel.sync_label.text()

            assert panel.open_code("SB01002")
            today = business_today()
            bump_item(fresh_server.engine, "SB01002", today=today)
            await counter.service.sync("T-GUIDE01")
            await until(lambda: "已更新为第 2 版" in panel.message.text())
            assert panel.guide.item is not None and panel.guide.item.version == 2
            assert "个人承诺书" in panel.guide.values["materials"].text()

            retire_item(fresh_server.engine, "SB01002", today=today)
            await counter.service.sync("T-GUIDE01")
            await until(lambda: panel.guide.item is None)
            assert "SB01002 已停用" in panel.message.text()
            panel.search.edit.setText("SB01002")
            assert all(h.item.code != "SB01002" for h in panel.search.hits())

            counter.service.warnings.emit(
                "人社平台下发的办事目录未通过校验，已拒收，继续使用原有目录。"
            )
            assert panel.warning.isVisible() and "已拒收" in panel.warning.text()

        loop.run_until_complete(scenario())
    finally:
        close_counter(loop, counter)
