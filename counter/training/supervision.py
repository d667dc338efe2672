"""Routes for supervision: journal batches, day closes, 意见簿, staff filings (A/B roster).

* `POST /v1/journal` stores entries by entry id: an entry already held with the same
  content counts as a duplicate; the same id (or the same device and seq) with other
  content is refused (422 `JOURNAL_CONFLICT`) and nothing of the batch is stored. The
  platform has no journal key, but it checks the links it can: an entry's `prev_hash`
  against the stored entry before it, and the stored entry after it against this one's
  hash (422 `JOURNAL_CHAIN_BROKEN`) — a journal rewritten after an upload shows up here.
* `POST /v1/day-closes`: one close per outlet, window and day (and PC: trainee PCs share
  the training outlet's windows); the same request again gets the stored acknowledgement,
  another request for a closed day 409 `DAY_CLOSED`.
  The answer says whether the head entry already arrived in a journal batch.
* `POST /v1/feedback` by (`feedback_id`, `revision`); `POST /v1/staff-filings` by
  `filing_id`: a repeat with the same body is a duplicate, another body 422.

Tables live here too (they share `counter.training.db.Base`; `init_db` creates them once
this module is imported, which `app.create_app` does).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from fastapi import APIRouter
from sqlalchemy import JSON, Boolean, Engine, Index, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter.bureau.cases import Ack
from counter.bureau.models import ApiError, Role
from counter.bureau.supervision import (
    DayCloseAck,
    DayCloseRequest,
    Feedback,
    FilingKind,
    JournalAck,
    JournalBatch,
    JournalEntryOut,
    StaffFiling,
)
from counter.training.db import Base, OutletRow, StaffRow
from counter.training.deps import (
    Auth,
    AuthContext,
    Platform,
    PlatformDep,
    payload_digest,
    require_outlet,
    require_role,
    store_once,
)
from counter.training.errors import ApiProblem, responses

router = APIRouter()
T = TypeVar("T")

# --- tables -----------------------------------------------------------------------------------


class PlatformJournalRow(Base):
    """One journal entry as a counter PC sent it."""

    __tablename__ = "journal_entries"
    __table_args__ = (
        UniqueConstraint("device_id", "seq", name="uq_journal_device_seq"),
        Index("ix_journal_outlet_hash", "outlet_code", "hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(64), unique=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    device_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(64))
    staff_no: Mapped[str] = mapped_column(String(32))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    batch_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]


class PlatformDayCloseRow(Base):
    __tablename__ = "day_closes"
    # One close per window and day — per PC too, so a classroom of trainee PCs that all
    # claim window 3 of the training outlet can each close their day.
    __table_args__ = (
        UniqueConstraint("outlet_code", "window", "business_day", "device_id", name="uq_day_close"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    device_id: Mapped[str] = mapped_column(String(64))
    window: Mapped[int] = mapped_column(Integer)
    business_day: Mapped[date]
    request_hash: Mapped[str] = mapped_column(String(64))
    journal_head: Mapped[str] = mapped_column(String(64))
    head_known: Mapped[bool] = mapped_column(Boolean)
    journal_entries: Mapped[int] = mapped_column(Integer)
    signed_by: Mapped[str] = mapped_column(String(32))
    submitted_by: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime]


class PlatformFeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("feedback_id", "revision", name="uq_feedback_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_id: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer)
    outlet_code: Mapped[str] = mapped_column(String(32))
    request_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_by: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime]


class PlatformStaffFilingRow(Base):
    __tablename__ = "staff_filings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[str] = mapped_column(String(64), unique=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    staff_no: Mapped[str] = mapped_column(String(32))
    request_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_by: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime]


# --- helpers ----------------------------------------------------------------------------------


# --- the journal ------------------------------------------------------------------------------


@router.post(
    "/v1/journal",
    response_model=JournalAck,
    operation_id="uploadJournal",
    tags=["supervision"],
    summary="上传日志批次（按日志条目编号幂等；平台核对与已收条目的链接）",
    responses=responses(401, 403, 422),
)
def upload_journal(body: JournalBatch, auth: Auth, platform: PlatformDep) -> JournalAck:
    require_outlet(auth, body.outlet_code)
    ids = [e.entry_id for e in body.entries]
    seqs = [e.seq for e in body.entries]
    if len(set(ids)) != len(ids) or len(set(seqs)) != len(seqs):
        raise ApiProblem(422, "JOURNAL_DUPLICATE_ENTRY", "同一批次中有重复的日志条目")
    return store_once(lambda: _store_journal(platform.engine, body, auth, platform.now()))


def _store_journal(
    engine: Engine, body: JournalBatch, auth: AuthContext, now: datetime
) -> JournalAck:
    entries = sorted(body.entries, key=lambda e: e.seq)
    with Session(engine) as db, db.begin():
        known = {
            row.entry_id: row
            for row in db.scalars(
                select(PlatformJournalRow).where(
                    PlatformJournalRow.entry_id.in_([e.entry_id for e in entries])
                )
            )
        }
        by_seq = {
            row.seq: row
            for row in db.scalars(
                select(PlatformJournalRow)
                .where(PlatformJournalRow.device_id == body.device_id)
                .where(
                    PlatformJournalRow.seq.in_(
                        {e.seq for e in entries}
                        | {e.seq - 1 for e in entries}
                        | {e.seq + 1 for e in entries}
                    )
                )
            )
        }
        fresh: list[tuple[JournalEntryOut, str]] = []
        for entry in entries:
            content = payload_digest(entry.model_dump(mode="json"))
            held = known.get(entry.entry_id) or by_seq.get(entry.seq)
            if held is not None:
                if held.entry_id != entry.entry_id or held.content_hash != content:
                    raise ApiProblem(
                        422,
                        "JOURNAL_CONFLICT",
                        f"日志第 {entry.seq} 条与平台已收到的记录不一致，请联系网点主管核查",
                    )
                continue
            fresh.append((entry, content))
        batch = {e.seq: e for e, _ in fresh}
        for entry, _ in fresh:
            before = batch.get(entry.seq - 1) or by_seq.get(entry.seq - 1)
            after = batch.get(entry.seq + 1) or by_seq.get(entry.seq + 1)
            if (before is not None and before.hash != entry.prev_hash) or (
                after is not None and after.prev_hash != entry.hash
            ):
                raise ApiProblem(
                    422,
                    "JOURNAL_CHAIN_BROKEN",
                    f"日志第 {entry.seq} 条与平台已收到的前后记录不衔接，日志可能被改动，"
                    "请联系网点主管核查",
                )
        for entry, content in fresh:
            db.add(
                PlatformJournalRow(
                    entry_id=entry.entry_id,
                    outlet_code=body.outlet_code,
                    device_id=body.device_id,
                    seq=entry.seq,
                    at=entry.at,
                    action=entry.action,
                    staff_no=entry.staff_no,
                    prev_hash=entry.prev_hash,
                    hash=entry.hash,
                    content_hash=content,
                    data=entry.model_dump(mode="json"),
                    batch_id=body.batch_id,
                    received_at=now,
                )
            )
    duplicates = len(entries) - len(fresh)
    return JournalAck(
        id=body.batch_id,
        received_at=now,
        duplicate=not fresh,
        stored=len(fresh),
        duplicates=duplicates,
    )


# --- day closes -------------------------------------------------------------------------------


@router.post(
    "/v1/day-closes",
    response_model=DayCloseAck,
    operation_id="createDayClose",
    tags=["supervision"],
    summary="网点窗口日结（每窗口每日一次；同一请求重发返回原确认）",
    responses={
        **responses(401, 403, 422),
        409: {"model": ApiError, "description": "该日已日结，内容不同（DAY_CLOSED）"},
    },
)
def create_day_close(body: DayCloseRequest, auth: Auth, platform: PlatformDep) -> DayCloseAck:
    require_role(auth, Role.SUPERVISOR)
    require_outlet(auth, body.outlet)
    if body.signed_by != auth.staff_no:
        raise ApiProblem(403, "SIGNER_MISMATCH", "签字主管须为当前登录的主管本人")
    request_hash = payload_digest(body.model_dump(mode="json"))
    return store_once(lambda: _store_close(body, auth, request_hash, platform))


def _store_close(
    body: DayCloseRequest, auth: AuthContext, request_hash: str, platform: Platform
) -> DayCloseAck:
    close_id = f"{body.outlet}-{body.window}-{body.date.isoformat()}"
    with Session(platform.engine) as db, db.begin():
        existing = db.scalar(
            select(PlatformDayCloseRow)
            .where(PlatformDayCloseRow.outlet_code == body.outlet)
            .where(PlatformDayCloseRow.window == body.window)
            .where(PlatformDayCloseRow.business_day == body.date)
            .where(PlatformDayCloseRow.device_id == body.device_id)
        )
        if existing is not None:
            if existing.request_hash != request_hash:
                raise ApiProblem(
                    409, "DAY_CLOSED", f"{body.date.isoformat()} 已日结，日结内容不能修改"
                )
            return DayCloseAck(
                id=close_id,
                received_at=existing.received_at,
                duplicate=True,
                head_known=existing.head_known,
                journal_entries=existing.journal_entries,
            )
        query = (
            select(PlatformJournalRow.device_id)
            .where(PlatformJournalRow.outlet_code == body.outlet)
            .where(PlatformJournalRow.hash == body.journal_head)
        )
        if body.device_id:
            query = query.where(PlatformJournalRow.device_id == body.device_id)
        head = db.scalar(query.limit(1))
        count = 0
        if head is not None:
            count = int(
                db.scalar(
                    select(func.count())
                    .select_from(PlatformJournalRow)
                    .where(PlatformJournalRow.device_id == head)
                )
                or 0
            )
        now = platform.now()
        db.add(
            PlatformDayCloseRow(
                outlet_code=body.outlet,
                device_id=body.device_id,
                window=body.window,
                business_day=body.date,
                request_hash=request_hash,
                journal_head=body.journal_head,
                head_known=head is not None,
                journal_entries=count,
                signed_by=body.signed_by,
                submitted_by=auth.staff_no,
                data=body.model_dump(mode="json"),
                received_at=now,
            )
        )
    return DayCloseAck(
        id=close_id, received_at=now, head_known=head is not None, journal_entries=count
    )


# --- 意见簿 ------------------------------------------------------------------------------------


@router.post(
    "/v1/feedback",
    response_model=Ack,
    operation_id="createFeedback",
    tags=["supervision"],
    summary="意见簿条目及其处理（按 feedback_id + revision 幂等）",
    responses=responses(401, 403, 422),
)
def create_feedback(body: Feedback, auth: Auth, platform: PlatformDep) -> Ack:
    require_role(auth, Role.SUPERVISOR)
    require_outlet(auth, body.outlet_code)
    request_hash = payload_digest(body.model_dump(mode="json"))
    return store_once(lambda: _store_feedback(platform, body, auth, request_hash))


def _store_feedback(
    platform: Platform, body: Feedback, auth: AuthContext, request_hash: str
) -> Ack:
    ack_id = f"{body.feedback_id}#{body.revision}"
    with Session(platform.engine) as db, db.begin():
        existing = db.scalar(
            select(PlatformFeedbackRow)
            .where(PlatformFeedbackRow.feedback_id == body.feedback_id)
            .where(PlatformFeedbackRow.revision == body.revision)
        )
        if existing is not None:
            if existing.request_hash != request_hash:
                raise ApiProblem(
                    422, "IDEMPOTENCY_MISMATCH", "该意见簿记录的此版本已提交，内容不能修改"
                )
            return Ack(id=ack_id, received_at=existing.received_at, duplicate=True)
        other = db.scalar(
            select(PlatformFeedbackRow.outlet_code).where(
                PlatformFeedbackRow.feedback_id == body.feedback_id
            )
        )
        if other is not None and other != body.outlet_code:
            raise ApiProblem(422, "FEEDBACK_OTHER_OUTLET", "该意见簿记录属于其他网点")
        now = platform.now()
        db.add(
            PlatformFeedbackRow(
                feedback_id=body.feedback_id,
                revision=body.revision,
                outlet_code=body.outlet_code,
                request_hash=request_hash,
                data=body.model_dump(mode="json"),
                submitted_by=auth.staff_no,
                received_at=now,
            )
        )
    return Ack(id=ack_id, received_at=now)


# --- staff filings ----------------------------------------------------------------------------


@router.post(
    "/v1/staff-filings",
    response_model=Ack,
    operation_id="createStaffFiling",
    tags=["supervision"],
    summary="窗口A/B岗人员变更备案（按 filing_id 幂等；人员须为本网点经办人员）",
    responses=responses(401, 403, 422),
)
def create_staff_filing(body: StaffFiling, auth: Auth, platform: PlatformDep) -> Ack:
    require_role(auth, Role.SUPERVISOR)
    require_outlet(auth, body.outlet_code)
    if body.kind is FilingKind.HANDOVER:
        if not body.previous_staff_no:
            raise ApiProblem(422, "HANDOVER_FROM_REQUIRED", "岗位交接须填写交出人工号")
        if body.previous_staff_no == body.staff_no:
            raise ApiProblem(422, "HANDOVER_SAME_STAFF", "交出人与接收人不能是同一人")
    request_hash = payload_digest(body.model_dump(mode="json"))
    return store_once(lambda: _store_filing(platform, body, auth, request_hash))


def _check_staff(db: Session, staff_no: str, outlet_code: str) -> None:
    staff = db.scalar(select(StaffRow).where(StaffRow.staff_no == staff_no))
    outlet_id = db.scalar(select(OutletRow.id).where(OutletRow.code == outlet_code))
    if staff is None or staff.outlet_id != outlet_id:
        raise ApiProblem(422, "STAFF_UNKNOWN", f"工号 {staff_no} 不是本网点登记的人员")
    if Role.CLERK.value not in staff.roles:
        raise ApiProblem(422, "STAFF_NOT_CLERK", f"工号 {staff_no} 没有经办权限，不能担任窗口A/B岗")


def _store_filing(
    platform: Platform, body: StaffFiling, auth: AuthContext, request_hash: str
) -> Ack:
    with Session(platform.engine) as db, db.begin():
        existing = db.scalar(
            select(PlatformStaffFilingRow).where(PlatformStaffFilingRow.filing_id == body.filing_id)
        )
        if existing is not None:
            if existing.request_hash != request_hash:
                raise ApiProblem(
                    422, "IDEMPOTENCY_MISMATCH", "该备案编号已用于内容不同的备案，备案后不能修改"
                )
            return Ack(id=body.filing_id, received_at=existing.received_at, duplicate=True)
        _check_staff(db, body.staff_no, body.outlet_code)
        if body.previous_staff_no:
            _check_staff(db, body.previous_staff_no, body.outlet_code)
        now = platform.now()
        db.add(
            PlatformStaffFilingRow(
                filing_id=body.filing_id,
                outlet_code=body.outlet_code,
                staff_no=body.staff_no,
                request_hash=request_hash,
                data=body.model_dump(mode="json"),
                submitted_by=auth.staff_no,
                received_at=now,
            )
        )
    return Ack(id=body.filing_id, received_at=now)
