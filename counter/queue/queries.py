"""Reading the queue: the line in call order, wait estimates, windows, recent calls.

Estimates are computed when asked, from the current state: so every waiting ticket's
estimate is recomputed on every change (the UI asks again on each `QueueService.changed`).
Blocking (SQLite): run on the DB executor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.queue.estimate import WaitEstimate, estimate_wait
from counter.queue.fairness import Candidate, projected_order
from counter.queue.model import Call, Priority, Ticket, TicketOutcome, TicketState
from counter.queue.settings import QueueError, QueueSettings
from counter.queue.store import (
    CALL_ACTIONS,
    EventAction,
    TicketEvent,
    TicketRow,
    WindowPause,
    business_day,
    to_ticket,
)
from counter.storage.db import Database

__all__ = [
    "QueueView",
    "WaitingEntry",
    "current_row",
    "open_pause",
    "open_windows",
    "priority_run",
    "service_samples",
    "waiting_rows",
]

_CALLED = (TicketState.CALLED.value, TicketState.SERVING.value)


@dataclass(frozen=True)
class WaitingEntry:
    """A waiting ticket, how many are projected before it, and its estimate (or None)."""

    ticket: Ticket
    ahead: int
    estimate: WaitEstimate | None


def waiting_rows(s: Session, day: str) -> list[TicketRow]:
    return list(
        s.scalars(
            select(TicketRow)
            .where(TicketRow.state == TicketState.WAITING, TicketRow.business_day == day)
            .order_by(TicketRow.queue_at, TicketRow.id)
        )
    )


def current_row(s: Session, window: int) -> TicketRow | None:
    """The ticket called or being served at `window` (of any day: it must be dealt with)."""
    return s.scalars(
        select(TicketRow)
        .where(TicketRow.state.in_(_CALLED), TicketRow.window == window)
        .order_by(TicketRow.id.desc())
        .limit(1)
    ).first()


def open_pause(s: Session, window: int) -> WindowPause | None:
    return s.scalars(
        select(WindowPause)
        .where(WindowPause.window == window, WindowPause.ended_at.is_(None))
        .order_by(WindowPause.id.desc())
        .limit(1)
    ).first()


def priority_run(s: Session, day: str, cap: int) -> int:
    """Priority tickets taken from the line in a row just now (hall-wide), up to cap + 1."""
    priorities = s.scalars(
        select(TicketRow.priority)
        .join(TicketEvent, TicketEvent.ticket_id == TicketRow.id)
        .where(
            TicketEvent.business_day == day,
            TicketEvent.action.in_((EventAction.CALL, EventAction.CALL_SPECIFIC)),
        )
        .order_by(TicketEvent.id.desc())
        .limit(cap + 1)
    )
    run = 0
    for priority in priorities:
        if priority == Priority.NORMAL:
            break
        run += 1
    return run


def service_samples(s: Session, limit: int) -> list[float]:
    """The last `limit` service times in seconds (complete − last call), newest first."""
    rows = s.execute(
        select(TicketRow.called_at, TicketRow.ended_at)
        .where(TicketRow.outcome == TicketOutcome.SERVED, TicketRow.called_at.is_not(None))
        .order_by(TicketRow.ended_at.desc(), TicketRow.id.desc())
        .limit(limit)
    ).all()
    return [max(0.0, (end - start).total_seconds()) for start, end in rows if end and start]


def open_windows(s: Session, now: datetime, settings: QueueSettings) -> int:
    """Windows with a call recently and not paused now; at least 1."""
    since = now - settings.open_window_recent
    calling = set(
        s.scalars(
            select(TicketEvent.window)
            .where(
                TicketEvent.at >= since,
                TicketEvent.action.in_(CALL_ACTIONS),
                TicketEvent.window.is_not(None),
            )
            .distinct()
        )
    )
    paused = set(s.scalars(select(WindowPause.window).where(WindowPause.ended_at.is_(None))))
    return max(1, len({w for w in calling if w is not None} - paused))


def _candidate(row: TicketRow) -> Candidate:
    return Candidate(row.id, Priority(row.priority), row.queue_at, row.target_window)


class QueueView:
    def __init__(self, db: Database, settings: QueueSettings) -> None:
        self.db = db
        self.settings = settings

    # --- inside a given session --------------------------------------------------------

    def _order(self, s: Session, rows: list[TicketRow], now: datetime) -> list[TicketRow]:
        by_id = {r.id: r for r in rows}
        cap = self.settings.priority_cap
        order = projected_order(
            [_candidate(r) for r in rows],
            priority_run=priority_run(s, business_day(now), cap),
            now=now,
            cap=cap,
            escalate_after=self.settings.escalate_after,
        )
        return [by_id[c.id] for c in order]

    def _estimator(self, s: Session, now: datetime) -> tuple[list[float], int]:
        return service_samples(s, self.settings.estimate_samples), open_windows(
            s, now, self.settings
        )

    def _estimate(self, ahead: int, samples: list[float], windows: int) -> WaitEstimate | None:
        return estimate_wait(
            ahead,
            samples,
            windows,
            min_samples=self.settings.estimate_min_samples,
            spread=self.settings.estimate_spread,
        )

    def preview(self, s: Session, row: TicketRow, now: datetime) -> tuple[int, WaitEstimate | None]:
        """Tickets ahead of `row` (waiting or about to be) and its estimate."""
        # Only the four columns the order needs: on the ticket-issue path (before the slip
        # prints), whole ORM rows of a long line cost ~15 µs each (bench/ticket.py).
        waiting = s.execute(
            select(TicketRow.id, TicketRow.priority, TicketRow.queue_at, TicketRow.target_window)
            .where(
                TicketRow.state == TicketState.WAITING,
                TicketRow.business_day == row.business_day,
                TicketRow.id != row.id,
            )
            .order_by(TicketRow.queue_at, TicketRow.id)
        )
        line = [Candidate(i, Priority(p), at, w) for i, p, at, w in waiting]
        cap = self.settings.priority_cap
        order = projected_order(
            [*line, _candidate(row)],
            priority_run=priority_run(s, business_day(now), cap),
            now=now,
            cap=cap,
            escalate_after=self.settings.escalate_after,
        )
        ahead = next(i for i, c in enumerate(order) if c.id == row.id)
        samples, windows = self._estimator(s, now)
        return ahead, self._estimate(ahead, samples, windows)

    def entries(self, s: Session, now: datetime) -> list[WaitingEntry]:
        order = self._order(s, waiting_rows(s, business_day(now)), now)
        samples, windows = self._estimator(s, now)
        return [
            WaitingEntry(to_ticket(r), i, self._estimate(i, samples, windows))
            for i, r in enumerate(order)
        ]

    # --- one read transaction each ---------------------------------------------------

    def waiting(self, now: datetime) -> list[Ticket]:
        """Today's waiting tickets in the order they would be called."""
        with self.db.session(readonly=True) as s:
            return [to_ticket(r) for r in self._order(s, waiting_rows(s, business_day(now)), now)]

    def waiting_with_estimates(self, now: datetime) -> list[WaitingEntry]:
        with self.db.session(readonly=True) as s:
            return self.entries(s, now)

    def estimate_for(self, ticket_id: int, now: datetime) -> WaitEstimate | None:
        """The current estimate of a waiting ticket; None if unknown or not waiting."""
        with self.db.session(readonly=True) as s:
            for entry in self.entries(s, now):
                if entry.ticket.id == ticket_id:
                    return entry.estimate
            return None

    def ticket(self, ticket_id: int) -> Ticket:
        with self.db.session(readonly=True) as s:
            row = s.get(TicketRow, ticket_id)
            if row is None:
                raise QueueError("找不到该号码。", "ticket")
            return to_ticket(row)

    def find(self, number: str, day: str) -> Ticket | None:
        """The latest leg of ticket `number` on `day` (case-insensitive)."""
        with self.db.session(readonly=True) as s:
            row = s.scalars(
                select(TicketRow)
                .where(TicketRow.business_day == day, TicketRow.number == number.strip().upper())
                .order_by(TicketRow.leg.desc())
                .limit(1)
            ).first()
            return to_ticket(row) if row else None

    def current(self, window: int) -> Ticket | None:
        with self.db.session(readonly=True) as s:
            row = current_row(s, window)
            return to_ticket(row) if row else None

    def active(self) -> list[Ticket]:
        """Tickets called or being served now, one per window, by window."""
        with self.db.session(readonly=True) as s:
            rows = s.scalars(
                select(TicketRow)
                .where(TicketRow.state.in_(_CALLED))
                .order_by(TicketRow.window, TicketRow.id)
            )
            return [to_ticket(r) for r in rows]

    def _state(self, state: TicketState, day: str | None) -> list[Ticket]:
        with self.db.session(readonly=True) as s:
            query = select(TicketRow).where(TicketRow.state == state)
            if day is not None:
                query = query.where(TicketRow.business_day == day)
            return [to_ticket(r) for r in s.scalars(query.order_by(TicketRow.id))]

    def held(self) -> list[Ticket]:
        return self._state(TicketState.HELD, None)

    def not_printed(self) -> list[Ticket]:
        return self._state(TicketState.NOT_PRINTED, None)

    def day_tickets(self, day: str) -> list[Ticket]:
        """Every leg of every ticket of `day`, in id order."""
        with self.db.session(readonly=True) as s:
            rows = s.scalars(
                select(TicketRow).where(TicketRow.business_day == day).order_by(TicketRow.id)
            )
            return [to_ticket(r) for r in rows]

    def recent_calls(self, now: datetime, limit: int) -> list[Call]:
        """Today's calls, newest first (recalls and call-backs included)."""
        with self.db.session(readonly=True) as s:
            rows = s.execute(
                select(TicketRow.number, TicketEvent.window, TicketEvent.action, TicketEvent.at)
                .join(TicketRow, TicketRow.id == TicketEvent.ticket_id)
                .where(
                    TicketEvent.business_day == business_day(now),
                    TicketEvent.action.in_(CALL_ACTIONS),
                )
                .order_by(TicketEvent.id.desc())
                .limit(max(0, limit))
            ).all()
            return [
                Call(number, window or 0, action == EventAction.RECALL, at)
                for number, window, action, at in rows
            ]

    def paused_windows(self) -> dict[int, str]:
        """Windows paused now and the reason given."""
        with self.db.session(readonly=True) as s:
            rows = s.execute(
                select(WindowPause.window, WindowPause.reason).where(WindowPause.ended_at.is_(None))
            ).all()
            return {window: reason for window, reason in rows}
