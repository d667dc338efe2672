"""Training preview printer (PNG drawn from the decoded ESC/POS bytes) and print-test."""

from __future__ import annotations

import io
import os
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from counter.printing import (
    BigNumber,
    Columns,
    Cut,
    Feed,
    Heading,
    PrintError,
    QrCode,
    Rule,
    Slip,
    Text,
    paper_dots,
    print_test_slip,
)
from drivers.printer import PreviewPrinter, find_cjk_font, open_printer, render_preview
from drivers.printer.cli import main
from drivers.printer.escpos_render import render_escpos
from drivers.printer.preview import cjk_font_candidates
from tests.escpos_decoder import decode


def ticket_slip(training: bool) -> Slip:
    """A queue ticket laid out like REFERENCE.md's Ticket layout."""
    return Slip(
        [
            Heading("中国XX银行 杭州湖滨支行"),
            Text("社会保障业务窗口", align="center", bold=True),
            Rule(),
            Text("城乡居民基本养老保险参保登记", align="center"),
            BigNumber("S012"),
            Text("您前面还有 3 人等待", align="center", size="tall"),
            Columns("预计等待", "约 15 分钟"),
            Columns("取号时间", "2025-03-18 09:42"),
            Text("请在社保等候区等候，留意叫号屏和语音。过号请到导办台重新登记，不再顺延。"),
            QrCode("https://example.invalid/queue/S012?o=330102001", size=5),
            Text("扫码查看排队进度 / 评价服务", align="center"),
            Feed(1),
            Cut(),
        ],
        training=training,
    )


def ink_rows(image: Image.Image) -> int:
    """Rows with at least one dark dot."""
    dark = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    return sum(1 for y in range(dark.height) if dark.crop((0, y, dark.width, y + 1)).getbbox())


@pytest.mark.parametrize("paper", [58, 80])
async def test_preview_printer_writes_png_and_bin(tmp_path: Path, paper: int) -> None:
    shown: list[Path] = []
    printer = PreviewPrinter(tmp_path, paper_mm=paper, on_printed=shown.append)
    slip = ticket_slip(training=False)
    try:
        await printer.print_slip(slip)
        status = await printer.status()
    finally:
        printer.close()
    png = printer.last_png
    assert png is not None and png.exists() and shown == [png]
    with Image.open(png) as image:
        assert image.width == paper_dots(paper)
        assert image.height > 400
        assert ink_rows(image) > 100
    # The .bin is the job a printer would get, with the training banner forced on.
    data = png.with_suffix(".bin").read_bytes()
    assert data == render_escpos(replace(slip, training=True), paper)
    assert "培训模式 TRAINING 非正式凭证" in decode(data).text_lines[1]
    assert status.known and status.online and "培训模式" in status.detail


async def test_preview_printer_without_forced_banner_and_pruning(tmp_path: Path) -> None:
    printer = PreviewPrinter(tmp_path, paper_mm=58, force_training=False, keep=2)
    try:
        for n in range(3):
            await printer.print_slip(Slip([Text(f"第{n}张"), Cut()]))
    finally:
        printer.close()
    pngs = sorted(tmp_path.glob("slip-*.png"))
    assert len(pngs) == 2 and len(list(tmp_path.glob("slip-*.bin"))) == 2
    assert printer.last_png == pngs[-1]
    assert decode(pngs[-1].with_suffix(".bin").read_bytes()).text_lines[0] == "第2张"


async def test_preview_printer_reports_an_unwritable_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    printer = open_printer(f"preview://{blocker}", paper_mm=58)
    try:
        with pytest.raises(PrintError, match="无法保存打印预览"):
            await printer.print_slip(Slip([Text("x")]))
    finally:
        printer.close()


def test_preview_is_drawn_from_the_bytes() -> None:
    slip = Slip([Text("x" * 20), Text("y" * 20)])
    narrow = render_preview(render_escpos(slip, 58), 58)
    # Two lines of 20 fit; one line of 40 bytes is wrapped by the "printer" into two.
    overflow = render_preview(b"\x1b@" + b"x" * 40 + b"\n", 58)
    assert overflow.height == narrow.height
    # A job with nothing printable is just paper.
    assert ink_rows(render_preview(b"\x1b@", 58)) == 0


def test_cjk_font_lookup() -> None:
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed")
    assert font.is_file()
    assert font in cjk_font_candidates()


def test_cjk_font_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed")
    monkeypatch.setenv("COUNTER_PREVIEW_FONT", str(font))
    assert cjk_font_candidates()[0] == font
    monkeypatch.setenv("COUNTER_PREVIEW_FONT", str(tmp_path / "missing.ttf"))
    assert find_cjk_font() != tmp_path / "missing.ttf"


def test_sample_previews(tmp_path: Path) -> None:
    """Writes sample pictures (to $PRINTER_PREVIEW_DIR when set) for a human to look at."""
    out = Path(os.environ.get("PRINTER_PREVIEW_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    for paper in (58, 80):
        for name, slip in (
            ("ticket", ticket_slip(training=False)),
            ("ticket-training", ticket_slip(training=True)),
            ("test", print_test_slip(training=False)),
        ):
            image = render_preview(render_escpos(slip, paper), paper)
            assert image.width == paper_dots(paper)
            image.save(out / f"{name}-{paper}.png")


# -- counter print-test ---------------------------------------------------------------


def run_cli(uri: str, paper: int, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    code = main(uri, paper, out=out, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_print_test_to_file(tmp_path: Path) -> None:
    target = tmp_path / "test.bin"
    code, output = run_cli(f"file://{target}", 58)
    assert code == 0
    assert "测试页已发送" in output and "状态未知" in output
    text = "".join(decode(target.read_bytes()).text_lines)
    assert "“引号”" in text and "培训模式" not in text


def test_print_test_to_preview(tmp_path: Path) -> None:
    code, output = run_cli("preview://", 80, preview_dir=tmp_path)
    assert code == 0
    (png,) = tmp_path.glob("*.png")
    assert f"测试页预览已保存：{png}" in output


def test_print_test_failures_are_reported_in_chinese() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, output = run_cli(f"network://127.0.0.1:{port}", 58)
    assert code == 1
    assert "打印失败：打印机未连接" in output
    code, output = run_cli("bogus", 58)
    assert code == 1 and "打印机地址“bogus”无效" in output
    code, output = run_cli("dummy://", 57)
    assert code == 1 and "纸宽" in output


def test_sample_ticket_fits() -> None:
    for paper, width in ((58, 32), (80, 48)):
        decoded = decode(render_escpos(ticket_slip(training=True), paper))
        assert all(line.columns <= width for line in decoded.lines)
        assert decoded.text_lines[-9].strip() == "培训模式 TRAINING 非正式凭证"
        (number,) = [line for line in decoded.lines if line.text == "S012"]
        assert number.styles() == {(True, 4, 4)}
