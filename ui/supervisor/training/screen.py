"""The trainer's screen (培训考核): set up a run, follow it, read the assessment.

A supervisor in training mode picks a trainee and scenarios and starts; the training
platform then plays the citizens (tickets appear, the simulated readers present their
cards, the evaluator answers as scripted, faults happen on cue) while the trainee works
the real client in the main window. This screen — meant for the trainer's own monitor —
follows the run, shows what is expected next, and when the last citizen is done (or the
trainer ends the scenario) shows the score. After the last scenario it shows the
assessment, saved to the roster's history, with 导出 PDF and 打印.

The keystrokes and clicks the trainee makes in the main window are counted by an
application-wide event filter (:class:`InputFilter`) installed only while a run is active.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ui.asyncop import AsyncRunner
from ui.qt import (
    QImage,
    QKeySequence,
    QLabel,
    QMessageBox,
    QPainter,
    QPrintDialog,
    QPrinter,
    QRect,
    QShortcut,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.signals import EventSignal
from ui.supervisor.training.assessment import AssessmentView
from ui.supervisor.training.inputs import InputFilter
from ui.supervisor.training.running import RunningView
from ui.supervisor.training.setup import SetupView, TraineeRow

__all__ = ["TrainerScreen"]

log = logging.getLogger("ui.training")

STYLE = """
#BigName { font-size: 18px; font-weight: 600; }
#CheckLabel { font-weight: 600; }
#ScreenTitle { font-size: 20px; font-weight: 700; color: #0b4f8a; }
#Expected { font-size: 17px; font-weight: 700; color: #0b4f8a; }
"""


def _value(value: Any) -> str:
    return str(getattr(value, "value", value))


class TrainerScreen(QWidget):
    """Setup → running → assessment, over the core's ``TrainingCoordinator``.

    *trainee_window* returns the window the trainee works in (the main window): only its
    input is counted. *assessor* is the supervisor's staff number; *roster* (the supervisor's
    ``RosterService``) records the trained/certified dates on the A/B roster.
    """

    assessment_shown = Signal(object)  # Assessment

    def __init__(
        self,
        coordinator: Any,
        store: Any,
        runner: AsyncRunner,
        *,
        trainees: Sequence[TraineeRow],
        item_name: Callable[[str], str | None],
        reports_dir: Path,
        trainee_window: Callable[[], QWidget | None],
        assessor: str = "",
        roster: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.coordinator = coordinator
        self.library = coordinator.library
        self.store = store
        self.runner = runner
        self.reports_dir = reports_dir
        self.assessor = assessor
        self.roster = roster  # RosterService: the A/B roster gets the trained/certified dates
        self.trainee_window = trainee_window
        self.inputs = InputFilter(coordinator.rig.inputs, trainee_window, self)
        self.trainee: TraineeRow | None = None
        self.total = 0
        self.assessment: Any = None
        self.last_result: Any = None
        self.pdf_path: Path | None = None
        self.watching: asyncio.Task[Any] | None = None
        self.busy = False
        self.print_dialog: QPrintDialog | None = None

        self.title = QLabel(self.tr("培训考核 · 培训师屏幕"), objectName="ScreenTitle")
        self.setup = SetupView(self.library, trainees, item_name)
        self.running = RunningView(item_name)
        self.result_view = AssessmentView()
        self.stack = QStackedWidget()
        for view in (self.setup, self.running, self.result_view):
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)

        self.setup.start_requested.connect(self.start)
        self.setup.trainee_changed.connect(self.load_history)
        self.running.finish_requested.connect(self.finish_scenario)
        self.running.abort_requested.connect(self.abort)
        self.result_view.pdf_requested.connect(self.export_pdf)
        self.result_view.print_requested.connect(self.print_assessment)
        self.result_view.new_requested.connect(self.new_assessment)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self.setup, activated=self.start)
        # Times and input counts move on between the run's events: shown again each second.
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        self.progress_events = EventSignal(coordinator.progress, self)
        self.progress_events.fired.connect(self._progress)
        trainee = self.setup.trainee()
        if trainee is not None:
            self.load_history(trainee.staff_no)

    # --- history ---------------------------------------------------------------------------

    def load_history(self, staff_no: str) -> None:
        async def load() -> list[Any]:
            return list(await self.store.history(staff_no))

        self.runner.run(
            load(),
            on_done=lambda rows: self.setup.show_history(staff_no, rows),
            on_error=self.setup.show_message,
        )

    # --- the run -------------------------------------------------------------------------

    def start(self) -> None:
        if self.stack.currentWidget() is not self.setup or self.busy:
            return
        trainee = self.setup.trainee()
        ids = self.setup.chosen()
        if trainee is None or not ids:
            self.setup.show_message(self.tr("请选择学员和至少一个情景。"))
            return
        self.setup.show_message("")
        self.trainee = trainee
        self.total = len(ids)
        if self.assessor:
            self.coordinator.assessor = self.assessor

        async def begin() -> Any:
            return await self.coordinator.begin(trainee.ref, ids, self.setup.set_id())

        self.busy = True
        self.inputs.start()
        self.runner.run(
            begin(),
            control=self.setup.start_button,
            on_done=self._started,
            on_error=self._start_failed,
        )

    def _start_failed(self, message: str) -> None:
        self.busy = False
        self.inputs.stop()
        self.setup.show_message(message)

    def _started(self, run: Any) -> None:
        self.busy = False
        assert self.trainee is not None
        index = self.total - len(self.coordinator.remaining)
        self.running.begin(run.scenario, self.trainee.ref, index, self.total)
        self.stack.setCurrentWidget(self.running)
        self._progress(run.snapshot())  # the arrivals began before this view was up
        # The keyboard goes back to the counter: the trainee works there.
        counter = self.trainee_window()
        if counter is not None:
            counter.activateWindow()
        self.watching = self.runner.run(run.watch(), on_done=lambda _r: self._run_over())
        self.tick.start()

    def _progress(self, progress: Any) -> None:
        if self.stack.currentWidget() is not self.running:
            return
        self.running.show_progress(progress, self.coordinator.rig.inputs.snapshot())
        run = self.coordinator.current
        if (
            run is not None
            and progress.scenario_id == run.scenario.id
            and progress.total
            and progress.served == progress.total
            and _value(progress.phase) == "running"
        ):
            # The last citizen has left the window: score without waiting for the trainer.
            QTimer.singleShot(0, self.finish_scenario)

    def _tick(self) -> None:
        run = self.coordinator.current
        if self.stack.currentWidget() is self.running and run is not None:
            self.running.show_progress(run.snapshot(), self.coordinator.rig.inputs.snapshot())

    def _run_over(self) -> None:
        """The run stopped being watched (it was finished or aborted)."""
        if self.watching is not None and self.watching.done():
            self.watching = None

    def _stop_watching(self) -> None:
        if self.watching is not None:
            self.watching.cancel()
            self.watching = None

    def finish_scenario(self) -> None:
        if self.busy or self.coordinator.current is None:
            return
        self._stop_watching()
        self.busy = True
        self.running.set_busy(True)

        async def score() -> tuple[Any, Any, Any]:
            result = await self.coordinator.finish_scenario()
            nxt = await self.coordinator.next_scenario()
            assessment = None
            if nxt is None:
                assessment = await self.coordinator.complete(roster=self.roster)
            return result, nxt, assessment

        self.runner.run(score(), on_done=self._scored, on_error=self._failed)

    def _scored(self, outcome: tuple[Any, Any, Any]) -> None:
        self.busy = False
        result, nxt, assessment = outcome
        self.last_result = result
        if nxt is not None:
            self._started(nxt)
            return
        self.inputs.stop()
        self.tick.stop()
        self.show_assessment(assessment)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.running.set_busy(False)
        self.running.status.setText(message)

    def abort(self) -> None:
        if self.busy:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("中止考核"),
            self.tr("中止后本次考核不评分、不记录。确定中止吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(
            lambda answer: (
                self.abort_now() if answer == QMessageBox.StandardButton.Yes.value else None
            )
        )
        self.abort_box = box
        box.open()

    def abort_now(self) -> None:
        self._stop_watching()
        self.busy = True

        async def stop() -> None:
            await self.coordinator.abort()

        def done(_: object) -> None:
            self.busy = False
            self.inputs.stop()
            self.tick.stop()
            self.stack.setCurrentWidget(self.setup)
            self.setup.show_message(self.tr("考核已中止，未记录成绩。"))

        self.runner.run(stop(), on_done=done, on_error=self._failed)

    # --- the assessment ------------------------------------------------------------------

    def show_assessment(self, assessment: Any) -> None:
        self.assessment = assessment
        self.pdf_path = None
        self.result_view.show_assessment(assessment)
        self.stack.setCurrentWidget(self.result_view)
        self.result_view.pdf_button.setFocus()
        self.assessment_shown.emit(assessment)

    def pdf_file(self) -> Path:
        a = self.assessment
        day = a.ended_at.strftime("%Y%m%d") if a.ended_at else "undated"
        name = f"考核-{a.trainee.staff_no}-{day}-{str(a.id)[:8]}.pdf"
        return self.reports_dir / "training" / name

    def export_pdf(self) -> None:
        if self.assessment is None:
            return
        from counter.scenarios import write_assessment_pdf

        path = self.pdf_file()
        assessment = self.assessment

        async def write() -> Path:
            path.parent.mkdir(parents=True, exist_ok=True)
            return Path(await asyncio.to_thread(write_assessment_pdf, assessment, path))

        def done(written: Path) -> None:
            self.pdf_path = written
            self.result_view.show_file(self.tr("已导出：{path}").format(path=written))

        self.runner.run(
            write(),
            control=self.result_view.pdf_button,
            on_done=done,
            on_error=self.result_view.show_file,
        )

    def print_assessment(self) -> None:
        if self.assessment is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印考核报告"))
        dialog.accepted.connect(lambda: self._print_on(printer))
        self.print_dialog = dialog
        dialog.open()

    def _print_on(self, printer: QPrinter) -> None:
        from counter.scenarios import render_assessment_pages

        pages = render_assessment_pages(self.assessment)
        painter = QPainter(printer)
        try:
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                buffer = io.BytesIO()
                page.save(buffer, format="PNG")
                image = QImage.fromData(buffer.getvalue())
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
        finally:
            painter.end()
        self.result_view.show_file(self.tr("已送打印机。"))

    def new_assessment(self) -> None:
        self.assessment = None
        self.stack.setCurrentWidget(self.setup)
        trainee = self.setup.trainee()
        if trainee is not None:
            self.load_history(trainee.staff_no)
        self.setup.trainee_list.setFocus()

    def close_screen(self) -> None:
        """Before the screen is dropped: stop counting (the run itself stays with the core)."""
        self._stop_watching()
        self.inputs.stop()
        self.tick.stop()
