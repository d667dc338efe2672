"""A small, independent ESC/POS decoder for the printer tests.

Shares nothing with `drivers/printer/escpos_decode.py` on purpose: it is a second reading
of the bytes, written from the command reference, so a bug in the production decoder
(which the preview uses) cannot hide the same bug in the renderer.

It is strict: a byte it does not expect fails the test. Unlike a printer it does not wrap
long lines; it measures them, so tests can assert nothing overflows the roll.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Undecodable(AssertionError):
    pass


@dataclass
class Run:
    text: str
    bold: bool
    width: int
    height: int
    chinese: bool  # sent inside FS & ... FS .


@dataclass
class Line:
    align: str
    runs: list[Run] = field(default_factory=list)
    kanji_double: tuple[bool, bool] = (False, False)  # FS ! width/height bits at print time

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def columns(self) -> int:
        """Font-A columns: single-byte characters 1, GB18030 multi-byte 2, times width."""
        total = 0
        for run in self.runs:
            for ch in run.text:
                total += (1 if ord(ch) < 0x80 else 2) * run.width
        return total

    def styles(self) -> set[tuple[bool, int, int]]:
        return {(r.bold, r.width, r.height) for r in self.runs if r.text.strip()}


@dataclass
class Qr:
    data: bytes
    model: int
    module_size: int
    ec: str
    align: str


@dataclass
class Cut:
    feed_before: int  # ESC d n immediately before GS V
    mode: int


@dataclass
class Decoded:
    events: list[object] = field(default_factory=list)
    status_queries: list[int] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [e for e in self.events if isinstance(e, Line)]

    @property
    def text_lines(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def qrs(self) -> list[Qr]:
        return [e for e in self.events if isinstance(e, Qr)]

    @property
    def cuts(self) -> list[Cut]:
        return [e for e in self.events if isinstance(e, Cut)]


def decode(data: bytes) -> Decoded:  # noqa: PLR0912, PLR0915 - a flat command switch
    out = Decoded()
    i = 0
    align, bold, width, height = "left", False, 1, 1
    kanji_w = kanji_h = False
    chinese = False
    qr: dict[str, object] = {"model": 2, "size": 3, "ec": "L", "data": None}
    current: Line | None = None
    last_feed = 0

    def need(n: int) -> bytes:
        if i + n > len(data):
            raise Undecodable(f"truncated command at byte {i}")
        return data[i : i + n]

    def add(text: str) -> None:
        nonlocal current
        if current is None:
            current = Line(align)
        style = (bold, width, height, chinese)
        last = current.runs[-1] if current.runs else None
        if last and (last.bold, last.width, last.height, last.chinese) == style:
            last.text += text
        else:
            current.runs.append(Run(text, bold, width, height, chinese))

    def newline() -> None:
        nonlocal current
        line = current if current is not None else Line(align)
        line.kanji_double = (kanji_w, kanji_h)
        out.events.append(line)
        current = None

    while i < len(data):
        b = data[i]
        feed = 0
        if b == 0x0A:
            newline()
            i += 1
        elif b == 0x1B:
            cmd = need(2)[1]
            if cmd == 0x40:  # ESC @
                align, bold, width, height, chinese = "left", False, 1, 1, False
                kanji_w = kanji_h = False
                out.events.append("init")
                i += 2
                continue
            arg = need(3)[2]
            if cmd == 0x61:  # ESC a
                assert current is None, "ESC a in the middle of a line"
                align = {0: "left", 1: "center", 2: "right"}[arg]
            elif cmd == 0x45:  # ESC E
                bold = arg == 1
            elif cmd == 0x64:  # ESC d
                for _ in range(arg):
                    newline()
                feed = arg
            else:
                raise Undecodable(f"unexpected ESC {cmd:#x} at {i}")
            i += 3
        elif b == 0x1D:
            cmd = need(2)[1]
            if cmd == 0x21:  # GS ! n
                n = need(3)[2]
                width, height = (n >> 4) + 1, (n & 15) + 1
                i += 3
            elif cmd == 0x56:  # GS V m
                m = need(3)[2]
                assert current is None, "cut with text in the line buffer"
                out.events.append(Cut(feed_before=last_feed, mode=m))
                i += 3
            elif cmd == 0x28 and need(3)[2] == 0x6B:  # GS ( k pL pH cn fn ...
                p_l, p_h = need(5)[3], need(5)[4]
                size = p_l + 256 * p_h
                body = need(5 + size)[5:]
                cn, fn, rest = body[0], body[1], body[2:]
                assert cn == 0x31, f"2D code type {cn:#x} is not QR"
                if fn == 0x41:
                    qr["model"] = rest[0] - 0x30
                elif fn == 0x43:
                    qr["size"] = rest[0]
                elif fn == 0x45:
                    qr["ec"] = "LMQH"[rest[0] - 0x30]
                elif fn == 0x50:
                    assert rest[:1] == b"0"
                    qr["data"] = bytes(rest[1:])
                elif fn == 0x51:
                    assert current is None, "QR printed with text in the line buffer"
                    assert isinstance(qr["data"], bytes), "QR printed before data stored"
                    out.events.append(
                        Qr(
                            qr["data"],
                            int(str(qr["model"])),
                            int(str(qr["size"])),
                            str(qr["ec"]),
                            align,
                        )
                    )
                else:
                    raise Undecodable(f"GS ( k fn {fn:#x}")
                i += 5 + size
            else:
                raise Undecodable(f"unexpected GS {cmd:#x} at {i}")
        elif b == 0x1C:
            cmd = need(2)[1]
            if cmd == 0x26:  # FS &
                chinese = True
                i += 2
            elif cmd == 0x2E:  # FS .
                chinese = False
                i += 2
            elif cmd == 0x21:  # FS ! n
                n = need(3)[2]
                kanji_w, kanji_h = bool(n & 4), bool(n & 8)
                i += 3
            else:
                raise Undecodable(f"unexpected FS {cmd:#x} at {i}")
        elif b == 0x10:  # DLE EOT n (real-time status request)
            head = need(3)
            assert head[1] == 0x04, "DLE not followed by EOT"
            out.status_queries.append(head[2])
            i += 3
        elif 0x20 <= b < 0x7F:
            add(chr(b))
            i += 1
        elif b >= 0x81 and chinese:
            length = 4 if 0x30 <= need(2)[1] <= 0x39 else 2
            add(need(length).decode("gb18030"))
            i += length
        else:
            raise Undecodable(
                f"byte {b:#04x} at {i} "
                + ("in Chinese mode" if chinese else "outside Chinese mode")
            )
        last_feed = feed
    assert current is None, f"unprinted text left in the buffer: {current.text!r}"
    return out
