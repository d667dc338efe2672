"""The audit journal: append-only, hash-chained with a keyed hash (HMAC-SHA256).

Every entry stores ``prev_hash`` (the previous entry's hash; 64 zeros for the first) and

    hash = HMAC-SHA256(journal_key, prev_hash || canonical_json(entry fields))

where the entry fields are ``seq, entry_id, at (UTC, microseconds), staff_no, role,
action, object, outcome, details`` (``details`` as the exact stored JSON text): every
column but ``sent_at``, which changes when the bureau acknowledges an upload. ``seq`` is
assigned by the journal (never reused, even after deletions) and runs 1, 2, 3, … without
gaps.

What :meth:`Journal.verify` detects:

* an edited field (the entry's hash no longer matches),
* a deleted, inserted or reordered entry (an entry's ``prev_hash`` no longer matches the
  hash of the entry before it, or ``seq`` jumps; a forged entry cannot be given a valid
  hash without the key),
* truncation of the tail — only with ``expected_head``: the head sent to the bureau and
  printed on the day's sign-off slip (:meth:`Journal.head`) must still be in the chain.

The key lives in the OS keyring (``KeyStore.journal_key``), so someone with the database
file alone cannot rewrite the chain. Schema triggers additionally refuse UPDATE (except of
``sent_at``) and DELETE on the table.

``details`` must never hold personal data: callers pass masked values only (``张*``,
``330102********1234``). Values are limited to str, int, bool and None.

Business days are Asia/Shanghai days (UTC+8, no daylight saving since 1991), so
``verify(day=…)`` and ``entries(day=…)`` take a local date.

Blocking (SQLite): call from the DB executor. ``append`` is safe with concurrent writers:
a lock serialises appends in this process and ``BEGIN IMMEDIATE`` across processes, so
reading the head and inserting the next entry is one atomic step.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import Row, String, func, select, text, type_coerce, update
from sqlalchemy.orm import Session

from counter.storage.db import Database
from counter.storage.models import JournalEntry, Setting, utcnow

__all__ = [
    "BUSINESS_TZ",
    "GENESIS_HASH",
    "Action",
    "DetailValue",
    "Journal",
    "JournalRecord",
    "VerifyResult",
    "day_bounds",
]

GENESIS_HASH: Final = "0" * 64
BUSINESS_TZ: Final = timezone(timedelta(hours=8), "Asia/Shanghai")
_KEY_CHECK_SETTING: Final = "journal_key_fingerprint"
_HASH_VERSION: Final = 1

DetailValue = str | int | bool | None


class Action(StrEnum):
    """What happened. Stored as the value; reports group by it."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    SESSION_REPLACED = "session_replaced"
    LOCK = "lock"
    UNLOCK = "unlock"
    CATALOGUE_SYNC = "catalogue_sync"
    PERSON_LOOKUP = "person_lookup"
    UNMASK = "unmask"
    IDENTITY_READ = "identity_read"
    IDENTITY_MANUAL = "identity_manual"
    ECARD_VERIFY = "ecard_verify"
    ERROR = "error"
    TICKET_ISSUE = "ticket_issue"
    TICKET_CALL = "ticket_call"
    TICKET_RECALL = "ticket_recall"
    TICKET_NO_SHOW = "ticket_no_show"
    TICKET_TRANSFER = "ticket_transfer"
    TICKET_HOLD = "ticket_hold"
    TICKET_COMPLETE = "ticket_complete"
    TICKET_START = "ticket_start"
    TICKET_CALL_BACK = "ticket_call_back"
    TICKET_CANCEL = "ticket_cancel"
    TICKET_REPRINT = "ticket_reprint"
    TICKET_REQUEUE = "ticket_requeue"
    WINDOW_PAUSE = "window_pause"
    WINDOW_RESUME = "window_resume"
    QUEUE_CLOSE_DAY = "queue_close_day"
    CASE_SUBMIT = "case_submit"
    CASE_RESULT = "case_result"
    CASE_FLAGGED = "case_flagged"
    REVIEW = "review"
    PRINT = "print"
    REPRINT = "reprint"
    EVALUATION = "evaluation"
    FEEDBACK = "feedback"
    TRANSPORT_BATCH = "transport_batch"
    STAFF_FILING = "staff_filing"
    CONFIG_CHANGE = "config_change"
    DAY_CLOSE = "day_close"
    # Issue 5: outbox, A/B cover
    OUTBOX_DELIVERED = "outbox_delivered"
    OUTBOX_RESOLVE = "outbox_resolve"
    POST_COVER = "post_cover"
    # Issue 4: the bank's hall caller
    HALL_MISMATCH = "hall_mismatch"
    # Issue 6: supervision and day close
    DAY_CLOSE_NOTE = "day_close_note"
    LATE_CORRECTION = "late_correction"
    RECONCILE = "reconcile"
    FOLLOWUP = "followup"
    ROSTER_CHANGE = "roster_change"
    RETENTION_PURGE = "retention_purge"
    REPORT = "report"


@dataclass(frozen=True, slots=True)
class JournalRecord:
    """One journal entry as stored (``details`` parsed back into a dict)."""

    seq: int
    entry_id: str
    at: datetime
    staff_no: str
    role: str
    action: str
    object: str
    outcome: str
    details: dict[str, DetailValue]
    prev_hash: str
    hash: str
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    count: int
    first_bad_seq: int | None
    message: str
    head: str = GENESIS_HASH

    def __bool__(self) -> bool:
        return self.ok


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants ``[start, end)`` of a business day (Asia/Shanghai)."""
    start = datetime.combine(day, time.min, tzinfo=BUSINESS_TZ)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def _canonical_details(details: Mapping[str, DetailValue] | None) -> str:
    clean: dict[str, DetailValue] = {}
    for key, value in (details or {}).items():
        if not isinstance(key, str):
            raise TypeError("journal detail keys must be str")
        if value is not None and not isinstance(value, str | int | bool):
            raise TypeError(f"journal detail {key!r} must be str, int, bool or None")
        clean[key] = value
    return json.dumps(clean, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _same(a: object, b: object) -> bool:
    """Constant-time equality of two stored values (any text, not just ASCII hex)."""
    return hmac.compare_digest(
        str(a).encode("utf-8", "surrogatepass"), str(b).encode("utf-8", "surrogatepass")
    )


def _utc_iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _compute_hash(
    key: bytes,
    prev_hash: str,
    *,
    seq: int,
    entry_id: str,
    at: datetime,
    staff_no: str,
    role: str,
    action: str,
    object: str,
    outcome: str,
    details: str,
) -> str:
    fields = {
        "v": _HASH_VERSION,
        "seq": seq,
        "entry_id": entry_id,
        "at": _utc_iso(at),
        "staff_no": staff_no,
        "role": role,
        "action": action,
        "object": object,
        "outcome": outcome,
        "details": details,
    }
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    message = prev_hash.encode("utf-8") + canonical.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


_AnyRow = Row[*tuple[Any, ...]]

_COLUMNS = (
    JournalEntry.seq,
    JournalEntry.entry_id,
    JournalEntry.at,
    JournalEntry.staff_no,
    JournalEntry.role,
    JournalEntry.action,
    JournalEntry.object,
    JournalEntry.outcome,
    JournalEntry.details,
    JournalEntry.prev_hash,
    JournalEntry.hash,
    JournalEntry.sent_at,
)


# verify() reads `at` as the stored text and parses it itself, so a garbled value is
# reported as tampering instead of crashing the result processor.
_VERIFY_COLUMNS = tuple(
    type_coerce(col, String).label("at") if col is JournalEntry.at else col for col in _COLUMNS
)


def _parse_stored_at(raw: object) -> datetime:
    if isinstance(raw, datetime):
        value = raw
    elif isinstance(raw, str):
        value = datetime.fromisoformat(raw)
    else:
        raise TypeError("bad stored time")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _record(row: _AnyRow | JournalEntry) -> JournalRecord:
    try:
        details = json.loads(row.details)
    except ValueError:
        details = {}
    return JournalRecord(
        seq=row.seq,
        entry_id=row.entry_id,
        at=row.at,
        staff_no=row.staff_no,
        role=row.role,
        action=row.action,
        object=row.object,
        outcome=row.outcome,
        details=details if isinstance(details, dict) else {},
        prev_hash=row.prev_hash,
        hash=row.hash,
        sent_at=row.sent_at,
    )


class Journal:
    """The append-only audit journal of this installation."""

    def __init__(self, db: Database, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("journal key must be at least 32 bytes")
        self._db = db
        self._key = key
        self._lock = threading.Lock()
        self._fingerprint = hmac.new(key, b"journal-key-fingerprint", hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"Journal({self._db!r})"

    # --- writing ----------------------------------------------------------------------

    def append(
        self,
        *,
        staff_no: str,
        role: str,
        action: Action,
        object: str = "",
        outcome: str = "ok",
        details: Mapping[str, DetailValue] | None = None,
        at: datetime | None = None,
    ) -> JournalRecord:
        """Append one entry and return it. Atomic; safe with concurrent writers."""
        with self._lock, self._db.session() as s:  # BEGIN IMMEDIATE: head and insert atomic
            return self.append_in(
                s,
                staff_no=staff_no,
                role=role,
                action=action,
                object=object,
                outcome=outcome,
                details=details,
                at=at,
            )

    def append_in(
        self,
        s: Session,
        *,
        staff_no: str,
        role: str,
        action: Action,
        object: str = "",
        outcome: str = "ok",
        details: Mapping[str, DetailValue] | None = None,
        at: datetime | None = None,
    ) -> JournalRecord:
        """Append one entry inside the caller's write transaction *s* (blocking: DB thread).

        The entry commits, or not, with what it records (e.g. the outbox storing a
        platform answer): one commit instead of two. *s* must be a write session
        (``BEGIN IMMEDIATE``) on the journal's database: holding SQLite's write lock,
        reading the chain head and inserting after it cannot interleave with another append.
        """
        action = Action(action)  # refuse unknown actions at run time too
        if at is not None and (at.tzinfo is None or at.utcoffset() is None):
            raise ValueError("journal times must be timezone-aware")
        when = (at or utcnow()).astimezone(UTC)
        details_json = _canonical_details(details)
        entry_id = str(uuid.uuid4())
        role = str(role)
        self._bind_key(s)
        last = s.execute(
            select(JournalEntry.seq, JournalEntry.hash).order_by(JournalEntry.seq.desc()).limit(1)
        ).first()
        prev_hash = str(last.hash) if last is not None else GENESIS_HASH
        # sqlite_sequence remembers the highest seq ever used, so a number freed by a
        # deleted tail entry is never handed out again (the gap stays visible).
        used = s.scalar(
            text("SELECT seq FROM sqlite_sequence WHERE name = :t"),
            {"t": JournalEntry.__tablename__},
        )
        seq = max(int(used or 0), int(last.seq) if last is not None else 0) + 1
        digest = _compute_hash(
            self._key,
            prev_hash,
            seq=seq,
            entry_id=entry_id,
            at=when,
            staff_no=staff_no,
            role=role,
            action=action.value,
            object=object,
            outcome=outcome,
            details=details_json,
        )
        entry = JournalEntry(
            seq=seq,
            entry_id=entry_id,
            at=when,
            staff_no=staff_no,
            role=role,
            action=action.value,
            object=object,
            outcome=outcome,
            details=details_json,
            prev_hash=prev_hash,
            hash=digest,
        )
        s.add(entry)
        s.flush()
        return _record(entry)

    def shares(self, db: Database) -> bool:
        """Whether the journal lives in *db*, so `append_in` can join its transactions."""
        return self._db is db

    def _bind_key(self, s: Session) -> None:
        """Remember which key wrote the chain, so a replaced key is told apart from tampering."""
        if s.get(Setting, _KEY_CHECK_SETTING) is None:
            s.add(Setting(key=_KEY_CHECK_SETTING, value=self._fingerprint))

    def mark_sent(self, entry_ids: Iterable[str], *, at: datetime | None = None) -> int:
        """Record that the bureau acknowledged these entries; returns how many changed."""
        ids = list(entry_ids)
        if not ids:
            return 0
        when = at or utcnow()
        changed = 0
        with self._db.session() as s:
            for start in range(0, len(ids), 500):
                result = s.execute(
                    update(JournalEntry)
                    .where(JournalEntry.entry_id.in_(ids[start : start + 500]))
                    .where(JournalEntry.sent_at.is_(None))
                    .values(sent_at=when)
                )
                changed += int(getattr(result, "rowcount", 0) or 0)
        return changed

    # --- reading ----------------------------------------------------------------------

    def head(self) -> str:
        """The hash of the last entry (64 zeros for an empty journal)."""
        with self._db.session(readonly=True) as s:
            last = s.scalar(select(JournalEntry.hash).order_by(JournalEntry.seq.desc()).limit(1))
        return last or GENESIS_HASH

    def entries(self, day: date | None = None) -> list[JournalRecord]:
        """All entries, or those of one business day, in order."""
        stmt = select(*_COLUMNS).order_by(JournalEntry.seq)
        if day is not None:
            start, end = day_bounds(day)
            stmt = stmt.where(JournalEntry.at >= start, JournalEntry.at < end)
        with self._db.session(readonly=True) as s:
            return [_record(row) for row in s.execute(stmt)]

    def unsent(self, limit: int = 500) -> list[JournalRecord]:
        """The oldest entries not yet acknowledged by the bureau."""
        stmt = (
            select(*_COLUMNS)
            .where(JournalEntry.sent_at.is_(None))
            .order_by(JournalEntry.seq)
            .limit(limit)
        )
        with self._db.session(readonly=True) as s:
            return [_record(row) for row in s.execute(stmt)]

    # --- verifying --------------------------------------------------------------------

    def verify(self, day: date | None = None, expected_head: str | None = None) -> VerifyResult:
        """Check the chain (all of it, or the span of one business day).

        For a day, the span runs from the day's first to its last entry by ``seq``; the
        entries just before and after the span are checked too (their hash, their link),
        so the day is tied into the chain. With *expected_head* (a head recorded earlier,
        e.g. at day close), that hash must be the hash of an entry in the span; entries
        appended after it are fine, a chain cut short before it is not.
        """
        with self._db.session(readonly=True) as s:  # one consistent snapshot
            stored_fp = s.scalar(select(Setting.value).where(Setting.key == _KEY_CHECK_SETTING))
            if stored_fp is not None and not _same(stored_fp, self._fingerprint):
                return VerifyResult(
                    ok=False,
                    count=0,
                    first_bad_seq=None,
                    message="日志密钥与写入日志时的密钥不符（密钥环可能被重置），无法校验日志。",
                )
            span = select(func.min(JournalEntry.seq), func.max(JournalEntry.seq))
            if day is not None:
                start, end = day_bounds(day)
                span = span.where(JournalEntry.at >= start, JournalEntry.at < end)
            bounds: tuple[Any, ...] = tuple(s.execute(span).one())
            lo, hi = bounds
            if lo is None or hi is None:
                return self._finish(0, GENESIS_HASH, expected_head, found_expected=False)
            first, last = lo, hi
            prev_seq, prev = 0, GENESIS_HASH
            if day is not None:
                # Check one neighbour on each side too. The entry before is checked for its
                # own hash and anchors the day; the entry after must link to the day's last.
                # So an entry at the edge of the day re-dated out of it is caught as well.
                before = s.execute(
                    select(JournalEntry.seq, JournalEntry.prev_hash)
                    .where(JournalEntry.seq < lo)
                    .order_by(JournalEntry.seq.desc())
                    .limit(1)
                ).first()
                after = s.scalar(select(func.min(JournalEntry.seq)).where(JournalEntry.seq > hi))
                if before is not None:
                    first = int(before.seq)
                    prev_seq, prev = first - 1, str(before.prev_hash)
                if after is not None:
                    last = int(after)
            rows = s.execute(
                select(*_VERIFY_COLUMNS)
                .where(JournalEntry.seq >= first, JournalEntry.seq <= last)
                .order_by(JournalEntry.seq)
                .execution_options(yield_per=1000)
            )
            return self._check(rows, prev_seq, prev, expected_head, span=(int(lo), int(hi)))

    def _check(
        self,
        rows: Iterable[_AnyRow],
        prev_seq: int,
        prev: str,
        expected_head: str | None,
        *,
        span: tuple[int, int],
    ) -> VerifyResult:
        """Walk *rows* in seq order; only rows inside *span* are counted and may be the head."""
        count = 0
        head = GENESIS_HASH
        found_expected = expected_head is None
        for row in rows:
            inside = span[0] <= row.seq <= span[1]
            count += inside
            if row.seq != prev_seq + 1 or not _same(row.prev_hash, prev):
                return VerifyResult(
                    ok=False,
                    count=count,
                    first_bad_seq=row.seq,
                    message=(
                        f"日志第 {row.seq} 条与前一条不衔接：有记录被删除、插入或调换了顺序。"
                    ),
                    head=head,
                )
            try:
                expected = _compute_hash(
                    self._key,
                    prev,
                    seq=row.seq,
                    entry_id=row.entry_id,
                    at=_parse_stored_at(row.at),
                    staff_no=row.staff_no,
                    role=row.role,
                    action=row.action,
                    object=row.object,
                    outcome=row.outcome,
                    details=row.details,
                )
            except (TypeError, ValueError, AttributeError):  # a field of the wrong type
                expected = ""
            if not _same(row.hash, expected):
                return VerifyResult(
                    ok=False,
                    count=count,
                    first_bad_seq=row.seq,
                    message=f"日志第 {row.seq} 条的内容与校验值不符：记录被修改。",
                    head=head,
                )
            prev_seq = row.seq
            prev = str(row.hash)
            if inside:
                head = prev
                if not found_expected and _same(prev, expected_head):
                    found_expected = True
        return self._finish(count, head, expected_head, found_expected=found_expected)

    @staticmethod
    def _finish(
        count: int, head: str, expected_head: str | None, *, found_expected: bool
    ) -> VerifyResult:
        if expected_head is not None and not found_expected and expected_head != GENESIS_HASH:
            return VerifyResult(
                ok=False,
                count=count,
                first_bad_seq=None,
                message=(
                    f"日志中找不到已上报的链头 {expected_head[:12]}…："
                    "日志末尾的记录被删除（截断）。"
                ),
                head=head,
            )
        return VerifyResult(
            ok=True,
            count=count,
            first_bad_seq=None,
            message=f"日志校验通过：共 {count} 条，链头 {head[:12]}…。",
            head=head,
        )
