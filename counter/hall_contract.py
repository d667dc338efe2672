"""The `http` hall caller contract (DESIGN §3.4), as pydantic models.

The bank's hall queue system (叫号系统) mirrors our social-security tickets so its screens,
pads and voice show them. Our client is authoritative for the S-series: it allocates the
numbers and tells the hall system what happened; the hall system never invents S numbers.
The client (`drivers/caller/http.py`) and the simulated hall caller of training mode
(`counter/training/hall_caller.py`) both use these models. The prose contract, with paths
and status codes, is `docs/caller-api.md`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

SERVICE = "社保"  # the ticket type the hall system shows for our tickets
IDEMPOTENCY_HEADER = "Idempotency-Key"
API_VERSION = "1"

Number = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[A-Z]{1,3}[0-9]{1,5}$")]
Window = Annotated[int, Field(ge=1, le=99)]
Key = Annotated[str, Field(min_length=8, max_length=200, pattern=r"^[\x21-\x7e]+$")]


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HallState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    DONE = "done"


class HallOutcome(StrEnum):
    SERVED = "served"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"
    CLOSED_AT_DAY_END = "closed_at_day_end"


class ErrorCode(StrEnum):
    INVALID_REQUEST = "invalid_request"  # 400
    IDEMPOTENCY_KEY_MISSING = "idempotency_key_missing"  # 400
    TICKET_UNKNOWN = "ticket_unknown"  # 404
    NOT_FOUND = "not_found"  # 404 (no such path)
    METHOD_NOT_ALLOWED = "method_not_allowed"  # 405
    TICKET_EXISTS = "ticket_exists"  # 409
    IDEMPOTENCY_IN_PROGRESS = "idempotency_in_progress"  # 409, retry later
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"  # 422
    UNAVAILABLE = "unavailable"  # 503, retry later


class TicketIn(Wire):
    """`POST /tickets`: mirror one of our tickets (sent once its slip has printed)."""

    number: Number
    service: Annotated[str, Field(min_length=1, max_length=20)] = SERVICE
    item: Annotated[str | None, Field(max_length=60)] = None
    priority: Literal["normal", "elderly", "disabled", "pregnant", "military", "other"] = "normal"
    issued_at: AwareDatetime
    business_day: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    window: Window | None = None  # waiting for this window only (after a transfer)


class TicketCreated(Wire):
    """201 answer of `POST /tickets`."""

    number: str
    waiting_ahead: int


class CallIn(Wire):
    """`POST /windows/{window}/calls`."""

    number: Number
    recall: bool = False


class CallOut(Wire):
    """201 answer of `POST /windows/{window}/calls`."""

    number: str
    window: int
    recall: bool
    called_at: datetime


class TransferIn(Wire):
    """`POST /tickets/{number}/transfer`: back to waiting, for a window and/or service."""

    to_window: Window | None = None
    to_service: Annotated[str | None, Field(max_length=20)] = None

    @model_validator(mode="after")
    def _somewhere(self) -> TransferIn:
        if self.to_window is None and self.to_service is None:
            raise ValueError("to_window 与 to_service 至少填写一项")
        return self


class CancelIn(Wire):
    """`POST /tickets/{number}/cancel`: the ticket leaves the hall without service."""

    reason: Literal["cancelled", "transferred", "closed_at_day_end"]


class EmptyIn(Wire):
    """Body of `/no-show`, `/complete`, `/requeue`: `{}`."""


class TicketOut(Wire):
    """One ticket as the hall system holds it (answers of the ticket actions and lists)."""

    number: str
    service: str
    item: str | None
    priority: str
    state: HallState
    outcome: HallOutcome | None
    window: int | None
    issued_at: datetime
    business_day: str
    recalls: int


class TicketList(Wire):
    """`GET /tickets?state=waiting[&service=社保]`."""

    tickets: list[TicketOut]


class Health(Wire):
    """`GET /health`."""

    status: Literal["ok"]
    version: str
    business_day: str


class ApiError(Wire):
    """Every error answer: `{code, message}`, the message in Chinese."""

    code: str
    message: str
