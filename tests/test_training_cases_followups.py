"""Training platform, after the case: ratings (好差评, `POST /v1/evaluations`) and transport
batches of 收件转运 files (`POST /v1/transport-batches`)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from counter.bureau.cases import Ack, CaseResult, CaseStatus
from counter.bureau.models import ApiError
from tests.test_training_cases_support import EMPLOYEE, Desk, shanghai_today
from tests.training_fixtures import bearer, token_for


def _error(response: httpx.Response) -> ApiError:
    return ApiError.model_validate(response.json())


def _accepted(desk: Desk, code: str = "SB04017") -> CaseResult:
    result = CaseResult.model_validate(desk.submit(desk.case(code, EMPLOYEE)).json())
    assert result.status is not CaseStatus.REJECTED
    return result


def _rating(business_no: str, level: str, **changes: Any) -> dict[str, Any]:
    return {
        "evaluation_id": uuid.uuid4().hex,
        "business_no": business_no,
        "item_code": "SB04017",
        "item_version": 1,
        "applicant_masked": "张*",
        "clerk_staff_no": "T-CLERKA1",
        "rated_at": datetime.now(UTC).isoformat(),
        "level": level,
        **changes,
    }


def _rate(desk: Desk, body: dict[str, Any]) -> httpx.Response:
    return desk.client.post("/v1/evaluations", json=body, headers=desk.headers)


# --- 好差评 --------------------------------------------------------------------------------


def test_a_rating_is_stored_once(client: httpx.Client) -> None:
    desk = Desk(client)
    case = _accepted(desk)
    body = _rating(case.business_no, "满意")
    first = _rate(desk, body)
    assert first.status_code == 200, first.text
    ack = Ack.model_validate(first.json())
    assert ack.id == body["evaluation_id"] and not ack.duplicate
    again = Ack.model_validate(_rate(desk, body).json())
    assert again.duplicate and again.received_at == ack.received_at
    changed = _rate(desk, {**body, "level": "非常满意"})
    assert changed.status_code == 422
    assert _error(changed).code == "IDEMPOTENCY_MISMATCH"
    # 一次一评: a second rating of the same case is refused.
    second = _rate(desk, _rating(case.business_no, "基本满意"))
    assert _error(second) == ApiError(
        code="ALREADY_RATED", message="该办件已评价（一次一评），不能重复评价"
    )


def test_a_bad_rating_needs_a_reason(client: httpx.Client) -> None:
    desk = Desk(client)
    for level in ("不满意", "非常不满意"):
        case = _accepted(desk)
        refused = _rate(desk, _rating(case.business_no, level, text="  "))
        assert refused.status_code == 422
        assert _error(refused) == ApiError(
            code="EVALUATION_REASON_REQUIRED", message="差评须选择原因或填写说明"
        )
        assert _rate(desk, _rating(case.business_no, level, tags=["等候时间长"])).status_code == 200
    case = _accepted(desk)
    assert _rate(desk, _rating(case.business_no, "不满意", text="窗口解释不清")).status_code == 200
    # No answer within the time-out: 未评价, no reason needed.
    case = _accepted(desk)
    assert _rate(desk, _rating(case.business_no, "未评价")).status_code == 200


def test_a_rating_must_name_a_case_of_the_outlet(client: httpx.Client) -> None:
    desk = Desk(client)
    unknown = _rate(desk, _rating("ZJ330102001202601010999999", "满意"))
    assert _error(unknown) == ApiError(
        code="CASE_NOT_FOUND", message="办件编号 ZJ330102001202601010999999 不存在"
    )
    other = Desk(client, "T-CLERK201", "330102002")
    theirs = _accepted(other, "SB04018")
    assert _error(_rate(desk, _rating(theirs.business_no, "满意"))).code == "CASE_NOT_FOUND"
    courier = token_for(client, "T-COURIER1")
    response = client.post(
        "/v1/evaluations", json=_rating(theirs.business_no, "满意"), headers=bearer(courier)
    )
    assert response.status_code == 403


# --- 收件转运 batches ------------------------------------------------------------------------


def _batch(business_nos: list[str], **changes: Any) -> dict[str, Any]:
    return {
        "batch_id": uuid.uuid4().hex,
        "outlet_code": "330102001",
        "business_day": shanghai_today().isoformat(),
        "business_nos": business_nos,
        "file_count": len(business_nos),
        "handed_over_by": "T-COURIER1",
        "received_by": "人社局转运员 王师傅",
        "handed_over_at": datetime.now(UTC).isoformat(),
        **changes,
    }


def test_a_transport_batch_is_handed_over_once(client: httpx.Client) -> None:
    desk = Desk(client)
    forwarded = [_accepted(desk, "SB01003").business_no for _ in range(3)]
    courier = bearer(token_for(client, "T-COURIER1"))
    body = _batch(forwarded[:2], file_count=5)
    first = client.post("/v1/transport-batches", json=body, headers=courier)
    assert first.status_code == 200, first.text
    ack = Ack.model_validate(first.json())
    assert ack.id == body["batch_id"] and not ack.duplicate
    again = Ack.model_validate(
        client.post("/v1/transport-batches", json=body, headers=courier).json()
    )
    assert again.duplicate and again.received_at == ack.received_at
    changed = client.post("/v1/transport-batches", json={**body, "file_count": 6}, headers=courier)
    assert _error(changed).code == "IDEMPOTENCY_MISMATCH"
    # A case travels in one batch only.
    taken = client.post("/v1/transport-batches", json=_batch(forwarded[1:]), headers=courier)
    assert _error(taken) == ApiError(
        code="BATCH_CASE_TAKEN",
        message=f"办件 {forwarded[1]} 已在批次 {body['batch_id']} 中交接",
    )
    assert (
        client.post(
            "/v1/transport-batches", json=_batch(forwarded[2:]), headers=courier
        ).status_code
        == 200
    )


def test_a_batch_holds_only_forwarded_cases_of_the_outlet(client: httpx.Client) -> None:
    desk = Desk(client)
    completed = _accepted(desk, "SB04017").business_no  # 全程办: no files travel
    forwarded = _accepted(desk, "SB01003").business_no
    courier = bearer(token_for(client, "T-COURIER1"))
    response = client.post(
        "/v1/transport-batches", json=_batch([forwarded, completed]), headers=courier
    )
    assert response.status_code == 422
    assert _error(response) == ApiError(
        code="BATCH_CASE_INVALID", message=f"以下办件不是本网点的收件转运办件：{completed}"
    )
    problems = {
        "BATCH_EMPTY": _batch([]),
        "BATCH_DUPLICATE_CASE": _batch([forwarded, forwarded]),
        "BATCH_FILE_COUNT": _batch([forwarded], file_count=0),
    }
    for code, body in problems.items():
        assert _error(client.post("/v1/transport-batches", json=body, headers=courier)).code == code
    other_outlet = client.post(
        "/v1/transport-batches", json=_batch([forwarded], outlet_code="330102002"), headers=courier
    )
    assert _error(other_outlet).code == "OUTLET_MISMATCH"
    clerk = client.post("/v1/transport-batches", json=_batch([forwarded]), headers=desk.headers)
    assert clerk.status_code == 403
    assert _error(clerk).code == "FORBIDDEN_ROLE"
