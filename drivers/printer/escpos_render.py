"""Slip -> ESC/POS bytes for 58/80 mm thermal roll printers with a GB18030 Chinese font.

We build the bytes ourselves instead of calling python-escpos's `text()`: that path
sends a chunk as GB18030 only when it holds a character in U+4E00–U+9FA5, never switches
the printer into Chinese mode, and turns every other chunk's CJK punctuation, ￥ and rare
characters into "?". Here every line with a non-ASCII character is sent as
`FS &` + GB18030 + `FS .`; ASCII lines go out as they are.

Each block sets its whole print state (alignment, bold, size) before its lines, so a
block never inherits a previous block's style and the decoder can check every line.
For Chinese lines the size is sent twice: `FS !` (Kanji double width/height, for
printers that ignore `GS !` for Kanji) first, then `GS !`, because when both are given
the printer uses the last one received and `GS !` also carries 3x/4x.
"""

from __future__ import annotations

import qrcode
import qrcode.constants
import qrcode.exceptions

from counter.printing import (
    Align,
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
    char_width,
    clean_text,
    columns,
    display_width,
    paper_columns,
    paper_dots,
    size_factors,
    wrap,
)

__all__ = [
    "CHINESE_OFF",
    "CHINESE_ON",
    "CUT",
    "INIT",
    "encode_gb18030",
    "qr_modules",
    "render_escpos",
]

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
LF = b"\n"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
CUT = ESC + b"d\x06" + GS + b"V\x00"  # what python-escpos's cut() sends
PARTIAL_CUT = ESC + b"d\x06" + GS + b"V\x01"

_ALIGN = {"left": 0, "center": 1, "right": 2}
_BOX = "□".encode("gb18030")
_BIG_NUMBER_MAX = 4  # 4 x 24 dots is about 12 mm tall: readable across the hall
_QR_QUIET = 8  # modules of white we want to keep beside the symbol (4 each side)


def encode_gb18030(text: str) -> bytes:
    """GB18030 bytes; a character that cannot be encoded becomes a visible □, never "?"."""
    try:
        return text.encode("gb18030")
    except UnicodeEncodeError:
        parts: list[bytes] = []
        for ch in text:
            try:
                parts.append(ch.encode("gb18030"))
            except UnicodeEncodeError:
                parts.append(_BOX)
        return b"".join(parts)


def _align(align: Align) -> bytes:
    return ESC + b"a" + bytes([_ALIGN[align]])


def _bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def _char_size(width: int, height: int) -> bytes:
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


def _kanji_size(width: int, height: int) -> bytes:
    return FS + b"!" + bytes([(0x04 if width >= 2 else 0) | (0x08 if height >= 2 else 0)])


def _line(text: str) -> bytes:
    if text.isascii():
        return text.encode("ascii") + LF
    return CHINESE_ON + encode_gb18030(text) + CHINESE_OFF + LF


def _lines(
    lines: list[str], *, align: Align, bold: bool = False, width: int = 1, height: int = 1
) -> bytes:
    out = bytearray(_align(align) + _bold(bold))
    if not all(line.isascii() for line in lines):
        out += _kanji_size(width, height)
    out += _char_size(width, height)
    for line in lines:
        out += _line(line)
    return bytes(out)


def _gs_k(fn: int, payload: bytes) -> bytes:
    """`GS ( k pL pH cn fn ...` for the QR code (cn = 49)."""
    length = len(payload) + 2
    return GS + b"(k" + bytes([length & 0xFF, length >> 8, 49, fn]) + payload


def qr_modules(data: bytes) -> list[list[bool]]:
    """The QR matrix (model 2, level M, byte mode) the printer will draw, without border."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data, optimize=0)
    try:
        code.make(fit=True)
    except (qrcode.exceptions.DataOverflowError, ValueError):  # "Invalid version (41)"
        raise ValueError(f"二维码内容过长（{len(data)} 字节），无法打印") from None
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def qr_module_count(data: bytes) -> int:
    """Modules per side of the symbol the printer will draw: only the version is needed.

    `best_fit` encodes the data once; building the matrix (`make`) would also try all
    eight masks, which costs ~5 ms of pure Python per slip for nothing we use here.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data, optimize=0)
    try:
        version: int = code.best_fit()
    except (qrcode.exceptions.DataOverflowError, ValueError):  # "Invalid version (41)"
        raise ValueError(f"二维码内容过长（{len(data)} 字节），无法打印") from None
    return 17 + 4 * version


def _qr(block: QrCode, dots: int) -> bytes:
    data = block.data.encode("utf-8")
    count = qr_module_count(data)
    # Shrink the module size until the symbol and its quiet zone fit on the roll.
    size = block.size
    while size > 1 and (count + _QR_QUIET) * size > dots:
        size -= 1
    if count * size > dots:
        raise ValueError(f"二维码内容过长，{dots} 点宽的纸放不下")
    return b"".join(
        (
            _align("center"),
            _bold(False),
            _char_size(1, 1),
            LF,  # a blank line above: the quiet zone
            _gs_k(65, b"\x32\x00"),  # model 2
            _gs_k(67, bytes([size])),  # module size in dots
            _gs_k(69, b"\x31"),  # error correction M (48 + 1)
            _gs_k(80, b"\x30" + data),  # store
            _gs_k(81, b"\x30"),  # print
            LF,  # and below
        )
    )


def _block(block: Block, cols: int, dots: int) -> bytes:  # noqa: PLR0911 - one per block
    match block:
        case Heading(text=text, double=double):
            factor = 2 if double else 1
            lines = wrap(clean_text(text), cols // factor)
            return _lines(lines, align="center", bold=True, width=factor, height=factor)
        case Text(text=text, align=align, bold=bold, size=size):
            width, height = size_factors(size)
            lines = wrap(clean_text(text), cols // width)
            return _lines(lines, align=align, bold=bold, width=width, height=height)
        case Columns(left=left, right=right, bold=bold):
            lines = columns(clean_text(left), clean_text(right).replace("\n", " "), cols)
            return _lines(lines, align="left", bold=bold)
        case BigNumber(text=text):
            number = clean_text(text).replace("\n", " ")
            factor = max(1, min(_BIG_NUMBER_MAX, cols // max(1, display_width(number))))
            lines = wrap(number, cols // factor)
            return _lines(lines, align="center", bold=True, width=factor, height=factor)
        case Rule(char=char):
            return _lines([char * (cols // char_width(char))], align="left")
        case QrCode():
            return _qr(block, dots)
        case Feed(lines=count):
            return ESC + b"d" + bytes([count])
        case Cut(partial=partial):
            return PARTIAL_CUT if partial else CUT
    raise TypeError(f"unknown slip block: {block!r}")  # pragma: no cover


def render_escpos(slip: Slip, paper_mm: int) -> bytes:
    """The whole job for a `paper_mm` (58 or 80) roll, starting with `ESC @`.

    Raises ValueError for an unsupported paper width or a QR payload too long to print.
    """
    cols = paper_columns(paper_mm)
    dots = paper_dots(paper_mm)
    out = bytearray(INIT)
    for block in slip.printed_blocks():
        out += _block(block, cols, dots)
    return bytes(out)
