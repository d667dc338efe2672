"""The bank's hall queue system over JSON/HTTP (`caller.kind = http`; docs/caller-api.md).

Implements `counter.hall_sync.HallCallerPort` with an httpx AsyncClient. Every failure is a
`CallerError` with a Chinese message: `CallerUnavailable` when there was no usable answer
(refused, timed out, reset, 5xx, a key still in progress — retry with the same key),
`CallerRejected` for a 4xx (retrying would not help). Retries are the caller's job
(`HallSync`); this client makes exactly one attempt per call.
"""

from __future__ import annotations

import json
import logging
import ssl
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from counter.hall_contract import (
    IDEMPOTENCY_HEADER,
    SERVICE,
    ApiError,
    CallIn,
    CallOut,
    CancelIn,
    ErrorCode,
    Health,
    TicketCreated,
    TicketIn,
    TicketList,
    TicketOut,
    TransferIn,
)
from counter.hall_sync import CallerError, CallerRejected, CallerUnavailable, HallWaiting
from counter.queue.model import Ticket

log = logging.getLogger("drivers.caller.http")
M = TypeVar("M", bound=BaseModel)

_RETRYABLE_CONFLICTS = {ErrorCode.IDEMPOTENCY_IN_PROGRESS.value}


class HttpCaller:
    """`HallCallerPort` over HTTP. `base_url` e.g. ``http://10.1.2.3:8080/api/v1``."""

    def __init__(
        self,
        base_url: str,
        *,
        service: str = SERVICE,
        connect_timeout_s: float = 2.0,
        read_timeout_s: float = 5.0,
        verify: ssl.SSLContext | bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise CallerError(
                f"叫号系统地址“{base_url}”应以 http:// 或 https:// 开头", code="bad_url"
            )
        self.base_url = base_url.rstrip("/")
        self.service = service
        timeout = httpx.Timeout(read_timeout_s, connect=connect_timeout_s)
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=timeout,
            verify=verify,
            transport=transport,
            headers={"Accept": "application/json"},
            trust_env=False,  # a proxy from the environment must not sit between us and the hall
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    # -- HallCallerPort ----------------------------------------------------------------

    async def issue(self, ticket: Ticket, *, key: str) -> int:
        body = _body(
            TicketIn,
            number=ticket.number,
            service=self.service,
            item=ticket.item_name,
            priority=ticket.priority.value,
            issued_at=ticket.issued_at,
            business_day=ticket.business_day,
            window=ticket.target_window,
        )
        created = await self._post("/tickets", body, key, TicketCreated)
        return created.waiting_ahead

    async def call(self, number: str, window: int, *, recall: bool, key: str) -> None:
        body = _body(CallIn, number=number, recall=recall)
        await self._post(f"/windows/{window}/calls", body, key, CallOut)

    async def no_show(self, number: str, *, key: str) -> None:
        await self._action(number, "no-show", None, key)

    async def transfer(
        self, number: str, *, to_window: int | None, to_service: str | None, key: str
    ) -> None:
        await self._action(
            number, "transfer", _body(TransferIn, to_window=to_window, to_service=to_service), key
        )

    async def complete(self, number: str, *, key: str) -> None:
        await self._action(number, "complete", None, key)

    async def cancel(self, number: str, *, reason: str, key: str) -> None:
        await self._action(number, "cancel", _body(CancelIn, reason=reason), key)

    async def requeue(self, number: str, *, key: str) -> None:
        await self._action(number, "requeue", None, key)

    async def list_waiting(self) -> list[HallWaiting]:
        params = {"state": "waiting", "service": self.service}
        answer = await self._request("GET", "/tickets", params=params)
        listing = self._parse(answer, TicketList)
        return [HallWaiting(t.number, t.service, t.window) for t in listing.tickets]

    async def health(self) -> Health:
        """`GET /health` (for `counter doctor`)."""
        return self._parse(await self._request("GET", "/health"), Health)

    # -- plumbing ----------------------------------------------------------------------

    async def _action(self, number: str, action: str, body: BaseModel | None, key: str) -> None:
        path = f"/tickets/{quote(number, safe='')}/{action}"
        await self._post(path, body, key, TicketOut)

    async def _post(self, path: str, body: BaseModel | None, key: str, model: type[M]) -> M:
        content = body.model_dump_json().encode() if body is not None else b"{}"
        answer = await self._request(
            "POST",
            path,
            content=content,
            headers={IDEMPOTENCY_HEADER: key, "Content-Type": "application/json"},
        )
        return self._parse(answer, model)

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            answer = await self._client.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise CallerUnavailable(
                f"叫号系统响应超时（{self.base_url}），稍后自动重试", code="timeout"
            ) from exc
        except httpx.ConnectError as exc:
            raise CallerUnavailable(
                f"无法连接叫号系统（{self.base_url}），稍后自动重试", code="connect"
            ) from exc
        except httpx.TransportError as exc:  # reset, closed without an answer, protocol
            raise CallerUnavailable(
                "与叫号系统的连接中断，结果未知，稍后用同一请求号重试", code="transport"
            ) from exc
        if answer.status_code < 400:
            return answer
        raise self._error(answer)

    def _error(self, answer: httpx.Response) -> CallerError:
        status = answer.status_code
        code, message = "http_error", ""
        try:
            problem = ApiError.model_validate_json(answer.content)
            code, message = problem.code, problem.message
        except ValidationError:
            pass
        if status >= 500 or status == 429 or code in _RETRYABLE_CONFLICTS:
            text = message or f"叫号系统暂不可用（HTTP {status}），稍后自动重试"
            return CallerUnavailable(text, code=code, status=status)
        log.warning("hall caller refused: %s %s", status, code)
        return CallerRejected(
            message or f"叫号系统拒绝了请求（HTTP {status}）", code=code, status=status
        )

    @staticmethod
    def _parse(answer: httpx.Response, model: type[M]) -> M:
        try:
            return model.model_validate_json(answer.content)
        except (ValidationError, json.JSONDecodeError) as exc:
            raise CallerRejected(
                "叫号系统返回的数据不符合接口约定",
                code="invalid_response",
                status=answer.status_code,
            ) from exc


def _body(model: type[M], **fields: object) -> M:
    """A request body; what does not fit the contract is refused here, before sending."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or model.__name__
        raise CallerRejected(
            f"发往叫号系统的内容无效：{where}（{first['msg']}）", code="invalid_request"
        ) from exc
