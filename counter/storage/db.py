"""Opening the local SQLite database: pragmas, transactions, backups, migrations.

``open_database(path)`` does, in order:

1. Look at the file read-only (``mode=ro``): which Alembic revision(s) it is at, whether it
   holds any rows. A revision this program does not know means a newer program wrote the
   file: raise :class:`SchemaTooNew` and leave the file untouched.
2. If migrations are pending and the file holds data, copy it with SQLite's online backup
   API to ``<dir>/backups/<name>-<UTC timestamp>-rev<old>.sqlite3`` (last 10 kept per name).
3. Run the Alembic migrations (config built in code, ``render_as_batch=True``) on one
   connection inside one ``BEGIN IMMEDIATE`` transaction, with foreign keys off during the
   move-and-copy steps and ``PRAGMA foreign_key_check`` before commit.
4. Build the engine used by the program. Every connection it opens gets
   ``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=FULL``, ``busy_timeout=5000``.

Transactions: the sqlite3 driver's own implicit BEGIN is switched off and SQLAlchemy emits
``BEGIN`` itself (the recipe from SQLAlchemy's SQLite dialect docs), so reads are
repeatable within a transaction and DDL is transactional. :meth:`Database.session` starts
write transactions with ``BEGIN IMMEDIATE``: the write lock is taken up front, so two
writers wait for each other (``busy_timeout``) instead of failing on a read-to-write
upgrade. ``session(readonly=True)`` uses a deferred BEGIN (a consistent WAL snapshot that
does not block writers).

Everything here is blocking: run it on the database executor
(:class:`counter.storage.executor.DbExecutor`), never on the UI thread.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Final, Self

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

from counter.storage.errors import DatabaseUnreadable, SchemaTooNew, StorageError

__all__ = [
    "BUSY_TIMEOUT_MS",
    "KEEP_BACKUPS",
    "MIGRATIONS_DIR",
    "Database",
    "backup_database",
    "open_database",
]

log = logging.getLogger("counter.storage")

MIGRATIONS_DIR: Final = Path(__file__).resolve().with_name("migrations")
BUSY_TIMEOUT_MS: Final = 5000
KEEP_BACKUPS: Final = 10
_BEGIN_OPTION: Final = "counter_sqlite_begin"
_BEGIN_MODES: Final = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


# --- connections ----------------------------------------------------------------------


def _apply_pragmas(dbapi_connection: DBAPIConnection, *, foreign_keys: bool) -> None:
    assert isinstance(dbapi_connection, sqlite3.Connection)
    # Hand transaction control to SQLAlchemy (see the "begin" listener).
    dbapi_connection.isolation_level = None
    with closing(dbapi_connection.cursor()) as cur:
        # busy_timeout first, so that switching to WAL waits for other connections' locks.
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        row = cur.execute("PRAGMA journal_mode = WAL").fetchone()
        mode = str(row[0]).lower() if row else ""
        if mode != "wal":
            raise StorageError(f"本地数据库无法启用 WAL 日志模式（当前为 {mode or '未知'}）。")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")


def _create_engine(path: Path, *, foreign_keys: bool, migration: bool = False) -> Engine:
    url = URL.create("sqlite+pysqlite", database=str(path))
    engine = create_engine(url, poolclass=NullPool) if migration else create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        _apply_pragmas(dbapi_connection, foreign_keys=foreign_keys)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = str(conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED"))
        if mode not in _BEGIN_MODES:
            raise ValueError(f"bad BEGIN mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """An open local database. Thread-safe; sessions are not (one per unit of work)."""

    def __init__(self, path: Path, engine: Engine, *, backup: Path | None = None) -> None:
        self.path = path
        self.engine = engine
        #: The backup taken before migrating at open, if one was taken.
        self.backup = backup
        write_engine = engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        self._write_sessions = sessionmaker(bind=write_engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(bind=engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @contextmanager
    def session(self, *, readonly: bool = False) -> Iterator[Session]:
        """A session in one short transaction: committed on success, rolled back on error.

        Write sessions (the default) start with ``BEGIN IMMEDIATE``; ``readonly=True`` with a
        deferred ``BEGIN`` (nothing stops a read-only session from writing, but it may then
        hit ``SQLITE_BUSY`` against a concurrent writer).
        """
        maker = self._read_sessions if readonly else self._write_sessions
        with maker.begin() as session:
            yield session

    def checkpoint(self, mode: str = "PASSIVE") -> None:
        """Run a WAL checkpoint (``PASSIVE``, ``FULL``, ``RESTART`` or ``TRUNCATE``)."""
        if mode not in {"PASSIVE", "FULL", "RESTART", "TRUNCATE"}:
            raise ValueError(f"bad checkpoint mode {mode!r}")
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})").fetchall()

    def close(self) -> None:
        """Close all pooled connections (the last one checkpoints and removes the WAL)."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --- inspecting a file without touching it -------------------------------------------


@dataclass(frozen=True, slots=True)
class _FileState:
    revisions: tuple[str, ...]
    has_data: bool


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _readonly_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _inspect_file(path: Path) -> _FileState | None:
    """Revision(s) and whether any table holds rows; None if there is no database yet.

    Reads without writing anything: with no ``-wal`` file beside it the main file holds
    all the data, so it is opened ``immutable`` (no ``-wal``/``-shm`` files get created);
    otherwise read-only through the existing WAL.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    uri = _readonly_uri(path)
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            tables = [
                str(row[0])
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                )
            ]
            revisions: tuple[str, ...] = ()
            if "alembic_version" in tables:
                revisions = tuple(
                    sorted(
                        str(row[0])
                        for row in conn.execute("SELECT version_num FROM alembic_version")
                    )
                )
            has_data = any(
                conn.execute(f"SELECT 1 FROM {_quote(name)} LIMIT 1").fetchone() is not None
                for name in tables
                if name != "alembic_version"
            )
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnreadable(str(path), str(exc)) from exc
    return _FileState(revisions, has_data)


# --- backups --------------------------------------------------------------------------


def _backup_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-\d{{8}}T\d{{6}}\.\d{{6}}Z-rev.+\.sqlite3$")


def backup_database(path: Path, revision_label: str, *, keep: int = KEEP_BACKUPS) -> Path:
    """Copy *path* with SQLite's online backup API into ``<dir>/backups``; prune old ones.

    The copy is written under a temporary name, checked with ``PRAGMA quick_check`` and
    then renamed, so a backup file that exists is complete. Returns the backup's path.
    """
    backups = path.parent / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target = backups / f"{path.stem}-{stamp}-rev{revision_label}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    try:
        with (
            closing(sqlite3.connect(_readonly_uri(path), uri=True)) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
            row = dst.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise StorageError(f"数据库备份校验失败：{row[0] if row else '无结果'}")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"升级前备份本地数据库失败：{exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    log.info("database backed up to %s before migrating", target.name)
    _prune_backups(backups, path.stem, keep)
    return target


def _prune_backups(backups: Path, stem: str, keep: int) -> None:
    pattern = _backup_pattern(stem)
    found = sorted(p for p in backups.iterdir() if pattern.match(p.name))
    for old in found[: max(0, len(found) - keep)]:
        try:
            old.unlink()
        except OSError:  # pragma: no cover - e.g. opened by an antivirus scanner
            log.warning("could not remove old backup %s", old.name)


# --- migrations -----------------------------------------------------------------------


def _alembic_config(script_location: Path) -> Config:
    cfg = Config()
    # ConfigParser interpolation: a literal '%' in a path must be doubled.
    cfg.set_main_option("script_location", str(script_location).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    return cfg


def _migrate(path: Path, cfg: Config) -> None:
    engine = _create_engine(path, foreign_keys=False, migration=True)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})  # in place
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(
                        f"数据库升级后外键检查失败（{len(problems)} 处），已撤销本次升级。"
                    )
    except StorageError:
        raise
    except Exception as exc:
        # The whole upgrade ran in one transaction, so the file is as it was before.
        raise StorageError(
            f"本地数据库升级失败，已撤销本次升级，数据保持原样：{type(exc).__name__}: {exc}"
        ) from exc
    finally:
        cfg.attributes.pop("connection", None)
        engine.dispose()


def open_database(path: Path, *, migrations: Path | None = None) -> Database:
    """Open (creating or migrating as needed) the local database at *path*. Blocking.

    *migrations* overrides the Alembic script folder (tests only).

    Raises :class:`SchemaTooNew` (file untouched) if a newer program wrote the file,
    :class:`DatabaseUnreadable` if it is not a SQLite database, :class:`StorageError` if
    the backup or the migration fails (the migration is then rolled back).
    """
    path = Path(path)
    script_location = migrations or MIGRATIONS_DIR
    if not (script_location / "env.py").is_file():
        raise StorageError(f"程序安装不完整：缺少数据库升级脚本（{script_location}）。")
    cfg = _alembic_config(script_location)
    script = ScriptDirectory.from_config(cfg)
    known = {rev.revision for rev in script.walk_revisions()}
    heads = set(script.get_heads())

    state = _inspect_file(path)
    current = state.revisions if state else ()
    unknown = tuple(rev for rev in current if rev not in known)
    if unknown:
        raise SchemaTooNew(unknown)

    backup: Path | None = None
    if set(current) != heads:
        if state is not None and state.has_data:
            backup = backup_database(path, "+".join(current) or "base")
        path.parent.mkdir(parents=True, exist_ok=True)
        log.info("migrating %s from %s to %s", path.name, current or "base", sorted(heads))
        _migrate(path, cfg)

    return Database(path, _create_engine(path, foreign_keys=True), backup=backup)
