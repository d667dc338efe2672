"""The hall display, offscreen: calls from queue events, waiting count, 试播, contrast, sizes."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from counter.announce import AnnouncementQueue
from counter.events import Event
from counter.queue.model import Call, ChangeKind, QueueChange, Ticket
from drivers.voice import SimulatedVoice
from tests.gui_support import until
from tests.hall_support import T0, called, issued, ticket
from ui.app import load_stylesheet
from ui.hall.controls import HallControls
from ui.hall.display import HallDisplay
from ui.hall.palette import AA_NORMAL, PALETTE, contrast_ratio
from ui.qt import QApplication, QColor, QLabel, Qt, QWidget


def visible_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel) if label.isVisibleTo(root)]


class Feed:
    """What the composition root hands the display: queue changes and waiting counts."""

    def __init__(self) -> None:
        self.changes: Event[QueueChange] = Event("queue.changed")
        self.waiting: Event[int] = Event("queue.waiting_count")


@pytest.fixture
def feed() -> Feed:
    return Feed()


@pytest.fixture
def display(qapp: QApplication, qtbot: QtBot, feed: Feed) -> HallDisplay:
    qapp.setStyleSheet(load_stylesheet())  # the app's own sheet must not shrink the hall's text
    announcer = AnnouncementQueue(SimulatedVoice())
    hall = HallDisplay(
        announcer,
        feed.changes.connect,
        connect_waiting=feed.waiting.connect,
        window=3,
        training=True,
    )
    qtbot.addWidget(hall)
    hall.resize(1920, 1080)
    hall.show()
    return hall


def test_a_call_from_the_queue_is_shown_large_with_its_window(
    display: HallDisplay, feed: Feed, qtbot: QtBot
) -> None:
    assert "请留意叫号" in visible_texts(display)
    feed.changes.emit(issued(12))
    feed.waiting.emit(5)
    feed.changes.emit(called(12, window=3))
    texts = visible_texts(display)
    assert "S012" in texts and "请到 3号窗口" in texts
    assert "等候人数：5 人" in texts
    assert "培训模式 · 叫号演示，非真实业务" in texts
    assert display.current_call is not None
    assert display.current_call.announcement == "请S012号到3号窗口办理"
    assert display.flashing and display.flash_timer.isActive()  # a new call lights up
    lit = []
    while display.flash_timer.isActive():
        display._flash_step()  # what the timer does every 400 ms
        lit.append(display.flashing)
    assert lit == [False, True] * 3 + [False, False]  # blinks, then settles unlit


def test_the_last_calls_are_listed_newest_first_and_a_recall_is_not_a_new_row(
    display: HallDisplay, feed: Feed
) -> None:
    for n, window in ((5, 2), (6, 3), (7, 2), (8, 3)):
        feed.changes.emit(called(n, window=window, minute=n))
    feed.changes.emit(called(6, window=3, recall=True, minute=9))
    rows = [(n.text(), w.text()) for n, w in display.recent_rows if n.text()]
    assert display.hero_number.text() == "S006"
    assert display.hero_caption.text() == "再次叫号"
    assert rows == [("S008", "3号窗口"), ("S007", "2号窗口"), ("S005", "2号窗口")]


def test_paused_windows_are_shown(display: HallDisplay, feed: Feed) -> None:
    feed.changes.emit(QueueChange(ChangeKind.PAUSED, None, window=2))
    assert display.paused_label.text() == "2号窗口暂停服务"
    feed.changes.emit(QueueChange(ChangeKind.RESUMED, None, window=2))
    assert display.paused_label.text() == ""


def test_text_is_sized_from_the_screen_height(display: HallDisplay, feed: Feed) -> None:
    feed.changes.emit(called(12, window=3))
    display.ensurePolished()
    number = display.hero_number.font().pixelSize()
    window = display.hero_window.font().pixelSize()
    recent = display.recent_rows[0][0].font().pixelSize()
    # On a 1080-line TV: the number about a quarter of the height, the window an eighth.
    assert number >= 0.25 * 1080
    assert window >= 0.12 * 1080
    assert recent >= 0.06 * 1080
    assert display.waiting_label.font().pixelSize() >= 0.05 * 1080
    # The number and the window fit on the hero panel (nothing is cut).
    for label in (display.hero_number, display.hero_window):
        needed = label.fontMetrics().horizontalAdvance(label.text())
        assert needed < display.hero.width()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 1024), (1366, 768), (1080, 1920)])
def test_the_longest_call_fits_on_any_screen_shape(
    display: HallDisplay, feed: Feed, qapp: QApplication, size: tuple[int, int]
) -> None:
    display.resize(*size)
    feed.changes.emit(replace(called(1, window=12), call=Call("S0123", 12, False, T0)))
    qapp.processEvents()
    for label in (display.hero_number, display.hero_window):
        needed = label.fontMetrics().horizontalAdvance(label.text())
        assert needed < display.hero.contentsRect().width(), (size, label.text())
        assert label.height() >= label.fontMetrics().height() - 1  # not squashed
    row_number = display.recent_rows[0][0]
    assert row_number.fontMetrics().height() * 6 < display.height()


def test_every_text_colour_meets_wcag_aa(display: HallDisplay, feed: Feed) -> None:
    for name, (fg, bg) in PALETTE.pairs().items():
        assert contrast_ratio(fg, bg) >= AA_NORMAL, name
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # And the screen really uses them: sample the rendered hero panel.
    feed.changes.emit(called(12, window=3))
    display.flash_timer.stop()
    display._flash_left = 0
    display._flash_step()
    image = display.grab().toImage()
    hero = display.hero.geometry()
    panel = image.pixelColor(hero.left() + 40, hero.top() + 40).name()
    assert panel == PALETTE.panel
    number_box = display.hero_number.geometry().translated(hero.topLeft())
    colours = {
        image.pixelColor(x, number_box.center().y()).name()
        for x in range(number_box.left(), number_box.right(), 2)
    }
    assert PALETTE.number in colours
    assert contrast_ratio(PALETTE.number, panel) >= AA_NORMAL
    assert QColor(PALETTE.background).lightness() < 40  # a dark screen


def test_waiting_count_can_be_pulled_from_the_queue(
    qapp: QApplication, qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    changes: Event[QueueChange] = Event("queue.changed")
    waiting: list[Ticket] = []

    async def source() -> list[Ticket]:
        return list(waiting)

    hall = HallDisplay(None, changes.connect, waiting=source, window=3)
    qtbot.addWidget(hall)

    async def scenario() -> None:
        assert hall.waiting_count is None
        waiting.extend([ticket(1), ticket(2)])
        changes.emit(issued(2))
        await until(lambda: hall.waiting_count == 2)
        waiting.pop(0)
        changes.emit(called(1))
        await until(lambda: hall.waiting_count == 1)
        assert hall.waiting_label.text() == "等候人数：1 人"

    loop.run_until_complete(scenario())


def test_test_speak_button_announces_the_window(
    qapp: QApplication, qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    voice = SimulatedVoice()
    announcer = AnnouncementQueue(voice)
    hall = HallDisplay(announcer, None, window=3)
    qtbot.addWidget(hall)
    controls = HallControls(announcer, window=3, display=hall, screen_index=9)
    qtbot.addWidget(controls)
    assert hall.show_on_screen(9) is False  # no such screen: an ordinary window
    assert hall.controls.isVisible() and not hall.isFullScreen()

    async def scenario() -> None:
        announcer.start()
        qtbot.mouseClick(hall.test_button, Qt.MouseButton.LeftButton)
        await announcer.drain()
        qtbot.mouseClick(controls.test_button, Qt.MouseButton.LeftButton)
        await announcer.drain()
        assert voice.spoken == ["语音测试：请到3号窗口办理"] * 2
        assert voice.events[0] == ("chime", "")
        await until(lambda: controls.status.text() == "叫号语音就绪")
        assert hall.voice_label.text() == "语音：模拟语音"
        await announcer.aclose()

    loop.run_until_complete(scenario())


def test_full_screen_on_the_chosen_screen(qapp: QApplication, qtbot: QtBot) -> None:
    hall = HallDisplay(None, None, window=3)
    qtbot.addWidget(hall)
    assert hall.show_on_screen(0) is True
    assert hall.isFullScreen() and not hall.controls.isVisible()
    assert hall.screen() is qapp.screens()[0]
    hall.toggle_full_screen()
    assert not hall.isFullScreen() and hall.controls.isVisible()


def test_recent_calls_given_at_start_are_shown(qapp: QApplication, qtbot: QtBot) -> None:
    earlier = [called(n, window=2, minute=n).call for n in (3, 2, 1)]  # newest first
    hall = HallDisplay(None, None, window=3, recent=[c for c in earlier if c is not None])
    qtbot.addWidget(hall)
    assert hall.hero_number.text() == "S003"
    assert [n.text() for n, _ in hall.recent_rows if n.text()] == ["S002", "S001"]
    assert not hall.flashing  # history does not flash
    assert replace(earlier[0]) == hall.current_call  # type: ignore[arg-type]


def test_one_call_reaches_the_screen_the_voice_and_the_banks_hall_system(
    qapp: QApplication, qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    """The hall side of training mode, wired as the composition root does, on the Qt loop."""
    from counter.hall_sync import HallSync
    from counter.training.hall_caller import SimulatedHallCaller
    from drivers.caller import open_caller

    changes: Event[QueueChange] = Event("queue.changed")
    waiting: list[Ticket] = []

    async def source() -> list[Ticket]:
        return list(waiting)

    voice = SimulatedVoice()
    announcer = AnnouncementQueue(voice)
    changes.connect(announcer.follow)
    with SimulatedHallCaller() as bank_hall:
        caller = open_caller("http", bank_hall.base_url)
        assert caller is not None
        sync = HallSync(caller, source, key_prefix="330102001-W3", reconcile_every_s=None)
        sync.attach(changes)
        hall = HallDisplay(announcer, changes.connect, waiting=source, window=3)
        qtbot.addWidget(hall)

        async def scenario() -> None:
            announcer.start()
            sync.start()
            waiting.append(ticket(12))
            changes.emit(issued(12))
            waiting.clear()
            changes.emit(called(12, window=3))
            await sync.drain()
            await announcer.drain()
            await until(lambda: hall.waiting_count == 0)
            assert hall.hero_number.text() == "S012"
            assert voice.spoken == ["请S012号到3号窗口办理"]
            assert [(c.number, c.window) for c in bank_hall.calls()] == [("S012", 3)]
            await sync.aclose()
            await caller.aclose()
            await announcer.aclose()

        loop.run_until_complete(scenario())
