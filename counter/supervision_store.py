"""Local tables of issue 6: day closes, close notes, journal uploads, 差评 follow-ups,
the comment book (意见簿) and the A/B roster.

Import this module before comparing ``Base.metadata`` with the migrated schema (the tables
register on import); revision ``0004`` of the migrations creates them, and also the
triggers that make a closed business day read-only (see ``CLOSED_DAY_TRIGGERS`` in the
migration): once a row for the day is in ``day_closes``, SQLite refuses new or changed
tickets, ticket events, window pauses, wait estimates and cases of that day.

Personal data only encrypted (``*_enc``) or masked; everything else here is not personal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

import counter.case_store  # noqa: F401 - outbox_messages and cases, referenced below
from counter.bureau.cases import Ack
from counter.bureau.models import Role
from counter.bureau.supervision import DayCloseAck, JournalAck
from counter.outbox import STANDARD_KINDS, KindSpec, MessageState, Verdict
from counter.storage.models import Base

__all__ = [
    "ALL_KINDS",
    "CLOSED_DAY_ERROR",
    "KIND_DAY_CLOSE",
    "KIND_FEEDBACK",
    "KIND_JOURNAL",
    "KIND_STAFF_FILING",
    "SUPERVISION_KINDS",
    "CloseNoteRow",
    "DayCloseRow",
    "FeedbackRow",
    "FollowUpRow",
    "HandoverRow",
    "JournalUploadRow",
    "RosterRow",
]

#: The message of the triggers that guard a closed day (SQLite ``RAISE(ABORT, …)``).
CLOSED_DAY_ERROR = "DAY_CLOSED: 该营业日已日结，记录不能再修改；更正请作为新记录登记"

# --- outbox kinds ---------------------------------------------------------------------------

KIND_JOURNAL = "journal_batch"
KIND_DAY_CLOSE = "day_close"
KIND_FEEDBACK = "feedback"
KIND_STAFF_FILING = "staff_filing"


def _journal_verdict(payload: Any) -> Verdict:
    ack = JournalAck.model_validate(payload)
    return Verdict(MessageState.ACCEPTED, None, f"新收 {ack.stored} 条，重复 {ack.duplicates} 条")


def _close_verdict(payload: Any) -> Verdict:
    ack = DayCloseAck.model_validate(payload)
    note = "平台已有该日结记录" if ack.duplicate else "平台已收到日结"
    if not ack.head_known:
        note += "（平台尚未收到链头所在的日志）"
    return Verdict(MessageState.ACCEPTED, None, note)


def _ack_verdict(payload: Any) -> Verdict:
    ack = Ack.model_validate(payload)
    return Verdict(MessageState.ACCEPTED, None, "重复提交，平台已有记录" if ack.duplicate else "")


#: The outbox kinds of issue 6. Journal batches go under any session; the rest need the
#: supervisor's. Give ``ALL_KINDS`` to ``OutboxStore`` so it knows them.
SUPERVISION_KINDS: Mapping[str, KindSpec] = {
    KIND_JOURNAL: KindSpec(_journal_verdict),
    KIND_DAY_CLOSE: KindSpec(_close_verdict, role=Role.SUPERVISOR),
    KIND_FEEDBACK: KindSpec(_ack_verdict, role=Role.SUPERVISOR),
    KIND_STAFF_FILING: KindSpec(_ack_verdict, role=Role.SUPERVISOR),
}
ALL_KINDS: Mapping[str, KindSpec] = {**STANDARD_KINDS, **SUPERVISION_KINDS}


class DayCloseRow(Base):
    """The sign-off of a business day. Its presence makes the day read-only."""

    __tablename__ = "day_closes"

    business_day: Mapped[date] = mapped_column(primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime]
    closed_by: Mapped[str] = mapped_column(String(32))
    journal_head: Mapped[str] = mapped_column(String(64))
    journal_count: Mapped[int] = mapped_column(Integer)  # seq of the head entry
    head_mac: Mapped[str] = mapped_column(String(64))  # HMAC(journal key) of day + head
    summary: Mapped[str] = mapped_column(Text)  # DaySummary JSON
    outbox_key: Mapped[str] = mapped_column(
        String(36), ForeignKey("outbox_messages.key"), unique=True
    )


class CloseNoteRow(Base):
    """An explanation or acknowledgement given before close (append-only; the latest of a
    (day, kind, object) counts)."""

    __tablename__ = "day_close_notes"
    __table_args__ = (Index("ix_day_close_notes_day", "business_day", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    business_day: Mapped[date]
    kind: Mapped[str] = mapped_column(String(24))
    object: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    staff_no: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]


class JournalUploadRow(Base):
    """A batch of journal entries handed to the outbox (``first_seq``…``last_seq``)."""

    __tablename__ = "journal_uploads"
    __table_args__ = (Index("ix_journal_uploads_last_seq", "last_seq"),)

    outbox_key: Mapped[str] = mapped_column(
        String(36), ForeignKey("outbox_messages.key"), primary_key=True
    )
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    entry_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    marked_at: Mapped[datetime | None]  # the entries' sent_at was set after the Ack


class FollowUpRow(Base):
    """差评 follow-up (Zhejiang rules): 回访 within 1 day, 整改 and feedback within 15 days,
    one 追评; outcome fixed / ledger with deadline / explained / appeal."""

    __tablename__ = "rating_followups"
    __table_args__ = (Index("ix_rating_followups_due", "closed_at", "rectify_due"),)

    case_id: Mapped[str] = mapped_column(String(64), ForeignKey("cases.case_id"), primary_key=True)
    business_day: Mapped[date]
    business_no: Mapped[str | None] = mapped_column(String(64))
    item_code: Mapped[str] = mapped_column(String(16))
    item_name: Mapped[str] = mapped_column(String(200))
    clerk_staff_no: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    tags: Mapped[str] = mapped_column(Text)  # JSON list
    comment: Mapped[str] = mapped_column(Text)  # the rating's text, scrubbed
    rated_at: Mapped[datetime]
    callback_due: Mapped[datetime]
    rectify_due: Mapped[datetime]
    callback_at: Mapped[datetime | None]
    callback_by: Mapped[str | None] = mapped_column(String(32))
    callback_note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    ledger_deadline: Mapped[date | None]
    ledger_done_at: Mapped[datetime | None]  # the ledger item was put right
    outcome_at: Mapped[datetime | None]
    outcome_by: Mapped[str | None] = mapped_column(String(32))
    feedback_at: Mapped[datetime | None]  # 整改 result told to the citizen
    re_rating: Mapped[str | None] = mapped_column(String(16))  # the one 追评
    re_rated_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class FeedbackRow(Base):
    """One 意见簿 entry typed in from the paper book or the box."""

    __tablename__ = "feedback_entries"
    __table_args__ = (Index("ix_feedback_entries_status", "status", "due_on"),)

    feedback_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date]
    source: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(16))
    content_enc: Mapped[bytes] = mapped_column(LargeBinary)  # as written (may name people)
    content_masked: Mapped[str] = mapped_column(Text)  # scrubbed: what lists and uploads show
    contact_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    contact_masked: Mapped[str | None] = mapped_column(String(64))
    staff_concerned: Mapped[str | None] = mapped_column(String(32))
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16))
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None]
    replied_by: Mapped[str | None] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)
    outbox_key: Mapped[str | None] = mapped_column(String(36), ForeignKey("outbox_messages.key"))
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]


class RosterRow(Base):
    """Who holds post A or B at a window, from when to when; training and certification."""

    __tablename__ = "roster_posts"
    __table_args__ = (Index("ix_roster_posts_window", "outlet_code", "window", "post"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[int] = mapped_column(Integer)
    post: Mapped[str] = mapped_column(String(1))
    staff_no: Mapped[str] = mapped_column(String(32))
    name_masked: Mapped[str] = mapped_column(String(64))
    from_on: Mapped[date]
    to_on: Mapped[date | None]
    trained_on: Mapped[date | None]
    certified_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]
    filing_key: Mapped[str | None] = mapped_column(String(36), ForeignKey("outbox_messages.key"))


class HandoverRow(Base):
    """岗位交接: the post, seals, vouchers and system permissions passed on (who, to whom)."""

    __tablename__ = "roster_handovers"
    __table_args__ = (Index("ix_roster_handovers_on", "handed_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[int] = mapped_column(Integer)
    post: Mapped[str] = mapped_column(String(1))
    from_staff_no: Mapped[str] = mapped_column(String(32))
    to_staff_no: Mapped[str] = mapped_column(String(32))
    handed_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200))
    items: Mapped[str] = mapped_column(Text)  # what was handed over (no personal data)
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]
    filing_key: Mapped[str | None] = mapped_column(String(36), ForeignKey("outbox_messages.key"))
