"""Local tables of issue 5: the outbox, cases (办件), transport batches, A/B post cover.

Import this module before comparing ``Base.metadata`` with the migrated schema (the
tables register on import); revision ``0003`` of the migrations creates them.

Personal data is stored only encrypted (``*_enc``, :class:`counter.crypto.FieldCipher`,
with the row's key in the associated data) or as a keyed blind index (``id_index``).
Message bodies in the outbox carry ID numbers, so they are encrypted too; results and
states are not personal data.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from counter.storage.models import Base

__all__ = ["CaseRow", "OutboxMessage", "PostCover", "TransportBatchRow"]


class OutboxMessage(Base):
    """One upload to the bureau, written before its first send (DESIGN §4 "Nothing is lost").

    ``key`` is the Idempotency-Key, made once (uuid4) and reused for every retry.
    ``depends_on`` (JSON list of keys) holds the message back until those messages are
    final; the body is then completed once (e.g. with the case's business number) and
    stored before the first send.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_state_due", "state", "next_attempt_at"),
        Index("ix_outbox_messages_object", "kind", "object_id"),
        Index("ix_outbox_messages_created_at", "created_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(String(200))
    object_id: Mapped[str] = mapped_column(String(64))
    body_enc: Mapped[bytes] = mapped_column(LargeBinary)
    depends_on: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str | None] = mapped_column(Text)  # the platform's answer (JSON)
    business_no: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    first_sent_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class TransportBatchRow(Base):
    """收件转运: the paper of a day's 收件转运 cases, handed to the bureau's courier."""

    __tablename__ = "transport_batches"
    __table_args__ = (
        UniqueConstraint("outlet_code", "window", "business_day", "seq"),
        Index("ix_transport_batches_day", "business_day"),
    )

    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[int] = mapped_column(Integer)
    business_day: Mapped[date]
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))  # open | handed_over
    created_at: Mapped[datetime]
    handed_over_by: Mapped[str | None] = mapped_column(String(32))
    received_by: Mapped[str | None] = mapped_column(String(64))
    handed_over_at: Mapped[datetime | None]
    file_count: Mapped[int | None] = mapped_column(Integer)
    outbox_key: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("outbox_messages.key"), unique=True
    )


class CaseRow(Base):
    """A case accepted at this window. Its delivery state lives in its outbox message."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_day", "business_day"),
        Index("ix_cases_id_index", "id_index"),
    )

    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    business_day: Mapped[date]
    created_at: Mapped[datetime]
    outlet_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[int] = mapped_column(Integer)
    item_code: Mapped[str] = mapped_column(String(16))
    item_version: Mapped[int] = mapped_column(Integer)
    item_name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(16))
    maker: Mapped[str] = mapped_column(String(32))
    checker: Mapped[str | None] = mapped_column(String(32))
    approval_id: Mapped[str | None] = mapped_column(String(64))
    ticket_number: Mapped[str | None] = mapped_column(String(32))
    id_index: Mapped[str] = mapped_column(String(64))
    person_enc: Mapped[bytes] = mapped_column(LargeBinary)  # CasePerson JSON
    form_enc: Mapped[bytes] = mapped_column(LargeBinary)  # form values JSON
    materials: Mapped[str] = mapped_column(Text)  # MaterialCheck list JSON (no personal data)
    accepted_offline: Mapped[bool] = mapped_column(Boolean)
    outbox_key: Mapped[str] = mapped_column(
        String(36), ForeignKey("outbox_messages.key"), unique=True
    )
    transport_batch_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("transport_batches.batch_id")
    )
    rating: Mapped[str | None] = mapped_column(String(16))
    evaluation_key: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("outbox_messages.key"), unique=True
    )


class PostCover(Base):
    """A/B post cover: B works the window while A is absent (who, from when to when)."""

    __tablename__ = "post_covers"
    __table_args__ = (Index("ix_post_covers_from", "from_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[int] = mapped_column(Integer)
    absent_staff_no: Mapped[str] = mapped_column(String(32))
    covering_staff_no: Mapped[str] = mapped_column(String(32))
    from_at: Mapped[datetime]
    to_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]
