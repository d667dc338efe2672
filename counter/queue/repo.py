"""Queue state transitions: each public method is one short write transaction.

Every method validates the ticket's state inside the transaction that changes it (so two
windows pressing "call next" at once get two different tickets, never the same one) and
appends a `ticket_events` row. A refused action raises `QueueError` and changes nothing.

Blocking (SQLite): the service runs these on the DB executor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.identity import scrub
from counter.queue.estimate import WaitEstimate
from counter.queue.fairness import Candidate, pick_next
from counter.queue.model import CallRule, Priority, Ticket, TicketOutcome, TicketState
from counter.queue.queries import (
    QueueView,
    current_row,
    open_pause,
    priority_run,
    waiting_rows,
)
from counter.queue.settings import QueueError, QueueSettings
from counter.queue.store import (
    EventAction,
    TicketEvent,
    TicketRow,
    WaitEstimateRow,
    WindowPause,
    business_day,
    format_number,
    next_seq,
    to_ticket,
)
from counter.storage.db import Database

__all__ = ["CallResult", "ClosedDay", "Draft", "ItemRef", "QueueRepo"]

_CALLED = (TicketState.CALLED.value, TicketState.SERVING.value)


@dataclass(frozen=True)
class ItemRef:
    """A catalogue item as the queue keeps it (any object with `code` and `name` works)."""

    code: str
    name: str


@dataclass(frozen=True)
class Draft:
    """A ticket not yet printed, and what its slip should say."""

    ticket: Ticket
    ahead: int
    estimate: WaitEstimate | None


@dataclass(frozen=True)
class CallResult:
    ticket: Ticket
    resumed: bool  # the call ended a pause of the window


@dataclass(frozen=True)
class ClosedDay:
    tickets: list[Ticket]
    pauses_ended: list[int]  # windows whose pause was ended


class QueueRepo:
    def __init__(self, db: Database, settings: QueueSettings) -> None:
        self.db = db
        self.settings = settings
        self.view = QueueView(db, settings)

    # --- helpers (inside a transaction) ---------------------------------------------

    @staticmethod
    def _event(
        s: Session,
        row: TicketRow,
        action: str,
        at: datetime,
        staff_no: str,
        *,
        window: int | None = None,
        reason: str | None = None,
        rule: str | None = None,
    ) -> None:
        s.add(
            TicketEvent(
                ticket_id=row.id,
                business_day=business_day(at),
                at=at,
                action=action,
                window=window,
                staff_no=staff_no,
                reason=reason or None,
                rule=rule,
            )
        )

    @staticmethod
    def _get(s: Session, ticket_id: int) -> TicketRow:
        row = s.get(TicketRow, ticket_id)
        if row is None:
            raise QueueError("找不到该号码。", "ticket")
        return row

    def _reason(self, reason: str, what: str) -> str:
        text = scrub(" ".join(reason.split()))  # no ID or phone numbers in reasons
        if len(text) < self.settings.min_reason_length:
            raise QueueError(f"请填写{what}。", "reason")
        if len(text) > 200:
            raise QueueError("原因最多 200 个字。", "reason")
        return text

    @staticmethod
    def _window(window: int) -> int:
        if not 1 <= window <= 999:
            raise QueueError(f"窗口号无效：{window}", "window")
        return window

    @staticmethod
    def _current(s: Session, window: int) -> TicketRow:
        row = current_row(s, window)
        if row is None:
            raise QueueError(f"{window}号窗口当前没有正在叫号或办理的号码。", "window")
        return row

    @staticmethod
    def _ensure_free(s: Session, window: int) -> None:
        row = current_row(s, window)
        if row is not None:
            doing = "办理中" if row.state == TicketState.SERVING else "已叫号"
            raise QueueError(
                f"{window}号窗口还有 {row.number} 号（{doing}），请先办结、过号、挂起或转移。",
                "window",
            )

    def _resume(self, s: Session, window: int, staff_no: str, now: datetime) -> bool:
        pause = open_pause(s, window)
        if pause is None:
            return False
        pause.ended_at = now
        pause.ended_by = staff_no
        return True

    def _call(
        self,
        s: Session,
        row: TicketRow,
        window: int,
        staff_no: str,
        now: datetime,
        *,
        action: str,
        rule: CallRule,
        reason: str | None = None,
    ) -> None:
        row.state = TicketState.CALLED
        row.window = window
        row.called_at = now
        row.recalls = 0
        row.call_rule = rule
        row.held_at = None
        row.staff_no = staff_no
        if row.first_called_at is None:
            row.first_called_at = now
            estimate = s.get(WaitEstimateRow, row.id)
            if estimate is not None and estimate.actual_s is None:
                estimate.actual_s = (now - estimate.estimated_at).total_seconds()
        self._event(s, row, action, now, staff_no, window=window, reason=reason, rule=rule)

    def _end(
        self,
        s: Session,
        row: TicketRow,
        outcome: TicketOutcome,
        action: str,
        *,
        staff_no: str,
        now: datetime,
        window: int | None = None,
        reason: str | None = None,
    ) -> None:
        row.state = TicketState.DONE
        row.outcome = outcome
        row.ended_at = now
        row.staff_no = staff_no
        self._event(s, row, action, now, staff_no, window=window, reason=reason)

    # --- issuing ----------------------------------------------------------------------

    def create(
        self,
        *,
        staff_no: str,
        item_code: str | None,
        item_name: str | None,
        priority: Priority,
        priority_reason: str | None,
        person_masked: str | None,
        now: datetime,
    ) -> Draft:
        """Draw the next number of the day and insert the ticket as NOT_PRINTED."""
        reason = None
        if priority is Priority.OTHER:
            reason = self._reason(priority_reason or "", "绿色通道的原因")
        elif priority_reason:
            reason = scrub(" ".join(priority_reason.split()))[:200] or None
        day = business_day(now)
        with self.db.session() as s:
            seq = next_seq(s, day)
            row = TicketRow(
                business_day=day,
                seq=seq,
                leg=0,
                number=format_number(self.settings.prefix, seq),
                state=TicketState.NOT_PRINTED,
                priority=priority,
                priority_reason=reason,
                item_code=item_code,
                item_name=item_name,
                # Callers pass masked values; scrub() is the safety net for a slip.
                person_masked=scrub(person_masked)[:64] if person_masked else None,
                issued_at=now,
                original_issued_at=now,
                queue_at=now,
                recalls=0,
                requeues=0,
                issued_by=staff_no,
                staff_no=staff_no,
            )
            s.add(row)
            s.flush()
            self._event(s, row, EventAction.ISSUE, now, staff_no, reason=reason)
            ahead, estimate = self.view.preview(s, row, now)
            return Draft(to_ticket(row), ahead, estimate)

    def preview(self, ticket_id: int, now: datetime) -> Draft:
        """What a reprinted slip of a not-printed ticket should say now."""
        with self.db.session(readonly=True) as s:
            row = self._get(s, ticket_id)
            if row.state != TicketState.NOT_PRINTED:
                raise QueueError(f"{row.number} 号已打印，无需补打。", "ticket")
            ahead, estimate = self.view.preview(s, row, now)
            return Draft(to_ticket(row), ahead, estimate)

    def print_failed(self, ticket_id: int, staff_no: str, message: str, now: datetime) -> None:
        with self.db.session() as s:
            row = self._get(s, ticket_id)
            self._event(s, row, EventAction.PRINT_FAILED, now, staff_no, reason=message[:200])

    def mark_printed(
        self, draft: Draft, staff_no: str, now: datetime, *, reprint: bool = False
    ) -> Ticket:
        """The slip came out: the ticket joins the line, with the estimate it showed."""
        with self.db.session() as s:
            row = self._get(s, draft.ticket.id)
            if row.state != TicketState.NOT_PRINTED:
                raise QueueError(f"{row.number} 号已不在待打印状态。", "ticket")
            row.state = TicketState.WAITING
            row.printed_at = now
            row.staff_no = staff_no
            action = EventAction.REPRINT if reprint else EventAction.PRINTED
            self._event(s, row, action, now, staff_no)
            estimate = draft.estimate
            record = s.get(WaitEstimateRow, row.id)
            if record is None:
                record = WaitEstimateRow(ticket_id=row.id, business_day=row.business_day)
                s.add(record)
            record.estimated_at = now
            record.ahead = draft.ahead
            record.samples = estimate.samples if estimate else 0
            record.open_windows = estimate.open_windows if estimate else 0
            record.low_min = estimate.low_min if estimate else None
            record.high_min = estimate.high_min if estimate else None
            record.estimate_s = estimate.minutes * 60.0 if estimate else None
            return to_ticket(row)

    def cancel(self, ticket_id: int, staff_no: str, reason: str, now: datetime) -> Ticket:
        text = self._reason(reason, "取消原因")
        with self.db.session() as s:
            row = self._get(s, ticket_id)
            if row.state not in (TicketState.NOT_PRINTED, TicketState.WAITING, TicketState.HELD):
                raise QueueError(f"{row.number} 号当前状态不能取消。", "ticket")
            self._end(
                s,
                row,
                TicketOutcome.CANCELLED,
                EventAction.CANCEL,
                staff_no=staff_no,
                now=now,
                reason=text,
            )
            return to_ticket(row)

    # --- calling ----------------------------------------------------------------------

    def call_next(self, window: int, staff_no: str, now: datetime) -> CallResult | None:
        """Call the next ticket for `window` by the fairness rules; None if nobody waits."""
        self._window(window)
        day = business_day(now)
        with self.db.session() as s:
            self._ensure_free(s, window)
            rows = [r for r in waiting_rows(s, day) if r.target_window in (None, window)]
            candidates = [
                Candidate(r.id, Priority(r.priority), r.queue_at, r.target_window) for r in rows
            ]
            picked = pick_next(
                candidates,
                priority_run=priority_run(s, day, self.settings.priority_cap),
                now=now,
                cap=self.settings.priority_cap,
                escalate_after=self.settings.escalate_after,
            )
            if picked is None:
                return None
            candidate, rule = picked
            row = next(r for r in rows if r.id == candidate.id)
            resumed = self._resume(s, window, staff_no, now)
            self._call(s, row, window, staff_no, now, action=EventAction.CALL, rule=rule)
            return CallResult(to_ticket(row), resumed)

    def call_specific(
        self, window: int, ticket_id: int, staff_no: str, reason: str, now: datetime
    ) -> CallResult:
        self._window(window)
        text = self._reason(reason, "不按顺序叫号的原因")
        with self.db.session() as s:
            self._ensure_free(s, window)
            row = self._get(s, ticket_id)
            if row.state == TicketState.NOT_PRINTED:
                raise QueueError(f"{row.number} 号的号票没有打印成功，不能叫号。", "ticket")
            if row.state != TicketState.WAITING or row.business_day != business_day(now):
                raise QueueError(f"{row.number} 号不在等候中，不能叫号。", "ticket")
            resumed = self._resume(s, window, staff_no, now)
            self._call(
                s,
                row,
                window,
                staff_no,
                now,
                action=EventAction.CALL_SPECIFIC,
                rule=CallRule.SPECIFIC,
                reason=text,
            )
            return CallResult(to_ticket(row), resumed)

    def recall(self, window: int, staff_no: str, now: datetime) -> Ticket:
        """Announce the current ticket again; past `max_recalls` it becomes a no-show."""
        with self.db.session() as s:
            row = self._current(s, window)
            if row.state != TicketState.CALLED:
                raise QueueError(f"{row.number} 号已在办理中，无需重呼。", "window")
            if row.recalls >= self.settings.max_recalls:
                reason = f"重呼 {row.recalls} 次未到，自动过号"
                self._end(
                    s,
                    row,
                    TicketOutcome.NO_SHOW,
                    EventAction.NO_SHOW,
                    staff_no=staff_no,
                    now=now,
                    window=window,
                    reason=reason,
                )
                return to_ticket(row)
            row.recalls += 1
            row.called_at = now
            row.staff_no = staff_no
            self._event(s, row, EventAction.RECALL, now, staff_no, window=window)
            return to_ticket(row)

    def call_back(self, window: int, ticket_id: int, staff_no: str, now: datetime) -> CallResult:
        self._window(window)
        with self.db.session() as s:
            self._ensure_free(s, window)
            row = self._get(s, ticket_id)
            if row.state != TicketState.HELD:
                raise QueueError(f"{row.number} 号没有挂起，不能回呼。", "ticket")
            resumed = self._resume(s, window, staff_no, now)
            self._call(
                s, row, window, staff_no, now, action=EventAction.CALL_BACK, rule=CallRule.CALL_BACK
            )
            return CallResult(to_ticket(row), resumed)

    # --- at the window ----------------------------------------------------------------

    def start(self, window: int, staff_no: str, now: datetime) -> Ticket:
        with self.db.session() as s:
            row = self._current(s, window)
            if row.state == TicketState.SERVING:
                return to_ticket(row)  # idempotent: a double key press is harmless
            row.state = TicketState.SERVING
            row.serving_at = now
            row.staff_no = staff_no
            self._event(s, row, EventAction.START, now, staff_no, window=window)
            return to_ticket(row)

    def no_show(self, window: int, staff_no: str, now: datetime) -> Ticket:
        with self.db.session() as s:
            row = self._current(s, window)
            if row.state != TicketState.CALLED:
                raise QueueError(f"{row.number} 号已在办理中，不能过号。", "window")
            self._end(
                s,
                row,
                TicketOutcome.NO_SHOW,
                EventAction.NO_SHOW,
                staff_no=staff_no,
                now=now,
                window=window,
            )
            return to_ticket(row)

    def hold(self, window: int, staff_no: str, reason: str, now: datetime) -> Ticket:
        text = scrub(" ".join(reason.split()))[:200] or None
        with self.db.session() as s:
            row = self._current(s, window)
            row.state = TicketState.HELD
            row.held_at = now
            row.staff_no = staff_no
            self._event(s, row, EventAction.HOLD, now, staff_no, window=window, reason=text)
            return to_ticket(row)

    def complete(self, window: int, staff_no: str, now: datetime) -> Ticket:
        with self.db.session() as s:
            row = self._current(s, window)
            self._end(
                s,
                row,
                TicketOutcome.SERVED,
                EventAction.COMPLETE,
                staff_no=staff_no,
                now=now,
                window=window,
            )
            return to_ticket(row)

    def transfer(
        self,
        window: int,
        staff_no: str,
        now: datetime,
        *,
        to_window: int | None,
        to_item: ItemRef | None,
        reason: str,
    ) -> tuple[Ticket, Ticket]:
        """End the current leg as transferred; the next leg waits with the same number and
        its place in line (the wait clock is kept). Returns (ended leg, new leg)."""
        if to_window is None and to_item is None:
            raise QueueError("请选择转往的窗口或业务。", "to_window")
        if to_window is not None:
            self._window(to_window)
            if to_window == window:
                raise QueueError("不能转回本窗口。", "to_window")
        text = scrub(" ".join(reason.split()))[:200] or None
        with self.db.session() as s:
            old = self._current(s, window)
            detail = f"→{to_window}号窗口" if to_window is not None else ""
            if to_item is not None:
                detail += f"→{to_item.code}"
            self._end(
                s,
                old,
                TicketOutcome.TRANSFERRED,
                EventAction.TRANSFER_OUT,
                staff_no=staff_no,
                now=now,
                window=window,
                reason=" ".join(x for x in (detail, text or "") if x),
            )
            new = TicketRow(
                business_day=old.business_day,
                seq=old.seq,
                leg=old.leg + 1,
                number=old.number,
                state=TicketState.WAITING,
                priority=old.priority,
                priority_reason=old.priority_reason,
                item_code=to_item.code if to_item else old.item_code,
                item_name=to_item.name if to_item else old.item_name,
                person_masked=old.person_masked,
                issued_at=now,
                original_issued_at=old.original_issued_at,
                queue_at=old.queue_at,
                printed_at=old.printed_at,
                target_window=to_window,
                recalls=0,
                requeues=0,
                transferred_from_id=old.id,
                issued_by=staff_no,
                staff_no=staff_no,
            )
            s.add(new)
            s.flush()
            self._event(s, new, EventAction.TRANSFER_IN, now, staff_no, window=window, reason=text)
            return to_ticket(old), to_ticket(new)

    def requeue_late(self, ticket_id: int, staff_no: str, now: datetime) -> Ticket:
        """A no-show back within the tolerance rejoins the line (at its end)."""
        with self.db.session() as s:
            row = self._get(s, ticket_id)
            if row.outcome != TicketOutcome.NO_SHOW or row.ended_at is None:
                raise QueueError(f"{row.number} 号不是过号票，不能重新排队。", "ticket")
            if row.business_day != business_day(now):
                raise QueueError(f"{row.number} 号不是今天的号，请重新取号。", "ticket")
            late = now - row.ended_at
            if late > self.settings.late_return_tolerance:
                minutes = int(self.settings.late_return_tolerance_min)
                raise QueueError(
                    f"{row.number} 号过号已超过 {minutes} 分钟，请重新取号。", "ticket"
                )
            row.state = TicketState.WAITING
            row.outcome = None
            row.ended_at = None
            row.window = None
            row.target_window = None
            row.called_at = None
            row.call_rule = None
            row.recalls = 0
            row.queue_at = now
            row.requeues += 1
            row.staff_no = staff_no
            minutes_late = int(late / timedelta(minutes=1))
            self._event(
                s, row, EventAction.REQUEUE, now, staff_no, reason=f"过号 {minutes_late} 分钟后返回"
            )
            return to_ticket(row)

    # --- windows and the day ----------------------------------------------------------

    def pause(self, window: int, staff_no: str, reason: str, now: datetime) -> None:
        self._window(window)
        text = self._reason(reason, "暂停原因")
        with self.db.session() as s:
            if open_pause(s, window) is not None:
                raise QueueError(f"{window}号窗口已经暂停。", "window")
            self._ensure_free(s, window)
            s.add(
                WindowPause(
                    business_day=business_day(now),
                    window=window,
                    staff_no=staff_no,
                    reason=text,
                    started_at=now,
                )
            )

    def resume(self, window: int, staff_no: str, now: datetime) -> bool:
        """End the window's pause; False if it was not paused."""
        with self.db.session() as s:
            return self._resume(s, window, staff_no, now)

    def close_day(self, staff_no: str, reason: str, now: datetime) -> ClosedDay:
        """Close every open ticket (of any day) and end every pause, in one transaction."""
        text = self._reason(reason, "日终结束的原因")
        with self.db.session() as s:
            rows = s.scalars(
                select(TicketRow).where(TicketRow.state != TicketState.DONE).order_by(TicketRow.id)
            ).all()
            for row in rows:
                self._end(
                    s,
                    row,
                    TicketOutcome.CLOSED_AT_DAY_END,
                    EventAction.CLOSE,
                    staff_no=staff_no,
                    now=now,
                    window=row.window,
                    reason=text,
                )
            pauses = s.scalars(select(WindowPause).where(WindowPause.ended_at.is_(None))).all()
            for pause in pauses:
                pause.ended_at = now
                pause.ended_by = staff_no
            return ClosedDay([to_ticket(r) for r in rows], sorted(p.window for p in pauses))


def item_ref(item: object | None) -> ItemRef | None:
    """Accept an `ItemRef`, a `CatalogueItem` or anything with `code` and `name`."""
    if item is None:
        return None
    code = getattr(item, "code", None)
    name = getattr(item, "name", None)
    if not isinstance(code, str) or not isinstance(name, str):
        raise QueueError("转往的业务无效。", "to_item")
    return ItemRef(code, name)


def tickets_of(rows: Sequence[TicketRow]) -> list[Ticket]:
    return [to_ticket(r) for r in rows]
