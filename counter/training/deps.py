"""What every route of the training platform shares: its state, the clock and the caller.

Feature routers (one module each) depend on these, and `app.create_app` includes them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Annotated, Any, TypeVar, cast

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from counter.bureau.models import Outlet, Role
from counter.training.db import OutletRow, SessionRow, token_digest
from counter.training.errors import ApiProblem, unauthenticated

Clock = Callable[[], datetime]
T = TypeVar("T")


def _shanghai() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        return ZoneInfo("Asia/Shanghai")
    except (ImportError, ZoneInfoNotFoundError):  # Windows without the tzdata package
        return timezone(timedelta(hours=8), "CST")


SHANGHAI = _shanghai()


# --- per-app state -------------------------------------------------------------------------


@dataclass(frozen=True)
class Platform:
    """What the routes need: the database and the clock (a fake one in tests)."""

    engine: Engine
    clock: Clock

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """The bureau's calendar day (Asia/Shanghai)."""
        return self.clock().astimezone(SHANGHAI).date()


def get_platform(request: Request) -> Platform:
    return cast(Platform, request.app.state.platform)


PlatformDep = Annotated[Platform, Depends(get_platform)]


@dataclass(frozen=True)
class AuthContext:
    """The caller of a request, resolved from its bearer token."""

    session_id: int
    staff_id: int
    staff_no: str
    roles: frozenset[str]
    outlet: Outlet
    expires_at: datetime

    def has(self, role: Role) -> bool:
        return role.value in self.roles


_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="POST /v1/sessions 返回的 access_token",
)


def authenticated(
    platform: PlatformDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthContext:
    if credentials is None:
        raise unauthenticated("UNAUTHENTICATED", "未登录，请先登录")
    now = platform.now()
    with Session(platform.engine) as db:
        row = db.scalar(
            select(SessionRow)
            .where(SessionRow.token_hash == token_digest(credentials.credentials))
            # one query, not three: every request is authenticated (bench drain)
            .options(joinedload(SessionRow.staff), joinedload(SessionRow.outlet))
        )
        if row is None:
            raise unauthenticated("UNAUTHENTICATED", "登录凭证无效，请重新登录")
        if row.ended_reason == "replaced":
            raise unauthenticated("SESSION_REPLACED", "您的账号已在其他终端登录，本机已退出")
        if row.ended_at is not None:
            raise unauthenticated("UNAUTHENTICATED", "您已退出登录，请重新登录")
        if row.expires_at <= now:
            raise unauthenticated("SESSION_EXPIRED", "登录已超时，请重新登录")
        return AuthContext(
            session_id=row.id,
            staff_id=row.staff_id,
            staff_no=row.staff.staff_no,
            roles=frozenset(row.staff.roles),
            outlet=outlet_model(row.outlet),
            expires_at=row.expires_at,
        )


Auth = Annotated[AuthContext, Depends(authenticated)]


def outlet_model(row: OutletRow) -> Outlet:
    return Outlet(
        code=row.code,
        name=row.name,
        category=row.category,
        window=row.window,
        seal_no=row.seal_no,
        supervision_phone=row.supervision_phone,
    )


def payload_digest(payload: Any) -> str:
    """SHA-256 of the canonical JSON of a request body (idempotency: same key, same body)."""
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def require_role(auth: AuthContext, *roles: Role) -> None:
    if not any(auth.has(role) for role in roles):
        raise ApiProblem(403, "FORBIDDEN_ROLE", "当前账号没有办理此业务的权限")


def require_outlet(auth: AuthContext, outlet_code: str) -> None:
    if outlet_code != auth.outlet.code:
        raise ApiProblem(
            403,
            "OUTLET_MISMATCH",
            f"网点代码 {outlet_code} 与当前登录网点（{auth.outlet.code}）不一致",
        )


def store_once(store: Callable[[], T], busy: str = "该请求正在处理中，请稍后重试") -> T:
    """Run an idempotent *store*; a concurrent twin winning a unique constraint means: look
    again (the second run finds the twin's row and answers as a repeat)."""
    for _ in range(2):
        try:
            return store()
        except IntegrityError:
            continue
    raise ApiProblem(409, "IN_PROGRESS", busy, {"Retry-After": "1"})
