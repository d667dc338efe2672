"""What the supervisor should do about each kind of exception (shown beside the list).

Marked with QT_TRANSLATE_NOOP so Linguist collects them; translated where shown.
"""

from __future__ import annotations

from counter.day_exceptions import ExceptionKind
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["EXCEPTION_TODO", "exception_todo", "kind_label"]

CONTEXT = "SupervisorTexts"

EXCEPTION_TODO: dict[ExceptionKind, str] = {
    ExceptionKind.CASE_FLAGGED: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "平台退回了该办件（内容不符合规则）。核对原因：若平台问题已修复，选“重新提交”；"
        "若资料有误，选“撤销”并通知办事人重新办理。日结前须处理或说明。",
    ),
    ExceptionKind.CASE_REJECTED: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "不予受理或已撤销：确认经办人已向办事人当面说明原因并一次性告知补正材料，然后确认。",
    ),
    ExceptionKind.CASE_PENDING: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "办件还在本机待上传：保持专网连接并保持登录，系统会自动上传；日结前仍未上传的，"
        "逐件填写说明（例如：平台故障，次日补传）。",
    ),
    ExceptionKind.APPROVAL_PENDING: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "复核人已授权，但办件没有提交：向经办人核实（办事人放弃、资料不全等）并填写说明。",
    ),
    ExceptionKind.REPRINT: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "核实补打原因（卡纸、遗失、办事人要求），确认原号票或回执已收回或作废，然后确认。",
    ),
    ExceptionKind.UNMASK: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "核实查看完整号码是否为办理当时业务所必需；如无必要，提醒经办人，然后确认。",
    ),
    ExceptionKind.MANUAL_ID: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "证件号码为手工录入：核实原因（读卡器故障、证件损坏等）和证件复印件，然后确认。",
    ),
    ExceptionKind.OUT_OF_ORDER: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "非顺序叫号：核对理由是否合规（预约、老弱病残孕、回呼），防止挑号，然后确认。",
    ),
    ExceptionKind.NOT_PRINTED: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "号码已取出但号票没有打印：确认已补打或已作废，不留“幽灵号”，然后确认。",
    ),
    ExceptionKind.CALLER_MISMATCH: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "银行叫号系统与本机不一致：在叫号系统中核对该号码，必要时手工更正，然后确认。",
    ),
    ExceptionKind.BAD_RATING: QT_TRANSLATE_NOOP(
        "SupervisorTexts",
        "差评：1 日内回访办事人，15 日内整改并反馈（在“差评跟进”中登记），然后确认。",
    ),
}


def exception_todo(kind: ExceptionKind) -> str:
    return QCoreApplication.translate(CONTEXT, EXCEPTION_TODO[kind])


def kind_label(kind: ExceptionKind) -> str:
    return QCoreApplication.translate(CONTEXT, kind.label)
