"""Looking up an insured person (参保人员查询) for the handling clerk.

The lookup needs the clerk role and a reason (查询事由); both the platform and our journal
record it. The summary is kept locally only encrypted (field-level AES-GCM, found by a blind
index), so a stolen disk shows no ID numbers or names; offline, the last summary this
installation fetched is offered, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter.audit import AuditLog
from counter.bureau.client import BureauClient, BureauUnreachable
from counter.bureau.models import PersonSummary, Role
from counter.identity import mask_id, parse
from counter.session import ActiveSession
from counter.storage.executor import DbExecutor
from counter.storage.models import PersonLookupRepo

MIN_REASON_LENGTH = 2


class LookupRefused(ValueError):
    """Bad input for a lookup, with the Chinese message to show at the field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class PersonLookupResult:
    summary: PersonSummary
    from_cache: bool
    fetched_at: datetime | None = None


class PersonService:
    def __init__(
        self,
        client: BureauClient,
        repo: PersonLookupRepo,
        db: DbExecutor,
        audit: AuditLog,
    ) -> None:
        self.client = client
        self.repo = repo
        self.db = db
        self.audit = audit

    async def lookup(self, session: ActiveSession, id_text: str, reason: str) -> PersonLookupResult:
        session.require(Role.CLERK)
        identity = parse(id_text)  # InvalidIdentity says exactly what is wrong
        reason = reason.strip()
        if len(reason) < MIN_REASON_LENGTH:
            raise LookupRefused("请填写查询事由（例如：办理社保卡挂失）。", "reason")
        number = identity.number
        try:
            summary = await self.client.person(number, reason)
        except BureauUnreachable:
            cached = await self.db.run(self.repo.find, number)
            if cached is None:
                raise
            await self._journal(session, number, reason, outcome="offline_cache")
            return PersonLookupResult(PersonSummary.model_validate_json(cached), from_cache=True)
        await self.db.run(
            self.repo.record, summary.model_dump_json(), number, session.staff.staff_no, reason
        )
        await self._journal(session, number, reason, outcome="ok")
        return PersonLookupResult(summary, from_cache=False)

    async def _journal(
        self, session: ActiveSession, number: str, reason: str, *, outcome: str
    ) -> None:
        await self.audit.record(
            "person_lookup",
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            object=mask_id(number),
            outcome=outcome,
            details={"reason": reason},
        )
