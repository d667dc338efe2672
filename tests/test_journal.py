"""The append-only, keyed hash-chained journal (counter.journal)."""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from counter.journal import (
    GENESIS_HASH,
    Action,
    Journal,
    JournalRecord,
    day_bounds,
)
from counter.keystore import KeyStore
from counter.storage import Database, open_database

KEY = b"k" * 32


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "counter.sqlite3")
    yield database
    database.close()


@pytest.fixture
def journal(db: Database) -> Journal:
    return Journal(db, KEY)


def drop_guards(path: Path) -> sqlite3.Connection:
    """What an attacker with the file does first: remove the append-only triggers."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER journal_entries_no_update")
    conn.execute("DROP TRIGGER journal_entries_no_delete")
    return conn


def test_required_actions_exist() -> None:
    required = (
        "login login_failed logout session_replaced lock unlock catalogue_sync person_lookup "
        "unmask error ticket_issue ticket_call case_submit review print reprint day_close"
    ).split()
    assert {a.value for a in Action} >= set(required)
    assert Action("login") is Action.LOGIN


def test_empty_journal(journal: Journal) -> None:
    assert journal.head() == GENESIS_HASH == "0" * 64
    result = journal.verify()
    assert result.ok and result.count == 0 and result.first_bad_seq is None
    assert journal.verify(expected_head=GENESIS_HASH).ok


def test_append_builds_a_chain(journal: Journal) -> None:
    a = journal.append(staff_no="S001", role="clerk", action=Action.LOGIN)
    b = journal.append(
        staff_no="S001",
        role="clerk",
        action=Action.PERSON_LOOKUP,
        object="330102********1234",
        details={"reason": "查询参保状态", "found": True, "count": 1, "note": None},
    )
    assert isinstance(a, JournalRecord)
    assert (a.seq, b.seq) == (1, 2)
    assert a.prev_hash == GENESIS_HASH
    assert b.prev_hash == a.hash
    assert journal.head() == b.hash
    assert a.at.tzinfo is UTC
    assert b.details == {"reason": "查询参保状态", "found": True, "count": 1, "note": None}
    assert journal.entries() == [a, b]
    result = journal.verify(expected_head=b.hash)
    assert result.ok and result.count == 2 and result.head == b.hash
    assert "校验通过" in result.message


def test_hash_is_the_documented_hmac(journal: Journal) -> None:
    at = datetime(2026, 5, 9, 1, 2, 3, 456789, tzinfo=UTC)
    rec = journal.append(
        staff_no="S001",
        role="clerk",
        action=Action.TICKET_CALL,
        object="A012",
        details={"window": 3},
        at=at,
    )
    fields = {
        "v": 1,
        "seq": 1,
        "entry_id": rec.entry_id,
        "at": "2026-05-09T01:02:03.456789+00:00",
        "staff_no": "S001",
        "role": "clerk",
        "action": "ticket_call",
        "object": "A012",
        "outcome": "ok",
        "details": '{"window":3}',
    }
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    expected = hmac.new(KEY, (GENESIS_HASH + canonical).encode("utf-8"), hashlib.sha256).hexdigest()
    assert rec.hash == expected


def test_bad_input_is_refused(journal: Journal) -> None:
    with pytest.raises(ValueError):
        journal.append(staff_no="S", role="clerk", action="not_an_action")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        journal.append(
            staff_no="S",
            role="clerk",
            action=Action.ERROR,
            details={"x": 1.5},  # type: ignore[dict-item]
        )
    with pytest.raises(TypeError):
        journal.append(
            staff_no="S",
            role="clerk",
            action=Action.ERROR,
            details={"x": {"nested": 1}},  # type: ignore[dict-item]
        )
    with pytest.raises(ValueError):
        journal.append(staff_no="S", role="clerk", action=Action.ERROR, at=datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        Journal(journal._db, b"short")
    assert journal.verify().count == 0  # nothing half-written


def test_plain_strings_are_accepted_as_actions(journal: Journal) -> None:
    rec = journal.append(staff_no="S", role="clerk", action="unmask")  # type: ignore[arg-type]
    assert rec.action == "unmask"


def test_business_day_is_shanghai_time(journal: Journal) -> None:
    start, end = day_bounds(date(2026, 5, 9))
    assert start == datetime(2026, 5, 8, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 5, 9, 16, 0, tzinfo=UTC)
    before = journal.append(
        staff_no="S", role="clerk", action=Action.LOGIN, at=start - timedelta(microseconds=1)
    )
    first = journal.append(staff_no="S", role="clerk", action=Action.LOGIN, at=start)
    last = journal.append(
        staff_no="S", role="clerk", action=Action.DAY_CLOSE, at=end - timedelta(seconds=1)
    )
    after = journal.append(staff_no="S", role="clerk", action=Action.LOGIN, at=end)
    assert [e.seq for e in journal.entries(date(2026, 5, 9))] == [first.seq, last.seq]
    assert [e.seq for e in journal.entries(date(2026, 5, 8))] == [before.seq]
    day = journal.verify(date(2026, 5, 9), expected_head=last.hash)
    assert day.ok and day.count == 2 and day.head == last.hash
    assert journal.verify(date(2026, 5, 10)).count == 1
    assert journal.verify(date(2026, 5, 1)).count == 0
    assert after.seq == 4


def test_day_verify_sees_tampering_of_that_day_only(db: Database, journal: Journal) -> None:
    d1 = datetime(2026, 5, 8, 2, 0, tzinfo=UTC)
    d2 = datetime(2026, 5, 9, 2, 0, tzinfo=UTC)
    for i in range(3):
        journal.append(
            staff_no="S", role="clerk", action=Action.LOGIN, at=d1 + timedelta(minutes=i)
        )
    for i in range(3):
        journal.append(
            staff_no="S", role="clerk", action=Action.LOGIN, at=d2 + timedelta(minutes=i)
        )
    with closing(drop_guards(db.path)) as conn:
        conn.execute("UPDATE journal_entries SET outcome = 'denied' WHERE seq = 5")
        conn.commit()
    assert journal.verify(date(2026, 5, 8)).ok
    bad = journal.verify(date(2026, 5, 9))
    assert not bad.ok and bad.first_bad_seq == 5
    assert "第 5 条" in bad.message and "被修改" in bad.message


def test_truncation_needs_the_expected_head(db: Database, journal: Journal) -> None:
    records = [journal.append(staff_no="S", role="clerk", action=Action.PRINT) for _ in range(5)]
    head = journal.head()
    with closing(drop_guards(db.path)) as conn:
        conn.execute("DELETE FROM journal_entries WHERE seq >= 4")
        conn.commit()
    assert journal.verify().ok  # a cut chain is still a chain...
    cut = journal.verify(expected_head=head)  # ...but the reported head is gone
    assert not cut.ok and cut.first_bad_seq is None
    assert "截断" in cut.message
    assert journal.verify(expected_head=records[2].hash).ok
    # and the next entry keeps its number: the hole shows even without the head
    nxt = journal.append(staff_no="S", role="clerk", action=Action.PRINT)
    assert nxt.seq == 6
    gap = journal.verify()
    assert not gap.ok and gap.first_bad_seq == 6


def test_append_only_guards(db: Database, journal: Journal) -> None:
    rec = journal.append(staff_no="S", role="clerk", action=Action.LOGIN)
    with pytest.raises(IntegrityError, match="append-only"), db.session() as s:
        s.execute(text("UPDATE journal_entries SET outcome = 'x'"))
    with pytest.raises(IntegrityError, match="append-only"), db.session() as s:
        s.execute(text("DELETE FROM journal_entries"))
    assert journal.verify().ok
    # only sent_at may change
    assert [r.entry_id for r in journal.unsent()] == [rec.entry_id]
    sent = datetime(2026, 5, 9, 3, 0, tzinfo=UTC)
    assert journal.mark_sent([rec.entry_id], at=sent) == 1
    assert journal.mark_sent([rec.entry_id]) == 0
    assert journal.mark_sent([]) == 0
    assert journal.unsent() == []
    assert journal.entries()[0].sent_at == sent
    assert journal.verify().ok


def test_wrong_key_is_told_apart_from_tampering(db: Database, journal: Journal) -> None:
    journal.append(staff_no="S", role="clerk", action=Action.LOGIN)
    result = Journal(db, b"x" * 32).verify()
    assert not result.ok and result.first_bad_seq is None
    assert "密钥" in result.message


def test_keystore_journal_key_works(db: Database) -> None:
    journal = Journal(db, KeyStore(installation_id="inst").journal_key())
    journal.append(staff_no="S", role="clerk", action=Action.LOGIN)
    assert Journal(db, KeyStore(installation_id="inst").journal_key()).verify().ok


def test_concurrent_appends_keep_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    db_a = open_database(path)
    db_b = open_database(path)  # a second engine on the same file: like a second process
    try:
        journals = [Journal(db_a, KEY), Journal(db_a, KEY), Journal(db_b, KEY)]
        errors: list[BaseException] = []
        per_thread = 25

        def worker(n: int) -> None:
            try:
                for i in range(per_thread):
                    journals[n % len(journals)].append(
                        staff_no=f"S{n:03d}",
                        role="clerk",
                        action=Action.TICKET_CALL,
                        object=f"A{i:03d}",
                    )
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        result = Journal(db_b, KEY).verify()
        assert result.ok, result.message
        assert result.count == 8 * per_thread
        seqs = [e.seq for e in Journal(db_a, KEY).entries()]
        assert seqs == list(range(1, 8 * per_thread + 1))
    finally:
        db_a.close()
        db_b.close()
