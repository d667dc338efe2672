"""The sign-off asks for the supervisor's password again: a small dialog opened with
``open()`` and awaited as a future (never ``exec()`` inside a coroutine)."""

from __future__ import annotations

import asyncio

from ui.qt import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

__all__ = ["PasswordDialog", "ask_password"]


class PasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None, staff_line: str, what: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("主管签署"))
        self.setModal(True)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        prompt = QLabel(what)
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        layout.addWidget(QLabel(staff_line, objectName="Notice"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("请再次输入主管密码"))
        self.password.setAccessibleName(self.tr("主管密码"))
        layout.addWidget(self.password)
        self.message = QLabel("", objectName="Error")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.ok = QPushButton(self.tr("签署日结"), objectName="Primary")
        self.ok.setDefault(True)
        cancel = QPushButton(self.tr("取消"))
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok)
        layout.addLayout(buttons)
        self.ok.clicked.connect(self._accept_if_given)
        cancel.clicked.connect(self.reject)
        self.password.setFocus()

    def _accept_if_given(self) -> None:
        if not self.password.text():
            self.message.setText(self.tr("请输入密码。"))
            self.password.setFocus()
            return
        self.accept()


def ask_password(
    parent: QWidget | None, staff_line: str, what: str
) -> tuple[PasswordDialog, asyncio.Future[str | None]]:
    """Open the dialog; the future gets the password, or None when cancelled. The password
    is cleared from the field as soon as it is read."""
    dialog = PasswordDialog(parent, staff_line, what)
    future: asyncio.Future[str | None] = asyncio.get_event_loop().create_future()

    def finished(code: int) -> None:
        password = dialog.password.text()
        dialog.password.clear()
        if not future.done():
            future.set_result(password if code == QDialog.DialogCode.Accepted else None)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    dialog.password.setFocus()
    return dialog, future
