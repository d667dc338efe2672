"""The case flow's own step pages: review, submit, receipt, rating, and the simple ones.

Pages only show; the flow (`ui.cases.flow.CaseFlow`) decides and acts. Everything
personal on them is masked (`counter.identity` masks): the summary before submission
shows what will be sent, but a phone, account, ID or address only masked.
"""

from __future__ import annotations

from counter.bureau.models import FieldType
from counter.cases import CaseDraft, SubmitOutcome
from counter.identity import mask_account, mask_address, mask_id, mask_mobile
from counter.outbox import MessageState
from ui import keys
from ui.cases.steps import Step
from ui.qt import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
)

PAGE_QSS = """
#StepTitle { font-size: 20px; font-weight: 700; color: #0b4f8a; }
#Big { font-size: 22px; font-weight: 700; color: #1f2933; }
#Good { color: #067647; font-weight: 700; font-size: 17px; }
#Bad { color: #b42318; font-weight: 700; font-size: 17px; }
#Warn { color: #7a2e0e; background: #fff6e5; border: 1px solid #f5c27a; border-radius: 6px;
        padding: 8px 10px; font-weight: 600; }
#Waiting { color: #0b4f8a; font-size: 20px; font-weight: 700; }
#SummaryBox { background: #f8fafc; border: 1px solid #d5dde6; border-radius: 8px; }
#SummaryKey { color: #52606d; }
#SummaryValue { font-weight: 600; }
"""

MASKS = {
    FieldType.MOBILE: mask_mobile,
    FieldType.ID_NUMBER: mask_id,
    FieldType.BANK_ACCOUNT: mask_account,
    FieldType.ADDRESS: mask_address,
}


def set_kind(label: QLabel, kind: str) -> None:
    """Change a label's look (its object name) and re-apply the style sheet."""
    if label.objectName() != kind:
        label.setObjectName(kind)
        label.style().unpolish(label)
        label.style().polish(label)


class Page(QWidget):
    """A titled page; `body` is where content goes."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(PAGE_QSS)
        self.title = QLabel(title, objectName="StepTitle")
        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addLayout(self.body, 1)

    def text_label(self, kind: str = "Hint", text: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(kind)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label


class InfoPage(Page):
    """A page with one message (叫号, 办结, placeholders)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.message = self.text_label("Big", text)
        self.note = self.text_label("Hint")
        self.body.addWidget(self.message)
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class ReviewPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("复核"), parent)
        self.rule = self.text_label(
            "Hint",
            self.tr(
                "该事项风险较高，须由另一名复核人员（A/B 岗互为复核，或网点主管）现场复核："
                "复核人在本机输入本人工号和密码。经办人不能复核自己经办的业务。"
            ),
        )
        self.state = self.text_label("Warn")
        self.button = QPushButton(self.tr("请复核人复核  Enter"), objectName="Primary")
        self.button.setMinimumHeight(42)
        self.body.addWidget(self.rule)
        self.body.addWidget(self.state)
        self.body.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def show_state(self, approved: str | None, problem: str | None) -> None:
        """*approved*: the approval line; else *problem* (voided, expired) or 尚未复核."""
        if approved is not None:
            self.state.setText(approved)
            set_kind(self.state, "Good")
            self.button.setText(self.tr("下一步：提交  Enter"))
        else:
            self.state.setText(problem or self.tr("尚未复核"))
            set_kind(self.state, "Warn")
            self.button.setText(self.tr("请复核人复核  Enter"))


class SubmitPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("提交"), parent)
        self.box = QFrame(objectName="SummaryBox")
        self.grid = QGridLayout(self.box)
        self.grid.setContentsMargins(14, 10, 14, 10)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.blocker = self.text_label("Warn")
        self.blocker.hide()
        self.button = QPushButton(self.tr("提交人社平台  Enter"), objectName="Primary")
        self.button.setMinimumHeight(42)
        self.outcome = self.text_label("Hint")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.box)
        self.body.addWidget(self.blocker)
        self.body.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.outcome)
        self.body.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._rows: list[QLabel] = []

    def show_blocker(self, blocker: str | None, *, sent: bool, again: bool) -> None:
        """The submit button: enabled unless *blocker* (or the case is *sent*)."""
        self.button.setEnabled(blocker is None and not sent)
        self.button.setText(self.tr("重新提交  Enter") if again else self.tr("提交人社平台  Enter"))
        shown = blocker if not sent else None
        self.blocker.setText(shown or "")
        self.blocker.setVisible(shown is not None)

    def show_outcome(self, outcome: SubmitOutcome) -> None:
        if outcome.state is MessageState.ACCEPTED:
            number = outcome.result.business_no if outcome.result else ""
            text = self.tr("已受理，办件编号 {number}").format(number=number)
            if outcome.message:
                text += f"\n{outcome.message}"
            kind = "Good"
        elif outcome.pending:
            text = self.tr("已受理，待上传")
            if outcome.accepted_offline:
                text += self.tr("（离线受理，网络恢复后自动上传）")
            kind = "Warn"
        elif outcome.state is MessageState.REJECTED:
            text = self.tr("不予受理：{message}").format(message=outcome.message)
            kind = "Bad"
        else:
            text = self.tr(
                "需处理：{message}\n可按 Esc 返回修改后重新提交，或请网点主管处理。"
            ).format(message=outcome.message)
            kind = "Bad"
        self.show_message(text, kind)

    def show_message(self, text: str, kind: str) -> None:
        self.outcome.setText(text)
        set_kind(self.outcome, kind)

    def show_summary(self, draft: CaseDraft, approval: str | None) -> None:
        for label in self._rows:
            self.grid.removeWidget(label)
            label.deleteLater()
        self._rows = []
        person = mask_id(draft.id_number) if draft.id_number else self.tr("未核验")
        rows: list[tuple[str, str]] = [
            (self.tr("办理事项"), f"{draft.item.name}（{draft.item.code}）"),
            (self.tr("办事人"), person),
            (self.tr("排队号"), draft.ticket_number or "—"),
        ]
        for field in draft.item.form_fields:
            check = draft.checks[field.name]
            if check.value is None:
                continue
            mask = MASKS.get(field.type)
            shown = mask(str(check.value)) if mask is not None else check.display
            rows.append((field.label, shown))
        received = [m.name for m in draft.materials.values() if m.received or m.shared]
        rows.append((self.tr("已收材料"), "、".join(received) or "—"))
        if draft.item.needs_review:
            rows.append((self.tr("复核"), approval or self.tr("未复核")))
        for index, (key, value) in enumerate(rows):
            k = QLabel(key, objectName="SummaryKey")
            v = QLabel(value, objectName="SummaryValue")
            v.setWordWrap(True)
            self.grid.addWidget(k, index, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(v, index, 1)
            self._rows += [k, v]


class ReceiptPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("打印回执"), parent)
        self.business = self.text_label("Big")
        self.business.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = self.text_label("Hint")
        self.reprint_button = QPushButton(self.tr("补打回执") + f"  {keys.REPRINT_RECEIPT}")
        self.reprint_button.setMinimumHeight(40)
        self.next_hint = self.text_label(
            "Hint", self.tr("回执交给群众后，按 Enter 请群众在评价器上评价。")
        )
        self.body.addWidget(self.business)
        self.body.addWidget(self.state)
        self.body.addWidget(self.reprint_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.next_hint)
        self.body.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class RatingPage(Page):
    """Shows only that the citizen is rating, then the result: no control to rate."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("评价"), parent)
        self.state = self.text_label("Waiting")
        self.detail = self.text_label("Hint")
        self.body.addWidget(self.state)
        self.body.addWidget(self.detail)
        self.body.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class StepPages(QStackedWidget):
    """One page per step; the identify panel and the catalogue are hosted as steps 2 and 3."""

    def __init__(
        self,
        identify: QWidget | None,
        catalogue: QWidget | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        call = InfoPage(self.tr("叫号"), self.tr("按 F2 叫下一位群众。"))
        call.note.setText(self.tr("叫号后依次：核验身份 → 选择事项 → 填写表单 → 核对材料 → 提交。"))
        self.form_page = Page(self.tr("填写表单"))
        self.form_page.body.addWidget(
            self.form_page.text_label(
                "Hint", self.tr("带 * 的为必填项；Tab 到下一项，Enter 进入下一步，Esc 返回。")
            )
        )
        self.materials_page = Page(self.tr("核对材料"))
        self.materials_page.body.addWidget(
            self.materials_page.text_label(
                "Hint", self.tr("逐项核对群众提交的材料：空格键勾选，Tab 到下一项。")
            )
        )
        self.review_page = ReviewPage()
        self.submit_page = SubmitPage()
        self.receipt_page = ReceiptPage()
        self.rating_page = RatingPage()
        self.done_page = InfoPage(self.tr("办结"), "")
        self.pages: dict[Step, QWidget] = {
            Step.CALL: call,
            Step.IDENTIFY: self._host(
                identify,
                self.tr("核验身份"),
                self.tr("请群众出示身份证、社保卡或电子社保卡。"),
            ),
            Step.ITEM: self._host(
                catalogue,
                self.tr("选择事项"),
                self.tr("检索事项后按 Enter 选定（只列出本网点可办的事项）。"),
            ),
            Step.FORM: self.form_page,
            Step.MATERIALS: self.materials_page,
            Step.REVIEW: self.review_page,
            Step.SUBMIT: self.submit_page,
            Step.RECEIPT: self.receipt_page,
            Step.RATING: self.rating_page,
            Step.DONE: self.done_page,
        }
        for step in Step:
            self.addWidget(self.pages[step])

    @staticmethod
    def _host(panel: QWidget | None, title: str, hint: str) -> QWidget:
        if panel is None:  # a flow without that panel (tests): say what would be there
            return InfoPage(title, hint)
        # A scroll area, so a hosted panel wider than the flow (the identify panel's manual
        # entry row) scrolls instead of widening the window past a 1366 px screen.
        host = QScrollArea()
        host.setWidget(panel)
        host.setWidgetResizable(True)
        host.setFrameShape(QScrollArea.Shape.NoFrame)
        host.viewport().setAutoFillBackground(False)
        panel.setAutoFillBackground(False)  # setWidget() turned it on: keep the card white
        host.setFocusProxy(panel)
        return host
