"""The simulated evaluator of training mode: a script first, then answers at random.

A trainer fills the script (`push`) to stage a scene — a 差评 without a reason, a citizen
who walks away — and otherwise the pad answers at random with the trainer's weights,
after a short "thinking" delay, sometimes walking away (the service records 未评价 at
its time-out). A 差评 drawn at random carries a random reason tag, unless
`bad_without_reason` is set to practise the re-ask.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from counter.bureau.cases import RatingLevel
from counter.evaluations import EvaluationAnswer, EvaluationPrompt, ScriptedEvaluator

__all__ = ["DEFAULT_WEIGHTS", "SimulatedEvaluator", "TrainerSettings"]

#: Roughly what real pads report: overwhelmingly positive (see REFERENCE.md).
DEFAULT_WEIGHTS: dict[RatingLevel, float] = {
    RatingLevel.VERY_SATISFIED: 80.0,
    RatingLevel.SATISFIED: 12.0,
    RatingLevel.BASIC: 4.0,
    RatingLevel.DISSATISFIED: 2.5,
    RatingLevel.VERY_DISSATISFIED: 1.5,
}


@dataclass
class TrainerSettings:
    """What the trainer sets for random answers (mutable: changes apply to the next ask)."""

    random_answers: bool = True  # False: only the script answers; otherwise nobody does
    weights: Mapping[RatingLevel, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    delay_s: float = 1.5  # the citizen reads the screen before tapping
    walk_away_rate: float = 0.0  # 0..1: no answer at all (未评价 at the time-out)
    bad_without_reason: bool = False  # a random 差评 first comes without a reason

    def __post_init__(self) -> None:
        if not 0.0 <= self.walk_away_rate <= 1.0:
            raise ValueError("不评价的比例须在 0 到 1 之间")
        if self.delay_s < 0:
            raise ValueError("答题延迟不能为负数")
        if any(level is RatingLevel.NONE for level in self.weights):
            raise ValueError("“未评价”不是可选的评价等级，请用不评价的比例")
        if not any(w > 0 for w in self.weights.values()):
            raise ValueError("至少一个评价等级的权重须大于 0")


class SimulatedEvaluator:
    """Implements :class:`counter.evaluations.Evaluator` without hardware."""

    def __init__(
        self,
        script: Iterable[EvaluationAnswer | None] = (),
        *,
        settings: TrainerSettings | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.scripted = ScriptedEvaluator(script)
        self.settings = settings or TrainerSettings()
        self.rng = rng or random.Random()
        self.prompts: list[EvaluationPrompt] = []
        self.answers: list[EvaluationAnswer] = []

    def push(self, *answers: EvaluationAnswer | None) -> None:
        """Stage the next answers (None: the citizen walks away)."""
        self.scripted.push(*answers)

    async def ask(self, prompt: EvaluationPrompt) -> EvaluationAnswer:
        self.prompts.append(prompt)
        if self.scripted.script:
            answer = await self.scripted.ask(prompt)
        else:
            answer = await self._random(prompt)
        self.answers.append(answer)
        return answer

    async def _random(self, prompt: EvaluationPrompt) -> EvaluationAnswer:
        settings = self.settings
        if not settings.random_answers or self.rng.random() < settings.walk_away_rate:
            await asyncio.Event().wait()  # nobody answers: until the time-out cancels us
        if settings.delay_s > 0:
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * settings.delay_s)
        levels = [level for level, w in settings.weights.items() if w > 0]
        level = self.rng.choices(levels, weights=[settings.weights[lv] for lv in levels])[0]
        if not level.is_bad:
            return EvaluationAnswer(level)
        if settings.bad_without_reason and not prompt.reason_required:
            return EvaluationAnswer(level)  # the service asks again for a reason
        tags = tuple(t for t in prompt.reason_tags if t != "其他") or prompt.reason_tags
        return EvaluationAnswer(level, tags=(self.rng.choice(tags),))
