"""A small form dialog for the supervisor's records (回访, 整改, 意见簿, 岗位交接 …).

Opened with ``open()`` and awaited as a future. On 确定 the values go to an async
*submit*; a refusal from the core (its Chinese ``message``) is shown in the dialog, which
stays open with what was typed, so nothing has to be entered twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ui.asyncop import AsyncRunner
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["Field", "FormDialog", "open_form", "pydate", "qdate"]


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


@dataclass(frozen=True)
class Field:
    """``kind``: text, multiline, choice, date, optional_date, check."""

    name: str
    label: str
    kind: str = "text"
    choices: Sequence[tuple[str, Any]] = ()
    default: Any = None
    placeholder: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class FormDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fields: Sequence[Field],
        submit: Callable[[dict[str, Any]], Awaitable[Any]],
        runner: AsyncRunner,
        *,
        intro: str = "",
        ok_text: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        self.fields = list(fields)
        self.submit = submit
        self.runner = runner
        self.result_value: Any = None
        self.editors: dict[str, QWidget] = {}
        self.toggles: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro, objectName="Hint")
            label.setWordWrap(True)
            layout.addWidget(label)
        form = QFormLayout()
        for f in self.fields:
            form.addRow(f.label, self._editor(f))
        layout.addLayout(form)
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.ok = QPushButton(ok_text or self.tr("确定"), objectName="Primary")
        self.ok.setDefault(True)
        cancel = QPushButton(self.tr("取消"))
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok)
        layout.addLayout(buttons)
        self.ok.clicked.connect(self._submit)
        cancel.clicked.connect(self.reject)

    def _editor(self, f: Field) -> QWidget:
        editor: QWidget
        if f.kind == "multiline":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setPlaceholderText(f.placeholder)
            text.setFixedHeight(96)
            if f.default:
                text.setPlainText(str(f.default))
            editor = text
        elif f.kind == "choice":
            combo = QComboBox()
            for label, value in f.choices:
                combo.addItem(label, value)
            if f.default is not None:
                combo.setCurrentIndex(max(0, combo.findData(f.default)))
            editor = combo
        elif f.kind in ("date", "optional_date"):
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(qdate(f.default or date.today()))
            editor = edit
            if f.kind == "optional_date":
                box = QWidget()
                row = QHBoxLayout(box)
                row.setContentsMargins(0, 0, 0, 0)
                toggle = QCheckBox(self.tr("填写"))
                toggle.setAccessibleName(f.label)
                toggle.setChecked(bool(f.extra.get("checked")))
                edit.setEnabled(toggle.isChecked())
                toggle.toggled.connect(edit.setEnabled)
                row.addWidget(toggle)
                row.addWidget(edit, 1)
                self.toggles[f.name] = toggle
                self.editors[f.name] = edit
                edit.setAccessibleName(f.label)
                return box
        elif f.kind == "check":
            check = QCheckBox(f.placeholder)
            check.setChecked(bool(f.default))
            editor = check
        else:
            line = QLineEdit()
            line.setPlaceholderText(f.placeholder)
            if f.default:
                line.setText(str(f.default))
            editor = line
        editor.setAccessibleName(f.label)
        self.editors[f.name] = editor
        return editor

    def editor(self, name: str) -> QWidget:
        return self.editors[name]

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for f in self.fields:
            editor = self.editors[f.name]
            if isinstance(editor, QPlainTextEdit):
                found[f.name] = editor.toPlainText().strip()
            elif isinstance(editor, QComboBox):
                found[f.name] = editor.currentData()
            elif isinstance(editor, QDateEdit):
                toggle = self.toggles.get(f.name)
                found[f.name] = (
                    None if toggle is not None and not toggle.isChecked() else pydate(editor.date())
                )
            elif isinstance(editor, QCheckBox):
                found[f.name] = editor.isChecked()
            elif isinstance(editor, QLineEdit):
                found[f.name] = editor.text().strip()
        return found

    def _submit(self) -> None:
        self.message.setText("")

        def done(value: Any) -> None:
            self.result_value = value
            self.accept()

        values = self.values()

        async def go() -> Any:
            return await self.submit(values)

        self.runner.run(go(), control=self.ok, on_done=done, on_error=self.message.setText)


def open_form(
    parent: QWidget | None,
    title: str,
    fields: Sequence[Field],
    submit: Callable[[dict[str, Any]], Awaitable[Any]],
    runner: AsyncRunner,
    *,
    intro: str = "",
    ok_text: str = "",
) -> tuple[FormDialog, asyncio.Future[Any]]:
    """Open the form; the future gets what *submit* returned, or None when cancelled."""
    dialog = FormDialog(parent, title, fields, submit, runner, intro=intro, ok_text=ok_text)
    future: asyncio.Future[Any] = asyncio.get_event_loop().create_future()

    def finished(code: int) -> None:
        if not future.done():
            accepted = code == QDialog.DialogCode.Accepted
            future.set_result(dialog.result_value if accepted else None)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    if dialog.fields:
        dialog.editors[dialog.fields[0].name].setFocus()
    return dialog, future
