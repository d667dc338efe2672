"""Training-mode printer: slips become PNG pictures of the paper (and the raw .bin job).

The picture is drawn from the ESC/POS bytes, decoded the way a printer reads them
(`escpos_decode`), not from the slip model: what the preview shows is what those bytes
would put on paper — same wrapping, sizes, QR code and cut — and a bug in the bytes shows
up in the picture. One pixel is one printer dot (203 dpi): 384 px wide for 58 mm rolls,
576 px for 80 mm.

Glyphs are drawn into font A cells (12 x 24 dots for ASCII, 24 x 24 for Kanji) and scaled
by whole factors like the printer does. A character no installed font has (e.g. 𠮷 on
most systems) is drawn as a box, as many printers do.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from counter.fonts import cjk_font_candidates, find_cjk_font, find_mono_font
from counter.printing import PrintError, PrinterStatus, Slip, paper_columns, paper_dots
from drivers.printer.escpos_decode import (
    ANK_DOTS,
    CHAR_HEIGHT,
    KANJI_DOTS,
    Glyph,
    PaperCut,
    Printed,
    PrintedLine,
    PrintedQr,
    decode_escpos,
)
from drivers.printer.escpos_render import qr_modules, render_escpos

__all__ = [
    "PreviewPrinter",
    "cjk_font_candidates",
    "find_cjk_font",
    "find_mono_font",
    "render_preview",
]

log = logging.getLogger("counter.printer")

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont

LINE_GAP = 6  # dots between lines: 24-dot characters on the default ~30-dot spacing
TOP_MARGIN = 12
BOTTOM_MARGIN = 12
_MISSING = "\u0378"  # an unassigned code point: every font draws its "no glyph" box


def _load(path: Path | None, size: int) -> FontType:
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)


def _draw_text(font: FontType, ch: str, cell: tuple[int, int], baseline: int) -> Image.Image:
    image = Image.new("L", cell, 0)
    draw = ImageDraw.Draw(image)
    advance = draw.textlength(ch, font=font)
    draw.text(((cell[0] - advance) / 2, baseline), ch, fill=255, font=font, anchor="ls")
    return image


class _Glyphs:
    """Font-A cells for characters, drawn once and cached (used under `_glyph_lock`)."""

    def __init__(self) -> None:
        cjk_paths: Iterable[Path | None] = cjk_font_candidates() or [None]
        self.cjk = [_load(path, 22) for path in cjk_paths]
        self.mono = _load(find_mono_font(), 20)
        self.cache: dict[tuple[str, bool, bool], Image.Image] = {}

    def _has_glyph(self, font: FontType, ch: str) -> bool:
        cell = (KANJI_DOTS, CHAR_HEIGHT)
        missing = _draw_text(font, _MISSING, cell, 20).tobytes()
        return _draw_text(font, ch, cell, 20).tobytes() != missing

    def cell(self, ch: str, kanji: bool, bold: bool) -> Image.Image:
        key = (ch, kanji, bold)
        image = self.cache.get(key)
        if image is not None:
            return image
        if kanji:
            size = (KANJI_DOTS, CHAR_HEIGHT)
            font = next((f for f in self.cjk if self._has_glyph(f, ch)), None)
            if font is None:
                image = Image.new("L", size, 0)
                ImageDraw.Draw(image).rectangle((4, 3, 19, 20), outline=255)
            else:
                image = _draw_text(font, ch, size, 20)
        else:
            image = _draw_text(self.mono, ch, (ANK_DOTS, CHAR_HEIGHT), 19)
        if bold:
            # Emphasis on a thermal head is double strike shifted by one dot.
            shifted = Image.new("L", image.size, 0)
            shifted.paste(image, (1, 0))
            image = ImageChops.lighter(image, shifted)
        self.cache[key] = image
        return image


_glyph_lock = threading.Lock()


@lru_cache(maxsize=1)
def _glyphs() -> _Glyphs:
    return _Glyphs()


def _x(align: str, width: int, paper: int) -> int:
    if align == "center":
        return max(0, (paper - width) // 2)
    if align == "right":
        return max(0, paper - width)
    return 0


def _line_height(line: PrintedLine) -> int:
    return CHAR_HEIGHT * line.height + LINE_GAP


def _item_height(item: Printed) -> int:
    if isinstance(item, PrintedLine):
        return _line_height(item)
    if isinstance(item, PrintedQr):
        return len(qr_modules(item.data)) * item.module_size
    return 16  # the cut mark


def _draw_glyph(canvas: Image.Image, glyphs: _Glyphs, glyph: Glyph, x: int, bottom: int) -> None:
    cell = glyphs.cell(glyph.char, glyph.kanji, glyph.bold)
    if glyph.width != 1 or glyph.height != 1:
        # The printer magnifies by repeating dots.
        cell = cell.resize(
            (cell.width * glyph.width, cell.height * glyph.height), Image.Resampling.NEAREST
        )
    canvas.paste(0, (x, bottom - cell.height), cell)


def render_preview(data: bytes, paper_mm: int) -> Image.Image:
    """A picture of the paper `data` (an ESC/POS job) prints on a `paper_mm` roll."""
    paper = paper_dots(paper_mm)
    items = decode_escpos(data, paper)
    height = TOP_MARGIN + sum(_item_height(item) for item in items) + BOTTOM_MARGIN
    canvas = Image.new("L", (paper, height), 255)
    draw = ImageDraw.Draw(canvas)
    y = TOP_MARGIN
    with _glyph_lock:
        glyphs = _glyphs()
        for item in items:
            if isinstance(item, PrintedLine):
                x = _x(item.align, item.dots, paper)
                # Characters of different heights share the baseline (bottom of the cell).
                bottom = y + CHAR_HEIGHT * item.height
                for glyph in item.glyphs:
                    _draw_glyph(canvas, glyphs, glyph, x, bottom)
                    x += glyph.dots
            elif isinstance(item, PrintedQr):
                modules = qr_modules(item.data)
                size = item.module_size
                x0 = _x(item.align, len(modules) * size, paper)
                for row, cells in enumerate(modules):
                    for col, dark in enumerate(cells):
                        if dark:
                            left, top = x0 + col * size, y + row * size
                            draw.rectangle((left, top, left + size - 1, top + size - 1), fill=0)
            elif isinstance(item, PaperCut):
                # Where the knife separates the slip: dashes (dots for a partial cut).
                mid, step = y + 8, (12 if not item.partial else 6)
                for left in range(0, paper, step):
                    draw.line((left, mid, left + step // 2, mid), fill=110, width=2)
            y += _item_height(item)
    return canvas


_STEM = re.compile(r"^slip-\d{8}-\d{6}-\d{3}$")


class PreviewPrinter:
    """The simulated printer of training mode: writes `slip-….png` and `slip-….bin`.

    `force_training` (default) stamps the training banner on every slip it prints, so a
    picture from training can never pass for a real receipt. `on_printed(png)` runs on
    the event loop after each slip (for the UI's preview window). Only the newest `keep`
    slips are kept in `directory`.
    """

    def __init__(
        self,
        directory: Path,
        *,
        paper_mm: int = 58,
        force_training: bool = True,
        on_printed: Callable[[Path], None] | None = None,
        keep: int = 500,
    ) -> None:
        paper_columns(paper_mm)  # validate early
        self.directory = Path(directory)
        self.paper_mm = paper_mm
        self.force_training = force_training
        self.on_printed = on_printed
        self.keep = keep
        self.last_png: Path | None = None
        self._sequence = 0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer-preview")

    async def print_slip(self, slip: Slip) -> None:
        if self.force_training and not slip.training:
            slip = replace(slip, training=True)
        self._sequence = (self._sequence + 1) % 1000
        stem = f"slip-{datetime.now():%Y%m%d-%H%M%S}-{self._sequence:03d}"
        loop = asyncio.get_running_loop()
        png = await loop.run_in_executor(self._executor, self._write, slip, stem)
        self.last_png = png
        if self.on_printed is not None:
            self.on_printed(png)

    def _write(self, slip: Slip, stem: str) -> Path:
        try:
            data = render_escpos(slip, self.paper_mm)
        except ValueError as exc:
            raise PrintError(f"票据内容无法打印：{exc}") from exc
        image = render_preview(data, self.paper_mm)
        png = self.directory / f"{stem}.png"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            png.with_suffix(".bin").write_bytes(data)
            image.save(png, format="PNG")
        except OSError as exc:
            raise PrintError(f"无法保存打印预览到 {self.directory}：{exc.strerror or exc}") from exc
        self._prune()
        return png

    def _prune(self) -> None:
        pngs = sorted(p for p in self.directory.glob("slip-*.png") if _STEM.match(p.stem))
        for old in pngs[: max(0, len(pngs) - self.keep)]:
            for path in (old, old.with_suffix(".bin")):
                path.unlink(missing_ok=True)

    async def status(self) -> PrinterStatus:
        return PrinterStatus(
            online=True, detail=f"培训模式：打印预览保存到 {self.directory}（不出纸）"
        )

    def close(self) -> None:
        self._executor.shutdown(wait=True)
