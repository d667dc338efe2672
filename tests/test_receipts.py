"""The 受理回执, read back from the ESC/POS bytes the driver sends (58 and 80 mm)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from counter.bureau.cases import CaseReceipt, CaseResult, CaseStatus, MaterialCheck
from counter.bureau.models import HandlingMode, Outlet
from counter.cases import CaseView
from counter.outbox import MessageState
from counter.printing import TRAINING_BANNER, PrintError, PrinterStatus, Slip, paper_columns
from counter.receipts import (
    DEFAULT_NEXT_STEPS,
    PENDING_UPLOAD,
    REFUSAL_TITLE,
    REPRINT_BANNER,
    load_materials,
    print_receipt,
    receipt_slip,
)
from counter.training.server import TrainingServer
from drivers.printer import render_escpos
from tests.escpos_decoder import decode
from tests.test_cases_support import (
    COLLECT_ITEM,
    EMPLOYEE,
    FULL_ITEM,
    UNBLOCK_ITEM,
    Desk,
    open_desk,
)

FULL_ID = "330102198001011234"[:17] + "X"  # only ever the masked form may print
MASKED = "330102********123X"
OUTLET = Outlet(
    code="ZJ330102001",
    name="中国工商银行杭州湖滨支行社保业务代办点",
    category=1,
    seal_no="浙人社银(330102)001号",
    supervision_phone="0571-87001234",
)
AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 09:30 in Hangzhou
PRINTED = datetime(2026, 3, 2, 1, 35, 7, tzinfo=UTC)
NUMBER = "ZJ3301202603020000123"
URL = "https://training.sheyintong.invalid/progress/" + NUMBER
MATERIALS = [
    MaterialCheck(name="身份证件/社保卡", received=True),
    MaterialCheck(name="户籍或居住证信息", received=False, shared=True),
    MaterialCheck(name="灵活就业人员就业登记表（本人签字）", received=True),
]


def case_view(**changes: object) -> CaseView:
    result = CaseResult(
        business_no=NUMBER,
        status=CaseStatus.FORWARDED,
        message="已受理，材料转经办机构审核",
        receipt=CaseReceipt(
            item_name="就业登记（灵活就业）",
            time_limit="5个工作日",
            promised_date=date(2026, 3, 9),
            next_steps="材料将转运至人社经办机构审核，审核结果将以短信告知。",
            progress_url=URL,
        ),
    )
    values: dict[str, object] = {
        "case_id": "case-0001",
        "created_at": AT,
        "item_code": "SB09060",
        "item_version": 1,
        "item_name": "就业登记（灵活就业）",
        "mode": "收件转运",
        "maker": "T-CLERKA1",
        "checker": "T-CLERKB1",
        "ticket_number": "S012",
        "person_masked": MASKED,
        "accepted_offline": False,
        "state": MessageState.ACCEPTED,
        "business_no": NUMBER,
        "message": "",
        "outbox_key": "key-1",
        "transport_batch_id": None,
        "rating": None,
        "result": result,
    }
    values.update(changes)
    return CaseView(**values)  # type: ignore[arg-type]


def read(slip: Slip, paper: int) -> tuple[list[str], str, list[bytes]]:
    """Printed lines (stripped), all text joined without spaces, QR payloads."""
    data = render_escpos(slip, paper)
    decoded = decode(data)
    for line in decoded.lines:
        assert line.columns <= paper_columns(paper), line.text  # nothing overflows the roll
    lines = [line.text.strip() for line in decoded.lines]
    return lines, "".join(lines).replace(" ", ""), [q.data for q in decoded.qrs]


def no_full_id(joined: str, *numbers: str, business_no: str | None = NUMBER) -> None:
    for number in numbers:
        assert number not in joined
    rest = joined.replace(business_no or "", "").replace("/progress/", "")
    assert not re.search(r"\d{17}[\dXx]", rest)  # no 18-character ID of any kind


@pytest.mark.parametrize("paper", [58, 80])
def test_receipt_prints_every_field_masked(paper: int) -> None:
    slip = receipt_slip(
        case_view(),
        outlet=OUTLET,
        window=3,
        clerk_staff_no="T-CLERKA1",
        training=False,
        printed_at=PRINTED,
        materials=MATERIALS,
        person_name="欧阳娜娜",
    )
    lines, joined, qrs = read(slip, paper)
    assert lines[0] == "受理回执"
    expected = [
        OUTLET.name,
        "社保业务3号窗口",
        NUMBER,
        "办理事项：就业登记（灵活就业）",
        "受理模式收件转运",
        "办事人欧阳**",
        f"证件号码{MASKED}",
        "排队号S012",
        "受理时间2026-03-0209:30",
        "窗口3号",
        "经办人工号T-CLERKA1",
        "复核人工号T-CLERKB1",
        f"业务专用章编号{OUTLET.seal_no}",
        "办理时限：5个工作日",
        "承诺办结日期：2026年03月09日",
        "1.身份证件/社保卡",
        "2.户籍或居住证信息（可共享免交）",
        "3.灵活就业人员就业登记表（本人签字）",
        "后续事项：材料将转运至人社经办机构审核，审核结果将以短信告知。",
        "扫码查询办理进度",
        f"监督投诉电话：{OUTLET.supervision_phone}",
        "打印时间：2026-03-0209:35:07",
    ]
    for text in expected:
        assert text in joined, text
    assert qrs == [URL.encode()]
    assert "欧阳娜娜" not in joined
    no_full_id(joined, FULL_ID)
    assert TRAINING_BANNER not in lines and "补打" not in joined
    assert "?" not in joined  # CJK punctuation survived as GB18030
    assert len(decode(render_escpos(slip, paper)).cuts) == 1


def test_an_unmasked_number_is_masked_before_it_reaches_paper() -> None:
    slip = receipt_slip(
        case_view(person_masked=FULL_ID),
        outlet=OUTLET,
        window=3,
        clerk_staff_no="T-CLERKA1",
        training=False,
    )
    _, joined, _ = read(slip, 58)
    assert MASKED in joined
    no_full_id(joined, FULL_ID)


def test_training_receipt_is_marked_top_and_bottom() -> None:
    slip = receipt_slip(
        case_view(), outlet=OUTLET, window=3, clerk_staff_no="T-CLERKA1", training=True
    )
    lines, _, _ = read(slip, 80)
    banners = [i for i, line in enumerate(lines) if line == TRAINING_BANNER]
    assert len(banners) == 2
    assert banners[0] < lines.index("受理回执") < banners[1]


@pytest.mark.parametrize("paper", [58, 80])
def test_reprint_is_marked_and_names_who_reprinted(paper: int) -> None:
    slip = receipt_slip(
        case_view(),
        outlet=OUTLET,
        window=3,
        clerk_staff_no="T-CLERKA1",
        training=False,
        reprint=True,
        reprinted_by="T-CLERKB1",
    )
    lines, joined, _ = read(slip, paper)
    assert lines[:2] == ["受理回执", REPRINT_BANNER]
    assert "补打人工号T-CLERKB1" in joined
    assert [line for line in lines if line][-1] == "补打件 与原回执同等有效"


def test_offline_case_says_pending_upload_and_defaults_by_mode() -> None:
    pending = case_view(
        business_no=None, result=None, state=MessageState.QUEUED, accepted_offline=True
    )
    slip = receipt_slip(
        pending, outlet=OUTLET, window=3, clerk_staff_no="T-CLERKA1", training=False
    )
    lines, joined, qrs = read(slip, 58)
    assert PENDING_UPLOAD in lines
    assert DEFAULT_NEXT_STEPS[HandlingMode.COLLECT].replace(" ", "") in joined
    assert "办理时限：以人社经办机构告知为准" in joined
    assert "已收材料：见本办件受理记录" in joined
    assert qrs == []  # nothing to look up before the case has a number


def test_refused_case_prints_the_reason_without_number_or_code() -> None:
    refused = case_view(
        business_no=None,
        state=MessageState.REJECTED,
        result=CaseResult(
            business_no="", status=CaseStatus.REJECTED, message="社保卡非临时挂失状态"
        ),
    )
    slip = receipt_slip(
        refused, outlet=OUTLET, window=3, clerk_staff_no="T-CLERKA1", training=False
    )
    lines, joined, qrs = read(slip, 80)
    assert lines[0] == REFUSAL_TITLE
    assert "不予受理原因：社保卡非临时挂失状态" in joined
    assert PENDING_UPLOAD not in joined and qrs == []


def test_missing_outlet_data_prints_a_dash_and_the_hotline() -> None:
    bare = Outlet(code="X1", name="某网点", category=3)
    slip = receipt_slip(case_view(), outlet=bare, window=1, clerk_staff_no="T-1", training=False)
    _, joined, _ = read(slip, 58)
    assert "业务专用章编号—" in joined
    assert "监督投诉电话：12345政务服务便民热线" in joined


# --- printing real cases against the training platform ---------------------------------


class SlipPrinter:
    """The printer port, keeping what it was asked to print (or failing on demand)."""

    def __init__(self) -> None:
        self.slips: list[Slip] = []
        self.fail = False

    async def print_slip(self, slip: Slip) -> None:
        if self.fail:
            raise PrintError("打印机缺纸")
        self.slips.append(slip)

    async def status(self) -> PrinterStatus:
        return PrinterStatus(online=True)


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(training_server, tmp_path / "counter.sqlite3")
    await desk.login("T-CLERKA1")
    yield desk
    await desk.close()


async def test_printed_and_reprinted_receipts_are_journaled(desk: Desk) -> None:
    outcome = await desk.cases.submit(desk.draft(COLLECT_ITEM, ticket="A007"))
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(outcome.case_id)
    assert case is not None and case.business_no and case.result is not None
    session = desk.sessions.current
    assert session is not None
    materials = await load_materials(desk.cases, case.case_id)
    assert materials is not None and all(m.received or m.shared for m in materials)
    printer = SlipPrinter()
    kwargs = {"outlet": session.outlet, "window": 3, "session": session, "audit": desk.audit}
    await print_receipt(printer, case, training=True, materials=materials, **kwargs)  # type: ignore[arg-type]
    await print_receipt(printer, case, training=True, reprint=True, **kwargs)  # type: ignore[arg-type]
    first, again = printer.slips
    _, joined, qrs = read(first, 58)
    assert case.business_no in joined and "补打" not in joined
    assert qrs == [case.result.receipt.progress_url.encode()] if case.result.receipt else True
    no_full_id(joined, EMPLOYEE.id_number, business_no=case.business_no)
    assert case.person_masked in joined
    _, joined_again, _ = read(again, 58)
    assert REPRINT_BANNER.replace(" ", "") in joined_again
    entries = [e for e in desk.audit.entries if e["action"] in ("print", "reprint")]
    assert [e["action"] for e in entries] == ["print", "reprint"]
    assert all(e["object"] == case.case_id and e["outcome"] == "ok" for e in entries)
    assert entries[0]["details"] == {
        "slip": "receipt",
        "business_no": case.business_no,
        "item": COLLECT_ITEM,
        "training": True,
    }
    assert EMPLOYEE.id_number not in str(desk.audit.entries)

    printer.fail = True
    with pytest.raises(PrintError):
        await print_receipt(printer, case, training=True, reprint=True, **kwargs)  # type: ignore[arg-type]
    assert desk.audit.entries[-1]["action"] == "reprint"
    assert desk.audit.entries[-1]["outcome"] == "failed"


async def test_a_refused_case_gets_a_refusal_notice(desk: Desk) -> None:
    outcome = await desk.cases.submit(desk.draft(UNBLOCK_ITEM))  # the card is not temp-lost
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(outcome.case_id)
    assert case is not None and case.state is MessageState.REJECTED
    assert desk.sessions.current is not None
    slip = receipt_slip(
        case,
        outlet=desk.sessions.current.outlet,
        window=3,
        clerk_staff_no=case.maker,
        training=True,
    )
    lines, joined, _ = read(slip, 80)
    assert REFUSAL_TITLE in lines and "不予受理原因：" in joined


async def test_full_item_accepted_at_once_carries_the_platforms_receipt(desk: Desk) -> None:
    outcome = await desk.cases.submit(desk.draft(FULL_ITEM))
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(outcome.case_id)
    assert case is not None and case.result is not None and case.result.receipt is not None
    session = desk.sessions.current
    assert session is not None
    slip = receipt_slip(
        case, outlet=session.outlet, window=3, clerk_staff_no=case.maker, training=True
    )
    _, joined, qrs = read(slip, 80)
    assert case.result.receipt.next_steps.replace(" ", "") in joined
    assert f"业务专用章编号{session.outlet.seal_no or '—'}" in joined
    assert qrs == [case.result.receipt.progress_url.encode()]


@pytest.mark.parametrize("paper", [58, 80])
def test_long_values_wrap_within_the_roll_and_lose_nothing(paper: int) -> None:
    long_item = "城乡居民基本养老保险参保登记（含缴费档次选择、代扣代缴协议签订及银行账户绑定）"
    steps = "请于十个工作日后凭本回执到窗口领取结果；" * 4
    outlet = OUTLET.model_copy(
        update={
            "name": "中国工商银行股份有限公司杭州湖滨支行社会保险业务合作代办网点（第一营业部）",
            "seal_no": "浙江省人力资源和社会保障厅银行网点业务专用章(330102)第0001号",
        }
    )
    result = case_view().result
    assert result is not None and result.receipt is not None
    receipt = result.receipt.model_copy(update={"item_name": long_item, "next_steps": steps})
    case = case_view(result=result.model_copy(update={"receipt": receipt}))
    slip = receipt_slip(
        case,
        outlet=outlet,
        window=12,
        clerk_staff_no="T-CLERKA1",
        training=True,
        materials=[MaterialCheck(name=long_item + "原件及复印件", received=True)],
    )
    lines, joined, _ = read(slip, paper)  # read() asserts every line fits the roll
    for text in (outlet.name, outlet.seal_no, long_item, steps, NUMBER):
        assert text.replace(" ", "") in joined, text
    assert max(len(line) for line in lines) > 0
