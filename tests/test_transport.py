"""收件转运: 收件转运 cases gather in the day's batch; the courier hands it over."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.cases import CaseError
from counter.outbox import MessageState
from counter.session import PermissionDenied
from counter.training.case_db import TransportBatchItemRow, TransportBatchRow
from counter.training.server import TrainingServer
from tests.test_cases_support import COLLECT_ITEM, FULL_ITEM, Desk, actions, open_desk


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(training_server, tmp_path / "counter.sqlite3")
    await desk.login("T-CLERKA1")
    yield desk
    await desk.close()


def platform_batch(server: TrainingServer, batch_id: str) -> tuple[int, list[str]] | None:
    with Session(server.engine) as s:
        batch = s.scalar(select(TransportBatchRow).where(TransportBatchRow.batch_id == batch_id))
        if batch is None:
            return None
        numbers = s.scalars(
            select(TransportBatchItemRow.business_no).where(
                TransportBatchItemRow.batch_id == batch.id
            )
        ).all()
        return batch.file_count, sorted(numbers)


async def test_collect_cases_join_the_days_batch_and_the_courier_hands_it_over(
    desk: Desk,
) -> None:
    first = await desk.cases.submit(desk.draft(COLLECT_ITEM, ticket="A001"))
    await desk.cases.submit(desk.draft(FULL_ITEM))  # 全程办: no paper to carry
    second = await desk.cases.submit(desk.draft(COLLECT_ITEM, ticket="A002"))
    await desk.sender.drain(timeout=20)

    [batch] = await desk.transport.batches()
    assert batch.state == "open" and batch.state_label == "待交接"
    assert [m.case_id for m in batch.members] == [first.case_id, second.case_id]
    assert batch.case_count == 2 and batch.label.endswith("-03-01")
    assert all(m.person_masked.count("*") == 8 for m in batch.members)

    with pytest.raises(PermissionDenied):  # the clerk is not the courier
        await desk.transport.hand_over(batch.batch_id, received_by="王收件", file_count=2)

    await desk.login("T-COURIER1")
    with pytest.raises(CaseError, match="少于批次办件数"):
        await desk.transport.hand_over(batch.batch_id, received_by="王收件", file_count=1)
    handed = await desk.transport.hand_over(batch.batch_id, received_by="王收件", file_count=3)
    assert handed.state == "handed_over" and handed.handed_over_by == "T-COURIER1"
    assert handed.file_count == 3 and handed.handed_over_at is not None
    assert handed.upload_state is MessageState.QUEUED
    with pytest.raises(CaseError, match="已交接"):
        await desk.transport.hand_over(batch.batch_id, received_by="王收件", file_count=3)

    await desk.sender.drain(timeout=20)
    [after] = await desk.transport.batches()
    assert after.upload_state is MessageState.ACCEPTED
    numbers = sorted(m.business_no or "" for m in after.members)
    assert platform_batch(desk.server, batch.batch_id) == (3, numbers)
    assert "transport_batch" in actions(desk.audit)


async def test_a_case_after_the_hand_over_opens_the_next_batch(desk: Desk) -> None:
    await desk.cases.submit(desk.draft(COLLECT_ITEM))
    await desk.sender.drain(timeout=20)
    [first] = await desk.transport.batches()
    await desk.login("T-COURIER1")
    await desk.transport.hand_over(first.batch_id, received_by="王收件", file_count=1)
    await desk.login("T-CLERKA1")
    late = await desk.cases.submit(desk.draft(COLLECT_ITEM))
    batches = await desk.transport.batches()
    assert [b.seq for b in batches] == [1, 2]
    assert [m.case_id for m in batches[1].members] == [late.case_id]


async def test_uploads_wait_for_a_session_with_the_right_role(desk: Desk) -> None:
    """Offline all morning: cases wait for a clerk, the batch for the courier and its cases."""
    desk.client.monitor.failed("测试：网络中断")
    outcome = await desk.cases.submit(desk.draft(COLLECT_ITEM))
    assert outcome.pending
    await desk.login("T-COURIER1")  # the courier comes before the clerk is back online
    [batch] = await desk.transport.batches()
    handed = await desk.transport.hand_over(batch.batch_id, received_by="王收件", file_count=1)
    status = await desk.sender.drain(timeout=10)
    assert status.pending == 2  # the case needs a clerk; the batch needs its case
    view = await desk.outbox.get(outcome.outbox_key)
    assert view is not None and view.attempts == 0

    await desk.login("T-CLERKA1")
    status = await desk.sender.drain(timeout=20)
    assert status.pending == 1  # the case is up; the batch needs the courier
    await desk.login("T-COURIER1")
    assert (await desk.sender.drain(timeout=20)).pending == 0
    [after] = await desk.transport.batches()
    assert after.upload_state is MessageState.ACCEPTED
    assert after.members[0].business_no
    assert platform_batch(desk.server, handed.batch_id) == (1, [after.members[0].business_no])


async def test_an_empty_or_unknown_batch_cannot_be_handed_over(desk: Desk) -> None:
    await desk.login("T-COURIER1")
    with pytest.raises(CaseError, match="找不到"):
        await desk.transport.hand_over("no-such-batch", received_by="王收件", file_count=1)
    with pytest.raises(CaseError, match="接收人"):
        await desk.transport.hand_over("no-such-batch", received_by=" ", file_count=1)
