"""`QueueService`: the social-security queue as the guide desk, call panel and hall see it.

Each action checks the role in the core (issuing: guide or clerk; calling and serving:
clerk; closing the day: supervisor), runs one short transaction on the DB executor,
journals the action (staff, window, ticket number, reason) and then emits a
`QueueChange` on `changed`.

**Print-confirmed issuance.** `issue` draws the number (NOT_PRINTED), prints the slip,
and only when `Printer.print_slip` has returned puts the ticket in the line (WAITING).
A `PrintError` propagates to the caller with the ticket left NOT_PRINTED — it is never
called — and the desk offers `reprint(ticket_id)` or `cancel(ticket_id, reason)`. The
number is not reused: it is accounted for as cancelled (or closed at day end).

Times come from `clock` (aware UTC); the business day is the Asia/Shanghai date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import TypeVar

from counter.audit import AuditLog, Detail
from counter.bureau.models import Role
from counter.events import Event
from counter.identity import scrub
from counter.journal import Action
from counter.printing import Printer, PrintError
from counter.queue.estimate import WaitEstimate
from counter.queue.model import Call, ChangeKind, Priority, QueueChange, Ticket
from counter.queue.queries import QueueView, WaitingEntry
from counter.queue.repo import CallResult, Draft, QueueRepo, item_ref
from counter.queue.settings import QueueError, QueueSettings
from counter.queue.slips import ticket_slip
from counter.queue.stats import DayStats, day_stats
from counter.queue.store import business_day
from counter.session import ActiveSession, PermissionDenied
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow

__all__ = [
    "QueueError",
    "QueueService",
    "QueueSettings",
    "WaitingEntry",
]

log = logging.getLogger("counter.queue")
T = TypeVar("T")


def _clean(reason: str) -> str:
    """A reason as journaled: one line, ID/phone/account numbers masked."""
    return scrub(" ".join(reason.split()))[:200]


def _require_any(session: ActiveSession, *roles: Role) -> None:
    if not any(role in session.staff.roles for role in roles):
        raise PermissionDenied(roles[0])


class QueueService:
    def __init__(
        self,
        db: Database,
        executor: DbExecutor,
        audit: AuditLog,
        printer: Printer,
        *,
        prefix: str | None = None,
        settings: QueueSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        settings = settings or QueueSettings()
        if prefix is not None and prefix != settings.prefix:
            settings = replace(settings, prefix=prefix)
        self.settings = settings
        self.db = db
        self.executor = executor
        self.audit = audit
        self.printer = printer
        self.clock = clock
        self.repo = QueueRepo(db, settings)
        self.view: QueueView = self.repo.view
        self.changed: Event[QueueChange] = Event("queue.changed")

    # --- plumbing ----------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the queue clock must return aware UTC datetimes")
        return now

    async def _run(self, fn: Callable[[], T]) -> T:
        return await self.executor.run(fn)

    async def _journal(
        self,
        session: ActiveSession,
        action: Action,
        *,
        object: str = "",
        outcome: str = "ok",
        changes: list[QueueChange] | None = None,
        **details: Detail,
    ) -> None:
        """Journal, then announce: the changes go out even if journaling fails."""
        try:
            await self.audit.record(
                action,
                staff_no=session.staff.staff_no,
                role=session.workspace_role.value,
                object=object,
                outcome=outcome,
                details={k: v for k, v in details.items() if v is not None},
            )
        finally:
            for change in changes or ():
                self.changed.emit(change)

    def _called(self, result: CallResult, *, recall: bool = False) -> list[QueueChange]:
        ticket = result.ticket
        assert ticket.window is not None and ticket.called_at is not None
        call = Call(ticket.number, ticket.window, recall, ticket.called_at)
        changes = []
        if result.resumed:
            changes.append(QueueChange(ChangeKind.RESUMED, None, window=ticket.window))
        changes.append(QueueChange(ChangeKind.CALLED, ticket, call=call, window=ticket.window))
        return changes

    # --- issuing (guide or clerk) -------------------------------------------------------

    async def issue(
        self,
        session: ActiveSession,
        *,
        item_code: str | None = None,
        item_name: str | None = None,
        priority: Priority = Priority.NORMAL,
        priority_reason: str | None = None,
        person_masked: str | None = None,
    ) -> Ticket:
        """Draw a number, print its slip, and only then put it in the line.

        Raises `PrintError` (ticket left NOT_PRINTED: offer reprint or cancel).
        `person_masked` must already be masked (`counter.identity` masks).
        """
        _require_any(session, Role.GUIDE, Role.CLERK)
        staff = session.staff.staff_no
        now = self._now()
        draft = await self._run(
            lambda: self.repo.create(
                staff_no=staff,
                item_code=item_code,
                item_name=item_name,
                priority=Priority(priority),
                priority_reason=priority_reason,
                person_masked=person_masked,
                now=now,
            )
        )
        return await self._print(session, draft, reprint=False)

    async def reprint(self, session: ActiveSession, ticket_id: int) -> Ticket:
        """Print the slip of a NOT_PRINTED ticket again (current ahead count and estimate)."""
        _require_any(session, Role.GUIDE, Role.CLERK)
        now = self._now()
        draft = await self._run(lambda: self.repo.preview(ticket_id, now))
        return await self._print(session, draft, reprint=True)

    async def _print(self, session: ActiveSession, draft: Draft, *, reprint: bool) -> Ticket:
        staff = session.staff.staff_no
        ticket = draft.ticket
        action = Action.TICKET_REPRINT if reprint else Action.TICKET_ISSUE
        slip = ticket_slip(
            ticket,
            outlet_name=session.outlet.name,
            outlet_code=session.outlet.code,
            ahead=draft.ahead,
            estimate=draft.estimate,
            settings=self.settings,
            reprint=reprint,
        )
        try:
            await self.printer.print_slip(slip)
        except Exception as exc:
            message = exc.message if isinstance(exc, PrintError) else type(exc).__name__
            failed_at = self._now()
            try:
                await self._run(
                    lambda: self.repo.print_failed(ticket.id, staff, message, failed_at)
                )
            finally:
                await self._journal(
                    session,
                    action,
                    object=ticket.number,
                    outcome="print_failed",
                    changes=[QueueChange(ChangeKind.PRINT_FAILED, ticket)],
                    ticket_id=ticket.id,
                    item_code=ticket.item_code,
                    priority=ticket.priority.value,
                    error=message[:200],
                )
            raise
        printed_at = self._now()
        waiting = await self._run(
            lambda: self.repo.mark_printed(draft, staff, printed_at, reprint=reprint)
        )
        await self._journal(
            session,
            action,
            object=waiting.number,
            changes=[QueueChange(ChangeKind.ISSUED, waiting)],
            ticket_id=waiting.id,
            item_code=waiting.item_code,
            priority=waiting.priority.value,
            ahead=draft.ahead,
            estimate=draft.estimate.label if draft.estimate else None,
        )
        return waiting

    async def cancel(self, session: ActiveSession, ticket_id: int, reason: str) -> Ticket:
        """Cancel a ticket that is not printed, waiting or held (the citizen left)."""
        _require_any(session, Role.GUIDE, Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        ticket = await self._run(lambda: self.repo.cancel(ticket_id, staff, reason, now))
        await self._journal(
            session,
            Action.TICKET_CANCEL,
            object=ticket.number,
            changes=[QueueChange(ChangeKind.ENDED, ticket)],
            ticket_id=ticket.id,
            reason=_clean(reason),
        )
        return ticket

    async def requeue_late(self, session: ActiveSession, ticket_id: int) -> Ticket:
        """A no-show back within the tolerance joins the end of the line again."""
        _require_any(session, Role.GUIDE, Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        ticket = await self._run(lambda: self.repo.requeue_late(ticket_id, staff, now))
        await self._journal(
            session,
            Action.TICKET_REQUEUE,
            object=ticket.number,
            changes=[QueueChange(ChangeKind.REQUEUED, ticket)],
            ticket_id=ticket.id,
        )
        return ticket

    # --- calling and serving (clerk) -------------------------------------------------

    async def call_next(self, session: ActiveSession, window: int) -> Ticket | None:
        """Call the next ticket by the fairness rules; None when nobody is waiting.

        Resumes the window if it was paused. `Ticket.call_rule` says which rule chose it.
        """
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        result = await self._run(lambda: self.repo.call_next(window, staff, now))
        if result is None:
            return None
        t = result.ticket
        await self._journal(
            session,
            Action.TICKET_CALL,
            object=t.number,
            changes=self._called(result),
            ticket_id=t.id,
            window=window,
            rule=t.call_rule.value if t.call_rule else None,
            priority=t.priority.value,
            resumed=result.resumed or None,
        )
        return t

    async def call_specific(
        self, session: ActiveSession, window: int, ticket_id: int, reason: str
    ) -> Ticket:
        """Call a waiting ticket out of order; the reason is required and journaled."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        result = await self._run(
            lambda: self.repo.call_specific(window, ticket_id, staff, reason, now)
        )
        t = result.ticket
        await self._journal(
            session,
            Action.TICKET_CALL,
            object=t.number,
            changes=self._called(result),
            ticket_id=t.id,
            window=window,
            rule="specific",
            priority=t.priority.value,
            reason=_clean(reason),
            resumed=result.resumed or None,
        )
        return t

    async def recall(self, session: ActiveSession, window: int) -> Ticket:
        """Announce the current ticket again. After `max_recalls` recalls without start the
        next recall makes it a no-show instead (returned with outcome NO_SHOW)."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        t = await self._run(lambda: self.repo.recall(window, staff, now))
        if not t.is_open:
            await self._journal(
                session,
                Action.TICKET_NO_SHOW,
                object=t.number,
                changes=[QueueChange(ChangeKind.ENDED, t, window=window)],
                ticket_id=t.id,
                window=window,
                automatic=True,
                recalls=t.recalls,
            )
            return t
        assert t.called_at is not None
        call = Call(t.number, window, True, t.called_at)
        await self._journal(
            session,
            Action.TICKET_RECALL,
            object=t.number,
            changes=[QueueChange(ChangeKind.CALLED, t, call=call, window=window)],
            ticket_id=t.id,
            window=window,
            recalls=t.recalls,
        )
        return t

    async def start(self, session: ActiveSession, window: int) -> Ticket:
        """The citizen is at the window: serving starts."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        t = await self._run(lambda: self.repo.start(window, staff, now))
        await self._journal(
            session,
            Action.TICKET_START,
            object=t.number,
            changes=[QueueChange(ChangeKind.STARTED, t, window=window)],
            ticket_id=t.id,
            window=window,
        )
        return t

    async def no_show(self, session: ActiveSession, window: int) -> Ticket:
        """过号: the called ticket did not come."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        t = await self._run(lambda: self.repo.no_show(window, staff, now))
        await self._journal(
            session,
            Action.TICKET_NO_SHOW,
            object=t.number,
            changes=[QueueChange(ChangeKind.ENDED, t, window=window)],
            ticket_id=t.id,
            window=window,
            recalls=t.recalls,
        )
        return t

    async def hold(self, session: ActiveSession, window: int, reason: str = "") -> Ticket:
        """挂起: park the current ticket (e.g. a missing document); call it back later."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        t = await self._run(lambda: self.repo.hold(window, staff, reason, now))
        await self._journal(
            session,
            Action.TICKET_HOLD,
            object=t.number,
            changes=[QueueChange(ChangeKind.HELD, t, window=window)],
            ticket_id=t.id,
            window=window,
            reason=_clean(reason) or None,
        )
        return t

    async def call_back(self, session: ActiveSession, window: int, ticket_id: int) -> Ticket:
        """回呼: call a held ticket to `window`."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        result = await self._run(lambda: self.repo.call_back(window, ticket_id, staff, now))
        t = result.ticket
        await self._journal(
            session,
            Action.TICKET_CALL_BACK,
            object=t.number,
            changes=self._called(result),
            ticket_id=t.id,
            window=window,
            resumed=result.resumed or None,
        )
        return t

    async def transfer(
        self,
        session: ActiveSession,
        window: int,
        *,
        to_window: int | None = None,
        to_item: object | None = None,
        reason: str = "",
    ) -> Ticket:
        """Send the current ticket to another window and/or item (`to_item`: a
        `CatalogueItem`, `ItemRef` or anything with `code` and `name`).

        The current leg ends as transferred; the returned new leg waits with the same
        number and keeps its place by the original wait clock. With `to_window` only that
        window's call-next picks it.
        """
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        item = item_ref(to_item)
        old, new = await self._run(
            lambda: self.repo.transfer(
                window, staff, now, to_window=to_window, to_item=item, reason=reason
            )
        )
        await self._journal(
            session,
            Action.TICKET_TRANSFER,
            object=old.number,
            changes=[QueueChange(ChangeKind.TRANSFERRED, new, window=window)],
            ticket_id=old.id,
            new_ticket_id=new.id,
            window=window,
            to_window=to_window,
            to_item=item.code if item else None,
            reason=_clean(reason) or None,
        )
        return new

    async def complete(self, session: ActiveSession, window: int) -> Ticket:
        """办结: the current ticket was served."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        t = await self._run(lambda: self.repo.complete(window, staff, now))
        await self._journal(
            session,
            Action.TICKET_COMPLETE,
            object=t.number,
            changes=[QueueChange(ChangeKind.ENDED, t, window=window)],
            ticket_id=t.id,
            window=window,
        )
        return t

    # --- windows and the day ---------------------------------------------------------

    async def pause(self, session: ActiveSession, window: int, reason: str) -> None:
        """Pause the window (reason required, counted in statistics); a call resumes it."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        await self._run(lambda: self.repo.pause(window, staff, reason, now))
        await self._journal(
            session,
            Action.WINDOW_PAUSE,
            object=f"window:{window}",
            changes=[QueueChange(ChangeKind.PAUSED, None, window=window)],
            window=window,
            reason=_clean(reason),
        )

    async def resume(self, session: ActiveSession, window: int) -> bool:
        """End the window's pause; False (and nothing journaled) if it was not paused."""
        session.require(Role.CLERK)
        staff, now = session.staff.staff_no, self._now()
        resumed = await self._run(lambda: self.repo.resume(window, staff, now))
        if resumed:
            await self._journal(
                session,
                Action.WINDOW_RESUME,
                object=f"window:{window}",
                changes=[QueueChange(ChangeKind.RESUMED, None, window=window)],
                window=window,
            )
        return resumed

    async def close_day(self, session: ActiveSession, reason: str) -> list[Ticket]:
        """Close every open ticket with outcome CLOSED_AT_DAY_END (supervisor only)."""
        session.require(Role.SUPERVISOR)
        staff, now = session.staff.staff_no, self._now()
        closed = await self._run(lambda: self.repo.close_day(staff, reason, now))
        changes = [QueueChange(ChangeKind.ENDED, t, window=t.window) for t in closed.tickets]
        changes.append(QueueChange(ChangeKind.DAY_CLOSED, None))
        await self._journal(
            session,
            Action.QUEUE_CLOSE_DAY,
            object=business_day(now),
            changes=changes,
            closed=len(closed.tickets),
            pauses_ended=len(closed.pauses_ended),
            reason=_clean(reason),
        )
        return closed.tickets

    # --- reading (no role needed: the hall display reads too) ------------------------

    async def waiting(self) -> list[Ticket]:
        """Today's waiting tickets in the order they would be called."""
        now = self._now()
        return await self._run(lambda: self.view.waiting(now))

    async def waiting_with_estimates(self) -> list[WaitingEntry]:
        """Everyone waiting with tickets ahead and a fresh estimate (None = 暂无估计)."""
        now = self._now()
        return await self._run(lambda: self.view.waiting_with_estimates(now))

    async def estimate_for(self, ticket_id: int) -> WaitEstimate | None:
        now = self._now()
        return await self._run(lambda: self.view.estimate_for(ticket_id, now))

    async def current(self, window: int) -> Ticket | None:
        return await self._run(lambda: self.view.current(window))

    async def active(self) -> list[Ticket]:
        """What the hall display shows large: every window's called/serving ticket."""
        return await self._run(self.view.active)

    async def held(self) -> list[Ticket]:
        return await self._run(self.view.held)

    async def not_printed(self) -> list[Ticket]:
        return await self._run(self.view.not_printed)

    async def ticket(self, ticket_id: int) -> Ticket:
        return await self._run(lambda: self.view.ticket(ticket_id))

    async def find(self, number: str) -> Ticket | None:
        """Today's ticket with this number (its latest leg), e.g. for a late return."""
        day = business_day(self._now())
        return await self._run(lambda: self.view.find(number, day))

    async def recent_calls(self, limit: int = 6) -> list[Call]:
        now = self._now()
        return await self._run(lambda: self.view.recent_calls(now, limit))

    async def paused_windows(self) -> dict[int, str]:
        return await self._run(self.view.paused_windows)

    async def day_tickets(self, day: date | str | None = None) -> list[Ticket]:
        key = business_day(self._now()) if day is None else str(day)
        return await self._run(lambda: self.view.day_tickets(key))

    async def day_stats(self, day: date | str | None = None) -> DayStats:
        now = self._now()
        key = business_day(now) if day is None else str(day)
        return await self._run(lambda: day_stats(self.db, key, now))
