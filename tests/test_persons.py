"""Person lookup: clerk only, reason required, journaled, and encrypted at rest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.audit import MemoryAudit
from counter.bureau.client import BureauClient, BureauError, build_ssl_context
from counter.bureau.models import Role
from counter.crypto import FieldCipher
from counter.identity import InvalidIdentity, mask_id
from counter.keystore import KeyStore
from counter.persons import LookupRefused, PersonService
from counter.session import PermissionDenied, SessionService
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import PersonLookupRepo
from counter.training.db import PersonRow
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import TrainingServer
from tests.training_fixtures import NewStaff


@dataclass
class Desk:
    sessions: SessionService
    persons: PersonService
    audit: MemoryAudit
    db: Database
    path: Path


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    path = tmp_path / "counter.sqlite3"
    db = open_database(path)
    cipher = FieldCipher(KeyStore(installation_id="test").data_key())
    executor = DbExecutor()
    audit = MemoryAudit()
    client = BureauClient(training_server.base_url, build_ssl_context(training_server.ca_file))
    sessions = SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=3, device_id="PC"
    )
    persons = PersonService(client, PersonLookupRepo(db, cipher), executor, audit)
    yield Desk(sessions, persons, audit, db, path)
    await client.aclose()
    executor.shutdown()
    db.close()


def seeded_person(server: TrainingServer) -> PersonRow:
    with Session(server.engine) as db:
        person = db.scalars(select(PersonRow).order_by(PersonRow.id_number).limit(1)).one()
        db.expunge(person)
        return person


async def test_lookup_stores_nothing_readable_on_disk(
    desk: Desk, training_server: TrainingServer, new_staff: NewStaff
) -> None:
    person = seeded_person(training_server)
    session = await desk.sessions.login(new_staff((Role.CLERK,)), TRAINING_PASSWORD)
    result = await desk.persons.lookup(session, person.id_number.lower(), "办理社保卡挂失")
    assert result.summary.id_number == person.id_number
    assert result.summary.masked_name.startswith(person.name[0])
    assert not result.from_cache
    entry = desk.audit.entries[-1]
    assert entry["action"] == "person_lookup" and entry["object"] == mask_id(person.id_number)

    desk.db.checkpoint("TRUNCATE")
    raw = b"".join(
        p.read_bytes() for p in desk.path.parent.iterdir() if p.name.startswith(desk.path.name)
    )
    for secret in (person.id_number, person.name, person.mobile):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            assert secret.encode(encoding) not in raw


async def test_lookup_needs_a_reason_a_valid_number_and_the_clerk_role(
    desk: Desk, training_server: TrainingServer, new_staff: NewStaff
) -> None:
    person = seeded_person(training_server)
    clerk = await desk.sessions.login(new_staff((Role.CLERK,)), TRAINING_PASSWORD)
    with pytest.raises(LookupRefused, match="查询事由"):
        await desk.persons.lookup(clerk, person.id_number, " ")
    broken = person.id_number[:-1] + ("0" if person.id_number[-1] != "0" else "1")
    with pytest.raises(InvalidIdentity, match="校验位"):
        await desk.persons.lookup(clerk, broken, "核对身份")
    guide = await desk.sessions.login(new_staff((Role.GUIDE,)), TRAINING_PASSWORD)
    with pytest.raises(PermissionDenied):
        await desk.persons.lookup(guide, person.id_number, "核对身份")


async def test_unknown_person_is_a_clear_message(desk: Desk, new_staff: NewStaff) -> None:
    clerk = await desk.sessions.login(new_staff((Role.CLERK,)), TRAINING_PASSWORD)
    with pytest.raises(BureauError, match="未查询到"):
        await desk.persons.lookup(clerk, "11010519491231002X", "核对身份")
