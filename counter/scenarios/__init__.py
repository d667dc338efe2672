"""Training scenarios and assessment (issue 10): scenarios as data, runs on the live
training platform, scoring from the journal and the platform's records, assessment reports.

The public names are re-exported here lazily (PEP 562), so `counter --help` and the GUI's
start do not pay for importing the services; see docs/training-scenarios.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from counter.scenarios.assessment import Assessment, TrainingCoordinator
    from counter.scenarios.inputs import InputCounter, InputCounts
    from counter.scenarios.loader import (
        ScenarioError,
        ScenarioLibrary,
        load_library,
        load_scenario,
    )
    from counter.scenarios.model import Citizen, Deviation, Outcome, Scenario, ScenarioSet
    from counter.scenarios.platform import PlatformCase, PlatformControl, PlatformEvaluation
    from counter.scenarios.props import ScenarioProps
    from counter.scenarios.report_pdf import (
        assessment_lines,
        render_assessment_pages,
        write_assessment_pdf,
    )
    from counter.scenarios.run import (
        CitizenPhase,
        CitizenState,
        RunPhase,
        RunProgress,
        RunRig,
        ScenarioRun,
        TraineeRef,
    )
    from counter.scenarios.scoring import (
        CitizenScore,
        Mistake,
        MistakeCode,
        ScenarioResult,
        score_scenario,
    )
    from counter.scenarios.store import AssessmentStore, AssessmentSummary
    from counter.scenarios.trace import JournalTrace, TraceEntry, TraceSource

_EXPORTS = {
    "Assessment": "assessment",
    "TrainingCoordinator": "assessment",
    "InputCounter": "inputs",
    "InputCounts": "inputs",
    "ScenarioError": "loader",
    "ScenarioLibrary": "loader",
    "load_library": "loader",
    "load_scenario": "loader",
    "Citizen": "model",
    "Deviation": "model",
    "Outcome": "model",
    "Scenario": "model",
    "ScenarioSet": "model",
    "PlatformCase": "platform",
    "PlatformControl": "platform",
    "PlatformEvaluation": "platform",
    "ScenarioProps": "props",
    "assessment_lines": "report_pdf",
    "render_assessment_pages": "report_pdf",
    "write_assessment_pdf": "report_pdf",
    "CitizenPhase": "run",
    "CitizenState": "run",
    "RunPhase": "run",
    "RunProgress": "run",
    "RunRig": "run",
    "ScenarioRun": "run",
    "TraineeRef": "run",
    "CitizenScore": "scoring",
    "Mistake": "scoring",
    "MistakeCode": "scoring",
    "ScenarioResult": "scoring",
    "score_scenario": "scoring",
    "AssessmentStore": "store",
    "AssessmentSummary": "store",
    "JournalTrace": "trace",
    "TraceEntry": "trace",
    "TraceSource": "trace",
}

__all__ = [
    "Assessment",
    "AssessmentStore",
    "AssessmentSummary",
    "Citizen",
    "CitizenPhase",
    "CitizenScore",
    "CitizenState",
    "Deviation",
    "InputCounter",
    "InputCounts",
    "JournalTrace",
    "Mistake",
    "MistakeCode",
    "Outcome",
    "PlatformCase",
    "PlatformControl",
    "PlatformEvaluation",
    "RunPhase",
    "RunProgress",
    "RunRig",
    "Scenario",
    "ScenarioError",
    "ScenarioLibrary",
    "ScenarioProps",
    "ScenarioResult",
    "ScenarioRun",
    "ScenarioSet",
    "TraceEntry",
    "TraceSource",
    "TraineeRef",
    "TrainingCoordinator",
    "assessment_lines",
    "load_library",
    "load_scenario",
    "render_assessment_pages",
    "score_scenario",
    "write_assessment_pdf",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'counter.scenarios' has no attribute {name!r}")
    return getattr(importlib.import_module(f"counter.scenarios.{module}"), name)
