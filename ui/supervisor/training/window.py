"""The trainer's screen as its own window (for the trainer's monitor), kept for the session
of the app: it stays while the supervisor logs out and the trainee logs in at the counter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.asyncop import AsyncRunner
from ui.qt import QCloseEvent, QGuiApplication, QVBoxLayout, QWidget
from ui.supervisor.training.screen import TrainerScreen
from ui.supervisor.training.services import TrainerServices, seed_trainees, trainer_services

if TYPE_CHECKING:
    from counter.session import ActiveSession
    from ui.composition import Services

__all__ = ["TrainerWindow", "open_trainer_window"]


class TrainerWindow(QWidget):
    def __init__(
        self,
        services: TrainerServices,
        session: ActiveSession,
        runner: AsyncRunner,
        trainee_window: QWidget,
    ) -> None:
        super().__init__(None)
        self.setObjectName("Page")
        self.setWindowTitle(self.tr("培训考核 · 培训师屏幕（培训模式）"))
        self.trainee_window = trainee_window
        self.screen_widget = TrainerScreen(
            services.coordinator,
            services.store,
            runner,
            trainees=seed_trainees(session),
            item_name=services.item_name,
            reports_dir=services.reports_dir,
            trainee_window=lambda: self.trainee_window,
            assessor=session.staff.staff_no,
            roster=services.roster,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.screen_widget)
        self.resize(1366, 768)

    def show_on_screen(self, index: int) -> None:
        """On screen *index* when there is one (the trainer's own monitor), else here."""
        screens = QGuiApplication.screens()
        if 0 <= index < len(screens) and len(screens) > 1:
            self.setGeometry(screens[index].availableGeometry())
        self.show()
        if QGuiApplication.platformName() != "offscreen":
            self.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing hides: a run in progress goes on and the window comes back with it.
        self.hide()
        event.ignore()


def open_trainer_window(
    services: Services, session: ActiveSession, runner: AsyncRunner, trainee_window: QWidget
) -> TrainerWindow:
    """The one trainer window of this app (created on first use), shown."""
    window = services.trainer_window
    if not isinstance(window, TrainerWindow):
        window = TrainerWindow(trainer_services(services), session, runner, trainee_window)
        services.trainer_window = window
    window.screen_widget.assessor = session.staff.staff_no
    window.show_on_screen(services.config.ui.hall_screen + 1)
    return window
