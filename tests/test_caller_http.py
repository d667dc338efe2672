"""The `http` hall caller contract: drivers/caller/http.py against the simulated hall caller.

Real HTTP over loopback; the simulated hall system is the one training mode runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from counter.hall_contract import HallOutcome, HallState
from counter.hall_sync import CallerError, CallerRejected, CallerUnavailable, HallWaiting
from counter.training.hall_caller import SimulatedHallCaller
from drivers.caller import BuiltinCaller, HttpCaller, open_caller
from tests.hall_support import DAY, ticket


@pytest.fixture
def hall() -> Iterator[SimulatedHallCaller]:
    with SimulatedHallCaller() as server:
        yield server


@pytest.fixture
async def client(hall: SimulatedHallCaller) -> AsyncIterator[HttpCaller]:
    caller = HttpCaller(hall.base_url, connect_timeout_s=1.0, read_timeout_s=0.2)
    yield caller
    await caller.aclose()


def posts(hall: SimulatedHallCaller, path: str) -> list[str]:
    """The idempotency keys of every POST the hall received on `path`."""
    return [key for method, p, key in hall.log if method == "POST" and p == path]


async def test_same_key_twice_makes_one_ticket_and_the_same_answer(
    hall: SimulatedHallCaller, client: HttpCaller
) -> None:
    await client.issue(ticket(1), key="key-issue-1")
    first = await client.issue(ticket(2), key="key-issue-2")
    again = await client.issue(ticket(2), key="key-issue-2")
    assert first == again == 1  # S001 waits ahead of S002
    assert [t.number for t in hall.tickets()] == ["S001", "S002"]
    assert hall.applied == 2
    assert await client.list_waiting() == [
        HallWaiting("S001", "社保", None),
        HallWaiting("S002", "社保", None),
    ]


async def test_same_key_with_another_body_is_refused(client: HttpCaller) -> None:
    await client.issue(ticket(1), key="key-issue-1")
    with pytest.raises(CallerRejected) as caught:
        await client.issue(ticket(2), key="key-issue-1")
    assert caught.value.status == 422
    assert caught.value.code == "idempotency_key_reused"
    assert "Idempotency-Key" in caught.value.message


async def test_a_number_already_mirrored_is_a_conflict_not_a_duplicate(
    hall: SimulatedHallCaller, client: HttpCaller
) -> None:
    await client.issue(ticket(1), key="key-issue-1")
    with pytest.raises(CallerRejected) as caught:
        await client.issue(ticket(1), key="key-issue-again")
    assert (caught.value.status, caught.value.code) == (409, "ticket_exists")
    assert "S001" in caught.value.message
    assert len(hall.tickets()) == 1


async def test_a_ticket_goes_through_every_action(
    hall: SimulatedHallCaller, client: HttpCaller
) -> None:
    await client.issue(ticket(1), key="k-issue-0001")
    await client.call("S001", 3, recall=False, key="k-call-00001")
    await client.call("S001", 3, recall=True, key="k-call-00002")
    assert hall.ticket("S001").state is HallState.CALLED  # type: ignore[union-attr]
    assert hall.ticket("S001").recalls == 1  # type: ignore[union-attr]
    await client.no_show("S001", key="k-noshow-001")
    assert hall.ticket("S001").outcome is HallOutcome.NO_SHOW  # type: ignore[union-attr]
    await client.requeue("S001", key="k-requeue-01")
    assert [w.number for w in await client.list_waiting()] == ["S001"]
    await client.transfer("S001", to_window=5, to_service=None, key="k-transfer-1")
    assert await client.list_waiting() == [HallWaiting("S001", "社保", 5)]
    await client.call("S001", 5, recall=False, key="k-call-00003")
    await client.complete("S001", key="k-complete-1")
    done = hall.ticket("S001")
    assert done is not None and (done.state, done.outcome) == (HallState.DONE, HallOutcome.SERVED)
    await client.issue(ticket(2), key="k-issue-0002")
    await client.cancel("S002", reason="closed_at_day_end", key="k-cancel-01")
    assert hall.ticket("S002").outcome is HallOutcome.CLOSED_AT_DAY_END  # type: ignore[union-attr]
    assert [(c.number, c.window, c.recall) for c in hall.calls()] == [
        ("S001", 3, False),
        ("S001", 3, True),
        ("S001", 5, False),
    ]
    assert await client.list_waiting() == []


async def test_unknown_ticket_and_bad_input_are_clear_refusals(client: HttpCaller) -> None:
    with pytest.raises(CallerRejected) as unknown:
        await client.call("S404", 3, recall=False, key="k-call-unknown")
    assert (unknown.value.status, unknown.value.code) == (404, "ticket_unknown")
    assert unknown.value.message == "叫号系统中没有号码 S404"
    with pytest.raises(CallerRejected) as bad:
        await client.cancel("S404", reason="because", key="k-cancel-bad")
    assert bad.value.code == "invalid_request" and "reason" in bad.value.message


async def test_the_hall_refuses_a_body_outside_the_contract(hall: SimulatedHallCaller) -> None:
    headers = {"Idempotency-Key": "k-raw-000001"}
    async with httpx.AsyncClient(base_url=hall.base_url, trust_env=False) as raw:
        answer = await raw.post("/tickets", json={"number": "S001"}, headers=headers)
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_request"
    assert answer.json()["message"].startswith("请求内容无效")
    assert hall.tickets() == []


async def test_every_post_needs_an_idempotency_key(hall: SimulatedHallCaller) -> None:
    async with httpx.AsyncClient(base_url=hall.base_url, trust_env=False) as raw:
        answer = await raw.post("/windows/3/calls", json={"number": "S001"})
        health = await raw.get("/health")
    assert answer.status_code == 400
    assert answer.json()["code"] == "idempotency_key_missing"
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert hall.applied == 0


async def test_down_with_503_then_back(hall: SimulatedHallCaller, client: HttpCaller) -> None:
    hall.go_down("unavailable")
    with pytest.raises(CallerUnavailable) as caught:
        await client.issue(ticket(1), key="k-issue-0001")
    assert caught.value.status == 503
    assert "维护" in caught.value.message
    hall.come_up()
    assert await client.issue(ticket(1), key="k-issue-0001") == 0
    assert len(hall.tickets()) == 1


async def test_refused_connection_then_back(hall: SimulatedHallCaller, client: HttpCaller) -> None:
    await client.issue(ticket(1), key="k-issue-0001")  # a pooled connection exists
    hall.go_down("refuse")
    with pytest.raises(CallerUnavailable) as caught:
        await client.list_waiting()
    assert caught.value.code in {"connect", "transport"}
    with pytest.raises(CallerUnavailable):
        await client.list_waiting()
    hall.come_up()
    assert [w.number for w in await client.list_waiting()] == ["S001"]


async def test_drop_after_apply_then_retry_with_the_same_key_applies_once(
    hall: SimulatedHallCaller, client: HttpCaller
) -> None:
    await client.issue(ticket(1), key="k-issue-0001")
    hall.drop_after_apply(1)
    with pytest.raises(CallerUnavailable) as caught:
        await client.call("S001", 3, recall=False, key="k-call-00001")
    assert caught.value.code == "transport"
    assert len(hall.calls()) == 1  # applied, though we never heard
    await client.call("S001", 3, recall=False, key="k-call-00001")
    assert len(hall.calls()) == 1  # the retry got the stored answer
    assert posts(hall, "/windows/3/calls") == ["k-call-00001", "k-call-00001"]


async def test_slow_hall_times_out_then_the_same_key_is_not_applied_twice(
    hall: SimulatedHallCaller, client: HttpCaller
) -> None:
    hall.set_slow(0.6)  # longer than the client's 0.2 s read timeout
    with pytest.raises(CallerUnavailable) as timeout:
        await client.issue(ticket(1), key="k-issue-0001")
    assert timeout.value.code == "timeout"
    hall.set_slow(0)
    # Until the first attempt finishes at the hall, the key is "in progress" (409): retry.
    busy_answers = 0
    for _ in range(200):
        try:
            await client.issue(ticket(1), key="k-issue-0001")
            break
        except CallerUnavailable as busy:
            assert busy.code == "idempotency_in_progress"
            busy_answers += 1
            await asyncio.sleep(0.05)
    else:
        pytest.fail("the hall never finished the first attempt")
    assert len(hall.tickets()) == 1
    assert hall.applied == 1


def test_open_caller_picks_the_driver_from_config() -> None:
    assert isinstance(open_caller("builtin"), BuiltinCaller)
    assert open_caller("none") is None
    with pytest.raises(CallerError, match=r"caller\.url"):
        open_caller("http", None)
    with pytest.raises(CallerError, match="未知的叫号系统类型"):
        open_caller("telepathy")
    with pytest.raises(CallerError, match="http://"):
        HttpCaller("ftp://hall")


async def test_http_caller_from_config_talks_to_the_hall(hall: SimulatedHallCaller) -> None:
    caller = open_caller("http", hall.base_url + "/")
    assert isinstance(caller, HttpCaller)
    try:
        assert (await caller.health()).status == "ok"
        assert await caller.issue(ticket(7), key="k-issue-0007") == 0
    finally:
        await caller.aclose()
    stored = hall.ticket("S007")
    assert stored is not None and stored.business_day == DAY and stored.item == "参保登记"


async def test_builtin_caller_mirrors_nothing_but_keeps_the_list() -> None:
    caller = BuiltinCaller()
    assert await caller.issue(ticket(1), key="k1-builtin") == 0
    assert await caller.issue(ticket(2), key="k2-builtin") == 1
    await caller.call("S001", 3, recall=False, key="k3-builtin")
    assert [w.number for w in await caller.list_waiting()] == ["S002"]
    with pytest.raises(CallerRejected):
        await caller.issue(ticket(2), key="k4-builtin")
    await caller.aclose()


async def test_trainers_switch_faults_over_http(
    hall: SimulatedHallCaller, client: HttpCaller
) -> None:
    async with httpx.AsyncClient(base_url=hall.base_url, trust_env=False) as trainer:
        answer = await trainer.post("/_training/faults", json={"down": "unavailable"})
        assert answer.json() == {
            "slow_s": 0.0,
            "down": "unavailable",
            "down_for_s": None,
            "drop_after_apply": 0,
        }
        with pytest.raises(CallerUnavailable):
            await client.list_waiting()
        await trainer.post("/_training/faults", json={})
        assert await client.list_waiting() == []
        # An outage that ends by itself: nothing listens, then the hall is back.
        plan = {"down": "refuse", "down_for_s": 1.0}
        assert (await trainer.post("/_training/faults", json=plan)).status_code == 200
        outcomes: list[str] = []
        for _ in range(200):  # refused soon after the answer, then back by itself
            try:
                await client.list_waiting()
                outcomes.append("ok")
                if "refused" in outcomes:
                    break
            except CallerUnavailable as refused:
                assert refused.code in {"connect", "transport"}
                outcomes.append("refused")
            await asyncio.sleep(0.05)
        assert outcomes[-1] == "ok" and "refused" in outcomes
        bad = await trainer.post("/_training/faults", json={"down": "sometimes"})
        assert bad.status_code == 400
