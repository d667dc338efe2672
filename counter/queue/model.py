"""The ticket and its states: the seam shared by the queue service, callers and displays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class TicketState(StrEnum):
    NOT_PRINTED = "not_printed"  # issued, slip not (yet) printed: never called
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    HELD = "held"  # 挂起, may be called back
    DONE = "done"  # ended: see `TicketOutcome`


class TicketOutcome(StrEnum):
    SERVED = "served"
    NO_SHOW = "no_show"  # 过号
    TRANSFERRED = "transferred"  # to another service (the new ticket carries on)
    CANCELLED = "cancelled"
    CLOSED_AT_DAY_END = "closed_at_day_end"


class Priority(StrEnum):
    NORMAL = "normal"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    MILITARY = "military"
    OTHER = "other"  # with a reason


class CallRule(StrEnum):
    """Why a ticket was called (journaled with every call)."""

    FIFO = "fifo"  # the longest-waiting ticket, nobody with priority waiting
    PRIORITY = "priority"  # 绿色通道, within the cap of consecutive priority calls
    PRIORITY_CAP = "priority_cap"  # a normal ticket: the priority cap was reached
    ESCALATED = "escalated"  # a normal ticket that waited past the escalation limit
    SPECIFIC = "specific"  # called out of order by the clerk, with a reason
    CALL_BACK = "call_back"  # a held ticket called back


@dataclass(frozen=True)
class Ticket:
    """A social-security queue ticket as every part of the client sees it.

    `person_masked` is already masked: the queue never holds a full name or number.
    """

    id: int
    number: str  # e.g. "S012"
    business_day: str  # YYYY-MM-DD (Asia/Shanghai)
    state: TicketState
    outcome: TicketOutcome | None
    priority: Priority
    item_code: str | None
    item_name: str | None
    person_masked: str | None
    issued_at: datetime  # UTC; the wait clock, kept across transfers
    window: int | None  # the window that called it last
    called_at: datetime | None
    recalls: int
    # Added with the queue service (all optional, so the seam above stays valid):
    priority_reason: str | None = None
    target_window: int | None = None  # waiting for this window only (a transfer to it)
    printed_at: datetime | None = None
    first_called_at: datetime | None = None
    serving_at: datetime | None = None
    held_at: datetime | None = None
    ended_at: datetime | None = None
    call_rule: CallRule | None = None  # which rule picked it for its current call
    leg: int = 0  # 0 = as issued; 1, 2… = carried on after a transfer (same number)
    transferred_from_id: int | None = None
    staff_no: str = ""  # who did the last action
    queue_at: datetime | None = None  # place in line (wait clock, or a late return)

    @property
    def is_priority(self) -> bool:
        return self.priority is not Priority.NORMAL

    @property
    def is_open(self) -> bool:
        return self.state is not TicketState.DONE


@dataclass(frozen=True)
class Call:
    """One announcement for the hall: "请{number}号到{window}号窗口办理"."""

    number: str
    window: int
    recall: bool
    at: datetime

    @property
    def announcement(self) -> str:
        return f"请{self.number}号到{self.window}号窗口办理"


class ChangeKind(StrEnum):
    ISSUED = "issued"  # slip printed: the ticket is waiting
    CALLED = "called"  # includes recalls and call-backs (see Call.recall)
    STARTED = "started"  # serving
    HELD = "held"
    ENDED = "ended"  # served, no-show, cancelled, closed (see ticket.outcome)
    TRANSFERRED = "transferred"
    REQUEUED = "requeued"  # a late no-show back in line
    PAUSED = "paused"  # a window paused or resumed (ticket is None)
    RESUMED = "resumed"
    PRINT_FAILED = "print_failed"  # the slip did not print: the ticket is NOT_PRINTED
    DAY_CLOSED = "day_closed"  # after close_day's ENDED changes (ticket is None)


@dataclass(frozen=True)
class QueueChange:
    """What `QueueService.changed` emits after each committed action.

    Hall sync (the bank's caller), the hall display and the voice all follow these; none of
    them can change the queue.
    """

    kind: ChangeKind
    ticket: Ticket | None
    call: Call | None = None
    window: int | None = None
