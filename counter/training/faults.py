"""Fault injection for the training platform: slow answers, errors, lost answers, outages.

Trainers (and the client's fault suites) switch faults on to see the counter cope with a
real bureau's bad days. A `FaultPlan` says what to do to matching requests:

* `latency_ms` (and `latency_max_ms` for a random range): wait before handling;
* `error_rate`: answer `error_status` (5xx, contract JSON) *without* handling;
* `drop_rate`: handle the request (the case IS stored) and then cut the connection
  without answering (TCP reset): the client sees a transport error, an ambiguous outcome;
* `outage`: `unavailable` answers 503 at once, `hang` holds the request without answering
  until the client gives up (or the plan changes, or `hang_max_s`), `reset` cuts the
  connection without handling.

`paths` (prefixes) and `methods` narrow the plan; `times` ends it after that many matching
requests; `seed` makes the random draws repeatable. Health (`/v1/health`) and the
training administration (`/v1/training/...`, this switch included) are never faulted.

Python API: `app.state.faults` (or `injector_for(server.engine)`) is the `FaultInjector`;
`.set(plan)`, `.clear()`, `.plan`, `.stats`. HTTP: `POST /v1/training/faults` (a
supervisor's session) with a plan, `GET` to read it with the statistics, `DELETE` to end it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import socket
import struct
import threading
import time
import weakref
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counter.bureau.models import Role
from counter.training.deps import Auth
from counter.training.errors import ApiProblem, responses

log = logging.getLogger(__name__)

EXEMPT_PREFIXES = ("/v1/health", "/v1/training/")
HANG_POLL_S = 0.05


class Outage(StrEnum):
    NONE = "none"
    UNAVAILABLE = "unavailable"  # 503 at once
    HANG = "hang"  # no answer until the client gives up
    RESET = "reset"  # connection cut, request not handled


class FaultPlan(BaseModel):
    """What to do to matching requests (all off by default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    latency_ms: Annotated[int, Field(ge=0, le=600_000)] = 0
    latency_max_ms: Annotated[int | None, Field(ge=0, le=600_000)] = None
    error_rate: Annotated[float, Field(ge=0, le=1)] = 0.0
    error_status: Annotated[int, Field(ge=500, le=599)] = 503
    drop_rate: Annotated[float, Field(ge=0, le=1)] = 0.0
    outage: Outage = Outage.NONE
    hang_max_s: Annotated[float, Field(gt=0, le=3600)] = 300.0
    paths: list[str] = Field(default_factory=list)  # path prefixes; empty: every path
    methods: list[str] = Field(default_factory=list)  # e.g. ["POST"]; empty: every method
    times: Annotated[int | None, Field(ge=1)] = None  # fault this many requests, then stop
    seed: int | None = None

    @model_validator(mode="after")
    def _range_in_order(self) -> FaultPlan:
        if self.latency_max_ms is not None and self.latency_max_ms < self.latency_ms:
            raise ValueError("latency_max_ms must not be below latency_ms")
        return self

    def matches(self, method: str, path: str) -> bool:
        if self.methods and method.upper() not in {m.upper() for m in self.methods}:
            return False
        return not self.paths or any(path.startswith(prefix) for prefix in self.paths)


class FaultStats(BaseModel):
    """How many requests got which fault since the injector was made."""

    matched: int = 0
    delayed: int = 0
    errors: int = 0
    dropped: int = 0
    unavailable: int = 0
    hung: int = 0
    reset: int = 0


class FaultState(BaseModel):
    plan: FaultPlan | None
    remaining: int | None
    stats: FaultStats


@dataclass(frozen=True)
class Decision:
    """The faults one request gets."""

    latency_s: float = 0.0
    error_status: int | None = None
    drop: bool = False
    outage: Outage = Outage.NONE
    hang_max_s: float = 0.0
    generation: int = 0


@dataclass
class FaultInjector:
    """The current plan, shared by the server's event loop and any thread (tests, routes)."""

    _plan: FaultPlan | None = None
    _remaining: int | None = None
    _generation: int = 0
    _rng: random.Random = field(default_factory=random.Random)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    stats: FaultStats = field(default_factory=FaultStats)

    @property
    def plan(self) -> FaultPlan | None:
        return self._plan

    @property
    def generation(self) -> int:
        return self._generation

    def set(self, plan: FaultPlan) -> None:
        with self._lock:
            self._plan = plan
            self._remaining = plan.times
            self._rng = random.Random(plan.seed)
            self._generation += 1
        log.warning("training faults on: %s", plan.model_dump(exclude_defaults=True))

    def clear(self) -> None:
        with self._lock:
            had = self._plan is not None
            self._plan = None
            self._remaining = None
            self._generation += 1
        if had:
            log.warning("training faults off")

    def state(self) -> FaultState:
        with self._lock:
            return FaultState(
                plan=self._plan, remaining=self._remaining, stats=self.stats.model_copy()
            )

    def decide(self, method: str, path: str) -> Decision | None:
        """The faults for this request, or None (counted, and `times` used up, here)."""
        if path.startswith(EXEMPT_PREFIXES):
            return None
        with self._lock:
            plan = self._plan
            if plan is None or not plan.matches(method, path):
                return None
            if self._remaining is not None:
                self._remaining -= 1
                if self._remaining <= 0:
                    self._plan, self._remaining = None, None
            rng = self._rng
            latency_ms = float(plan.latency_ms)
            if plan.latency_max_ms is not None:
                latency_ms = rng.uniform(plan.latency_ms, plan.latency_max_ms)
            error = plan.error_rate > 0 and rng.random() < plan.error_rate
            drop = plan.drop_rate > 0 and rng.random() < plan.drop_rate
            decision = Decision(
                latency_s=latency_ms / 1000,
                error_status=plan.error_status if error else None,
                drop=drop and not error,
                outage=plan.outage,
                hang_max_s=plan.hang_max_s,
                generation=self._generation,
            )
            self._count(decision)
        return decision

    def _count(self, decision: Decision) -> None:
        stats = self.stats
        stats.matched += 1
        if decision.outage is not Outage.NONE:
            attribute = {
                Outage.UNAVAILABLE: "unavailable",
                Outage.HANG: "hung",
                Outage.RESET: "reset",
            }[decision.outage]
            setattr(stats, attribute, getattr(stats, attribute) + 1)
            return
        stats.delayed += decision.latency_s > 0
        stats.errors += decision.error_status is not None
        stats.dropped += decision.drop


# --- the middleware ------------------------------------------------------------------------


class FaultMiddleware:
    """Pure ASGI middleware: applies the injector's decision to each HTTP request."""

    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        decision = None
        if scope["type"] == "http":
            method, path = str(scope.get("method", "")), str(scope.get("path", ""))
            decision = self.injector.decide(method, path)
        if decision is None:
            await self.app(scope, receive, send)
        elif decision.outage is not Outage.NONE:
            await self._outage(decision, receive, send)
        else:
            await self._faulty(decision, scope, receive, send)

    async def _outage(self, decision: Decision, receive: Receive, send: Send) -> None:
        if decision.outage is Outage.UNAVAILABLE:
            await _error(send, 503, "PLATFORM_UNAVAILABLE", "人社平台暂停服务，请稍后重试")
            return
        if decision.outage is Outage.HANG:
            await self._hang(decision, receive)
        await _sever(receive, send)

    async def _faulty(self, decision: Decision, scope: Scope, receive: Receive, send: Send) -> None:
        if decision.latency_s > 0:
            await asyncio.sleep(decision.latency_s)
        if decision.error_status is not None:
            status = decision.error_status
            message = f"人社平台暂时无法处理请求（HTTP {status}），请稍后重试"
            await _error(send, status, "PLATFORM_ERROR", message)
        elif decision.drop:
            await self.app(scope, receive, _swallow)  # handled, the case is stored...
            await _sever(receive, send)  # ...and the answer never arrives
        else:
            await self.app(scope, receive, send)

    async def _hang(self, decision: Decision, receive: Receive) -> None:
        """Wait until the client leaves, the plan changes, the server stops or `hang_max_s`."""
        cycle = getattr(receive, "__self__", None)
        kept_alive = getattr(cycle, "keep_alive", False)  # uvicorn clears it on shutdown
        deadline = time.monotonic() + decision.hang_max_s
        while time.monotonic() < deadline:
            if getattr(cycle, "disconnected", False):
                return
            if kept_alive and not getattr(cycle, "keep_alive", True):
                return
            if self.injector.generation != decision.generation:
                return
            await asyncio.sleep(HANG_POLL_S)


async def _swallow(_message: Message) -> None:
    return None


async def _error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"code": code, "message": message}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"retry-after", b"1"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _sever(receive: Receive, send: Send) -> None:
    """Cut the connection with a TCP reset, sending nothing.

    uvicorn's `receive` is a method of its request cycle, which holds the transport; the
    socket gets SO_LINGER 0 so closing it sends RST (the client sees "connection reset").
    Elsewhere (another server) the answer is cut short after its head instead.
    """
    cycle = getattr(receive, "__self__", None)
    transport: Any = getattr(cycle, "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", b"1000")],
            }
        )
        return
    if not transport.is_closing():  # the client may have gone already (hang, time-out)
        with contextlib.suppress(OSError, AttributeError):
            raw = transport.get_extra_info("socket")
            if raw is not None:
                raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    # Return only once uvicorn has seen the connection go, or it would answer 500 on it.
    for _ in range(200):
        if getattr(cycle, "disconnected", True):
            return
        await asyncio.sleep(0.005)


# --- routes and installation ---------------------------------------------------------------

router = APIRouter()
_injectors: weakref.WeakKeyDictionary[Engine, FaultInjector] = weakref.WeakKeyDictionary()


def injector_of(request: Request) -> FaultInjector:
    injector = getattr(request.app.state, "faults", None)
    if not isinstance(injector, FaultInjector):  # pragma: no cover - install() not called
        raise ApiProblem(404, "NOT_FOUND", "请求的接口不存在")
    return injector


def _supervisor(auth: Auth) -> None:
    if not auth.has(Role.SUPERVISOR):
        raise ApiProblem(403, "FORBIDDEN_ROLE", "只有网点主管可以设置培训故障演练")


@router.get(
    "/v1/training/faults",
    response_model=FaultState,
    operation_id="getTrainingFaults",
    tags=["training"],
    summary="培训故障演练：当前设置和统计（培训平台专有）",
    responses=responses(401, 403),
)
def get_faults(auth: Auth, request: Request) -> FaultState:
    _supervisor(auth)
    return injector_of(request).state()


@router.post(
    "/v1/training/faults",
    response_model=FaultState,
    operation_id="setTrainingFaults",
    tags=["training"],
    summary="培训故障演练：设置延迟、错误率、应答丢失（已处理后断开）、平台停机（培训平台专有）",
    responses=responses(401, 403, 422),
)
def set_faults(plan: FaultPlan, auth: Auth, request: Request) -> FaultState:
    _supervisor(auth)
    injector = injector_of(request)
    injector.set(plan)
    return injector.state()


@router.delete(
    "/v1/training/faults",
    status_code=204,
    response_class=Response,
    operation_id="clearTrainingFaults",
    tags=["training"],
    summary="培训故障演练：恢复正常（培训平台专有）",
    responses=responses(401, 403),
)
def clear_faults(auth: Auth, request: Request) -> Response:
    _supervisor(auth)
    injector_of(request).clear()
    return Response(status_code=204)


def install(app: FastAPI, engine: Engine | None = None) -> FaultInjector:
    """Add the fault middleware and routes to `app`; returns its injector."""
    injector = FaultInjector()
    app.state.faults = injector
    if engine is not None:
        _injectors[engine] = injector
    app.add_middleware(FaultMiddleware, injector=injector)
    app.include_router(router)
    return injector


def injector_for(engine: Engine) -> FaultInjector:
    """The injector of the app serving `engine` (e.g. `injector_for(server.engine)`)."""
    return _injectors[engine]
