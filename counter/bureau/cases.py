"""Bureau API v1 contract: cases (办件), on-the-spot review, ratings (好差评), transport.

Like `models.py`, these classes are both the client's validation and the training
platform's OpenAPI schema.

Exactly-once: `POST /v1/cases` carries an `Idempotency-Key` header (the case's key, made
once when the case enters the local outbox). Same key + same body → the stored first
answer; same key + different body → 422 `IDEMPOTENCY_MISMATCH`; first request still
running → 409 `IN_PROGRESS`.

Review (A/B, maker ≠ checker): the reviewer types their own staff number and password on
the maker's PC; `POST /v1/reviews` verifies them against a digest of the case as it stands
and answers an approval bound to that digest. Any edit changes the digest and voids the
approval; the platform refuses a case whose checker approval does not match its body.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from counter.bureau.models import Strict

FormValue = str | int | bool | None


class CaseStatus(StrEnum):
    COMPLETED = "completed"  # 办结: done at the window (全程办)
    FORWARDED = "forwarded"  # 已受理，待后台审核 (收件转运)
    REJECTED = "rejected"  # 不予受理: a business rule refused it


class IdentityMethod(StrEnum):
    ID_CARD = "id_card"
    SOCIAL_CARD = "social_card"
    ECARD = "ecard"
    MANUAL = "manual"


class MaterialCheck(Strict):
    name: str
    received: bool
    shared: bool = False  # 可共享免交: the bureau fetches it itself


class CasePerson(Strict):
    id_number: Annotated[str, Field(min_length=15, max_length=18)]
    identity_method: IdentityMethod
    manual_reason: str | None = None


class Checker(Strict):
    staff_no: str
    approval_id: str


class CaseSubmission(Strict):
    case_id: Annotated[str, Field(min_length=8, max_length=64)]
    outlet_code: str
    window: int
    item_code: str
    item_version: int
    person: CasePerson
    form: dict[str, FormValue]
    materials: list[MaterialCheck]
    maker: str
    checker: Checker | None = None
    ticket_number: str | None = None
    client_time: datetime
    accepted_offline: bool = False  # accepted into the outbox while the platform was away

    def review_digest(self) -> str:
        """What a reviewer approves: the case's content, not who or when or how it travels."""
        content = self.model_dump(
            mode="json", exclude={"checker", "client_time", "accepted_offline"}
        )
        canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class CaseReceipt(Strict):
    """What the 回执 prints beyond the local data."""

    item_name: str
    time_limit: str
    promised_date: date | None = None
    next_steps: str
    progress_url: str


class CaseResult(Strict):
    business_no: str  # 办件编号; empty when rejected
    status: CaseStatus
    message: str
    receipt: CaseReceipt | None = None


class ReviewRequest(Strict):
    staff_no: str
    password: str
    maker: str
    item_code: str
    case_digest: Annotated[str, Field(min_length=64, max_length=64)]


class ReviewApproval(Strict):
    approval_id: str
    reviewer_staff_no: str
    reviewer_name_masked: str
    approved_at: datetime
    case_digest: str
    expires_at: datetime


class CaseRecord(Strict):
    """One case as the bureau knows it (`GET /v1/cases?date=&outlet=`), for reconciliation."""

    business_no: str
    case_id: str
    item_code: str
    status: CaseStatus
    maker: str
    checker: str | None = None
    ticket_number: str | None = None
    received_at: datetime


class CaseList(Strict):
    date: date
    outlet_code: str
    cases: list[CaseRecord]


class RatingLevel(StrEnum):
    VERY_SATISFIED = "非常满意"
    SATISFIED = "满意"
    BASIC = "基本满意"
    DISSATISFIED = "不满意"
    VERY_DISSATISFIED = "非常不满意"
    NONE = "未评价"  # no answer within the time-out

    @property
    def is_bad(self) -> bool:
        return self in {RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED}


class Evaluation(Strict):
    """好差评, one per case at the window ("一次一评"); a 差评 must carry a reason."""

    evaluation_id: str
    business_no: str
    item_code: str
    item_version: int
    applicant_masked: str
    clerk_staff_no: str
    channel: Literal["PJQ"] = "PJQ"  # 评价器
    rated_at: datetime
    level: RatingLevel
    tags: list[str] = Field(default_factory=list)
    text: str = ""


class Ack(Strict):
    """The answer to idempotent uploads (evaluations, batches, journal, …)."""

    id: str
    received_at: datetime
    duplicate: bool = False


class TransportBatch(Strict):
    """收件转运: paper files collected at the window, handed to the bureau's courier."""

    batch_id: str
    outlet_code: str
    business_day: date
    business_nos: list[str]
    file_count: int
    handed_over_by: str
    received_by: str
    handed_over_at: datetime
