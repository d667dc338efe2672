"""好差评: the citizen rates on the evaluator; the rating goes up through the outbox."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.bureau.cases import RatingLevel
from counter.cases import CaseError
from counter.evaluations import EvaluationAnswer, EvaluationService, ScriptedEvaluator
from counter.outbox import MessageState
from counter.training.case_db import EvaluationRow
from counter.training.server import TrainingServer
from tests.test_cases_support import COLLECT_ITEM, FULL_ITEM, UNBLOCK_ITEM, Desk, open_desk


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(training_server, tmp_path / "counter.sqlite3", evaluation_timeout_s=2.0)
    await desk.login("T-CLERKA1")
    yield desk
    await desk.close()


def platform_rating(server: TrainingServer, business_no: str) -> EvaluationRow | None:
    with Session(server.engine) as s:
        row = s.scalar(select(EvaluationRow).where(EvaluationRow.business_no == business_no))
        if row is not None:
            s.expunge(row)
        return row


async def accepted_case(desk: Desk, code: str = FULL_ITEM) -> str:
    outcome = await desk.cases.submit(desk.draft(code))
    await desk.sender.drain(timeout=20)
    return outcome.case_id


async def test_a_rating_is_bound_to_the_business_number_and_clerk(desk: Desk) -> None:
    case_id = await accepted_case(desk)
    desk.evaluator.push(EvaluationAnswer(RatingLevel.VERY_SATISFIED))
    outcome = await desk.evaluations.evaluate(case_id)
    assert outcome.level is RatingLevel.VERY_SATISFIED and outcome.asked == 1
    [prompt] = desk.evaluator.prompts
    assert prompt.case_id == case_id and not prompt.reason_required
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(case_id)
    assert case is not None and case.rating == "非常满意" and case.business_no
    row = platform_rating(desk.server, case.business_no)
    assert row is not None
    assert (row.level, row.clerk_staff_no) == ("非常满意", "T-CLERKA1")
    assert row.data["applicant_masked"] == case.person_masked
    view = await desk.outbox.get(outcome.outbox_key)
    assert view is not None and view.state is MessageState.ACCEPTED
    evaluations = [e for e in desk.audit.entries if e["action"] == "evaluation"]
    assert [e["outcome"] for e in evaluations] == ["非常满意"]


async def test_a_bad_rating_without_a_reason_is_asked_again(desk: Desk) -> None:
    case_id = await accepted_case(desk)
    desk.evaluator.push(
        EvaluationAnswer(RatingLevel.DISSATISFIED),
        EvaluationAnswer(RatingLevel.DISSATISFIED, tags=("等候时间长",), text="  排队太久 "),
    )
    outcome = await desk.evaluations.evaluate(case_id)
    assert outcome.asked == 2
    assert [p.reason_required for p in desk.evaluator.prompts] == [False, True]
    assert outcome.level is RatingLevel.DISSATISFIED and outcome.tags == ("等候时间长",)
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(case_id)
    assert case is not None and case.business_no
    row = platform_rating(desk.server, case.business_no)
    assert row is not None and row.data["tags"] == ["等候时间长"]
    assert row.data["text"] == "排队太久"
    # The citizen's words never reach the journal.
    assert all("排队" not in str(e) for e in desk.audit.entries)


async def test_no_answer_in_time_is_recorded_as_not_rated(
    training_server: TrainingServer, tmp_path: Path
) -> None:
    desk = open_desk(training_server, tmp_path / "t.sqlite3", evaluation_timeout_s=0.2)
    await desk.login("T-CLERKA1")
    try:
        case_id = await accepted_case(desk)
        desk.evaluator.push(None)  # the citizen walks away
        outcome = await desk.evaluations.evaluate(case_id)
        assert outcome.level is RatingLevel.NONE and outcome.timed_out
        await desk.sender.drain(timeout=20)
        case = await desk.cases.case(case_id)
        assert case is not None and case.rating == "未评价" and case.business_no
        row = platform_rating(training_server, case.business_no)
        assert row is not None and row.level == "未评价"
    finally:
        await desk.close()


async def test_a_case_is_rated_once(desk: Desk) -> None:
    case_id = await accepted_case(desk)
    desk.evaluator.push(
        EvaluationAnswer(RatingLevel.SATISFIED), EvaluationAnswer(RatingLevel.BASIC)
    )
    await desk.evaluations.evaluate(case_id)
    with pytest.raises(CaseError) as caught:
        await desk.evaluations.evaluate(case_id)
    assert caught.value.code == "ALREADY_RATED"
    assert len(desk.evaluator.prompts) == 1


async def test_a_refused_case_is_not_rated(desk: Desk) -> None:
    case_id = await accepted_case(desk, UNBLOCK_ITEM)
    with pytest.raises(CaseError) as caught:
        await desk.evaluations.evaluate(case_id)
    assert caught.value.code == "NOT_ACCEPTED"
    assert desk.evaluator.prompts == []


async def test_an_offline_case_is_rated_now_and_the_rating_follows_it_up(desk: Desk) -> None:
    desk.client.monitor.failed("测试：网络中断")
    outcome = await desk.cases.submit(desk.draft(COLLECT_ITEM))
    assert outcome.pending
    desk.evaluator.push(EvaluationAnswer(RatingLevel.SATISFIED))
    rated = await desk.evaluations.evaluate(outcome.case_id)
    view = await desk.outbox.get(rated.outbox_key)
    assert view is not None and view.waiting_for == (outcome.outbox_key,)
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(outcome.case_id)
    assert case is not None and case.state is MessageState.ACCEPTED and case.business_no
    row = platform_rating(desk.server, case.business_no)
    assert row is not None and row.level == "满意"


def test_the_clerk_cannot_choose_a_level() -> None:
    """No public method of the service takes a rating: only the evaluator answers."""
    for name, member in inspect.getmembers(EvaluationService, inspect.isfunction):
        if name.startswith("_"):
            continue
        for parameter in inspect.signature(member).parameters.values():
            annotation = str(parameter.annotation)
            assert "RatingLevel" not in annotation and "EvaluationAnswer" not in annotation
            assert parameter.name not in {"level", "rating", "answer"}
    assert set(ScriptedEvaluator.__dict__) >= {"ask", "push"}
