"""The assessment report as an A4 PDF, drawn like the day report (Pillow, no Qt).

Per trainee and scenario: what happened, what was expected, the score, and a plain
explanation of each mistake. :func:`assessment_lines` gives the report's text (the same
strings the pages show; tests and the trainer's screen use it); :func:`render_assessment_pages`
draws the pages and :func:`write_assessment_pdf` saves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image

from counter.journal import BUSINESS_TZ
from counter.report_pdf import (
    ACCENT,
    INK,
    MARGIN_X,
    MUTED,
    OK,
    WARN,
    Flowable,
    Heading,
    Pages,
    Tiles,
    _font,
    finish_pages,
    save_pdf,
)
from counter.scenarios.assessment import Assessment
from counter.scenarios.scoring import CitizenScore, ScenarioResult

__all__ = ["assessment_lines", "render_assessment_pages", "write_assessment_pdf"]

TITLE = "社保业务窗口培训考核报告"


def _local(at: datetime | None) -> str:
    return "—" if at is None else at.astimezone(BUSINESS_TZ).strftime("%Y-%m-%d %H:%M")


def _minutes(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 60:.1f}"


@dataclass
class _Gap:
    height: int = 12

    def place(self, pages: Pages) -> None:
        pages.page.y += self.height


_NO_LINE_END = set("“‘（《「『【(")
_NO_LINE_START = set("，。、；：？！）》」』”’…%）】,.;:?!)")


@dataclass
class _Wrapped:
    """A paragraph whose lines never start with closing punctuation (hangs it instead)."""

    text: str
    size: int = 24
    colour: tuple[int, int, int] = INK
    indent: int = 0

    def place(self, pages: Pages) -> None:
        font = _font(self.size)
        width = pages.width - self.indent
        lines: list[str] = []
        for para in self.text.split("\n"):
            line = ""
            for ch in para:
                if line and font.getlength(line + ch) > width and ch not in _NO_LINE_START:
                    carry = line[-1] if line[-1] in _NO_LINE_END and len(line) > 1 else ""
                    lines.append(line[: len(line) - len(carry)])
                    line = carry
                line += ch
            lines.append(line)
        for i, line in enumerate(lines):
            page = pages.need(self.size + 12)
            x = MARGIN_X + (self.indent if i else 0)
            page.draw.text((x, page.y), line, font=font, fill=self.colour)
            page.y += self.size + 12


def _verdict(passed: bool) -> str:
    return "合格" if passed else "不合格"


def _header_lines(a: Assessment) -> list[str]:
    return [
        f"学员：{a.trainee.name_masked}（工号 {a.trainee.staff_no}）　网点：{a.trainee.outlet.name}"
        f"（{a.trainee.outlet_code}，{a.trainee.outlet_category}类）",
        f"考核内容：{a.set_title}　合格线：每个情景 {a.pass_mark} 分且无严重差错",
        f"考核时间：{_local(a.started_at)} 至 {_local(a.ended_at)}　考核人：{a.assessor}",
    ]


def _citizen_lines(c: CitizenScore) -> list[tuple[str, str]]:
    """(kind, text): kind is 'title', 'text', 'muted', 'bad' or 'good'."""
    lines = [
        ("title", f"{c.label}｜{c.item_name}"),
        ("text", f"应当：{c.expected}"),
        ("text", f"实际：{c.happened}"),
        (
            "muted",
            f"用时 {_minutes(c.seconds)} 分钟（标准 {_minutes(c.norm_s)}）；"
            f"按键 {c.inputs.keys} 次、点击 {c.inputs.clicks} 次（正常约 {c.norm_inputs} 次以内）",
        ),
    ]
    if not c.mistakes:
        lines.append(("good", "✓ 处理正确"))
    for m in c.mistakes:
        mark = "严重差错" if m.critical else f"扣 {m.points} 分"
        lines.append(("bad", f"× {m.title}（{mark}）：{m.explanation}"))
    return lines


def _scenario_lines(number: int, r: ScenarioResult) -> list[tuple[str, str]]:
    head = f"情景 {number}：{r.title}　{r.score} 分　{'通过' if r.passed else '未通过'}"
    lines: list[tuple[str, str]] = [("heading", head)]
    lines.append(
        (
            "muted",
            f"情景编号 {r.scenario_id}；合格线 {r.pass_mark} 分；开始 {_local(r.started_at)}；"
            f"差错 {len(r.mistakes)} 处",
        )
    )
    for c in r.citizens:
        lines.extend(_citizen_lines(c))
    return lines


def assessment_lines(a: Assessment) -> list[tuple[str, str]]:
    """The report's content as (kind, text) lines, in order."""
    lines: list[tuple[str, str]] = [("heading", TITLE)]
    lines += [("text", t) for t in _header_lines(a)]
    lines.append(
        (
            "verdict",
            f"结论：{_verdict(a.passed)}　平均 {a.score} 分　情景 {len(a.results)} 个　"
            f"差错 {a.mistake_count} 处",
        )
    )
    for i, r in enumerate(a.results, start=1):
        lines += _scenario_lines(i, r)
    lines.append(
        (
            "muted",
            "说明：成绩依据本机日志和培训平台的办件记录自动评定，不依据学员自述。严重差错"
            "（结果错误、缺少复核、未接待）一次即判该情景不通过。",
        )
    )
    return lines


def _flowables(a: Assessment) -> list[Flowable]:
    items: list[Flowable] = []
    first = True
    for kind, text in assessment_lines(a):
        if kind == "heading":
            items.append(Heading(text, 40 if first else 32))
            first = False
        elif kind == "verdict":
            items.append(
                Tiles(
                    [
                        ("结论", _verdict(a.passed), not a.passed),
                        ("平均分", str(a.score), not a.passed),
                        ("合格线", str(a.pass_mark), False),
                        ("差错", str(a.mistake_count), a.mistake_count > 0),
                    ]
                )
            )
        elif kind == "title":
            items += [_Gap(6), _Wrapped(text, 28, ACCENT)]
        elif kind == "muted":
            items.append(_Wrapped(text, 22, MUTED))
        elif kind == "bad":
            items.append(_Wrapped(text, 24, WARN, indent=30))
        elif kind == "good":
            items.append(_Wrapped(text, 24, OK))
        else:
            items.append(_Wrapped(text, 24, INK, indent=72))
    return items


def render_assessment_pages(a: Assessment) -> list[Image.Image]:
    pages = Pages(a.training_mode)
    for item in _flowables(a):
        item.place(pages)
    footer = f"社银通 Counter · 培训考核 · {a.trainee.staff_no} · {_local(a.ended_at)}"
    return finish_pages(pages, footer, training=a.training_mode)


def write_assessment_pdf(a: Assessment, path: Path) -> Path:
    """Render and save the assessment report as an A4 PDF at *path*."""
    return save_pdf(
        render_assessment_pages(a),
        path,
        title=f"培训考核报告 {a.trainee.staff_no} {_local(a.ended_at)}",
        subject=f"{a.set_title}：{_verdict(a.passed)}，{a.score} 分",
    )
