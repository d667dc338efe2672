"""好差评: the citizen rates each case on the evaluator ("一次一评"), never the clerk.

The core asks an :class:`Evaluator` (the port; ``drivers`` implement the pad, the
on-screen citizen window and vendor adapters) and waits up to a time-out; no answer is
recorded as 未评价. A 不满意 / 非常不满意 must carry reason tags or a text, so the evaluator
is asked again (``reason_required``) until it does or the time runs out.

There is deliberately **no** method that takes a level from the clerk's side: the only way
to a rating is through ``Evaluator.ask``. The rating is bound to the case's business number
and clerk and uploaded through the outbox (``POST /v1/evaluations``); for a case still
waiting to upload, it waits for the case and takes its business number once known.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select

from counter.audit import AuditLog
from counter.bureau.cases import Evaluation, RatingLevel
from counter.bureau.models import Role
from counter.case_store import CaseRow
from counter.cases import CaseError, CaseRepo, CaseView
from counter.journal import Action
from counter.outbox import KIND_EVALUATION, MessageState, NewMessage, Outbox
from counter.session import SessionService
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow

__all__ = [
    "BAD_REASON_TAGS",
    "EvaluationAnswer",
    "EvaluationOutcome",
    "EvaluationPrompt",
    "EvaluationService",
    "Evaluator",
    "ScriptedEvaluator",
]

#: Reason tags offered with a 差评 (the pad shows them; the citizen picks).
BAD_REASON_TAGS: tuple[str, ...] = (
    "等候时间长",
    "办事效率低",
    "服务态度差",
    "材料要求不清楚",
    "流程繁琐",
    "系统故障",
    "其他",
)


@dataclass(frozen=True, slots=True)
class EvaluationPrompt:
    """What the evaluator shows the citizen (no personal data)."""

    case_id: str
    item_name: str
    clerk_staff_no: str
    window: int
    reason_required: bool = False  # asked again: a 差评 needs a reason
    reason_tags: tuple[str, ...] = BAD_REASON_TAGS


@dataclass(frozen=True, slots=True)
class EvaluationAnswer:
    level: RatingLevel
    tags: tuple[str, ...] = ()
    text: str = ""

    @property
    def has_reason(self) -> bool:
        return bool(self.tags) or bool(self.text.strip())


class Evaluator(Protocol):
    """The citizen-facing evaluator. ``ask`` may be cancelled (time-out): close the screen."""

    async def ask(self, prompt: EvaluationPrompt) -> EvaluationAnswer: ...


class ScriptedEvaluator:
    """A simulated evaluator for training and tests: answers from a script, in order.

    ``None`` in the script means the citizen walks away (no answer until cancelled).
    An exhausted script answers nothing either.
    """

    def __init__(self, answers: Iterable[EvaluationAnswer | None] = ()) -> None:
        self.script: deque[EvaluationAnswer | None] = deque(answers)
        self.prompts: list[EvaluationPrompt] = []

    def push(self, *answers: EvaluationAnswer | None) -> None:
        self.script.extend(answers)

    async def ask(self, prompt: EvaluationPrompt) -> EvaluationAnswer:
        self.prompts.append(prompt)
        answer = self.script.popleft() if self.script else None
        if answer is None:
            await asyncio.Event().wait()  # until cancelled by the time-out
        assert answer is not None
        await asyncio.sleep(0)
        return answer


@dataclass(frozen=True, slots=True)
class EvaluationOutcome:
    case_id: str
    level: RatingLevel
    tags: tuple[str, ...]
    asked: int  # how many times the evaluator was asked
    outbox_key: str
    timed_out: bool


class EvaluationService:
    def __init__(
        self,
        sessions: SessionService,
        repo: CaseRepo,
        outbox: Outbox,
        db: DbExecutor,
        audit: AuditLog,
        *,
        evaluator: Evaluator,
        timeout_s: float = 60.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.evaluator = evaluator
        self.repo = repo
        self.outbox = outbox
        self.db = db
        self.audit = audit
        self.timeout_s = timeout_s
        self.clock = clock

    async def evaluate(self, case_id: str) -> EvaluationOutcome:
        """Ask the citizen to rate *case_id*; record and upload the answer (or 未评价)."""
        session = self.sessions.current
        if session is None:
            raise CaseError("请先登录", code="NO_SESSION")
        session.require(Role.CLERK)
        case = await self.db.run(self.repo.get, case_id)
        if case is None:
            raise CaseError("找不到该办件", code="NOT_FOUND")
        if case.rating is not None:
            raise CaseError("该办件已评价（一次一评），不能重复评价", code="ALREADY_RATED")
        if case.state is MessageState.REJECTED:
            raise CaseError("该办件未被受理，没有办件编号，无需评价", code="NOT_ACCEPTED")
        prompt = EvaluationPrompt(
            case_id=case.case_id,
            item_name=case.item_name,
            clerk_staff_no=case.maker,
            window=session.window,
        )
        answer, asked, timed_out = await self._ask(prompt)
        outcome = await self._record(case, answer, asked, timed_out)
        await self.audit.record(
            Action.EVALUATION.value,
            staff_no=session.staff.staff_no,
            role=Role.CLERK.value,
            object=case.case_id,
            outcome=answer.level.value,
            details={
                "tags": len(answer.tags),
                "text": bool(answer.text.strip()),
                "asked": asked,
                "timed_out": timed_out,
            },
        )
        return outcome

    async def _ask(self, prompt: EvaluationPrompt) -> tuple[EvaluationAnswer, int, bool]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        asked = 0
        while True:
            left = deadline - loop.time()
            if left <= 0:
                return EvaluationAnswer(RatingLevel.NONE), asked, True
            asked += 1
            try:
                answer = await asyncio.wait_for(self.evaluator.ask(prompt), left)
            except TimeoutError:
                return EvaluationAnswer(RatingLevel.NONE), asked, True
            if answer.level.is_bad and not answer.has_reason:
                prompt = dataclasses.replace(prompt, reason_required=True)
                continue
            tags = tuple(t for t in answer.tags if t.strip())
            return EvaluationAnswer(answer.level, tags, answer.text.strip()), asked, False

    async def _record(
        self, case: CaseView, answer: EvaluationAnswer, asked: int, timed_out: bool
    ) -> EvaluationOutcome:
        now = self.clock()
        evaluation = Evaluation(
            evaluation_id=str(uuid.uuid4()),
            business_no=case.business_no or "",  # completed from the case when it is known
            item_code=case.item_code,
            item_version=case.item_version,
            applicant_masked=case.person_masked,
            clerk_staff_no=case.maker,
            rated_at=now,
            level=answer.level,
            tags=list(answer.tags),
            text=answer.text,
        )
        message = NewMessage(
            kind=KIND_EVALUATION,
            path="/v1/evaluations",
            object_id=case.case_id,
            body=evaluation.model_dump(mode="json"),
            depends_on=(case.outbox_key,),
        )

        def write() -> None:
            with self.repo.db.session() as s:
                row = s.scalar(select(CaseRow).where(CaseRow.case_id == case.case_id))
                if row is None or row.rating is not None:
                    raise CaseError("该办件已评价（一次一评），不能重复评价", code="ALREADY_RATED")
                self.repo.outbox.add(s, message, created_by=case.maker, now=now)
                row.rating = answer.level.value
                row.evaluation_key = message.key

        await self.db.run(write)
        view = await self.outbox.get(message.key)
        assert view is not None
        await self.outbox.refresh()
        self.outbox.added(view)
        return EvaluationOutcome(
            case.case_id, answer.level, answer.tags, asked, message.key, timed_out
        )
