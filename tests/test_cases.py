"""Cases at the window against the training platform: drafts, submission, states, privacy."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from counter.bureau.cases import CaseStatus, IdentityMethod
from counter.bureau.connection import ConnectionState
from counter.bureau.models import Role
from counter.cases import OFFLINE_REFUSED, CaseError, CaseInvalid
from counter.identity import mask_id
from counter.outbox import MessageState
from counter.session import PermissionDenied
from counter.training.seed import load_catalogue
from counter.training.server import TrainingServer
from tests.test_cases_support import (
    COLLECT_ITEM,
    EMPLOYEE,
    FULL_ITEM,
    PRINT_ITEM,
    REVIEW_ITEM,
    UNBLOCK_ITEM,
    Desk,
    actions,
    open_desk,
    platform_cases,
)
from tests.training_fixtures import NewStaff


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(training_server, tmp_path / "counter.sqlite3")
    await desk.login("T-CLERKA1")
    yield desk
    await desk.close()


async def test_a_draft_says_what_is_missing_and_cannot_be_submitted(desk: Desk) -> None:
    draft = desk.cases.new_draft(desk.items[FULL_ITEM])
    errors = draft.errors()
    assert errors["person"] == "请先核验办事人身份"
    assert errors["mobile"] == "请填写联系电话"
    assert errors["materials"].startswith("材料未收齐：")
    with pytest.raises(CaseInvalid) as caught:
        await desk.cases.submit(draft)
    assert caught.value.errors == errors
    assert desk.outbox.outbox_size() == 0

    assert (
        draft.set_person("330102198506151234", IdentityMethod.ID_CARD) == "校验位应为 8，实际为 4"
    )
    assert draft.set_person(EMPLOYEE.id_number, IdentityMethod.MANUAL) is not None  # no reason
    assert draft.set_person(EMPLOYEE.id_number, IdentityMethod.MANUAL, "读卡器故障") is None
    assert draft.set_field("mobile", "1380013800").error == "手机号码应为11位数字，当前为10位"
    assert draft.set_field("mobile", "138 0013 8000").ok
    for material in desk.items[FULL_ITEM].materials:
        draft.set_material(material.name, True)
    assert draft.errors() == {}


async def test_submit_online_is_accepted_once_and_listed_masked(desk: Desk) -> None:
    draft = desk.draft(FULL_ITEM)
    outcome_task = desk.cases.submit(draft)
    outcome = await outcome_task
    assert outcome.state is MessageState.QUEUED  # no sender running yet: safely queued
    assert outcome.receipt_note == "已受理，待上传"
    assert desk.outbox.outbox_size() == 1

    status = await desk.sender.drain(timeout=20)
    assert status.pending == 0
    [case] = await desk.cases.todays_cases()
    assert case.case_id == draft.case_id
    assert case.state is MessageState.ACCEPTED
    assert case.state_label == "已受理"
    assert case.business_no and case.business_no.startswith("ZJ")
    assert case.result is not None and case.result.status is CaseStatus.COMPLETED
    assert case.person_masked == mask_id(EMPLOYEE.id_number)
    [row] = platform_cases(desk.server, {draft.case_id})
    assert row.business_no == case.business_no
    assert {"case_submit", "case_result"} <= set(actions(desk.audit))
    # Submitting the same draft again is refused locally: the case exists.
    with pytest.raises(CaseError, match="已提交"):
        await desk.cases.submit(draft)


async def test_nothing_personal_is_readable_in_the_database_files(desk: Desk) -> None:
    draft = desk.draft(FULL_ITEM, form={"mobile": "13912345678", "remark": "测试备注"})
    await desk.cases.submit(draft)
    await desk.sender.drain(timeout=20)
    desk.db.checkpoint("PASSIVE")
    raw = b"".join(
        p.read_bytes() for p in desk.path.parent.glob(desk.path.name + "*") if p.is_file()
    )
    for secret in (EMPLOYEE.id_number, "13912345678", "测试备注"):
        assert secret.encode() not in raw
    # ...yet the case is found by the person's number (blind index) for the clerk.
    found = await desk.executor.run(desk.repo.by_person, EMPLOYEE.id_number.lower())
    assert [c.case_id for c in found] == [draft.case_id]


async def test_submit_waits_briefly_for_the_platform_when_the_sender_runs(
    training_server: TrainingServer, tmp_path: Path
) -> None:
    desk = open_desk(training_server, tmp_path / "c.sqlite3", settle_wait_s=15)
    await desk.login("T-CLERKA1")
    runner = asyncio.create_task(desk.sender.run())
    try:
        outcome = await desk.cases.submit(desk.draft(FULL_ITEM))
        assert outcome.state is MessageState.ACCEPTED
        assert outcome.result is not None and outcome.result.business_no
        assert outcome.receipt_note == "已受理"
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await desk.close()


async def test_a_business_refusal_is_final_and_shown(desk: Desk) -> None:
    draft = desk.draft(UNBLOCK_ITEM)  # 解挂 of a card that is not lost
    await desk.cases.submit(draft)
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(draft.case_id)
    assert case is not None
    assert case.state is MessageState.REJECTED
    assert case.state_label == "不予受理"
    assert "无需解挂" in case.message


async def test_content_the_platform_refuses_needs_attention_then_can_be_corrected(
    desk: Desk,
) -> None:
    # The platform's cross rule (period order) is not checked at the window: 422.
    draft = desk.draft(PRINT_ITEM, form={"period_from": "2024-05", "period_to": "2020-01"})
    await desk.cases.submit(draft)
    status = await desk.sender.drain(timeout=20)
    assert status.needs_attention == 1
    case = await desk.cases.case(draft.case_id)
    assert case is not None and case.state is MessageState.NEEDS_ATTENTION
    assert "起始年月不能晚于截止年月" in case.message
    assert "case_flagged" in actions(desk.audit)
    # Not looped: draining again sends nothing.
    assert (await desk.sender.drain(timeout=5)).needs_attention == 1

    draft.set_field("period_from", "2019-01")
    await desk.cases.submit(draft)  # supersedes the flagged upload
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(draft.case_id)
    assert case is not None and case.state is MessageState.ACCEPTED
    assert len(platform_cases(desk.server, {draft.case_id})) == 1
    messages = await desk.outbox.messages()
    assert [m.state for m in messages] == [MessageState.REJECTED, MessageState.ACCEPTED]


async def test_offline_accepts_offline_items_only(desk: Desk) -> None:
    desk.client.monitor.failed("测试：网络中断")
    assert desk.client.monitor.state is ConnectionState.OFFLINE
    with pytest.raises(CaseError) as caught:
        await desk.cases.submit(desk.draft(FULL_ITEM))
    assert caught.value.message == OFFLINE_REFUSED
    outcome = await desk.cases.submit(desk.draft(COLLECT_ITEM))
    assert outcome.accepted_offline
    assert outcome.pending and outcome.receipt_note == "已受理，待上传"
    assert outcome.message.startswith("已受理，待上传")
    # The network comes back: the case goes up by itself.
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(outcome.case_id)
    assert case is not None and case.state is MessageState.ACCEPTED
    assert case.accepted_offline
    [row] = platform_cases(desk.server, {outcome.case_id})
    assert row.accepted_offline and row.status == CaseStatus.FORWARDED.value


async def test_items_outside_the_outlet_category_cannot_be_started(
    training_server: TrainingServer, tmp_path: Path
) -> None:
    desk = open_desk(training_server, tmp_path / "c3.sqlite3", outlet_code="330102003")
    await desk.login("T-CLERK301")  # a category-3 outlet
    try:
        # The platform hides such items from this outlet's catalogue; a stale one still
        # must not open.
        assert REVIEW_ITEM not in desk.items
        item = next(i for i in load_catalogue() if i.code == REVIEW_ITEM)
        with pytest.raises(CaseError, match="不能办理"):
            desk.cases.new_draft(item)
    finally:
        await desk.close()


async def test_only_clerks_open_cases(
    training_server: TrainingServer, tmp_path: Path, new_staff: NewStaff
) -> None:
    desk = open_desk(training_server, tmp_path / "g.sqlite3")
    await desk.login("T-CLERKA1")
    item = desk.items[FULL_ITEM]
    await desk.login(new_staff((Role.GUIDE,)))
    try:
        with pytest.raises(PermissionDenied):
            desk.cases.new_draft(item)
    finally:
        await desk.close()


async def test_ab_cover_is_recorded_and_journaled(desk: Desk) -> None:
    record = await desk.cases.record_cover("t-clerkb1", reason="B岗休假")
    assert record.absent_staff_no == "T-CLERKB1"
    assert record.covering_staff_no == "T-CLERKA1"
    assert record.to_at is None
    with pytest.raises(CaseError, match="同一人"):
        await desk.cases.record_cover("T-CLERKA1", reason="自己")
    ended = await desk.cases.end_cover(record.id)
    assert ended.to_at is not None and ended.to_at >= ended.from_at
    assert [c.id for c in await desk.cases.covers()] == [record.id]
    assert actions(desk.audit).count("post_cover") == 2
