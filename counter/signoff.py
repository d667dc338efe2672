"""The record of a day's sign-off, its slip, and the journal check against it.

Split from :mod:`counter.dayclose` so that headless tools (`counter verify-journal`) need
none of the services: a close record (:class:`DayCloseRecord`) is bound to its day and
journal head by an HMAC under the journal key (:func:`close_mac`), so an edited record is
told apart from a true one; :func:`verify_journal` checks the chain against the heads
recorded at close — and, if given, the head printed on a sign-off slip — and names the
first bad entry.

Blocking (SQLite): run on the DB executor.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from counter.bureau.supervision import DaySummary
from counter.case_store import OutboxMessage
from counter.journal import BUSINESS_TZ
from counter.journal_verify import find_entry, verify_chain
from counter.outbox import MessageState
from counter.printing import Block, Columns, Cut, Feed, Heading, QrCode, Rule, Slip, Text
from counter.storage.db import Database
from counter.storage.models import JournalEntry
from counter.supervision_store import DayCloseRow

__all__ = [
    "DayCloseRecord",
    "JournalCheck",
    "close_mac",
    "close_record",
    "signoff_slip",
    "stored_closes",
    "verify_journal",
]


@dataclass(frozen=True)
class DayCloseRecord:
    day: date
    outlet_code: str
    window: int
    closed_at: datetime
    closed_by: str
    journal_head: str
    journal_count: int
    summary: DaySummary
    outbox_key: str
    upload_state: MessageState
    upload_message: str
    mac_ok: bool  # the record's HMAC matches (it was not edited in the file)


def close_mac(key: bytes, day: date, head: str, count: int) -> str:
    """The HMAC that binds a close record to its day and head (the key is the journal's)."""
    message = f"day-close|{day.isoformat()}|{head}|{count}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def close_record(row: DayCloseRow, msg: OutboxMessage | None, key: bytes) -> DayCloseRecord:
    mac = close_mac(key, row.business_day, row.journal_head, row.journal_count)
    return DayCloseRecord(
        day=row.business_day,
        outlet_code=row.outlet_code,
        window=row.window,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
        journal_head=row.journal_head,
        journal_count=row.journal_count,
        summary=DaySummary.model_validate_json(row.summary),
        outbox_key=row.outbox_key,
        upload_state=MessageState(msg.state) if msg else MessageState.QUEUED,
        upload_message=(msg.last_error or "") if msg else "",
        mac_ok=hmac.compare_digest(mac, row.head_mac),
    )


def stored_closes(db: Database, key: bytes, day: date | None = None) -> list[DayCloseRecord]:
    """The closes in the local store (one *day*, or all), oldest first. Blocking."""
    query = (
        select(DayCloseRow, OutboxMessage)
        .outerjoin(OutboxMessage, OutboxMessage.key == DayCloseRow.outbox_key)
        .order_by(DayCloseRow.business_day)
    )
    if day is not None:
        query = query.where(DayCloseRow.business_day == day)
    with db.session(readonly=True) as s:
        return [close_record(row, msg, key) for row, msg in s.execute(query)]


def signoff_slip(
    record: DayCloseRecord,
    *,
    outlet_name: str,
    supervisor: str,
    training: bool,
    reprint: bool = False,
) -> Slip:
    """The sign-off slip: the day's figures, the journal head, a line to sign on."""
    s = record.summary
    head = record.journal_head
    closed = record.closed_at.astimezone(BUSINESS_TZ)
    blocks: list[Block] = [
        Heading("日结签字单"),
        Text(outlet_name or record.outlet_code, align="center"),
        Rule(),
        Columns("网点编码", record.outlet_code),
        Columns("窗口", f"{record.window}号"),
        Columns("营业日", record.day.isoformat()),
        Columns("日结时间", closed.strftime("%Y-%m-%d %H:%M")),
        Rule(),
        Columns("取号", str(s.tickets_issued)),
        Columns("办结", str(s.served)),
        Columns("过号", str(s.no_show)),
        Columns("转办", str(s.transferred)),
        Columns("取消", str(s.cancelled)),
        Columns("日终关闭", str(s.closed_at_day_end)),
        Columns("办件 / 已受理", f"{s.cases_total} / {s.cases_accepted}"),
        Columns("不予受理", str(s.cases_rejected)),
        Columns("待上传（已说明）", str(s.cases_pending)),
        Columns("评价 / 差评", f"{s.ratings_total} / {s.ratings_bad}"),
        Columns("异常（已确认）", str(s.exceptions)),
        Columns("说明事项", str(s.explanations)),
        Rule(),
        Text("日志链头（已上报人社平台）", bold=True),
        Text(head[:32]),
        Text(head[32:]),
        Columns("链头序号", str(record.journal_count)),
        Columns("当日日志", f"{s.journal_entries} 条"),
        QrCode(
            f"DAYCLOSE|{record.outlet_code}|{record.window}|{record.day.isoformat()}|{head}", size=4
        ),
        Rule(),
        Columns("日结主管", supervisor),
        Feed(1),
        Text("主管签字：________________"),
        Feed(1),
    ]
    if reprint:
        blocks.append(Text("（补打）", align="right"))
    blocks.append(Cut())
    return Slip(blocks, training=training)


# --- verify-journal ------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalCheck:
    """What `counter verify-journal` prints and its exit code (0 fine, 1 tampered)."""

    ok: bool
    lines: list[str]
    first_bad_seq: int | None = None

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def _describe(db: Database, seq: int) -> str:
    with db.session(readonly=True) as s:
        row = s.execute(
            select(
                JournalEntry.at, JournalEntry.action, JournalEntry.object, JournalEntry.staff_no
            ).where(JournalEntry.seq == seq)
        ).first()
    if row is None:
        return f"第 {seq} 条"
    at = row.at.astimezone(BUSINESS_TZ).strftime("%Y-%m-%d %H:%M:%S")
    return f"第 {seq} 条：{at} {row.action} {row.object}（{row.staff_no}）"


def verify_journal(
    db: Database, key: bytes, day: date | None = None, printed_head: str | None = None
) -> JournalCheck:
    """Check the chain (of *day*, or all of it) against the heads recorded at close and,
    if given, the head printed on a sign-off slip. Blocking."""
    lines: list[str] = []
    ok = True
    first_bad: int | None = None
    closes = stored_closes(db, key, day)
    for record in closes:
        if not record.mac_ok:
            ok = False
            lines.append(f"{record.day.isoformat()} 的日结记录被改动（校验值不符），不能作为依据。")
    trusted = [c for c in closes if c.mac_ok]
    expected = trusted[-1].journal_head if trusted else None
    result = verify_chain(db, key, day, expected)
    lines.append(result.message)
    if not result.ok:
        ok = False
        first_bad = result.first_bad_seq
        if first_bad is not None:
            lines.append("第一条异常记录：" + _describe(db, first_bad))
    if expected is not None and result.ok:
        lines.append(f"与 {trusted[-1].day.isoformat()} 日结时上报的链头 {expected[:12]}… 一致。")
    if day is None:
        for record in trusted[:-1]:
            if find_entry(db, record.journal_head) is None:
                ok = False
                lines.append(
                    f"{record.day.isoformat()} 日结时上报的链头 {record.journal_head[:12]}… "
                    "在日志中找不到：日志被截断或改动。"
                )
    elif not closes:
        lines.append(f"{day.isoformat()} 尚未日结：无法核对截断，只校验了链的连续性。")
    if printed_head:
        head = printed_head.strip().lower()
        slip = verify_chain(db, key, day, head)
        if slip.ok:
            lines.append(f"签字单链头 {head[:12]}… 在日志中，核对一致。")
        else:
            ok = False
            lines.append("签字单链头核对：" + slip.message)
    return JournalCheck(ok, lines, first_bad)
