"""Tickets and queue changes built by hand for the hall tests (the queue service's seam)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from counter.queue.model import (
    Call,
    ChangeKind,
    Priority,
    QueueChange,
    Ticket,
    TicketOutcome,
    TicketState,
)

DAY = "2024-05-20"
T0 = datetime(2024, 5, 20, 1, 0, tzinfo=UTC)


def ticket(
    n: int, state: TicketState = TicketState.WAITING, *, window: int | None = None
) -> Ticket:
    return Ticket(
        id=100 + n,
        number=f"S{n:03d}",
        business_day=DAY,
        state=state,
        outcome=None,
        priority=Priority.NORMAL,
        item_code="0101",
        item_name="参保登记",
        person_masked=None,
        issued_at=T0 + timedelta(minutes=n),
        window=window,
        called_at=None,
        recalls=0,
    )


def issued(n: int) -> QueueChange:
    return QueueChange(ChangeKind.ISSUED, ticket(n))


def called(n: int, window: int = 3, *, recall: bool = False, minute: int = 30) -> QueueChange:
    t = replace(ticket(n, TicketState.CALLED, window=window), recalls=int(recall))
    call = Call(t.number, window, recall, T0 + timedelta(minutes=minute))
    return QueueChange(ChangeKind.CALLED, t, call=call, window=window)


def ended(n: int, outcome: TicketOutcome, window: int = 3) -> QueueChange:
    t = replace(ticket(n, TicketState.DONE, window=window), outcome=outcome)
    return QueueChange(ChangeKind.ENDED, t, window=window)
