"""Counting the trainee's keystrokes and clicks during a scenario run.

The UI feeds an :class:`InputCounter` (an application-wide event filter counting key
presses — not auto-repeats — and mouse button presses on the trainee's windows while a
run is active); the headless scripted trainee feeds it per step. The run takes snapshots
at each citizen's call and completion, so every case gets its own count.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

__all__ = ["InputCounter", "InputCounts"]


@dataclass(frozen=True)
class InputCounts:
    keys: int = 0
    clicks: int = 0

    @property
    def total(self) -> int:
        return self.keys + self.clicks

    def __sub__(self, other: InputCounts) -> InputCounts:
        return InputCounts(self.keys - other.keys, self.clicks - other.clicks)

    def __add__(self, other: InputCounts) -> InputCounts:
        return InputCounts(self.keys + other.keys, self.clicks + other.clicks)


class InputCounter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys = 0
        self._clicks = 0

    def key(self, n: int = 1) -> None:
        with self._lock:
            self._keys += n

    def click(self, n: int = 1) -> None:
        with self._lock:
            self._clicks += n

    def snapshot(self) -> InputCounts:
        with self._lock:
            return InputCounts(self._keys, self._clicks)
