"""An assessment: one trainee, a set of scenarios, their results; and the trainer's facade.

:class:`TrainingCoordinator` is what the trainer's screen drives: begin an assessment for
a trainee with chosen scenarios, run them one after the other on the live training
platform, score each, and save the assessment (table ``training_assessments``) so the
supervisor's roster shows trained / assessed dates and the results history.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from counter.events import Event
from counter.journal import BUSINESS_TZ
from counter.roster import RosterError, RosterService
from counter.scenarios.loader import ScenarioError, ScenarioLibrary
from counter.scenarios.run import RunProgress, RunRig, ScenarioRun, TraineeRef
from counter.scenarios.scoring import ScenarioResult
from counter.scenarios.store import AssessmentRow, AssessmentStore, AssessmentSummary
from counter.session import PermissionDenied

__all__ = ["AD_HOC_SET", "Assessment", "TrainingCoordinator"]

AD_HOC_SET = "custom"
AD_HOC_TITLE = "自选情景练习"


@dataclass
class Assessment:
    trainee: TraineeRef
    assessor: str
    set_id: str
    set_title: str
    pass_mark: int
    started_at: datetime
    results: list[ScenarioResult] = field(default_factory=list)
    ended_at: datetime | None = None
    training_mode: bool = True
    roster_note: str = ""  # why the roster was not updated (empty: updated or not asked)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def score(self) -> int:
        """The mean of the scenario scores (0 without any)."""
        if not self.results:
            return 0
        return round(sum(r.score for r in self.results) / len(self.results))

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def mistake_count(self) -> int:
        return sum(len(r.mistakes) for r in self.results)

    def to_row(self) -> AssessmentRow:
        detail = [
            {
                "id": r.scenario_id,
                "title": r.title,
                "score": r.score,
                "passed": r.passed,
                "mistakes": sorted(r.mistake_codes),
            }
            for r in self.results
        ]
        return AssessmentRow(
            id=self.id,
            staff_no=self.trainee.staff_no,
            name_masked=self.trainee.name_masked,
            outlet_code=self.trainee.outlet_code,
            set_id=self.set_id,
            set_title=self.set_title,
            score=self.score,
            pass_mark=self.pass_mark,
            passed=self.passed,
            scenario_count=len(self.results),
            mistake_count=self.mistake_count,
            assessor=self.assessor,
            training=self.training_mode,
            started_at=self.started_at,
            ended_at=self.ended_at or self.started_at,
            detail=json.dumps(detail, ensure_ascii=False),
        )


class TrainingCoordinator:
    """The trainer's facade: runs the chosen scenarios for one trainee and keeps the result."""

    def __init__(
        self,
        library: ScenarioLibrary,
        rig: RunRig,
        store: AssessmentStore | None,
        *,
        assessor_staff_no: str,
        training_mode: bool = True,
    ) -> None:
        self.library = library
        self.rig = rig
        self.store = store
        self.assessor = assessor_staff_no
        self.training_mode = training_mode
        self.progress: Event[RunProgress] = Event("training.progress")
        self.current: ScenarioRun | None = None
        self.remaining: list[str] = []
        self.assessment: Assessment | None = None

    def _relay(self, progress: RunProgress) -> None:
        self.progress.emit(progress)

    async def begin(
        self, trainee: TraineeRef, scenario_ids: Sequence[str], set_id: str | None = None
    ) -> ScenarioRun:
        if self.current is not None:
            raise ScenarioError(self.library.directory, "", "上一个情景尚未结束")
        ids = list(scenario_ids)
        if not ids and set_id is not None:
            ids = [s.id for s in self.library.in_set(set_id)]
        if not ids:
            raise ScenarioError(self.library.directory, "", "请至少选择一个情景")
        for sid in ids:
            scenario = self.library.get(sid)
            if (
                scenario.outlet_category is not None
                and scenario.outlet_category != trainee.outlet_category
            ):
                raise ScenarioError(
                    scenario.path or sid,
                    "outlet_category",
                    f"“{scenario.title}”须在{scenario.outlet_category}类网点练习，学员在"
                    f"{trainee.outlet_category}类网点",
                )
        chosen = self.library.sets.get(set_id) if set_id else None
        self.assessment = Assessment(
            trainee=trainee,
            assessor=self.assessor,
            set_id=chosen.id if chosen else AD_HOC_SET,
            set_title=chosen.title if chosen else AD_HOC_TITLE,
            pass_mark=self.library.pass_mark(set_id),
            started_at=self.rig.clock(),
            training_mode=self.training_mode,
        )
        self.remaining = ids
        run = await self.next_scenario()
        assert run is not None
        return run

    async def next_scenario(self) -> ScenarioRun | None:
        if self.assessment is None:
            raise ScenarioError(self.library.directory, "", "尚未开始考核")
        if self.current is not None and self.current.result is None:
            raise ScenarioError(self.library.directory, "", "当前情景尚未结束")
        if not self.remaining:
            self.current = None
            return None
        scenario = self.library.get(self.remaining.pop(0))
        mark = self.library.pass_mark(
            None if self.assessment.set_id == AD_HOC_SET else self.assessment.set_id, scenario
        )
        run = ScenarioRun(scenario, self.rig, self.assessment.trainee, pass_mark=mark)
        run.progress.connect(self._relay)
        self.current = run
        await run.start()
        return run

    async def finish_scenario(self) -> ScenarioResult:
        run = self.current
        if run is None or self.assessment is None:
            raise ScenarioError(self.library.directory, "", "没有进行中的情景")
        result = await run.finish()
        run.progress.disconnect(self._relay)
        self.assessment.results.append(result)
        return result

    async def complete(self, roster: RosterService | None = None) -> Assessment:
        """End the assessment (a running scenario is scored first) and save it.

        With *roster* (the supervisor logged in), a post holder's training — and, passed,
        certification — date is recorded and filed; a failure to do so is kept in
        ``Assessment.roster_note`` and does not lose the assessment.
        """
        if self.assessment is None:
            raise ScenarioError(self.library.directory, "", "尚未开始考核")
        if self.current is not None and self.current.result is None:
            await self.finish_scenario()
        assessment = self.assessment
        assessment.ended_at = self.rig.clock()
        if self.store is not None and assessment.results:
            await self.store.save_row(assessment.to_row())
        if roster is not None and assessment.results:
            day = assessment.ended_at.astimezone(BUSINESS_TZ).date()
            try:
                holder = await roster.record_assessment(
                    assessment.trainee.staff_no, on=day, passed=assessment.passed
                )
            except (RosterError, PermissionDenied) as exc:
                assessment.roster_note = f"未更新A/B岗登记：{exc}"
            else:
                if holder is None:
                    assessment.roster_note = "学员不在本窗口A/B岗登记中，未更新培训日期"
        self.assessment = None
        self.current = None
        self.remaining = []
        return assessment

    async def abort(self) -> None:
        if self.current is not None and self.current.result is None:
            await self.current.abort()
            self.current.progress.disconnect(self._relay)
        self.current = None
        self.remaining = []
        self.assessment = None

    async def history(self, staff_no: str | None = None) -> list[AssessmentSummary]:
        return [] if self.store is None else await self.store.history(staff_no)
