"""The supervisor's workspace in the real app (training mode), driven by keyboard and labels.

A day is made through the core services as the clerks would make it (tickets issued,
called, served, a no-show, an out-of-order call, a transfer, a cancel, a pause; cases
accepted and flagged; a 差评), then T-SUPER01 logs in by keyboard and sees it: today's
figures, the exceptions, and — end to end — the day close: preconditions met one by one,
the password again, the close sent, the slip printed in the training preview.

Set COUNTER_UI_SHOTS=DIR to also save the screenshots the docs use (1366×768).
"""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from counter.bureau.cases import IdentityMethod, RatingLevel
from counter.bureau.models import Post
from counter.bureau.supervision import FeedbackCategory, FeedbackSource
from counter.day_exceptions import ExceptionKind
from counter.dayclose import CheckKey
from counter.evaluations import EvaluationAnswer, ScriptedEvaluator
from counter.followup import Outcome, Stage
from counter.identity import mask_id
from counter.journal import BUSINESS_TZ, Action
from counter.outbox import MessageState
from counter.queue.model import Priority, Ticket
from counter.reconcile import Discrepancy
from counter.session import ActiveSession
from counter.training.forms import example_values
from counter.training.persons import featured_persons
from counter.training.seed import TRAINING_PASSWORD
from tests.escpos_decoder import decode
from tests.gui_support import gui, login_by_keyboard, loop, until, visible_texts  # noqa: F401
from tests.test_cases_support import open_desk
from ui.app import CounterApp
from ui.composition import Services
from ui.qt import QApplication, QDialog, QLineEdit, QPlainTextEdit, Qt, QWidget
from ui.supervisor import SupervisorWorkspace
from ui.supervisor.followup import FollowUpPage
from ui.supervisor.forms import FormDialog
from ui.supervisor.roster import RosterPage

EMPLOYEE = featured_persons()[0]
PLAIN_ITEM = ("SB08046", "社会保障卡应用状态查询")
OFFLINE_ITEM = ("SB09060", "就业登记（灵活就业）")
FLAGGED_ITEM = ("SB04017", "权益记录打印")
SHOTS = os.environ.get("COUNTER_UI_SHOTS")


async def shoot(widget: QWidget, name: str) -> None:
    """Save a screenshot (with COUNTER_UI_SHOTS). Waits on the loop for paints: never
    `processEvents()` inside a task (qasync would run other tasks re-entrantly)."""
    if SHOTS:
        await asyncio.sleep(0.3)
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


class DayClock:
    """The queue's clock, set to times of today (Asia/Shanghai)."""

    def __init__(self) -> None:
        self.today = datetime.now(BUSINESS_TZ).date()
        self.now = datetime.now(UTC)

    def at(self, hour: int, minute: int = 0) -> None:
        local = datetime(self.today.year, self.today.month, self.today.day, hour, minute)
        self.now = local.replace(tzinfo=BUSINESS_TZ).astimezone(UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now


@dataclass
class Day:
    clerk_a: ActiveSession
    clerk_b: ActiveSession
    tickets: dict[str, Ticket]
    flagged_case: str
    rated_case: str


async def stop_sender(services: Services) -> None:
    """The tests deliver the outbox themselves (`sender.drain`): the background sender the
    `gui` fixture started in its own run_until_complete does not survive into the test's
    run under qasync (its timer fires with no running loop: RuntimeError in asyncio.wait)."""
    for task in services.background:
        task.cancel()
    await asyncio.gather(*services.background, return_exceptions=True)
    services.background.clear()


async def submit(services: Services, code: str, **form: str) -> str:
    item = services.catalogue.item(code)
    assert item is not None
    draft = services.cases.new_draft(item)
    draft.set_person(EMPLOYEE.id_number, IdentityMethod.ID_CARD)
    draft.prefill({**example_values(item.form_fields), **form})
    for material in item.materials:
        draft.set_material(material.name, True)
    outcome = await services.cases.submit(draft)
    return outcome.case_id


async def clerks(services: Services) -> tuple[ActiveSession, ActiveSession]:
    """T-CLERKA1 logged in at this counter, and T-CLERKB1 at the next window (the queue
    only needs the session's staff and window)."""
    await stop_sender(services)
    clerk_a = await services.sessions.login("T-CLERKA1", TRAINING_PASSWORD)
    services.catalogue.set_outlet(clerk_a.outlet)
    await services.catalogue.sync(clerk_a.staff.staff_no)
    staff_b = clerk_a.staff.model_copy(
        update={"staff_no": "T-CLERKB1", "name": "张丽华", "post": Post.B}
    )
    return clerk_a, replace(clerk_a, staff=staff_b, window=clerk_a.window + 1)


async def queue_day(services: Services, a: ActiveSession, b: ActiveSession) -> dict[str, Ticket]:
    """waits (first call − issue): 1st 10, 2nd 7, 3rd 28, 4th 12, 5th 30 min;
    service (complete − call): 1st 10, 2nd 18, 4th 14 min; the 5th transferred (its new
    leg still waits), the 6th cancelled; window A paused 30 min (午休)."""
    queue, clock = services.queue, DayClock()
    queue.clock = clock
    t: list[Ticket] = []
    for hour, minute, (code, name) in (
        (9, 0, PLAIN_ITEM),
        (9, 5, OFFLINE_ITEM),
        (9, 8, PLAIN_ITEM),
        (9, 9, FLAGGED_ITEM),
        (9, 10, PLAIN_ITEM),
        (9, 11, OFFLINE_ITEM),
    ):
        clock.at(hour, minute)
        t.append(await queue.issue(a, item_code=code, item_name=name))
    to_item = services.catalogue.item(OFFLINE_ITEM[0])
    script: list[tuple[int, int, Callable[[], Awaitable[object]]]] = [
        (9, 10, lambda: queue.call_next(a, a.window)),
        (9, 12, lambda: queue.call_next(b, b.window)),
        (9, 20, lambda: queue.complete(a, a.window)),
        (9, 21, lambda: queue.call_specific(a, a.window, t[3].id, "预约办理")),
        (9, 30, lambda: queue.complete(b, b.window)),
        (9, 35, lambda: queue.complete(a, a.window)),
        (9, 36, lambda: queue.call_next(a, a.window)),
        (9, 37, lambda: queue.no_show(a, a.window)),
        (9, 40, lambda: queue.call_next(b, b.window)),
        (9, 45, lambda: queue.transfer(b, b.window, to_item=to_item)),
        (9, 46, lambda: queue.cancel(a, t[5].id, "办事人离开")),
        (9, 50, lambda: queue.pause(a, a.window, "午休")),
        (10, 20, lambda: queue.resume(a, a.window)),
    ]
    for hour, minute, step in script:
        clock.at(hour, minute)
        await step()
    return {ticket.number: ticket for ticket in t}


async def cases_day(services: Services) -> tuple[str, str]:
    """An accepted case rated 不满意 (a 差评) and a case the platform flags (422)."""
    services.cases.settle_wait_s = 0  # the test drains the outbox itself
    rated = await submit(services, PLAIN_ITEM[0])
    flagged = await submit(services, FLAGGED_ITEM[0], period_from="2024-05", period_to="2020-01")
    await services.sender.drain(timeout=30)
    for case_id, state in ((rated, MessageState.ACCEPTED), (flagged, MessageState.NEEDS_ATTENTION)):
        view = await services.cases.case(case_id)
        assert view is not None and view.state is state, view
    services.evaluations.evaluator = ScriptedEvaluator(
        [EvaluationAnswer(RatingLevel.DISSATISFIED, ("办理时间长",), "等了很久")]
    )
    await services.evaluations.evaluate(rated)
    await services.sender.drain(timeout=30)
    return rated, flagged


async def make_day(services: Services) -> Day:
    """The fixture day (times in Asia/Shanghai; the figures are checked in the tests)."""
    clerk_a, clerk_b = await clerks(services)
    tickets = await queue_day(services, clerk_a, clerk_b)
    rated, flagged = await cases_day(services)
    await services.sessions.logout()
    return Day(clerk_a, clerk_b, tickets, flagged, rated)


async def open_supervisor(gui: CounterApp, qtbot: QtBot) -> SupervisorWorkspace:  # noqa: F811
    await login_by_keyboard(gui, qtbot, "T-SUPER01", TRAINING_PASSWORD)
    await until(lambda: gui.window.workspace is not None)
    workspace = gui.window.workspace
    supervisor = getattr(workspace, "supervisor", None)
    assert isinstance(supervisor, SupervisorWorkspace)
    return supervisor


async def finish(gui: CounterApp, scenario: Coroutine[Any, Any, None]) -> None:  # noqa: F811
    """Run *scenario*, then let the pages' loads end inside this run of the loop (under
    qasync a task left pending would be resumed outside it)."""
    await scenario
    await until(lambda: not gui.runner.tasks, timeout=30)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard focus"
    if modifier is None:
        qtbot.keyClick(focus, key)
    else:
        qtbot.keyClick(focus, key, modifier)


def test_today_shows_the_days_figures(
    gui: CounterApp,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    qtbot: QtBot,
) -> None:
    async def scenario() -> None:
        services = gui.services
        assert services is not None
        await make_day(services)
        gui.window.resize(1366, 768)
        ws = await open_supervisor(gui, qtbot)
        today = ws.today_page
        await until(lambda: today.report is not None and today.report.queue.issued == 6)
        tiles = today.tiles
        assert tiles["issued"].value.text() == "6"
        assert tiles["served"].value.text() == "3"
        assert tiles["no_show"].value.text() == "1"
        assert tiles["transferred"].value.text() == "1"
        assert tiles["cancelled"].value.text() == "1"
        assert tiles["open"].value.text() == "1"
        assert tiles["waiting"].value.text() == "12.0"
        assert "P90 30.0" in tiles["waiting"].note.text()
        assert tiles["service"].value.text() == "14.0"
        assert "P90 18.0" in tiles["service"].note.text()
        assert tiles["pauses"].value.text() == "30.0"
        texts = visible_texts(ws)
        assert "今日概况" in texts
        pauses = today.pauses.texts()
        assert ["原因：午休", "30.0"] in pauses
        clerks = {row[0]: row for row in today.by_clerk.texts()}
        assert clerks["T-CLERKA1"][2] == "2"  # served A001 and A004
        assert clerks["T-CLERKB1"][2] == "1"
        assert "09：" in today.hour_counts.accessibleDescription() or "09" in (
            today.hour_counts.accessibleDescription()
        )
        assert "T-CLERKA1" in today.ratings.accessibleDescription()
        assert "不满意 1" in today.ratings.accessibleDescription()
        await shoot(gui.window, "supervisor-today.png")

    loop.run_until_complete(finish(gui, scenario()))


async def ctrl(qtbot: QtBot, ws: SupervisorWorkspace, n: int) -> None:
    """Ctrl+n in the main window (after a dialog closed, it is made active again first)."""
    window = ws.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        await until(lambda: QApplication.activeWindow() is window)
    focus = QApplication.focusWidget() or ws.nav
    qtbot.keyClick(focus, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.ControlModifier)


def check_row(ws: SupervisorWorkspace, key: CheckKey) -> bool:
    return ws.close_page.rows[key].ok


async def answer_reason(qtbot: QtBot) -> None:
    """The reason dialog opened by the last action: take its first choice with Enter."""
    await until(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    await until(lambda: QApplication.activeModalWidget() is None)


def activate(qtbot: QtBot, button: QWidget) -> None:
    """Tab-reachable buttons are pressed with the space bar, as from the keyboard."""
    assert button.isVisible() and button.isEnabled(), button
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_exceptions_list_what_to_do_and_acknowledge(
    gui: CounterApp,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    qtbot: QtBot,
) -> None:
    async def scenario() -> None:
        services = gui.services
        assert services is not None
        day = await make_day(services)
        gui.window.resize(1366, 768)
        ws = await open_supervisor(gui, qtbot)
        page = ws.exceptions_page
        await until(lambda: page.rows != [])
        kinds = {r.item.kind for r in page.rows}
        assert {
            ExceptionKind.OUT_OF_ORDER,
            ExceptionKind.CASE_FLAGGED,
            ExceptionKind.BAD_RATING,
        } <= kinds
        assert ws.nav.item(1).text().startswith("异常（")
        await ctrl(qtbot, ws, 2)
        assert ws.current_key() == "exceptions"
        out_of_order = next(r for r in page.rows if r.item.kind is ExceptionKind.OUT_OF_ORDER)
        assert page.select_key(out_of_order.item.key)
        assert "预约办理" in out_of_order.item.detail
        assert "防止挑号" in page.todo.text()  # what to do, beside the list
        texts = visible_texts(page)
        assert "非顺序叫号" in texts or page.table.texts()
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter: acknowledge the selected
        await answer_reason(qtbot)
        await until(
            lambda: any(r.settled for r in page.rows if r.item.kind is ExceptionKind.OUT_OF_ORDER)
        )
        flagged = next(r for r in page.rows if r.item.kind is ExceptionKind.CASE_FLAGGED)
        assert page.select_key(flagged.item.key)
        assert page.requeue_button.isVisible() and page.dismiss_button.isVisible()
        assert page.ack_button.text() == "填写说明…"
        bad = next(r for r in page.rows if r.item.kind is ExceptionKind.BAD_RATING)
        assert page.select_key(bad.item.key)
        activate(qtbot, page.follow_button)
        await until(lambda: ws.current_key() == "followup")
        followup = ws.followup_page
        await until(lambda: followup.selected() is not None)
        selected = followup.selected()
        assert selected is not None and selected.case_id == day.rated_case
        assert followup.step_button.text() == "登记回访…"
        ws.show_page("exceptions")
        assert page.select_key(out_of_order.item.key)
        await shoot(gui.window, "supervisor-exceptions.png")

    loop.run_until_complete(finish(gui, scenario()))


async def meet_preconditions(qtbot: QtBot, ws: SupervisorWorkspace) -> None:
    """The checklist's items met one by one, from the keyboard."""
    close = ws.close_page
    # 1. batch close of the open tickets, with a reason
    activate(qtbot, close.rows[CheckKey.TICKETS].action)
    await answer_reason(qtbot)
    await until(lambda: check_row(ws, CheckKey.TICKETS), timeout=20)
    assert not close.sign_button.isEnabled()
    # 2. the case still in the outbox, explained
    activate(qtbot, close.rows[CheckKey.OUTBOX].explain)
    await answer_reason(qtbot)
    await until(lambda: check_row(ws, CheckKey.OUTBOX), timeout=20)
    assert not close.sign_button.isEnabled()
    # 3. the exceptions, acknowledged on the exceptions page one by one
    activate(qtbot, close.rows[CheckKey.EXCEPTIONS].action)
    await until(lambda: ws.current_key() == "exceptions")
    page = ws.exceptions_page
    await until(lambda: page.rows != [])
    while any(not r.settled for r in page.rows):
        waiting = next(r for r in page.rows if not r.settled)
        assert page.select_key(waiting.item.key)
        activate(qtbot, page.ack_button)
        await answer_reason(qtbot)
        await until(
            lambda key=waiting.item.key: any(r.settled for r in page.rows if r.item.key == key)
        )
    await ctrl(qtbot, ws, 7)
    await until(lambda: check_row(ws, CheckKey.EXCEPTIONS), timeout=20)
    assert not close.sign_button.isEnabled()
    # 4. the reconciliation difference explained
    activate(qtbot, close.rows[CheckKey.RECONCILE].explain)
    await answer_reason(qtbot)
    await until(lambda: check_row(ws, CheckKey.RECONCILE), timeout=20)
    await until(close.sign_button.isEnabled)
    assert "全部满足" in close.state.text()


async def type_password(qtbot: QtBot, ws: SupervisorWorkspace, password: str) -> None:
    close = ws.close_page
    await until(close.sign_button.isEnabled)
    activate(qtbot, close.sign_button)
    await until(lambda: close.password_dialog is not None)
    dialog = close.password_dialog
    assert dialog is not None and dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_full_day_close_by_keyboard(
    gui: CounterApp,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    qtbot: QtBot,
) -> None:
    async def scenario() -> None:
        services = gui.services
        assert services is not None
        day = await make_day(services)
        gui.window.resize(1366, 768)
        ws = await open_supervisor(gui, qtbot)
        close = ws.close_page
        await ctrl(qtbot, ws, 7)
        assert ws.current_key() == "close"
        await until(lambda: close.checklist is not None, timeout=20)
        assert not close.sign_button.isEnabled()
        assert {key for key in CheckKey if not check_row(ws, key)} == {
            CheckKey.TICKETS,  # the transferred leg still waits
            CheckKey.OUTBOX,  # the flagged case
            CheckKey.EXCEPTIONS,
            CheckKey.RECONCILE,  # the flagged case is unknown to the platform
        }
        await meet_preconditions(qtbot, ws)

        # A wrong password signs nothing.
        await type_password(qtbot, ws, "wrong-password")
        await until(close.message.isVisible, timeout=20)
        assert "密码错误" in close.message.text()
        assert close.record is None

        # The sign-off: the password again, the close sent, the slip printed.
        ws.services.day_close.settle_wait_s = 0  # the test delivers the outbox itself
        await type_password(qtbot, ws, TRAINING_PASSWORD)
        await until(lambda: close.result is not None, timeout=30)
        result = close.result
        assert result is not None and result.printed
        record = result.record
        png = services.printer.last_png  # type: ignore[attr-defined]
        slip = "\n".join(decode(png.with_suffix(".bin").read_bytes()).text_lines)
        assert "日结签字单" in slip
        assert record.journal_head[:32] in slip and record.journal_head[32:] in slip
        await services.sender.drain(timeout=30)
        sent = await services.outbox.get(record.outbox_key)
        assert sent is not None and sent.state is MessageState.ACCEPTED
        await until(lambda: close.result_values["upload"].text() == "已受理", timeout=20)
        assert close.result_card.isVisible()
        assert record.journal_head in close.result_values["head"].text()
        assert {p.suffix for p in result.files} == {".pdf", ".json", ".csv"}
        assert all(p.exists() for p in result.files)
        await shoot(gui.window, "supervisor-closed.png")
        assert gui.window.height() == 768  # the page never pushes the window taller

        # The day is read-only now: on every page, and in the core.
        assert not close.sign_button.isEnabled() and close.sign_button.text() == "已日结"
        assert ws.read_only and ws.reconcile_page.read_only
        await until(lambda: "已日结（只读）" in ws.today_page.stamp.text())
        ws.show_page("exceptions")
        await until(lambda: "只读" in ws.exceptions_page.summary.text())
        with pytest.raises(Exception, match="DAY_CLOSED"):
            await services.queue.issue(day.clerk_a, item_code=PLAIN_ITEM[0])
        # The report can be exported again.
        ws.show_page("close")
        activate(qtbot, close.export_buttons["csv"])
        await until(lambda: "csv" in close.exported and close.export_note.isVisible())
        assert close.exported["csv"].read_text(encoding="utf-8").startswith("\ufeff部分")

    loop.run_until_complete(finish(gui, scenario()))


def test_reconciliation_lists_each_discrepancy_with_what_to_do(
    gui: CounterApp,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        services = gui.services
        assert services is not None
        day = await make_day(services)
        # Another PC of the outlet filed a case this one does not hold.
        other = open_desk(
            services.training_server,  # type: ignore[arg-type]
            tmp_path / "other-pc.sqlite3",
            window=day.clerk_a.window + 2,
        )
        try:
            await other.login("T-CLERKB1")
            foreign = other.draft(PLAIN_ITEM[0], ticket=None)
            await other.cases.submit(foreign)
            await other.sender.drain(timeout=30)
        finally:
            await other.close()
        gui.window.resize(1366, 768)
        ws = await open_supervisor(gui, qtbot)
        await ctrl(qtbot, ws, 3)
        page = ws.reconcile_page
        await until(lambda: page.result is not None, timeout=20)
        result = page.result
        assert result is not None and not result.clean
        local_only = page.items[Discrepancy.LOCAL_ONLY]
        assert [i.case_id for i in local_only] == [day.flagged_case]
        assert "按提示修改后重新提交" in local_only[0].what_to_do
        platform_only = page.items[Discrepancy.PLATFORM_ONLY]
        assert [i.case_id for i in platform_only] == [foreign.case_id]
        assert page.items[Discrepancy.STATUS_DIFFERS] == []
        assert page.cards[Discrepancy.PLATFORM_ONLY].title.text().endswith("（1）")
        assert "2 处不一致" in page.status.text()
        table = page.tables[Discrepancy.PLATFORM_ONLY]
        table.setFocus()
        table.selectRow(0)
        assert "核对经办人 T-CLERKB1 的纸质材料" in page.detail.text()
        activate(qtbot, page.explain_button)
        await answer_reason(qtbot)
        await until(
            lambda: (
                bool(page.items[Discrepancy.PLATFORM_ONLY])
                and page.items[Discrepancy.PLATFORM_ONLY][0].explained
            ),
            timeout=20,
        )
        assert "1 处待说明" in page.status.text()
        page.tables[Discrepancy.LOCAL_ONLY].selectRow(0)
        await shoot(gui.window, "supervisor-reconcile.png")

    loop.run_until_complete(finish(gui, scenario()))


@dataclass
class Window:
    session: ActiveSession
    busy_until: int | None = None
    pause: tuple[int, str, int] | None = None  # from minute, reason, length
    paused_until: int | None = None


class BusyDay:
    """Two windows from 08:30 to 17:00, minute by minute (for the docs' screenshots)."""

    ITEMS = (PLAIN_ITEM, OFFLINE_ITEM, FLAGGED_ITEM, ("SB02010", "养老保险待遇发放账户维护"))
    PER_HOUR = ((8, 5), (9, 14), (10, 16), (11, 12), (12, 4), (13, 7), (14, 13), (15, 10), (16, 5))

    def __init__(self, services: Services, a: ActiveSession, b: ActiveSession) -> None:
        self.queue = services.queue
        self.services = services
        self.rng = random.Random(6)
        self.clock = DayClock()
        self.queue.clock = self.clock
        self.issuer = a
        self.windows = {
            a.window: Window(a, pause=(12 * 60, "午休", 30)),
            b.window: Window(b, pause=(15 * 60 + 10, "系统故障", 12)),
        }
        self.arrivals: dict[int, int] = {}
        for hour, n in self.PER_HOUR:
            for _ in range(n):
                minute = hour * 60 + self.rng.randrange(30 if hour == 8 else 0, 60)
                self.arrivals[minute] = self.arrivals.get(minute, 0) + 1
        self.specific_done = False
        self.transfer_done = False

    async def run(self) -> None:
        for minute in range(8 * 60 + 30, 17 * 60 + 1):
            self.clock.at(minute // 60, minute % 60)
            for _ in range(self.arrivals.get(minute, 0)):
                code, name = self.rng.choice(self.ITEMS)
                elderly = self.rng.random() < 0.12
                await self.queue.issue(
                    self.issuer,
                    item_code=code,
                    item_name=name,
                    priority=Priority.ELDERLY if elderly else Priority.NORMAL,
                )
            for number, window in self.windows.items():
                await self.step(number, window, minute)

    async def step(self, number: int, w: Window, minute: int) -> None:
        queue, session = self.queue, w.session
        if w.busy_until is not None and minute >= w.busy_until:
            if self.rng.random() < 0.06:
                await queue.no_show(session, number)
            elif not self.transfer_done and minute > 14 * 60:
                item = self.services.catalogue.item(OFFLINE_ITEM[0])
                await queue.transfer(session, number, to_item=item)
                self.transfer_done = True
            else:
                await queue.complete(session, number)
            w.busy_until = None
        if w.busy_until is None and w.pause is not None and minute >= w.pause[0]:
            await queue.pause(session, number, w.pause[1])
            w.paused_until, w.pause = minute + w.pause[2], None
        if w.paused_until is not None:
            if minute < w.paused_until:
                return
            await queue.resume(session, number)
            w.paused_until = None
        if w.busy_until is None and minute < 17 * 60:
            waiting = await queue.waiting()
            if not waiting:
                return
            if not self.specific_done and len(waiting) > 3:
                await queue.call_specific(session, number, waiting[-1].id, "预约办理")
                self.specific_done = True
            else:
                await queue.call_next(session, number)
            w.busy_until = minute + max(3, round(self.rng.gauss(10, 3.5)))


async def rated_cases(services: Services, staff_no: str, levels: list[RatingLevel]) -> None:
    if services.sessions.current is not None:
        await services.sessions.logout()
    await services.sessions.login(staff_no, TRAINING_PASSWORD)
    for level in levels:
        case_id = await submit(services, PLAIN_ITEM[0])
        await services.sender.drain(timeout=30)
        tags = ("等候时间长",) if level.is_bad else ()
        services.evaluations.evaluator = ScriptedEvaluator([EvaluationAnswer(level, tags)])
        await services.evaluations.evaluate(case_id)
    await services.sender.drain(timeout=30)


async def busy_day(services: Services) -> None:
    """A fuller day for the docs' screenshots: tickets by the hour on two windows,
    no-shows, a priority lane, a transfer, pauses, ratings from both clerks, a flagged
    case and a few journal exceptions (as the identify and receipt services record them)."""
    services.cases.settle_wait_s = 0
    clerk_a, clerk_b = await clerks(services)
    await BusyDay(services, clerk_a, clerk_b).run()
    very, good = RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED
    await rated_cases(services, "T-CLERKB1", [very] * 4 + [good, RatingLevel.BASIC])
    await rated_cases(services, "T-CLERKA1", [very] * 6 + [good, RatingLevel.DISSATISFIED])
    await submit(services, FLAGGED_ITEM[0], period_from="2024-05", period_to="2020-01")
    await services.sender.drain(timeout=30)
    masked = mask_id(EMPLOYEE.id_number)
    for action, obj, details in (
        (Action.IDENTITY_MANUAL, masked, {"reason": "读卡器故障"}),
        (Action.UNMASK, masked, {"fields": "id_number,name"}),
        (Action.REPRINT, "receipt", {"reason": "卡纸"}),
    ):
        await services.audit.record(
            action.value, staff_no="T-CLERKA1", role="clerk", object=obj, details=details
        )
    await services.sessions.logout()


def test_screenshots_of_a_busy_day(
    gui: CounterApp,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    qtbot: QtBot,
) -> None:
    """The docs' screenshots at 1366×768 (only with COUNTER_UI_SHOTS=DIR)."""
    if not SHOTS:
        pytest.skip("screenshots only with COUNTER_UI_SHOTS")

    async def scenario() -> None:
        services = gui.services
        assert services is not None
        await busy_day(services)
        gui.window.resize(1366, 768)
        ws = await open_supervisor(gui, qtbot)
        today = ws.today_page
        await until(lambda: today.report is not None and today.report.queue.issued > 50)
        await shoot(gui.window, "supervisor-today.png")
        await ctrl(qtbot, ws, 2)
        page = ws.exceptions_page
        await until(lambda: len(page.rows) > 3)
        manual = next(r for r in page.rows if r.item.kind is ExceptionKind.MANUAL_ID)
        page.select_key(manual.item.key)
        page.filter.setCurrentIndex(0)  # 待处理
        await shoot(gui.window, "supervisor-exceptions.png")
        await ctrl(qtbot, ws, 4)
        fu = ws.followup_page
        await until(lambda: bool(fu.items))
        await ws.services.feedback.add(
            received_on=ws.day(),
            source=FeedbackSource.BOOK,
            category=FeedbackCategory.SUGGESTION,
            content="建议等候区增加老花镜和饮水机，手机号13812345678",
            contact="13812345678",
        )
        fu.refresh()
        await until(lambda: bool(fu.entries))
        await shoot(gui.window, "supervisor-followup.png")
        roster = ws.services.roster
        await roster.assign(
            Post.A, "T-CLERKA1", "李文涛", certified_on=ws.day(), trained_on=ws.day()
        )
        await roster.assign(Post.B, "T-CLERKB1", "张丽华", certified_on=ws.day())
        await services.sender.drain(timeout=30)  # the filings and the 意见簿 entry
        await ctrl(qtbot, ws, 5)
        await until(lambda: ws.roster_page.view is not None)
        await shoot(gui.window, "supervisor-roster.png")
        await ctrl(qtbot, ws, 6)
        perf = ws.performance_page
        await until(lambda: bool(perf.rows))
        await shoot(gui.window, "supervisor-performance.png")
        await ctrl(qtbot, ws, 3)
        await until(lambda: ws.reconcile_page.result is not None, timeout=20)
        await shoot(gui.window, "supervisor-reconcile-busy.png")
        await ctrl(qtbot, ws, 7)
        await until(lambda: ws.close_page.checklist is not None, timeout=20)
        await shoot(gui.window, "supervisor-close.png")

    loop.run_until_complete(finish(gui, scenario()))


async def form(page: FollowUpPage | RosterPage) -> FormDialog:
    await until(lambda: page.dialog is not None and page.dialog.isVisible())
    dialog = page.dialog
    assert dialog is not None
    return dialog


def type_text(qtbot: QtBot, editor: QWidget, text: str) -> None:
    """Keys for ASCII; Chinese arrives committed by the input method (QTest cannot key it)."""
    editor.setFocus()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    elif isinstance(editor, QPlainTextEdit):
        editor.insertPlainText(text)
    else:
        assert isinstance(editor, QLineEdit)
        editor.insert(text)


async def submit_form(qtbot: QtBot, dialog: FormDialog, **texts: str) -> None:
    """Type into the named fields, then press 确定."""
    for name, text in texts.items():
        type_text(qtbot, dialog.editor(name), text)
    activate(qtbot, dialog.ok)


async def followup_steps(qtbot: QtBot, ws: SupervisorWorkspace, case_id: str) -> None:
    """回访 → 整改 (ledger with a deadline) → 反馈 → 台账整改完成, each in its form."""
    page = ws.followup_page
    await until(lambda: page.selected() is not None)
    assert page.step_button.text() == "登记回访…"
    activate(qtbot, page.step_button)
    dialog = await form(page)
    activate(qtbot, dialog.ok)  # nothing typed: refused at the dialog, which stays open
    await until(lambda: dialog.message.text() == "请填写回访情况")
    await submit_form(qtbot, dialog, note="已电话回访，办事人反映排队时间长")
    await until(lambda: page.step_button.text() == "登记整改处理…")
    activate(qtbot, page.step_button)
    dialog = await form(page)
    outcome = dialog.editor("outcome")
    outcome.setFocus()
    qtbot.keyClick(outcome, Qt.Key.Key_Down)  # 列入整改台账
    toggle = dialog.toggles["deadline"]
    toggle.setFocus()
    qtbot.keyClick(toggle, Qt.Key.Key_Space)  # the deadline (today)
    await submit_form(qtbot, dialog, note="高峰时段增开B岗窗口")
    await until(lambda: page.step_button.text() == "登记反馈办事人…")
    selected = page.selected()
    assert selected is not None and selected.case_id == case_id
    assert selected.outcome is Outcome.LEDGER and selected.ledger_deadline == ws.day()
    activate(qtbot, page.step_button)
    await submit_form(qtbot, await form(page), note="已电话告知整改安排")
    await until(lambda: page.step_button.text() == "台账整改完成…")
    activate(qtbot, page.step_button)
    await submit_form(qtbot, await form(page), note="已增开窗口")
    await until(lambda: page.items == [] or page.items[0].stage is Stage.CLOSED)


def test_followup_comment_book_roster_and_performance(
    gui: CounterApp,  # noqa: F811
    loop: asyncio.AbstractEventLoop,  # noqa: F811
    qtbot: QtBot,
) -> None:
    async def scenario() -> None:
        services = gui.services
        assert services is not None
        day = await make_day(services)
        ws = await open_supervisor(gui, qtbot)
        await ctrl(qtbot, ws, 4)
        await followup_steps(qtbot, ws, day.rated_case)
        # 意见簿: typed in, the phone masked in the list, then answered.
        page = ws.followup_page
        activate(qtbot, page.add_button)
        await submit_form(qtbot, await form(page), content="建议增加老花镜", contact="13812345678")
        await until(lambda: len(page.entries) == 1)
        entry = page.entries[0]
        assert entry.contact_masked == "138****5678" and "13812345678" not in str(page.book.texts())
        activate(qtbot, page.reply_button)
        await submit_form(qtbot, await form(page), reply="已配备老花镜，电话告知")
        await until(lambda: page.entries == [])  # only open entries are listed
        # 人员: post A assigned, then handed over; each filed.
        await ctrl(qtbot, ws, 5)
        roster = ws.roster_page
        await until(lambda: roster.view is not None)
        assert any("A岗空缺" in w for w in roster.view.warnings)  # type: ignore[union-attr]
        activate(qtbot, roster.boxes[Post.A].assign_button)
        await submit_form(qtbot, await form(roster), staff_no="t-clerka1", name="李文涛")
        await until(lambda: "李**（T-CLERKA1）" in roster.boxes[Post.A].holder_line.text())
        activate(qtbot, roster.boxes[Post.A].handover_button)
        await submit_form(
            qtbot, await form(roster), staff_no="T-CLERK201", name="王小明", reason="休假"
        )
        await until(lambda: roster.handovers.rowCount() == 1)
        assert roster.handovers.texts()[0][2:5] == ["T-CLERKA1", "T-CLERK201", "休假"]
        assert "T-CLERK201" in roster.boxes[Post.A].holder_line.text()
        # 绩效: the period's figures per clerk.
        await ctrl(qtbot, ws, 6)
        perf = ws.performance_page
        await until(lambda: bool(perf.rows))
        rows = {row[0]: row for row in perf.table.texts()}
        assert rows["T-CLERKA1"][1] == "2"  # two cases
        assert rows["T-CLERKA1"][11] == "1"  # one 差评

    loop.run_until_complete(finish(gui, scenario()))
