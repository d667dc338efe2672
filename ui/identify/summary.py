"""The insured person's summary as the clerk sees it: masked by default, colours for status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter.bureau.models import PersonSummary
from counter.identify import Identification, Unmasked, age_on
from ui.identify.texts import (
    CARD_COLOURS,
    INSURANCE_COLOURS,
    MUTED,
    WARN,
    card_status_text,
    insurance_status_text,
    method_text,
    pill_style,
)
from ui.qt import (
    QColor,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPixmap,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class PersonSummaryView(QFrame):
    """Shows an `Identification`; `show_full` switches to the unmasked values."""

    def __init__(
        self, today: Callable[[], date] = date.today, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("群众身份与参保概要"))
        self.today = today
        self.identification: Identification | None = None

        self.photo = QLabel()
        self.photo.setFixedSize(102, 126)
        self.photo.setScaledContents(True)
        self.photo.hide()
        self.name_label = QLabel("", objectName="PersonName")
        self.facts = QLabel("", objectName="PersonFacts")
        self.method_label = QLabel("", objectName="MethodBadge")
        self.id_value = QLabel("", objectName="Value")
        self.id_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unmask_button = QPushButton(self.tr("显示完整号码"))
        self.unmask_button.setCheckable(True)
        self.unmask_button.setEnabled(False)
        self.unmask_button.setToolTip(self.tr("仅限经办本笔业务期间使用，每次显示均记入日志"))
        self.card_status = QLabel("", objectName="StatusPill")
        self.card_value = QLabel("", objectName="Value")
        self.empty_hint = QLabel(
            self.tr("请读取身份证、社保卡，扫描电子社保卡二维码，或手工录入证件号码。"),
            objectName="Hint",
        )
        self.mobile_value = QLabel("", objectName="Value")
        self.source_value = QLabel("", objectName="Hint")
        self.findings = QLabel("", objectName="Findings")
        self.findings.setWordWrap(True)
        self.lookup_error = QLabel("", objectName="Error")
        self.lookup_error.setWordWrap(True)
        self.insurances = self._build_insurances()
        self._build_layout()
        self.clear()

    def _build_insurances(self) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setHorizontalHeaderLabels([self.tr("险种"), self.tr("参保状态"), self.tr("起始日期")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        table.setAccessibleName(self.tr("参保情况"))
        return table

    def _build_layout(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.name_label)
        heading.addWidget(self.facts)
        heading.addStretch(1)
        heading.addWidget(self.method_label)

        card_row = QHBoxLayout()
        card_row.setSpacing(12)
        card_row.addWidget(self.card_status)
        card_row.addWidget(self.card_value)
        card_row.addStretch(1)
        rows: tuple[tuple[str, QWidget | QHBoxLayout], ...] = (
            (self.tr("证件号码"), self.id_value),
            (self.tr("社保卡"), card_row),
            (self.tr("手机号码"), self.mobile_value),
            (self.tr("数据来源"), self.source_value),
        )
        self.details = QWidget()
        grid = QGridLayout(self.details)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        for row, (caption, value) in enumerate(rows):
            grid.addWidget(QLabel(caption, objectName="Caption"), row, 0)
            if isinstance(value, QHBoxLayout):
                grid.addLayout(value, row, 1)
            else:
                grid.addWidget(value, row, 1)
        grid.addWidget(self.unmask_button, 0, 2)
        grid.setColumnStretch(1, 1)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        details = QVBoxLayout()
        details.addLayout(heading)
        details.addWidget(self.empty_hint)
        details.addWidget(self.details)
        top.addLayout(details, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.lookup_error)
        layout.addWidget(self.findings)
        self.insurance_title = QLabel(self.tr("参保情况"), objectName="SectionTitle")
        layout.addWidget(self.insurance_title)
        layout.addWidget(self.insurances)

    # --- content ---------------------------------------------------------------------------

    def clear(self) -> None:
        self.identification = None
        self.name_label.setText(self.tr("尚未识别群众身份"))
        self.facts.setText("")
        self.method_label.setText("")
        self.method_label.hide()
        for label in (self.id_value, self.card_value, self.mobile_value, self.source_value):
            label.setText("—")
        self.card_status.hide()
        self.details.hide()
        self.insurance_title.hide()
        self.insurances.hide()
        self.empty_hint.show()
        self.findings.hide()
        self.lookup_error.hide()
        self.photo.clear()
        self.photo.hide()
        self.insurances.setRowCount(0)
        self.unmask_button.setChecked(False)
        self.unmask_button.setEnabled(False)

    def show_identification(self, found: Identification) -> None:
        self.clear()
        self.identification = found
        summary = found.summary
        self.empty_hint.hide()
        self.details.show()
        self.method_label.setText(method_text(found.method))
        self.method_label.show()
        if found.manual_reason:
            text = self.tr("{method}（{reason}）")
            self.method_label.setText(
                text.format(method=method_text(found.method), reason=found.manual_reason)
            )
        self.show_masked()
        self.facts.setText(self._facts(found, summary))
        self._show_card(found, summary)
        self.mobile_value.setText(
            (summary.mobile_masked or self.tr("未登记")) if summary is not None else "—"
        )
        self._show_source(found)
        if found.lookup_error:
            self.lookup_error.setText(found.lookup_error)
            self.lookup_error.show()
        if found.findings:
            self.findings.setText("\n".join(f"⚠ {note}" for note in found.findings))
            self.findings.show()
        photo = found.id_card.photo if found.id_card is not None else None
        if photo:
            pixmap = QPixmap()
            if pixmap.loadFromData(photo):
                self.photo.setPixmap(pixmap)
                self.photo.show()
        self._show_insurances(summary)

    def show_masked(self) -> None:
        found = self.identification
        if found is None:
            return
        self.name_label.setText(found.masked_name or self.tr("（姓名未知）"))
        self.id_value.setText(found.masked_id)
        self._show_card(found, found.summary)

    def show_full(self, values: Unmasked) -> None:
        found = self.identification
        if found is None:
            return
        if values.name:
            self.name_label.setText(values.name)
        self.id_value.setText(values.id_number)
        if values.card_no:
            self.card_value.setText(self._card_text(values.card_no))

    # --- parts -------------------------------------------------------------------------------

    def _facts(self, found: Identification, summary: PersonSummary | None) -> str:
        identity = found.identity
        sex = summary.sex if summary is not None else identity.sex
        birth = summary.birth_date if summary is not None else identity.birth_date
        parts = [sex or ""]
        if birth is not None:
            parts.append(self.tr("{age}岁").format(age=str(age_on(birth, self.today()))))
        parts.append(identity.kind.value)
        return "  ·  ".join(p for p in parts if p)

    def _card_text(self, number: str) -> str:
        return self.tr("卡号 {number}").format(number=number) if number else ""

    def _show_card(self, found: Identification, summary: PersonSummary | None) -> None:
        self.card_value.setText(self._card_text(found.masked_card_no) or "—")
        if summary is not None:
            self.card_status.setText(card_status_text(summary.card_status))
            self.card_status.setStyleSheet(pill_style(CARD_COLOURS.get(summary.card_status, MUTED)))
            self.card_status.show()

    def _show_source(self, found: Identification) -> None:
        lookup = found.lookup
        if lookup is None:
            self.source_value.setText(self.tr("未取得参保信息"))
            self.source_value.setStyleSheet(f"color: {WARN};")
            return
        at = found.at.astimezone().strftime("%H:%M")
        if lookup.from_cache:
            self.source_value.setText(self.tr("本机缓存（人社平台暂时无法连接，信息可能不是最新）"))
            self.source_value.setStyleSheet(f"color: {WARN}; font-weight: 600;")
        else:
            self.source_value.setText(self.tr("人社平台 {time} 查询").format(time=at))
            self.source_value.setStyleSheet("")

    def _show_insurances(self, summary: PersonSummary | None) -> None:
        entries = summary.insurances if summary is not None else []
        self.insurances.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            status = QTableWidgetItem(insurance_status_text(entry.status))
            status.setForeground(QColor(INSURANCE_COLOURS.get(entry.status, MUTED)))
            font = status.font()
            font.setBold(True)
            status.setFont(font)
            since = QTableWidgetItem(entry.since.isoformat() if entry.since else "—")
            since.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.insurances.setItem(row, 0, QTableWidgetItem(entry.scheme))
            self.insurances.setItem(row, 1, status)
            self.insurances.setItem(row, 2, since)
        if entries:
            self.insurance_title.show()
            self.insurances.show()
            self.insurances.resizeRowsToContents()
            height = self.insurances.horizontalHeader().sizeHint().height() + 4
            height += sum(self.insurances.rowHeight(r) for r in range(len(entries)))
            self.insurances.setFixedHeight(height)
