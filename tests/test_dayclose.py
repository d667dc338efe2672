"""Day close: each precondition on its own, the sign-off, what the platform receives, the
slip, the report, and the read-only day afterwards.

The fixture day (tests/test_report_support.py) on a fake clock, against the training
platform over HTTPS; the supervisor T-SUPER01 logs in for real (the sign-off checks the
password typed at login again).
"""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter.bureau.client import BureauClient, BureauError, build_ssl_context
from counter.bureau.supervision import DayCloseAck
from counter.day_exceptions import NOTE_EXCEPTION
from counter.dayclose import (
    NOTE_APPROVAL,
    NOTE_OUTBOX,
    CheckKey,
    Checklist,
    DayClosed,
    DayCloseError,
    DayNotReady,
    signoff_slip,
    stored_closes,
    verify_journal,
)
from counter.journal import Action, JournalRecord
from counter.outbox import MessageState
from counter.printing import Text
from counter.reconcile import NOTE_RECONCILE, UNAVAILABLE, Reconciler
from counter.storage.models import JournalEntry
from counter.supervision_store import CLOSED_DAY_ERROR, JournalUploadRow
from counter.training.server import TrainingServer
from counter.training.supervision import PlatformDayCloseRow, PlatformJournalRow
from tests.queue_support import CLERK, GUIDE
from tests.test_dayclose_support import Desk, supervision_desk
from tests.test_report_support import DAY, KEY, at, fixture_day, open_store

PASSWORD = "Train@2026"
CLOSED_DAY_TRIGGERS = {
    "tickets_closed_day_insert",
    "tickets_closed_day_update",
    "tickets_closed_day_delete",
    "ticket_events_closed_day_insert",
    "ticket_events_closed_day_delete",
    "window_pauses_closed_day_insert",
    "window_pauses_closed_day_update",
    "wait_estimates_closed_day_insert",
    "wait_estimates_closed_day_update",
    "cases_closed_day_insert",
    "cases_closed_day_update",
    "cases_closed_day_delete",
    "day_closes_no_update",
    "day_closes_no_delete",
}


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    store = open_store(tmp_path / "counter.sqlite3")
    await fixture_day(store)
    store.clock.now = at(17, 30)
    d = supervision_desk(training_server, store, reports_dir=tmp_path / "reports")
    await d.login()
    yield d
    await d.close()
    store.close()


async def settle(desk: Desk, checklist: Checklist) -> None:
    """Explain / acknowledge everything the checklist still lists."""
    day = checklist.day
    kinds = (
        (CheckKey.OUTBOX, NOTE_OUTBOX),
        (CheckKey.APPROVALS, NOTE_APPROVAL),
        (CheckKey.EXCEPTIONS, NOTE_EXCEPTION),
        (CheckKey.RECONCILE, NOTE_RECONCILE),
    )
    for key, kind in kinds:
        keys = [p.key for p in checklist.item(key).pending if not p.explained]
        if keys:
            await desk.day_close.explain(day, kind, keys, "已核实，情况属实")


def test_the_closed_day_triggers_exist(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.sqlite3")
    try:
        with store.db.engine.connect() as conn:
            names = {
                row[0]
                for row in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                )
            }
        assert CLOSED_DAY_TRIGGERS <= names
    finally:
        store.close()


async def test_the_checklist_lists_every_open_precondition(desk: Desk) -> None:
    desk.store.clock.now = at(11, 5)
    await desk.store.queue.issue(GUIDE, item_code="SB01", item_name="A事项")  # left open
    desk.store.clock.now = at(17, 30)
    checklist = await desk.day_close.checklist()
    assert checklist.day == DAY and not checklist.ready
    status = {item.key: item for item in checklist.items}
    assert list(status) == list(CheckKey)
    assert not status[CheckKey.TICKETS].ok
    assert [p.label for p in status[CheckKey.TICKETS].pending] == ["号票 S008"]
    # c4 (needs attention), c5 (queued) and the ratings of c1, c2, c5, c6 wait for upload
    outbox = status[CheckKey.OUTBOX]
    assert not outbox.ok and len(outbox.pending) == 6
    assert {p.label.split()[0] for p in outbox.pending} == {"办件", "评价"}
    approvals = status[CheckKey.APPROVALS]
    assert not approvals.ok and [p.key for p in approvals.pending] == ["c7"]
    exceptions = status[CheckKey.EXCEPTIONS]
    assert not exceptions.ok and len(exceptions.pending) == 8  # not the outbox / approval ones
    rec = status[CheckKey.RECONCILE]
    assert not rec.ok  # the platform knows none of the fixture's cases (other day there)
    assert checklist.reconciliation is not None
    assert len(checklist.reconciliation.items) == 6
    with pytest.raises(DayNotReady) as info:
        await desk.day_close.close(PASSWORD)
    assert "号票全部结束" in info.value.message


async def test_open_tickets_are_closed_in_one_go_with_a_reason(desk: Desk) -> None:
    desk.store.clock.now = at(11, 5)
    await desk.store.queue.issue(GUIDE, item_code="SB01", item_name="A事项")
    await desk.store.queue.pause(CLERK, 1, "午休")
    desk.store.clock.now = at(17, 30)
    before = (await desk.day_close.checklist()).item(CheckKey.TICKETS)
    assert {p.label for p in before.pending} == {"号票 S008", "1号窗口暂停中"}
    with pytest.raises(Exception, match="原因"):
        await desk.day_close.close_open_tickets("")
    assert await desk.day_close.close_open_tickets("营业结束，办事人已离开") == 1
    after = (await desk.day_close.checklist()).item(CheckKey.TICKETS)
    assert after.ok and after.pending == ()


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        (CheckKey.OUTBOX, NOTE_OUTBOX),
        (CheckKey.APPROVALS, NOTE_APPROVAL),
        (CheckKey.EXCEPTIONS, NOTE_EXCEPTION),
        (CheckKey.RECONCILE, NOTE_RECONCILE),
    ],
)
async def test_each_precondition_is_met_by_explaining_each_item(
    desk: Desk, key: CheckKey, kind: str
) -> None:
    item = (await desk.day_close.checklist()).item(key)
    assert not item.ok
    keys = [p.key for p in item.pending]
    with pytest.raises(DayCloseError, match="说明"):
        await desk.day_close.explain(DAY, kind, keys, " ")
    if len(keys) > 1:  # half explained is not enough
        await desk.day_close.explain(DAY, kind, keys[:1], "已核实")
        half = (await desk.day_close.checklist()).item(key)
        assert not half.ok and sum(p.explained for p in half.pending) == 1
    await desk.day_close.explain(DAY, kind, keys, "已核实，次日处理")
    done = (await desk.day_close.checklist()).item(key)
    assert done.ok and all(p.explained and p.note == "已核实，次日处理" for p in done.pending)
    notes = [e for e in await _journal(desk, Action.DAY_CLOSE_NOTE) if e.outcome == kind]
    assert notes and notes[-1].details["count"] == len(keys)


async def test_an_unreachable_platform_must_be_explained(
    desk: Desk, training_server: TrainingServer
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = BureauClient(
        f"https://127.0.0.1:{port}",
        build_ssl_context(training_server.ca_file),
        connect_timeout_s=1,
        read_timeout_s=1,
    )
    desk.day_close.reconciler = Reconciler(
        client, desk.store.db, desk.store.executor, clock=desk.store.clock
    )
    try:
        item = (await desk.day_close.checklist()).item(CheckKey.RECONCILE)
        assert not item.ok and "无法与平台对账" in item.detail
        assert [p.key for p in item.pending] == [UNAVAILABLE]
        await desk.day_close.explain(DAY, NOTE_RECONCILE, [UNAVAILABLE], "专网中断，次日补对账")
        assert (await desk.day_close.checklist()).item(CheckKey.RECONCILE).ok
    finally:
        await client.aclose()


async def test_sign_off_needs_the_password_again(desk: Desk) -> None:
    await settle(desk, await desk.day_close.checklist())
    with pytest.raises(DayCloseError) as info:
        await desk.day_close.close("wrong-password")
    assert info.value.code == "BAD_PASSWORD"
    assert (await _journal(desk, Action.DAY_CLOSE))[-1].outcome == "bad_password"
    assert await desk.day_close.closed(DAY) is None


async def test_the_full_close(desk: Desk) -> None:
    await settle(desk, await desk.day_close.checklist())
    checklist = await desk.day_close.checklist()
    assert checklist.ready
    result = await desk.day_close.close(PASSWORD)
    record = result.record
    assert record.day == DAY and record.closed_by == "T-SUPER01" and record.mac_ok
    # the head is the day's last entry that went into an upload batch: the close itself
    with desk.store.db.session() as s:
        flushed = s.scalar(
            select(JournalUploadRow.last_seq).order_by(JournalUploadRow.last_seq.desc()).limit(1)
        )
        head = s.get(JournalEntry, record.journal_count)
    assert head is not None and head.hash == record.journal_head and head.seq <= (flushed or 0)
    assert head.action == Action.DAY_CLOSE.value
    s = record.summary
    assert (s.tickets_issued, s.served, s.no_show, s.closed_at_day_end) == (7, 3, 2, 1)
    assert (s.cases_total, s.cases_pending, s.ratings_bad, s.exceptions) == (6, 2, 1, 11)
    assert s.explanations == 21  # 6 uploads + 1 approval + 8 exceptions + 6 reconciliation
    # the slip: printed, with the head in two lines
    slip = desk.store.printer.slips[-1]
    lines = [b.text for b in slip.blocks if isinstance(b, Text)]
    assert record.journal_head[:32] in lines and record.journal_head[32:] in lines
    assert result.printed and slip.training
    # the report files
    assert sorted(p.suffix for p in result.files) == [".csv", ".json", ".pdf"]
    assert json.loads(result.files[1].read_text(encoding="utf-8"))["close"]["journal_head"] == (
        record.journal_head
    )
    assert result.report.journal.verify is not None and result.report.journal.verify.ok
    # the platform: journal batches first, then the close (it waits for them)
    await desk.sender.drain(timeout=20)
    closed = await desk.day_close.closed(DAY)
    assert closed is not None and closed.upload_state is MessageState.ACCEPTED
    with Session(desk.server.engine) as db:
        row = db.scalar(
            select(PlatformDayCloseRow).where(PlatformDayCloseRow.window == desk.window)
        )
        assert row is not None and row.journal_head == record.journal_head and row.head_known
        assert row.data["summary"]["served"] == 3 and row.signed_by == "T-SUPER01"
        count = db.scalar(
            select(text("count(*)"))
            .select_from(PlatformJournalRow)
            .where(PlatformJournalRow.device_id == desk.device_id)
        )
        assert count is not None and count >= record.journal_count
    # the platform answers a repeat with its stored acknowledgement, another close: 409
    body = await desk.store.executor.run(desk.store.outbox_store.body, record.outbox_key)
    again = DayCloseAck.model_validate(
        await desk.client.post_idempotent("/v1/day-closes", body, "another-key-1")
    )
    assert again.duplicate and again.head_known
    changed = {**body, "summary": {**body["summary"], "served": 4}}
    with pytest.raises(BureauError) as info:
        await desk.client.post_idempotent("/v1/day-closes", changed, "another-key-2")
    assert info.value.status == 409 and info.value.code == "DAY_CLOSED"
    # the journal still verifies, against the head, and the close cannot happen twice
    check = await desk.store.executor.run(verify_journal, desk.store.db, KEY, DAY, None)
    assert check.ok, check.lines
    with pytest.raises(DayClosed):
        await desk.day_close.close(PASSWORD)


async def test_a_closed_day_is_read_only(desk: Desk) -> None:
    await settle(desk, await desk.day_close.checklist())
    await desk.day_close.close(PASSWORD)
    store = desk.store
    store.clock.now = at(17, 45)
    with pytest.raises(IntegrityError, match="DAY_CLOSED"):
        await store.queue.issue(GUIDE, item_code="SB01", item_name="A事项")
    with pytest.raises(IntegrityError, match="DAY_CLOSED"), store.db.session() as s:
        s.execute(text("UPDATE cases SET rating = '满意' WHERE case_id = 'c4'"))
    with pytest.raises(IntegrityError, match="append-only"), store.db.session() as s:
        s.execute(text("DELETE FROM day_closes"))
    assert CLOSED_DAY_ERROR.startswith("DAY_CLOSED")
    with pytest.raises(DayClosed):
        await desk.day_close.explain(DAY, NOTE_OUTBOX, ["x"], "迟到的说明")
    # a correction is a new entry, never an edit; the chain still verifies
    entry = await desk.day_close.late_correction(DAY, "S006 的办理时间应为 10:31，特此更正")
    assert entry.action == Action.LATE_CORRECTION.value and entry.details["day"] == "2026-03-18"
    check = await store.executor.run(verify_journal, store.db, KEY, None, None)
    assert check.ok, check.lines
    # the next day is open as usual
    store.clock.now = at(9, 0) + timedelta(days=1)
    ticket = await store.queue.issue(GUIDE, item_code="SB01", item_name="A事项")
    assert ticket.number == "S001"


async def test_the_slip_reprints_marked(desk: Desk) -> None:
    await settle(desk, await desk.day_close.checklist())
    result = await desk.day_close.close(PASSWORD)
    printed, error = await desk.day_close.reprint_slip(DAY)
    assert printed and error is None
    texts = [b.text for b in desk.store.printer.slips[-1].blocks if isinstance(b, Text)]
    assert "（补打）" in texts
    records = await desk.store.executor.run(stored_closes, desk.store.db, KEY, None)
    assert [r.day for r in records] == [DAY]
    slip = signoff_slip(
        result.record, outlet_name="湖滨支行", supervisor="刘*（T-SUPER01）", training=False
    )
    assert not slip.training and "日结签字单" in repr(slip.blocks[0])


async def test_a_print_failure_does_not_undo_the_close(desk: Desk) -> None:
    await settle(desk, await desk.day_close.checklist())
    desk.store.printer.fail = "打印机缺纸"
    result = await desk.day_close.close(PASSWORD)
    assert not result.printed and result.print_error == "打印机缺纸"
    assert await desk.day_close.closed(DAY) is not None


async def _journal(desk: Desk, action: Action) -> list[JournalRecord]:
    entries = await desk.store.executor.run(desk.store.journal.entries)
    return [e for e in entries if e.action == action.value]
