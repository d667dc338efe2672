"""A/B review (maker–checker) against the training platform."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from counter.bureau.models import Role
from counter.cases import ApprovalState, CaseError
from counter.outbox import MessageState
from counter.storage.models import utcnow
from counter.training.seed import TRAINING_PASSWORD
from counter.training.server import TrainingServer
from tests.test_cases_support import REVIEW_ITEM, Desk, actions, open_desk, platform_cases
from tests.training_fixtures import NewStaff


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(training_server, tmp_path / "counter.sqlite3")
    await desk.login("T-CLERKA1")
    yield desk
    await desk.close()


async def test_review_then_submit_records_maker_and_checker(desk: Desk) -> None:
    draft = desk.draft(REVIEW_ITEM)
    with pytest.raises(CaseError) as caught:
        await desk.cases.submit(draft)
    assert caught.value.code == "REVIEW_NONE"
    assert "复核" in caught.value.message

    approval = await desk.cases.request_review(draft, "t-clerkb1", TRAINING_PASSWORD)
    assert approval.reviewer_staff_no == "T-CLERKB1"
    assert approval.case_digest == draft.digest()
    assert draft.approval_state(utcnow()) is ApprovalState.VALID
    await desk.cases.submit(draft)
    await desk.sender.drain(timeout=20)
    case = await desk.cases.case(draft.case_id)
    assert case is not None and case.state is MessageState.ACCEPTED
    assert case.checker == "T-CLERKB1"
    [row] = platform_cases(desk.server, {draft.case_id})
    assert (row.maker, row.checker) == ("T-CLERKA1", "T-CLERKB1")
    assert [e["outcome"] for e in desk.audit.entries if e["action"] == "review"] == ["ok"]


async def test_the_maker_cannot_review_their_own_case(desk: Desk) -> None:
    draft = desk.draft(REVIEW_ITEM)
    with pytest.raises(CaseError) as caught:
        await desk.cases.request_review(draft, "T-CLERKA1", TRAINING_PASSWORD)
    assert caught.value.code == "SELF_REVIEW"  # refused in the core, before any request
    assert draft.approval is None
    assert [e["outcome"] for e in desk.audit.entries if e["action"] == "review"] == ["self_review"]


async def test_an_edit_after_approval_voids_it(desk: Desk) -> None:
    draft = desk.draft(REVIEW_ITEM)
    await desk.cases.request_review(draft, "T-CLERKB1", TRAINING_PASSWORD)
    draft.set_field("bank_account", "6222 0212 3456 7890")
    assert draft.approval is None
    assert draft.approval_state(utcnow()) is ApprovalState.VOIDED
    with pytest.raises(CaseError) as caught:
        await desk.cases.submit(draft)
    assert caught.value.code == "REVIEW_VOIDED"
    assert "重新复核" in caught.value.message
    # A material unticked and ticked again, or the ticket changed: also an edit.
    await desk.cases.request_review(draft, "T-CLERKB1", TRAINING_PASSWORD)
    draft.set_ticket("A999")
    assert draft.approval_state(utcnow()) is ApprovalState.VOIDED


async def test_an_old_approval_expires(desk: Desk) -> None:
    draft = desk.draft(REVIEW_ITEM)
    approval = await desk.cases.request_review(draft, "T-CLERKB1", TRAINING_PASSWORD)
    later = approval.expires_at + timedelta(seconds=1)
    assert draft.approval_state(later) is ApprovalState.EXPIRED
    desk.cases.clock = lambda: later
    with pytest.raises(CaseError) as caught:
        await desk.cases.submit(draft)
    assert caught.value.code == "REVIEW_EXPIRED"


async def test_wrong_password_and_missing_role_are_refused_by_the_platform(
    desk: Desk, new_staff: NewStaff
) -> None:
    draft = desk.draft(REVIEW_ITEM)
    reviewer = new_staff((Role.CLERK, Role.REVIEWER))
    with pytest.raises(CaseError, match="复核人"):
        await desk.cases.request_review(draft, reviewer, "Wrong#pass1")
    plain_clerk = new_staff((Role.CLERK,))
    with pytest.raises(CaseError, match="没有复核权限"):
        await desk.cases.request_review(draft, plain_clerk, TRAINING_PASSWORD)
    assert draft.approval is None
    outcomes = [e["outcome"] for e in desk.audit.entries if e["action"] == "review"]
    assert outcomes == ["REVIEW_BAD_CREDENTIALS", "REVIEWER_ROLE"]
    assert "case_submit" not in actions(desk.audit)


async def test_review_needs_the_platform(desk: Desk) -> None:
    draft = desk.draft(REVIEW_ITEM)
    desk.client.monitor.failed("测试：网络中断")
    with pytest.raises(CaseError) as caught:
        await desk.cases.request_review(draft, "T-CLERKB1", TRAINING_PASSWORD)
    assert caught.value.code == "OFFLINE"
