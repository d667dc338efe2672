"""Error answers of the training platform: always `ApiError` JSON with a Chinese message.

Routes raise `ApiProblem`; FastAPI's own request-validation and HTTP errors are turned
into the same `{code, message}` shape, so a client never sees another error format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from counter.bureau.models import ApiError

REASON_MESSAGE = "请填写查询事由（2–100 个字），平台将记录本次查询"


class ApiProblem(Exception):
    """An error answer: HTTP status plus the contract's `{code, message}`."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def unauthenticated(code: str, message: str) -> ApiProblem:
    return ApiProblem(401, code, message, {"WWW-Authenticate": "Bearer"})


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = ApiError(code=code, message=message).model_dump()
    return JSONResponse(status_code=status, content=body, headers=headers)


_HTTP_MESSAGES = {
    404: ("NOT_FOUND", "请求的接口不存在"),
    405: ("METHOD_NOT_ALLOWED", "接口不支持该请求方式"),
}

_FIELD_LABELS = {
    "staff_no": "工号",
    "password": "密码",
    "outlet_code": "网点代码",
    "device_id": "设备编号",
    "reason": "查询事由",
}


def validation_message(errors: list[Any]) -> str:
    """A Chinese summary of pydantic/FastAPI validation errors (at most three)."""
    details: list[str] = []
    for error in errors[:3]:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query")]
        field = ".".join(loc)
        label = _FIELD_LABELS.get(field, field)
        kind = str(error.get("type", ""))
        if kind == "json_invalid":
            details.append("请求内容不是有效的 JSON")
        elif kind in ("model_attributes_type", "dict_type") and not label:
            details.append("请求内容应为 JSON 对象")
        elif kind == "missing":
            details.append(f"缺少{label}" if label else "缺少请求内容")
        elif kind in ("string_too_short", "too_short"):
            details.append(f"{label}不能为空或过短")
        elif kind in ("string_too_long", "too_long"):
            details.append(f"{label}过长")
        else:
            details.append(f"{label}格式不正确" if label else "请求内容格式不正确")
    return "请求内容不符合接口要求：" + "；".join(details or ["格式不正确"])


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiProblem)
    async def api_problem(_request: Request, exc: ApiProblem) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if any(tuple(e.get("loc", ()))[:2] == ("query", "reason") for e in errors):
            return error_response(422, "REASON_REQUIRED", REASON_MESSAGE)
        return error_response(422, "INVALID_REQUEST", validation_message(errors))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_MESSAGES.get(
            exc.status_code,
            (f"HTTP_{exc.status_code}", f"请求未能处理（HTTP {exc.status_code}）"),
        )
        return error_response(exc.status_code, code, message, exc.headers)

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, _exc: Exception) -> JSONResponse:
        return error_response(500, "INTERNAL_ERROR", "培训平台内部错误，请稍后重试")


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the error statuses a route may answer with."""
    descriptions = {
        401: "未登录、登录已过期或已在其他终端登录（UNAUTHENTICATED / SESSION_EXPIRED / "
        "SESSION_REPLACED / BAD_CREDENTIALS）",
        403: "无权操作（FORBIDDEN_ROLE / OUTLET_UNKNOWN / STAFF_NOT_IN_OUTLET）",
        404: "未找到（PERSON_NOT_FOUND）",
        422: "请求不符合要求（INVALID_REQUEST / REASON_REQUIRED / INVALID_ID）",
        423: "账户已锁定（ACCOUNT_LOCKED）",
    }
    return {s: {"model": ApiError, "description": descriptions[s]} for s in statuses}
