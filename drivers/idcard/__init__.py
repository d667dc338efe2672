"""ID-card readers (居民身份证 / 居住证 / 永居证), implementing `counter.readers.IdCardReader`.

Start at `open_id_card_reader(kind, …)`, with `kind` from `reader.kind` in the config:
`simulated` (training), `termb` (Huashi SDK through ctypes), `http` (a vendor's local
reader service), `none`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from counter.readers import IdCardReader, UnavailableReader
from drivers.idcard.simulated import SimulatedIdCardReader, card_for, find_training_person
from drivers.idcard.termb import TermbReader

__all__ = [
    "SimulatedIdCardReader",
    "TermbReader",
    "card_for",
    "find_training_person",
    "open_id_card_reader",
]

DEFAULT_HTTP_URL = "http://127.0.0.1:19196/readcard"


def open_id_card_reader(
    kind: str,
    *,
    port: int = 1001,
    url: str | None = None,
    library: str | Path | None = None,
    simulated_delay_s: float = 0.4,
    today: Callable[[], date] = date.today,
) -> IdCardReader:
    """The reader for `reader.kind`; nothing is opened until the first read."""
    if kind == "simulated":
        return SimulatedIdCardReader(delay_s=simulated_delay_s, today=today)
    if kind == "termb":
        return TermbReader(library, port=port)
    if kind == "http":
        from drivers.idcard.http import HttpIdCardReader

        return HttpIdCardReader(url or DEFAULT_HTTP_URL)
    if kind == "none":
        return UnavailableReader()
    raise ValueError(f"unknown reader kind {kind!r}")
