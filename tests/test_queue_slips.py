"""The ticket slip: its content, and how it lays out on 58 and 80 mm rolls.

The bytes are rendered by the real driver and read back with the independent test
decoder. `QUEUE_SLIP_DIR=docs/screenshots pytest tests/test_queue_slips.py` writes the
pictures kept in the docs.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter.printing import TRAINING_BANNER, paper_columns, paper_dots
from counter.queue.estimate import estimate_wait
from counter.queue.model import Priority, Ticket, TicketState
from counter.queue.settings import QueueSettings
from counter.queue.slips import ticket_slip
from drivers.printer import render_escpos, render_preview
from tests.escpos_decoder import decode

TICKET = Ticket(
    id=12,
    number="S012",
    business_day="2026-03-18",
    state=TicketState.NOT_PRINTED,
    outcome=None,
    priority=Priority.NORMAL,
    item_code="SB00101",
    item_name="城乡居民基本养老保险参保登记",
    person_masked=None,
    issued_at=datetime(2026, 3, 18, 1, 42, tzinfo=UTC),  # 09:42 in Shanghai
    window=None,
    called_at=None,
    recalls=0,
)
OUTLET = "中国XX银行杭州湖滨支行"


def slip_for(ticket: Ticket = TICKET, *, training: bool = False, known: bool = True, **kw: object):  # type: ignore[no-untyped-def]
    estimate = estimate_wait(3, [300, 360, 420], 1) if known else None
    return ticket_slip(
        ticket,
        outlet_name=kw.pop("outlet_name", OUTLET),  # type: ignore[arg-type]
        outlet_code="330102001",
        ahead=3,
        estimate=estimate,
        settings=QueueSettings(training=training),
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("paper", [58, 80])
def test_slip_content_and_nothing_overflows(paper: int) -> None:
    decoded = decode(render_escpos(slip_for(), paper))
    lines = decoded.lines
    texts = [line.text.strip() for line in lines]
    assert all(line.columns <= paper_columns(paper) for line in lines)
    assert texts[0] == OUTLET
    assert "社会保障业务" in texts and "城乡居民基本养老保险参保登记" in texts
    [big] = [line for line in lines if line.text.strip() == "S012"]
    assert big.styles() == {(True, 4, 4)}  # as large as the roll allows
    ahead = next(line for line in lines if "您前面还有" in line.text)
    assert ahead.text.strip() == "您前面还有 3 人等待" and ahead.styles() == {(True, 1, 2)}
    joined = "\n".join(texts)
    assert "预计等待" in joined and "约 12–24 分钟" in joined
    assert "2026-03-18 09:42" in joined
    assert "社保等候区" in joined
    assert "过号请重新取号或到导办台登记" in texts
    assert "（过号 30 分钟内登记可重新排队）" in texts
    [qr] = decoded.qrs
    assert qr.data == b"https://queue.example.invalid/t/330102001/2026-03-18/S012"
    assert len(decoded.cuts) == 1
    assert TRAINING_BANNER not in joined
    assert "绿色通道" not in joined


def test_unknown_estimate_priority_and_reprint() -> None:
    ticket = replace(TICKET, priority=Priority.DISABLED)
    texts = decode(render_escpos(slip_for(ticket, known=False, reprint=True), 58)).text_lines
    joined = "\n".join(texts)
    assert "暂无估计" in joined
    assert "绿色通道（残疾人）" in joined
    assert "（补打号票）" in joined


@pytest.mark.parametrize("paper", [58, 80])
def test_training_slip_is_marked_top_and_bottom(paper: int) -> None:
    texts = [t.strip() for t in decode(render_escpos(slip_for(training=True), paper)).text_lines]
    marks = [i for i, t in enumerate(texts) if t == TRAINING_BANNER]
    assert len(marks) == 2 and marks[0] < 3 and marks[1] > texts.index("S012")


def test_short_hall_title_is_a_double_heading() -> None:
    lines = decode(render_escpos(slip_for(outlet_name="湖滨支行"), 58)).lines
    assert lines[0].text.strip() == "湖滨支行" and lines[0].styles() == {(True, 2, 2)}
    long_title = decode(render_escpos(slip_for(), 58)).lines[0]
    assert long_title.styles() == {(True, 1, 1)}  # a long name stays on one line


@pytest.mark.parametrize("paper", [58, 80])
def test_slip_pictures(tmp_path: Path, paper: int) -> None:
    """Draws the slips (to $QUEUE_SLIP_DIR when set) for a human to look at."""
    out = Path(os.environ.get("QUEUE_SLIP_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    image = render_preview(render_escpos(slip_for(), paper), paper)
    assert image.width == paper_dots(paper)
    image.save(out / f"ticket-{paper}mm.png")
    training = replace(TICKET, priority=Priority.ELDERLY)
    preview = render_preview(
        render_escpos(slip_for(training, training=True, known=False), paper), paper
    )
    preview.save(out / f"ticket-{paper}mm-training.png")
