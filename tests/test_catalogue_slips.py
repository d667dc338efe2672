"""The 一次性告知单 slip, read back from the ESC/POS bytes the driver sends."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter.audit import MemoryAudit
from counter.bureau.models import CatalogueItem, Material
from counter.catalogue_slips import SHAREABLE_MARK, material_lines, notice_slip, print_notice
from counter.printing import TRAINING_BANNER, PrintError, PrinterStatus, Slip, paper_columns
from counter.training.seed import load_catalogue
from drivers.printer import PreviewPrinter, render_escpos, render_preview
from tests.escpos_decoder import decode

ITEMS = {item.code: item for item in load_catalogue()}
OUTLET = "中国工商银行杭州湖滨支行社保业务代办点"
AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 09:30 in Hangzhou


def lines_of(slip: Slip, paper: int) -> tuple[list[str], list[bytes]]:
    decoded = decode(render_escpos(slip, paper))
    for line in decoded.lines:
        assert line.columns <= paper_columns(paper), line.text  # nothing overflows the roll
    return [line.text.strip() for line in decoded.lines], [q.data for q in decoded.qrs]


@pytest.mark.parametrize("paper", [58, 80])
def test_notice_lists_every_material_with_shareable_marks(paper: int) -> None:
    item = ITEMS["SB01001"]
    slip = notice_slip(item, outlet_name=OUTLET, training=False, window=3, printed_at=AT)
    text, qrs = lines_of(slip, paper)
    joined = "".join(text).replace(" ", "")  # a space where a line wraps is dropped

    def printed(expected: str) -> bool:
        return expected.replace(" ", "") in joined

    assert text[0] == "一次性告知单"
    assert printed(OUTLET) and "社保业务 3 号窗口" in text
    assert printed("受理模式：全程办（窗口当场办结）")
    assert printed(f"办理事项：{item.name}")
    assert printed("事项编码：SB01001（第1版）")
    assert printed("1. 身份证件/社保卡")
    assert printed("2. 户籍或居住证信息【可共享免交】")
    assert printed("3. 选择缴费档次") and "3.选择缴费档次【" not in joined
    assert printed("注：标有“可共享免交”的材料由经办机构通过数据共享获取，无需提交。")
    assert printed(f"办理时限：{item.time_limit}")
    assert printed("办事时间：周一至周五 9:00-17:00")
    assert printed("咨询电话：12333 人力社保服务热线；浙里办")
    assert printed("监督投诉：12345 政务服务便民热线 / 监督电话")
    assert printed("打印时间：2026-03-02 09:30")
    assert "?" not in joined  # CJK punctuation survived (python-escpos would print ?)
    assert qrs == [item.online_url.encode()]
    assert TRAINING_BANNER not in text
    decoded = decode(render_escpos(slip, paper))
    assert len(decoded.cuts) == 1


def test_training_notice_is_marked_top_and_bottom() -> None:
    slip = notice_slip(ITEMS["SB03012"], outlet_name=OUTLET, training=True, printed_at=AT)
    text, _ = lines_of(slip, 80)
    banners = [i for i, line in enumerate(text) if line == TRAINING_BANNER]
    assert len(banners) == 2
    assert banners[0] < text.index("一次性告知单") < banners[1]


def test_item_without_materials_or_link_says_so() -> None:
    item = ITEMS["SB10062"].model_copy(update={"online_url": ""})
    assert item.materials == [] and material_lines(item) == []
    text, qrs = lines_of(notice_slip(item, outlet_name=OUTLET, training=False), 80)
    assert "本事项无需提交材料，请本人持有效身份证件办理。" in "".join(text)
    assert qrs == []
    assert not any(SHAREABLE_MARK in line for line in text)


def test_long_material_names_wrap_without_losing_characters() -> None:
    name = "《浙江省社会保险参保人员基本信息变更登记表（个人版）》原件及复印件一份（加盖单位公章）"
    item = ITEMS["SB01001"].model_copy(update={"materials": [Material(name=name, shareable=True)]})
    text, _ = lines_of(notice_slip(item, outlet_name=OUTLET, training=False), 58)
    assert f"1. {name}{SHAREABLE_MARK}" in "".join(text)


class FailingPrinter:
    async def print_slip(self, slip: Slip) -> None:
        raise PrintError("打印机缺纸，请装纸后重试")

    async def status(self) -> PrinterStatus:
        return PrinterStatus(online=True, paper_out=True)


async def test_print_notice_journals_success_and_failure(tmp_path: Path) -> None:
    audit = MemoryAudit()
    printer = PreviewPrinter(tmp_path, paper_mm=80)
    item: CatalogueItem = ITEMS["SB01001"]
    slip = await print_notice(
        printer, item, outlet_name=OUTLET, training=True, audit=audit, staff_no="T-GUIDE01"
    )
    assert slip.training
    assert list(tmp_path.glob("*.png"))
    assert audit.entries[-1]["action"] == "print"
    assert audit.entries[-1]["object"] == "SB01001"
    assert audit.entries[-1]["details"] == {"slip": "notice", "version": 1, "training": True}

    with pytest.raises(PrintError, match="缺纸"):
        await print_notice(
            FailingPrinter(), item, outlet_name=OUTLET, training=True, audit=audit,
            staff_no="T-GUIDE01",
        )  # fmt: skip
    assert audit.entries[-1]["outcome"] == "failed"


def test_notice_preview_renders(tmp_path: Path) -> None:
    """The 80 mm slip renders as it would print (docs/screenshots/notice-slip-80mm.png)."""
    slip = notice_slip(ITEMS["SB01001"], outlet_name=OUTLET, training=True, window=3, printed_at=AT)
    image = render_preview(render_escpos(slip, 80), 80)
    assert image.width > 500 and image.height > 1000
    image.save(tmp_path / "notice-slip-80mm.png")
