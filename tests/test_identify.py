"""Identifying the citizen: readers → validation → lookup on the real training platform,
manual entry with a reason, 电子社保卡 (token never stored), and the unmask rules."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from counter.audit import MemoryAudit
from counter.bureau.client import BureauClient, BureauError, build_ssl_context
from counter.bureau.models import CardStatus, Role
from counter.crypto import FieldCipher
from counter.identify import (
    DEFAULT_LOOKUP_REASON,
    IdentifyMethod,
    IdentifyRefused,
    IdentifyService,
    ManualReason,
)
from counter.identity import InvalidIdentity, mask_id
from counter.journal import Journal
from counter.journal_audit import JournalAudit
from counter.keystore import KeyStore
from counter.logsetup import setup_logging
from counter.persons import PersonService
from counter.readers import ReaderError, ReaderFailure
from counter.session import ActiveSession, PermissionDenied, SessionService
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import PersonLookupRepo
from counter.training.ecard import EXPIRED_MESSAGE
from counter.training.persons import featured_persons
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import TrainingServer
from drivers.idcard import SimulatedIdCardReader
from drivers.sscard import SimulatedSocialCardReader
from tests.training_fixtures import FakeClock, NewStaff, trust_only

PEOPLE = featured_persons()
ZHANG_WEI, LI_XIUYING, WANG_FANG = PEOPLE[0], PEOPLE[1], PEOPLE[2]
TODAY = date.today()


@dataclass
class Desk:
    service: IdentifyService
    sessions: SessionService
    audit: MemoryAudit
    id_reader: SimulatedIdCardReader
    social_reader: SimulatedSocialCardReader
    client: BureauClient
    db: Database
    path: Path


@pytest.fixture
async def desk(training_server: TrainingServer, tmp_path: Path) -> AsyncIterator[Desk]:
    path = tmp_path / "counter.sqlite3"
    db = open_database(path)
    executor = DbExecutor()
    audit = MemoryAudit()
    client = BureauClient(training_server.base_url, build_ssl_context(training_server.ca_file))
    sessions = SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=3, device_id="PC"
    )
    cipher = FieldCipher(KeyStore(installation_id="test").data_key())
    persons = PersonService(client, PersonLookupRepo(db, cipher), executor, audit)
    id_reader = SimulatedIdCardReader(rotate=False)
    social_reader = SimulatedSocialCardReader(rotate=False)
    service = IdentifyService(
        persons, audit, id_reader=id_reader, social_reader=social_reader, ecard=client
    )
    yield Desk(service, sessions, audit, id_reader, social_reader, client, db, path)
    await client.aclose()
    executor.shutdown()
    db.close()


async def clerk(desk: Desk, new_staff: NewStaff) -> ActiveSession:
    return await desk.sessions.login(new_staff((Role.CLERK,)), TRAINING_PASSWORD)


def actions(audit: MemoryAudit) -> list[tuple[object, object, object]]:
    return [(e["action"], e["object"], e["outcome"]) for e in audit.entries]


def no_full_numbers(audit: MemoryAudit, *numbers: str) -> None:
    text = json.dumps(audit.entries, ensure_ascii=False, default=str)
    for number in numbers:
        assert number not in text


# --- ID card ------------------------------------------------------------------------------


async def test_id_card_read_looks_the_person_up_and_journals_masked(
    desk: Desk, new_staff: NewStaff
) -> None:
    session = await clerk(desk, new_staff)
    desk.id_reader.present(ZHANG_WEI)
    found = await desk.service.read_id_card(session)
    assert found.method is IdentifyMethod.ID_CARD
    assert found.identity.number == ZHANG_WEI.id_number
    assert found.masked_id == "330102********0315"
    assert found.summary is not None and found.masked_name == "张*"
    assert found.lookup is not None and not found.lookup.from_cache
    assert found.card_name == "张伟" and found.findings == ()
    assert found.staff_no == session.staff.staff_no
    assert actions(desk.audit)[-2:] == [
        ("identity_read", "330102********0315", "ok"),
        ("person_lookup", "330102********0315", "ok"),
    ]
    assert desk.audit.entries[-2]["details"] == {"method": "idcard", "kind": "RESIDENT"}
    assert desk.audit.entries[-1]["details"] == {"reason": DEFAULT_LOOKUP_REASON}
    no_full_numbers(desk.audit, ZHANG_WEI.id_number, ZHANG_WEI.name)
    assert "张伟" not in repr(found) and ZHANG_WEI.id_number not in repr(found)


async def test_expired_id_card_is_refused_before_any_lookup(
    desk: Desk, new_staff: NewStaff
) -> None:
    session = await clerk(desk, new_staff)
    desk.id_reader.present(ZHANG_WEI)
    desk.id_reader.fail_next("expired")
    with pytest.raises(ReaderError) as caught:
        await desk.service.read_id_card(session)
    assert caught.value.failure is ReaderFailure.EXPIRED
    assert "证件已过期（有效期至" in caught.value.message
    assert actions(desk.audit)[-1] == ("identity_read", "330102********0315", "expired")
    assert "person_lookup" not in [a for a, _, _ in actions(desk.audit)]


@pytest.mark.parametrize("failure", ["no_card", "read_error", "not_connected"])
async def test_reader_failures_are_journaled_and_explained(
    desk: Desk, new_staff: NewStaff, failure: str
) -> None:
    session = await clerk(desk, new_staff)
    desk.id_reader.present(ZHANG_WEI)
    desk.id_reader.fail_next(failure)
    with pytest.raises(ReaderError) as caught:
        await desk.service.read_id_card(session)
    assert caught.value.failure is ReaderFailure(failure)
    assert actions(desk.audit)[-1] == ("identity_read", "", failure)


async def test_only_clerks_identify(desk: Desk, new_staff: NewStaff) -> None:
    guide = await desk.sessions.login(new_staff((Role.GUIDE,)), TRAINING_PASSWORD)
    desk.id_reader.present(ZHANG_WEI)
    with pytest.raises(PermissionDenied):
        await desk.service.read_id_card(guide)
    with pytest.raises(PermissionDenied):
        await desk.service.enter_manually(guide, ZHANG_WEI.id_number, ManualReason.NO_DOCUMENT)
    assert desk.id_reader.reads == 0


async def test_a_lookup_reason_is_required(desk: Desk, new_staff: NewStaff) -> None:
    session = await clerk(desk, new_staff)
    with pytest.raises(IdentifyRefused) as caught:
        await desk.service.read_id_card(session, reason=" ")
    assert caught.value.field == "reason" and "查询事由" in caught.value.message


# --- manual entry -------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [None, "", "   ", "随便"])
async def test_manual_entry_without_a_valid_reason_is_refused(
    desk: Desk, new_staff: NewStaff, reason: str | None
) -> None:
    session = await clerk(desk, new_staff)
    before = len(desk.audit.entries)
    with pytest.raises(IdentifyRefused) as caught:
        await desk.service.enter_manually(session, ZHANG_WEI.id_number, reason)
    assert caught.value.field == "manual_reason"
    assert "原因" in caught.value.message
    assert len(desk.audit.entries) == before  # nothing looked up, nothing journaled


async def test_manual_other_needs_a_note_which_is_journaled_scrubbed(
    desk: Desk, new_staff: NewStaff
) -> None:
    session = await clerk(desk, new_staff)
    with pytest.raises(IdentifyRefused) as caught:
        await desk.service.enter_manually(session, ZHANG_WEI.id_number, ManualReason.OTHER)
    assert caught.value.field == "note"
    found = await desk.service.enter_manually(
        session, ZHANG_WEI.id_number, "其他", "证件在家属 13812345678 处"
    )
    assert found.method is IdentifyMethod.MANUAL
    assert found.manual_reason == "其他：证件在家属 13812345678 处"
    entry = next(e for e in desk.audit.entries if e["action"] == "identity_manual")
    assert entry["object"] == "330102********0315"
    assert entry["details"] == {"reason": "其他", "note": "证件在家属 138****5678 处"}


async def test_manual_entry_validates_the_number(desk: Desk, new_staff: NewStaff) -> None:
    session = await clerk(desk, new_staff)
    wrong = ZHANG_WEI.id_number[:-1] + "9"
    with pytest.raises(InvalidIdentity, match="校验位应为 5"):
        await desk.service.enter_manually(session, wrong, ManualReason.READER_BROKEN)
    found = await desk.service.enter_manually(
        session, ZHANG_WEI.id_number.lower(), ManualReason.NO_DOCUMENT
    )
    assert found.summary is not None and found.summary.masked_name == "张*"
    assert ("identity_manual", "330102********0315", "ok") in actions(desk.audit)
    manual = next(e for e in desk.audit.entries if e["action"] == "identity_manual")
    assert manual["details"] == {"reason": "群众未带证件"}


async def test_a_person_the_bureau_does_not_know_is_still_identified(
    desk: Desk, new_staff: NewStaff
) -> None:
    session = await clerk(desk, new_staff)
    found = await desk.service.enter_manually(
        session, "11010519491231002X", ManualReason.NO_DOCUMENT
    )
    assert found.summary is None
    assert found.lookup_error is not None and "未查询到" in found.lookup_error


# --- 社保卡 -------------------------------------------------------------------------------


async def test_social_card_second_generation(desk: Desk, new_staff: NewStaff) -> None:
    session = await clerk(desk, new_staff)
    desk.social_reader.present(ZHANG_WEI)
    found = await desk.service.read_social_card(session)
    assert found.method is IdentifyMethod.SOCIAL_CARD
    assert found.identity.number == ZHANG_WEI.id_number
    assert found.masked_card_no == "A0*****01" and found.findings == ()
    read = next(e for e in desk.audit.entries if e["action"] == "identity_read")
    assert read["details"] == {"method": "sscard", "generation": 2, "online": False}


async def test_third_generation_card_goes_online_for_number_and_name(
    desk: Desk, new_staff: NewStaff
) -> None:
    session = await clerk(desk, new_staff)
    desk.social_reader.present(LI_XIUYING, generation=3)
    found = await desk.service.read_social_card(session)
    assert found.identity.number == LI_XIUYING.id_number
    assert found.card_name == LI_XIUYING.name
    read = next(e for e in desk.audit.entries if e["action"] == "identity_read")
    assert read["details"] == {"method": "sscard", "generation": 3, "online": True}

    desk.social_reader.fail_next("online_failed")
    with pytest.raises(ReaderError) as caught:
        await desk.service.read_social_card(session)
    assert caught.value.failure is ReaderFailure.ONLINE_FAILED
    assert "身份证或电子社保卡" in caught.value.message
    assert actions(desk.audit)[-1] == ("identity_read", "", "online_failed")


async def test_card_status_and_wrong_card_are_pointed_out(desk: Desk, new_staff: NewStaff) -> None:
    session = await clerk(desk, new_staff)
    desk.social_reader.present(WANG_FANG)
    found = await desk.service.read_social_card(session)
    assert found.summary is not None and found.summary.card_status is CardStatus.TEMP_LOST
    assert any("临时挂失" in note for note in found.findings)

    old_card = dataclasses.replace(ZHANG_WEI, card_no="A99999901")
    desk.social_reader.present(old_card)
    found = await desk.service.read_social_card(session)
    assert any("卡号不符" in note for note in found.findings)

    desk.social_reader.present(ZHANG_WEI)
    desk.social_reader.fail_next("expired")
    found = await desk.service.read_social_card(session)
    assert any("社保卡已过有效期" in note for note in found.findings)


# --- 电子社保卡 -----------------------------------------------------------------------------


def issue_qr(server: TrainingServer, id_number: str) -> str:
    with httpx.Client(base_url=server.base_url, verify=trust_only(server.ca_file)) as http:
        response = http.post("/v1/training/ecard-qr", json={"id_number": id_number})
    response.raise_for_status()
    return str(response.json()["qr"])


async def test_ecard_identifies_and_journals_only_the_masked_number(
    desk: Desk, training_server: TrainingServer, new_staff: NewStaff, clock: FakeClock
) -> None:
    session = await clerk(desk, new_staff)
    qr = issue_qr(training_server, ZHANG_WEI.id_number)
    found = await desk.service.verify_ecard(session, qr + "\n")
    assert found.method is IdentifyMethod.ECARD
    assert found.masked_name == "张*"
    assert ("ecard_verify", "330102********0315", "ok") in actions(desk.audit)
    assert qr not in json.dumps(desk.audit.entries, ensure_ascii=False, default=str)

    clock.advance(timedelta(seconds=61))
    with pytest.raises(BureauError) as caught:
        await desk.service.verify_ecard(session, qr)
    assert caught.value.message == EXPIRED_MESSAGE
    assert actions(desk.audit)[-1] == ("ecard_verify", "", "ecard_expired")

    with pytest.raises(BureauError, match="无法识别"):
        await desk.service.verify_ecard(session, "ESSC-made-up")
    with pytest.raises(IdentifyRefused):
        await desk.service.verify_ecard(session, "  ")


async def test_ecard_token_is_never_stored_in_the_database_journal_or_log(
    desk: Desk, training_server: TrainingServer, new_staff: NewStaff, tmp_path: Path
) -> None:
    """The whole counter stack as wired: journal and lookups in SQLite, logs at DEBUG."""
    root = logging.getLogger()
    level = root.level
    log_file = setup_logging(tmp_path / "logs", level=logging.DEBUG)
    executor = DbExecutor()
    keys = KeyStore(installation_id="test")
    journal = Journal(desk.db, keys.journal_key())
    audit = JournalAudit(journal, executor)
    cipher = FieldCipher(keys.data_key())
    persons = PersonService(desk.client, PersonLookupRepo(desk.db, cipher), executor, audit)
    service = IdentifyService(persons, audit, ecard=desk.client)
    try:
        session = await clerk(desk, new_staff)
        qr = issue_qr(training_server, ZHANG_WEI.id_number)
        found = await service.verify_ecard(session, qr)
        assert found.summary is not None
        entries = await executor.run(journal.entries)
    finally:
        executor.shutdown()
        for handler in list(root.handlers):
            if getattr(handler, "_counter", False):
                handler.close()
                root.removeHandler(handler)
        root.setLevel(level)
    assert [e.action for e in entries] == ["ecard_verify", "person_lookup"]
    assert entries[0].object == mask_id(ZHANG_WEI.id_number)
    desk.db.checkpoint("TRUNCATE")
    stored = b"".join(
        p.read_bytes() for p in desk.path.parent.iterdir() if p.name.startswith(desk.path.name)
    )
    logged = log_file.read_bytes()
    assert logged  # the log did record the traffic
    token = qr.encode()
    for blob in (stored, logged):
        assert token not in blob
        assert token[4:24] not in blob  # not even a piece of it
        assert ZHANG_WEI.id_number.encode() not in blob


# --- show full ----------------------------------------------------------------------------


async def test_unmask_only_for_the_handling_clerk_during_an_active_case(
    desk: Desk, new_staff: NewStaff
) -> None:
    session = await clerk(desk, new_staff)
    desk.id_reader.present(ZHANG_WEI)
    found = await desk.service.read_id_card(session)

    with pytest.raises(IdentifyRefused, match="办理业务期间"):
        await desk.service.unmask(session, found, case_active=False)
    assert actions(desk.audit)[-1] == ("unmask", "330102********0315", "refused")

    colleague = dataclasses.replace(
        session, staff=session.staff.model_copy(update={"staff_no": "T-CLERKB1"})
    )
    with pytest.raises(IdentifyRefused, match="经办本笔业务"):
        await desk.service.unmask(colleague, found, case_active=True)

    guide = dataclasses.replace(
        session, staff=session.staff.model_copy(update={"roles": [Role.GUIDE]})
    )
    with pytest.raises(PermissionDenied):
        await desk.service.unmask(guide, found, case_active=True)

    shown = await desk.service.unmask(session, found, case_active=True)
    assert (shown.id_number, shown.name) == (ZHANG_WEI.id_number, "张伟")
    assert ZHANG_WEI.id_number not in repr(shown)
    assert actions(desk.audit)[-1] == ("unmask", "330102********0315", "ok")
    unmasks = [e for e in desk.audit.entries if e["action"] == "unmask"]
    assert [e["outcome"] for e in unmasks] == ["refused", "refused", "refused", "ok"]
    no_full_numbers(desk.audit, ZHANG_WEI.id_number, ZHANG_WEI.name)
