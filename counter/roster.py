"""The window's A/B roster (AB岗): who holds which post, trained and certified dates,
handovers — each change filed to the platform (`POST /v1/staff-filings`).

Rules kept here (and by the platform):

* one holder per post at a time; A and B are two different people;
* a post changes hands by a **handover** (岗位交接: the post, seals, vouchers and system
  permissions passed on, with the date and reason) — the old holder's term ends the day
  the new one's begins;
* every assignment, handover, departure, training and certification is filed, through
  the outbox, in the same transaction as the local record.

The current roster carries warnings: a vacant post, a holder without a certification
date, a holder not trained within ``retrain_days`` (the bureau retrains clerks weekly).
Names are kept masked only; the platform knows its staff by number.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.audit import AuditLog
from counter.bureau.models import Post, Role
from counter.bureau.supervision import FilingKind, StaffFiling
from counter.case_store import OutboxMessage
from counter.identity import mask_name
from counter.journal import BUSINESS_TZ, Action
from counter.outbox import MessageState, NewMessage, Outbox
from counter.scenarios.store import AssessmentStore, AssessmentSummary
from counter.session import ActiveSession, SessionService
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow
from counter.supervision_store import KIND_STAFF_FILING, HandoverRow, RosterRow

__all__ = ["HandoverView", "PostHolder", "RosterError", "RosterService", "RosterView"]


class RosterError(Exception):
    def __init__(self, message: str, *, code: str = "ROSTER") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class PostHolder:
    id: int
    post: Post
    staff_no: str
    name_masked: str
    from_on: date
    to_on: date | None
    trained_on: date | None
    certified_on: date | None
    note: str
    filing_state: MessageState | None


@dataclass(frozen=True)
class HandoverView:
    id: int
    post: Post
    from_staff_no: str
    to_staff_no: str
    handed_on: date
    reason: str
    items: str
    recorded_by: str
    filing_state: MessageState | None


@dataclass(frozen=True)
class RosterView:
    outlet_code: str
    window: int
    a: PostHolder | None
    b: PostHolder | None
    warnings: tuple[str, ...]

    def holder(self, post: Post) -> PostHolder | None:
        return self.a if post is Post.A else self.b


def _holder(row: RosterRow, state: str | None) -> PostHolder:
    return PostHolder(
        id=row.id,
        post=Post(row.post),
        staff_no=row.staff_no,
        name_masked=row.name_masked,
        from_on=row.from_on,
        to_on=row.to_on,
        trained_on=row.trained_on,
        certified_on=row.certified_on,
        note=row.note,
        filing_state=MessageState(state) if state else None,
    )


class RosterService:
    def __init__(
        self,
        sessions: SessionService,
        outbox: Outbox,
        executor: DbExecutor,
        audit: AuditLog,
        *,
        retrain_days: int = 7,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.outbox = outbox
        self.executor = executor
        self.audit = audit
        self.db = outbox.store.db
        self.retrain_days = retrain_days
        self.clock = clock

    def _supervisor(self) -> ActiveSession:
        session = self.sessions.current
        if session is None:
            raise RosterError("请先登录", code="NO_SESSION")
        session.require(Role.SUPERVISOR)
        return session

    def _today(self) -> date:
        return self.clock().astimezone(BUSINESS_TZ).date()

    # -- reading --

    def _holders(self, s: Session, outlet: str, window: int, on: date) -> dict[Post, RosterRow]:
        rows = s.scalars(
            select(RosterRow)
            .where(RosterRow.outlet_code == outlet, RosterRow.window == window)
            .where(RosterRow.from_on <= on)
            .where((RosterRow.to_on.is_(None)) | (RosterRow.to_on > on))
            .order_by(RosterRow.from_on, RosterRow.id)
        )
        return {Post(r.post): r for r in rows}

    def _states(self, s: Session, keys: list[str | None]) -> dict[str, str]:
        wanted = [k for k in keys if k]
        if not wanted:
            return {}
        rows = s.execute(
            select(OutboxMessage.key, OutboxMessage.state).where(OutboxMessage.key.in_(wanted))
        )
        return {key: state for key, state in rows}

    async def current(self, on: date | None = None) -> RosterView:
        """Who holds A and B at this window on *on* (default today), with warnings."""
        session = self._supervisor()
        day = on or self._today()
        outlet, window = session.outlet.code, session.window

        def read() -> RosterView:
            with self.db.session(readonly=True) as s:
                rows = self._holders(s, outlet, window, day)
                states = self._states(s, [r.filing_key for r in rows.values()])
            holders = {p: _holder(r, states.get(r.filing_key or "")) for p, r in rows.items()}
            return RosterView(
                outlet, window, holders.get(Post.A), holders.get(Post.B), self._warn(holders, day)
            )

        return await self.executor.run(read)

    def _warn(self, holders: dict[Post, PostHolder], day: date) -> tuple[str, ...]:
        found: list[str] = []
        for post in (Post.A, Post.B):
            holder = holders.get(post)
            if holder is None:
                found.append(f"{post.value}岗空缺：窗口须有A、B两岗，请安排人员并备案")
                continue
            who = f"{post.value}岗 {holder.name_masked}（{holder.staff_no}）"
            if holder.certified_on is None:
                found.append(f"{who} 未登记上岗资格")
            if holder.trained_on is None:
                found.append(f"{who} 未登记培训")
            elif (day - holder.trained_on).days > self.retrain_days:
                found.append(
                    f"{who} 最近培训在 {holder.trained_on.isoformat()}，"
                    f"已超过 {self.retrain_days} 天"
                )
        return tuple(found)

    async def history(self) -> list[PostHolder]:
        """Every term at this window, newest first."""
        session = self._supervisor()

        def read() -> list[PostHolder]:
            with self.db.session(readonly=True) as s:
                rows = list(
                    s.scalars(
                        select(RosterRow)
                        .where(RosterRow.outlet_code == session.outlet.code)
                        .where(RosterRow.window == session.window)
                        .order_by(RosterRow.from_on.desc(), RosterRow.id.desc())
                    )
                )
                states = self._states(s, [r.filing_key for r in rows])
            return [_holder(r, states.get(r.filing_key or "")) for r in rows]

        return await self.executor.run(read)

    async def handovers(self, since: date | None = None) -> list[HandoverView]:
        session = self._supervisor()

        def read() -> list[HandoverView]:
            query = (
                select(HandoverRow)
                .where(HandoverRow.outlet_code == session.outlet.code)
                .where(HandoverRow.window == session.window)
                .order_by(HandoverRow.handed_on.desc(), HandoverRow.id.desc())
            )
            if since is not None:
                query = query.where(HandoverRow.handed_on >= since)
            with self.db.session(readonly=True) as s:
                rows = list(s.scalars(query))
                states = self._states(s, [r.filing_key for r in rows])
            return [
                HandoverView(
                    r.id,
                    Post(r.post),
                    r.from_staff_no,
                    r.to_staff_no,
                    r.handed_on,
                    r.reason,
                    r.items,
                    r.recorded_by,
                    MessageState(states[r.filing_key]) if r.filing_key in states else None,
                )
                for r in rows
            ]

        return await self.executor.run(read)

    # -- changes --

    def _filing(
        self,
        session: ActiveSession,
        kind: FilingKind,
        post: Post,
        staff_no: str,
        on: date,
        **extra: object,
    ) -> NewMessage:
        filing = StaffFiling.model_validate(
            {
                "filing_id": str(uuid.uuid4()),
                "outlet_code": session.outlet.code,
                "window": session.window,
                "kind": kind,
                "staff_no": staff_no,
                "post": post,
                "effective_on": on,
                "filed_by": session.staff.staff_no,
                **extra,
            }
        )
        return NewMessage(
            kind=KIND_STAFF_FILING,
            path="/v1/staff-filings",
            object_id=filing.filing_id,
            body=filing.model_dump(mode="json"),
            key=filing.filing_id,
        )

    async def _commit(
        self,
        session: ActiveSession,
        message: NewMessage,
        work: Callable[[Session], object],
        outcome: str,
        details: dict[str, str | int | bool | None],
    ) -> object:
        now = self.clock()

        def write() -> object:
            with self.db.session() as s:  # the filing first: the rows refer to it
                self.outbox.store.add(s, message, created_by=session.staff.staff_no, now=now)
                result = work(s)
                s.flush()
                return result

        result = await self.executor.run(write)
        view = await self.outbox.get(message.key)
        if view is not None:
            await self.outbox.refresh()
            self.outbox.added(view)
        await self.audit.record(
            Action.ROSTER_CHANGE.value,
            staff_no=session.staff.staff_no,
            role=Role.SUPERVISOR.value,
            object=f"window:{session.window}",
            outcome=outcome,
            details=details,
        )
        await self.audit.record(
            Action.STAFF_FILING.value,
            staff_no=session.staff.staff_no,
            role=Role.SUPERVISOR.value,
            object=message.key,
            outcome="queued",
            details={"kind": outcome},
        )
        return result

    @staticmethod
    def _staff_no(staff_no: str) -> str:
        value = staff_no.strip().upper()
        if not value:
            raise RosterError("请填写工号", code="NO_STAFF")
        return value

    async def assign(
        self,
        post: Post,
        staff_no: str,
        name: str,
        *,
        from_on: date | None = None,
        trained_on: date | None = None,
        certified_on: date | None = None,
        note: str = "",
    ) -> PostHolder:
        """Put someone on a vacant post (a held post changes hands by :meth:`handover`)."""
        session = self._supervisor()
        post, staff = Post(post), self._staff_no(staff_no)
        start = from_on or self._today()
        message = self._filing(
            session,
            FilingKind.ASSIGN,
            post,
            staff,
            start,
            trained_on=trained_on,
            certified_on=certified_on,
            reason=note[:200],
        )
        now = self.clock()

        def work(s: Session) -> PostHolder:
            holders = self._holders(s, session.outlet.code, session.window, start)
            if post in holders:
                raise RosterError(f"{post.value}岗已有人员，请办理岗位交接", code="OCCUPIED")
            other = holders.get(Post.B if post is Post.A else Post.A)
            if other is not None and other.staff_no == staff:
                raise RosterError("A、B岗不能由同一人担任", code="SAME_STAFF")
            row = RosterRow(
                outlet_code=session.outlet.code,
                window=session.window,
                post=post.value,
                staff_no=staff,
                name_masked=mask_name(name.strip()) if name.strip() else "",
                from_on=start,
                trained_on=trained_on,
                certified_on=certified_on,
                note=note.strip()[:200],
                recorded_by=session.staff.staff_no,
                recorded_at=now,
                filing_key=message.key,
            )
            s.add(row)
            s.flush()
            return _holder(row, MessageState.QUEUED.value)

        result = await self._commit(
            session, message, work, "assign", {"post": post.value, "staff": staff}
        )
        assert isinstance(result, PostHolder)
        return result

    async def handover(
        self,
        post: Post,
        to_staff_no: str,
        to_name: str,
        *,
        reason: str,
        items: str = "岗位职责、业务专用章、空白凭证、系统权限",
        on: date | None = None,
        trained_on: date | None = None,
        certified_on: date | None = None,
    ) -> HandoverView:
        """岗位交接: the post passes from its holder to *to_staff_no* on *on*."""
        session = self._supervisor()
        post, staff = Post(post), self._staff_no(to_staff_no)
        day = on or self._today()
        why = " ".join(reason.split())
        if len(why) < 2:
            raise RosterError("请填写交接原因", code="NO_REASON")
        now = self.clock()
        box: dict[str, NewMessage] = {}

        def work(s: Session) -> HandoverView:
            holders = self._holders(s, session.outlet.code, session.window, day)
            current = holders.get(post)
            if current is None:
                raise RosterError(f"{post.value}岗目前空缺，请直接安排上岗", code="VACANT")
            if current.staff_no == staff:
                raise RosterError("交出人与接收人不能是同一人", code="SAME_STAFF")
            other = holders.get(Post.B if post is Post.A else Post.A)
            if other is not None and other.staff_no == staff:
                raise RosterError("A、B岗不能由同一人担任", code="SAME_STAFF")
            if day < current.from_on:
                raise RosterError("交接日期不能早于交出人上岗日期", code="BAD_DATE")
            current.to_on = day
            message = box["message"]
            s.add(
                RosterRow(
                    outlet_code=session.outlet.code,
                    window=session.window,
                    post=post.value,
                    staff_no=staff,
                    name_masked=mask_name(to_name.strip()) if to_name.strip() else "",
                    from_on=day,
                    trained_on=trained_on,
                    certified_on=certified_on,
                    note=f"交接自 {current.staff_no}",
                    recorded_by=session.staff.staff_no,
                    recorded_at=now,
                    filing_key=message.key,
                )
            )
            row = HandoverRow(
                outlet_code=session.outlet.code,
                window=session.window,
                post=post.value,
                from_staff_no=current.staff_no,
                to_staff_no=staff,
                handed_on=day,
                reason=why[:200],
                items=items.strip()[:1000],
                recorded_by=session.staff.staff_no,
                recorded_at=now,
                filing_key=message.key,
            )
            s.add(row)
            s.flush()
            return HandoverView(
                row.id,
                post,
                row.from_staff_no,
                staff,
                day,
                row.reason,
                row.items,
                row.recorded_by,
                MessageState.QUEUED,
            )

        previous = await self.current(day)
        holder = previous.holder(post)
        box["message"] = self._filing(
            session,
            FilingKind.HANDOVER,
            post,
            staff,
            day,
            previous_staff_no=holder.staff_no if holder else None,
            trained_on=trained_on,
            certified_on=certified_on,
            reason=why[:200],
        )
        result = await self._commit(
            session,
            box["message"],
            work,
            "handover",
            {"post": post.value, "from": holder.staff_no if holder else None, "to": staff},
        )
        assert isinstance(result, HandoverView)
        return result

    async def leave(self, post: Post, *, reason: str, on: date | None = None) -> PostHolder:
        """The holder leaves the post (it stays vacant until someone is assigned)."""
        session = self._supervisor()
        post = Post(post)
        day = on or self._today()
        why = " ".join(reason.split())
        if len(why) < 2:
            raise RosterError("请填写离岗原因", code="NO_REASON")
        current = (await self.current(day)).holder(post)
        if current is None:
            raise RosterError(f"{post.value}岗目前空缺", code="VACANT")
        message = self._filing(
            session, FilingKind.LEAVE, post, current.staff_no, day, reason=why[:200]
        )

        def work(s: Session) -> PostHolder:
            row = s.get(RosterRow, current.id)
            assert row is not None
            row.to_on = day
            s.flush()
            return _holder(row, None)

        result = await self._commit(
            session, message, work, "leave", {"post": post.value, "staff": current.staff_no}
        )
        assert isinstance(result, PostHolder)
        return result

    async def record_training(
        self, post: Post, *, trained_on: date | None = None, certified_on: date | None = None
    ) -> PostHolder:
        """Training and/or certification of the post's current holder; filed."""
        session = self._supervisor()
        post = Post(post)
        if trained_on is None and certified_on is None:
            raise RosterError("请填写培训日期或取得资格日期", code="NO_DATE")
        today = self._today()
        for value in (trained_on, certified_on):
            if value is not None and value > today:
                raise RosterError("日期不能晚于今天", code="BAD_DATE")
        current = (await self.current()).holder(post)
        if current is None:
            raise RosterError(f"{post.value}岗目前空缺", code="VACANT")
        kind = FilingKind.CERTIFICATION if certified_on else FilingKind.TRAINING
        message = self._filing(
            session,
            kind,
            post,
            current.staff_no,
            today,
            trained_on=trained_on or current.trained_on,
            certified_on=certified_on or current.certified_on,
        )

        def work(s: Session) -> PostHolder:
            row = s.get(RosterRow, current.id)
            assert row is not None
            if trained_on is not None:
                row.trained_on = trained_on
            if certified_on is not None:
                row.certified_on = certified_on
            row.filing_key = message.key
            s.flush()
            return _holder(row, MessageState.QUEUED.value)

        result = await self._commit(
            session, message, work, kind.value, {"post": post.value, "staff": current.staff_no}
        )
        assert isinstance(result, PostHolder)
        return result

    # -- training assessments (issue 10) --

    async def training_history(self, staff_no: str, limit: int = 20) -> list[AssessmentSummary]:
        """The staff member's assessments at this counter, newest first (results history)."""
        self._supervisor()
        return await AssessmentStore(self.db, self.executor).history(staff_no, limit)

    async def assessed_on(self, staff_no: str) -> date | None:
        """The business day of the staff member's last assessment (None: never assessed)."""
        self._supervisor()
        last = await AssessmentStore(self.db, self.executor).last(staff_no)
        return last.day if last is not None else None

    async def record_assessment(
        self, staff_no: str, *, on: date, passed: bool
    ) -> PostHolder | None:
        """An assessment of a post holder counts as training (and, passed, certification).

        Filed like any training record; None when *staff_no* holds no post at this window.
        """
        view = await self.current(on)
        for holder in (view.a, view.b):
            if holder is not None and holder.staff_no == staff_no.strip().upper():
                return await self.record_training(
                    holder.post, trained_on=on, certified_on=on if passed else None
                )
        return None
