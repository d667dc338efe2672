"""A4 documents: the full item guide (办事指南) and the outlet's item list (事项清单).

Both are HTML laid out by `QTextDocument`, printed through Qt's print system or written
to PDF with `QPdfWriter`. Training documents say so in their heading and footer.
Nothing here holds personal data.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

from counter.bureau.models import CatalogueItem
from counter.journal import BUSINESS_TZ
from ui.catalogue.qr import qr_image
from ui.catalogue.texts import (
    ELEMENTS,
    category_text,
    element_label,
    mode_detail,
    mode_text,
    offline_text,
    review_text,
    risk_text,
    shareable_mark,
)
from ui.qt import (
    QCoreApplication,
    QFont,
    QMarginsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QUrl,
)

FONT_FAMILIES = "'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'SimSun', sans-serif"
QR_URL = "qr://online"
_STYLE = f"""
body {{ font-family: {FONT_FAMILIES}; font-size: 10.5pt; color: #111; }}
h1 {{ font-size: 18pt; margin: 0 0 4pt 0; color: #0b4f8a; }}
h2 {{ font-size: 13pt; margin: 10pt 0 4pt 0; color: #0b4f8a; }}
.sub {{ color: #444; font-size: 10pt; }}
.training {{ color: #b42318; font-weight: bold; font-size: 11pt; }}
th {{ background-color: #e8eef5; text-align: left; font-weight: bold; }}
td.label {{ background-color: #f3f6f9; font-weight: bold; }}
.mark {{ color: #067647; font-weight: bold; }}
.foot {{ color: #555; font-size: 9pt; }}
"""


def _t(text: str) -> str:
    return QCoreApplication.translate("CatalogueDocuments", text)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _local(at: datetime | None) -> datetime:
    return (at or datetime.now(UTC)).astimezone(BUSINESS_TZ)


def materials_html(item: CatalogueItem) -> str:
    """Numbered materials, the shareable ones marked “可共享免交”."""
    if not item.materials:
        return _e(QCoreApplication.translate("CatalogueDocuments", "无需提交材料"))
    mark = shareable_mark()
    rows = []
    for n, material in enumerate(item.materials, start=1):
        tail = f' <span class="mark">【{_e(mark)}】</span>' if material.shareable else ""
        rows.append(f"{n}. {_e(material.name)}{tail}")
    return "<br/>".join(rows)


def _training_banner(training: bool) -> str:
    if not training:
        return ""
    text = QCoreApplication.translate("CatalogueDocuments", "培训模式 TRAINING · 非正式文本")
    return f'<p class="training">{_e(text)}</p>'


def guide_html(
    item: CatalogueItem,
    *,
    outlet_name: str,
    training: bool,
    printed_at: datetime | None = None,
    with_qr: bool = True,
) -> str:
    """The full 办事指南 of `item`: the 11 public elements and the handling facts."""
    heading = QCoreApplication.translate("CatalogueDocuments", "办事指南")
    sub = QCoreApplication.translate(
        "CatalogueDocuments", "事项编码 {code} · 第 {version} 版 · {group}"
    ).format(code=item.code, version=item.version, group=item.group)
    rows: list[tuple[str, str]] = []
    for key, _label in ELEMENTS:
        value = materials_html(item) if key == "materials" else _e(str(getattr(item, key)))
        rows.append((element_label(key), value))
    rows += [
        (_t("风险等级"), _e(risk_text(item.risk))),
        (_t("是否需复核"), _e(review_text(item))),
        (_t("受理模式"), _e(mode_detail(item.mode))),
        (_t("网络中断时"), _e(offline_text(item))),
    ]
    table = "".join(
        f'<tr><td class="label" width="24%">{_e(label)}</td><td>{value}</td></tr>'
        for label, value in rows
    )
    qr = ""
    if with_qr and item.online_url:
        caption = QCoreApplication.translate("CatalogueDocuments", "扫码网上办理：{url}").format(
            url=item.online_url
        )
        qr = (
            f'<table cellpadding="4"><tr><td><img src="{QR_URL}" width="96" height="96"/></td>'
            f'<td valign="middle">{_e(caption)}</td></tr></table>'
        )
    foot = QCoreApplication.translate("CatalogueDocuments", "{outlet} · 打印于 {time}").format(
        outlet=outlet_name, time=f"{_local(printed_at):%Y-%m-%d %H:%M}"
    )
    return (
        f"<html><head><style>{_STYLE}</style></head><body>"
        f"{_training_banner(training)}"
        f'<p class="sub">{_e(heading)}</p>'
        f"<h1>{_e(item.name)}</h1>"
        f'<p class="sub">{_e(sub)}</p>'
        f'<table width="100%" border="1" cellspacing="0" cellpadding="6" '
        f'style="border-collapse: collapse; border-color: #b8c4d0;">{table}</table>'
        f"{qr}"
        f'<p class="foot">{_e(foot)}</p>'
        f"{_training_banner(training)}"
        "</body></html>"
    )


def item_list_html(
    items: Sequence[CatalogueItem],
    *,
    outlet_name: str,
    category: int | None,
    version: str,
    training: bool,
    printed_at: datetime | None = None,
) -> str:
    """The outlet's 事项清单 for the hall notice board, grouped, with limits and mode."""
    title = QCoreApplication.translate("CatalogueDocuments", "社会保险业务办事事项清单")
    intro = QCoreApplication.translate(
        "CatalogueDocuments",
        "本网点（{category}）可办理以下 {count} 项社会保险业务。"
        "标“收件转运”的事项由窗口收件，转人力社保经办机构办理。",
    ).format(category=category_text(category), count=len(items))
    head = (
        (_t("序号"), 7),
        (_t("事项名称"), 51),
        (_t("事项编码"), 12),
        (_t("办理时限"), 18),
        (_t("受理模式"), 12),
    )
    header = "".join(f'<th width="{w}%">{_e(h)}</th>' for h, w in head)
    sections: list[str] = []
    number = 0
    ordered = sorted(items, key=lambda i: (i.group, i.code))
    groups: dict[str, list[CatalogueItem]] = {}
    for group, members in groupby(ordered, key=lambda i: i.group):
        groups[group] = list(members)
    for group in sorted(groups, key=lambda g: min(i.code for i in groups[g])):
        members = groups[group]
        rows = []
        for item in members:
            number += 1
            rows.append(
                f'<tr><td align="center">{number}</td><td>{_e(item.name)}</td>'
                f"<td>{item.code}</td><td>{_e(item.time_limit)}</td>"
                f'<td align="center">{_e(mode_text(item.mode))}</td></tr>'
            )
        group_title = QCoreApplication.translate("CatalogueDocuments", "{group}（{n} 项）").format(
            group=group, n=len(members)
        )
        sections.append(
            f"<h2>{_e(group_title)}</h2>"
            f'<table width="100%" border="1" cellspacing="0" cellpadding="3" '
            f'style="border-collapse: collapse; border-color: #b8c4d0; font-size: 9.5pt;">'
            f"<thead><tr>{header}</tr></thead>{''.join(rows)}</table>"
        )
    first = items[0] if items else None
    contact = ""
    if first is not None:
        contact = QCoreApplication.translate(
            "CatalogueDocuments", "办事时间：{hours}　咨询电话：{enquiry}　监督投诉：{complaint}"
        ).format(hours=first.hours, enquiry=first.enquiry, complaint=first.complaint)
    foot = QCoreApplication.translate(
        "CatalogueDocuments", "目录版本 {version} · 打印于 {time}"
    ).format(version=version, time=f"{_local(printed_at):%Y-%m-%d %H:%M}")
    return (
        f"<html><head><style>{_STYLE}</style></head><body>"
        f"{_training_banner(training)}"
        f'<p style="font-size: 16pt; font-weight: bold; color: #0b4f8a;">{_e(outlet_name)}</p>'
        f'<p style="font-size: 14pt; font-weight: bold;">{_e(title)}</p>'
        f'<p class="sub">{_e(intro)}</p>'
        f"{''.join(sections)}"
        f'<p class="sub">{_e(contact)}</p>'
        f'<p class="foot">{_e(foot)}</p>'
        f"{_training_banner(training)}"
        "</body></html>"
    )


def make_document(html_text: str, *, qr_data: str = "") -> QTextDocument:
    document = QTextDocument()
    font = QFont()
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    if qr_data:
        document.addResource(
            QTextDocument.ResourceType.ImageResource.value,
            QUrl(QR_URL),
            qr_image(qr_data, module_px=8, border=2),
        )
    document.setHtml(html_text)
    return document


def guide_document(
    item: CatalogueItem, *, outlet_name: str, training: bool, printed_at: datetime | None = None
) -> QTextDocument:
    text = guide_html(item, outlet_name=outlet_name, training=training, printed_at=printed_at)
    return make_document(text, qr_data=item.online_url)


def item_list_document(
    items: Sequence[CatalogueItem],
    *,
    outlet_name: str,
    category: int | None,
    version: str,
    training: bool,
    printed_at: datetime | None = None,
) -> QTextDocument:
    return make_document(
        item_list_html(
            items,
            outlet_name=outlet_name,
            category=category,
            version=version,
            training=training,
            printed_at=printed_at,
        )
    )


def setup_a4(device: QPagedPaintDevice) -> None:
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ adds its own 2 cm margin (and the page number in it).
    device.setPageMargins(QMarginsF(5, 5, 5, 5), QPageLayout.Unit.Millimeter)


def write_pdf(document: QTextDocument, path: Path, *, title: str) -> Path:
    """Write `document` to an A4 PDF at `path` (Qt paginates and numbers the pages)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("社银通 Counter")
    setup_a4(writer)
    document.print_(writer)
    del writer  # finishes the file
    return path
