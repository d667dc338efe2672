"""培训考核 (issue 10): the trainer's screen — pick a trainee and scenarios, follow the run,
read and export the assessment — and the input counting while a scenario runs."""

from ui.supervisor.training.inputs import InputFilter
from ui.supervisor.training.page import TrainingPage
from ui.supervisor.training.screen import TrainerScreen
from ui.supervisor.training.services import TrainerServices, seed_trainees, trainer_services
from ui.supervisor.training.setup import TraineeRow
from ui.supervisor.training.window import TrainerWindow, open_trainer_window

__all__ = [
    "InputFilter",
    "TraineeRow",
    "TrainerScreen",
    "TrainerServices",
    "TrainerWindow",
    "TrainingPage",
    "open_trainer_window",
    "seed_trainees",
    "trainer_services",
]
