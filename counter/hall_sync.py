"""Hall sync: the bank's hall queue system follows our social-security queue.

`HallSync` listens to `QueueService.changed` and forwards each change to the hall caller
(`HallCallerPort`, implemented in `drivers/caller/`). It never blocks the queue: the
listener only appends to an in-memory outbox; one worker sends the operations strictly in
the order the changes happened (so the hall's screen and voice see calls in our order, and
each ticket's operations stay in order). Every operation carries an idempotency key fixed
when the change arrives; a retry (timeout, reset, 5xx, 503) reuses it, with exponential
backoff, full jitter and a cap, so an operation the hall applied but did not confirm is
never applied twice. A 4xx answer is not retried: it is listed as a mismatch for the
supervisor. After an outage, a call that is old and already overtaken by a later operation
on the same ticket is not sent: the hall would only announce a stale number.

When the hall system is down the desk keeps working (the local queue is authoritative).
When it answers again, `reconcile()` compares its waiting list with ours, lists every
difference (`mismatches()`) and re-sends what the hall is missing. Reconciliation also
runs periodically, so a difference made at the hall side is found too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from counter.audit import AuditLog
from counter.events import Event
from counter.journal import Action
from counter.queue.model import ChangeKind, QueueChange, Ticket, TicketOutcome, TicketState

log = logging.getLogger("counter.hall_sync")


# --- the port ------------------------------------------------------------------------------


class CallerError(Exception):
    """A failure of the hall caller, with a Chinese message fit to show staff."""

    def __init__(self, message: str, *, code: str = "error", status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class CallerUnavailable(CallerError):
    """No usable answer (refused, timed out, reset, 5xx, busy): retry with the same key."""


class CallerRejected(CallerError):
    """The hall system refused the request (4xx): retrying would not help."""


@dataclass(frozen=True)
class HallWaiting:
    """One ticket in the hall system's waiting list."""

    number: str
    service: str
    window: int | None = None  # waiting for this window only


class HallCallerPort(Protocol):
    """The bank's hall queue system (DESIGN §3.4; wire contract in docs/caller-api.md).

    Every write carries `key`, the idempotency key: the same key again must return the
    first answer without applying anything twice. Failures raise `CallerUnavailable`
    (retry) or `CallerRejected` (do not).
    """

    async def issue(self, ticket: Ticket, *, key: str) -> int:
        """Mirror a waiting ticket; returns how many wait ahead of it at the hall."""
        ...

    async def call(self, number: str, window: int, *, recall: bool, key: str) -> None: ...

    async def no_show(self, number: str, *, key: str) -> None: ...

    async def transfer(
        self, number: str, *, to_window: int | None, to_service: str | None, key: str
    ) -> None: ...

    async def complete(self, number: str, *, key: str) -> None: ...

    async def cancel(self, number: str, *, reason: str, key: str) -> None: ...

    async def requeue(self, number: str, *, key: str) -> None: ...

    async def list_waiting(self) -> list[HallWaiting]: ...

    async def aclose(self) -> None: ...


# --- operations ----------------------------------------------------------------------------


class HallAction(StrEnum):
    ISSUE = "issue"
    CALL = "call"
    NO_SHOW = "no-show"
    TRANSFER = "transfer"
    COMPLETE = "complete"
    CANCEL = "cancel"
    REQUEUE = "requeue"


_END_ACTIONS: dict[TicketOutcome, tuple[HallAction, str | None]] = {
    TicketOutcome.SERVED: (HallAction.COMPLETE, None),
    TicketOutcome.NO_SHOW: (HallAction.NO_SHOW, None),
    TicketOutcome.CANCELLED: (HallAction.CANCEL, "cancelled"),
    TicketOutcome.CLOSED_AT_DAY_END: (HallAction.CANCEL, "closed_at_day_end"),
}


_RESENDABLE = {HallAction.NO_SHOW, HallAction.COMPLETE, HallAction.CANCEL}


@dataclass(frozen=True)
class HallOp:
    """One request for the hall system, with the key all its attempts share."""

    action: HallAction
    ticket: Ticket
    key: str
    window: int | None = None  # CALL: the calling window; TRANSFER: the target window
    recall: bool = False
    to_service: str | None = None
    reason: str | None = None
    repair: bool = False  # sent by reconciliation
    at: datetime | None = None  # CALL: when the clerk called

    @property
    def number(self) -> str:
        return self.ticket.number

    def describe(self) -> str:
        return f"{self.number} {self.action.value}"


@dataclass(frozen=True)
class OpSpec:
    """What one queue change asks of the hall (before it gets a key)."""

    action: HallAction
    window: int | None = None
    recall: bool = False
    to_service: str | None = None
    reason: str | None = None


def op_for(change: QueueChange) -> OpSpec | None:
    """What the hall must be told about one queue change (None: a local-only change).

    STARTED, HELD, PAUSED, RESUMED, PRINT_FAILED stay local: to the hall a held or served
    ticket is simply at its window. An ENDED ticket with outcome TRANSFERRED is carried by
    its TRANSFERRED change.
    """
    ticket = change.ticket
    spec: OpSpec | None = None
    if ticket is None:
        return None
    if change.kind is ChangeKind.ISSUED:
        spec = OpSpec(HallAction.ISSUE)
    elif change.kind is ChangeKind.CALLED and change.call is not None:
        spec = OpSpec(HallAction.CALL, window=change.call.window, recall=change.call.recall)
    elif change.kind is ChangeKind.REQUEUED:
        spec = OpSpec(HallAction.REQUEUE)
    elif change.kind is ChangeKind.TRANSFERRED:
        if ticket.state is TicketState.DONE:  # to another service: gone from our queue
            spec = OpSpec(HallAction.CANCEL, reason="transferred")
        else:
            # to a window, or back into the social-security line (HallSync names the service)
            spec = OpSpec(HallAction.TRANSFER, window=change.window or ticket.target_window)
    elif change.kind is ChangeKind.ENDED and ticket.outcome in _END_ACTIONS:
        action, reason = _END_ACTIONS[ticket.outcome]
        spec = OpSpec(action, reason=reason)
    return spec


# --- what the supervisor sees --------------------------------------------------------------


ACTION_LABELS = {
    HallAction.ISSUE: "出票",
    HallAction.CALL: "叫号",
    HallAction.NO_SHOW: "过号",
    HallAction.TRANSFER: "转移",
    HallAction.COMPLETE: "办结",
    HallAction.CANCEL: "取消",
    HallAction.REQUEUE: "重新排队",
}


class MismatchKind(StrEnum):
    MISSING_IN_HALL = "missing_in_hall"  # waiting here, not waiting at the hall
    EXTRA_IN_HALL = "extra_in_hall"  # waiting at the hall, not waiting here
    REJECTED = "rejected"  # the hall refused an operation (4xx)


MISMATCH_LABELS = {
    MismatchKind.MISSING_IN_HALL: "叫号系统缺少此号（本机在等候）",
    MismatchKind.EXTRA_IN_HALL: "叫号系统仍显示等候（本机已不在等候）",
    MismatchKind.REJECTED: "叫号系统拒绝了操作",
}


@dataclass(frozen=True)
class HallMismatch:
    number: str
    kind: MismatchKind
    found_at: datetime
    detail: str  # Chinese, no personal data
    repair: str | None  # what was re-sent, e.g. "issue"; None: needs a person
    resolved: bool = False

    @property
    def label(self) -> str:
        return MISMATCH_LABELS[self.kind]


@dataclass(frozen=True)
class HallSyncStatus:
    online: bool | None  # None: not known yet
    pending: int
    open_mismatches: int
    last_error: str | None


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter: uniform(0, min(cap, base · factor^attempt))."""

    base_s: float = 0.5
    factor: float = 2.0
    cap_s: float = 30.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        ceiling = min(self.cap_s, self.base_s * self.factor ** min(attempt, 60))
        return rng.uniform(0.0, ceiling)


WaitingSource = Callable[[], Awaitable[list[Ticket]]]
Sleep = Callable[[float], Awaitable[None]]


class HallSync:
    """Forwards queue changes to the hall caller; see the module docstring."""

    def __init__(
        self,
        caller: HallCallerPort,
        waiting: WaitingSource,
        *,
        service: str = "社保",
        key_prefix: str = "",
        backoff: Backoff | None = None,
        reconcile_every_s: float | None = 60.0,
        stale_call_s: float = 30.0,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        audit: AuditLog | None = None,
        staff_no: str = "SYSTEM",
    ) -> None:
        self.caller = caller
        self._audit = audit
        self._staff_no = staff_no
        self._audit_tasks: set[asyncio.Task[None]] = set()
        self._waiting = waiting
        self.service = service
        # A fresh run gets a fresh prefix: a key names one change, never a later one.
        self._key_prefix = f"{key_prefix or 'hall'}-{os.urandom(4).hex()}"
        self.backoff = backoff or Backoff()
        self.reconcile_every_s = reconcile_every_s
        self.stale_call_s = stale_call_s
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._clock = clock
        self._ops: deque[HallOp] = deque()
        self._worker: asyncio.Task[None] | None = None
        self._serial = 0
        self._seq = 0  # changes seen: reconciliation retries when it moved meanwhile
        self._last_op: dict[str, HallOp] = {}  # last op per number (for repairs)
        self._mismatches: list[HallMismatch] = []
        self._online: bool | None = None
        self._last_error: str | None = None
        self._idle = asyncio.Event()
        self._idle.set()
        self._periodic: asyncio.Task[None] | None = None
        self._reconciling: asyncio.Task[list[HallMismatch]] | None = None
        self._closed = False
        self.sent = 0  # operations the hall confirmed
        self.changed: Event[HallSyncStatus] = Event("hall_sync.changed")

    # -- lifecycle ---------------------------------------------------------------------

    def attach(self, changes: Event[QueueChange]) -> None:
        changes.connect(self.on_change)

    def start(self) -> None:
        """Start the periodic reconciliation (needs the running loop)."""
        if self.reconcile_every_s and self._periodic is None:
            self._periodic = asyncio.get_running_loop().create_task(self._run_periodic())
        if self._ops and self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._run())

    async def aclose(self) -> None:
        self._closed = True
        tasks: list[asyncio.Task[object]] = [
            t for t in (self._periodic, self._reconciling, self._worker) if t is not None
        ]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._periodic = None
        if self._audit_tasks:  # journal entries already under way are finished, not dropped
            await asyncio.gather(*self._audit_tasks, return_exceptions=True)

    async def drain(self) -> None:
        """Wait until every operation received so far was confirmed or given up."""
        await self._idle.wait()

    # -- state -------------------------------------------------------------------------

    @property
    def online(self) -> bool | None:
        return self._online

    def pending(self) -> int:
        return len(self._ops)

    def mismatches(self) -> list[HallMismatch]:
        """Every difference found today, newest last (resolved ones stay, marked)."""
        return list(self._mismatches)

    def status(self) -> HallSyncStatus:
        open_count = sum(1 for m in self._mismatches if not m.resolved)
        return HallSyncStatus(self._online, self.pending(), open_count, self._last_error)

    # -- the listener ------------------------------------------------------------------

    def on_change(self, change: QueueChange) -> None:
        """`QueueService.changed` listener: queues the hall operations, never waits."""
        self._seq += 1
        ticket = change.ticket
        if ticket is None or self._closed:
            return
        spec = op_for(change)
        if spec is None:
            return
        self._enqueue(
            HallOp(
                action=spec.action,
                ticket=ticket,
                key=self._new_key(ticket, spec.action),
                window=spec.window,
                recall=spec.recall,
                to_service=spec.to_service
                or (
                    self.service if spec.action is HallAction.TRANSFER and not spec.window else None
                ),
                reason=spec.reason,
                at=change.call.at if change.call is not None else None,
            )
        )

    def _new_key(self, ticket: Ticket, action: HallAction, repair: bool = False) -> str:
        self._serial += 1
        tag = f"{'r' if repair else 'c'}{self._serial}"
        return f"{self._key_prefix}-{ticket.business_day}-t{ticket.id}-{action.value}-{tag}"

    def _enqueue(self, op: HallOp) -> None:
        self._ops.append(op)
        self._idle.clear()
        if self._worker is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return  # `start()` picks it up
            self._worker = loop.create_task(self._run())
        self._notify()

    # -- sending -----------------------------------------------------------------------

    async def _run(self) -> None:
        try:
            while self._ops:
                op = self._ops[0]
                follow_up = await self._deliver(op)
                self._ops.popleft()
                self._ops.extendleft(reversed(follow_up))
                self._notify()
        finally:
            self._worker = None
            if not self._ops:
                self._idle.set()

    def _overtaken(self, op: HallOp) -> bool:
        """A stale call with a later operation on its ticket queued behind it."""
        if op.action is not HallAction.CALL or op.at is None:
            return False
        if (self._clock() - op.at).total_seconds() < self.stale_call_s:
            return False
        later = any(o.number == op.number for o in list(self._ops)[1:])
        if later:
            log.info("not sending a stale call of %s", op.number)
        return later

    async def _deliver(self, op: HallOp) -> list[HallOp]:
        """Send until confirmed or refused; returns operations to send next (repairs)."""
        attempt = 0
        while True:
            if self._overtaken(op):
                return []
            try:
                await self._send(op)
            except CallerUnavailable as exc:
                self._went_offline(exc)
                await self._sleep(self.backoff.delay(attempt, self._rng))
                attempt += 1
                continue
            except CallerRejected as exc:
                return self._rejected(op, exc)
            self._delivered(op)
            return []

    async def _send(self, op: HallOp) -> None:
        c = self.caller
        match op.action:
            case HallAction.ISSUE:
                await c.issue(op.ticket, key=op.key)
            case HallAction.CALL:
                await c.call(op.number, op.window or 0, recall=op.recall, key=op.key)
            case HallAction.NO_SHOW:
                await c.no_show(op.number, key=op.key)
            case HallAction.TRANSFER:
                await c.transfer(
                    op.number, to_window=op.window, to_service=op.to_service, key=op.key
                )
            case HallAction.COMPLETE:
                await c.complete(op.number, key=op.key)
            case HallAction.CANCEL:
                await c.cancel(op.number, reason=op.reason or "cancelled", key=op.key)
            case HallAction.REQUEUE:
                await c.requeue(op.number, key=op.key)

    def _delivered(self, op: HallOp) -> None:
        self.sent += 1
        self._last_op[op.number] = op
        if op.repair:
            self._resolve(op.number)
        self._came_online()

    def _rejected(self, op: HallOp, exc: CallerRejected) -> list[HallOp]:
        self._came_online()  # it answered
        if op.action is HallAction.ISSUE and exc.code == "ticket_exists":
            if op.repair:  # known there but not waiting: put it back in line
                return [self._repair_op(op.ticket, HallAction.REQUEUE)]
            self._delivered(op)  # mirrored by an earlier run whose answer was lost
            return []
        if op.action is not HallAction.ISSUE and exc.code == "ticket_unknown":
            if op.ticket.state is not TicketState.NOT_PRINTED and not op.repair:
                log.warning("hall does not know %s: issuing it first", op.number)
                self._record(op.number, MismatchKind.MISSING_IN_HALL, exc.message, "issue")
                # The refusal was definite, so the call gets a new key (the old one would
                # only replay the stored 404).
                again = replace(op, key=self._new_key(op.ticket, op.action, True), repair=True)
                return [self._repair_op(op.ticket, HallAction.ISSUE), again]
        log.warning("hall refused %s: %s %s", op.describe(), exc.status, exc.code)
        detail = f"{ACTION_LABELS[op.action]}：{exc.message}"
        self._record(op.number, MismatchKind.REJECTED, detail, None)
        return []

    def _repair_op(self, ticket: Ticket, action: HallAction) -> HallOp:
        return HallOp(
            action=action, ticket=ticket, key=self._new_key(ticket, action, True), repair=True
        )

    def _went_offline(self, exc: CallerError) -> None:
        changed = self._online is not False or self._last_error != exc.message
        self._online = False
        self._last_error = exc.message
        if changed:
            log.warning("hall caller unavailable: %s", exc.code)
            self._notify()

    def _came_online(self, *, reconcile: bool = True) -> None:
        was_offline = self._online is False
        self._online = True
        self._last_error = None
        if was_offline and reconcile:
            log.info("hall caller answers again: reconciling")
            self._schedule_reconcile()
        self._notify()

    def _notify(self) -> None:
        self.changed.emit(self.status())

    # -- reconciliation ----------------------------------------------------------------

    def _schedule_reconcile(self) -> None:
        if self._closed or (self._reconciling is not None and not self._reconciling.done()):
            return
        self._reconciling = asyncio.get_running_loop().create_task(self._reconcile_when_idle())

    async def _reconcile_when_idle(self) -> list[HallMismatch]:
        await self.drain()
        try:
            return await self.reconcile()
        except CallerError:
            return []

    async def _run_periodic(self) -> None:
        assert self.reconcile_every_s
        while not self._closed:
            await self._sleep(self.reconcile_every_s)
            if self.pending():
                continue
            with contextlib.suppress(CallerError):
                await self.reconcile()

    async def reconcile(self, attempts: int = 5) -> list[HallMismatch]:
        """Compare both waiting lists; list and repair differences. Returns the new ones.

        Raises `CallerUnavailable` when the hall does not answer. Numbers with operations
        still on their way are skipped; if the queue moved meanwhile, it compares again.
        """
        for _ in range(attempts):
            seq = self._seq
            try:
                theirs = await self.caller.list_waiting()
            except CallerUnavailable as exc:
                self._went_offline(exc)
                raise
            ours = await self._waiting()
            if seq == self._seq:
                self._came_online(reconcile=False)
                return self._compare(ours, theirs)
            await self._sleep(0)
        return []

    def _compare(self, ours: list[Ticket], theirs: list[HallWaiting]) -> list[HallMismatch]:
        found: list[HallMismatch] = []
        busy = {op.number for op in self._ops}
        mine = {t.number: t for t in ours}
        hall = {w.number for w in theirs if w.service == self.service}
        for number in sorted(mine.keys() - hall - busy):
            self._enqueue(self._repair_op(mine[number], HallAction.ISSUE))
            found += self._record(number, MismatchKind.MISSING_IN_HALL, "已重发出票", "issue")
        for number in sorted(hall - mine.keys() - busy):
            last = self._last_op.get(number)
            if last is not None and last.action in _RESENDABLE:
                # We ended it and the hall lost or undid that: say it again (a new key, as
                # the old one would only replay the stored answer).
                key = self._new_key(last.ticket, last.action, True)
                self._enqueue(replace(last, key=key, repair=True))
                detail = f"已重发“{ACTION_LABELS[last.action]}”"
                found += self._record(number, MismatchKind.EXTRA_IN_HALL, detail, last.action)
            elif last is not None and last.action is HallAction.CALL:
                # Never re-send a call: the hall would announce it again. The ticket's end
                # (complete, no-show) will correct the hall.
                detail = "叫号后叫号系统仍显示等候；办结或过号时将自动更正"
                found += self._record(number, MismatchKind.EXTRA_IN_HALL, detail, None)
            else:
                found += self._record(
                    number, MismatchKind.EXTRA_IN_HALL, "本机无此号的记录，请人工核对", None
                )
        return found

    def _record(
        self, number: str, kind: MismatchKind, detail: str, repair: str | None
    ) -> list[HallMismatch]:
        for m in self._mismatches:
            if m.number == number and m.kind is kind and not m.resolved:
                return []  # already listed
        mismatch = HallMismatch(number, kind, self._clock(), detail, repair)
        self._mismatches.append(mismatch)
        log.warning("hall mismatch %s %s", number, kind.value)
        self._journal(mismatch)
        self._notify()
        return [mismatch]

    def _journal(self, mismatch: HallMismatch) -> None:
        """Every mismatch goes to the journal too (the supervisor's list survives restarts)."""
        if self._audit is None:
            return
        record = self._audit.record(
            Action.HALL_MISMATCH,
            staff_no=self._staff_no,
            object=mismatch.number,
            outcome=mismatch.kind.value,
            details={"detail": mismatch.detail, "repair": mismatch.repair},
        )
        task = asyncio.get_running_loop().create_task(self._journal_safely(record))
        self._audit_tasks.add(task)
        task.add_done_callback(self._audit_tasks.discard)

    @staticmethod
    async def _journal_safely(record: Awaitable[None]) -> None:
        try:
            await record
        except Exception:
            log.exception("hall mismatch not journaled")

    def _resolve(self, number: str) -> None:
        self._mismatches = [
            replace(m, resolved=True)
            if m.number == number and m.repair is not None and not m.resolved
            else m
            for m in self._mismatches
        ]
