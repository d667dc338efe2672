"""Retention: personal data in case records purged after the period once reconciled (the
day closed, the upload final); the journal kept; the purge itself journaled."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter.bureau.cases import CasePerson
from counter.case_store import CaseRow
from counter.cases import CaseRepo
from counter.dayclose import close_mac
from counter.journal import Action
from counter.outbox import NewMessage
from counter.report import build_report
from counter.retention import PURGED_INDEX, RetentionPolicy, RetentionService
from counter.storage.models import JournalEntry, PersonLookupRepo
from counter.supervision_store import KIND_DAY_CLOSE, DayCloseRow
from tests.test_report_support import DAY, ID_NUMBER, KEY, Store, at, fixture_day, open_store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = open_store(tmp_path / "counter.sqlite3")
    await fixture_day(s)
    yield s
    s.close()


def close_day(store: Store) -> None:
    """Record the day's close as the day-close service would (the head: the last entry)."""
    head = store.journal.head()
    count = len(store.journal.entries())
    message = NewMessage(
        kind=KIND_DAY_CLOSE, path="/v1/day-closes", object_id=DAY.isoformat(), body={}
    )
    with store.db.session() as s:
        store.outbox_store.add(s, message, created_by="M001", now=at(17, 30))
        s.add(
            DayCloseRow(
                business_day=DAY,
                outlet_code="330102001",
                window=1,
                closed_at=at(17, 30),
                closed_by="M001",
                journal_head=head,
                journal_count=count,
                head_mac=close_mac(KEY, DAY, head, count),
                summary="{}",
                outbox_key=message.key,
            )
        )


def service(store: Store, days: int = 30) -> RetentionService:
    return RetentionService(
        store.db,
        store.executor,
        store.audit,
        store.cipher,
        policy=RetentionPolicy(personal_data_days=days),
        clock=store.clock,
    )


def case_rows(store: Store) -> dict[str, CaseRow]:
    with store.db.session(readonly=True) as s:
        return {r.case_id: r for r in s.scalars(select(CaseRow))}


async def test_nothing_is_purged_before_the_period_or_before_the_close(store: Store) -> None:
    store.clock.now = at(9, 0) + timedelta(days=40)
    result = await service(store).purge()
    assert (result.cases, result.waiting) == (0, 6)  # old enough, but the day is not closed
    close_day(store)
    store.clock.now = at(9, 0) + timedelta(days=20)
    result = await service(store).purge()
    assert (result.cases, result.waiting) == (0, 0)  # closed, but not 30 days yet
    assert all(r.id_index != PURGED_INDEX for r in case_rows(store).values())


async def test_a_reconciled_day_is_purged_after_the_period(store: Store) -> None:
    close_day(store)
    repo = CaseRepo(store.db, store.cipher, store.outbox_store)
    assert len(repo.by_person(ID_NUMBER)) == 6
    store.clock.now = at(9, 0) + timedelta(days=31)
    result = await service(store).purge(staff_no="M001", role="supervisor")
    # c1 c2 c3 c6 are final; c4 (needs attention) and c5 (queued) wait for their upload
    assert (result.cases, result.waiting) == (4, 2)
    assert result.bodies == 4  # the four uploads; their ratings are still queued: kept
    rows = case_rows(store)
    purged = {cid for cid, r in rows.items() if r.id_index == PURGED_INDEX}
    assert purged == {"c1", "c2", "c3", "c6"}
    for cid in purged:
        person = CasePerson.model_validate_json(
            store.cipher.decrypt(rows[cid].person_enc, context=f"cases.person_enc:{cid}")
        )
        assert person.id_number == "110105********002X"  # the masked number only
        form = store.cipher.decrypt(rows[cid].form_enc, context=f"cases.form_enc:{cid}")
        assert json.loads(form) == {}
        assert store.outbox_store.body(rows[cid].outbox_key) == {}
    # not found by ID number any more; still listed (masked) and still in the report
    assert {v.case_id for v in repo.by_person(ID_NUMBER)} == {"c4", "c5"}
    assert {v.case_id: v.person_masked for v in repo.day(DAY)}["c1"] == "110105********002X"
    report = build_report(store.db, DAY, now=store.clock(), journal_key=KEY)
    assert report.cases.total == 6 and report.journal.verify is not None
    assert report.journal.verify.ok  # the journal was not touched
    # the purge is journaled; a second run finds nothing more to do
    with store.db.session(readonly=True) as s:
        entry = s.scalars(
            select(JournalEntry).where(JournalEntry.action == Action.RETENTION_PURGE.value)
        ).one()
    assert entry.staff_no == "M001" and json.loads(entry.details)["cases"] == 4
    again = await service(store).purge()
    assert (again.cases, again.bodies, again.waiting) == (0, 0, 2)


async def test_person_lookups_are_deleted_after_their_period(store: Store) -> None:
    lookups = PersonLookupRepo(store.db, store.cipher)
    lookups.record("{}", ID_NUMBER, "C001", "办理业务", at=at(9, 0))
    lookups.record("{}", ID_NUMBER, "C001", "办理业务", at=at(9, 0) + timedelta(days=25))
    store.clock.now = at(9, 0) + timedelta(days=31)
    result = await service(store).purge()
    assert result.lookups == 1
    assert lookups.find(ID_NUMBER) == "{}"


def test_the_journal_is_kept_at_least_180_days() -> None:
    with pytest.raises(ValueError, match="180"):
        RetentionPolicy(journal_days=90)
    with pytest.raises(ValueError):
        RetentionPolicy(personal_data_days=0)
    assert RetentionPolicy().journal_days == 180


async def test_journal_entries_are_never_deleted(store: Store) -> None:
    close_day(store)
    before = len(store.journal.entries())
    store.clock.now = datetime(2027, 1, 1, tzinfo=UTC)  # long after 180 days
    await service(store).purge()
    with store.db.session(readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(JournalEntry)) == before + 1
