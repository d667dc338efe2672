"""What the case flow shows, decided from where the case stands (no widgets here).

`FlowState` is a snapshot (step, ticket, draft, outcome, review state, connection); its
methods say how the header marks each step, what stops submission, what the red banner
warns about and what the Enter button is called. The flow renders these answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter.cases import OFFLINE_REFUSED, ApprovalState, CaseDraft, SubmitOutcome
from counter.outbox import MessageState
from counter.queue.model import Ticket
from ui.cases.steps import Mark, Step
from ui.qt import QT_TRANSLATE_NOOP, QCoreApplication

REVIEW_VOIDED = QT_TRANSLATE_NOOP("CaseFlow", "复核已失效，请重新复核")
REVIEW_EXPIRED = QT_TRANSLATE_NOOP("CaseFlow", "复核已过期，请重新复核")


@dataclass(frozen=True)
class FlowState:
    step: Step
    ticket: Ticket | None
    draft: CaseDraft | None
    outcome: SubmitOutcome | None
    approval: ApprovalState
    offline: bool

    @property
    def needs_review(self) -> bool:
        return self.draft is not None and self.draft.item.needs_review

    @property
    def editable(self) -> bool:
        """Nothing sent yet, or the platform flagged it for a correction (needs attention)."""
        return self.outcome is None or self.outcome.state is MessageState.NEEDS_ATTENTION

    @property
    def rating_skipped(self) -> bool:
        """A refused or flagged case has nothing for the citizen to rate."""
        return self.outcome is not None and self.outcome.state in (
            MessageState.REJECTED,
            MessageState.NEEDS_ATTENTION,
        )

    def marks(self) -> dict[Step, Mark]:
        marks = {
            step: Mark.CURRENT
            if step is self.step
            else (Mark.DONE if step < self.step else Mark.TODO)
            for step in Step
        }
        if self.ticket is None and self.step > Step.CALL:
            marks[Step.CALL] = Mark.SKIPPED
        if self.draft is not None and not self.needs_review:
            marks[Step.REVIEW] = Mark.SKIPPED
        elif self.step > Step.REVIEW and self.approval is not ApprovalState.VALID and self.editable:
            marks[Step.REVIEW] = Mark.TODO
        if self.rating_skipped:
            marks[Step.RATING] = Mark.SKIPPED
            if self.outcome is not None and self.outcome.state is MessageState.NEEDS_ATTENTION:
                marks[Step.RECEIPT] = Mark.SKIPPED
        return marks

    def offline_refusal(self) -> str | None:
        if self.draft is not None and self.offline and not self.draft.item.offline_ok:
            return OFFLINE_REFUSED
        return None

    def review_problem(self) -> str | None:
        return {
            ApprovalState.VOIDED: QCoreApplication.translate("CaseFlow", REVIEW_VOIDED),
            ApprovalState.EXPIRED: QCoreApplication.translate("CaseFlow", REVIEW_EXPIRED),
        }.get(self.approval)

    def banner(self) -> list[str]:
        """Warnings the clerk must see on every page until they are resolved."""
        if self.outcome is not None:
            return []
        return [p for p in (self.review_problem(), self.offline_refusal()) if p]

    def submit_blocker(self) -> str | None:
        """Why the case cannot be submitted now (None: it can)."""
        draft = self.draft
        if draft is None:
            return QCoreApplication.translate("CaseFlow", "请先选择事项")
        if not self.editable:
            return QCoreApplication.translate("CaseFlow", "办件已提交")
        errors = draft.errors()
        if errors:
            return QCoreApplication.translate("CaseFlow", "还有 {n} 处需要修改：{first}").format(
                n=len(errors), first=next(iter(errors.values()))
            )
        if self.needs_review and self.approval is not ApprovalState.VALID:
            return self.review_problem() or QCoreApplication.translate(
                "CaseFlow", "该事项须经复核人现场复核后才能提交"
            )
        return self.offline_refusal()

    def next_label(self) -> str | None:
        """The Enter button's text on this step (None: the page has its own button)."""
        if self.step is Step.SUBMIT and self.outcome is not None:
            if self.outcome.state is MessageState.REJECTED:
                return QCoreApplication.translate("CaseFlow", "下一步：打印不予受理告知  Enter")
            return None
        labels = {
            Step.FORM: QCoreApplication.translate("CaseFlow", "下一步：核对材料  Enter"),
            Step.MATERIALS: QCoreApplication.translate("CaseFlow", "下一步：复核  Enter")
            if self.needs_review
            else QCoreApplication.translate("CaseFlow", "下一步：提交  Enter"),
            Step.RECEIPT: QCoreApplication.translate("CaseFlow", "下一步：办结  Enter")
            if self.rating_skipped
            else QCoreApplication.translate("CaseFlow", "下一步：请群众评价  Enter"),
            Step.RATING: QCoreApplication.translate("CaseFlow", "下一步：办结  Enter"),
            Step.DONE: QCoreApplication.translate("CaseFlow", "办结本号  Enter"),
        }
        return labels.get(self.step)

    def can_go_back(self) -> bool:
        return Step.ITEM <= self.step <= Step.SUBMIT and self.editable
