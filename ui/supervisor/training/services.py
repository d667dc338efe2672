"""The core services the trainer's screen uses, gathered in one place.

The composition root builds the coordinator and the assessment store in training mode
(``Services.training_coordinator``, ``Services.assessments``); this gathers them with the
catalogue names and the reports folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter.bureau.models import Role
from counter.session import ActiveSession
from ui.supervisor.training.setup import TraineeRow

if TYPE_CHECKING:
    from ui.composition import Services

__all__ = ["TrainerServices", "seed_trainees", "trainer_services"]


@dataclass
class TrainerServices:
    coordinator: Any  # counter.scenarios.TrainingCoordinator
    store: Any  # counter.scenarios.AssessmentStore
    item_name: Callable[[str], str | None]
    reports_dir: Path
    roster: Any = None  # counter.roster.RosterService


def seed_trainees(session: ActiveSession) -> list[TraineeRow]:
    """The clerks of this outlet among the training accounts, at this counter's window."""
    from counter.scenarios import TraineeRef
    from counter.training.seed import TRAINING_ACCOUNTS

    rows = []
    for account in TRAINING_ACCOUNTS:
        if account.outlet_code != session.outlet.code or Role.CLERK not in account.roles:
            continue
        from counter.identity import mask_name

        ref = TraineeRef(account.staff_no, mask_name(account.name), session.outlet, session.window)
        rows.append(TraineeRow(ref, account.role_label))
    return rows


def _item_name(services: Services) -> Callable[[str], str | None]:
    def name(code: str) -> str | None:
        item = services.catalogue.item(code)
        if item is not None:
            return item.name
        try:
            from counter.scenarios.loader import catalogue_item

            return catalogue_item(code).name
        except KeyError:
            return None

    return name


def trainer_services(services: Services) -> TrainerServices:
    coordinator, store = services.training_coordinator, services.assessments
    if coordinator is None or store is None:
        raise RuntimeError("training assessments run in training mode only")
    return TrainerServices(
        coordinator=coordinator,
        store=store,
        item_name=_item_name(services),
        reports_dir=services.data_dir / "reports",
        roster=services.supervision.roster,
    )


def trainee_rows(trainees: Sequence[Any], labels: dict[str, str] | None = None) -> list[TraineeRow]:
    """``TraineeRef``s as list rows (*labels*: staff_no → post label)."""
    labels = labels or {}
    return [TraineeRow(t, labels.get(t.staff_no, "")) for t in trainees]
