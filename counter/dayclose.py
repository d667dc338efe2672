"""Day close (日结): the checklist, explanations, the supervisor's sign-off, read-only days.

**Checklist** (:meth:`DayCloseService.checklist`), each item with what is still open:

1. 号票全部结束 — no ticket of the day left open and no window still paused
   (:meth:`close_open_tickets` closes them all with a reason, ``QueueService.close_day``);
2. 上传已清空或逐件说明 — the outbox holds nothing undelivered, or each remaining message
   has an explanation;
3. 无待处理复核授权 — every A/B review granted that day was used by a submitted case, or
   is explained;
4. 异常已确认 — every exception of the day (reprints, unmasking, manual IDs, out-of-order
   calls, unprinted tickets, caller mismatches, 差评, refused cases) acknowledged;
5. 对账一致或已说明 — reconciliation with the platform is clean, each discrepancy is
   explained, or (platform unreachable) the failed check itself is explained.

**Sign-off** (:meth:`close`) needs the supervisor's password again (checked against the
login, offline too: ``SessionService.verify_password``). Then, in order: the close is
journaled (``day_close``); the journal is flushed to the outbox; the day's head (hash of
the day's last entry that is in an upload batch) is recorded with an HMAC under the
journal key, together with the close message for ``POST /v1/day-closes`` — one
transaction, so the close and its upload cannot part. The close message waits in the
outbox for the journal batches (``depends_on``), so the platform holds the head entry
when the close arrives. Why the outbox and not a direct call: the close must reach the
platform exactly once even if the VPN is down at 17:30 or the PC is switched off right
after; the outbox retries with the same key and the platform answers a repeat with the
stored acknowledgement. The sign-off slip (with the head hash) is printed and the day
report produced (PDF, JSON, CSV in *reports_dir*).

**Read-only day.** Once ``day_closes`` holds the day, triggers (migration 0004) refuse
any new or changed ticket, ticket event, pause, wait estimate or case of that day. A late
correction is a new journal entry (:meth:`late_correction`), never an edit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import func, select

from counter.audit import AuditLog
from counter.bureau.models import Role
from counter.bureau.supervision import DayCloseRequest, DaySummary
from counter.case_store import OutboxMessage
from counter.day_exceptions import (
    CLOSE_CHECKED_KINDS,
    NOTE_EXCEPTION,
    DayException,
    ExceptionKind,
    acknowledgements,
    collect_exceptions,
)
from counter.identity import scrub
from counter.journal import BUSINESS_TZ, Action, Journal, JournalRecord, day_bounds
from counter.journal_upload import JournalUploader
from counter.outbox import KIND_CASE, MessageState, MessageView, NewMessage, Outbox
from counter.printing import Printer, Slip
from counter.queue.model import TicketState
from counter.queue.service import QueueService
from counter.queue.store import TicketRow, WindowPause
from counter.reconcile import NOTE_RECONCILE, UNAVAILABLE, Reconciler, Reconciliation
from counter.report import DayReport, ReportService
from counter.session import ActiveSession, SessionService
from counter.signoff import (
    DayCloseRecord,
    JournalCheck,
    close_mac,
    close_record,
    signoff_slip,
    stored_closes,
    verify_journal,
)
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import JournalEntry, utcnow, write_setting
from counter.supervision_store import (
    KIND_DAY_CLOSE,
    KIND_FEEDBACK,
    KIND_JOURNAL,
    KIND_STAFF_FILING,
    CloseNoteRow,
    DayCloseRow,
    JournalUploadRow,
)

__all__ = [
    "NOTE_APPROVAL",
    "NOTE_OUTBOX",
    "OUTLET_NAME_SETTING",
    "CheckItem",
    "CheckKey",
    "Checklist",
    "DayCloseError",
    "DayCloseRecord",
    "DayCloseResult",
    "DayCloseService",
    "DayClosed",
    "DayNotReady",
    "JournalCheck",
    "PendingItem",
    "close_mac",
    "signoff_slip",
    "stored_closes",
    "verify_journal",
]

log = logging.getLogger("counter.dayclose")

NOTE_OUTBOX = "outbox"
NOTE_APPROVAL = "approval"
OUTLET_NAME_SETTING = "outlet_name"
MIN_NOTE = 2
_KIND_LABELS = {
    KIND_CASE: "办件",
    "evaluation": "评价",
    "transport_batch": "转运批次",
    KIND_FEEDBACK: "意见簿",
    KIND_STAFF_FILING: "人员备案",
}


class DayCloseError(Exception):
    """The close cannot go on; ``message`` is shown to the supervisor as is."""

    def __init__(self, message: str, *, code: str = "DAY_CLOSE") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class DayClosed(DayCloseError):
    def __init__(self, day: date) -> None:
        super().__init__(
            f"{day.isoformat()} 已日结，当日记录只读；如需更正，请登记“事后更正”。",
            code="DAY_CLOSED",
        )
        self.day = day


class DayNotReady(DayCloseError):
    def __init__(self, checklist: Checklist) -> None:
        open_items = "、".join(i.label for i in checklist.items if not i.ok)
        super().__init__(f"日结条件未满足：{open_items}", code="NOT_READY")
        self.checklist = checklist


class CheckKey(StrEnum):
    TICKETS = "tickets"
    OUTBOX = "outbox"
    APPROVALS = "approvals"
    EXCEPTIONS = "exceptions"
    RECONCILE = "reconcile"

    @property
    def label(self) -> str:
        return {
            CheckKey.TICKETS: "号票全部结束",
            CheckKey.OUTBOX: "上传已清空或逐件说明",
            CheckKey.APPROVALS: "无待处理复核授权",
            CheckKey.EXCEPTIONS: "异常已确认",
            CheckKey.RECONCILE: "对账一致或已说明",
        }[self]

    @property
    def note_kind(self) -> str | None:
        """The close-note kind that settles this item's pending entries (None: none does)."""
        return {
            CheckKey.OUTBOX: NOTE_OUTBOX,
            CheckKey.APPROVALS: NOTE_APPROVAL,
            CheckKey.EXCEPTIONS: NOTE_EXCEPTION,
            CheckKey.RECONCILE: NOTE_RECONCILE,
        }.get(self)


@dataclass(frozen=True, slots=True)
class PendingItem:
    """Something that keeps a check open until done or explained (``key`` is what a note
    names)."""

    key: str
    label: str
    detail: str
    explained: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CheckItem:
    key: CheckKey
    ok: bool
    detail: str
    pending: tuple[PendingItem, ...] = ()
    fix: str = ""  # what the supervisor can do

    @property
    def label(self) -> str:
        return self.key.label


@dataclass(frozen=True)
class Checklist:
    day: date
    items: tuple[CheckItem, ...]
    reconciliation: Reconciliation | None
    exceptions: list[DayException]
    closed: DayCloseRecord | None = None

    @property
    def ready(self) -> bool:
        return self.closed is None and all(item.ok for item in self.items)

    def item(self, key: CheckKey) -> CheckItem:
        return next(i for i in self.items if i.key is key)


@dataclass(frozen=True)
class DayCloseResult:
    record: DayCloseRecord
    report: DayReport
    slip: Slip
    printed: bool
    print_error: str | None
    upload: MessageView | None
    files: list[Path] = field(default_factory=list)


class DayCloseService:
    """The supervisor's day close. Every method needs a supervisor's session."""

    def __init__(
        self,
        db: Database,
        executor: DbExecutor,
        *,
        journal: Journal,
        journal_key: bytes,
        sessions: SessionService,
        queue: QueueService,
        outbox: Outbox,
        uploader: JournalUploader,
        reconciler: Reconciler,
        reports: ReportService,
        audit: AuditLog,
        device_id: str,
        printer: Printer | None = None,
        reports_dir: Path | None = None,
        training: bool = False,
        settle_wait_s: float = 10.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.executor = executor
        self.journal = journal
        self.journal_key = journal_key
        self.sessions = sessions
        self.queue = queue
        self.outbox = outbox
        self.uploader = uploader
        self.reconciler = reconciler
        self.reports = reports
        self.audit = audit
        self.device_id = device_id
        self.printer = printer
        self.reports_dir = reports_dir
        self.training = training
        self.settle_wait_s = settle_wait_s
        self.clock = clock

    # -- plumbing --

    def today(self) -> date:
        return self.clock().astimezone(BUSINESS_TZ).date()

    def _supervisor(self) -> ActiveSession:
        session = self.sessions.current
        if session is None:
            raise DayCloseError("请先登录", code="NO_SESSION")
        session.require(Role.SUPERVISOR)
        return session

    async def closed(self, day: date | None = None) -> DayCloseRecord | None:
        """The close of *day* (default today), or None."""
        found = await self.executor.run(
            stored_closes, self.db, self.journal_key, day or self.today()
        )
        return found[0] if found else None

    async def closes(self) -> list[DayCloseRecord]:
        return await self.executor.run(stored_closes, self.db, self.journal_key, None)

    async def ensure_open(self, day: date) -> None:
        """Raise :class:`DayClosed` when *day* is closed (what the triggers also enforce)."""
        if await self.closed(day) is not None:
            raise DayClosed(day)

    # -- the checklist --

    def _gather(self, day: date) -> tuple[list[PendingItem], list[PendingItem], list[DayException]]:
        """Open tickets and pauses, undelivered messages (with notes), exceptions."""
        with self.db.session(readonly=True) as s:
            tickets = s.execute(
                select(TicketRow.number, TicketRow.state, TicketRow.window)
                .where(TicketRow.business_day == day.isoformat())
                .where(TicketRow.outcome.is_(None))
                .order_by(TicketRow.id)
            ).all()
            pauses = s.execute(
                select(WindowPause.id, WindowPause.window, WindowPause.reason)
                .where(WindowPause.business_day == day.isoformat())
                .where(WindowPause.ended_at.is_(None))
            ).all()
            messages = s.execute(
                select(
                    OutboxMessage.key,
                    OutboxMessage.kind,
                    OutboxMessage.object_id,
                    OutboxMessage.state,
                    OutboxMessage.last_error,
                )
                .where(OutboxMessage.kind.not_in([KIND_JOURNAL, KIND_DAY_CLOSE]))
                .where(
                    OutboxMessage.state.not_in(
                        [MessageState.ACCEPTED.value, MessageState.REJECTED.value]
                    )
                )
                .order_by(OutboxMessage.id)
            ).all()
        open_items = [
            PendingItem(
                f"ticket:{number}",
                f"号票 {number}",
                _TICKET_STATES.get(state, state) + (f"（{window}号窗口）" if window else ""),
            )
            for number, state, window in tickets
        ] + [
            PendingItem(f"pause:{pid}", f"{window}号窗口暂停中", f"原因：{reason}")
            for pid, window, reason in pauses
        ]
        notes = acknowledgements(self.db, day, NOTE_OUTBOX)
        outbox_items = [
            PendingItem(
                key,
                f"{_KIND_LABELS.get(kind, kind)} {object_id[:12]}",
                MessageState(state).label + (f"：{error}" if error else ""),
                key in notes,
                notes.get(key),
            )
            for key, kind, object_id, state, error in messages
        ]
        return open_items, outbox_items, collect_exceptions(self.db, day)

    async def checklist(
        self, day: date | None = None, *, reconciliation: Reconciliation | None = None
    ) -> Checklist:
        """The close checklist of *day*; reconciles with the platform unless given a result."""
        session = self._supervisor()
        day = day or self.today()
        closed = await self.closed(day)
        open_items, outbox_items, exceptions = await self.executor.run(self._gather, day)
        if reconciliation is None:
            reconciliation = await self.reconciler.reconcile(day, session.outlet.code, by=session)
        approval_notes = await self.executor.run(acknowledgements, self.db, day, NOTE_APPROVAL)
        approvals = [
            PendingItem(
                e.object,
                f"复核授权 {e.object[:12]}",
                e.detail,
                e.object in approval_notes,
                approval_notes.get(e.object),
            )
            for e in exceptions
            if e.kind is ExceptionKind.APPROVAL_PENDING
        ]
        checked = [
            PendingItem(e.key, f"{e.label} {e.object}", e.detail, e.acknowledged, e.note)
            for e in exceptions
            if e.kind in CLOSE_CHECKED_KINDS
        ]
        items = (
            CheckItem(
                CheckKey.TICKETS,
                not open_items,
                "全部号票已结束" if not open_items else f"还有 {len(open_items)} 项未结束",
                tuple(open_items),
                "一键日终关闭：结束全部未办号票和窗口暂停（须填写原因）",
            ),
            _explained(
                CheckKey.OUTBOX,
                outbox_items,
                "待上传已清空",
                "等待上传完成，或逐件填写说明（例如：平台故障，次日补传）",
            ),
            _explained(
                CheckKey.APPROVALS,
                approvals,
                "无未使用的复核授权",
                "逐件说明（例如：办事人放弃办理）",
            ),
            _explained(
                CheckKey.EXCEPTIONS, checked, "当日无异常", "逐条核实后确认（可批量确认并填写说明）"
            ),
            self._reconcile_item(reconciliation),
        )
        return Checklist(day, items, reconciliation, exceptions, closed)

    @staticmethod
    def _reconcile_item(rec: Reconciliation) -> CheckItem:
        pending: tuple[PendingItem, ...]
        if rec.error is not None:
            pending = (
                PendingItem(
                    UNAVAILABLE,
                    "无法对账",
                    rec.error,
                    rec.unavailable_note is not None,
                    rec.unavailable_note,
                ),
            )
            return CheckItem(
                CheckKey.RECONCILE,
                rec.settled,
                f"无法与平台对账：{rec.error}",
                pending,
                "恢复连接后重新对账，或说明原因（次日补对账）",
            )
        pending = tuple(
            PendingItem(
                i.key,
                f"{i.label} {i.case_id[:12]}",
                f"{i.local} / 平台：{i.platform}。{i.what_to_do}",
                i.explained,
                i.note,
            )
            for i in rec.items
        )
        detail = (
            f"对账一致：本机 {rec.local_count} 件，平台 {rec.platform_count} 件"
            if rec.clean
            else f"对账有 {len(rec.items)} 处不一致"
        )
        return CheckItem(CheckKey.RECONCILE, rec.settled, detail, pending, "按提示处理后逐条说明")

    # -- the supervisor's actions before close --

    async def close_open_tickets(self, reason: str) -> int:
        """Close every open ticket and pause (``QueueService.close_day``); how many tickets."""
        session = self._supervisor()
        closed = await self.queue.close_day(session, reason)
        return len(closed)

    async def explain(self, day: date, kind: str, keys: list[str], note: str) -> int:
        """Record an explanation (or acknowledgement) of *kind* for each key; journaled."""
        session = self._supervisor()
        text = " ".join(note.split())
        if len(text) < MIN_NOTE:
            raise DayCloseError("请填写说明（至少 2 个字）", code="NO_NOTE")
        if kind not in {NOTE_OUTBOX, NOTE_APPROVAL, NOTE_EXCEPTION, NOTE_RECONCILE}:
            raise ValueError(f"unknown note kind {kind!r}")
        if not keys:
            return 0
        await self.ensure_open(day)
        now = self.clock()

        def write() -> None:
            with self.db.session() as s:
                for key in keys:
                    s.add(
                        CloseNoteRow(
                            business_day=day,
                            kind=kind,
                            object=key[:200],
                            note=text,
                            staff_no=session.staff.staff_no,
                            at=now,
                        )
                    )

        await self.executor.run(write)
        await self.audit.record(
            Action.DAY_CLOSE_NOTE.value,
            staff_no=session.staff.staff_no,
            role=Role.SUPERVISOR.value,
            object=day.isoformat(),
            outcome=kind,
            details={"count": len(keys), "first": keys[0][:64], "note": scrub(text)[:200]},
        )
        return len(keys)

    # -- the sign-off --

    async def close(self, password: str, *, day: date | None = None) -> DayCloseResult:
        """Sign the day off (password again); see the module notes for what happens."""
        session = self._supervisor()
        day = day or self.today()
        if day > self.today():
            raise DayCloseError("不能日结未来的日期", code="FUTURE")
        await self.ensure_open(day)
        checklist = await self.checklist(day)
        if not checklist.ready:
            raise DayNotReady(checklist)
        staff_no = session.staff.staff_no
        if not await self.sessions.verify_password(staff_no, password):
            await self.audit.record(
                Action.DAY_CLOSE.value,
                staff_no=staff_no,
                role=Role.SUPERVISOR.value,
                object=day.isoformat(),
                outcome="bad_password",
            )
            raise DayCloseError("密码错误，日结未签署", code="BAD_PASSWORD")
        report = await self.reports.day(day, check_chain=False)
        explained = sum(1 for item in checklist.items for p in item.pending if p.explained)
        summary = report.summary(explanations=explained)
        entry = await self._journal_close(session, day, summary)
        await self.uploader.upload_pending(force=True)
        parents = await self.uploader.pending_keys()
        record = await self.executor.run(
            lambda: self._write_close(session, day, summary, parents, entry)
        )
        view = await self.outbox.get(record.outbox_key)
        if view is not None:
            self.outbox.added(view)
            await self.outbox.refresh()
            if self.settle_wait_s > 0:
                view = await self.outbox.wait_settled(record.outbox_key, self.settle_wait_s)
        await self.executor.run(write_setting, self.db, OUTLET_NAME_SETTING, session.outlet.name)
        self.reports.outlet_name = session.outlet.name
        final = await self.reports.day(day)
        slip = signoff_slip(
            record,
            outlet_name=session.outlet.name,
            supervisor=f"{session.masked_name}（{staff_no}）",
            training=self.training,
        )
        printed, error = await self._print(slip)
        files = await self._write_reports(final)
        if files:
            await self.audit.record(
                Action.REPORT.value,
                staff_no=staff_no,
                role=Role.SUPERVISOR.value,
                object=day.isoformat(),
                details={"formats": ",".join(p.suffix.lstrip(".") for p in files)},
            )
        return DayCloseResult(record, final, slip, printed, error, view, files)

    async def _journal_close(
        self, session: ActiveSession, day: date, summary: DaySummary
    ) -> JournalRecord:
        details: dict[str, str | int | bool | None] = {
            "day": day.isoformat(),
            "issued": summary.tickets_issued,
            "served": summary.served,
            "cases": summary.cases_total,
            "pending": summary.cases_pending,
            "bad_ratings": summary.ratings_bad,
            "exceptions": summary.exceptions,
            "explanations": summary.explanations,
        }
        return await self.executor.run(
            lambda: self.journal.append(
                staff_no=session.staff.staff_no,
                role=Role.SUPERVISOR.value,
                action=Action.DAY_CLOSE,
                object=day.isoformat(),
                outcome="signed",
                details=details,
                at=self.clock(),
            )
        )

    def _write_close(
        self,
        session: ActiveSession,
        day: date,
        summary: DaySummary,
        parents: list[str],
        entry: JournalRecord,
    ) -> DayCloseRecord:
        """The head, the close row and its outbox message: one transaction. Blocking."""
        start, end = day_bounds(day)
        now = self.clock()
        with self.db.session() as s:
            if s.get(DayCloseRow, day) is not None:
                raise DayClosed(day)
            flushed = s.scalar(select(func.max(JournalUploadRow.last_seq))) or 0
            head_row = s.execute(
                select(JournalEntry.seq, JournalEntry.hash)
                .where(JournalEntry.at >= start, JournalEntry.at < end)
                .where(JournalEntry.seq <= flushed)
                .order_by(JournalEntry.seq.desc())
                .limit(1)
            ).first()
            if head_row is None:
                raise DayCloseError("该营业日没有任何日志记录，无需日结", code="EMPTY_DAY")
            seq, head = int(head_row.seq), str(head_row.hash)
            day_entries = s.scalar(
                select(func.count()).where(JournalEntry.at >= start, JournalEntry.at < end)
            )
            summary = summary.model_copy(update={"journal_entries": int(day_entries or 0)})
            request = DayCloseRequest(
                date=day,
                outlet=session.outlet.code,
                window=session.window,
                summary=summary,
                journal_head=head,
                journal_count=seq,
                signed_by=session.staff.staff_no,
                closed_at=now,
                device_id=self.device_id,
            )
            message = NewMessage(
                kind=KIND_DAY_CLOSE,
                path="/v1/day-closes",
                object_id=day.isoformat(),
                body=request.model_dump(mode="json"),
                depends_on=tuple(parents),
            )
            self.outbox.store.add(s, message, created_by=session.staff.staff_no, now=now)
            row = DayCloseRow(
                business_day=day,
                outlet_code=session.outlet.code,
                window=session.window,
                closed_at=now,
                closed_by=session.staff.staff_no,
                journal_head=head,
                journal_count=seq,
                head_mac=close_mac(self.journal_key, day, head, seq),
                summary=summary.model_dump_json(),
                outbox_key=message.key,
            )
            s.add(row)
            s.flush()
            msg = s.scalar(select(OutboxMessage).where(OutboxMessage.key == message.key))
            record = close_record(row, msg, self.journal_key)
        log.info("day %s closed, head seq %d (close entry %d)", day, seq, entry.seq)
        return record

    async def _print(self, slip: Slip) -> tuple[bool, str | None]:
        if self.printer is None:
            return False, "未配置打印机"
        try:
            await self.printer.print_slip(slip)
        except Exception as exc:  # a failed print never undoes the close
            message = getattr(exc, "message", type(exc).__name__)
            log.warning("sign-off slip not printed: %s", message)
            return False, str(message)
        return True, None

    async def _write_reports(self, report: DayReport) -> list[Path]:
        if self.reports_dir is None:
            return []
        target = self.reports_dir
        stem = f"day-report-{report.outlet_code}-{report.day.isoformat()}"

        def write() -> list[Path]:
            return [
                ReportService.write(report, fmt, target / f"{stem}.{fmt}")
                for fmt in ("pdf", "json", "csv")
            ]

        try:
            return await asyncio.to_thread(write)
        except OSError as exc:
            log.warning("day report not written: %s", exc)
            return []

    async def reprint_slip(self, day: date) -> tuple[bool, str | None]:
        """Print the sign-off slip of a closed day again (marked 补打); journaled."""
        session = self._supervisor()
        record = await self.closed(day)
        if record is None:
            raise DayCloseError(f"{day.isoformat()} 尚未日结", code="NOT_CLOSED")
        slip = signoff_slip(
            record,
            outlet_name=session.outlet.name,
            supervisor=record.closed_by,
            training=self.training,
            reprint=True,
        )
        printed, error = await self._print(slip)
        await self.audit.record(
            Action.REPRINT.value,
            staff_no=session.staff.staff_no,
            role=Role.SUPERVISOR.value,
            object=f"day_close:{day.isoformat()}",
            outcome="ok" if printed else "failed",
        )
        return printed, error

    async def late_correction(self, day: date, text: str, *, object: str = "") -> JournalRecord:
        """A correction to a closed day: a new journal entry, never an edit."""
        session = self._supervisor()
        note = " ".join(text.split())
        if len(note) < MIN_NOTE:
            raise DayCloseError("请填写更正内容", code="NO_NOTE")
        details: dict[str, str | int | bool | None] = {
            "day": day.isoformat(),
            "text": scrub(note)[:500],
        }
        return await self.executor.run(
            lambda: self.journal.append(
                staff_no=session.staff.staff_no,
                role=Role.SUPERVISOR.value,
                action=Action.LATE_CORRECTION,
                object=object[:200] or day.isoformat(),
                details=details,
                at=self.clock(),
            )
        )


_TICKET_STATES = {
    TicketState.NOT_PRINTED.value: "未打印",
    TicketState.WAITING.value: "等候中",
    TicketState.CALLED.value: "已叫号",
    TicketState.SERVING.value: "办理中",
    TicketState.HELD.value: "挂起",
}


def _explained(key: CheckKey, pending: list[PendingItem], clean: str, fix: str) -> CheckItem:
    if not pending:
        return CheckItem(key, True, clean, (), fix)
    missing = sum(1 for p in pending if not p.explained)
    detail = f"{len(pending)} 项，" + ("均已说明" if not missing else f"{missing} 项待说明")
    return CheckItem(key, missing == 0, detail, tuple(pending), fix)
