"""A hypothesis state machine over random queue action sequences.

Several windows call, recall, start, hold, call back, transfer, mark no-show and complete;
the desk issues (some prints fail), reprints, cancels and re-queues late returns;
windows pause and resume; the clock moves; the supervisor may close the day. After every
step:

* no ticket is lost or duplicated: the numbers of the day are unique, every number the
  desk drew (printed or not) is in the store, and a number has at most one open leg;
* a ticket that never printed is never called;
* every window has at most one current ticket; state and outcome agree;
* the statistics add up (issued + transfers = Σ outcomes + open);

and every call-next obeys the fairness rules (priority cap, escalation). After close_day
every ticket has ended in exactly one outcome.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from counter.audit import MemoryAudit
from counter.bureau.models import Role
from counter.printing import PrintError
from counter.queue.model import Priority, Ticket, TicketOutcome, TicketState
from counter.queue.repo import ItemRef
from counter.queue.service import QueueError, QueueService
from counter.queue.stats import day_stats
from counter.queue.store import business_day
from counter.storage import DbExecutor, open_database
from tests.queue_support import GUIDE, SUPERVISOR, Clock, SlipPrinter, make_service, session_for

T = TypeVar("T")

WINDOWS = (1, 2, 3)
ACTIVE = (TicketState.CALLED, TicketState.SERVING)
CAP = 2
ESCALATE_MIN = 20
MAX_RECALLS = 2
CLERKS = {w: session_for(f"C{w:03d}", Role.CLERK, window=w) for w in WINDOWS}
priorities = st.sampled_from(
    [Priority.NORMAL] * 3 + [Priority.ELDERLY, Priority.DISABLED, Priority.PREGNANT]
)
windows = st.sampled_from(WINDOWS)

_TEMPLATE: Path | None = None


def template_db() -> Path:
    """A migrated empty database, made once and copied for each example."""
    global _TEMPLATE  # noqa: PLW0603 - a per-process cache
    if _TEMPLATE is None:
        path = Path(tempfile.mkdtemp(prefix="queue-template-")) / "counter.sqlite3"
        open_database(path).close()
        _TEMPLATE = path
    return _TEMPLATE


class QueueMachine(RuleBasedStateMachine):
    @initialize()
    def start_day(self) -> None:
        # tmpfs when there is one: the same SQLite with the same pragmas, minus disk flushes.
        shm = Path("/dev/shm")
        base = shm if shm.is_dir() else None
        self.dir = Path(tempfile.mkdtemp(prefix="queue-machine-", dir=base))
        shutil.copy(template_db(), self.dir / "counter.sqlite3")
        self.db = open_database(self.dir / "counter.sqlite3")
        self.executor = DbExecutor("queue-machine")
        self.loop = asyncio.new_event_loop()
        self.clock = Clock()
        self.printer = SlipPrinter()
        self.audit = MemoryAudit()
        self.svc: QueueService = make_service(
            self.db,
            self.executor,
            self.printer,
            self.clock,
            audit=self.audit,
            priority_cap=CAP,
            escalate_after_min=ESCALATE_MIN,
            max_recalls=MAX_RECALLS,
        )
        self.drawn: list[str] = []  # every number the desk drew, printed or not
        self.run_of_priority = 0  # priority calls in a row, as the machine saw them
        self.closed = False
        self._tickets: list[Ticket] | None = None
        self.steps = 0

    def teardown(self) -> None:
        if hasattr(self, "loop"):
            self.loop.close()
            self.executor.shutdown()
            self.db.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- helpers ------------------------------------------------------------------------

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run an action; what was read of the store before is stale afterwards."""
        self._tickets = None
        return self.loop.run_until_complete(coro)

    # Reads between actions call the service's (blocking) read side directly: the same
    # queries without an event-loop round trip per read, which keeps the test fast.

    def tickets(self) -> list[Ticket]:
        if self._tickets is None:
            self._tickets = self.svc.view.day_tickets(business_day(self.clock.now))
        return self._tickets

    def in_state(self, state: TicketState) -> list[Ticket]:
        return [t for t in self.tickets() if t.state is state]

    def current(self, window: int) -> Ticket | None:
        found = [t for t in self.tickets() if t.window == window and t.state in ACTIVE]
        assert len(found) <= 1
        return found[0] if found else None

    def pick(self, data: st.DataObject, options: list[Ticket]) -> Ticket:
        return data.draw(st.sampled_from(options))

    def expect_refused(self, coro: Coroutine[Any, Any, object]) -> None:
        with pytest.raises(QueueError):
            self.run(coro)

    def took_from_line(self, ticket: Ticket) -> None:
        self.run_of_priority = self.run_of_priority + 1 if ticket.is_priority else 0

    # --- the desk -----------------------------------------------------------------------

    @rule(priority=priorities, fail=st.booleans(), fail_odds=st.integers(0, 3))
    def issue(self, priority: Priority, fail: bool, fail_odds: int) -> None:
        failing = fail and fail_odds == 0
        self.printer.fail = "打印机缺纸" if failing else None
        reason = "行动不便" if priority is Priority.OTHER else None
        if failing:
            with pytest.raises(PrintError):
                self.run(self.svc.issue(GUIDE, priority=priority, priority_reason=reason))
            [lost] = [
                t for t in self.in_state(TicketState.NOT_PRINTED) if t.number not in self.drawn
            ]
            self.drawn.append(lost.number)
            return
        ticket = self.run(self.svc.issue(GUIDE, priority=priority, priority_reason=reason))
        assert ticket.state is TicketState.WAITING
        self.drawn.append(ticket.number)

    @precondition(lambda self: bool(self.in_state(TicketState.NOT_PRINTED)))
    @rule(data=st.data(), cancel=st.booleans())
    def reprint_or_cancel(self, data: st.DataObject, cancel: bool) -> None:
        ticket = self.pick(data, self.in_state(TicketState.NOT_PRINTED))
        self.printer.fail = None
        if cancel:
            done = self.run(self.svc.cancel(GUIDE, ticket.id, "群众放弃办理"))
            assert done.outcome is TicketOutcome.CANCELLED
        else:
            assert self.run(self.svc.reprint(GUIDE, ticket.id)).state is TicketState.WAITING

    @precondition(lambda self: bool(self.in_state(TicketState.WAITING)))
    @rule(data=st.data())
    def cancel_waiting(self, data: st.DataObject) -> None:
        ticket = self.pick(data, self.in_state(TicketState.WAITING))
        self.run(self.svc.cancel(GUIDE, ticket.id, "群众离开"))

    @rule(data=st.data())
    def late_return(self, data: st.DataObject) -> None:
        no_shows = [t for t in self.tickets() if t.outcome is TicketOutcome.NO_SHOW]
        if not no_shows:
            return
        ticket = self.pick(data, no_shows)
        assert ticket.ended_at is not None
        if self.clock.now - ticket.ended_at > timedelta(minutes=30):
            self.expect_refused(self.svc.requeue_late(GUIDE, ticket.id))
        else:
            back = self.run(self.svc.requeue_late(GUIDE, ticket.id))
            assert back.state is TicketState.WAITING and back.outcome is None

    # --- the windows --------------------------------------------------------------------

    @rule(window=windows)
    def call_next(self, window: int) -> None:
        busy = self.current(window) is not None
        line = self.svc.view.waiting(self.clock.now)
        eligible = [t for t in line if t.target_window in (None, window)]
        if busy:
            self.expect_refused(self.svc.call_next(CLERKS[window], window))
            return
        called = self.run(self.svc.call_next(CLERKS[window], window))
        if not eligible:
            assert called is None
            return
        assert called is not None and called.id in {t.id for t in eligible}
        assert called.printed_at is not None
        normals = sorted(
            (t for t in eligible if not t.is_priority), key=lambda t: (t.queue_at, t.id)
        )
        priors = sorted((t for t in eligible if t.is_priority), key=lambda t: (t.queue_at, t.id))
        if called.is_priority:
            # The cap holds: never more than CAP priority calls in a row while a normal waits.
            assert self.run_of_priority < CAP or not normals
            assert called.id == priors[0].id
            oldest = normals[0] if normals else None
            if oldest and self.clock.now - oldest.queue_at >= timedelta(minutes=ESCALATE_MIN):
                assert (called.queue_at, called.id) < (oldest.queue_at, oldest.id)
        else:
            assert called.id == normals[0].id
            if priors and self.run_of_priority < CAP:
                # A normal ticket ahead of waiting priority: only by escalation.
                assert self.clock.now - called.queue_at >= timedelta(minutes=ESCALATE_MIN)
        self.took_from_line(called)

    @precondition(lambda self: bool(self.in_state(TicketState.WAITING)))
    @rule(window=windows, data=st.data())
    def call_specific(self, window: int, data: st.DataObject) -> None:
        ticket = self.pick(data, self.in_state(TicketState.WAITING))
        if self.current(window) is not None:
            self.expect_refused(self.svc.call_specific(CLERKS[window], window, ticket.id, "预约"))
            return
        called = self.run(self.svc.call_specific(CLERKS[window], window, ticket.id, "预约"))
        assert called.id == ticket.id and called.window == window
        self.took_from_line(called)

    @rule(window=windows)
    def recall(self, window: int) -> None:
        current = self.current(window)
        if current is None or current.state is not TicketState.CALLED:
            self.expect_refused(self.svc.recall(CLERKS[window], window))
            return
        after = self.run(self.svc.recall(CLERKS[window], window))
        if current.recalls >= MAX_RECALLS:
            assert after.outcome is TicketOutcome.NO_SHOW
        else:
            assert after.recalls == current.recalls + 1

    @rule(window=windows)
    def start(self, window: int) -> None:
        if self.current(window) is None:
            self.expect_refused(self.svc.start(CLERKS[window], window))
            return
        assert self.run(self.svc.start(CLERKS[window], window)).state is TicketState.SERVING

    @rule(window=windows)
    def no_show(self, window: int) -> None:
        current = self.current(window)
        if current is None or current.state is not TicketState.CALLED:
            self.expect_refused(self.svc.no_show(CLERKS[window], window))
            return
        assert self.run(self.svc.no_show(CLERKS[window], window)).outcome is TicketOutcome.NO_SHOW

    @rule(window=windows)
    def hold(self, window: int) -> None:
        if self.current(window) is None:
            self.expect_refused(self.svc.hold(CLERKS[window], window, "取材料"))
            return
        assert self.run(self.svc.hold(CLERKS[window], window)).state is TicketState.HELD

    @precondition(lambda self: bool(self.in_state(TicketState.HELD)))
    @rule(window=windows, data=st.data())
    def call_back(self, window: int, data: st.DataObject) -> None:
        ticket = self.pick(data, self.in_state(TicketState.HELD))
        if self.current(window) is not None:
            self.expect_refused(self.svc.call_back(CLERKS[window], window, ticket.id))
            return
        back = self.run(self.svc.call_back(CLERKS[window], window, ticket.id))
        assert back.state is TicketState.CALLED and back.window == window

    @rule(window=windows, to_window=st.none() | windows, to_item=st.booleans())
    def transfer(self, window: int, to_window: int | None, to_item: bool) -> None:
        current = self.current(window)
        item = ItemRef("SB00201", "社保卡挂失") if to_item else None
        if current is None or to_window == window or (to_window is None and item is None):
            call = self.svc.transfer(CLERKS[window], window, to_window=to_window, to_item=item)
            self.expect_refused(call)
            return
        new = self.run(self.svc.transfer(CLERKS[window], window, to_window=to_window, to_item=item))
        assert new.number == current.number and new.leg == current.leg + 1
        assert new.issued_at == current.issued_at  # the wait clock is kept

    @rule(window=windows)
    def complete(self, window: int) -> None:
        if self.current(window) is None:
            self.expect_refused(self.svc.complete(CLERKS[window], window))
            return
        assert self.run(self.svc.complete(CLERKS[window], window)).outcome is (TicketOutcome.SERVED)

    @rule(window=windows, pause=st.booleans())
    def pause_or_resume(self, window: int, pause: bool) -> None:
        paused = window in self.svc.view.paused_windows()
        if not pause:
            assert self.run(self.svc.resume(CLERKS[window], window)) is paused
        elif paused or self.current(window) is not None:
            self.expect_refused(self.svc.pause(CLERKS[window], window, "午休"))
        else:
            self.run(self.svc.pause(CLERKS[window], window, "午休"))

    @rule(minutes=st.integers(0, 15))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    @rule(really=st.integers(0, 9))
    def close_day(self, really: int) -> None:
        if really:
            return  # rare: once closed, a run mostly just issues new tickets
        self.run(self.svc.close_day(SUPERVISOR, "营业时间结束"))
        for ticket in self.tickets():
            assert ticket.state is TicketState.DONE and ticket.outcome is not None
        assert self.run(self.svc.paused_windows()) == {}
        self.check_statistics()
        self.closed = True

    # --- invariants ---------------------------------------------------------------------

    @invariant()
    def nothing_lost_or_duplicated(self) -> None:
        if not hasattr(self, "svc"):
            return
        tickets = self.tickets()
        first_legs = [t.number for t in tickets if t.leg == 0]
        assert len(first_legs) == len(set(first_legs))
        assert sorted(first_legs) == sorted(self.drawn)
        open_legs = [t.number for t in tickets if t.is_open]
        assert len(open_legs) == len(set(open_legs))
        for t in tickets:
            assert (t.outcome is None) == (t.state is not TicketState.DONE)
            if t.first_called_at is not None or t.state in (
                TicketState.CALLED,
                TicketState.SERVING,
                TicketState.HELD,
            ):
                assert t.printed_at is not None  # never-printed tickets are never called
        currents = [
            t.window for t in tickets if t.state in (TicketState.CALLED, TicketState.SERVING)
        ]
        assert len(currents) == len(set(currents))

    @invariant()
    def statistics_add_up(self) -> None:
        if not hasattr(self, "svc"):
            return
        # The day report is the costliest read: check it every third step (and at close).
        self.steps += 1
        if self.steps % 3 and not self.closed:
            return
        self.check_statistics()

    def check_statistics(self) -> None:
        stats = day_stats(self.db, business_day(self.clock.now), self.clock.now)
        assert stats.issued == len(self.drawn)
        assert stats.adds_up()
        assert stats.issued + stats.transfers == stats.ended + stats.open
        served = stats.outcomes[TicketOutcome.SERVED]
        assert stats.service.count == served
        assert sum(g.served for g in stats.by_window) == served


QueueMachine.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_queue_state_machine = QueueMachine.TestCase
