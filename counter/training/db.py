"""The training platform's own database (SQLAlchemy 2 typed ORM).

It plays the bureau's side: outlets, staff accounts, sessions, the item catalogue, the
insured persons and the audit of person lookups. SQLite (WAL, foreign keys on) or
PostgreSQL, chosen by URL; the schema is created with `metadata.create_all` because the
training platform keeps no data worth migrating (delete the file to start over).

All times are stored in UTC and come back as aware UTC datetimes on both back ends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

# --- column types ------------------------------------------------------------------------


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out (SQLite keeps no offset itself)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy's documented class attribute
        datetime: UtcDateTime(),
        date: Date(),
    }


# --- tables --------------------------------------------------------------------------------


class OutletRow(Base):
    """A bank outlet with a social-security window (社银合作网点)."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    category: Mapped[int] = mapped_column(Integer)  # 1 full, 2 standard, 3 small/rural
    window: Mapped[int | None] = mapped_column(Integer)
    seal_no: Mapped[str] = mapped_column(String(64), default="")
    supervision_phone: Mapped[str] = mapped_column(String(32), default="")

    staff: Mapped[list[StaffRow]] = relationship(back_populates="outlet")


class StaffRow(Base):
    """A named staff account (no shared logins); password kept as a scrypt hash only."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(32))
    roles: Mapped[list[str]] = mapped_column(JSON)
    post: Mapped[str | None] = mapped_column(String(1))
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"))
    password_hash: Mapped[str] = mapped_column(String(256))
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]

    outlet: Mapped[OutletRow] = relationship(back_populates="staff")


class SessionRow(Base):
    """A login. Only the SHA-256 of the bearer token is stored."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_staff_live", "staff_id", "ended_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(16))  # replaced | logout

    staff: Mapped[StaffRow] = relationship()
    outlet: Mapped[OutletRow] = relationship()


class CatalogueVersionRow(Base):
    """One published state of the catalogue; the highest version is the current one."""

    __tablename__ = "catalogue_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(String(200), default="")


class CatalogueItemRow(Base):
    """One version of one item: the contract `CatalogueItem` as JSON plus query columns."""

    __tablename__ = "catalogue_items"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date]
    effective_to: Mapped[date | None]  # last day the version applies (inclusive)
    outlet_categories: Mapped[list[int]] = mapped_column(JSON)
    published_in: Mapped[int] = mapped_column(ForeignKey("catalogue_versions.version"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class PersonRow(Base):
    """An insured person as the bureau knows them (synthetic in training)."""

    __tablename__ = "persons"

    id_number: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(32))
    sex: Mapped[str] = mapped_column(String(1))  # 男 | 女
    birth_date: Mapped[date]
    insurances: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    card_status: Mapped[str] = mapped_column(String(8))
    card_no: Mapped[str] = mapped_column(String(16), default="")
    mobile: Mapped[str] = mapped_column(String(16), default="")


class LookupRow(Base):
    """Audit of person lookups: who asked about whom, why, when and with what outcome."""

    __tablename__ = "person_lookups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"))
    id_number: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(String(100), default="")
    outcome: Mapped[str] = mapped_column(String(16))  # found | not_found | invalid_id | forbidden


# --- engine ----------------------------------------------------------------------------


def make_engine(url: str | URL) -> Engine:
    """An engine for `url` (sqlite:///FILE, sqlite:// in memory, postgresql+psycopg://…)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        if in_memory:
            engine = create_engine(
                parsed,
                connect_args={"check_same_thread": False},
                poolclass=StaticPool,
            )
        else:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas(in_memory))
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_pragmas(in_memory: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: commits do not fsync (a power cut may lose the last ones, never
            # corrupt). Fine for a training platform; each case is ~3 commits (bench drain).
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    return on_connect


def init_db(engine: Engine) -> None:
    """Create the tables that are missing (the training platform needs no migrations)."""
    Base.metadata.create_all(engine)


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- passwords ----------------------------------------------------------------------------

_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SCRYPT_LEN = 32


def hash_password(password: str) -> str:
    """`scrypt$N$r$p$salt$hash` (base64), with a fresh 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return "$".join(
        [
            "scrypt",
            str(_SCRYPT_N),
            str(_SCRYPT_R),
            str(_SCRYPT_P),
            base64.b64encode(salt).decode("ascii"),
            base64.b64encode(digest).decode("ascii"),
        ]
    )


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        actual = _scrypt(password, salt, int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_SCRYPT_LEN, maxmem=64 << 20
    )


def password_meets_policy(password: str) -> bool:
    """At least 8 characters from at least 3 of: lower, upper, digits, other."""
    classes = (
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    )
    return len(password) >= 8 and sum(classes) >= 3


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
