"""counter.printing: widths, wrapping, columns, the slip model (no drivers, no Qt)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.printing import (
    TRAINING_BANNER,
    BigNumber,
    Columns,
    Cut,
    Feed,
    Heading,
    PrintError,
    PrinterStatus,
    QrCode,
    Rule,
    Slip,
    Text,
    clean_text,
    columns,
    display_width,
    paper_columns,
    paper_dots,
    print_test_slip,
    wrap,
)

CJK = "社银通打印测试养老保险参保登记办理事项𠮷䶮"
PUNCT = "“”‘’，。：；！？（）【】、￥…—·"
ASCII = "abcXYZ019-/.,:()?"
# Text as it reaches the wrapper (after clean_text): no control or format characters.
printable = st.text(alphabet=st.sampled_from(CJK + PUNCT + ASCII + "   é"), max_size=120)


def test_paper_widths() -> None:
    assert (paper_columns(58), paper_dots(58)) == (32, 384)
    assert (paper_columns(80), paper_dots(80)) == (48, 576)
    with pytest.raises(ValueError, match="不支持的纸宽：60 mm"):
        paper_columns(60)


def test_display_width_counts_every_kanji_cell_as_two() -> None:
    assert display_width("A023") == 4
    assert display_width("社银通") == 6
    assert display_width("，。：￥") == 8  # W/F
    # East Asian "ambiguous", but a 24-dot Kanji cell in Chinese mode on paper:
    assert display_width("“”·—é") == 10
    assert display_width("𠮷䶮") == 4


def test_wrap_examples() -> None:
    assert wrap("", 32) == [""]
    assert wrap("第一行\n\n第三行", 32) == ["第一行", "", "第三行"]
    assert wrap("社银通打印测试", 6) == ["社银通", "打印测", "试"]
    assert wrap("English words wrap at spaces", 12) == ["English", "words wrap", "at spaces"]
    assert wrap("ABCDEFGHIJ", 4) == ["ABCD", "EFGH", "IJ"]
    # A CJK character never straddles the edge: width 5 holds two, not two and a half.
    assert wrap("养老保险", 5) == ["养老", "保险"]


def test_wrap_keeps_punctuation_off_line_starts_and_brackets_off_line_ends() -> None:
    assert wrap("参保登记。", 8) == ["参保登", "记。"]
    assert wrap("办理（社保卡）", 6) == ["办理", "（社保", "卡）"]
    with pytest.raises(ValueError):
        wrap("x", 1)


@given(printable, st.integers(min_value=2, max_value=48))
def test_wrap_never_exceeds_width_and_keeps_the_text(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    joined = "".join(lines)
    assert joined.replace(" ", "") == text.replace(" ", "")
    if " " not in text:
        assert joined == text


@given(printable, printable, st.sampled_from([32, 48]))
def test_columns_fit_and_right_align(left: str, right: str, width: int) -> None:
    right = right.strip()
    lines = columns(left, right, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == (left + right).replace(" ", "")
    if right and display_width(right) <= width:
        assert lines[-1].endswith(right)
        assert display_width(lines[-1]) == width  # flush with the right edge


def test_columns_examples() -> None:
    assert columns("金额", "￥12.50", 32) == ["金额" + " " * 21 + "￥12.50"]
    long = columns("办理事项", "城乡居民基本养老保险参保登记", 32)
    assert long == ["办理事项", "    城乡居民基本养老保险参保登记"]
    assert columns("", "A023", 8) == ["    A023"]


def test_clean_text_defuses_control_bytes() -> None:
    assert clean_text("A\x1b@B") == "A□@B"  # no command injection via slip text
    assert clean_text("a\tb\r\nc") == "a b\nc"
    assert clean_text("x\ud800y") == "x□y"  # a lone surrogate cannot be printed
    assert clean_text("零\u200b宽\ufeff") == "零宽"


def test_block_validation() -> None:
    with pytest.raises(ValueError):
        Feed(0)
    with pytest.raises(ValueError):
        QrCode("")
    with pytest.raises(ValueError):
        QrCode("x", size=17)
    with pytest.raises(ValueError):
        Rule(" ")
    with pytest.raises(ValueError):
        Text("x", align="middle")  # type: ignore[arg-type]


def test_slip_freezes_its_blocks() -> None:
    blocks = [Text("a")]
    slip = Slip(blocks)
    blocks.append(Text("b"))
    assert slip.blocks == (Text("a"),)


def test_training_banner_at_top_and_above_the_cut() -> None:
    slip = Slip([Heading("取号"), BigNumber("A001"), Feed(2), Cut()], training=True)
    blocks = slip.printed_blocks()
    banners = [i for i, b in enumerate(blocks) if isinstance(b, Text) and b.text == TRAINING_BANNER]
    assert banners == [1, 6]
    assert blocks[-2:] == (Feed(2), Cut())
    assert Slip([Heading("取号")]).printed_blocks() == (Heading("取号"),)


def test_status_ready_and_error_message() -> None:
    assert PrinterStatus(online=True).ready
    assert not PrinterStatus(online=True, paper_out=True).ready
    assert PrinterStatus.unknown("无法读取").ready  # unknown: try anyway
    assert PrintError("打印机缺纸").message == "打印机缺纸"


def test_print_test_slip_has_everything() -> None:
    slip = print_test_slip(training=False)
    kinds = {type(b) for b in slip.blocks}
    assert {Heading, Text, Columns, BigNumber, Rule, QrCode, Feed, Cut} <= kinds
    text = " ".join(str(b) for b in slip.blocks)
    for ch in "“”，。：；！？（）【】、￥𠮷䶮":
        assert ch in text
    assert print_test_slip(training=True).training


def test_core_module_imports_no_drivers_or_qt() -> None:
    code = (
        "import sys, counter.printing;"
        "bad = [m for m in sys.modules if m.split('.')[0] in"
        " ('drivers', 'ui', 'PySide6', 'escpos', 'PIL', 'qrcode')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
