"""Labels the core owns (upload states, rating levels), made translatable, and their colours.

The core keeps its Chinese labels (`MessageState.label`, `RatingLevel` values); the UI shows
them through `QCoreApplication.translate` so an English interface can translate them too.
"""

from __future__ import annotations

from counter.bureau.cases import RatingLevel
from counter.outbox import MessageState
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "CaseTexts"

_LISTED = (
    # MessageState labels
    QT_TRANSLATE_NOOP("CaseTexts", "待上传"),
    QT_TRANSLATE_NOOP("CaseTexts", "上传中"),
    QT_TRANSLATE_NOOP("CaseTexts", "已受理"),
    QT_TRANSLATE_NOOP("CaseTexts", "不予受理"),
    QT_TRANSLATE_NOOP("CaseTexts", "需处理"),
    # RatingLevel values
    QT_TRANSLATE_NOOP("CaseTexts", "非常满意"),
    QT_TRANSLATE_NOOP("CaseTexts", "满意"),
    QT_TRANSLATE_NOOP("CaseTexts", "基本满意"),
    QT_TRANSLATE_NOOP("CaseTexts", "不满意"),
    QT_TRANSLATE_NOOP("CaseTexts", "非常不满意"),
    QT_TRANSLATE_NOOP("CaseTexts", "未评价"),
)

GOOD = "#067647"
INFO = "#0b4f8a"
WARN = "#b54708"
BAD = "#b42318"
MUTED = "#52606d"

STATE_COLOURS = {
    MessageState.QUEUED: WARN,
    MessageState.SENDING: INFO,
    MessageState.ACCEPTED: GOOD,
    MessageState.REJECTED: BAD,
    MessageState.NEEDS_ATTENTION: BAD,
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def state_text(state: MessageState) -> str:
    return tr(state.label)


def rating_text(level: RatingLevel | str) -> str:
    return tr(RatingLevel(level).value)
