"""The clerk's case flow by keyboard, in the real app against the embedded training platform.

Call (F2) → identify (F8 手工录入 with a reason) → the ticket's item opens → form (a field
error shown at the field, then fixed) → materials (Space) → review by T-CLERKB1 in the
dialog → submit → receipt printed (and 补打) → rating on the scripted evaluator → 办结.

Set COUNTER_UI_SHOTS=DIR to also save the screenshots the docs use.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from pytestqt.qtbot import QtBot

from counter.bureau.cases import IdentityMethod, RatingLevel
from counter.bureau.models import (
    CatalogueItem,
    FieldType,
    FormField,
    HandlingMode,
    Material,
    RiskLevel,
)
from counter.cases import OFFLINE_REFUSED, CaseDraft
from counter.evaluations import EvaluationAnswer, ScriptedEvaluator
from counter.identity import mask_id
from counter.outbox import MessageState
from counter.queue.model import Ticket, TicketState
from counter.training.forms import example_values
from counter.training.persons import featured_persons
from counter.training.seed import TRAINING_PASSWORD
from drivers.evaluator.simulated import SimulatedEvaluator
from tests.escpos_decoder import decode
from tests.gui_support import login_by_keyboard, until, visible_texts
from ui.app import CounterApp
from ui.cases import (
    CaseFlow,
    FormView,
    MaterialsChecklist,
    OutboxStatusLabel,
    Step,
    TodaysCases,
)
from ui.cases.steps import Mark
from ui.composition import Services
from ui.identify.panel import IdentifyPanel
from ui.qt import QApplication, QComboBox, QLabel, QPushButton, Qt, QWidget

EMPLOYEE, RETIREE = featured_persons()[0], featured_persons()[1]
REVIEW_ITEM = "SB02010"  # 养老保险待遇发放账户维护: needs_review, not offline_ok
PLAIN_ITEM = "SB08046"  # 社会保障卡应用状态查询: generic form (mobile + remark)
OFFLINE_ITEM = "SB09060"  # 就业登记（灵活就业）: 收件转运, offline_ok
REFUSED_ITEM = "SB08049"  # 解挂: refused for a card that is not lost
FLAGGED_ITEM = "SB04017"  # 权益记录打印: the platform's cross rule gives a 422
SHOTS = os.environ.get("COUNTER_UI_SHOTS")


@dataclass
class Counter:
    app: CounterApp
    services: Services
    flow: CaseFlow
    identify: IdentifyPanel
    today: TodaysCases
    qtbot: QtBot

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
        """A key on whatever has the focus, as the clerk's keyboard would send it."""
        focus = QApplication.focusWidget()
        assert focus is not None, "nothing has the keyboard focus"
        if modifier is None:
            self.qtbot.keyClick(focus, key)
        else:
            self.qtbot.keyClick(focus, key, modifier)

    def type(self, text: str) -> None:
        focus = QApplication.focusWidget()
        assert focus is not None
        self.qtbot.keyClicks(focus, text)


async def shoot(widget: QWidget, name: str) -> None:
    """Save a picture of *widget* when COUNTER_UI_SHOTS is set (no nested event loop)."""
    if SHOTS:
        await asyncio.sleep(0.05)  # let layouts and style changes settle
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


async def open_counter(gui: CounterApp, qtbot: QtBot) -> Counter:
    services = gui.services
    assert services is not None
    # The `gui` fixture starts the app outside this loop run; Qt may then step the outbox
    # sender while no loop is running, which ends it ("no running event loop"). The real
    # app runs one loop for good, so start the sender again here, as the app would have.
    if all(task.done() for task in services.background):
        services.background.append(asyncio.ensure_future(services.sender.run()))
    await login_by_keyboard(gui, qtbot, "T-CLERKA1", TRAINING_PASSWORD)
    await until(lambda: gui.window.workspace is not None)
    await until(lambda: services.catalogue.item(REVIEW_ITEM) is not None)
    workspace = gui.window.workspace
    flow, identify, today = workspace.case_flow, workspace.identify_panel, workspace.todays_cases
    assert flow is not None and identify is not None and today is not None
    assert flow.header.current() is Step.CALL
    return Counter(gui, services, flow, identify, today, qtbot)


async def call_ticket(counter: Counter, item_code: str) -> Ticket:
    """The guide's ticket for *item_code*, called by the clerk with F2."""
    services = counter.services
    session = services.sessions.current
    assert session is not None
    item = services.catalogue.item(item_code)
    assert item is not None
    ticket = await services.queue.issue(session, item_code=item.code, item_name=item.name)
    workspace = counter.app.window.workspace
    assert workspace is not None and workspace.call_panel is not None
    panel = workspace.call_panel
    await until(lambda: panel.waiting_count >= 1)
    counter.qtbot.keyClick(panel, Qt.Key.Key_F2)
    await until(lambda: counter.flow.step is Step.IDENTIFY)
    assert counter.flow.ticket is not None and counter.flow.ticket.number == ticket.number
    return ticket


async def identify_by_hand(counter: Counter, id_number: str) -> None:
    """F8 手工录入: the number, Enter, a reason (↓), Enter."""
    identify = counter.identify
    counter.qtbot.keyClick(identify, Qt.Key.Key_F8)
    assert identify.id_field.edit.hasFocus()
    counter.type(id_number)
    counter.press(Qt.Key.Key_Return)  # no reason yet: the reason box gets the focus
    await until(identify.reason_combo.hasFocus)
    counter.press(Qt.Key.Key_Down)  # 读卡器故障
    counter.press(Qt.Key.Key_Return)
    await until(lambda: counter.flow.identification is not None)


def slip_text(services: Services) -> str:
    png = services.printer.last_png  # type: ignore[attr-defined]
    assert png is not None and png.exists()
    return "\n".join(decode(png.with_suffix(".bin").read_bytes()).text_lines)


def shown(label: QLabel) -> bool:
    return label.isVisibleTo(label.window()) and bool(label.text())


async def fill_review_form(counter: Counter) -> None:
    """At the form of SB02010: a wrong account (error at the field), fixed; Tab through."""
    flow = counter.flow
    form = flow.form
    assert form is not None and flow.step is Step.FORM
    assert form.rows["bank"].editor.hasFocus()
    counter.press(Qt.Key.Key_Down)  # 中国工商银行
    counter.press(Qt.Key.Key_Tab)
    assert form.rows["bank_account"].editor.hasFocus()
    counter.type("6222 0212 3456 789X")
    assert form.error_text("bank_account") == "第16位字符“X”无效：发放账号（变更后）只能是数字"
    assert shown(form.rows["bank_account"].message)
    await shoot(flow, "case-form-error.png")
    await shoot(flow.window(), "clerk-case-form-window.png")
    counter.press(Qt.Key.Key_Return)  # refused: the form has errors
    assert flow.step is Step.FORM
    assert "还有" in flow.message.text()
    assert form.rows["bank"].editor.hasFocus() is False
    counter.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    counter.type("6222021234567899")
    assert form.error_text("bank_account") == ""
    assert "6222 0212 3456 7899" in form.rows["bank_account"].message.text()  # read back
    counter.press(Qt.Key.Key_Tab)
    counter.press(Qt.Key.Key_Down)  # 是
    counter.press(Qt.Key.Key_Tab)
    counter.type("13900002345")
    assert form.valid


async def tick_materials(counter: Counter) -> None:
    flow = counter.flow
    assert flow.step is Step.MATERIALS and flow.checklist is not None
    for index, _box in enumerate(flow.checklist.boxes.values()):
        if index:
            counter.press(Qt.Key.Key_Tab)
        counter.press(Qt.Key.Key_Space)
    assert flow.checklist.missing() == []
    await shoot(flow, "step-materials.png")


async def review_by(counter: Counter, staff_no: str, password: str) -> str:
    """Enter opens the review dialog; the reviewer types; the dialog's message or ''."""
    flow = counter.flow
    if flow.review_dialog is None:
        counter.press(Qt.Key.Key_Return)
        await until(lambda: flow.review_dialog is not None)
    dialog = flow.review_dialog
    assert dialog is not None
    if dialog.password_edit.hasFocus():  # after a refusal: back to the staff number
        counter.press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    await until(dialog.staff_edit.hasFocus)
    counter.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    counter.type(staff_no)
    counter.press(Qt.Key.Key_Return)
    assert dialog.password_edit.hasFocus()
    counter.type(password)
    counter.press(Qt.Key.Key_Return)
    await until(lambda: flow.review_dialog is None or dialog.password_edit.isEnabled())
    if flow.review_dialog is None:
        return ""
    await until(lambda: dialog.message.objectName() == "Error")
    return dialog.message.text()


async def receipt_rating_and_close(counter: Counter, ticket: Ticket) -> None:
    """From submit (Enter pressed) to 办结: receipt, 补打, the citizen's rating, the ticket."""
    flow, services, gui = counter.flow, counter.services, counter.app
    await until(lambda: flow.step is Step.RECEIPT, timeout=20)
    assert flow.outcome is not None and flow.outcome.state is MessageState.ACCEPTED
    number = flow.outcome.result.business_no if flow.outcome.result else ""
    assert number.startswith("ZJ")
    await until(lambda: flow.printed)
    text = slip_text(services)
    assert "受理回执" in text and number in text and "补打" not in text
    assert "T-CLERKB1" in text and mask_id(RETIREE.id_number) in text
    assert RETIREE.id_number not in text
    assert flow.receipt_page.business.text() == f"办件编号 {number}"
    # 补打 (Ctrl+R): marked on the slip.
    before = services.printer.last_png  # type: ignore[attr-defined]
    counter.press(
        Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    await until(lambda: services.printer.last_png != before)  # type: ignore[attr-defined]
    await until(lambda: flow.receipt_page.state.text().startswith("补打回执已打印"))
    assert "补打" in slip_text(services)
    await shoot(flow, "step-receipt.png")

    # The citizen rates on the evaluator; the clerk's screen only waits, then shows it.
    evaluator = services.evaluator  # the simulated pad of training mode takes a script
    assert isinstance(evaluator, SimulatedEvaluator | ScriptedEvaluator)
    evaluator.push(EvaluationAnswer(RatingLevel.SATISFIED))
    flow.receipt_page.setFocus()
    counter.press(Qt.Key.Key_Return)
    await until(lambda: flow.step is Step.DONE)
    assert flow.rating is not None and flow.rating.level is RatingLevel.SATISFIED
    assert "群众评价：满意" in flow.done_page.message.text()
    await shoot(flow, "step-done.png")
    workspace = gui.window.workspace
    assert workspace is not None
    levels = {level.value for level in RatingLevel}
    for control in workspace.findChildren(QPushButton) + workspace.findChildren(QComboBox):
        texts = (
            [control.text()]
            if isinstance(control, QPushButton)
            else [control.itemText(i) for i in range(control.count())]
        )
        assert not any(t in levels for t in texts), texts

    counter.press(Qt.Key.Key_Return)  # 办结
    await until(lambda: flow.step is Step.CALL and flow.ticket is None)
    done = await services.queue.ticket(ticket.id)
    assert done.state is TicketState.DONE
    assert flow.identify is not None and flow.identify.summary.identification is None
    await until(lambda: counter.today.state_of(flow_case(counter)) == "已受理")


def test_a_review_item_from_call_to_rating_by_keyboard(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        counter = await open_counter(gui, qtbot)
        flow = counter.flow
        ticket = await call_ticket(counter, REVIEW_ITEM)
        await identify_by_hand(counter, RETIREE.id_number)
        # The ticket's item opened by itself: the form, with the header showing where we are.
        await until(lambda: flow.step is Step.FORM)
        assert flow.draft is not None and flow.draft.item.code == REVIEW_ITEM
        assert flow.header.marks[Step.IDENTIFY] is Mark.DONE
        assert flow.header.marks[Step.FORM] is Mark.CURRENT
        assert "李**" in flow.case_bar.text() and RETIREE.id_number not in flow.case_bar.text()
        await until(lambda: flow.ticket is not None and flow.ticket.state is TicketState.SERVING)
        await fill_review_form(counter)
        counter.press(Qt.Key.Key_Return)
        assert flow.step is Step.MATERIALS
        await tick_materials(counter)
        counter.press(Qt.Key.Key_Return)
        assert flow.step is Step.REVIEW and flow.review_page.button.hasFocus()
        await shoot(flow, "step-review.png")

        # The reviewer (B post) types their own number and password in the dialog.
        assert await review_by(counter, "T-CLERKB1", TRAINING_PASSWORD) == ""
        await until(lambda: flow.step is Step.SUBMIT)
        approval = flow.review_page.state.text()
        assert approval.startswith("复核通过：张**（T-CLERKB1）")
        assert flow.header.marks[Step.REVIEW] is Mark.DONE
        assert flow.submit_page.button.isEnabled()
        assert flow.submit_page.button.hasFocus()
        await shoot(flow, "step-submit.png")
        summary = visible_texts(flow.submit_page)
        assert "622202******7899" in summary and "139****2345" in summary
        assert "6222021234567899" not in summary

        counter.press(Qt.Key.Key_Return)  # submit
        await receipt_rating_and_close(counter, ticket)

    loop.run_until_complete(scenario())


def flow_case(counter: Counter) -> str:
    return counter.today.views[-1].case_id if counter.today.views else ""


def test_a_field_error_keeps_the_case_from_being_submitted(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        counter = await open_counter(gui, qtbot)
        flow = counter.flow
        await call_ticket(counter, PLAIN_ITEM)
        await identify_by_hand(counter, EMPLOYEE.id_number)
        await until(lambda: flow.step is Step.FORM)
        form = flow.form
        assert form is not None and form.rows["mobile"].editor.hasFocus()
        counter.type("1380013800")
        assert form.error_text("mobile") == "手机号码应为11位数字，当前为10位"
        counter.press(Qt.Key.Key_Return)
        assert flow.step is Step.FORM and form.rows["mobile"].editor.hasFocus()
        # Even on the submit page (the clerk cannot get there, a test can), nothing goes out.
        flow._go(Step.SUBMIT)
        assert not flow.submit_page.button.isEnabled()
        assert "手机号码应为11位数字" in flow.submit_page.blocker.text()
        flow.submit()
        assert counter.services.outbox.outbox_size() == 0
        # Esc goes back and keeps what was typed.
        flow.submit_page.setFocus()
        counter.press(Qt.Key.Key_Escape)
        assert flow.step is Step.MATERIALS
        counter.press(Qt.Key.Key_Escape)
        assert flow.step is Step.FORM
        assert form.value_of("mobile") == "1380013800"
        assert (await counter.services.cases.todays_cases()) == []
        # The ticket is put on hold (F10): the unsent case is dropped, the citizen forgotten.
        counter.press(Qt.Key.Key_F10)
        await until(lambda: flow.step is Step.CALL)
        assert "S001 已不在本窗口" in flow.message.text()
        assert flow.draft is None and flow.identification is None
        assert counter.identify.summary.identification is None

    loop.run_until_complete(scenario())


def test_review_refusals_and_an_edit_after_approval_voids_it(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        counter = await open_counter(gui, qtbot)
        flow = counter.flow
        await call_ticket(counter, REVIEW_ITEM)
        await identify_by_hand(counter, RETIREE.id_number)
        await until(lambda: flow.step is Step.FORM)
        await fill_review_form(counter)
        counter.press(Qt.Key.Key_Return)
        await tick_materials(counter)
        counter.press(Qt.Key.Key_Return)
        assert flow.step is Step.REVIEW

        message = await review_by(counter, "T-CLERKA1", TRAINING_PASSWORD)
        assert message == "复核人不能是经办人本人，请由另一岗位人员复核"
        assert flow.review_dialog is not None
        await shoot(flow.review_dialog, "review-dialog.png")
        message = await review_by(counter, "T-CLERKB1", "Wrong#pass1")
        assert message.startswith("复核人") and "密码错误" in message
        assert flow.review_dialog.password_edit.text() == ""
        message = await review_by(counter, "T-GUIDE01", TRAINING_PASSWORD)
        assert message == "工号 T-GUIDE01 没有复核权限，请由复核人员复核"
        assert await review_by(counter, "T-SUPER01", TRAINING_PASSWORD) == ""
        await until(lambda: flow.step is Step.SUBMIT)
        assert flow.submit_page.button.isEnabled()

        # Back to the form (Esc ×3) and one edit: the approval is void, submit is blocked.
        for expected in (Step.REVIEW, Step.MATERIALS, Step.FORM):
            counter.press(Qt.Key.Key_Escape)
            assert flow.step is expected
        form = flow.form
        assert form is not None
        form.rows["mobile"].editor.setFocus()
        counter.press(Qt.Key.Key_Backspace)
        counter.type("6")
        assert flow.banner.isVisible() and "复核已失效，请重新复核" in flow.banner.text()
        await shoot(flow, "review-voided.png")
        counter.press(Qt.Key.Key_Return)
        counter.press(Qt.Key.Key_Return)
        assert flow.step is Step.REVIEW
        assert flow.review_page.state.text() == "复核已失效，请重新复核"
        assert flow.header.marks[Step.REVIEW] is Mark.CURRENT
        flow._go(Step.SUBMIT)
        assert not flow.submit_page.button.isEnabled()
        assert flow.submit_page.blocker.text() == "复核已失效，请重新复核"
        assert counter.services.outbox.outbox_size() == 0

    loop.run_until_complete(scenario())


def test_offline_an_item_without_offline_acceptance_is_refused_before_submit(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        counter = await open_counter(gui, qtbot)
        flow, services = counter.flow, counter.services
        await call_ticket(counter, PLAIN_ITEM)
        await identify_by_hand(counter, EMPLOYEE.id_number)
        await until(lambda: flow.step is Step.FORM)
        counter.type("13800001234")
        counter.press(Qt.Key.Key_Return)
        await tick_materials(counter)
        counter.press(Qt.Key.Key_Return)
        assert flow.step is Step.SUBMIT and flow.submit_page.button.isEnabled()

        services.monitor.failed("测试：专线中断")
        await until(lambda: not flow.submit_page.button.isEnabled())
        assert flow.submit_page.blocker.text() == OFFLINE_REFUSED
        assert flow.banner.isVisible() and OFFLINE_REFUSED in flow.banner.text()
        flow.submit_page.setFocus()
        counter.press(Qt.Key.Key_Return)
        assert flow.message.text() == OFFLINE_REFUSED
        assert services.outbox.outbox_size() == 0

        # An item that may be accepted offline: "已受理，待上传" on screen and receipt.
        flow.submit_page.setFocus()
        for _ in range(3):
            counter.press(Qt.Key.Key_Escape)
        assert flow.step is Step.ITEM
        catalogue = flow.catalogue
        assert catalogue is not None and catalogue.search.edit.hasFocus()
        counter.type(OFFLINE_ITEM)
        counter.press(Qt.Key.Key_Return)  # the search opens it; the flow takes it
        await until(lambda: flow.step is Step.FORM)
        assert flow.draft is not None and flow.draft.item.code == OFFLINE_ITEM
        assert flow.form is not None and flow.form.value_of("mobile") == "13800001234"  # kept
        counter.press(Qt.Key.Key_Return)
        await tick_materials(counter)
        services.monitor.failed("测试：专线中断")
        counter.press(Qt.Key.Key_Return)
        assert flow.step is Step.SUBMIT and flow.submit_page.button.isEnabled()
        counter.press(Qt.Key.Key_Return)
        await until(lambda: flow.printed)
        assert flow.outcome is not None and flow.outcome.accepted_offline
        assert flow.submit_page.outcome.text().startswith("已受理，待上传")
        assert "已受理，待上传" in slip_text(services)

    loop.run_until_complete(scenario())


async def submit_directly(services: Services, code: str, person: str, **form: str) -> str:
    """A case through the core (the list test needs several, not the keyboard)."""
    item = services.catalogue.item(code)
    assert item is not None
    draft = services.cases.new_draft(item)
    draft.set_person(person, IdentityMethod.ID_CARD)
    draft.prefill({**example_values(item.form_fields), **form})
    for material in item.materials:
        draft.set_material(material.name, True)
    outcome = await services.cases.submit(draft)
    return outcome.case_id


def test_todays_cases_show_each_state_and_the_outbox_size(
    gui: CounterApp, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> None:
        counter = await open_counter(gui, qtbot)
        services, today = counter.services, counter.today
        status = OutboxStatusLabel(services.outbox)
        qtbot.addWidget(status)
        accepted = await submit_directly(services, PLAIN_ITEM, EMPLOYEE.id_number)
        refused = await submit_directly(services, REFUSED_ITEM, EMPLOYEE.id_number)
        flagged = await submit_directly(
            services, FLAGGED_ITEM, EMPLOYEE.id_number, period_from="2024-05", period_to="2020-01"
        )
        await until(lambda: today.state_of(flagged) == "需处理", timeout=20)
        # The sender stops (as if the network went away): a new case waits in the outbox.
        for task in services.background:
            task.cancel()
        await asyncio.gather(*services.background, return_exceptions=True)
        services.monitor.failed("测试：专线中断")
        queued = await submit_directly(services, OFFLINE_ITEM, EMPLOYEE.id_number)
        await until(lambda: today.state_of(queued) is not None)
        assert today.state_of(accepted) == "已受理"
        assert today.state_of(refused) == "不予受理"
        assert today.state_of(flagged) == "需处理"
        assert today.state_of(queued) == "待上传（离线）"
        table = "\n".join(
            today.table.item(r, c).text()
            for r in range(today.table.rowCount())
            for c in range(today.table.columnCount())
        )
        assert mask_id(EMPLOYEE.id_number) in table and EMPLOYEE.id_number not in table
        tips = {today.table.item(r, 2).toolTip() for r in range(today.table.rowCount())}
        assert any("无需解挂" in t for t in tips)
        assert any("起始年月不能晚于截止年月" in t for t in tips)
        today.table.setFocus()
        counter.press(Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # the newest
        counter.press(Qt.Key.Key_Down)
        assert "需处理 — " in today.detail.text() and "起始年月" in today.detail.text()
        await until(lambda: status.text().startswith("待上传 1 件"))
        assert "需处理 1 件" in status.text()
        await shoot(today, "todays-cases.png")
        await shoot(today.window(), "clerk-todays-cases-window.png")

    loop.run_until_complete(scenario())


def every_type_item() -> CatalogueItem:
    fields = [
        FormField(name="kind", label="类别", type=FieldType.CHOICE, choices=["甲", "乙"]),
        FormField(name="day", label="遗失日期", type=FieldType.DATE),
        FormField(name="month", label="生效年月", type=FieldType.YEAR_MONTH),
        FormField(name="amount", label="年缴费额", type=FieldType.MONEY),
        FormField(name="id_number", label="证件号码", type=FieldType.ID_NUMBER),
        FormField(name="mobile", label="联系电话", type=FieldType.MOBILE),
        FormField(name="account", label="银行账号", type=FieldType.BANK_ACCOUNT),
        FormField(name="address", label="通讯地址", type=FieldType.ADDRESS),
        FormField(name="agree", label="本人到场", type=FieldType.YES_NO),
        FormField(name="remark", label="备注", type=FieldType.TEXT, required=False),
    ]
    return CatalogueItem(
        code="SB99001",
        group="测试",
        version=1,
        effective_from=date(2020, 1, 1),
        outlet_categories=[1],
        risk=RiskLevel.LOW,
        needs_review=False,
        mode=HandlingMode.FULL,
        offline_ok=False,
        name="全类型表单",
        brief="",
        materials=[Material(name="身份证件"), Material(name="户籍信息", shareable=True)],
        channel="",
        time_limit="即办",
        delivery="",
        fee="",
        hours="",
        place="",
        enquiry="",
        complaint="",
        form_fields=fields,
    )


def test_the_form_takes_every_field_type_and_the_checklist_marks_shared_materials(
    qtbot: QtBot,
) -> None:
    draft = CaseDraft(every_type_item(), maker="T-CLERKA1", outlet_code="330102001", window=3)
    draft.prefill({"id_number": EMPLOYEE.id_number})  # as the flow does from the lookup
    form = FormView(draft)
    qtbot.addWidget(form)
    form.show()
    assert form.value_of("id_number") == EMPLOYEE.id_number  # prefilled from the lookup
    typed = {
        "day": "2024/5/1",
        "month": "202405",
        "amount": "¥1,234.5",
        "mobile": "13800001234",
        "account": "6222021234567899",
        "address": "杭州市上城区湖滨街道东坡路 10 号",
    }
    for name, text in typed.items():
        form.rows[name].editor.setFocus()
        commit(form.rows[name].editor, text)
    kind = form.rows["kind"].editor
    agree = form.rows["agree"].editor
    assert isinstance(kind, QComboBox) and isinstance(agree, QComboBox)
    assert kind.currentIndex() == -1 and agree.currentIndex() == -1  # no default answer
    assert draft.checks["agree"].error == "请选择本人到场"
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)
    agree.setFocus()
    qtbot.keyClick(agree, Qt.Key.Key_Down)
    assert form.valid, form.field_errors()
    values = {name: check.value for name, check in draft.checks.items()}
    assert values["day"] == "2024-05-01" and values["month"] == "2024-05"
    assert values["amount"] == 123450  # integer fen
    assert values["agree"] is True and values["kind"] == "甲"
    assert form.rows["amount"].message.text() == "＝ 1,234.50 元"
    assert form.rows["day"].message.text() == "＝ 2024-05-01"
    form.rows["address"].editor.setFocus()
    qtbot.keyClick(form.rows["address"].editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    commit(form.rows["address"].editor, "杭州")
    assert form.error_text("address") == "通讯地址过短，请填写到街道门牌号（至少5个字）"

    checklist = MaterialsChecklist(draft)
    qtbot.addWidget(checklist)
    assert (
        checklist.boxes["户籍信息"].isChecked()
        and "可共享免交" in checklist.boxes["户籍信息"].text()
    )
    assert not checklist.boxes["身份证件"].isChecked()
    assert checklist.missing() == ["身份证件"]
    checklist.boxes["身份证件"].setFocus()
    qtbot.keyClick(checklist.boxes["身份证件"], Qt.Key.Key_Space)
    assert checklist.missing() == [] and draft.materials["身份证件"].received


def commit(widget: QWidget, text: str) -> None:
    """Text as the input method commits it (QTest cannot type Chinese or ¥ key by key)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
