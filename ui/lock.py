"""The idle-lock page: nothing personal is visible; only the same staff member unlocks."""

from __future__ import annotations

from ui.qt import QLabel, QLineEdit, QPushButton, Qt, QVBoxLayout, QWidget, Signal


class LockPage(QWidget):
    unlock_requested = Signal(str)  # password
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LockPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(self.tr("屏幕已锁定"), objectName="LockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = QLabel("")
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("输入本人密码解锁"))
        self.password_edit.setAccessibleName(self.tr("解锁密码"))
        self.password_edit.setFixedWidth(320)
        self.unlock_button = QPushButton(self.tr("解锁"), objectName="Primary")
        self.unlock_button.setFixedWidth(320)
        self.switch_button = QPushButton(self.tr("注销并切换用户"))
        self.switch_button.setFixedWidth(320)
        self.message = QLabel("", objectName="Error")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addWidget(self.who)
        layout.addSpacing(18)
        for widget in (self.password_edit, self.unlock_button, self.switch_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message)
        layout.addStretch(3)

        self.password_edit.returnPressed.connect(self._unlock)
        self.unlock_button.clicked.connect(self._unlock)
        self.switch_button.clicked.connect(self.switch_user_requested)

    def show_for(self, masked_name: str, staff_no: str) -> None:
        self.who.setText(
            self.tr("{name}（{staff}）已离开座位，请本人输入密码解锁。").format(
                name=masked_name, staff=staff_no
            )
        )
        self.password_edit.clear()
        self.message.clear()
        self.password_edit.setFocus()

    def _unlock(self) -> None:
        if self.unlock_button.isEnabled() and self.password_edit.text():
            self.unlock_requested.emit(self.password_edit.text())

    def failed(self, attempts: int) -> None:
        self.password_edit.clear()
        text = self.tr("密码错误（第 {n} 次），请重新输入。")
        self.message.setText(text.format(n=attempts))
