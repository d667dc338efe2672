"""The body of ``GET /v1/catalogue``, built once per catalogue version and served gzip.

Thousands of items make several MB of JSON; every client of an outlet category asks for the
same bytes until the next version is published. So the serialized body (and its gzip form,
made on first demand) is kept per (catalogue version, outlet category, business day, place,
complaint channel) — everything the body depends on — and each item's serialized JSON is
kept by its stored text, so a new version re-serializes only the items that changed
(bench/sync.py: 5,000 items took ~1 s of the platform's CPU per request before).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Text, or_, select, type_coerce
from sqlalchemy.orm import Session

from counter.bureau.models import CatalogueItem
from counter.training.db import CatalogueItemRow

__all__ = ["CatalogueBodies", "CatalogueBody", "accepts_gzip"]

# Level 1: 7.4 MB of catalogue JSON in ~15 ms to ~0.4 MB (level 6: ~35 ms to ~0.2 MB). A
# training platform serves loopback or a LAN, where the CPU matters more than the bytes.
GZIP_LEVEL = 1
KEPT_BODIES = 8  # outlet categories × days × outlets of one platform: a handful at a time

BodyKey = tuple[int, int, date, str, str]  # version, category, day, place, complaint


@dataclass
class CatalogueBody:
    etag: str
    content: bytes
    _gzipped: bytes | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def gzipped(self) -> bytes:
        with self._lock:
            if self._gzipped is None:
                self._gzipped = gzip.compress(self.content, compresslevel=GZIP_LEVEL, mtime=0)
            return self._gzipped


class CatalogueBodies:
    """The bodies of the current versions (thread-safe: routes run in a thread pool)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bodies: dict[BodyKey, CatalogueBody] = {}
        # (stored item text, place, complaint) -> the item's JSON as served
        self._items: dict[tuple[str, str, str], bytes] = {}

    def body(
        self, db: Session, version: int, *, category: int, today: date, place: str, complaint: str
    ) -> CatalogueBody:
        key: BodyKey = (version, category, today, place, complaint)
        with self._lock:
            found = self._bodies.get(key)
        if found is not None:
            return found
        stored = _effective_item_texts(db, category, today)
        content = self._serialize(str(version), stored, place, complaint)
        # Strong validator: catalogue version + outlet category + digest of these very bytes
        # (the effective set also changes with the date, and place/complaint with the outlet).
        digest = hashlib.sha256(content).hexdigest()[:16]
        built = CatalogueBody(f'"v{version}-c{category}-{digest}"', content)
        with self._lock:
            self._bodies[key] = built
            while len(self._bodies) > KEPT_BODIES:
                del self._bodies[next(iter(self._bodies))]
        return built

    def _serialize(self, version: str, stored: Sequence[str], place: str, complaint: str) -> bytes:
        """Exactly ``Catalogue(version=…, items=…).model_dump_json()``, item by item."""
        with self._lock:
            known = dict(self._items)
        fresh: dict[tuple[str, str, str], bytes] = {}
        parts: list[bytes] = []
        for text in stored:
            key = (text, place, complaint)
            part = known.get(key) or fresh.get(key)
            if part is None:
                item = CatalogueItem.model_validate_json(text)
                part = (
                    item.model_copy(update={"place": place, "complaint": complaint})
                    .model_dump_json()
                    .encode("utf-8")
                )
            fresh[key] = part
            parts.append(part)
        with self._lock:
            # Keep what this body used, and other outlets' items: forget versions gone by.
            self._items = {k: v for k, v in self._items.items() if k[1:] != (place, complaint)}
            self._items.update(fresh)
        head = b'{"version":' + json.dumps(version).encode("utf-8") + b',"items":['
        return head + b",".join(parts) + b"]}"


def _effective_item_texts(db: Session, category: int, today: date) -> list[str]:
    """The stored JSON of the items in force today for *category* (highest version decides)."""
    rows = db.execute(
        select(
            CatalogueItemRow.code,
            CatalogueItemRow.outlet_categories,
            type_coerce(CatalogueItemRow.data, Text),
        )
        .where(CatalogueItemRow.effective_from <= today)
        .where(or_(CatalogueItemRow.effective_to.is_(None), CatalogueItemRow.effective_to >= today))
        .order_by(CatalogueItemRow.code, CatalogueItemRow.version)
    )
    latest: dict[str, str] = {}
    for code, categories, data in rows:  # ordered by version: the highest decides
        if category in categories:
            # PostgreSQL drivers may hand JSON back parsed: any stable text will do.
            latest[code] = data if isinstance(data, str) else json.dumps(data, sort_keys=True)
        else:
            latest.pop(code, None)
    return list(latest.values())


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (``gzip;q=0`` refuses it)."""
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        quality = params.strip().lower()
        if quality.startswith("q="):
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return False
        return True
    return False
