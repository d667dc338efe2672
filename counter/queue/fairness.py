"""Who is called next: 绿色通道 priority without starving everyone else.

The rules, in order, for a window calling the next ticket among those waiting for it:

1. **Priority, capped.** A priority ticket (elderly, disabled, pregnant, military, other
   with a reason) goes before normal tickets, but after `cap` priority calls in a row
   (hall-wide, counted over calls that take a ticket from the line: call-next and calls
   of a specific ticket) a normal ticket is called if one waits (rule ``priority_cap``).
2. **Escalation.** A normal ticket that has waited `escalate_after` or longer joins the
   priority class: it is called ahead of every priority ticket that came after it (rule
   ``escalated``). Priority tickets that came earlier still go first, so a busy hall where
   everyone waits past the limit cannot starve the priority line either.
3. Otherwise first come, first served by place in line (``fifo``), ties by ticket id.

The same rules, applied repeatedly to everyone waiting, give the projected order used for
"您前面还有 N 人等待" and the wait estimates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from counter.queue.model import CallRule, Priority

__all__ = ["Candidate", "pick_next", "projected_order"]


@dataclass(frozen=True)
class Candidate:
    id: int
    priority: Priority
    queue_at: datetime  # place in line (UTC)
    target_window: int | None = None

    @property
    def key(self) -> tuple[datetime, int]:
        return (self.queue_at, self.id)


def _split(candidates: Sequence[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    ordered = sorted(candidates, key=lambda c: c.key)
    normals = [c for c in ordered if c.priority is Priority.NORMAL]
    priors = [c for c in ordered if c.priority is not Priority.NORMAL]
    return normals, priors


def pick_next(
    candidates: Sequence[Candidate],
    *,
    priority_run: int,
    now: datetime,
    cap: int,
    escalate_after: timedelta,
) -> tuple[Candidate, CallRule] | None:
    """The ticket to call and the rule that chose it; None when nobody waits.

    `priority_run` is the number of priority tickets called in a row just before.
    """
    normals, priors = _split(candidates)
    if priors and (priority_run < cap or not normals):
        first_priority = priors[0]
        if normals and now - normals[0].queue_at >= escalate_after:
            oldest_normal = normals[0]
            if oldest_normal.key < first_priority.key:
                return oldest_normal, CallRule.ESCALATED
        return first_priority, CallRule.PRIORITY
    if normals:
        return normals[0], CallRule.PRIORITY_CAP if priors else CallRule.FIFO
    return None


def projected_order(
    candidates: Sequence[Candidate],
    *,
    priority_run: int,
    now: datetime,
    cap: int,
    escalate_after: timedelta,
) -> list[Candidate]:
    """Everyone waiting in the order the rules would call them if nobody else arrived.

    Ignores window targets (a ticket transferred to one window is projected as if any
    window could call it) and keeps the escalation clock at `now`.
    """
    # `pick_next` repeated, in linear time: only the heads of the two sorted lines matter.
    normals, priors = _split(candidates)
    order: list[Candidate] = []
    n = p = 0
    run = priority_run
    while n < len(normals) or p < len(priors):
        normal = normals[n] if n < len(normals) else None
        prior = priors[p] if p < len(priors) else None
        take_priority = prior is not None and (run < cap or normal is None)
        if take_priority and normal is not None and prior is not None:
            escalated = now - normal.queue_at >= escalate_after
            if escalated and normal.key < prior.key:
                take_priority = False
        if take_priority:
            assert prior is not None
            order.append(prior)
            p += 1
            run += 1
        else:
            assert normal is not None
            order.append(normal)
            n += 1
            run = 0
    return order
