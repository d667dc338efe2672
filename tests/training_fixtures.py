"""Fixtures for the training-platform tests: a real HTTPS server on loopback.

Use with `pytest_plugins = ["tests.training_fixtures"]` in a test module.

* `training_home` (session): a data directory with TLS files and a seeded SQLite
  database, made once; servers copy the database file instead of seeding again.
* `training_server` (session): one running platform whose clock tests may move through
  the `clock` fixture (reset after each test). Tests that change shared data (catalogue
  versions) use `fresh_server` instead.
* `client` / `make_client`: httpx clients that trust only the training CA.
* `new_staff`: a throwaway account, so lockout tests never lock a shared account.

Test modules also import helpers from here, before pytest registers the plugin, so
assertion rewriting is off for this module: PYTEST_DONT_REWRITE.
"""

from __future__ import annotations

import secrets
import shutil
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from counter.bureau.models import Post, Role
from counter.training.db import init_db, make_engine
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD, add_staff, seed_database
from counter.training.server import DB_FILE, TLS_DIR, TrainingServer, default_db_url
from counter.training.tls import TlsFiles, ensure_tls


class FakeClock:
    """UTC now, shifted by `offset`, or a frozen instant; callable like `utc_now`."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.frozen: datetime | None = None

    def __call__(self) -> datetime:
        return (self.frozen or datetime.now(UTC)) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def freeze(self, instant: datetime) -> None:
        self.frozen = instant
        self.offset = timedelta(0)

    def reset(self) -> None:
        self.offset = timedelta(0)
        self.frozen = None


@dataclass(frozen=True)
class TrainingHome:
    directory: Path
    tls: TlsFiles

    @property
    def database(self) -> Path:
        return self.directory / DB_FILE


@pytest.fixture(scope="session")
def training_home(tmp_path_factory: pytest.TempPathFactory) -> TrainingHome:
    directory = tmp_path_factory.mktemp("training-home")
    tls = ensure_tls(directory / TLS_DIR)
    engine = make_engine(default_db_url(directory))
    init_db(engine)
    seed_database(engine)
    engine.dispose()  # checkpoints the WAL, so the file alone is a complete copy
    return TrainingHome(directory, tls)


def server_from_home(
    home: TrainingHome,
    directory: Path,
    *,
    clock: FakeClock | None = None,
    tls: TlsFiles | None = None,
) -> TrainingServer:
    """A (not yet started) server on a copy of the seeded database."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(home.database, directory / DB_FILE)
    return TrainingServer(directory, clock=clock or FakeClock(), tls=tls or home.tls)


@pytest.fixture(scope="session")
def _session_server(
    training_home: TrainingHome, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TrainingServer, FakeClock]]:
    clock = FakeClock()
    server = server_from_home(
        training_home, tmp_path_factory.mktemp("training-shared"), clock=clock
    )
    server.start_in_thread()
    yield server, clock
    server.stop()


@pytest.fixture
def training_server(_session_server: tuple[TrainingServer, FakeClock]) -> TrainingServer:
    return _session_server[0]


@pytest.fixture
def clock(_session_server: tuple[TrainingServer, FakeClock]) -> Iterator[FakeClock]:
    """The shared server's clock; whatever a test does to it is undone afterwards."""
    fake = _session_server[1]
    yield fake
    fake.reset()


@pytest.fixture
def fresh_server(training_home: TrainingHome, tmp_path: Path) -> Iterator[TrainingServer]:
    """A server of its own (seeded copy of the database), for tests that change data."""
    server = server_from_home(training_home, tmp_path / "training")
    server.start_in_thread()
    yield server
    server.stop()


def trust_only(ca_file: Path) -> ssl.SSLContext:
    """A client TLS context trusting nothing but `ca_file` (as the counter does)."""
    # With a cafile, create_default_context loads that file only, no system CAs.
    return ssl.create_default_context(cafile=str(ca_file))


ClientFactory = Callable[[TrainingServer], httpx.Client]


@pytest.fixture
def make_client() -> Iterator[ClientFactory]:
    clients: list[httpx.Client] = []

    def make(server: TrainingServer) -> httpx.Client:
        client = httpx.Client(
            base_url=server.base_url, verify=trust_only(server.ca_file), timeout=10
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(training_server: TrainingServer, make_client: ClientFactory) -> httpx.Client:
    return make_client(training_server)


def login(
    client: httpx.Client,
    staff_no: str,
    *,
    password: str = TRAINING_PASSWORD,
    outlet_code: str = TRAINING_OUTLET_CODE,
    device_id: str = "TEST-PC-01",
) -> httpx.Response:
    return client.post(
        "/v1/sessions",
        json={
            "staff_no": staff_no,
            "password": password,
            "outlet_code": outlet_code,
            "device_id": device_id,
        },
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(client: httpx.Client, staff_no: str, outlet_code: str = TRAINING_OUTLET_CODE) -> str:
    response = login(client, staff_no, outlet_code=outlet_code)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


NewStaff = Callable[..., str]


@pytest.fixture
def new_staff(training_server: TrainingServer) -> NewStaff:
    """Create an account on the shared server; returns its staff number."""

    def create(
        roles: tuple[Role, ...] = (Role.CLERK,),
        *,
        outlet_code: str = TRAINING_OUTLET_CODE,
        post: Post | None = None,
        server: TrainingServer | None = None,
    ) -> str:
        staff_no = f"X-{secrets.token_hex(4).upper()}"
        with Session((server or training_server).engine) as db, db.begin():
            add_staff(
                db,
                staff_no=staff_no,
                name="测试员",
                roles=roles,
                post=post,
                outlet_code=outlet_code,
                password=TRAINING_PASSWORD,
            )
        return staff_no

    return create
