"""The herd suite: the model of many counters' outbox senders (the real `Backoff`), and its
check against real client cores and the real training platform (short versions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.outbox import Backoff
from reliability import herd
from tests.training_fixtures import TrainingHome


def test_the_herd_is_spread_and_no_counter_gives_up() -> None:
    model = herd.HerdModel(counters=100, outage_s=600.0, after_s=400.0, seed=3)
    result = herd.simulate(model)
    assert result.backlog > 0 and result.undelivered == 0
    assert result.drain_s <= model.backoff.cap_s + 10  # every outbox empty within the cap
    assert result.peak_1s < result.backlog / 4  # no synchronised burst
    assert result.peak_1s > result.steady_rate  # ... yet a real peak: it is measured
    # A lower cap brings the backlog back sooner, in a sharper peak.
    sharper = herd.simulate(herd.HerdModel(**{**model.__dict__, "backoff": Backoff(1.0, 30.0)}))
    assert sharper.undelivered == 0
    assert sharper.drain_s < result.drain_s and sharper.peak_1s > result.peak_1s


def test_the_model_is_the_outbox_schedule() -> None:
    """Without an outage every case goes at once, one request each."""
    result = herd.simulate(herd.HerdModel(counters=20, outage_s=0.0, after_s=600.0))
    assert result.undelivered == 0 and result.max_attempts == 1


@pytest.mark.slow
def test_short_suite_with_real_counters(training_home: TrainingHome, tmp_path: Path) -> None:
    result = herd.run(full=False, workdir=str(tmp_path), platform_db=str(training_home.database))
    figures = {f.name: f for f in result.figures}
    assert figures["cases given up by a counter"].value == "0"
    real = next(f for f in result.figures if "lost / duplicated / given up" in f.name)
    assert real.value == "0 / 0 / 0"
    assert result.ok, result.figures
