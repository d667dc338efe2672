"""On-the-spot review (A/B 复核): the reviewer types their own staff number and password here.

The dialog is opened with `open()` and awaited as a future (never `exec()` in async code).
It sends the credentials through `CaseService.request_review`, which checks the rules in
the core (not the maker, the case as it stands) and asks the platform (password, reviewer
role, same outlet). A refusal is shown in the dialog, in Chinese, and the password is
cleared; the dialog closes only on approval or when cancelled (Esc). The password lives
in the line edit only until the answer comes back; it is never stored or logged.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from counter.bureau.cases import ReviewApproval
from counter.cases import CaseDraft, CaseService
from counter.identity import mask_id
from counter.journal import BUSINESS_TZ
from ui.asyncop import AsyncRunner
from ui.qt import (
    QCoreApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

REVIEW_QSS = """
#ReviewCase { background: #f5f7fa; border: 1px solid #d5dde6; border-radius: 8px; padding: 8px; }
#ReviewWarning { color: #7a2e0e; background: #fff6e5; border: 1px solid #f5c27a;
                 border-radius: 6px; padding: 6px 8px; }
"""


def local_time(at: datetime) -> str:
    return at.astimezone(BUSINESS_TZ).strftime("%H:%M")


def approval_text(approval: ReviewApproval) -> str:
    """复核通过：张*华（T-CLERKB1），14:03 复核，14:13 前有效 — masked name, no password."""
    text = QCoreApplication.translate(
        "ReviewDialog", "复核通过：{name}（{staff}），{at} 复核，{until} 前有效"
    )
    return text.format(
        name=approval.reviewer_name_masked,
        staff=approval.reviewer_staff_no,
        at=local_time(approval.approved_at),
        until=local_time(approval.expires_at),
    )


class ReviewDialog(QDialog):
    def __init__(
        self,
        cases: CaseService,
        draft: CaseDraft,
        runner: AsyncRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewDialog")
        self.setWindowTitle(self.tr("复核授权"))
        self.setModal(True)
        self.setStyleSheet(REVIEW_QSS)
        self.setMinimumWidth(520)
        self.cases = cases
        self.draft = draft
        self.runner = runner
        self.approval: ReviewApproval | None = None

        self._build()
        self.staff_edit.returnPressed.connect(self._staff_entered)
        self.password_edit.returnPressed.connect(self.submit)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.staff_edit.setFocus()

    def _build(self) -> None:
        draft = self.draft
        title = QLabel(self.tr("请复核人现场复核"), objectName="SectionTitle")
        person = mask_id(draft.id_number) if draft.id_number else "—"
        facts = QLabel(
            self.tr("事项：{item}（{code}）\n办事人：{person}\n经办人：{maker}").format(
                item=draft.item.name, code=draft.item.code, person=person, maker=draft.maker
            ),
            objectName="ReviewCase",
        )
        facts.setWordWrap(True)
        warning = QLabel(
            self.tr(
                "复核人须为本网点具有复核权限的其他工作人员（不能是经办人本人），"
                "由复核人本人输入工号和密码；复核后办件内容如有修改，须重新复核。"
            ),
            objectName="ReviewWarning",
        )
        warning.setWordWrap(True)
        self.staff_edit = QLineEdit()
        self.staff_edit.setAccessibleName(self.tr("复核人工号"))
        self.staff_edit.setPlaceholderText(self.tr("复核人本人工号"))
        self.staff_edit.setMaxLength(32)
        self.password_edit = QLineEdit()
        self.password_edit.setAccessibleName(self.tr("复核人密码"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.addRow(self.tr("复核人工号"), self.staff_edit)
        form.addRow(self.tr("复核人密码"), self.password_edit)
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        self.ok_button = QPushButton(self.tr("确认复核"), objectName="Primary")
        self.ok_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self.tr("取消（Esc）"))
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(facts)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _staff_entered(self) -> None:
        if self.staff_edit.text().strip():
            self.password_edit.setFocus()

    def submit(self) -> None:
        staff_no = self.staff_edit.text().strip()
        password = self.password_edit.text()
        if not staff_no:
            self._refused(self.tr("请输入复核人工号"))
            self.staff_edit.setFocus()
            return
        if not password:
            self._refused(self.tr("请复核人输入本人密码"))
            self.password_edit.setFocus()
            return
        self.message.setObjectName("Notice")
        self._repolish()
        self.message.setText(self.tr("正在向人社平台核验复核人…"))
        self.staff_edit.setEnabled(False)
        self.password_edit.setEnabled(False)
        self.runner.run(
            self.cases.request_review(self.draft, staff_no, password),
            control=self.ok_button,
            on_done=self._approved,
            on_error=self._refused_by_core,
        )

    def _approved(self, approval: ReviewApproval) -> None:
        self.password_edit.clear()
        self.approval = approval
        self.accept()

    def _refused_by_core(self, message: str) -> None:
        self.staff_edit.setEnabled(True)
        self.password_edit.setEnabled(True)
        self.password_edit.clear()
        self._refused(message)
        self.password_edit.setFocus()

    def _refused(self, message: str) -> None:
        self.message.setObjectName("Error")
        self._repolish()
        self.message.setText(message)

    def _repolish(self) -> None:
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)


def ask_review(
    parent: QWidget | None, cases: CaseService, draft: CaseDraft, runner: AsyncRunner
) -> tuple[ReviewDialog, asyncio.Future[ReviewApproval | None]]:
    """Open the review dialog; the future gets the approval, or None when cancelled."""
    dialog = ReviewDialog(cases, draft, runner, parent)
    future: asyncio.Future[ReviewApproval | None] = asyncio.get_event_loop().create_future()

    def finished(code: int) -> None:
        if not future.done():
            accepted = code == QDialog.DialogCode.Accepted
            future.set_result(dialog.approval if accepted else None)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    dialog.staff_edit.setFocus()
    return dialog, future
