"""The pure queue rules: fairness picking, the projected order, the wait estimate, stats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.queue.estimate import NO_ESTIMATE, estimate_label, estimate_wait
from counter.queue.fairness import Candidate, pick_next, projected_order
from counter.queue.model import CallRule, Priority
from counter.queue.settings import QueueSettings
from counter.queue.stats import summarize

T0 = datetime(2026, 3, 18, 1, 0, tzinfo=UTC)
LIMIT = timedelta(minutes=30)


def c(id: int, minute: float, priority: Priority = Priority.NORMAL) -> Candidate:
    return Candidate(id, priority, T0 + timedelta(minutes=minute))


def pick(cands: list[Candidate], run: int, now_min: float = 0, cap: int = 2):  # type: ignore[no-untyped-def]
    return pick_next(
        cands,
        priority_run=run,
        now=T0 + timedelta(minutes=now_min),
        cap=cap,
        escalate_after=LIMIT,
    )


def test_fifo_without_priority() -> None:
    assert pick([c(2, 1), c(1, 0)], 0) == (c(1, 0), CallRule.FIFO)
    assert pick([], 0) is None


def test_same_minute_ties_go_by_ticket_id() -> None:
    assert pick([c(5, 0), c(3, 0)], 0) == (c(3, 0), CallRule.FIFO)


def test_priority_first_within_the_cap() -> None:
    cands = [c(1, 0), c(2, 1, Priority.ELDERLY)]
    assert pick(cands, 0) == (c(2, 1, Priority.ELDERLY), CallRule.PRIORITY)
    assert pick(cands, 1) == (c(2, 1, Priority.ELDERLY), CallRule.PRIORITY)
    assert pick(cands, 2) == (c(1, 0), CallRule.PRIORITY_CAP)


def test_cap_does_not_block_priority_when_nobody_else_waits() -> None:
    only = [c(2, 1, Priority.MILITARY)]
    assert pick(only, 5) == (c(2, 1, Priority.MILITARY), CallRule.PRIORITY)


def test_cap_zero_means_priority_only_when_the_line_is_empty() -> None:
    cands = [c(1, 5), c(2, 0, Priority.DISABLED)]
    assert pick(cands, 0, cap=0) == (c(1, 5), CallRule.PRIORITY_CAP)


def test_escalated_normal_goes_ahead_of_later_priority() -> None:
    cands = [c(1, 0), c(2, 10, Priority.PREGNANT)]
    assert pick(cands, 0, now_min=29) == (c(2, 10, Priority.PREGNANT), CallRule.PRIORITY)
    assert pick(cands, 0, now_min=30) == (c(1, 0), CallRule.ESCALATED)


def test_escalation_does_not_starve_earlier_priority() -> None:
    # Everyone has waited past the limit: the priority ticket that came first goes first.
    cands = [c(1, 5), c(2, 0, Priority.ELDERLY)]
    assert pick(cands, 0, now_min=90) == (c(2, 0, Priority.ELDERLY), CallRule.PRIORITY)


def test_projected_order_interleaves_by_the_cap() -> None:
    cands = [c(1, 0), c(2, 1), *(c(10 + i, 2 + i, Priority.ELDERLY) for i in range(4))]
    order = projected_order(cands, priority_run=0, now=T0, cap=2, escalate_after=LIMIT)
    assert [x.id for x in order] == [10, 11, 1, 12, 13, 2]
    order = projected_order(cands, priority_run=2, now=T0, cap=2, escalate_after=LIMIT)
    assert [x.id for x in order] == [1, 10, 11, 2, 12, 13]


candidates = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 10_000),
        priority=st.sampled_from([Priority.NORMAL, Priority.NORMAL, Priority.ELDERLY]),
        queue_at=st.integers(0, 120).map(lambda m: T0 + timedelta(minutes=m)),
    ),
    max_size=25,
    unique_by=lambda x: x.id,
)


@given(cands=candidates, run=st.integers(0, 4), cap=st.integers(0, 3), now=st.integers(0, 200))
def test_projection_is_pick_next_repeated(
    cands: list[Candidate], run: int, cap: int, now: int
) -> None:
    at = T0 + timedelta(minutes=now)
    order = projected_order(cands, priority_run=run, now=at, cap=cap, escalate_after=LIMIT)
    remaining = list(cands)
    streak = run
    for expected in order:
        picked = pick_next(remaining, priority_run=streak, now=at, cap=cap, escalate_after=LIMIT)
        assert picked is not None and picked[0] == expected
        # The cap holds along the projection too.
        if expected.priority is not Priority.NORMAL:
            assert streak < cap or all(x.priority is not Priority.NORMAL for x in remaining)
        remaining.remove(expected)
        streak = streak + 1 if expected.priority is not Priority.NORMAL else 0
    assert sorted(x.id for x in order) == sorted(x.id for x in cands)


# --- estimates ------------------------------------------------------------------------


def test_no_estimate_with_too_few_samples() -> None:
    assert estimate_wait(3, [300, 300], 1) is None
    assert estimate_label(None) == NO_ESTIMATE == "暂无估计"


def test_estimate_is_mean_times_ahead_over_windows_as_a_range() -> None:
    est = estimate_wait(4, [240, 360, 480], 2)  # mean 6 min, 4 ahead, 2 windows
    assert est is not None
    assert (est.minutes, est.low_min, est.high_min) == (12.0, 8, 16)
    assert est.label == "约 8–16 分钟"
    assert est.samples == 3 and est.open_windows == 2


def test_estimate_labels_for_short_waits() -> None:
    assert estimate_wait(0, [300] * 3, 1).label == "即将叫号"  # type: ignore[union-attr]
    assert estimate_wait(1, [40] * 3, 1).label == "约 1 分钟内"  # type: ignore[union-attr]
    assert estimate_wait(1, [300] * 3, 0).open_windows == 1  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        estimate_wait(-1, [300] * 3, 1)


def test_settings_are_validated() -> None:
    assert QueueSettings().prefix == "S"
    for bad in ({"prefix": "s1"}, {"priority_cap": -1}, {"estimate_spread": 1.0}):
        with pytest.raises(ValueError):
            QueueSettings(**bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="大于 0"):
        QueueSettings(escalate_after_min=0)


def test_summary_uses_nearest_rank_p90() -> None:
    s = summarize([60.0 * m for m in range(1, 11)])
    assert (s.count, s.median_s, s.p90_s, s.max_s) == (10, 330.0, 540.0, 600.0)
    assert summarize([]).count == 0 and summarize([]).median_s is None
