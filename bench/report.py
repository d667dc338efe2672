"""Benchmark of the day report on a day of 100,000 journal entries (run it by hand).

    .venv/bin/python -m bench.report            # a readable report
    .venv/bin/python -m bench.report --json     # one JSON object
    .venv/bin/python -m bench.report --keep DIR # keep the generated data dir (e.g. for the PDF)

The day is generated in a training data dir (file keyring, as `counter --training` uses
when the machine has no OS keyring): 600 tickets over 08:30–17:00 at six windows
with calls, recalls, transfers, no-shows and pauses; 500 cases with their uploads and ratings; and
a journal of 100,000 entries for the day (a valid keyed chain, written in one
transaction with the journal's own hash function — appending them one by one would take
minutes and measure nothing of interest).

Measured (median of `--runs`):

* ``build_report`` in-process: queue figures, by-hour, cases, ratings, exceptions, the
  journal counts **and the verification of the day's chain** (100,000 HMACs);
* its parts: the chain check alone (fast path) and `Journal.verify` (the journal's own);
* JSON and PDF output;
* the baseline: one SQL aggregate over the same journal rows (entries by action);
* `counter --training report --format json` end to end in a fresh process (interpreter
  start, imports, keyring, report, output).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import Result
from counter.bureau.cases import CasePerson, CaseStatus, IdentityMethod, RatingLevel
from counter.crypto import FieldCipher
from counter.journal import Action, Journal, _canonical_details, _compute_hash
from counter.journal_verify import verify_chain
from counter.report import build_report, report_json
from counter.report_pdf import write_pdf
from counter.storage.db import Database, open_database
from counter.storage.models import installation_id
from ui.composition import open_keystore

DAY = date(2026, 3, 18)
ENTRIES = 100_000
TICKETS = 600
CASES = 500
WINDOWS = (1, 2, 3, 4, 5, 6)
CLERKS = ("C001", "C002", "C003", "C004", "C005", "C006")
ITEMS = [(f"SB0{g}{n:03d}", f"事项{g}-{n}") for g in range(1, 9) for n in range(1, 8)]
OPEN = datetime(2026, 3, 18, 0, 30, tzinfo=UTC)  # 08:30 Asia/Shanghai
CLOSE = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)  # 17:00


def _stored(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _tickets(db: Database, rng: random.Random) -> list[tuple[str, str]]:
    """Tickets, their events, estimates and pauses; returns (number, clerk) of served ones."""
    raw = db.engine.raw_connection()
    cur = raw.cursor()
    served: list[tuple[str, str]] = []
    ticket_id = 0
    # arrivals peak mid-morning and mid-afternoon, none in the last half hour
    hours = [0.5, 1.0, 1.5, 1.3, 0.7, 0.5, 1.0, 1.3, 0.3]  # 08:30, 09:30, … 16:30
    starts = rng.choices(range(len(hours)), hours, k=TICKETS)
    issued = sorted(
        OPEN + timedelta(hours=h, seconds=rng.random() * (3600 if h < 8 else 1800)) for h in starts
    )
    free_at = dict.fromkeys(WINDOWS, OPEN)
    for seq, at in enumerate(issued, start=1):
        number = f"S{seq:03d}"
        window = min(free_at, key=lambda w: free_at[w])
        clerk = CLERKS[window - 1]
        call = max(at + timedelta(seconds=30), free_at[window])
        roll = rng.random()
        outcome = "served" if roll < 0.86 else ("no_show" if roll < 0.94 else "cancelled")
        if roll >= 0.97:
            outcome = "transferred"
        service = timedelta(seconds=rng.lognormvariate(5.6, 0.35))
        end = call + (service if outcome in ("served", "transferred") else timedelta(minutes=2))
        if outcome == "cancelled":
            call_at, end = None, at + timedelta(minutes=rng.randint(3, 30))
        else:
            call_at = call
            free_at[window] = end
        priority = "elderly" if rng.random() < 0.08 else "normal"
        ticket_id += 1
        cur.execute(
            "INSERT INTO tickets (id, business_day, seq, leg, number, state, outcome, priority,"
            " item_code, item_name, issued_at, original_issued_at, queue_at, printed_at, window,"
            " first_called_at, called_at, call_rule, serving_at, ended_at, recalls, requeues,"
            " issued_by, staff_no) VALUES (?, ?, ?, 0, ?, 'done', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, 'fifo', ?, ?, ?, 0, 'G001', ?)",
            (
                ticket_id,
                DAY.isoformat(),
                seq,
                number,
                outcome,
                priority,
                *ITEMS[seq % len(ITEMS)],
                _stored(at),
                _stored(at),
                _stored(at),
                _stored(at),
                window if call_at else None,
                _stored(call_at) if call_at else None,
                _stored(call_at) if call_at else None,
                _stored(call_at) if call_at else None,
                _stored(end),
                int(rng.random() < 0.1),
                clerk,
            ),
        )
        if call_at is not None:
            cur.execute(
                "INSERT INTO ticket_events (ticket_id, business_day, at, action, window,"
                " staff_no, rule) VALUES (?, ?, ?, 'call', ?, ?, 'fifo')",
                (ticket_id, DAY.isoformat(), _stored(call_at), window, clerk),
            )
        actual = (call_at - at).total_seconds() if call_at else None
        estimate = max(0.0, (actual or 600.0) * rng.uniform(0.6, 1.5))
        cur.execute(
            "INSERT INTO wait_estimates (ticket_id, business_day, estimated_at, ahead, samples,"
            " open_windows, low_min, high_min, estimate_s, actual_s) VALUES"
            " (?, ?, ?, 3, 10, 4, ?, ?, ?, ?)",
            (
                ticket_id,
                DAY.isoformat(),
                _stored(at),
                int(estimate / 60 * 0.7),
                int(estimate / 60 * 1.3) + 1,
                estimate,
                actual,
            ),
        )
        if outcome == "served":
            served.append((number, clerk))
    for window, hour in ((2, 4), (3, 5)):  # a lunch pause and a system pause
        start = OPEN + timedelta(hours=hour)
        cur.execute(
            "INSERT INTO window_pauses (business_day, window, staff_no, reason, started_at,"
            " ended_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                DAY.isoformat(),
                window,
                CLERKS[window - 1],
                "午间休息" if window == 2 else "系统维护",
                _stored(start),
                _stored(start + timedelta(minutes=40)),
            ),
        )
    raw.commit()
    raw.close()
    return served


def _cases(
    db: Database, cipher: FieldCipher, served: list[tuple[str, str]], rng: random.Random
) -> None:
    raw = db.engine.raw_connection()
    cur = raw.cursor()
    person = CasePerson(id_number="11010519491231002X", identity_method=IdentityMethod.ID_CARD)
    levels = [level.value for level in RatingLevel]
    weights = [60, 25, 8, 3, 1, 3]
    for n in range(CASES):
        number, clerk = served[n % len(served)]
        case_id, key = str(uuid.uuid4()), str(uuid.uuid4())
        at = OPEN + timedelta(seconds=20 * n)
        roll = rng.random()
        state = "accepted" if roll < 0.93 else ("rejected" if roll < 0.97 else "needs_attention")
        status = CaseStatus.FORWARDED if n % 5 == 0 else CaseStatus.COMPLETED
        result = json.dumps({"business_no": f"B{n}", "status": status.value, "message": "ok"})
        cur.execute(
            "INSERT INTO outbox_messages (key, kind, path, object_id, body_enc, state, attempts,"
            " next_attempt_at, result, business_no, created_by, created_at, updated_at)"
            " VALUES (?, 'case', '/v1/cases', ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
            (
                key,
                case_id,
                cipher.encrypt("{}", context=f"outbox_messages.body_enc:{key}"),
                state,
                _stored(at),
                result if state != "needs_attention" else None,
                f"B{n}" if state == "accepted" else None,
                clerk,
                _stored(at),
                _stored(at),
            ),
        )
        code, name = ITEMS[n % len(ITEMS)]
        rating = rng.choices(levels, weights)[0] if state == "accepted" else None
        cur.execute(
            "INSERT INTO cases (case_id, business_day, created_at, outlet_code, window,"
            " item_code, item_version, item_name, mode, maker, ticket_number, id_index,"
            " person_enc, form_enc, materials, accepted_offline, outbox_key, rating)"
            " VALUES (?, ?, ?, '330102001', ?, ?, 1, ?, '全程办', ?, ?, ?, ?, ?, '[]', 0, ?, ?)",
            (
                case_id,
                DAY.isoformat(),
                _stored(at),
                CLERKS.index(clerk) + 1,
                code,
                name,
                clerk,
                number,
                f"idx{n}",
                cipher.encrypt(person.model_dump_json(), context=f"cases.person_enc:{case_id}"),
                cipher.encrypt("{}", context=f"cases.form_enc:{case_id}"),
                key,
                rating,
            ),
        )
    raw.commit()
    raw.close()


ACTIONS = [
    (Action.TICKET_ISSUE, 14),
    (Action.TICKET_CALL, 14),
    (Action.TICKET_START, 12),
    (Action.TICKET_COMPLETE, 12),
    (Action.PERSON_LOOKUP, 10),
    (Action.IDENTITY_READ, 10),
    (Action.CASE_SUBMIT, 8),
    (Action.CASE_RESULT, 8),
    (Action.PRINT, 6),
    (Action.EVALUATION, 4),
    (Action.TICKET_RECALL, 1),
    (Action.TICKET_REPRINT, 0.2),
    (Action.UNMASK, 0.3),
    (Action.IDENTITY_MANUAL, 0.2),
    (Action.OUTBOX_DELIVERED, 1),
]


def _journal(db: Database, key: bytes, rng: random.Random) -> str:
    """ENTRIES entries of the day after one ordinary append (which binds the key)."""
    journal = Journal(db, key)
    first = journal.append(staff_no="G001", role="guide", action=Action.LOGIN, at=OPEN)
    prev, seq = first.hash, first.seq
    actions, weights = zip(*ACTIONS, strict=True)
    step = (CLOSE - OPEN) / ENTRIES
    rows = []
    for i in range(1, ENTRIES):
        seq += 1
        action = rng.choices(actions, weights)[0]
        at = OPEN + step * i
        details = _canonical_details(
            {"window": i % 4 + 1, "ticket_id": i % TICKETS, "person": "110105********002X"}
        )
        entry_id = str(uuid.uuid4())
        staff = CLERKS[i % 4]
        obj = f"S{i % TICKETS:03d}"
        digest = _compute_hash(
            key,
            prev,
            seq=seq,
            entry_id=entry_id,
            at=at,
            staff_no=staff,
            role="clerk",
            action=action.value,
            object=obj,
            outcome="ok",
            details=details,
        )
        rows.append(
            (
                seq,
                entry_id,
                _stored(at),
                staff,
                "clerk",
                action.value,
                obj,
                "ok",
                details,
                prev,
                digest,
            )
        )
        prev = digest
    raw = db.engine.raw_connection()
    raw.cursor().executemany(
        "INSERT INTO journal_entries (seq, entry_id, at, staff_no, role, action, object,"
        " outcome, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    raw.commit()
    raw.close()
    return prev


def generate(root: Path) -> tuple[Path, Path, bytes]:
    """A training data dir under *root* with the day; (config, database, journal key)."""
    data = root / "training"
    data.mkdir(parents=True)
    database = data / "counter.sqlite3"
    db = open_database(database)
    keystore = open_keystore(data, True, installation_id(db))
    key = keystore.journal_key()
    rng = random.Random(20260318)
    served = _tickets(db, rng)
    _cases(db, FieldCipher(keystore.data_key()), served, rng)
    _journal(db, key, rng)
    db.close()
    config = root / "counter.toml"
    config.write_text(
        f'data_dir = "{root.as_posix()}"\n[outlet]\ncode = "330102001"\nwindow = 1\n',
        encoding="utf-8",
    )
    return config, database, key


def _timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def measure(root: Path, runs: int) -> dict[str, Any]:
    config, database, key = generate(root)
    db = open_database(database)
    try:
        report_s, report = _timed(
            lambda: build_report(
                db, DAY, journal_key=key, outlet_code="330102001", window=1, training=True
            ),
            runs,
        )
        chain_s, chain = _timed(lambda: verify_chain(db, key, DAY), runs)
        slow_s, slow = _timed(lambda: Journal(db, key).verify(DAY), 1)
        unverified_s, _ = _timed(lambda: build_report(db, DAY), runs)

        def aggregate() -> list[Any]:
            with db.session(readonly=True) as s:
                raw = s.connection().connection.driver_connection
                assert raw is not None
                return raw.execute(
                    "SELECT action, count(*) FROM journal_entries WHERE at >= ? AND at < ?"
                    " GROUP BY action",
                    ("2026-03-17 16:00:00.000000", "2026-03-18 16:00:00.000000"),
                ).fetchall()

        baseline_s, groups = _timed(aggregate, runs)
        json_s, _ = _timed(lambda: report_json(report), runs)
        pdf_path = root / "day-report.pdf"
        pdf_s, _ = _timed(lambda: write_pdf(report, pdf_path), 1)
    finally:
        db.close()
    cli = [
        sys.executable,
        "-m",
        "ui.cli",
        "--config",
        str(config),
        "--training",
        "report",
        "--date",
        DAY.isoformat(),
        "--out",
        str(root / "day-report.json"),
    ]
    cli_times = []
    for _ in range(max(1, runs // 2)):
        start = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True)
        cli_times.append(time.perf_counter() - start)
    assert chain.ok and slow == chain and report.journal.verify.ok
    return {
        "journal_entries": report.journal.entries,
        "tickets": report.queue.issued,
        "cases": report.cases.total,
        "action_groups": len(groups),
        "report_with_verification_s": round(report_s, 3),
        "report_without_verification_s": round(unverified_s, 3),
        "chain_check_fast_s": round(chain_s, 3),
        "chain_check_journal_verify_s": round(slow_s, 3),
        "baseline_sql_aggregate_s": round(baseline_s, 4),
        "json_render_s": round(json_s, 3),
        "pdf_render_s": round(pdf_s, 3),
        "cli_report_json_end_to_end_s": round(statistics.median(cli_times), 3),
        "target_s": 1.0,
        "within_target": report_s <= 1.0,
    }


METHOD = """\
A training data dir is generated with one business day: 600 tickets at six windows (calls,
recalls, transfers, no-shows, pauses), 500 cases with uploads and ratings, and a journal of
100,000 entries (a valid keyed hash chain, written in one transaction with the journal's own
hash function). **Value = median of 5 runs of `build_report` in-process with the chain
verification** (queue figures, by hour, cases, ratings, exceptions, journal counts and the
verification of all 100,000 HMACs). Baseline in the same run: one SQL aggregate over the
same journal rows (entries by action, median of 5). Also reported: the report without
verification, the chain check alone, `Journal.verify`, JSON and PDF rendering, and
`counter --training report --format json` end to end in a fresh process. Target: ≤ 1 s.
"""


def run(quick: bool = False) -> Result:
    root = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        data = measure(root, 1 if quick else 5)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    value = data["report_with_verification_s"]
    return Result(
        name="report",
        value=value,
        unit="s per day report",
        baseline=data["baseline_sql_aggregate_s"],
        target="≤ 1 s",
        met=value <= 1.0,
        method=METHOD,
        extra=data,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", type=Path, help="generate into this (new) directory, keep it")
    args = parser.parse_args(argv)
    if args.keep is not None:
        result = measure(args.keep, args.runs)
    else:
        root = Path(tempfile.mkdtemp(prefix="bench-report-"))
        try:
            result = measure(root, args.runs)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(
        f"day report on {result['journal_entries']:,} journal entries, "
        f"{result['tickets']:,} tickets, {result['cases']:,} cases"
    )
    for name, value in result.items():
        if name.endswith("_s"):
            print(f"  {name:<36} {value:>8.3f} s")
    verdict = "within" if result["within_target"] else "OVER"
    print(f"  report with verification is {verdict} the 1 s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
