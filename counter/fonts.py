"""Installed fonts for pictures the program draws itself (printer previews, the A4 day
report): where to find one with Chinese glyphs and a monospaced Latin one.

No Qt: the headless `counter report --format pdf` and the training printer preview both
draw with Pillow. ``COUNTER_PREVIEW_FONT`` (a font file path) takes precedence.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["cjk_font_candidates", "find_cjk_font", "find_mono_font"]

_CJK_FONTS = (
    # Linux (Debian/Ubuntu package names in comments)
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # fonts-wqy-microhei
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # fonts-wqy-zenhei
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # fonts-droid-fallback
    # Windows
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/simsunb.ttf",  # SimSun-ExtB: 𠮷 and the other Extension B characters
    # macOS
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)
_MONO_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    "C:/Windows/Fonts/consola.ttf",
    "C:/Windows/Fonts/cour.ttf",
    "/System/Library/Fonts/Menlo.ttc",
)


def cjk_font_candidates() -> list[Path]:
    """Installed fonts with Chinese glyphs, best first (`COUNTER_PREVIEW_FONT` leads)."""
    names: list[str] = []
    override = os.environ.get("COUNTER_PREVIEW_FONT")
    if override:
        names.append(override)
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", "C:/Windows")
        names += [n.replace("C:/Windows", windir) for n in _CJK_FONTS]
    else:
        names += _CJK_FONTS
    return [path for path in map(Path, names) if path.is_file()]


def find_cjk_font() -> Path | None:
    """The font used for Chinese, or None when the system has none."""
    candidates = cjk_font_candidates()
    return candidates[0] if candidates else None


def find_mono_font() -> Path | None:
    """A monospaced Latin font (falls back to the CJK font)."""
    for name in _MONO_FONTS:
        if Path(name).is_file():
            return Path(name)
    return find_cjk_font()
