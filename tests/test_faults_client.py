"""The client core under the training platform's fault injection: nothing lost, nothing twice,
and the event loop keeps ticking while the sender waits.

Each scenario submits N cases, lets the real sender deliver them through the fault, and
reconciles with the platform's `GET /v1/cases`. A 10 ms asyncio ticker measures the longest
gap of the event loop meanwhile. Tests assert no timing: only that the ticker kept
ticking while the sender waited (a sender that blocked the loop would starve it); the
measured gaps are printed (run with ``-s``) and benchmarked by the performance suite.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from counter.cases import business_day
from counter.outbox import Backoff, MessageState
from counter.storage.models import utcnow
from counter.training.faults import FaultPlan, FaultState, FaultStats, Outage
from counter.training.seed import TRAINING_OUTLET_CODE
from tests.test_cases_support import FULL_ITEM, Desk, PlatformProcess, open_desk
from tests.training_fixtures import TrainingHome, bearer, token_for

CASES = 50
TICK_S = 0.010
MIN_TICKS = 5
GAPS: dict[str, float] = {}


@pytest.fixture(scope="module")
def fault_server(
    training_home: TrainingHome, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlatformProcess]:
    """The platform in its own process: its CPU must not count against our event loop."""
    directory = tmp_path_factory.mktemp("fault-platform")
    server = PlatformProcess(training_home.database, training_home.tls.ca_cert.parent, directory)
    yield server
    server.stop()
    if GAPS:
        print("\nevent-loop longest gap while the sender works (10 ms ticker):")
        for name, gap in GAPS.items():
            print(f"  {name:<22} {gap * 1000:7.1f} ms")


class Faults:
    """The platform's fault switch, over its admin API (a supervisor's session)."""

    def __init__(self, server: PlatformProcess) -> None:
        self.http = httpx.Client(
            base_url=server.base_url,
            verify=ssl.create_default_context(cafile=str(server.ca_file)),
            timeout=10,
        )
        self.headers = bearer(token_for(self.http, "T-SUPER01"))

    def set(self, plan: FaultPlan) -> None:
        body = plan.model_dump(mode="json", exclude_defaults=True)
        response = self.http.post("/v1/training/faults", json=body, headers=self.headers)
        assert response.status_code == 200, response.text

    def clear(self) -> None:
        response = self.http.delete("/v1/training/faults", headers=self.headers)
        assert response.status_code == 204, response.text

    def stats(self) -> FaultStats:
        response = self.http.get("/v1/training/faults", headers=self.headers)
        return FaultState.model_validate(response.json()).stats


@pytest.fixture
def faults(fault_server: PlatformProcess) -> Iterator[Faults]:
    switch = Faults(fault_server)
    switch.clear()
    yield switch
    switch.clear()
    switch.http.close()


class Ticker:
    """A 10 ms asyncio ticker recording the longest gap between its ticks."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.ticks = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(TICK_S)
            now = loop.time()
            self.worst = max(self.worst, now - last)
            self.ticks += 1
            last = now

    def __enter__(self) -> Ticker:
        self._task = asyncio.create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def submit_cases(desk: Desk, count: int) -> set[str]:
    ids: set[str] = set()
    for i in range(count):
        outcome = await desk.cases.submit(desk.draft(FULL_ITEM, ticket=f"F{i:03d}"))
        ids.add(outcome.case_id)
    return ids


async def reconcile(desk: Desk, ids: set[str]) -> None:
    """0 lost, 0 duplicated: every case accepted once, with the platform's business number."""
    listed = await desk.client.list_cases(business_day(utcnow()), TRAINING_OUTLET_CODE)
    on_platform = Counter(r.case_id for r in listed.cases if r.case_id in ids)
    lost = ids - set(on_platform)
    duplicated = {case_id for case_id, n in on_platform.items() if n > 1}
    assert (lost, duplicated) == (set(), set())
    numbers = {r.case_id: r.business_no for r in listed.cases if r.case_id in ids}
    for case in await desk.cases.todays_cases():
        if case.case_id in ids:
            assert case.state is MessageState.ACCEPTED
            assert case.business_no == numbers[case.case_id]
    keys_per_case = Counter(m.object_id for m in await desk.outbox.messages() if m.kind == "case")
    assert set(keys_per_case.values()) == {1}  # never re-keyed


async def run_scenario(
    name: str, fault_server: PlatformProcess, tmp_path: Path, faults: Faults, plan: FaultPlan
) -> Desk:
    desk = open_desk(
        fault_server,
        tmp_path / f"{name}.sqlite3",
        read_timeout_s=2.0,
        backoff=Backoff(0.05, 0.5),
    )
    await desk.login("T-CLERKA1")
    ids = await submit_cases(desk, CASES)
    faults.set(plan)
    with Ticker() as ticker:
        status = await desk.sender.drain(timeout=120)
    faults.clear()
    assert status.pending == 0 and status.needs_attention == 0
    GAPS[name] = ticker.worst
    assert ticker.ticks >= MIN_TICKS
    await reconcile(desk, ids)
    return desk


CASE_PATHS = ["/v1/cases"]


@pytest.mark.parametrize(
    ("name", "plan"),
    [
        ("latency", FaultPlan(latency_ms=50, latency_max_ms=600, paths=CASE_PATHS, seed=1)),
        ("5xx", FaultPlan(error_rate=0.5, error_status=503, paths=CASE_PATHS, seed=2)),
        ("drop-after-apply", FaultPlan(drop_rate=0.5, paths=CASE_PATHS, seed=3)),
        (
            "all-at-once",
            FaultPlan(
                latency_ms=0,
                latency_max_ms=300,
                error_rate=0.2,
                drop_rate=0.3,
                paths=CASE_PATHS,
                seed=4,
            ),
        ),
    ],
)
async def test_faults_lose_nothing_and_duplicate_nothing(
    name: str,
    plan: FaultPlan,
    fault_server: PlatformProcess,
    tmp_path: Path,
    faults: Faults,
) -> None:
    desk = await run_scenario(name, fault_server, tmp_path, faults, plan)
    try:
        stats = faults.stats()
        assert stats.matched >= CASES
    finally:
        await desk.close()


async def test_an_outage_then_recovery(
    fault_server: PlatformProcess, tmp_path: Path, faults: Faults
) -> None:
    """503s, then a hanging platform, then cut connections, then back: all go up once."""
    desk = open_desk(
        fault_server, tmp_path / "outage.sqlite3", read_timeout_s=0.5, backoff=Backoff(0.2, 1.0)
    )
    await desk.login("T-CLERKA1")
    try:
        ids = await submit_cases(desk, CASES)
        with Ticker() as ticker:
            runner = asyncio.create_task(desk.sender.run())
            for outage in (Outage.UNAVAILABLE, Outage.HANG, Outage.RESET):
                faults.set(FaultPlan(outage=outage, paths=CASE_PATHS))
                await asyncio.sleep(1.0)
            assert desk.outbox.outbox_size() == CASES  # nothing got through
            faults.clear()
            for _ in range(3000):
                if desk.outbox.outbox_size() == 0:
                    break
                await asyncio.sleep(0.01)
            runner.cancel()
            await asyncio.gather(runner, return_exceptions=True)
        GAPS["outage-then-recovery"] = ticker.worst
        assert ticker.ticks >= MIN_TICKS
        stats = faults.stats()
        assert stats.unavailable > 0 and stats.hung > 0 and stats.reset > 0
        await reconcile(desk, ids)
    finally:
        await desk.close()


async def test_submit_does_not_keep_the_clerk_waiting_through_an_outage(
    fault_server: PlatformProcess, tmp_path: Path, faults: Faults
) -> None:
    """The first failed attempt ends the wait: the case is safe in the outbox (待上传)."""
    desk = open_desk(
        fault_server, tmp_path / "wait.sqlite3", settle_wait_s=600, backoff=Backoff(0.5, 2.0)
    )
    await desk.login("T-CLERKA1")
    runner = asyncio.create_task(desk.sender.run())
    try:
        faults.set(FaultPlan(outage=Outage.RESET, paths=CASE_PATHS))
        outcome = await asyncio.wait_for(desk.cases.submit(desk.draft(FULL_ITEM)), 60)
        assert outcome.pending and outcome.receipt_note == "已受理，待上传"
        assert not outcome.accepted_offline  # the platform looked online when it was taken
        faults.clear()
        final = await desk.outbox.wait_settled(outcome.outbox_key, 60)
        assert final is not None and final.state is MessageState.ACCEPTED
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await desk.close()
