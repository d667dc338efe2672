"""Headless scenario runs: `counter training run-scenario FILE --as STAFF [--careless]`.

Builds the client core of one counter PC (its own SQLite file, journal, outbox and sender,
queue, identification, cases, evaluations) against a training platform, logs the trainee
in, and lets a scripted trainee (:mod:`counter.scenarios.trainee`) play the scenario. The
result is scored exactly as a run in the GUI is: from the journal and the platform.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from counter.bureau.client import BureauClient, build_ssl_context
from counter.cases import CaseRepo, CaseService
from counter.crypto import KEY_BYTES, FieldCipher
from counter.evaluations import EvaluationService
from counter.identify import IdentifyService
from counter.journal import Journal
from counter.journal_audit import JournalAudit
from counter.outbox import Backoff, Outbox, OutboxSender, OutboxStore
from counter.persons import PersonService
from counter.queue.service import QueueService
from counter.scenarios.inputs import InputCounter
from counter.scenarios.loader import ScenarioError, load_library, load_scenario
from counter.scenarios.model import DEFAULT_PASS_MARK, Scenario
from counter.scenarios.props import ScenarioProps
from counter.scenarios.run import RunRig, ScenarioRun, TraineeRef
from counter.scenarios.scoring import ScenarioResult
from counter.scenarios.trace import JournalTrace
from counter.scenarios.trainee import MemoryPrinter, ScriptedTrainee, TraineeDesk, VirtualClock
from counter.session import ActiveSession, SessionService
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import PersonLookupRepo
from counter.supervision_store import ALL_KINDS
from counter.training.scenario_control import LocalPlatformControl
from counter.training.seed import (
    TRAINING_ACCOUNTS,
    TRAINING_OUTLET_CODE,
    TRAINING_OUTLETS,
    TRAINING_PASSWORD,
)
from counter.training.server import TrainingServer

__all__ = [
    "HeadlessDesk",
    "HeadlessOutcome",
    "login_desk",
    "open_headless_desk",
    "outlet_of",
    "play_on_desk",
    "play_scenario",
    "run_scenario_file",
]

DEFAULT_TRAINEE = "T-CLERKA1"


@dataclass
class HeadlessOutcome:
    result: ScenarioResult
    trainee: TraineeRef
    trainee_log: list[str]
    slips: int


def outlet_of(staff_no: str) -> tuple[str, int]:
    outlet = next(
        (a.outlet_code for a in TRAINING_ACCOUNTS if a.staff_no == staff_no), TRAINING_OUTLET_CODE
    )
    window = next((o.window for o in TRAINING_OUTLETS if o.code == outlet), 1)
    return outlet, window


@dataclass
class HeadlessDesk:
    """The client core of one counter PC, built for a scripted trainee."""

    db: Database
    executor: DbExecutor
    client: BureauClient
    journal: Journal
    sessions: SessionService
    outbox: Outbox
    sender: OutboxSender
    desk: TraineeDesk
    rig: RunRig

    async def aclose(self) -> None:
        with contextlib.suppress(Exception):
            if self.sessions.current is not None:
                await self.sessions.logout()
        await self.client.aclose()
        self.executor.shutdown()
        self.db.close()


def open_headless_desk(
    server: TrainingServer, database: Path, *, outlet_code: str, window: int, password: str
) -> HeadlessDesk:
    """Open the desk's services (database at *database*); log in with ``desk.sessions``."""
    db = open_database(database)
    executor = DbExecutor()
    cipher = FieldCipher(os.urandom(KEY_BYTES))
    clock = VirtualClock()
    journal = Journal(db, os.urandom(32))
    audit = JournalAudit(journal, executor, clock)
    client = BureauClient(server.base_url, build_ssl_context(server.ca_file))
    sessions = SessionService(
        client, audit, outlet_code=outlet_code, window=window, device_id="HEADLESS-TRAINER"
    )
    store = OutboxStore(db, cipher, ALL_KINDS)  # the roster files staff changes too
    outbox = Outbox(store, executor)
    sender = OutboxSender(
        outbox,
        client,
        sessions=sessions,
        backoff=Backoff(base_s=0.02, cap_s=0.3),
        rng=random.Random(7),
        audit=audit,
        idle_poll_s=0.5,
    )
    repo = CaseRepo(db, cipher, store)
    props = ScenarioProps()
    printer = MemoryPrinter()
    queue = QueueService(db, executor, audit, printer, clock=clock)
    persons = PersonService(client, PersonLookupRepo(db, cipher), executor, audit)
    desk = TraineeDesk(
        sessions=sessions,
        queue=queue,
        identify=IdentifyService(
            persons, audit, id_reader=props.id_reader, social_reader=props.social_reader
        ),
        cases=CaseService(sessions, repo, outbox, executor, audit, settle_wait_s=3.0),
        evaluations=EvaluationService(
            sessions, repo, outbox, executor, audit, evaluator=props.evaluator, timeout_s=5.0
        ),
        printer=printer,
        audit=audit,
        items={},
        password=password,
        clock=clock,
    )
    rig = RunRig(
        queue=queue,
        props=props,
        platform=LocalPlatformControl(server.engine),
        trace=JournalTrace(journal, executor),
        inputs=InputCounter(),
        nudge=sessions.heartbeat_once,
        clock=clock,
    )
    return HeadlessDesk(db, executor, client, journal, sessions, outbox, sender, desk, rig)


def _pass_mark(scenario: Scenario) -> int:
    with contextlib.suppress(ScenarioError):
        directory = scenario.path.parent if scenario.path else None
        return load_library(directory).pass_mark(None, scenario)
    return scenario.pass_mark or DEFAULT_PASS_MARK


async def login_desk(headless: HeadlessDesk, staff_no: str) -> ActiveSession:
    """Log the trainee in on *headless* and load the outlet's catalogue."""
    desk = headless.desk
    session = await desk.sessions.login(staff_no, desk.password)
    answer = await headless.client.catalogue()
    assert answer.catalogue is not None
    desk.items = {i.code: i for i in answer.catalogue.items}
    return session


async def play_on_desk(
    scenario: Scenario,
    headless: HeadlessDesk,
    *,
    careless: bool = False,
    pass_mark: int | None = None,
) -> HeadlessOutcome:
    """Play *scenario* on a desk whose trainee is logged in (desks can play many in turn)."""
    desk = headless.desk
    session = desk.sessions.current
    if session is None:
        raise RuntimeError("log the trainee in first (login_desk)")
    mark = pass_mark if pass_mark is not None else _pass_mark(scenario)
    run = ScenarioRun(scenario, headless.rig, TraineeRef.of(session), pass_mark=mark)
    slips_before = len(desk.printer.slips) if isinstance(desk.printer, MemoryPrinter) else 0
    sender_task: asyncio.Task[None] | None = asyncio.create_task(headless.sender.run())
    trainee = ScriptedTrainee(careless=careless)
    try:
        await run.start()
        try:
            await trainee.play(run, desk)
        except BaseException:
            await run.abort()
            raise
        assert sender_task is not None
        await _stop(sender_task)
        sender_task = None
        await headless.sender.drain(timeout=10)  # offline cases and ratings go up now
        result = await run.finish(settle_s=5.0)
    finally:
        if sender_task is not None:
            await _stop(sender_task)
    slips = len(desk.printer.slips) if isinstance(desk.printer, MemoryPrinter) else 0
    return HeadlessOutcome(result, run.trainee, trainee.log, slips - slips_before)


async def play_scenario(
    scenario: Scenario,
    server: TrainingServer,
    staff_no: str,
    workdir: Path,
    *,
    careless: bool = False,
    password: str | None = None,
    pass_mark: int | None = None,
) -> HeadlessOutcome:
    """Play *scenario* on running *server* with a scripted trainee; the desk lives in *workdir*."""
    outlet_code, window = outlet_of(staff_no)
    workdir.mkdir(parents=True, exist_ok=True)
    name = f"desk-{scenario.id}-{'careless' if careless else 'perfect'}.sqlite3"
    headless = open_headless_desk(
        server,
        workdir / name,
        outlet_code=outlet_code,
        window=window,
        password=password or TRAINING_PASSWORD,
    )
    try:
        await login_desk(headless, staff_no)
        return await play_on_desk(scenario, headless, careless=careless, pass_mark=pass_mark)
    finally:
        await headless.aclose()


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def run_scenario_file(
    path: Path,
    staff_no: str | None = None,
    *,
    careless: bool = False,
    data_dir: Path | None = None,
) -> HeadlessOutcome:
    """Start a training platform of its own (in *data_dir* or a temporary folder) and play."""
    scenario = load_scenario(path)
    staff = (staff_no or scenario.trainee or DEFAULT_TRAINEE).strip().upper()
    with contextlib.ExitStack() as stack:
        if data_dir is None:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="counter-scn-")))
        (data_dir / "platform").mkdir(parents=True, exist_ok=True)
        server = TrainingServer(data_dir / "platform")
        server.start_in_thread()  # the first start seeds the platform
        stack.callback(server.stop)
        return asyncio.run(
            play_scenario(scenario, server, staff, data_dir / "desk", careless=careless)
        )
