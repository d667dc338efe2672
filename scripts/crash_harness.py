"""Crash harness: SIGKILL the real client core while it creates and sends cases.

The parent runs the training platform (`TrainingServer`, its own database) and starts the
client core in a child process: the real SQLite store, outbox, sender and case service,
logged in as a training clerk, creating cases in a loop while the sender uploads them
(through injected latency and dropped answers). The parent kills the child with SIGKILL
at random moments — during start-up and recovery, while cases are written, while they are
in flight — and starts it again; the new child must resume (messages left ``sending`` are
requeued and resent with the same Idempotency-Key). After N kills a last child drains the
outbox, and the parent compares the client's cases and outbox with the platform's
``GET /v1/cases``:

* lost: a case in the client's store that the platform does not have accepted;
* duplicated: a case the platform holds twice, or that needed a second key / got a second
  business number;
* unknown: a case on the platform the client has no record of;
* vanished: a case the child reported created (its transaction committed) but missing;
* ``PRAGMA integrity_check`` of the client's database.

Usage::

    python scripts/crash_harness.py --kills 200 [--json] [--seed N] [--dir DIR]

Exit status 0 when nothing is lost or duplicated and the database is intact.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from counter.bureau.models import CatalogueItem
    from counter.cases import CaseService

STAFF = "T-CLERKA1"
WINDOW = 3
ITEMS = ("SB08046", "SB09060")  # 全程办 and 收件转运 items without person rules
SHANGHAI = timezone(timedelta(hours=8))


# --- the child: the real client core -------------------------------------------------------


async def child_main(args: argparse.Namespace) -> int:
    import counter.case_store  # noqa: F401 - registers the tables
    from counter.audit import MemoryAudit
    from counter.bureau.client import BureauClient, build_ssl_context
    from counter.cases import CaseRepo, CaseService
    from counter.crypto import FieldCipher
    from counter.outbox import Backoff, Outbox, OutboxSender, OutboxStore
    from counter.session import SessionService
    from counter.storage.db import open_database
    from counter.storage.executor import DbExecutor
    from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD

    db = open_database(Path(args.db))
    cipher = FieldCipher(bytes.fromhex(Path(args.key).read_text().strip()))
    executor = DbExecutor()
    client = BureauClient(
        args.url, build_ssl_context(Path(args.ca)), read_timeout_s=3.0, connect_timeout_s=3.0
    )
    audit = MemoryAudit()
    sessions = SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=WINDOW, device_id="CRASH-PC"
    )
    store = OutboxStore(db, cipher)
    outbox = Outbox(store, executor)
    recovered = await outbox.recover()
    pending = (await outbox.refresh()).pending
    print(f"recovered {recovered} {pending}", flush=True)
    await sessions.login(STAFF, TRAINING_PASSWORD)
    answer = await client.catalogue()
    assert answer.catalogue is not None
    items = [i for i in answer.catalogue.items if i.code in ITEMS]
    sender = OutboxSender(
        outbox, client, sessions=sessions, concurrency=args.concurrency, backoff=Backoff(0.05, 1.0)
    )
    cases = CaseService(
        sessions, CaseRepo(db, cipher, store), outbox, executor, audit, settle_wait_s=0
    )
    print("ready", flush=True)
    if args.final:
        status = await sender.drain(timeout=args.final_timeout)
        print("final " + json.dumps(asdict(status)), flush=True)
        await client.aclose()
        executor.shutdown()
        db.close()
        return 0 if status.pending == 0 else 1

    runner = asyncio.create_task(sender.run())
    await create_cases(cases, items, runner)
    return 1


async def create_cases(
    cases: CaseService, items: list[CatalogueItem], runner: asyncio.Task[None]
) -> None:
    """The clerk's side: one case after another until killed."""
    from counter.bureau.cases import IdentityMethod
    from counter.cases import CaseError
    from counter.training.forms import example_values
    from counter.training.persons import featured_persons

    rng = random.Random()
    person = featured_persons()[0].id_number
    while not runner.done():
        item = rng.choice(items)
        draft = cases.new_draft(item, ticket_number=f"K{rng.randrange(1000):03d}")
        draft.set_person(person, IdentityMethod.ID_CARD)
        for name, value in example_values(item.form_fields).items():
            draft.set_field(name, value)
        for material in item.materials:
            draft.set_material(material.name, True)
        try:
            outcome = await cases.submit(draft)
        except CaseError as exc:
            # A dropped answer makes the connection look offline for a moment: items that
            # are not offline_ok are refused then, as at the window. Try again shortly.
            if exc.code != "OFFLINE":
                raise
            await asyncio.sleep(0.05)
            continue
        print(f"created {outcome.case_id}", flush=True)
        await asyncio.sleep(rng.uniform(0.0, 0.04))
    runner.result()  # the sender never ends by itself: surface its error


# --- the parent ----------------------------------------------------------------------------


@dataclass
class Child:
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def reader(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.strip())

    def seen(self, prefix: str) -> str | None:
        return next((line for line in list(self.lines) if line.startswith(prefix)), None)


@dataclass
class Report:
    kills: int = 0
    kills_before_ready: int = 0
    kills_while_working: int = 0
    restarts_with_sending_requeued: int = 0
    messages_requeued_after_kill: int = 0
    cases_reported_created: int = 0
    cases_local: int = 0
    cases_on_platform: int = 0
    accepted: int = 0
    lost: int = 0
    duplicated: int = 0
    unknown_on_platform: int = 0
    vanished: int = 0
    business_no_mismatch: int = 0
    integrity_check: str = ""
    platform_dropped_answers: int = 0
    platform_delayed: int = 0
    final_drain_s: float = 0.0
    elapsed_s: float = 0.0
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            self.lost == 0
            and self.duplicated == 0
            and self.unknown_on_platform == 0
            and self.vanished == 0
            and self.business_no_mismatch == 0
            and self.integrity_check == "ok"
        )


def spawn(workdir: Path, url: str, ca: Path, args: argparse.Namespace, *, final: bool) -> Child:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--db",
        str(workdir / "client.sqlite3"),
        "--key",
        str(workdir / "data-key.hex"),
        "--url",
        url,
        "--ca",
        str(ca),
        "--concurrency",
        str(args.concurrency),
    ]
    if final:
        command += ["--final", "--final-timeout", str(args.final_timeout)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = (workdir / "child-stderr.log").open("a")
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=log, text=True, env=env, cwd=workdir
    )
    log.close()
    child = Child(process)
    threading.Thread(target=child.reader, daemon=True).start()
    return child


def wait_for(child: Child, prefix: str, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = child.seen(prefix)
        if line is not None:
            return line
        if child.process.poll() is not None:
            return child.seen(prefix)
        time.sleep(0.005)
    return None


def kill(child: Child) -> None:
    child.process.send_signal(signal.SIGKILL)
    child.process.wait()


def run_kills(
    workdir: Path, url: str, ca: Path, args: argparse.Namespace, report: Report
) -> set[str]:
    rng = random.Random(args.seed)
    created: set[str] = set()
    for _ in range(args.kills):
        child = spawn(workdir, url, ca, args, final=False)
        if rng.random() < args.early_share:
            # During start-up: imports, migrations check, recovery, login.
            time.sleep(rng.uniform(0.0, 1.2))
            ready = child.seen("ready") is not None
        else:
            if wait_for(child, "ready", 60) is None:
                kill(child)
                raise RuntimeError(f"child did not become ready: {child.lines[-5:]}")
            time.sleep(rng.uniform(args.min_delay, args.max_delay))
            ready = True
        if child.process.poll() is not None:
            raise RuntimeError(f"child died by itself (exit {child.process.returncode})")
        kill(child)
        report.kills += 1
        if ready:
            report.kills_while_working += 1
        else:
            report.kills_before_ready += 1
        count_recovery(child, report)
        created.update(line.split()[1] for line in list(child.lines) if line.startswith("created"))
        if args.progress and report.kills % 10 == 0:
            print(f"  {report.kills} kills, {len(created)} cases so far", file=sys.stderr)
    return created


def count_recovery(child: Child, report: Report) -> None:
    """The child says how many messages a previous kill left ``sending`` (requeued)."""
    recovered = child.seen("recovered")
    if recovered is not None:
        count = int(recovered.split()[1])
        report.messages_requeued_after_kill += count
        report.restarts_with_sending_requeued += count > 0


def platform_records(url: str, ca: Path, days: set[date]) -> list[dict[str, Any]]:
    import httpx

    from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD

    with httpx.Client(base_url=url, verify=str(ca), timeout=30) as http:
        grant = http.post(
            "/v1/sessions",
            json={
                "staff_no": "T-SUPER01",
                "password": TRAINING_PASSWORD,
                "outlet_code": TRAINING_OUTLET_CODE,
                "device_id": "CRASH-HARNESS",
            },
        )
        grant.raise_for_status()
        headers = {"Authorization": f"Bearer {grant.json()['access_token']}"}
        records: list[dict[str, Any]] = []
        for day in sorted(days):
            response = http.get(
                "/v1/cases",
                params={"date": day.isoformat(), "outlet": TRAINING_OUTLET_CODE},
                headers=headers,
            )
            response.raise_for_status()
            records.extend(response.json()["cases"])
    return records


def compare(workdir: Path, url: str, ca: Path, created: set[str], report: Report) -> None:
    import sqlite3

    path = workdir / "client.sqlite3"
    with sqlite3.connect(path) as conn:
        report.integrity_check = "; ".join(
            str(row[0]) for row in conn.execute("PRAGMA integrity_check")
        )
        local = {
            case_id: (state, business_no, day)
            for case_id, state, business_no, day in conn.execute(
                "SELECT c.case_id, m.state, m.business_no, c.business_day FROM cases c "
                "JOIN outbox_messages m ON m.key = c.outbox_key"
            )
        }
        keys_per_case = Counter(
            object_id
            for (object_id,) in conn.execute(
                "SELECT object_id FROM outbox_messages WHERE kind = 'case'"
            )
        )
    days = {date.fromisoformat(str(day)) for _, _, day in local.values()}
    days.add(datetime.now(UTC).astimezone(SHANGHAI).date())
    records = platform_records(url, ca, days)
    on_platform = Counter(r["case_id"] for r in records)
    numbers: dict[str, set[str]] = {}
    for r in records:
        numbers.setdefault(r["case_id"], set()).add(r["business_no"])

    lost = [c for c, (state, _, _) in local.items() if c not in on_platform or state != "accepted"]
    duplicated = sorted(
        {c for c, n in on_platform.items() if n > 1}
        | {c for c, n in keys_per_case.items() if n > 1}
        | {c for c, nos in numbers.items() if len(nos) > 1}
    )
    unknown = [c for c in on_platform if c not in local]
    vanished = sorted(created - set(local))
    mismatch = [c for c, (_, no, _) in local.items() if c in numbers and numbers[c] != {no or ""}]
    report.cases_reported_created = len(created)
    report.cases_local = len(local)
    report.cases_on_platform = len(on_platform)
    report.accepted = sum(1 for state, _, _ in local.values() if state == "accepted")
    report.lost = len(lost)
    report.duplicated = len(duplicated)
    report.unknown_on_platform = len(unknown)
    report.vanished = len(vanished)
    report.business_no_mismatch = len(mismatch)
    report.examples = {
        name: values[:5]
        for name, values in (
            ("lost", lost),
            ("duplicated", duplicated),
            ("unknown", unknown),
            ("vanished", vanished),
            ("mismatch", mismatch),
        )
        if values
    }


def parent_main(args: argparse.Namespace) -> int:
    from counter.training.faults import FaultPlan, injector_for
    from counter.training.server import DB_FILE, TrainingServer

    logging.getLogger("counter.training").setLevel(logging.ERROR)  # "faults on/off" notes
    started = time.monotonic()
    workdir = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="crash-harness-"))
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "data-key.hex").write_text(os.urandom(32).hex())
    platform_dir = workdir / "platform"
    platform_dir.mkdir(exist_ok=True)
    if args.platform_db:
        shutil.copyfile(args.platform_db, platform_dir / DB_FILE)
    server = TrainingServer(platform_dir)
    url = server.start_in_thread()
    report = Report()
    try:
        faults = injector_for(server.engine)
        faults.set(
            FaultPlan(
                latency_ms=0,
                latency_max_ms=args.max_latency_ms,
                drop_rate=args.drop_rate,
                paths=["/v1/cases"],
                methods=["POST"],
                seed=args.seed,
            )
        )
        created = run_kills(workdir, url, server.ca_file, args, report)
        stats = faults.state().stats
        report.platform_dropped_answers = stats.dropped
        report.platform_delayed = stats.delayed
        faults.clear()
        drain_started = time.monotonic()
        final = spawn(workdir, url, server.ca_file, args, final=True)
        final.process.wait(timeout=args.final_timeout + 60)
        report.final_drain_s = round(time.monotonic() - drain_started, 2)
        count_recovery(final, report)
        if final.process.returncode != 0:
            print(f"final drain did not finish: {final.lines[-3:]}", file=sys.stderr)
        compare(workdir, url, server.ca_file, created, report)
    finally:
        server.stop()
    report.elapsed_s = round(time.monotonic() - started, 1)
    result = {**asdict(report), "ok": report.ok, "workdir": str(workdir)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>32}: {value}")
    if not args.dir and report.ok and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if report.ok else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILLs to deliver (200)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--seed", type=int, default=None, help="seed of the kill timing")
    parser.add_argument("--dir", default=None, help="work directory (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    parser.add_argument("--platform-db", default=None, help="a seeded platform DB to copy")
    parser.add_argument("--concurrency", type=int, default=4, help="sender concurrency (4)")
    parser.add_argument("--min-delay", type=float, default=0.0, help="kill delay after ready (s)")
    parser.add_argument("--max-delay", type=float, default=1.5, help="kill delay after ready (s)")
    parser.add_argument("--early-share", type=float, default=0.15, help="kills during start-up")
    parser.add_argument("--max-latency-ms", type=int, default=150, help="platform latency")
    parser.add_argument("--drop-rate", type=float, default=0.1, help="answers dropped")
    parser.add_argument("--final-timeout", type=float, default=180.0)
    parser.add_argument("--progress", action="store_true", help="progress on stderr")
    # the child's side
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--final", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--ca", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.child:
        return asyncio.run(child_main(args))
    return parent_main(args)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
