"""The day report as an A4 PDF, drawn with Pillow (no Qt: `counter report` is headless).

Pages are drawn at 200 dpi (1654 × 2339 px) with the installed CJK font
(:mod:`counter.fonts`) and saved as one multi-page PDF. A small flow layout places
headings, figure tiles, tables (split across pages with their header repeated) and the
chart of tickets issued / served and the median wait by hour. Training reports carry the
training marking at the top and bottom of every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont

from counter.fonts import find_cjk_font
from counter.journal import BUSINESS_TZ
from counter.queue.model import TicketOutcome
from counter.queue.stats import Durations
from counter.report import OUTCOME_LABELS, RATING_ORDER, CaseCounts, DayReport, HourRow

__all__ = ["A4_PX", "DPI", "render_pages", "write_pdf"]

DPI = 200
A4_PX = (1654, 2339)
MARGIN_X = 110
TOP = 110
BOTTOM = 140
INK = (33, 37, 41)
MUTED = (96, 104, 112)
ACCENT = (31, 58, 95)
RULE = (200, 208, 218)
HEAD_BG = (232, 238, 245)
ZEBRA = (247, 249, 251)
WARN = (176, 42, 55)
OK = (40, 120, 60)
ISSUED = (76, 120, 168)
SERVED = (89, 161, 79)
WAIT = (225, 87, 89)
RATING_COLOURS = (
    (40, 120, 60),
    (120, 180, 90),
    (190, 190, 120),
    (230, 140, 60),
    (200, 50, 50),
    (190, 195, 200),
)
TRAINING_TEXT = "培训模式 TRAINING 非正式报表"
WEEKDAYS = "一二三四五六日"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=16)
def _font(size: int) -> Font:
    path = find_cjk_font()
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def _minutes(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 60:.1f}"


def _fit(text: str, font: Font, width: float) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


class Page:
    def __init__(self, training: bool) -> None:
        self.image = Image.new("RGB", A4_PX, "white")
        self.draw = ImageDraw.Draw(self.image)
        self.y = TOP + (60 if training else 0)

    @property
    def room(self) -> int:
        return A4_PX[1] - BOTTOM - self.y


class Flowable(Protocol):
    def place(self, pages: Pages) -> None: ...


class Pages:
    def __init__(self, training: bool) -> None:
        self.training = training
        self.pages: list[Page] = [Page(training)]
        self.width = A4_PX[0] - 2 * MARGIN_X

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def need(self, height: int) -> Page:
        if self.page.room < height:
            self.pages.append(Page(self.training))
        return self.page


@dataclass
class Heading:
    text: str
    size: int = 34

    def place(self, pages: Pages) -> None:
        page = pages.need(self.size + 120)  # never alone at the bottom of a page
        page.y += 18
        page.draw.text(
            (MARGIN_X, page.y),
            self.text,
            font=_font(self.size),
            fill=ACCENT,
            stroke_width=1,
            stroke_fill=ACCENT,
        )
        page.y += self.size + 12
        page.draw.line((MARGIN_X, page.y, MARGIN_X + pages.width, page.y), fill=ACCENT, width=3)
        page.y += 16


@dataclass
class Paragraph:
    text: str
    size: int = 26
    colour: tuple[int, int, int] = INK

    def place(self, pages: Pages) -> None:
        font = _font(self.size)
        lines: list[str] = []
        for para in self.text.split("\n"):
            line = ""
            for ch in para:
                if font.getlength(line + ch) > pages.width:
                    lines.append(line)
                    line = ""
                line += ch
            lines.append(line)
        for line in lines:
            page = pages.need(self.size + 12)
            page.draw.text((MARGIN_X, page.y), line, font=font, fill=self.colour)
            page.y += self.size + 12


@dataclass
class Tiles:
    """Big figures with a label under each, in one row."""

    items: Sequence[tuple[str, str, bool]]  # label, value, warn

    def place(self, pages: Pages) -> None:
        height = 150
        page = pages.need(height + 16)
        gap = 16
        w = (pages.width - gap * (len(self.items) - 1)) / len(self.items)
        for i, (label, value, warn) in enumerate(self.items):
            x = MARGIN_X + i * (w + gap)
            page.draw.rounded_rectangle(
                (x, page.y, x + w, page.y + height), 12, fill=ZEBRA, outline=RULE, width=2
            )
            font = _font(60)
            tw = font.getlength(value)
            page.draw.text(
                (x + (w - tw) / 2, page.y + 18), value, font=font, fill=WARN if warn else ACCENT
            )
            small = _font(26)
            lw = small.getlength(label)
            page.draw.text((x + (w - lw) / 2, page.y + 100), label, font=small, fill=MUTED)
        page.y += height + 16


@dataclass
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    weights: Sequence[float]
    size: int = 24
    empty: str = "（无）"
    align: str = ""  # "l"/"r" per column; default: the first left, the rest (numbers) right

    def place(self, pages: Pages) -> None:
        font = _font(self.size)
        row_h = self.size + 22
        total = sum(self.weights)
        widths = [pages.width * w / total for w in self.weights]
        rows = list(self.rows) or [[self.empty] + [""] * (len(self.header) - 1)]
        page = pages.need(row_h * 2 + 8)
        self._header(page, widths, font, row_h)
        for i, row in enumerate(rows):
            if page.room < row_h:
                page = pages.need(row_h * 2)
                self._header(page, widths, font, row_h)
            if i % 2:
                page.draw.rectangle(
                    (MARGIN_X, page.y, MARGIN_X + pages.width, page.y + row_h), fill=ZEBRA
                )
            self._cells(
                page, widths=widths, font=font, row=row, row_h=row_h, colour=INK, align=self._align
            )
            page.y += row_h
        page.draw.line((MARGIN_X, page.y, MARGIN_X + pages.width, page.y), fill=RULE, width=2)
        page.y += 18

    @property
    def _align(self) -> str:
        return self.align or "l" + "r" * (len(self.header) - 1)

    def _header(self, page: Page, widths: list[float], font: Font, row_h: int) -> None:
        page.draw.rectangle(
            (MARGIN_X, page.y, MARGIN_X + sum(widths), page.y + row_h), fill=HEAD_BG
        )
        self._cells(
            page,
            widths=widths,
            font=font,
            row=self.header,
            row_h=row_h,
            colour=ACCENT,
            align=self._align,
        )
        page.y += row_h

    @staticmethod
    def _cells(
        page: Page,
        *,
        widths: list[float],
        font: Font,
        row: Sequence[str],
        row_h: int,
        colour: tuple[int, int, int],
        align: str,
    ) -> None:
        x = float(MARGIN_X)
        for i, (text, w) in enumerate(zip(row, widths, strict=False)):
            shown = _fit(str(text), font, w - 20)
            if align[i : i + 1] != "r":
                tx = x + 10
            else:  # numbers and short values right-aligned
                tx = x + w - 10 - font.getlength(shown)
            page.draw.text((tx, page.y + 10), shown, font=font, fill=colour)
            x += w


@dataclass
class Picture:
    image: Image.Image

    def place(self, pages: Pages) -> None:
        page = pages.need(self.image.height + 16)
        page.image.paste(self.image, (MARGIN_X, page.y))
        page.y += self.image.height + 16


# --- the chart ------------------------------------------------------------------------------


def hour_chart(hours: Sequence[HourRow], width: int, height: int = 600) -> Image.Image:
    """Bars: tickets issued and served per hour; line: median wait (minutes, right axis)."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    small, label = _font(22), _font(24)
    left, right, top, bottom = 90, 100, 70, 80
    plot_w, plot_h = width - left - right, height - top - bottom
    draw.rectangle((left, top, left + plot_w, top + plot_h), outline=RULE, width=2)
    legend = [("取号", ISSUED), ("办结", SERVED), ("等候中位数（分钟，右轴）", WAIT)]
    lx = left
    for text, colour in legend:
        draw.rectangle((lx, 20, lx + 26, 46), fill=colour)
        draw.text((lx + 34, 18), text, font=label, fill=INK)
        lx += 34 + int(label.getlength(text)) + 40
    if not hours:
        draw.text((left + 20, top + 20), "当日没有号票", font=label, fill=MUTED)
        return image
    peak = max(max(h.issued, h.served) for h in hours) or 1
    step = max(1, _nice_step(peak))
    top_count = step * -(-peak // step)
    waits = [h.waiting.median_s / 60 for h in hours if h.waiting.median_s is not None]
    wait_top = _nice_ceiling(max(waits) if waits else 0)
    for i in range(0, top_count + 1, step):
        y = top + plot_h - plot_h * i / top_count
        draw.line((left, y, left + plot_w, y), fill=(235, 238, 242), width=1)
        text = str(i)
        draw.text((left - 12 - small.getlength(text), y - 12), text, font=small, fill=MUTED)
    for j in range(5):
        value = wait_top * j / 4
        y = top + plot_h - plot_h * j / 4
        draw.text((left + plot_w + 12, y - 12), f"{value:.0f}", font=small, fill=WAIT)
    slot = plot_w / len(hours)
    bar = min(70.0, max(4.0, slot * 0.32))
    points: list[tuple[float, float]] = []
    for i, h in enumerate(hours):
        cx = left + slot * (i + 0.5)
        for offset, count, colour in ((-bar, h.issued, ISSUED), (0.0, h.served, SERVED)):
            if count:
                y = top + plot_h - plot_h * count / top_count
                draw.rectangle((cx + offset, y, cx + offset + bar - 2, top + plot_h), fill=colour)
        text = f"{h.hour:02d}"
        draw.text((cx - small.getlength(text) / 2, top + plot_h + 10), text, font=small, fill=MUTED)
        if h.waiting.median_s is not None:
            points.append((cx, top + plot_h - plot_h * (h.waiting.median_s / 60) / wait_top))
    if len(points) > 1:
        draw.line(points, fill=WAIT, width=4, joint="curve")
    for x, y in points:
        draw.ellipse((x - 7, y - 7, x + 7, y + 7), fill=WAIT)
    draw.text((left, top + plot_h + 44), "时", font=small, fill=MUTED)
    return image


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak / step <= 6:
            return step
    return max(1, peak // 5)


def _nice_ceiling(value: float) -> float:
    """A top for the minutes axis that divides into four whole-minute steps."""
    for top in (4, 8, 12, 20, 40, 60, 80, 120, 160, 240):
        if value <= top:
            return float(top)
    return float(int(value) + 1)


def rating_bars(rows: Sequence[tuple[str, dict[str, int]]], width: int) -> Image.Image:
    """One stacked bar per clerk: the share of each level, counts written in."""
    row_h = 54
    legend_h = 60
    image = Image.new("RGB", (width, legend_h + row_h * max(1, len(rows)) + 10), "white")
    draw = ImageDraw.Draw(image)
    label, small = _font(24), _font(22)
    x = 0
    for level, colour in zip(RATING_ORDER, RATING_COLOURS, strict=True):
        draw.rectangle((x, 12, x + 24, 36), fill=colour)
        draw.text((x + 32, 10), level.value, font=small, fill=INK)
        x += 32 + int(small.getlength(level.value)) + 30
    name_w = 220
    bar_w = width - name_w - 120
    for i, (clerk, counts) in enumerate(rows):
        y = legend_h + i * row_h
        draw.text((0, y + 10), _fit(clerk, label, name_w - 10), font=label, fill=INK)
        total = sum(counts.values())
        bx = float(name_w)
        for level, colour in zip(RATING_ORDER, RATING_COLOURS, strict=True):
            n = counts.get(level.value, 0)
            if not n or not total:
                continue
            w = bar_w * n / total
            draw.rectangle((bx, y + 6, bx + w, y + row_h - 10), fill=colour)
            text = str(n)
            if small.getlength(text) < w - 6:
                draw.text(
                    (bx + (w - small.getlength(text)) / 2, y + 12), text, font=small, fill="white"
                )
            bx += w
        draw.text((name_w + bar_w + 16, y + 10), f"共 {total}", font=label, fill=MUTED)
    return image


# --- the document -------------------------------------------------------------------------------


def _duration_row(name: str, d: Durations) -> list[str]:
    return [
        name,
        str(d.count),
        _minutes(d.median_s),
        _minutes(d.p90_s),
        _minutes(d.mean_s),
        _minutes(d.max_s),
    ]


def _case_row(name: str, c: CaseCounts) -> list[str]:
    return [
        name,
        str(c.total),
        str(c.accepted),
        str(c.completed),
        str(c.forwarded),
        str(c.rejected),
        str(c.needs_attention),
        str(c.pending),
        str(c.offline),
        str(c.reviewed),
    ]


_CASE_HEADER = [
    "",
    "办件",
    "已受理",
    "办结",
    "转后台",
    "不予受理",
    "需处理",
    "待上传",
    "离线",
    "复核",
]
_CASE_WEIGHTS = [3.2, 1, 1, 1, 1, 1.2, 1, 1, 1, 1]


def _local(at: datetime) -> str:
    return at.astimezone(BUSINESS_TZ).strftime("%Y-%m-%d %H:%M")


def flowables(report: DayReport, width: int) -> list[Flowable]:
    q = report.queue
    outcomes = q.outcomes
    day = report.day
    outlet = f"{report.outlet_code} {report.outlet_name}".strip() or "—"
    verify = report.journal.verify
    if report.close is not None:
        c = report.close
        closed = f"已日结 {_local(c.closed_at)}，主管 {c.closed_by}"
    else:
        closed = "未日结"
    if verify is None:
        check = "日志未校验"
    else:
        check = verify.message
    flow: list[Flowable] = [
        Paragraph("社会保障业务窗口 日报表", size=48, colour=ACCENT),
        Paragraph(
            f"网点 {outlet} · {report.window} 号窗口 · 营业日 {day.isoformat()}"
            f"（星期{WEEKDAYS[day.weekday()]}）",
            size=28,
        ),
        Paragraph(f"生成于 {_local(report.generated_at)} · {closed}", size=24, colour=MUTED),
        Paragraph(check, size=24, colour=OK if verify is None or verify.ok else WARN),
        Heading("号票"),
        Tiles(
            [
                ("取号", str(q.issued), False),
                (OUTCOME_LABELS[TicketOutcome.SERVED], str(outcomes[TicketOutcome.SERVED]), False),
                (
                    OUTCOME_LABELS[TicketOutcome.NO_SHOW],
                    str(outcomes[TicketOutcome.NO_SHOW]),
                    False,
                ),
                (
                    OUTCOME_LABELS[TicketOutcome.TRANSFERRED],
                    str(outcomes[TicketOutcome.TRANSFERRED]),
                    False,
                ),
                (
                    OUTCOME_LABELS[TicketOutcome.CANCELLED],
                    str(outcomes[TicketOutcome.CANCELLED]),
                    False,
                ),
                (
                    OUTCOME_LABELS[TicketOutcome.CLOSED_AT_DAY_END],
                    str(outcomes[TicketOutcome.CLOSED_AT_DAY_END]),
                    q.open > 0,
                ),
            ]
        ),
        Paragraph(
            f"绿色通道 {q.priority} · 重呼 {q.recalls} · 过号重排 {q.requeued} · "
            f"未打印 {q.issued - q.printed} · 未结束 {q.open}",
            size=24,
            colour=MUTED,
        ),
        Heading("等候与办理时间（分钟）"),
        Table(
            ["", "件数", "中位数", "P90", "平均", "最长"],
            [
                _duration_row("等候（取号→首次叫号）", q.waiting),
                _duration_row("办理（末次叫号→办结）", q.service),
            ],
            [3.4, 1, 1, 1, 1, 1],
        ),
    ]
    e = q.estimates
    if e.measured:
        accuracy = (
            f"预计等候准确度：{e.measured} 张可比号票中 {e.within_range} 张落在号票所示区间内"
            f"（{100 * e.within_range / e.measured:.0f}%），平均绝对误差 "
            f"{e.mean_abs_error_min or 0:.1f} 分钟"
        )
    else:
        accuracy = (
            f"预计等候准确度：暂无可比数据（号票 {e.slips} 张，给出区间 {e.with_estimate} 张）"
        )
    flow.append(Paragraph(accuracy, size=24))
    flow += [
        Heading("按小时"),
        Picture(hour_chart(report.by_hour, width)),
        Table(
            ["时段", "取号", "办结", "等候中位数", "等候P90", "办理中位数"],
            [
                [
                    f"{h.hour:02d}:00–{h.hour + 1:02d}:00",
                    str(h.issued),
                    str(h.served),
                    _minutes(h.waiting.median_s),
                    _minutes(h.waiting.p90_s),
                    _minutes(h.service.median_s),
                ]
                for h in report.by_hour
            ],
            [2, 1, 1, 1.3, 1.3, 1.3],
        ),
        Heading("窗口暂停"),
        Table(
            ["原因", "分钟"],
            [[reason, _minutes(s)] for reason, s in sorted(q.pauses.by_reason.items())]
            + (
                [[f"合计（{q.pauses.count} 次）", _minutes(q.pauses.total_s)]]
                if q.pauses.count
                else []
            ),
            [4, 1],
            empty="当日无暂停",
        ),
        Heading("按业务"),
        Table(
            ["业务", "段数", "办结", "过号", "转办", "等候中位", "等候P90", "办理中位", "办理P90"],
            [
                [
                    f"{g.key} {report.item_names.get(g.key, '')}".strip(),
                    str(g.legs),
                    str(g.served),
                    str(g.no_show),
                    str(g.transferred),
                    _minutes(g.waiting.median_s),
                    _minutes(g.waiting.p90_s),
                    _minutes(g.service.median_s),
                    _minutes(g.service.p90_s),
                ]
                for g in q.by_item
            ],
            [4, 0.8, 0.8, 0.8, 0.8, 1.1, 1.1, 1.1, 1.1],
        ),
        Heading("按经办人"),
        Table(
            ["经办人", "段数", "办结", "过号", "转办", "等候中位", "办理中位", "办理P90"],
            [
                [
                    g.key,
                    str(g.legs),
                    str(g.served),
                    str(g.no_show),
                    str(g.transferred),
                    _minutes(g.waiting.median_s),
                    _minutes(g.service.median_s),
                    _minutes(g.service.p90_s),
                ]
                for g in q.by_clerk
            ],
            [2, 1, 1, 1, 1, 1.2, 1.2, 1.2],
        ),
        Heading("办件"),
        Table(
            _CASE_HEADER,
            [_case_row("合计", report.cases)]
            + [_case_row(g.key, g.counts) for g in report.cases_by_clerk],
            _CASE_WEIGHTS,
        ),
        Table(
            ["业务", *_CASE_HEADER[1:]],
            [_case_row(f"{g.key} {g.label}", g.counts) for g in report.cases_by_item],
            _CASE_WEIGHTS,
        ),
        Heading("评价分布（按经办人）"),
        Picture(rating_bars([(r.clerk, r.counts) for r in report.ratings], width)),
        Table(
            ["经办人", *(lv.value for lv in RATING_ORDER), "差评"],
            [
                [r.clerk, *(str(r.counts[lv.value]) for lv in RATING_ORDER), str(r.bad)]
                for r in [*report.ratings, report.ratings_total]
            ],
            [2, 1.2, 1, 1.2, 1, 1.3, 1, 1],
        ),
        Heading("异常"),
        Table(
            ["类别", "数量", "类别", "数量"],
            _pairs([(kind.label, str(n)) for kind, n in report.exceptions.items()]),
            [3, 1, 3, 1],
            align="lrlr",
        ),
    ]
    if report.exception_items:
        items = report.exception_items[:60]
        flow.append(
            Table(
                ["时间", "类别", "人员", "对象", "说明", "确认"],
                [
                    [
                        e.at.astimezone(BUSINESS_TZ).strftime("%H:%M") if e.at else "",
                        e.kind.label,
                        e.staff_no,
                        e.object,
                        e.detail,
                        "已确认" if e.acknowledged else "",
                    ]
                    for e in items
                ],
                [0.8, 2, 1, 2.2, 4.2, 0.9],
                size=22,
                align="llllll",
            )
        )
        if len(report.exception_items) > len(items):
            more = len(report.exception_items) - len(items)
            flow.append(Paragraph(f"另有 {more} 条，见 JSON/CSV 报表。", size=22, colour=MUTED))
    j = report.journal
    flow += [Heading("日志"), Paragraph(f"当日日志 {j.entries} 条。{check}", size=24)]
    if report.close is not None:
        flow.append(Paragraph(f"日结链头（已上报人社平台）：{report.close.journal_head}", size=22))
    flow.append(
        Table(
            ["动作", "条数", "动作", "条数"],
            _pairs([(ACTION_LABELS.get(a, a), str(n)) for a, n in j.by_action.items()]),
            [3, 1, 3, 1],
            align="lrlr",
        )
    )
    return flow


def _pairs(cells: list[tuple[str, str]]) -> list[list[str]]:
    """Two label–value pairs per row, filled down the left half first."""
    half = (len(cells) + 1) // 2
    rows = []
    for i in range(half):
        right = cells[half + i] if half + i < len(cells) else ("", "")
        rows.append([*cells[i], *right])
    return rows


ACTION_LABELS = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出",
    "lock": "锁屏",
    "unlock": "解锁",
    "person_lookup": "参保查询",
    "unmask": "查看完整号码",
    "identity_read": "读取证件",
    "identity_manual": "手工录入证件",
    "ecard_verify": "电子社保卡核验",
    "error": "错误",
    "ticket_issue": "取号",
    "ticket_call": "叫号",
    "ticket_recall": "重呼",
    "ticket_no_show": "过号",
    "ticket_transfer": "转办",
    "ticket_hold": "挂起",
    "ticket_complete": "办结",
    "ticket_start": "开始办理",
    "ticket_call_back": "回呼",
    "ticket_cancel": "取消号票",
    "ticket_reprint": "补打号票",
    "ticket_requeue": "过号重排",
    "window_pause": "窗口暂停",
    "window_resume": "窗口恢复",
    "queue_close_day": "日终关闭号票",
    "case_submit": "提交办件",
    "case_result": "办件结果",
    "case_flagged": "上传需处理",
    "review": "复核",
    "print": "打印",
    "reprint": "补打",
    "evaluation": "评价",
    "feedback": "意见簿",
    "transport_batch": "转运批次",
    "staff_filing": "人员备案",
    "day_close": "日结",
    "outbox_delivered": "上传完成",
    "outbox_resolve": "上传处理",
    "post_cover": "顶岗",
    "hall_mismatch": "叫号系统不一致",
    "day_close_note": "日结说明",
    "late_correction": "事后更正",
    "reconcile": "对账",
    "followup": "差评回访",
    "roster_change": "岗位变更",
    "retention_purge": "清除个人信息",
    "report": "报表",
}


def render_pages(report: DayReport) -> list[Image.Image]:
    pages = Pages(report.training)
    for item in flowables(report, pages.width):
        item.place(pages)
    footer = f"社银通 Counter · 日报表 · {report.outlet_code} · {report.day.isoformat()}"
    return finish_pages(pages, footer, training=report.training)


def finish_pages(pages: Pages, footer: str, *, training: bool) -> list[Image.Image]:
    """Footer and page numbers on every page, and the training banner where it applies."""
    total = len(pages.pages)
    footer_font = _font(22)
    for number, page in enumerate(pages.pages, start=1):
        y = A4_PX[1] - BOTTOM + 50
        page.draw.line((MARGIN_X, y - 16, A4_PX[0] - MARGIN_X, y - 16), fill=RULE, width=2)
        page.draw.text((MARGIN_X, y), footer, font=footer_font, fill=MUTED)
        right = f"第 {number} 页 / 共 {total} 页"
        page.draw.text(
            (A4_PX[0] - MARGIN_X - footer_font.getlength(right), y),
            right,
            font=footer_font,
            fill=MUTED,
        )
        if training:
            font = _font(30)
            w = font.getlength(TRAINING_TEXT)
            page.draw.rectangle((0, TOP - 10, A4_PX[0], TOP + 40), fill=(253, 236, 236))
            page.draw.text(((A4_PX[0] - w) / 2, TOP - 6), TRAINING_TEXT, font=font, fill=WARN)
            page.draw.text(((A4_PX[0] - w) / 2, y + 34), TRAINING_TEXT, font=_font(22), fill=WARN)
    return [p.image for p in pages.pages]


def save_pdf(images: list[Image.Image], path: Path, *, title: str, subject: str = "") -> Path:
    """Save rendered A4 pages as one PDF at *path*."""
    images[0].save(
        path,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(DPI),
        quality=90,
        title=title,
        author="社银通 Counter",
        subject=subject,
    )
    return path


def write_pdf(report: DayReport, path: Path) -> Path:
    """Render and save the report as an A4 PDF at *path*."""
    title = f"日报表 {report.outlet_code} {report.day.isoformat()}"
    return save_pdf(render_pages(report), path, title=title)
