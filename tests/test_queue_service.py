"""QueueService, action by action, on a real SQLite file and the real DB executor."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from counter.audit import MemoryAudit
from counter.bureau.models import Role
from counter.printing import PrintError
from counter.queue.model import (
    CallRule,
    ChangeKind,
    Priority,
    QueueChange,
    TicketOutcome,
    TicketState,
)
from counter.queue.repo import ItemRef
from counter.queue.service import QueueError, QueueService
from counter.session import PermissionDenied
from counter.storage import Database, DbExecutor, open_database
from drivers.printer import open_printer
from tests.escpos_decoder import decode
from tests.queue_support import (
    CLERK,
    CLERK2,
    COURIER,
    GUIDE,
    SUPERVISOR,
    Clock,
    SlipPrinter,
    make_service,
    session_for,
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "counter.sqlite3")
    yield database
    database.close()


@pytest.fixture
def executor() -> Iterator[DbExecutor]:
    with DbExecutor() as ex:
        yield ex


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def printer() -> SlipPrinter:
    return SlipPrinter()


@pytest.fixture
def audit() -> MemoryAudit:
    return MemoryAudit()


@pytest.fixture
def svc(
    db: Database, executor: DbExecutor, printer: SlipPrinter, clock: Clock, audit: MemoryAudit
) -> QueueService:
    return make_service(db, executor, printer, clock, audit=audit)


@pytest.fixture
def changes(svc: QueueService) -> list[QueueChange]:
    seen: list[QueueChange] = []
    svc.changed.connect(seen.append)
    return seen


def actions(audit: MemoryAudit) -> list[str]:
    return [str(e["action"]) for e in audit.entries]


async def issue(svc: QueueService, priority: Priority = Priority.NORMAL, **kw: object):  # type: ignore[no-untyped-def]
    return await svc.issue(
        GUIDE, item_code="SB00101", item_name="城乡居民养老保险参保登记", priority=priority, **kw
    )


# --- issuing --------------------------------------------------------------------------


async def test_issue_prints_then_waits_and_numbers_run_per_day(
    svc: QueueService, printer: SlipPrinter, audit: MemoryAudit, changes: list[QueueChange]
) -> None:
    first = await issue(svc)
    second = await issue(svc)
    assert (first.number, second.number) == ("S001", "S002")
    assert first.state is TicketState.WAITING and first.printed_at is not None
    assert first.business_day == "2026-03-18"
    assert len(printer.slips) == 2
    assert [c.kind for c in changes] == [ChangeKind.ISSUED, ChangeKind.ISSUED]
    assert actions(audit) == ["ticket_issue", "ticket_issue"]
    entry = audit.entries[1]
    assert entry["object"] == "S002" and entry["staff_no"] == "G001" and entry["role"] == "guide"
    assert entry["details"]["ahead"] == 1  # type: ignore[index]
    assert [t.number for t in await svc.waiting()] == ["S001", "S002"]


async def test_failed_print_leaves_the_ticket_not_printed_and_never_called(
    svc: QueueService, printer: SlipPrinter, audit: MemoryAudit, changes: list[QueueChange]
) -> None:
    printer.fail = "打印机缺纸"
    with pytest.raises(PrintError, match="缺纸"):
        await issue(svc)
    [lost] = await svc.not_printed()
    assert lost.number == "S001" and lost.state is TicketState.NOT_PRINTED
    assert await svc.waiting() == []
    assert await svc.call_next(CLERK, 1) is None  # no phantom number gets called
    with pytest.raises(QueueError, match="没有打印成功"):
        await svc.call_specific(CLERK, 1, lost.id, "老人等候较久")
    assert changes[-1].kind is ChangeKind.PRINT_FAILED
    assert audit.entries[-1]["outcome"] == "print_failed"

    printer.fail = None
    reprinted = await svc.reprint(GUIDE, lost.id)
    assert reprinted.state is TicketState.WAITING and reprinted.number == "S001"
    assert actions(audit)[-1] == "ticket_reprint"
    assert any("补打" in getattr(b, "text", "") for b in printer.slips[-1].blocks)
    with pytest.raises(QueueError, match="无需补打"):
        await svc.reprint(GUIDE, lost.id)


async def test_cancelled_unprinted_number_is_not_reused(
    svc: QueueService, printer: SlipPrinter
) -> None:
    printer.fail = "打印机离线"
    with pytest.raises(PrintError):
        await issue(svc)
    [lost] = await svc.not_printed()
    with pytest.raises(QueueError, match="取消原因"):
        await svc.cancel(GUIDE, lost.id, " ")
    cancelled = await svc.cancel(GUIDE, lost.id, "打印机故障，群众改日再来")
    assert cancelled.outcome is TicketOutcome.CANCELLED
    printer.fail = None
    assert (await issue(svc)).number == "S002"
    stats = await svc.day_stats()
    assert stats.issued == 2 and stats.printed == 1
    assert stats.outcomes[TicketOutcome.CANCELLED] == 1 and stats.adds_up()


async def test_numbers_are_unique_under_concurrent_issuing(
    tmp_path: Path, db: Database, svc: QueueService, clock: Clock
) -> None:
    # A second desk on the same file with its own engine and DB thread.
    other_db = open_database(tmp_path / "counter.sqlite3")
    try:
        with DbExecutor("other-desk") as other_executor:
            other = make_service(other_db, other_executor, SlipPrinter(), clock)
            issued = await asyncio.gather(*(issue(svc if n % 2 else other) for n in range(30)))
    finally:
        other_db.close()
    numbers = sorted(t.number for t in issued)
    assert numbers == [f"S{n:03d}" for n in range(1, 31)]


async def test_series_restarts_each_business_day_and_prefix_is_configurable(
    db: Database, executor: DbExecutor, clock: Clock
) -> None:
    svc = make_service(db, executor, SlipPrinter(), clock, prefix="SB")
    assert (await issue(svc)).number == "SB001"
    clock.now = clock.now.replace(hour=15, minute=59)  # 23:59 in Shanghai
    assert (await issue(svc)).number == "SB002"
    clock.advance(minutes=2)  # 00:01 the next day
    fresh = await issue(svc)
    assert (fresh.number, fresh.business_day) == ("SB001", "2026-03-19")
    assert [t.number for t in await svc.waiting()] == ["SB001"]  # only today's line


async def test_priority_other_needs_a_reason(svc: QueueService) -> None:
    with pytest.raises(QueueError, match="绿色通道的原因"):
        await issue(svc, Priority.OTHER)
    t = await issue(svc, Priority.OTHER, priority_reason="行动不便")
    assert t.priority is Priority.OTHER and t.priority_reason == "行动不便"


async def test_roles_are_enforced_in_the_core(svc: QueueService) -> None:
    with pytest.raises(PermissionDenied):
        await issue_as(svc, COURIER)
    ticket = await issue_as(svc, CLERK)  # a clerk may issue too
    with pytest.raises(PermissionDenied):
        await svc.call_next(GUIDE, 1)
    with pytest.raises(PermissionDenied):
        await svc.pause(GUIDE, 1, "午休")
    with pytest.raises(PermissionDenied):
        await svc.close_day(CLERK, "营业结束")
    with pytest.raises(PermissionDenied):
        await svc.cancel(COURIER, ticket.id, "群众离开")
    assert await svc.close_day(SUPERVISOR, "营业结束")


async def issue_as(svc: QueueService, session):  # type: ignore[no-untyped-def]
    return await svc.issue(session, item_code="SB00101", item_name="参保登记")


# --- calling and serving -------------------------------------------------------------


async def test_call_start_complete(
    svc: QueueService, clock: Clock, audit: MemoryAudit, changes: list[QueueChange]
) -> None:
    ticket = await issue(svc)
    clock.advance(minutes=5)
    called = await svc.call_next(CLERK, 1)
    assert called is not None and called.id == ticket.id
    assert called.state is TicketState.CALLED and called.window == 1
    assert called.call_rule is CallRule.FIFO
    call = changes[-1].call
    assert call is not None and call.announcement == "请S001号到1号窗口办理" and not call.recall
    assert (await svc.current(1)) == called
    with pytest.raises(QueueError, match="请先办结"):
        await svc.call_next(CLERK, 1)
    serving = await svc.start(CLERK, 1)
    assert serving.state is TicketState.SERVING
    clock.advance(minutes=7)
    done = await svc.complete(CLERK, 1)
    assert done.outcome is TicketOutcome.SERVED and await svc.current(1) is None
    assert actions(audit)[-3:] == ["ticket_call", "ticket_start", "ticket_complete"]
    assert audit.entries[-3]["details"] == {
        "ticket_id": ticket.id,
        "window": 1,
        "rule": "fifo",
        "priority": "normal",
    }
    stats = await svc.day_stats()
    assert stats.waiting.median_s == 300 and stats.service.median_s == 420
    assert [g.key for g in stats.by_window] == ["1"] and stats.by_clerk[0].key == "C001"


async def test_call_next_on_an_empty_line(svc: QueueService, audit: MemoryAudit) -> None:
    assert await svc.call_next(CLERK, 1) is None
    assert audit.entries == []


async def test_recalls_then_automatic_no_show(
    db: Database, executor: DbExecutor, clock: Clock, changes: list[QueueChange]
) -> None:
    audit = MemoryAudit()
    svc = make_service(db, executor, SlipPrinter(), clock, audit=audit, max_recalls=2)
    seen: list[QueueChange] = []
    svc.changed.connect(seen.append)
    await issue(svc)
    first = await svc.call_next(CLERK, 1)
    assert first is not None
    for n in (1, 2):
        clock.advance(minutes=1)
        again = await svc.recall(CLERK, 1)
        assert again.recalls == n and again.called_at == clock.now
        assert seen[-1].call is not None and seen[-1].call.recall
        assert seen[-1].call.announcement == "请S001号到1号窗口办理"
    clock.advance(minutes=1)
    gone = await svc.recall(CLERK, 1)
    assert gone.state is TicketState.DONE and gone.outcome is TicketOutcome.NO_SHOW
    assert seen[-1].kind is ChangeKind.ENDED
    assert audit.entries[-1]["action"] == "ticket_no_show"
    assert audit.entries[-1]["details"]["automatic"] is True  # type: ignore[index]
    assert await svc.current(1) is None
    calls = await svc.recent_calls()
    assert [c.recall for c in calls] == [True, True, False]


async def test_no_show_only_before_serving(svc: QueueService) -> None:
    await issue(svc)
    await svc.call_next(CLERK, 1)
    await svc.start(CLERK, 1)
    with pytest.raises(QueueError, match="已在办理中"):
        await svc.no_show(CLERK, 1)
    with pytest.raises(QueueError, match="无需重呼"):
        await svc.recall(CLERK, 1)
    await svc.complete(CLERK, 1)
    with pytest.raises(QueueError, match="没有正在叫号"):
        await svc.no_show(CLERK, 1)


async def test_hold_and_call_back_at_another_window(
    svc: QueueService, changes: list[QueueChange]
) -> None:
    a = await issue(svc)
    b = await issue(svc)
    await svc.call_next(CLERK, 1)
    await svc.start(CLERK, 1)
    held = await svc.hold(CLERK, 1, "回家取户口本")
    assert held.state is TicketState.HELD and held.held_at is not None
    assert changes[-1].kind is ChangeKind.HELD
    assert await svc.current(1) is None
    assert [t.id for t in await svc.held()] == [a.id]
    nxt = await svc.call_next(CLERK, 1)
    assert nxt is not None and nxt.id == b.id  # the held ticket is not in line
    back = await svc.call_back(CLERK2, 2, a.id)
    assert back.state is TicketState.CALLED and back.window == 2
    assert back.call_rule is CallRule.CALL_BACK
    with pytest.raises(QueueError, match="没有挂起"):
        await svc.call_back(CLERK2, 3, a.id)


async def test_transfer_to_a_window_keeps_the_wait_clock(
    svc: QueueService, clock: Clock, changes: list[QueueChange]
) -> None:
    a = await issue(svc)
    clock.advance(minutes=3)
    b = await issue(svc)
    await svc.call_next(CLERK, 1)
    with pytest.raises(QueueError, match="不能转回本窗口"):
        await svc.transfer(CLERK, 1, to_window=1)
    with pytest.raises(QueueError, match="请选择转往"):
        await svc.transfer(CLERK, 1)
    moved = await svc.transfer(CLERK, 1, to_window=2, reason="需复核岗办理")
    assert moved.number == a.number and moved.id != a.id and moved.leg == 1
    assert moved.state is TicketState.WAITING and moved.target_window == 2
    assert moved.issued_at == a.issued_at and moved.transferred_from_id == a.id
    assert changes[-1].kind is ChangeKind.TRANSFERRED and changes[-1].window == 1
    # Window 1 does not get it; window 2 gets it before the later ticket b.
    assert [t.id for t in await svc.waiting()] == [moved.id, b.id]
    assert await svc.current(1) is None
    first_at_1 = await svc.call_next(CLERK, 1)
    assert first_at_1 is not None and first_at_1.id == b.id
    at_2 = await svc.call_next(CLERK2, 2)
    assert at_2 is not None and at_2.id == moved.id
    stats = await svc.day_stats()
    assert stats.issued == 2 and stats.transfers == 1
    assert stats.outcomes[TicketOutcome.TRANSFERRED] == 1 and stats.adds_up()


async def test_transfer_to_another_item(svc: QueueService) -> None:
    await issue(svc)
    await svc.call_next(CLERK, 1)
    moved = await svc.transfer(CLERK, 1, to_item=ItemRef("SB00201", "社保卡挂失"))
    assert (moved.item_code, moved.item_name) == ("SB00201", "社保卡挂失")
    assert moved.target_window is None
    again = await svc.call_next(CLERK, 1)  # any window may call it
    assert again is not None and again.id == moved.id


async def test_call_specific_needs_a_reason_and_is_journaled(
    svc: QueueService, audit: MemoryAudit
) -> None:
    await issue(svc)
    late = await issue(svc)
    with pytest.raises(QueueError, match="不按顺序叫号的原因"):
        await svc.call_specific(CLERK, 1, late.id, "")
    called = await svc.call_specific(CLERK, 1, late.id, "预约号 身份证330102199001011234")
    assert called.call_rule is CallRule.SPECIFIC
    details = audit.entries[-1]["details"]
    assert details["rule"] == "specific"  # type: ignore[index]
    assert "330102199001011234" not in str(details)  # reasons are scrubbed of ID numbers


async def test_late_return_within_tolerance_rejoins_the_end(
    svc: QueueService, clock: Clock
) -> None:
    a = await issue(svc)
    await svc.call_next(CLERK, 1)
    await svc.no_show(CLERK, 1)
    b = await issue(svc)
    clock.advance(minutes=20)
    back = await svc.requeue_late(GUIDE, a.id)
    assert back.state is TicketState.WAITING and back.outcome is None
    assert [t.id for t in await svc.waiting()] == [b.id, a.id]
    with pytest.raises(QueueError, match="不是过号票"):
        await svc.requeue_late(GUIDE, b.id)
    stats = await svc.day_stats()
    assert stats.requeued == 1 and stats.outcomes[TicketOutcome.NO_SHOW] == 0


async def test_late_return_past_tolerance_is_refused(svc: QueueService, clock: Clock) -> None:
    a = await issue(svc)
    await svc.call_next(CLERK, 1)
    await svc.no_show(CLERK, 1)
    clock.advance(minutes=31)
    with pytest.raises(QueueError, match="超过 30 分钟"):
        await svc.requeue_late(GUIDE, a.id)
    found = await svc.find("s001")
    assert found is not None and found.outcome is TicketOutcome.NO_SHOW


async def test_pause_needs_a_reason_and_the_next_call_resumes(
    svc: QueueService, clock: Clock, audit: MemoryAudit, changes: list[QueueChange]
) -> None:
    await issue(svc)
    with pytest.raises(QueueError, match="暂停原因"):
        await svc.pause(CLERK, 1, "")
    await svc.pause(CLERK, 1, "午休")
    assert await svc.paused_windows() == {1: "午休"}
    with pytest.raises(QueueError, match="已经暂停"):
        await svc.pause(CLERK, 1, "午休")
    clock.advance(minutes=12)
    called = await svc.call_next(CLERK, 1)
    assert called is not None
    assert [c.kind for c in changes[-2:]] == [ChangeKind.RESUMED, ChangeKind.CALLED]
    assert await svc.paused_windows() == {}
    assert audit.entries[-1]["details"]["resumed"] is True  # type: ignore[index]
    with pytest.raises(QueueError, match="请先办结"):
        await svc.pause(CLERK, 1, "系统故障")
    await svc.complete(CLERK, 1)
    await svc.pause(CLERK, 1, "系统故障")
    clock.advance(minutes=3)
    assert await svc.resume(CLERK, 1) is True
    assert await svc.resume(CLERK, 1) is False
    assert actions(audit).count("window_pause") == 2
    assert actions(audit).count("window_resume") == 1
    pauses = (await svc.day_stats()).pauses
    assert pauses.count == 2 and pauses.total_s == 15 * 60
    assert pauses.by_reason == {"午休": 12 * 60, "系统故障": 3 * 60}


# --- fairness -------------------------------------------------------------------------


async def test_priority_cap_then_a_normal_ticket(svc: QueueService, clock: Clock) -> None:
    normals = [await issue(svc) for _ in range(2)]
    priors = [await issue(svc, Priority.ELDERLY) for _ in range(4)]
    picked = []
    for _ in range(6):
        t = await svc.call_next(CLERK, 1)
        assert t is not None
        picked.append((t.number, t.call_rule))
        await svc.complete(CLERK, 1)
        clock.advance(seconds=30)
    assert picked == [
        (priors[0].number, CallRule.PRIORITY),
        (priors[1].number, CallRule.PRIORITY),
        (normals[0].number, CallRule.PRIORITY_CAP),
        (priors[2].number, CallRule.PRIORITY),
        (priors[3].number, CallRule.PRIORITY),
        (normals[1].number, CallRule.FIFO),
    ]
    assert (await svc.day_stats()).calls_by_rule == {
        "priority": 4,
        "priority_cap": 1,
        "fifo": 1,
    }


async def test_cap_counts_across_windows(svc: QueueService) -> None:
    n = await issue(svc)
    for _ in range(3):
        await issue(svc, Priority.DISABLED)
    first = await svc.call_next(CLERK, 1)
    second = await svc.call_next(CLERK2, 2)
    third = await svc.call_next(session_for("C003", Role.CLERK, window=3), 3)
    assert first and second and third
    assert [first.is_priority, second.is_priority, third.id == n.id] == [True, True, True]


async def test_long_waiting_normal_ticket_is_escalated(svc: QueueService, clock: Clock) -> None:
    old = await issue(svc)
    clock.advance(minutes=31)
    await issue(svc, Priority.PREGNANT)
    called = await svc.call_next(CLERK, 1)
    assert called is not None and called.id == old.id
    assert called.call_rule is CallRule.ESCALATED


async def test_waiting_order_is_the_projected_call_order(svc: QueueService) -> None:
    n1, n2 = await issue(svc), await issue(svc)
    p1, p2, p3 = [await issue(svc, Priority.ELDERLY) for _ in range(3)]
    order = [t.id for t in await svc.waiting()]
    assert order == [p1.id, p2.id, n1.id, p3.id, n2.id]
    entries = await svc.waiting_with_estimates()
    assert [e.ahead for e in entries] == [0, 1, 2, 3, 4]


# --- estimates ------------------------------------------------------------------------


async def serve(svc: QueueService, clock: Clock, window: int, minutes: float) -> None:
    clerk = session_for(f"C{window:03d}", Role.CLERK, window=window)
    t = await svc.call_next(clerk, window)
    assert t is not None
    clock.advance(minutes=minutes)
    await svc.complete(clerk, window)


async def test_estimate_unknown_until_three_samples_then_a_range(
    svc: QueueService, clock: Clock, printer: SlipPrinter
) -> None:
    for _ in range(3):
        await issue(svc)
    assert printer.slips and "暂无估计" in str(printer.slips[-1].blocks)
    await serve(svc, clock, 1, 4)
    await serve(svc, clock, 1, 6)
    waiting = await issue(svc)
    assert await svc.estimate_for(waiting.id) is None  # two samples only
    await serve(svc, clock, 1, 8)  # mean now 6 min
    for _ in range(3):
        await issue(svc)
    entries = await svc.waiting_with_estimates()
    assert [e.ahead for e in entries] == [0, 1, 2, 3]
    last = entries[-1].estimate
    assert last is not None
    assert (last.minutes, last.low_min, last.high_min) == (18.0, 12, 24)
    assert last.label == "约 12–24 分钟" and last.open_windows == 1
    # A second window calling halves everyone's estimate: recomputed on every change.
    await svc.call_next(CLERK2, 2)
    entries = await svc.waiting_with_estimates()
    assert entries[-1].estimate is not None and entries[-1].estimate.minutes == 6.0
    assert entries[-1].estimate.open_windows == 2
    # A paused window no longer counts as open.
    await svc.complete(CLERK2, 2)
    await svc.pause(CLERK2, 2, "午休")
    entries = await svc.waiting_with_estimates()
    assert entries[-1].estimate is not None and entries[-1].estimate.open_windows == 1


async def test_estimate_error_is_recorded_for_the_day_report(
    svc: QueueService, clock: Clock
) -> None:
    for minutes in (5, 5, 5):
        await issue(svc)
        await serve(svc, clock, 1, minutes)
    ahead = await issue(svc)
    mine = await issue(svc)  # one ahead: 5 min, shown as 3–7
    est = await svc.estimate_for(mine.id)
    assert est is not None and (est.low_min, est.high_min) == (3, 7)
    await serve(svc, clock, 1, 6)  # ahead took 6 min
    assert ahead.id != mine.id
    called = await svc.call_next(CLERK, 1)
    assert called is not None and called.id == mine.id
    acc = (await svc.day_stats()).estimates
    # 5 slips; the first 3 said 暂无估计; 'ahead' waited 0 (est 0), 'mine' waited 6 (est 5).
    assert (acc.slips, acc.with_estimate, acc.measured, acc.within_range) == (5, 2, 2, 2)
    assert acc.mean_abs_error_min == pytest.approx(0.5)
    assert acc.mean_error_min == pytest.approx(0.5)


# --- the day --------------------------------------------------------------------------


async def test_close_day_ends_every_open_ticket(
    svc: QueueService, printer: SlipPrinter, audit: MemoryAudit, changes: list[QueueChange]
) -> None:
    await issue(svc)
    await issue(svc)
    held = await issue(svc)
    printer.fail = "卡纸"
    with pytest.raises(PrintError):
        await issue(svc)
    await svc.call_next(CLERK, 1)
    await svc.complete(CLERK, 1)
    await svc.call_next(CLERK, 1)
    await svc.call_specific(CLERK2, 2, held.id, "补办材料")
    await svc.hold(CLERK2, 2)
    await svc.pause(CLERK2, 2, "培训")
    with pytest.raises(QueueError, match="日终结束的原因"):
        await svc.close_day(SUPERVISOR, "")
    closed = await svc.close_day(SUPERVISOR, "营业时间结束")
    assert len(closed) == 3
    assert all(t.outcome is TicketOutcome.CLOSED_AT_DAY_END for t in closed)
    assert changes[-1].kind is ChangeKind.DAY_CLOSED
    assert audit.entries[-1]["action"] == "queue_close_day"
    assert audit.entries[-1]["details"]["closed"] == 3  # type: ignore[index]
    assert await svc.paused_windows() == {}
    stats = await svc.day_stats()
    assert stats.open == 0 and stats.adds_up()
    assert stats.outcomes[TicketOutcome.CLOSED_AT_DAY_END] == 3
    assert stats.outcomes[TicketOutcome.SERVED] == 1
    tickets = await svc.day_tickets()
    assert all(t.state is TicketState.DONE and t.outcome is not None for t in tickets)


async def test_change_listeners_see_committed_state(svc: QueueService) -> None:
    seen: list[tuple[ChangeKind, int]] = []

    def listener(change: QueueChange) -> None:
        # Runs on the loop thread after the commit: a fresh read sees the new state.
        seen.append((change.kind, len(svc.view.waiting(svc.clock()))))

    svc.changed.connect(listener)
    await issue(svc)
    await svc.call_next(CLERK, 1)
    assert seen == [(ChangeKind.ISSUED, 1), (ChangeKind.CALLED, 0)]


async def test_issue_through_the_real_printer_driver(
    db: Database, executor: DbExecutor, clock: Clock
) -> None:
    printer = open_printer("dummy://", paper_mm=58)
    try:
        svc = make_service(db, executor, printer, clock)
        await issue(svc)
        ticket = await issue(svc, Priority.ELDERLY)
        connection = printer.connection  # type: ignore[union-attr]
        data = connection.output
    finally:
        printer.close()
    decoded = decode(data)
    text = "\n".join(decoded.text_lines)
    assert "中国XX银行" in text and "S002" in text and "绿色通道（老年人）" in text
    assert "您前面还有 0 人等待" in text  # priority goes first
    assert "2026-03-18 09:00" in text  # Asia/Shanghai time
    assert len(decoded.cuts) == 2
    assert decoded.qrs[-1].data.decode() == (
        "https://queue.example.invalid/t/330102001/2026-03-18/S002"
    )
    assert ticket.state is TicketState.WAITING
    assert timedelta(0) <= ticket.printed_at - ticket.issued_at  # type: ignore[operator]


async def test_active_calls_for_the_hall_and_masked_persons(svc: QueueService) -> None:
    a = await issue(svc, person_masked="张*")
    b = await issue(svc, person_masked="330102199001011234")  # a careless caller
    assert a.person_masked == "张*"
    assert b.person_masked is not None and "199001011" not in b.person_masked
    assert await svc.active() == []
    await svc.call_next(CLERK2, 2)
    await svc.call_next(CLERK, 1)
    assert [(t.window, t.number) for t in await svc.active()] == [(1, "S002"), (2, "S001")]
    assert [c.window for c in await svc.recent_calls(limit=1)] == [1]
