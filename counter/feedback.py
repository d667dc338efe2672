"""意见簿: comment-book entries typed in from the paper book or the box, with follow-up.

The supervisor types an entry as written (source, category, the text, a contact if the
citizen left one, the staff member it concerns). The text as written and the contact are
stored encrypted; lists, uploads and the journal see the scrubbed text (ID, phone and
account numbers masked) and the masked contact. Showing the contact again is journaled.

A reply is due within 15 days (like the 差评 rule; configurable); overdue entries are
warned. Each step goes to the platform (`POST /v1/feedback`) as the next revision of the
entry, through the outbox, in the same transaction as the local change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from counter.audit import AuditLog
from counter.bureau.models import Role
from counter.bureau.supervision import Feedback, FeedbackCategory, FeedbackSource, FeedbackStatus
from counter.case_store import OutboxMessage
from counter.crypto import FieldCipher
from counter.identity import InvalidIdentity, mask_mobile, parse_mobile, scrub
from counter.journal import BUSINESS_TZ, Action
from counter.outbox import MessageState, NewMessage, Outbox
from counter.session import ActiveSession, SessionService
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow
from counter.supervision_store import KIND_FEEDBACK, FeedbackRow

__all__ = ["REPLY_WITHIN_DAYS", "FeedbackError", "FeedbackService", "FeedbackView"]

REPLY_WITHIN_DAYS = 15
MAX_CONTENT = 2000


class FeedbackError(Exception):
    def __init__(self, message: str, *, code: str = "FEEDBACK") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class FeedbackView:
    feedback_id: str
    received_on: date
    source: FeedbackSource
    category: FeedbackCategory
    content: str  # scrubbed
    contact_masked: str | None
    staff_concerned: str | None
    due_on: date
    status: FeedbackStatus
    reply: str
    replied_at: datetime | None
    replied_by: str | None
    revision: int
    upload_state: MessageState | None
    warnings: tuple[str, ...]

    @property
    def overdue(self) -> bool:
        return any("逾期" in w for w in self.warnings)


class FeedbackService:
    CONTENT_CONTEXT = "feedback_entries.content_enc"
    CONTACT_CONTEXT = "feedback_entries.contact_enc"

    def __init__(
        self,
        sessions: SessionService,
        outbox: Outbox,
        executor: DbExecutor,
        audit: AuditLog,
        cipher: FieldCipher,
        *,
        reply_within_days: int = REPLY_WITHIN_DAYS,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.outbox = outbox
        self.executor = executor
        self.audit = audit
        self.cipher = cipher
        self.db = outbox.store.db
        self.reply_within_days = reply_within_days
        self.clock = clock

    def _supervisor(self) -> ActiveSession:
        session = self.sessions.current
        if session is None:
            raise FeedbackError("请先登录", code="NO_SESSION")
        session.require(Role.SUPERVISOR)
        return session

    def _today(self) -> date:
        return self.clock().astimezone(BUSINESS_TZ).date()

    def _view(self, row: FeedbackRow, state: str | None) -> FeedbackView:
        today = self._today()
        warnings: list[str] = []
        if row.status == FeedbackStatus.OPEN.value:
            if today > row.due_on:
                warnings.append(f"答复已逾期（应于 {row.due_on.isoformat()} 前答复）")
            elif (row.due_on - today).days <= 3:
                warnings.append(f"答复将于 {row.due_on.isoformat()} 到期")
        return FeedbackView(
            feedback_id=row.feedback_id,
            received_on=row.received_on,
            source=FeedbackSource(row.source),
            category=FeedbackCategory(row.category),
            content=row.content_masked,
            contact_masked=row.contact_masked,
            staff_concerned=row.staff_concerned,
            due_on=row.due_on,
            status=FeedbackStatus(row.status),
            reply=row.reply,
            replied_at=row.replied_at,
            replied_by=row.replied_by,
            revision=row.revision,
            upload_state=MessageState(state) if state else None,
            warnings=tuple(warnings),
        )

    def _message(self, row: FeedbackRow) -> NewMessage:
        body = Feedback(
            feedback_id=row.feedback_id,
            revision=row.revision,
            outlet_code=row.outlet_code,
            window=row.window,
            received_on=row.received_on,
            source=FeedbackSource(row.source),
            category=FeedbackCategory(row.category),
            content=row.content_masked,
            contact_masked=row.contact_masked,
            staff_concerned=row.staff_concerned,
            status=FeedbackStatus(row.status),
            reply=row.reply,
            replied_at=row.replied_at,
            recorded_by=row.recorded_by,
        )
        return NewMessage(
            kind=KIND_FEEDBACK,
            path="/v1/feedback",
            object_id=f"{row.feedback_id[:50]}#{row.revision}",
            body=body.model_dump(mode="json"),
        )

    async def _announce(self, key: str) -> None:
        view = await self.outbox.get(key)
        if view is not None:
            await self.outbox.refresh()
            self.outbox.added(view)

    async def add(
        self,
        *,
        received_on: date,
        source: FeedbackSource,
        category: FeedbackCategory,
        content: str,
        contact: str | None = None,
        staff_concerned: str | None = None,
    ) -> FeedbackView:
        """Type in one entry; journaled and uploaded (revision 1)."""
        session = self._supervisor()
        text = content.strip()
        if len(text) < 2:
            raise FeedbackError("请照录意见内容", code="NO_CONTENT")
        if len(text) > MAX_CONTENT:
            raise FeedbackError(f"意见内容不能超过 {MAX_CONTENT} 字", code="TOO_LONG")
        if received_on > self._today():
            raise FeedbackError("收到日期不能晚于今天", code="BAD_DATE")
        contact = (contact or "").strip() or None
        contact_masked = None
        if contact:
            try:
                contact_masked = mask_mobile(parse_mobile(contact))
            except InvalidIdentity as exc:
                raise FeedbackError(f"联系电话：{exc.message}", code="BAD_CONTACT") from exc
        now = self.clock()
        feedback_id = str(uuid.uuid4())
        row = FeedbackRow(
            feedback_id=feedback_id,
            outlet_code=session.outlet.code,
            window=session.window,
            received_on=received_on,
            source=FeedbackSource(source).value,
            category=FeedbackCategory(category).value,
            content_enc=self.cipher.encrypt(text, context=f"{self.CONTENT_CONTEXT}:{feedback_id}"),
            content_masked=scrub(text),
            contact_enc=(
                self.cipher.encrypt(contact, context=f"{self.CONTACT_CONTEXT}:{feedback_id}")
                if contact and contact_masked
                else None
            ),
            contact_masked=contact_masked,
            staff_concerned=(staff_concerned or "").strip().upper() or None,
            due_on=received_on + timedelta(days=self.reply_within_days),
            status=FeedbackStatus.OPEN.value,
            reply="",
            revision=1,
            recorded_by=session.staff.staff_no,
            recorded_at=now,
        )
        message = self._message(row)
        row.outbox_key = message.key

        def write() -> FeedbackView:
            with self.db.session() as s:
                self.outbox.store.add(s, message, created_by=session.staff.staff_no, now=now)
                s.add(row)
                s.flush()
                return self._view(row, MessageState.QUEUED.value)

        view = await self.executor.run(write)
        await self._announce(message.key)
        await self.audit.record(
            Action.FEEDBACK.value,
            staff_no=session.staff.staff_no,
            role=Role.SUPERVISOR.value,
            object=feedback_id,
            outcome="recorded",
            details={
                "source": row.source,
                "category": row.category,
                "concerns": row.staff_concerned,
            },
        )
        return view

    async def reply(self, feedback_id: str, reply: str, *, close: bool = True) -> FeedbackView:
        """Record the answer given (and close the entry unless told otherwise)."""
        session = self._supervisor()
        text = " ".join(reply.split())
        if len(text) < 2:
            raise FeedbackError("请填写答复或处理情况", code="NO_REPLY")
        now = self.clock()

        def write() -> tuple[FeedbackView, str]:
            with self.db.session() as s:
                row = s.get(FeedbackRow, feedback_id)
                if row is None:
                    raise FeedbackError("找不到该意见簿记录", code="NOT_FOUND")
                if row.status == FeedbackStatus.CLOSED.value:
                    raise FeedbackError("该意见已办结", code="CLOSED")
                row.reply = scrub(text)[:MAX_CONTENT]
                row.replied_at = now
                row.replied_by = session.staff.staff_no
                row.status = (FeedbackStatus.CLOSED if close else FeedbackStatus.REPLIED).value
                row.revision += 1
                message = self._message(row)
                self.outbox.store.add(s, message, created_by=session.staff.staff_no, now=now)
                row.outbox_key = message.key
                s.flush()
                return self._view(row, MessageState.QUEUED.value), message.key

        view, key = await self.executor.run(write)
        await self._announce(key)
        await self.audit.record(
            Action.FEEDBACK.value,
            staff_no=session.staff.staff_no,
            role=Role.SUPERVISOR.value,
            object=feedback_id,
            outcome=view.status.name.lower(),
            details={"revision": view.revision},
        )
        return view

    async def entries(
        self, *, open_only: bool = False, since: date | None = None
    ) -> list[FeedbackView]:
        """Entries, newest first (open ones only, or since a day)."""
        self._supervisor()

        def read() -> list[FeedbackView]:
            query = (
                select(FeedbackRow, OutboxMessage.state)
                .outerjoin(OutboxMessage, OutboxMessage.key == FeedbackRow.outbox_key)
                .order_by(FeedbackRow.received_on.desc(), FeedbackRow.recorded_at.desc())
            )
            if open_only:
                query = query.where(FeedbackRow.status != FeedbackStatus.CLOSED.value)
            if since is not None:
                query = query.where(FeedbackRow.received_on >= since)
            with self.db.session(readonly=True) as s:
                return [self._view(row, state) for row, state in s.execute(query)]

        return await self.executor.run(read)

    async def overdue(self) -> list[FeedbackView]:
        return [e for e in await self.entries(open_only=True) if e.overdue]

    async def contact(self, feedback_id: str) -> str | None:
        """The contact as written, for calling the citizen back; journaled (unmask)."""
        session = self._supervisor()

        def read() -> tuple[bytes | None, str | None]:
            with self.db.session(readonly=True) as s:
                row = s.get(FeedbackRow, feedback_id)
                if row is None:
                    raise FeedbackError("找不到该意见簿记录", code="NOT_FOUND")
                return row.contact_enc, row.contact_masked

        blob, masked = await self.executor.run(read)
        await self.audit.record(
            Action.UNMASK.value,
            staff_no=session.staff.staff_no,
            role=Role.SUPERVISOR.value,
            object=masked or "",
            details={"fields": "feedback_contact", "feedback": feedback_id},
        )
        if blob is None:
            return None
        return self.cipher.decrypt(blob, context=f"{self.CONTACT_CONTEXT}:{feedback_id}")
