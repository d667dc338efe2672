"""Labels the core owns (statuses, methods, manual-entry reasons), made translatable, and
the colours that go with the statuses."""

from __future__ import annotations

from counter.bureau.models import CardStatus, InsuranceStatus
from counter.identify import IdentifyMethod, ManualReason
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "IdentifyTexts"

_LISTED = (
    # IdentifyMethod labels
    QT_TRANSLATE_NOOP("IdentifyTexts", "身份证读卡"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "社保卡读卡"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "电子社保卡"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "手工录入"),
    # ManualReason
    QT_TRANSLATE_NOOP("IdentifyTexts", "读卡器故障"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "群众未带证件"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "证件无法读取"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "其他"),
    # CardStatus
    QT_TRANSLATE_NOOP("IdentifyTexts", "正常"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "临时挂失"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "正式挂失"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "密码锁定"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "注销"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "未制卡"),
    # InsuranceStatus
    QT_TRANSLATE_NOOP("IdentifyTexts", "参保缴费"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "暂停缴费"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "终止参保"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "享受待遇"),
    QT_TRANSLATE_NOOP("IdentifyTexts", "未参保"),
)

GOOD = "#067647"
INFO = "#0b4f8a"
WARN = "#b54708"
BAD = "#b42318"
MUTED = "#52606d"

#: light backgrounds for status pills, by text colour
TINTS = {GOOD: "#e7f6ec", INFO: "#e6f0fa", WARN: "#fff1e0", BAD: "#fdecea", MUTED: "#eef2f6"}

CARD_COLOURS = {
    CardStatus.NORMAL: GOOD,
    CardStatus.TEMP_LOST: WARN,
    CardStatus.LOCKED: WARN,
    CardStatus.FORMAL_LOST: BAD,
    CardStatus.CANCELLED: MUTED,
    CardStatus.NONE: MUTED,
}
INSURANCE_COLOURS = {
    InsuranceStatus.INSURED: GOOD,
    InsuranceStatus.RECEIVING: INFO,
    InsuranceStatus.SUSPENDED: WARN,
    InsuranceStatus.TERMINATED: MUTED,
    InsuranceStatus.NONE: BAD,
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def method_text(method: IdentifyMethod) -> str:
    return tr(method.label)


def reason_text(reason: ManualReason) -> str:
    return tr(reason.value)


def card_status_text(status: CardStatus) -> str:
    return tr(status.value)


def insurance_status_text(status: InsuranceStatus) -> str:
    return tr(status.value)


def pill_style(colour: str) -> str:
    """The stylesheet of a status pill in `colour`."""
    tint = TINTS.get(colour, "#eef2f6")
    return (
        f"color: {colour}; background: {tint}; border: 1px solid {colour};"
        " border-radius: 10px; padding: 2px 10px; font-weight: 600;"
    )
