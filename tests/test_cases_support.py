"""Helpers for the client-side case tests (no tests of its own).

`open_desk` builds the real client core of one counter PC against a training platform:
a SQLite file, the data key, the DB executor, the outbox and its sender, the session,
case, evaluation and transport services. Tests log in with the training accounts (or
throwaway ones) and drive it like the UI would.
"""

from __future__ import annotations

import random
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

import counter.case_store  # noqa: F401 - registers the tables
from counter.audit import MemoryAudit
from counter.bureau.cases import IdentityMethod
from counter.bureau.client import BureauClient, build_ssl_context
from counter.bureau.models import CatalogueItem
from counter.cases import CaseDraft, CaseRepo, CaseService
from counter.crypto import FieldCipher
from counter.evaluations import EvaluationService, ScriptedEvaluator
from counter.forms import FormValue
from counter.keystore import KeyStore
from counter.outbox import Backoff, Outbox, OutboxSender, OutboxStore
from counter.session import SessionService
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.training.case_db import CaseRow as PlatformCase
from counter.training.db import make_engine
from counter.training.forms import example_values
from counter.training.persons import featured_persons
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import DB_FILE, TLS_DIR, TrainingServer, default_db_url
from counter.training.tls import CA_CERT_FILE
from counter.transport import TransportRepo, TransportService

FEATURED = featured_persons()
EMPLOYEE = FEATURED[0]  # card normal
TEMP_LOST = FEATURED[2]  # card temporarily lost

FULL_ITEM = "SB08046"  # 社会保障卡应用状态查询: 全程办, no rule, not offline_ok
COLLECT_ITEM = "SB09060"  # 就业登记（灵活就业）: 收件转运, offline_ok
REVIEW_ITEM = "SB02010"  # 待遇发放账户变更: needs_review, 全程办
UNBLOCK_ITEM = "SB08049"  # 解挂: refused unless the card is temporarily lost
PRINT_ITEM = "SB04017"  # 权益记录打印: cross rule period_from <= period_to (platform only)

FAST_BACKOFF = Backoff(base_s=0.02, cap_s=0.2)


@dataclass
class Desk:
    server: TrainingServer | PlatformProcess
    path: Path
    db: Database
    executor: DbExecutor
    cipher: FieldCipher
    client: BureauClient
    sessions: SessionService
    audit: MemoryAudit
    store: OutboxStore
    outbox: Outbox
    sender: OutboxSender
    repo: CaseRepo
    cases: CaseService
    evaluator: ScriptedEvaluator
    evaluations: EvaluationService
    transport: TransportService
    items: dict[str, CatalogueItem]

    async def login(self, staff_no: str) -> None:
        if self.sessions.current is not None:
            await self.sessions.logout()
        await self.sessions.login(staff_no, TRAINING_PASSWORD)
        if not self.items:
            answer = await self.client.catalogue()
            assert answer.catalogue is not None
            self.items = {i.code: i for i in answer.catalogue.items}

    def draft(
        self,
        code: str,
        id_number: str = EMPLOYEE.id_number,
        *,
        form: Mapping[str, FormValue] | None = None,
        ticket: str | None = "A001",
    ) -> CaseDraft:
        """A complete draft of item *code*: example form values, all materials received."""
        item = self.items[code]
        draft = self.cases.new_draft(item, ticket_number=ticket)
        assert draft.set_person(id_number, IdentityMethod.ID_CARD) is None
        for name, value in {**example_values(item.form_fields), **(form or {})}.items():
            draft.set_field(name, value)
        for material in item.materials:
            draft.set_material(material.name, True)
        assert draft.errors() == {}, draft.errors()
        return draft

    async def close(self) -> None:
        if self.sessions.current is not None:
            await self.sessions.logout()
        await self.client.aclose()
        self.executor.shutdown()
        self.db.close()


def open_desk(
    server: TrainingServer | PlatformProcess,
    path: Path,
    *,
    concurrency: int = 4,
    read_timeout_s: float = 5.0,
    backoff: Backoff = FAST_BACKOFF,
    settle_wait_s: float = 0.0,
    evaluation_timeout_s: float = 2.0,
    window: int = 3,
    outlet_code: str = TRAINING_OUTLET_CODE,
    ssl_context: ssl.SSLContext | None = None,
) -> Desk:
    """The client core of one counter PC (its database at *path*)."""
    db = open_database(path)
    cipher = FieldCipher(KeyStore(installation_id=f"test-{path.stem}").data_key())
    executor = DbExecutor()
    audit = MemoryAudit()
    client = BureauClient(
        server.base_url,
        ssl_context or build_ssl_context(server.ca_file),
        read_timeout_s=read_timeout_s,
        connect_timeout_s=read_timeout_s,
    )
    sessions = SessionService(
        client, audit, outlet_code=outlet_code, window=window, device_id=path.stem
    )
    store = OutboxStore(db, cipher)
    outbox = Outbox(store, executor)
    sender = OutboxSender(
        outbox,
        client,
        sessions=sessions,
        concurrency=concurrency,
        backoff=backoff,
        rng=random.Random(7),
        audit=audit,
    )
    repo = CaseRepo(db, cipher, store)
    cases = CaseService(sessions, repo, outbox, executor, audit, settle_wait_s=settle_wait_s)
    evaluator = ScriptedEvaluator()
    evaluations = EvaluationService(
        sessions, repo, outbox, executor, audit, evaluator=evaluator, timeout_s=evaluation_timeout_s
    )
    transport = TransportService(sessions, TransportRepo(repo), outbox, executor, audit)
    return Desk(
        server=server,
        path=path,
        db=db,
        executor=executor,
        cipher=cipher,
        client=client,
        sessions=sessions,
        audit=audit,
        store=store,
        outbox=outbox,
        sender=sender,
        repo=repo,
        cases=cases,
        evaluator=evaluator,
        evaluations=evaluations,
        transport=transport,
        items={},
    )


class PlatformProcess:
    """The training platform in a process of its own (a copy of the seeded home).

    For measurements of the client's event loop: an in-process server thread would share
    the GIL with the loop under test and blur the figures. Duck-types what the desk needs of
    a `TrainingServer` (`base_url`, `ca_file`, `engine`).
    """

    def __init__(self, home: Path, tls_dir: Path, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(home, directory / DB_FILE)
        shutil.copytree(tls_dir, directory / TLS_DIR)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory = directory
        self.ca_file = directory / TLS_DIR / CA_CERT_FILE
        self.base_url = f"https://127.0.0.1:{self.port}"
        self._log = (directory / "platform.log").open("wb")
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "counter.training",
                "--port",
                str(self.port),
                "--data-dir",
                str(directory),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._engine: Engine | None = None
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        context = ssl.create_default_context(cafile=str(self.ca_file))
        while True:
            if self._process.poll() is not None:
                raise RuntimeError("training platform process exited")
            try:
                if httpx.get(f"{self.base_url}/v1/health", verify=context).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("training platform did not start")
            time.sleep(0.05)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(default_db_url(self.directory))
        return self._engine

    def stop(self) -> None:
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._log.close()
        if self._engine is not None:
            self._engine.dispose()


def platform_cases(
    server: TrainingServer | PlatformProcess, case_ids: set[str] | None = None
) -> list[PlatformCase]:
    """The platform's own rows (for checks the public API does not expose)."""
    with Session(server.engine) as s:
        query = select(PlatformCase)
        if case_ids is not None:
            query = query.where(PlatformCase.case_id.in_(sorted(case_ids)))
        rows = list(s.scalars(query))
        for row in rows:
            s.expunge(row)
        return rows


def today_utc() -> date:
    return datetime.now(UTC).date()


def actions(audit: MemoryAudit) -> list[str]:
    return [str(e["action"]) for e in audit.entries]
