"""The HTTPS client of the bureau platform (DESIGN §3.3).

TLS trusts only the configured private CA (never the system store), with an optional device
client certificate. Every answer is validated with the contract models; a payload that does
not validate raises `BureauInvalidResponse` and the caller keeps its previous good data.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from counter.bureau.cases import CaseList, ReviewApproval, ReviewRequest
from counter.bureau.connection import ConnectionMonitor

# The errors live apart so modules that only catch them (the session, the UI) need not
# import httpx before the login window shows; re-exported here, where callers look.
from counter.bureau.errors import BureauCertificateError as BureauCertificateError  # noqa: PLC0414
from counter.bureau.errors import BureauError as BureauError  # noqa: PLC0414
from counter.bureau.errors import BureauInvalidResponse as BureauInvalidResponse  # noqa: PLC0414
from counter.bureau.errors import BureauUnreachable as BureauUnreachable  # noqa: PLC0414
from counter.bureau.errors import SessionEnded as SessionEnded  # noqa: PLC0414
from counter.bureau.models import (
    ApiError,
    Catalogue,
    EcardIdentity,
    EcardVerifyRequest,
    Health,
    PersonSummary,
    SessionGrant,
    SessionInfo,
    SessionRequest,
)

log = logging.getLogger("counter.bureau")
M = TypeVar("M", bound=BaseModel)

SESSION_ENDED_CODES = {"SESSION_REPLACED", "SESSION_EXPIRED", "UNAUTHENTICATED"}


def build_ssl_context(
    ca_file: Path,
    client_cert: Path | None = None,
    client_key: Path | None = None,
    key_passphrase: str | None = None,
) -> ssl.SSLContext:
    """A context that trusts only `ca_file`; hostname checking and verification always on."""
    if not ca_file.is_file():
        raise BureauCertificateError(f"找不到人社平台 CA 证书文件：{ca_file}", code="CA_MISSING")
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca_file))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if client_cert is not None:
        try:
            context.load_cert_chain(
                str(client_cert),
                str(client_key) if client_key else None,
                password=key_passphrase,
            )
        except (OSError, ssl.SSLError) as exc:
            raise BureauCertificateError(
                f"无法加载本机设备证书 {client_cert}：{exc}", code="CLIENT_CERT"
            ) from exc
    return context


def _certificate_problem(exc: BaseException) -> str | None:
    """Find a certificate verification failure anywhere in the exception chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            reason = (seen.verify_message or str(seen)).lower()
            if "expired" in reason:
                return "平台证书已过期，拒绝连接。请联系人社平台或网点科技人员。"
            if "hostname" in reason or "ip address mismatch" in reason:
                return "平台证书与访问地址不符，拒绝连接（可能被仿冒）。"
            if "self" in reason or "issuer" in reason:
                return "平台证书不是由受信任的人社专网 CA 签发，拒绝连接（可能被仿冒）。"
            return f"平台证书校验失败，拒绝连接：{seen.verify_message or seen}"
        if isinstance(seen, ssl.SSLError):
            return f"与平台的加密连接失败：{seen.reason or seen}"
        seen = seen.__cause__ or seen.__context__
    return None


@dataclass(frozen=True)
class CatalogueAnswer:
    """`None` catalogue means 304: the cached one is still current."""

    catalogue: Catalogue | None
    etag: str | None
    raw: bytes


class BureauClient:
    def __init__(
        self,
        base_url: str,
        ssl_context: ssl.SSLContext,
        *,
        monitor: ConnectionMonitor | None = None,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 20.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not base_url.lower().startswith("https://"):
            # The config refuses it too; the client never sends a password in clear text.
            raise BureauCertificateError(
                f"人社平台地址必须以 https:// 开头（连接必须加密）：{base_url}", code="PLAIN_HTTP"
            )
        self.monitor = monitor or ConnectionMonitor()
        self.token: str | None = None
        self._http = httpx.AsyncClient(
            base_url=base_url,
            verify=ssl_context,
            timeout=httpx.Timeout(read_timeout_s, connect=connect_timeout_s),
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "shebaotong-counter"},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- plumbing ----------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
    ) -> httpx.Response:
        all_headers = dict(headers or {})
        if auth and self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        started = time.monotonic()
        try:
            response = await self._http.request(
                method, path, json=json, params=params, headers=all_headers
            )
        except httpx.TransportError as exc:
            problem = _certificate_problem(exc)
            if problem is not None:
                self.monitor.failed(problem)
                raise BureauCertificateError(problem, code="TLS") from exc
            message = _transport_message(exc)
            self.monitor.failed(message)
            raise BureauUnreachable(message, code="UNREACHABLE") from exc
        self.monitor.answered(time.monotonic() - started, response.status_code)
        if response.status_code >= 400:
            raise self._error_from(response)
        return response

    def _error_from(self, response: httpx.Response) -> BureauError:
        try:
            error = ApiError.model_validate_json(response.content)
        except ValidationError:
            return BureauError(
                f"平台返回错误（HTTP {response.status_code}），请稍后重试。",
                code=f"HTTP_{response.status_code}",
                status=response.status_code,
            )
        # An empty message would leave the clerk with a blank error: say what we know.
        message = error.message.strip() or (
            f"平台返回错误（HTTP {response.status_code}，{error.code or '无代码'}），请稍后重试。"
        )
        if response.status_code == 401 and error.code in SESSION_ENDED_CODES:
            return SessionEnded(message, code=error.code, status=401)
        return BureauError(message, code=error.code, status=response.status_code)

    @staticmethod
    def _parse(model: type[M], response: httpx.Response) -> M:
        return BureauClient._parse_body(
            model, model.model_validate_json, response.content, response.status_code
        )

    @staticmethod
    def _parse_body(model: type[M], parse: Callable[[bytes], M], content: bytes, status: int) -> M:
        try:
            return parse(content)
        except ValidationError as exc:
            # Log the shape of the problem only: payloads may hold personal data.
            fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})[:5]
            log.warning("invalid %s from platform: fields %s", model.__name__, fields)
            raise BureauInvalidResponse(
                "平台返回的数据格式不正确，已忽略本次结果，继续使用原有数据。",
                code="INVALID_RESPONSE",
                status=status,
            ) from exc
        except ValueError as exc:  # a parser's own JSON error: the body is not JSON
            log.warning("invalid %s from platform: not JSON", model.__name__)
            raise BureauInvalidResponse(
                "平台返回的数据格式不正确，已忽略本次结果，继续使用原有数据。",
                code="INVALID_RESPONSE",
                status=status,
            ) from exc

    # --- API ---------------------------------------------------------------------

    async def health(self) -> Health:
        return self._parse(Health, await self._send("GET", "/v1/health", auth=False))

    async def login(self, request: SessionRequest) -> SessionGrant:
        response = await self._send(
            "POST", "/v1/sessions", json=request.model_dump(mode="json"), auth=False
        )
        grant = self._parse(SessionGrant, response)
        self.token = grant.access_token
        return grant

    async def logout(self) -> None:
        try:
            if self.token:
                await self._send("DELETE", "/v1/sessions/current")
        finally:
            self.token = None

    async def current_session(self) -> SessionInfo:
        return self._parse(SessionInfo, await self._send("GET", "/v1/sessions/current"))

    async def catalogue(
        self, etag: str | None = None, *, parse: Callable[[bytes], Catalogue] | None = None
    ) -> CatalogueAnswer:
        """The outlet's catalogue, or a 304 answer when *etag* is still current.

        Sent with ``Accept-Encoding: gzip`` (httpx's default; decoded transparently, and a
        platform that does not compress works the same). Thousands of items are validated
        in a worker thread — *parse* (default: the contract model), e.g. one that reuses
        items it validated before — never on the event loop (the UI).
        """
        headers = {"If-None-Match": etag} if etag else None
        response = await self._send("GET", "/v1/catalogue", headers=headers)
        if response.status_code == 304:
            return CatalogueAnswer(None, etag, b"")
        raw = response.content
        catalogue = await asyncio.to_thread(
            self._parse_body,
            Catalogue,
            parse or Catalogue.model_validate_json,
            raw,
            response.status_code,
        )
        return CatalogueAnswer(catalogue, response.headers.get("ETag"), raw)

    async def person(self, id_number: str, reason: str) -> PersonSummary:
        response = await self._send("GET", f"/v1/persons/{id_number}", params={"reason": reason})
        return self._parse(PersonSummary, response)

    async def ecard_verify(self, qr: str) -> EcardIdentity:
        """Verify a scanned 电子社保卡 QR online. The token goes in the body (never in a URL,
        which servers log) and is not kept anywhere."""
        body = EcardVerifyRequest(qr=qr).model_dump(mode="json")
        response = await self._send("POST", "/v1/ecard/verify", json=body)
        return self._parse(EcardIdentity, response)

    # --- cases, reviews, outbox uploads (issue 5) ---------------------------------

    async def post_idempotent(self, path: str, body: Mapping[str, Any], key: str) -> Any:
        """POST an outbox message with its Idempotency-Key; the parsed JSON answer.

        Raises like every call: `BureauUnreachable` (outcome unknown: retry with the same
        key), `SessionEnded`, `BureauError` with `.status` (409 in progress, 422, ...).
        """
        response = await self._send("POST", path, json=body, headers={"Idempotency-Key": key})
        try:
            return response.json()
        except ValueError as exc:
            raise BureauInvalidResponse(
                "平台返回的数据格式不正确，已忽略本次结果。",
                code="INVALID_RESPONSE",
                status=response.status_code,
            ) from exc

    async def request_review(self, request: ReviewRequest) -> ReviewApproval:
        """A/B review: the reviewer's own credentials, checked by the platform (never kept)."""
        response = await self._send("POST", "/v1/reviews", json=request.model_dump(mode="json"))
        return self._parse(ReviewApproval, response)

    async def list_cases(self, day: date, outlet_code: str) -> CaseList:
        """The bureau's view of a day's cases at an outlet, for reconciliation."""
        params = {"date": day.isoformat(), "outlet": outlet_code}
        return self._parse(CaseList, await self._send("GET", "/v1/cases", params=params))


def _transport_message(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "人社平台响应超时，请检查专网（VPN）连接。"
    if isinstance(exc, httpx.ConnectError):
        return "无法连接人社平台，请检查专网（VPN）连接。"
    return "与人社平台的连接中断，请稍后重试。"
