"""Opening the local database: pragmas, transactions, migrations, backups, newer schemas."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import ExitStack, closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

import counter.case_store  # the cases' tables are part of the schema
import counter.queue.store  # the queue's tables are part of the schema
import counter.scenarios.store  # training assessments (issue 10)
import counter.supervision_store  # noqa: F401 - supervision's tables are part of the schema
from counter.storage import (
    Database,
    DatabaseUnreadable,
    SchemaTooNew,
    StorageError,
    open_database,
    read_setting,
    write_setting,
)
from counter.storage.db import KEEP_BACKUPS, MIGRATIONS_DIR
from counter.storage.models import Base

# The app's newest revision; the test-only revisions below come after it.
HEAD = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
assert HEAD is not None
NEXT = "9999"

SECOND_REVISION = '''"""Test-only revision: a column on settings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "__HEAD__"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.drop_column("note")
'''

FAILING_REVISION = '''"""Test-only revision that fails half way."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "__HEAD__"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("boom")


def downgrade() -> None:
    pass
'''


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def migrations_with(tmp_path: Path, revision_source: str) -> Path:
    """A copy of the app's migrations plus one more revision (a newer program's scripts)."""
    target = tmp_path / "migrations-next"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    source = revision_source.replace("__HEAD__", HEAD)
    (target / "versions" / "9999_next.py").write_text(source, encoding="utf-8")
    return target


def revision_of(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "counter.sqlite3")
    yield database
    database.close()


# --- pragmas and transactions ---------------------------------------------------------


def test_pragmas_on_every_connection(db: Database) -> None:
    with ExitStack() as stack:
        # several simultaneous connections: each one is a fresh DBAPI connection
        conns = [stack.enter_context(db.engine.connect()) for _ in range(4)]
        assert len({id(c.connection.dbapi_connection) for c in conns}) == 4
        for conn in conns:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_pragmas_in_sessions_and_other_threads(db: Database) -> None:
    seen: list[tuple[object, ...]] = []

    def probe() -> None:
        with db.session(readonly=True) as s:
            seen.append(
                tuple(
                    s.execute(text(f"PRAGMA {name}")).scalar()
                    for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
                )
            )

    threads = [threading.Thread(target=probe) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    probe()
    assert seen == [(1, "wal", 2, 5000)] * 4


def test_write_session_takes_the_write_lock_up_front(db: Database) -> None:
    with closing(sqlite3.connect(db.path, timeout=0, isolation_level=None)) as other:
        with db.session() as s:
            s.execute(text("SELECT 1")).all()  # a read, inside BEGIN IMMEDIATE
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        with db.session(readonly=True) as s:
            s.execute(text("SELECT 1")).all()  # deferred: no write lock
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")


def test_session_commits_or_rolls_back(db: Database) -> None:
    write_setting(db, "a", "1")
    with pytest.raises(RuntimeError), db.session() as s:
        s.execute(text("UPDATE settings SET value = '2' WHERE key = 'a'"))
        raise RuntimeError("abort")
    assert read_setting(db, "a") == "1"


def test_foreign_keys_are_enforced(db: Database) -> None:
    with db.session() as s:
        s.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        s.execute(text("CREATE TABLE child (p INTEGER REFERENCES parent(id))"))
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as s:
        s.execute(text("INSERT INTO child (p) VALUES (42)"))


# --- migrations -----------------------------------------------------------------------


def test_migrations_create_the_schema_of_the_models(db: Database) -> None:
    assert revision_of(db.path) == [HEAD]
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    with db.engine.connect() as conn:
        triggers = {
            row[0]
            for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    # the journal's own; the closed-day guards of 0004 are checked in tests/test_dayclose.py
    assert triggers >= {"journal_entries_no_update", "journal_entries_no_delete"}


def test_fresh_database_needs_no_backup(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new" / "counter.sqlite3")
    database.close()
    assert database.backup is None
    assert not (tmp_path / "new" / "backups").exists()


def test_reopening_at_head_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    database = open_database(path)
    write_setting(database, "k", "v")
    database.close()
    before = sha256(path)
    again = open_database(path)
    assert read_setting(again, "k") == "v"
    assert again.backup is None
    again.close()
    assert sha256(path) == before


def test_backup_before_migrating_a_database_with_data(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    old = open_database(path)
    write_setting(old, "installation_id", "keep-me")
    old.close()

    new = open_database(path, migrations=migrations_with(tmp_path, SECOND_REVISION))
    try:
        assert new.backup is not None
        assert new.backup.parent == tmp_path / "backups"
        assert new.backup.name.startswith("counter-")
        assert new.backup.name.endswith(f"-rev{HEAD}.sqlite3")
        # the backup is a complete copy at the old revision
        assert revision_of(new.backup) == [HEAD]
        with closing(sqlite3.connect(new.backup)) as conn:
            assert conn.execute("SELECT value FROM settings").fetchall() == [("keep-me",)]
            columns = [row[1] for row in conn.execute("PRAGMA table_info(settings)")]
            assert "note" not in columns
        # the live database is migrated, data kept
        assert revision_of(path) == [NEXT]
        assert read_setting(new, "installation_id") == "keep-me"
        with new.session() as s:
            s.execute(text("UPDATE settings SET note = 'x'"))
        assert not list((tmp_path / "backups").glob("*.partial"))
    finally:
        new.close()


def test_no_backup_when_migrating_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    open_database(path).close()
    new = open_database(path, migrations=migrations_with(tmp_path, SECOND_REVISION))
    new.close()
    assert new.backup is None
    assert revision_of(path) == [NEXT]


def test_only_the_last_backups_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    old = open_database(path)
    write_setting(old, "k", "v")
    old.close()
    backups = tmp_path / "backups"
    backups.mkdir()
    for day in range(1, 13):
        (backups / f"counter-202401{day:02d}T000000.000000Z-rev0001.sqlite3").write_bytes(b"")
    unrelated = [
        backups / "counter-training-20240101T000000.000000Z-rev0001.sqlite3",
        backups / "notes.txt",
    ]
    for p in unrelated:
        p.write_bytes(b"")

    new = open_database(path, migrations=migrations_with(tmp_path, SECOND_REVISION))
    new.close()
    kept = sorted(p.name for p in backups.glob("counter-2*-rev*.sqlite3"))
    assert len(kept) == KEEP_BACKUPS
    assert new.backup is not None and new.backup.name in kept  # the newest survives
    assert "counter-20240101T000000.000000Z-rev0001.sqlite3" not in kept
    assert all(p.exists() for p in unrelated)


def test_failed_migration_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    old = open_database(path)
    write_setting(old, "k", "v")
    old.close()
    with pytest.raises(StorageError, match="升级失败") as info:
        open_database(path, migrations=migrations_with(tmp_path, FAILING_REVISION))
    assert isinstance(info.value.__cause__, RuntimeError)
    assert revision_of(path) == [HEAD]
    with closing(sqlite3.connect(path)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
        assert conn.execute("SELECT value FROM settings").fetchall() == [("v",)]
    # the app's own migrations still open it
    open_database(path).close()


# --- newer or foreign files -----------------------------------------------------------


def test_newer_schema_is_refused_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    newer = open_database(path, migrations=migrations_with(tmp_path, SECOND_REVISION))
    write_setting(newer, "k", "v")
    newer.close()
    before = sha256(path)
    mtime = path.stat().st_mtime_ns

    with pytest.raises(SchemaTooNew) as info:
        open_database(path)
    assert str(info.value) == f"本地数据库版本（{NEXT}）比本程序新，请升级程序后再打开。"
    assert info.value.revisions == (NEXT,)
    assert sha256(path) == before
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter.sqlite3", "migrations-next"]


def test_unknown_revision_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    open_database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dfeed'")
        conn.commit()
    before = sha256(path)
    with pytest.raises(SchemaTooNew, match="f00dfeed"):
        open_database(path)
    assert sha256(path) == before


def test_newer_schema_with_a_live_wal_is_refused(tmp_path: Path) -> None:
    """Another (newer) program has the file open: read through its WAL, write nothing."""
    path = tmp_path / "counter.sqlite3"
    newer = open_database(path, migrations=migrations_with(tmp_path, SECOND_REVISION))
    try:
        write_setting(newer, "k", "v")
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        before = (sha256(path), sha256(wal))
        with pytest.raises(SchemaTooNew):
            open_database(path)
        assert (sha256(path), sha256(wal)) == before
    finally:
        newer.close()


def test_missing_migration_scripts(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="安装不完整"):
        open_database(tmp_path / "counter.sqlite3", migrations=tmp_path / "nowhere")
    assert not (tmp_path / "counter.sqlite3").exists()


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "counter.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    before = sha256(path)
    with pytest.raises(DatabaseUnreadable, match="无法读取本地数据库"):
        open_database(path)
    assert sha256(path) == before


def test_errors_share_a_base() -> None:
    assert issubclass(SchemaTooNew, StorageError)
    assert issubclass(DatabaseUnreadable, StorageError)
