"""The social-security ticket slip (REFERENCE "Ticket layout").

Hall title, 社保业务 and the item, the number large and bold, "您前面还有 N 人等待", the
estimated wait (a range, or 暂无估计), where to wait, the 过号 rule, the time of issue
(Asia/Shanghai), a QR code for progress and rating, and in training mode the training
marking (`Slip(training=True)` adds it at the top and bottom). The driver lays the same
slip out for 58 and 80 mm rolls.
"""

from __future__ import annotations

from counter.journal import BUSINESS_TZ
from counter.printing import (
    BigNumber,
    Block,
    Columns,
    Cut,
    Heading,
    QrCode,
    Rule,
    Slip,
    Text,
    display_width,
)
from counter.queue.estimate import WaitEstimate, estimate_label
from counter.queue.model import Priority, Ticket
from counter.queue.settings import QueueSettings

__all__ = ["NO_SHOW_RETURN", "NO_SHOW_RULE", "PRIORITY_LABELS", "qr_url", "ticket_slip"]

PRIORITY_LABELS: dict[Priority, str] = {
    Priority.NORMAL: "",
    Priority.ELDERLY: "老年人",
    Priority.DISABLED: "残疾人",
    Priority.PREGNANT: "孕妇",
    Priority.MILITARY: "军人",
    Priority.OTHER: "特殊照顾",
}

NO_SHOW_RULE = "过号请重新取号或到导办台登记"
NO_SHOW_RETURN = "（过号 {minutes} 分钟内登记可重新排队）"

# A double-size heading fits 16 columns on a 58 mm roll (8 Chinese characters).
_DOUBLE_HEADING_MAX = 16


def qr_url(ticket: Ticket, *, outlet_code: str, settings: QueueSettings) -> str:
    """The slip's QR payload: the progress / rating page of this ticket (a placeholder
    address until the bank names one in `QueueSettings.qr_url`)."""
    return settings.qr_url.format(outlet=outlet_code, day=ticket.business_day, number=ticket.number)


def ticket_slip(
    ticket: Ticket,
    *,
    outlet_name: str,
    outlet_code: str,
    ahead: int,
    estimate: WaitEstimate | None,
    settings: QueueSettings,
    reprint: bool = False,
) -> Slip:
    issued = ticket.issued_at.astimezone(BUSINESS_TZ)
    title = outlet_name.strip() or "社会保障服务窗口"
    blocks: list[Block] = [
        Heading(title, double=display_width(title) <= _DOUBLE_HEADING_MAX),
        Text("社会保障业务", align="center", bold=True),
        Rule(),
    ]
    if ticket.item_name:
        blocks.append(Text(ticket.item_name, align="center"))
    blocks.append(BigNumber(ticket.number))
    if ticket.priority is not Priority.NORMAL:
        label = PRIORITY_LABELS[ticket.priority]
        blocks.append(Text(f"绿色通道（{label}）", align="center", bold=True))
    blocks += [
        Text(f"您前面还有 {ahead} 人等待", align="center", bold=True, size="tall"),
        Columns("预计等待", estimate_label(estimate)),
        Columns("取号时间", issued.strftime("%Y-%m-%d %H:%M")),
    ]
    if reprint:
        blocks.append(Text("（补打号票）", align="right"))
    minutes = round(settings.late_return_tolerance_min)
    blocks += [
        Rule(),
        Text(f"请在{settings.waiting_area}等候，留意叫号屏和语音提示。"),
        Text(NO_SHOW_RULE, bold=True),
        Text(NO_SHOW_RETURN.format(minutes=minutes)),
        QrCode(qr_url(ticket, outlet_code=outlet_code, settings=settings), size=5),
        Text("扫码查看排队进度、评价服务", align="center"),
        Cut(),
    ]
    return Slip(blocks, training=settings.training)
