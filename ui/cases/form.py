"""The item's form (填写表单), built from the catalogue's form fields and checked as typed.

Every change goes through `CaseDraft.set_field` (which runs `counter.forms.check_field`),
so what the clerk sees at the field is exactly what the core will accept or refuse. The
message sits right under the field, in red, once the field was touched (typed into, left,
or the clerk tried to go on); until then the field's help is shown in grey.

Editors by field type: `choice` and `yes_no` are drop-downs without a default (a 是/否
must be chosen, never assumed); everything else is a line edit whose text the core parses
(dates as 2024-05-01, months as 2024-05, money in yuan → integer fen, …). Tab moves
through the fields in order; Enter and Esc belong to the case flow (next step / back).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from counter.bureau.models import FieldType, FormField
from counter.cases import CaseDraft
from counter.forms import FieldCheck, FormValue
from ui.qt import (
    QComboBox,
    QEvent,
    QGridLayout,
    QLabel,
    QLineEdit,
    QObject,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

FORM_QSS = """
#FieldError { color: #b42318; font-weight: 600; }
#FieldOk { color: #067647; }
#FieldHint { color: #52606d; }
#FieldLabel { font-weight: 600; color: #1f2933; }
QLineEdit[invalid="true"] { border: 2px solid #b42318; }
#FormBody, QScrollArea { background: transparent; }
"""

YES, NO = "是", "否"

#: What each line-edit type expects, shown as its placeholder.
PLACEHOLDERS = {
    FieldType.DATE: "例如 2024-05-01",
    FieldType.YEAR_MONTH: "例如 2024-05",
    FieldType.MONEY: "金额（元），例如 120.50",
    FieldType.ID_NUMBER: "18 位证件号码",
    FieldType.MOBILE: "11 位手机号码",
    FieldType.BANK_ACCOUNT: "12–19 位卡号或账号",
    FieldType.ADDRESS: "市、区、街道、门牌号",
}
#: Types whose normalized value is worth showing back (e.g. money as 1,234.56 元).
ECHOED = {FieldType.MONEY, FieldType.BANK_ACCOUNT, FieldType.DATE, FieldType.YEAR_MONTH}


@dataclass
class FieldRow:
    field: FormField
    label: QLabel
    editor: QLineEdit | QComboBox
    message: QLabel
    touched: bool = False


def _as_text(value: FormValue, field: FormField) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int) and field.type is FieldType.MONEY:
        return f"{value // 100}.{value % 100:02d}"  # integer fen back to yuan text
    return str(value)


class FormView(QWidget):
    """The form of `draft.item`; edits go straight into `draft`."""

    edited = Signal(str)  # the field name

    def __init__(self, draft: CaseDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FormView")
        self.setStyleSheet(FORM_QSS)
        self.draft = draft
        self.rows: dict[str, FieldRow] = {}

        body = QWidget()
        body.setObjectName("FormBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(4, 4, 12, 4)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        previous: QWidget | None = None
        for index, field in enumerate(draft.item.form_fields):
            row = self._build_row(field)
            self.rows[field.name] = row
            grid.addWidget(row.label, index * 2, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(row.editor, index * 2, 1)
            grid.addWidget(row.message, index * 2 + 1, 1)
            grid.setRowMinimumHeight(index * 2 + 1, 22)
            if previous is not None:
                QWidget.setTabOrder(previous, row.editor)
            previous = row.editor
        if not self.rows:
            grid.addWidget(QLabel(self.tr("本事项无须填写表单。"), objectName="Hint"), 0, 0, 1, 2)
        grid.setRowStretch(len(self.rows) * 2 + 1, 1)

        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        first = self.first_editor()
        if first is not None:
            self.setFocusProxy(first)
        for row in self.rows.values():
            self._show(row)

    # --- building --------------------------------------------------------------------

    def _build_row(self, field: FormField) -> FieldRow:
        mark = " *" if field.required else ""
        label = QLabel(f"{field.label}{mark}", objectName="FieldLabel")
        editor: QLineEdit | QComboBox
        raw = self.draft.raw.get(field.name)
        if field.type in (FieldType.CHOICE, FieldType.YES_NO):
            combo = QComboBox()
            choices = [YES, NO] if field.type is FieldType.YES_NO else list(field.choices)
            combo.addItems(choices)
            combo.setPlaceholderText(self.tr("请选择"))
            combo.setCurrentIndex(choices.index(_as_text(raw, field)) if raw is not None else -1)
            combo.currentIndexChanged.connect(lambda _i, n=field.name: self._changed(n))
            editor = combo
        else:
            edit = QLineEdit(_as_text(raw, field))
            edit.setMaxLength(220)
            placeholder = PLACEHOLDERS.get(field.type, "")
            if placeholder:
                edit.setPlaceholderText(self.tr(placeholder))
            edit.textEdited.connect(lambda _t, n=field.name: self._changed(n))
            editor = edit
        editor.setAccessibleName(field.label)
        editor.setMinimumHeight(34)
        if field.help:
            editor.setToolTip(field.help)
        editor.installEventFilter(self)
        message = QLabel("", objectName="FieldHint")
        message.setWordWrap(True)
        message.setAccessibleName(self.tr("{label}提示").format(label=field.label))
        label.setBuddy(editor)
        return FieldRow(field, label, editor, message, touched=raw not in (None, ""))

    def first_editor(self) -> QWidget | None:
        return next((row.editor for row in self.rows.values()), None)

    # --- editing ---------------------------------------------------------------------

    def value_of(self, name: str) -> FormValue:
        editor = self.rows[name].editor
        if isinstance(editor, QComboBox):
            return editor.currentText() if editor.currentIndex() >= 0 else None
        return editor.text()

    def _changed(self, name: str) -> None:
        row = self.rows[name]
        row.touched = True
        self.draft.set_field(name, self.value_of(name))
        self._show(row)
        self.edited.emit(name)

    def set_value(self, name: str, value: FormValue) -> None:
        """Set a field as if typed (used by prefill and tests)."""
        editor = self.rows[name].editor
        text = _as_text(value, self.rows[name].field)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findText(text))  # signals _changed
        else:
            editor.setText(text)
            self._changed(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for row in self.rows.values():
                if row.editor is watched and not row.touched and self._has_input(row):
                    row.touched = True
                    self._show(row)
        return super().eventFilter(watched, event)

    def _has_input(self, row: FieldRow) -> bool:
        return self.value_of(row.field.name) not in (None, "")

    # --- showing ---------------------------------------------------------------------

    def check(self, name: str) -> FieldCheck:
        return self.draft.checks[name]

    def _show(self, row: FieldRow) -> None:
        check = self.draft.checks[row.field.name]
        if check.error is not None and row.touched:
            text, kind = check.error, "FieldError"
        elif (
            check.error is None
            and check.value is not None
            and row.field.type in ECHOED
            and check.display != str(self.value_of(row.field.name) or "").strip()
        ):
            text, kind = self.tr("＝ {value}").format(value=check.display), "FieldOk"
        else:
            text, kind = row.field.help, "FieldHint"
        row.message.setText(text)
        invalid = kind == "FieldError"
        if row.message.objectName() != kind or bool(row.editor.property("invalid")) != invalid:
            row.message.setObjectName(kind)
            row.editor.setProperty("invalid", invalid)
            for widget in (row.message, row.editor):
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def field_errors(self) -> dict[str, str]:
        return {name: c.error for name, c in self.draft.checks.items() if c.error is not None}

    @property
    def valid(self) -> bool:
        return not self.field_errors()

    def error_text(self, name: str) -> str:
        """What the field's message says now (empty when it shows no error)."""
        row = self.rows[name]
        return row.message.text() if row.message.objectName() == "FieldError" else ""

    def reveal_errors(self) -> str | None:
        """Show every field's error and focus the first wrong field; its message or None."""
        first: FieldRow | None = None
        for row in self.rows.values():
            row.touched = True
            self._show(row)
            if first is None and self.draft.checks[row.field.name].error is not None:
                first = row
        if first is None:
            return None
        first.editor.setFocus()
        return self.draft.checks[first.field.name].error

    def refresh(self, values: Mapping[str, FormValue] | None = None) -> None:
        """Re-read the draft (after a prefill outside the view)."""
        for name, row in self.rows.items():
            raw = (values or self.draft.raw).get(name)
            if raw is None:
                continue
            text = _as_text(raw, row.field)
            editor = row.editor
            if isinstance(editor, QComboBox):
                editor.blockSignals(True)
                editor.setCurrentIndex(editor.findText(text))
                editor.blockSignals(False)
            else:
                editor.setText(text)
            row.touched = True
            self._show(row)
