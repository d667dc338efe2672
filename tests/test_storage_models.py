"""Repositories over the local store: catalogue cache, settings, encrypted person lookups."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from counter.crypto import DecryptionError, FieldCipher
from counter.keystore import KeyStore
from counter.storage import (
    CatalogueRepo,
    Database,
    DataKeyMismatch,
    PersonLookupRepo,
    check_data_key,
    installation_id,
    open_database,
    read_setting,
    write_setting,
)
from counter.storage.models import CatalogueCache, PersonLookup

ID_NUMBER = "330102199003071234"
FULL_NAME = "欧阳春晓"
MOBILE = "13812345678"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "counter.sqlite3")
    yield database
    database.close()


@pytest.fixture
def cipher(db: Database) -> FieldCipher:
    return FieldCipher(KeyStore(installation_id=installation_id(db)).data_key())


def summary_json(id_number: str = ID_NUMBER, name: str = FULL_NAME) -> str:
    return json.dumps(
        {
            "id_number": id_number,
            "name": name,
            "masked_name": name[0] + "*" * (len(name) - 1),
            "mobile": MOBILE,
            "card_status": "正常",
        },
        ensure_ascii=False,
    )


# --- settings -------------------------------------------------------------------------


def test_settings_and_installation_id(db: Database) -> None:
    assert read_setting(db, "x") is None
    write_setting(db, "x", "1")
    write_setting(db, "x", "2")
    assert read_setting(db, "x") == "2"
    first = installation_id(db)
    assert len(first) == 36
    assert installation_id(db) == first == read_setting(db, "installation_id")


def test_data_key_is_bound_to_the_database(db: Database) -> None:
    key = bytes(32)
    check_data_key(db, FieldCipher(key))
    check_data_key(db, FieldCipher(key))  # same key: fine
    with pytest.raises(DataKeyMismatch, match="密钥"):
        check_data_key(db, FieldCipher(b"\x01" * 32))


# --- catalogue cache ------------------------------------------------------------------


def test_catalogue_cache_replace_and_get(db: Database) -> None:
    repo = CatalogueRepo(db)
    assert repo.get("330100-001") is None
    repo.replace("330100-001", "2026.1", '"abc"', '{"version": "2026.1", "items": []}')
    assert repo.get("330100-001") == ("2026.1", '"abc"', '{"version": "2026.1", "items": []}')
    repo.replace("330100-001", "2026.2", None, '{"version": "2026.2", "items": []}')
    assert repo.get("330100-001") == ("2026.2", None, '{"version": "2026.2", "items": []}')
    repo.replace("330100-002", "2026.1", None, "{}")
    with db.session(readonly=True) as s:
        assert s.scalar(select(CatalogueCache).where(CatalogueCache.outlet_code == "x")) is None
        assert len(s.scalars(select(CatalogueCache)).all()) == 2  # one row per outlet
    fetched = repo.fetched_at("330100-001")
    assert fetched is not None and fetched.tzinfo is UTC
    assert abs(datetime.now(UTC) - fetched) < timedelta(minutes=1)


def test_catalogue_replace_is_all_or_nothing(db: Database) -> None:
    repo = CatalogueRepo(db)
    repo.replace("o", "v1", "e1", "{}")
    naive = datetime(2026, 5, 9, 8, 0)  # naive times are refused: the row must stay as it was
    with pytest.raises(Exception, match="naive"):
        repo.replace("o", "v2", "e2", '{"x": 1}', fetched_at=naive)
    assert repo.get("o") == ("v1", "e1", "{}")


def test_times_are_stored_as_utc(db: Database) -> None:
    shanghai = timezone(timedelta(hours=8))
    CatalogueRepo(db).replace(
        "o", "v", None, "{}", fetched_at=datetime(2026, 5, 9, 8, 0, tzinfo=shanghai)
    )
    with closing(sqlite3.connect(db.path)) as conn:
        (raw,) = conn.execute("SELECT fetched_at FROM catalogue_cache").fetchone()
    assert raw.startswith("2026-05-09 00:00:00")
    assert CatalogueRepo(db).fetched_at("o") == datetime(2026, 5, 9, 0, 0, tzinfo=UTC)


# --- person lookups -------------------------------------------------------------------


def test_person_lookup_round_trip(db: Database, cipher: FieldCipher) -> None:
    repo = PersonLookupRepo(db, cipher)
    assert repo.find(ID_NUMBER) is None
    t0 = datetime(2026, 5, 9, 1, 0, tzinfo=UTC)
    repo.record(summary_json(), ID_NUMBER, "S001", "办理社保卡挂失", at=t0)
    newer = summary_json(name="欧阳春晓").replace("正常", "临时挂失")
    row_id = repo.record(newer, ID_NUMBER, "S002", "查询参保状态", at=t0 + timedelta(minutes=5))
    assert row_id > 0
    assert repo.find(ID_NUMBER) == newer
    assert repo.find(" 330102199003071234 ") == newer  # trimmed like the index
    assert repo.find("11010519491231002X") is None


def test_check_character_case_does_not_matter(db: Database, cipher: FieldCipher) -> None:
    repo = PersonLookupRepo(db, cipher)
    repo.record(summary_json("11010519491231002X"), "11010519491231002x", "S001", "查询参保状态")
    assert repo.find("11010519491231002X") is not None


def test_no_plaintext_personal_data_in_the_files(db: Database, cipher: FieldCipher) -> None:
    repo = PersonLookupRepo(db, cipher)
    for _ in range(3):
        repo.record(summary_json(), ID_NUMBER, "S001", "查询参保状态")
    wal = db.path.with_name(db.path.name + "-wal")
    needles = [ID_NUMBER.encode(), FULL_NAME.encode("utf-8"), MOBILE.encode()]

    def assert_clean() -> None:
        for file in (db.path, wal):
            data = file.read_bytes() if file.exists() else b""
            for needle in needles:
                assert needle not in data, f"{needle!r} found in {file.name}"

    assert wal.exists() and wal.stat().st_size > 0  # the rows are in the WAL now
    assert_clean()
    db.checkpoint()  # copy the WAL into the main file
    assert_clean()
    db.checkpoint("TRUNCATE")
    assert_clean()
    # the sanity check that the needles would be found if present
    with db.session() as s:
        s.add(
            PersonLookup(
                id_index="x",
                payload_enc=FULL_NAME.encode("utf-8"),
                staff_no="S001",
                reason="control",
                looked_up_at=datetime.now(UTC),
            )
        )
    db.checkpoint()
    assert FULL_NAME.encode("utf-8") in db.path.read_bytes()


def test_tampered_payload_is_detected(db: Database, cipher: FieldCipher) -> None:
    repo = PersonLookupRepo(db, cipher)
    row_id = repo.record(summary_json(), ID_NUMBER, "S001", "查询参保状态")
    with closing(sqlite3.connect(db.path)) as conn:
        (blob,) = conn.execute(
            "SELECT payload_enc FROM person_lookups WHERE id=?", (row_id,)
        ).fetchone()
        flipped = bytearray(blob)
        flipped[20] ^= 0x40
        conn.execute("UPDATE person_lookups SET payload_enc=? WHERE id=?", (bytes(flipped), row_id))
        conn.commit()
    with pytest.raises(DecryptionError, match="篡改"):
        repo.find(ID_NUMBER)


def test_payload_cannot_be_moved_to_another_person(db: Database, cipher: FieldCipher) -> None:
    repo = PersonLookupRepo(db, cipher)
    mine = repo.record(summary_json(), ID_NUMBER, "S001", "查询参保状态")
    other_id = "11010519491231002X"
    theirs = repo.record(summary_json(other_id, "张三"), other_id, "S001", "查询参保状态")
    with closing(sqlite3.connect(db.path)) as conn:
        (blob,) = conn.execute(
            "SELECT payload_enc FROM person_lookups WHERE id=?", (mine,)
        ).fetchone()
        conn.execute("UPDATE person_lookups SET payload_enc=? WHERE id=?", (blob, theirs))
        conn.commit()
    with pytest.raises(DecryptionError):
        repo.find(other_id)


def test_other_key_cannot_read(db: Database, cipher: FieldCipher) -> None:
    PersonLookupRepo(db, cipher).record(summary_json(), ID_NUMBER, "S001", "查询参保状态")
    # with another key the blind index differs, so the row is simply not found
    assert PersonLookupRepo(db, FieldCipher(b"\x02" * 32)).find(ID_NUMBER) is None


def test_purge_old_lookups(db: Database, cipher: FieldCipher) -> None:
    repo = PersonLookupRepo(db, cipher)
    now = datetime.now(UTC)
    repo.record(summary_json(), ID_NUMBER, "S001", "r1", at=now - timedelta(days=40))
    repo.record(summary_json("11010519491231002X"), "11010519491231002X", "S001", "r2", at=now)
    assert repo.purge_older_than(now - timedelta(days=30)) == 1
    assert repo.find(ID_NUMBER) is None
    assert repo.find("11010519491231002X") is not None
