"""Bureau API v1 contract: supervision — journal upload, day close, 意见簿, staff filings.

Like `models.py` and `cases.py`, these classes are both the client's validation and the
training platform's OpenAPI schema.

* `POST /v1/journal` — a batch of journal entries (`JournalBatch`), idempotent by entry id:
  an entry the platform already holds is counted as a duplicate, never stored twice, and
  an entry id sent again with different content is refused (422 `JOURNAL_CONFLICT`).
* `POST /v1/day-closes` — the supervisor's sign-off of a business day (`DayCloseRequest`):
  the day's summary and the journal head (the hash of the last entry at close). One close
  per outlet, window and day; the same request again answers the stored acknowledgement.
* `POST /v1/feedback` — an entry of the comment book (意见簿), by `feedback_id` and
  `revision` (the follow-up sends the next revision).
* `POST /v1/staff-filings` — a change of the window's A/B roster, filed as the standard
  requires (`StaffFiling`), idempotent by `filing_id`.

No personal data travels in these bodies: journal details are masked at the source,
feedback text is scrubbed (`counter.identity.scrub`) and contacts are masked.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from counter.bureau.cases import Ack
from counter.bureau.models import Post, Strict

__all__ = [
    "MAX_JOURNAL_BATCH",
    "DayCloseAck",
    "DayCloseRequest",
    "DaySummary",
    "Feedback",
    "FeedbackCategory",
    "FeedbackSource",
    "FeedbackStatus",
    "FilingKind",
    "JournalAck",
    "JournalBatch",
    "JournalEntryOut",
    "StaffFiling",
]

MAX_JOURNAL_BATCH = 1000
Hash = Annotated[str, Field(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$")]
DetailValue = str | int | bool | None


# --- the journal ----------------------------------------------------------------------------


class JournalEntryOut(Strict):
    """One journal entry as stored locally (`counter.journal`), chain fields included, so
    the platform can check the chain links of what it receives (not the keyed hash)."""

    entry_id: Annotated[str, Field(min_length=8, max_length=64)]
    seq: Annotated[int, Field(ge=1)]
    at: datetime
    staff_no: str
    role: str
    action: str
    object: str
    outcome: str
    details: dict[str, DetailValue] = Field(default_factory=dict)
    prev_hash: Hash
    hash: Hash


class JournalBatch(Strict):
    batch_id: Annotated[str, Field(min_length=8, max_length=64)]
    outlet_code: str
    device_id: str
    entries: Annotated[list[JournalEntryOut], Field(min_length=1, max_length=MAX_JOURNAL_BATCH)]


class JournalAck(Ack):
    """`Ack` plus how many entries were new and how many the platform already held."""

    stored: int = 0
    duplicates: int = 0


# --- day close ------------------------------------------------------------------------------


class DaySummary(Strict):
    """The figures the supervisor signs off (from the day report)."""

    tickets_issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    cancelled: int = 0
    closed_at_day_end: int = 0
    cases_total: int = 0
    cases_accepted: int = 0
    cases_rejected: int = 0
    cases_pending: int = 0  # still in the outbox at close (each one explained)
    ratings_total: int = 0
    ratings_bad: int = 0
    exceptions: int = 0
    explanations: int = 0  # explanations / acknowledgements given at close
    journal_entries: int = 0  # entries of the business day at close


class DayCloseRequest(Strict):
    """`{date, outlet, summary, journal_head, signed_by}` (DESIGN §3.3), plus the window,
    the close time and the size of the chain up to the head."""

    date: date
    outlet: str
    window: int
    summary: DaySummary
    journal_head: Hash
    journal_count: Annotated[int, Field(ge=0)]  # seq of the head entry
    signed_by: str
    closed_at: datetime
    device_id: str = ""  # the PC whose journal the head belongs to


class DayCloseAck(Ack):
    """`Ack` plus what the platform knows of the journal up to the head."""

    head_known: bool = False  # the head entry came in a journal batch already
    journal_entries: int = 0  # entries of this device the platform holds


# --- 意见簿 ------------------------------------------------------------------------------------


class FeedbackSource(StrEnum):
    BOOK = "意见簿"
    BOX = "意见箱"
    IN_PERSON = "现场"
    PHONE = "电话"


class FeedbackCategory(StrEnum):
    PRAISE = "表扬"
    SUGGESTION = "建议"
    COMPLAINT = "投诉"
    ENQUIRY = "咨询"
    OTHER = "其他"


class FeedbackStatus(StrEnum):
    OPEN = "待处理"
    REPLIED = "已答复"
    CLOSED = "已办结"


class Feedback(Strict):
    """One comment-book entry; each follow-up step is sent as the next `revision`."""

    feedback_id: Annotated[str, Field(min_length=8, max_length=64)]
    revision: Annotated[int, Field(ge=1)]
    outlet_code: str
    window: int
    received_on: date
    source: FeedbackSource
    category: FeedbackCategory
    content: Annotated[str, Field(min_length=1, max_length=2000)]  # scrubbed
    contact_masked: str | None = None
    staff_concerned: str | None = None
    status: FeedbackStatus = FeedbackStatus.OPEN
    reply: str = ""
    replied_at: datetime | None = None
    recorded_by: str


# --- staff filings (A/B roster) ------------------------------------------------------------------


class FilingKind(StrEnum):
    ASSIGN = "assign"  # 上岗 / 岗位调整
    HANDOVER = "handover"  # 岗位交接
    LEAVE = "leave"  # 离岗
    TRAINING = "training"  # 培训记录
    CERTIFICATION = "certification"  # 取得上岗资格


class StaffFiling(Strict):
    filing_id: Annotated[str, Field(min_length=8, max_length=64)]
    outlet_code: str
    window: int
    kind: FilingKind
    staff_no: str
    post: Post
    effective_on: date
    previous_staff_no: str | None = None  # handover: who held the post before
    trained_on: date | None = None
    certified_on: date | None = None
    reason: Annotated[str, Field(max_length=200)] = ""
    filed_by: str
