"""Labels shared by the guide view and the printed documents (translatable)."""

from __future__ import annotations

from counter.bureau.models import CatalogueItem, HandlingMode, RiskLevel
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "CatalogueTexts"

# The 11 public elements of an item (事项要素), in the order the standard lists them.
ELEMENTS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("CatalogueTexts", "事项名称")),
    ("brief", QT_TRANSLATE_NOOP("CatalogueTexts", "事项简述")),
    ("materials", QT_TRANSLATE_NOOP("CatalogueTexts", "办理材料")),
    ("channel", QT_TRANSLATE_NOOP("CatalogueTexts", "办理方式")),
    ("time_limit", QT_TRANSLATE_NOOP("CatalogueTexts", "办理时限")),
    ("delivery", QT_TRANSLATE_NOOP("CatalogueTexts", "结果送达")),
    ("fee", QT_TRANSLATE_NOOP("CatalogueTexts", "收费依据及标准")),
    ("hours", QT_TRANSLATE_NOOP("CatalogueTexts", "办事时间")),
    ("place", QT_TRANSLATE_NOOP("CatalogueTexts", "办理机构及地点")),
    ("enquiry", QT_TRANSLATE_NOOP("CatalogueTexts", "咨询查询途径")),
    ("complaint", QT_TRANSLATE_NOOP("CatalogueTexts", "监督投诉渠道")),
)


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def element_label(key: str) -> str:
    return tr(dict(ELEMENTS)[key])


def shareable_mark() -> str:
    return QCoreApplication.translate("CatalogueTexts", "可共享免交")


def risk_text(risk: RiskLevel) -> str:
    if risk is RiskLevel.HIGH:
        return QCoreApplication.translate("CatalogueTexts", "高风险")
    if risk is RiskLevel.MEDIUM:
        return QCoreApplication.translate("CatalogueTexts", "中风险")
    return QCoreApplication.translate("CatalogueTexts", "低风险")


def review_text(item: CatalogueItem) -> str:
    if item.needs_review:
        return QCoreApplication.translate("CatalogueTexts", "需复核")
    return QCoreApplication.translate("CatalogueTexts", "无需复核")


def mode_text(mode: HandlingMode) -> str:
    if mode is HandlingMode.FULL:
        return QCoreApplication.translate("CatalogueTexts", "全程办")
    return QCoreApplication.translate("CatalogueTexts", "收件转运")


def mode_detail(mode: HandlingMode) -> str:
    if mode is HandlingMode.FULL:
        return QCoreApplication.translate("CatalogueTexts", "全程办：窗口受理，当场办结")
    return QCoreApplication.translate("CatalogueTexts", "收件转运：窗口收件，转运经办机构审核办理")


def offline_text(item: CatalogueItem) -> str:
    if item.offline_ok:
        return QCoreApplication.translate("CatalogueTexts", "断网可受理")
    return QCoreApplication.translate("CatalogueTexts", "须联网办理")


def category_text(category: int | None) -> str:
    if category == 1:
        return QCoreApplication.translate("CatalogueTexts", "一类网点")
    if category == 2:
        return QCoreApplication.translate("CatalogueTexts", "二类网点")
    if category == 3:
        return QCoreApplication.translate("CatalogueTexts", "三类网点")
    return ""
