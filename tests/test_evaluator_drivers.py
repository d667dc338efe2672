"""Evaluator drivers: the simulated pad (script, then the trainer's random answers), none."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from counter.bureau.cases import RatingLevel
from counter.evaluations import BAD_REASON_TAGS, EvaluationAnswer, EvaluationPrompt
from counter.training.server import TrainingServer
from drivers.evaluator import (
    EVALUATOR_KINDS,
    NoEvaluator,
    SimulatedEvaluator,
    TrainerSettings,
    open_evaluator,
)
from tests.test_cases_support import FULL_ITEM, Desk, open_desk

PROMPT = EvaluationPrompt(
    case_id="c1", item_name="社保卡应用状态查询", clerk_staff_no="T-1", window=3
)


def test_open_evaluator_by_kind() -> None:
    assert EVALUATOR_KINDS == ("simulated", "screen", "none")
    assert isinstance(open_evaluator("simulated"), SimulatedEvaluator)
    assert isinstance(open_evaluator("none"), NoEvaluator)
    assert open_evaluator("screen") is None  # the UI attaches the window
    with pytest.raises(ValueError, match="未知的评价器类型"):
        open_evaluator("vendor-x")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"walk_away_rate": 1.5}, "比例"),
        ({"delay_s": -1}, "延迟"),
        ({"weights": {RatingLevel.NONE: 1.0}}, "未评价"),
        ({"weights": {RatingLevel.BASIC: 0.0}}, "权重"),
    ],
)
def test_trainer_settings_are_checked(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TrainerSettings(**settings)  # type: ignore[arg-type]


async def test_the_script_answers_first_then_random_answers_follow_the_weights() -> None:
    settings = TrainerSettings(
        delay_s=0, weights={RatingLevel.SATISFIED: 1.0, RatingLevel.DISSATISFIED: 1.0}
    )
    pad = SimulatedEvaluator(
        [EvaluationAnswer(RatingLevel.BASIC)], settings=settings, rng=random.Random(3)
    )
    assert (await pad.ask(PROMPT)).level is RatingLevel.BASIC
    answers = [await pad.ask(PROMPT) for _ in range(200)]
    levels = Counter(a.level for a in answers)
    assert set(levels) == {RatingLevel.SATISFIED, RatingLevel.DISSATISFIED}
    assert min(levels.values()) > 60  # both drawn, about half each
    for answer in answers:
        if answer.level.is_bad:  # a random 差评 carries a real reason tag
            assert len(answer.tags) == 1 and answer.tags[0] in BAD_REASON_TAGS
            assert answer.tags[0] != "其他"
    assert len(pad.prompts) == 201


async def test_a_walk_away_waits_until_cancelled() -> None:
    pad = SimulatedEvaluator(settings=TrainerSettings(delay_s=0, walk_away_rate=1.0))
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(pad.ask(PROMPT), 0.05)
    pad.push(None)  # a staged walk-away, too
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(pad.ask(PROMPT), 0.05)


async def test_no_evaluator_answers_unrated_at_once() -> None:
    pad = NoEvaluator()
    assert (await pad.ask(PROMPT)).level is RatingLevel.NONE
    assert pad.prompts == [PROMPT]


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(training_server, tmp_path / "counter.sqlite3", evaluation_timeout_s=5.0)
    await desk.login("T-CLERKA1")
    yield desk
    await desk.close()


async def test_a_bad_rating_without_reason_is_asked_again_through_the_service(desk: Desk) -> None:
    pad = SimulatedEvaluator(
        settings=TrainerSettings(
            delay_s=0,
            weights={RatingLevel.VERY_DISSATISFIED: 1.0},
            bad_without_reason=True,
        ),
        rng=random.Random(1),
    )
    desk.evaluations.evaluator = pad
    outcome = await desk.cases.submit(desk.draft(FULL_ITEM))
    await desk.sender.drain(timeout=20)
    result = await desk.evaluations.evaluate(outcome.case_id)
    assert result.level is RatingLevel.VERY_DISSATISFIED and result.asked == 2
    assert [p.reason_required for p in pad.prompts] == [False, True]
    assert len(result.tags) == 1


async def test_no_evaluator_records_unrated_without_waiting(desk: Desk) -> None:
    desk.evaluations.evaluator = NoEvaluator()
    outcome = await desk.cases.submit(desk.draft(FULL_ITEM))
    result = await desk.evaluations.evaluate(outcome.case_id)
    assert result.level is RatingLevel.NONE and result.asked == 1
    case = await desk.cases.case(outcome.case_id)
    assert case is not None and case.rating == "未评价"
