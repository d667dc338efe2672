"""意见簿: entries typed in from the book, masked everywhere but where they must not be,
replies due in 15 days, each step uploaded to the platform as a revision."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.bureau.supervision import FeedbackCategory, FeedbackSource, FeedbackStatus
from counter.feedback import FeedbackError
from counter.journal import Action
from counter.outbox import MessageState
from counter.training.server import TrainingServer
from counter.training.supervision import PlatformFeedbackRow
from tests.test_dayclose_support import Desk, supervision_desk
from tests.test_report_support import DAY, at, open_store

TEXT = "3号窗口张丽华耐心细致，帮我办好了社保卡。身份证330102199001011234，电话13800001234"


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    store = open_store(tmp_path / "counter.sqlite3")
    store.clock.now = at(16, 0)
    d = supervision_desk(training_server, store)
    await d.login()
    yield d
    await d.close()
    store.close()


async def add(desk: Desk, **kw: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "received_on": DAY,
        "source": FeedbackSource.BOOK,
        "category": FeedbackCategory.PRAISE,
        "content": TEXT,
        "contact": "138 0000 1234",
        "staff_concerned": "t-clerkb1",
    }
    values.update(kw)
    return await desk.feedback.add(**values)  # type: ignore[arg-type]


async def test_an_entry_is_kept_masked_and_uploaded(desk: Desk) -> None:
    entry = await add(desk)
    assert entry.content.startswith("3号窗口")
    assert "330102199001011234" not in entry.content and "13800001234" not in entry.content
    assert entry.contact_masked == "138****1234" and entry.staff_concerned == "T-CLERKB1"
    assert entry.due_on == DAY + timedelta(days=15) and entry.status is FeedbackStatus.OPEN
    assert entry.upload_state is MessageState.QUEUED and entry.revision == 1
    wal = desk.store.path.with_name(desk.store.path.name + "-wal")
    raw = desk.store.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert b"13800001234" not in raw and b"330102199001011234" not in raw
    await desk.sender.drain(timeout=20)
    [listed] = await desk.feedback.entries()
    assert listed.upload_state is MessageState.ACCEPTED
    with Session(desk.server.engine) as db:
        row = db.scalar(
            select(PlatformFeedbackRow).where(PlatformFeedbackRow.feedback_id == entry.feedback_id)
        )
        assert row is not None and row.revision == 1
        assert "13800001234" not in str(row.data) and row.data["contact_masked"] == "138****1234"


async def test_the_contact_can_be_shown_and_that_is_journaled(desk: Desk) -> None:
    entry = await add(desk)
    assert await desk.feedback.contact(entry.feedback_id) == "138 0000 1234"
    entries = await desk.store.executor.run(desk.store.journal.entries)
    unmask = [e for e in entries if e.action == Action.UNMASK.value]
    assert unmask and unmask[-1].object == "138****1234"
    assert unmask[-1].details["fields"] == "feedback_contact"


async def test_a_reply_is_due_in_fifteen_days_and_closes_the_entry(desk: Desk) -> None:
    entry = await add(
        desk,
        category=FeedbackCategory.COMPLAINT,
        contact=None,
        content="等候时间太长，希望增加窗口",
    )
    desk.store.clock.now = at(16, 0) + timedelta(days=13)
    [soon] = await desk.feedback.entries(open_only=True)
    assert soon.warnings == ("答复将于 2026-04-02 到期",) and not soon.overdue
    desk.store.clock.now = at(16, 0) + timedelta(days=16)
    [late] = await desk.feedback.overdue()
    assert late.warnings == ("答复已逾期（应于 2026-04-02 前答复）",)
    with pytest.raises(FeedbackError, match="答复"):
        await desk.feedback.reply(entry.feedback_id, " ")
    replied = await desk.feedback.reply(entry.feedback_id, "已增加午间弹性窗口，并电话告知")
    assert replied.status is FeedbackStatus.CLOSED and replied.revision == 2
    assert replied.warnings == () and await desk.feedback.overdue() == []
    with pytest.raises(FeedbackError, match="已办结"):
        await desk.feedback.reply(entry.feedback_id, "再次答复")
    await desk.sender.drain(timeout=20)
    with Session(desk.server.engine) as db:
        revisions = db.scalars(
            select(PlatformFeedbackRow.revision).where(
                PlatformFeedbackRow.feedback_id == entry.feedback_id
            )
        )
        assert sorted(revisions) == [1, 2]


async def test_bad_input_is_refused_with_a_message(desk: Desk) -> None:
    with pytest.raises(FeedbackError, match="意见内容"):
        await add(desk, content="")
    with pytest.raises(FeedbackError, match="联系电话"):
        await add(desk, contact="12345")
    with pytest.raises(FeedbackError, match="收到日期"):
        await add(desk, received_on=DAY + timedelta(days=1))
    assert await desk.feedback.entries() == []
