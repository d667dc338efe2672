"""差评 follow-up by the Zhejiang rules (REFERENCE "好差评").

Every 差评 (不满意 / 非常不满意) of a case at this window gets a follow-up — named ones are
followed up 100% — with two deadlines counted from the rating:

* **回访** (call the citizen back) within 1 day;
* **整改 and feedback** within 15 days: the outcome is recorded — 立即整改 (fixed at
  once), 列入整改台账 (ledger, with a deadline), 解释说明 (explained: the request had no
  legal basis), 申诉 (appeal: a mistaken or malicious rating) — and the citizen is told.

One 追评 (the citizen's second rating after the follow-up) may be recorded. A follow-up is
closed when the outcome is recorded, the citizen was told and, for a ledger item, the
ledger item was put right. Overdue and nearly due steps are warned in Chinese.

Mutations need a supervisor's session and are journaled (``followup``). Notes are
scrubbed of ID, phone and account numbers before they are stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select

from counter.audit import AuditLog
from counter.bureau.cases import RatingLevel
from counter.bureau.models import Role
from counter.case_store import CaseRow, OutboxMessage
from counter.crypto import DecryptionError
from counter.identity import scrub
from counter.journal import BUSINESS_TZ, Action
from counter.outbox import OutboxStore
from counter.session import ActiveSession, SessionService
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow
from counter.supervision_store import FollowUpRow

__all__ = [
    "CALLBACK_WITHIN",
    "RECTIFY_WITHIN",
    "FollowUpError",
    "FollowUpService",
    "FollowUpView",
    "Outcome",
    "Stage",
]

CALLBACK_WITHIN = timedelta(days=1)
RECTIFY_WITHIN = timedelta(days=15)
_BAD = (RatingLevel.DISSATISFIED.value, RatingLevel.VERY_DISSATISFIED.value)
MIN_NOTE = 2


class FollowUpError(Exception):
    def __init__(self, message: str, *, code: str = "FOLLOWUP") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Outcome(StrEnum):
    FIXED = "fixed"
    LEDGER = "ledger"
    EXPLAINED = "explained"
    APPEAL = "appeal"

    @property
    def label(self) -> str:
        return {
            Outcome.FIXED: "立即整改",
            Outcome.LEDGER: "列入整改台账",
            Outcome.EXPLAINED: "解释说明（诉求无法律依据）",
            Outcome.APPEAL: "申诉（误评、恶意差评）",
        }[self]


class Stage(StrEnum):
    CALLBACK = "callback"
    OUTCOME = "outcome"
    FEEDBACK = "feedback"
    LEDGER = "ledger"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            Stage.CALLBACK: "待回访",
            Stage.OUTCOME: "待整改处理",
            Stage.FEEDBACK: "待反馈办事人",
            Stage.LEDGER: "台账整改中",
            Stage.CLOSED: "已办结",
        }[self]


@dataclass(frozen=True)
class FollowUpView:
    case_id: str
    business_day: date
    business_no: str | None
    item_code: str
    item_name: str
    clerk_staff_no: str
    level: str
    tags: tuple[str, ...]
    comment: str
    rated_at: datetime
    callback_due: datetime
    rectify_due: datetime
    callback_at: datetime | None
    callback_note: str | None
    outcome: Outcome | None
    outcome_note: str | None
    ledger_deadline: date | None
    ledger_done_at: datetime | None
    feedback_at: datetime | None
    re_rating: str | None
    re_rated_at: datetime | None
    closed_at: datetime | None
    stage: Stage
    warnings: tuple[str, ...]

    @property
    def overdue(self) -> bool:
        return any("逾期" in w for w in self.warnings)

    @property
    def outcome_label(self) -> str:
        return self.outcome.label if self.outcome else ""


def _local(at: datetime) -> str:
    return at.astimezone(BUSINESS_TZ).strftime("%m-%d %H:%M")


def _stage(row: FollowUpRow) -> Stage:
    if row.callback_at is None:
        return Stage.CALLBACK
    if row.outcome is None:
        return Stage.OUTCOME
    if row.feedback_at is None:
        return Stage.FEEDBACK
    if row.outcome == Outcome.LEDGER and row.ledger_done_at is None:
        return Stage.LEDGER
    return Stage.CLOSED


def _warnings(row: FollowUpRow, now: datetime, stage: Stage) -> tuple[str, ...]:
    if stage is Stage.CLOSED:
        return ()
    found: list[str] = []
    if row.callback_at is None:
        if now > row.callback_due:
            found.append(f"回访已逾期（应于 {_local(row.callback_due)} 前回访）")
        elif row.callback_due - now <= timedelta(hours=4):
            found.append(f"回访将于 {_local(row.callback_due)} 到期")
    if row.feedback_at is None:
        if now > row.rectify_due:
            found.append(f"整改反馈已逾期（应于 {_local(row.rectify_due)} 前反馈）")
        elif row.rectify_due - now <= timedelta(days=3):
            found.append(f"整改反馈将于 {_local(row.rectify_due)} 到期")
    if row.outcome == Outcome.LEDGER and row.ledger_done_at is None and row.ledger_deadline:
        today = now.astimezone(BUSINESS_TZ).date()
        if today > row.ledger_deadline:
            found.append(f"整改台账已逾期（期限 {row.ledger_deadline.isoformat()}）")
        if row.ledger_deadline > row.rectify_due.astimezone(BUSINESS_TZ).date():
            found.append("整改期限晚于15天反馈期限，请先向办事人反馈整改计划")
    return tuple(found)


def _view(row: FollowUpRow, now: datetime) -> FollowUpView:
    stage = _stage(row)
    try:
        tags = tuple(str(t) for t in json.loads(row.tags))
    except ValueError:
        tags = ()
    return FollowUpView(
        case_id=row.case_id,
        business_day=row.business_day,
        business_no=row.business_no,
        item_code=row.item_code,
        item_name=row.item_name,
        clerk_staff_no=row.clerk_staff_no,
        level=row.level,
        tags=tags,
        comment=row.comment,
        rated_at=row.rated_at,
        callback_due=row.callback_due,
        rectify_due=row.rectify_due,
        callback_at=row.callback_at,
        callback_note=row.callback_note,
        outcome=Outcome(row.outcome) if row.outcome else None,
        outcome_note=row.outcome_note,
        ledger_deadline=row.ledger_deadline,
        ledger_done_at=row.ledger_done_at,
        feedback_at=row.feedback_at,
        re_rating=row.re_rating,
        re_rated_at=row.re_rated_at,
        closed_at=row.closed_at,
        stage=stage,
        warnings=_warnings(row, now, stage),
    )


def _note(text: str, what: str) -> str:
    note = " ".join(text.split())
    if len(note) < MIN_NOTE:
        raise FollowUpError(f"请填写{what}", code="NO_NOTE")
    return scrub(note)[:1000]


class FollowUpService:
    def __init__(
        self,
        db: Database,
        executor: DbExecutor,
        audit: AuditLog,
        sessions: SessionService,
        outbox_store: OutboxStore,
        *,
        clock: Callable[[], datetime] = utcnow,
        callback_within: timedelta = CALLBACK_WITHIN,
        rectify_within: timedelta = RECTIFY_WITHIN,
    ) -> None:
        self.db = db
        self.executor = executor
        self.audit = audit
        self.sessions = sessions
        self.outbox_store = outbox_store
        self.clock = clock
        self.callback_within = callback_within
        self.rectify_within = rectify_within

    def _supervisor(self) -> ActiveSession:
        session = self.sessions.current
        if session is None:
            raise FollowUpError("请先登录", code="NO_SESSION")
        session.require(Role.SUPERVISOR)
        return session

    # -- reading --

    def _sync(self) -> int:
        """Open a follow-up for every 差评 that has none. Blocking."""
        with self.db.session(readonly=True) as s:
            rows = s.execute(
                select(CaseRow, OutboxMessage.business_no, OutboxMessage.created_at)
                .outerjoin(FollowUpRow, FollowUpRow.case_id == CaseRow.case_id)
                .join(OutboxMessage, OutboxMessage.key == CaseRow.outbox_key)
                .where(CaseRow.rating.in_(_BAD))
                .where(FollowUpRow.case_id.is_(None))
            ).all()
        made = 0
        for case, business_no, created_at in rows:
            rated_at, tags, text = created_at, [], ""
            if case.evaluation_key:
                try:
                    body = self.outbox_store.body(case.evaluation_key)
                    rated_at = datetime.fromisoformat(str(body.get("rated_at")))
                    tags = [str(t) for t in body.get("tags", [])]
                    text = str(body.get("text", ""))
                except (KeyError, ValueError, TypeError, DecryptionError):
                    pass  # purged or unreadable: the rating itself is enough to follow up
            with self.db.session() as s:
                if s.get(FollowUpRow, case.case_id) is not None:
                    continue
                s.add(
                    FollowUpRow(
                        case_id=case.case_id,
                        business_day=case.business_day,
                        business_no=business_no,
                        item_code=case.item_code,
                        item_name=case.item_name,
                        clerk_staff_no=case.maker,
                        level=case.rating or "",
                        tags=json.dumps(tags, ensure_ascii=False),
                        comment=scrub(text)[:1000],
                        rated_at=rated_at,
                        callback_due=rated_at + self.callback_within,
                        rectify_due=rated_at + self.rectify_within,
                    )
                )
                made += 1
        return made

    async def sync(self) -> int:
        """Open follow-ups for new 差评; how many were opened."""
        return await self.executor.run(self._sync)

    def _list(self, open_only: bool, since: date | None) -> list[FollowUpView]:
        query = select(FollowUpRow).order_by(FollowUpRow.rated_at)
        if open_only:
            query = query.where(FollowUpRow.closed_at.is_(None))
        if since is not None:
            query = query.where(FollowUpRow.business_day >= since)
        now = self.clock()
        with self.db.session(readonly=True) as s:
            return [_view(row, now) for row in s.scalars(query)]

    async def items(
        self, *, open_only: bool = True, since: date | None = None
    ) -> list[FollowUpView]:
        """Follow-ups (open ones by default), oldest rating first; syncs new 差评 first."""
        self._supervisor()
        await self.sync()
        return await self.executor.run(self._list, open_only, since)

    async def overdue(self) -> list[FollowUpView]:
        return [f for f in await self.items() if f.overdue]

    async def get(self, case_id: str) -> FollowUpView:
        self._supervisor()
        now = self.clock()

        def read() -> FollowUpView:
            with self.db.session(readonly=True) as s:
                row = s.get(FollowUpRow, case_id)
                if row is None:
                    raise FollowUpError("找不到该差评回访记录", code="NOT_FOUND")
                return _view(row, now)

        return await self.executor.run(read)

    # -- the steps --

    async def _step(
        self,
        case_id: str,
        step: str,
        change: Callable[[FollowUpRow, datetime, str], None],
        details: dict[str, str | int | bool | None],
    ) -> FollowUpView:
        session = self._supervisor()
        await self.sync()  # a 差评 given since the last look has its follow-up too
        now = self.clock()
        staff = session.staff.staff_no

        def write() -> FollowUpView:
            with self.db.session() as s:
                row = s.get(FollowUpRow, case_id)
                if row is None:
                    raise FollowUpError("找不到该差评回访记录", code="NOT_FOUND")
                if row.closed_at is not None and step != "rerating":
                    raise FollowUpError("该差评回访已办结", code="CLOSED")
                change(row, now, staff)
                if row.closed_at is None and _stage(row) is Stage.CLOSED:
                    row.closed_at = now
                s.flush()
                return _view(row, now)

        view = await self.executor.run(write)
        await self.audit.record(
            Action.FOLLOWUP.value,
            staff_no=staff,
            role=Role.SUPERVISOR.value,
            object=view.business_no or case_id,
            outcome=step,
            details={"level": view.level, "stage": view.stage.value, **details},
        )
        return view

    async def record_callback(self, case_id: str, note: str) -> FollowUpView:
        """回访 done: what the citizen said."""
        self._supervisor()  # the role first, before anything is said about the input
        text = _note(note, "回访情况")

        def change(row: FollowUpRow, now: datetime, staff: str) -> None:
            if row.callback_at is not None:
                raise FollowUpError("已登记回访", code="DONE")
            row.callback_at, row.callback_by, row.callback_note = now, staff, text

        return await self._step(case_id, "callback", change, {})

    async def record_outcome(
        self,
        case_id: str,
        outcome: Outcome,
        note: str,
        *,
        ledger_deadline: date | None = None,
    ) -> FollowUpView:
        """The 整改 outcome; a ledger item needs its deadline."""
        self._supervisor()
        outcome = Outcome(outcome)
        text = _note(note, "处理说明")
        if outcome is Outcome.LEDGER:
            if ledger_deadline is None:
                raise FollowUpError("列入整改台账须填写整改期限", code="NO_DEADLINE")
            if ledger_deadline < self.clock().astimezone(BUSINESS_TZ).date():
                raise FollowUpError("整改期限不能早于今天", code="BAD_DEADLINE")
        elif ledger_deadline is not None:
            raise FollowUpError("只有列入整改台账时才填写整改期限", code="BAD_DEADLINE")

        def change(row: FollowUpRow, now: datetime, staff: str) -> None:
            if row.callback_at is None:
                raise FollowUpError("请先登记回访，再登记整改处理", code="ORDER")
            if row.outcome is not None:
                raise FollowUpError("已登记整改处理结果", code="DONE")
            row.outcome, row.outcome_note, row.outcome_at, row.outcome_by = (
                outcome.value,
                text,
                now,
                staff,
            )
            row.ledger_deadline = ledger_deadline

        return await self._step(
            case_id,
            "outcome",
            change,
            {
                "outcome": outcome.value,
                "deadline": ledger_deadline.isoformat() if ledger_deadline else None,
            },
        )

    async def complete_ledger(self, case_id: str, note: str) -> FollowUpView:
        """The ledger item was put right."""
        self._supervisor()
        text = _note(note, "整改完成情况")

        def change(row: FollowUpRow, now: datetime, staff: str) -> None:
            if row.outcome != Outcome.LEDGER:
                raise FollowUpError("该差评未列入整改台账", code="NOT_LEDGER")
            if row.ledger_done_at is not None:
                raise FollowUpError("台账整改已登记完成", code="DONE")
            row.ledger_done_at = now
            row.outcome_note = f"{row.outcome_note or ''}；整改完成：{text}"[:1000]

        return await self._step(case_id, "ledger_done", change, {})

    async def record_feedback(self, case_id: str, note: str) -> FollowUpView:
        """The citizen was told the outcome (整改反馈)."""
        self._supervisor()
        text = _note(note, "反馈情况")

        def change(row: FollowUpRow, now: datetime, staff: str) -> None:
            if row.outcome is None:
                raise FollowUpError("请先登记整改处理结果，再登记反馈", code="ORDER")
            if row.feedback_at is not None:
                raise FollowUpError("已登记反馈", code="DONE")
            row.feedback_at = now
            row.outcome_note = f"{row.outcome_note or ''}；反馈：{text}"[:1000]

        return await self._step(case_id, "feedback", change, {})

    async def record_rerating(self, case_id: str, level: RatingLevel) -> FollowUpView:
        """The one 追评 the citizen may give."""
        self._supervisor()
        level = RatingLevel(level)
        if level is RatingLevel.NONE:
            raise FollowUpError("追评须为五个等级之一", code="BAD_LEVEL")

        def change(row: FollowUpRow, now: datetime, staff: str) -> None:
            if row.callback_at is None:
                raise FollowUpError("请先登记回访", code="ORDER")
            if row.re_rating is not None:
                raise FollowUpError("每条差评只能追评一次", code="DONE")
            row.re_rating, row.re_rated_at = level.value, now

        return await self._step(case_id, "rerating", change, {"re_rating": level.value})
