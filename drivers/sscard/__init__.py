"""社保卡 readers, implementing `counter.readers.SocialCardReader`.

`open_social_card_reader(kind, …)` follows `reader.kind`: `simulated` (training), `termb`
(real devices at the window: the vendor's SSCardDriver library), `http` / `none` (no 社保卡
reader: reads say so, the clerk uses the ID card or the 电子社保卡).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from counter.readers import SocialCardReader, UnavailableReader
from drivers.sscard.basics import format_card_basics, parse_card_basics, reader_error
from drivers.sscard.dll import HsmExchange, SSCardDllReader
from drivers.sscard.simulated import SimulatedSocialCardReader, social_card_for

__all__ = [
    "SSCardDllReader",
    "SimulatedSocialCardReader",
    "format_card_basics",
    "open_social_card_reader",
    "parse_card_basics",
    "reader_error",
    "social_card_for",
]


def open_social_card_reader(
    kind: str,
    *,
    library: str | Path | None = None,
    hsm: HsmExchange | None = None,
    simulated_delay_s: float = 0.4,
    today: Callable[[], date] = date.today,
) -> SocialCardReader:
    if kind == "simulated":
        return SimulatedSocialCardReader(delay_s=simulated_delay_s, today=today)
    if kind == "termb":
        return SSCardDllReader(library, hsm=hsm)
    if kind in ("http", "none"):
        return UnavailableReader()
    raise ValueError(f"unknown reader kind {kind!r}")
