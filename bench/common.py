"""What every benchmark shares: the result shape, percentiles, the training platform in a
process of its own (with its fault switch) and the client core of one counter PC.

Benchmarks are plain scripts, not tests: each module has ``run(quick: bool) -> Result``.
``quick`` is the runner's smoke mode (tests/test_bench_suite.py): a few iterations, figures
not meant to be published.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "Desk",
    "Faults",
    "PlatformProcess",
    "Result",
    "Ticker",
    "open_desk",
    "percentile",
    "ratio",
]


@dataclass
class Result:
    """One benchmark's figure, its same-run baseline (None: the issue names none) and its
    verdict against the issue's target."""

    name: str
    value: float
    unit: str
    baseline: float | None
    target: str
    met: bool
    method: str  # how it was measured (Markdown, for docs/benchmarks.md)
    extra: dict[str, Any] = field(default_factory=dict)
    ratio: float | None = None
    seconds: float = 0.0  # how long the benchmark ran

    def __post_init__(self) -> None:
        if self.ratio is None and self.baseline:
            self.ratio = round(self.value / self.baseline, 2)

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
            "extra": self.extra,
            "seconds": round(self.seconds, 1),
        }


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile, q in [0, 1]."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ratio(value: float, baseline: float) -> float:
    return round(value / baseline, 2) if baseline else float("inf")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- the event-loop stall meter -----------------------------------------------------------


class Ticker:
    """An asyncio task ticking every ``tick_s``: the longest gap between two ticks, minus
    the tick itself, is the longest stall of the loop (a blocked loop delays the tick)."""

    def __init__(self, tick_s: float = 0.005) -> None:
        self.tick_s = tick_s
        self.worst = 0.0
        self.worst_cpu = 0.0  # the loop thread's CPU time during the longest gap
        self.most_cpu = 0.0  # the most loop-thread CPU time spent within one gap
        self.gaps: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last, last_cpu = loop.time(), time.thread_time()
        while True:
            await asyncio.sleep(self.tick_s)
            now, cpu = loop.time(), time.thread_time()
            gap = now - last - self.tick_s
            self.gaps.append(gap)
            # A gap with little CPU on this thread is the OS not running us (a busy
            # machine) or a blocking wait (I/O, a lock); with CPU it is our own work.
            self.most_cpu = max(self.most_cpu, cpu - last_cpu)
            if gap > self.worst:
                self.worst, self.worst_cpu = gap, cpu - last_cpu
            last, last_cpu = now, cpu

    def __enter__(self) -> Ticker:
        self._task = asyncio.ensure_future(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


# --- the training platform in its own process ---------------------------------------------


class PlatformProcess:
    """`python -m counter.training` on a free loopback port, in a fresh data dir (it seeds
    itself on first start). Its own process: its CPU must not count against the client's
    event loop or GIL."""

    def __init__(self, directory: Path, *, nice: int = 0) -> None:
        """*nice* > 0 lowers the platform's CPU priority: at the counter the bureau is another
        machine, so where the client's responsiveness is measured it should not compete."""
        directory.mkdir(parents=True, exist_ok=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory = directory
        self.ca_file = directory / "tls" / "ca.pem"
        self.base_url = f"https://127.0.0.1:{self.port}"
        self._log = (directory / "platform.log").open("wb")
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "counter.training"),
                *("--port", str(self.port), "--data-dir", str(directory)),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.nice(nice)) if nice else None,  # noqa: PLW1509
        )
        self._wait_ready()
        from counter.training.tls import CA_CERT_FILE

        self.ca_file = directory / "tls" / CA_CERT_FILE

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"training platform exited; see {self.directory}/platform.log")
            try:
                if httpx.get(f"{self.base_url}/v1/health", verify=False).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("training platform did not start")
            time.sleep(0.05)

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()

    def __enter__(self) -> PlatformProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Faults:
    """The platform's fault switch, over its admin API (a supervisor's session)."""

    def __init__(self, platform: PlatformProcess) -> None:
        from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD

        self.http = httpx.Client(
            base_url=platform.base_url, verify=platform.ssl_context(), timeout=10
        )
        answer = self.http.post(
            "/v1/sessions",
            json={
                "staff_no": "T-SUPER01",
                "password": TRAINING_PASSWORD,
                "outlet_code": TRAINING_OUTLET_CODE,
                "device_id": "BENCH-FAULTS",
            },
        )
        answer.raise_for_status()
        self.headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def set(self, **plan: Any) -> None:
        from counter.training.faults import FaultPlan

        body = FaultPlan(**plan).model_dump(mode="json", exclude_defaults=True)
        self.http.post("/v1/training/faults", json=body, headers=self.headers).raise_for_status()

    def clear(self) -> None:
        self.http.delete("/v1/training/faults", headers=self.headers).raise_for_status()

    def stats(self) -> dict[str, Any]:
        answer = self.http.get("/v1/training/faults", headers=self.headers)
        stats: dict[str, Any] = answer.json()["stats"]
        return stats

    def close(self) -> None:
        self.http.close()


# --- the client core of one counter PC ----------------------------------------------------


@dataclass
class Desk:
    """The real client core for cases: SQLite file, outbox + sender, session, case service."""

    db: Any
    executor: Any
    client: Any
    sessions: Any
    outbox: Any
    sender: Any
    cases: Any
    items: dict[str, Any]

    async def login(self, staff_no: str = "T-CLERKA1") -> None:
        from counter.training.seed import TRAINING_PASSWORD

        await self.sessions.login(staff_no, TRAINING_PASSWORD)
        if not self.items:
            answer = await self.client.catalogue()
            self.items = {i.code: i for i in answer.catalogue.items}

    def draft(self, code: str, ticket: str) -> Any:
        """A complete draft of item *code* (example form values, all materials)."""
        from counter.bureau.cases import IdentityMethod
        from counter.training.forms import example_values
        from counter.training.persons import featured_persons

        item = self.items[code]
        draft = self.cases.new_draft(item, ticket_number=ticket)
        assert draft.set_person(featured_persons()[0].id_number, IdentityMethod.ID_CARD) is None
        for name, value in example_values(item.form_fields).items():
            draft.set_field(name, value)
        for material in item.materials:
            draft.set_material(material.name, True)
        assert draft.errors() == {}, draft.errors()
        return draft

    async def submit(self, count: int, code: str = "SB08046") -> list[str]:
        """Submit *count* cases (each committed to the outbox first); their case ids."""
        ids = []
        for i in range(count):
            outcome = await self.cases.submit(self.draft(code, f"B{i:04d}"))
            ids.append(outcome.case_id)
        return ids

    async def close(self) -> None:
        if self.sessions.current is not None:
            try:
                await self.sessions.logout()
            except Exception:  # the platform may be gone already
                pass
        await self.client.aclose()
        self.executor.shutdown()
        self.db.close()


def open_desk(
    platform: PlatformProcess,
    path: Path,
    *,
    concurrency: int = 4,
    read_timeout_s: float = 5.0,
    backoff: tuple[float, float] = (0.05, 0.5),
) -> Desk:
    """The client core of one counter PC against *platform* (database at *path*), built the
    way ui/composition.py builds it (a random data key instead of the keyring's)."""
    import counter.case_store  # noqa: F401 - registers the tables
    from counter.bureau.client import BureauClient, build_ssl_context
    from counter.cases import CaseRepo, CaseService
    from counter.crypto import KEY_BYTES, FieldCipher
    from counter.journal import Journal
    from counter.journal_audit import JournalAudit
    from counter.outbox import Backoff, Outbox, OutboxSender, OutboxStore
    from counter.session import SessionService
    from counter.storage.db import open_database
    from counter.training.seed import TRAINING_OUTLET_CODE

    db = open_database(path)
    cipher = FieldCipher(secrets.token_bytes(KEY_BYTES))
    from counter.storage.executor import DbExecutor

    executor = DbExecutor()
    audit = JournalAudit(Journal(db, secrets.token_bytes(32)), executor)  # the real journal
    client = BureauClient(
        platform.base_url,
        build_ssl_context(platform.ca_file),
        read_timeout_s=read_timeout_s,
        connect_timeout_s=read_timeout_s,
    )
    sessions = SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=3, device_id=path.stem
    )
    store = OutboxStore(db, cipher)
    outbox = Outbox(store, executor)
    sender = OutboxSender(
        outbox,
        client,
        sessions=sessions,
        concurrency=concurrency,
        backoff=Backoff(*backoff),
        rng=random.Random(7),
        audit=audit,
    )
    repo = CaseRepo(db, cipher, store)
    cases = CaseService(sessions, repo, outbox, executor, audit, settle_wait_s=0.0)
    return Desk(db, executor, client, sessions, outbox, sender, cases, {})


def workdir(prefix: str) -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix=f"bench-{prefix}-")


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target)


def rounded(values: Mapping[str, float], digits: int = 2) -> dict[str, float]:
    return {k: round(v, digits) for k, v in values.items()}
