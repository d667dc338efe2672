"""Queue settings and the queue's one exception type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

__all__ = ["QueueError", "QueueSettings"]

_PREFIX = re.compile(r"^[A-Z]{1,3}$")


class QueueError(Exception):
    """An action the queue refuses; `message` is Chinese, fit to show at the desk.

    `field` names the input at fault ("reason", "window", …) or is empty.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class QueueSettings:
    prefix: str = "S"  # number series S001, S002 … (one per business day)
    max_recalls: int = 3  # recalls without start; the next recall makes it a no-show
    priority_cap: int = 2  # at most this many priority calls in a row
    escalate_after_min: float = 30.0  # a normal ticket waiting this long is escalated
    late_return_tolerance_min: float = 30.0  # a no-show back within this may rejoin the line
    estimate_samples: int = 10  # moving average over the last N service times
    estimate_min_samples: int = 3  # fewer → "暂无估计"
    estimate_spread: float = 0.3  # the range shown: estimate ∓ 30 %
    open_window_recent_min: float = 30.0  # a window counts as open after a call this recent
    min_reason_length: int = 2
    waiting_area: str = "社保等候区"
    # The slip's QR code (progress / 好差评 page); a placeholder until the bank names one.
    qr_url: str = "https://queue.example.invalid/t/{outlet}/{day}/{number}"
    training: bool = False  # slips carry the training marking

    def __post_init__(self) -> None:
        if not _PREFIX.match(self.prefix):
            raise ValueError(f"号码前缀须为 1–3 个大写字母，收到 {self.prefix!r}")
        if self.max_recalls < 0 or self.priority_cap < 0:
            raise ValueError("重呼次数和优先连续叫号上限不能为负数")
        if self.estimate_samples < 1 or self.estimate_min_samples < 1:
            raise ValueError("等候估计的样本数至少为 1")
        if not 0 <= self.estimate_spread < 1:
            raise ValueError("等候估计的浮动比例须在 0 和 1 之间")
        minutes = (
            self.escalate_after_min,
            self.late_return_tolerance_min,
            self.open_window_recent_min,
        )
        if min(minutes) <= 0:
            raise ValueError("时间设置须大于 0 分钟")

    @property
    def escalate_after(self) -> timedelta:
        return timedelta(minutes=self.escalate_after_min)

    @property
    def late_return_tolerance(self) -> timedelta:
        return timedelta(minutes=self.late_return_tolerance_min)

    @property
    def open_window_recent(self) -> timedelta:
        return timedelta(minutes=self.open_window_recent_min)
