"""收件转运: the paper of 收件转运 cases goes to the bureau in the day's transport batch.

Each 收件转运 case joins its window's open batch of the day when it is submitted (in the
case's own transaction, :func:`counter.cases.open_batch`). The courier lists the batches,
prints the manifest (UI side), and records the hand-over: who handed over, who received,
when, how many files. The hand-over closes the batch (later cases open the next one) and
puts the batch into the outbox (``POST /v1/transport-batches``); the upload waits until its
cases have their business numbers and lists those that were accepted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.audit import AuditLog
from counter.bureau.cases import TransportBatch
from counter.bureau.models import Role
from counter.case_store import CaseRow, OutboxMessage, TransportBatchRow
from counter.cases import CaseError, CaseRepo, business_day
from counter.identity import mask_id
from counter.journal import Action
from counter.outbox import KIND_TRANSPORT, MessageState, NewMessage, Outbox
from counter.session import PermissionDenied, SessionService
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow

__all__ = ["BatchMember", "BatchView", "TransportRepo", "TransportService"]

OPEN = "open"
HANDED_OVER = "handed_over"
MIN_RECEIVER = 2


@dataclass(frozen=True, slots=True)
class BatchMember:
    case_id: str
    item_name: str
    person_masked: str
    ticket_number: str | None
    business_no: str | None
    state: MessageState

    @property
    def travels(self) -> bool:
        """Its paper goes with the batch (a case refused by a business rule stays here)."""
        return self.state is not MessageState.REJECTED


@dataclass(frozen=True, slots=True)
class BatchView:
    batch_id: str
    label: str  # e.g. 20260511-03-01: day, window, sequence of the day
    business_day: date
    window: int
    seq: int
    state: str  # open | handed_over
    members: tuple[BatchMember, ...]
    handed_over_by: str | None
    received_by: str | None
    handed_over_at: datetime | None
    file_count: int | None
    upload_key: str | None
    upload_state: MessageState | None
    upload_error: str | None

    @property
    def state_label(self) -> str:
        if self.state == OPEN:
            return "待交接"
        return f"已交接（{self.upload_state.label if self.upload_state else '—'}）"

    @property
    def case_count(self) -> int:
        return sum(1 for m in self.members if m.travels)


class TransportRepo:
    """Blocking: call on the DB executor."""

    def __init__(self, cases: CaseRepo) -> None:
        self.cases = cases
        self.db = cases.db

    def _load(self, s: Session, batch: TransportBatchRow) -> BatchView:
        rows = s.execute(
            select(CaseRow, OutboxMessage)
            .join(OutboxMessage, OutboxMessage.key == CaseRow.outbox_key)
            .where(CaseRow.transport_batch_id == batch.batch_id)
            .order_by(CaseRow.created_at)
        )
        members = tuple(
            BatchMember(
                case_id=row.case_id,
                item_name=row.item_name,
                person_masked=mask_id(self.cases.person(row).id_number),
                ticket_number=row.ticket_number,
                business_no=msg.business_no,
                state=MessageState(msg.state),
            )
            for row, msg in rows
        )
        upload = None
        if batch.outbox_key:
            upload = s.scalar(select(OutboxMessage).where(OutboxMessage.key == batch.outbox_key))
        return BatchView(
            batch_id=batch.batch_id,
            label=f"{batch.business_day:%Y%m%d}-{batch.window:02d}-{batch.seq:02d}",
            business_day=batch.business_day,
            window=batch.window,
            seq=batch.seq,
            state=batch.state,
            members=members,
            handed_over_by=batch.handed_over_by,
            received_by=batch.received_by,
            handed_over_at=batch.handed_over_at,
            file_count=batch.file_count,
            upload_key=batch.outbox_key,
            upload_state=MessageState(upload.state) if upload else None,
            upload_error=upload.last_error if upload else None,
        )

    def day(self, day: date) -> list[BatchView]:
        with self.db.session(readonly=True) as s:
            batches = s.scalars(
                select(TransportBatchRow)
                .where(TransportBatchRow.business_day == day)
                .order_by(TransportBatchRow.window, TransportBatchRow.seq)
            ).all()
            return [self._load(s, b) for b in batches]

    def get(self, batch_id: str) -> BatchView | None:
        with self.db.session(readonly=True) as s:
            batch = s.get(TransportBatchRow, batch_id)
            return self._load(s, batch) if batch is not None else None

    def hand_over(
        self,
        batch_id: str,
        *,
        handed_over_by: str,
        received_by: str,
        file_count: int,
        now: datetime,
    ) -> BatchView:
        """Close the batch and queue its upload: one transaction."""
        with self.db.session() as s:
            batch = s.get(TransportBatchRow, batch_id)
            if batch is None:
                raise CaseError("找不到该转运批次", code="NOT_FOUND")
            if batch.state != OPEN:
                raise CaseError("该批次已交接，不能重复交接", code="ALREADY_HANDED_OVER")
            view = self._load(s, batch)
            travelling = [m for m in view.members if m.travels]
            if not travelling:
                raise CaseError("批次中没有需要转运的办件", code="EMPTY")
            if file_count < len(travelling):
                raise CaseError(
                    f"清点的文件份数（{file_count}）少于批次办件数（{len(travelling)}），请核对",
                    code="FILE_COUNT",
                )
            body = TransportBatch(
                batch_id=batch.batch_id,
                outlet_code=batch.outlet_code,
                business_day=batch.business_day,
                business_nos=[],  # completed from the cases when their numbers are known
                file_count=file_count,
                handed_over_by=handed_over_by,
                received_by=received_by,
                handed_over_at=now,
            )
            message = NewMessage(
                kind=KIND_TRANSPORT,
                path="/v1/transport-batches",
                object_id=batch.batch_id,
                body=body.model_dump(mode="json"),
                depends_on=tuple(
                    s.scalars(
                        select(CaseRow.outbox_key).where(CaseRow.transport_batch_id == batch_id)
                    ).all()
                ),
                key=str(uuid.uuid4()),
            )
            self.cases.outbox.add(s, message, created_by=handed_over_by, now=now)
            batch.state = HANDED_OVER
            batch.handed_over_by = handed_over_by
            batch.received_by = received_by
            batch.handed_over_at = now
            batch.file_count = file_count
            batch.outbox_key = message.key
            s.flush()
            return self._load(s, batch)


class TransportService:
    def __init__(
        self,
        sessions: SessionService,
        repo: TransportRepo,
        outbox: Outbox,
        db: DbExecutor,
        audit: AuditLog,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.repo = repo
        self.outbox = outbox
        self.db = db
        self.audit = audit
        self.clock = clock

    async def batches(self, day: date | None = None) -> list[BatchView]:
        """The day's batches (default today), open ones with their cases so far."""
        session = self.sessions.current
        if session is None:
            raise CaseError("请先登录", code="NO_SESSION")
        # The clerks who collect the paper, the courier who carries it, the supervisor.
        if not {Role.CLERK, Role.COURIER, Role.SUPERVISOR} & set(session.staff.roles):
            raise PermissionDenied(Role.COURIER)
        return await self.db.run(self.repo.day, day or business_day(self.clock()))

    async def hand_over(self, batch_id: str, *, received_by: str, file_count: int) -> BatchView:
        """The courier records the hand-over (who, when, how many files) and it is uploaded."""
        session = self.sessions.current
        if session is None:
            raise CaseError("请先登录", code="NO_SESSION")
        session.require(Role.COURIER)
        receiver = received_by.strip()
        if len(receiver) < MIN_RECEIVER:
            raise CaseError("请填写接收人（人社经办机构收件人员）", code="NO_RECEIVER")
        if file_count <= 0:
            raise CaseError("请填写清点的文件份数", code="FILE_COUNT")
        view = await self.db.run(
            lambda: self.repo.hand_over(
                batch_id,
                handed_over_by=session.staff.staff_no,
                received_by=receiver,
                file_count=file_count,
                now=self.clock(),
            )
        )
        await self.outbox.refresh()
        upload = await self.outbox.get(view.upload_key or "")
        if upload is not None:
            self.outbox.added(upload)
        await self.audit.record(
            Action.TRANSPORT_BATCH.value,
            staff_no=session.staff.staff_no,
            role=Role.COURIER.value,
            object=view.batch_id,
            outcome="handed_over",
            details={"label": view.label, "cases": view.case_count, "files": file_count},
        )
        return view
