"""Small keyboard-first prompts for async code: opened with `open()`, awaited as futures.

Never `exec()` a dialog inside a coroutine (DESIGN §2): a nested event loop would run other
coroutines re-entrantly.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from ui.qt import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ReasonDialog(QDialog):
    """A reason picked from common choices or typed; OK only when a reason is given."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        prompt: str,
        choices: Sequence[str] = (),
        *,
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.choice = QComboBox()
        self.choice.setAccessibleName(prompt)
        other = self.tr("其他（请填写）")
        if choices:
            self.choice.addItems([*choices, other])
            layout.addWidget(self.choice)
        self.text = QLineEdit()
        self.text.setPlaceholderText(placeholder or self.tr("请填写原因"))
        self.text.setAccessibleName(self.tr("原因"))
        layout.addWidget(self.text)
        self.message = QLabel("", objectName="Error")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.ok = QPushButton(self.tr("确定"), objectName="Primary")
        self.ok.setDefault(True)
        cancel = QPushButton(self.tr("取消"))
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok)
        layout.addLayout(buttons)
        self.ok.clicked.connect(self._accept_if_given)
        cancel.clicked.connect(self.reject)
        self._has_choices = bool(choices)
        self._other = other
        self.choice.currentTextChanged.connect(self._choice_changed)
        self._choice_changed(self.choice.currentText())

    def _choice_changed(self, text: str) -> None:
        typed = not self._has_choices or text == self._other
        self.text.setVisible(typed)
        (self.text if typed else self.choice).setFocus()

    def reason(self) -> str:
        if self._has_choices and self.choice.currentText() != self._other:
            return self.choice.currentText()
        return self.text.text().strip()

    def _accept_if_given(self) -> None:
        if len(self.reason()) < 2:
            self.message.setText(self.tr("请选择或填写原因（至少 2 个字）。"))
            self.text.setFocus()
            return
        self.accept()


def ask_reason(
    parent: QWidget | None,
    title: str,
    prompt: str,
    choices: Sequence[str] = (),
) -> asyncio.Future[str | None]:
    """Open a `ReasonDialog`; the future gets the reason, or None when cancelled."""
    dialog = ReasonDialog(parent, title, prompt, choices)
    future: asyncio.Future[str | None] = asyncio.get_event_loop().create_future()

    def finished(code: int) -> None:
        if not future.done():
            future.set_result(dialog.reason() if code == QDialog.DialogCode.Accepted else None)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    return future
