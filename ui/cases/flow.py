"""The clerk's case flow: one ticket, one citizen, one case, from call to 办结.

Wiring (the clerk's workspace)::

    flow = CaseFlow(services, runner, window=session.window,
                    identify=identify_panel, catalogue=catalogue_panel)
    call_panel.current_changed.connect(flow.set_ticket)
    identify_panel.identified.connect(flow.set_identification)
    catalogue_panel.search.item_opened.connect(flow.choose_item)

The header always shows where the case stands. Keys: Enter does the current step (or
presses the focused button); Esc goes back a step and keeps what was typed; Tab moves
through the fields; Ctrl+R reprints the receipt (补打). Hosted panels (identify, catalogue)
keep their own keys. Everything is checked in the core (`CaseDraft`, `CaseService`): the
UI only shows the outcome, in Chinese, where the clerk is looking.

This module is the state machine of a case at the window, kept in one place on purpose;
what each step looks like lives in `pages`, `form`, `materials`, `review` and `closing`,
and what the screen should say for a given state in `state`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from counter.bureau.cases import IdentityMethod
from counter.bureau.connection import ConnectionState
from counter.bureau.models import CatalogueItem
from counter.cases import ApprovalState, CaseDraft, SubmitOutcome
from counter.evaluations import EvaluationOutcome
from counter.forms import FormValue
from counter.identify import Identification, IdentifyMethod
from counter.outbox import MessageState
from counter.queue.model import Ticket, TicketState
from ui import keys
from ui.asyncop import AsyncRunner, user_message
from ui.cases.closing import RatingStep, ReceiptStep
from ui.cases.form import FormView
from ui.cases.materials import MaterialsChecklist
from ui.cases.pages import StepPages
from ui.cases.review import ReviewDialog, approval_text, ask_review
from ui.cases.state import FlowState
from ui.cases.steps import Step, StepHeader, step_label
from ui.catalogue.panel import CataloguePanel
from ui.composition import Services
from ui.identify.panel import IdentifyPanel
from ui.qt import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.signals import EventSignal

T = TypeVar("T")

METHODS = {
    IdentifyMethod.ID_CARD: IdentityMethod.ID_CARD,
    IdentifyMethod.SOCIAL_CARD: IdentityMethod.SOCIAL_CARD,
    IdentifyMethod.ECARD: IdentityMethod.ECARD,
    IdentifyMethod.MANUAL: IdentityMethod.MANUAL,
}
FLOW_QSS = """
#CaseBar { font-size: 16px; font-weight: 600; color: #1f2933; padding: 0 6px; }
#Banner { color: #ffffff; background: #b42318; border-radius: 6px; padding: 6px 10px;
          font-weight: 700; }
"""


def prefill_values(found: Identification) -> dict[str, FormValue]:
    """Values a form may take from the identification (never a masked one, like the phone)."""
    values: dict[str, FormValue] = {"id_number": found.identity.number}
    summary = found.summary
    if summary is not None:
        values["sex"] = summary.sex
        values["birth_date"] = summary.birth_date.isoformat()
    return values


class CaseFlow(QFrame):
    step_changed = Signal(object)  # Step
    case_submitted = Signal(str)  # case_id
    case_closed = Signal()

    def __init__(
        self,
        services: Services,
        runner: AsyncRunner,
        *,
        window: int,
        identify: IdentifyPanel | None = None,
        catalogue: CataloguePanel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.setStyleSheet(FLOW_QSS)
        self.services = services
        self.cases = services.cases
        self.runner = runner
        self.window_no = window
        self.identify = identify
        self.catalogue = catalogue
        self.step = Step.CALL
        self.ticket: Ticket | None = None
        self.identification: Identification | None = None
        self.pending_item: CatalogueItem | None = None
        self.draft: CaseDraft | None = None
        self.form: FormView | None = None
        self.checklist: MaterialsChecklist | None = None
        self.outcome: SubmitOutcome | None = None
        self.review_dialog: ReviewDialog | None = None
        self._generation = 0  # a new citizen: answers for the previous one are dropped

        self.header = StepHeader()
        self.case_bar = QLabel("", objectName="CaseBar")
        self.case_bar.setWordWrap(True)
        self.banner = QLabel("", objectName="Banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.stack = StepPages(identify, catalogue)
        self.pages = self.stack.pages
        self.form_page, self.materials_page = self.stack.form_page, self.stack.materials_page
        self.review_page, self.submit_page = self.stack.review_page, self.stack.submit_page
        self.receipt_page, self.rating_page = self.stack.receipt_page, self.stack.rating_page
        self.done_page = self.stack.done_page
        self.receipt_step = ReceiptStep(services, runner, self.receipt_page)
        self.rating_step = RatingStep(services, runner, self.rating_page)
        footer = self._build_footer()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(self.case_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

        self._connect()
        self._go(Step.CALL)

    # --- building ----------------------------------------------------------------------

    def _connect(self) -> None:
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.advance)
        self.review_page.button.clicked.connect(self.open_review)
        self.submit_page.button.clicked.connect(self.submit)
        self.receipt_page.reprint_button.clicked.connect(self.reprint)
        reprint = QShortcut(QKeySequence(keys.REPRINT_RECEIPT), self.receipt_page)
        reprint.setContext(Qt.ShortcutContext.WindowShortcut)
        reprint.activated.connect(self.reprint)
        self.receipt_step.printed_case.connect(lambda _case: self._render())
        self.rating_step.finished.connect(self._rating_over)
        self.connection = EventSignal(self.cases.monitor.changed, self)
        self.connection.fired.connect(self._connection_changed)

    def _build_footer(self) -> QHBoxLayout:
        self.message = QLabel("", objectName="Error")
        self.message.setWordWrap(True)
        self.back_button = QPushButton(self.tr("返回上一步  Esc"))
        self.next_button = QPushButton("", objectName="Primary")
        self.next_button.setMinimumHeight(40)
        self.back_button.setMinimumHeight(40)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.back_button)
        footer.addWidget(self.next_button)
        return footer

    # --- inputs from the other panels ----------------------------------------------------

    def set_ticket(self, ticket: Ticket | None) -> None:
        """The call panel's current ticket changed (called, started, ended, transferred)."""
        if ticket is not None and self.ticket is not None and ticket.id == self.ticket.id:
            self.ticket = ticket
            self._render()
            return
        open_case = self.draft is not None and self.outcome is None
        old = self.ticket
        self._reset()
        self.ticket = ticket
        if ticket is None:
            if old is not None and open_case:
                self._say(
                    self.tr(
                        "{number} 已不在本窗口（挂起、转移或办结），未提交的办件已放弃。"
                    ).format(number=old.number)
                )
            self._go(Step.CALL)
            return
        if self.identify is not None and ticket.item_name:
            self.identify.set_reason(self.tr("办理：{item}").format(item=ticket.item_name)[:100])
        self._go(Step.IDENTIFY)

    def set_identification(self, found: Identification) -> None:
        """The identify panel identified the citizen."""
        if self.outcome is not None:
            self._say(self.tr("本办件已提交，不能更换办事人。"))
            return
        self.identification = found
        self._start_serving()
        if self.draft is not None:
            self._apply_person(self.draft, found)
            self._after_edit()
            self._go(Step.FORM)
            return
        item = self.pending_item
        if item is None and self.ticket is not None and self.ticket.item_code:
            item = self.services.catalogue.item(self.ticket.item_code)
            if item is None:
                self._say(
                    self.tr("票面事项 {code} 不在本网点今日可办范围内，请另选事项。").format(
                        code=self.ticket.item_code
                    )
                )
        if item is not None:
            self.choose_item(item)
        else:
            self._go(Step.ITEM)

    def choose_item(self, item: CatalogueItem) -> None:
        """The clerk picked an item in the catalogue (Enter); only usable items start a case."""
        if self.outcome is not None:
            self._say(self.tr("本办件已提交，不能更换事项。"))
            return
        if self.identification is None:
            self.pending_item = item
            self._say(self.tr("已选事项“{item}”，请先核验办事人身份。").format(item=item.name))
            if self.step is Step.CALL and self.ticket is None:
                return
            self._go(Step.IDENTIFY)
            return
        old = self.draft
        if old is not None and old.item.code == item.code and old.item.version == item.version:
            self._go(Step.FORM)
            return
        try:
            draft = self.cases.new_draft(
                item, ticket_number=self.ticket.number if self.ticket else None
            )
        except Exception as exc:
            self._say(user_message(exc))
            return
        self.pending_item = None
        self._apply_person(draft, self.identification)
        if old is not None:  # the clerk changed the item: keep what fits the new form
            draft.prefill({k: v for k, v in old.raw.items() if v not in (None, "")})
        draft.prefill(prefill_values(self.identification))
        self._set_draft(draft)
        self._go(Step.FORM)

    def _apply_person(self, draft: CaseDraft, found: Identification) -> None:
        problem = draft.set_person(
            found.identity.number, METHODS[found.method], found.manual_reason
        )
        if problem is not None:
            self._say(problem)

    def _set_draft(self, draft: CaseDraft) -> None:
        for widget in (self.form, self.checklist):
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.draft = draft
        self.form = FormView(draft)
        self.form.edited.connect(lambda _name: self._after_edit())
        self.form_page.body.addWidget(self.form, 1)
        self.checklist = MaterialsChecklist(draft)
        self.checklist.changed.connect(self._after_edit)
        self.materials_page.body.addWidget(self.checklist, 1)
        if self.identify is not None:
            self.identify.set_case_active(True)

    def _start_serving(self) -> None:
        """The citizen is at the window: a called ticket becomes 办理中."""
        ticket, session = self.ticket, self.services.sessions.current
        if ticket is None or session is None or ticket.state is not TicketState.CALLED:
            return
        queue, window = self.services.queue, self.window_no

        async def start() -> Ticket | None:
            current = await queue.current(window)
            if current is None or current.state is not TicketState.CALLED:
                return current  # F4 was quicker, or the ticket went elsewhere
            return await queue.start(session, window)

        self.runner.run(
            start(), on_done=self._current(self._ticket_updated), on_error=self._current(self._say)
        )

    def _ticket_updated(self, ticket: Ticket | None) -> None:
        if ticket is not None and self.ticket is not None and ticket.id == self.ticket.id:
            self.ticket = ticket

    # --- moving through the steps --------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.step >= Step.FORM:
            focus = QApplication.focusWidget()
            if isinstance(focus, QPushButton) and self.isAncestorOf(focus) and focus.isEnabled():
                focus.click()
                return
            self.advance()
            return
        if key == Qt.Key.Key_Escape and self.step >= Step.ITEM:
            self.back()
            return
        super().keyPressEvent(event)

    def advance(self) -> None:
        """Enter: finish the current step and go on (or say what stops it)."""
        self.message.clear()
        handler = {
            Step.FORM: self._form_done,
            Step.MATERIALS: self._materials_done,
            Step.REVIEW: self.open_review,
            Step.SUBMIT: self._submit_step,
            Step.RECEIPT: self._receipt_done,
            Step.RATING: self._rating_done,
            Step.DONE: self.finish,
        }.get(self.step)
        if handler is not None:
            handler()

    def _form_done(self) -> None:
        if self.draft is None or self.form is None:
            return
        problem = self.form.reveal_errors() or self.draft.person_error
        if problem:
            count = len(self.form.field_errors()) or 1
            self._say(self.tr("还有 {n} 处需要修改：{first}").format(n=count, first=problem))
            return
        self._go(Step.MATERIALS)

    def _materials_done(self) -> None:
        if self.draft is None or self.checklist is None:
            return
        missing = self.checklist.missing()
        if missing:
            self._say(self.tr("材料未收齐：{names}").format(names="、".join(missing)))
            return
        self._go(Step.REVIEW if self.draft.item.needs_review else Step.SUBMIT)

    def _submit_step(self) -> None:
        if self.outcome is not None and self.outcome.state is MessageState.REJECTED:
            self._go(Step.RECEIPT)
        else:
            self.submit()

    def _receipt_done(self) -> None:
        if self.state().rating_skipped:
            self._go(Step.DONE)
        else:
            self.start_rating()

    def _rating_done(self) -> None:
        if self.rating_step.over:
            self._go(Step.DONE)

    def back(self) -> None:
        """Esc: one step back; what was typed stays in the draft."""
        self.message.clear()
        if self.step >= Step.SUBMIT and not self.state().editable:
            self._say(self.tr("办件已提交，不能返回修改。"))
            return
        if self.step is Step.ITEM:
            if self.catalogue is not None and self.catalogue.search.edit.text():
                self.catalogue.search.edit.clear()
                return
            self._go(Step.IDENTIFY)
        elif self.step is Step.FORM:
            self._go(Step.ITEM)
        elif self.step is Step.MATERIALS:
            self._go(Step.FORM)
        elif self.step is Step.REVIEW:
            self._go(Step.MATERIALS)
        elif self.step is Step.SUBMIT and self.draft is not None:
            self._go(Step.REVIEW if self.draft.item.needs_review else Step.MATERIALS)

    def _go(self, step: Step) -> None:
        self.step = step
        self.stack.setCurrentWidget(self.pages[step])
        self._render()
        self._focus_step()
        self.step_changed.emit(step)

    def _focus_step(self) -> None:
        step = self.step
        if step is Step.IDENTIFY and self.identify is not None:
            self.identify.setFocus()
        elif step is Step.ITEM and self.catalogue is not None:
            self.catalogue.setFocus()
        elif step is Step.FORM and self.form is not None:
            first = self.form.first_editor()
            (first or self.form_page).setFocus()
        elif step is Step.MATERIALS and self.checklist is not None:
            self.checklist.setFocus()
        elif step is Step.REVIEW:
            self.review_page.button.setFocus()
        elif step is Step.SUBMIT and self.submit_page.button.isEnabled():
            self.submit_page.button.setFocus()
        else:
            self.pages[step].setFocus()

    # --- showing -------------------------------------------------------------------------

    def _approval_state(self) -> ApprovalState:
        if self.draft is None:
            return ApprovalState.NONE
        return self.draft.approval_state(self.cases.clock())

    def state(self) -> FlowState:
        return FlowState(
            step=self.step,
            ticket=self.ticket,
            draft=self.draft,
            outcome=self.outcome,
            approval=self._approval_state(),
            offline=self.cases.offline,
        )

    @property
    def printed(self) -> bool:
        return self.receipt_step.printed

    @property
    def rating(self) -> EvaluationOutcome | None:
        return self.rating_step.result

    def _render(self) -> None:
        state = self.state()
        self.header.set_marks(state.marks())
        self.header.setToolTip(self.tr("当前步骤：{step}").format(step=step_label(self.step)))
        self._render_case_bar()
        problems = state.banner()
        self.banner.setText("\n".join(problems))
        self.banner.setVisible(bool(problems))
        draft = self.draft
        approval = draft.approval if draft is not None else None
        approved = approval_text(approval) if approval is not None else None
        if state.approval is not ApprovalState.VALID:
            approved = None
        self.review_page.show_state(approved, state.review_problem())
        if draft is not None:
            self.submit_page.show_summary(draft, approved)
            self.submit_page.show_blocker(
                state.submit_blocker(), sent=not state.editable, again=self.outcome is not None
            )
        label = state.next_label()
        self.next_button.setVisible(label is not None)
        self.next_button.setText(label or "")
        self.next_button.setEnabled(self.step is not Step.RATING or self.rating_step.over)
        self.back_button.setVisible(state.can_go_back())
        if self.step is Step.DONE:
            self._render_done()

    def _render_case_bar(self) -> None:
        parts: list[str] = []
        if self.ticket is not None:
            parts.append(self.ticket.number)
        found = self.identification
        if found is not None:
            who = found.masked_name
            parts.append(f"{who} {found.masked_id}" if who else found.masked_id)
        if self.draft is not None:
            parts.append(f"{self.draft.item.name}（{self.draft.item.code}）")
        elif self.ticket is not None and self.ticket.item_name:
            parts.append(self.ticket.item_name)
        self.case_bar.setText(" · ".join(parts))
        self.case_bar.setVisible(bool(parts))

    def _after_edit(self) -> None:
        """After any change of the draft: voided review, blockers, header."""
        self._render()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _connection_changed(self, _state: ConnectionState) -> None:
        self._render()

    # --- review --------------------------------------------------------------------------

    def open_review(self) -> None:
        draft = self.draft
        if draft is None or self.review_dialog is not None:
            return
        if self.step is Step.REVIEW and self._approval_state() is ApprovalState.VALID:
            self._go(Step.SUBMIT)
            return
        errors = draft.errors()
        if errors:
            self._say(next(iter(errors.values())))
            return
        dialog, future = ask_review(self, self.cases, draft, self.runner)
        self.review_dialog = dialog
        generation = self._generation

        def done(_future: object) -> None:
            if generation != self._generation:
                return  # the citizen left meanwhile (the dialog was closed by the reset)
            self.review_dialog = None
            self.window().activateWindow()  # the keyboard comes back to the flow
            approval = future.result() if not future.cancelled() else None
            self._render()
            if approval is not None:
                self._say("")
                self._go(Step.SUBMIT)
            else:
                self.review_page.button.setFocus()

        future.add_done_callback(done)

    # --- submit --------------------------------------------------------------------------

    def submit(self) -> None:
        draft = self.draft
        if draft is None or self.step is not Step.SUBMIT:
            return
        blocker = self.state().submit_blocker()
        if blocker is not None:
            self._render()
            self._say(blocker)
            return
        self.submit_page.show_message(self.tr("正在提交…"), "Hint")
        self.runner.run(
            self.cases.submit(draft),
            control=self.submit_page.button,
            on_done=self._current(self._submitted),
            on_error=self._current(self._submit_refused),
        )

    def _submit_refused(self, message: str) -> None:
        self.submit_page.show_message(message, "Bad")
        self._say(message)
        self._render()

    def _submitted(self, outcome: SubmitOutcome) -> None:
        self.outcome = outcome
        self.case_submitted.emit(outcome.case_id)
        self.submit_page.show_outcome(outcome)
        self._render()
        if outcome.state is MessageState.NEEDS_ATTENTION:
            self.submit_page.setFocus()
            return
        if outcome.state is MessageState.REJECTED:
            self.next_button.setFocus()  # Enter prints the 不予受理告知
            return
        self._go(Step.RECEIPT)
        self.print_receipt()

    # --- receipt, rating -----------------------------------------------------------------

    def print_receipt(self, *, reprint: bool = False) -> None:
        if self.draft is not None and self.outcome is not None:
            materials = list(self.draft.materials.values())
            self.receipt_step.print(self.outcome, materials, self.draft.item, reprint=reprint)

    def reprint(self) -> None:
        """补打 (Ctrl+R): journaled as a reprint and marked 补打 on the slip."""
        if self.step >= Step.RECEIPT and self.outcome is not None:
            self.print_receipt(reprint=True)

    def start_rating(self) -> None:
        self._go(Step.RATING)
        if self.outcome is not None:
            self.rating_step.start(self.outcome.case_id)
        self._render()

    def _rating_over(self) -> None:
        if self.step is Step.RATING:
            self._go(Step.DONE)

    # --- 办结 ----------------------------------------------------------------------------

    def _render_done(self) -> None:
        page = self.done_page
        summary = self.rating_step.summary()
        if not summary and self.outcome is not None:
            summary = self.submit_page.outcome.text().split("\n")[0]
        page.message.setText(summary)
        lines = []
        case = self.receipt_step.case
        if case is not None and case.business_no:
            lines.append(self.tr("办件编号 {number}").format(number=case.business_no))
        lines.append(
            self.tr("按 Enter 办结本号，然后按 F2 叫下一位。")
            if self.ticket is not None
            else self.tr("按 Enter 结束本笔业务。")
        )
        page.note.setText("\n".join(lines))

    def finish(self) -> None:
        """办结: complete the ticket in the queue and clear the citizen's data."""
        ticket, session = self.ticket, self.services.sessions.current
        if ticket is None or session is None:
            self._close()
            return
        queue, window = self.services.queue, self.window_no

        async def complete() -> Ticket | None:
            current = await queue.current(window)
            if current is None or current.id != ticket.id:
                return None
            if current.state is TicketState.CALLED:
                await queue.start(session, window)
            return await queue.complete(session, window)

        self.runner.run(
            complete(),
            control=self.next_button,
            on_done=self._current(lambda _t: self._close()),
            on_error=self._current(self._say),
        )

    def _close(self) -> None:
        self._reset()
        self.ticket = None
        self._go(Step.CALL)
        self._say(self.tr("本号已办结。按 F2 叫下一位。"))
        self.case_closed.emit()

    def _current(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        """*callback*, but only while the flow still serves the same citizen."""
        generation = self._generation

        def guarded(value: T) -> None:
            if generation == self._generation:
                callback(value)

        return guarded

    def _reset(self) -> None:
        self._generation += 1
        if self.review_dialog is not None:
            self.review_dialog.reject()
            self.review_dialog = None
        for widget in (self.form, self.checklist):
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.form = self.checklist = None
        self.draft = None
        self.identification = None
        self.pending_item = None
        self.outcome = None
        self.message.clear()
        self.submit_page.outcome.clear()
        self.receipt_step.reset()
        self.rating_step.reset()
        if self.identify is not None:
            self.identify.set_case_active(False)
            self.identify.clear()
