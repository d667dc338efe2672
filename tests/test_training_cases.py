"""Training platform, `POST /v1/cases`: exactly-once (Idempotency-Key) and what is refused
as input (422), plus the reconciliation list `GET /v1/cases`."""

from __future__ import annotations

import re
import threading
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from counter.bureau.cases import CaseList, CaseResult, CaseStatus, CaseSubmission
from counter.bureau.models import ApiError, Role
from counter.training.case_db import STALE_CLAIM, IdempotencyKeyRow, KeyState
from counter.training.deps import payload_digest
from counter.training.persons import make_id_number
from counter.training.server import TrainingServer
from tests.test_training_cases_support import (
    EMPLOYEE,
    RETIREE,
    TEMP_LOST,
    Desk,
    shanghai_today,
)
from tests.training_fixtures import ClientFactory, NewStaff, bearer, token_for

BUSINESS_NO = re.compile(r"^ZJ330102001\d{8}\d{6}$")


def _error(response: httpx.Response) -> ApiError:
    return ApiError.model_validate(response.json())


def _with_case_id(desk: Desk, case_id: str) -> list[dict[str, object]]:
    return [c for c in desk.cases_of(shanghai_today()) if c["case_id"] == case_id]


# --- idempotency ---------------------------------------------------------------------------


def test_same_key_and_body_get_the_stored_first_answer(client: httpx.Client) -> None:
    desk = Desk(client)
    body = desk.case("SB04017")
    key = uuid.uuid4().hex
    first = desk.submit(body, key)
    assert first.status_code == 200, first.text
    assert "Idempotent-Replayed" not in first.headers
    result = CaseResult.model_validate(first.json())
    assert result.status is CaseStatus.COMPLETED
    assert BUSINESS_NO.match(result.business_no)
    assert result.business_no[11:19] == f"{shanghai_today():%Y%m%d}"

    again = desk.submit(body, key)
    assert again.status_code == 200
    assert again.content == first.content  # byte for byte
    assert again.headers["Idempotent-Replayed"] == "true"
    # The same body sent by another clerk's session of the outlet is the same request too.
    other = Desk(client, "T-CLERKB1")
    assert other.submit(body, key).content == first.content
    assert len(_with_case_id(desk, body["case_id"])) == 1


def test_same_key_with_another_body_is_refused(client: httpx.Client) -> None:
    desk = Desk(client)
    body = desk.case("SB04017")
    key = uuid.uuid4().hex
    first = desk.submit(body, key)
    assert first.status_code == 200
    changed = {**body, "form": {**body["form"], "copies": "2"}}
    response = desk.submit(changed, key)
    assert response.status_code == 422
    error = _error(response)
    assert error.code == "IDEMPOTENCY_MISMATCH"
    assert "幂等键" in error.message and "不同" in error.message
    assert len(_with_case_id(desk, body["case_id"])) == 1


def test_the_key_is_required_and_sane(client: httpx.Client) -> None:
    desk = Desk(client)
    missing = desk.submit(desk.case("SB04017"), with_key=False)
    assert missing.status_code == 422
    assert _error(missing).code == "IDEMPOTENCY_KEY_REQUIRED"
    assert "Idempotency-Key" in _error(missing).message
    short = desk.submit(desk.case("SB04017"), "abc")
    assert short.status_code == 422
    assert _error(short).code == "IDEMPOTENCY_KEY_INVALID"


def test_a_request_in_progress_answers_409(
    training_server: TrainingServer, client: httpx.Client
) -> None:
    desk = Desk(client)
    body = desk.case("SB04017")
    key = uuid.uuid4().hex
    first = desk.submit(body, key)
    assert first.status_code == 200
    # Turn the key back to "in progress", as if its first request were still running.
    with Session(training_server.engine) as db, db.begin():
        row = db.scalars(select(IdempotencyKeyRow).where(IdempotencyKeyRow.idem_key == key)).one()
        row.state = KeyState.IN_PROGRESS.value
        row.claimed_at = datetime.now(UTC)
    response = desk.submit(body, key)
    assert response.status_code == 409
    assert _error(response).code == "IN_PROGRESS"
    assert response.headers["Retry-After"] == "1"
    # A different body is still a mismatch, whatever the state.
    assert _error(desk.submit(desk.case("SB04018"), key)).code == "IDEMPOTENCY_MISMATCH"


def test_a_stale_claim_is_taken_over(training_server: TrainingServer, client: httpx.Client) -> None:
    """A request that died before committing leaves its key in progress; not for ever."""
    desk = Desk(client)
    body = desk.case("SB04017")
    key = uuid.uuid4().hex
    request_hash = payload_digest(CaseSubmission.model_validate(body).model_dump(mode="json"))

    def claim(at: datetime) -> None:
        with Session(training_server.engine) as db, db.begin():
            db.add(
                IdempotencyKeyRow(
                    outlet_code="330102001",
                    idem_key=key,
                    request_hash=request_hash,
                    state=KeyState.IN_PROGRESS.value,
                    claimed_at=at,
                    created_at=at,
                )
            )

    claim(datetime.now(UTC) - STALE_CLAIM + timedelta(seconds=30))  # still within the lease
    assert _error(desk.submit(body, key)).code == "IN_PROGRESS"
    with Session(training_server.engine) as db, db.begin():
        db.execute(delete(IdempotencyKeyRow).where(IdempotencyKeyRow.idem_key == key))
    claim(datetime.now(UTC) - STALE_CLAIM - timedelta(seconds=1))  # its request died
    response = desk.submit(body, key)
    assert response.status_code == 200
    assert desk.submit(body, key).content == response.content
    assert len(_with_case_id(desk, body["case_id"])) == 1


def test_concurrent_requests_with_one_key_apply_once(
    training_server: TrainingServer, make_client: ClientFactory
) -> None:
    desk = Desk(make_client(training_server))
    body = desk.case("SB04017")
    key = uuid.uuid4().hex
    clients = [make_client(training_server) for _ in range(8)]
    barrier = threading.Barrier(len(clients))
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def send(http: httpx.Client) -> None:
        barrier.wait()
        response = http.post(
            "/v1/cases", json=body, headers={**desk.headers, "Idempotency-Key": key}
        )
        with lock:
            answers.append(response)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {r.status_code for r in answers} <= {200, 409}
    accepted = [r for r in answers if r.status_code == 200]
    assert accepted
    assert len({r.content for r in accepted}) == 1
    for refused in (r for r in answers if r.status_code == 409):
        assert _error(refused).code == "IN_PROGRESS"
    assert len(_with_case_id(desk, body["case_id"])) == 1


def test_an_invalid_case_releases_its_key(client: httpx.Client) -> None:
    """Nothing was applied, so the corrected case may be sent with the same key."""
    desk = Desk(client)
    body = desk.case("SB04017")
    key = uuid.uuid4().hex
    stale = desk.submit({**body, "item_version": body["item_version"] + 1}, key)
    assert stale.status_code == 422
    assert _error(stale) == ApiError(
        code="ITEM_VERSION_STALE", message="事项已更新，请刷新后重新填写"
    )
    assert _with_case_id(desk, body["case_id"]) == []
    fixed = desk.submit(body, key)
    assert fixed.status_code == 200
    assert CaseResult.model_validate(fixed.json()).status is CaseStatus.COMPLETED


def test_a_case_sent_again_under_a_new_key_is_refused(client: httpx.Client) -> None:
    desk = Desk(client)
    body = desk.case("SB04017")
    first = CaseResult.model_validate(desk.submit(body).json())
    again = desk.submit(body)  # a fresh key: the client must never do this
    assert again.status_code == 422
    assert _error(again).code == "CASE_DUPLICATE"
    assert first.business_no in _error(again).message


# --- who may submit -------------------------------------------------------------------------


def test_only_clerks_of_the_session_outlet_submit(client: httpx.Client) -> None:
    desk = Desk(client)
    other_outlet = desk.submit({**desk.case("SB04017"), "outlet_code": "330102002"})
    assert other_outlet.status_code == 403
    assert _error(other_outlet).code == "OUTLET_MISMATCH"
    courier = token_for(client, "T-COURIER1")
    response = client.post(
        "/v1/cases",
        json=desk.case("SB04017"),
        headers={**bearer(courier), "Idempotency-Key": uuid.uuid4().hex},
    )
    assert response.status_code == 403
    assert _error(response).code == "FORBIDDEN_ROLE"
    anonymous = client.post(
        "/v1/cases", json=desk.case("SB04017"), headers={"Idempotency-Key": uuid.uuid4().hex}
    )
    assert anonymous.status_code == 401


def test_maker_must_be_a_clerk_of_the_outlet(client: httpx.Client, new_staff: NewStaff) -> None:
    desk = Desk(client)
    for maker in ("T-CLERK201", "T-COURIER1", new_staff((Role.COURIER,)), "NOBODY"):
        response = desk.submit(desk.case("SB04017", maker=maker))
        assert response.status_code == 422, maker
        assert _error(response) == ApiError(
            code="MAKER_INVALID", message=f"经办人工号 {maker} 不是本网点的经办人员"
        )


# --- input refused with 422 -----------------------------------------------------------------


def test_item_must_be_available_at_the_outlet(client: httpx.Client) -> None:
    desk = Desk(client)
    small = Desk(client, "T-CLERK301", "330102003")  # category 3: no card services
    body = {**small.case("SB04017"), "item_code": "SB08047", "item_version": 1}
    response = small.submit(body)
    assert response.status_code == 422
    assert _error(response).code == "ITEM_NOT_AVAILABLE"
    unknown = desk.submit({**desk.case("SB04017"), "item_code": "SB99999"})
    assert _error(unknown).code == "ITEM_NOT_AVAILABLE"


def test_offline_acceptance_only_for_offline_items(client: httpx.Client) -> None:
    desk = Desk(client)
    response = desk.submit(desk.case("SB08047", TEMP_LOST, accepted_offline=True))
    assert response.status_code == 422
    assert _error(response).code == "OFFLINE_NOT_ALLOWED"
    assert "不支持离线受理" in _error(response).message


def test_person_must_be_valid_and_known(client: httpx.Client) -> None:
    desk = Desk(client)
    bad = desk.submit(desk.case("SB04017", EMPLOYEE.id_number[:17] + "0"))
    assert _error(bad).code == "INVALID_ID"
    unknown = make_id_number("110101", datetime(1970, 1, 1).date(), 999)
    assert _error(desk.submit(desk.case("SB04017", unknown))).code == "PERSON_NOT_FOUND"
    manual = desk.case("SB04017")
    manual["person"] = {"id_number": EMPLOYEE.id_number, "identity_method": "manual"}
    refused = desk.submit(manual)
    assert _error(refused).code == "MANUAL_REASON_REQUIRED"
    manual["person"]["manual_reason"] = "证件芯片损坏无法读取"
    assert desk.submit(manual).status_code == 200


def test_form_values_are_checked_by_the_platform(client: httpx.Client) -> None:
    desk = Desk(client)
    cases = {
        "请选择打印内容": {"document": None},
        "打印内容须从列表中选择": {"document": "户口本"},
        "起始年月不是有效年月（格式 2026-03）": {"period_from": "2025-13"},
        "打印份数格式不正确（1–5 份）": {"copies": "9"},
        "起始年月不能晚于截止年月": {"period_from": "2025-06", "period_to": "2025-01"},
    }
    for message, change in cases.items():
        response = desk.submit(desk.case("SB04017", form=change))
        assert response.status_code == 422, change
        assert _error(response) == ApiError(code="FORM_INVALID", message="表单填写有误：" + message)
    money = desk.submit(desk.case("SB03012", form={"annual_amount": "1000"}))
    assert _error(money).message == "表单填写有误：年缴费额应为金额（以分为单位的整数）"
    grade = desk.submit(desk.case("SB03012", form={"new_grade": "500元/年", "annual_amount": 100}))
    assert _error(grade).message == "表单填写有误：年缴费额应与所选档次一致（500 元）"


def test_materials_must_be_received_or_shared(client: httpx.Client) -> None:
    desk = Desk(client)
    body = desk.case("SB01001", TEMP_LOST)  # employee: refused later, if it gets that far
    names = [m["name"] for m in body["materials"]]
    assert names == ["身份证件/社保卡", "户籍或居住证信息", "选择缴费档次"]
    missing = desk.submit({**body, "materials": body["materials"][1:]})
    assert _error(missing) == ApiError(
        code="MATERIALS_INCOMPLETE", message="缺少办理材料：身份证件/社保卡"
    )
    unreceived = [{**m, "received": False} for m in body["materials"]]
    response = desk.submit({**body, "materials": unreceived})
    assert (
        _error(response).message == "缺少办理材料：身份证件/社保卡、户籍或居住证信息、选择缴费档次"
    )
    # 户籍或居住证信息 may be shared (可共享免交); 身份证件 may not.
    shared = [{**m, "received": False, "shared": True} for m in body["materials"]]
    response = desk.submit({**body, "materials": shared})
    assert _error(response).message == "缺少办理材料：身份证件/社保卡、选择缴费档次"
    shared[0]["received"] = shared[2]["received"] = True
    assert desk.submit({**body, "materials": shared}).status_code == 200


# --- the reconciliation list -----------------------------------------------------------------


def test_cases_of_the_day_for_reconciliation(client: httpx.Client) -> None:
    desk = Desk(client)
    accepted = desk.case("SB04018", RETIREE, ticket_number="B007")
    refused = desk.case("SB08049", RETIREE)  # card normal: nothing to unblock
    numbers = [CaseResult.model_validate(desk.submit(c).json()) for c in (accepted, refused)]
    assert numbers[1].status is CaseStatus.REJECTED and numbers[1].business_no == ""

    supervisor = token_for(client, "T-SUPER01")
    response = client.get(
        "/v1/cases",
        params={"date": shanghai_today().isoformat(), "outlet": "330102001"},
        headers=bearer(supervisor),
    )
    assert response.status_code == 200
    listing = CaseList.model_validate(response.json())
    assert listing.date == shanghai_today() and listing.outlet_code == "330102001"
    mine = {c.case_id: c for c in listing.cases}
    first, second = mine[accepted["case_id"]], mine[refused["case_id"]]
    assert first.business_no == numbers[0].business_no
    assert first.status is CaseStatus.COMPLETED and first.ticket_number == "B007"
    assert first.maker == "T-CLERKA1" and first.checker is None
    assert second.status is CaseStatus.REJECTED and second.business_no == ""
    assert first.received_at <= second.received_at
    times = [c.received_at for c in listing.cases]
    assert times == sorted(times)

    # Another outlet sees none of these, and may not look at this one.
    other = Desk(client, "T-CLERK201", "330102002")
    assert accepted["case_id"] not in {c["case_id"] for c in other.cases_of(shanghai_today())}
    response = client.get(
        "/v1/cases",
        params={"date": shanghai_today().isoformat(), "outlet": "330102001"},
        headers=other.headers,
    )
    assert response.status_code == 403
    assert _error(response).code == "OUTLET_MISMATCH"
    yesterday = (shanghai_today() - timedelta(days=1)).isoformat()
    earlier = client.get(
        "/v1/cases", params={"date": yesterday, "outlet": "330102001"}, headers=desk.headers
    )
    assert accepted["case_id"] not in {c["case_id"] for c in earlier.json()["cases"]}


def test_case_list_needs_a_role_and_a_date(client: httpx.Client) -> None:
    guide = token_for(client, "T-GUIDE01")
    params = {"date": shanghai_today().isoformat(), "outlet": "330102001"}
    response = client.get("/v1/cases", params=params, headers=bearer(guide))
    assert response.status_code == 403
    assert _error(response).code == "FORBIDDEN_ROLE"
    clerk = token_for(client, "T-CLERKA1")
    bad = client.get(
        "/v1/cases", params={"date": "2026-02-30", "outlet": "330102001"}, headers=bearer(clerk)
    )
    assert bad.status_code == 422
    assert _error(bad).code == "INVALID_REQUEST"
