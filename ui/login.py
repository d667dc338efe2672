"""The login page: staff number, password, keyboard first; training accounts in training mode."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ui.qt import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)


@dataclass(frozen=True)
class TrainingAccountRow:
    staff_no: str
    name: str
    role: str
    password: str


class LoginPage(QWidget):
    submitted = Signal(str, str)  # staff number, password

    def __init__(
        self,
        outlet_line: str,
        training_accounts: Sequence[TrainingAccountRow] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Page")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._login_card(outlet_line), 0, Qt.AlignmentFlag.AlignVCenter)
        if training_accounts:
            row.addSpacing(24)
            row.addWidget(self._training_card(training_accounts), 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.staff_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self._submit)
        self.login_button.clicked.connect(self._submit)
        self.setTabOrder(self.staff_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.login_button)

    def _login_card(self, outlet_line: str) -> QFrame:
        card = QFrame(objectName="Card")
        card.setFixedWidth(430)
        title = QLabel(self.tr("社银通 · 社保业务窗口"), objectName="AppTitle")
        self.outlet_label = QLabel(outlet_line, objectName="AppSubtitle")
        self.outlet_label.setWordWrap(True)
        self.staff_edit = QLineEdit()
        self.staff_edit.setPlaceholderText(self.tr("工号"))
        self.staff_edit.setAccessibleName(self.tr("工号"))
        self.staff_edit.setMaxLength(32)
        self.password_edit = QLineEdit()
        self.password_edit.setPlaceholderText(self.tr("密码"))
        self.password_edit.setAccessibleName(self.tr("密码"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)
        self.login_button = QPushButton(self.tr("登录"), objectName="Primary")
        self.login_button.setAutoDefault(True)
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("登录提示"))

        staff_label = QLabel(self.tr("工号(&S)"))
        staff_label.setBuddy(self.staff_edit)
        password_label = QLabel(self.tr("密码(&P)"))
        password_label.setBuddy(self.password_edit)

        form = QVBoxLayout(card)
        form.setContentsMargins(32, 28, 32, 28)
        form.setSpacing(10)
        form.addWidget(title)
        form.addWidget(self.outlet_label)
        form.addSpacing(14)
        form.addWidget(staff_label)
        form.addWidget(self.staff_edit)
        form.addWidget(password_label)
        form.addWidget(self.password_edit)
        form.addSpacing(6)
        form.addWidget(self.login_button)
        form.addWidget(self.message)
        return card

    def _training_card(self, accounts: Sequence[TrainingAccountRow]) -> QFrame:
        card = QFrame(objectName="Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.addWidget(QLabel(self.tr("培训账号（仅培训模式显示）"), objectName="SectionTitle"))
        table = QTableWidget(len(accounts), 4)
        table.setHorizontalHeaderLabels(
            [self.tr("工号"), self.tr("姓名"), self.tr("角色"), self.tr("密码")]
        )
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # Reachable by Tab after the login button (read-only: it never takes a click's focus).
        table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        table.setAccessibleName(self.tr("培训账号列表"))
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        for row, account in enumerate(accounts):
            for column, value in enumerate(
                (account.staff_no, account.name, account.role, account.password)
            ):
                table.setItem(row, column, QTableWidgetItem(value))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumWidth(440)
        table.setFixedHeight(36 + 32 * len(accounts))
        self.training_table = table
        layout.addWidget(table)
        hint = QLabel(self.tr("培训平台的数据均为虚构，可放心练习。"), objectName="Hint")
        layout.addWidget(hint)
        return card

    def _submit(self) -> None:
        if not self.login_button.isEnabled():
            return
        staff_no = self.staff_edit.text().strip()
        if not staff_no:
            self.show_message(self.tr("请输入工号。"))
            self.staff_edit.setFocus()
            return
        if not self.password_edit.text():
            self.show_message(self.tr("请输入密码。"))
            self.password_edit.setFocus()
            return
        self.message.clear()
        self.submitted.emit(staff_no, self.password_edit.text())

    def set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        self.login_button.setText(self.tr("正在登录…") if busy else self.tr("登录"))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def reset(self, message: str = "") -> None:
        """Back to an empty form; the password never stays in a widget after use."""
        self.password_edit.clear()
        self.message.setText(message)
        self.set_busy(False)
        if self.staff_edit.text():
            self.password_edit.setFocus()
        else:
            self.staff_edit.setFocus()
