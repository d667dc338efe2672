"""The journal goes to the training platform in batches through the outbox."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from counter.bureau.client import BureauError
from counter.bureau.supervision import JournalAck
from counter.journal import Action
from counter.outbox import MessageState, NewMessage
from counter.storage.models import JournalEntry
from counter.supervision_store import KIND_JOURNAL, JournalUploadRow
from counter.training.server import TrainingServer
from counter.training.supervision import PlatformJournalRow
from tests.test_dayclose_support import Desk, supervision_desk
from tests.test_report_support import open_store


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    store = open_store(tmp_path / "counter.sqlite3")
    d = supervision_desk(training_server, store)
    await d.login()
    yield d
    await d.close()
    store.close()


async def journal_some(desk: Desk, n: int) -> int:
    for i in range(n):
        await desk.store.audit.record(
            Action.TICKET_CALL.value,
            staff_no="C001",
            role="clerk",
            object=f"S{i:03d}",
            details={"window": 1},
        )
    return len(await desk.store.executor.run(desk.store.journal.entries))


def platform_count(desk: Desk) -> int:
    with Session(desk.server.engine) as db:
        return int(
            db.scalar(
                select(func.count())
                .select_from(PlatformJournalRow)
                .where(PlatformJournalRow.device_id == desk.device_id)
            )
            or 0
        )


async def test_batches_reach_the_platform_and_are_marked_sent(desk: Desk) -> None:
    total = await journal_some(desk, 120)
    keys = await desk.uploader.upload_pending()
    assert len(keys) == math.ceil(total / 50)  # batch_size 50
    assert (await desk.uploader.status()).batches_pending == len(keys)
    await desk.sender.drain(timeout=20)
    await desk.uploader.mark_delivered()
    assert platform_count(desk) == total
    entries = await desk.store.executor.run(desk.store.journal.entries)
    assert all(e.sent_at is not None for e in entries[:total])
    status = await desk.uploader.status()
    assert status.batches_pending == 0 and status.last_sent_seq == total
    # only the sender's own records of the uploads are left: no batch for them alone...
    left = entries[total:]
    assert left and {e.action for e in left} == {Action.OUTBOX_DELIVERED.value}
    assert await desk.uploader.upload_pending() == []
    # ...they travel with the next one (or when flushed, as at day close)
    assert len(await desk.uploader.upload_pending(force=True)) == 1
    await desk.sender.drain(timeout=20)
    assert platform_count(desk) == len(entries)


async def test_a_batch_sent_again_is_stored_once(desk: Desk) -> None:
    total = await journal_some(desk, 10)
    [key] = await desk.uploader.upload_pending()
    body = await desk.store.executor.run(desk.store.outbox_store.body, key)
    first = JournalAck.model_validate(await desk.client.post_idempotent("/v1/journal", body, key))
    again = JournalAck.model_validate(await desk.client.post_idempotent("/v1/journal", body, key))
    assert (first.stored, first.duplicates, first.duplicate) == (total, 0, False)
    assert (again.stored, again.duplicates, again.duplicate) == (0, total, True)
    await desk.sender.drain(timeout=20)  # the outbox's own send is a duplicate too
    view = await desk.store.outbox.get(key)
    assert view is not None and view.state is MessageState.ACCEPTED
    assert platform_count(desk) == total


async def test_the_platform_refuses_rewritten_or_unlinked_entries(desk: Desk) -> None:
    await journal_some(desk, 5)
    [key] = await desk.uploader.upload_pending()
    await desk.sender.drain(timeout=20)
    body = await desk.store.executor.run(desk.store.outbox_store.body, key)
    rewritten = {**body, "batch_id": "rewritten-1"}
    rewritten["entries"] = [{**body["entries"][2], "object": "S999"}]
    with pytest.raises(BureauError) as info:
        await desk.client.post_idempotent("/v1/journal", rewritten, "rewritten-1")
    assert info.value.status == 422 and info.value.code == "JOURNAL_CONFLICT"
    last = body["entries"][-1]
    unlinked = {
        **body,
        "batch_id": "unlinked-1",
        "entries": [{**last, "entry_id": "f" * 36, "seq": last["seq"] + 1, "prev_hash": "0" * 64}],
    }
    with pytest.raises(BureauError) as info:
        await desk.client.post_idempotent("/v1/journal", unlinked, "unlinked-1")
    assert info.value.code == "JOURNAL_CHAIN_BROKEN"
    assert "不衔接" in info.value.message


async def test_a_refused_batch_waits_for_the_supervisor(desk: Desk) -> None:
    await journal_some(desk, 3)
    [key] = await desk.uploader.upload_pending()
    await desk.sender.drain(timeout=20)
    body = await desk.store.executor.run(desk.store.outbox_store.body, key)
    forged = {**body, "batch_id": "forged-batch-1"}
    forged["entries"] = [{**body["entries"][0], "staff_no": "X999"}]
    await desk.store.outbox.enqueue(
        NewMessage(
            kind=KIND_JOURNAL,
            path="/v1/journal",
            object_id="1-1",
            body=forged,
            key="forged-batch-1",
        ),
        created_by="system",
    )
    await desk.sender.drain(timeout=20)
    view = await desk.store.outbox.get("forged-batch-1")
    assert view is not None and view.state is MessageState.NEEDS_ATTENTION
    assert view.last_status == 422 and "不一致" in (view.last_error or "")


async def test_marks_are_repaired_after_a_crash(desk: Desk) -> None:
    total = await journal_some(desk, 8)
    await desk.uploader.upload_pending()
    await desk.sender.drain(timeout=20)
    await desk.uploader.mark_delivered()
    with desk.store.db.session() as s:  # as if the PC died between the Ack and the marks
        s.execute(update(JournalUploadRow).values(marked_at=None))
        s.execute(text("UPDATE journal_entries SET sent_at = NULL"))
    assert await desk.uploader.mark_delivered() == total
    with desk.store.db.session() as s:
        unsent = s.scalar(
            select(func.count()).where(JournalEntry.sent_at.is_(None), JournalEntry.seq <= total)
        )
    assert unsent == 0
    assert await desk.uploader.mark_delivered() == 0  # nothing twice
