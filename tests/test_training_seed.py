"""Training platform seed: synthetic persons, accounts, outlets, idempotent seeding."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter.bureau.models import CardStatus, InsuranceStatus, Post, Role
from counter.identity import id_check_char
from counter.training.db import (
    CatalogueItemRow,
    OutletRow,
    PersonRow,
    StaffRow,
    init_db,
    make_engine,
    password_meets_policy,
    verify_password,
)
from counter.training.persons import (
    COMPOUND_SURNAMES,
    MAX_AGE,
    MIN_AGE,
    REFERENCE_DATE,
    REGION_CODES,
    featured_persons,
    generate_persons,
)
from counter.training.seed import TRAINING_ACCOUNTS, TRAINING_OUTLETS, seed_database
from counter.training.server import TrainingServer
from tests.training_fixtures import TrainingHome

PERSONS = generate_persons()
MOBILE = re.compile(r"^1[3-9]\d{9}$")
CJK = re.compile(r"^[\u4e00-\u9fa5]{2,4}$")


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_at_least_2000_distinct_persons_deterministically() -> None:
    assert len(PERSONS) >= 2000
    assert len({p.id_number for p in PERSONS}) == len(PERSONS)
    assert generate_persons() == PERSONS
    assert generate_persons(seed=1) != PERSONS


def test_every_identifier_is_valid() -> None:
    for person in PERSONS:
        number = person.id_number
        assert len(number) == 18 and number[:17].isdigit(), number
        assert number[17] == id_check_char(number[:17]), number
        assert number[:6] in REGION_CODES
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert birth == person.birth_date
        assert birth.year >= 1900 and birth <= REFERENCE_DATE
        assert person.sex == ("男" if int(number[16]) % 2 else "女"), number
        assert MIN_AGE <= _age(birth, REFERENCE_DATE) <= MAX_AGE, number


def test_mix_of_ages_sexes_names_and_statuses() -> None:
    ages = Counter(_age(p.birth_date, REFERENCE_DATE) // 10 for p in PERSONS)
    assert set(ages) >= {1, 2, 3, 4, 5, 6, 7, 8, 9}
    sexes = Counter(p.sex for p in PERSONS)
    assert min(sexes.values()) > len(PERSONS) * 0.4
    assert len({p.id_number[:6] for p in PERSONS}) == len(REGION_CODES)

    assert all(CJK.match(p.name) for p in PERSONS)
    assert any(p.name[:2] in COMPOUND_SURNAMES for p in PERSONS)
    assert sum(len(p.name) == 3 for p in PERSONS) > len(PERSONS) * 0.4
    assert sum(len(p.name) == 2 for p in PERSONS) > len(PERSONS) * 0.1

    cards = Counter(p.card_status for p in PERSONS)
    assert set(cards) == {s.value for s in CardStatus} - {CardStatus.CANCELLED.value}
    assert cards[CardStatus.NORMAL.value] > len(PERSONS) * 0.7
    for person in PERSONS:
        assert bool(person.card_no) == (person.card_status != CardStatus.NONE.value)
        assert person.mobile == "" or MOBILE.match(person.mobile)
        assert person.insurances
        for insurance in person.insurances:
            InsuranceStatus(insurance["status"])
    schemes = Counter(i["scheme"] for p in PERSONS for i in p.insurances)
    assert {"企业职工基本养老保险", "城乡居民基本养老保险", "职工基本医疗保险",
            "城乡居民基本医疗保险", "失业保险", "工伤保险"} <= set(schemes)  # fmt: skip
    statuses = Counter(i["status"] for p in PERSONS for i in p.insurances)
    assert set(statuses) == {s.value for s in InsuranceStatus}


def test_featured_persons_come_first() -> None:
    featured = featured_persons()
    assert PERSONS[: len(featured)] == featured
    statuses = {p.card_status for p in featured}
    assert {"正常", "临时挂失", "正式挂失", "密码锁定", "未制卡"} <= statuses
    assert all(p.note for p in featured)


def test_training_accounts_cover_every_role_and_meet_the_policy() -> None:
    assert {r for a in TRAINING_ACCOUNTS for r in a.roles} == set(Role)
    assert {a.post for a in TRAINING_ACCOUNTS if Role.CLERK in a.roles} >= {Post.A, Post.B}
    assert len({a.staff_no for a in TRAINING_ACCOUNTS}) == len(TRAINING_ACCOUNTS)
    assert all(password_meets_policy(a.password) for a in TRAINING_ACCOUNTS)
    assert {a.outlet_code for a in TRAINING_ACCOUNTS} == {o.code for o in TRAINING_OUTLETS}
    assert not password_meets_policy("train2026")
    assert not password_meets_policy("Tr@1")


def test_seeded_database(training_home: TrainingHome, training_server: TrainingServer) -> None:
    with Session(training_server.engine) as db:
        assert db.scalar(select(func.count()).select_from(PersonRow)) == len(PERSONS)
        assert db.scalar(select(func.count()).select_from(CatalogueItemRow)) == 62
        outlets = {o.code: o.category for o in db.scalars(select(OutletRow))}
        assert outlets == {"330102001": 1, "330102002": 2, "330102003": 3}
        staff = {s.staff_no: s for s in db.scalars(select(StaffRow))}
        for account in TRAINING_ACCOUNTS:
            assert verify_password(account.password, staff[account.staff_no].password_hash)
        row = db.get(PersonRow, PERSONS[100].id_number)
        assert row is not None and row.name == PERSONS[100].name
        assert row.birth_date == PERSONS[100].birth_date


def test_seeding_is_fast_and_idempotent(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'seed.sqlite3'}")
    init_db(engine)
    started = time.perf_counter()
    first = seed_database(engine)
    elapsed = time.perf_counter() - started
    assert first.persons == len(PERSONS) and first.catalogue_items == 62
    assert first.staff == len(TRAINING_ACCOUNTS) and first.outlets == 3
    print(f"seeding took {elapsed:.2f} s")  # reported, not asserted: machines vary

    again = seed_database(engine)
    assert not again.anything
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(PersonRow)) == len(PERSONS)
    mode = engine.connect()
    try:
        assert mode.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert mode.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        mode.close()
    engine.dispose()


def test_persons_go_in_as_one_bulk_insert(tmp_path: Path) -> None:
    from sqlalchemy import insert

    engine = make_engine(f"sqlite:///{tmp_path / 'persons.sqlite3'}")
    init_db(engine)
    started = time.perf_counter()
    rows = [p.as_row() for p in generate_persons()]
    with Session(engine) as db, db.begin():
        db.execute(insert(PersonRow), rows)
    print(f"bulk insert of {len(rows)} persons: {time.perf_counter() - started:.2f} s")
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(PersonRow)) == len(rows)
    engine.dispose()
