"""Evaluator (好差评 pad) drivers: implement `counter.evaluations.Evaluator`.

Kinds (`evaluator.kind` in the config):

* ``simulated`` — training: a trainer's script, then random answers
  (:class:`SimulatedEvaluator`).
* ``screen`` — the on-screen citizen-facing second window. It is a Qt window, so it
  lives in ``ui/evaluator/window.py`` (drivers import no Qt); :func:`open_evaluator`
  answers None for it and the UI attaches ``ScreenEvaluator``.
* ``none`` — no evaluator at this window: every case is recorded 未评价 at once
  (:class:`NoEvaluator`), so the clerk never waits for a pad that is not there.

Vendor pads (serial/USB) come later as further kinds.
"""

from __future__ import annotations

import random

from counter.bureau.cases import RatingLevel
from counter.evaluations import EvaluationAnswer, EvaluationPrompt, Evaluator
from drivers.evaluator.simulated import DEFAULT_WEIGHTS, SimulatedEvaluator, TrainerSettings

__all__ = [
    "DEFAULT_WEIGHTS",
    "EVALUATOR_KINDS",
    "NoEvaluator",
    "SimulatedEvaluator",
    "TrainerSettings",
    "open_evaluator",
]

EVALUATOR_KINDS = ("simulated", "screen", "none")


class NoEvaluator:
    """No pad at this window: the answer is 未评价, at once."""

    def __init__(self) -> None:
        self.prompts: list[EvaluationPrompt] = []

    async def ask(self, prompt: EvaluationPrompt) -> EvaluationAnswer:
        self.prompts.append(prompt)
        return EvaluationAnswer(RatingLevel.NONE)


def open_evaluator(
    kind: str,
    *,
    settings: TrainerSettings | None = None,
    rng: random.Random | None = None,
) -> Evaluator | None:
    """The evaluator for *kind*; None for ``screen`` (the UI builds that window)."""
    if kind == "simulated":
        return SimulatedEvaluator(settings=settings, rng=rng)
    if kind == "none":
        return NoEvaluator()
    if kind == "screen":
        return None
    raise ValueError(f"未知的评价器类型：{kind}（可选：{'、'.join(EVALUATOR_KINDS)}）")
