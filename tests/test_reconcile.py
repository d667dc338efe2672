"""Reconciliation with the platform: clean days, and each kind of discrepancy with what
to do. Cases go through the real case service to a training platform of their own."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import text

from counter.audit import MemoryAudit
from counter.bureau.cases import CaseRecord, CaseStatus
from counter.bureau.client import BureauClient, build_ssl_context
from counter.journal import BUSINESS_TZ
from counter.outbox import MessageState
from counter.reconcile import Discrepancy, LocalCase, Reconciler, compare
from counter.training.seed import TRAINING_OUTLET_CODE
from counter.training.server import TrainingServer
from tests.test_cases_support import (
    COLLECT_ITEM,
    FEATURED,
    FULL_ITEM,
    UNBLOCK_ITEM,
    Desk,
    open_desk,
)
from tests.test_report_support import ITEM_A, add_case


def today() -> date:
    return datetime.now(BUSINESS_TZ).date()


@pytest.fixture
async def pc(fresh_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(fresh_server, tmp_path / "pc1.sqlite3")
    await desk.login("T-CLERKA1")
    yield desk
    await desk.close()


@pytest.fixture
async def other_pc(fresh_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    desk = open_desk(fresh_server, tmp_path / "pc2.sqlite3")
    await desk.login("T-CLERKB1")
    yield desk
    await desk.close()


def local(desk: Desk) -> Any:
    """What `add_case` needs of a store, from a case desk."""
    return SimpleNamespace(db=desk.db, cipher=desk.cipher, outbox_store=desk.store)


async def submit(desk: Desk, code: str, person: int) -> str:
    draft = desk.draft(code, FEATURED[person].id_number)
    await desk.cases.submit(draft)
    await desk.sender.drain(timeout=20)
    return draft.case_id


async def reconcile(desk: Desk, day: date | None = None, audit: MemoryAudit | None = None):  # type: ignore[no-untyped-def]
    reconciler = Reconciler(desk.client, desk.db, desk.executor, audit)
    return await reconciler.reconcile(day or today(), TRAINING_OUTLET_CODE)


async def test_a_day_the_platform_agrees_with_is_clean(pc: Desk) -> None:
    await submit(pc, FULL_ITEM, 0)  # 办结
    await submit(pc, COLLECT_ITEM, 1)  # 转后台
    await submit(pc, UNBLOCK_ITEM, 0)  # 不予受理: the card is not lost
    audit = MemoryAudit()
    result = await reconcile(pc, audit=audit)
    assert result.clean and result.settled
    assert (result.local_count, result.platform_count, result.matched) == (3, 3, 3)
    assert audit.entries[-1]["action"] == "reconcile"
    assert audit.entries[-1]["outcome"] == "clean"


async def test_accepted_here_but_unknown_there(pc: Desk) -> None:
    now = datetime.now(BUSINESS_TZ)
    add_case(
        local(pc),
        "lost-case",
        maker="T-CLERKA1",
        item=ITEM_A,
        state=MessageState.ACCEPTED,
        created_at=now,
        business_no="330102001X",
        day=today(),
        status=CaseStatus.COMPLETED,
    )
    add_case(
        local(pc),
        "queued-case",
        maker="T-CLERKA1",
        item=ITEM_A,
        state=MessageState.QUEUED,
        created_at=now,
        day=today(),
    )
    add_case(
        local(pc),
        "flagged-case",
        maker="T-CLERKA1",
        item=ITEM_A,
        state=MessageState.NEEDS_ATTENTION,
        created_at=now,
        day=today(),
    )
    add_case(
        local(pc),
        "given-up",
        maker="T-CLERKA1",
        item=ITEM_A,
        state=MessageState.REJECTED,
        created_at=now,
        day=today(),
    )
    result = await reconcile(pc)
    items = {i.case_id: i for i in result.items}
    assert set(items) == {"lost-case", "queued-case", "flagged-case"}  # given up: consistent
    assert all(i.kind is Discrepancy.LOCAL_ONLY for i in items.values())
    assert "平台没有该办件记录" in items["lost-case"].what_to_do
    assert "330102001X" in items["lost-case"].what_to_do
    assert "自动上传" in items["queued-case"].what_to_do
    assert "重新提交" in items["flagged-case"].what_to_do
    assert items["lost-case"].label == "本机已受理、平台无记录"
    assert not result.clean and not result.settled


async def test_known_there_but_missing_here(pc: Desk, other_pc: Desk) -> None:
    elsewhere = await submit(other_pc, FULL_ITEM, 2)
    result = await reconcile(pc)
    [item] = result.items
    assert item.kind is Discrepancy.PLATFORM_ONLY and item.case_id == elsewhere
    assert item.maker == "T-CLERKB1" and "T-CLERKB1" in item.what_to_do
    assert item.local == "无记录" and item.platform.startswith("办结")


async def test_status_and_number_differences(pc: Desk, other_pc: Desk) -> None:
    number_differs = await submit(other_pc, FULL_ITEM, 3)
    answer_lost = await submit(other_pc, COLLECT_ITEM, 4)
    now = datetime.now(BUSINESS_TZ)
    add_case(
        local(pc),
        number_differs,
        maker="T-CLERKA1",
        item=ITEM_A,
        state=MessageState.ACCEPTED,
        created_at=now,
        business_no="WRONG-NO",
        day=today(),
        status=CaseStatus.COMPLETED,
    )
    add_case(
        local(pc),
        answer_lost,
        maker="T-CLERKA1",
        item=ITEM_A,
        state=MessageState.SENDING,
        created_at=now,
        day=today(),
    )
    result = await reconcile(pc)
    items = {i.case_id: i for i in result.items}
    assert {i.kind for i in items.values()} == {Discrepancy.STATUS_DIFFERS}
    assert "办件编号不一致" in items[number_differs].what_to_do
    assert "WRONG-NO" in items[number_differs].what_to_do
    assert "切勿重新受理" in items[answer_lost].what_to_do
    assert items[answer_lost].local == "待上传"


async def test_a_case_uploaded_a_day_later_matches_on_its_upload_day(pc: Desk) -> None:
    case_id = await submit(pc, FULL_ITEM, 5)
    yesterday = today() - timedelta(days=1)
    with pc.db.session() as s:  # accepted offline yesterday, uploaded today
        s.execute(
            text("UPDATE cases SET business_day = :d WHERE case_id = :c"),
            {"d": yesterday.isoformat(), "c": case_id},
        )
    before = await reconcile(pc, yesterday)
    assert before.clean and before.matched == 1 and before.cross_day == 1
    on_the_day = await reconcile(pc)
    assert on_the_day.clean and on_the_day.cross_day == 1  # listed today, held as yesterday's


async def test_an_unreachable_platform_is_reported_not_raised(pc: Desk) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = BureauClient(
        f"https://127.0.0.1:{port}",
        build_ssl_context(pc.server.ca_file),
        connect_timeout_s=1,
        read_timeout_s=1,
    )
    audit = MemoryAudit()
    try:
        result = await Reconciler(client, pc.db, pc.executor, audit).reconcile(
            today(), TRAINING_OUTLET_CODE
        )
    finally:
        await client.aclose()
    assert result.error is not None and "连接" in result.error
    assert not result.clean and not result.settled
    assert audit.entries[-1]["outcome"] == "unavailable"


# --- the comparison rules, one by one --------------------------------------------------------


def case(state: MessageState, status: CaseStatus | None = None, no: str | None = None) -> LocalCase:
    return LocalCase("c", date(2026, 3, 18), "SB01", "C001", state, no, status, None)


def record(status: CaseStatus, no: str = "N1") -> CaseRecord:
    return CaseRecord(
        business_no=no if status is not CaseStatus.REJECTED else "",
        case_id="c",
        item_code="SB01",
        status=status,
        maker="C001",
        received_at=datetime(2026, 3, 18, 2, 0, tzinfo=BUSINESS_TZ),
    )


ACCEPTED, REJECTED = MessageState.ACCEPTED, MessageState.REJECTED
DONE, FWD, NO = CaseStatus.COMPLETED, CaseStatus.FORWARDED, CaseStatus.REJECTED


@pytest.mark.parametrize(
    ("local_case", "platform", "expected"),
    [
        (case(ACCEPTED, DONE, "N1"), record(DONE), None),
        (case(ACCEPTED, FWD, "N1"), record(FWD), None),
        (case(REJECTED, NO), record(NO), None),
        (case(REJECTED), None, None),  # given up here, never there
        (case(ACCEPTED, DONE, "N1"), None, Discrepancy.LOCAL_ONLY),
        (case(REJECTED, NO), None, Discrepancy.LOCAL_ONLY),
        (case(MessageState.NEEDS_ATTENTION), None, Discrepancy.LOCAL_ONLY),
        (case(MessageState.QUEUED), None, Discrepancy.LOCAL_ONLY),
        (case(MessageState.SENDING), None, Discrepancy.LOCAL_ONLY),
        (case(ACCEPTED, DONE, "N1"), record(NO), Discrepancy.STATUS_DIFFERS),
        (case(ACCEPTED, DONE, "N2"), record(DONE), Discrepancy.STATUS_DIFFERS),
        (case(ACCEPTED, FWD, "N1"), record(DONE), Discrepancy.STATUS_DIFFERS),
        (case(REJECTED, NO), record(DONE), Discrepancy.STATUS_DIFFERS),
        (case(REJECTED), record(DONE), Discrepancy.STATUS_DIFFERS),
        (case(MessageState.QUEUED), record(DONE), Discrepancy.STATUS_DIFFERS),
        (case(MessageState.NEEDS_ATTENTION), record(FWD), Discrepancy.STATUS_DIFFERS),
    ],
)
def test_compare(
    local_case: LocalCase, platform: CaseRecord | None, expected: Discrepancy | None
) -> None:
    found = compare(local_case, platform)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.kind is expected
        assert found.what_to_do and found.key == f"{expected.value}:c"
