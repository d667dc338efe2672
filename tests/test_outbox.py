"""The outbox and its sender: keys, retries, states, crash recovery, backoff.

The bureau is scripted at the HTTP edge (httpx.MockTransport) where a test needs an exact
sequence of answers; `test_outbox_platform.py` runs the same rules against the training
platform.
"""

from __future__ import annotations

import asyncio
import json
import random
import ssl
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import counter.case_store  # noqa: F401 - registers the tables
from counter.audit import MemoryAudit
from counter.bureau.client import BureauClient
from counter.bureau.models import Outlet, Role, Staff
from counter.crypto import FieldCipher
from counter.outbox import (
    KIND_CASE,
    KIND_EVALUATION,
    Backoff,
    MessageState,
    NewMessage,
    Outbox,
    OutboxSender,
    OutboxStore,
)
from counter.session import ActiveSession, PermissionDenied
from counter.storage.db import Database, open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import utcnow

KEY = bytes(range(32))
ID_NUMBER = "330102198506151238"
Answer = httpx.Response | Exception


def case_result(number: str = "ZJ330102001202605110001", status: str = "completed") -> Answer:
    return httpx.Response(200, json={"business_no": number, "status": status, "message": "已办结"})


def problem(status: int, code: str, message: str) -> Answer:
    return httpx.Response(status, json={"code": code, "message": message})


@dataclass
class Bureau:
    """Answers from a script (the last answer repeats); records what arrived."""

    script: list[Answer] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    delay_s: float = 0.0
    active: int = 0
    most_active: int = 0

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        try:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            answer = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        finally:
            self.active -= 1
        if isinstance(answer, Exception):
            raise answer
        return answer


@dataclass
class Kit:
    db: Database
    executor: DbExecutor
    store: OutboxStore
    outbox: Outbox
    client: BureauClient
    bureau: Bureau
    audit: MemoryAudit
    sender: OutboxSender

    def new_sender(self, **kwargs: object) -> OutboxSender:
        options: dict[str, object] = {
            "backoff": Backoff(0.01, 0.05),
            "rng": random.Random(1),
            "audit": self.audit,
        }
        options.update(kwargs)
        return OutboxSender(self.outbox, self.client, **options)  # type: ignore[arg-type]


def make_kit(path: Path, bureau: Bureau, **sender_options: object) -> Kit:
    db = open_database(path)
    executor = DbExecutor()
    store = OutboxStore(db, FieldCipher(KEY))
    outbox = Outbox(store, executor)
    client = BureauClient(
        "https://bureau.invalid",
        ssl.create_default_context(),
        transport=httpx.MockTransport(bureau.handle),
    )
    client.token = "token-1"
    kit = Kit(db, executor, store, outbox, client, bureau, MemoryAudit(), None)  # type: ignore[arg-type]
    kit.sender = kit.new_sender(**sender_options)
    return kit


async def close_kit(kit: Kit) -> None:
    await kit.client.aclose()
    kit.executor.shutdown()
    kit.db.close()


@pytest.fixture
async def kit(tmp_path: Path) -> AsyncIterator[Kit]:
    kit = make_kit(tmp_path / "outbox.sqlite3", Bureau([case_result()]))
    yield kit
    await close_kit(kit)


def case_message(case_id: str = "case-0001") -> NewMessage:
    return NewMessage(
        kind=KIND_CASE,
        path="/v1/cases",
        object_id=case_id,
        body={"case_id": case_id, "person": {"id_number": ID_NUMBER}, "form": {"n": 1}},
    )


def keys_of(requests: list[httpx.Request]) -> list[str]:
    return [r.headers["Idempotency-Key"] for r in requests]


# --- backoff ------------------------------------------------------------------------------


@given(attempts=st.integers(1, 200), base=st.floats(0.01, 10), cap=st.floats(0.1, 600))
def test_backoff_is_full_jitter_under_the_cap(attempts: int, base: float, cap: float) -> None:
    rng = random.Random(attempts)
    bound = min(cap, base * 2.0 ** min(attempts - 1, 62))
    for _ in range(20):
        assert 0.0 <= Backoff(base, cap).delay(attempts, rng) <= bound


def test_backoff_spreads_over_the_whole_window() -> None:
    rng = random.Random(3)
    delays = [Backoff(1.0, 300.0).delay(5, rng) for _ in range(2000)]  # window 16 s
    assert max(delays) > 15.0 and min(delays) < 1.0
    assert 7.0 < sum(delays) / len(delays) < 9.0  # mean of uniform(0, 16)
    capped = [Backoff(1.0, 30.0).delay(40, rng) for _ in range(500)]
    assert max(capped) <= 30.0 and max(capped) > 28.0


# --- storing ------------------------------------------------------------------------------


async def test_the_body_is_encrypted_and_the_key_made_once(kit: Kit, tmp_path: Path) -> None:
    message = case_message()
    view = await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    assert view.key == message.key and view.state is MessageState.QUEUED
    assert kit.outbox.outbox_size() == 1
    kit.db.checkpoint("FULL")
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("outbox.sqlite3*"))
    assert ID_NUMBER.encode() not in raw
    assert message.key.encode() in raw
    body = await kit.executor.run(kit.store.body, message.key)
    assert body["person"]["id_number"] == ID_NUMBER


async def test_delivery_reuses_the_key_and_the_exact_body(kit: Kit) -> None:
    kit.bureau.script = [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        problem(503, "PLATFORM_ERROR", "暂时无法处理"),
        problem(409, "IN_PROGRESS", "处理中"),
        httpx.RemoteProtocolError("reset"),
        case_result(),
    ]
    message = case_message()
    await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    status = await kit.sender.drain(timeout=10)
    assert status.pending == 0
    view = await kit.outbox.get(message.key)
    assert view is not None and view.state is MessageState.ACCEPTED
    assert view.attempts == 6
    assert view.business_no == "ZJ330102001202605110001"
    requests = kit.bureau.requests
    assert keys_of(requests) == [message.key] * 6
    assert len({r.content for r in requests}) == 1
    assert json.loads(requests[0].content) == message.body
    assert [e["action"] for e in kit.audit.entries] == ["case_result"]


async def test_a_422_stops_with_the_platform_message(kit: Kit) -> None:
    kit.bureau.script = [problem(422, "IDEMPOTENCY_MISMATCH", "该幂等键已用于内容不同的办件")]
    message = case_message()
    await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    status = await kit.sender.drain(timeout=10)
    assert (status.pending, status.needs_attention) == (0, 1)
    view = await kit.outbox.get(message.key)
    assert view is not None and view.state is MessageState.NEEDS_ATTENTION
    assert view.last_error == "该幂等键已用于内容不同的办件"
    assert view.last_status == 422
    await kit.sender.drain(timeout=1)
    assert len(kit.bureau.requests) == 1  # never looped
    assert [e["action"] for e in kit.audit.entries] == ["case_flagged"]


async def test_a_business_rejection_is_final(kit: Kit) -> None:
    kit.bureau.script = [case_result("", "rejected")]
    message = case_message()
    await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    await kit.sender.drain(timeout=10)
    view = await kit.outbox.get(message.key)
    assert view is not None and view.state is MessageState.REJECTED
    assert view.business_no is None


async def test_a_garbled_answer_needs_attention(kit: Kit) -> None:
    kit.bureau.script = [httpx.Response(200, json={"unexpected": True})]
    message = case_message()
    await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    await kit.sender.drain(timeout=10)
    view = await kit.outbox.get(message.key)
    assert view is not None and view.state is MessageState.NEEDS_ATTENTION
    assert "格式不正确" in (view.last_error or "")


async def test_an_ended_session_pauses_until_a_new_login(kit: Kit) -> None:
    kit.bureau.script = [
        problem(401, "SESSION_REPLACED", "您的账号已在其他终端登录"),
        case_result(),
    ]
    paused: list[str | None] = []
    kit.outbox.status_changed.connect(lambda s: paused.append(s.paused_reason))
    message = case_message()
    await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    status = await kit.sender.drain(timeout=10)
    assert kit.sender.paused and status.paused_reason is not None
    view = await kit.outbox.get(message.key)
    assert view is not None and view.state is MessageState.QUEUED and view.attempts == 0
    await kit.sender.drain(timeout=1)
    assert len(kit.bureau.requests) == 1  # nothing is sent with the dead token

    kit.client.token = "token-2"  # logged in again
    status = await kit.sender.drain(timeout=10)
    assert not kit.sender.paused and status.paused_reason is None
    view = await kit.outbox.get(message.key)
    assert view is not None and view.state is MessageState.ACCEPTED
    assert keys_of(kit.bureau.requests) == [message.key] * 2
    assert paused[-1] is None and any(p is not None for p in paused)


async def test_a_crash_while_sending_is_resent_with_the_same_key(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    first = make_kit(path, Bureau([case_result()]))
    message = case_message()
    await first.outbox.enqueue(message, created_by="T-CLERKA1")
    claimed = await first.executor.run(first.store.claim_due, utcnow(), 4)
    assert [c.key for c in claimed] == [message.key]
    await close_kit(first)  # "power cut" after the claim: the row says sending

    second = make_kit(path, Bureau([case_result()]))
    try:
        view = await second.outbox.get(message.key)
        assert view is not None and view.state is MessageState.SENDING
        await second.outbox.start()
        assert second.outbox.outbox_size() == 1
        await second.sender.drain(timeout=10)
        view = await second.outbox.get(message.key)
        assert view is not None and view.state is MessageState.ACCEPTED
        assert view.attempts == 2
        assert keys_of(second.bureau.requests) == [message.key]
    finally:
        await close_kit(second)


async def test_concurrency_is_bounded(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "c.sqlite3", Bureau([case_result()], delay_s=0.05), concurrency=3)
    try:
        for i in range(10):
            await kit.outbox.enqueue(case_message(f"case-{i:04d}"), created_by="T-CLERKA1")
        await kit.sender.drain(timeout=20)
        assert kit.bureau.most_active == 3
        assert len(kit.bureau.requests) == 10
        states = {m.state for m in await kit.outbox.messages()}
        assert states == {MessageState.ACCEPTED}
    finally:
        await close_kit(kit)


async def test_a_dependent_message_waits_and_takes_the_business_number(kit: Kit) -> None:
    kit.bureau.script = [case_result("ZJ1"), httpx.Response(200, json=ack("E1"))]
    case = case_message()
    rating = NewMessage(
        kind=KIND_EVALUATION,
        path="/v1/evaluations",
        object_id="case-0001",
        body={"evaluation_id": "E1", "business_no": ""},
        depends_on=(case.key,),
    )
    await kit.outbox.enqueue(rating, created_by="T-CLERKA1")
    await kit.outbox.enqueue(case, created_by="T-CLERKA1")
    await kit.sender.drain(timeout=10)
    paths = [r.url.path for r in kit.bureau.requests]
    assert paths == ["/v1/cases", "/v1/evaluations"]
    assert json.loads(kit.bureau.requests[1].content)["business_no"] == "ZJ1"
    view = await kit.outbox.get(rating.key)
    assert view is not None and view.state is MessageState.ACCEPTED and not view.waiting_for


async def test_a_dependent_of_a_refused_case_is_not_sent(kit: Kit) -> None:
    kit.bureau.script = [case_result("", "rejected")]
    case = case_message()
    rating = NewMessage(
        kind=KIND_EVALUATION,
        path="/v1/evaluations",
        object_id="case-0001",
        body={"evaluation_id": "E1", "business_no": ""},
        depends_on=(case.key,),
    )
    await kit.outbox.enqueue(case, created_by="T-CLERKA1")
    await kit.outbox.enqueue(rating, created_by="T-CLERKA1")
    await kit.sender.drain(timeout=10)
    assert [r.url.path for r in kit.bureau.requests] == ["/v1/cases"]
    view = await kit.outbox.get(rating.key)
    assert view is not None and view.state is MessageState.REJECTED
    assert "评价不上传" in (view.last_error or "")


def staff_session(*roles: Role) -> ActiveSession:
    return ActiveSession(
        staff=Staff(staff_no="T-SUPER01", name="刘志强", roles=list(roles)),
        outlet=Outlet(code="330102001", name="测试网点", category=1),
        window=3,
        expires_at_utc=time.time() + 3600,
    )


async def test_the_supervisor_requeues_or_dismisses_flagged_messages(kit: Kit) -> None:
    kit.outbox.audit = kit.audit
    one, two = case_message("case-1"), case_message("case-2")
    for message in (one, two):
        await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    kit.bureau.script = [problem(422, "FORM_INVALID", "表单填写有误")] * 2 + [case_result()]
    await kit.sender.drain(timeout=10)
    assert (await kit.outbox.refresh()).needs_attention == 2

    clerk, supervisor = staff_session(Role.CLERK), staff_session(Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        await kit.outbox.requeue(one.key, by=clerk)
    await kit.outbox.requeue(one.key, by=supervisor)
    await kit.outbox.dismiss(two.key, "主管核实：重复录入，作废", by=supervisor)
    await kit.sender.drain(timeout=10)
    states = [(await kit.outbox.get(k)) for k in (one.key, two.key)]
    assert [v.state for v in states if v] == [MessageState.ACCEPTED, MessageState.REJECTED]
    with pytest.raises(ValueError, match="需处理"):
        await kit.outbox.requeue(one.key, by=supervisor)
    resolved = [e for e in kit.audit.entries if e["action"] == "outbox_resolve"]
    assert [e["outcome"] for e in resolved] == ["requeued", "dismissed"]


async def test_wait_settled_wakes_on_the_answer(kit: Kit) -> None:
    kit.bureau.delay_s = 0.05
    runner = asyncio.create_task(kit.sender.run())
    try:
        message = case_message()
        await kit.outbox.enqueue(message, created_by="T-CLERKA1")
        view = await kit.outbox.wait_settled(message.key, timeout=10)
        assert view is not None and view.state is MessageState.ACCEPTED
        with pytest.raises(RuntimeError, match="already running"):
            await kit.sender.drain(timeout=1)
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)


async def test_stopping_the_sender_mid_request_leaves_the_message_queued(kit: Kit) -> None:
    kit.bureau.delay_s = 5.0
    runner = asyncio.create_task(kit.sender.run())
    message = case_message()
    await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    await until(lambda: bool(kit.bureau.requests))
    runner.cancel()
    await asyncio.gather(runner, return_exceptions=True)
    view = await kit.outbox.get(message.key)
    assert view is not None and view.state is MessageState.QUEUED


def ack(ident: str) -> dict[str, object]:
    return {"id": ident, "received_at": utcnow().isoformat()}


async def until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.01)


# --- one transaction per batch of answers (bench/drain.py) ---------------------------------


async def test_results_are_journaled_in_the_answers_transaction(tmp_path: Path) -> None:
    from counter.journal import Journal
    from counter.journal_audit import JournalAudit

    kit = make_kit(tmp_path / "j.sqlite3", Bureau([case_result()], delay_s=0.02), concurrency=4)
    journal = Journal(kit.db, bytes(range(1, 33)))
    audit = JournalAudit(journal, kit.executor)
    sender = kit.new_sender(audit=audit, concurrency=4)
    finished: list[int] = []
    original = kit.store.finish_many

    def counting(*args: object, **kwargs: object) -> object:
        finished.append(len(args[0]))  # type: ignore[arg-type]
        return original(*args, **kwargs)  # type: ignore[arg-type]

    kit.store.finish_many = counting  # type: ignore[method-assign]
    try:
        await audit.record("login", staff_no="T-CLERKA1")  # a separate append before
        keys = []
        for i in range(12):
            message = case_message(f"case-{i:04d}")
            keys.append(message.key)
            await kit.outbox.enqueue(message, created_by="T-CLERKA1")
        status = await sender.drain(timeout=20)
        assert status.pending == 0
        assert keys_of(kit.bureau.requests) == keys  # each sent once, in queue order
        assert sum(finished) == 12  # every answer stored through one batch or another
        await audit.record("logout", staff_no="T-CLERKA1")  # and one after
        entries = journal.entries()
        results = [e for e in entries if e.action == "case_result"]
        assert len(results) == 12
        assert {e.object for e in results} == {f"case:case-{i:04d}" for i in range(12)}
        assert [e.seq for e in entries] == list(range(1, 15))
        assert journal.verify().ok
    finally:
        await close_kit(kit)


async def test_release_leaves_a_stored_answer_alone(kit: Kit) -> None:
    message = case_message()
    await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    now = utcnow()
    [claimed] = kit.store.claim_due(now, 1)
    views, more, status = kit.store.finish_many(
        [(claimed.key, kit.store.spec(KIND_CASE).parse_result(case_result_body()), {})],
        status=200,
        now=now,
    )
    assert views[0].state is MessageState.ACCEPTED and more == [] and status.pending == 0
    # a delivery cancelled while its answer was committed must not requeue it
    view = kit.store.release(claimed.key, error="stopped", status=None, now=now)
    assert view.state is MessageState.ACCEPTED and view.attempts == 1


def case_result_body() -> dict[str, object]:
    return {"business_no": "ZJ330102001202605110001", "status": "completed", "message": "已办结"}


async def test_a_long_queue_is_claimed_in_order_past_waiting_messages(kit: Kit) -> None:
    parent = case_message("case-parent")
    await kit.outbox.enqueue(parent, created_by="T-CLERKA1")
    children = []
    for i in range(30):  # more waiting messages than one page of the claim
        child = NewMessage(
            kind=KIND_EVALUATION,
            path="/v1/evaluations",
            object_id=f"ev-{i}",
            body={"evaluation_id": f"ev-{i}"},
            depends_on=(parent.key,),
        )
        children.append(child)
        await kit.outbox.enqueue(child, created_by="T-CLERKA1")
    later = [case_message(f"case-{i:04d}") for i in range(3)]
    for message in later:
        await kit.outbox.enqueue(message, created_by="T-CLERKA1")
    now = utcnow()
    claimed = kit.store.claim_due(now, 3)
    assert [c.key for c in claimed] == [parent.key, later[0].key, later[1].key]
    assert kit.store.next_due() is not None  # later[2] is due
    assert [c.key for c in kit.store.claim_due(now, 5)] == [later[2].key]
    assert kit.store.next_due() is None  # the children wait for their parent


async def test_messages_claimed_ahead_go_back_when_the_session_ends(tmp_path: Path) -> None:
    answers: list[Answer] = [case_result() for _ in range(5)]
    answers += [problem(401, "SESSION_REPLACED", "您的账号已在其他终端登录")]
    answers += [case_result()]
    kit = make_kit(tmp_path / "p.sqlite3", Bureau(answers, delay_s=0.01), concurrency=2)
    try:
        messages = [case_message(f"case-{i:04d}") for i in range(20)]
        for message in messages:
            await kit.outbox.enqueue(message, created_by="T-CLERKA1")
        status = await kit.sender.drain(timeout=20)
        assert kit.sender.paused and status.sending == 0  # nothing left claimed ahead
        views = await kit.outbox.messages()
        assert {v.state for v in views} == {MessageState.ACCEPTED, MessageState.QUEUED}
        queued = [v for v in views if v.state is MessageState.QUEUED]
        assert all(v.attempts == 0 for v in queued)  # as if never claimed

        kit.client.token = "token-2"  # logged in again
        status = await kit.sender.drain(timeout=20)
        assert status.pending == 0 and not kit.sender.paused
        views = await kit.outbox.messages()
        assert {v.state for v in views} == {MessageState.ACCEPTED}
        accepted_keys = [r.headers["Idempotency-Key"] for r in kit.bureau.requests]
        assert set(accepted_keys) == {m.key for m in messages}
    finally:
        await close_kit(kit)
