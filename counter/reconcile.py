"""Reconciliation with the bureau (对账): the day's cases here against `GET /v1/cases`.

Three kinds of discrepancy, each listed with what to do (in Chinese, for the supervisor):

* **本机已受理、平台无记录** (``local_only``) — the citizen left with a receipt, yet the
  platform does not list the case: still in the outbox, flagged, or (serious) accepted
  here but unknown there;
* **平台有记录、本机没有** (``platform_only``) — the platform lists a case of this outlet
  that this PC does not hold;
* **状态不一致** (``status_differs``) — both hold it but disagree (accepted vs refused,
  another business number, or the platform took a case whose answer never came back).

The platform files a case under the day it *received* it; a case accepted offline and
uploaded on a later day is looked up on that day too and counts as matched (跨日上传).

Explanations for discrepancies are close notes of kind ``reconcile`` (``counter.dayclose``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select

from counter.audit import AuditLog
from counter.bureau.cases import CaseList, CaseRecord, CaseStatus
from counter.bureau.client import BureauClient, BureauError
from counter.case_store import CaseRow, OutboxMessage
from counter.day_exceptions import acknowledgements
from counter.journal import BUSINESS_TZ, Action
from counter.outbox import MessageState
from counter.session import ActiveSession
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow

__all__ = [
    "NOTE_RECONCILE",
    "UNAVAILABLE",
    "Discrepancy",
    "LocalCase",
    "ReconcileItem",
    "Reconciler",
    "Reconciliation",
    "compare",
]

NOTE_RECONCILE = "reconcile"
UNAVAILABLE = "unavailable"  # the note's object when the platform could not be asked


class Discrepancy(StrEnum):
    LOCAL_ONLY = "local_only"
    PLATFORM_ONLY = "platform_only"
    STATUS_DIFFERS = "status_differs"

    @property
    def label(self) -> str:
        return {
            Discrepancy.LOCAL_ONLY: "本机已受理、平台无记录",
            Discrepancy.PLATFORM_ONLY: "平台有记录、本机没有",
            Discrepancy.STATUS_DIFFERS: "状态不一致",
        }[self]


_PLATFORM_LABELS = {
    CaseStatus.COMPLETED: "办结",
    CaseStatus.FORWARDED: "已受理待审核",
    CaseStatus.REJECTED: "不予受理",
}


@dataclass(frozen=True, slots=True)
class LocalCase:
    case_id: str
    business_day: date
    item_code: str
    maker: str
    state: MessageState
    business_no: str | None
    status: CaseStatus | None  # from the platform's answer, if one came
    finished_at: datetime | None

    @property
    def label(self) -> str:
        if self.state is MessageState.ACCEPTED:
            status = _PLATFORM_LABELS.get(self.status or CaseStatus.COMPLETED, "已受理")
            return f"已受理·{status}（{self.business_no or '无编号'}）"
        if self.state is MessageState.REJECTED:
            return "不予受理" if self.status is CaseStatus.REJECTED else "已撤销（未上传成功）"
        if self.state is MessageState.NEEDS_ATTENTION:
            return "上传需处理"
        return "待上传"


@dataclass(frozen=True, slots=True)
class ReconcileItem:
    kind: Discrepancy
    case_id: str
    business_no: str | None
    item_code: str
    maker: str
    local: str
    platform: str
    what_to_do: str
    explained: bool = False
    note: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.case_id}"

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True, slots=True)
class Reconciliation:
    day: date
    outlet_code: str
    checked_at: datetime
    local_count: int
    platform_count: int
    matched: int
    cross_day: int  # matched on another day's list (uploaded later)
    items: tuple[ReconcileItem, ...]
    error: str | None = None  # the platform could not be asked
    unavailable_note: str | None = None

    @property
    def clean(self) -> bool:
        return self.error is None and not self.items

    @property
    def settled(self) -> bool:
        """Clean, or every discrepancy (or the failed check itself) explained."""
        if self.error is not None:
            return self.unavailable_note is not None
        return all(item.explained for item in self.items)


def _status(result: str | None) -> CaseStatus | None:
    if not result:
        return None
    try:
        value = json.loads(result).get("status")
        return CaseStatus(value)
    except (ValueError, AttributeError, TypeError):
        return None


def _local_case(row: CaseRow, msg: OutboxMessage) -> LocalCase:
    return LocalCase(
        case_id=row.case_id,
        business_day=row.business_day,
        item_code=row.item_code,
        maker=row.maker,
        state=MessageState(msg.state),
        business_no=msg.business_no,
        status=_status(msg.result),
        finished_at=msg.finished_at,
    )


def _local_cases(db: Database, day: date | None, case_ids: Iterable[str] = ()) -> list[LocalCase]:
    query = select(CaseRow, OutboxMessage).join(
        OutboxMessage, OutboxMessage.key == CaseRow.outbox_key
    )
    if day is not None:
        query = query.where(CaseRow.business_day == day)
    else:
        query = query.where(CaseRow.case_id.in_(list(case_ids)))
    with db.session(readonly=True) as s:
        return [_local_case(row, msg) for row, msg in s.execute(query)]


def _item(
    kind: Discrepancy, local: LocalCase, platform: CaseRecord | None, todo: str
) -> ReconcileItem:
    return ReconcileItem(
        kind=kind,
        case_id=local.case_id,
        business_no=(platform.business_no if platform else None) or local.business_no,
        item_code=local.item_code,
        maker=local.maker,
        local=local.label,
        platform=_platform_label(platform),
        what_to_do=todo,
    )


def _platform_label(record: CaseRecord | None) -> str:
    if record is None:
        return "无记录"
    number = f"（{record.business_no}）" if record.business_no else ""
    return _PLATFORM_LABELS[record.status] + number


_MISSING_TODO = {
    MessageState.ACCEPTED: (
        "平台没有该办件记录（本机办件编号 {no}）：请联系人社平台核实是否收到；核实前不要让"
        "办事人重新办理，必要时由平台补录。"
    ),
    MessageState.REJECTED: "本机收到“不予受理”答复，平台却无记录：请联系人社平台核实。",
    MessageState.NEEDS_ATTENTION: (
        "上传被平台退回，需要处理：按提示修改后重新提交，或撤销并通知办事人。"
    ),
    MessageState.QUEUED: ("尚未上传：保持联网并登录，系统会自动上传；长时间未上传请检查专网连接。"),
}
_MISSING_TODO[MessageState.SENDING] = _MISSING_TODO[MessageState.QUEUED]


def _missing(local: LocalCase) -> str | None:
    """What to do about a local case the platform does not list (None: consistent)."""
    if local.state is MessageState.REJECTED and local.status is not CaseStatus.REJECTED:
        return None  # given up here and never received there
    return _MISSING_TODO[local.state].format(no=local.business_no or "无")


def _differs(local: LocalCase, platform: CaseRecord) -> str | None:
    """What to do about a case both sides hold but see differently (None: they agree)."""
    todo: str | None = None
    if local.state is MessageState.ACCEPTED:
        if platform.status is CaseStatus.REJECTED:
            todo = (
                "本机显示已受理，平台为不予受理：以平台结果为准，联系办事人说明情况，"
                "并报告人社平台核查受理回执。"
            )
        elif local.business_no and platform.business_no != local.business_no:
            todo = (
                f"办件编号不一致（本机 {local.business_no}，平台 {platform.business_no}）："
                "以平台编号为准，联系人社平台核实并更正回执。"
            )
        elif local.status is not None and local.status is not platform.status:
            todo = "办理状态不一致：以平台状态为准；如办事人手中回执与平台不符，联系办事人说明。"
    elif local.state is MessageState.REJECTED:
        if local.status is not CaseStatus.REJECTED:
            todo = "本机已撤销该办件，平台却有记录：联系人社平台确认是否需要撤件，并通知办事人。"
        elif platform.status is not CaseStatus.REJECTED:
            todo = "本机收到“不予受理”，平台却已受理：以平台结果为准，联系办事人和人社平台核实。"
    else:
        todo = (
            "平台已收到该办件，本机尚未收到答复：保持自动重发（需处理的请主管“重新提交”）"
            "即可取回平台原结果，切勿重新受理。"
        )
    return todo


def compare(local: LocalCase, platform: CaseRecord | None) -> ReconcileItem | None:
    """The discrepancy between one local case and the platform's record, or None."""
    if platform is None:
        todo = _missing(local)
        return None if todo is None else _item(Discrepancy.LOCAL_ONLY, local, None, todo)
    todo = _differs(local, platform)
    return None if todo is None else _item(Discrepancy.STATUS_DIFFERS, local, platform, todo)


def _platform_only(record: CaseRecord) -> ReconcileItem:
    return ReconcileItem(
        kind=Discrepancy.PLATFORM_ONLY,
        case_id=record.case_id,
        business_no=record.business_no or None,
        item_code=record.item_code,
        maker=record.maker,
        local="无记录",
        platform=_platform_label(record),
        what_to_do=(
            f"平台有记录而本机没有：核对经办人 {record.maker} 的纸质材料和本机数据备份；"
            "如非本窗口办理，报告人社平台。"
        ),
    )


@dataclass
class _Tally:
    matched: int = 0
    cross_day: int = 0
    items: list[ReconcileItem] = field(default_factory=list)

    def add(self, item: ReconcileItem | None, *, cross_day: bool = False) -> None:
        if item is None:
            self.matched += 1
            self.cross_day += cross_day
        else:
            self.items.append(item)


class Reconciler:
    """Runs the reconciliation of a day; needs a session that may list cases."""

    def __init__(
        self,
        client: BureauClient,
        db: Database,
        executor: DbExecutor,
        audit: AuditLog | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.client = client
        self.db = db
        self.executor = executor
        self.audit = audit
        self.clock = clock

    async def _list(self, day: date, outlet_code: str) -> CaseList:
        return await self.client.list_cases(day, outlet_code)

    async def reconcile(
        self, day: date, outlet_code: str, *, by: ActiveSession | None = None
    ) -> Reconciliation:
        """Compare *day* (Asia/Shanghai) with the platform; never raises for the platform."""
        locals_ = await self.executor.run(lambda: _local_cases(self.db, day))
        notes = await self.executor.run(acknowledgements, self.db, day, NOTE_RECONCILE)
        now = self.clock()
        try:
            listed = await self._list(day, outlet_code)
        except BureauError as exc:
            result = Reconciliation(
                day,
                outlet_code,
                now,
                len(locals_),
                0,
                0,
                0,
                (),
                exc.message,
                notes.get(UNAVAILABLE),
            )
            await self._journal(result, by)
            return result
        platform = {r.case_id: r for r in listed.cases}
        tally = _Tally()
        unmatched: list[LocalCase] = []
        for case in locals_:
            record = platform.pop(case.case_id, None)
            if record is None and case.state is MessageState.ACCEPTED:
                unmatched.append(case)  # perhaps uploaded later: see below
            else:
                tally.add(compare(case, record))
        elsewhere = await self._later_lists(day, outlet_code, unmatched)
        for case in unmatched:
            found = elsewhere.get(case.case_id)
            tally.add(compare(case, found), cross_day=found is not None)
        if platform:  # listed there, not among this day's cases here: held on another day?
            held = {
                c.case_id: c
                for c in await self.executor.run(lambda: _local_cases(self.db, None, platform))
            }
            for case_id, record in platform.items():
                other = held.get(case_id)
                if other is None:
                    tally.items.append(_platform_only(record))
                else:
                    tally.add(compare(other, record), cross_day=True)
        matched, cross_day, items = tally.matched, tally.cross_day, tally.items
        items = [replace(i, explained=i.key in notes, note=notes.get(i.key)) for i in items]
        result = Reconciliation(
            day,
            outlet_code,
            now,
            len(locals_),
            len(listed.cases),
            matched,
            cross_day,
            tuple(items),
        )
        await self._journal(result, by)
        return result

    async def _later_lists(
        self, day: date, outlet_code: str, cases: list[LocalCase]
    ) -> dict[str, CaseRecord]:
        """The platform's lists of the days these cases were uploaded on (not *day*)."""
        days = sorted(
            {
                c.finished_at.astimezone(BUSINESS_TZ).date()
                for c in cases
                if c.finished_at is not None and c.finished_at.astimezone(BUSINESS_TZ).date() != day
            }
        )
        found: dict[str, CaseRecord] = {}
        for other in days:
            try:
                listed = await self._list(other, outlet_code)
            except BureauError:
                break
            found.update({r.case_id: r for r in listed.cases})
        return found

    async def _journal(self, result: Reconciliation, by: ActiveSession | None) -> None:
        if self.audit is None:
            return
        counts = {kind.value: 0 for kind in Discrepancy}
        for item in result.items:
            counts[item.kind.value] += 1
        await self.audit.record(
            Action.RECONCILE.value,
            staff_no=by.staff.staff_no if by else "system",
            role=by.workspace_role.value if by else "system",
            object=result.day.isoformat(),
            outcome="unavailable" if result.error else ("clean" if result.clean else "differs"),
            details={
                "local": result.local_count,
                "platform": result.platform_count,
                "matched": result.matched,
                "cross_day": result.cross_day,
                **counts,
            },
        )
