"""差评 follow-up by the Zhejiang rules: deadlines, warnings, the steps in order, one 追评."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from counter.bureau.cases import RatingLevel
from counter.followup import FollowUpError, Outcome, Stage
from counter.journal import Action
from counter.session import PermissionDenied
from counter.training.server import TrainingServer
from tests.test_dayclose_support import Desk, supervision_desk
from tests.test_report_support import DAY, at, fixture_day, open_store

RATED = at(9, 34)  # c2 was rated five minutes after it was accepted at 09:29


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    store = open_store(tmp_path / "counter.sqlite3")
    await fixture_day(store)
    store.clock.now = at(17, 30)
    d = supervision_desk(training_server, store)
    await d.login()
    yield d
    await d.close()
    store.close()


async def test_every_bad_rating_gets_a_follow_up_with_its_deadlines(desk: Desk) -> None:
    [f] = await desk.followups.items()
    assert (f.case_id, f.business_no, f.clerk_staff_no, f.level) == ("c2", "B2", "C001", "不满意")
    assert f.business_day == DAY and f.item_name == "B事项"
    assert f.tags == ("等候时间长",)
    assert "138****1234" in f.comment and "13800001234" not in f.comment
    assert f.rated_at == RATED
    assert f.callback_due == RATED + timedelta(days=1)
    assert f.rectify_due == RATED + timedelta(days=15)
    assert f.stage is Stage.CALLBACK and f.stage.label == "待回访"
    assert f.warnings == () and not f.overdue
    assert await desk.followups.sync() == 0  # once per 差评


@pytest.mark.parametrize(
    ("after", "called_back", "warning"),
    [
        (timedelta(hours=21), False, "回访将于 03-19 09:34 到期"),
        (timedelta(days=1, minutes=1), False, "回访已逾期（应于 03-19 09:34 前回访）"),
        (timedelta(days=13), True, "整改反馈将于 04-02 09:34 到期"),
        (timedelta(days=15, minutes=1), True, "整改反馈已逾期（应于 04-02 09:34 前反馈）"),
    ],
)
async def test_deadlines_are_warned(
    desk: Desk, after: timedelta, called_back: bool, warning: str
) -> None:
    if called_back:
        await desk.followups.record_callback("c2", "已回访")
    desk.store.clock.now = RATED + after
    [f] = await desk.followups.items()
    assert warning in f.warnings
    assert f.overdue == ("逾期" in warning)
    assert [o.case_id for o in await desk.followups.overdue()] == (["c2"] if f.overdue else [])


async def test_the_steps_in_order_until_closed(desk: Desk) -> None:
    fu = desk.followups
    with pytest.raises(FollowUpError, match="先登记回访"):
        await fu.record_outcome("c2", Outcome.FIXED, "已整改")
    with pytest.raises(FollowUpError, match="回访情况"):
        await fu.record_callback("c2", "")
    f = await fu.record_callback("c2", "已电话回访，办事人反映等候时间长，电话13800001234")
    assert f.stage is Stage.OUTCOME and "13800001234" not in (f.callback_note or "")
    with pytest.raises(FollowUpError, match="整改期限"):
        await fu.record_outcome("c2", Outcome.LEDGER, "增加午间窗口")
    with pytest.raises(FollowUpError, match="不能早于今天"):
        await fu.record_outcome(
            "c2", Outcome.LEDGER, "增加午间窗口", ledger_deadline=DAY - timedelta(days=1)
        )
    f = await fu.record_outcome(
        "c2", Outcome.LEDGER, "增加午间弹性窗口", ledger_deadline=DAY + timedelta(days=10)
    )
    assert f.stage is Stage.FEEDBACK and f.outcome_label == "列入整改台账"
    with pytest.raises(FollowUpError, match="已登记"):
        await fu.record_outcome("c2", Outcome.FIXED, "再次登记")
    f = await fu.record_feedback("c2", "已告知办事人整改计划")
    assert f.stage is Stage.LEDGER and f.closed_at is None
    desk.store.clock.now = at(9, 0) + timedelta(days=12)
    [open_one] = await fu.items()
    assert "整改台账已逾期（期限 2026-03-28）" in open_one.warnings
    f = await fu.complete_ledger("c2", "午间窗口已开设")
    assert f.stage is Stage.CLOSED and f.closed_at is not None
    assert await fu.items() == [] and len(await fu.items(open_only=False)) == 1
    f = await fu.record_rerating("c2", RatingLevel.SATISFIED)  # the one 追评, after closing too
    assert f.re_rating == "满意"
    with pytest.raises(FollowUpError, match="只能追评一次"):
        await fu.record_rerating("c2", RatingLevel.VERY_SATISFIED)
    entries = await desk.store.executor.run(desk.store.journal.entries)
    steps = [e.outcome for e in entries if e.action == Action.FOLLOWUP.value]
    assert steps == ["callback", "outcome", "feedback", "ledger_done", "rerating"]
    assert {e.object for e in entries if e.action == Action.FOLLOWUP.value} == {"B2"}


@pytest.mark.parametrize("outcome", [Outcome.FIXED, Outcome.EXPLAINED, Outcome.APPEAL])
async def test_other_outcomes_close_after_the_feedback(desk: Desk, outcome: Outcome) -> None:
    fu = desk.followups
    await fu.record_callback("c2", "已回访")
    with pytest.raises(FollowUpError, match="只有列入整改台账"):
        await fu.record_outcome("c2", outcome, "说明", ledger_deadline=DAY)
    f = await fu.record_outcome("c2", outcome, "说明情况")
    assert f.stage is Stage.FEEDBACK
    f = await fu.record_feedback("c2", "已反馈")
    assert f.stage is Stage.CLOSED and f.warnings == ()


async def test_a_ledger_beyond_the_fifteen_days_is_warned(desk: Desk) -> None:
    await desk.followups.record_callback("c2", "已回访")
    f = await desk.followups.record_outcome(
        "c2", Outcome.LEDGER, "改造等候区", ledger_deadline=DAY + timedelta(days=40)
    )
    assert "整改期限晚于15天反馈期限，请先向办事人反馈整改计划" in f.warnings


async def test_only_a_supervisor_follows_up(desk: Desk) -> None:
    await desk.login("T-CLERKA1")
    with pytest.raises(PermissionDenied):
        await desk.followups.record_callback("c2", "已回访")
    with pytest.raises(PermissionDenied):  # reading a 差评 follow-up too
        await desk.followups.get("nope")
    await desk.login("T-SUPER01")
    with pytest.raises(FollowUpError, match="找不到"):
        await desk.followups.get("nope")
