"""The item guide (办事指南): the 11 public elements and how the item is handled.

Shows the materials with their “可共享免交” marks, the risk level, whether a reviewer must
authorize, 全程办 or 收件转运, whether it may be accepted offline, and the online
channel as a QR code. Its three buttons ask the owner (`CataloguePanel`) to print the
one-time notice on the receipt printer, print the full guide on A4, or export it as PDF.
"""

from __future__ import annotations

import html

from counter.bureau.models import CatalogueItem, RiskLevel
from ui.catalogue.qr import qr_pixmap
from ui.catalogue.texts import (
    ELEMENTS,
    element_label,
    mode_detail,
    mode_text,
    offline_text,
    review_text,
    risk_text,
    shareable_mark,
)
from ui.qt import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

_STYLE = """
#GuideCard { background: #ffffff; border: 1px solid #d5dde6; border-radius: 10px; }
#GuideKicker { color: #52606d; font-size: 13px; }
#GuideTitle { font-size: 22px; font-weight: 600; color: #0b4f8a; }
#GuideMeta { color: #52606d; }
#ElementLabel { color: #3e4c59; font-weight: 600; }
#ElementValue { color: #1f2933; }
#Badge { border-radius: 11px; padding: 2px 10px; font-weight: 600;
         background: #e8eef5; color: #0b4f8a; }
#BadgeHigh { border-radius: 11px; padding: 2px 10px; font-weight: 600;
             background: #fde8e7; color: #b42318; }
#BadgeMedium { border-radius: 11px; padding: 2px 10px; font-weight: 600;
               background: #fef0c7; color: #93370d; }
#BadgeLow { border-radius: 11px; padding: 2px 10px; font-weight: 600;
            background: #e3f4ea; color: #067647; }
#QrCaption { color: #52606d; font-size: 13px; }
#GuideEmpty { color: #52606d; font-size: 16px; }
"""


def _badge(text: str, name: str = "Badge") -> QLabel:
    label = QLabel(text, objectName=name)
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return label


def materials_rich_text(item: CatalogueItem, mark: str) -> str:
    """Numbered materials for a QLabel; shareable ones carry a green “可共享免交” tag."""
    lines = []
    for n, material in enumerate(item.materials, start=1):
        name = html.escape(material.name, quote=False)
        tag = ""
        if material.shareable:
            tag = (
                ' <span style="background-color:#e3f4ea; color:#067647; font-weight:600;">'
                f"&nbsp;{html.escape(mark, quote=False)}&nbsp;</span>"
            )
        lines.append(f"{n}. {name}{tag}")
    return "<br/>".join(lines)


class ItemGuideView(QWidget):
    print_notice_requested = Signal(object)  # CatalogueItem
    print_guide_requested = Signal(object)
    export_pdf_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self.item: CatalogueItem | None = None
        self.values: dict[str, QLabel] = {}

        self.empty = QLabel(self.tr("在左侧输入并选择事项，这里显示它的办事指南。"))
        self.empty.setObjectName("GuideEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        card = QFrame(objectName="GuideCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(22, 18, 22, 18)
        card_layout.setSpacing(14)
        card_layout.addLayout(self._build_heading())
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #d5dde6;")
        card_layout.addWidget(rule)
        card_layout.addLayout(self._build_elements())
        card_layout.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(card)

        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(10)
        body_layout.addWidget(self.scroll, 1)
        body_layout.addLayout(self._build_buttons())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.body, 1)
        self.show_item(None)

    def _build_heading(self) -> QHBoxLayout:
        self.kicker = QLabel(self.tr("办事指南"), objectName="GuideKicker")
        self.title = QLabel("", objectName="GuideTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel("", objectName="GuideMeta")
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.badges.addStretch(1)
        self._badge_labels: list[QLabel] = []
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName(self.tr("网上办理二维码"))
        self.qr_caption = QLabel("", objectName="QrCaption")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setFixedWidth(200)

        heading = QVBoxLayout()
        heading.setSpacing(4)
        heading.addWidget(self.kicker)
        heading.addWidget(self.title)
        heading.addWidget(self.meta)
        heading.addSpacing(4)
        heading.addLayout(self.badges)
        heading.addStretch(1)
        qr_box = QVBoxLayout()
        qr_box.setSpacing(2)
        qr_box.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_box.addWidget(self.qr_caption, 0, Qt.AlignmentFlag.AlignHCenter)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addLayout(qr_box)
        return top

    def _build_elements(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        for row, (key, _source) in enumerate(ELEMENTS):
            label = QLabel(element_label(key), objectName="ElementLabel")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = QLabel("", objectName="ElementValue")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            value.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(value)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.values[key] = value
        return grid

    def _build_buttons(self) -> QHBoxLayout:
        self.notice_button = QPushButton(self.tr("打印一次性告知单"), objectName="Primary")
        self.notice_button.setToolTip(self.tr("在小票打印机上打印本事项的材料清单（Ctrl+P）"))
        self.notice_button.setShortcut("Ctrl+P")
        self.guide_button = QPushButton(self.tr("打印办事指南（A4）"))
        self.pdf_button = QPushButton(self.tr("导出 PDF"))
        self.notice_button.clicked.connect(self._notice)
        self.guide_button.clicked.connect(self._guide)
        self.pdf_button.clicked.connect(self._pdf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice_button)
        buttons.addWidget(self.guide_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        return buttons

    def _notice(self) -> None:
        if self.item is not None:
            self.print_notice_requested.emit(self.item)

    def _guide(self) -> None:
        if self.item is not None:
            self.print_guide_requested.emit(self.item)

    def _pdf(self) -> None:
        if self.item is not None:
            self.export_pdf_requested.emit(self.item)

    def show_item(self, item: CatalogueItem | None) -> None:
        self.item = item
        self.empty.setVisible(item is None)
        self.body.setVisible(item is not None)
        if item is None:
            return
        self.title.setText(item.name)
        meta = self.tr("事项编码 {code} · 第 {version} 版 · {group}")
        self.meta.setText(meta.format(code=item.code, version=item.version, group=item.group))
        self._set_badges(item)
        for key, label in self.values.items():
            if key == "materials":
                if item.materials:
                    label.setTextFormat(Qt.TextFormat.RichText)
                    label.setText(materials_rich_text(item, shareable_mark()))
                else:
                    label.setTextFormat(Qt.TextFormat.PlainText)
                    label.setText(self.tr("无需提交材料"))
            else:
                label.setText(str(getattr(item, key)))
        if item.online_url:
            self.qr.setPixmap(qr_pixmap(item.online_url, module_px=4))
            self.qr_caption.setText(self.tr("扫码网上办理\n{url}").format(url=item.online_url))
            self.qr_caption.setToolTip(item.online_url)
            self.qr.show()
            self.qr_caption.show()
        else:
            self.qr.clear()
            self.qr.hide()
            self.qr_caption.hide()
        self.scroll.verticalScrollBar().setValue(0)

    def _set_badges(self, item: CatalogueItem) -> None:
        # Our own list of badges, not the layout's items: PySide 6.12 on Python 3.11 loses a
        # reference to None when QLayoutItem.widget() returns null (the stretch).
        for old in self._badge_labels:
            self.badges.removeWidget(old)
            old.deleteLater()
        risk_style = {
            RiskLevel.HIGH: "BadgeHigh",
            RiskLevel.MEDIUM: "BadgeMedium",
            RiskLevel.LOW: "BadgeLow",
        }[item.risk]
        self._badge_labels = [
            _badge(risk_text(item.risk), risk_style),
            _badge(review_text(item), "BadgeHigh" if item.needs_review else "Badge"),
            _badge(mode_text(item.mode)),
            _badge(offline_text(item), "BadgeLow" if item.offline_ok else "BadgeMedium"),
        ]
        self._badge_labels[2].setToolTip(mode_detail(item.mode))
        for position, label in enumerate(self._badge_labels):
            self.badges.insertWidget(position, label)
            label.show()  # now, not on the next event loop turn

    def texts(self) -> dict[str, str]:
        """What the 11 element fields show (plain text), by element key."""
        out: dict[str, str] = {}
        for key, label in self.values.items():
            out[key] = label.text()
        return out
