"""The queue's tables (SQLAlchemy ORM) and the small queries every queue module shares.

Tables (schema owned by migration ``0002``):

* ``tickets`` — one row per ticket *leg*. A ticket as issued is leg 0; a transfer ends the
  current leg (outcome ``transferred``) and opens the next leg with the same number, so
  every row ends in exactly one outcome and per-window statistics stay per leg.
  ``original_issued_at`` is the wait clock (kept across transfers); ``queue_at`` is the
  place in line (the wait clock, or the time a late no-show was put back in line).
  ``(business_day, seq, leg)`` is unique: one number series per business day, allocated
  in the same ``BEGIN IMMEDIATE`` transaction that inserts the ticket, so two desks can
  never draw the same number and no number is skipped. A cancelled number is not reused.
* ``ticket_events`` — append-only: every action on a ticket (who, which window, why,
  which fairness rule).
* ``window_pauses`` — a window's pauses with their mandatory reason.
* ``wait_estimates`` — the estimate printed on the slip and the wait that followed, for
  the day report's estimate accuracy.

Times are UTC; business days are Asia/Shanghai dates (``counter.journal.BUSINESS_TZ``).
Everything here is blocking: run it on the DB executor.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter.journal import BUSINESS_TZ
from counter.queue.model import CallRule, Priority, Ticket, TicketOutcome, TicketState
from counter.storage.models import Base

__all__ = [
    "CALL_ACTIONS",
    "EventAction",
    "TicketEvent",
    "TicketRow",
    "WaitEstimateRow",
    "WindowPause",
    "business_day",
    "format_number",
    "to_ticket",
]


def business_day(at: datetime) -> str:
    """The Asia/Shanghai date (YYYY-MM-DD) of a UTC instant."""
    return at.astimezone(BUSINESS_TZ).date().isoformat()


def day_text(day: date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


def format_number(prefix: str, seq: int) -> str:
    """S001 … S999, then S1000: three digits at least, never truncated."""
    return f"{prefix}{seq:03d}"


class EventAction:
    """`ticket_events.action` values (the journal uses `counter.journal.Action`)."""

    ISSUE = "issue"
    PRINT_FAILED = "print_failed"
    PRINTED = "printed"
    REPRINT = "reprint"
    CANCEL = "cancel"
    CALL = "call"  # call_next
    CALL_SPECIFIC = "call_specific"
    RECALL = "recall"
    CALL_BACK = "call_back"
    START = "start"
    NO_SHOW = "no_show"
    HOLD = "hold"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    COMPLETE = "complete"
    REQUEUE = "requeue"
    CLOSE = "close_day"


#: Events that announce a ticket in the hall (the "last several calls").
CALL_ACTIONS = (
    EventAction.CALL,
    EventAction.CALL_SPECIFIC,
    EventAction.RECALL,
    EventAction.CALL_BACK,
)


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("business_day", "seq", "leg", name="uq_tickets_day_seq_leg"),
        Index("ix_tickets_state_day", "state", "business_day"),
        Index("ix_tickets_day_window", "business_day", "window"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    business_day: Mapped[str] = mapped_column(String(10))
    seq: Mapped[int] = mapped_column(Integer)
    leg: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(24))
    priority: Mapped[str] = mapped_column(String(16))
    priority_reason: Mapped[str | None] = mapped_column(String(200))
    item_code: Mapped[str | None] = mapped_column(String(32))
    item_name: Mapped[str | None] = mapped_column(String(200))
    person_masked: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[datetime]  # this leg began (issue, or the transfer)
    original_issued_at: Mapped[datetime]  # the wait clock, kept across transfers
    queue_at: Mapped[datetime]  # place in line
    printed_at: Mapped[datetime | None]
    target_window: Mapped[int | None] = mapped_column(Integer)
    window: Mapped[int | None] = mapped_column(Integer)
    first_called_at: Mapped[datetime | None]
    called_at: Mapped[datetime | None]  # the last call (recalls and call-backs move it)
    call_rule: Mapped[str | None] = mapped_column(String(16))
    serving_at: Mapped[datetime | None]
    held_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    requeues: Mapped[int] = mapped_column(Integer, default=0)
    transferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    issued_by: Mapped[str] = mapped_column(String(32))
    staff_no: Mapped[str] = mapped_column(String(32))  # who did the last action


class TicketEvent(Base):
    """Append-only history of a ticket (the program never updates or deletes rows)."""

    __tablename__ = "ticket_events"
    __table_args__ = (
        Index("ix_ticket_events_day_action", "business_day", "action"),
        Index("ix_ticket_events_ticket", "ticket_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    business_day: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(24))
    window: Mapped[int | None] = mapped_column(Integer)
    staff_no: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(200))
    rule: Mapped[str | None] = mapped_column(String(16))


class WindowPause(Base):
    __tablename__ = "window_pauses"
    __table_args__ = (Index("ix_window_pauses_window_end", "window", "ended_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    business_day: Mapped[str] = mapped_column(String(10))
    window: Mapped[int] = mapped_column(Integer)
    staff_no: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_by: Mapped[str | None] = mapped_column(String(32))


class WaitEstimateRow(Base):
    """The estimate printed on a ticket's slip, and (after its first call) the real wait."""

    __tablename__ = "wait_estimates"
    __table_args__ = (Index("ix_wait_estimates_day", "business_day"),)

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    business_day: Mapped[str] = mapped_column(String(10))
    estimated_at: Mapped[datetime]
    ahead: Mapped[int] = mapped_column(Integer)
    samples: Mapped[int] = mapped_column(Integer)
    open_windows: Mapped[int] = mapped_column(Integer)
    low_min: Mapped[int | None] = mapped_column(Integer)  # None: 暂无估计
    high_min: Mapped[int | None] = mapped_column(Integer)
    estimate_s: Mapped[float | None] = mapped_column(Float)
    actual_s: Mapped[float | None] = mapped_column(Float)  # first call − estimated_at


def to_ticket(row: TicketRow) -> Ticket:
    """The immutable view of a row that leaves the store."""
    return Ticket(
        id=row.id,
        number=row.number,
        business_day=row.business_day,
        state=TicketState(row.state),
        outcome=TicketOutcome(row.outcome) if row.outcome else None,
        priority=Priority(row.priority),
        item_code=row.item_code,
        item_name=row.item_name,
        person_masked=row.person_masked,
        issued_at=row.original_issued_at,
        window=row.window,
        called_at=row.called_at,
        recalls=row.recalls,
        priority_reason=row.priority_reason,
        target_window=row.target_window,
        printed_at=row.printed_at,
        first_called_at=row.first_called_at,
        serving_at=row.serving_at,
        held_at=row.held_at,
        ended_at=row.ended_at,
        call_rule=CallRule(row.call_rule) if row.call_rule else None,
        leg=row.leg,
        transferred_from_id=row.transferred_from_id,
        staff_no=row.staff_no,
        queue_at=row.queue_at,
    )


def next_seq(s: Session, day: str) -> int:
    """The next number of the day's series. Call inside the inserting write transaction."""
    current = s.scalar(select(func.max(TicketRow.seq)).where(TicketRow.business_day == day))
    return (current or 0) + 1
