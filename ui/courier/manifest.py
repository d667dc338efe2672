"""The 收件转运交接清单 (transport manifest): a receipt-printer slip and an A4 page.

Both list the batch's travelling cases (item, masked citizen, ticket, business number or
待上传), the counts, who hands over, who receives (masked) and when, with lines for the
signatures. Cases refused by a business rule stay at the window and are only counted.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

from counter.bureau.models import Outlet
from counter.identity import mask_name
from counter.journal import BUSINESS_TZ
from counter.printing import Block, Columns, Cut, Feed, Heading, Rule, Slip, Text
from counter.transport import BatchView
from ui.catalogue.documents import FONT_FAMILIES, make_document, write_pdf
from ui.qt import QCoreApplication, QTextDocument

MANIFEST_TITLE = "收件转运交接清单"
NOT_YET = "待上传"
SIGN_LINE = "________________"


def _t(text: str) -> str:
    return QCoreApplication.translate("CourierManifest", text)


def _local(at: datetime | None) -> datetime:
    return (at or datetime.now(UTC)).astimezone(BUSINESS_TZ)


def receiver_text(batch: BatchView) -> str:
    return mask_name(batch.received_by) if batch.received_by else ""


def manifest_slip(
    batch: BatchView,
    *,
    outlet: Outlet,
    courier_staff_no: str,
    training: bool,
    printed_at: datetime | None = None,
) -> Slip:
    """The manifest on the receipt printer (58 or 80 mm)."""
    travelling = [m for m in batch.members if m.travels]
    staying = len(batch.members) - len(travelling)
    blocks: list[Block] = [
        Heading(_t(MANIFEST_TITLE)),
        Text(outlet.name, align="center"),
        Rule(),
        Columns(_t("批次号"), batch.label),
        Columns(_t("业务日期"), f"{batch.business_day:%Y-%m-%d}"),
        Columns(_t("窗口"), _t("{n} 号").format(n=batch.window)),
        Columns(_t("转运办件数"), str(len(travelling)), bold=True),
        Rule(),
    ]
    for n, member in enumerate(travelling, start=1):
        blocks.append(Text(f"{n}. {member.item_name}"))
        blocks.append(Columns(f"   {member.person_masked}", member.business_no or _t(NOT_YET)))
    if not travelling:
        blocks.append(Text(_t("本批次暂无需转运的办件")))
    if staying:
        blocks.append(Text(_t("另有 {n} 件不予受理，材料留存窗口，不随批次转运").format(n=staying)))
    blocks.append(Rule())
    count = str(batch.file_count) if batch.file_count is not None else SIGN_LINE[:6]
    blocks += [
        Columns(_t("清点文件份数"), count),
        Columns(_t("交接人工号"), batch.handed_over_by or courier_staff_no),
    ]
    if batch.handed_over_at is not None:
        blocks.append(Columns(_t("交接时间"), f"{_local(batch.handed_over_at):%Y-%m-%d %H:%M}"))
    receiver = receiver_text(batch)
    blocks += [
        Text(_t("接收人（人社经办机构）：{name}").format(name=receiver)),
        Feed(1),
        Text(_t("接收人签字：") + SIGN_LINE),
        Feed(1),
        Text(_t("交接人签字：") + SIGN_LINE),
        Rule(),
        Text(
            _t("打印时间：{time}").format(time=f"{_local(printed_at):%Y-%m-%d %H:%M}"),
            align="center",
        ),
        Feed(2),
        Cut(),
    ]
    return Slip(blocks, training=training)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def manifest_html(
    batch: BatchView,
    *,
    outlet: Outlet,
    courier_staff_no: str,
    training: bool,
    printed_at: datetime | None = None,
) -> str:
    travelling = [m for m in batch.members if m.travels]
    staying = len(batch.members) - len(travelling)
    banner = ""
    if training:
        text = _t("培训模式 TRAINING · 非正式交接单")
        banner = f'<p style="color: #b42318; font-weight: bold;">{_e(text)}</p>'
    heads = (_t("序号"), _t("办理事项"), _t("办事人"), _t("排队号"), _t("办件编号"))
    header = "".join(f"<th>{_e(h)}</th>" for h in heads)
    rows = (
        "".join(
            f'<tr><td align="center">{n}</td><td>{_e(m.item_name)}</td>'
            f'<td>{_e(m.person_masked)}</td><td align="center">{_e(m.ticket_number or "—")}</td>'
            f"<td>{_e(m.business_no or _t(NOT_YET))}</td></tr>"
            for n, m in enumerate(travelling, start=1)
        )
        or f'<tr><td colspan="5" align="center">{_e(_t("本批次暂无需转运的办件"))}</td></tr>'
    )
    facts = [
        (_t("批次号"), batch.label),
        (_t("网点"), f"{outlet.name}（{outlet.code}）"),
        (_t("业务日期"), f"{batch.business_day:%Y-%m-%d}"),
        (_t("窗口"), _t("{n} 号").format(n=batch.window)),
        (_t("转运办件数"), str(len(travelling))),
        (_t("清点文件份数"), str(batch.file_count) if batch.file_count is not None else ""),
        (_t("交接人工号"), batch.handed_over_by or courier_staff_no),
        (
            _t("交接时间"),
            f"{_local(batch.handed_over_at):%Y-%m-%d %H:%M}" if batch.handed_over_at else "",
        ),
        (_t("接收人（人社经办机构）"), receiver_text(batch)),
    ]
    fact_rows = "".join(
        f'<tr><td width="28%" style="background-color: #f3f6f9; font-weight: bold;">{_e(k)}</td>'
        f"<td>{_e(v)}</td></tr>"
        for k, v in facts
    )
    staying_note = ""
    if staying:
        note = _t("另有 {n} 件不予受理，材料留存窗口，不随批次转运。").format(n=staying)
        staying_note = f"<p>{_e(note)}</p>"
    line = "_" * 22
    signs = (
        '<table width="100%" cellpadding="14" style="font-size: 12pt;"><tr>'
        f"<td>{_e(_t('交接人签字：'))}{line}</td>"
        f"<td>{_e(_t('接收人签字：'))}{line}</td></tr></table>"
    )
    foot = _t("打印时间：{time}").format(time=f"{_local(printed_at):%Y-%m-%d %H:%M}")
    table_style = 'border="1" cellspacing="0" cellpadding="5" style="border-collapse: collapse;"'
    return (
        f"<html><head><style>body {{ font-family: {FONT_FAMILIES}; font-size: 10.5pt; }}"
        f"th {{ background-color: #e8eef5; }}</style></head><body>"
        f"{banner}"
        f'<p style="font-size: 18pt; font-weight: bold; text-align: center;">'
        f"{_e(_t(MANIFEST_TITLE))}</p>"
        f'<table width="100%" {table_style}>{fact_rows}</table><p></p>'
        f'<table width="100%" {table_style}><thead><tr>{header}</tr></thead>{rows}</table>'
        f"{staying_note}"
        f"<p></p>{signs}"
        f'<p style="color: #555; font-size: 9pt;">{_e(foot)}</p>'
        f"{banner}"
        "</body></html>"
    )


def manifest_document(
    batch: BatchView, *, outlet: Outlet, courier_staff_no: str, training: bool
) -> QTextDocument:
    return make_document(
        manifest_html(batch, outlet=outlet, courier_staff_no=courier_staff_no, training=training)
    )


def write_manifest_pdf(
    batch: BatchView, path: Path, *, outlet: Outlet, courier_staff_no: str, training: bool
) -> Path:
    document = manifest_document(
        batch, outlet=outlet, courier_staff_no=courier_staff_no, training=training
    )
    return write_pdf(document, path, title=f"{MANIFEST_TITLE} {batch.label}")
