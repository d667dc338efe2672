"""The honest wait estimate: a range, or "暂无估计" when we do not know enough.

    minutes ≈ mean(last N service times) × tickets ahead ÷ open windows

shown as that value −/+ `spread` (default 30 %), rounded outwards to whole minutes. With
fewer than `min_samples` service times there is no estimate at all: a made-up number
erodes trust faster than an honest "暂无估计".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["NO_ESTIMATE", "WaitEstimate", "estimate_label", "estimate_wait"]

NO_ESTIMATE = "暂无估计"


@dataclass(frozen=True)
class WaitEstimate:
    ahead: int
    minutes: float  # the point estimate
    low_min: int
    high_min: int
    samples: int  # service times averaged
    open_windows: int
    mean_service_s: float

    @property
    def label(self) -> str:
        """Chinese text for slips and screens, e.g. "约 8–14 分钟"."""
        if self.high_min <= 0:
            return "即将叫号"
        if self.high_min == 1:
            return "约 1 分钟内"
        return f"约 {self.low_min}–{self.high_min} 分钟"


def estimate_label(estimate: WaitEstimate | None) -> str:
    return NO_ESTIMATE if estimate is None else estimate.label


def estimate_wait(
    ahead: int,
    service_times_s: Sequence[float],
    open_windows: int,
    *,
    min_samples: int = 3,
    spread: float = 0.3,
) -> WaitEstimate | None:
    """The estimate for someone with `ahead` tickets before them; None when unknown."""
    if ahead < 0:
        raise ValueError("ahead must not be negative")
    if len(service_times_s) < max(1, min_samples):
        return None
    windows = max(1, open_windows)
    mean_s = sum(service_times_s) / len(service_times_s)
    minutes = mean_s * ahead / windows / 60.0
    return WaitEstimate(
        ahead=ahead,
        minutes=minutes,
        low_min=max(0, math.floor(minutes * (1.0 - spread))),
        high_min=math.ceil(minutes * (1.0 + spread)),
        samples=len(service_times_s),
        open_windows=windows,
        mean_service_s=mean_s,
    )
