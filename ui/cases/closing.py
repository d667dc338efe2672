"""After acceptance: the receipt (回执, with 补打) and the citizen's rating (好差评).

`ReceiptStep` prints through `counter.receipts.print_receipt` (journaled; a reprint is
journaled as such and the slip is marked 补打). `RatingStep` asks the evaluator through
`EvaluationService.evaluate`; the clerk's page only says that the citizen is rating and
then shows the result — there is no control that lets the clerk choose a level.

Both drop answers that arrive after `reset()` (the next citizen is already there).
"""

from __future__ import annotations

from counter.bureau.cases import MaterialCheck
from counter.bureau.models import CatalogueItem
from counter.cases import CaseView, SubmitOutcome
from counter.evaluations import EvaluationOutcome
from counter.outbox import MessageState
from counter.receipts import print_receipt
from counter.session import ActiveSession
from ui import keys
from ui.asyncop import AsyncRunner
from ui.cases.pages import RatingPage, ReceiptPage, set_kind
from ui.cases.texts import rating_text
from ui.composition import Services
from ui.qt import QObject, Signal


class ReceiptStep(QObject):
    printed_case = Signal(object)  # CaseView, after each print

    def __init__(self, services: Services, runner: AsyncRunner, page: ReceiptPage) -> None:
        super().__init__(page)
        self.services = services
        self.runner = runner
        self.page = page
        self.printed = False
        self.case: CaseView | None = None
        self._generation = 0

    def reset(self) -> None:
        self._generation += 1
        self.printed = False
        self.case = None
        self.page.business.clear()
        self.page.state.clear()
        self.page.reprint_button.setText(self.tr("补打回执") + f"  {keys.REPRINT_RECEIPT}")

    def print(
        self,
        outcome: SubmitOutcome,
        materials: list[MaterialCheck],
        item: CatalogueItem,
        *,
        reprint: bool = False,
    ) -> None:
        """Print the receipt of *outcome*'s case; a reprint only after a first print."""
        session = self.services.sessions.current
        if session is None:
            return
        reprint = reprint and self.printed
        self.page.state.setText(self.tr("正在补打回执…") if reprint else self.tr("正在打印回执…"))
        set_kind(self.page.state, "Hint")
        generation = self._generation

        def done(case: CaseView) -> None:
            if generation == self._generation:
                self._printed(case, reprint)

        def failed(message: str) -> None:
            if generation == self._generation:
                self._failed(message)

        self.runner.run(
            self._print(outcome, materials, item, session, reprint),
            control=self.page.reprint_button,
            on_done=done,
            on_error=failed,
        )

    async def _print(
        self,
        outcome: SubmitOutcome,
        materials: list[MaterialCheck],
        item: CatalogueItem,
        session: ActiveSession,
        reprint: bool,
    ) -> CaseView:
        case = await self.services.cases.case(outcome.case_id)  # the business no. may be new
        if case is None:
            raise LookupError("the case is not in the local store")
        await print_receipt(
            self.services.printer,
            case,
            outlet=session.outlet,
            window=session.window,
            session=session,
            audit=self.services.audit,
            training=self.services.training,
            reprint=reprint,
            materials=materials,
            item=item,
        )
        return case

    def _printed(self, case: CaseView, reprint: bool) -> None:
        self.case = case
        self.printed = True
        page = self.page
        if case.state is MessageState.REJECTED:
            page.business.setText(self.tr("不予受理"))
        elif case.business_no:
            page.business.setText(self.tr("办件编号 {number}").format(number=case.business_no))
        else:
            page.business.setText(self.tr("已受理，待上传"))
        page.state.setText(
            self.tr("补打回执已打印（已记入工作日志）。")
            if reprint
            else self.tr("回执已打印，请交给群众。")
        )
        set_kind(page.state, "Good")
        page.reprint_button.setText(self.tr("补打回执") + f"  {keys.REPRINT_RECEIPT}")
        self.printed_case.emit(case)

    def _failed(self, message: str) -> None:
        self.page.state.setText(self.tr("回执打印失败：{message}").format(message=message))
        set_kind(self.page.state, "Bad")
        if not self.printed:
            self.page.reprint_button.setText(self.tr("重新打印") + f"  {keys.REPRINT_RECEIPT}")


class RatingStep(QObject):
    finished = Signal()  # rated, timed out (未评价) or refused

    def __init__(self, services: Services, runner: AsyncRunner, page: RatingPage) -> None:
        super().__init__(page)
        self.evaluations = services.evaluations
        self.runner = runner
        self.page = page
        self.result: EvaluationOutcome | None = None
        self.error: str | None = None
        self.asking = False
        self._generation = 0

    @property
    def over(self) -> bool:
        return self.result is not None or self.error is not None

    def reset(self) -> None:
        self._generation += 1
        self.result = self.error = None
        self.asking = False
        self.page.state.clear()
        self.page.detail.clear()

    def start(self, case_id: str) -> None:
        if self.over or self.asking:
            return
        self.asking = True
        self.page.state.setText(self.tr("请群众在评价器上评价…"))
        set_kind(self.page.state, "Waiting")
        self.page.detail.setText(
            self.tr("评价由群众本人在评价器上完成，窗口不能代为评价；超时未评价的记为“未评价”。")
        )
        generation = self._generation

        def done(outcome: EvaluationOutcome) -> None:
            if generation == self._generation:
                self._rated(outcome)

        def failed(message: str) -> None:
            if generation == self._generation:
                self._failed(message)

        self.runner.run(self.evaluations.evaluate(case_id), on_done=done, on_error=failed)

    def summary(self) -> str:
        return self.page.state.text() if self.over else ""

    def _rated(self, outcome: EvaluationOutcome) -> None:
        self.asking = False
        self.result = outcome
        text = self.tr("群众评价：{level}").format(level=rating_text(outcome.level))
        if outcome.tags:
            text += self.tr("（{tags}）").format(tags="、".join(outcome.tags))
        self.page.state.setText(text)
        set_kind(self.page.state, "Bad" if outcome.level.is_bad else "Good")
        self.page.detail.setText(self.tr("评价已记录，将随办件上传人社平台。"))
        self.finished.emit()

    def _failed(self, message: str) -> None:
        self.asking = False
        self.error = message
        self.page.state.setText(message)
        set_kind(self.page.state, "Bad")
        self.finished.emit()
