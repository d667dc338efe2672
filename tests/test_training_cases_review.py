"""Training platform, on-the-spot review (A/B, maker–checker): `POST /v1/reviews` and the
checker approval a `needs_review` case must carry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from counter.bureau.cases import CaseResult, CaseStatus, CaseSubmission, ReviewApproval
from counter.bureau.models import ApiError, Role
from counter.training.case_rules import APPROVAL_LIFETIME
from counter.training.seed import TRAINING_PASSWORD
from tests.test_training_cases_support import EMPLOYEE, Desk, shanghai_today
from tests.training_fixtures import FakeClock, NewStaff, bearer, login

REVIEW_ITEM = "SB02010"  # 养老保险待遇发放账户维护申请: high risk, needs review


def _error(response: httpx.Response) -> ApiError:
    return ApiError.model_validate(response.json())


def test_an_approved_case_is_accepted_and_records_the_checker(client: httpx.Client) -> None:
    desk = Desk(client)
    assert desk.items[REVIEW_ITEM].needs_review
    body = desk.case(REVIEW_ITEM, EMPLOYEE)
    response = desk.review(body)
    assert response.status_code == 200, response.text
    approval = ReviewApproval.model_validate(response.json())
    assert approval.reviewer_staff_no == "T-CLERKB1"
    assert approval.reviewer_name_masked == "张**"
    assert approval.case_digest == CaseSubmission.model_validate(body).review_digest()
    assert approval.expires_at - approval.approved_at == APPROVAL_LIFETIME
    assert approval.approval_id.startswith("AP")

    checked = {**body, "checker": {"staff_no": "T-CLERKB1", "approval_id": approval.approval_id}}
    result = CaseResult.model_validate(desk.submit(checked).json())
    assert result.status is CaseStatus.COMPLETED
    record = next(c for c in desk.cases_of(shanghai_today()) if c["case_id"] == body["case_id"])
    assert record["maker"] == "T-CLERKA1" and record["checker"] == "T-CLERKB1"


def test_a_needs_review_case_without_approval_is_refused(client: httpx.Client) -> None:
    desk = Desk(client)
    response = desk.submit(desk.case(REVIEW_ITEM))
    assert response.status_code == 422
    error = _error(response)
    assert error.code == "REVIEW_REQUIRED"
    assert error.message.endswith("须由复核人员现场复核后提交")


def test_any_edit_after_approval_voids_it(client: httpx.Client) -> None:
    desk = Desk(client)
    approved = desk.approved(desk.case(REVIEW_ITEM))
    edits: list[dict[str, object]] = [
        {"form": {**approved["form"], "bank_account": "6222021202009999999"}},
        {"materials": [{**approved["materials"][0], "shared": True}, *approved["materials"][1:]]},
        {"person": {"id_number": EMPLOYEE.id_number, "identity_method": "social_card"}},
        {"ticket_number": "A099"},
        {"window": 4},
    ]
    for edit in edits:
        response = desk.submit({**approved, **edit})
        assert response.status_code == 422, edit
        assert _error(response) == ApiError(
            code="REVIEW_INVALID", message="办件内容在复核后有修改，复核已失效，请重新复核"
        )
    # What travels with the case but is not its content may change: time, offline flag.
    later = {**approved, "client_time": (datetime.now(UTC) + timedelta(minutes=1)).isoformat()}
    assert desk.submit(later).status_code == 200


def test_no_self_review_and_only_reviewers(client: httpx.Client, new_staff: NewStaff) -> None:
    desk = Desk(client)
    body = desk.case(REVIEW_ITEM)
    own = desk.review(body, reviewer="T-CLERKA1")
    assert own.status_code == 422
    assert _error(own) == ApiError(
        code="REVIEW_SELF", message="复核人不能是经办人本人，请由其他复核人员复核"
    )
    plain_clerk = new_staff((Role.CLERK,))
    response = desk.review(body, reviewer=plain_clerk)
    assert response.status_code == 403
    assert _error(response) == ApiError(
        code="REVIEWER_ROLE", message=f"工号 {plain_clerk} 没有复核权限，请由复核人员复核"
    )
    elsewhere = desk.review(body, reviewer="T-CLERK201")
    assert elsewhere.status_code == 403
    assert _error(elsewhere).code == "REVIEWER_OTHER_OUTLET"
    assert desk.review(body, reviewer="T-SUPER01").status_code == 200  # supervisors review


def test_a_case_naming_itself_as_checker_is_refused(client: httpx.Client) -> None:
    desk = Desk(client)
    approved = desk.approved(desk.case(REVIEW_ITEM))
    approval_id = approved["checker"]["approval_id"]
    cases = {
        "复核人不能是经办人本人，请由其他复核人员复核": {
            "checker": {"staff_no": "T-CLERKA1", "approval_id": approval_id}
        },
        "复核人与复核授权不一致，请重新复核": {
            "checker": {"staff_no": "T-SUPER01", "approval_id": approval_id}
        },
        "复核授权不存在，请重新复核": {
            "checker": {"staff_no": "T-CLERKB1", "approval_id": "AP-NO-SUCH-THING"}
        },
    }
    for message, change in cases.items():
        response = desk.submit({**approved, **change})
        assert _error(response) == ApiError(code="REVIEW_INVALID", message=message)


def test_an_approval_serves_one_case_only(client: httpx.Client) -> None:
    desk = Desk(client)
    approved = desk.approved(desk.case(REVIEW_ITEM), reviewer="T-SUPER01")
    assert desk.submit(approved).status_code == 200
    # Another maker's case of the same content cannot borrow the approval...
    borrowed = {**approved, "maker": "T-CLERKB1", "case_id": "another-case-0001"}
    response = desk.submit(borrowed)
    assert _error(response) == ApiError(
        code="REVIEW_INVALID", message="复核授权不是为本经办人申请的，请重新复核"
    )
    # ...nor another case of the same maker (the case id is part of the content).
    again = desk.submit({**approved, "case_id": "another-case-0002"})
    assert _error(again).message == "办件内容在复核后有修改，复核已失效，请重新复核"


def test_review_is_asked_by_the_maker_for_themself(client: httpx.Client) -> None:
    desk = Desk(client)
    body = desk.case(REVIEW_ITEM)
    request = {
        "staff_no": "T-CLERKB1",
        "password": TRAINING_PASSWORD,
        "maker": "T-SUPER01",  # not the session's clerk
        "item_code": REVIEW_ITEM,
        "case_digest": CaseSubmission.model_validate(body).review_digest(),
    }
    response = client.post("/v1/reviews", json=request, headers=desk.headers)
    assert response.status_code == 403
    assert _error(response) == ApiError(
        code="MAKER_MISMATCH", message="只能为本人经办的办件申请复核"
    )
    guide = login(client, "T-GUIDE01").json()["access_token"]
    request["maker"] = "T-GUIDE01"
    response = client.post("/v1/reviews", json=request, headers=bearer(guide))
    assert _error(response).code == "FORBIDDEN_ROLE"
    short = client.post("/v1/reviews", json={**request, "case_digest": "abc"}, headers=desk.headers)
    assert short.status_code == 422


def test_an_approval_expires_after_ten_minutes(client: httpx.Client, clock: FakeClock) -> None:
    desk = Desk(client)
    approved = desk.approved(desk.case(REVIEW_ITEM))
    clock.advance(timedelta(minutes=10, seconds=30))
    late = {**approved, "client_time": clock().isoformat()}
    response = desk.submit(late)
    assert _error(response) == ApiError(
        code="REVIEW_INVALID", message="复核授权已过期（有效期 10 分钟），请重新复核"
    )
    # A case made within the ten minutes may still arrive later (outbox after an outage).
    in_time = {**approved, "client_time": (clock() - timedelta(minutes=1)).isoformat()}
    assert desk.submit(in_time).status_code == 200


def test_wrong_reviewer_password_counts_towards_lockout(
    client: httpx.Client, new_staff: NewStaff, clock: FakeClock
) -> None:
    desk = Desk(client)
    reviewer = new_staff((Role.CLERK, Role.REVIEWER))
    body = desk.case(REVIEW_ITEM)
    clock.freeze(datetime(2026, 3, 2, 1, 59, 30, tzinfo=UTC))
    desk = Desk(client)  # a session valid at the frozen time
    for left in (4, 3, 2, 1):
        response = desk.review(body, reviewer, password="Wrong@2026")
        assert response.status_code == 403
        assert _error(response) == ApiError(
            code="REVIEW_BAD_CREDENTIALS", message=f"复核人工号或密码错误，还可尝试 {left} 次"
        )
    fifth = desk.review(body, reviewer, password="Wrong@2026")
    assert fifth.status_code == 423
    assert _error(fifth) == ApiError(
        code="ACCOUNT_LOCKED",
        message="复核人账户已锁定，请于 10:15 后重试（连续 5 次密码错误）",
    )
    assert desk.review(body, reviewer).status_code == 423  # even with the right password
    assert login(client, reviewer).status_code == 423  # and the reviewer's own login
    unknown = desk.review(body, "NOBODY", password=TRAINING_PASSWORD)
    assert _error(unknown) == ApiError(
        code="REVIEW_BAD_CREDENTIALS", message="复核人工号或密码错误"
    )
