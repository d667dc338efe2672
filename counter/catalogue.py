"""The outlet's item catalogue (统一办事目录): cached locally, synced with the bureau.

A new version replaces the cached one atomically; a payload that fails validation is
rejected whole and the previous catalogue stays in use; offline, the cache keeps working.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from pydantic import ValidationError

from counter.audit import AuditLog
from counter.bureau.client import BureauClient, BureauError
from counter.bureau.models import Catalogue
from counter.events import Event
from counter.storage.executor import DbExecutor

log = logging.getLogger("counter.catalogue")


class CatalogueStore(Protocol):
    def get(self, outlet_code: str) -> tuple[str, str | None, str] | None: ...

    def replace(self, outlet_code: str, version: str, etag: str | None, payload: str) -> None: ...


@dataclass(frozen=True)
class SyncResult:
    changed: bool
    version: str | None
    item_count: int
    error: str | None = None
    synced_at: datetime | None = None


class CatalogueService:
    def __init__(
        self,
        client: BureauClient,
        store: CatalogueStore,
        db: DbExecutor,
        audit: AuditLog,
        outlet_code: str,
    ) -> None:
        self.client = client
        self.store = store
        self.db = db
        self.audit = audit
        self.outlet_code = outlet_code
        self.current: Catalogue | None = None
        self.etag: str | None = None
        self.last_sync: SyncResult | None = None
        self.changed: Event[Catalogue] = Event("catalogue.changed")

    async def load_cached(self) -> Catalogue | None:
        row = await self.db.run(self.store.get, self.outlet_code)
        if row is None:
            return None
        _version, etag, payload = row
        try:
            self.current = Catalogue.model_validate_json(payload)
        except ValidationError:
            log.warning("cached catalogue no longer validates; waiting for a fresh one")
            return None
        self.etag = etag
        self.changed.emit(self.current)
        return self.current

    async def sync(self, staff_no: str) -> SyncResult:
        try:
            answer = await self.client.catalogue(self.etag if self.current else None)
        except BureauError as exc:
            count = len(self.current.items) if self.current else 0
            version = self.current.version if self.current else None
            self.last_sync = SyncResult(False, version, count, exc.message)
            if exc.code == "INVALID_RESPONSE":
                await self.audit.record(
                    "catalogue_sync", staff_no=staff_no, outcome="rejected_invalid"
                )
            return self.last_sync
        now = datetime.now(UTC)
        if answer.catalogue is None:
            assert self.current is not None
            self.last_sync = SyncResult(
                False, self.current.version, len(self.current.items), synced_at=now
            )
            return self.last_sync
        catalogue = answer.catalogue
        await self.db.run(
            self.store.replace,
            self.outlet_code,
            catalogue.version,
            answer.etag,
            catalogue.model_dump_json(),
        )
        old_version = self.current.version if self.current else None
        self.current, self.etag = catalogue, answer.etag
        await self.audit.record(
            "catalogue_sync",
            staff_no=staff_no,
            object=catalogue.version,
            details={"items": len(catalogue.items), "previous": old_version},
        )
        self.last_sync = SyncResult(True, catalogue.version, len(catalogue.items), synced_at=now)
        self.changed.emit(catalogue)
        return self.last_sync
