"""Suite 3, thundering herd: 1,000 counters whose VPN returns at the same moment.

**The model** (:func:`simulate`) is the outbox sender of each counter, event by event, with
the real retry schedule — :class:`counter.outbox.Backoff` imported, not copied: a failed
attempt is retried ``Backoff.delay(attempts)`` seconds later (full jitter, cap), up to
``concurrency`` messages in flight per counter, due messages claimed oldest first, no limit
on attempts. Cases arrive at each counter as a Poisson stream (the steady rate); the VPN is
down for ``outage_s`` (an attempt then fails after ``fail_s``: the connect timeout) and
returns for every counter at the same instant. The figures: requests per second reaching the
platform (1 s and 10 s bins) after the return, against the steady rate; the time until every
outbox is empty; whether any case was given up.

**Why a model for 1,000**: 1,000 real client cores (a SQLite file, a DB thread and an HTTPS
pool each) plus a platform that must not be the bottleneck would measure this PC, not the
schedule. The model is validated by :func:`scaled_run`: real client cores (the real
``OutboxSender`` with its ``Backoff``, SQLite outboxes, HTTPS) against the real training
platform (its own process) behind the fault proxy in outage mode, the same scenario with a
compressed schedule, and the model run with the same parameters: the measured peak and drain
time must fall in the model's range.
"""

from __future__ import annotations

import asyncio
import heapq
import math
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from counter.outbox import Backoff
from reliability.common import SuiteResult

PRODUCTION = Backoff(base_s=1.0, cap_s=300.0)  # as ui/composition.py wires the sender


class Schedule(Protocol):
    @property
    def base_s(self) -> float: ...

    @property
    def cap_s(self) -> float: ...

    def delay(self, attempts: int, rng: random.Random) -> float: ...


@dataclass(frozen=True)
class WithoutJitter:
    """For contrast only (not the outbox's schedule): the whole window, ``min(cap,
    base · 2^n)``, with no jitter, wrapping the real :class:`Backoff` for its bounds."""

    backoff: Schedule

    @property
    def base_s(self) -> float:
        return self.backoff.base_s

    @property
    def cap_s(self) -> float:
        return self.backoff.cap_s

    def delay(self, attempts: int, rng: random.Random) -> float:
        class Top(random.Random):
            def uniform(self, a: float, b: float) -> float:
                return b

        return self.backoff.delay(attempts, Top())


@dataclass
class HerdModel:
    counters: int = 1000
    backoff: Schedule = PRODUCTION
    concurrency: int = 4
    cases_per_hour: float = 6.0  # per counter (steady)
    outage_s: float = 1800.0  # the VPN is down this long
    fail_s: float = 5.0  # an attempt while down fails after this (connect timeout)
    service_s: float = 0.05  # an attempt after the return takes this long
    after_s: float = 1800.0  # simulated time after the return
    backlog_per_counter: int = 0  # extra cases taken in the outage's first backlog_spread_s
    backlog_spread_s: float = 2.0
    seed: int = 1


@dataclass
class HerdResult:
    steady_rate: float  # requests/s when healthy (= cases/s)
    peak_1s: int  # requests in the busiest second after the return
    peak_10s: float  # requests/s over the busiest 10 s after the return
    backlog: int  # cases waiting when the VPN returned
    drain_s: float  # from the return until the last of them was delivered
    undelivered: int  # cases created before the return and never delivered (given up)
    max_attempts: int
    times: list[float] = field(default_factory=list, repr=False)  # arrivals after the return


def simulate(model: HerdModel) -> HerdResult:  # noqa: PLR0915 - one event loop, kept whole
    """The outbox senders of *model.counters* counters, event by event (times in seconds;
    the VPN returns at t = 0, went down at t = -outage_s, ten healthy minutes before)."""
    rng = random.Random(model.seed)
    start, end = -model.outage_s - 600.0, model.after_s
    rate = model.cases_per_hour / 3600.0
    queued: list[list[tuple[float, int]]] = [[] for _ in range(model.counters)]  # (due, id)
    inflight = [0] * model.counters
    wake_at = [math.inf] * model.counters
    events: list[tuple[float, int, str, int, int]] = []  # (t, seq, kind, counter, message)
    created: list[float] = []
    attempts: list[int] = []
    delivered_at: dict[int, float] = {}
    arrivals: list[float] = []
    seq = 0
    for c in range(model.counters):
        for _ in range(model.backlog_per_counter):
            t = -model.outage_s + rng.uniform(0.0, model.backlog_spread_s)
            events.append((t, seq, "arrive", c, len(created)))
            created.append(t)
            attempts.append(0)
            seq += 1
        t = start + rng.expovariate(rate) if rate > 0 else math.inf
        while t < end:
            events.append((t, seq, "arrive", c, len(created)))
            created.append(t)
            attempts.append(0)
            seq += 1
            t += rng.expovariate(rate)
    heapq.heapify(events)

    def push(t: float, kind: str, c: int, msg: int) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(events, (t, seq, kind, c, msg))

    def pump(c: int, now: float) -> None:
        """OutboxSender._pump: claim due messages (oldest due first) into free slots."""
        due = sorted(m for m in queued[c] if m[0] <= now)
        for m in due[: model.concurrency - inflight[c]]:
            queued[c].remove(m)
            msg = m[1]
            attempts[msg] += 1
            inflight[c] += 1
            up = not (-model.outage_s <= now < 0.0)
            if up:
                arrivals.append(now)
            push(now + (model.service_s if up else model.fail_s), "ok" if up else "fail", c, msg)
        if inflight[c] < model.concurrency and queued[c]:
            when = max(min(m[0] for m in queued[c]), now)
            if when < wake_at[c] or wake_at[c] <= now:
                wake_at[c] = when
                push(when, "wake", c, -1)

    while events:
        now, _, kind, c, msg = heapq.heappop(events)
        if now > end:
            break
        if kind == "arrive":
            queued[c].append((now, msg))
        elif kind == "ok":
            inflight[c] -= 1
            delivered_at[msg] = now
        elif kind == "fail":
            inflight[c] -= 1
            queued[c].append((now + model.backoff.delay(attempts[msg], rng), msg))
        pump(c, now)
    backlog = [m for m, t in enumerate(created) if t < 0.0 and delivered_at.get(m, 0.0) >= 0.0]
    undelivered = [m for m in backlog if m not in delivered_at]
    after = sorted(t for t in arrivals if t >= 0.0)
    bins1 = Counter(int(t) for t in after)
    bins10 = Counter(int(t // 10) for t in after)
    return HerdResult(
        steady_rate=model.counters * rate,
        peak_1s=max(bins1.values(), default=0),
        peak_10s=max(bins10.values(), default=0) / 10.0,
        backlog=len(backlog),
        drain_s=math.inf if undelivered else max((delivered_at[m] for m in backlog), default=0.0),
        undelivered=len(undelivered),
        max_attempts=max(attempts, default=0),
        times=after,
    )


# --- the scaled run: real client cores against the real platform ----------------------------


@dataclass
class ScaledRun:
    counters: int
    cases: int
    accepted: int
    lost: int
    duplicated: int
    peak_1s: int
    peak_10s: float
    drain_s: float
    mean_request_s: float
    requests_after: int
    outage_s: float


async def scaled_run(  # noqa: PLR0915 - one scenario, step by step
    workdir: Path,
    *,
    counters: int,
    per_counter: int,
    outage_s: float,
    backoff: tuple[float, float],
    platform_db: Path | None = None,
) -> ScaledRun:
    """*counters* real client cores (own SQLite file, outbox, sender, HTTPS client; one
    process, one loop) → fault proxy → the training platform (its own process). The proxy
    refuses everything; each counter takes *per_counter* cases; after *outage_s* every
    connection works again at once. Arrivals are timed at the client as each send starts."""
    from sqlalchemy.orm import Session

    from counter.bureau.models import Role
    from counter.training.db import make_engine
    from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD, add_staff
    from counter.training.server import default_db_url
    from reliability.faultproxy import ProxyProcess
    from reliability.network import OFFLINE_ITEM, Platform, open_desk, submit

    platform = await asyncio.to_thread(Platform, workdir / "platform", platform_db)
    engine = make_engine(default_db_url(platform.directory))
    staff = [f"X-HERD{n:04d}" for n in range(counters)]
    with Session(engine) as db, db.begin():
        for staff_no in staff:
            add_staff(
                db,
                staff_no=staff_no,
                name="测试员",
                roles=(Role.CLERK,),
                post=None,
                outlet_code=TRAINING_OUTLET_CODE,
                password=TRAINING_PASSWORD,
            )
    engine.dispose()
    proxy = await ProxyProcess.start(platform.port, seed=1)
    url = f"https://127.0.0.1:{proxy.port}"
    desks = [
        await asyncio.to_thread(
            open_desk,
            workdir / f"counter-{n:04d}.sqlite3",
            url,
            platform.ca_file,
            backoff=backoff,
            read_timeout_s=10.0,
            device_id=f"HERD-PC-{n:04d}",
        )
        for n in range(counters)
    ]
    sends: list[tuple[float, float, bool]] = []  # (start, duration, ok)

    def timed(post: Any) -> Any:
        async def wrapper(*a: Any, **k: Any) -> Any:
            started = time.monotonic()
            try:
                result = await post(*a, **k)
            except Exception:
                sends.append((started, time.monotonic() - started, False))
                raise
            sends.append((started, time.monotonic() - started, True))
            return result

        return wrapper

    tasks: list[asyncio.Task[None]] = []
    rng = random.Random(5)
    try:
        for desk, staff_no in zip(desks, staff, strict=True):
            desk.client.post_idempotent = timed(desk.client.post_idempotent)
            await desk.sessions.login(staff_no, TRAINING_PASSWORD)
        answer = await desks[0].client.catalogue()
        assert answer.catalogue is not None
        items = {i.code: i for i in answer.catalogue.items if i.code == OFFLINE_ITEM}
        for desk in desks:
            desk.items = items
        tasks = [asyncio.create_task(d.sender.run()) for d in desks]
        await proxy.outage()
        down = time.monotonic()
        ids: list[set[str]] = [set() for _ in desks]

        async def take(n: int) -> None:
            while len(ids[n]) < per_counter:
                case_id = await submit(desks[n], OFFLINE_ITEM, rng)
                if case_id is not None:
                    ids[n].add(case_id)

        await asyncio.gather(*(take(n) for n in range(counters)))
        await asyncio.sleep(max(0.0, outage_s - (time.monotonic() - down)))
        await proxy.recover()
        back = time.monotonic()
        total = counters * per_counter
        while True:
            pending = sum([(await d.outbox.refresh()).pending for d in desks])
            if pending == 0 or time.monotonic() - back > 600:
                break
            await asyncio.sleep(0.05)
        drain = time.monotonic() - back
        after = [s - back for s, _, ok in sends if ok and s >= back]
        lost = duplicated = accepted = 0
        listed = await desks[0].client.list_cases(datetime_day(), TRAINING_OUTLET_CODE)
        on_platform = Counter(r.case_id for r in listed.cases)
        for desk, mine in zip(desks, ids, strict=True):
            views = {c.case_id: c for c in await desk.cases.todays_cases()}
            for case_id in mine:
                ok = views[case_id].state.value == "accepted" and on_platform[case_id] == 1
                accepted += ok
                lost += case_id not in on_platform or views[case_id].state.value != "accepted"
                duplicated += on_platform[case_id] > 1
        bins1 = Counter(int(t) for t in after)
        bins10 = Counter(int(t // 10) for t in after)
        durations = [d for s, d, ok in sends if ok and s >= back]
        return ScaledRun(
            counters=counters,
            cases=total,
            accepted=accepted,
            lost=lost,
            duplicated=duplicated,
            peak_1s=max(bins1.values(), default=0),
            peak_10s=max(bins10.values(), default=0) / 10.0,
            drain_s=drain,
            mean_request_s=statistics.fmean(durations) if durations else 0.0,
            requests_after=len(after),
            outage_s=outage_s,
        )
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for desk in desks:
            await desk.close()
        await proxy.close()
        await asyncio.to_thread(platform.stop)


def datetime_day() -> Any:
    from counter.cases import business_day
    from counter.storage.models import utcnow

    return business_day(utcnow())


def model_range(
    scaled: ScaledRun, per_counter: int, backoff: tuple[float, float], seeds: int = 20
) -> tuple[list[int], list[float]]:
    """The model of the scaled run, *seeds* times: peaks (1 s) and drain times."""
    peaks: list[int] = []
    drains: list[float] = []
    for seed in range(seeds):
        r = simulate(
            HerdModel(
                counters=scaled.counters,
                backoff=Backoff(*backoff),
                cases_per_hour=0.0,
                outage_s=scaled.outage_s,
                fail_s=0.01,
                service_s=max(scaled.mean_request_s, 0.001),
                after_s=600.0,
                backlog_per_counter=per_counter,
                seed=seed,
            )
        )
        peaks.append(r.peak_1s)
        drains.append(r.drain_s)
    return peaks, drains


def run(*, full: bool, workdir: str, platform_db: str | None = None) -> SuiteResult:
    started = time.monotonic()
    model = HerdModel() if full else HerdModel(counters=200, outage_s=900.0, after_s=600.0)
    main = simulate(model)
    contrast = simulate(HerdModel(**{**model.__dict__, "backoff": Backoff(1.0, 30.0)}))
    rigid = simulate(HerdModel(**{**model.__dict__, "backoff": WithoutJitter(model.backoff)}))
    # The herd in its sharpest form: every counter's uploads fail in the same 2 s when the
    # VPN drops (3 cases each), so their retries start in step.
    in_step = {**model.__dict__, "backlog_per_counter": 3, "backlog_spread_s": 2.0}
    sync = simulate(HerdModel(**in_step))
    sync_rigid = simulate(HerdModel(**{**in_step, "backoff": WithoutJitter(model.backoff)}))
    model_s = time.monotonic() - started
    counters, per_counter, outage_s = (50, 4, 20.0) if full else (10, 3, 4.0)
    backoff = (0.1, 3.0)
    scaled = asyncio.run(
        scaled_run(
            Path(workdir),
            counters=counters,
            per_counter=per_counter,
            outage_s=outage_s,
            backoff=backoff,
            platform_db=Path(platform_db) if platform_db else None,
        )
    )
    peaks, drains = model_range(scaled, per_counter, backoff)
    result = SuiteResult(
        "herd",
        "Thundering herd: every counter's VPN returns at once",
        f"""
A model of {model.counters} counters' outbox senders (`reliability/herd.py`, event by event,
with `counter.outbox.Backoff` imported: base {model.backoff.base_s:g} s, cap
{model.backoff.cap_s:g} s, full jitter, as ui/composition.py wires it; {model.concurrency} in
flight per counter; no attempt limit). Each counter takes {model.cases_per_hour:g} cases an
hour (steady: one request per case); the VPN is down for {model.outage_s / 60:g} min (an
attempt then fails after {model.fail_s:g} s, the connect timeout) and returns for all at the
same instant. Why a model for {model.counters}: that many real client cores and a platform
that is not itself the bottleneck would measure this PC, not the schedule. Validation:
{scaled.counters} real client cores (SQLite outbox, the real `OutboxSender` and `Backoff`,
HTTPS) against the real training platform behind the fault proxy, the same scenario
compressed ({per_counter} cases each taken during a {outage_s:g} s outage, backoff base
{backoff[0]:g} s, cap {backoff[1]:g} s), compared with the model run {len(peaks)} times with
those parameters. For contrast, the same herd with a 30 s cap: peak
{contrast.peak_1s} requests in one second, drained in {contrast.drain_s:.0f} s; and with the
same base and cap but no jitter (each retry after the whole window): peak {rigid.peak_1s}
requests in one second, drained in {rigid.drain_s:.0f} s. Model run time {model_s:.1f} s.
""",
    )
    ratio = main.peak_1s / main.steady_rate if main.steady_rate else math.inf
    result.add(
        "steady request rate at the platform",
        f"{main.steady_rate:.2f}/s",
        "reference",
        True,
        f"{model.counters} counters × {model.cases_per_hour:g} cases/h",
    )
    result.add(
        "peak request rate after the VPN returns (busiest second)",
        f"{main.peak_1s}/s ({ratio:.0f}× steady)",
        "< a quarter of the backlog in one second",
        main.peak_1s < main.backlog / 4,
        f"busiest 10 s: {main.peak_10s:.1f}/s; backlog {main.backlog} cases; "
        f"without jitter: {rigid.peak_1s}/s",
    )
    result.add(
        "time until every outbox is empty",
        f"{main.drain_s:.0f} s",
        f"<= cap ({model.backoff.cap_s:g} s) + 10 s",
        main.drain_s <= model.backoff.cap_s + 10,
        f"most attempts of one case: {main.max_attempts}",
    )
    result.add(
        "uploads failing in step (3 per counter in the same 2 s): busiest second",
        f"{sync.peak_1s}/s with full jitter, {sync_rigid.peak_1s}/s without",
        "jitter spreads them",
        sync.peak_1s * 4 <= sync_rigid.peak_1s,
        f"drained in {sync.drain_s:.0f} s with jitter, {sync_rigid.drain_s:.0f} s without",
    )
    given_up = main.undelivered + sync.undelivered
    result.add("cases given up by a counter", given_up, "0", given_up == 0)
    low, high = min(peaks), max(peaks)
    fits = 0.7 * low <= scaled.peak_1s <= 1.3 * high
    result.add(
        f"model check: {scaled.counters} real counters, busiest second",
        f"{scaled.peak_1s} requests",
        f"in the model's range {low}–{high} (±30 %)",
        fits,
        f"drained in {scaled.drain_s:.1f} s (model {min(drains):.1f}–{max(drains):.1f} s); "
        f"mean request {scaled.mean_request_s * 1000:.0f} ms",
    )
    result.add(
        f"model check: {scaled.counters} real counters, cases lost / duplicated / given up",
        f"{scaled.lost} / {scaled.duplicated} / {scaled.cases - scaled.accepted}",
        "0 / 0 / 0",
        scaled.lost == 0 and scaled.duplicated == 0 and scaled.accepted == scaled.cases,
        f"{scaled.cases} cases",
    )
    return result
