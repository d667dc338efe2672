"""The one-time notice of required materials (一次性告知单) for the receipt printer.

The guide at the entrance prints it so the citizen knows, in one go, everything the item
needs: every material (with the ones the bureau fetches itself marked 可共享免交), the time
limit, where and when to come, how to ask and complain, and a QR code of the online
channel. It holds no personal data. A training slip carries the training banner
(:class:`counter.printing.Slip` adds it).
"""

from __future__ import annotations

from datetime import UTC, datetime

from counter.audit import AuditLog
from counter.bureau.models import CatalogueItem, HandlingMode
from counter.journal import BUSINESS_TZ, Action
from counter.printing import Cut, Feed, Heading, Printer, QrCode, Rule, Slip, Text

__all__ = [
    "NOTICE_TITLE",
    "SHAREABLE_MARK",
    "material_lines",
    "notice_slip",
    "print_notice",
]

NOTICE_TITLE = "一次性告知单"
SHAREABLE_MARK = "【可共享免交】"
SHAREABLE_NOTE = "注：标有“可共享免交”的材料由经办机构通过数据共享获取，无需提交。"
ALL_MATERIALS_NOTE = "以上为办理本事项所需的全部材料，窗口不再要求提供其他材料。"


def material_lines(item: CatalogueItem) -> list[str]:
    """Numbered material lines as printed: “1. 身份证件/社保卡”, “2. 户籍信息【可共享免交】”."""
    return [
        f"{n}. {m.name}{SHAREABLE_MARK if m.shareable else ''}"
        for n, m in enumerate(item.materials, start=1)
    ]


def notice_slip(
    item: CatalogueItem,
    *,
    outlet_name: str,
    training: bool,
    window: int | None = None,
    printed_at: datetime | None = None,
) -> Slip:
    """The 一次性告知单 for `item` at this outlet, as a device-independent slip."""
    when = (printed_at or datetime.now(UTC)).astimezone(BUSINESS_TZ)
    blocks: list[Heading | Text | Rule | QrCode | Feed | Cut] = [
        Heading(NOTICE_TITLE),
        Text(outlet_name, align="center"),
        *([Text(f"社保业务 {window} 号窗口", align="center")] if window else []),
        Rule(),
        Text(f"办理事项：{item.name}", bold=True),
        Text(f"事项编码：{item.code}（第{item.version}版）"),
        Rule(),
        Text("请携带以下材料：", bold=True),
    ]
    lines = material_lines(item)
    if lines:
        blocks.extend(Text(line) for line in lines)
    else:
        blocks.append(Text("本事项无需提交材料，请本人持有效身份证件办理。"))
    if any(m.shareable for m in item.materials):
        blocks.append(Text(SHAREABLE_NOTE))
    blocks.append(Text(ALL_MATERIALS_NOTE))
    blocks.append(Rule())
    if item.mode is HandlingMode.FULL:
        mode = "全程办（窗口当场办结）"
    else:
        mode = "收件转运（窗口收件，转经办机构办理）"
    blocks += [
        Text(f"办理时限：{item.time_limit}"),
        Text(f"办理方式：{item.channel}"),
        Text(f"受理模式：{mode}"),
        Text(f"办理地点：{item.place}"),
        Text(f"办事时间：{item.hours}"),
        Text(f"收费标准：{item.fee}"),
        Text(f"咨询电话：{item.enquiry}"),
        Text(f"监督投诉：{item.complaint}"),
    ]
    if item.online_url:
        blocks += [
            Rule(),
            QrCode(item.online_url),
            Text("扫码可网上办理、查询进度", align="center"),
        ]
    blocks += [
        Rule(),
        Text(f"打印时间：{when:%Y-%m-%d %H:%M}", align="center"),
        Feed(2),
        Cut(),
    ]
    return Slip(blocks, training=training)


async def print_notice(
    printer: Printer,
    item: CatalogueItem,
    *,
    outlet_name: str,
    training: bool,
    audit: AuditLog,
    staff_no: str,
    role: str = "",
    window: int | None = None,
) -> Slip:
    """Print the notice for `item` and journal it; raises `PrintError` (journaled too)."""
    slip = notice_slip(item, outlet_name=outlet_name, training=training, window=window)
    details: dict[str, str | int | bool | None] = {
        "slip": "notice",
        "version": item.version,
        "training": training,
    }
    try:
        await printer.print_slip(slip)
    except Exception:
        await audit.record(
            Action.PRINT, staff_no=staff_no, role=role, object=item.code, outcome="failed",
            details=details,
        )  # fmt: skip
        raise
    await audit.record(
        Action.PRINT, staff_no=staff_no, role=role, object=item.code, details=details
    )
    return slip
