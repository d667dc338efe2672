"""Running one scenario on the live training platform: the platform plays the citizens.

:class:`ScenarioRun` issues each citizen's ticket through the real queue service (as the
training guide), presents the citizen's cards on the scripted readers when the trainee
calls the ticket, answers the evaluator as the citizen would, switches platform outages
on and off on cue, and at the end scores what the trainee did — read back from the
journal and the platform's case records (:mod:`counter.scenarios.scoring`).

The trainee works the real client; the run only watches. The UI keeps ``watch()``
running as a task (it polls the journal every half second); the headless scripted
trainee calls ``observe()`` after each of its steps instead.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from counter.bureau.models import CatalogueItem, Outlet, Role, Staff
from counter.events import Event
from counter.journal import Action
from counter.queue.model import ChangeKind, QueueChange, Ticket, TicketState
from counter.queue.service import QueueService
from counter.scenarios.inputs import InputCounter, InputCounts
from counter.scenarios.loader import ScenarioError, catalogue_item
from counter.scenarios.model import Citizen, Cue, CueAction, CueWhen, Scenario
from counter.scenarios.platform import PlatformCase, PlatformControl
from counter.scenarios.props import ScenarioProps
from counter.scenarios.scoring import CaseFact, CitizenFacts, ScenarioResult, score_scenario
from counter.scenarios.trace import TraceEntry, TraceSource
from counter.session import ActiveSession
from counter.storage.models import utcnow

__all__ = [
    "GUIDE_NAME",
    "GUIDE_STAFF_NO",
    "CitizenPhase",
    "CitizenState",
    "RunPhase",
    "RunProgress",
    "RunRig",
    "ScenarioRun",
    "TraineeRef",
]

log = logging.getLogger("counter.scenarios")

GUIDE_STAFF_NO = "T-GUIDE01"
GUIDE_NAME = "培训导办"
END_REASON = "培训情景结束"
SETTLE_POLL_S = 0.2


@dataclass
class RunRig:
    """What a run needs of the client and the platform (built once by composition)."""

    queue: QueueService
    props: ScenarioProps
    platform: PlatformControl
    trace: TraceSource
    inputs: InputCounter = field(default_factory=InputCounter)
    nudge: Callable[[], Awaitable[None]] | None = None  # e.g. SessionService.heartbeat_once
    clock: Callable[[], datetime] = utcnow


@dataclass(frozen=True)
class TraineeRef:
    staff_no: str
    name_masked: str
    outlet: Outlet
    window: int

    @property
    def outlet_code(self) -> str:
        return self.outlet.code

    @property
    def outlet_category(self) -> int:
        return self.outlet.category

    @classmethod
    def of(cls, session: ActiveSession) -> TraineeRef:
        return cls(session.staff.staff_no, session.masked_name, session.outlet, session.window)


class RunPhase(StrEnum):
    READY = "ready"
    RUNNING = "running"
    FINISHED = "finished"
    ABORTED = "aborted"

    @property
    def label(self) -> str:
        return {"ready": "未开始", "running": "进行中", "finished": "已结束", "aborted": "已中止"}[
            self.value
        ]


class CitizenPhase(StrEnum):
    PENDING = "pending"  # not arrived yet
    WAITING = "waiting"  # ticket issued
    AT_WINDOW = "at_window"
    DONE = "done"

    @property
    def label(self) -> str:
        return {"pending": "未到达", "waiting": "等候中", "at_window": "办理中", "done": "已离开"}[
            self.value
        ]


@dataclass(frozen=True)
class CitizenState:
    key: str
    label: str
    says: str
    item_code: str
    item_name: str
    priority: str
    phase: CitizenPhase = CitizenPhase.PENDING
    ticket_number: str | None = None
    ticket_id: int | None = None
    called_at: datetime | None = None
    ended_at: datetime | None = None
    case_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunProgress:
    scenario_id: str
    title: str
    phase: RunPhase
    current: str | None  # key of the citizen at the window
    served: int
    total: int
    message: str
    citizens: tuple[CitizenState, ...]
    outage: bool = False


def guide_session(trainee: TraineeRef) -> ActiveSession:
    """The training guide who issues the citizens' tickets (never logs in)."""
    return ActiveSession(
        staff=Staff(staff_no=GUIDE_STAFF_NO, name=GUIDE_NAME, roles=[Role.GUIDE]),
        outlet=trainee.outlet,
        window=trainee.window,
        expires_at_utc=math.inf,
    )


class ScenarioRun:
    def __init__(
        self,
        scenario: Scenario,
        rig: RunRig,
        trainee: TraineeRef,
        *,
        pass_mark: int = 80,
    ) -> None:
        if (
            scenario.outlet_category is not None
            and scenario.outlet_category != trainee.outlet_category
        ):
            raise ScenarioError(
                scenario.path or scenario.id,
                "outlet_category",
                f"本情景须在{scenario.outlet_category}类网点练习，学员所在网点是"
                f"{trainee.outlet_category}类；请换用相应网点的培训账号"
                + (f"（如 {scenario.trainee}）" if scenario.trainee else ""),
            )
        self.scenario = scenario
        self.rig = rig
        self.trainee = trainee
        self.pass_mark = pass_mark
        self.items: dict[str, CatalogueItem] = {
            c.item: catalogue_item(c.item) for c in scenario.citizen
        }
        self.progress: Event[RunProgress] = Event("scenario.progress")
        self.phase = RunPhase.READY
        self.message = ""
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.result: ScenarioResult | None = None
        self._states: dict[str, CitizenState] = {
            c.key: CitizenState(
                c.key,
                c.label,
                c.says,
                c.item,
                self.items[c.item].name,
                c.priority.value,
            )
            for c in scenario.citizen
        }
        self._by_number: dict[str, str] = {}
        self._inputs_at_call: dict[str, InputCounts] = {}
        self._inputs_used: dict[str, InputCounts] = {}
        self._fired: set[tuple[str, CueWhen]] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_seq = 0
        self._current: str | None = None
        self._guide = guide_session(trainee)
        self._outage = False

    # -- reading ------------------------------------------------------------------------

    @property
    def citizens(self) -> list[CitizenState]:
        return list(self._states.values())

    def citizen(self, key: str) -> Citizen:
        return self.scenario.by_key(key)

    def state(self, key: str) -> CitizenState:
        return self._states[key]

    @property
    def at_window(self) -> Citizen | None:
        """The citizen at the trainee's window now (None between citizens)."""
        return self.scenario.by_key(self._current) if self._current else None

    @property
    def ticket_keys(self) -> dict[str, str]:
        """Ticket number → citizen key, for the tickets this run issued."""
        return dict(self._by_number)

    def citizen_for_ticket(self, number: str) -> Citizen | None:
        key = self._by_number.get(number)
        return self.scenario.by_key(key) if key else None

    @property
    def done(self) -> bool:
        return all(s.phase is CitizenPhase.DONE for s in self._states.values())

    def snapshot(self) -> RunProgress:
        served = sum(1 for s in self._states.values() if s.phase is CitizenPhase.DONE)
        return RunProgress(
            self.scenario.id,
            self.scenario.title,
            self.phase,
            self._current,
            served,
            len(self._states),
            self.message,
            tuple(self._states.values()),
            self._outage,
        )

    def _emit(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        self.progress.emit(self.snapshot())

    def _set(self, key: str, **changes: object) -> None:
        self._states[key] = replace(self._states[key], **changes)  # type: ignore[arg-type]

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        if self.phase is not RunPhase.READY:
            raise RuntimeError("scenario run already started")
        self.started_at = self.rig.clock()
        self.phase = RunPhase.RUNNING
        self.rig.props.present(None)
        others = len(await self.rig.queue.waiting())
        self.rig.queue.changed.connect(self._on_queue)
        for citizen in self.scenario.citizen:
            if citizen.arrive_after is None:
                await self._arrive(citizen)
        note = f"（队列中另有 {others} 张其他号票在等候）" if others else ""
        self._emit(f"情景“{self.scenario.title}”开始：请叫号接待群众{note}")

    async def _arrive(self, citizen: Citizen) -> None:
        ticket = await self.rig.queue.issue(
            self._guide,
            item_code=citizen.item,
            item_name=self.items[citizen.item].name,
            priority=citizen.priority,
            priority_reason=None if not citizen.is_priority else "绿色通道",
        )
        self._by_number[ticket.number] = citizen.key
        self._set(
            citizen.key,
            phase=CitizenPhase.WAITING,
            ticket_number=ticket.number,
            ticket_id=ticket.id,
        )
        self._emit(f"{ticket.number} 号（{citizen.label}）取号等候")

    def _on_queue(self, change: QueueChange) -> None:
        ticket = change.ticket
        if ticket is None or self.phase is not RunPhase.RUNNING:
            return
        key = self._by_number.get(ticket.number)
        if key is None:
            return
        if change.kind is ChangeKind.CALLED and change.window == self.trainee.window:
            citizen = self.scenario.by_key(key)
            self._current = key
            self.rig.props.present(citizen)
            if key not in self._inputs_at_call:
                self._inputs_at_call[key] = self.rig.inputs.snapshot()
            self._set(key, phase=CitizenPhase.AT_WINDOW, called_at=ticket.called_at)
            self._after(key, "after_call")
            self._cue(key, CueWhen.CALLED)
            self._emit(f"{citizen.label} 到窗口：{citizen.says}")
        elif change.kind is ChangeKind.ENDED:
            self._end(key, ticket)

    def _end(self, key: str, ticket: Ticket) -> None:
        if self._states[key].phase is CitizenPhase.DONE:
            return
        start = self._inputs_at_call.get(key)
        if start is not None:
            self._inputs_used[key] = self.rig.inputs.snapshot() - start
        self._set(key, phase=CitizenPhase.DONE, ended_at=ticket.ended_at)
        if self._current == key:
            self._current = None
            self.rig.props.present(None)
        self._after(key, "after_complete")
        self._cue(key, CueWhen.COMPLETED)
        self._emit(f"{self.scenario.by_key(key).label} 办完离开")

    def _spawn(self, coro: Awaitable[None]) -> None:
        async def run() -> None:
            try:
                await coro
            except Exception:
                log.exception("scenario step failed")
                self._emit("培训情景的一个步骤失败（详见日志）")

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _after(self, key: str, kind: str) -> None:
        for citizen in self.scenario.citizen:
            if citizen.arrive_after == (kind, key):
                self._spawn(self._arrive(citizen))

    def _cue(self, key: str, when: CueWhen) -> None:
        if (key, when) in self._fired:
            return
        self._fired.add((key, when))
        for cue in self.scenario.by_key(key).cue:
            if cue.when is when:
                self._spawn(self._act(cue))

    async def _act(self, cue: Cue) -> None:
        on = cue.action is CueAction.OUTAGE_ON
        await self.rig.platform.set_outage(on)
        self._outage = on
        if self.rig.nudge is not None:
            await self.rig.nudge()
        self._emit("人社平台中断（培训故障）" if on else "人社平台恢复")

    async def settle(self) -> None:
        """Wait for the steps the run started itself (arrivals, cues)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def observe(self) -> None:
        """Read the journal once: identification and submissions fire their cues."""
        await self.settle()
        if self.started_at is None or self.phase is not RunPhase.RUNNING:
            return
        entries = await self.rig.trace.since(self.started_at, self._last_seq)
        for entry in entries:
            self._last_seq = max(self._last_seq, entry.seq)
            key = self._current
            if key is None or entry.staff_no != self.trainee.staff_no:
                continue
            if (
                entry.action in (Action.IDENTITY_READ, Action.ECARD_VERIFY)
                and entry.outcome == "ok"
            ):
                self._cue(key, CueWhen.IDENTIFIED)
            elif entry.action == Action.IDENTITY_MANUAL and entry.outcome == "ok":
                self._cue(key, CueWhen.IDENTIFIED)
            elif entry.action == Action.CASE_SUBMIT:
                self._set(key, case_ids=(*self._states[key].case_ids, entry.object))
                self._cue(key, CueWhen.SUBMITTED)
        await self.settle()

    async def watch(self, interval_s: float = 0.5) -> None:
        """Observe until the run ends (the UI runs this as a task)."""
        while self.phase is RunPhase.RUNNING:
            try:
                await self.observe()
            except Exception:
                log.exception("observing the scenario run failed")
            await asyncio.sleep(interval_s)

    async def _wind_down(self) -> None:
        self.rig.queue.changed.disconnect(self._on_queue)
        self.rig.props.present(None)
        self._current = None
        await self.settle()
        if self._outage:
            await self.rig.platform.set_outage(False)
            self._outage = False
            if self.rig.nudge is not None:
                await self.rig.nudge()
        for state in self._states.values():
            if state.ticket_id is None or state.phase is not CitizenPhase.WAITING:
                continue
            try:
                ticket = await self.rig.queue.ticket(state.ticket_id)
                if ticket.state is TicketState.WAITING:
                    await self.rig.queue.cancel(self._guide, state.ticket_id, END_REASON)
            except Exception:
                log.exception("could not cancel a scenario ticket")

    async def abort(self) -> None:
        if self.phase is not RunPhase.RUNNING:
            return
        self.phase = RunPhase.ABORTED
        await self._wind_down()
        self._emit("情景已中止")

    async def finish(self, *, settle_s: float = 10.0) -> ScenarioResult:
        """End the run and score it from the journal and the platform's records."""
        if self.phase is RunPhase.FINISHED and self.result is not None:
            return self.result
        if self.phase is not RunPhase.RUNNING or self.started_at is None:
            raise RuntimeError("scenario run not running")
        await self.observe()
        self.phase = RunPhase.FINISHED
        await self._wind_down()
        self.ended_at = self.rig.clock()
        entries = await self.rig.trace.since(self.started_at)
        facts = collect_facts(self, entries)
        case_ids = [c.case_id for f in facts.values() for c in f.cases]
        cases = await self._platform_cases(case_ids, settle_s)
        await self._attach_platform(facts, cases)
        self.result = score_scenario(
            self.scenario,
            facts,
            self.items,
            pass_mark=self.pass_mark,
            started_at=self.started_at,
            ended_at=self.ended_at,
        )
        self._emit(
            f"情景结束：{self.result.score} 分，{'通过' if self.result.passed else '未通过'}"
        )
        return self.result

    async def _platform_cases(
        self, case_ids: list[str], settle_s: float
    ) -> dict[str, PlatformCase]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settle_s
        while True:
            found = {c.case_id: c for c in await self.rig.platform.cases(case_ids)}
            if len(found) >= len(set(case_ids)) or loop.time() >= deadline:
                return found
            await asyncio.sleep(SETTLE_POLL_S)

    async def _attach_platform(
        self, facts: dict[str, CitizenFacts], cases: dict[str, PlatformCase]
    ) -> None:
        numbers = [c.business_no for c in cases.values() if c.business_no]
        ratings = {e.business_no: e.level for e in await self.rig.platform.evaluations(numbers)}
        for fact in facts.values():
            fact.cases = [
                replace(
                    c,
                    platform_status=p.status,
                    platform_message=p.message,
                    business_no=p.business_no,
                    rating=ratings.get(p.business_no or ""),
                )
                if (p := cases.get(c.case_id)) is not None
                else c
                for c in fact.cases
            ]
        for key, used in self._inputs_used.items():
            facts[key].inputs = used
        for key, start in self._inputs_at_call.items():
            if key not in self._inputs_used:
                facts[key].inputs = self.rig.inputs.snapshot() - start


def collect_facts(run: ScenarioRun, entries: list[TraceEntry]) -> dict[str, CitizenFacts]:
    """Attribute the journal entries of the run to its citizens (by ticket and time).

    The guide's ticket issues say when each citizen arrived; the trainee's ticket calls
    open a citizen's span and the completion (or no-show, transfer) closes it; everything
    the trainee journaled in between belongs to that citizen.
    """
    facts = {c.key: CitizenFacts(c.key) for c in run.scenario.citizen}
    numbers = run.ticket_keys
    current: str | None = None
    calls = 0
    waiting_priority: set[str] = set()
    for entry in entries:
        key = numbers.get(entry.object)
        if entry.action == Action.TICKET_ISSUE:
            if key is not None:
                facts[key].issued_at = entry.at
                if run.citizen(key).is_priority:
                    waiting_priority.add(key)
        elif entry.staff_no != run.trainee.staff_no:
            continue
        elif entry.action == Action.TICKET_CALL:
            current = key
            if key is not None:
                calls += _called(facts[key], entry, calls)
                waiting_priority.discard(key)
                if not run.citizen(key).is_priority:
                    for waiting in waiting_priority:
                        facts[waiting].skipped_for.append(entry.object)
        elif current is not None:
            if entry.action in _ENDING and key == current:
                facts[current].ended_at = entry.at
                current = None
            else:
                _attribute(facts[current], entry)
    return facts


_ENDING = (Action.TICKET_COMPLETE, Action.TICKET_NO_SHOW, Action.TICKET_TRANSFER)


def _called(fact: CitizenFacts, entry: TraceEntry, calls: int) -> int:
    """Record a citizen's first call; returns 1 when it was the first."""
    if fact.called_at is not None:
        return 0
    fact.called_at = entry.at
    fact.call_index = calls
    fact.call_rule = str(entry.details.get("rule") or "")
    return 1


def _identified(fact: CitizenFacts, entry: TraceEntry) -> None:
    if entry.outcome == "ok":
        fact.identify_methods.append(str(entry.details.get("method") or ""))


def _manual(fact: CitizenFacts, entry: TraceEntry) -> None:
    if entry.outcome == "ok":
        fact.identify_methods.append("manual")
        fact.manual_reasons.append(str(entry.details.get("reason") or ""))


def _unmasked(fact: CitizenFacts, entry: TraceEntry) -> None:
    if entry.outcome == "ok":
        fact.unmasks += 1


def _reviewed(fact: CitizenFacts, entry: TraceEntry) -> None:
    fact.reviews.append(entry.outcome)


def _submitted(fact: CitizenFacts, entry: TraceEntry) -> None:
    checker = entry.details.get("checker")
    fact.cases.append(
        CaseFact(
            case_id=entry.object,
            item_code=str(entry.details.get("item") or ""),
            offline=bool(entry.details.get("offline")),
            checker=str(checker) if checker else None,
        )
    )


def _printed(fact: CitizenFacts, entry: TraceEntry) -> None:
    if entry.outcome != "ok":
        return
    if entry.details.get("slip") == "notice":
        fact.notices.append(entry.object)
    elif entry.details.get("slip") == "receipt":
        fact.receipts += 1


def _reprinted(fact: CitizenFacts, entry: TraceEntry) -> None:
    if entry.outcome == "ok":
        fact.reprints.append(entry.object)


def _evaluated(fact: CitizenFacts, entry: TraceEntry) -> None:
    fact.evaluations.append(entry.outcome)


_HANDLERS: dict[str, Callable[[CitizenFacts, TraceEntry], None]] = {
    Action.IDENTITY_READ: _identified,
    Action.ECARD_VERIFY: _identified,
    Action.IDENTITY_MANUAL: _manual,
    Action.UNMASK: _unmasked,
    Action.REVIEW: _reviewed,
    Action.CASE_SUBMIT: _submitted,
    Action.PRINT: _printed,
    Action.REPRINT: _reprinted,
    Action.EVALUATION: _evaluated,
}


def _attribute(fact: CitizenFacts, entry: TraceEntry) -> None:
    handler = _HANDLERS.get(entry.action)
    if handler is not None:
        handler(fact, entry)
