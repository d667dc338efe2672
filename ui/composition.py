"""The composition root: builds the core services and the drivers from the config.

It imports no Qt, so headless commands (`counter doctor`, …) use it too. In training mode
it starts the training platform on loopback and points the client at it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from counter.announce import AnnouncementQueue
from counter.bureau.client import BureauClient, build_ssl_context
from counter.bureau.connection import ConnectionMonitor
from counter.cases import CaseRepo, CaseService
from counter.catalogue import CatalogueService, SettingsUsageStore
from counter.config import Config, effective_data_dir
from counter.crypto import FieldCipher
from counter.dayclose import DayCloseService
from counter.evaluations import EvaluationService, Evaluator
from counter.feedback import FeedbackService
from counter.followup import FollowUpService
from counter.hall_sync import HallCallerPort, HallSync
from counter.identify import IdentifyService
from counter.journal import Journal
from counter.journal_audit import JournalAudit
from counter.journal_upload import JournalUploader
from counter.keystore import KeyringUnavailable, KeyStore, use_training_file_keyring
from counter.outbox import Backoff, Outbox, OutboxSender, OutboxStore
from counter.persons import PersonService
from counter.printing import Printer
from counter.queue.service import QueueService
from counter.queue.settings import QueueSettings
from counter.readers import IdCardReader, SocialCardReader
from counter.reconcile import Reconciler
from counter.report import ReportService
from counter.retention import RetentionService
from counter.roster import RosterService
from counter.session import IdleLock, SessionService
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import (
    CatalogueRepo,
    PersonLookupRepo,
    check_data_key,
    installation_id,
)
from counter.supervision_store import ALL_KINDS
from counter.transport import TransportRepo, TransportService
from drivers.caller import open_caller
from drivers.evaluator import NoEvaluator, open_evaluator
from drivers.idcard import open_id_card_reader
from drivers.printer import open_printer
from drivers.sscard import open_social_card_reader
from drivers.voice import open_voice

if TYPE_CHECKING:
    from counter.scenarios import ScenarioProps

log = logging.getLogger("counter.compose")


@dataclass
class Supervision:
    """The supervisor's services (issue 6): journal upload, report, reconciliation, close."""

    uploader: JournalUploader
    reports: ReportService
    reconciler: Reconciler
    day_close: DayCloseService
    followups: FollowUpService
    feedback: FeedbackService
    roster: RosterService
    retention: RetentionService


@dataclass
class Services:
    config: Config
    training: bool
    data_dir: Path
    db: Database
    db_executor: DbExecutor
    keystore: KeyStore
    journal: Journal
    audit: JournalAudit
    monitor: ConnectionMonitor
    client: BureauClient
    sessions: SessionService
    idle: IdleLock
    catalogue: CatalogueService
    persons: PersonService
    printer: Printer
    queue: QueueService
    announcer: AnnouncementQueue
    outbox: Outbox
    sender: OutboxSender
    cases: CaseService
    evaluations: EvaluationService
    evaluator: Evaluator
    transport: TransportService
    identify: IdentifyService
    supervision: Supervision
    readers: list[object]
    device_id: str
    caller: HallCallerPort | None = None
    hall_sync: HallSync | None = None
    training_server: object | None = None
    hall_caller_sim: object | None = None
    # Training mode only (issue 10): scenario runs and the assessments they produce.
    training_coordinator: object | None = None
    assessments: object | None = None
    trainer_window: object | None = None  # the trainer's window once opened (kept all day)
    warnings: list[str] = field(default_factory=list)
    background: list[asyncio.Task[None]] = field(default_factory=list)

    async def start(self) -> None:
        """Start the background work that needs the event loop (call on the loop)."""
        self.announcer.start()
        if self.hall_sync is not None:
            self.hall_sync.start()
        await self.outbox.start()  # requeues what a crash left "sending"
        self.background.append(asyncio.ensure_future(self.sender.run()))
        self.background.append(asyncio.ensure_future(self.supervision.uploader.run()))
        await self.supervision.retention.purge()

    async def aclose(self) -> None:
        for task in self.background:
            task.cancel()
        await asyncio.gather(*self.background, return_exceptions=True)
        if self.hall_sync is not None:
            await self.hall_sync.aclose()
        if self.caller is not None:
            await self.caller.aclose()
        await self.announcer.aclose()
        for reader in self.readers:
            close = getattr(reader, "aclose", None)
            if close is not None:
                await close()
        await self.client.aclose()
        self.db_executor.shutdown()
        self.db.close()
        for simulated in (self.hall_caller_sim, self.training_server):
            stop = getattr(simulated, "stop", None)
            if stop is not None:
                stop()


def open_keystore(data_dir: Path, training: bool, installation: str) -> KeyStore:
    store = KeyStore(installation_id=installation)
    try:
        store.data_key()
        return store
    except KeyringUnavailable:
        if not training:
            raise
    # Training data is synthetic: a file keyring in the training data dir is acceptable
    # there, and only there, when the machine has no OS keyring.
    use_training_file_keyring(data_dir / "training-keyring.cfg")
    store = KeyStore(installation_id=installation)
    store.data_key()
    return store


def start_training_platform(data_dir: Path) -> tuple[object, str, Path]:
    from counter.training.server import TrainingServer

    server = TrainingServer(data_dir=data_dir / "platform")
    base_url = server.start_in_thread(host="127.0.0.1", port=0)
    return server, base_url, server.ca_file


def build_services(config: Config, *, training: bool) -> Services:
    """Blocking (SQLite, keyring, TLS files): call it from a worker thread or before the loop."""
    data_dir = effective_data_dir(config, training)
    data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(data_dir / "counter.sqlite3")
    installation = installation_id(db)
    keystore = open_keystore(data_dir, training, installation)
    executor = DbExecutor()
    journal = Journal(db, keystore.journal_key())
    audit = JournalAudit(journal, executor)

    training_server: object | None = None
    base_url = config.bureau.base_url
    ca_file = config.bureau.ca_file
    if training:
        training_server, base_url, ca_file = start_training_platform(data_dir)
    if ca_file is None:
        ca_file = data_dir / "bureau-ca.pem"  # doctor reports it missing
    passphrase = None
    if config.bureau.client_cert is not None:
        passphrase = keystore.secret("client-cert-passphrase")
    ssl_context = build_ssl_context(
        ca_file, config.bureau.client_cert, config.bureau.client_key, passphrase
    )
    monitor = ConnectionMonitor()
    client = BureauClient(
        base_url,
        ssl_context,
        monitor=monitor,
        connect_timeout_s=config.bureau.connect_timeout_s,
        read_timeout_s=config.bureau.read_timeout_s,
    )
    device_id = f"{config.outlet.code}-W{config.outlet.window}-{installation[:8]}"
    sessions = SessionService(
        client,
        audit,
        outlet_code=config.outlet.code,
        window=config.outlet.window,
        device_id=device_id,
        heartbeat_s=config.bureau.heartbeat_s,
    )
    idle = IdleLock(sessions, config.security.idle_lock_minutes)
    cipher = FieldCipher(keystore.data_key())
    check_data_key(db, cipher)  # a reset keyring must not pass for the old key
    catalogue = CatalogueService(
        client,
        CatalogueRepo(db),
        executor,
        audit,
        config.outlet.code,
        usage=SettingsUsageStore(db),
        sync_interval_s=config.bureau.catalogue_sync_minutes * 60,
    )
    # Training prints to the preview (files + window), never to paper.
    printer_uri = "preview://" if training else config.printer.uri
    printer = open_printer(
        printer_uri, paper_mm=config.printer.paper_mm, preview_dir=data_dir / "printer-preview"
    )
    queue = QueueService(db, executor, audit, printer, settings=queue_settings(config, training))
    hall = build_hall(config, training, queue, audit, device_id)
    outbox_store = OutboxStore(db, cipher, ALL_KINDS)
    outbox = Outbox(outbox_store, executor, audit=audit)
    sender = OutboxSender(
        outbox,
        client,
        sessions=sessions,
        concurrency=4,
        backoff=Backoff(base_s=1.0, cap_s=300.0),
        audit=audit,
    )
    case_repo = CaseRepo(db, cipher, outbox_store)
    cases = CaseService(sessions, case_repo, outbox, executor, audit)
    id_reader, social_reader, evaluator, scenario_props = open_readers(config, training)
    evaluations = EvaluationService(
        sessions, case_repo, outbox, executor, audit, evaluator=evaluator, timeout_s=60
    )
    transport = TransportService(sessions, TransportRepo(case_repo), outbox, executor, audit)
    persons = PersonService(client, PersonLookupRepo(db, cipher), executor, audit)
    identify = IdentifyService(
        persons, audit, id_reader=id_reader, social_reader=social_reader, ecard=client
    )
    journal_key = keystore.journal_key()
    uploader = JournalUploader(
        journal, outbox, executor, outlet_code=config.outlet.code, device_id=device_id
    )
    reports = ReportService(
        db,
        executor,
        outlet_code=config.outlet.code,
        window=config.outlet.window,
        journal_key=journal_key,
        training=training,
    )
    reconciler = Reconciler(client, db, executor, audit)
    supervision = Supervision(
        uploader=uploader,
        reports=reports,
        reconciler=reconciler,
        day_close=DayCloseService(
            db,
            executor,
            journal=journal,
            journal_key=journal_key,
            sessions=sessions,
            queue=queue,
            outbox=outbox,
            uploader=uploader,
            reconciler=reconciler,
            reports=reports,
            audit=audit,
            device_id=device_id,
            printer=printer,
            reports_dir=data_dir / "reports",
            training=training,
        ),
        followups=FollowUpService(db, executor, audit, sessions, outbox_store),
        feedback=FeedbackService(sessions, outbox, executor, audit, cipher),
        roster=RosterService(sessions, outbox, executor, audit),
        retention=RetentionService(db, executor, audit, cipher),
    )
    training_coordinator = assessments = None
    if training and scenario_props is not None:
        training_coordinator, assessments = build_training_coordinator(
            scenario_props,
            queue=queue,
            journal=journal,
            executor=executor,
            db=db,
            sessions=sessions,
            training_server=training_server,
        )
    return Services(
        config=config,
        training=training,
        data_dir=data_dir,
        db=db,
        db_executor=executor,
        keystore=keystore,
        journal=journal,
        audit=audit,
        monitor=monitor,
        client=client,
        sessions=sessions,
        idle=idle,
        catalogue=catalogue,
        persons=persons,
        printer=printer,
        queue=queue,
        announcer=hall.announcer,
        outbox=outbox,
        sender=sender,
        cases=cases,
        evaluations=evaluations,
        # The device itself: in training the simulated pad scenario runs fall back to.
        evaluator=scenario_props.fallback_evaluator or evaluator if scenario_props else evaluator,
        transport=transport,
        identify=identify,
        supervision=supervision,
        readers=[id_reader, social_reader],
        device_id=device_id,
        caller=hall.caller,
        hall_sync=hall.sync,
        training_server=training_server,
        hall_caller_sim=hall.simulator,
        training_coordinator=training_coordinator,
        assessments=assessments,
    )


def open_readers(
    config: Config, training: bool
) -> tuple[IdCardReader, SocialCardReader, Evaluator, ScenarioProps | None]:
    """The card readers and the citizen-facing evaluator (好差评: simulated in training, the
    on-screen pad (evaluator.kind = "screen") is attached by the UI, "none" records 未评价).
    In training they are wrapped so a scenario's citizens present their cards and rate as
    scripted; between runs they fall back to the plain simulated devices."""
    evaluator: Evaluator = (
        open_evaluator("simulated" if training else config.evaluator.kind) or NoEvaluator()
    )
    kind = "simulated" if training else config.reader.kind
    id_reader: IdCardReader = open_id_card_reader(
        kind, port=config.reader.port, url=config.reader.url
    )
    social_reader: SocialCardReader = open_social_card_reader(kind)
    if not training:
        return id_reader, social_reader, evaluator, None
    from counter.scenarios import ScenarioProps

    props = ScenarioProps(
        fallback_id=id_reader, fallback_social=social_reader, fallback_evaluator=evaluator
    )
    return props.id_reader, props.social_reader, props.evaluator, props


def build_training_coordinator(
    props: ScenarioProps,
    *,
    queue: QueueService,
    journal: Journal,
    executor: DbExecutor,
    db: Database,
    sessions: SessionService,
    training_server: object,
) -> tuple[object, object]:
    """The trainer's scenario runs (issue 10) against the in-process training platform."""
    from counter.scenarios import (
        AssessmentStore,
        InputCounter,
        JournalTrace,
        RunRig,
        TrainingCoordinator,
        load_library,
    )
    from counter.training.scenario_control import LocalPlatformControl

    rig = RunRig(
        queue=queue,
        props=props,
        platform=LocalPlatformControl(training_server.engine),  # type: ignore[attr-defined]
        trace=JournalTrace(journal, executor),
        inputs=InputCounter(),
        nudge=sessions.heartbeat_once,
    )
    assessments = AssessmentStore(db, executor)
    coordinator = TrainingCoordinator(load_library(), rig, assessments, assessor_staff_no="")
    return coordinator, assessments


def queue_settings(config: Config, training: bool) -> QueueSettings:
    q = config.queue
    return QueueSettings(
        prefix=q.prefix,
        max_recalls=q.max_recalls,
        priority_cap=q.priority_cap,
        escalate_after_min=q.escalate_after_minutes,
        late_return_tolerance_min=q.late_return_minutes,
        training=training,
    )


@dataclass
class Hall:
    announcer: AnnouncementQueue
    caller: HallCallerPort | None
    sync: HallSync | None
    simulator: object | None


def build_hall(
    config: Config, training: bool, queue: QueueService, audit: JournalAudit, device_id: str
) -> Hall:
    """The bank's hall caller (mirrored over HTTP), or none; and our own voice.

    With an `http` caller the bank's system announces calls itself, so our voice stays
    silent there unless training; `builtin` outlets (one PC) announce through our voice.
    """
    simulator: object | None = None
    kind, url = config.caller.kind, config.caller.url
    if training and kind != "none":
        from counter.training.hall_caller import SimulatedHallCaller

        sim = SimulatedHallCaller()
        kind, url = "http", sim.start_in_thread()
        simulator = sim
    caller = open_caller(kind, url)
    sync = None
    if caller is not None and kind == "http":
        sync = HallSync(caller, queue.waiting, key_prefix=device_id, audit=audit)
        sync.attach(queue.changed)
    voice_kind = config.hall.voice
    if kind == "http" and not training:
        voice_kind = "silent"
    announcer = AnnouncementQueue(open_voice(voice_kind))
    queue.changed.connect(announcer.follow)
    return Hall(announcer, caller, sync, simulator)
