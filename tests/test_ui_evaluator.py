"""The citizen's on-screen evaluator, by mouse and keyboard, on a qasync loop (offscreen)."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter.bureau.cases import RatingLevel
from counter.evaluations import BAD_REASON_TAGS, EvaluationAnswer, EvaluationPrompt
from counter.training.server import TrainingServer
from tests.gui_support import until
from tests.test_cases_support import FULL_ITEM, open_desk
from tests.test_evaluations import platform_rating
from ui.app import load_stylesheet
from ui.evaluator.window import LEVELS, EvaluatorWindow, colours_meet_aa, face_pixmap
from ui.qt import QApplication, QLabel, Qt

PROMPT = EvaluationPrompt(
    case_id="c1", item_name="社会保障卡应用状态查询", clerk_staff_no="T-CLERKA1", window=3
)


@pytest.fixture
def pad(qapp: QApplication, qtbot: QtBot) -> EvaluatorWindow:
    qapp.setStyleSheet(load_stylesheet())
    window = EvaluatorWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    return window


def texts(pad: EvaluatorWindow) -> str:
    return "\n".join(w.text() for w in pad.findChildren(QLabel) if w.isVisibleTo(pad))


def test_every_text_colour_meets_wcag_aa() -> None:
    ratios = colours_meet_aa()
    assert len(ratios) >= 10
    for name, ratio in ratios.items():
        assert ratio >= 4.5, f"{name}: {ratio:.2f}"


def test_faces_differ_by_level(qapp: QApplication) -> None:
    images = [face_pixmap(level, 64).toImage() for level in LEVELS]
    for a, b in itertools.pairwise(images):
        assert a != b


def test_a_good_rating_is_one_tap(
    pad: EvaluatorWindow, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> EvaluationAnswer:
        assert pad.stack.currentWidget() is pad.idle_page and not pad.asking
        task = asyncio.ensure_future(pad.ask(PROMPT))
        await until(lambda: pad.stack.currentWidget() is pad.rate_page)
        shown = texts(pad)
        assert "请您对本次服务进行评价" in shown and "社会保障卡应用状态查询" in shown
        assert "工号 T-CLERKA1" in shown and "3 号窗口" in shown
        assert [b.text() for b in pad.level_buttons] == [lv.value for lv in LEVELS]
        qtbot.mouseClick(pad.level_buttons[0], Qt.MouseButton.LeftButton)
        answer = await task
        assert pad.stack.currentWidget() is pad.thanks_page
        assert "感谢您的评价！" in texts(pad)
        return answer

    answer = loop.run_until_complete(scenario())
    assert answer == EvaluationAnswer(RatingLevel.VERY_SATISFIED)


def test_a_bad_rating_needs_a_reason_by_keyboard(
    pad: EvaluatorWindow, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> EvaluationAnswer:
        task = asyncio.ensure_future(pad.ask(PROMPT))
        await until(lambda: pad.stack.currentWidget() is pad.rate_page)
        qtbot.keyClick(pad, Qt.Key.Key_4)  # 不满意
        assert pad.stack.currentWidget() is pad.reason_page
        assert "您选择了“不满意”" in texts(pad)
        assert [b.text() for b in pad.tag_buttons] == list(BAD_REASON_TAGS)
        assert not pad.submit_button.isEnabled()
        pad.text_edit.setFocus()
        qtbot.keyClick(pad.text_edit, Qt.Key.Key_Return)  # nothing without a reason
        await asyncio.sleep(0)
        assert not task.done()
        assert "请至少选择一项原因或填写意见" in texts(pad)
        first = pad.tag_buttons[0]
        first.setFocus()
        assert first.hasFocus()
        qtbot.keyClick(first, Qt.Key.Key_Space)  # 等候时间长
        assert first.isChecked() and pad.submit_button.isEnabled()
        qtbot.keyClick(first, Qt.Key.Key_Tab)
        qtbot.keyClick(pad.focusWidget(), Qt.Key.Key_Space)  # 办事效率低
        pad.text_edit.insert("  叫号后等了很久 ")  # typed through the IME
        qtbot.keyClick(pad.text_edit, Qt.Key.Key_Return)
        return await task

    answer = loop.run_until_complete(scenario())
    assert answer.level is RatingLevel.DISSATISFIED
    assert answer.tags == ("等候时间长", "办事效率低")
    assert answer.text == "叫号后等了很久"


def test_text_alone_is_a_reason_and_back_changes_the_level(
    pad: EvaluatorWindow, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> EvaluationAnswer:
        task = asyncio.ensure_future(pad.ask(PROMPT))
        await until(lambda: pad.stack.currentWidget() is pad.rate_page)
        qtbot.mouseClick(pad.level_buttons[4], Qt.MouseButton.LeftButton)
        assert pad.stack.currentWidget() is pad.reason_page
        qtbot.keyClick(pad, Qt.Key.Key_Escape)  # back: the citizen changes their mind
        assert pad.stack.currentWidget() is pad.rate_page
        qtbot.mouseClick(pad.level_buttons[3], Qt.MouseButton.LeftButton)
        pad.text_edit.insert("窗口电脑一直卡")
        assert pad.submit_button.isEnabled()
        qtbot.mouseClick(pad.submit_button, Qt.MouseButton.LeftButton)
        return await task

    answer = loop.run_until_complete(scenario())
    assert answer == EvaluationAnswer(RatingLevel.DISSATISFIED, (), "窗口电脑一直卡")


def test_a_cancelled_question_returns_to_idle(
    pad: EvaluatorWindow, loop: asyncio.AbstractEventLoop
) -> None:
    async def scenario() -> None:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(pad.ask(PROMPT), 0.2)
        assert pad.stack.currentWidget() is pad.idle_page and not pad.asking
        pad.choose(RatingLevel.SATISFIED)  # a late tap answers nothing
        assert pad.stack.currentWidget() is pad.idle_page

    loop.run_until_complete(scenario())


def test_the_service_rates_through_the_window_and_uploads(
    pad: EvaluatorWindow,
    loop: asyncio.AbstractEventLoop,
    qtbot: QtBot,
    training_server: TrainingServer,
    tmp_path: Path,
) -> None:
    """End to end: a case, the citizen's 差评 (re-asked for a reason), 未评价 at a time-out."""

    async def scenario() -> None:
        desk = open_desk(training_server, tmp_path / "counter.sqlite3", evaluation_timeout_s=30)
        try:
            await desk.login("T-CLERKA1")
            desk.evaluations.evaluator = pad
            first = await desk.cases.submit(desk.draft(FULL_ITEM))
            await desk.sender.drain(timeout=20)
            rating = asyncio.ensure_future(desk.evaluations.evaluate(first.case_id))
            await until(lambda: pad.stack.currentWidget() is pad.rate_page)
            qtbot.keyClick(pad, Qt.Key.Key_5)
            qtbot.mouseClick(pad.tag_buttons[2], Qt.MouseButton.LeftButton)  # 服务态度差
            qtbot.mouseClick(pad.submit_button, Qt.MouseButton.LeftButton)
            outcome = await rating
            assert outcome.level is RatingLevel.VERY_DISSATISFIED
            assert outcome.tags == ("服务态度差",) and outcome.asked == 1
            await desk.sender.drain(timeout=20)
            case = await desk.cases.case(first.case_id)
            assert case is not None and case.business_no
            row = platform_rating(training_server, case.business_no)
            assert row is not None and row.level == "非常不满意"
            assert row.clerk_staff_no == "T-CLERKA1"

            # the citizen walks away: 未评价 at the time-out, the pad goes back to idle
            desk.evaluations.timeout_s = 0.3
            second = await desk.cases.submit(desk.draft(FULL_ITEM))
            outcome = await desk.evaluations.evaluate(second.case_id)
            assert outcome.level is RatingLevel.NONE and outcome.timed_out
            assert pad.stack.currentWidget() is pad.idle_page
            case = await desk.cases.case(second.case_id)
            assert case is not None and case.rating == "未评价"
        finally:
            await desk.close()

    loop.run_until_complete(scenario())


def test_a_re_ask_opens_the_reason_page_with_a_warning(
    pad: EvaluatorWindow, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> None:
    async def scenario() -> EvaluationAnswer:
        first = asyncio.ensure_future(pad.ask(PROMPT))
        await until(lambda: pad.asking)
        pad._resolve(EvaluationAnswer(RatingLevel.VERY_DISSATISFIED))  # e.g. a vendor pad
        await first
        task = asyncio.ensure_future(pad.ask(replace(PROMPT, reason_required=True)))
        await until(lambda: pad.stack.currentWidget() is pad.reason_page)
        assert "请至少选择一项原因或填写意见" in texts(pad)
        assert "您选择了“非常不满意”" in texts(pad)
        qtbot.mouseClick(pad.tag_buttons[-1], Qt.MouseButton.LeftButton)  # 其他
        qtbot.mouseClick(pad.submit_button, Qt.MouseButton.LeftButton)
        return await task

    answer = loop.run_until_complete(scenario())
    assert answer.level is RatingLevel.VERY_DISSATISFIED and answer.tags == ("其他",)
