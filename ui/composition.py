"""The composition root: builds the core services and the drivers from the config.

It imports no Qt, so headless commands (`counter doctor`, …) use it too. In training mode
it starts the training platform on loopback and points the client at it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from counter.bureau.client import BureauClient, build_ssl_context
from counter.bureau.connection import ConnectionMonitor
from counter.catalogue import CatalogueService
from counter.config import Config
from counter.crypto import FieldCipher
from counter.journal import Journal
from counter.journal_audit import JournalAudit
from counter.keystore import KeyringUnavailable, KeyStore, use_training_file_keyring
from counter.persons import PersonService
from counter.session import IdleLock, SessionService
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import (
    CatalogueRepo,
    PersonLookupRepo,
    check_data_key,
    installation_id,
)

log = logging.getLogger("counter.compose")

TRAINING_DIR = "training"


def effective_data_dir(config: Config, training: bool) -> Path:
    """Training keeps its own data dir, so practice never mixes with real cases."""
    return config.data_dir / TRAINING_DIR if training else config.data_dir


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
    device_id: str
    training_server: object | None = None
    warnings: list[str] = field(default_factory=list)

    async def aclose(self) -> None:
        await self.client.aclose()
        self.db_executor.shutdown()
        self.db.close()
        stop = getattr(self.training_server, "stop", None)
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
    catalogue = CatalogueService(client, CatalogueRepo(db), executor, audit, config.outlet.code)
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
        persons=PersonService(client, PersonLookupRepo(db, cipher), executor, audit),
        device_id=device_id,
        training_server=training_server,
    )
