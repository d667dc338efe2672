"""The training platform's tables for cases (办件): idempotency keys, cases, business-number
counters, review approvals, ratings (好差评) and transport batches.

They share `counter.training.db.Base`, so `init_db` creates them once this module is
imported (`counter.training.cases` imports it, and `app.create_app` imports that).

The idempotency store (`claim_key` / `release_key` / the `done` columns written in the
case's own transaction) is what makes `POST /v1/cases` exactly-once: a unique constraint on
(outlet, key) lets only one request hold a key, and the response is stored in the very
transaction that records the case, so a case never exists without its stored answer.
Works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter.training.db import Base, utc_now

# An in-progress key whose request died (server killed mid-request) is taken over after this.
STALE_CLAIM = timedelta(seconds=60)


class KeyState(StrEnum):
    IN_PROGRESS = "in_progress"
    DONE = "done"


class IdempotencyKeyRow(Base):
    """One `Idempotency-Key` of `POST /v1/cases`, scoped to the outlet that sent it."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("outlet_code", "idem_key", name="uq_idempotency_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    idem_key: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the canonical body
    state: Mapped[str] = mapped_column(String(12))
    claimed_at: Mapped[datetime]  # real time (not the platform's clock): a lease
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)


class CaseRow(Base):
    """A case as the bureau recorded it (accepted, forwarded or refused by a rule)."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_outlet_day", "outlet_code", "business_day"),
        Index("ix_cases_person_item", "person_id_number", "item_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), unique=True)
    business_no: Mapped[str | None] = mapped_column(String(32), unique=True)  # None: refused
    idempotency_key_id: Mapped[int] = mapped_column(ForeignKey("idempotency_keys.id"))
    outlet_code: Mapped[str] = mapped_column(String(32))
    window: Mapped[int] = mapped_column(Integer)
    item_code: Mapped[str] = mapped_column(String(16))
    item_version: Mapped[int] = mapped_column(Integer)
    item_name: Mapped[str] = mapped_column(String(128))
    mode: Mapped[str] = mapped_column(String(8))
    person_id_number: Mapped[str] = mapped_column(String(18))
    status: Mapped[str] = mapped_column(String(12))
    message: Mapped[str] = mapped_column(Text)
    maker: Mapped[str] = mapped_column(String(32))
    checker: Mapped[str | None] = mapped_column(String(32))
    approval_id: Mapped[str | None] = mapped_column(String(40))
    submitted_by: Mapped[str] = mapped_column(String(32))  # the session that sent it
    ticket_number: Mapped[str | None] = mapped_column(String(16))
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    materials: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    review_digest: Mapped[str] = mapped_column(String(64))
    accepted_offline: Mapped[bool] = mapped_column(Boolean, default=False)
    client_time: Mapped[datetime]
    received_at: Mapped[datetime]
    business_day: Mapped[date] = mapped_column(Date)  # Asia/Shanghai day of received_at


class CaseCounterRow(Base):
    """The last business-number sequence used per outlet and day."""

    __tablename__ = "case_counters"

    outlet_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class ReviewApprovalRow(Base):
    """An on-the-spot review (A/B, maker–checker), bound to the digest of one case."""

    __tablename__ = "review_approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    approval_id: Mapped[str] = mapped_column(String(40), unique=True)
    reviewer_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    reviewer_staff_no: Mapped[str] = mapped_column(String(32))
    maker: Mapped[str] = mapped_column(String(32))
    outlet_code: Mapped[str] = mapped_column(String(32))
    item_code: Mapped[str] = mapped_column(String(16))
    case_digest: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_by_case_id: Mapped[str | None] = mapped_column(String(64))


class EvaluationRow(Base):
    """好差评: one per case ("一次一评"), idempotent by evaluation_id."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[str] = mapped_column(String(64), unique=True)
    business_no: Mapped[str] = mapped_column(String(32), unique=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(8))
    clerk_staff_no: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime]


class TransportBatchRow(Base):
    """收件转运: a batch of paper files handed to the bureau's courier."""

    __tablename__ = "transport_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(64), unique=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    business_day: Mapped[date] = mapped_column(Date)
    request_hash: Mapped[str] = mapped_column(String(64))
    file_count: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_by: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime]


class TransportBatchItemRow(Base):
    """A case in a batch; a case travels in one batch only."""

    __tablename__ = "transport_batch_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("transport_batches.id"))
    business_no: Mapped[str] = mapped_column(String(32), unique=True)


# --- the idempotency store ---------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    """This request holds the key (row `key_id`) and may apply the case."""

    key_id: int


@dataclass(frozen=True)
class Replay:
    """The key is done: answer with the stored first response."""

    status_code: int
    body: bytes


@dataclass(frozen=True)
class Mismatch:
    """The key was used with another body."""


@dataclass(frozen=True)
class InProgress:
    """Another request holds the key right now."""


Claim = Claimed | Replay | Mismatch | InProgress


def claim_key(engine: Engine, outlet_code: str, key: str, request_hash: str) -> Claim:
    """Take `key` for this request, or say why not (its own short transaction).

    The unique constraint decides between concurrent requests: exactly one INSERT wins.
    A key left in progress longer than `STALE_CLAIM` (its request died before the case was
    committed, so nothing was applied) is taken over by a compare-and-set UPDATE.
    """
    for _ in range(3):  # a released key may vanish between the INSERT and the SELECT
        now = utc_now()
        try:
            with Session(engine) as db, db.begin():
                row = IdempotencyKeyRow(
                    outlet_code=outlet_code,
                    idem_key=key,
                    request_hash=request_hash,
                    state=KeyState.IN_PROGRESS.value,
                    claimed_at=now,
                    created_at=now,
                )
                db.add(row)
                db.flush()
                return Claimed(row.id)
        except IntegrityError:
            pass
        with Session(engine) as db, db.begin():
            existing = db.scalar(
                select(IdempotencyKeyRow)
                .where(IdempotencyKeyRow.outlet_code == outlet_code)
                .where(IdempotencyKeyRow.idem_key == key)
            )
            if existing is None:
                continue
            if existing.request_hash != request_hash:
                return Mismatch()
            if existing.state == KeyState.DONE.value:
                assert existing.status_code is not None and existing.response_body is not None
                return Replay(existing.status_code, existing.response_body)
            if existing.claimed_at > now - STALE_CLAIM:
                return InProgress()
            taken = db.execute(
                update(IdempotencyKeyRow)
                .where(IdempotencyKeyRow.id == existing.id)
                .where(IdempotencyKeyRow.state == KeyState.IN_PROGRESS.value)
                .where(IdempotencyKeyRow.claimed_at == existing.claimed_at)
                .values(claimed_at=now)
            )
            return Claimed(existing.id) if _rowcount(taken) == 1 else InProgress()
    return InProgress()


# These UPDATEs touch no object loaded in the session: skip the ORM's search for objects to
# synchronize (a third of each statement's cost; they run for every case, bench drain).
_PLAIN_UPDATE = {"synchronize_session": False}


def hold_key(db: Session, key_id: int) -> bool:
    """First statement of the case's transaction: renew the claim, still ours?

    Being a write, it also takes SQLite's write lock at once, so the rest of the
    transaction (rules, business number) runs serialised and never hits a stale snapshot.
    """
    result = db.execute(
        update(IdempotencyKeyRow)
        .where(IdempotencyKeyRow.id == key_id)
        .where(IdempotencyKeyRow.state == KeyState.IN_PROGRESS.value)
        .values(claimed_at=utc_now()),
        execution_options=_PLAIN_UPDATE,
    )
    return _rowcount(result) == 1


def complete_key(db: Session, key_id: int, status_code: int, body: bytes) -> None:
    """Store the answer, in the case's own transaction."""
    db.execute(
        update(IdempotencyKeyRow)
        .where(IdempotencyKeyRow.id == key_id)
        .values(
            state=KeyState.DONE.value,
            status_code=status_code,
            response_body=body,
            completed_at=utc_now(),
        ),
        execution_options=_PLAIN_UPDATE,
    )


def release_key(engine: Engine, key_id: int) -> None:
    """Forget a key whose request applied nothing (refused as invalid, or failed)."""
    with Session(engine) as db, db.begin():
        db.execute(
            delete(IdempotencyKeyRow)
            .where(IdempotencyKeyRow.id == key_id)
            .where(IdempotencyKeyRow.state == KeyState.IN_PROGRESS.value)
        )


def _rowcount(result: Any) -> int:
    return int(getattr(result, "rowcount", 0))


# --- business numbers --------------------------------------------------------------------


def next_sequence(db: Session, outlet_code: str, day: date) -> int:
    """The next number of the day for the outlet (row-locked counter, both back ends).

    One upsert statement (``INSERT … ON CONFLICT DO UPDATE … RETURNING``: SQLite ≥ 3.35,
    PostgreSQL), not three: it runs for every accepted case (bench drain).
    """
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(CaseCounterRow).values(outlet_code=outlet_code, day=day, last=1)
    value = db.scalar(
        statement.on_conflict_do_update(
            index_elements=[CaseCounterRow.outlet_code, CaseCounterRow.day],
            set_={"last": CaseCounterRow.last + 1},
        ).returning(CaseCounterRow.last)
    )
    assert value is not None
    return int(value)
