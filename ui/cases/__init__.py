"""The clerk's cases at the window: the step-by-step flow, its form, review and lists."""

from ui.cases.flow import CaseFlow
from ui.cases.form import FormView
from ui.cases.materials import MaterialsChecklist
from ui.cases.review import ReviewDialog, ask_review
from ui.cases.status import OutboxStatusLabel
from ui.cases.steps import Mark, Step, StepHeader
from ui.cases.today import TodaysCases

__all__ = [
    "CaseFlow",
    "FormView",
    "Mark",
    "MaterialsChecklist",
    "OutboxStatusLabel",
    "ReviewDialog",
    "Step",
    "StepHeader",
    "TodaysCases",
    "ask_review",
]
