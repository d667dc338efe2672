"""Training scenarios as data: who comes to the window, with what, and the correct handling.

One TOML file per scenario in ``resources/training/scenarios/`` (format in
``docs/training-scenarios.md`` and :mod:`counter.scenarios.loader`). The models here are the
validated form; :mod:`counter.scenarios.loader` turns pydantic errors into Chinese messages
that name the file and the field.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from counter.bureau.cases import RatingLevel
from counter.identity import mask_name
from counter.queue.model import Priority

__all__ = [
    "CardKind",
    "CarelessPlan",
    "Citizen",
    "Cue",
    "CueAction",
    "CueWhen",
    "Deviation",
    "Expect",
    "ExpectedIdentify",
    "Outcome",
    "Scenario",
    "ScenarioSet",
]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
DEFAULT_PASS_MARK = 80


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Outcome(StrEnum):
    ACCEPT = "accept"  # case submitted and accepted by the platform
    ACCEPT_OFFLINE = "accept_offline"  # accepted while offline, uploaded later
    REFUSE = "refuse"  # no case: explain and send the citizen on
    NOTICE = "notice"  # no case: print the 一次性告知单 for the item
    REPRINT = "reprint"  # 补打 the receipt of an earlier case

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.ACCEPT: "受理并提交",
    Outcome.ACCEPT_OFFLINE: "离线受理，恢复后上传",
    Outcome.REFUSE: "不予受理并说明原因",
    Outcome.NOTICE: "出具一次性告知单，不受理",
    Outcome.REPRINT: "补打原回执",
}


class CardKind(StrEnum):
    ID_CARD = "idcard"
    SOCIAL_CARD = "sscard"


class ExpectedIdentify(StrEnum):
    ID_CARD = "idcard"
    SOCIAL_CARD = "sscard"
    MANUAL = "manual"
    NONE = "none"


class CueWhen(StrEnum):
    CALLED = "called"
    IDENTIFIED = "identified"
    SUBMITTED = "submitted"
    COMPLETED = "completed"


class CueAction(StrEnum):
    OUTAGE_ON = "outage_on"
    OUTAGE_OFF = "outage_off"


class Deviation(StrEnum):
    """What the scripted careless trainee does wrong with one citizen."""

    UNMASK = "unmask"  # shows the full number without need
    MANUAL_IDENTITY = "manual_identity"  # types the number although the card reads fine
    SKIP_REVIEW = "skip_review"  # does not get the second person's authorization
    SELF_REVIEW = "self_review"  # tries to authorize the case himself
    REFUSE = "refuse"  # sends the citizen away instead of handling the case
    SUBMIT = "submit"  # submits what should be refused / noticed
    SKIP_NOTICE = "skip_notice"  # refuses without the 一次性告知单
    SKIP_EVALUATION = "skip_evaluation"  # does not ask for a rating
    SKIP_REPRINT = "skip_reprint"  # does not reprint, refuses instead
    CALL_IN_ORDER = "call_in_order"  # calls normal tickets before the waiting priority one
    SLOW = "slow"  # takes three times the norm
    FUMBLE = "fumble"  # many more keystrokes and clicks than needed
    WRONG_ITEM = "wrong_item"  # picks a neighbouring item of the catalogue


class Cue(_Model):
    when: CueWhen
    action: CueAction


class Expect(_Model):
    outcome: Outcome
    reason: str = Field(min_length=2)
    identify: ExpectedIdentify | None = None  # default: from the citizen's cards
    review: bool | None = None  # default: the item's needs_review
    evaluate: bool | None = None  # default: True for accepted cases
    unmask: bool = False
    reprint_of: str = ""


class Citizen(_Model):
    key: str
    person: Annotated[int, Field(ge=0)] | None = None
    id_number: str = ""
    arrive: str = "start"
    priority: Priority = Priority.NORMAL
    says: str = Field(min_length=1)
    item: str
    cards: tuple[CardKind, ...] = (CardKind.ID_CARD,)
    written_id: str = ""
    materials: tuple[str, ...] | None = None
    form: dict[str, str | int | bool] = Field(default_factory=dict)
    rating: RatingLevel = RatingLevel.SATISFIED
    rating_tags: tuple[str, ...] = ()
    rating_text: str = ""
    norm_s: Annotated[int, Field(gt=0)] | None = None
    norm_inputs: Annotated[int, Field(gt=0)] | None = None
    expect: Expect
    cue: tuple[Cue, ...] = ()
    # filled by the loader from the seed (never in the file)
    resolved_id: str = ""
    resolved_name: str = ""

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not KEY_PATTERN.match(value):
            raise ValueError("只能用小写字母开头的字母、数字、下划线（最多16个字符），例如 c1")
        return value

    @field_validator("arrive")
    @classmethod
    def _arrive(cls, value: str) -> str:
        if value == "start":
            return value
        kind, _, key = value.partition(":")
        if kind not in ("after_call", "after_complete") or not KEY_PATTERN.match(key):
            raise ValueError("应为 start、after_call:群众编号 或 after_complete:群众编号")
        return value

    @model_validator(mode="after")
    def _who(self) -> Citizen:
        if (self.person is None) == (not self.id_number):
            raise ValueError("person（种子人员序号）与 id_number 须且只能填一个")
        return self

    @property
    def arrive_after(self) -> tuple[str, str] | None:
        if self.arrive == "start":
            return None
        kind, _, key = self.arrive.partition(":")
        return kind, key

    @property
    def label(self) -> str:
        return f"{self.key} {mask_name(self.resolved_name)}" if self.resolved_name else self.key

    @property
    def expected_identify(self) -> ExpectedIdentify:
        if self.expect.identify is not None:
            return self.expect.identify
        if CardKind.ID_CARD in self.cards:
            return ExpectedIdentify.ID_CARD
        if CardKind.SOCIAL_CARD in self.cards:
            return ExpectedIdentify.SOCIAL_CARD
        return ExpectedIdentify.MANUAL

    @property
    def is_priority(self) -> bool:
        return self.priority is not Priority.NORMAL


class CarelessPlan(_Model):
    expect_mistakes: tuple[str, ...] = ()
    citizen: dict[str, CitizenDeviations] = Field(default_factory=dict)


class CitizenDeviations(_Model):
    deviations: tuple[Deviation, ...] = ()


CarelessPlan.model_rebuild()


class Scenario(_Model):
    id: str
    title: str = Field(min_length=2)
    summary: str = ""
    outlet_category: Annotated[int, Field(ge=1, le=3)] | None = None
    trainee: str = ""
    reviewer: str = ""
    pass_mark: Annotated[int, Field(ge=0, le=100)] | None = None
    tags: tuple[str, ...] = ()
    citizen: tuple[Citizen, ...] = Field(min_length=1)
    careless: CarelessPlan = Field(default_factory=CarelessPlan)
    path: Path | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("只能用小写字母、数字和连字符，例如 s01-card-status")
        return value

    @property
    def citizens(self) -> tuple[Citizen, ...]:
        return self.citizen

    def by_key(self, key: str) -> Citizen:
        for c in self.citizen:
            if c.key == key:
                return c
        raise KeyError(key)


class ScenarioSet(_Model):
    id: str
    title: str
    pass_mark: Annotated[int, Field(ge=0, le=100)] = DEFAULT_PASS_MARK
    scenarios: tuple[str, ...] = ()
