"""Colours of the hall display and their WCAG 2.x contrast (AA: at least 4.5:1).

The hall display is read from across a room by people of every age, so every text colour
is checked against the background it sits on (tests/test_hall_display.py asserts it).
"""

from __future__ import annotations

from dataclasses import dataclass

AA_NORMAL = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    a, b = luminance(foreground), luminance(background)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class HallPalette:
    background: str = "#0a1220"
    panel: str = "#13213a"
    text: str = "#ffffff"
    muted: str = "#b9c6d8"
    number: str = "#ffd34d"  # the called number
    window: str = "#7fe0ff"  # the window
    flash_bg: str = "#ffc61a"  # a new call: the hero panel lights up
    flash_text: str = "#111111"
    training_bg: str = "#f5a524"
    training_text: str = "#1f1300"
    notice_bg: str = "#0f1b2e"
    notice_text: str = "#ffffff"
    accent: str = "#ffd34d"  # rule under the header, list numbers
    paused: str = "#ffb4a8"

    def pairs(self) -> dict[str, tuple[str, str]]:
        """Every text colour with the background it is drawn on."""
        return {
            "header": (self.text, self.background),
            "muted on background": (self.muted, self.background),
            "muted on panel": (self.muted, self.panel),
            "number on panel": (self.number, self.panel),
            "window on panel": (self.window, self.panel),
            "text on panel": (self.text, self.panel),
            "flash": (self.flash_text, self.flash_bg),
            "training banner": (self.training_text, self.training_bg),
            "notice": (self.notice_text, self.notice_bg),
            "list number": (self.accent, self.background),
            "paused": (self.paused, self.background),
        }


PALETTE = HallPalette()
