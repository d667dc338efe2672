"""Suite 2, network faults: the client core through a fault-injecting proxy to the platform.

The training platform runs in a process of its own (its CPU must not count against the
event loop under test); :class:`reliability.faultproxy.FaultProxy` sits between it and the
client core (SQLite store, outbox and sender, case and session services, heartbeat), all on
one asyncio loop — the loop the UI's qasync loop would be. A 10 ms ticker on that loop
records the longest stall while the faults run.

Phase 1 (fault mix): the clerk submits cases one after another while every exchange may be
delayed (up to 10 s), reset mid-request or mid-response, truncated, trickled or swallowed.
Phase 2 (outage): the proxy refuses every connection for ``outage_s``; the clerk keeps
taking cases (收件转运 items, accepted offline); then the network returns and the time until
the outbox is empty is measured. At the end the client's cases are compared with the
platform's ``GET /v1/cases``: lost, duplicated (twice on the platform, re-keyed, or another
business number).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import random
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reliability.common import SuiteResult
from reliability.faultproxy import FaultMix, ProxyProcess

CLERK = "T-CLERKA1"
ITEMS = ("SB08046", "SB09060")  # 全程办 (online only) and 收件转运 (offline_ok)
OFFLINE_ITEM = "SB09060"
TICK_S = 0.010
# The platform and the proxy stand for other machines: they yield the CPU to the client.
NICE = ["nice", "-n", "10"] if shutil.which("nice") else []


@dataclass
class NetworkRun:
    cases: int = 0
    lost: int = 0
    duplicated: int = 0
    unknown: int = 0
    worst_stall_s: float = 0.0  # the client's own (see Ticker)
    worst_stall_cpu_s: float = 0.0
    worst_wall_s: float = 0.0
    worst_wall_wait_s: float = 0.0
    most_cpu_s: float = 0.0
    longest_gc_s: float = 0.0
    load: str = ""
    ticks: int = 0
    drain_after_recovery_s: float = 0.0
    fault_phase_s: float = 0.0
    outage_s: float = 0.0
    outage_cases: int = 0
    refused_offline: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    needs_attention: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)


def _schedstat() -> tuple[float, float, float]:
    """(this thread's CPU time, its run-queue wait, the longest run-queue wait of any other
    thread of this process), cumulative seconds; Linux. Elsewhere: (thread CPU time, 0, 0)."""
    me = threading.get_native_id()
    try:
        own_cpu = own_wait = other_wait = 0.0
        for task in os.scandir("/proc/self/task"):
            with open(f"{task.path}/schedstat", encoding="ascii") as f:
                cpu_ns, wait_ns, _ = f.read().split()
            if int(task.name) == me:
                own_cpu, own_wait = int(cpu_ns) / 1e9, int(wait_ns) / 1e9
            else:
                other_wait += int(wait_ns) / 1e9
    except (OSError, ValueError):
        return time.thread_time(), 0.0, 0.0
    return own_cpu, own_wait, other_wait


class Ticker:
    """A 10 ms asyncio ticker recording the longest gap between its ticks.

    On Linux a tick late by *late* seconds is split: the time the loop's thread waited in
    the run queue for a CPU, the run-queue time of the process's other threads (one of
    them may hold the GIL the loop waits for), and the rest — *own*: code running on the
    loop or the loop blocked by the client itself. On a machine whose CPUs are busy with
    other work the wall-clock lateness grows with the load; *own* is the client's stall.
    Both are kept.
    """

    def __init__(self) -> None:
        self.worst = 0.0  # the longest lateness of a tick (wall clock)
        self.worst_wait = 0.0  # run-queue wait (all our threads) in that gap
        self.worst_own = 0.0  # the longest lateness not spent waiting for a CPU
        self.own_cpu = 0.0  # CPU the loop's thread used in that gap
        self.most_cpu = 0.0  # the most CPU the loop's thread used in any one gap
        self.ticks = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        last_cpu, last_wait, last_other = _schedstat()
        while True:
            await asyncio.sleep(TICK_S)
            now = loop.time()
            cpu, wait, other = _schedstat()
            late = max(0.0, now - last - TICK_S)
            waited = (wait - last_wait) + (other - last_other)
            own = max(0.0, late - waited)
            if late > self.worst:
                self.worst, self.worst_wait = late, waited
            if own > self.worst_own:
                self.worst_own, self.own_cpu = own, cpu - last_cpu
            self.most_cpu = max(self.most_cpu, cpu - last_cpu)
            self.ticks += 1
            last, last_cpu, last_wait, last_other = now, cpu, wait, other

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()


class GcPauses:
    """The longest garbage collection (any thread: it holds the GIL) while it is on."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._started: dict[int, float] = {}
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, _info: dict[str, int]) -> None:
        now, me = time.perf_counter(), threading.get_ident()
        if phase == "start":
            self._started[me] = now
        elif me in self._started:
            self.longest = max(self.longest, now - self._started.pop(me))

    def stop(self) -> float:
        gc.callbacks.remove(self._callback)
        return self.longest


class Platform:
    """``python -m counter.training`` in its own process (the first start seeds it)."""

    def __init__(self, directory: Path, seeded_db: Path | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if seeded_db is not None:  # a seeded platform database to start from (tests)
            from counter.training.server import DB_FILE

            shutil.copyfile(seeded_db, directory / DB_FILE)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.directory = directory
        self._log = (directory / "platform.log").open("wb")
        self.process = subprocess.Popen(
            [
                *NICE,
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
        self.ca_file = self._wait_ready()

    def _wait_ready(self, timeout: float = 120.0) -> Path:
        import httpx

        from counter.training.server import TLS_DIR
        from counter.training.tls import CA_CERT_FILE

        ca = self.directory / TLS_DIR / CA_CERT_FILE
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("training platform process exited")
            if ca.exists():
                context = ssl.create_default_context(cafile=str(ca))
                with contextlib.suppress(httpx.TransportError):
                    url = f"https://127.0.0.1:{self.port}/v1/health"
                    if httpx.get(url, verify=context).status_code == 200:
                        return ca
            time.sleep(0.1)
        raise RuntimeError("training platform did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


@dataclass
class Desk:
    db: Any
    executor: Any
    client: Any
    sessions: Any
    outbox: Any
    sender: Any
    cases: Any
    items: dict[str, Any]

    async def close(self) -> None:
        await self.client.aclose()
        self.executor.shutdown()
        self.db.close()


def open_desk(
    path: Path,
    url: str,
    ca: Path,
    *,
    backoff: tuple[float, float],
    read_timeout_s: float,
    device_id: str = "NET-PC",
) -> Desk:
    """The client core of one counter PC, wired as ui/composition.py does."""
    import counter.case_store  # noqa: F401 - registers the tables
    from counter.audit import MemoryAudit
    from counter.bureau.client import BureauClient, build_ssl_context
    from counter.cases import CaseRepo, CaseService
    from counter.crypto import FieldCipher
    from counter.outbox import Backoff, Outbox, OutboxSender, OutboxStore
    from counter.session import SessionService
    from counter.storage.db import open_database
    from counter.storage.executor import DbExecutor
    from counter.training.seed import TRAINING_OUTLET_CODE

    db = open_database(path)
    cipher = FieldCipher(os.urandom(32))
    executor = DbExecutor()
    audit = MemoryAudit()
    client = BureauClient(
        url,
        build_ssl_context(ca),
        read_timeout_s=read_timeout_s,
        connect_timeout_s=min(5.0, read_timeout_s),
    )
    sessions = SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=3, device_id=device_id
    )
    store = OutboxStore(db, cipher)
    outbox = Outbox(store, executor)
    sender = OutboxSender(
        outbox, client, sessions=sessions, concurrency=4, backoff=Backoff(*backoff), audit=audit
    )
    cases = CaseService(
        sessions, CaseRepo(db, cipher, store), outbox, executor, audit, settle_wait_s=0
    )
    return Desk(db, executor, client, sessions, outbox, sender, cases, {})


async def submit(desk: Desk, code: str, rng: random.Random) -> str | None:
    """One case as the clerk takes it; None when refused because the platform looks offline."""
    from counter.bureau.cases import IdentityMethod
    from counter.cases import CaseError
    from counter.training.forms import example_values
    from counter.training.persons import featured_persons

    item = desk.items[code]
    draft = desk.cases.new_draft(item, ticket_number=f"N{rng.randrange(1000):03d}")
    draft.set_person(featured_persons()[0].id_number, IdentityMethod.ID_CARD)
    for name, value in example_values(item.form_fields).items():
        draft.set_field(name, value)
    for material in item.materials:
        draft.set_material(material.name, True)
    try:
        outcome = await desk.cases.submit(draft)
    except CaseError as exc:
        if exc.code != "OFFLINE":
            raise
        return None
    return str(outcome.case_id)


async def wait_empty(desk: Desk, timeout: float) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if (await desk.outbox.refresh()).pending == 0:
            return True
        await asyncio.sleep(0.05)
    return False


async def reconcile(desk: Desk, ids: set[str], run: NetworkRun) -> None:
    from counter.cases import business_day
    from counter.storage.models import utcnow
    from counter.training.seed import TRAINING_OUTLET_CODE

    listed = await desk.client.list_cases(business_day(utcnow()), TRAINING_OUTLET_CODE)
    on_platform = Counter(r.case_id for r in listed.cases)
    numbers: dict[str, set[str]] = {}
    for r in listed.cases:
        numbers.setdefault(r.case_id, set()).add(r.business_no)
    local = {c.case_id: c for c in await desk.cases.todays_cases()}
    keys = Counter(m.object_id for m in await desk.outbox.messages() if m.kind == "case")
    lost = sorted(c for c in ids if c not in on_platform or local[c].state.value != "accepted")
    duplicated = sorted(
        {c for c in ids if on_platform.get(c, 0) > 1}
        | {c for c in ids if keys.get(c, 0) > 1}
        | {c for c in ids if c in numbers and numbers[c] != {local[c].business_no}}
    )
    unknown = sorted(c for c in on_platform if c not in ids)
    run.cases = len(ids)
    run.lost, run.duplicated, run.unknown = len(lost), len(duplicated), len(unknown)
    run.needs_attention = (await desk.outbox.refresh()).needs_attention
    run.examples = {
        k: v[:5] for k, v in (("lost", lost), ("duplicated", duplicated), ("unknown", unknown)) if v
    }


async def scenario(  # noqa: PLR0915 - one scenario, step by step
    workdir: Path,
    *,
    cases: int,
    outage_cases: int,
    outage_s: float,
    mix: FaultMix,
    backoff: tuple[float, float],
    read_timeout_s: float,
    seed: int,
    platform_db: Path | None = None,
) -> NetworkRun:
    from counter.training.seed import TRAINING_PASSWORD

    run = NetworkRun(outage_s=outage_s)
    rng = random.Random(seed)
    platform = await asyncio.to_thread(Platform, workdir / "platform", platform_db)
    proxy = await ProxyProcess.start(platform.port, seed=seed)
    port = proxy.port
    desk = await asyncio.to_thread(
        open_desk,
        workdir / "counter.sqlite3",
        f"https://127.0.0.1:{port}",
        platform.ca_file,
        backoff=backoff,
        read_timeout_s=read_timeout_s,
    )
    ticker = Ticker()
    tasks: list[asyncio.Task[None]] = []
    try:
        await desk.sessions.login(CLERK, TRAINING_PASSWORD)
        answer = await desk.client.catalogue()
        assert answer.catalogue is not None
        desk.items = {i.code: i for i in answer.catalogue.items if i.code in ITEMS}
        # As the app does once it is composed (a full collection of the start-up heap, held
        # by whichever thread triggers it, would stop the loop for 100 ms and more).
        gc.freeze()
        pauses = GcPauses()
        ticker.start()
        tasks = [
            asyncio.create_task(desk.sender.run()),
            asyncio.create_task(desk.sessions.run_heartbeat()),
        ]
        # Phase 1: the fault mix while the clerk works.
        started = time.monotonic()
        await proxy.set_mix(mix)
        ids: set[str] = set()
        while len(ids) < cases:
            case_id = await submit(desk, rng.choice(ITEMS), rng)
            if case_id is None:
                run.refused_offline += 1
                await asyncio.sleep(0.05)
                continue
            ids.add(case_id)
            await asyncio.sleep(rng.uniform(0.0, 0.01))
        if not await wait_empty(desk, 1800):
            raise RuntimeError("the fault phase did not drain in 30 min")
        run.fault_phase_s = time.monotonic() - started
        # Phase 2: an outage while the clerk keeps taking cases, then recovery.
        await proxy.set_mix(FaultMix())
        await proxy.outage()
        outage_started = time.monotonic()
        gap = outage_s / max(outage_cases, 1) / 2
        while len(ids) < cases + outage_cases:
            case_id = await submit(desk, OFFLINE_ITEM, rng)
            if case_id is not None:
                ids.add(case_id)
            await asyncio.sleep(gap)
        await asyncio.sleep(max(0.0, outage_s - (time.monotonic() - outage_started)))
        await proxy.recover()
        recovered = time.monotonic()
        if not await wait_empty(desk, 1800):
            raise RuntimeError("the outbox did not drain in 30 min after recovery")
        run.drain_after_recovery_s = time.monotonic() - recovered
        run.outage_cases = outage_cases
        ticker.stop()
        run.worst_stall_s, run.worst_stall_cpu_s = ticker.worst_own, ticker.own_cpu
        run.worst_wall_s, run.worst_wall_wait_s = ticker.worst, ticker.worst_wait
        run.ticks, run.most_cpu_s = ticker.ticks, ticker.most_cpu
        run.load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        run.longest_gc_s = pauses.stop()
        await reconcile(desk, ids, run)
        run.faults = await proxy.stats()
    finally:
        gc.unfreeze()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await desk.sessions.logout()
        await desk.close()
        await proxy.close()
        await asyncio.to_thread(platform.stop)
    return run


FULL_MIX = FaultMix(
    latency=0.08,
    reset_request=0.04,
    reset_response=0.04,
    truncate=0.04,
    trickle=0.04,
    blackhole=0.02,
    latency_max_s=10.0,
)


def run(
    *, full: bool, workdir: str, outage_s: float | None = None, platform_db: str | None = None
) -> SuiteResult:
    if full:
        params: dict[str, Any] = {
            "cases": 1000,
            "outage_cases": 100,
            "outage_s": 600.0 if outage_s is None else outage_s,
            "mix": FULL_MIX,
            "backoff": (1.0, 300.0),  # the production schedule (ui/composition.py)
            "read_timeout_s": 5.0,
            "seed": 20261128,
        }
    else:
        params = {
            "cases": 40,
            "outage_cases": 10,
            "outage_s": 2.0 if outage_s is None else outage_s,
            "mix": FaultMix(
                latency=0.1,
                reset_request=0.08,
                reset_response=0.08,
                truncate=0.08,
                trickle=0.08,
                blackhole=0.04,
                latency_max_s=1.5,
            ),
            "backoff": (0.05, 0.5),
            "read_timeout_s": 1.0,
            "seed": 7,
        }
    seeded = Path(platform_db) if platform_db else None
    result_run = asyncio.run(scenario(Path(workdir), **params, platform_db=seeded))
    return to_result(result_run, params, full=full)


def to_result(r: NetworkRun, params: dict[str, Any], *, full: bool) -> SuiteResult:
    mix: FaultMix = params["mix"]
    shares = ", ".join(
        f"{name} {getattr(mix, name):.0%}"
        for name in ("latency", "reset_request", "reset_response", "truncate", "trickle")
    )
    faults = ", ".join(f"{k} {v}" for k, v in sorted(r.faults.items()))
    result = SuiteResult(
        "network",
        "Network faults through a fault-injecting proxy",
        f"""
`reliability/faultproxy.py` (asyncio TCP proxy, HTTPS passed through as bytes) between the
real client core and the training platform (its own process). Phase 1: {params["cases"]}
cases taken one after another while each exchange may be faulted ({shares}, blackhole
{mix.blackhole:.0%}; latency up to {mix.latency_max_s:g} s; client read timeout
{params["read_timeout_s"]:g} s; outbox backoff base {params["backoff"][0]:g} s, cap
{params["backoff"][1]:g} s with full jitter). Phase 2: every connection refused for
{params["outage_s"]:g} s while {params["outage_cases"]} more cases are taken offline, then
recovery. Faults applied: {faults}. A 10 ms ticker on the asyncio loop that runs the sender
(as the UI's qasync loop would) measures the longest stall beyond its period.
""",
    )
    result.add(
        "cases",
        r.cases,
        ">= 1000" if full else ">= 50",
        r.cases >= (1000 if full else 50),
        f"fault phase {r.fault_phase_s:.0f} s; {r.refused_offline} online-only cases "
        "refused while the platform looked offline and taken again",
    )
    result.add("cases lost", r.lost, "0", r.lost == 0)
    result.add(
        "cases duplicated",
        r.duplicated,
        "0",
        r.duplicated == 0,
        f"{r.unknown} unknown on the platform, {r.needs_attention} needs attention",
    )
    result.add(
        "longest event-loop stall while faults run",
        f"{r.worst_stall_s * 1000:.1f} ms",
        "<= 50 ms",
        r.worst_stall_s <= 0.050,
        f"{r.ticks} ticks of 10 ms; lateness of a tick not spent waiting for a CPU (the "
        f"loop's thread or, holding the GIL, another of ours); the loop's thread ran "
        f"{r.worst_stall_cpu_s * 1000:.1f} ms of CPU in that gap, at most "
        f"{r.most_cpu_s * 1000:.1f} ms in any gap. Wall clock, CPU waits included: "
        f"{r.worst_wall_s * 1000:.0f} ms, of which {r.worst_wall_wait_s * 1000:.0f} ms in the "
        f"run queue (load average at the end {r.load} on {os.cpu_count()} CPUs); longest "
        f"garbage collection meanwhile {r.longest_gc_s * 1000:.0f} ms (start-up heap frozen, "
        "gc.freeze(), as the app must do once composed)",
    )
    result.add(
        "time to drain after recovery",
        f"{r.drain_after_recovery_s:.1f} s",
        f"<= backoff cap ({params['backoff'][1]:g} s) + 10 s",
        r.drain_after_recovery_s <= params["backoff"][1] + 10,
        f"after a {r.outage_s:g} s outage with {r.outage_cases} cases waiting: a case waits "
        "at most one backoff window (capped) after its last failed attempt",
    )
    return result
