"""render_escpos, checked by an independent decoder (tests/escpos_decoder.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.printing import (
    TRAINING_BANNER,
    BigNumber,
    Block,
    Columns,
    Cut,
    Feed,
    Heading,
    QrCode,
    Rule,
    Slip,
    Text,
    clean_text,
    paper_columns,
    paper_dots,
    print_test_slip,
)
from drivers.printer.escpos_decode import PaperCut, PrintedLine, PrintedQr, decode_escpos
from drivers.printer.escpos_render import encode_gb18030, qr_modules, render_escpos
from tests.escpos_decoder import Undecodable, decode

PAPERS = [58, 80]
CJK_PUNCTUATION = "“”，。：；！？（）【】、￥"


@pytest.mark.parametrize("paper", PAPERS)
def test_test_slip_survives_byte_for_byte(paper: int) -> None:
    data = render_escpos(print_test_slip(training=False), paper)
    assert data.startswith(b"\x1b@")
    assert b"?" not in data  # python-escpos's failure mode: CJK punctuation as "?"
    decoded = decode(data)
    text = "".join(decoded.text_lines)
    for ch in CJK_PUNCTUATION + "𠮷䶮":
        assert ch in text, ch
    assert "￥12.50" in text
    assert "?" not in text
    assert all(line.columns <= paper_columns(paper) for line in decoded.lines)


@pytest.mark.parametrize("paper", PAPERS)
def test_chinese_goes_out_in_chinese_mode_and_ascii_outside(paper: int) -> None:
    slip = Slip([Text("社保 ABC"), Text("plain ascii")])
    data = render_escpos(slip, paper)
    assert b"\x1c&" + "社保 ABC".encode("gb18030") + b"\x1c.\n" in data
    assert b"plain ascii\n" in data
    assert b"\x1c&plain" not in data
    decoded = decode(data)
    runs = [run for line in decoded.lines for run in line.runs]
    assert [(r.text, r.chinese) for r in runs] == [("社保 ABC", True), ("plain ascii", False)]


def test_python_escpos_own_text_path_loses_punctuation() -> None:
    """Why we encode ourselves: python-escpos prints lone CJK punctuation as '?'."""
    from escpos.printer import Dummy

    printer = Dummy()
    printer.text("，。￥\n")
    assert printer.output.endswith(b"???\n")
    assert b"\x1c&" not in printer.output  # and never enters Chinese mode


def test_alignment_bold_and_size_spans() -> None:
    slip = Slip(
        [
            Heading("社银通"),
            Heading("small", double=False),
            Text("右", align="right", bold=True),
            Text("高", size="tall"),
            Text("宽", size="wide"),
            Columns("金额", "￥12.50", bold=True),
            BigNumber("A023"),
        ]
    )
    lines = decode(render_escpos(slip, 58)).lines
    summary = [(ln.align, ln.styles(), ln.kanji_double, ln.text.strip()) for ln in lines]
    assert summary[0] == ("center", {(True, 2, 2)}, (True, True), "社银通")
    assert summary[1] == ("center", {(True, 1, 1)}, (True, True), "small")
    assert summary[2] == ("right", {(True, 1, 1)}, (False, False), "右")
    assert summary[3] == ("left", {(False, 1, 2)}, (False, True), "高")
    assert summary[4] == ("left", {(False, 2, 1)}, (True, False), "宽")
    assert summary[5][:2] == ("left", {(True, 1, 1)})
    assert summary[6] == ("center", {(True, 4, 4)}, (False, False), "A023")


@pytest.mark.parametrize(
    ("number", "paper", "factor"),
    [("A023", 58, 4), ("A023", 80, 4), ("VIP-A0231234567", 58, 2), ("VIP-A0231234567", 80, 3)],
)
def test_big_number_as_large_as_fits(number: str, paper: int, factor: int) -> None:
    (line,) = decode(render_escpos(Slip([BigNumber(number)]), paper)).lines
    assert line.styles() == {(True, factor, factor)}
    assert line.columns <= paper_columns(paper)


@pytest.mark.parametrize("paper", PAPERS)
def test_qr_native_model_2_level_m(paper: int) -> None:
    payload = "社银通打印测试 PRINT-TEST 0123456789"
    data = render_escpos(Slip([QrCode(payload, size=6)]), paper)
    assert b"\x1d(k\x04\x001A2\x00" in data  # model 2
    assert b"\x1d(k\x03\x001E1" in data  # error correction M
    assert b"\x1d(k\x03\x001Q0" in data  # print
    (qr,) = decode(data).qrs
    assert qr.data.decode("utf-8") == payload
    assert (qr.model, qr.module_size, qr.ec, qr.align) == (2, 6, "M", "center")


@pytest.mark.parametrize("paper", PAPERS)
def test_qr_module_size_shrinks_to_fit_the_roll(paper: int) -> None:
    payload = "https://example.invalid/rate?" + "x" * 250
    (qr,) = decode(render_escpos(Slip([QrCode(payload, size=10)]), paper)).qrs
    modules = len(qr_modules(payload.encode()))
    assert qr.module_size < 10
    assert modules * qr.module_size <= paper_dots(paper)


def test_qr_too_long_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="二维码内容过长"):
        render_escpos(Slip([QrCode("x" * 5000)]), 58)


def test_cut_is_python_escpos_cut_at_the_end() -> None:
    data = render_escpos(print_test_slip(training=False), 58)
    assert data.endswith(b"\x1bd\x06\x1dV\x00")
    decoded = decode(data)
    assert isinstance(decoded.events[-1], type(decoded.cuts[0]))
    assert decoded.cuts[0].feed_before == 6
    assert render_escpos(Slip([Cut(partial=True)]), 58).endswith(b"\x1dV\x01")


def test_feed_and_rule() -> None:
    decoded = decode(render_escpos(Slip([Rule(), Feed(3), Rule("═")]), 58))
    assert decoded.text_lines == ["-" * 32, "", "", "", "═" * 16]


def test_unencodable_characters_become_a_visible_box() -> None:
    assert encode_gb18030("A\ud800B") == b"A\xa1\xf5B"
    data = render_escpos(Slip([Text("号\ud800码"), Text("\x1b@X")]), 58)
    assert b"?" not in data
    assert decode(data).text_lines == ["号□码", "□@X"]


def test_training_banner_is_printed_top_and_bottom() -> None:
    lines = decode(render_escpos(print_test_slip(training=True), 58)).text_lines
    banners = [i for i, text in enumerate(lines) if text.strip() == TRAINING_BANNER]
    assert banners[0] == 1
    assert len(banners) == 2
    assert banners[1] > lines.index("扫码应显示：社银通打印测试")


def test_unsupported_paper_width() -> None:
    with pytest.raises(ValueError, match="58 或 80"):
        render_escpos(Slip([Text("x")]), 76)


# -- property: whatever the text, nothing overflows and nothing is lost --------------

any_text = st.text(
    alphabet=st.sampled_from("社银通养老保险参保𠮷䶮“”，。：（）【】、￥é·abcXYZ0123 -.?\t\x1b"),
    max_size=80,
)
blocks: st.SearchStrategy[Block] = st.one_of(
    st.builds(
        Text,
        any_text,
        align=st.sampled_from(["left", "center", "right"]),
        bold=st.booleans(),
        size=st.sampled_from(["normal", "tall", "wide", "double"]),
    ),
    st.builds(Heading, any_text, double=st.booleans()),
    st.builds(Columns, any_text, any_text),
    st.builds(BigNumber, any_text),
)


def _content(block: Block) -> str:
    if isinstance(block, Columns):
        return block.left + block.right
    assert isinstance(block, Text | Heading | BigNumber)
    return block.text


@settings(max_examples=150, deadline=None)
@given(st.lists(blocks, min_size=1, max_size=6), st.sampled_from(PAPERS))
def test_rendered_lines_fit_the_roll_and_keep_the_text(
    slip_blocks: list[Block], paper: int
) -> None:
    data = render_escpos(Slip(slip_blocks), paper)
    decoded = decode(data)
    assert all(line.columns <= paper_columns(paper) for line in decoded.lines)
    printed = "".join(decoded.text_lines).replace(" ", "")
    expected = "".join(clean_text(_content(b)) for b in slip_blocks)
    assert printed == expected.replace(" ", "").replace("\n", "")


# -- the production decoder (used by the preview) agrees with the test decoder --------


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("training", [False, True])
def test_production_decoder_agrees(paper: int, training: bool) -> None:
    data = render_escpos(print_test_slip(training), paper)
    ours = decode(data)
    theirs = decode_escpos(data, paper_dots(paper))
    assert [i.text for i in theirs if isinstance(i, PrintedLine)] == ours.text_lines
    assert [i.align for i in theirs if isinstance(i, PrintedLine)] == [
        line.align for line in ours.lines
    ]
    (qr,) = [i for i in theirs if isinstance(i, PrintedQr)]
    assert qr.data == ours.qrs[0].data
    assert isinstance(theirs[-1], PaperCut)
    assert all(i.dots <= paper_dots(paper) for i in theirs if isinstance(i, PrintedLine))


def test_production_decoder_shows_what_a_printer_would() -> None:
    # GB18030 bytes outside Chinese mode come out as code page 437 mojibake …
    (line,) = decode_escpos("社保".encode("gb18030") + b"\n", 384)
    assert isinstance(line, PrintedLine)
    assert line.text != "社保"
    assert len(line.glyphs) == 4
    # … an over-long line wraps where the printer wraps it …
    wrapped = decode_escpos(b"x" * 40 + b"\n", 384)
    assert [i.text for i in wrapped if isinstance(i, PrintedLine)] == ["x" * 32, "x" * 8]
    # … and text never followed by LF is never printed.
    assert decode_escpos(b"\x1b@lost", 384) == []


def test_decoders_reject_unknown_commands() -> None:
    with pytest.raises(ValueError):
        decode_escpos(b"\x1bt\x00", 384)
    with pytest.raises(Undecodable):
        decode(b"\x1bt\x00")
