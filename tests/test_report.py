"""The day report against the fixture day, figure by figure, worked out by hand.

See tests/test_report_support.py for the day's timeline. Minutes below are the gaps
between the timeline's times; medians and P90 use the nearest-rank method.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from counter.day_exceptions import ExceptionKind
from counter.queue.model import TicketOutcome
from counter.report import build_report, performance, report_csv, report_json
from tests.test_report_support import DAY, KEY, Store, at, fixture_day, open_store

MIN = 60.0


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = open_store(tmp_path / "counter.sqlite3")
    await fixture_day(s)
    yield s
    s.close()


def report_of(store: Store):  # type: ignore[no-untyped-def]
    return build_report(
        store.db,
        DAY,
        now=at(17, 0),
        outlet_code="330102001",
        outlet_name="湖滨支行",
        window=1,
        journal_key=KEY,
    )


def test_tickets_and_outcomes(store: Store) -> None:
    q = report_of(store).queue
    assert q.issued == 7  # S001–S007
    assert q.printed == 6  # S005 never printed
    assert q.priority == 1  # S002 elderly
    assert q.transfers == 1  # S001 to SB02
    assert q.outcomes == {
        TicketOutcome.SERVED: 3,  # S002, S001 (second leg), S006
        TicketOutcome.NO_SHOW: 2,  # S003, S007
        TicketOutcome.TRANSFERRED: 1,  # S001 first leg
        TicketOutcome.CANCELLED: 1,  # S004
        TicketOutcome.CLOSED_AT_DAY_END: 1,  # S005
    }
    assert q.open == 0 and q.adds_up()
    assert q.recalls == 1
    assert q.calls_by_rule == {"priority": 1, "fifo": 4, "specific": 1}


def test_waiting_and_service_times(store: Store) -> None:
    q = report_of(store).queue
    # waits (first call − issue): S002 4, S001 10, S003 20, S006 25, S007 25
    assert q.waiting.count == 5
    assert q.waiting.median_s == 20 * MIN
    assert q.waiting.p90_s == 25 * MIN  # rank ceil(0.9 × 5) = 5
    assert q.waiting.mean_s == pytest.approx((4 + 10 + 20 + 25 + 25) / 5 * MIN)
    # service (complete − last call): S002 9, S001 9 (second leg), S006 11
    assert q.service.count == 3
    assert q.service.median_s == 9 * MIN
    assert q.service.p90_s == 11 * MIN
    assert q.service.max_s == 11 * MIN


def test_by_clerk_and_by_item(store: Store) -> None:
    q = report_of(store).queue
    clerks = {g.key: g for g in q.by_clerk}
    assert set(clerks) == {"C001", "C002"}
    assert (clerks["C001"].legs, clerks["C001"].served, clerks["C001"].no_show) == (3, 2, 1)
    assert clerks["C001"].service.median_s == 9 * MIN
    c2 = clerks["C002"]
    assert (c2.legs, c2.served, c2.no_show, c2.transferred) == (3, 1, 1, 1)
    assert c2.service.median_s == 11 * MIN
    items = {g.key: g for g in q.by_item}
    assert (items["SB01"].legs, items["SB01"].served) == (5, 1)  # S001a S003 S004 S005 S006
    assert (items["SB02"].legs, items["SB02"].served) == (3, 2)  # S002 S001b S007
    assert report_of(store).item_names == {"SB01": "A事项", "SB02": "B事项"}


def test_by_hour(store: Store) -> None:
    hours = {h.hour: h for h in report_of(store).by_hour}
    assert sorted(hours) == [9, 10]
    nine, ten = hours[9], hours[10]
    assert (nine.issued, nine.served) == (5, 2)
    assert nine.waiting.median_s == 10 * MIN and nine.waiting.p90_s == 20 * MIN  # 10, 4, 20
    assert nine.service.median_s == 9 * MIN
    assert (ten.issued, ten.served) == (2, 1)
    assert ten.waiting.median_s == 25 * MIN
    assert ten.service.median_s == 11 * MIN


def test_pause_and_estimates(store: Store) -> None:
    q = report_of(store).queue
    assert q.pauses.count == 1
    assert q.pauses.total_s == 20 * MIN
    assert q.pauses.by_reason == {"系统维护": 20 * MIN}
    assert q.pauses.by_window == {1: 20 * MIN}
    e = q.estimates
    assert e.slips == 6  # every printed slip
    assert e.with_estimate == 3  # S004, S006, S007: two service times known by then
    assert e.measured == 2  # S006 (said 0, waited 25) and S007 (said 9 as 6–12, waited 25)
    assert e.within_range == 0
    assert e.mean_abs_error_min == pytest.approx((25 + 16) / 2)


def test_cases_and_ratings(store: Store) -> None:
    report = report_of(store)
    c = report.cases
    assert (c.total, c.accepted, c.completed, c.forwarded) == (6, 3, 2, 1)
    assert (c.rejected, c.needs_attention, c.pending, c.offline, c.reviewed) == (1, 1, 1, 1, 1)
    clerks = {g.key: g.counts for g in report.cases_by_clerk}
    assert (clerks["C001"].total, clerks["C001"].accepted) == (3, 3)
    assert (clerks["C002"].rejected, clerks["C002"].needs_attention, clerks["C002"].pending) == (
        1,
        1,
        1,
    )
    items = {g.key: g.counts.total for g in report.cases_by_item}
    assert items == {"SB01": 4, "SB02": 2}
    ratings = {r.clerk: r for r in report.ratings}
    assert ratings["C001"].counts == {
        "非常满意": 1,
        "满意": 0,
        "基本满意": 0,
        "不满意": 1,
        "非常不满意": 0,
        "未评价": 1,
    }
    assert (ratings["C001"].rated, ratings["C001"].good, ratings["C001"].bad) == (2, 1, 1)
    assert (ratings["C002"].rated, ratings["C002"].good, ratings["C002"].bad) == (1, 1, 0)
    total = report.ratings_total
    assert (total.rated, total.good, total.bad, total.total) == (3, 2, 1, 4)


def test_exceptions(store: Store) -> None:
    report = report_of(store)
    assert report.exceptions == {
        ExceptionKind.CASE_FLAGGED: 1,  # c4
        ExceptionKind.CASE_REJECTED: 1,  # c3
        ExceptionKind.CASE_PENDING: 1,  # c5
        ExceptionKind.APPROVAL_PENDING: 1,  # c7 reviewed, never submitted
        ExceptionKind.REPRINT: 1,  # S005's failed reprint
        ExceptionKind.UNMASK: 1,
        ExceptionKind.MANUAL_ID: 1,
        ExceptionKind.OUT_OF_ORDER: 1,  # S006
        ExceptionKind.NOT_PRINTED: 1,  # S005
        ExceptionKind.CALLER_MISMATCH: 1,
        ExceptionKind.BAD_RATING: 1,  # c2
    }
    out_of_order = next(e for e in report.exception_items if e.kind is ExceptionKind.OUT_OF_ORDER)
    assert out_of_order.object == "S006" and "预约办理" in out_of_order.detail
    assert all("13800001234" not in e.detail for e in report.exception_items)


def test_journal_is_verified_and_counted(store: Store) -> None:
    report = report_of(store)
    assert report.journal.verify is not None and report.journal.verify.ok
    assert report.journal.entries == report.journal.verify.count
    assert report.journal.by_action["ticket_issue"] == 7  # S005's failed print included
    assert report.journal.by_action["ticket_call"] == 6
    summary = report.summary()
    assert (summary.tickets_issued, summary.served, summary.no_show) == (7, 3, 2)
    assert (summary.cases_total, summary.cases_pending, summary.ratings_bad) == (6, 2, 1)
    assert summary.exceptions == 11


def test_json_output(store: Store) -> None:
    data = json.loads(report_json(report_of(store)))
    assert data["format"] == "counter.day-report/1"
    assert data["day"] == "2026-03-18"
    assert data["queue"]["outcomes"]["served"] == 3
    assert data["queue"]["waiting"]["median_s"] == 1200.0
    assert data["summary"]["tickets_issued"] == 7
    assert data["journal"]["verify"]["ok"] is True
    assert len(data["exception_items"]) == 11
    assert {e["label"] for e in data["exception_items"]} >= {"差评", "非顺序叫号"}


def test_csv_output(store: Store) -> None:
    text = report_csv(report_of(store))
    assert text.startswith("\ufeff部分,分组,指标,数值")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    table = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert table[("号票", "", "取号")] == "7"
    assert table[("号票", "结果", "办结")] == "3"
    assert table[("等候时间", "全部", "中位数（分钟）")] == "20.0"
    assert table[("办理时间", "全部", "P90（分钟）")] == "11.0"
    assert table[("按小时", "09:00", "取号")] == "5"
    assert table[("暂停", "原因：系统维护", "分钟")] == "20.0"
    assert table[("评价", "C001", "不满意")] == "1"
    assert table[("异常", "", "差评")] == "1"
    assert table[("日志", "", "校验")] == "通过"


def test_performance_over_a_period(store: Store) -> None:
    result = {p.staff_no: p for p in performance(store.db, DAY, DAY)}
    assert set(result) == {"C001", "C002"}
    c1, c2 = result["C001"], result["C002"]
    assert (c1.cases, c1.accepted, c1.rejected, c1.served_tickets) == (3, 3, 0, 2)
    assert c1.average_service_s == 9 * MIN
    assert c1.ratings.bad == 1
    assert (c2.cases, c2.rejected, c2.needs_attention, c2.served_tickets) == (3, 1, 1, 1)
    assert c2.rejection_rate == pytest.approx(1 / 3)
    assert c2.average_service_s == 11 * MIN
    assert performance(store.db, DAY.replace(day=19), DAY.replace(day=20)) == []
    with pytest.raises(ValueError, match="结束日期"):
        performance(store.db, DAY, DAY.replace(day=1))


def test_empty_day_reports_zeros(tmp_path: Path) -> None:
    s = open_store(tmp_path / "empty.sqlite3")
    try:
        report = build_report(s.db, DAY, now=at(17, 0), journal_key=KEY)
        assert report.queue.issued == 0 and report.by_hour == []
        assert report.cases.total == 0 and report.ratings == []
        assert report.journal.entries == 0 and report.journal.verify is not None
        assert report.journal.verify.ok
        json.loads(report_json(report))
        assert report_csv(report).count("\n") > 10
    finally:
        s.close()


def test_pdf_pages_with_the_chart(store: Store, tmp_path: Path) -> None:
    from counter.report_pdf import A4_PX, ISSUED, SERVED, WAIT, render_pages, write_pdf

    report = report_of(store)
    pages = render_pages(report)
    assert len(pages) >= 2 and all(p.size == A4_PX for p in pages)
    colours = {colour for _, colour in pages[0].getcolors(maxcolors=1 << 20) or []}
    assert {ISSUED, SERVED, WAIT} <= colours  # the chart of the hours is on the first page
    path = write_pdf(report, tmp_path / "day.pdf")
    body = path.read_bytes()
    assert body.startswith(b"%PDF") and body.count(b"/Type /Page\n") == len(pages)
    training = render_pages(replace(report, training=True))
    assert len(training) >= len(pages)
