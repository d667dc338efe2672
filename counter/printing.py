"""Receipt slips, device-independent: the slip model, paper widths, and the printer port.

A `Slip` is a list of blocks (heading, text, columns, big ticket number, rule, QR code,
feed, cut). It says *what* to print, not how wide the paper is: the driver lays it out
for 58 mm (32 columns, 384 dots) or 80 mm (48 columns, 576 dots) in font A, so the same
slip prints on either roll. `drivers/printer/` implements `Printer` (ESC/POS devices and
the training preview); this module imports neither Qt nor drivers.

Notes on choices made here:

* Width is counted in font-A columns (12 dots). East Asian wide/full-width characters
  (W/F) take two. So does *every other non-ASCII character*: the driver prints any
  non-ASCII line in Chinese mode as GB18030, and the printer draws each multi-byte
  character in a 24-dot Kanji cell. Counting “”, ·, —, é or Greek as 1 (their East Asian
  width is "ambiguous" or "narrow") would overflow the line and make the printer wrap it
  on its own.
* `clean_text` runs before layout: tabs become a space, CR is dropped, other control
  characters and lone surrogates become a visible □ (so slip text can never inject
  printer commands), invisible format characters (zero-width space, BOM, soft hyphen)
  are dropped because a printer would draw them as a blank cell.
* Wrapping breaks anywhere between CJK characters, at spaces between Latin words (the
  space at the break is dropped), and hard-splits a word only when it is longer than the
  line. Closing punctuation (，。、）” …) never starts a line and opening punctuation
  (（【“ …) never ends one, when a character can move down to avoid it (避头尾).
* A training slip carries "培训模式 TRAINING 非正式凭证" at the top and at the bottom
  (above the final feed/cut), so a practice ticket can never pass for a real one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

__all__ = [
    "PAPER_COLUMNS",
    "PAPER_DOTS",
    "TRAINING_BANNER",
    "Align",
    "BigNumber",
    "Block",
    "Columns",
    "Cut",
    "Feed",
    "Heading",
    "PrintError",
    "Printer",
    "PrinterStatus",
    "QrCode",
    "Rule",
    "Size",
    "Slip",
    "Text",
    "char_width",
    "clean_text",
    "columns",
    "display_width",
    "paper_columns",
    "paper_dots",
    "print_test_slip",
    "size_factors",
    "wrap",
]

# Font A: 12 x 24 dots for ASCII, 24 x 24 for Kanji; the printable width of the roll.
PAPER_COLUMNS: dict[int, int] = {58: 32, 80: 48}
PAPER_DOTS: dict[int, int] = {58: 384, 80: 576}

TRAINING_BANNER = "培训模式 TRAINING 非正式凭证"

Align = Literal["left", "center", "right"]
Size = Literal["normal", "tall", "wide", "double"]

_SIZE_FACTORS: dict[str, tuple[int, int]] = {
    "normal": (1, 1),
    "tall": (1, 2),
    "wide": (2, 1),
    "double": (2, 2),
}

# Characters that must not begin / end a line (避头尾); the wrapper moves one unit down.
_NO_LINE_START = frozenset("，。、：；！？）】》」』〕〉”’…—,.:;!?)]}%")
_NO_LINE_END = frozenset("（【《「『〔〈“‘([{")


def paper_columns(paper_mm: int) -> int:
    """Font-A columns across the roll (58 mm -> 32, 80 mm -> 48)."""
    try:
        return PAPER_COLUMNS[paper_mm]
    except KeyError:
        raise ValueError(f"不支持的纸宽：{paper_mm} mm（只支持 58 或 80）") from None


def paper_dots(paper_mm: int) -> int:
    """Printable dots across the roll at 203 dpi (58 mm -> 384, 80 mm -> 576)."""
    paper_columns(paper_mm)  # same validation and message
    return PAPER_DOTS[paper_mm]


def size_factors(size: Size) -> tuple[int, int]:
    """(width, height) magnification for a text size."""
    return _SIZE_FACTORS[size]


# --- text measuring and wrapping -------------------------------------------------------


def char_width(ch: str) -> int:
    """Columns one character takes on paper: 1 for ASCII, 2 for anything else.

    East Asian W/F characters are double width by definition; the other non-ASCII
    characters are too, because the driver prints them in Chinese mode where every
    multi-byte GB18030 character fills a Kanji cell (see the module notes).
    """
    # Not just unicodedata.east_asian_width() in "WF": “”·—é are "A"/"N" there yet
    # fill a 24-dot Kanji cell on paper, exactly like 汉字 and ，。.
    return 1 if ch < "\x80" else 2


def display_width(text: str) -> int:
    """Columns `text` takes on paper (CJK and other non-ASCII characters count 2)."""
    return sum(char_width(ch) for ch in text)


def clean_text(text: str) -> str:
    """Make text safe to print: no control bytes, no lone surrogates, no invisible marks.

    Keeps newlines (they are line breaks for `wrap`).
    """
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif ch == "\r":
            continue
        else:
            category = unicodedata.category(ch)
            if category in ("Cc", "Cs"):
                out.append("□")  # visible, and never a printer command
            elif category == "Cf":
                continue  # zero-width/format marks would print as a blank cell
            else:
                out.append(ch)
    return "".join(out)


def _tokens(paragraph: str) -> list[str]:
    """Split into wrap units: runs of ASCII non-space, single spaces, single others."""
    tokens: list[str] = []
    word: list[str] = []
    for ch in paragraph:
        if "!" <= ch <= "~":
            word.append(ch)
            continue
        if word:
            tokens.append("".join(word))
            word = []
        tokens.append(ch)
    if word:
        tokens.append("".join(word))
    return tokens


def _wrap_paragraph(paragraph: str, width: int) -> list[str]:
    lines: list[list[str]] = [[]]
    used = 0
    after_soft_break = False
    for token in _tokens(paragraph):
        if token == " " and after_soft_break:
            continue  # the rest of a run of spaces at a break
        after_soft_break = False
        token_width = display_width(token)
        if used + token_width <= width:
            lines[-1].append(token)
            used += token_width
            continue
        if token == " ":
            # A soft break: the space is dropped, the next line starts with the next word.
            lines.append([])
            used = 0
            after_soft_break = True
            continue
        if token_width > width:
            # A word longer than the line: fill the current line, then hard-split.
            for ch in token:
                w = char_width(ch)
                if used + w > width:
                    lines.append([])
                    used = 0
                lines[-1].append(ch)
                used += w
            continue
        carried: list[str] = []
        current = lines[-1]
        if (
            len(current) > 1
            and current[-1] != " "
            and (token in _NO_LINE_START or current[-1] in _NO_LINE_END)
        ):
            # 避头尾: closing punctuation never starts a line, opening never ends one;
            # the last unit of this line moves down instead.
            if display_width(current[-1]) + token_width <= width:
                carried = [current.pop()]
        lines.append([*carried, token])
        used = display_width("".join(lines[-1]))
    result = ["".join(units) for units in lines]
    # Trailing spaces at a soft break would push right-aligned text off its edge.
    return [line.rstrip(" ") if i < len(result) - 1 else line for i, line in enumerate(result)]


def wrap(text: str, width: int) -> list[str]:
    """Break `text` into lines of at most `width` columns; never splits a character.

    Newlines in `text` start new lines; an empty text gives one empty line.
    """
    if width < 2:
        raise ValueError(f"行宽至少为 2 列（一个汉字），收到 {width}")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width))
    return lines


def columns(left: str, right: str, width: int) -> list[str]:
    """Lay out `left` and a right-aligned `right` in `width` columns.

    Both on one line when they fit with at least one space between them; otherwise the
    left text wraps and the right value ends the last line, or sits right-aligned on a
    line of its own.
    """
    right_width = display_width(right)
    left_lines = wrap(left, width)
    last = left_lines[-1]
    gap = width - display_width(last) - right_width
    if right_width == 0:
        return left_lines
    if gap >= 1 or (not last and gap >= 0):
        return [*left_lines[:-1], last + " " * gap + right]
    right_lines = [" " * (width - display_width(r)) + r for r in wrap(right, width)]
    if not last:
        left_lines = left_lines[:-1]
    return [*left_lines, *right_lines]


# --- the slip model ----------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A centred, bold title; double width and height unless `double` is False."""

    text: str
    double: bool = True


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = "left"
    bold: bool = False
    size: Size = "normal"

    def __post_init__(self) -> None:
        if self.align not in ("left", "center", "right"):
            raise ValueError(f"对齐方式无效：{self.align!r}")
        if self.size not in _SIZE_FACTORS:
            raise ValueError(f"字号无效：{self.size!r}")


@dataclass(frozen=True)
class Columns:
    """A label on the left and a value right-aligned on the same line (e.g. 金额 ￥12.50)."""

    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True)
class BigNumber:
    """The ticket number: centred, bold, as large as the roll allows (up to 4x)."""

    text: str


@dataclass(frozen=True)
class Rule:
    """A line across the paper drawn with `char` (ASCII or a double-width character)."""

    char: str = "-"

    def __post_init__(self) -> None:
        if len(self.char) != 1 or clean_text(self.char) != self.char or self.char.isspace():
            raise ValueError(f"分隔线字符无效：{self.char!r}")


@dataclass(frozen=True)
class QrCode:
    """A QR code (model 2, error level M); `size` is the module size in dots (1-16).

    The driver shrinks the module size if the symbol would not fit the roll.
    """

    data: str
    size: int = 6

    def __post_init__(self) -> None:
        if not self.data:
            raise ValueError("二维码内容不能为空")
        if not 1 <= self.size <= 16:
            raise ValueError(f"二维码模块大小须在 1–16 之间，收到 {self.size}")


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.lines <= 255:
            raise ValueError(f"走纸行数须在 1–255 之间，收到 {self.lines}")


@dataclass(frozen=True)
class Cut:
    """Feed the last line past the cutter and cut (full cut unless `partial`)."""

    partial: bool = False


Block = Heading | Text | Columns | BigNumber | Rule | QrCode | Feed | Cut


@dataclass(frozen=True)
class Slip:
    blocks: Sequence[Block] = field(default_factory=tuple)
    training: bool = False

    def __post_init__(self) -> None:
        # Freeze the sequence so a slip can be handed to a worker thread safely.
        object.__setattr__(self, "blocks", tuple(self.blocks))

    def printed_blocks(self) -> tuple[Block, ...]:
        """The blocks as they go on paper: with the training banners when `training`."""
        blocks = tuple(self.blocks)
        if not self.training:
            return blocks
        banner: tuple[Block, ...] = (
            Rule("*"),
            Text(TRAINING_BANNER, align="center", bold=True, size="tall"),
            Rule("*"),
        )
        # The bottom banner goes above the trailing feeds/cut, so it is on this slip.
        end = len(blocks)
        while end > 0 and isinstance(blocks[end - 1], Feed | Cut):
            end -= 1
        return (*banner, *blocks[:end], *banner, *blocks[end:])


# --- the printer port ------------------------------------------------------------------


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer reported. When `known` is False the flags say nothing.

    `detail` is a Chinese sentence for the clerk or `counter doctor`.
    """

    online: bool
    paper_out: bool = False
    cover_open: bool = False
    paper_near_end: bool = False
    detail: str = ""
    known: bool = True

    @property
    def ready(self) -> bool:
        """Worth sending a job: known to be fine, or unknown (we can only try)."""
        if not self.known:
            return True
        return self.online and not self.paper_out and not self.cover_open

    @classmethod
    def unknown(cls, detail: str) -> PrinterStatus:
        return cls(online=False, detail=detail, known=False)


class PrintError(Exception):
    """A print did not happen (or may not have completed). `message` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Printer(Protocol):
    async def print_slip(self, slip: Slip) -> None:
        """Print `slip`; raise `PrintError` when it cannot be printed."""
        ...

    async def status(self) -> PrinterStatus:
        """Ask the printer how it is; never raises for an unreachable printer."""
        ...


# --- the test slip (counter print-test) ------------------------------------------------


def print_test_slip(training: bool) -> Slip:
    """A slip that exercises everything a receipt needs: CJK punctuation, ￥, rare
    characters, alignment, bold, sizes, columns, wrapping, the big number, QR and cut.
    """
    return Slip(
        blocks=(
            Heading("社银通 打印测试"),
            Text("PRINT TEST  ESC/POS GB18030", align="center"),
            Rule(),
            Text("标点：“引号”，逗号。冒号：分号；叹号！问号？（括号）【方括号】顿号、"),
            Columns("金额 Amount", "￥12.50"),
            Columns("生僻字 Rare", "𠮷 䶮"),
            Columns("办理事项", "城乡居民基本养老保险参保登记"),
            Rule(),
            Text("左对齐 Left", align="left"),
            Text("居中 Center", align="center"),
            Text("右对齐 Right", align="right"),
            Text("加粗 Bold", bold=True),
            Text("倍高 Tall", size="tall"),
            Text("倍宽 Wide", size="wide"),
            Rule("="),
            Text("请取号 Your number", align="center"),
            BigNumber("A023"),
            Text(
                "长行折行测试：这一行文字较长，用来检查按显示宽度自动折行，中文每字占两列，"
                "English words wrap at spaces, 数字0123456789不会被截断。",
            ),
            Rule(),
            QrCode("社银通打印测试 PRINT-TEST 0123456789"),
            Text("扫码应显示：社银通打印测试 PRINT-TEST 0123456789", align="center"),
            Feed(1),
            Cut(),
        ),
        training=training,
    )
