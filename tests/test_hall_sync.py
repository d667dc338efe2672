"""HallSync: queue changes reach the bank's hall system, in order, once, whatever the line does.

The hall system is the simulated one over real loopback HTTP; the queue side is a small
local stand-in that emits `QueueChange` values (the queue service's seam).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from counter.audit import MemoryAudit
from counter.events import Event
from counter.hall_contract import HallOutcome, HallState
from counter.hall_sync import (
    Backoff,
    HallAction,
    HallSync,
    MismatchKind,
    op_for,
)
from counter.queue.model import (
    ChangeKind,
    QueueChange,
    Ticket,
    TicketOutcome,
    TicketState,
)
from counter.training.hall_caller import SimulatedHallCaller
from drivers.caller import HttpCaller
from tests.hall_support import T0, called, ended, issued, ticket

FAST = Backoff(base_s=0.005, factor=2.0, cap_s=0.05)


class DeskQueue:
    """The desk's side: what is waiting here, and the change events it emits."""

    def __init__(self) -> None:
        self.changed: Event[QueueChange] = Event("queue.changed")
        self.waiting_now: dict[str, Ticket] = {}

    async def waiting(self) -> list[Ticket]:
        return list(self.waiting_now.values())

    def emit(self, change: QueueChange) -> None:
        t = change.ticket
        assert t is not None
        if change.kind is ChangeKind.ISSUED or (
            change.kind is ChangeKind.TRANSFERRED and t.state is TicketState.WAITING
        ):
            self.waiting_now[t.number] = t
        else:
            self.waiting_now.pop(t.number, None)
        self.changed.emit(change)


@pytest.fixture
def hall() -> Iterator[SimulatedHallCaller]:
    with SimulatedHallCaller() as server:
        yield server


@pytest.fixture
def desk() -> DeskQueue:
    return DeskQueue()


class Clock:
    def __init__(self) -> None:
        self.now = T0 + timedelta(minutes=30)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def audit() -> MemoryAudit:
    return MemoryAudit()


@pytest.fixture
async def sync(
    hall: SimulatedHallCaller, desk: DeskQueue, clock: Clock, audit: MemoryAudit
) -> AsyncIterator[HallSync]:
    caller = HttpCaller(hall.base_url, connect_timeout_s=0.5, read_timeout_s=0.3)
    hall_sync = HallSync(
        caller,
        desk.waiting,
        key_prefix="330102001-W3",
        backoff=FAST,
        reconcile_every_s=None,
        rng=random.Random(7),
        clock=clock,
        audit=audit,
    )
    hall_sync.attach(desk.changed)
    hall_sync.start()
    yield hall_sync
    await hall_sync.aclose()
    await caller.aclose()


def hall_states(hall: SimulatedHallCaller) -> dict[str, tuple[HallState, HallOutcome | None]]:
    return {t.number: (t.state, t.outcome) for t in hall.tickets()}


async def test_changes_reach_the_hall_in_order(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync
) -> None:
    desk.emit(issued(1))
    desk.emit(issued(2))
    desk.emit(called(1, window=3))
    desk.emit(called(1, window=3, recall=True, minute=31))
    desk.emit(ended(1, TicketOutcome.SERVED))
    desk.emit(called(2, window=3, minute=40))
    desk.emit(ended(2, TicketOutcome.NO_SHOW))
    await sync.drain()
    assert hall_states(hall) == {
        "S001": (HallState.DONE, HallOutcome.SERVED),
        "S002": (HallState.DONE, HallOutcome.NO_SHOW),
    }
    assert [(c.number, c.recall) for c in hall.calls()] == [
        ("S001", False),
        ("S001", True),
        ("S002", False),
    ]
    keys = [key for method, _, key in hall.log if method == "POST"]
    assert len(keys) == len(set(keys)) == 7  # one key per change
    assert all(k.startswith("330102001-W3-") and "-2024-05-20-t10" in k for k in keys)
    assert sync.online is True and sync.mismatches() == []


async def test_caller_down_the_desk_keeps_working_then_everything_drains(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync
) -> None:
    desk.emit(issued(1))
    await sync.drain()
    hall.go_down("refuse")
    statuses: list[bool | None] = []
    sync.changed.connect(lambda status: statuses.append(status.online))
    # The desk goes on: issuing and calling return at once, nothing waits for the hall.
    for n in (2, 3, 4):
        desk.emit(issued(n))
    desk.emit(called(1))
    desk.emit(ended(1, TicketOutcome.SERVED))
    assert len(await desk.waiting()) == 3
    assert sync.pending() == 5
    await until(lambda: sync.online is False)
    assert sync.status().last_error is not None and "叫号系统" in sync.status().last_error
    assert sync.pending() == 5

    hall.come_up()
    await sync.drain()
    assert sync.pending() == 0 and sync.online is True
    assert False in statuses and statuses[-1] is True
    assert hall_states(hall) == {
        "S001": (HallState.DONE, HallOutcome.SERVED),
        "S002": (HallState.WAITING, None),
        "S003": (HallState.WAITING, None),
        "S004": (HallState.WAITING, None),
    }
    assert hall.applied == 6  # every change exactly once, however many attempts
    await sync.reconcile()
    assert sync.mismatches() == []


async def test_a_dropped_answer_is_retried_with_the_same_key_and_applied_once(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync
) -> None:
    desk.emit(issued(1))
    await sync.drain()
    hall.drop_after_apply(1)
    desk.emit(called(1, window=2))
    await sync.drain()
    assert [c.number for c in hall.calls()] == ["S001"]
    call_keys = [key for method, path, key in hall.log if path == "/windows/2/calls"]
    assert len(call_keys) == 2 and call_keys[0] == call_keys[1]


async def test_after_an_outage_a_stale_overtaken_call_is_not_announced(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync, clock: Clock
) -> None:
    desk.emit(issued(1))
    desk.emit(issued(2))
    await sync.drain()
    hall.go_down("refuse")
    desk.emit(called(1, window=3, minute=30))
    desk.emit(ended(1, TicketOutcome.SERVED))
    desk.emit(called(2, window=3, minute=31))
    clock.now = T0 + timedelta(minutes=40)  # ten minutes of outage
    await until(lambda: sync.online is False)
    hall.come_up()
    await sync.drain()
    # S001 was served long ago: the hall must not shout it now. S002 is still at the window.
    assert [c.number for c in hall.calls()] == ["S002"]
    assert hall_states(hall)["S001"] == (HallState.DONE, HallOutcome.SERVED)
    assert hall_states(hall)["S002"] == (HallState.CALLED, None)


async def test_a_slow_hall_gets_each_change_once(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync
) -> None:
    hall.set_slow(0.5)  # beyond the client's 0.3 s read timeout
    desk.emit(issued(1))
    desk.emit(issued(2))
    await until(lambda: hall.applied == 2)
    hall.set_slow(0)
    await sync.drain()
    assert sorted(hall_states(hall)) == ["S001", "S002"]
    assert hall.applied == 2
    assert hall.received > 2  # there were retries


async def test_reconcile_lists_and_repairs_what_the_hall_lost(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync, audit: MemoryAudit
) -> None:
    for n in (1, 2, 3):
        desk.emit(issued(n))
    desk.emit(called(3))
    desk.emit(ended(3, TicketOutcome.SERVED))
    await sync.drain()
    hall.forget("S002")  # the hall restarted without it
    hall.hall_side("S003", HallState.WAITING)  # someone undid our "complete" at the hall

    found = await sync.reconcile()
    assert [(m.number, m.kind) for m in found] == [
        ("S002", MismatchKind.MISSING_IN_HALL),
        ("S003", MismatchKind.EXTRA_IN_HALL),
    ]
    assert [m.repair for m in found] == ["issue", "complete"]
    assert all("叫号系统" in m.label for m in found)
    await sync.drain()
    assert hall_states(hall)["S002"] == (HallState.WAITING, None)
    assert hall_states(hall)["S003"] == (HallState.DONE, HallOutcome.SERVED)
    assert all(m.resolved for m in sync.mismatches())
    assert await sync.reconcile() == []
    await sync.aclose()
    assert [(e["action"], e["object"], e["outcome"]) for e in audit.entries] == [
        ("hall_mismatch", "S002", "missing_in_hall"),
        ("hall_mismatch", "S003", "extra_in_hall"),
    ]


async def test_a_number_we_never_knew_is_left_for_the_supervisor(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync, audit: MemoryAudit
) -> None:
    stranger = HttpCaller(hall.base_url)
    await stranger.issue(ticket(9), key="someone-else-issued-9")
    await stranger.aclose()
    found = await sync.reconcile()
    assert [(m.number, m.kind, m.repair, m.resolved) for m in found] == [
        ("S009", MismatchKind.EXTRA_IN_HALL, None, False)
    ]
    assert "人工核对" in found[0].detail
    assert sync.status().open_mismatches == 1
    assert await sync.reconcile() == []  # listed once, not again on every pass
    await sync.aclose()
    assert audit.entries == [
        {
            "action": "hall_mismatch",
            "staff_no": "SYSTEM",
            "role": "",
            "object": "S009",
            "outcome": "extra_in_hall",
            "details": {"detail": "本机无此号的记录，请人工核对", "repair": None},
        }
    ]


async def test_a_call_for_a_ticket_the_hall_lost_issues_it_first(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync
) -> None:
    desk.emit(issued(1))
    await sync.drain()
    hall.forget("S001")
    desk.emit(called(1, window=3))
    await sync.drain()
    assert hall_states(hall) == {"S001": (HallState.CALLED, None)}
    assert [c.number for c in hall.calls()] == ["S001"]
    mismatch = sync.mismatches()
    assert [(m.number, m.kind, m.resolved) for m in mismatch] == [
        ("S001", MismatchKind.MISSING_IN_HALL, True)
    ]


async def test_recovery_reconciles_by_itself(
    hall: SimulatedHallCaller, desk: DeskQueue, sync: HallSync
) -> None:
    desk.emit(issued(1))
    await sync.drain()
    hall.go_down("unavailable")
    hall.forget("S001")  # lost while it was down
    desk.emit(issued(2))
    await until(lambda: sync.online is False)
    hall.come_up()
    await until(lambda: bool(sync.mismatches()))
    await sync.drain()
    assert sorted(hall_states(hall)) == ["S001", "S002"]
    assert [(m.number, m.kind) for m in sync.mismatches()] == [
        ("S001", MismatchKind.MISSING_IN_HALL)
    ]


def test_which_changes_the_hall_hears_about() -> None:
    assert op_for(issued(1)).action is HallAction.ISSUE  # type: ignore[union-attr]
    call = op_for(called(1, window=4, recall=True))
    assert call is not None and (call.action, call.window, call.recall) == (
        HallAction.CALL,
        4,
        True,
    )
    assert op_for(ended(1, TicketOutcome.CANCELLED)).reason == "cancelled"  # type: ignore[union-attr]
    assert op_for(ended(1, TicketOutcome.CLOSED_AT_DAY_END)).action is HallAction.CANCEL  # type: ignore[union-attr]
    assert op_for(ended(1, TicketOutcome.TRANSFERRED)) is None  # its TRANSFERRED change says it
    moved = replace(ticket(1), target_window=5)
    transfer = op_for(QueueChange(ChangeKind.TRANSFERRED, moved, window=5))
    assert transfer is not None and (transfer.action, transfer.window) == (HallAction.TRANSFER, 5)
    away = replace(ticket(1, TicketState.DONE), outcome=TicketOutcome.TRANSFERRED)
    assert op_for(QueueChange(ChangeKind.TRANSFERRED, away)).reason == "transferred"  # type: ignore[union-attr]
    for kind in (ChangeKind.STARTED, ChangeKind.HELD):
        assert op_for(QueueChange(kind, ticket(1))) is None
    assert op_for(QueueChange(ChangeKind.PAUSED, None, window=3)) is None


def test_backoff_is_exponential_with_full_jitter_and_a_cap() -> None:
    backoff = Backoff(base_s=0.5, factor=2.0, cap_s=30.0)
    rng = random.Random(1)
    for attempt in range(40):
        ceiling = min(30.0, 0.5 * 2**attempt)
        delays = [backoff.delay(attempt, rng) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # full jitter spans the whole range
        assert min(delays) < ceiling * 0.2


async def until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)
