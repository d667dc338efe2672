"""1,000 random tamperings of a journal file — edits, deletions, reorderings, forged
insertions, truncations — every one detected (issue 6 "Done means").

The attacker has the SQLite file, not the journal key. Each tampering works on a fresh
copy of a journal built once (two business days, the second day's head recorded as at
close), through plain sqlite3 after dropping the append-only triggers. Both checkers are
run and must agree to the letter — `Journal.verify` and the fast
`counter.journal_verify.verify_chain` the report uses — on the whole chain and against
the head for every copy, and for each day as well on every fifth.

Seeded, so a failure names a reproducible case (`kind`, its parameters, the seed).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import shutil
import sqlite3
import string
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from counter.journal import Action, Journal, JournalRecord, VerifyResult
from counter.journal_verify import verify_chain
from counter.storage import open_database
from counter.storage.db import Database, _create_engine

KEY = b"k" * 32
N = 24
DAYS = (date(2026, 5, 8), date(2026, 5, 9))
TAMPERINGS = 1000
SEED = 20260318
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


@dataclass(frozen=True)
class Template:
    path: Path
    records: list[JournalRecord]
    head: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    path = tmp_path_factory.mktemp("tamper") / "counter.sqlite3"
    db = open_database(path)
    journal = Journal(db, KEY)
    start = datetime(2026, 5, 8, 9, 0, tzinfo=UTC)  # 17:00 Shanghai: spans two days
    actions = list(Action)
    records = [
        journal.append(
            staff_no=f"C{i % 4:03d}",
            role=("clerk", "guide", "supervisor")[i % 3],
            action=actions[(i * 7) % len(actions)],
            object=f"S{i:03d}",
            outcome="ok" if i % 5 else "failed",
            details={"window": i % 3 + 1, "person": "张*", "n": i, "flag": bool(i % 2)},
            at=start + timedelta(minutes=53 * i),
        )
        for i in range(N)
    ]
    head = journal.head()
    db.close()
    return Template(path, records, head)


Tamper = Callable[[sqlite3.Connection], None]


def _text(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + '张李王*{}":, -_'
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def _stored(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _edit(rng: random.Random, t: Template) -> tuple[str, Tamper]:
    idx = rng.randint(1, N)
    field = rng.choice(TEXT_FIELDS)
    old = getattr(t.records[idx - 1], field)
    value = _text(rng)
    while value == (old if isinstance(old, str) else None) or value == _details(old):
        value = _text(rng) + "!"
    return f"edit {field} of {idx} to {value!r}", _sql(
        f'UPDATE journal_entries SET "{field}" = ? WHERE seq = ?', (value, idx)
    )


def _edit_time(rng: random.Random, t: Template) -> tuple[str, Tamper]:
    idx = rng.randint(1, N)
    shift = rng.choice([-1, 1]) * rng.randint(1, 10**11)
    new = _stored(t.records[idx - 1].at + timedelta(microseconds=shift))
    return f"time of {idx} shifted {shift} µs", _sql(
        "UPDATE journal_entries SET at = ? WHERE seq = ?", (new, idx)
    )


def _renumber(rng: random.Random, t: Template) -> tuple[str, Tamper]:
    idx = rng.randint(1, N)
    new_seq = rng.choice([rng.randint(N + 1, 10**6), rng.randint(-(10**6), 0)])
    return f"renumber {idx} to {new_seq}", _sql(
        "UPDATE journal_entries SET seq = ? WHERE seq = ?", (new_seq, idx)
    )


def _delete(rng: random.Random, t: Template) -> tuple[str, Tamper]:
    idx = rng.randint(1, N - 1)  # deleting the last one is a truncation
    return f"delete {idx}", _sql("DELETE FROM journal_entries WHERE seq = ?", (idx,))


def _reorder(rng: random.Random, t: Template) -> tuple[str, Tamper]:
    i, j = sorted(rng.sample(range(1, N + 1), 2))
    return f"swap {i} and {j}", _swap(i, j)


def _forge(rng: random.Random, t: Template) -> tuple[str, Tamper]:
    pos = rng.randint(0, N)
    return f"insert forged entry after {pos}", _insert(rng, t, pos)


def _truncate(rng: random.Random, t: Template) -> tuple[str, Tamper]:
    cut = rng.randint(1, N)
    return f"truncate last {cut}", _sql("DELETE FROM journal_entries WHERE seq > ?", (N - cut,))


MAKERS: dict[str, Callable[[random.Random, Template], tuple[str, Tamper]]] = {
    "edit": _edit,
    "edit_time": _edit_time,
    "renumber": _renumber,
    "delete": _delete,
    "reorder": _reorder,
    "insert": _forge,
    "truncate": _truncate,
}


def _details(old: object) -> str | None:
    if isinstance(old, dict):
        return json.dumps(old, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return None


def _sql(statement: str, params: tuple[object, ...]) -> Tamper:
    def run(conn: sqlite3.Connection) -> None:
        conn.execute(statement, params)

    return run


def _swap(i: int, j: int) -> Tamper:
    def run(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal_entries SET seq = -1 WHERE seq = ?", (i,))
        conn.execute("UPDATE journal_entries SET seq = ? WHERE seq = ?", (i, j))
        conn.execute("UPDATE journal_entries SET seq = ? WHERE seq = -1", (j,))

    return run


def _insert(rng: random.Random, t: Template, pos: int) -> Tamper:
    prev = t.records[pos - 1] if pos else None
    prev_hash = prev.hash if prev else "0" * 64
    at = (prev.at if prev else t.records[0].at) + timedelta(seconds=rng.randint(0, 3000))
    entry_id = str(uuid.uuid4())
    forged_key = rng.randbytes(32)
    forged = hmac.new(forged_key, (prev_hash + entry_id).encode(), hashlib.sha256).hexdigest()

    def run(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal_entries SET seq = seq + 1000000 WHERE seq > ?", (pos,))
        conn.execute("UPDATE journal_entries SET seq = seq - 999999 WHERE seq > 1000000")
        if pos < N:  # the attacker also relinks the next entry to the forged one
            conn.execute(
                "UPDATE journal_entries SET prev_hash = ? WHERE seq = ?", (forged, pos + 2)
            )
        conn.execute(
            "INSERT INTO journal_entries (seq, entry_id, at, staff_no, role, action, object,"
            " outcome, details, prev_hash, hash) VALUES (?, ?, ?, 'C001', 'clerk', 'reprint',"
            " 'S999', 'ok', '{}', ?, ?)",
            (pos + 1, entry_id, _stored(at), prev_hash, forged),
        )

    return run


def _open(path: Path) -> Database:
    """The copy is at the head revision already: skip open_database's migration check
    (it loads the Alembic scripts each time, which would dominate a thousand runs)."""
    return Database(path, _create_engine(path, foreign_keys=True))


def verify_all(
    path: Path, head: str, *, differential: bool = True
) -> list[tuple[VerifyResult, VerifyResult]]:
    """(Journal.verify, verify_chain) for: the whole chain, with the head, each day, the
    second day with the head. Without *differential*, the journal's own (slower) checker
    runs on the first two only and the days repeat the fast result."""
    db = _open(path)
    try:
        journal = Journal(db, KEY)
        cases: list[tuple[date | None, str | None]] = [(None, None), (None, head)]
        cases += [(day, None) for day in DAYS]
        cases.append((DAYS[1], head))
        results = []
        for i, (d, h) in enumerate(cases):
            fast = verify_chain(db, KEY, d, h)
            results.append((journal.verify(d, h) if differential or i < 2 else fast, fast))
        return results
    finally:
        db.close()


def test_the_untouched_journal_verifies_the_same_both_ways(template: Template) -> None:
    results = verify_all(template.path, template.head)
    for slow, fast in results:
        assert slow == fast
        assert slow.ok
    assert results[0][0].count == N
    assert sum(r[0].count for r in results[2:4]) == N


def test_a_thousand_random_tamperings_are_all_detected(template: Template, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    kinds = list(MAKERS)
    seen = dict.fromkeys(kinds, 0)
    for n in range(TAMPERINGS):
        kind = kinds[n % len(kinds)]
        what, tamper = MAKERS[kind](rng, template)
        path = tmp_path / f"copy-{n % 2}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template.path, path)
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("DROP TRIGGER journal_entries_no_update")
            conn.execute("DROP TRIGGER journal_entries_no_delete")
            tamper(conn)
            conn.commit()
        results = verify_all(path, template.head, differential=n % 5 == 0)
        for slow, fast in results:
            assert slow == fast, f"#{n} {what}: the two checkers disagree"
        (plain, _), (with_head, _), *by_day = results
        assert not with_head.ok, f"#{n} {what}: not detected against the head"
        if kind == "truncate":
            assert "截断" in with_head.message
        else:
            assert not plain.ok, f"#{n} {what}: not detected"
            assert plain.first_bad_seq is not None and "日志第" in plain.message
            assert any(not r.ok for r, _ in by_day), f"#{n} {what}: no day shows it"
        seen[kind] += 1
    assert sum(seen.values()) == TAMPERINGS
    assert min(seen.values()) >= TAMPERINGS // len(kinds)
