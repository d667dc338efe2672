"""Random tampering with the journal file is always detected (hypothesis).

The attacker has the SQLite file, not the journal key (it lives in the OS keyring). Each
example copies a journal built once, tampers with the copy through plain sqlite3 (after
dropping the append-only triggers, as an attacker would), and verifies it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from counter.journal import GENESIS_HASH, Action, Journal, JournalRecord, VerifyResult
from counter.storage import open_database

KEY = b"j" * 32
N = 12
TEXT_FIELDS = (
    "entry_id",
    "staff_no",
    "role",
    "action",
    "object",
    "outcome",
    "details",
    "prev_hash",
    "hash",
)
SQL_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=70)
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@dataclass(frozen=True)
class Template:
    path: Path
    records: list[JournalRecord]
    head: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    path = tmp_path_factory.mktemp("journal") / "counter.sqlite3"
    db = open_database(path)
    journal = Journal(db, KEY)
    start = datetime(2026, 5, 8, 14, 0, tzinfo=UTC)  # spans two business days
    actions = list(Action)
    records = [
        journal.append(
            staff_no=f"S{i % 3:03d}",
            role=("clerk", "guide", "supervisor")[i % 3],
            action=actions[i % len(actions)],
            object=f"A{i:03d}",
            outcome="ok" if i % 4 else "failed",
            details={"window": i, "masked": "张*", "ok": bool(i % 2), "none": None},
            at=start + timedelta(minutes=37 * i),
        )
        for i in range(N)
    ]
    head = journal.head()
    assert journal.verify(expected_head=head).ok
    db.close()
    return Template(path, records, head)


def tampered(
    template: Template, tamper: Callable[[sqlite3.Connection], None]
) -> list[VerifyResult]:
    """Copy the journal, tamper with it, and verify it: plain, with the head, by day."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "counter.sqlite3"
        shutil.copyfile(template.path, path)
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("DROP TRIGGER journal_entries_no_update")
            conn.execute("DROP TRIGGER journal_entries_no_delete")
            tamper(conn)
            conn.commit()
        db = open_database(path)
        try:
            journal = Journal(db, KEY)
            return [
                journal.verify(),
                journal.verify(expected_head=template.head),
                *(journal.verify(day) for day in (date(2026, 5, 8), date(2026, 5, 9))),
            ]
        finally:
            db.close()


def assert_detected(results: list[VerifyResult], first_bad_seq: int | None) -> None:
    plain, with_head, *_ = results
    assert not plain.ok
    assert not with_head.ok
    if first_bad_seq is not None:
        assert plain.first_bad_seq == first_bad_seq
    assert plain.first_bad_seq is not None
    assert "日志第" in plain.message
    assert any(not r.ok for r in results[2:])  # one of the days shows it too


def test_untouched_copy_verifies(template: Template) -> None:
    results = tampered(template, lambda conn: None)
    assert all(r.ok for r in results)
    assert results[0].count == N
    assert sum(r.count for r in results[2:]) == N


@EXAMPLES
@given(idx=st.integers(1, N), field=st.sampled_from(TEXT_FIELDS), value=SQL_TEXT)
def test_edited_field_is_detected(template: Template, idx: int, field: str, value: str) -> None:
    old = getattr(template.records[idx - 1], field)
    assume(value != (old if isinstance(old, str) else None))
    if field == "details":
        assume(value != json.dumps(old, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    if field == "entry_id":
        assume(value not in {r.entry_id for r in template.records})

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute(f'UPDATE journal_entries SET "{field}" = ? WHERE seq = ?', (value, idx))

    assert_detected(tampered(template, edit), idx)


@EXAMPLES
@given(idx=st.integers(1, N), shift_us=st.integers(-(10**12), 10**12).filter(bool))
def test_edited_time_is_detected(template: Template, idx: int, shift_us: int) -> None:
    new_at = template.records[idx - 1].at + timedelta(microseconds=shift_us)
    stored = new_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal_entries SET at = ? WHERE seq = ?", (stored, idx))

    assert_detected(tampered(template, edit), idx)


@EXAMPLES
@given(idx=st.integers(1, N), garbage=SQL_TEXT)
def test_garbled_time_is_detected_not_crashing(template: Template, idx: int, garbage: str) -> None:
    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal_entries SET at = ? WHERE seq = ?", (garbage, idx))

    assert_detected(tampered(template, edit), idx)


@EXAMPLES
@given(
    idx=st.integers(1, N),
    new_seq=st.integers(N + 1, 10**6) | st.integers(-(10**6), 0),
)
def test_renumbered_entry_is_detected(template: Template, idx: int, new_seq: int) -> None:
    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal_entries SET seq = ? WHERE seq = ?", (new_seq, idx))

    assert_detected(tampered(template, edit), None)


@EXAMPLES
@given(idx=st.integers(1, N - 1))
def test_deleted_entry_is_detected(template: Template, idx: int) -> None:
    def delete(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM journal_entries WHERE seq = ?", (idx,))

    assert_detected(tampered(template, delete), idx + 1)


@EXAMPLES
@given(pair=st.lists(st.integers(1, N), min_size=2, max_size=2, unique=True).map(sorted))
def test_swapped_entries_are_detected(template: Template, pair: list[int]) -> None:
    i, j = pair

    def swap(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal_entries SET seq = -1 WHERE seq = ?", (i,))
        conn.execute("UPDATE journal_entries SET seq = ? WHERE seq = ?", (i, j))
        conn.execute("UPDATE journal_entries SET seq = ? WHERE seq = -1", (j,))

    assert_detected(tampered(template, swap), i)


@EXAMPLES
@given(
    pos=st.integers(0, N),
    forged_key=st.binary(min_size=32, max_size=32).filter(lambda k: k != KEY),
    staff_no=SQL_TEXT,
    at_shift=st.integers(0, 10**9),
)
def test_inserted_forged_entry_is_detected(
    template: Template, pos: int, forged_key: bytes, staff_no: str, at_shift: int
) -> None:
    prev = template.records[pos - 1] if pos else None
    prev_hash = prev.hash if prev else GENESIS_HASH
    at = (prev.at if prev else template.records[0].at) + timedelta(microseconds=at_shift)
    entry_id = str(uuid.uuid4())
    # the attacker follows the documented format, only without the real key
    forged_hash = hmac.new(
        forged_key, (prev_hash + entry_id + staff_no).encode(), hashlib.sha256
    ).hexdigest()

    def insert(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal_entries SET seq = seq + 1000000 WHERE seq > ?", (pos,))
        conn.execute("UPDATE journal_entries SET seq = seq - 999999 WHERE seq > 1000000")
        conn.execute(
            "INSERT INTO journal_entries (seq, entry_id, at, staff_no, role, action, object,"
            " outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, 'clerk', 'reprint', 'A001',"
            " 'ok', '{}', ?, ?)",
            (
                pos + 1,
                entry_id,
                at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                staff_no,
                prev_hash,
                forged_hash,
            ),
        )

    assert_detected(tampered(template, insert), pos + 1)


@EXAMPLES
@given(cut=st.integers(1, N))
def test_truncated_tail_is_detected_with_the_head(template: Template, cut: int) -> None:
    def truncate(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM journal_entries WHERE seq > ?", (N - cut,))

    plain, with_head, *_ = tampered(template, truncate)
    assert plain.ok and plain.count == N - cut  # what is left still chains...
    assert not with_head.ok  # ...but the head sent to the bureau is missing
    assert "截断" in with_head.message
