"""The training bureau platform: the bureau API v1 (DESIGN §3.3) as a FastAPI app.

It answers exactly like the real platform is specified to: the request and response
bodies are the contract models of `counter.bureau.models`, every error is an `ApiError`
with a Chinese message (`counter.training.errors`), and the OpenAPI document
(`docs/bureau-api.json`) is generated from this app (`counter.training.openapi`).

Endpoints are plain (sync) functions: FastAPI runs them in its thread pool, so the
blocking SQLAlchemy calls never hold the event loop.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Response
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from counter import __version__
from counter.bureau.models import (
    API_VERSION,
    CardStatus,
    Catalogue,
    Health,
    Insurance,
    PersonSummary,
    Post,
    Role,
    SessionGrant,
    SessionInfo,
    SessionRequest,
    Staff,
)
from counter.identity import mask_card_no, mask_mobile, mask_name
from counter.training import catalogue_admin, ecard, supervision
from counter.training.cases import router as cases_router
from counter.training.catalogue_body import CatalogueBodies, accepts_gzip
from counter.training.db import (
    CatalogueVersionRow,
    LookupRow,
    OutletRow,
    PersonRow,
    SessionRow,
    StaffRow,
    init_db,
    make_engine,
    token_digest,
    utc_now,
    verify_password,
)
from counter.training.deps import (
    SHANGHAI,
    Auth,
    AuthContext,
    Clock,
    Platform,
    PlatformDep,
    outlet_model,
)
from counter.training.errors import (
    REASON_MESSAGE,
    ApiProblem,
    install_error_handlers,
    responses,
)
from counter.training.faults import install as install_faults
from counter.training.persons import parse_id_number
from counter.training.seed import seed_database

PLATFORM_NAME = "社银通培训平台"
SESSION_LIFETIME = timedelta(hours=12)
MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)


router = APIRouter()


# --- platform ------------------------------------------------------------------------------


@router.get(
    "/v1/health",
    response_model=Health,
    tags=["platform"],
    summary="平台状态",
    operation_id="getHealth",
)
def health(platform: PlatformDep) -> Health:
    return Health(
        platform=PLATFORM_NAME,
        platform_version=__version__,
        server_time=platform.now(),
        training=True,
    )


# --- sessions ------------------------------------------------------------------------------


@router.post(
    "/v1/sessions",
    response_model=SessionGrant,
    operation_id="createSession",
    tags=["sessions"],
    summary="登录（连续 5 次密码错误锁定 15 分钟；每个账号只保留一个有效会话）",
    responses=responses(401, 403, 422, 423),
)
def login(body: SessionRequest, platform: PlatformDep) -> SessionGrant:
    now = platform.now()
    problem: ApiProblem | None = None
    grant: SessionGrant | None = None
    # The failure count must be committed even when the answer is an error, so the
    # problem is raised only after the transaction.
    with Session(platform.engine) as db, db.begin():
        outlet = db.scalar(select(OutletRow).where(OutletRow.code == body.outlet_code))
        staff = db.scalar(
            select(StaffRow).where(StaffRow.staff_no == body.staff_no).with_for_update()
        )
        if outlet is None:
            problem = ApiProblem(
                403,
                "OUTLET_UNKNOWN",
                f"网点代码 {body.outlet_code} 未在平台登记，请核对本机配置的网点代码",
            )
        elif staff is None:
            problem = ApiProblem(401, "BAD_CREDENTIALS", "工号或密码错误")
        else:
            problem = _check_password(staff, body.password, now)
            if problem is None and staff.outlet_id != outlet.id:
                problem = ApiProblem(
                    403,
                    "STAFF_NOT_IN_OUTLET",
                    f"工号 {staff.staff_no} 不属于本网点（{outlet.name}），"
                    "请使用本网点登记的账号登录",
                )
            if problem is None:
                grant = _open_session(db, staff, outlet, body.device_id, now)
    if problem is not None:
        raise problem
    assert grant is not None
    return grant


def _check_password(staff: StaffRow, password: str, now: datetime) -> ApiProblem | None:
    if staff.locked_until is not None:
        if staff.locked_until > now:
            return ApiProblem(423, "ACCOUNT_LOCKED", _lock_message(staff.locked_until))
        staff.locked_until = None
        staff.failed_count = 0
    if verify_password(password, staff.password_hash):
        staff.failed_count = 0
        return None
    staff.failed_count += 1
    if staff.failed_count >= MAX_FAILED_LOGINS:
        staff.failed_count = 0
        staff.locked_until = now + LOCK_DURATION
        return ApiProblem(423, "ACCOUNT_LOCKED", _lock_message(staff.locked_until))
    left = MAX_FAILED_LOGINS - staff.failed_count
    return ApiProblem(401, "BAD_CREDENTIALS", f"工号或密码错误，还可尝试 {left} 次")


def _lock_message(until: datetime) -> str:
    local = until.astimezone(SHANGHAI)
    if local.second or local.microsecond:  # name a minute by which the lock has surely ended
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return f"账户已锁定，请于 {local:%H:%M} 后重试（连续 {MAX_FAILED_LOGINS} 次密码错误）"


def _open_session(
    db: Session, staff: StaffRow, outlet: OutletRow, device_id: str, now: datetime
) -> SessionGrant:
    # One live session per account: the new login ends the others.
    db.execute(
        update(SessionRow)
        .where(SessionRow.staff_id == staff.id)
        .where(SessionRow.ended_at.is_(None))
        .where(SessionRow.expires_at > now)
        .values(ended_at=now, ended_reason="replaced")
    )
    token = secrets.token_urlsafe(32)
    expires = now + SESSION_LIFETIME
    db.add(
        SessionRow(
            token_hash=token_digest(token),
            staff_id=staff.id,
            outlet_id=outlet.id,
            device_id=device_id,
            created_at=now,
            expires_at=expires,
            ended_at=None,
            ended_reason=None,
        )
    )
    return SessionGrant(
        access_token=token,
        expires_at=expires,
        staff=Staff(
            staff_no=staff.staff_no,
            name=staff.name,
            roles=[Role(r) for r in staff.roles],
            post=Post(staff.post) if staff.post else None,
        ),
        outlet=outlet_model(outlet),
    )


@router.get(
    "/v1/sessions/current",
    response_model=SessionInfo,
    operation_id="getCurrentSession",
    tags=["sessions"],
    summary="当前会话（心跳；被其他终端顶替时返回 SESSION_REPLACED）",
    responses=responses(401),
)
def current_session(auth: Auth, platform: PlatformDep) -> SessionInfo:
    return SessionInfo(
        staff_no=auth.staff_no, expires_at=auth.expires_at, server_time=platform.now()
    )


@router.delete(
    "/v1/sessions/current",
    status_code=204,
    operation_id="deleteCurrentSession",
    response_class=Response,
    tags=["sessions"],
    summary="退出登录",
    responses=responses(401),
)
def logout(auth: Auth, platform: PlatformDep) -> Response:
    with Session(platform.engine) as db, db.begin():
        db.execute(
            update(SessionRow)
            .where(SessionRow.id == auth.session_id)
            .values(ended_at=platform.now(), ended_reason="logout")
        )
    return Response(status_code=204)


# --- catalogue ----------------------------------------------------------------------------


@router.get(
    "/v1/catalogue",
    response_model=Catalogue,
    operation_id="getCatalogue",
    tags=["catalogue"],
    summary="本网点类别可办、今日有效的事项目录（强 ETag；If-None-Match 相同时返回 304）",
    description=(
        "请求头带 Accept-Encoding: gzip 时以 gzip 压缩返回（Content-Encoding: gzip），"
        "ETag 不因压缩而变。"
    ),
    responses={
        **responses(401, 422),
        304: {"description": "目录未变化（与 If-None-Match 中的 ETag 相同），无响应体"},
    },
)
def catalogue(
    auth: Auth,
    platform: PlatformDep,
    request: Request,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    outlet = auth.outlet
    place = f"{outlet.name}（{outlet.window}号窗口）" if outlet.window else outlet.name
    complaint = "12345 政务服务便民热线"
    if outlet.supervision_phone:
        complaint += f" / 监督电话 {outlet.supervision_phone}"
    bodies: CatalogueBodies = request.app.state.catalogue_bodies
    with Session(platform.engine) as db:
        version = db.scalar(
            select(CatalogueVersionRow.version).order_by(CatalogueVersionRow.version.desc())
        )
        # Built once per version (and outlet category, day, place): the same bytes for all.
        body = bodies.body(
            db,
            version or 0,
            category=outlet.category,
            today=platform.today(),
            place=place,
            complaint=complaint,
        )
    headers = {"ETag": body.etag, "Cache-Control": "private, no-cache", "Vary": "Accept-Encoding"}
    if _etag_matches(if_none_match, body.etag):
        return Response(status_code=304, headers=headers)
    if accepts_gzip(request.headers.get("accept-encoding")):
        headers["Content-Encoding"] = "gzip"
        return Response(content=body.gzipped(), media_type="application/json", headers=headers)
    return Response(content=body.content, media_type="application/json", headers=headers)


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    for candidate in header.split(","):
        value = candidate.strip()
        if value == "*" or value.removeprefix("W/") == etag:
            return True
    return False


# --- persons -------------------------------------------------------------------------------


def _record_lookup(
    platform: Platform, auth: AuthContext, id_number: str, reason: str, outcome: str
) -> None:
    with Session(platform.engine) as db, db.begin():
        db.add(
            LookupRow(
                at=platform.now(),
                staff_id=auth.staff_id,
                session_id=auth.session_id,
                id_number=id_number[:32],
                reason=reason[:100],
                outcome=outcome,
            )
        )


def clerk_for_lookup(id_number: str, auth: Auth, platform: PlatformDep) -> AuthContext:
    """Only clerks may look people up; a refused attempt is audited too."""
    if not auth.has(Role.CLERK):
        _record_lookup(platform, auth, id_number, "", "forbidden")
        raise ApiProblem(403, "FORBIDDEN_ROLE", "只有经办人员可以查询参保信息")
    return auth


@router.get(
    "/v1/persons/{id_number}",
    response_model=PersonSummary,
    operation_id="getPerson",
    tags=["persons"],
    summary="参保人员概要（须经办人员会话并填写查询事由；每次查询均记录审计）",
    responses=responses(401, 403, 404, 422),
)
def person(
    id_number: str,
    reason: Annotated[
        str,
        Query(min_length=2, max_length=100, description="查询事由（2–100 个字，记入审计）"),
    ],
    auth: Annotated[AuthContext, Depends(clerk_for_lookup)],
    platform: PlatformDep,
) -> PersonSummary:
    reason = reason.strip()
    if len(reason) < 2:
        raise ApiProblem(422, "REASON_REQUIRED", REASON_MESSAGE)
    number = parse_id_number(id_number, today=platform.today())
    if number is None:
        _record_lookup(platform, auth, id_number, reason, "invalid_id")
        raise ApiProblem(
            422,
            "INVALID_ID",
            "证件号码不正确：应为 18 位公民身份号码，出生日期和末位校验码须有效",
        )
    with Session(platform.engine) as db:
        row = db.get(PersonRow, number)
        summary = _summary(row) if row is not None else None
    _record_lookup(platform, auth, number, reason, "found" if summary else "not_found")
    if summary is None:
        raise ApiProblem(404, "PERSON_NOT_FOUND", "未查询到该人员的参保信息")
    return summary


def _summary(row: PersonRow) -> PersonSummary:
    return PersonSummary(
        id_number=row.id_number,
        masked_name=mask_name(row.name),
        sex="男" if row.sex == "男" else "女",
        birth_date=row.birth_date,
        insurances=[Insurance.model_validate(i) for i in row.insurances],
        card_status=CardStatus(row.card_status),
        card_no_masked=mask_card_no(row.card_no),
        mobile_masked=mask_mobile(row.mobile),
    )


# --- the app -------------------------------------------------------------------------------


def create_app(
    engine_or_url: Engine | str,
    *,
    clock: Clock = utc_now,
    prepare: bool = True,
) -> FastAPI:
    """The training platform app on `engine_or_url` (an Engine or a database URL).

    `clock` returns aware UTC datetimes (tests pass a controllable one). With `prepare`
    (the default) the tables are created and the seed data added when missing;
    the OpenAPI generator passes False since it never touches the database.
    """
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    if prepare:
        init_db(engine)
        seed_database(engine, now=clock())
    app = FastAPI(
        title="社银通 社保经办平台接口（bureau API）",
        version=API_VERSION,
        description=(
            "社银合作网点客户端与人社经办平台之间的接口，JSON over HTTPS。"
            "错误一律以 {code, message} 返回，message 为可直接展示给经办人员的中文。"
            "社银通培训平台实现同一契约。"
        ),
        openapi_url=f"/{API_VERSION}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.platform = Platform(engine=engine, clock=clock)
    app.state.engine = engine
    app.state.catalogue_bodies = CatalogueBodies()
    install_error_handlers(app)
    app.include_router(router)
    app.include_router(catalogue_admin.router)
    app.include_router(ecard.router)
    app.include_router(cases_router)
    app.include_router(supervision.router)
    install_faults(app, engine)
    return app
