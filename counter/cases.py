"""Cases at the window (办件): drafts, on-the-spot A/B review, submission, today's list.

A :class:`CaseDraft` is what the clerk fills in: the item, the citizen's identity, the
form (checked by :mod:`counter.forms` as the clerk types), the materials checklist and
the ticket. :class:`CaseService` does the rest, with the rules enforced here in the core
(and again by the platform):

* **Review (maker–checker).** ``request_review`` sends the reviewer's own staff number and
  password with the digest of the case as it stands (``CaseSubmission.review_digest``);
  the approval is bound to that digest. Any edit that changes the case voids it; the
  reviewer may not be the maker; an approval past ``expires_at`` no longer counts.
* **Submission.** The case row and its outbox message (idempotency key, encrypted body) go
  to the local store in one transaction before the first send (:mod:`counter.outbox`).
* **Offline.** With the platform offline, items with ``offline_ok`` are accepted into the
  outbox (the receipt says 已受理，待上传); the others are refused with a clear reason.
* **Privacy.** The ID number and form values are stored encrypted; the list shows the
  masked ID only; a blind index finds a person's cases.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pydantic import ValidationError
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from counter.audit import AuditLog
from counter.bureau.cases import (
    CasePerson,
    CaseResult,
    CaseSubmission,
    Checker,
    IdentityMethod,
    MaterialCheck,
    ReviewApproval,
    ReviewRequest,
)
from counter.bureau.client import BureauClient, BureauError
from counter.bureau.connection import ConnectionMonitor, ConnectionState
from counter.bureau.models import CatalogueItem, HandlingMode, Role
from counter.case_store import CaseRow, OutboxMessage, PostCover, TransportBatchRow
from counter.crypto import FieldCipher
from counter.forms import FieldCheck, FormValue, check_field
from counter.identity import InvalidIdentity, mask_id, parse
from counter.journal import BUSINESS_TZ, Action, day_bounds
from counter.outbox import KIND_CASE, MessageState, MessageView, NewMessage, Outbox, OutboxStore
from counter.session import ActiveSession, PermissionDenied, SessionService
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import normalize_id_number, utcnow

__all__ = [
    "OFFLINE_REFUSED",
    "ApprovalState",
    "CaseDraft",
    "CaseError",
    "CaseInvalid",
    "CaseRepo",
    "CaseService",
    "CaseView",
    "CoverRecord",
    "SubmitOutcome",
]

OFFLINE_REFUSED = "当前与人社平台离线，该事项不支持离线受理，请恢复连接后办理"
PENDING_UPLOAD = "已受理，待上传"
MIN_MANUAL_REASON = 2


class CaseError(Exception):
    """A case cannot go on; ``message`` is shown to the clerk as is."""

    def __init__(self, message: str, *, code: str = "CASE") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class CaseInvalid(CaseError):
    def __init__(self, errors: Mapping[str, str]) -> None:
        first = next(iter(errors.values()), "")
        super().__init__(f"还有 {len(errors)} 处需要修改：{first}", code="INVALID")
        self.errors = dict(errors)


class ApprovalState(StrEnum):
    NONE = "none"
    VALID = "valid"
    VOIDED = "voided"  # an edit after approval
    EXPIRED = "expired"


def business_day(at: datetime) -> date:
    return at.astimezone(BUSINESS_TZ).date()


# --- the draft ----------------------------------------------------------------------------


class CaseDraft:
    """The case being filled in at the window. Not thread-safe; lives on the UI thread."""

    def __init__(
        self,
        item: CatalogueItem,
        *,
        maker: str,
        outlet_code: str,
        window: int,
        ticket_number: str | None = None,
        case_id: str | None = None,
        bank_luhn: bool = False,
    ) -> None:
        self.item = item
        self.maker = maker
        self.outlet_code = outlet_code
        self.window = window
        self.ticket_number = ticket_number
        self.case_id = case_id or str(uuid.uuid4())
        self.bank_luhn = bank_luhn
        self.raw: dict[str, FormValue] = {}
        self.checks: dict[str, FieldCheck] = {
            f.name: check_field(f, None, bank_luhn=bank_luhn) for f in item.form_fields
        }
        self.materials: dict[str, MaterialCheck] = {
            m.name: MaterialCheck(name=m.name, received=False, shared=m.shareable)
            for m in item.materials
        }
        self.id_number: str | None = None
        self.identity_method: IdentityMethod | None = None
        self.manual_reason: str | None = None
        self.person_error: str | None = "请先核验办事人身份"
        self._approval: ReviewApproval | None = None
        self.approval_voided = False

    # -- editing --

    def set_field(self, name: str, raw: FormValue) -> FieldCheck:
        field = next((f for f in self.item.form_fields if f.name == name), None)
        if field is None:
            raise KeyError(name)
        self.raw[name] = raw
        self.checks[name] = check_field(field, raw, bank_luhn=self.bank_luhn)
        self._after_edit()
        return self.checks[name]

    def prefill(self, values: Mapping[str, FormValue]) -> None:
        """Fill empty fields (e.g. from the person lookup); typed values are kept."""
        for f in self.item.form_fields:
            if f.name in values and self.raw.get(f.name) in (None, ""):
                self.set_field(f.name, values[f.name])

    def set_person(
        self, id_text: str, method: IdentityMethod, manual_reason: str | None = None
    ) -> str | None:
        """Set the citizen's identity; returns the message to show, or None when fine."""
        reason = (manual_reason or "").strip() or None
        try:
            number = parse(id_text).number
        except InvalidIdentity as exc:
            self.id_number, self.person_error = None, exc.message
        else:
            if method is IdentityMethod.MANUAL and (
                reason is None or len(reason) < MIN_MANUAL_REASON
            ):
                self.id_number = None
                self.person_error = "手工录入证件号码须填写原因（例如：读卡器故障、证件芯片损坏）"
            else:
                self.id_number, self.person_error = number, None
        self.identity_method = method
        self.manual_reason = reason if method is IdentityMethod.MANUAL else None
        self._after_edit()
        return self.person_error

    def set_material(self, name: str, received: bool) -> None:
        current = self.materials[name]
        self.materials[name] = MaterialCheck(name=name, received=received, shared=current.shared)
        self._after_edit()

    def set_ticket(self, number: str | None) -> None:
        self.ticket_number = number or None
        self._after_edit()

    def _after_edit(self) -> None:
        if self._approval is not None and self.digest() != self._approval.case_digest:
            self._approval = None
            self.approval_voided = True

    # -- reading --

    def errors(self) -> dict[str, str]:
        """Everything that stops submission: field name (or ``person``/``materials``) → message."""
        errors = {name: c.error for name, c in self.checks.items() if c.error is not None}
        if self.person_error is not None:
            errors["person"] = self.person_error
        missing = [m.name for m in self.materials.values() if not m.received and not m.shared]
        if missing:
            errors["materials"] = f"材料未收齐：{'、'.join(missing)}"
        return errors

    @property
    def valid(self) -> bool:
        return not self.errors()

    def person(self) -> CasePerson | None:
        if self.id_number is None or self.identity_method is None:
            return None
        return CasePerson(
            id_number=self.id_number,
            identity_method=self.identity_method,
            manual_reason=self.manual_reason,
        )

    def submission(
        self,
        *,
        client_time: datetime,
        accepted_offline: bool = False,
        checker: Checker | None = None,
    ) -> CaseSubmission:
        errors = self.errors()
        person = self.person()
        if errors or person is None:
            raise CaseInvalid(errors or {"person": "请先核验办事人身份"})
        return CaseSubmission(
            case_id=self.case_id,
            outlet_code=self.outlet_code,
            window=self.window,
            item_code=self.item.code,
            item_version=self.item.version,
            person=person,
            form={name: c.value for name, c in self.checks.items()},
            materials=list(self.materials.values()),
            maker=self.maker,
            checker=checker,
            ticket_number=self.ticket_number,
            client_time=client_time,
            accepted_offline=accepted_offline,
        )

    def digest(self) -> str | None:
        """The review digest of the case as it stands (None while it is incomplete)."""
        person = self.person()
        if person is None:
            return None
        try:
            return CaseSubmission(
                case_id=self.case_id,
                outlet_code=self.outlet_code,
                window=self.window,
                item_code=self.item.code,
                item_version=self.item.version,
                person=person,
                form={name: c.value for name, c in self.checks.items()},
                materials=list(self.materials.values()),
                maker=self.maker,
                ticket_number=self.ticket_number,
                client_time=datetime(2000, 1, 1, tzinfo=BUSINESS_TZ),
            ).review_digest()
        except ValidationError:  # pragma: no cover - person and form were validated
            return None

    @property
    def approval(self) -> ReviewApproval | None:
        return self._approval

    def attach_approval(self, approval: ReviewApproval) -> None:
        if approval.case_digest != self.digest():
            raise CaseError("复核结果与当前办件内容不符，请重新复核", code="REVIEW_MISMATCH")
        if approval.reviewer_staff_no.upper() == self.maker.upper():
            raise CaseError("复核人不能是经办人本人", code="SELF_REVIEW")
        self._approval = approval
        self.approval_voided = False

    def approval_state(self, now: datetime) -> ApprovalState:
        if self._approval is None:
            return ApprovalState.VOIDED if self.approval_voided else ApprovalState.NONE
        if self._approval.case_digest != self.digest():
            return ApprovalState.VOIDED
        if now >= self._approval.expires_at:
            return ApprovalState.EXPIRED
        return ApprovalState.VALID


# --- views --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseView:
    """One of today's cases as the clerk's list shows it (no unmasked personal data)."""

    case_id: str
    created_at: datetime
    item_code: str
    item_version: int
    item_name: str
    mode: str
    maker: str
    checker: str | None
    ticket_number: str | None
    person_masked: str
    accepted_offline: bool
    state: MessageState
    business_no: str | None
    message: str
    outbox_key: str
    transport_batch_id: str | None
    rating: str | None
    result: CaseResult | None

    @property
    def state_label(self) -> str:
        return self.state.label


@dataclass(frozen=True, slots=True)
class SubmitOutcome:
    case_id: str
    outbox_key: str
    state: MessageState
    accepted_offline: bool
    result: CaseResult | None
    message: str

    @property
    def pending(self) -> bool:
        return self.state in (MessageState.QUEUED, MessageState.SENDING)

    @property
    def receipt_note(self) -> str:
        """What the receipt says about the upload."""
        if self.pending:
            return PENDING_UPLOAD
        return self.state.label


@dataclass(frozen=True, slots=True)
class CoverRecord:
    id: int
    absent_staff_no: str
    covering_staff_no: str
    from_at: datetime
    to_at: datetime | None
    reason: str
    recorded_by: str


# --- the blocking repository ----------------------------------------------------------------


class CaseRepo:
    """Cases, their outbox messages and post covers. Blocking: call on the DB executor."""

    PERSON_CONTEXT = "cases.person_enc"
    FORM_CONTEXT = "cases.form_enc"
    INDEX_CONTEXT = "cases.id_index"

    def __init__(self, db: Database, cipher: FieldCipher, outbox: OutboxStore) -> None:
        self.db = db
        self.cipher = cipher
        self.outbox = outbox

    def id_index(self, id_number: str) -> str:
        return self.cipher.blind_index(normalize_id_number(id_number), context=self.INDEX_CONTEXT)

    def create(
        self,
        sub: CaseSubmission,
        item: CatalogueItem,
        message: NewMessage,
        *,
        now: datetime,
    ) -> None:
        """The case, its outbox message and (收件转运) its batch place: one transaction.

        A case whose upload was flagged (needs attention, e.g. a 422 for its content) may be
        corrected and submitted again: the flagged message is closed as superseded and the
        case row points at the new message. Any other resubmission is refused.
        """
        day = business_day(now)
        with self.db.session() as s:
            row = s.get(CaseRow, sub.case_id)
            if row is not None:
                old = s.scalar(select(OutboxMessage).where(OutboxMessage.key == row.outbox_key))
                if old is None or old.state != MessageState.NEEDS_ATTENTION.value:
                    raise CaseError("该办件已提交，不能重复提交", code="ALREADY_SUBMITTED")
                old.state = MessageState.REJECTED.value
                old.last_error = "已修改后重新提交（原上传作废）"
                old.finished_at = old.updated_at = now
            self.outbox.add(s, message, created_by=sub.maker, now=now)
            if row is None:
                batch_id = None
                if item.mode is HandlingMode.COLLECT:
                    batch_id = open_batch(s, sub.outlet_code, sub.window, day, now).batch_id
                row = CaseRow(
                    case_id=sub.case_id,
                    business_day=day,
                    created_at=now,
                    outlet_code=sub.outlet_code,
                    window=sub.window,
                    item_code=item.code,
                    item_name=item.name,
                    mode=item.mode.value,
                    maker=sub.maker,
                    transport_batch_id=batch_id,
                )
                s.add(row)
            row.item_version = item.version
            row.checker = sub.checker.staff_no if sub.checker else None
            row.approval_id = sub.checker.approval_id if sub.checker else None
            row.ticket_number = sub.ticket_number
            row.id_index = self.id_index(sub.person.id_number)
            row.person_enc = self.cipher.encrypt(
                sub.person.model_dump_json(), context=f"{self.PERSON_CONTEXT}:{sub.case_id}"
            )
            row.form_enc = self.cipher.encrypt(
                json.dumps(sub.form, ensure_ascii=False),
                context=f"{self.FORM_CONTEXT}:{sub.case_id}",
            )
            row.materials = json.dumps(
                [m.model_dump(mode="json") for m in sub.materials], ensure_ascii=False
            )
            row.accepted_offline = sub.accepted_offline
            row.outbox_key = message.key

    def person(self, row: CaseRow) -> CasePerson:
        text = self.cipher.decrypt(row.person_enc, context=f"{self.PERSON_CONTEXT}:{row.case_id}")
        return CasePerson.model_validate_json(text)

    def form(self, row: CaseRow) -> dict[str, FormValue]:
        text = self.cipher.decrypt(row.form_enc, context=f"{self.FORM_CONTEXT}:{row.case_id}")
        values: dict[str, FormValue] = json.loads(text)
        return values

    def _view(self, row: CaseRow, msg: OutboxMessage) -> CaseView:
        result = None
        if msg.result:
            try:
                result = CaseResult.model_validate_json(msg.result)
            except ValidationError:
                result = None
        message = msg.last_error or (result.message if result else "")
        return CaseView(
            case_id=row.case_id,
            created_at=row.created_at,
            item_code=row.item_code,
            item_version=row.item_version,
            item_name=row.item_name,
            mode=row.mode,
            maker=row.maker,
            checker=row.checker,
            ticket_number=row.ticket_number,
            person_masked=mask_id(self.person(row).id_number),
            accepted_offline=row.accepted_offline,
            state=MessageState(msg.state),
            business_no=msg.business_no,
            message=message,
            outbox_key=row.outbox_key,
            transport_batch_id=row.transport_batch_id,
            rating=row.rating,
            result=result,
        )

    def _select(self) -> Select[CaseRow, OutboxMessage]:
        return select(CaseRow, OutboxMessage).join(
            OutboxMessage, OutboxMessage.key == CaseRow.outbox_key
        )

    def day(self, day: date, *, maker: str | None = None) -> list[CaseView]:
        query = self._select().where(CaseRow.business_day == day).order_by(CaseRow.created_at)
        if maker is not None:
            query = query.where(CaseRow.maker == maker)
        with self.db.session(readonly=True) as s:
            return [self._view(row, msg) for row, msg in s.execute(query)]

    def get(self, case_id: str) -> CaseView | None:
        with self.db.session(readonly=True) as s:
            found = s.execute(self._select().where(CaseRow.case_id == case_id)).first()
            return self._view(*found) if found else None

    def by_person(self, id_number: str) -> list[CaseView]:
        query = self._select().where(CaseRow.id_index == self.id_index(id_number))
        with self.db.session(readonly=True) as s:
            return [self._view(row, msg) for row, msg in s.execute(query)]

    # -- A/B post cover --

    def add_cover(self, cover: PostCover) -> CoverRecord:
        with self.db.session() as s:
            s.add(cover)
            s.flush()
            return _cover(cover)

    def end_cover(self, cover_id: int, to_at: datetime) -> CoverRecord:
        with self.db.session() as s:
            row = s.get(PostCover, cover_id)
            if row is None:
                raise CaseError("找不到该顶岗记录", code="NOT_FOUND")
            if to_at < row.from_at:
                raise CaseError("顶岗结束时间不能早于开始时间", code="BAD_TIME")
            row.to_at = to_at
            return _cover(row)

    def covers(self, day: date) -> list[CoverRecord]:
        start, end = day_bounds(day)
        with self.db.session(readonly=True) as s:
            rows = s.scalars(
                select(PostCover)
                .where(PostCover.from_at < end)
                .where((PostCover.to_at.is_(None)) | (PostCover.to_at >= start))
                .order_by(PostCover.from_at)
            )
            return [_cover(r) for r in rows]


def _cover(row: PostCover) -> CoverRecord:
    return CoverRecord(
        row.id,
        row.absent_staff_no,
        row.covering_staff_no,
        row.from_at,
        row.to_at,
        row.reason,
        row.recorded_by,
    )


def open_batch(
    s: Session, outlet_code: str, window: int, day: date, now: datetime
) -> TransportBatchRow:
    """The day's open transport batch for this window, created when there is none."""
    batches = list(
        s.scalars(
            select(TransportBatchRow)
            .where(TransportBatchRow.outlet_code == outlet_code)
            .where(TransportBatchRow.window == window)
            .where(TransportBatchRow.business_day == day)
            .order_by(TransportBatchRow.seq)
        )
    )
    for batch in batches:
        if batch.state == "open":
            return batch
    batch = TransportBatchRow(
        batch_id=str(uuid.uuid4()),
        outlet_code=outlet_code,
        window=window,
        business_day=day,
        seq=(batches[-1].seq + 1) if batches else 1,
        state="open",
        created_at=now,
    )
    s.add(batch)
    s.flush()
    return batch


# --- the service ----------------------------------------------------------------------------


class CaseService:
    def __init__(
        self,
        sessions: SessionService,
        repo: CaseRepo,
        outbox: Outbox,
        db: DbExecutor,
        audit: AuditLog,
        *,
        client: BureauClient | None = None,
        monitor: ConnectionMonitor | None = None,
        clock: Callable[[], datetime] = utcnow,
        settle_wait_s: float = 8.0,
        bank_luhn: bool = False,
    ) -> None:
        self.sessions = sessions
        self.repo = repo
        self.outbox = outbox
        self.db = db
        self.audit = audit
        self.client = client or sessions.client
        self.monitor = monitor or self.client.monitor
        self.clock = clock
        self.settle_wait_s = settle_wait_s
        self.bank_luhn = bank_luhn

    def _session(self, role: Role = Role.CLERK) -> ActiveSession:
        session = self.sessions.current
        if session is None:
            raise CaseError("请先登录", code="NO_SESSION")
        session.require(role)
        return session

    @property
    def offline(self) -> bool:
        return self.monitor.state is ConnectionState.OFFLINE

    def new_draft(self, item: CatalogueItem, *, ticket_number: str | None = None) -> CaseDraft:
        session = self._session()
        if session.outlet.category not in item.outlet_categories:
            raise CaseError(
                f"本网点（{session.outlet.category}类）不能办理“{item.name}”", code="NOT_ALLOWED"
            )
        return CaseDraft(
            item,
            maker=session.staff.staff_no,
            outlet_code=session.outlet.code,
            window=session.window,
            ticket_number=ticket_number,
            bank_luhn=self.bank_luhn,
        )

    def _own(self, draft: CaseDraft) -> ActiveSession:
        session = self._session()
        if draft.maker != session.staff.staff_no:
            raise CaseError("该办件由其他经办人创建，请由其本人提交或重新受理", code="NOT_MAKER")
        return session

    async def request_review(
        self, draft: CaseDraft, reviewer_staff_no: str, password: str
    ) -> ReviewApproval:
        """On-the-spot review by a second staff member; the approval is attached to *draft*."""
        session = self._own(draft)
        reviewer = reviewer_staff_no.strip().upper()
        if not reviewer or not password:
            raise CaseError("请复核人输入本人工号和密码", code="EMPTY")
        if reviewer == draft.maker.upper():
            await self._journal_review(session, draft, reviewer, "self_review")
            raise CaseError("复核人不能是经办人本人，请由另一岗位人员复核", code="SELF_REVIEW")
        errors = draft.errors()
        if errors:
            raise CaseInvalid(errors)
        if self.offline:
            raise CaseError("当前与人社平台离线，无法复核；请恢复连接后再复核", code="OFFLINE")
        digest = draft.digest()
        assert digest is not None
        request = ReviewRequest(
            staff_no=reviewer,
            password=password,
            maker=draft.maker,
            item_code=draft.item.code,
            case_digest=digest,
        )
        try:
            approval = await self.client.request_review(request)
        except BureauError as exc:
            await self._journal_review(session, draft, reviewer, exc.code)
            raise CaseError(exc.message, code=exc.code) from exc
        if (
            approval.reviewer_staff_no.upper() != reviewer
            or approval.case_digest != digest
            or approval.expires_at <= self.clock()
        ):
            await self._journal_review(session, draft, reviewer, "mismatch")
            raise CaseError("平台返回的复核结果与本办件不符，请重新复核", code="REVIEW_MISMATCH")
        draft.attach_approval(approval)  # raises if the draft changed meanwhile
        await self._journal_review(session, draft, reviewer, "ok")
        return approval

    async def _journal_review(
        self, session: ActiveSession, draft: CaseDraft, reviewer: str, outcome: str
    ) -> None:
        await self.audit.record(
            Action.REVIEW.value,
            staff_no=session.staff.staff_no,
            role=Role.CLERK.value,
            object=draft.case_id,
            outcome=outcome,
            details={"item": draft.item.code, "reviewer": reviewer},
        )

    async def submit(self, draft: CaseDraft) -> SubmitOutcome:
        """Accept the case into the outbox (one transaction), then wait briefly for the answer."""
        session = self._own(draft)
        errors = draft.errors()
        if errors:
            raise CaseInvalid(errors)
        now = self.clock()
        checker = None
        if draft.item.needs_review:
            state = draft.approval_state(now)
            if state is not ApprovalState.VALID:
                raise CaseError(_REVIEW_MESSAGES[state], code=f"REVIEW_{state.value.upper()}")
        if draft.approval is not None and draft.approval_state(now) is ApprovalState.VALID:
            checker = Checker(
                staff_no=draft.approval.reviewer_staff_no, approval_id=draft.approval.approval_id
            )
        offline = self.offline
        if offline and not draft.item.offline_ok:
            raise CaseError(OFFLINE_REFUSED, code="OFFLINE")
        sub = draft.submission(client_time=now, accepted_offline=offline, checker=checker)
        message = NewMessage(
            kind=KIND_CASE,
            path="/v1/cases",
            object_id=sub.case_id,
            body=sub.model_dump(mode="json"),
        )
        await self.db.run(lambda: self.repo.create(sub, draft.item, message, now=now))
        view = await self.outbox.get(message.key)
        assert view is not None
        await self.outbox.refresh()
        self.outbox.added(view)
        await self.audit.record(
            Action.CASE_SUBMIT.value,
            staff_no=session.staff.staff_no,
            role=Role.CLERK.value,
            object=sub.case_id,
            details={
                "item": draft.item.code,
                "person": mask_id(sub.person.id_number),
                "method": sub.person.identity_method.value,
                "checker": checker.staff_no if checker else None,
                "offline": offline,
                "ticket": sub.ticket_number,
            },
        )
        if not offline and self.settle_wait_s > 0:
            settled = await self.outbox.wait_settled(
                message.key, self.settle_wait_s, until_retry=True
            )
            view = settled or view
        return _outcome(sub, view)

    async def todays_cases(self, *, mine_only: bool = False) -> list[CaseView]:
        session = self._session()
        maker = session.staff.staff_no if mine_only else None
        return await self.db.run(lambda: self.repo.day(business_day(self.clock()), maker=maker))

    async def case(self, case_id: str) -> CaseView | None:
        self._session()
        return await self.db.run(self.repo.get, case_id)

    # -- A/B post cover --

    async def record_cover(
        self,
        absent_staff_no: str,
        *,
        reason: str,
        from_at: datetime | None = None,
        to_at: datetime | None = None,
        covering_staff_no: str | None = None,
    ) -> CoverRecord:
        """Record that B covers an absent A (who, from when to when); journaled."""
        session = self.sessions.current
        if session is None:
            raise CaseError("请先登录", code="NO_SESSION")
        if Role.CLERK not in session.staff.roles and Role.SUPERVISOR not in session.staff.roles:
            raise PermissionDenied(Role.CLERK)
        covering = (covering_staff_no or session.staff.staff_no).strip().upper()
        absent = absent_staff_no.strip().upper()
        if not absent or absent == covering:
            raise CaseError("顶岗人与缺岗人不能是同一人", code="SAME_STAFF")
        if len(reason.strip()) < MIN_MANUAL_REASON:
            raise CaseError("请填写顶岗原因（例如：A岗休假、外出培训）", code="NO_REASON")
        start = from_at or self.clock()
        if to_at is not None and to_at < start:
            raise CaseError("顶岗结束时间不能早于开始时间", code="BAD_TIME")
        cover = PostCover(
            outlet_code=session.outlet.code,
            window=session.window,
            absent_staff_no=absent,
            covering_staff_no=covering,
            from_at=start,
            to_at=to_at,
            reason=reason.strip(),
            recorded_by=session.staff.staff_no,
            recorded_at=self.clock(),
        )
        record = await self.db.run(self.repo.add_cover, cover)
        await self.audit.record(
            Action.POST_COVER.value,
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            object=str(record.id),
            details={"absent": absent, "covering": covering, "from": start.isoformat()},
        )
        return record

    async def end_cover(self, cover_id: int, to_at: datetime | None = None) -> CoverRecord:
        session = self.sessions.current
        if session is None:
            raise CaseError("请先登录", code="NO_SESSION")
        if Role.CLERK not in session.staff.roles and Role.SUPERVISOR not in session.staff.roles:
            raise PermissionDenied(Role.CLERK)  # as for record_cover
        record = await self.db.run(self.repo.end_cover, cover_id, to_at or self.clock())
        await self.audit.record(
            Action.POST_COVER.value,
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            object=str(record.id),
            outcome="ended",
            details={"to": record.to_at.isoformat() if record.to_at else None},
        )
        return record

    async def covers(self, day: date | None = None) -> list[CoverRecord]:
        return await self.db.run(self.repo.covers, day or business_day(self.clock()))


_REVIEW_MESSAGES = {
    ApprovalState.NONE: "该事项须经复核人现场复核后才能提交",
    ApprovalState.VOIDED: "办件内容在复核后被修改，原复核已失效，请重新复核",
    ApprovalState.EXPIRED: "复核已过期，请重新复核",
    ApprovalState.VALID: "",
}


def _outcome(sub: CaseSubmission, view: MessageView) -> SubmitOutcome:
    result = None
    if view.result is not None:
        try:
            result = CaseResult.model_validate(view.result)
        except ValidationError:
            result = None
    if view.state in (MessageState.QUEUED, MessageState.SENDING):
        text = PENDING_UPLOAD + ("（离线受理）" if sub.accepted_offline else "")
    elif result is not None:
        text = result.message
    else:
        text = view.last_error or view.state.label
    return SubmitOutcome(
        case_id=sub.case_id,
        outbox_key=view.key,
        state=view.state,
        accepted_offline=sub.accepted_offline,
        result=result,
        message=text,
    )
