"""What the trainer's screen says about scenarios, runs and results (formats and labels).

Labels are marked with QT_TRANSLATE_NOOP so Linguist collects them; translated where shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from counter.journal import BUSINESS_TZ
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = [
    "CONTEXT",
    "citizen_norm_s",
    "clock",
    "duration",
    "mistake_label",
    "phase_label",
    "review_expected",
    "scenario_items",
    "scenario_minutes",
    "scenario_traps",
]

CONTEXT = "TrainingTexts"
DEFAULT_NORM_S = 300  # a case without its own norm: five minutes at the window

MISTAKES: dict[str, str] = {
    "refused_acceptable": QT_TRANSLATE_NOOP("TrainingTexts", "拒办了应受理的事项"),
    "accepted_refusable": QT_TRANSLATE_NOOP("TrainingTexts", "受理了不应受理的事项"),
    "notice_missing": QT_TRANSLATE_NOOP("TrainingTexts", "未出具一次性告知单"),
    "reprint_missing": QT_TRANSLATE_NOOP("TrainingTexts", "未补打回执"),
    "wrong_item": QT_TRANSLATE_NOOP("TrainingTexts", "事项选错"),
    "not_served": QT_TRANSLATE_NOOP("TrainingTexts", "群众未办理"),
    "unmask_without_need": QT_TRANSLATE_NOOP("TrainingTexts", "无必要查看完整号码"),
    "manual_without_reason": QT_TRANSLATE_NOOP("TrainingTexts", "无理由手工录入证件号"),
    "missing_review": QT_TRANSLATE_NOOP("TrainingTexts", "缺少复核"),
    "self_review": QT_TRANSLATE_NOOP("TrainingTexts", "自己复核自己"),
    "priority_skipped": QT_TRANSLATE_NOOP("TrainingTexts", "未优先办理"),
    "evaluation_missing": QT_TRANSLATE_NOOP("TrainingTexts", "未请群众评价"),
    "over_time": QT_TRANSLATE_NOOP("TrainingTexts", "超过时限"),
    "too_many_inputs": QT_TRANSLATE_NOOP("TrainingTexts", "操作过多"),
}

PHASES: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("TrainingTexts", "未到"),
    "not_arrived": QT_TRANSLATE_NOOP("TrainingTexts", "未到"),
    "waiting": QT_TRANSLATE_NOOP("TrainingTexts", "排队中"),
    "called": QT_TRANSLATE_NOOP("TrainingTexts", "已叫号"),
    "serving": QT_TRANSLATE_NOOP("TrainingTexts", "办理中"),
    "done": QT_TRANSLATE_NOOP("TrainingTexts", "已办结"),
    "completed": QT_TRANSLATE_NOOP("TrainingTexts", "已办结"),
    "left": QT_TRANSLATE_NOOP("TrainingTexts", "已离开"),
    "starting": QT_TRANSLATE_NOOP("TrainingTexts", "准备中"),
    "running": QT_TRANSLATE_NOOP("TrainingTexts", "进行中"),
    "finished": QT_TRANSLATE_NOOP("TrainingTexts", "已结束"),
    "aborted": QT_TRANSLATE_NOOP("TrainingTexts", "已中止"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _value(code: Any) -> str:
    return str(getattr(code, "value", code))


def mistake_label(code: Any) -> str:
    for name in ("label", "title"):  # the core's own wording first
        own = getattr(code, name, None)
        if isinstance(own, str) and own:
            return own
    text = MISTAKES.get(_value(code))
    return _tr(text) if text else _value(code)


def phase_label(phase: Any) -> str:
    own = getattr(phase, "label", None)
    if isinstance(own, str) and own:
        return own
    text = PHASES.get(_value(phase))
    return _tr(text) if text else _value(phase)


def duration(seconds: float | None) -> str:
    """``4分05秒``; ``—`` when unknown."""
    if seconds is None:
        return "—"
    s = max(0, round(seconds))
    return f"{s // 60}分{s % 60:02d}秒" if s >= 60 else f"{s}秒"


def clock(at: datetime | None) -> str:
    if at is None:
        return "—"
    return at.astimezone(BUSINESS_TZ).strftime("%Y-%m-%d %H:%M")


def scenario_items(scenario: Any, item_name: Callable[[str], str | None]) -> str:
    """The items the scenario's citizens come for, by name (in order, once each)."""
    seen: list[str] = []
    for citizen in scenario.citizens:
        name = item_name(citizen.item) or citizen.item
        if name not in seen:
            seen.append(name)
    return "、".join(seen)


def scenario_traps(scenario: Any) -> str:
    return "、".join(scenario.tags) if scenario.tags else "—"


def citizen_norm_s(citizen: Any) -> int:
    """The citizen's time norm (the scoring's default for the item when the file has none)."""
    try:
        from counter.scenarios.loader import catalogue_item
        from counter.scenarios.scoring import default_norm_s

        return int(default_norm_s(citizen, catalogue_item(citizen.item)))
    except (ImportError, KeyError):
        return int(citizen.norm_s or DEFAULT_NORM_S)


def review_expected(citizen: Any) -> bool:
    if citizen.expect.review is not None:
        return bool(citizen.expect.review)
    try:
        from counter.scenarios.loader import catalogue_item

        return bool(catalogue_item(citizen.item).needs_review)
    except (ImportError, KeyError):
        return False


def scenario_minutes(scenario: Any) -> int:
    """About how long the scenario takes: the citizens' time norms, rounded up."""
    total = sum(citizen_norm_s(c) for c in scenario.citizens)
    return max(1, -(-int(total) // 60))
