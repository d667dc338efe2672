"""What the supervision tests share (no tests of its own): a local store with a real
journal on the test clock, cases written straight into the store, and the fixture day.

The fixture day (2026-03-18, Asia/Shanghai) is driven through the real QueueService; the
figures it should give are worked out by hand in tests/test_report.py.

    09:00 S001 issued (SB01)            09:25 C002 calls S003 (waited 20)
    09:02 S002 issued (SB02, elderly)   09:28 C002: S003 no-show
    09:05 S003 issued (SB01)            09:30 C001 completes S001 (service 9)
    09:06 C001 calls S002 (priority)    09:32 S004 issued (estimate 0–0)
    09:07 C001 starts                   09:33 S004 cancelled (citizen left)
    09:10 C002 calls S001 (waited 10)   09:40 S005: slip does not print; 09:41 reprint fails
    09:11 C002 recalls S001             10:00 C001 pauses window 1 (系统维护)
    09:12 C002 starts                   10:05 S006 issued (SB01, estimate 0–0)
    09:15 C001 completes S002 (svc 9)   10:10 S007 issued (SB02, estimate 6–12, ahead 1)
    09:20 C002 transfers S001 → SB02    10:20 C001 resumes
    09:21 C001 calls S001 again         10:30 C002 calls S006 out of order (waited 25)
    09:22 C001 starts                   10:31 C002 starts; 10:41 completes (service 11)
                                        10:35 C001 calls S007 (waited 25); 10:37 no-show
                                        11:00 supervisor closes the day: S005 closed

Cases (written directly): c1 C001 accepted 办结 非常满意 · c2 C001 accepted 转后台
不满意 (差评, tags) · c3 C002 不予受理 · c4 C002 需处理 · c5 C002 待上传 (offline) 满意 ·
c6 C001 accepted 办结, reviewed by C002, 未评价. Journal extras: an unmask, a manual ID,
a hall-caller mismatch, an A/B review for c1 (used) and one for c7 (never submitted).
"""

from __future__ import annotations

import functools
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from counter.bureau.cases import CasePerson, CaseResult, CaseStatus, IdentityMethod, RatingLevel
from counter.bureau.models import Role
from counter.case_store import CaseRow, OutboxMessage
from counter.crypto import FieldCipher
from counter.journal import Action, Journal
from counter.outbox import KIND_CASE, KIND_EVALUATION, MessageState, NewMessage, Outbox, OutboxStore
from counter.queue.model import Priority
from counter.queue.repo import ItemRef
from counter.queue.service import QueueService
from counter.queue.settings import QueueSettings
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.supervision_store import ALL_KINDS
from tests.queue_support import CLERK, CLERK2, GUIDE, SUPERVISOR, Clock, SlipPrinter

DAY = date(2026, 3, 18)
OPENING = datetime(2026, 3, 18, 1, 0, tzinfo=UTC)  # 09:00 Asia/Shanghai
KEY = b"J" * 32
DATA_KEY = b"D" * 32
ITEM_A = ItemRef("SB01", "A事项")
ITEM_B = ItemRef("SB02", "B事项")
ID_NUMBER = "11010519491231002X"


class ClockedAudit:
    """The journal as services see it (`AuditLog`), stamped with the test clock."""

    def __init__(self, journal: Journal, executor: DbExecutor, clock: Clock) -> None:
        self.journal = journal
        self.executor = executor
        self.clock = clock

    async def record(
        self,
        action: str,
        *,
        staff_no: str,
        role: str = "",
        object: str = "",
        outcome: str = "ok",
        details: dict[str, str | int | bool | None] | None = None,
    ) -> None:
        append = functools.partial(
            self.journal.append,
            staff_no=staff_no,
            role=role,
            action=Action(action),
            object=object,
            outcome=outcome,
            details=details,
            at=self.clock(),
        )
        await self.executor.run(append)


@dataclass
class Store:
    path: Path
    db: Database
    executor: DbExecutor
    clock: Clock
    journal: Journal
    audit: ClockedAudit
    cipher: FieldCipher
    outbox_store: OutboxStore
    outbox: Outbox
    printer: SlipPrinter
    queue: QueueService

    def close(self) -> None:
        self.executor.shutdown()
        self.db.close()


def open_store(path: Path, clock: Clock | None = None, *, key: bytes = KEY) -> Store:
    clock = clock or Clock(OPENING)
    db = open_database(path)
    executor = DbExecutor()
    journal = Journal(db, key)
    audit = ClockedAudit(journal, executor, clock)
    cipher = FieldCipher(DATA_KEY)
    outbox_store = OutboxStore(db, cipher, ALL_KINDS)
    outbox = Outbox(outbox_store, executor, audit=audit, clock=clock)
    printer = SlipPrinter()
    settings = QueueSettings(estimate_min_samples=2)
    queue = QueueService(db, executor, audit, printer, settings=settings, clock=clock)
    return Store(
        path, db, executor, clock, journal, audit, cipher, outbox_store, outbox, printer, queue
    )


def at(hour: int, minute: int, day: date = DAY) -> datetime:
    """A local (Asia/Shanghai) time of *day* as aware UTC."""
    return datetime(day.year, day.month, day.day, hour - 8, minute, tzinfo=UTC)


def add_case(
    store: Store,
    case_id: str,
    *,
    maker: str,
    item: ItemRef,
    state: MessageState,
    created_at: datetime,
    business_no: str | None = None,
    status: CaseStatus | None = None,
    rating: RatingLevel | None = None,
    offline: bool = False,
    checker: str | None = None,
    error: str | None = None,
    tags: tuple[str, ...] = (),
    text: str = "",
    id_number: str = ID_NUMBER,
    day: date | None = None,
) -> None:
    """A case and its outbox message as the case service would leave them."""
    cipher = store.cipher
    key = str(uuid.uuid4())
    result = None
    if status is not None:
        result = CaseResult(business_no=business_no or "", status=status, message="ok")
    message = NewMessage(
        kind=KIND_CASE,
        path="/v1/cases",
        object_id=case_id,
        key=key,
        body={"case_id": case_id, "person": {"id_number": id_number}},
    )
    evaluation_key = None
    with store.db.session() as s:
        store.outbox_store.add(s, message, created_by=maker, now=created_at)
        if rating is not None:
            evaluation_key = str(uuid.uuid4())
            body = {
                "rated_at": (created_at + timedelta(minutes=5)).isoformat(),
                "level": rating.value,
                "tags": list(tags),
                "text": text,
            }
            store.outbox_store.add(
                s,
                NewMessage(
                    kind=KIND_EVALUATION,
                    path="/v1/evaluations",
                    object_id=case_id,
                    key=evaluation_key,
                    body=body,
                    depends_on=(key,),
                ),
                created_by=maker,
                now=created_at,
            )
        s.flush()
        msg = s.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
        assert msg is not None
        msg.state = state.value
        msg.business_no = business_no
        msg.last_error = error
        msg.result = result.model_dump_json() if result else None
        if state in (MessageState.ACCEPTED, MessageState.REJECTED):
            msg.finished_at = created_at + timedelta(seconds=2)
        person = CasePerson(id_number=id_number, identity_method=IdentityMethod.ID_CARD)
        s.add(
            CaseRow(
                case_id=case_id,
                business_day=day or DAY,
                created_at=created_at,
                outlet_code="330102001",
                window=1 if maker == "C001" else 2,
                item_code=item.code,
                item_version=1,
                item_name=item.name,
                mode="全程办",
                maker=maker,
                checker=checker,
                approval_id="AP1" if checker else None,
                ticket_number=None,
                id_index=cipher.blind_index(id_number, context="cases.id_index"),
                person_enc=cipher.encrypt(
                    person.model_dump_json(), context=f"cases.person_enc:{case_id}"
                ),
                form_enc=cipher.encrypt(
                    json.dumps({"mobile": "13800001234"}), context=f"cases.form_enc:{case_id}"
                ),
                materials="[]",
                accepted_offline=offline,
                outbox_key=key,
                rating=rating.value if rating else None,
                evaluation_key=evaluation_key,
            )
        )


async def fixture_day(store: Store) -> None:  # noqa: PLR0915 - one timeline, in order
    """Run the fixture day (see the module notes) through the real queue service."""
    q, clock = store.queue, store.clock

    async def when(hour: int, minute: int) -> None:
        clock.now = at(hour, minute)

    await when(9, 0)
    s001 = await q.issue(GUIDE, item_code="SB01", item_name="A事项")
    await when(9, 2)
    await q.issue(
        GUIDE,
        item_code="SB02",
        item_name="B事项",
        priority=Priority.ELDERLY,
        priority_reason="70岁以上",
    )
    await when(9, 5)
    await q.issue(GUIDE, item_code="SB01", item_name="A事项")
    await when(9, 6)
    await q.call_next(CLERK, 1)
    await when(9, 7)
    await q.start(CLERK, 1)
    await when(9, 10)
    called = await q.call_next(CLERK2, 2)
    assert called is not None and called.id == s001.id
    await when(9, 11)
    await q.recall(CLERK2, 2)
    await when(9, 12)
    await q.start(CLERK2, 2)
    await when(9, 15)
    await q.complete(CLERK, 1)
    await when(9, 20)
    await q.transfer(CLERK2, 2, to_item=ITEM_B, reason="需办理B事项")
    await when(9, 21)
    await q.call_next(CLERK, 1)
    await when(9, 22)
    await q.start(CLERK, 1)
    await when(9, 25)
    await q.call_next(CLERK2, 2)
    await when(9, 28)
    await q.no_show(CLERK2, 2)
    await when(9, 30)
    await q.complete(CLERK, 1)
    await when(9, 32)
    s004 = await q.issue(GUIDE, item_code="SB01", item_name="A事项")
    await when(9, 33)
    await q.cancel(GUIDE, s004.id, "办事人离开")
    await when(9, 40)
    store.printer.fail = "打印机缺纸"
    try:
        await q.issue(GUIDE, item_code="SB01", item_name="A事项")
    except Exception:
        pass
    s005 = (await q.not_printed())[0]
    await when(9, 41)
    try:
        await q.reprint(GUIDE, s005.id)
    except Exception:
        pass
    store.printer.fail = None
    await when(10, 0)
    await q.pause(CLERK, 1, "系统维护")
    await when(10, 5)
    s006 = await q.issue(GUIDE, item_code="SB01", item_name="A事项")
    await when(10, 10)
    await q.issue(GUIDE, item_code="SB02", item_name="B事项")
    await when(10, 20)
    await q.resume(CLERK, 1)
    await when(10, 30)
    await q.call_specific(CLERK2, 2, s006.id, "预约办理")
    await when(10, 31)
    await q.start(CLERK2, 2)
    await when(10, 35)
    await q.call_next(CLERK, 1)
    await when(10, 37)
    await q.no_show(CLERK, 1)
    await when(10, 41)
    await q.complete(CLERK2, 2)
    await fixture_cases(store)
    await when(11, 0)
    await q.close_day(SUPERVISOR, "营业结束")


async def fixture_cases(store: Store) -> None:
    audit = store.audit
    store.clock.now = at(10, 50)
    add_case(
        store,
        "c1",
        maker="C001",
        item=ITEM_A,
        state=MessageState.ACCEPTED,
        created_at=at(9, 16),
        business_no="B1",
        status=CaseStatus.COMPLETED,
        rating=RatingLevel.VERY_SATISFIED,
    )
    add_case(
        store,
        "c2",
        maker="C001",
        item=ITEM_B,
        state=MessageState.ACCEPTED,
        created_at=at(9, 29),
        business_no="B2",
        status=CaseStatus.FORWARDED,
        rating=RatingLevel.DISSATISFIED,
        tags=("等候时间长",),
        text="等了很久，电话13800001234",
    )
    add_case(
        store,
        "c3",
        maker="C002",
        item=ITEM_A,
        state=MessageState.REJECTED,
        created_at=at(9, 18),
        status=CaseStatus.REJECTED,
        error="不符合办理条件",
    )
    add_case(
        store,
        "c4",
        maker="C002",
        item=ITEM_A,
        state=MessageState.NEEDS_ATTENTION,
        created_at=at(10, 40),
        error="表单校验未通过",
    )
    add_case(
        store,
        "c5",
        maker="C002",
        item=ITEM_B,
        state=MessageState.QUEUED,
        created_at=at(10, 40),
        offline=True,
        rating=RatingLevel.SATISFIED,
    )
    add_case(
        store,
        "c6",
        maker="C001",
        item=ITEM_A,
        state=MessageState.ACCEPTED,
        created_at=at(9, 29),
        business_no="B3",
        status=CaseStatus.COMPLETED,
        rating=RatingLevel.NONE,
        checker="C002",
    )
    await audit.record(
        Action.REVIEW.value,
        staff_no="C001",
        role=Role.CLERK.value,
        object="c1",
        details={"item": "SB01", "reviewer": "C002"},
    )
    await audit.record(
        Action.CASE_SUBMIT.value,
        staff_no="C001",
        role=Role.CLERK.value,
        object="c1",
        details={"item": "SB01"},
    )
    await audit.record(
        Action.REVIEW.value,
        staff_no="C002",
        role=Role.CLERK.value,
        object="c7",
        details={"item": "SB02", "reviewer": "C001"},
    )
    await audit.record(
        Action.UNMASK.value,
        staff_no="C001",
        role=Role.CLERK.value,
        object="110105********002X",
        details={"fields": "id_number,name"},
    )
    await audit.record(
        Action.IDENTITY_MANUAL.value,
        staff_no="C002",
        role=Role.CLERK.value,
        object="110105********002X",
        details={"reason": "读卡器故障"},
    )
    await audit.record(
        Action.HALL_MISMATCH.value,
        staff_no="system",
        object="S003",
        outcome="missing_call",
        details={"detail": "叫号系统未收到过号"},
    )
