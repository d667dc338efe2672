"""The outlet's item catalogue (统一办事目录): cached locally, synced with the bureau.

* **Sync** at login and every `sync_interval_s` (15 minutes by default) through
  :meth:`CatalogueService.run_periodic`, which the app starts after login and cancels at
  logout. The cached ETag goes out as ``If-None-Match``, so an unchanged catalogue costs
  one small request answered 304.
* A new version replaces the cached one atomically (one transaction in the store) and only
  then becomes :attr:`CatalogueService.current`.
* A payload that fails validation — the contract models, or the checks in
  :func:`catalogue_problems` — is rejected whole: logged without personal data, journaled,
  announced on :attr:`CatalogueService.warnings`, and the previous catalogue stays in use.
* The first sync of a new install (nothing cached) reports its stages on
  :attr:`CatalogueService.progress` so the UI can show a progress indicator.
* Offline, the cache keeps working: :meth:`CatalogueService.usable_items` reads it.
* Only items for this outlet's category and inside their effective dates are ever offered
  (:meth:`CatalogueService.usable_items`), even if a payload carried others.
* How often this outlet used each item is kept in the local ``settings`` table as JSON
  (:class:`SettingsUsageStore`), to rank search results.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol

from counter.audit import AuditLog
from counter.bureau.client import (
    BureauClient,
    BureauError,
    BureauInvalidResponse,
    BureauUnreachable,
    SessionEnded,
)
from counter.bureau.models import Catalogue, CatalogueItem, Outlet
from counter.catalogue_search import CatalogueIndex
from counter.events import Event
from counter.journal import BUSINESS_TZ
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import read_setting, write_setting

__all__ = [
    "DEFAULT_SYNC_INTERVAL_S",
    "CatalogueParser",
    "CatalogueService",
    "CatalogueStore",
    "MemoryUsageStore",
    "SettingsUsageStore",
    "SyncProgress",
    "SyncResult",
    "SyncStage",
    "UsageStore",
    "catalogue_problems",
    "is_usable",
    "usable_items",
]

log = logging.getLogger("counter.catalogue")

DEFAULT_SYNC_INTERVAL_S = 15 * 60.0
INVALID_MESSAGE = "人社平台下发的办事目录未通过校验，已拒收，继续使用原有目录。"


class CatalogueStore(Protocol):
    def get(self, outlet_code: str) -> tuple[str, str | None, str] | None: ...

    def replace(self, outlet_code: str, version: str, etag: str | None, payload: str) -> None: ...


class UsageStore(Protocol):
    """Per-outlet usage counts of items (blocking: called on the DB executor)."""

    def load(self, outlet_code: str) -> dict[str, int]: ...

    def save(self, outlet_code: str, counts: Mapping[str, int]) -> None: ...


class MemoryUsageStore:
    """Usage counts kept in memory (tests, headless tools)."""

    def __init__(self) -> None:
        self.saved: dict[str, dict[str, int]] = {}

    def load(self, outlet_code: str) -> dict[str, int]:
        return dict(self.saved.get(outlet_code, {}))

    def save(self, outlet_code: str, counts: Mapping[str, int]) -> None:
        self.saved[outlet_code] = dict(counts)


class SettingsUsageStore:
    """Usage counts as one JSON setting per outlet (``catalogue.usage.<outlet>``).

    A few thousand small integers at most: a table of its own would not earn its place.
    A damaged value is ignored (counts start again) rather than stopping the catalogue.
    """

    PREFIX = "catalogue.usage."

    def __init__(self, database: Database) -> None:
        self._db = database

    def load(self, outlet_code: str) -> dict[str, int]:
        raw = read_setting(self._db, self.PREFIX + outlet_code)
        if not raw:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            log.warning("usage counts unreadable; starting again")
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            str(code): count
            for code, count in data.items()
            if isinstance(count, int) and not isinstance(count, bool) and count > 0
        }

    def save(self, outlet_code: str, counts: Mapping[str, int]) -> None:
        text = json.dumps(dict(sorted(counts.items())), separators=(",", ":"))
        write_setting(self._db, self.PREFIX + outlet_code, text)


class SyncStage(StrEnum):
    CONNECTING = "connecting"
    VALIDATING = "validating"
    SAVING = "saving"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class SyncProgress:
    """One step of the first sync of a new install: what to show on a progress bar."""

    stage: SyncStage
    percent: int  # 0-100
    message: str  # Chinese, for the clerk


@dataclass(frozen=True)
class SyncResult:
    changed: bool
    version: str | None
    item_count: int
    error: str | None = None
    synced_at: datetime | None = None
    offline: bool = False  # the platform could not be reached (the cache is in use)
    rejected: bool = False  # the platform's payload failed validation


def business_today(now: datetime | None = None) -> date:
    """Today in the bureau's calendar (Asia/Shanghai)."""
    return (now or datetime.now(UTC)).astimezone(BUSINESS_TZ).date()


def is_usable(item: CatalogueItem, category: int, today: date) -> bool:
    """May this outlet category handle `item` today (category and effective dates)?"""
    if category not in item.outlet_categories:
        return False
    if item.effective_from > today:
        return False
    return item.effective_to is None or today <= item.effective_to


def usable_items(items: Iterable[CatalogueItem], category: int, today: date) -> list[CatalogueItem]:
    """The items an outlet of `category` may offer on `today`, one per code (the highest
    usable version), in code order."""
    best: dict[str, CatalogueItem] = {}
    for item in items:
        if not is_usable(item, category, today):
            continue
        held = best.get(item.code)
        if held is None or item.version > held.version:
            best[item.code] = item
    return [best[code] for code in sorted(best)]


def catalogue_problems(catalogue: Catalogue) -> list[str]:
    """What is wrong with a catalogue that the field types alone cannot say.

    Messages name item codes and fields only (a catalogue holds no personal data, but the
    rule for log lines is the same everywhere).
    """
    problems: list[str] = []
    if not catalogue.version.strip():
        problems.append("version empty")
    seen: set[tuple[str, int]] = set()
    for item in catalogue.items:
        key = (item.code, item.version)
        if key in seen:
            problems.append(f"{item.code} v{item.version} duplicated")
        seen.add(key)
        if item.effective_to is not None and item.effective_to < item.effective_from:
            problems.append(f"{item.code} effective_to before effective_from")
        if not item.outlet_categories:
            problems.append(f"{item.code} has no outlet category")
        names = [f.name for f in item.form_fields]
        if len(names) != len(set(names)):
            problems.append(f"{item.code} form field names repeat")
    return problems


_WS = re.compile(r"[ \t\n\r]*")
_JSON = json.JSONDecoder()


def _skip(text: str, at: int) -> int:
    """Past the JSON whitespace at *at*."""
    found = _WS.match(text, at)
    return found.end() if found else at


class CatalogueParser:
    """Turns a catalogue body into a `Catalogue`, validating only items it has not seen.

    A changed catalogue usually changes a few of its thousands of items. Each item's JSON
    text is cut out of the body (``json.JSONDecoder.raw_decode``) and an item whose text is
    byte for byte one validated before (the last body parsed) is reused — validation is a
    pure function of that text, so the result is the same as validating everything, at a
    fraction of the CPU (bench/sync.py). Python steps between items also let the event
    loop's thread run, which pydantic's one-call validation of the whole body does not
    (it holds the GIL throughout: a ~0.2 s UI stall even in a worker thread).

    Blocking: call it in a worker thread. One call at a time (the service's sync lock).
    """

    def __init__(self) -> None:
        self._known: dict[bytes, CatalogueItem] = {}

    def __call__(self, raw: bytes | str) -> Catalogue:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        parts = self._split(text)
        if parts is None:  # not the usual shape: let the contract model say what is wrong
            return Catalogue.model_validate_json(text)
        top, item_texts = parts
        known, seen = self._known, dict[bytes, CatalogueItem]()
        items: list[CatalogueItem] = []
        for item_text in item_texts:
            key = hashlib.blake2b(item_text.encode("utf-8"), digest_size=16).digest()
            item = seen.get(key) or known.get(key)
            if item is None:
                item = CatalogueItem.model_validate_json(item_text)
            seen[key] = item
            items.append(item)
        catalogue = Catalogue.model_validate({**top, "items": items})
        self._known = seen  # what the next body most likely repeats
        return catalogue

    @staticmethod
    def _split(text: str) -> tuple[dict[str, Any], list[str]] | None:
        """The top-level members except ``items``, and each item's JSON text (None: not
        the usual shape, the contract model will say what is wrong)."""
        try:
            return _members(text)
        except _Unusual:
            return None


class _Unusual(Exception):
    """The body is not shaped like ``{…, "items": […], …}``."""


def _expect(text: str, at: int, char: str) -> int:
    if text[at : at + 1] != char:
        raise _Unusual
    return _skip(text, at + 1)


def _after_value(text: str, at: int, closing: str) -> int:
    """Past the ``,`` after a value (not one before *closing*), or at *closing*."""
    at = _skip(text, at)
    if text[at : at + 1] == ",":
        at = _skip(text, at + 1)
        if text[at : at + 1] == closing:
            raise _Unusual  # a trailing comma
    elif text[at : at + 1] != closing:
        raise _Unusual
    return at


def _members(text: str) -> tuple[dict[str, Any], list[str]]:
    top: dict[str, Any] = {}
    items: list[str] | None = None
    at = _expect(text, _skip(text, 0), "{")
    while text[at : at + 1] != "}":
        key, at = _JSON.raw_decode(text, at)
        if not isinstance(key, str):
            raise _Unusual
        at = _expect(text, _skip(text, at), ":")
        if key == "items" and text[at : at + 1] == "[":
            items, at = _item_texts(text, at)
        else:
            top[key], at = _JSON.raw_decode(text, at)
        at = _after_value(text, at, "}")
    if items is None or text[at + 1 :].strip():
        raise _Unusual
    return top, items


def _item_texts(text: str, at: int) -> tuple[list[str], int]:
    """Each element's JSON text of the array at *at*; the position after the array."""
    items: list[str] = []
    at = _skip(text, at + 1)
    while text[at : at + 1] != "]":
        start = at
        _value, at = _JSON.raw_decode(text, at)
        items.append(text[start:at])
        at = _after_value(text, at, "]")
    return items, at + 1


class CatalogueService:
    def __init__(
        self,
        client: BureauClient,
        store: CatalogueStore,
        db: DbExecutor,
        audit: AuditLog,
        outlet_code: str,
        *,
        outlet_category: int | None = None,
        usage: UsageStore | None = None,
        sync_interval_s: float = DEFAULT_SYNC_INTERVAL_S,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if sync_interval_s <= 0:
            raise ValueError("目录同步间隔必须大于 0")
        self.client = client
        self.store = store
        self.db = db
        self.audit = audit
        self.outlet_code = outlet_code
        self.outlet_category = outlet_category
        self.usage_store: UsageStore = usage if usage is not None else MemoryUsageStore()
        self.sync_interval_s = sync_interval_s
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.current: Catalogue | None = None
        self.etag: str | None = None
        self.last_sync: SyncResult | None = None
        self.usage: dict[str, int] = {}
        self._usage_loaded = False
        self._lock = asyncio.Lock()
        self._index: CatalogueIndex | None = None
        self._index_for: tuple[Catalogue, int, date] | None = None
        self._parser = CatalogueParser()
        self.changed: Event[Catalogue] = Event("catalogue.changed")
        self.synced: Event[SyncResult] = Event("catalogue.synced")
        self.warnings: Event[str] = Event("catalogue.warning")  # Chinese, for the clerk
        self.progress: Event[SyncProgress] = Event("catalogue.progress")

    # --- the outlet and what it may offer -------------------------------------------

    def set_outlet(self, outlet: Outlet) -> None:
        """Take the outlet's category from the login answer (the bureau's word for it)."""
        changed = outlet.category != self.outlet_category
        self.outlet_category = outlet.category
        if changed and self.current is not None:
            self.changed.emit(self.current)  # what may be offered has changed

    def today(self) -> date:
        return business_today(self.clock())

    def usable_items(self, today: date | None = None) -> list[CatalogueItem]:
        """Items this outlet may offer on `today` (default: today, Asia/Shanghai).

        Empty while the outlet category is unknown: never offer what may not be handled.
        """
        if self.current is None or self.outlet_category is None:
            return []
        return usable_items(self.current.items, self.outlet_category, today or self.today())

    def item(self, code: str, today: date | None = None) -> CatalogueItem | None:
        """The usable item with `code`, or None."""
        for item in self.usable_items(today):
            if item.code == code:
                return item
        return None

    async def search_index(self) -> CatalogueIndex | None:
        """The search index of today's usable items (built off the event loop, then kept
        until the catalogue, the outlet category or the day changes). None before the
        first catalogue or while the outlet category is unknown."""
        catalogue, category = self.current, self.outlet_category
        if catalogue is None or category is None:
            return None
        today = self.today()
        built_for = self._index_for
        if (
            self._index is None
            or built_for is None
            or built_for[0] is not catalogue
            or built_for[1:] != (category, today)
        ):
            index = await asyncio.to_thread(
                CatalogueIndex.build, catalogue.items, outlet_category=category, today=today
            )
            self._index, self._index_for = index, (catalogue, category, today)
        return self._index

    # --- usage counts ------------------------------------------------------------------

    async def load_usage(self) -> dict[str, int]:
        self.usage = await self.db.run(self.usage_store.load, self.outlet_code)
        self._usage_loaded = True
        return self.usage

    async def record_use(self, code: str) -> int:
        """Count one use of item `code` at this outlet (ranks search results); returns it."""
        if not self._usage_loaded:
            await self.load_usage()
        self.usage[code] = self.usage.get(code, 0) + 1
        await self.db.run(self.usage_store.save, self.outlet_code, dict(self.usage))
        return self.usage[code]

    # --- cache and sync ----------------------------------------------------------------

    async def load_cached(self) -> Catalogue | None:
        if not self._usage_loaded:
            await self.load_usage()
        row = await self.db.run(self.store.get, self.outlet_code)
        if row is None:
            return None
        _version, etag, payload = row
        try:  # in a worker thread: 5,000 items are ~0.2 s of validation
            catalogue = await asyncio.to_thread(self._parser, payload)
        except ValueError:
            log.warning("cached catalogue no longer validates; waiting for a fresh one")
            return None
        self.current, self.etag = catalogue, etag
        self.changed.emit(catalogue)
        return catalogue

    def _progress(self, first: bool, stage: SyncStage, percent: int, message: str) -> None:
        if first:
            self.progress.emit(SyncProgress(stage, percent, message))

    def _kept(self, error: str, *, offline: bool = False, rejected: bool = False) -> SyncResult:
        count = len(self.current.items) if self.current else 0
        version = self.current.version if self.current else None
        return SyncResult(False, version, count, error, offline=offline, rejected=rejected)

    async def sync(self, staff_no: str) -> SyncResult:
        """Ask the bureau for a newer catalogue; never raises for bureau trouble."""
        async with self._lock:
            result = await self._sync(staff_no)
        self.last_sync = result
        self.synced.emit(result)
        return result

    async def _sync(self, staff_no: str) -> SyncResult:
        first = self.current is None
        self._progress(first, SyncStage.CONNECTING, 10, "正在从人社平台下载办事目录…")
        try:
            answer = await self.client.catalogue(
                self.etag if self.current else None, parse=self._parser
            )
        except BureauInvalidResponse as exc:
            return await self._reject(staff_no, first, exc.message)
        except BureauError as exc:
            offline = isinstance(exc, BureauUnreachable)
            self._progress(first, SyncStage.FAILED, 100, exc.message)
            if not offline and not isinstance(exc, SessionEnded):
                log.warning("catalogue sync failed: %s", exc.code)
                self.warnings.emit(exc.message)
            return self._kept(exc.message, offline=offline)
        now = self.clock()
        if answer.catalogue is None:
            if self.current is None:  # a 304 for a question we did not ask
                return await self._reject(staff_no, first, INVALID_MESSAGE, why="304 without etag")
            return SyncResult(False, self.current.version, len(self.current.items), synced_at=now)
        catalogue = answer.catalogue
        self._progress(first, SyncStage.VALIDATING, 60, "正在校验办事目录…")
        # Off the event loop: 5,000 items take tens of ms (bench/sync.py).
        problems = await asyncio.to_thread(catalogue_problems, catalogue)
        if problems:
            return await self._reject(staff_no, first, INVALID_MESSAGE, why="; ".join(problems[:5]))
        self._progress(first, SyncStage.SAVING, 80, "正在保存办事目录…")
        # The cache write and the switch to the new catalogue happen together: a
        # cancellation (logout) while the write runs still lets both complete.
        old_version = await asyncio.shield(self._adopt(catalogue, answer.etag, answer.raw))
        await self.audit.record(
            "catalogue_sync",
            staff_no=staff_no,
            object=catalogue.version,
            details={"items": len(catalogue.items), "previous": old_version},
        )
        self._progress(
            first, SyncStage.DONE, 100, f"办事目录已下载（{len(catalogue.items)} 个事项）"
        )
        return SyncResult(True, catalogue.version, len(catalogue.items), synced_at=now)

    async def _adopt(self, catalogue: Catalogue, etag: str | None, raw: bytes = b"") -> str | None:
        """Store, then use, a validated catalogue; returns the version it replaces.

        *raw* is the body it was validated from, cached as it came: 5,000 items are ~7 MB of
        JSON, not worth dumping again (bench/sync.py). The cache is validated again when
        loaded, so what is stored is never trusted unchecked. Decoded on the DB thread, not
        the event loop.
        """

        def store() -> None:
            payload = raw.decode("utf-8") if raw else catalogue.model_dump_json()
            self.store.replace(self.outlet_code, catalogue.version, etag, payload)

        await self.db.run(store)
        previous = self._version()
        self.current, self.etag = catalogue, etag
        self.changed.emit(catalogue)
        return previous

    async def _reject(
        self, staff_no: str, first: bool, message: str, *, why: str = "contract"
    ) -> SyncResult:
        # Codes and field names only: no payload text reaches the log.
        log.warning("catalogue payload rejected (%s); keeping version %s", why, self._version())
        self._progress(first, SyncStage.FAILED, 100, message)
        await self.audit.record(
            "catalogue_sync",
            staff_no=staff_no,
            object=self._version() or "",
            outcome="rejected_invalid",
        )
        self.warnings.emit(message)
        return self._kept(message, rejected=True)

    def _version(self) -> str | None:
        return self.current.version if self.current else None

    async def run_periodic(
        self, staff_no: str, *, outlet: Outlet | None = None, immediate: bool = True
    ) -> None:
        """Sync now (unless `immediate` is False) and then every `sync_interval_s`.

        Runs until cancelled (the app cancels it at logout). `outlet` (the login answer's)
        sets the category first. Loads the cache when nothing is loaded yet, so the guide
        and clerk work from it while the sync runs.
        """
        if outlet is not None:
            self.set_outlet(outlet)
        if self.current is None:
            await self.load_cached()
        if not immediate:
            await asyncio.sleep(self.sync_interval_s)
        while True:
            try:
                await self.sync(staff_no)
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug must not end the periodic sync for the day
                log.exception("catalogue sync failed unexpectedly")
            await asyncio.sleep(self.sync_interval_s)
