"""The training platform on PostgreSQL: the same seed and endpoint checks as on SQLite.

Runs when PG_TEST_URL names a server where we may create databases, e.g.
`export PG_TEST_URL=$(scripts/pg-throwaway.sh start)`; each run uses a database of its own
and drops it afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from counter.bureau.models import Catalogue, PersonSummary, Role
from counter.training.db import LookupRow, PersonRow, SessionRow
from counter.training.persons import featured_persons, generate_persons, make_id_number
from counter.training.seed import TRAINING_PASSWORD, add_staff, load_catalogue, seed_database
from counter.training.server import TrainingServer
from tests.training_fixtures import ClientFactory, FakeClock, TrainingHome, bearer, login, token_for

PG_URL = os.environ.get("PG_TEST_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="PG_TEST_URL is not set"),
]


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    base = make_url(PG_URL)
    name = f"training_test_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="module")
def pg_server(
    pg_url: str, training_home: TrainingHome, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TrainingServer]:
    server = TrainingServer(
        tmp_path_factory.mktemp("pg-platform"),
        db_url=pg_url,
        clock=FakeClock(),
        tls=training_home.tls,
    )
    server.start_in_thread()  # creates the tables and seeds
    yield server
    server.stop()


@pytest.fixture
def pg_client(pg_server: TrainingServer, make_client: ClientFactory) -> httpx.Client:
    return make_client(pg_server)


def _new_staff(server: TrainingServer, roles: tuple[Role, ...] = (Role.CLERK,)) -> str:
    staff_no = f"P-{secrets.token_hex(4).upper()}"
    with Session(server.engine) as db, db.begin():
        add_staff(
            db,
            staff_no=staff_no,
            name="测试员",
            roles=roles,
            post=None,
            outlet_code="330102001",
            password=TRAINING_PASSWORD,
        )
    return staff_no


def test_seed_on_postgres_is_complete_and_idempotent(pg_server: TrainingServer) -> None:
    assert pg_server.engine.dialect.name == "postgresql"
    with Session(pg_server.engine) as db:
        assert db.scalar(select(func.count()).select_from(PersonRow)) == len(generate_persons())
    assert not seed_database(pg_server.engine).anything


def test_login_lockout_and_replacement_on_postgres(
    pg_server: TrainingServer, pg_client: httpx.Client
) -> None:
    clock = pg_server.clock
    assert isinstance(clock, FakeClock)
    staff_no = _new_staff(pg_server)
    for left in (4, 3, 2, 1):
        response = login(pg_client, staff_no, password="Wrong@2026")
        assert response.json()["message"] == f"工号或密码错误，还可尝试 {left} 次"
    assert login(pg_client, staff_no, password="Wrong@2026").status_code == 423
    assert login(pg_client, staff_no).status_code == 423
    clock.advance(timedelta(minutes=15, seconds=1))
    try:
        first = token_for(pg_client, staff_no)
        second = token_for(pg_client, staff_no)
        replaced = pg_client.get("/v1/sessions/current", headers=bearer(first))
        assert replaced.json()["code"] == "SESSION_REPLACED"
        current = pg_client.get("/v1/sessions/current", headers=bearer(second))
        assert current.status_code == 200
    finally:
        clock.reset()
    with Session(pg_server.engine) as db:
        expires = db.scalars(select(SessionRow.expires_at).order_by(SessionRow.id.desc())).first()
    assert expires is not None and expires.tzinfo is not None
    assert expires - datetime.now(UTC) > timedelta(hours=12)  # made at clock + 15 min


def test_catalogue_on_postgres(pg_client: httpx.Client) -> None:
    token = token_for(pg_client, "T-CLERK301", "330102003")
    response = pg_client.get("/v1/catalogue", headers=bearer(token))
    assert response.status_code == 200
    catalogue = Catalogue.model_validate(response.json())
    expected = sorted(i.code for i in load_catalogue() if 3 in i.outlet_categories)
    assert [i.code for i in catalogue.items] == expected
    again = pg_client.get(
        "/v1/catalogue", headers={**bearer(token), "If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304


def test_person_lookup_on_postgres(pg_server: TrainingServer, pg_client: httpx.Client) -> None:
    person = featured_persons()[2]
    token = token_for(pg_client, "T-CLERKA1")
    response = pg_client.get(
        f"/v1/persons/{person.id_number}", params={"reason": "解挂咨询"}, headers=bearer(token)
    )
    assert response.status_code == 200
    summary = PersonSummary.model_validate(response.json())
    assert summary.masked_name == "王*"
    assert summary.card_status.value == "临时挂失"

    guide = token_for(pg_client, "T-GUIDE01")
    forbidden = pg_client.get(
        f"/v1/persons/{person.id_number}", params={"reason": "解挂咨询"}, headers=bearer(guide)
    )
    assert forbidden.json()["code"] == "FORBIDDEN_ROLE"
    unknown = make_id_number("110101", date(1970, 1, 1), 999)
    missing = pg_client.get(
        f"/v1/persons/{unknown}", params={"reason": "测试"}, headers=bearer(token)
    )
    assert missing.json()["code"] == "PERSON_NOT_FOUND"
    with Session(pg_server.engine) as db:
        outcomes = list(
            db.scalars(
                select(LookupRow.outcome)
                .where(LookupRow.id_number == person.id_number)
                .order_by(LookupRow.id)
            )
        )
    assert outcomes == ["found", "forbidden"]
