"""ORM models of the local store (SQLAlchemy 2 typed mappings).

All times are stored in UTC (naive UTC in SQLite, tz-aware UTC in Python: see
:class:`UtcDateTime`). Personal data is only ever stored encrypted (``*_enc`` columns,
``counter.crypto``) or as a keyed blind index (``*_index``).

The schema is owned by the Alembic migrations in ``counter/storage/migrations``; a test
checks that these models and the migrated schema agree. When you change a model, add a
migration.

Below the models: the small repositories and functions the services use. They are
blocking (SQLite): call them on the DB executor.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String, Text, delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.types import TypeDecorator

from counter.crypto import FieldCipher
from counter.storage.db import Database
from counter.storage.errors import DataKeyMismatch

__all__ = [
    "INSTALLATION_ID",
    "Base",
    "CatalogueCache",
    "CatalogueRepo",
    "JournalEntry",
    "PersonLookup",
    "PersonLookupRepo",
    "Setting",
    "UtcDateTime",
    "check_data_key",
    "installation_id",
    "normalize_id_number",
    "read_setting",
    "utcnow",
    "write_setting",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, stored as naive UTC (sorts as text in SQLite).

    Binding a naive datetime is an error: the store never guesses a timezone.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given; the local store keeps UTC times only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime()}  # noqa: RUF012 - SQLAlchemy API


class CatalogueCache(Base):
    """The last good catalogue for an outlet (one row per outlet), as the bureau sent it."""

    __tablename__ = "catalogue_cache"

    outlet_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    etag: Mapped[str | None] = mapped_column(String(256))
    payload: Mapped[str] = mapped_column(Text)  # the validated catalogue as JSON
    fetched_at: Mapped[datetime]


class PersonLookup(Base):
    """A person summary fetched from the bureau, encrypted; found again by blind index."""

    __tablename__ = "person_lookups"
    __table_args__ = (Index("ix_person_lookups_index_at", "id_index", "looked_up_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_index: Mapped[str] = mapped_column(String(64))  # FieldCipher.blind_index(ID number)
    payload_enc: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted PersonSummary JSON
    staff_no: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200))  # 查询事由 (a purpose, not personal data)
    looked_up_at: Mapped[datetime]


class JournalEntry(Base):
    """One audit journal entry; rows form a keyed hash chain (see ``counter.journal``).

    Append-only: triggers in the schema refuse UPDATE of any column but ``sent_at`` and
    refuse DELETE. ``details`` is canonical JSON and never holds personal data.
    """

    __tablename__ = "journal_entries"
    __table_args__ = (
        Index("ix_journal_entries_at", "at"),
        Index("ix_journal_entries_sent_at", "sent_at"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(36), unique=True)
    at: Mapped[datetime]
    staff_no: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    object: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(32))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]


class Setting(Base):
    """Small key/value settings of this installation (installation_id, key fingerprints)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- repositories --------------------------------------------------------------

INSTALLATION_ID = "installation_id"
DATA_KEY_FINGERPRINT = "data_key_fingerprint"


def _get_setting(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def _put_setting(session: Session, key: str, value: str) -> None:
    stmt = sqlite_insert(Setting).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=[Setting.key], set_={"value": value}))


def read_setting(db: Database, key: str) -> str | None:
    """A setting's value, or None. Settings are never secrets (those go to the keyring)."""
    with db.session(readonly=True) as s:
        return _get_setting(s, key)


def write_setting(db: Database, key: str, value: str) -> None:
    """Insert or replace a setting."""
    with db.session() as s:
        _put_setting(s, key, value)


def installation_id(db: Database) -> str:
    """This installation's id (a UUID), created on first call. Names its keyring keys."""
    with db.session() as s:
        current = _get_setting(s, INSTALLATION_ID)
        if current is None:
            current = str(uuid.uuid4())
            _put_setting(s, INSTALLATION_ID, current)
        return current


def check_data_key(db: Database, cipher: FieldCipher) -> None:
    """Bind the database to the data key on first use; afterwards refuse a different key.

    Stops a reset keyring (which would hand out a fresh key) from silently mixing data
    encrypted under two keys. Raises :class:`DataKeyMismatch`.
    """
    fingerprint = cipher.fingerprint()
    with db.session() as s:
        stored = _get_setting(s, DATA_KEY_FINGERPRINT)
        if stored is None:
            _put_setting(s, DATA_KEY_FINGERPRINT, fingerprint)
        elif stored != fingerprint:
            raise DataKeyMismatch()


class CatalogueRepo:
    """The cached catalogue, one row per outlet. The payload is validated JSON text."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, outlet: str) -> tuple[str, str | None, str] | None:
        """``(version, etag, payload_json)`` of the cached catalogue, or None."""
        with self._db.session(readonly=True) as s:
            row = s.get(CatalogueCache, outlet)
            if row is None:
                return None
            return row.version, row.etag, row.payload

    def fetched_at(self, outlet: str) -> datetime | None:
        with self._db.session(readonly=True) as s:
            return s.scalar(
                select(CatalogueCache.fetched_at).where(CatalogueCache.outlet_code == outlet)
            )

    def replace(
        self,
        outlet: str,
        version: str,
        etag: str | None,
        payload_json: str,
        *,
        fetched_at: datetime | None = None,
    ) -> None:
        """Replace the outlet's cached catalogue in one transaction (all or nothing)."""
        when = fetched_at or utcnow()
        values = {"version": version, "etag": etag, "payload": payload_json, "fetched_at": when}
        stmt = sqlite_insert(CatalogueCache).values(outlet_code=outlet, **values)
        with self._db.session() as s:
            s.execute(
                stmt.on_conflict_do_update(index_elements=[CatalogueCache.outlet_code], set_=values)
            )


def normalize_id_number(id_number: str) -> str:
    """The form used for the blind index: trimmed, upper-case check character."""
    return id_number.strip().upper()


class PersonLookupRepo:
    """Person summaries from the bureau, encrypted at rest and found by blind index.

    The ID number is never stored: only ``blind_index(ID)``. The summary JSON is encrypted
    with the row's index in the associated data, so it cannot be moved to another person.
    """

    INDEX_CONTEXT = "person_lookups.id_index"
    PAYLOAD_CONTEXT = "person_lookups.payload_enc"

    def __init__(self, db: Database, cipher: FieldCipher) -> None:
        self._db = db
        self._cipher = cipher

    def _index(self, id_number: str) -> str:
        return self._cipher.blind_index(normalize_id_number(id_number), context=self.INDEX_CONTEXT)

    def _payload_context(self, index: str) -> str:
        return f"{self.PAYLOAD_CONTEXT}:{index}"

    def record(
        self,
        summary_json: str,
        id_number: str,
        staff_no: str,
        reason: str,
        *,
        at: datetime | None = None,
    ) -> int:
        """Store one lookup; returns its row id."""
        index = self._index(id_number)
        row = PersonLookup(
            id_index=index,
            payload_enc=self._cipher.encrypt(summary_json, context=self._payload_context(index)),
            staff_no=staff_no,
            reason=reason,
            looked_up_at=at or utcnow(),
        )
        with self._db.session() as s:
            s.add(row)
            s.flush()
            return row.id

    def find(self, id_number: str) -> str | None:
        """The latest stored summary JSON for *id_number*, or None.

        Raises :class:`counter.crypto.DecryptionError` if the stored value was tampered with.
        """
        index = self._index(id_number)
        with self._db.session(readonly=True) as s:
            blob = s.scalar(
                select(PersonLookup.payload_enc)
                .where(PersonLookup.id_index == index)
                .order_by(PersonLookup.looked_up_at.desc(), PersonLookup.id.desc())
                .limit(1)
            )
        if blob is None:
            return None
        return self._cipher.decrypt(blob, context=self._payload_context(index))

    def purge_older_than(self, cutoff: datetime) -> int:
        """Delete lookups made before *cutoff* (data minimisation); returns the count."""
        with self._db.session() as s:
            result = s.execute(delete(PersonLookup).where(PersonLookup.looked_up_at < cutoff))
            return int(getattr(result, "rowcount", 0) or 0)
