"""A scripted training day on the composed counter (suite 5).

The guide issues the morning's tickets; the A-post clerk calls each one, identifies the
citizen (ID card on the simulated reader, or the number typed with a reason), fills the
item's form with the person's own mobile and a bank account, has high-risk items reviewed
by the B post, submits, shows the full number once in a while (journaled unmask), prints
the receipt to the preview printer, asks for the rating, and completes the ticket; some
citizens do not come (no-show) or leave (cancel). The courier hands over the paper, the
supervisor types in an 意见簿 entry with a phone number, exports the day report as JSON,
CSV and PDF, and closes the day (sign-off slip). Everything the citizen's data touched is
recorded in `Typed` so the scan knows what to look for.
"""

from __future__ import annotations

import asyncio
import functools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from counter.bureau.cases import IdentityMethod, RatingLevel
from counter.bureau.models import FieldType
from counter.bureau.supervision import FeedbackCategory, FeedbackSource
from counter.evaluations import EvaluationAnswer
from counter.identify import IdentifyMethod, ManualReason
from counter.identity import mask_name
from counter.receipts import print_receipt
from counter.report import ReportService
from counter.training.forms import example_values
from counter.training.persons import SyntheticPerson, generate_persons
from counter.training.seed import TRAINING_PASSWORD
from reliability._platform import CLERK, CLERK_B, COURIER, GUIDE, SUPERVISOR
from ui.composition import Services


@functools.cache
def seeded_persons() -> tuple[SyntheticPerson, ...]:
    """The training platform's synthetic insured persons (generated once per process)."""
    return tuple(generate_persons())


@dataclass
class Typed:
    """Personal data that entered the counter during the day."""

    persons: list[SyntheticPerson] = field(default_factory=list)
    accounts: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    tickets: int = 0
    cases: int = 0
    receipts: int = 0
    unmasked: int = 0
    problems: list[str] = field(default_factory=list)
    exported: list[Path] = field(default_factory=list)


def _luhn_account(rng: random.Random) -> str:
    """A 19-digit card account with a valid Luhn check digit."""
    digits = [6, 2, 2, 2] + [rng.randrange(10) for _ in range(14)]
    total = 0
    for i, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if i % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


_CONTRACT_METHOD = {
    IdentifyMethod.ID_CARD: "id_card",
    IdentifyMethod.SOCIAL_CARD: "social_card",
    IdentifyMethod.ECARD: "ecard",
    IdentifyMethod.MANUAL: "manual",
}


async def _settle(services: Services, timeout_s: float = 60.0) -> None:
    """Wait until the running outbox sender has sent what this session may send: nothing
    pending, or the count unchanged for a second (the rest waits for another role)."""
    loop = asyncio.get_running_loop()
    deadline, last, still = loop.time() + timeout_s, -1, 0
    while loop.time() < deadline:
        pending = (await services.outbox.refresh()).pending
        if pending == 0 or still >= 10:
            return
        still = still + 1 if pending == last else 0
        last = pending
        services.sender.wake()
        await asyncio.sleep(0.1)


def _simulated(device: object, fallback: str) -> Any:
    """The simulated device behind `device`: in training the composition wraps the plain
    simulated reader and evaluator for scenario runs (issue 10), which fall back to them
    between runs; the day drives the simulated devices directly (present a card, stage
    an answer)."""
    props = getattr(device, "_props", None)
    inner = getattr(props, fallback, None) if props is not None else None
    return inner if inner is not None else device


async def _login(services: Services, staff_no: str) -> None:
    if services.sessions.current is not None:
        await services.sessions.logout()
    session = await services.sessions.login(staff_no, TRAINING_PASSWORD)
    services.catalogue.set_outlet(session.outlet)


async def scripted_day(services: Services, citizens: int, reports_dir: Path) -> Typed:
    rng = random.Random(20261128)
    typed = Typed()
    everyone = [p for p in seeded_persons() if p.mobile and p.card_no]
    typed.persons = rng.sample(everyone, citizens)
    await services.start()
    await _login(services, GUIDE)
    await services.catalogue.sync(GUIDE)
    items = [
        i for i in services.catalogue.usable_items() if not i.code.startswith(("AA", "DM", "PF"))
    ]
    queue, window = services.queue, services.config.outlet.window
    guide = services.sessions.current
    assert guide is not None
    plan = []
    for person in typed.persons:
        item = rng.choice(items)
        ticket = await queue.issue(
            guide, item_code=item.code, item_name=item.name, person_masked=mask_name(person.name)
        )
        typed.tickets += 1
        plan.append((person, item, ticket))

    await _login(services, CLERK)
    clerk = services.sessions.current
    assert clerk is not None
    reader = _simulated(services.readers[0], "fallback_id")
    for n, (person, item, _ticket) in enumerate(plan):
        called = await queue.call_next(clerk, window)
        if called is None:
            break
        if n % 17 == 5:
            await queue.no_show(clerk, window)
            continue
        await queue.start(clerk, window)
        try:
            await _serve(
                services,
                typed=typed,
                rng=rng,
                person=person,
                item=item,
                ticket_number=called.number,
                reader=reader,
                n=n,
            )
        except (AttributeError, TypeError, NameError, AssertionError):
            raise  # the script is wrong, not the day
        except Exception as exc:  # a refusal is part of a day; record and go on
            typed.problems.append(f"{item.code}: {type(exc).__name__}: {exc}"[:200])
        await queue.complete(clerk, window)
    await _settle(services)

    await _courier_and_supervisor(services, typed, rng, reports_dir)
    return typed


async def _serve(
    services: Services,
    *,
    typed: Typed,
    rng: random.Random,
    person: SyntheticPerson,
    item: object,
    ticket_number: str,
    reader: object,
    n: int,
) -> None:
    from counter.bureau.models import CatalogueItem

    assert isinstance(item, CatalogueItem)
    clerk = services.sessions.current
    assert clerk is not None
    if n % 2 == 0:
        reader.present(person.id_number)  # type: ignore[attr-defined]
        who = await services.identify.read_id_card(clerk)
    else:
        who = await services.identify.enter_manually(
            clerk, person.id_number, ManualReason.NO_DOCUMENT
        )
    if n % 10 == 3:
        await services.identify.unmask(clerk, who, case_active=True)
        typed.unmasked += 1
    draft = services.cases.new_draft(item, ticket_number=ticket_number)
    # as the clerk's case flow does (ui/cases/flow.py): the contract's identity method
    draft.set_person(
        who.identity.number, IdentityMethod(_CONTRACT_METHOD[who.method]), who.manual_reason
    )
    values = example_values(item.form_fields)
    for f in item.form_fields:
        if f.type is FieldType.MOBILE:
            values[f.name] = person.mobile
        elif f.type is FieldType.BANK_ACCOUNT:
            account = _luhn_account(rng)
            typed.accounts.add(account)
            values[f.name] = account
    for name, value in values.items():
        draft.set_field(name, value)
    for material in item.materials:
        draft.set_material(material.name, True)
    if item.needs_review:
        await services.cases.request_review(draft, CLERK_B, TRAINING_PASSWORD)
    outcome = await services.cases.submit(draft)
    typed.cases += 1
    view = await services.cases.case(outcome.case_id)
    assert view is not None
    await print_receipt(
        services.printer,
        view,
        outlet=services.sessions.current.outlet,  # type: ignore[union-attr]
        window=services.config.outlet.window,
        session=clerk,
        audit=services.audit,
        training=True,
        item=item,
    )
    typed.receipts += 1
    level = rng.choice(list(RatingLevel)[:5])
    _simulated(services.evaluator, "fallback_evaluator").push(
        EvaluationAnswer(level, tags=("等待时间长",) if level.is_bad else ())
    )
    await services.evaluations.evaluate(outcome.case_id)


async def _courier_and_supervisor(
    services: Services, typed: Typed, rng: random.Random, reports_dir: Path
) -> None:
    await _login(services, COURIER)
    for batch in await services.transport.batches():
        if batch.state == "open" and batch.members:
            try:
                await services.transport.hand_over(
                    batch.batch_id, received_by="人社局收件员", file_count=len(batch.members)
                )
            except Exception as exc:
                typed.problems.append(f"hand over: {type(exc).__name__}: {exc}"[:200])
    await _settle(services)

    await _login(services, SUPERVISOR)
    sv = services.supervision
    complainant = typed.persons[0]
    typed.phones.add(complainant.mobile)
    await sv.feedback.add(
        received_on=datetime.now(UTC).date(),
        source=FeedbackSource.BOOK,
        category=FeedbackCategory.SUGGESTION,
        content="建议增加一个窗口，下午排队时间较长。",
        contact=complainant.mobile,
    )
    await sv.followups.items()
    reports_dir.mkdir(parents=True, exist_ok=True)
    report = await sv.reports.day()
    for fmt in ("json", "csv", "pdf"):
        typed.exported.append(ReportService.write(report, fmt, reports_dir / f"day.{fmt}"))
    await _settle(services)
    try:
        await sv.day_close.close_open_tickets("日终清理")
        checklist = await sv.day_close.checklist()
        for check in checklist.items:  # the supervisor explains what is still open
            kind = check.key.note_kind
            keys = [p.key for p in check.pending if not p.explained]
            if not check.ok and kind is not None and keys:
                await sv.day_close.explain(checklist.day, kind, keys, "培训日演练，已逐项核实")
        await sv.day_close.close(TRAINING_PASSWORD)
    except Exception as exc:  # not ready (e.g. an item for the supervisor): still scanned
        typed.problems.append(f"day close: {type(exc).__name__}: {exc}"[:200])
    await services.sessions.logout()
