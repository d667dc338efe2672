"""Catalogue sync against the training platform: 304, new versions, rejected payloads,
offline use of the cache, the outlet's category and effective dates, the periodic loop.

A bad payload is produced by a man-in-the-middle transport that forwards every request to
the real training platform and, when told to, corrupts the catalogue it answers with.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from counter.audit import MemoryAudit
from counter.bureau.client import BureauClient, build_ssl_context
from counter.bureau.models import Catalogue, Outlet, SessionRequest
from counter.catalogue import (
    CatalogueService,
    MemoryUsageStore,
    SettingsUsageStore,
    SyncProgress,
    SyncResult,
    SyncStage,
    business_today,
    catalogue_problems,
    usable_items,
)
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import CatalogueRepo, read_setting
from counter.training.catalogue_admin import add_item, bump_item, retire_item
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD, load_catalogue
from counter.training.server import TrainingServer
from tests.training_fixtures import trust_only

Mutator = Callable[[dict[str, Any]], dict[str, Any]]


class Tamper(httpx.AsyncBaseTransport):
    """Forwards to the real platform; counts catalogue answers; can corrupt the body."""

    def __init__(self, ca_file: Path) -> None:
        self.inner = httpx.AsyncHTTPTransport(verify=trust_only(ca_file))
        self.mutate: Mutator | None = None
        self.catalogue_answers: list[tuple[int, int]] = []  # (status, body bytes)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path != "/v1/catalogue":
            return response
        body = await response.aread()
        await response.aclose()
        self.catalogue_answers.append((response.status_code, len(body)))
        if self.mutate is not None and response.status_code == 200:
            body = json.dumps(self.mutate(json.loads(body))).encode()
            return httpx.Response(200, headers={"ETag": '"tampered"'}, content=body)
        # aread() decoded a gzip body: pass it on as plain bytes
        headers = [
            (k, v)
            for k, v in response.headers.items()
            if k.lower() not in ("content-encoding", "content-length")
        ]
        return httpx.Response(response.status_code, headers=headers, content=body)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class Desk:
    service: CatalogueService
    client: BureauClient
    tamper: Tamper
    audit: MemoryAudit
    db: Database
    executor: DbExecutor
    server: TrainingServer
    staff_no: str = "T-CLERKA1"

    async def login(self, staff_no: str = "T-CLERKA1") -> None:
        grant = await self.client.login(
            SessionRequest(
                staff_no=staff_no,
                password=TRAINING_PASSWORD,
                outlet_code=TRAINING_OUTLET_CODE,
                device_id="PC-CAT",
            )
        )
        self.service.set_outlet(grant.outlet)
        self.staff_no = staff_no


def make_service(
    where: tuple[str, Path], db: Database, executor: DbExecutor, audit: MemoryAudit, **kw: Any
) -> tuple[CatalogueService, BureauClient, Tamper]:
    base_url, ca_file = where
    tamper = Tamper(ca_file)
    client = BureauClient(base_url, build_ssl_context(ca_file), transport=tamper)
    service = CatalogueService(
        client,
        CatalogueRepo(db),
        executor,
        audit,
        TRAINING_OUTLET_CODE,
        usage=SettingsUsageStore(db),
        **kw,
    )
    return service, client, tamper


async def open_desk(server: TrainingServer, path: Path, **kw: Any) -> Desk:
    db = open_database(path)
    executor = DbExecutor()
    audit = MemoryAudit()
    where = (server.base_url, server.ca_file)
    service, client, tamper = make_service(where, db, executor, audit, **kw)
    desk = Desk(service, client, tamper, audit, db, executor, server)
    await desk.login()
    return desk


async def close_desk(desk: Desk) -> None:
    await desk.client.aclose()
    desk.executor.shutdown()
    desk.db.close()


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    d = await open_desk(training_server, tmp_path / "counter.sqlite3")
    yield d
    await close_desk(d)


@pytest.fixture
async def fresh_desk(fresh_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    d = await open_desk(fresh_server, tmp_path / "counter.sqlite3")
    yield d
    await close_desk(d)


async def test_first_sync_shows_progress_then_304_costs_one_small_request(desk: Desk) -> None:
    progress: list[SyncProgress] = []
    desk.service.progress.connect(progress.append)
    assert await desk.service.load_cached() is None  # a new install

    first = await desk.service.sync(desk.staff_no)
    assert first.changed and first.error is None and first.item_count == 62
    assert [p.stage for p in progress] == [
        SyncStage.CONNECTING,
        SyncStage.VALIDATING,
        SyncStage.SAVING,
        SyncStage.DONE,
    ]
    assert [p.percent for p in progress] == sorted(p.percent for p in progress)
    assert progress[-1].percent == 100 and "62" in progress[-1].message
    assert desk.audit.entries[-1]["action"] == "catalogue_sync"

    progress.clear()
    second = await desk.service.sync(desk.staff_no)
    assert not second.changed and second.error is None and second.synced_at is not None
    assert second.version == first.version
    assert desk.tamper.catalogue_answers[-1] == (304, 0)  # one request, no body
    assert len(desk.tamper.catalogue_answers) == 2
    assert progress == []  # only the first sync of an install shows progress


async def test_cache_survives_restart_and_works_offline(
    fresh_server: TrainingServer, tmp_path: Path
) -> None:
    path = tmp_path / "counter.sqlite3"
    first = await open_desk(fresh_server, path)
    where = (fresh_server.base_url, fresh_server.ca_file)
    await first.service.sync(first.staff_no)
    etag = first.service.etag
    await first.service.record_use("SB01001")
    await close_desk(first)
    fresh_server.stop()  # the VPN is down

    db = open_database(path)
    executor = DbExecutor()
    service, client, _ = make_service(where, db, executor, MemoryAudit())
    try:
        warnings: list[str] = []
        service.warnings.connect(warnings.append)
        cached = await service.load_cached()
        assert cached is not None and len(cached.items) == 62
        assert service.etag == etag
        assert service.usage == {"SB01001": 1}  # kept in the settings table
        service.outlet_category = 1
        assert len(service.usable_items()) == 62

        result = await service.sync("T-CLERKA1")
        assert result.offline and not result.changed and result.error
        assert "VPN" in result.error
        assert warnings == []  # offline is a normal state, shown by the connection status
        assert service.current is cached
        assert service.item("SB01001") is not None
    finally:
        await client.aclose()
        executor.shutdown()
        db.close()


def _drop_a_required_element(payload: dict[str, Any]) -> dict[str, Any]:
    payload["items"][3].pop("time_limit")
    payload["version"] = "999"
    return payload


def _duplicate_an_item(payload: dict[str, Any]) -> dict[str, Any]:
    payload["items"].append(payload["items"][0])
    payload["version"] = "999"
    return payload


@pytest.mark.parametrize("corrupt", [_drop_a_required_element, _duplicate_an_item])
async def test_invalid_payload_is_rejected_whole_and_previous_stays(
    desk: Desk, corrupt: Mutator, caplog: pytest.LogCaptureFixture
) -> None:
    await desk.service.sync(desk.staff_no)
    good = desk.service.current
    assert good is not None
    stored = await desk.executor.run(CatalogueRepo(desk.db).get, TRAINING_OUTLET_CODE)

    warnings: list[str] = []
    desk.service.warnings.connect(warnings.append)
    desk.service.etag = None  # force a full answer, which the tamperer corrupts
    desk.tamper.mutate = corrupt
    with caplog.at_level(logging.WARNING):
        result = await desk.service.sync(desk.staff_no)

    assert result.rejected and not result.changed
    assert result.version == good.version and result.item_count == len(good.items)
    assert desk.service.current is good
    assert await desk.executor.run(CatalogueRepo(desk.db).get, TRAINING_OUTLET_CODE) == stored
    assert warnings and ("已拒收" in warnings[0] or "格式不正确" in warnings[0])
    entry = desk.audit.entries[-1]
    assert entry["action"] == "catalogue_sync" and entry["outcome"] == "rejected_invalid"
    # the log says what was wrong in field terms, never the payload's text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "rejected" in logged or "invalid" in logged
    assert good.items[0].name not in logged and good.items[3].name not in logged

    desk.tamper.mutate = None
    recovered = await desk.service.sync(desk.staff_no)
    assert recovered.error is None and desk.service.current is not None


async def test_invalid_first_payload_leaves_no_catalogue_and_reports_failure(desk: Desk) -> None:
    progress: list[SyncProgress] = []
    desk.service.progress.connect(progress.append)
    desk.tamper.mutate = _drop_a_required_element
    result = await desk.service.sync(desk.staff_no)
    assert result.rejected and result.version is None and result.item_count == 0
    assert desk.service.current is None and desk.service.usable_items() == []
    assert progress[-1].stage is SyncStage.FAILED
    assert await desk.executor.run(CatalogueRepo(desk.db).get, TRAINING_OUTLET_CODE) is None


async def test_items_of_other_categories_or_dates_are_never_offered(desk: Desk) -> None:
    today = business_today()

    def smuggle(payload: dict[str, Any]) -> dict[str, Any]:
        base = payload["items"][0]
        extra = [
            {**base, "code": "ZZ00001", "outlet_categories": [2, 3]},
            {**base, "code": "ZZ00002", "effective_from": str(today + timedelta(days=1))},
            {**base, "code": "ZZ00003", "effective_to": str(today - timedelta(days=1))},
            {**base, "code": "ZZ00004", "effective_to": str(today)},  # last day: still on
        ]
        payload["items"].extend(extra)
        return payload

    desk.tamper.mutate = smuggle
    result = await desk.service.sync(desk.staff_no)
    assert result.changed
    codes = {i.code for i in desk.service.usable_items()}
    assert "ZZ00004" in codes
    assert not codes & {"ZZ00001", "ZZ00002", "ZZ00003"}
    assert len(codes) == 63
    assert desk.service.item("ZZ00001") is None
    # the same catalogue, tomorrow: the item whose last day was today is gone, the future
    # one has begun
    tomorrow = {i.code for i in desk.service.usable_items(today + timedelta(days=1))}
    assert "ZZ00004" not in tomorrow and "ZZ00002" in tomorrow
    desk.service.outlet_category = None  # unknown category: offer nothing
    assert desk.service.usable_items() == []


def test_usable_items_keeps_the_highest_usable_version_per_code() -> None:
    items = load_catalogue()
    first = items[0]
    today = date(2026, 3, 1)
    v2 = first.model_copy(update={"version": 2, "effective_from": today, "fee": "第二版"})
    v3 = first.model_copy(update={"version": 3, "effective_from": today + timedelta(days=10)})
    v4 = first.model_copy(update={"version": 4, "outlet_categories": [3]})
    chosen = usable_items([v3, v4, first, v2, *items[1:]], 1, today)
    assert [i.code for i in chosen] == sorted(i.code for i in items)
    assert chosen[0].version == 2 and chosen[0].fee == "第二版"
    assert usable_items([first, v2], 1, today - timedelta(days=1))[0].version == 1
    only_3 = usable_items(items, 3, today)
    assert only_3 and all(3 in i.outlet_categories for i in only_3)


def test_catalogue_problems_names_codes_not_content() -> None:
    item = load_catalogue()[0]
    bad = Catalogue(
        version=" ",
        items=[
            item,
            item,
            item.model_copy(
                update={
                    "code": "SB99999",
                    "effective_to": item.effective_from - timedelta(days=1),
                    "outlet_categories": [],
                }
            ),
        ],
    )
    problems = catalogue_problems(bad)
    assert problems == [
        "version empty",
        "SB01001 v1 duplicated",
        "SB99999 effective_to before effective_from",
        "SB99999 has no outlet category",
    ]
    assert catalogue_problems(Catalogue(version="1", items=load_catalogue())) == []


async def test_new_version_add_bump_retire_reach_the_counter(fresh_desk: Desk) -> None:
    service, engine = fresh_desk.service, fresh_desk.server.engine
    changed: list[Catalogue] = []
    service.changed.connect(changed.append)
    await service.sync(fresh_desk.staff_no)
    version_before = service.current.version if service.current else None
    today = business_today()

    add_item(engine, "SB90001", today=today, name="培训新增事项甲")
    bump_item(engine, "SB01001", today=today)
    retire_item(engine, "SB01002", today=today)

    result = await service.sync(fresh_desk.staff_no)
    assert result.changed and result.version != version_before
    assert len(changed) == 2
    added = service.item("SB90001")
    assert added is not None and added.name == "培训新增事项甲"
    bumped = service.item("SB01001")
    assert bumped is not None and bumped.version == 2
    assert bumped.materials[-1].name.startswith("个人承诺书")
    assert service.item("SB01002") is None
    assert {i.code for i in service.usable_items()} == (
        {i.code for i in load_catalogue()} - {"SB01002"}
    ) | {"SB90001"}
    # cached too: a new service on the same file sees the new version
    stored = await fresh_desk.executor.run(CatalogueRepo(fresh_desk.db).get, TRAINING_OUTLET_CODE)
    assert stored is not None and stored[0] == result.version


async def test_usage_counts_persist_per_outlet(desk: Desk) -> None:
    assert await desk.service.record_use("SB01001") == 1
    assert await desk.service.record_use("SB01001") == 2
    await desk.service.record_use("SB03012")
    raw = await desk.executor.run(read_setting, desk.db, "catalogue.usage." + TRAINING_OUTLET_CODE)
    assert raw is not None and json.loads(raw) == {"SB01001": 2, "SB03012": 1}
    other = SettingsUsageStore(desk.db)
    assert await desk.executor.run(other.load, "330102002") == {}


async def test_periodic_sync_repeats_and_cancels_cleanly(desk: Desk) -> None:
    desk.service.sync_interval_s = 0.01
    results: list[SyncResult] = []
    desk.service.synced.connect(results.append)
    task = asyncio.ensure_future(desk.service.run_periodic(desk.staff_no))
    while len(results) < 3:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()
    assert results[0].changed and all(not r.changed and r.error is None for r in results[1:])
    assert {status for status, _ in desk.tamper.catalogue_answers[1:]} == {304}
    count = len(results)
    await asyncio.sleep(0.05)
    assert len(results) == count  # nothing runs after cancellation


async def test_cancelling_during_a_sync_leaves_cache_and_memory_consistent(desk: Desk) -> None:
    started = asyncio.Event()
    desk.service.progress.connect(lambda p: started.set() if p.stage is SyncStage.SAVING else None)
    task = asyncio.ensure_future(desk.service.run_periodic(desk.staff_no))
    await started.wait()
    task.cancel()  # logout while the new catalogue is being written
    with pytest.raises(asyncio.CancelledError):
        await task
    # the write completes and the service adopts it: memory and cache agree
    while desk.service.current is None:
        await asyncio.sleep(0.01)
    stored = await desk.executor.run(CatalogueRepo(desk.db).get, TRAINING_OUTLET_CODE)
    assert stored is not None
    assert stored[0] == desk.service.current.version and stored[1] == desk.service.etag


def test_interval_must_be_positive() -> None:
    with pytest.raises(ValueError, match="间隔"):
        CatalogueService(
            None,  # type: ignore[arg-type]
            None,  # type: ignore[arg-type]
            None,  # type: ignore[arg-type]
            MemoryAudit(),
            TRAINING_OUTLET_CODE,
            sync_interval_s=0,
        )


def test_memory_usage_store_round_trip() -> None:
    store = MemoryUsageStore()
    store.save("X", {"SB01001": 3})
    assert store.load("X") == {"SB01001": 3}
    assert store.load("Y") == {}


async def test_periodic_sync_takes_the_outlet_from_the_login(desk: Desk) -> None:
    desk.service.outlet_category = None
    desk.service.sync_interval_s = 3600
    changes: list[Catalogue] = []
    desk.service.changed.connect(changes.append)
    results: list[SyncResult] = []
    desk.service.synced.connect(results.append)
    grant_outlet = Outlet(code=TRAINING_OUTLET_CODE, name="培训网点", category=3)
    task = asyncio.ensure_future(desk.service.run_periodic(desk.staff_no, outlet=grant_outlet))
    while not results:
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert desk.service.outlet_category == 3
    usable = desk.service.usable_items()
    assert usable and all(3 in i.outlet_categories for i in usable)
    # a later login at a different category re-announces the catalogue (the UI re-filters)
    desk.service.set_outlet(grant_outlet.model_copy(update={"category": 1}))
    assert changes[-1] is desk.service.current and len(changes) == 2
    desk.service.set_outlet(grant_outlet.model_copy(update={"category": 1}))
    assert len(changes) == 2  # same category: nothing to announce
