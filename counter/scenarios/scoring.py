"""Scoring a scenario run from what happened: the journal and the platform's records.

:class:`CitizenFacts` is what the run gathered for one citizen (from journal entries
between the call of the citizen's ticket and its completion, and from the platform's
case records); :func:`score_scenario` compares them with the scenario's expectations and
explains every mistake in plain Chinese. Pure functions: the unit tests feed facts
directly.

Marking: each scenario starts at 100. A critical mistake (the wrong outcome for a
citizen, a missing review, a citizen not served) costs 40 and fails the scenario whatever
the score; rule breaks cost 10–15, a missing rating request 5, time over the norm 5 (10
beyond twice the norm), more than twice the normal keystrokes/clicks 5. A scenario passes
with no critical mistake and a score at or above the pass mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from counter.bureau.models import CatalogueItem, HandlingMode
from counter.scenarios.inputs import InputCounts
from counter.scenarios.model import Citizen, ExpectedIdentify, Outcome, Scenario

__all__ = [
    "CRITICAL_POINTS",
    "CaseFact",
    "CitizenFacts",
    "CitizenScore",
    "Mistake",
    "MistakeCode",
    "ScenarioResult",
    "default_norm_inputs",
    "default_norm_s",
    "score_scenario",
]

CRITICAL_POINTS = 40
PRIORITY_LABELS = {
    "elderly": "老年人",
    "disabled": "残疾人",
    "pregnant": "孕妇",
    "military": "军人",
    "other": "其他优先",
}


class MistakeCode(StrEnum):
    REFUSED_ACCEPTABLE = "refused_acceptable"
    ACCEPTED_REFUSABLE = "accepted_refusable"
    NOTICE_MISSING = "notice_missing"
    REPRINT_MISSING = "reprint_missing"
    WRONG_ITEM = "wrong_item"
    PLATFORM_REJECTED = "platform_rejected"
    NOT_SERVED = "not_served"
    UNMASK_WITHOUT_NEED = "unmask_without_need"
    MANUAL_WITHOUT_REASON = "manual_without_reason"
    MISSING_REVIEW = "missing_review"
    SELF_REVIEW = "self_review"
    PRIORITY_SKIPPED = "priority_skipped"
    EVALUATION_MISSING = "evaluation_missing"
    OVER_TIME = "over_time"
    TOO_MANY_INPUTS = "too_many_inputs"

    @property
    def label(self) -> str:
        return _TITLES[self]


_TITLES = {
    MistakeCode.REFUSED_ACCEPTABLE: "应受理而未受理",
    MistakeCode.ACCEPTED_REFUSABLE: "不应受理却提交了办件",
    MistakeCode.NOTICE_MISSING: "未出具一次性告知单",
    MistakeCode.REPRINT_MISSING: "未补打回执",
    MistakeCode.WRONG_ITEM: "选错事项",
    MistakeCode.PLATFORM_REJECTED: "办件被平台不予受理",
    MistakeCode.NOT_SERVED: "群众未被接待",
    MistakeCode.UNMASK_WITHOUT_NEED: "无必要显示完整号码",
    MistakeCode.MANUAL_WITHOUT_REASON: "无正当理由手工录入身份",
    MistakeCode.MISSING_REVIEW: "缺少复核",
    MistakeCode.SELF_REVIEW: "经办人自行复核",
    MistakeCode.PRIORITY_SKIPPED: "未优先接待优先群众",
    MistakeCode.EVALUATION_MISSING: "未请群众评价",
    MistakeCode.OVER_TIME: "办理超时",
    MistakeCode.TOO_MANY_INPUTS: "操作步骤过多",
}

_POINTS = {
    MistakeCode.UNMASK_WITHOUT_NEED: 10,
    MistakeCode.MANUAL_WITHOUT_REASON: 15,
    MistakeCode.SELF_REVIEW: 10,
    MistakeCode.PRIORITY_SKIPPED: 15,
    MistakeCode.EVALUATION_MISSING: 5,
    MistakeCode.TOO_MANY_INPUTS: 5,
}
_CRITICAL = frozenset(
    {
        MistakeCode.REFUSED_ACCEPTABLE,
        MistakeCode.ACCEPTED_REFUSABLE,
        MistakeCode.NOTICE_MISSING,
        MistakeCode.REPRINT_MISSING,
        MistakeCode.WRONG_ITEM,
        MistakeCode.PLATFORM_REJECTED,
        MistakeCode.NOT_SERVED,
        MistakeCode.MISSING_REVIEW,
    }
)


@dataclass(frozen=True)
class Mistake:
    code: MistakeCode
    citizen: str | None
    points: int
    critical: bool
    explanation: str

    @property
    def title(self) -> str:
        return self.code.label


def _mistake(code: MistakeCode, citizen: str | None, explanation: str, points: int = 0) -> Mistake:
    critical = code in _CRITICAL
    return Mistake(
        code, citizen, points or (CRITICAL_POINTS if critical else _POINTS.get(code, 5)),
        critical, explanation,
    )  # fmt: skip


@dataclass(frozen=True)
class CaseFact:
    """One case the trainee submitted for a citizen (journal + platform record)."""

    case_id: str
    item_code: str
    offline: bool
    checker: str | None
    platform_status: str | None = None  # None: not (yet) at the platform
    platform_message: str = ""
    business_no: str | None = None
    rating: str | None = None  # the level the platform recorded


@dataclass
class CitizenFacts:
    key: str
    issued_at: datetime | None = None
    called_at: datetime | None = None
    ended_at: datetime | None = None
    call_index: int | None = None  # order of the first call among this run's citizens
    call_rule: str | None = None
    identify_methods: list[str] = field(default_factory=list)  # idcard/sscard/ecard/manual
    manual_reasons: list[str] = field(default_factory=list)
    unmasks: int = 0
    reviews: list[str] = field(default_factory=list)  # outcomes: ok, self_review, ...
    cases: list[CaseFact] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # item codes of 一次性告知单 printed
    receipts: int = 0
    reprints: list[str] = field(default_factory=list)  # case ids
    evaluations: list[str] = field(default_factory=list)  # levels journaled
    inputs: InputCounts = field(default_factory=InputCounts)
    skipped_for: list[str] = field(default_factory=list)  # normal citizens called while waiting

    @property
    def seconds(self) -> float | None:
        if self.called_at is None or self.ended_at is None:
            return None
        return max(0.0, (self.ended_at - self.called_at).total_seconds())


@dataclass(frozen=True)
class CitizenScore:
    key: str
    label: str
    item_name: str
    expected: str
    happened: str
    correct: bool
    seconds: float | None
    norm_s: int
    inputs: InputCounts
    norm_inputs: int
    mistakes: tuple[Mistake, ...]

    @property
    def points_lost(self) -> int:
        return sum(m.points for m in self.mistakes)


@dataclass(frozen=True)
class ScenarioResult:
    scenario_id: str
    title: str
    score: int
    passed: bool
    pass_mark: int
    citizens: tuple[CitizenScore, ...]
    mistakes: tuple[Mistake, ...]
    started_at: datetime
    ended_at: datetime
    inputs: InputCounts

    @property
    def mistake_codes(self) -> set[str]:
        return {m.code.value for m in self.mistakes}

    @property
    def critical(self) -> bool:
        return any(m.critical for m in self.mistakes)


# --- norms -------------------------------------------------------------------------------


def default_norm_s(citizen: Citizen, item: CatalogueItem) -> int:
    if citizen.norm_s is not None:
        return citizen.norm_s
    outcome = citizen.expect.outcome
    if outcome is Outcome.REPRINT:
        return 120
    if outcome in (Outcome.REFUSE, Outcome.NOTICE):
        return 180
    base = 420 if item.mode is HandlingMode.COLLECT else 300
    return base + (120 if _review_expected(citizen, item) else 0)


def default_norm_inputs(citizen: Citizen, item: CatalogueItem) -> int:
    if citizen.norm_inputs is not None:
        return citizen.norm_inputs
    if citizen.expect.outcome in (Outcome.REFUSE, Outcome.NOTICE, Outcome.REPRINT):
        return 30
    return 30 + 15 * len(item.form_fields) + 3 * len(item.materials)


def _review_expected(citizen: Citizen, item: CatalogueItem) -> bool:
    return citizen.expect.review if citizen.expect.review is not None else item.needs_review


def _evaluation_expected(citizen: Citizen) -> bool:
    if citizen.expect.evaluate is not None:
        return citizen.expect.evaluate
    return citizen.expect.outcome in (Outcome.ACCEPT, Outcome.ACCEPT_OFFLINE)


# --- one citizen ------------------------------------------------------------------------------

_ACCEPTED = ("completed", "forwarded")


def _happened(facts: CitizenFacts, items: dict[str, CatalogueItem]) -> str:
    if facts.called_at is None:
        return "未叫号接待"
    parts: list[str] = []
    if facts.identify_methods:
        parts.append(
            "身份核验：" + "、".join(_METHOD_LABELS.get(m, m) for m in facts.identify_methods)
        )
    for case in facts.cases:
        name = items[case.item_code].name if case.item_code in items else case.item_code
        state = {
            "completed": "平台已办结",
            "forwarded": "平台已受理",
            "rejected": "平台不予受理",
            None: "待上传",
        }.get(case.platform_status, case.platform_status or "")
        offline = "（离线受理）" if case.offline else ""
        parts.append(f"提交“{name}”{offline}，{state}")
    if facts.notices:
        parts.append("打印一次性告知单")
    if facts.reprints:
        parts.append("补打回执")
    if facts.evaluations:
        parts.append("评价：" + "、".join(facts.evaluations))
    if not facts.cases and not facts.notices and not facts.reprints:
        parts.append("未提交办件")
    return "；".join(parts)


_METHOD_LABELS = {
    "idcard": "读身份证",
    "sscard": "读社保卡",
    "ecard": "电子社保卡",
    "manual": "手工录入",
}


def _outcome_mistakes(
    citizen: Citizen, facts: CitizenFacts, item: CatalogueItem, reprint_case: str | None
) -> list[Mistake]:
    key = citizen.key
    expect = citizen.expect
    found: list[Mistake] = []
    accepted = [
        c for c in facts.cases if c.platform_status in _ACCEPTED or c.platform_status is None
    ]
    if expect.outcome in (Outcome.ACCEPT, Outcome.ACCEPT_OFFLINE):
        right = [c for c in facts.cases if c.item_code == item.code]
        if not facts.cases:
            found.append(
                _mistake(
                    MistakeCode.REFUSED_ACCEPTABLE,
                    key,
                    f"群众要办“{item.name}”，条件具备，应当受理；实际没有提交办件。{expect.reason}",
                )
            )
        elif not right:
            found.append(
                _mistake(
                    MistakeCode.WRONG_ITEM,
                    key,
                    f"群众要办的是“{item.name}”，提交的却是另一个事项；办理前先与群众确认事项。",
                )
            )
        elif not any(c.platform_status in _ACCEPTED or c.platform_status is None for c in right):
            message = right[-1].platform_message
            found.append(
                _mistake(
                    MistakeCode.PLATFORM_REJECTED,
                    key,
                    f"办件被平台退回或不予受理（{message or '无说明'}）；"
                    "应在提交前核对条件和材料。",
                )
            )
        if _review_expected(citizen, item) and "ok" not in facts.reviews:
            found.append(
                _mistake(
                    MistakeCode.MISSING_REVIEW,
                    key,
                    f"“{item.name}”是须复核的高风险事项，应由另一岗位人员（B岗或主管）"
                    "现场输入本人工号和密码复核后再提交；本次没有有效复核。",
                )
            )
        if _evaluation_expected(citizen) and accepted and not facts.evaluations:
            found.append(
                _mistake(
                    MistakeCode.EVALUATION_MISSING,
                    key,
                    "办结后应请群众在评价器上评价（一次一评），不得暗示或代评；本次没有发起评价。",
                )
            )
    elif expect.outcome in (Outcome.REFUSE, Outcome.NOTICE):
        if facts.cases:
            found.append(
                _mistake(
                    MistakeCode.ACCEPTED_REFUSABLE,
                    key,
                    f"这位群众的业务不应受理：{expect.reason} 实际却提交了办件。",
                )
            )
        if expect.outcome is Outcome.NOTICE and item.code not in facts.notices:
            found.append(
                _mistake(
                    MistakeCode.NOTICE_MISSING,
                    key,
                    f"材料不齐时不能受理，也不能只口头说明：应打印“{item.name}”的一次性告知单，"
                    "把所缺材料一次讲清楚、写清楚。",
                )
            )
    elif expect.outcome is Outcome.REPRINT:
        if reprint_case is None or reprint_case not in facts.reprints:
            found.append(
                _mistake(
                    MistakeCode.REPRINT_MISSING,
                    key,
                    "群众要的是补打原回执：应在今日办件中找到原办件并“补打”（回执标“补打”并记入日志），"
                    "不要重新受理，也不要让群众空手而回。",
                )
            )
        if facts.cases:
            found.append(
                _mistake(
                    MistakeCode.ACCEPTED_REFUSABLE,
                    key,
                    "原业务已经受理，重新提交会产生重复办件；应补打原回执。",
                )
            )
    return found


def _rule_mistakes(citizen: Citizen, facts: CitizenFacts, item: CatalogueItem) -> list[Mistake]:
    key = citizen.key
    found: list[Mistake] = []
    if facts.unmasks and not citizen.expect.unmask:
        found.append(
            _mistake(
                MistakeCode.UNMASK_WITHOUT_NEED,
                key,
                f"本次业务无需查看完整证件号码，却显示了 {facts.unmasks} 次；每次显示都记入日志，"
                "只在核对号码确有必要时使用。",
            )
        )
    expected = citizen.expected_identify
    if "manual" in facts.identify_methods and expected in (
        ExpectedIdentify.ID_CARD,
        ExpectedIdentify.SOCIAL_CARD,
    ):
        card = "身份证" if expected is ExpectedIdentify.ID_CARD else "社保卡"
        found.append(
            _mistake(
                MistakeCode.MANUAL_WITHOUT_REASON,
                key,
                f"群众带了可读的{card}，读卡器也正常，却手工录入号码"
                f"（填写的原因：{'、'.join(facts.manual_reasons) or '无'}）；应优先读卡核验，"
                "手工录入只用于读卡器故障、未带证件或证件无法读取。",
            )
        )
    if any(r == "self_review" for r in facts.reviews):
        found.append(
            _mistake(
                MistakeCode.SELF_REVIEW,
                key,
                "复核人不能是经办人本人（经办与复核分离），应请另一岗位人员复核。",
            )
        )
    if citizen.is_priority and facts.skipped_for:
        found.append(
            _mistake(
                MistakeCode.PRIORITY_SKIPPED,
                key,
                f"优先群众（{PRIORITY_LABELS.get(citizen.priority.value, '绿色通道')}）"
                "已在等候，却先叫了普通号 "
                f"{'、'.join(facts.skipped_for)}；绿色通道群众应优先接待（按“叫下一位”即可）。",
            )
        )
    return found


def _efficiency_mistakes(
    citizen: Citizen, facts: CitizenFacts, norm_s: int, norm_inputs: int
) -> list[Mistake]:
    found: list[Mistake] = []
    seconds = facts.seconds
    if seconds is not None and seconds > norm_s:
        points = 10 if seconds > 2 * norm_s else 5
        found.append(
            _mistake(
                MistakeCode.OVER_TIME,
                citizen.key,
                f"本件用时 {seconds / 60:.1f} 分钟，标准 {norm_s / 60:.1f} 分钟；"
                "熟悉事项材料和表单可以缩短群众等候。",
                points,
            )
        )
    if facts.inputs.total > 2 * norm_inputs:
        found.append(
            _mistake(
                MistakeCode.TOO_MANY_INPUTS,
                citizen.key,
                f"按键和点击共 {facts.inputs.total} 次，约为正常的 "
                f"{facts.inputs.total / norm_inputs:.1f} 倍；多用快捷键和读卡，少手工输入。",
            )
        )
    return found


def score_citizen(
    citizen: Citizen,
    facts: CitizenFacts,
    items: dict[str, CatalogueItem],
    reprint_case: str | None = None,
) -> CitizenScore:
    item = items[citizen.item]
    norm_s = default_norm_s(citizen, item)
    norm_inputs = default_norm_inputs(citizen, item)
    if facts.called_at is None:
        mistakes = [
            _mistake(
                MistakeCode.NOT_SERVED,
                citizen.key,
                "这位群众的号一直没有被叫到；结束前应接待完所有等候的群众。",
            )
        ]
    else:
        mistakes = (
            _outcome_mistakes(citizen, facts, item, reprint_case)
            + _rule_mistakes(citizen, facts, item)
            + _efficiency_mistakes(citizen, facts, norm_s, norm_inputs)
        )
    expected = f"{citizen.expect.outcome.label}：{citizen.expect.reason}"
    return CitizenScore(
        key=citizen.key,
        label=citizen.label,
        item_name=item.name,
        expected=expected,
        happened=_happened(facts, items),
        correct=not any(m.critical for m in mistakes),
        seconds=facts.seconds,
        norm_s=norm_s,
        inputs=facts.inputs,
        norm_inputs=norm_inputs,
        mistakes=tuple(mistakes),
    )


def score_scenario(
    scenario: Scenario,
    facts: dict[str, CitizenFacts],
    items: dict[str, CatalogueItem],
    *,
    pass_mark: int,
    started_at: datetime,
    ended_at: datetime,
    extra: Sequence[Mistake] = (),
) -> ScenarioResult:
    scores: list[CitizenScore] = []
    for citizen in scenario.citizen:
        fact = facts.get(citizen.key) or CitizenFacts(citizen.key)
        reprint_case = None
        if citizen.expect.reprint_of:
            earlier = facts.get(citizen.expect.reprint_of)
            if earlier is not None and earlier.cases:
                reprint_case = earlier.cases[-1].case_id
        scores.append(score_citizen(citizen, fact, items, reprint_case))
    mistakes = tuple(m for s in scores for m in s.mistakes) + tuple(extra)
    score = max(0, 100 - sum(m.points for m in mistakes))
    inputs = InputCounts()
    for f in facts.values():
        inputs = inputs + f.inputs
    return ScenarioResult(
        scenario_id=scenario.id,
        title=scenario.title,
        score=score,
        passed=score >= pass_mark and not any(m.critical for m in mistakes),
        pass_mark=pass_mark,
        citizens=tuple(scores),
        mistakes=mistakes,
        started_at=started_at,
        ended_at=ended_at,
        inputs=inputs,
    )
