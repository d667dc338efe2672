"""Scripted trainees for headless runs: a perfect one and a careless one, driven by data.

The perfect trainee does what each citizen's ``expect`` says, through the same core
services the clerk's workspace calls (queue, identification, cases, review, receipts,
notice, evaluation). The careless one does the same except for the scenario's
``[careless.citizen.KEY] deviations`` (:class:`counter.scenarios.model.Deviation`). Both
react to whoever the queue calls to the window, like a clerk does.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from counter.audit import AuditLog
from counter.bureau.cases import IdentityMethod
from counter.bureau.models import CatalogueItem
from counter.cases import CaseDraft, CaseError, CaseService, SubmitOutcome
from counter.catalogue_slips import print_notice
from counter.evaluations import EvaluationService
from counter.forms import FormValue
from counter.identify import (
    Identification,
    IdentifyMethod,
    IdentifyService,
    ManualReason,
)
from counter.identity import InvalidIdentity, parse
from counter.printing import Printer, PrinterStatus, Slip
from counter.queue.model import Ticket
from counter.queue.service import QueueService
from counter.readers import ReaderError
from counter.receipts import load_materials, print_receipt
from counter.scenarios.model import Citizen, Deviation, ExpectedIdentify, Outcome
from counter.scenarios.run import ScenarioRun
from counter.scenarios.scoring import default_norm_inputs, default_norm_s
from counter.session import SessionService
from counter.training.forms import example_values

__all__ = ["MemoryPrinter", "ScriptedTrainee", "TraineeDesk", "VirtualClock"]

log = logging.getLogger("counter.scenarios.trainee")

DEFAULT_REVIEWER = "T-CLERKB1"
MAX_IDLE_CALLS = 20

_METHODS = {
    IdentifyMethod.ID_CARD: IdentityMethod.ID_CARD,
    IdentifyMethod.SOCIAL_CARD: IdentityMethod.SOCIAL_CARD,
    IdentifyMethod.ECARD: IdentityMethod.ECARD,
    IdentifyMethod.MANUAL: IdentityMethod.MANUAL,
}


class VirtualClock:
    """Real UTC time plus an offset the scripted trainee moves forward (a slow trainee)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


class MemoryPrinter:
    """A printer that keeps the slips (headless runs print nowhere)."""

    def __init__(self) -> None:
        self.slips: list[Slip] = []

    async def print_slip(self, slip: Slip) -> None:
        self.slips.append(slip)

    async def status(self) -> PrinterStatus:
        return PrinterStatus(online=True, detail="内存打印机（无纸）")


@dataclass
class TraineeDesk:
    """The client services a scripted trainee works with (those of a real window)."""

    sessions: SessionService
    queue: QueueService
    identify: IdentifyService
    cases: CaseService
    evaluations: EvaluationService
    printer: Printer
    audit: AuditLog
    items: dict[str, CatalogueItem]
    password: str
    clock: VirtualClock = field(default_factory=VirtualClock)
    after_step: Callable[[], Awaitable[None]] | None = None  # e.g. let the outbox send


@dataclass
class ScriptedTrainee:
    careless: bool = False
    log: list[str] = field(default_factory=list)

    def deviations(self, run: ScenarioRun, key: str) -> frozenset[Deviation]:
        if not self.careless:
            return frozenset()
        plan = run.scenario.careless.citizen.get(key)
        return frozenset(plan.deviations) if plan else frozenset()

    async def play(self, run: ScenarioRun, desk: TraineeDesk) -> None:
        """Serve every citizen of *run* until all have left the window."""
        session = desk.sessions.current
        if session is None:
            raise RuntimeError("the trainee must be logged in")
        idle = 0
        while not run.done:
            ticket = await self._call(run, desk)
            await run.observe()
            if ticket is None:
                idle += 1
                if idle > MAX_IDLE_CALLS:
                    self.log.append("没有可叫的号，结束")
                    return
                continue
            idle = 0
            citizen = run.citizen_for_ticket(ticket.number)
            if citizen is None:  # a ticket left over from before this run
                await desk.queue.no_show(session, session.window)
                continue
            try:
                await self._serve(run, desk, citizen, ticket)
            finally:
                run.rig.inputs.click()
                await desk.queue.complete(session, session.window)
                if desk.after_step is not None:
                    await desk.after_step()
                await run.observe()

    async def _call(self, run: ScenarioRun, desk: TraineeDesk) -> Ticket | None:
        session = desk.sessions.current
        assert session is not None
        run.rig.inputs.click()
        waiting = await desk.queue.waiting()
        ours = [(t, run.citizen_for_ticket(t.number)) for t in waiting]
        skip_priority = any(
            c is not None
            and c.is_priority
            and Deviation.CALL_IN_ORDER in self.deviations(run, c.key)
            for _, c in ours
        )
        if skip_priority:
            normal = [t for t, c in ours if c is not None and not c.is_priority]
            if normal:
                first = min(normal, key=lambda t: t.issued_at)
                self.log.append(f"按取号顺序叫 {first.number}（跳过优先号）")
                return await desk.queue.call_specific(
                    session, session.window, first.id, "按取号顺序叫号"
                )
        return await desk.queue.call_next(session, session.window)

    # -- one citizen --------------------------------------------------------------------

    async def _serve(
        self, run: ScenarioRun, desk: TraineeDesk, citizen: Citizen, ticket: Ticket
    ) -> None:
        session = desk.sessions.current
        assert session is not None
        devs = self.deviations(run, citizen.key)
        expect = citizen.expect
        item = run.items[citizen.item]  # also when this outlet's catalogue lacks it
        inputs = run.rig.inputs
        if Deviation.SLOW in devs:
            desk.clock.advance(3 * default_norm_s(citizen, item))
        if Deviation.FUMBLE in devs:
            inputs.key(6 * default_norm_inputs(citizen, item))
        if expect.outcome is Outcome.REPRINT:
            if Deviation.SKIP_REPRINT not in devs:
                await self._reprint(run, desk, expect.reprint_of)
            return
        identification = await self._identify(run, desk, citizen, devs)
        await run.observe()
        if identification is None:
            self.log.append(f"{citizen.key}：无法核验身份，请群众带有效证件再来")
            return
        if Deviation.UNMASK in devs:
            inputs.click()
            await desk.identify.unmask(session, identification, case_active=True)
        wants_case = expect.outcome in (Outcome.ACCEPT, Outcome.ACCEPT_OFFLINE)
        if expect.outcome is Outcome.NOTICE and Deviation.SUBMIT not in devs:
            if Deviation.SKIP_NOTICE not in devs:
                inputs.click(2)
                await print_notice(
                    desk.printer,
                    item,
                    outlet_name=session.outlet.name,
                    training=True,
                    audit=desk.audit,
                    staff_no=session.staff.staff_no,
                    role=session.workspace_role.value,
                    window=session.window,
                )
            return
        if not wants_case and Deviation.SUBMIT not in devs:
            self.log.append(f"{citizen.key}：不予受理，向群众说明原因")
            return
        if wants_case and Deviation.REFUSE in devs:
            self.log.append(f"{citizen.key}：（粗心）未受理")
            return
        await self._case(
            run, desk, citizen, identification=identification, ticket=ticket, devs=devs
        )

    async def _identify(
        self, run: ScenarioRun, desk: TraineeDesk, citizen: Citizen, devs: frozenset[Deviation]
    ) -> Identification | None:
        session = desk.sessions.current
        assert session is not None
        expected = citizen.expected_identify
        if expected is ExpectedIdentify.NONE:
            return None
        if Deviation.MANUAL_IDENTITY in devs:
            run.rig.inputs.key(18)
            return await desk.identify.enter_manually(
                session, citizen.resolved_id, ManualReason.READER_BROKEN
            )
        if citizen.written_id and not await self._written_number_usable(run, desk, citizen):
            if Deviation.REFUSE in devs:
                return None
        elif citizen.written_id and expected is ExpectedIdentify.MANUAL:
            return await desk.identify.enter_manually(
                session, citizen.written_id, ManualReason.NO_DOCUMENT
            )
        return await self._read_or_type(run, desk, citizen)

    async def _read_or_type(
        self, run: ScenarioRun, desk: TraineeDesk, citizen: Citizen
    ) -> Identification | None:
        session = desk.sessions.current
        assert session is not None
        expected = citizen.expected_identify
        run.rig.inputs.click()
        try:
            if expected is ExpectedIdentify.ID_CARD:
                return await desk.identify.read_id_card(session)
            if expected is ExpectedIdentify.SOCIAL_CARD:
                return await desk.identify.read_social_card(session)
        except ReaderError as exc:
            self.log.append(f"{citizen.key}：{exc.message}")
            return None
        # no document to read: the number from the 户口簿 / the citizen's own papers
        run.rig.inputs.key(18)
        return await desk.identify.enter_manually(
            session, citizen.resolved_id, ManualReason.NO_DOCUMENT
        )

    async def _written_number_usable(
        self, run: ScenarioRun, desk: TraineeDesk, citizen: Citizen
    ) -> bool:
        """Type the number as the citizen wrote it; False when the check refuses it."""
        run.rig.inputs.key(len(citizen.written_id))
        try:
            parse(citizen.written_id, today=desk.identify.today())
        except InvalidIdentity as exc:
            self.log.append(f"{citizen.key}：填写的号码有误（{exc.message}）")
            return False
        return True

    async def _case(
        self,
        run: ScenarioRun,
        desk: TraineeDesk,
        citizen: Citizen,
        *,
        identification: Identification,
        ticket: Ticket,
        devs: frozenset[Deviation],
    ) -> None:
        session = desk.sessions.current
        assert session is not None
        item = desk.items.get(citizen.item) or run.items[citizen.item]
        if Deviation.WRONG_ITEM in devs:
            item = _neighbour(desk.items, item, session.outlet.category)
        run.rig.inputs.click(2)
        try:
            draft = desk.cases.new_draft(item, ticket_number=ticket.number)
        except CaseError as exc:
            self.log.append(f"{citizen.key}：{exc.message}")
            return
        self._fill(run, draft, citizen, identification, lie=Deviation.SUBMIT in devs)
        if item.needs_review and Deviation.SKIP_REVIEW not in devs:
            reviewer = run.scenario.reviewer or DEFAULT_REVIEWER
            if Deviation.SELF_REVIEW in devs:
                reviewer = session.staff.staff_no
            run.rig.inputs.key(len(reviewer) + len(desk.password))
            try:
                await desk.cases.request_review(draft, reviewer, desk.password)
            except CaseError as exc:
                self.log.append(f"{citizen.key}：复核失败：{exc.message}")
        run.rig.inputs.click()
        try:
            outcome = await desk.cases.submit(draft)
        except CaseError as exc:
            self.log.append(f"{citizen.key}：提交被拒：{exc.message}")
            return
        await run.observe()
        await self._receipt_and_rating(run, desk, citizen, outcome=outcome, item=item, devs=devs)

    @staticmethod
    def _fill(
        run: ScenarioRun,
        draft: CaseDraft,
        citizen: Citizen,
        identification: Identification,
        *,
        lie: bool,
    ) -> None:
        """Person, form and materials; with *lie* every material is ticked as received."""
        method = _METHODS[identification.method]
        draft.set_person(
            identification.identity.number,
            method,
            identification.manual_reason if method is IdentityMethod.MANUAL else None,
        )
        values: dict[str, FormValue] = {**example_values(draft.item.form_fields)}
        if draft.item.code == citizen.item:
            values.update(citizen.form)
        for name, value in values.items():
            run.rig.inputs.key(min(12, len(str(value))))
            draft.set_field(name, value)
        carried = set(citizen.materials) if citizen.materials is not None else None
        for material in draft.item.materials:
            run.rig.inputs.click()
            draft.set_material(material.name, carried is None or material.name in carried or lie)

    async def _receipt_and_rating(
        self,
        run: ScenarioRun,
        desk: TraineeDesk,
        citizen: Citizen,
        *,
        outcome: SubmitOutcome,
        item: CatalogueItem,
        devs: frozenset[Deviation],
    ) -> None:
        session = desk.sessions.current
        assert session is not None
        view = await desk.cases.case(outcome.case_id)
        if view is not None:
            run.rig.inputs.click()
            await print_receipt(
                desk.printer,
                view,
                outlet=session.outlet,
                window=session.window,
                session=session,
                audit=desk.audit,
                training=True,
                item=item,
            )
        wanted = citizen.expect.evaluate is not False
        if wanted and Deviation.SKIP_EVALUATION not in devs and outcome.state.value != "rejected":
            run.rig.inputs.click()
            try:
                await desk.evaluations.evaluate(outcome.case_id)
            except CaseError as exc:
                self.log.append(f"{citizen.key}：评价未成：{exc.message}")

    async def _reprint(self, run: ScenarioRun, desk: TraineeDesk, of: str) -> None:
        session = desk.sessions.current
        assert session is not None
        case_ids = run.state(of).case_ids
        if not case_ids:
            self.log.append("找不到原办件，无法补打")
            return
        run.rig.inputs.click(3)
        view = await desk.cases.case(case_ids[-1])
        if view is None:
            return
        materials = await load_materials(desk.cases, view.case_id)
        await print_receipt(
            desk.printer,
            view,
            outlet=session.outlet,
            window=session.window,
            session=session,
            audit=desk.audit,
            training=True,
            reprint=True,
            materials=materials,
        )


def _neighbour(
    items: dict[str, CatalogueItem], item: CatalogueItem, category: int
) -> CatalogueItem:
    """The next item of the catalogue this outlet may handle (a slip of the finger)."""
    codes = sorted({*items, item.code})
    start = codes.index(item.code)
    for code in codes[start + 1 :] + codes[:start]:
        other = items[code]
        if category in other.outlet_categories and not other.needs_review:
            return other
    return item
