"""ESC/POS bytes -> what the paper shows: printed lines of styled glyphs, QR codes, cuts.

The training preview is drawn from this, so the preview proves the bytes a real printer
would get (a missing `FS &` shows up as mojibake, an over-long line wraps where the
printer would wrap it). It understands the subset `escpos_render` sends, plus the few
neighbours a printer treats the same way, and rejects anything else loudly.

Printer behaviour modelled (Epson TM / Chinese-market clones):

* LF prints the line buffer (an empty buffer feeds a blank line); `ESC d n` is n LFs.
* `ESC a` works only at the start of a line; a glyph that does not fit on the line makes
  the printer print the line and continue on the next one.
* Outside Chinese mode every byte is one 12-dot character from code page 437; inside
  (`FS &` … `FS .`) bytes 0x81–0xFE start a GB18030 character drawn in a 24-dot Kanji
  cell. `GS !` sizes all characters, `FS !` only Kanji; for Kanji the last one wins.
* Data still in the line buffer at the end of the job is not printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counter.printing import Align

__all__ = [
    "EscposDecodeError",
    "Glyph",
    "PaperCut",
    "Printed",
    "PrintedLine",
    "PrintedQr",
    "decode_escpos",
]

ANK_DOTS = 12  # font A character width
KANJI_DOTS = 24
CHAR_HEIGHT = 24

_ALIGNS: dict[int, Align] = {0: "left", 1: "center", 2: "right"}
_EC_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}


class EscposDecodeError(ValueError):
    """The bytes hold something this decoder (and our renderer) does not speak."""


@dataclass(frozen=True)
class Glyph:
    char: str
    kanji: bool  # a 24-dot cell (multi-byte GB18030 in Chinese mode)
    bold: bool
    width: int  # magnification
    height: int

    @property
    def dots(self) -> int:
        return (KANJI_DOTS if self.kanji else ANK_DOTS) * self.width


@dataclass(frozen=True)
class PrintedLine:
    glyphs: tuple[Glyph, ...]
    align: Align

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def dots(self) -> int:
        return sum(g.dots for g in self.glyphs)

    @property
    def height(self) -> int:
        """Height magnification of the tallest glyph (1 for a blank line)."""
        return max((g.height for g in self.glyphs), default=1)


@dataclass(frozen=True)
class PrintedQr:
    data: bytes
    module_size: int
    error_level: str
    align: Align


@dataclass(frozen=True)
class PaperCut:
    partial: bool


Printed = PrintedLine | PrintedQr | PaperCut


@dataclass
class _State:
    align: Align = "left"
    bold: bool = False
    ank_size: tuple[int, int] = (1, 1)
    kanji_size: tuple[int, int] = (1, 1)
    chinese: bool = False
    qr_size: int = 3
    qr_level: str = "L"
    qr_data: bytes | None = None
    line: list[Glyph] = field(default_factory=list)
    line_align: Align = "left"


class _Decoder:
    def __init__(self, data: bytes, paper_dots: int) -> None:
        self.data = data
        self.pos = 0
        self.paper_dots = paper_dots
        self.state = _State()
        self.out: list[Printed] = []

    # -- helpers --
    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise EscposDecodeError(f"命令在第 {self.pos} 字节处被截断")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def fail(self, what: str) -> EscposDecodeError:
        return EscposDecodeError(f"第 {self.pos} 字节处无法识别的命令：{what}")

    def print_line(self) -> None:
        s = self.state
        self.out.append(PrintedLine(tuple(s.line), s.line_align if s.line else s.align))
        s.line = []

    def add_glyph(self, char: str, kanji: bool) -> None:
        s = self.state
        width, height = s.kanji_size if kanji else s.ank_size
        glyph = Glyph(char, kanji, s.bold, width, height)
        used = sum(g.dots for g in s.line)
        if s.line and used + glyph.dots > self.paper_dots:
            self.print_line()  # the printer wraps on its own
        if not s.line:
            s.line_align = s.align
        s.line.append(glyph)

    # -- main loop --
    def run(self) -> list[Printed]:
        while self.pos < len(self.data):
            b = self.byte()
            if b == 0x0A:
                self.print_line()
            elif b == 0x0D:
                continue
            elif b == 0x1B:
                self.esc()
            elif b == 0x1D:
                self.gs()
            elif b == 0x1C:
                self.fs()
            elif b == 0x10:
                self.dle()
            elif b < 0x20 or b == 0x7F:
                raise self.fail(f"控制字节 0x{b:02X}")
            elif b < 0x80:
                self.add_glyph(chr(b), kanji=False)
            elif self.state.chinese:
                self.gb18030(b)
            else:
                self.add_glyph(bytes([b]).decode("cp437"), kanji=False)
        return self.out

    def gb18030(self, first: int) -> None:
        if not 0x81 <= first <= 0xFE:
            raise self.fail(f"GB18030 非法首字节 0x{first:02X}")
        second = self.byte()
        raw = bytes([first, second])
        if 0x30 <= second <= 0x39:
            raw += self.take(2)
        try:
            char = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise self.fail(f"GB18030 非法字节序列 {raw.hex(' ')}") from None
        self.add_glyph(char, kanji=True)

    def esc(self) -> None:
        s = self.state
        cmd = self.byte()
        if cmd == ord("@"):
            self.state = _State()
        elif cmd == ord("a"):
            n = self.byte()
            if n % 48 not in _ALIGNS:
                raise self.fail(f"ESC a {n}")
            if not s.line:  # only at the start of a line
                s.align = _ALIGNS[n % 48]
        elif cmd == ord("E"):
            s.bold = bool(self.byte() & 1)
        elif cmd == ord("d"):
            for _ in range(self.byte()):
                self.print_line()
        else:
            raise self.fail(f"ESC 0x{cmd:02X}")

    def gs(self) -> None:
        s = self.state
        cmd = self.byte()
        if cmd == ord("!"):
            n = self.byte()
            size = ((n >> 4) + 1, (n & 0x0F) + 1)
            if size[0] > 8 or size[1] > 8:
                raise self.fail(f"GS ! 0x{n:02X}")
            s.ank_size = s.kanji_size = size
        elif cmd == ord("V"):
            m = self.byte()
            if m in (65, 66):
                for _ in range(self.byte()):
                    self.print_line()
            elif m not in (0, 1, 48, 49):
                raise self.fail(f"GS V {m}")
            if s.line:
                self.print_line()
            self.out.append(PaperCut(partial=m in (1, 49, 66)))
        elif cmd == ord("("):
            if self.byte() != ord("k"):
                raise self.fail("GS ( 非 k 的函数")
            self.qr()
        else:
            raise self.fail(f"GS 0x{cmd:02X}")

    def qr(self) -> None:
        lo, hi = self.take(2)
        body = self.take(lo | hi << 8)
        if len(body) < 2 or body[0] != 49:
            raise self.fail("GS ( k 非 QR 码（cn≠49）")
        fn, args = body[1], body[2:]
        if fn == 81:
            self.qr_print()
        else:
            self.qr_setting(fn, args)

    def qr_print(self) -> None:
        s = self.state
        if s.qr_data is None:
            raise self.fail("打印 QR 前没有存储数据")
        if s.line:
            self.print_line()
        self.out.append(PrintedQr(s.qr_data, s.qr_size, s.qr_level, s.align))

    def qr_setting(self, fn: int, args: bytes) -> None:
        s = self.state
        if fn == 65:  # model: only model 2 is drawn
            if args[:1] != b"\x32":
                raise self.fail(f"QR 型号 {args!r}")
        elif fn == 67:
            if len(args) != 1 or not 1 <= args[0] <= 16:
                raise self.fail(f"QR 模块大小 {args!r}")
            s.qr_size = args[0]
        elif fn == 69:
            if len(args) != 1 or args[0] not in _EC_LEVELS:
                raise self.fail(f"QR 纠错等级 {args!r}")
            s.qr_level = _EC_LEVELS[args[0]]
        elif fn == 80:
            if args[:1] != b"\x30":
                raise self.fail("QR 存储命令 m≠48")
            s.qr_data = bytes(args[1:])
        else:
            raise self.fail(f"GS ( k 函数 {fn}")

    def fs(self) -> None:
        s = self.state
        cmd = self.byte()
        if cmd == ord("&"):
            s.chinese = True
        elif cmd == ord("."):
            s.chinese = False
        elif cmd == ord("!"):
            n = self.byte()
            s.kanji_size = (2 if n & 0x04 else 1, 2 if n & 0x08 else 1)
        else:
            raise self.fail(f"FS 0x{cmd:02X}")

    def dle(self) -> None:
        # DLE EOT n: a real-time status request; it prints nothing.
        if self.byte() != 0x04 or not 1 <= self.byte() <= 4:
            raise self.fail("DLE 非 EOT 状态查询")


def decode_escpos(data: bytes, paper_dots: int) -> list[Printed]:
    """What a `paper_dots`-wide printer puts on paper for `data`, top to bottom."""
    return _Decoder(data, paper_dots).run()
