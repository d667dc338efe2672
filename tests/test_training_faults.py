"""Training platform fault injection, as a real HTTPS client sees it: latency, 5xx, the
answer lost after the case was applied, and outages (503, hang, reset)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from counter.bureau.cases import CaseResult, CaseStatus
from counter.bureau.models import ApiError
from counter.training.faults import FaultInjector, FaultPlan, Outage, injector_for
from counter.training.server import TrainingServer
from tests.test_training_cases_support import EMPLOYEE, TEMP_LOST, Desk, shanghai_today
from tests.training_fixtures import ClientFactory, bearer, token_for


@pytest.fixture
def faults(fresh_server: TrainingServer) -> Iterator[FaultInjector]:
    injector = injector_for(fresh_server.engine)
    yield injector
    injector.clear()  # before the server stops, so nothing hangs on


@pytest.fixture
def desk(fresh_server: TrainingServer, make_client: ClientFactory) -> Desk:
    return Desk(make_client(fresh_server))


def _error(response: httpx.Response) -> ApiError:
    return ApiError.model_validate(response.json())


def _ours(desk: Desk, case_id: str) -> list[dict[str, object]]:
    return [c for c in desk.cases_of(shanghai_today()) if c["case_id"] == case_id]


def test_latency_delays_the_answer(desk: Desk, faults: FaultInjector) -> None:
    faults.set(FaultPlan(latency_ms=150, latency_max_ms=250, paths=["/v1/sessions"]))
    started = time.monotonic()
    response = desk.client.get("/v1/sessions/current", headers=desk.headers)
    waited = time.monotonic() - started
    assert response.status_code == 200
    assert waited >= 0.15  # a lower bound only: sleeping guarantees it
    assert faults.stats.delayed == 1
    assert desk.client.get("/v1/catalogue", headers=desk.headers).status_code == 200
    assert faults.stats.matched == 1  # other paths untouched


def test_errors_are_contract_json_and_apply_nothing(desk: Desk, faults: FaultInjector) -> None:
    faults.set(FaultPlan(error_rate=1, error_status=502, paths=["/v1/cases"]))
    body = desk.case("SB08049", TEMP_LOST)
    key = uuid.uuid4().hex
    response = desk.submit(body, key)
    assert response.status_code == 502
    assert _error(response) == ApiError(
        code="PLATFORM_ERROR", message="人社平台暂时无法处理请求（HTTP 502），请稍后重试"
    )
    faults.clear()
    assert _ours(desk, body["case_id"]) == []
    retried = CaseResult.model_validate(desk.submit(body, key).json())
    assert retried.status is CaseStatus.COMPLETED


def test_error_rate_is_random_but_repeatable(desk: Desk, faults: FaultInjector) -> None:
    def run() -> list[int]:
        faults.set(FaultPlan(error_rate=0.5, seed=7, paths=["/v1/sessions/current"]))
        return [
            desk.client.get("/v1/sessions/current", headers=desk.headers).status_code
            for _ in range(20)
        ]

    first = run()
    assert set(first) == {200, 503}
    assert run() == first


def test_dropped_answer_after_the_case_was_applied(desk: Desk, faults: FaultInjector) -> None:
    """The ambiguous outcome: no answer, yet the case is stored, exactly once."""
    faults.set(FaultPlan(drop_rate=1, paths=["/v1/cases"], methods=["POST"], times=1))
    body = desk.case("SB08049", TEMP_LOST)
    key = uuid.uuid4().hex
    with pytest.raises(httpx.TransportError):
        desk.submit(body, key)
    assert faults.stats.dropped == 1
    assert faults.plan is None  # `times` used up
    stored = _ours(desk, body["case_id"])
    assert len(stored) == 1 and stored[0]["status"] == "completed"
    # The client retries with the same key and learns the outcome it missed.
    retry = desk.submit(body, key)
    assert retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert CaseResult.model_validate(retry.json()).business_no == stored[0]["business_no"]
    assert len(_ours(desk, body["case_id"])) == 1


def test_outage_unavailable_then_recovery(desk: Desk, faults: FaultInjector) -> None:
    faults.set(FaultPlan(outage=Outage.UNAVAILABLE))
    body = desk.case("SB04017", EMPLOYEE)
    key = uuid.uuid4().hex
    for _ in range(3):
        response = desk.submit(body, key)
        assert response.status_code == 503
        assert _error(response).code == "PLATFORM_UNAVAILABLE"
        assert response.headers["Retry-After"] == "1"
    assert desk.client.get("/v1/catalogue", headers=desk.headers).status_code == 503
    assert desk.client.get("/v1/health").status_code == 200  # never faulted
    assert faults.stats.unavailable == 4
    faults.clear()
    assert desk.submit(body, key).status_code == 200
    assert len(_ours(desk, body["case_id"])) == 1


def test_outage_hang_until_the_client_gives_up(
    fresh_server: TrainingServer, desk: Desk, faults: FaultInjector
) -> None:
    faults.set(FaultPlan(outage=Outage.HANG, paths=["/v1/cases"]))
    body = desk.case("SB04017", EMPLOYEE)
    key = uuid.uuid4().hex
    with pytest.raises(httpx.TimeoutException):
        desk.client.post(
            "/v1/cases",
            json=body,
            headers={**desk.headers, "Idempotency-Key": key},
            timeout=httpx.Timeout(10, read=0.3),
        )
    assert faults.stats.hung == 1
    faults.clear()
    assert _ours(desk, body["case_id"]) == []  # held, never handled
    assert desk.submit(body, key).status_code == 200


def test_outage_hang_ends_when_the_plan_changes(desk: Desk, faults: FaultInjector) -> None:
    import threading

    faults.set(FaultPlan(outage=Outage.HANG, paths=["/v1/catalogue"]))
    outcome: list[BaseException | int] = []

    def ask() -> None:
        try:
            outcome.append(desk.client.get("/v1/catalogue", headers=desk.headers).status_code)
        except httpx.TransportError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=ask)
    thread.start()
    while faults.stats.hung == 0:
        time.sleep(0.01)
    faults.clear()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert isinstance(outcome[0], httpx.TransportError)  # cut, not answered


def test_outage_reset_handles_nothing(desk: Desk, faults: FaultInjector) -> None:
    faults.set(FaultPlan(outage=Outage.RESET, paths=["/v1/cases"], times=2))
    body = desk.case("SB04017", EMPLOYEE)
    key = uuid.uuid4().hex
    for _ in range(2):
        with pytest.raises(httpx.TransportError):
            desk.submit(body, key)
    assert _ours(desk, body["case_id"]) == []
    assert desk.submit(body, key).status_code == 200  # the plan ended after two
    assert faults.stats.reset == 2


def test_faults_over_http_for_trainers(
    fresh_server: TrainingServer, make_client: ClientFactory, faults: FaultInjector
) -> None:
    client = make_client(fresh_server)
    supervisor = bearer(token_for(client, "T-SUPER01"))
    plan = {"outage": "unavailable", "paths": ["/v1/catalogue"], "times": 5}
    response = client.post("/v1/training/faults", json=plan, headers=supervisor)
    assert response.status_code == 200, response.text
    assert response.json()["plan"]["outage"] == "unavailable"
    assert response.json()["remaining"] == 5
    assert client.get("/v1/catalogue", headers=supervisor).status_code == 503
    state = client.get("/v1/training/faults", headers=supervisor).json()
    assert state["remaining"] == 4 and state["stats"]["unavailable"] == 1

    # The switch itself is never faulted, even by a plan for every path.
    faults.set(FaultPlan(outage=Outage.UNAVAILABLE))
    assert client.delete("/v1/training/faults", headers=supervisor).status_code == 204
    assert faults.plan is None
    assert client.get("/v1/catalogue", headers=supervisor).status_code == 200

    clerk = bearer(token_for(client, "T-CLERKA1"))
    forbidden = client.post("/v1/training/faults", json=plan, headers=clerk)
    assert forbidden.status_code == 403
    assert _error(forbidden).code == "FORBIDDEN_ROLE"
    for bad in ({"error_rate": 2}, {"latency_ms": 500, "latency_max_ms": 100}, {"oops": 1}):
        invalid = client.post("/v1/training/faults", json=bad, headers=supervisor)
        assert invalid.status_code == 422, bad
    assert faults.plan is None
