"""The 受理回执 (case receipt) for the receipt printer, and printing it with a journal entry.

The receipt is what the citizen takes home after a case at the window. It carries:
the item, the business number (办件编号, or 已受理，待上传 while the case waits in the
outbox), the citizen **masked** (ID first 6 + last 4, name surname + ``*``), the outlet,
window and the outlet's 业务专用章编号, the clerk's staff number, the time (Asia/Shanghai),
the promised time limit / date, the materials received, what happens next, the
supervision/complaint phone and a QR code for the case's progress. A training slip is
marked by :class:`counter.printing.Slip` itself (top and bottom banners). A reprint is
marked 补打 at the top and the bottom and journaled as ``reprint``.

A case refused by a business rule (不予受理) gets a 不予受理告知 instead: the same header,
the reason, and no business number or progress code.

No full ID number ever reaches the slip: :func:`receipt_slip` takes the case's masked
person (``CaseView.person_masked``) and masks it again if it is not masked, and takes a
name only to mask it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from counter.audit import AuditLog
from counter.bureau.cases import MaterialCheck
from counter.bureau.models import CatalogueItem, HandlingMode, Outlet
from counter.case_store import CaseRow
from counter.cases import PENDING_UPLOAD, CaseService, CaseView
from counter.identity import mask_id, mask_name
from counter.journal import BUSINESS_TZ, Action
from counter.outbox import MessageState
from counter.printing import Block, Columns, Cut, Feed, Heading, Printer, QrCode, Rule, Slip, Text
from counter.session import ActiveSession

__all__ = [
    "DEFAULT_NEXT_STEPS",
    "PENDING_UPLOAD",
    "RECEIPT_TITLE",
    "REFUSAL_TITLE",
    "REPRINT_BANNER",
    "REPRINT_MARK",
    "ReceiptFacts",
    "load_materials",
    "print_receipt",
    "receipt_facts",
    "receipt_slip",
]

RECEIPT_TITLE = "受理回执"
REFUSAL_TITLE = "不予受理告知"
REPRINT_MARK = "补打"
REPRINT_BANNER = "【补打】REPRINT"
NO_TIME_LIMIT = "以人社经办机构告知为准"
DEFAULT_PHONE = "12345 政务服务便民热线"
KEEP_NOTE = "请妥善保管本回执，凭办件编号查询办理进度。"

#: What happens next when the platform's receipt is not known yet (offline / pending).
DEFAULT_NEXT_STEPS: dict[HandlingMode, str] = {
    HandlingMode.FULL: (
        "本业务已在窗口受理，将在网络恢复后自动上传人社平台办理；"
        "办理结果将以短信告知，也可凭本回执到窗口或拨打 12333 查询。"
    ),
    HandlingMode.COLLECT: (
        "窗口已收取材料，将转运至人社经办机构审核；审核结果将以短信告知，可拨打 12333 查询进度。"
    ),
}


@dataclass(frozen=True, slots=True)
class ReceiptFacts:
    """What the receipt says, decided once (the slip and tests read the same values)."""

    title: str
    business_no: str  # the number, or 已受理，待上传
    item_name: str
    mode: str
    person: str  # masked ID number
    name: str | None  # masked name, when given
    accepted_at: datetime  # Asia/Shanghai
    printed_at: datetime  # Asia/Shanghai
    time_limit: str
    promised_date: date | None
    next_steps: str
    progress_url: str | None
    refusal: str | None  # the platform's reason, for 不予受理
    phone: str


def _safe_id(masked: str) -> str:
    """The citizen's ID as printed. Never a full number."""
    ident = masked.strip()
    if "*" not in ident:
        ident = mask_id(ident)  # defensive: a caller passed something unmasked
    return ident


def _mode(case: CaseView) -> HandlingMode | None:
    try:
        return HandlingMode(case.mode)
    except ValueError:
        return None


def receipt_facts(
    case: CaseView,
    *,
    outlet: Outlet,
    item: CatalogueItem | None = None,
    person_name: str | None = None,
    printed_at: datetime | None = None,
) -> ReceiptFacts:
    """The receipt's content for *case* (the platform's receipt first, then the catalogue)."""
    result = case.result
    receipt = result.receipt if result is not None else None
    refused = case.state is MessageState.REJECTED
    mode = _mode(case)
    if receipt is not None:
        time_limit = receipt.time_limit
        promised = receipt.promised_date
        next_steps = receipt.next_steps
        progress: str | None = receipt.progress_url or None
    else:
        time_limit = item.time_limit if item is not None else NO_TIME_LIMIT
        promised = None
        next_steps = DEFAULT_NEXT_STEPS.get(mode or HandlingMode.FULL, "")
        progress = None  # no business number yet: nothing to look up
    refusal = None
    if refused:
        refusal = (result.message if result is not None else "") or case.message or "不予受理"
        next_steps = "如对不予受理有疑问，可向窗口工作人员咨询或拨打监督电话。"
        progress = None
    number = case.business_no or (result.business_no if result is not None else "")
    if refused:
        number = number or "—"
    elif not number:
        number = PENDING_UPLOAD
    when = (printed_at or datetime.now(UTC)).astimezone(BUSINESS_TZ)
    return ReceiptFacts(
        title=REFUSAL_TITLE if refused else RECEIPT_TITLE,
        business_no=number,
        item_name=receipt.item_name if receipt is not None else case.item_name,
        mode=mode.value if mode is not None else case.mode,
        person=_safe_id(case.person_masked),
        name=mask_name(person_name) if person_name and person_name.strip() else None,
        accepted_at=case.created_at.astimezone(BUSINESS_TZ),
        printed_at=when,
        time_limit=time_limit or NO_TIME_LIMIT,
        promised_date=promised,
        next_steps=next_steps,
        progress_url=progress,
        refusal=refusal,
        phone=outlet.supervision_phone.strip() or DEFAULT_PHONE,
    )


def _material_lines(materials: Sequence[MaterialCheck]) -> list[str]:
    lines: list[str] = []
    for n, m in enumerate((m for m in materials if m.received or m.shared), start=1):
        lines.append(f"{n}. {m.name}{'（可共享免交）' if m.shared and not m.received else ''}")
    return lines


def receipt_slip(
    case: CaseView,
    *,
    outlet: Outlet,
    window: int,
    clerk_staff_no: str,
    training: bool,
    reprint: bool = False,
    printed_at: datetime | None = None,
    materials: Sequence[MaterialCheck] | None = None,
    item: CatalogueItem | None = None,
    person_name: str | None = None,
    reprinted_by: str | None = None,
) -> Slip:
    """The 受理回执 (or 不予受理告知) for *case*, device-independent (58 or 80 mm).

    ``materials``: the case's checklist (the draft's, or :func:`load_materials`); when
    None the slip says the materials are on the case record. ``item``: the catalogue item,
    for the time limit when the platform's receipt is not known yet (offline).
    ``person_name`` is printed masked only. ``clerk_staff_no`` is the clerk who handled
    the case; ``reprinted_by`` the staff number who prints a 补打 (when different).
    """
    facts = receipt_facts(
        case, outlet=outlet, item=item, person_name=person_name, printed_at=printed_at
    )
    blocks: list[Block] = [Heading(facts.title)]
    if reprint:
        blocks.append(Text(REPRINT_BANNER, align="center", bold=True, size="tall"))
    blocks += [
        Text(outlet.name, align="center"),
        Text(f"社保业务 {window} 号窗口", align="center"),
        Rule(),
        Text("办件编号：", bold=True),
        Text(facts.business_no, align="center", bold=True, size="tall"),
        Rule(),
        Text(f"办理事项：{facts.item_name}", bold=True),
        Columns("受理模式", facts.mode),
    ]
    if facts.name:
        blocks.append(Columns("办事人", facts.name))
    blocks.append(Columns("证件号码", facts.person))
    if case.ticket_number:
        blocks.append(Columns("排队号", case.ticket_number))
    blocks += [
        Columns("受理时间", f"{facts.accepted_at:%Y-%m-%d %H:%M}"),
        Columns("受理网点", outlet.code),
        Columns("窗口", f"{window} 号"),
        Columns("经办人工号", clerk_staff_no),
    ]
    if case.checker:
        blocks.append(Columns("复核人工号", case.checker))
    if reprint and reprinted_by and reprinted_by != clerk_staff_no:
        blocks.append(Columns("补打人工号", reprinted_by))
    blocks.append(Columns("业务专用章编号", outlet.seal_no.strip() or "—"))
    blocks.append(Rule())
    if facts.refusal is not None:
        blocks += [Text("不予受理原因：", bold=True), Text(facts.refusal)]
    else:
        blocks.append(Text(f"办理时限：{facts.time_limit}"))
        if facts.promised_date is not None:
            blocks.append(Text(f"承诺办结日期：{facts.promised_date:%Y年%m月%d日}", bold=True))
    blocks += [Rule(), Text("已收材料：", bold=True)]
    if materials is None:
        blocks.append(Text("见本办件受理记录"))
    else:
        lines = _material_lines(materials)
        blocks += [Text(line) for line in lines] if lines else [Text("本事项无需提交材料")]
    blocks += [Rule(), Text("后续事项：", bold=True), Text(facts.next_steps)]
    if facts.progress_url:
        blocks += [
            Rule(),
            QrCode(facts.progress_url),
            Text("扫码查询办理进度", align="center"),
        ]
    blocks += [
        Rule(),
        Text(f"监督投诉电话：{facts.phone}"),
        Text(KEEP_NOTE),
        Text(f"打印时间：{facts.printed_at:%Y-%m-%d %H:%M:%S}", align="center"),
    ]
    if reprint:
        blocks.append(Text(f"{REPRINT_MARK}件 与原回执同等有效", align="center", bold=True))
    blocks += [Feed(2), Cut()]
    return Slip(blocks, training=training)


async def load_materials(cases: CaseService, case_id: str) -> list[MaterialCheck] | None:
    """The materials checklist stored with the case (no personal data), for a reprint."""

    def read() -> list[MaterialCheck] | None:
        with cases.repo.db.session(readonly=True) as s:
            text = s.scalar(select(CaseRow.materials).where(CaseRow.case_id == case_id))
        if text is None:
            return None
        return [MaterialCheck.model_validate(m) for m in json.loads(text)]

    return await cases.db.run(read)


async def print_receipt(
    printer: Printer,
    case: CaseView,
    *,
    outlet: Outlet,
    window: int,
    session: ActiveSession,
    audit: AuditLog,
    training: bool,
    reprint: bool = False,
    materials: Sequence[MaterialCheck] | None = None,
    item: CatalogueItem | None = None,
    printed_at: datetime | None = None,
) -> None:
    """Print the receipt for *case* and journal it (``print``, or ``reprint`` for 补打).

    The clerk number printed is the case's maker; a 补打 by someone else also names them. Raises
    :class:`counter.printing.PrintError` when the printer fails; the failure is journaled.
    """
    slip = receipt_slip(
        case,
        outlet=outlet,
        window=window,
        clerk_staff_no=case.maker,
        reprinted_by=session.staff.staff_no if reprint else None,
        training=training,
        reprint=reprint,
        printed_at=printed_at,
        materials=materials,
        item=item,
    )
    action = Action.REPRINT if reprint else Action.PRINT
    details: dict[str, str | int | bool | None] = {
        "slip": "receipt",
        "business_no": case.business_no,
        "item": case.item_code,
        "training": training,
    }
    try:
        await printer.print_slip(slip)
    except Exception:
        await audit.record(
            action.value,
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            object=case.case_id,
            outcome="failed",
            details=details,
        )
        raise
    await audit.record(
        action.value,
        staff_no=session.staff.staff_no,
        role=session.workspace_role.value,
        object=case.case_id,
        details=details,
    )
