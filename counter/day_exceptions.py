"""The day's exceptions the supervisor resolves before close (issue 6 "Exceptions").

Collected from the journal, the queue and the cases of one business day:

==================  ===========================================================
kind                source
==================  ===========================================================
case_flagged        a case upload needs attention (e.g. a 422 for its content)
case_rejected       a case refused by a business rule, or given up
case_pending        a case still in the outbox (not yet delivered)
approval_pending    an A/B review granted for a case that was never submitted
reprint             a ticket or receipt printed again
unmask              a full ID number shown (or refused) during a case
manual_id           an ID number typed in instead of read from the card
out_of_order        a ticket called out of order, with the clerk's reason
not_printed         a ticket number whose slip never printed
caller_mismatch     the bank's hall caller disagreed with our queue
bad_rating          a 差评 (不满意 / 非常不满意)
==================  ===========================================================

Each exception has a stable ``key`` (``kind:object``); the supervisor's acknowledgement
is a close note of kind ``exception`` on that key (``counter.dayclose``). Nothing here
holds personal data: journal objects and details are masked at the source.

Blocking (SQLite): run on the DB executor.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import select

from counter.bureau.cases import RatingLevel
from counter.case_store import CaseRow, OutboxMessage
from counter.journal import Action, day_bounds
from counter.outbox import MessageState
from counter.queue.model import TicketOutcome
from counter.queue.store import TicketRow
from counter.storage.db import Database
from counter.storage.models import JournalEntry
from counter.supervision_store import CloseNoteRow

__all__ = [
    "CLOSE_CHECKED_KINDS",
    "NOTE_EXCEPTION",
    "DayException",
    "ExceptionKind",
    "acknowledgements",
    "collect_exceptions",
    "exception_counts",
]

NOTE_EXCEPTION = "exception"


class ExceptionKind(StrEnum):
    CASE_FLAGGED = "case_flagged"
    CASE_REJECTED = "case_rejected"
    CASE_PENDING = "case_pending"
    APPROVAL_PENDING = "approval_pending"
    REPRINT = "reprint"
    UNMASK = "unmask"
    MANUAL_ID = "manual_id"
    OUT_OF_ORDER = "out_of_order"
    NOT_PRINTED = "not_printed"
    CALLER_MISMATCH = "caller_mismatch"
    BAD_RATING = "bad_rating"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ExceptionKind.CASE_FLAGGED: "办件上传需处理",
    ExceptionKind.CASE_REJECTED: "办件不予受理/已撤销",
    ExceptionKind.CASE_PENDING: "办件待上传",
    ExceptionKind.APPROVAL_PENDING: "复核授权未使用",
    ExceptionKind.REPRINT: "补打",
    ExceptionKind.UNMASK: "查看完整号码",
    ExceptionKind.MANUAL_ID: "手工录入证件号码",
    ExceptionKind.OUT_OF_ORDER: "非顺序叫号",
    ExceptionKind.NOT_PRINTED: "号票未打印",
    ExceptionKind.CALLER_MISMATCH: "叫号系统不一致",
    ExceptionKind.BAD_RATING: "差评",
}

#: Kinds the close's "exceptions acknowledged" check asks about. Cases in the outbox and
#: unused approvals have checks of their own (explained there, not acknowledged twice).
CLOSE_CHECKED_KINDS = frozenset(ExceptionKind) - {
    ExceptionKind.CASE_FLAGGED,
    ExceptionKind.CASE_PENDING,
    ExceptionKind.APPROVAL_PENDING,
}

_JOURNAL_ACTIONS = (
    Action.TICKET_REPRINT,
    Action.REPRINT,
    Action.UNMASK,
    Action.IDENTITY_MANUAL,
    Action.TICKET_CALL,
    Action.HALL_MISMATCH,
    Action.REVIEW,
    Action.CASE_SUBMIT,
)
_OUTCOME_LABELS = {
    TicketOutcome.CANCELLED.value: "已取消",
    TicketOutcome.CLOSED_AT_DAY_END.value: "日终关闭",
}


@dataclass(frozen=True, slots=True)
class DayException:
    key: str
    kind: ExceptionKind
    at: datetime | None
    staff_no: str
    object: str  # masked: a ticket number, a masked ID, a case id
    detail: str  # masked
    acknowledged: bool = False
    note: str | None = None

    @property
    def label(self) -> str:
        return self.kind.label


def _details(text: str) -> dict[str, object]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _journal_exceptions(db: Database, day: date) -> list[DayException]:
    start, end = day_bounds(day)
    query = (
        select(
            JournalEntry.entry_id,
            JournalEntry.at,
            JournalEntry.staff_no,
            JournalEntry.action,
            JournalEntry.object,
            JournalEntry.outcome,
            JournalEntry.details,
        )
        .where(JournalEntry.at >= start, JournalEntry.at < end)
        .where(
            JournalEntry.action.in_([a.value for a in _JOURNAL_ACTIONS])
            # calls in order are the bulk of a day: only those the clerk chose come back
            & (
                (JournalEntry.action != Action.TICKET_CALL.value)
                | JournalEntry.details.contains('"rule":"specific"')
            )
        )
        .order_by(JournalEntry.seq)
    )
    found: list[DayException] = []
    reviewed: dict[str, DayException] = {}
    submitted: set[str] = set()
    with db.session(readonly=True) as s:
        rows = s.execute(query).all()
    for entry_id, at, staff_no, action, obj, outcome, details_text in rows:
        if action == Action.CASE_SUBMIT:  # only which cases were submitted matters
            submitted.add(obj)
            continue
        details = _details(details_text)
        kind: ExceptionKind | None = None
        detail = ""
        if action in (Action.TICKET_REPRINT, Action.REPRINT):
            what = "号票" if action == Action.TICKET_REPRINT else "回执"
            kind = ExceptionKind.REPRINT
            detail = f"补打{what}" + ("" if outcome == "ok" else f"（{outcome}）")
        elif action == Action.UNMASK:
            refused = "（被拒绝）" if outcome != "ok" else ""
            kind = ExceptionKind.UNMASK
            detail = f"显示完整信息：{_text(details.get('fields'))}{refused}"
        elif action == Action.IDENTITY_MANUAL:
            note = _text(details.get("note"))
            kind = ExceptionKind.MANUAL_ID
            detail = f"原因：{_text(details.get('reason'))}" + (f"（{note}）" if note else "")
        elif action == Action.TICKET_CALL and details.get("rule") == "specific":
            kind = ExceptionKind.OUT_OF_ORDER
            detail = f"原因：{_text(details.get('reason')) or '未填写'}"
        elif action == Action.HALL_MISMATCH:
            kind = ExceptionKind.CALLER_MISMATCH
            detail = _text(details.get("detail")) or outcome
        elif action == Action.REVIEW and outcome == "ok":
            reviewed[obj] = DayException(
                f"{ExceptionKind.APPROVAL_PENDING.value}:{obj}",
                ExceptionKind.APPROVAL_PENDING,
                at,
                staff_no,
                obj,
                f"复核人 {_text(details.get('reviewer'))} 已授权，办件未提交",
            )
        if kind is not None:
            found.append(DayException(f"{kind.value}:{entry_id}", kind, at, staff_no, obj, detail))
    pending = [item for case_id, item in reviewed.items() if case_id not in submitted]
    if pending:
        with db.session(readonly=True) as s:
            known = set(
                s.scalars(
                    select(CaseRow.case_id).where(CaseRow.case_id.in_([p.object for p in pending]))
                )
            )
        found.extend(p for p in pending if p.object not in known)
    return found


def _ticket_exceptions(db: Database, day: date) -> list[DayException]:
    with db.session(readonly=True) as s:
        rows = s.execute(
            select(
                TicketRow.id,
                TicketRow.number,
                TicketRow.issued_at,
                TicketRow.issued_by,
                TicketRow.outcome,
            )
            .where(TicketRow.business_day == day.isoformat())
            .where(TicketRow.leg == 0)
            .where(TicketRow.printed_at.is_(None))
            .order_by(TicketRow.id)
        ).all()
    return [
        DayException(
            f"{ExceptionKind.NOT_PRINTED.value}:{ticket_id}",
            ExceptionKind.NOT_PRINTED,
            issued_at,
            issued_by,
            number,
            "号票未能打印，" + _OUTCOME_LABELS.get(outcome or "", "仍未处理"),
        )
        for ticket_id, number, issued_at, issued_by, outcome in rows
    ]


def _case_exceptions(db: Database, day: date) -> list[DayException]:
    with db.session(readonly=True) as s:
        rows = s.execute(
            select(
                CaseRow.case_id,
                CaseRow.created_at,
                CaseRow.maker,
                CaseRow.item_code,
                CaseRow.item_name,
                CaseRow.rating,
                OutboxMessage.state,
                OutboxMessage.last_error,
                OutboxMessage.business_no,
            )
            .join(OutboxMessage, OutboxMessage.key == CaseRow.outbox_key)
            .where(CaseRow.business_day == day)
            .order_by(CaseRow.created_at)
        ).all()
    found: list[DayException] = []
    bad = {RatingLevel.DISSATISFIED.value, RatingLevel.VERY_DISSATISFIED.value}
    for case_id, created_at, maker, code, name, rating, state, error, business_no in rows:
        what = f"{code} {name}"
        kind = {
            MessageState.NEEDS_ATTENTION.value: ExceptionKind.CASE_FLAGGED,
            MessageState.REJECTED.value: ExceptionKind.CASE_REJECTED,
            MessageState.QUEUED.value: ExceptionKind.CASE_PENDING,
            MessageState.SENDING.value: ExceptionKind.CASE_PENDING,
        }.get(state)
        if kind is not None:
            reason = f"：{error}" if error else ""
            found.append(
                DayException(
                    f"{kind.value}:{case_id}",
                    kind,
                    created_at,
                    maker,
                    case_id,
                    f"{what}{reason}",
                )
            )
        if rating in bad:
            found.append(
                DayException(
                    f"{ExceptionKind.BAD_RATING.value}:{case_id}",
                    ExceptionKind.BAD_RATING,
                    created_at,
                    maker,
                    business_no or case_id,
                    f"{what}：{rating}",
                )
            )
    return found


def acknowledgements(db: Database, day: date, kind: str) -> dict[str, str]:
    """Close notes of *kind* for *day*: object → the latest note."""
    with db.session(readonly=True) as s:
        rows = s.execute(
            select(CloseNoteRow.object, CloseNoteRow.note)
            .where(CloseNoteRow.business_day == day, CloseNoteRow.kind == kind)
            .order_by(CloseNoteRow.id)
        ).all()
    return {obj: note for obj, note in rows}


def collect_exceptions(db: Database, day: date) -> list[DayException]:
    """Every exception of *day*, in time order, with its acknowledgement (if any)."""
    items = _journal_exceptions(db, day) + _ticket_exceptions(db, day) + _case_exceptions(db, day)
    notes = acknowledgements(db, day, NOTE_EXCEPTION)
    epoch = datetime.min.replace(tzinfo=UTC)
    items.sort(key=lambda e: (e.at or epoch, e.kind.value, e.key))
    return [
        DayException(
            e.key, e.kind, e.at, e.staff_no, e.object, e.detail, e.key in notes, notes.get(e.key)
        )
        for e in items
    ]


def exception_counts(items: list[DayException]) -> dict[ExceptionKind, int]:
    """How many of each kind (every kind present, 0 if none)."""
    counts = Counter(e.kind for e in items)
    return {kind: counts.get(kind, 0) for kind in ExceptionKind}
