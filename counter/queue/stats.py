"""The queue's day statistics, by the definitions in REFERENCE "Queue conventions".

* **Issued** — numbers drawn that day (leg 0 rows), printed or not: a number whose slip
  never printed still has to be accounted for (it ends cancelled or closed).
* **Outcome** — every ticket leg ends in exactly one of served, no-show, transferred,
  cancelled, closed at day end. A transfer ends one leg and opens another with the same
  number, so the ledger is ``issued + transfers = Σ outcomes + open``.
* **Waiting time** — first call − issue, per number (the wait clock of leg 0). Per window:
  first call of the leg − start of the leg.
* **Service time** — complete − the last call (recalls and call-backs move the call), over
  served legs.
* Medians and p90 use the nearest-rank method on seconds.
* **Pauses** — time per window and per reason (an unfinished pause counts up to `now`).
* **Estimate accuracy** — the estimate printed on the slip against the wait that followed
  (estimate time to first call): how many fell within the printed range, mean absolute
  error in minutes.

Blocking (SQLite): run on the DB executor.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from counter.queue.model import Priority, TicketOutcome
from counter.queue.store import (
    EventAction,
    TicketEvent,
    TicketRow,
    WaitEstimateRow,
    WindowPause,
    day_text,
)
from counter.storage.db import Database

__all__ = [
    "DayStats",
    "Durations",
    "EstimateAccuracy",
    "GroupStats",
    "PauseStats",
    "day_stats",
    "summarize",
]

_STAFF_OUTCOMES = (TicketOutcome.SERVED, TicketOutcome.NO_SHOW, TicketOutcome.TRANSFERRED)


@dataclass(frozen=True)
class Durations:
    """Seconds: count, mean, median, p90 (nearest rank), max. None when count is 0."""

    count: int
    mean_s: float | None = None
    median_s: float | None = None
    p90_s: float | None = None
    max_s: float | None = None


def summarize(values: Iterable[float]) -> Durations:
    data = sorted(values)
    if not data:
        return Durations(0)
    rank = max(1, math.ceil(0.9 * len(data)))
    return Durations(
        count=len(data),
        mean_s=statistics.fmean(data),
        median_s=statistics.median(data),
        p90_s=data[rank - 1],
        max_s=data[-1],
    )


@dataclass(frozen=True)
class GroupStats:
    """One window, clerk (staff number) or item."""

    key: str
    legs: int
    served: int
    no_show: int
    transferred: int
    waiting: Durations
    service: Durations


@dataclass(frozen=True)
class PauseStats:
    count: int = 0
    total_s: float = 0.0
    by_window: dict[int, float] = field(default_factory=dict)
    by_reason: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class EstimateAccuracy:
    slips: int = 0  # slips that entered the line with an estimate record
    with_estimate: int = 0  # … that showed a range (the others said 暂无估计)
    measured: int = 0  # … with a range and a first call since
    within_range: int = 0
    mean_abs_error_min: float | None = None
    mean_error_min: float | None = None  # actual − estimate; > 0: waited longer than said


@dataclass(frozen=True)
class DayStats:
    day: str
    issued: int
    printed: int
    priority: int
    transfers: int  # legs opened by a transfer
    outcomes: dict[TicketOutcome, int]  # per leg, every outcome present (0 if none)
    open: int  # legs not ended yet
    not_printed: int  # open legs whose slip never printed
    requeued: int  # late no-shows put back in line (times)
    recalls: int
    calls_by_rule: dict[str, int]
    waiting: Durations
    service: Durations
    by_window: list[GroupStats]
    by_clerk: list[GroupStats]
    by_item: list[GroupStats]
    pauses: PauseStats
    estimates: EstimateAccuracy

    @property
    def legs(self) -> int:
        return self.issued + self.transfers

    @property
    def ended(self) -> int:
        return sum(self.outcomes.values())

    def adds_up(self) -> bool:
        """issued + transfers = Σ outcomes + open."""
        return self.legs == self.ended + self.open


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


def _service(row: TicketRow) -> float | None:
    if row.outcome != TicketOutcome.SERVED:
        return None
    return _seconds(row.called_at, row.ended_at)


def _group(rows: Sequence[TicketRow], key: Callable[[TicketRow], str | None]) -> list[GroupStats]:
    groups: dict[str, list[TicketRow]] = defaultdict(list)
    for row in rows:
        k = key(row)
        if k is not None:
            groups[k].append(row)
    result = []
    for k in sorted(groups, key=lambda x: (len(x), x)):
        members = groups[k]
        outcomes = Counter(r.outcome for r in members)
        waits = (_seconds(r.issued_at, r.first_called_at) for r in members)
        services = (_service(r) for r in members)
        result.append(
            GroupStats(
                key=k,
                legs=len(members),
                served=outcomes[TicketOutcome.SERVED],
                no_show=outcomes[TicketOutcome.NO_SHOW],
                transferred=outcomes[TicketOutcome.TRANSFERRED],
                waiting=summarize(w for w in waits if w is not None),
                service=summarize(x for x in services if x is not None),
            )
        )
    return result


def _pauses(rows: Sequence[WindowPause], now: datetime) -> PauseStats:
    by_window: dict[int, float] = defaultdict(float)
    by_reason: dict[str, float] = defaultdict(float)
    total = 0.0
    for pause in rows:
        seconds = _seconds(pause.started_at, pause.ended_at or now) or 0.0
        total += seconds
        by_window[pause.window] += seconds
        by_reason[pause.reason] += seconds
    return PauseStats(len(rows), total, dict(by_window), dict(by_reason))


def _accuracy(rows: Sequence[WaitEstimateRow]) -> EstimateAccuracy:
    shown = [r for r in rows if r.estimate_s is not None]
    measured = [r for r in shown if r.actual_s is not None]
    errors = [(r.actual_s or 0.0) - (r.estimate_s or 0.0) for r in measured]
    within = sum(
        1
        for r in measured
        if (r.low_min or 0) * 60.0 <= (r.actual_s or 0.0) <= (r.high_min or 0) * 60.0
    )
    return EstimateAccuracy(
        slips=len(rows),
        with_estimate=len(shown),
        measured=len(measured),
        within_range=within,
        mean_abs_error_min=statistics.fmean(abs(e) for e in errors) / 60.0 if errors else None,
        mean_error_min=statistics.fmean(errors) / 60.0 if errors else None,
    )


def day_stats(db: Database, day: date | str, now: datetime) -> DayStats:
    """Statistics of business day `day` (Asia/Shanghai), read in one snapshot."""
    key = day_text(day)
    with db.session(readonly=True) as s:
        rows = list(
            s.scalars(select(TicketRow).where(TicketRow.business_day == key).order_by(TicketRow.id))
        )
        actions = Counter(
            s.scalars(select(TicketEvent.action).where(TicketEvent.business_day == key))
        )
        rules = Counter(
            rule
            for rule in s.scalars(
                select(TicketEvent.rule).where(
                    TicketEvent.business_day == key, TicketEvent.rule.is_not(None)
                )
            )
            if rule
        )
        pauses = list(s.scalars(select(WindowPause).where(WindowPause.business_day == key)))
        estimates = list(
            s.scalars(select(WaitEstimateRow).where(WaitEstimateRow.business_day == key))
        )

    first = [r for r in rows if r.leg == 0]
    outcomes = Counter(TicketOutcome(r.outcome) for r in rows if r.outcome)
    open_rows = [r for r in rows if r.outcome is None]
    return DayStats(
        day=key,
        issued=len(first),
        printed=sum(1 for r in first if r.printed_at is not None),
        priority=sum(1 for r in first if r.priority != Priority.NORMAL),
        transfers=len(rows) - len(first),
        outcomes={o: outcomes.get(o, 0) for o in TicketOutcome},
        open=len(open_rows),
        not_printed=sum(1 for r in open_rows if r.printed_at is None),
        requeued=actions[EventAction.REQUEUE],
        recalls=actions[EventAction.RECALL],
        calls_by_rule=dict(rules),
        waiting=summarize(
            w
            for w in (_seconds(r.original_issued_at, r.first_called_at) for r in first)
            if w is not None
        ),
        service=summarize(x for x in (_service(r) for r in rows) if x is not None),
        by_window=_group(rows, lambda r: str(r.window) if r.window is not None else None),
        by_clerk=_group(
            rows, lambda r: r.staff_no if r.outcome in _STAFF_OUTCOMES and r.window else None
        ),
        by_item=_group(rows, lambda r: r.item_code or "（未选业务）"),
        pauses=_pauses(pauses, now),
        estimates=_accuracy(estimates),
    )
