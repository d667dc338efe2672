"""Retention: what the client keeps, for how long, and the purge of personal data.

* **The journal** is kept at least 180 days (网络安全法 §21 asks ≥ 6 months of logs). The
  client never deletes journal entries at all — the table is append-only by trigger and
  the chain must stay whole back to its first entry — so the policy only refuses a
  journal retention shorter than 180 days; archiving beyond that is the bureau's copy.
* **Personal data in local case records** is purged ``personal_data_days`` after the
  business day, once the case is reconciled: its day was closed (the close requires a
  clean or explained reconciliation) and its upload is final (accepted or refused). The
  purge keeps the case for reports and reconciliation, minus what identifies a person:
  the stored identity becomes the masked ID number only, the form values are emptied,
  the blind index is cleared (the case can no longer be found by ID number), and the
  encrypted upload bodies of the case and its rating are emptied.
* **Person lookups** (summaries fetched from the bureau) are deleted after
  ``lookup_days``.

Every purge is itself journaled (``retention_purge``, with counts and the cut-off).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.audit import AuditLog
from counter.bureau.cases import CasePerson
from counter.case_store import CaseRow, OutboxMessage
from counter.crypto import DecryptionError, FieldCipher
from counter.identity import mask_id
from counter.journal import BUSINESS_TZ, Action
from counter.outbox import MessageState
from counter.storage.db import Database
from counter.storage.executor import DbExecutor
from counter.storage.models import PersonLookupRepo, utcnow
from counter.supervision_store import DayCloseRow

__all__ = [
    "MIN_JOURNAL_DAYS",
    "PURGED_INDEX",
    "PurgeResult",
    "RetentionPolicy",
    "RetentionService",
]

MIN_JOURNAL_DAYS = 180
PURGED_INDEX = "purged"
_BATCH = 200
# The contexts CaseRepo and OutboxStore encrypt with (counter.cases, counter.outbox).
_PERSON = "cases.person_enc"
_FORM = "cases.form_enc"
_BODY = "outbox_messages.body_enc"


@dataclass(frozen=True)
class RetentionPolicy:
    personal_data_days: int = 30
    lookup_days: int = 30
    journal_days: int = MIN_JOURNAL_DAYS

    def __post_init__(self) -> None:
        if self.journal_days < MIN_JOURNAL_DAYS:
            raise ValueError(f"日志至少保存 {MIN_JOURNAL_DAYS} 天（网络安全法 §21）")
        if self.personal_data_days < 1 or self.lookup_days < 1:
            raise ValueError("个人信息保存天数至少为 1 天")


@dataclass(frozen=True)
class PurgeResult:
    cutoff: date  # cases of business days before this were eligible
    cases: int
    bodies: int
    lookups: int
    waiting: int  # old enough, but the day is not closed or the upload not final

    @property
    def total(self) -> int:
        return self.cases + self.bodies + self.lookups


class RetentionService:
    def __init__(
        self,
        db: Database,
        executor: DbExecutor,
        audit: AuditLog,
        cipher: FieldCipher,
        *,
        policy: RetentionPolicy | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.executor = executor
        self.audit = audit
        self.cipher = cipher
        self.policy = policy or RetentionPolicy()
        self.clock = clock

    def _purge_cases(self, cutoff: date) -> tuple[int, int, int]:
        """(cases purged, upload bodies emptied, cases still waiting). Blocking."""
        final = [MessageState.ACCEPTED.value, MessageState.REJECTED.value]
        with self.db.session(readonly=True) as s:
            candidates = s.execute(
                select(CaseRow.case_id, OutboxMessage.state, DayCloseRow.business_day)
                .join(OutboxMessage, OutboxMessage.key == CaseRow.outbox_key)
                .outerjoin(DayCloseRow, DayCloseRow.business_day == CaseRow.business_day)
                .where(CaseRow.business_day < cutoff)
                .where(CaseRow.id_index != PURGED_INDEX)
            ).all()
        ready = [cid for cid, state, closed in candidates if closed is not None and state in final]
        waiting = len(candidates) - len(ready)
        cases = bodies = 0
        for start in range(0, len(ready), _BATCH):
            with self.db.session() as s:
                rows = s.scalars(
                    select(CaseRow).where(CaseRow.case_id.in_(ready[start : start + _BATCH]))
                ).all()
                for row in rows:
                    bodies += self._purge_case(s, row)
                    cases += 1
        return cases, bodies, waiting

    def _purge_case(self, s: Session, row: CaseRow) -> int:
        person_ctx = f"{_PERSON}:{row.case_id}"
        try:
            person = CasePerson.model_validate_json(
                self.cipher.decrypt(row.person_enc, context=person_ctx)
            )
            masked = CasePerson(
                id_number=mask_id(person.id_number), identity_method=person.identity_method
            )
            kept = masked.model_dump_json()
        except (DecryptionError, ValueError):
            kept = "{}"  # unreadable already: keep nothing
        row.person_enc = self.cipher.encrypt(kept, context=person_ctx)
        row.form_enc = self.cipher.encrypt("{}", context=f"{_FORM}:{row.case_id}")
        row.id_index = PURGED_INDEX
        emptied = 0
        for key in (row.outbox_key, row.evaluation_key):
            if key is None:
                continue
            msg = s.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
            if msg is not None and msg.state in (MessageState.ACCEPTED, MessageState.REJECTED):
                msg.body_enc = self.cipher.encrypt("{}", context=f"{_BODY}:{key}")
                emptied += 1
        return emptied

    async def purge(self, *, staff_no: str = "system", role: str = "system") -> PurgeResult:
        """Purge what the policy allows today; journaled (even when nothing was due)."""
        today = self.clock().astimezone(BUSINESS_TZ).date()
        cutoff = today - timedelta(days=self.policy.personal_data_days)
        cases, bodies, waiting = await self.executor.run(self._purge_cases, cutoff)
        lookup_cutoff = self.clock() - timedelta(days=self.policy.lookup_days)
        lookups = await self.executor.run(
            PersonLookupRepo(self.db, self.cipher).purge_older_than, lookup_cutoff
        )
        result = PurgeResult(cutoff, cases, bodies, lookups, waiting)
        await self.audit.record(
            Action.RETENTION_PURGE.value,
            staff_no=staff_no,
            role=role,
            object=cutoff.isoformat(),
            outcome="purged" if result.total else "nothing",
            details={
                "cases": cases,
                "bodies": bodies,
                "lookups": lookups,
                "waiting": waiting,
                "personal_data_days": self.policy.personal_data_days,
            },
        )
        return result
