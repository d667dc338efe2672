"""Routes for cases (办件): submission, on-the-spot review, reconciliation, ratings, transport.

`POST /v1/cases` follows the IETF Idempotency-Key semantics (draft-ietf-httpapi-
idempotency-key-header): the key is claimed in its own transaction (unique per outlet),
the case is applied and its answer stored in one transaction, and a repeat gets the
stored bytes. A 422 (the case is not acceptable as sent) records nothing and releases the
key, so the corrected case may reuse it. See `case_rules` for the business rules.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter.bureau.cases import (
    Ack,
    CaseList,
    CaseRecord,
    CaseResult,
    CaseStatus,
    CaseSubmission,
    Evaluation,
    ReviewApproval,
    ReviewRequest,
    TransportBatch,
)
from counter.bureau.models import ApiError, Role
from counter.identity import mask_name
from counter.training import case_rules
from counter.training.case_db import (
    CaseRow,
    Claimed,
    EvaluationRow,
    InProgress,
    Mismatch,
    Replay,
    ReviewApprovalRow,
    TransportBatchItemRow,
    TransportBatchRow,
    claim_key,
    complete_key,
    hold_key,
    next_sequence,
    release_key,
)
from counter.training.db import CatalogueItemRow, StaffRow
from counter.training.deps import (
    Auth,
    AuthContext,
    Platform,
    PlatformDep,
    payload_digest,
    require_outlet,
    require_role,
    store_once,
)
from counter.training.errors import ApiProblem, responses

router = APIRouter()

MIN_KEY_LENGTH = 8
MAX_KEY_LENGTH = 128
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"

_CASE_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ApiError,
        "description": "同一幂等键的首次请求仍在处理中（IN_PROGRESS），稍后用同一幂等键重试",
    },
    422: {
        "model": ApiError,
        "description": "办件不能按所发内容受理，平台未作任何记录（IDEMPOTENCY_KEY_REQUIRED / "
        "IDEMPOTENCY_MISMATCH / ITEM_NOT_AVAILABLE / ITEM_VERSION_STALE / OFFLINE_NOT_ALLOWED "
        "/ INVALID_ID / PERSON_NOT_FOUND / MANUAL_REASON_REQUIRED / MAKER_INVALID / "
        "FORM_INVALID / MATERIALS_INCOMPLETE / REVIEW_REQUIRED / REVIEW_INVALID / "
        "CASE_DUPLICATE)",
    },
}


def _json(content: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        content=content, status_code=status, media_type="application/json", headers=headers
    )


# --- cases ---------------------------------------------------------------------------------


class _LostClaim(Exception):
    """Our in-progress claim was taken over (we were presumed dead): apply nothing."""


@router.post(
    "/v1/cases",
    response_model=CaseResult,
    operation_id="createCase",
    tags=["cases"],
    summary="提交办件（Idempotency-Key 必填：同键同内容返回首次结果，同键不同内容 422，"
    "首次请求处理中 409）",
    description=(
        "业务规则不予受理时同样返回 200，status 为 rejected，business_no 为空，message "
        "说明原因；该结果与受理结果一样被保存，同一幂等键重发得到相同结果。"
        "请求内容不能受理（422）时平台不作记录并释放幂等键，修正后可用同一幂等键重发。"
        "重发命中已保存结果时响应头带 Idempotent-Replayed: true。"
    ),
    responses={**responses(401, 403), **_CASE_ERRORS},
    # Declared here rather than as a Header() parameter, so that a missing key gets its own
    # code (IDEMPOTENCY_KEY_REQUIRED) while the document still says it is required.
    openapi_extra={
        "parameters": [
            {
                "name": IDEMPOTENCY_HEADER,
                "in": "header",
                "required": True,
                "description": "办件进入本机待发队列时生成的唯一键，重试时不变",
                "schema": {
                    "type": "string",
                    "minLength": MIN_KEY_LENGTH,
                    "maxLength": MAX_KEY_LENGTH,
                },
            }
        ]
    },
)
def create_case(
    body: CaseSubmission, auth: Auth, platform: PlatformDep, request: Request
) -> Response:
    require_role(auth, Role.CLERK)
    require_outlet(auth, body.outlet_code)
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        raise ApiProblem(
            422, "IDEMPOTENCY_KEY_REQUIRED", "缺少 Idempotency-Key 请求头，平台无法保证不重复受理"
        )
    if not MIN_KEY_LENGTH <= len(key) <= MAX_KEY_LENGTH or not key.isascii():
        raise ApiProblem(422, "IDEMPOTENCY_KEY_INVALID", "Idempotency-Key 应为 8–128 个 ASCII 字符")
    request_hash = payload_digest(body.model_dump(mode="json"))
    claim = claim_key(platform.engine, auth.outlet.code, key, request_hash)
    if isinstance(claim, Replay):
        return _json(claim.body, claim.status_code, {REPLAYED_HEADER: "true"})
    if isinstance(claim, Mismatch):
        raise ApiProblem(
            422,
            "IDEMPOTENCY_MISMATCH",
            "该幂等键已用于内容不同的办件：已提交的办件不能修改后重发，请核对后作为新办件提交",
        )
    if isinstance(claim, InProgress):
        raise _in_progress()
    assert isinstance(claim, Claimed)
    try:
        content = _apply_case(platform, auth, body, claim.key_id)
    except _LostClaim:
        raise _in_progress() from None
    except IntegrityError:  # a concurrent request with another key won a unique constraint
        release_key(platform.engine, claim.key_id)
        raise _in_progress() from None
    except BaseException:
        release_key(platform.engine, claim.key_id)
        raise
    return _json(content)


def _in_progress() -> ApiProblem:
    return ApiProblem(
        409,
        "IN_PROGRESS",
        "该办件正在提交处理中，请稍后使用同一幂等键重试",
        {"Retry-After": "1"},
    )


def _apply_case(platform: Platform, auth: AuthContext, case: CaseSubmission, key_id: int) -> bytes:
    now, today = platform.now(), platform.today()
    outlet = auth.outlet
    with Session(platform.engine) as db, db.begin():
        if not hold_key(db, key_id):
            raise _LostClaim
        earlier = db.scalar(select(CaseRow).where(CaseRow.case_id == case.case_id))
        if earlier is not None:
            shown = earlier.business_no or "不予受理"
            raise ApiProblem(
                422,
                "CASE_DUPLICATE",
                f"该办件已由平台处理（{shown}），请勿更换幂等键重复提交",
            )
        item = case_rules.item_for_case(db, case, outlet.category, today)
        person = case_rules.person_for_case(db, case, today)
        case_rules.check_maker(db, case, outlet.code)
        case_rules.check_contents(case, item, today)
        approval = case_rules.check_review(db, case, item, outlet.code)
        verdict = case_rules.judge(case_rules.RuleContext(db, case, item, person, today))
        if verdict.refused:
            result = CaseResult(business_no="", status=CaseStatus.REJECTED, message=verdict.message)
        else:
            status = case_rules.status_for(item)
            number = case_rules.business_no(
                outlet.code, today, next_sequence(db, outlet.code, today)
            )
            result = CaseResult(
                business_no=number,
                status=status,
                message=case_rules.accepted_message(item, status, verdict),
                receipt=case_rules.receipt_for(item, status, number, today),
            )
        if approval is not None:
            approval.used_by_case_id = case.case_id
        db.add(
            CaseRow(
                case_id=case.case_id,
                business_no=result.business_no or None,
                idempotency_key_id=key_id,
                outlet_code=outlet.code,
                window=case.window,
                item_code=item.code,
                item_version=item.version,
                item_name=item.name,
                mode=item.mode.value,
                person_id_number=person.id_number,
                status=result.status.value,
                message=result.message,
                maker=case.maker,
                checker=case.checker.staff_no if case.checker else None,
                approval_id=case.checker.approval_id if case.checker else None,
                submitted_by=auth.staff_no,
                ticket_number=case.ticket_number,
                form=dict(case.form),
                materials=[m.model_dump(mode="json") for m in case.materials],
                review_digest=case.review_digest(),
                accepted_offline=case.accepted_offline,
                client_time=case.client_time,
                received_at=now,
                business_day=today,
            )
        )
        content = result.model_dump_json().encode("utf-8")
        complete_key(db, key_id, 200, content)
    return content


@router.get(
    "/v1/cases",
    response_model=CaseList,
    operation_id="listCases",
    tags=["cases"],
    summary="某网点某日平台收到的办件（对账用；按平台收到的日期，北京时间）",
    responses=responses(401, 403, 422),
)
def list_cases(
    auth: Auth,
    platform: PlatformDep,
    day: Annotated[date, Query(alias="date", description="营业日 YYYY-MM-DD")],
    outlet: Annotated[str, Query(description="网点代码，须为当前登录网点")],
) -> CaseList:
    require_role(auth, Role.CLERK, Role.SUPERVISOR, Role.COURIER)
    require_outlet(auth, outlet)
    with Session(platform.engine) as db:
        rows = db.scalars(
            select(CaseRow)
            .where(CaseRow.outlet_code == outlet)
            .where(CaseRow.business_day == day)
            .order_by(CaseRow.received_at, CaseRow.id)
        )
        records = [
            CaseRecord(
                business_no=row.business_no or "",
                case_id=row.case_id,
                item_code=row.item_code,
                status=CaseStatus(row.status),
                maker=row.maker,
                checker=row.checker,
                ticket_number=row.ticket_number,
                received_at=row.received_at,
            )
            for row in rows
        ]
    return CaseList(date=day, outlet_code=outlet, cases=records)


# --- reviews -------------------------------------------------------------------------------


@router.post(
    "/v1/reviews",
    response_model=ReviewApproval,
    operation_id="createReview",
    tags=["cases"],
    summary="复核人现场授权（复核人工号和密码；授权 10 分钟内有效，只对该办件内容摘要有效）",
    description=(
        "复核人在经办人的电脑上输入本人工号和密码；密码错误计入复核人的登录失败次数"
        "（连续 5 次锁定）。复核人不能是经办人本人，须有复核权限并属于同一网点。"
        "办件内容有任何修改，摘要随之改变，授权即失效。"
    ),
    responses=responses(401, 403, 422, 423),
)
def create_review(body: ReviewRequest, auth: Auth, platform: PlatformDep) -> ReviewApproval:
    from counter.training.app import _check_password  # the login's own check and lockout

    require_role(auth, Role.CLERK)
    if body.maker != auth.staff_no:
        raise ApiProblem(403, "MAKER_MISMATCH", "只能为本人经办的办件申请复核")
    case_rules.validate_review_target(body.maker, body.staff_no)
    now = platform.now()
    problem: ApiProblem | None = None
    approval: ReviewApproval | None = None
    # The failure count must be committed even when the answer is an error.
    with Session(platform.engine) as db, db.begin():
        reviewer = db.scalar(
            select(StaffRow).where(StaffRow.staff_no == body.staff_no).with_for_update()
        )
        if reviewer is None:
            problem = ApiProblem(403, "REVIEW_BAD_CREDENTIALS", "复核人工号或密码错误")
        else:
            problem = _reviewer_problem(_check_password(reviewer, body.password, now))
            if problem is None:
                problem = _reviewer_refusal(db, reviewer, body, auth)
            if problem is None:
                approval = _approve(db, reviewer, body, auth, now)
    if problem is not None:
        raise problem
    assert approval is not None
    return approval


def _reviewer_problem(problem: ApiProblem | None) -> ApiProblem | None:
    if problem is None:
        return None
    if problem.status == 423:
        return ApiProblem(423, problem.code, "复核人" + problem.message)
    return ApiProblem(403, "REVIEW_BAD_CREDENTIALS", "复核人" + problem.message)


def _reviewer_refusal(
    db: Session, reviewer: StaffRow, body: ReviewRequest, auth: AuthContext
) -> ApiProblem | None:
    if reviewer.outlet.code != auth.outlet.code:
        return ApiProblem(403, "REVIEWER_OTHER_OUTLET", "复核人不属于本网点，不能复核本网点办件")
    if Role.REVIEWER.value not in reviewer.roles:
        return ApiProblem(
            403, "REVIEWER_ROLE", f"工号 {reviewer.staff_no} 没有复核权限，请由复核人员复核"
        )
    known = db.scalar(select(CatalogueItemRow.id).where(CatalogueItemRow.code == body.item_code))
    if known is None:
        return ApiProblem(422, "ITEM_NOT_AVAILABLE", f"事项 {body.item_code} 不存在")
    return None


def _approve(
    db: Session, reviewer: StaffRow, body: ReviewRequest, auth: AuthContext, now: datetime
) -> ReviewApproval:
    approval = ReviewApproval(
        approval_id="AP" + secrets.token_hex(12).upper(),
        reviewer_staff_no=reviewer.staff_no,
        reviewer_name_masked=mask_name(reviewer.name),
        approved_at=now,
        case_digest=body.case_digest,
        expires_at=case_rules.approval_expiry(now),
    )
    db.add(
        ReviewApprovalRow(
            approval_id=approval.approval_id,
            reviewer_staff_id=reviewer.id,
            reviewer_staff_no=reviewer.staff_no,
            maker=body.maker,
            outlet_code=auth.outlet.code,
            item_code=body.item_code,
            case_digest=body.case_digest,
            approved_at=now,
            expires_at=approval.expires_at,
        )
    )
    return approval


# --- ratings (好差评) ------------------------------------------------------------------------


@router.post(
    "/v1/evaluations",
    response_model=Ack,
    operation_id="createEvaluation",
    tags=["cases"],
    summary="好差评（一次一评；差评须有原因；按 evaluation_id 幂等）",
    responses=responses(401, 403, 422),
)
def create_evaluation(body: Evaluation, auth: Auth, platform: PlatformDep) -> Ack:
    require_role(auth, Role.CLERK)
    if body.level.is_bad and not body.tags and not body.text.strip():
        raise ApiProblem(422, "EVALUATION_REASON_REQUIRED", "差评须选择原因或填写说明")
    request_hash = payload_digest(body.model_dump(mode="json"))
    return store_once(
        lambda: _store_evaluation(platform, auth, body, request_hash),
        "该评价正在处理中，请稍后重试",
    )


def _store_evaluation(
    platform: Platform, auth: AuthContext, body: Evaluation, request_hash: str
) -> Ack:
    with Session(platform.engine) as db, db.begin():
        existing = db.scalar(
            select(EvaluationRow).where(EvaluationRow.evaluation_id == body.evaluation_id)
        )
        if existing is not None:
            if existing.request_hash != request_hash:
                raise ApiProblem(
                    422,
                    "IDEMPOTENCY_MISMATCH",
                    "该评价编号已用于内容不同的评价，评价提交后不能修改",
                )
            return Ack(id=body.evaluation_id, received_at=existing.received_at, duplicate=True)
        case = db.scalar(select(CaseRow).where(CaseRow.business_no == body.business_no))
        if case is None or case.outlet_code != auth.outlet.code:
            raise ApiProblem(422, "CASE_NOT_FOUND", f"办件编号 {body.business_no} 不存在")
        rated = db.scalar(
            select(EvaluationRow.id).where(EvaluationRow.business_no == body.business_no)
        )
        if rated is not None:
            raise ApiProblem(422, "ALREADY_RATED", "该办件已评价（一次一评），不能重复评价")
        now = platform.now()
        db.add(
            EvaluationRow(
                evaluation_id=body.evaluation_id,
                business_no=body.business_no,
                request_hash=request_hash,
                level=body.level.value,
                clerk_staff_no=body.clerk_staff_no,
                data=body.model_dump(mode="json"),
                received_at=now,
            )
        )
    return Ack(id=body.evaluation_id, received_at=now)


# --- transport batches (收件转运) ---------------------------------------------------------


@router.post(
    "/v1/transport-batches",
    response_model=Ack,
    operation_id="createTransportBatch",
    tags=["cases"],
    summary="收件转运批次交接（收件转运岗；按 batch_id 幂等；每个办件只能在一个批次中）",
    responses=responses(401, 403, 422),
)
def create_transport_batch(body: TransportBatch, auth: Auth, platform: PlatformDep) -> Ack:
    require_role(auth, Role.COURIER)
    require_outlet(auth, body.outlet_code)
    if not body.business_nos:
        raise ApiProblem(422, "BATCH_EMPTY", "批次中没有办件")
    if len(set(body.business_nos)) != len(body.business_nos):
        raise ApiProblem(422, "BATCH_DUPLICATE_CASE", "批次中有重复的办件编号")
    if body.file_count < len(body.business_nos):
        raise ApiProblem(422, "BATCH_FILE_COUNT", "文件份数不能少于办件数")
    request_hash = payload_digest(body.model_dump(mode="json"))
    return store_once(
        lambda: _store_batch(platform, auth, body, request_hash), "该批次正在处理中，请稍后重试"
    )


def _store_batch(
    platform: Platform, auth: AuthContext, body: TransportBatch, request_hash: str
) -> Ack:
    with Session(platform.engine) as db, db.begin():
        existing = db.scalar(
            select(TransportBatchRow).where(TransportBatchRow.batch_id == body.batch_id)
        )
        if existing is not None:
            if existing.request_hash != request_hash:
                raise ApiProblem(
                    422, "IDEMPOTENCY_MISMATCH", "该批次编号已用于内容不同的批次，交接后不能修改"
                )
            return Ack(id=body.batch_id, received_at=existing.received_at, duplicate=True)
        cases = {
            row.business_no: row
            for row in db.scalars(select(CaseRow).where(CaseRow.business_no.in_(body.business_nos)))
        }
        wrong = [
            number
            for number in body.business_nos
            if number not in cases
            or cases[number].outlet_code != body.outlet_code
            or cases[number].status != CaseStatus.FORWARDED.value
        ]
        if wrong:
            raise ApiProblem(
                422,
                "BATCH_CASE_INVALID",
                "以下办件不是本网点的收件转运办件：" + "、".join(wrong[:5]),
            )
        taken = db.execute(
            select(TransportBatchItemRow.business_no, TransportBatchRow.batch_id)
            .join(TransportBatchRow, TransportBatchRow.id == TransportBatchItemRow.batch_id)
            .where(TransportBatchItemRow.business_no.in_(body.business_nos))
        ).first()
        if taken is not None:
            raise ApiProblem(422, "BATCH_CASE_TAKEN", f"办件 {taken[0]} 已在批次 {taken[1]} 中交接")
        now = platform.now()
        batch = TransportBatchRow(
            batch_id=body.batch_id,
            outlet_code=body.outlet_code,
            business_day=body.business_day,
            request_hash=request_hash,
            file_count=body.file_count,
            data=body.model_dump(mode="json"),
            submitted_by=auth.staff_no,
            received_at=now,
        )
        db.add(batch)
        db.flush()
        db.add_all(
            TransportBatchItemRow(batch_id=batch.id, business_no=number)
            for number in body.business_nos
        )
    return Ack(id=body.batch_id, received_at=now)
