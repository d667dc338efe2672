"""The day report (日报表) and per-clerk performance (绩效), from the local store.

:func:`build_report` gathers one business day in a few read-only snapshots:

* the queue (:func:`counter.queue.stats.day_stats`: tickets issued / served / no-show /
  transferred / cancelled / closed, waiting and service times overall, by item, by clerk
  and by window, wait-estimate accuracy, pauses with reasons) plus the same figures by
  hour of the day (waiting by the hour the ticket was issued, service by the hour it
  ended);
* cases (办件) by upload state, by item and by clerk;
* ratings (好差评) as a distribution per clerk, not just an average;
* the day's exceptions (:mod:`counter.day_exceptions`) counted by kind;
* the journal: entries of the day by action, and the hash chain checked
  (:func:`counter.journal_verify.verify_chain`) against the head recorded at close.

Outputs: :func:`report_json` (one JSON object) and :func:`report_csv` (long format:
section, group, measure, value — opens in Excel, UTF-8 with BOM); the A4 PDF with the
chart is :mod:`counter.report_pdf`. Durations are seconds in JSON and minutes (one
decimal) in CSV. No personal data: staff numbers and masked values only.

Blocking (SQLite): run :func:`build_report` and :func:`performance` on the DB executor;
:class:`ReportService` does.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from counter.bureau.cases import CaseStatus, RatingLevel
from counter.bureau.supervision import DaySummary
from counter.case_store import CaseRow, OutboxMessage
from counter.day_exceptions import DayException, ExceptionKind, collect_exceptions
from counter.journal import BUSINESS_TZ, VerifyResult, day_bounds
from counter.journal_verify import verify_chain
from counter.outbox import MessageState
from counter.queue.model import TicketOutcome
from counter.queue.stats import DayStats, Durations, day_stats, summarize
from counter.queue.store import TicketRow
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import JournalEntry, utcnow
from counter.supervision_store import DayCloseRow

__all__ = [
    "OUTCOME_LABELS",
    "RATING_ORDER",
    "CaseCounts",
    "CaseGroup",
    "ClerkPerformance",
    "CloseInfo",
    "DayReport",
    "HourRow",
    "JournalSummary",
    "RatingRow",
    "ReportService",
    "build_report",
    "performance",
    "report_csv",
    "report_json",
]

OUTCOME_LABELS: dict[TicketOutcome, str] = {
    TicketOutcome.SERVED: "办结",
    TicketOutcome.NO_SHOW: "过号",
    TicketOutcome.TRANSFERRED: "转办",
    TicketOutcome.CANCELLED: "取消",
    TicketOutcome.CLOSED_AT_DAY_END: "日终关闭",
}
RATING_ORDER: tuple[RatingLevel, ...] = (
    RatingLevel.VERY_SATISFIED,
    RatingLevel.SATISFIED,
    RatingLevel.BASIC,
    RatingLevel.DISSATISFIED,
    RatingLevel.VERY_DISSATISFIED,
    RatingLevel.NONE,
)
_GOOD = {RatingLevel.VERY_SATISFIED.value, RatingLevel.SATISFIED.value}
_BAD = {RatingLevel.DISSATISFIED.value, RatingLevel.VERY_DISSATISFIED.value}
_RULE_LABELS = {
    "fifo": "顺序叫号",
    "priority": "绿色通道",
    "priority_cap": "绿色通道封顶后顺序",
    "escalated": "超时优先",
    "specific": "指定叫号",
    "call_back": "挂起回呼",
}


# --- values -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HourRow:
    """One hour of the day (Asia/Shanghai): tickets issued in it and their wait; tickets
    served (ended) in it and their service time."""

    hour: int
    issued: int
    served: int
    waiting: Durations
    service: Durations


@dataclass(frozen=True)
class CaseCounts:
    total: int = 0
    accepted: int = 0  # 已受理 (办结 + 转后台)
    completed: int = 0
    forwarded: int = 0
    rejected: int = 0  # 不予受理, or given up by the supervisor
    needs_attention: int = 0
    pending: int = 0  # queued or sending
    offline: int = 0  # accepted while the platform was away
    reviewed: int = 0  # with an A/B checker


@dataclass(frozen=True)
class CaseGroup:
    key: str
    label: str
    counts: CaseCounts


@dataclass(frozen=True)
class RatingRow:
    """A clerk's ratings: every level counted (未评价 = no answer in time)."""

    clerk: str
    counts: dict[str, int]
    rated: int  # with a level (未评价 excluded)
    good: int
    bad: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class JournalSummary:
    entries: int
    by_action: dict[str, int]
    verify: VerifyResult | None  # None: no key given (not checked)


@dataclass(frozen=True)
class CloseInfo:
    closed_at: datetime
    closed_by: str
    journal_head: str
    journal_count: int


@dataclass(frozen=True)
class DayReport:
    day: date
    outlet_code: str
    outlet_name: str
    window: int
    generated_at: datetime
    training: bool
    queue: DayStats
    by_hour: list[HourRow]
    item_names: dict[str, str]  # item code → name, for the queue's by-item figures
    cases: CaseCounts
    cases_by_item: list[CaseGroup]
    cases_by_clerk: list[CaseGroup]
    ratings: list[RatingRow]
    ratings_total: RatingRow
    exceptions: dict[ExceptionKind, int]
    exception_items: list[DayException] = field(repr=False)
    journal: JournalSummary
    close: CloseInfo | None

    def summary(self, *, explanations: int = 0) -> DaySummary:
        """The figures signed off at close (`POST /v1/day-closes`)."""
        outcomes = self.queue.outcomes
        return DaySummary(
            tickets_issued=self.queue.issued,
            served=outcomes[TicketOutcome.SERVED],
            no_show=outcomes[TicketOutcome.NO_SHOW],
            transferred=outcomes[TicketOutcome.TRANSFERRED],
            cancelled=outcomes[TicketOutcome.CANCELLED],
            closed_at_day_end=outcomes[TicketOutcome.CLOSED_AT_DAY_END],
            cases_total=self.cases.total,
            cases_accepted=self.cases.accepted,
            cases_rejected=self.cases.rejected,
            cases_pending=self.cases.pending + self.cases.needs_attention,
            ratings_total=self.ratings_total.rated,
            ratings_bad=self.ratings_total.bad,
            exceptions=sum(self.exceptions.values()),
            explanations=explanations,
            journal_entries=self.journal.entries,
        )


# --- gathering ----------------------------------------------------------------------------


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


def _hour(at: datetime) -> int:
    return at.astimezone(BUSINESS_TZ).hour


def _by_hour(db: Database, day: date) -> tuple[list[HourRow], dict[str, str]]:
    """The hours of the day, and the item names of the day's tickets (code → name)."""
    with db.session(readonly=True) as s:
        rows = s.execute(
            select(
                TicketRow.item_code,
                TicketRow.item_name,
                TicketRow.leg,
                TicketRow.original_issued_at,
                TicketRow.first_called_at,
                TicketRow.called_at,
                TicketRow.ended_at,
                TicketRow.outcome,
            ).where(TicketRow.business_day == day.isoformat())
        ).all()
    issued: Counter[int] = Counter()
    waits: dict[int, list[float]] = defaultdict(list)
    served: Counter[int] = Counter()
    services: dict[int, list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    for code, name, leg, issued_at, first_called, called, ended, outcome in rows:
        if code and name:
            names[code] = name
        if leg == 0:
            hour = _hour(issued_at)
            issued[hour] += 1
            wait = _seconds(issued_at, first_called)
            if wait is not None:
                waits[hour].append(wait)
        if outcome == TicketOutcome.SERVED and ended is not None:
            hour = _hour(ended)
            served[hour] += 1
            service = _seconds(called, ended)
            if service is not None:
                services[hour].append(service)
    hours = set(issued) | set(served)
    if not hours:
        return [], names
    return [
        HourRow(h, issued[h], served[h], summarize(waits[h]), summarize(services[h]))
        for h in range(min(hours), max(hours) + 1)
    ], names


def _case_state(state: str, result: str | None) -> str:
    """completed / forwarded / rejected / needs_attention / pending."""
    if state == MessageState.ACCEPTED.value:
        status = None
        if result:
            try:
                status = json.loads(result).get("status")
            except (ValueError, AttributeError):
                status = None
        return "forwarded" if status == CaseStatus.FORWARDED.value else "completed"
    if state == MessageState.REJECTED.value:
        return "rejected"
    if state == MessageState.NEEDS_ATTENTION.value:
        return "needs_attention"
    return "pending"


def _counts(items: Iterable[tuple[str, bool, bool]]) -> CaseCounts:
    """From (state, offline, reviewed) triples."""
    c: Counter[str] = Counter()
    total = offline = reviewed = 0
    for state, was_offline, was_reviewed in items:
        total += 1
        c[state] += 1
        offline += was_offline
        reviewed += was_reviewed
    return CaseCounts(
        total=total,
        accepted=c["completed"] + c["forwarded"],
        completed=c["completed"],
        forwarded=c["forwarded"],
        rejected=c["rejected"],
        needs_attention=c["needs_attention"],
        pending=c["pending"],
        offline=offline,
        reviewed=reviewed,
    )


def _rating_row(clerk: str, levels: Iterable[str]) -> RatingRow:
    counts = Counter(levels)
    ordered = {level.value: counts.get(level.value, 0) for level in RATING_ORDER}
    return RatingRow(
        clerk=clerk,
        counts=ordered,
        rated=sum(v for k, v in ordered.items() if k != RatingLevel.NONE.value),
        good=sum(ordered[k] for k in _GOOD),
        bad=sum(ordered[k] for k in _BAD),
    )


def _cases(
    db: Database, day: date
) -> tuple[CaseCounts, list[CaseGroup], list[CaseGroup], list[RatingRow], RatingRow]:
    with db.session(readonly=True) as s:
        rows = s.execute(
            select(
                CaseRow.item_code,
                CaseRow.item_name,
                CaseRow.maker,
                CaseRow.checker,
                CaseRow.accepted_offline,
                CaseRow.rating,
                OutboxMessage.state,
                OutboxMessage.result,
            )
            .join(OutboxMessage, OutboxMessage.key == CaseRow.outbox_key)
            .where(CaseRow.business_day == day)
        ).all()
    triples = []
    by_item: dict[tuple[str, str], list[tuple[str, bool, bool]]] = defaultdict(list)
    by_clerk: dict[str, list[tuple[str, bool, bool]]] = defaultdict(list)
    ratings: dict[str, list[str]] = defaultdict(list)
    for code, name, maker, checker, offline, rating, state, result in rows:
        triple = (_case_state(state, result), bool(offline), checker is not None)
        triples.append(triple)
        by_item[(code, name)].append(triple)
        by_clerk[maker].append(triple)
        if rating is not None:
            ratings[maker].append(rating)
    items = [
        CaseGroup(code, name, _counts(v))
        for (code, name), v in sorted(by_item.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    clerks = [CaseGroup(k, k, _counts(v)) for k, v in sorted(by_clerk.items())]
    rating_rows = [_rating_row(k, v) for k, v in sorted(ratings.items())]
    total = _rating_row("合计", (lv for levels in ratings.values() for lv in levels))
    return _counts(triples), items, clerks, rating_rows, total


def _close(db: Database, day: date) -> CloseInfo | None:
    with db.session(readonly=True) as s:
        row = s.get(DayCloseRow, day)
        if row is None:
            return None
        return CloseInfo(row.closed_at, row.closed_by, row.journal_head, row.journal_count)


def _journal(db: Database, day: date, key: bytes | None, close: CloseInfo | None) -> JournalSummary:
    start, end = day_bounds(day)
    with db.session(readonly=True) as s:
        by_action = {
            str(action): int(n)
            for action, n in s.execute(
                select(JournalEntry.action, func.count())
                .where(JournalEntry.at >= start, JournalEntry.at < end)
                .group_by(JournalEntry.action)
                .order_by(func.count().desc(), JournalEntry.action)
            ).all()
        }
    verify = None
    if key is not None:
        verify = verify_chain(db, key, day, close.journal_head if close else None)
    return JournalSummary(sum(by_action.values()), by_action, verify)


def build_report(
    db: Database,
    day: date,
    *,
    now: datetime | None = None,
    outlet_code: str = "",
    outlet_name: str = "",
    window: int = 0,
    journal_key: bytes | None = None,
    training: bool = False,
) -> DayReport:
    """The report of business *day*. With *journal_key* the day's chain is verified."""
    now = now or utcnow()
    close = _close(db, day)
    # A closed day's open pauses were ended at close; count them up to the close, not now.
    stats = day_stats(db, day, close.closed_at if close else now)
    cases, by_item, by_clerk, ratings, ratings_total = _cases(db, day)
    exception_items = collect_exceptions(db, day)
    counts = Counter(e.kind for e in exception_items)
    by_hour, item_names = _by_hour(db, day)
    return DayReport(
        day=day,
        outlet_code=outlet_code,
        outlet_name=outlet_name,
        window=window,
        generated_at=now,
        training=training,
        queue=stats,
        by_hour=by_hour,
        item_names=item_names,
        cases=cases,
        cases_by_item=by_item,
        cases_by_clerk=by_clerk,
        ratings=ratings,
        ratings_total=ratings_total,
        exceptions={kind: counts.get(kind, 0) for kind in ExceptionKind},
        exception_items=exception_items,
        journal=_journal(db, day, journal_key, close),
        close=close,
    )


# --- performance (绩效) -----------------------------------------------------------------------


@dataclass(frozen=True)
class ClerkPerformance:
    """A clerk's work over a period: cases, service time, ratings, rejections."""

    staff_no: str
    cases: int
    accepted: int
    rejected: int  # refused by a business rule (不予受理)
    needs_attention: int
    served_tickets: int
    service: Durations
    ratings: RatingRow

    @property
    def rejection_rate(self) -> float | None:
        return self.rejected / self.cases if self.cases else None

    @property
    def average_service_s(self) -> float | None:
        return self.service.mean_s


def performance(db: Database, start: date, end: date) -> list[ClerkPerformance]:
    """Per clerk for business days ``start``…``end`` (both included)."""
    if end < start:
        raise ValueError("结束日期不能早于开始日期")
    with db.session(readonly=True) as s:
        cases = s.execute(
            select(CaseRow.maker, CaseRow.rating, OutboxMessage.state, OutboxMessage.result)
            .join(OutboxMessage, OutboxMessage.key == CaseRow.outbox_key)
            .where(CaseRow.business_day >= start, CaseRow.business_day <= end)
        ).all()
        legs = s.execute(
            select(TicketRow.staff_no, TicketRow.called_at, TicketRow.ended_at)
            .where(TicketRow.business_day >= start.isoformat())
            .where(TicketRow.business_day <= end.isoformat())
            .where(TicketRow.outcome == TicketOutcome.SERVED.value)
            .where(TicketRow.window.is_not(None))
        ).all()
    states: dict[str, Counter[str]] = defaultdict(Counter)
    ratings: dict[str, list[str]] = defaultdict(list)
    for maker, rating, state, result in cases:
        states[maker][_case_state(state, result)] += 1
        if rating is not None:
            ratings[maker].append(rating)
    services: dict[str, list[float]] = defaultdict(list)
    for staff_no, called, ended in legs:
        seconds = _seconds(called, ended)
        if seconds is not None:
            services[staff_no].append(seconds)
    clerks: list[ClerkPerformance] = []
    for clerk in sorted(set(states) | set(services)):
        c = states[clerk]
        clerks.append(
            ClerkPerformance(
                staff_no=clerk,
                cases=sum(c.values()),
                accepted=c["completed"] + c["forwarded"],
                rejected=c["rejected"],
                needs_attention=c["needs_attention"],
                served_tickets=len(services[clerk]),
                service=summarize(services[clerk]),
                ratings=_rating_row(clerk, ratings[clerk]),
            )
        )
    return clerks


# --- outputs ------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    result = value
    if is_dataclass(value) and not isinstance(value, type):
        result = {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    elif isinstance(value, Enum):
        result = value.value
    elif isinstance(value, datetime | date):
        result = value.isoformat()
    elif isinstance(value, dict):
        result = {str(_jsonable(k)): _jsonable(v) for k, v in value.items()}
    elif isinstance(value, list | tuple):
        result = [_jsonable(v) for v in value]
    elif isinstance(value, float) and not math.isfinite(value):
        result = None
    return result


def report_dict(report: DayReport) -> dict[str, Any]:
    data: dict[str, Any] = _jsonable(report)
    data["exception_items"] = [
        {**_jsonable(e), "label": e.kind.label} for e in report.exception_items
    ]
    data["summary"] = report.summary().model_dump(mode="json")
    data["format"] = "counter.day-report/1"
    return data


def report_json(report: DayReport) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def _duration_rows(section: str, group: str, d: Durations) -> list[list[str]]:
    return [
        [section, group, "件数", str(d.count)],
        [section, group, "中位数（分钟）", _minutes(d.median_s)],
        [section, group, "P90（分钟）", _minutes(d.p90_s)],
        [section, group, "平均（分钟）", _minutes(d.mean_s)],
        [section, group, "最长（分钟）", _minutes(d.max_s)],
    ]


def report_rows(report: DayReport) -> list[list[str]]:
    """The CSV rows (without the header): section, group, measure, value."""
    q = report.queue
    rows: list[list[str]] = [
        ["报表", "", "营业日", report.day.isoformat()],
        ["报表", "", "网点", f"{report.outlet_code} {report.outlet_name}".strip()],
        ["报表", "", "窗口", str(report.window)],
        ["报表", "", "生成时间", report.generated_at.astimezone(BUSINESS_TZ).isoformat()],
        ["报表", "", "培训模式", "是" if report.training else "否"],
        [
            "报表",
            "",
            "日结",
            report.close.closed_at.astimezone(BUSINESS_TZ).isoformat()
            if report.close
            else "未日结",
        ],
        ["号票", "", "取号", str(q.issued)],
        ["号票", "", "已打印", str(q.printed)],
        ["号票", "", "绿色通道", str(q.priority)],
        ["号票", "", "转办新增", str(q.transfers)],
        *(["号票", "结果", OUTCOME_LABELS[o], str(n)] for o, n in q.outcomes.items()),
        ["号票", "", "未结束", str(q.open)],
        ["号票", "", "重呼", str(q.recalls)],
        ["号票", "", "过号重排", str(q.requeued)],
        *(
            ["号票", "叫号规则", _RULE_LABELS.get(k, k), str(n)]
            for k, n in sorted(q.calls_by_rule.items())
        ),
        *_duration_rows("等候时间", "全部", q.waiting),
        *_duration_rows("办理时间", "全部", q.service),
    ]
    for section, groups in (
        ("按业务", q.by_item),
        ("按经办人", q.by_clerk),
        ("按窗口", q.by_window),
    ):
        for g in groups:
            rows += [
                [section, g.key, "号票段数", str(g.legs)],
                [section, g.key, "办结", str(g.served)],
                [section, g.key, "过号", str(g.no_show)],
                [section, g.key, "转办", str(g.transferred)],
                [section, g.key, "等候中位数（分钟）", _minutes(g.waiting.median_s)],
                [section, g.key, "等候P90（分钟）", _minutes(g.waiting.p90_s)],
                [section, g.key, "办理中位数（分钟）", _minutes(g.service.median_s)],
                [section, g.key, "办理P90（分钟）", _minutes(g.service.p90_s)],
            ]
    for h in report.by_hour:
        label = f"{h.hour:02d}:00"
        rows += [
            ["按小时", label, "取号", str(h.issued)],
            ["按小时", label, "办结", str(h.served)],
            ["按小时", label, "等候中位数（分钟）", _minutes(h.waiting.median_s)],
            ["按小时", label, "等候P90（分钟）", _minutes(h.waiting.p90_s)],
            ["按小时", label, "办理中位数（分钟）", _minutes(h.service.median_s)],
        ]
    e = q.estimates
    rows += [
        ["预计等候", "", "号票", str(e.slips)],
        ["预计等候", "", "给出区间", str(e.with_estimate)],
        ["预计等候", "", "已叫号可比", str(e.measured)],
        ["预计等候", "", "落在区间内", str(e.within_range)],
        [
            "预计等候",
            "",
            "平均绝对误差（分钟）",
            "" if e.mean_abs_error_min is None else f"{e.mean_abs_error_min:.1f}",
        ],
        ["暂停", "", "次数", str(q.pauses.count)],
        ["暂停", "", "合计（分钟）", _minutes(q.pauses.total_s)],
        *(
            ["暂停", f"原因：{k}", "分钟", _minutes(v)]
            for k, v in sorted(q.pauses.by_reason.items())
        ),
        *(
            ["暂停", f"{k}号窗口", "分钟", _minutes(v)]
            for k, v in sorted(q.pauses.by_window.items())
        ),
    ]
    rows += _case_rows("办件", "全部", report.cases)
    for c in report.cases_by_item:
        rows += _case_rows("办件按业务", f"{c.key} {c.label}", c.counts)
    for c in report.cases_by_clerk:
        rows += _case_rows("办件按经办人", c.key, c.counts)
    for r in [*report.ratings, report.ratings_total]:
        rows += [["评价", r.clerk, level, str(n)] for level, n in r.counts.items()]
        rows += [["评价", r.clerk, "差评", str(r.bad)]]
    rows += [["异常", "", kind.label, str(n)] for kind, n in report.exceptions.items()]
    j = report.journal
    rows += [["日志", "", "条数", str(j.entries)]]
    if j.verify is not None:
        rows += [
            ["日志", "", "校验", "通过" if j.verify.ok else "未通过"],
            ["日志", "", "校验说明", j.verify.message],
            ["日志", "", "链头", j.verify.head],
        ]
    if report.close is not None:
        rows += [["日志", "", "日结链头", report.close.journal_head]]
    rows += [["日志", "按动作", action, str(n)] for action, n in j.by_action.items()]
    return rows


def _case_rows(section: str, group: str, c: CaseCounts) -> list[list[str]]:
    return [
        [section, group, "办件", str(c.total)],
        [section, group, "已受理", str(c.accepted)],
        [section, group, "办结", str(c.completed)],
        [section, group, "转后台", str(c.forwarded)],
        [section, group, "不予受理/撤销", str(c.rejected)],
        [section, group, "需处理", str(c.needs_attention)],
        [section, group, "待上传", str(c.pending)],
        [section, group, "离线受理", str(c.offline)],
        [section, group, "经复核", str(c.reviewed)],
    ]


def report_csv(report: DayReport) -> str:
    """CSV text with a BOM (Excel opens it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["部分", "分组", "指标", "数值"])
    writer.writerows(report_rows(report))
    return "\ufeff" + out.getvalue()


# --- the async face -------------------------------------------------------------------------


class ReportService:
    """What the supervisor's workspace and the close use."""

    def __init__(
        self,
        db: Database,
        executor: DbExecutor,
        *,
        outlet_code: str,
        window: int,
        journal_key: bytes | None = None,
        training: bool = False,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.executor = executor
        self.outlet_code = outlet_code
        self.window = window
        self.journal_key = journal_key
        self.training = training
        self.clock = clock
        self.outlet_name = ""

    def today(self) -> date:
        return self.clock().astimezone(BUSINESS_TZ).date()

    async def day(self, day: date | None = None, *, check_chain: bool = True) -> DayReport:
        """The report of *day* (default today); the chain is verified unless told not to."""
        chosen = day or self.today()
        now = self.clock()
        key = self.journal_key if check_chain else None
        return await self.executor.run(
            lambda: build_report(
                self.db,
                chosen,
                now=now,
                outlet_code=self.outlet_code,
                outlet_name=self.outlet_name,
                window=self.window,
                journal_key=key,
                training=self.training,
            )
        )

    async def performance(self, start: date, end: date) -> list[ClerkPerformance]:
        return await self.executor.run(performance, self.db, start, end)

    @staticmethod
    def write(report: DayReport, fmt: str, path: Path) -> Path:
        """Write *report* as ``json``, ``csv`` or ``pdf`` (blocking; PDF takes ~0.5 s)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "json":
            path.write_text(report_json(report), encoding="utf-8")
        elif fmt == "csv":
            path.write_text(report_csv(report), encoding="utf-8", newline="")
        elif fmt == "pdf":
            from counter.report_pdf import write_pdf

            write_pdf(report, path)
        else:
            raise ValueError(f"不支持的报表格式：{fmt}（可用 json、csv、pdf）")
        return path
