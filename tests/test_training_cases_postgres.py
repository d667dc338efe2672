"""Exactly-once cases on PostgreSQL: the idempotency store and business numbers under
concurrency. Runs when PG_TEST_URL is set (see tests/test_training_postgres.py)."""

from __future__ import annotations

import os
import secrets
import threading
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from counter.bureau.cases import CaseResult, CaseStatus
from counter.training.server import TrainingServer
from tests.test_training_cases_support import EMPLOYEE, TEMP_LOST, Desk, shanghai_today
from tests.training_fixtures import ClientFactory, FakeClock, TrainingHome

PG_URL = os.environ.get("PG_TEST_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="PG_TEST_URL is not set"),
]


@pytest.fixture(scope="module")
def pg_cases_server(
    training_home: TrainingHome, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TrainingServer]:
    base = make_url(PG_URL)
    name = f"training_cases_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    server = TrainingServer(
        tmp_path_factory.mktemp("pg-cases"),
        db_url=base.set(database=name).render_as_string(hide_password=False),
        clock=FakeClock(),
        tls=training_home.tls,
    )
    try:
        server.start_in_thread()
        yield server
    finally:
        server.stop()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _race(
    server: TrainingServer, make_client: ClientFactory, desk: Desk, bodies_and_keys: list[tuple]
) -> list[httpx.Response]:
    clients = [make_client(server) for _ in bodies_and_keys]
    barrier = threading.Barrier(len(clients))
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def send(http: httpx.Client, body: dict[str, object], key: str) -> None:
        barrier.wait()
        response = http.post(
            "/v1/cases", json=body, headers={**desk.headers, "Idempotency-Key": key}
        )
        with lock:
            answers.append(response)

    threads = [
        threading.Thread(target=send, args=(c, body, key))
        for c, (body, key) in zip(clients, bodies_and_keys, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_idempotency_on_postgres(
    pg_cases_server: TrainingServer, make_client: ClientFactory
) -> None:
    assert pg_cases_server.engine.dialect.name == "postgresql"
    desk = Desk(make_client(pg_cases_server))
    body = desk.case("SB08049", TEMP_LOST)
    key = uuid.uuid4().hex
    answers = _race(pg_cases_server, make_client, desk, [(body, key)] * 8)
    assert {r.status_code for r in answers} <= {200, 409}
    accepted = {r.content for r in answers if r.status_code == 200}
    assert len(accepted) == 1
    result = CaseResult.model_validate_json(accepted.pop())
    assert result.status is CaseStatus.COMPLETED  # the card was unblocked once, not refused
    again = desk.submit(body, key)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert CaseResult.model_validate(again.json()) == result
    mismatch = desk.submit({**body, "window": 9}, key)
    assert mismatch.status_code == 422
    assert mismatch.json()["code"] == "IDEMPOTENCY_MISMATCH"
    mine = [c for c in desk.cases_of(shanghai_today()) if c["case_id"] == body["case_id"]]
    assert len(mine) == 1


def test_concurrent_cases_get_distinct_numbers_on_postgres(
    pg_cases_server: TrainingServer, make_client: ClientFactory
) -> None:
    desk = Desk(make_client(pg_cases_server))
    work = [(desk.case("SB04017", EMPLOYEE), uuid.uuid4().hex) for _ in range(8)]
    answers = _race(pg_cases_server, make_client, desk, work)
    assert [r.status_code for r in answers] == [200] * 8
    numbers = sorted(CaseResult.model_validate(r.json()).business_no for r in answers)
    assert len(set(numbers)) == 8
    sequences = [int(n[-6:]) for n in numbers]
    assert sequences == list(range(sequences[0], sequences[0] + 8))
