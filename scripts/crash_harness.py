"""Crash harness: SIGKILL the real client core while it works, restart it, check everything.

The parent runs the training platform (`TrainingServer`, its own database; latency and
answers dropped after the platform applied the request, on cases, journal batches and day
closes) and a loopback TCP receipt printer (ESC/POS, status answered), and starts the client
core in a child process: the real SQLite store, hash-chained journal (`JournalAudit`),
outbox and sender, case service, ESC/POS printer driver and day-close service. A child
either

* **cases** (window 3, one database): logs in as a clerk and creates cases one after
  another, printing each receipt (`counter.receipts.print_receipt`) while the sender uploads;
* **dayclose** (window 100 + n, one database per counter's day): takes two cases, then the
  supervisor runs the checklist, explains what it asks (the outlet's other cases), signs the
  day off (journal entry, journal batches, head, close message, slip printed) and waits for
  the uploads; the next episode is a new counter.

Kills: either the child SIGKILLs itself at its N-th *kill point* (``--kill-at``; every
SQLite commit before and after, every journal append, every send to the platform before and
after its answer, every print job before and after the bytes, the day close's journal,
write, print and journal-upload steps), or the parent SIGKILLs it at a random moment
(start-up, recovery and login included). After every kill the parent runs
``PRAGMA integrity_check`` and verifies the journal's hash chain before the next start; the
next child must resume (messages left ``sending`` are requeued and resent with the same
Idempotency-Key; a day close that did not commit is signed again).

After N kills the last episode is completed and a last child per database drains its
outbox; the parent compares all client databases with ``GET /v1/cases`` and the platform's
day closes:

* lost: a case in a client's store that the platform does not have accepted;
* duplicated: a case the platform holds twice, or that needed a second key / got a second
  business number;
* unknown: a case on the platform no client has a record of;
* vanished: a case a child reported created (its transaction committed) but missing;
* day close: each closed day's close accepted once by the platform, none twice;
* ``PRAGMA integrity_check`` and the journal chain of every database.

Usage::

    python scripts/crash_harness.py --kills 1000 [--json] [--seed N] [--dir DIR]

Exit status 0 when nothing is lost or duplicated and every check passed.
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
import socket
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

CLERK = "T-CLERKA1"  # the main counter's clerk (window 3)
EPISODE_CLERK = "T-CLERKB1"  # the clerk of the day-close episodes
SUPERVISOR = "T-SUPER01"
WINDOW = 3
EPISODE_WINDOW = 100  # day-close episode n runs as window 100 + n (one close per window)
EPISODE_CASES = 2
ITEMS = ("SB08046", "SB09060")  # 全程办 and 收件转运 items without person rules
SHANGHAI = timezone(timedelta(hours=8))


# --- the child: the real client core -------------------------------------------------------


def say(line: str) -> None:
    """One line to the parent in one write (threads of the child print too)."""
    os.write(1, (line + "\n").encode())


class Probes:
    """Named points in the core where the child may SIGKILL itself (``--kill-at N``: at the
    Nth point reached). Every point reached is counted; the one that kills is printed first."""

    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.hits = 0
        self.lock = threading.Lock()

    def __call__(self, name: str) -> None:
        with self.lock:
            self.hits += 1
            if self.kill_at and self.hits == self.kill_at:
                say(f"probe {name} {self.hits}")
                os.kill(os.getpid(), signal.SIGKILL)
                time.sleep(10)  # never returns


def install_probes(probes: Probes) -> None:
    """Kill points: every SQLite commit (before and after), every journal append, every send
    to the platform (before, and after the answer came but before it is stored), every print
    job (before, and after the bytes went out) and the day close's steps."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from counter.bureau.client import BureauClient
    from counter.dayclose import DayCloseService
    from counter.journal import Journal
    from counter.journal_upload import JournalUploader
    from drivers.printer.device import EscposPrinter

    event.listen(Session, "before_commit", lambda _s: probes("commit:before"))
    event.listen(Session, "after_commit", lambda _s: probes("commit:after"))

    def wrap_sync(cls: Any, name: str, label: str) -> None:
        original = getattr(cls, name)

        def wrapper(*a: Any, **k: Any) -> Any:
            probes(f"{label}:before")
            result = original(*a, **k)
            probes(f"{label}:after")
            return result

        setattr(cls, name, wrapper)

    def wrap_async(cls: Any, name: str, label: str) -> None:
        original = getattr(cls, name)

        async def wrapper(*a: Any, **k: Any) -> Any:
            probes(f"{label}:before")
            result = await original(*a, **k)
            probes(f"{label}:after")
            return result

        setattr(cls, name, wrapper)

    wrap_sync(Journal, "append", "journal")
    wrap_async(BureauClient, "post_idempotent", "send")
    wrap_sync(EscposPrinter, "_print_blocking", "print")
    wrap_sync(DayCloseService, "_write_close", "dayclose-write")
    wrap_async(DayCloseService, "_journal_close", "dayclose-journal")
    wrap_async(DayCloseService, "_print", "dayclose-print")
    wrap_async(JournalUploader, "upload_pending", "journal-upload")


@dataclass
class Core:
    """The client core of one counter PC, wired as ui/composition.py does (training)."""

    db: Any
    executor: Any
    client: Any
    sessions: Any
    audit: Any
    outbox: Any
    sender: Any
    cases: Any
    printer: Any
    uploader: Any
    day_close: Any

    async def close(self) -> None:
        await self.client.aclose()
        self.executor.shutdown()
        self.db.close()


def build_core(args: argparse.Namespace) -> Core:
    import counter.case_store  # noqa: F401 - registers the tables
    from counter.bureau.client import BureauClient, build_ssl_context
    from counter.cases import CaseRepo, CaseService
    from counter.crypto import FieldCipher
    from counter.dayclose import DayCloseService
    from counter.journal import Journal
    from counter.journal_audit import JournalAudit
    from counter.journal_upload import JournalUploader
    from counter.outbox import Backoff, Outbox, OutboxSender, OutboxStore
    from counter.queue.service import QueueService
    from counter.reconcile import Reconciler
    from counter.report import ReportService
    from counter.session import SessionService
    from counter.storage.db import open_database
    from counter.storage.executor import DbExecutor
    from counter.storage.models import check_data_key
    from counter.supervision_store import ALL_KINDS
    from counter.training.seed import TRAINING_OUTLET_CODE
    from drivers.printer import open_printer

    workdir = Path(args.workdir)
    db = open_database(Path(args.db))
    cipher = FieldCipher(bytes.fromhex((workdir / "data-key.hex").read_text().strip()))
    check_data_key(db, cipher)
    journal_key = bytes.fromhex((workdir / "journal-key.hex").read_text().strip())
    executor = DbExecutor()
    journal = Journal(db, journal_key)
    audit = JournalAudit(journal, executor)
    client = BureauClient(
        args.url, build_ssl_context(Path(args.ca)), read_timeout_s=3.0, connect_timeout_s=3.0
    )
    device_id = f"CRASH-PC-{args.window}"
    sessions = SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=args.window, device_id=device_id
    )
    store = OutboxStore(db, cipher, ALL_KINDS)
    outbox = Outbox(store, executor, audit=audit)
    sender = OutboxSender(
        outbox,
        client,
        sessions=sessions,
        concurrency=args.concurrency,
        backoff=Backoff(0.05, 1.0),
        audit=audit,
    )
    cases = CaseService(sessions, CaseRepo(db, cipher, store), outbox, executor, audit)
    cases.settle_wait_s = 0
    printer = open_printer(args.printer, paper_mm=80)
    uploader = JournalUploader(
        journal, outbox, executor, outlet_code=TRAINING_OUTLET_CODE, device_id=device_id
    )
    reports = ReportService(
        db,
        executor,
        outlet_code=TRAINING_OUTLET_CODE,
        window=args.window,
        journal_key=journal_key,
        training=True,
    )
    queue = QueueService(db, executor, audit, printer)
    day_close = DayCloseService(
        db,
        executor,
        journal=journal,
        journal_key=journal_key,
        sessions=sessions,
        queue=queue,
        outbox=outbox,
        uploader=uploader,
        reconciler=Reconciler(client, db, executor, audit),
        reports=reports,
        audit=audit,
        device_id=device_id,
        printer=printer,
        training=True,
        settle_wait_s=0,
    )
    return Core(
        db, executor, client, sessions, audit, outbox, sender, cases, printer, uploader, day_close
    )


async def child_main(args: argparse.Namespace) -> int:
    from counter.training.seed import TRAINING_PASSWORD

    probes = Probes(args.kill_at)
    install_probes(probes)
    core = build_core(args)
    recovered = await core.outbox.recover()
    pending = (await core.outbox.refresh()).pending
    say(f"recovered {recovered} {pending}")
    if args.final:
        # Drain with each role in turn: cases go under a clerk, journal batches and the
        # close under the supervisor.
        for staff in (CLERK if args.mode == "cases" else EPISODE_CLERK, SUPERVISOR):
            await core.sessions.login(staff, TRAINING_PASSWORD)
            status = await core.sender.drain(timeout=args.final_timeout)
            await core.sessions.logout()
        say("final " + json.dumps(asdict(status)))
        await core.close()
        return 0 if status.pending == 0 else 1
    runner = asyncio.create_task(core.sender.run())
    if args.mode == "cases":
        await core.sessions.login(CLERK, TRAINING_PASSWORD)
        items = await catalogue_items(core)
        say("ready")
        await create_cases(core, items, runner, limit=None)
    else:
        say(f"ready {probes.hits}")
        await day_close_episode(core, runner)
        say(f"episode-done {probes.hits}")
        await asyncio.sleep(3600)  # wait to be killed or stopped
    return 1


async def catalogue_items(core: Core) -> list[CatalogueItem]:
    answer = await core.client.catalogue()
    assert answer.catalogue is not None
    return [i for i in answer.catalogue.items if i.code in ITEMS]


async def create_cases(
    core: Core, items: list[CatalogueItem], runner: asyncio.Task[None], limit: int | None
) -> None:
    """The clerk's side: a case, its receipt printed, the next; until killed (or *limit*)."""
    from counter.bureau.cases import IdentityMethod
    from counter.cases import CaseError
    from counter.receipts import print_receipt
    from counter.training.forms import example_values
    from counter.training.persons import featured_persons

    rng = random.Random()
    person = featured_persons()[0].id_number
    made = 0
    while not runner.done() and (limit is None or made < limit):
        item = rng.choice(items)
        draft = core.cases.new_draft(item, ticket_number=f"K{rng.randrange(1000):03d}")
        draft.set_person(person, IdentityMethod.ID_CARD)
        for name, value in example_values(item.form_fields).items():
            draft.set_field(name, value)
        for material in item.materials:
            draft.set_material(material.name, True)
        try:
            outcome = await core.cases.submit(draft)
        except CaseError as exc:
            # A dropped answer makes the connection look offline for a moment: items that
            # are not offline_ok are refused then, as at the window. Try again shortly.
            if exc.code != "OFFLINE":
                raise
            await asyncio.sleep(0.05)
            continue
        made += 1
        say(f"created {outcome.case_id}")
        session = core.sessions.current
        view = await core.cases.case(outcome.case_id)
        assert session is not None and view is not None
        await print_receipt(
            core.printer,
            view,
            outlet=session.outlet,
            window=session.window,
            session=session,
            audit=core.audit,
            training=True,
            item=item,
        )
        say(f"printed {outcome.case_id}")
        await asyncio.sleep(rng.uniform(0.0, 0.04))
    if runner.done():
        runner.result()  # the sender never ends by itself: surface its error


async def day_close_episode(core: Core, runner: asyncio.Task[None]) -> None:
    """One counter's day: two cases (if not made yet), then the supervisor closes the day,
    explaining what the checklist asks (other counters' cases in the outlet's list)."""
    from counter.dayclose import CheckKey
    from counter.outbox import KIND_CASE, MessageState
    from counter.training.seed import TRAINING_PASSWORD

    if await core.day_close.closed() is None:
        await core.sessions.login(EPISODE_CLERK, TRAINING_PASSWORD)
        have = await core.executor.run(count_cases, core.db)
        if have < EPISODE_CASES:
            say("phase cases")
            items = await catalogue_items(core)
            await create_cases(core, items, runner, limit=EPISODE_CASES - have)
        say("phase sending")
        waiting = (MessageState.QUEUED, MessageState.SENDING)
        while await core.outbox.messages(states=waiting, kind=KIND_CASE):
            await asyncio.sleep(0.05)
        await core.sessions.logout()
        await core.sessions.login(SUPERVISOR, TRAINING_PASSWORD)
        say("phase checklist")
        checklist = await core.day_close.checklist()
        if not checklist.item(CheckKey.TICKETS).ok:
            await core.day_close.close_open_tickets("崩溃测试日终")
        for item in checklist.items:
            keys = [p.key for p in item.pending if not p.explained]
            if keys and item.key.note_kind is not None:
                await core.day_close.explain(
                    checklist.day, item.key.note_kind, keys, "崩溃测试：其他窗口的办件"
                )
        say("closing")
        await core.day_close.close(TRAINING_PASSWORD)
        say("closed")
    else:
        await core.sessions.login(SUPERVISOR, TRAINING_PASSWORD)
    say("phase upload")
    while (await core.outbox.refresh()).pending:
        await asyncio.sleep(0.05)


def count_cases(db: Any) -> int:
    from sqlalchemy import func, select

    from counter.case_store import CaseRow

    with db.session(readonly=True) as s:
        return int(s.scalar(select(func.count()).select_from(CaseRow)) or 0)


# --- the parent ----------------------------------------------------------------------------


class LoopbackPrinter:
    """A raw-TCP receipt printer on loopback (ESC/POS status answered "ready"); it takes a
    little while per job, so kills land in the middle of printing too."""

    def __init__(self, job_delay_s: float = 0.01) -> None:
        self.job_delay_s = job_delay_s
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port: int = self.server.getsockname()[1]
        self.jobs = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def uri(self) -> str:
        return f"network://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        received = 0
        with conn:
            try:
                while chunk := conn.recv(65536):
                    received += len(chunk)
                    # DLE EOT n: status query — answer "online, paper ok"
                    for _ in range(chunk.count(b"\x10\x04")):
                        conn.sendall(b"\x12")
                    time.sleep(self.job_delay_s / 4)
            except OSError:
                return
        if received > 64:
            self.jobs += 1

    def close(self) -> None:
        self.running = False
        self.server.close()
        self.thread.join()


@dataclass
class Child:
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    log: Path | None = None
    log_from: int = 0

    def stderr(self) -> str:
        """What this child wrote to the shared stderr log (its last 1,500 characters)."""
        if self.log is None:
            return ""
        with self.log.open("rb") as f:
            f.seek(self.log_from)
            return f.read().decode(errors="replace")[-1500:]

    def reader(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.strip())

    def seen(self, prefix: str) -> str | None:
        return next((line for line in list(self.lines) if line.startswith(prefix)), None)


class ChildFailed(Exception):
    """A child that did not come back (or died by itself): a failed restart, recorded."""

    def __init__(self, child: Child, what: str) -> None:
        super().__init__(f"{what}: {child.lines[-5:]} {child.stderr()}")
        self.child = child


@dataclass
class Report:
    kills: int = 0
    kills_before_ready: int = 0
    kills_while_working: int = 0
    kills_at_probe: int = 0
    kills_timed: int = 0
    kill_points: dict[str, int] = field(default_factory=dict)
    day_close_episodes: int = 0
    day_close_kills: int = 0
    restarts_checked: int = 0
    journal_chain_valid: int = 0
    integrity_ok: int = 0
    restart_failures: list[str] = field(default_factory=list)
    restarts_failed: int = 0
    restarts_with_sending_requeued: int = 0
    messages_requeued_after_kill: int = 0
    cases_reported_created: int = 0
    receipts_printed: int = 0
    cases_local: int = 0
    cases_on_platform: int = 0
    accepted: int = 0
    lost: int = 0
    duplicated: int = 0
    unknown_on_platform: int = 0
    vanished: int = 0
    business_no_mismatch: int = 0
    day_closes_local: int = 0
    day_closes_on_platform: int = 0
    day_close_problems: int = 0
    integrity_check: str = ""
    journal_chain_final: str = ""
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
            and self.day_close_problems == 0
            and self.restarts_failed == 0
            and self.integrity_check == "ok"
            and self.journal_chain_final == "ok"
            and self.journal_chain_valid == self.restarts_checked
            and self.integrity_ok == self.restarts_checked
        )


@dataclass
class Harness:
    workdir: Path
    url: str
    ca: Path
    printer: LoopbackPrinter
    args: argparse.Namespace
    source: Path  # the children's copy of the code (see snapshot_source)
    episodes: list[int] = field(default_factory=list)

    def db(self, mode: str, episode: int = 0) -> Path:
        if mode == "cases":
            return self.workdir / "client.sqlite3"
        return self.workdir / f"dayclose-{episode:04d}.sqlite3"

    def spawn(self, mode: str, *, episode: int = 0, kill_at: int = 0, final: bool = False) -> Child:
        window = WINDOW if mode == "cases" else EPISODE_WINDOW + episode
        command = [
            sys.executable,
            str(self.source / "crash_harness.py"),
            "--child",
            "--mode",
            mode,
            "--workdir",
            str(self.workdir),
            "--db",
            str(self.db(mode, episode)),
            "--window",
            str(window),
            "--url",
            self.url,
            "--ca",
            str(self.ca),
            "--printer",
            self.printer.uri,
            "--concurrency",
            str(self.args.concurrency),
            "--kill-at",
            str(kill_at),
        ]
        if final:
            command += ["--final", "--final-timeout", str(self.args.final_timeout)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(self.source)}
        log_path = self.workdir / "child-stderr.log"
        log = log_path.open("a")
        log_from = log.tell()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=log, text=True, env=env, cwd=self.workdir
        )
        log.close()
        child = Child(process, log=log_path, log_from=log_from)
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
    if child.process.poll() is None:
        child.process.send_signal(signal.SIGKILL)
    child.process.wait()
    time.sleep(0.02)  # let the reader take the last lines


def check_restart(path: Path, journal_key: bytes, report: Report, label: str) -> None:
    """What a restart finds: ``PRAGMA integrity_check`` and the journal's hash chain."""
    import sqlite3

    from counter.journal_verify import verify_chain
    from counter.storage.db import open_database

    report.restarts_checked += 1
    if not path.exists():  # killed before the database was created: nothing to check
        report.integrity_ok += 1
        report.journal_chain_valid += 1
        return
    conn = sqlite3.connect(path)
    try:
        integrity = "; ".join(str(row[0]) for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()
    if integrity == "ok":
        report.integrity_ok += 1
    else:
        report.restart_failures.append(f"{label}: integrity {integrity[:200]}")
    db = open_database(path)
    try:
        result = verify_chain(db, journal_key)
    finally:
        db.close()
    if result.ok:
        report.journal_chain_valid += 1
    else:
        report.restart_failures.append(f"{label}: journal {result.message}")


def run_kills(harness: Harness, report: Report, journal_key: bytes) -> set[str]:
    args = harness.args
    rng = random.Random(args.seed)
    created: set[str] = set()
    episode = 0
    for _ in range(args.kills):
        mode = "dayclose" if rng.random() < args.dayclose_share else "cases"
        if mode == "dayclose" and (not harness.episodes or harness.episodes[-1] != episode):
            harness.episodes.append(episode)
        current = episode if mode == "dayclose" else 0
        try:
            if rng.random() < args.probe_share:
                high = args.max_probe if mode == "cases" else args.episode_max_probe
                child, point = kill_at_probe(harness, mode, current, rng.randint(1, high))
                report.kills_at_probe += 1
            else:
                child, point = kill_at_random(harness, mode, current, rng)
                report.kills_timed += 1
        except ChildFailed as exc:
            kill(exc.child)
            child, point = exc.child, "failed restart"
            report.restarts_failed += 1
            report.restart_failures.append(f"kill {report.kills + 1} ({mode}): {exc}")
            print(f"  failed restart: {exc}", file=sys.stderr)
        report.kills += 1
        report.kill_points[point] = report.kill_points.get(point, 0) + 1
        if child.seen("ready") is None:
            report.kills_before_ready += 1
        else:
            report.kills_while_working += 1
        if mode == "dayclose":
            report.day_close_kills += 1
            if child.seen("episode-done") is not None:
                episode += 1  # the next day-close kill starts a new counter's day
        count_recovery(child, report)
        check_restart(harness.db(mode, current), journal_key, report, f"kill {report.kills}")
        created.update(line.split()[1] for line in list(child.lines) if line.startswith("created"))
        report.receipts_printed += sum(1 for line in child.lines if line.startswith("printed"))
        if args.progress and report.kills % 50 == 0:
            print(f"  {report.kills} kills, {len(created)} cases so far", file=sys.stderr)
    return created


def kill_at_probe(harness: Harness, mode: str, episode: int, kill_at: int) -> tuple[Child, str]:
    """The child kills itself at its *kill_at*-th kill point (or is killed once idle)."""
    child = harness.spawn(mode, episode=episode, kill_at=kill_at)
    ended = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.process.poll() is not None:
            ended = True
            break
        if child.seen("episode-done") is not None:
            break
        time.sleep(0.005)
    kill(child)
    hit = child.seen("probe ")
    if hit is None and ended:
        raise ChildFailed(child, "child died by itself")
    return child, hit.split()[1] if hit else "after the episode (no kill point left)"


def kill_at_random(
    harness: Harness, mode: str, episode: int, rng: random.Random
) -> tuple[Child, str]:
    """The parent kills the child at a random moment (start-up included)."""
    args = harness.args
    child = harness.spawn(mode, episode=episode)
    if rng.random() < args.early_share:
        time.sleep(rng.uniform(0.0, 1.2))  # imports, migrations, recovery, login
    else:
        if wait_for(child, "ready", 120) is None:
            kill(child)
            raise ChildFailed(child, "child did not become ready in 120 s")
        high = args.max_delay if mode == "cases" else args.episode_max_delay
        time.sleep(rng.uniform(args.min_delay, high))
    if child.process.poll() is not None:
        raise ChildFailed(child, f"child died by itself (exit {child.process.returncode})")
    kill(child)
    phases = [line for line in child.lines if line.startswith(("phase", "closing"))]
    if child.seen("ready") is None:
        return child, "timed: start-up"
    if mode == "cases":
        return child, "timed: creating, printing, sending"
    return child, "timed: day close " + (phases[-1].split()[-1] if phases else "start")


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
                "staff_no": SUPERVISOR,
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


def compare(
    paths: list[Path], url: str, ca: Path, *, created: set[str], report: Report, platform: Any
) -> None:
    import sqlite3

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter.training.supervision import PlatformDayCloseRow

    local: dict[str, tuple[str, str | None, str]] = {}
    keys_per_case: Counter[str] = Counter()
    integrity: list[str] = []
    closes: dict[str, str] = {}  # device → close message state
    for path in paths:
        if not path.exists():
            continue
        with sqlite3.connect(path) as conn:
            integrity += [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
            for case_id, state, business_no, day in conn.execute(
                "SELECT c.case_id, m.state, m.business_no, c.business_day FROM cases c "
                "JOIN outbox_messages m ON m.key = c.outbox_key"
            ):
                local[case_id] = (state, business_no, day)
            keys_per_case.update(
                object_id
                for (object_id,) in conn.execute(
                    "SELECT object_id FROM outbox_messages WHERE kind = 'case'"
                )
            )
            if path.name.startswith("dayclose-"):
                episode = int(path.stem.split("-")[1])
                row = conn.execute(
                    "SELECT m.state FROM day_closes d JOIN outbox_messages m "
                    "ON m.key = d.outbox_key"
                ).fetchone()
                closes[f"CRASH-PC-{EPISODE_WINDOW + episode}"] = row[0] if row else "missing"
    report.integrity_check = "ok" if set(integrity) == {"ok"} else "; ".join(integrity)[:500]
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
    with Session(platform) as s:
        platform_closes = Counter(
            row.device_id
            for row in s.scalars(
                select(PlatformDayCloseRow).where(PlatformDayCloseRow.device_id.like("CRASH-PC-%"))
            )
        )
    close_problems = [
        f"{device}: local {state}, platform {platform_closes.get(device, 0)}"
        for device, state in closes.items()
        if state != "accepted" or platform_closes.get(device, 0) != 1
    ] + [f"{d}: {n} closes on the platform" for d, n in platform_closes.items() if n > 1]
    report.cases_reported_created = len(created)
    report.cases_local = len(local)
    report.cases_on_platform = len(on_platform)
    report.accepted = sum(1 for state, _, _ in local.values() if state == "accepted")
    report.lost = len(lost)
    report.duplicated = len(duplicated)
    report.unknown_on_platform = len(unknown)
    report.vanished = len(vanished)
    report.business_no_mismatch = len(mismatch)
    report.day_closes_local = sum(1 for state in closes.values() if state == "accepted")
    report.day_closes_on_platform = sum(platform_closes.values())
    report.day_close_problems = len(close_problems)
    report.examples = {
        name: values[:5]
        for name, values in (
            ("lost", lost),
            ("duplicated", duplicated),
            ("unknown", unknown),
            ("vanished", vanished),
            ("mismatch", mismatch),
            ("day_close", close_problems),
            ("restart", report.restart_failures),
        )
        if values
    }


def finish(harness: Harness, report: Report, journal_key: bytes) -> list[Path]:
    """Complete the last day-close episode, then drain every database's outbox."""
    from counter.journal_verify import verify_chain
    from counter.storage.db import open_database

    paths = [harness.db("cases")]
    if harness.episodes:
        last = harness.episodes[-1]
        child = harness.spawn("dayclose", episode=last)
        done = wait_for(child, "episode-done", harness.args.final_timeout)
        kill(child)
        if done is None:
            print(f"last episode did not finish: {child.lines[-3:]}", file=sys.stderr)
        report.receipts_printed += sum(1 for line in child.lines if line.startswith("printed"))
        paths += [harness.db("dayclose", n) for n in harness.episodes]
    report.day_close_episodes = len(harness.episodes)
    for path in paths:
        mode = "cases" if path.name == "client.sqlite3" else "dayclose"
        episode = 0 if mode == "cases" else int(path.stem.split("-")[1])
        final = harness.spawn(mode, episode=episode, final=True)
        final.process.wait(timeout=harness.args.final_timeout * 2 + 60)
        count_recovery(final, report)
        if final.process.returncode != 0:
            print(f"final drain of {path.name} did not finish: {final.lines[-3:]}", file=sys.stderr)
    chains = []
    for path in paths:
        if path.exists():
            db = open_database(path)
            try:
                result = verify_chain(db, journal_key)
            finally:
                db.close()
            if not result.ok:
                chains.append(f"{path.name}: {result.message}")
    report.journal_chain_final = "ok" if not chains else "; ".join(chains)[:500]
    return paths


def snapshot_source(workdir: Path) -> Path:
    """The children run a copy of the code taken at the start (``counter``, ``drivers``,
    this script): a long run must not pick up a half-saved edit made meanwhile in the tree."""
    root = Path(__file__).resolve().parents[1]
    source = workdir / "source"
    shutil.rmtree(source, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("counter", "drivers"):
        shutil.copytree(root / package, source / package, ignore=ignore)
    shutil.copyfile(Path(__file__).resolve(), source / "crash_harness.py")
    return source


def parent_main(args: argparse.Namespace) -> int:
    from counter.training.faults import FaultPlan, injector_for
    from counter.training.server import DB_FILE, TrainingServer

    logging.getLogger("counter.training").setLevel(logging.ERROR)  # "faults on/off" notes
    started = time.monotonic()
    workdir = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="crash-harness-"))
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "data-key.hex").write_text(os.urandom(32).hex())
    journal_key = os.urandom(32)
    (workdir / "journal-key.hex").write_text(journal_key.hex())
    platform_dir = workdir / "platform"
    platform_dir.mkdir(exist_ok=True)
    if args.platform_db:
        shutil.copyfile(args.platform_db, platform_dir / DB_FILE)
    server = TrainingServer(platform_dir)
    url = server.start_in_thread()
    printer = LoopbackPrinter(args.print_delay)
    harness = Harness(workdir, url, server.ca_file, printer, args, snapshot_source(workdir))
    report = Report()
    try:
        faults = injector_for(server.engine)
        faults.set(
            FaultPlan(
                latency_ms=0,
                latency_max_ms=args.max_latency_ms,
                drop_rate=args.drop_rate,
                paths=["/v1/cases", "/v1/day-closes", "/v1/journal"],
                methods=["POST"],
                seed=args.seed,
            )
        )
        created = run_kills(harness, report, journal_key)
        stats = faults.state().stats
        report.platform_dropped_answers = stats.dropped
        report.platform_delayed = stats.delayed
        faults.clear()
        drain_started = time.monotonic()
        paths = finish(harness, report, journal_key)
        report.final_drain_s = round(time.monotonic() - drain_started, 2)
        compare(paths, url, server.ca_file, created=created, report=report, platform=server.engine)
    finally:
        printer.close()
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
    parser.add_argument("--episode-max-delay", type=float, default=1.3, help="same, day close")
    parser.add_argument("--early-share", type=float, default=0.15, help="kills during start-up")
    parser.add_argument("--probe-share", type=float, default=0.5, help="kills at a probe point")
    parser.add_argument("--max-probe", type=int, default=400, help="probe kill drawn in 1..N")
    parser.add_argument("--episode-max-probe", type=int, default=300, help="same, day close")
    parser.add_argument("--dayclose-share", type=float, default=0.25, help="kills in day close")
    parser.add_argument("--print-delay", type=float, default=0.01, help="printer time per job")
    parser.add_argument("--max-latency-ms", type=int, default=150, help="platform latency")
    parser.add_argument("--drop-rate", type=float, default=0.1, help="answers dropped")
    parser.add_argument("--final-timeout", type=float, default=180.0)
    parser.add_argument("--progress", action="store_true", help="progress on stderr")
    # the child's side
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--final", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="cases", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--window", type=int, default=WINDOW, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--ca", help=argparse.SUPPRESS)
    parser.add_argument("--printer", help=argparse.SUPPRESS)
    parser.add_argument("--kill-at", type=int, default=0, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.child:
        return asyncio.run(child_main(args))
    return parent_main(args)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())
