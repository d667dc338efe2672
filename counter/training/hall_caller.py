"""A simulated bank hall caller (叫号系统) speaking the `http` contract (docs/caller-api.md).

Training mode runs it on loopback so the hall sync path is the real one, and tests run the
HTTP client against it. It is a small HTTP/1.1 server on asyncio (not FastAPI) because its
faults must be exact: it can be slow, down (503 or connection refused) or apply a request
and then drop the connection before answering, on demand:

    hall = SimulatedHallCaller()
    url = hall.start_in_thread()          # e.g. http://127.0.0.1:50123
    hall.set_slow(2.0)                    # every request waits 2 s before it is processed
    hall.go_down("unavailable")           # 503 + Retry-After;  "refuse": nothing listens
    hall.drop_after_apply(1)              # the next write is applied, then the line drops
    hall.go_down("refuse", for_s=60)      # a one-minute outage that ends by itself
    hall.clear_faults()

A trainer can do the same over HTTP, without code: `POST /_training/faults` with
`{"slow_s": 3}`, `{"down": "unavailable", "down_for_s": 60}`, `{"down": "refuse",
"down_for_s": 60}`, `{"drop_after_apply": 1}` or `{}` (all off); `GET` shows the switch.
This path is never faulted itself and is not part of the hall contract.

Idempotency: the first answer to a key is stored and replayed for the same key and body;
the same key with another body is 422; a key still being processed is 409.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import socket
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from counter.hall_contract import (
    API_VERSION,
    IDEMPOTENCY_HEADER,
    CallIn,
    CallOut,
    CancelIn,
    EmptyIn,
    ErrorCode,
    HallOutcome,
    HallState,
    Health,
    TicketCreated,
    TicketIn,
    TicketList,
    TicketOut,
    TransferIn,
)

log = logging.getLogger("counter.training.hall_caller")

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")
READY_TIMEOUT = 10.0
MAX_BODY = 64 * 1024
FAULTS_PATH = "/_training/faults"
DownMode = Literal["unavailable", "refuse"]
M = TypeVar("M", bound=BaseModel)

_REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    503: "Service Unavailable",
}
_STATE_LABELS = {HallState.WAITING: "等候", HallState.CALLED: "已叫号", HallState.DONE: "已结束"}


class FaultsIn(BaseModel):
    """The trainer's switch: `POST /_training/faults` (all off = `{}`)."""

    model_config = ConfigDict(extra="forbid")

    slow_s: Annotated[float, Field(ge=0, le=120)] = 0.0
    down: Literal["unavailable", "refuse"] | None = None
    down_for_s: Annotated[float | None, Field(gt=0, le=3600)] = None
    drop_after_apply: Annotated[int, Field(ge=0, le=100)] = 0


class Problem(Exception):
    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message


@dataclass
class _Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class _Stored:
    fingerprint: str
    reply: _Reply | None  # None: still being processed


def _json(status: int, model: BaseModel, headers: dict[str, str] | None = None) -> _Reply:
    return _Reply(status, model.model_dump_json().encode(), headers or {})


def _error(status: int, code: ErrorCode, message: str) -> _Reply:
    body = json.dumps({"code": code.value, "message": message}, ensure_ascii=False)
    return _Reply(status, body.encode())


class SimulatedHallCaller:
    """The bank's hall queue system, simulated; see the module docstring."""

    def __init__(self, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._tickets: dict[str, TicketOut] = {}
        self._calls: list[CallOut] = []
        self._keys: dict[str, _Stored] = {}
        self._slow_s = 0.0
        self._down: DownMode | None = None
        self._drop_next = 0
        self.applied = 0  # writes that changed the state (a replay does not count)
        self.received = 0  # requests read, whatever became of them
        self.log: list[tuple[str, str, str]] = []  # (method, path, idempotency key)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._admin_tasks: set[asyncio.Task[None]] = set()
        self._host = "127.0.0.1"
        self._port = 0
        self._error: BaseException | None = None

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._thread is None:
            raise RuntimeError("模拟叫号系统尚未启动")
        return f"http://{self._host}:{self._port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start_in_thread(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on loopback in a daemon thread; returns the base URL."""
        if self.running:
            return self.base_url
        sock = self._bind(host, port)
        self._host, self._port = host, sock.getsockname()[1]
        ready = threading.Event()
        loop = asyncio.new_event_loop()
        self._loop = loop
        thread = threading.Thread(
            target=self._serve, args=(loop, sock, ready), name="hall-caller", daemon=True
        )
        self._thread = thread
        thread.start()
        if not ready.wait(READY_TIMEOUT) or self._server is None:
            self.stop()
            raise RuntimeError("模拟叫号系统启动失败") from self._error
        log.info("simulated hall caller on %s", self.base_url)
        return self.base_url

    @staticmethod
    def _bind(host: str, port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
        return sock

    def _serve(
        self, loop: asyncio.AbstractEventLoop, sock: socket.socket, ready: threading.Event
    ) -> None:
        asyncio.set_event_loop(loop)
        try:
            self._server = loop.run_until_complete(asyncio.start_server(self._handle, sock=sock))
        except BaseException as exc:  # reported by start_in_thread
            self._error = exc
            sock.close()
            loop.close()
            ready.set()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            try:
                loop.run_until_complete(self._shutdown())
            finally:
                loop.close()

    async def _shutdown(self) -> None:
        self._close_everything()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    def stop(self) -> None:
        """Stop serving and wait for the thread (idempotent)."""
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
        self._loop = self._thread = self._server = None

    def __enter__(self) -> SimulatedHallCaller:
        self.start_in_thread()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _close_everything(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        self._writers.clear()

    def _in_loop(self, fn: Callable[[], None]) -> None:
        loop = self._loop
        if loop is None:
            fn()
            return
        done = threading.Event()

        def run() -> None:
            try:
                fn()
            finally:
                done.set()

        loop.call_soon_threadsafe(run)
        done.wait(READY_TIMEOUT)

    # -- faults on demand --------------------------------------------------------------

    def set_slow(self, seconds: float) -> None:
        """Every request waits this long before it is processed (0: no delay)."""
        with self._lock:
            self._slow_s = max(0.0, seconds)

    def go_down(self, mode: DownMode = "unavailable", for_s: float | None = None) -> None:
        """`unavailable`: every request gets 503. `refuse`: nothing listens any more.

        `for_s`: come up again by itself after that many seconds (a trainer's outage).
        """
        with self._lock:
            self._down = mode
        if mode == "refuse":
            self._in_loop(self._close_everything)
        if for_s is not None and self._loop is not None:
            loop = self._loop
            loop.call_soon_threadsafe(
                lambda: loop.call_later(for_s, lambda: loop.create_task(self._come_up_in_loop()))
            )

    def come_up(self) -> None:
        if self._loop is None or not self.running:
            with self._lock:
                self._down = None
            return
        future = asyncio.run_coroutine_threadsafe(self._come_up_in_loop(), self._loop)
        future.result(READY_TIMEOUT)

    async def _come_up_in_loop(self) -> None:
        with self._lock:
            was, self._down = self._down, None
        if was == "refuse":
            sock = self._bind(self._host, self._port)
            self._server = await asyncio.start_server(self._handle, sock=sock)

    def drop_after_apply(self, count: int = 1) -> None:
        """The next `count` writes are applied and stored, then the connection drops."""
        with self._lock:
            self._drop_next = count

    def clear_faults(self) -> None:
        self.set_slow(0)
        self.drop_after_apply(0)
        self.come_up()

    # -- what a test or the trainer looks at -------------------------------------------

    def tickets(self) -> list[TicketOut]:
        with self._lock:
            return list(self._tickets.values())

    def ticket(self, number: str) -> TicketOut | None:
        with self._lock:
            return self._tickets.get(number)

    def calls(self) -> list[CallOut]:
        """Every call the hall's screens would have shown, in order."""
        with self._lock:
            return list(self._calls)

    def hall_side(self, number: str, state: HallState) -> None:
        """Change a ticket at the hall side (a bank operator's action): makes a mismatch."""
        with self._lock:
            ticket = self._tickets[number]
            outcome = HallOutcome.CANCELLED if state is HallState.DONE else None
            self._tickets[number] = ticket.model_copy(update={"state": state, "outcome": outcome})

    def forget(self, number: str) -> None:
        """Lose a ticket (as a restarted hall system without persistence would)."""
        with self._lock:
            self._tickets.pop(number, None)

    # -- HTTP ----------------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while True:
                request = await self._read_request(reader)
                if request is None:
                    break
                reply = await self._respond(request)
                if reply is None:  # drop after apply: no answer at all
                    writer.transport.abort()
                    break
                close = request.headers.get("connection", "").lower() == "close"
                self._write(writer, reply, close)
                await writer.drain()
                if close:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except ValueError:
            with contextlib.suppress(Exception):
                self._write(writer, _error(400, ErrorCode.INVALID_REQUEST, "请求格式错误"), True)
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()

    @staticmethod
    async def _read_request(reader: asyncio.StreamReader) -> _Request | None:
        line = await reader.readline()
        if not line:
            return None
        method, target, _version = line.decode("latin-1").strip().split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            raw = await reader.readline()
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        body = await reader.readexactly(length) if length else b""
        parts = urlsplit(target)
        return _Request(method.upper(), unquote(parts.path), parse_qs(parts.query), headers, body)

    @staticmethod
    def _write(writer: asyncio.StreamWriter, reply: _Reply, close: bool) -> None:
        head = [
            f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Error')}",
            "Content-Type: application/json; charset=utf-8",
            f"Content-Length: {len(reply.body)}",
            *(f"{k}: {v}" for k, v in reply.headers.items()),
        ]
        if close:
            head.append("Connection: close")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + reply.body)

    async def _respond(self, request: _Request) -> _Reply | None:
        with self._lock:
            self.received += 1
            key_header = request.headers.get(IDEMPOTENCY_HEADER.lower(), "")
            self.log.append((request.method, request.path, key_header))
            slow, down = self._slow_s, self._down
        if request.path == FAULTS_PATH:
            return self._faults_admin(request)
        if down is not None:
            return _Reply(
                503,
                _error(503, ErrorCode.UNAVAILABLE, "叫号系统暂停服务（维护中），请稍后").body,
                {"Retry-After": "1"},
            )
        if request.method != "POST":
            if slow:
                await asyncio.sleep(slow)
            return self._read_only(request)
        key = request.headers.get(IDEMPOTENCY_HEADER.lower(), "")
        if not (8 <= len(key) <= 200 and key.isascii() and key.isprintable() and " " not in key):
            return _error(
                400, ErrorCode.IDEMPOTENCY_KEY_MISSING, "缺少或无效的 Idempotency-Key 请求头"
            )
        fingerprint = f"{request.method} {request.path} {_canonical(request.body)}"
        answered = self._claim(key, fingerprint)
        if answered is not None:
            return answered
        if slow:
            await asyncio.sleep(slow)
        try:
            reply = self._write_op(request)
        except Problem as problem:
            reply = _error(problem.status, problem.code, problem.message)
        except Exception:
            log.exception("simulated hall caller failed")
            with self._lock:
                del self._keys[key]
            raise
        with self._lock:
            self._keys[key].reply = reply
            drop = self._drop_next > 0 and reply.status < 400
            if drop:
                self._drop_next -= 1
        return None if drop else reply

    def _claim(self, key: str, fingerprint: str) -> _Reply | None:
        """The stored answer for `key` (or an error), or None: the key is ours to process."""
        with self._lock:
            stored = self._keys.get(key)
            if stored is None:
                self._keys[key] = _Stored(fingerprint, None)
                return None
        if stored.fingerprint != fingerprint:
            return _error(
                422, ErrorCode.IDEMPOTENCY_KEY_REUSED, "同一 Idempotency-Key 用于了不同的请求"
            )
        if stored.reply is None:
            return _error(409, ErrorCode.IDEMPOTENCY_IN_PROGRESS, "该请求正在处理，请稍后重试")
        return stored.reply

    def _faults_admin(self, request: _Request) -> _Reply:
        """`GET|POST /_training/faults` (trainers; never faulted, not in the contract)."""
        if request.method == "POST":
            try:
                plan = _parse(FaultsIn, request.body)
            except Problem as problem:
                return _error(problem.status, problem.code, problem.message)
            self.set_slow(plan.slow_s)
            self.drop_after_apply(plan.drop_after_apply)
            if plan.down is None:
                self._schedule(self._come_up_in_loop())
            elif plan.down == "unavailable":
                self.go_down("unavailable", plan.down_for_s)
            else:  # refuse: answer first, then stop listening
                self._schedule(self._refuse_later(plan.down_for_s))
        elif request.method != "GET":
            return _error(405, ErrorCode.METHOD_NOT_ALLOWED, "接口不支持该请求方式")
        with self._lock:
            state = FaultsIn(slow_s=self._slow_s, down=self._down, drop_after_apply=self._drop_next)
        return _json(200, state)

    def _schedule(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._admin_tasks.add(task)
        task.add_done_callback(self._admin_tasks.discard)

    async def _refuse_later(self, for_s: float | None) -> None:
        await asyncio.sleep(0.05)  # let the trainer's answer go out
        with self._lock:
            self._down = "refuse"
        self._close_everything()
        if for_s is not None:
            await asyncio.sleep(for_s)
            await self._come_up_in_loop()

    # -- the contract ------------------------------------------------------------------

    def _read_only(self, request: _Request) -> _Reply:
        if request.path == "/health":
            if request.method != "GET":
                return _error(405, ErrorCode.METHOD_NOT_ALLOWED, "接口不支持该请求方式")
            day = self.clock().astimezone(BUSINESS_TZ).date().isoformat()
            return _json(200, Health(status="ok", version=API_VERSION, business_day=day))
        if request.path == "/tickets":
            if request.method != "GET":
                return _error(405, ErrorCode.METHOD_NOT_ALLOWED, "接口不支持该请求方式")
            states = request.query.get("state", [])
            services = request.query.get("service", [])
            with self._lock:
                tickets = [
                    t
                    for t in self._tickets.values()
                    if (not states or t.state.value in states)
                    and (not services or t.service in services)
                ]
            tickets.sort(key=lambda t: (t.issued_at, t.number))
            return _json(200, TicketList(tickets=tickets))
        if _route(request.path) is not None:
            return _error(405, ErrorCode.METHOD_NOT_ALLOWED, "接口不支持该请求方式")
        return _error(404, ErrorCode.NOT_FOUND, "请求的接口不存在")

    def _write_op(self, request: _Request) -> _Reply:
        route = _route(request.path)
        if route is None:
            return _error(404, ErrorCode.NOT_FOUND, "请求的接口不存在")
        name, arg = route
        with self._lock:
            if name == "issue":
                reply = self._issue(_parse(TicketIn, request.body))
            elif name == "call":
                reply = self._call(int(arg), _parse(CallIn, request.body))
            else:
                reply = self._ticket_action(name, arg, request.body)
            self.applied += 1
            return reply

    def _issue(self, body: TicketIn) -> _Reply:
        existing = self._tickets.get(body.number)
        if existing is not None and existing.business_day == body.business_day:
            label = _STATE_LABELS[existing.state]
            raise Problem(
                409, ErrorCode.TICKET_EXISTS, f"号码 {body.number} 已在叫号系统中（{label}）"
            )
        # A new business day: the hall system starts it empty.
        stale = [n for n, t in self._tickets.items() if t.business_day < body.business_day]
        for number in stale:
            del self._tickets[number]
        ticket = TicketOut(
            number=body.number,
            service=body.service,
            item=body.item,
            priority=body.priority,
            state=HallState.WAITING,
            outcome=None,
            window=body.window,
            issued_at=body.issued_at,
            business_day=body.business_day,
            recalls=0,
        )
        self._tickets[body.number] = ticket
        ahead = sum(
            1
            for t in self._tickets.values()
            if t.state is HallState.WAITING
            and t.service == body.service
            and t.number != body.number
            and t.issued_at <= body.issued_at
        )
        return _json(201, TicketCreated(number=body.number, waiting_ahead=ahead))

    def _call(self, window: int, body: CallIn) -> _Reply:
        if not 1 <= window <= 99:
            raise Problem(400, ErrorCode.INVALID_REQUEST, "窗口号应为 1–99")
        ticket = self._known(body.number)
        recalls = ticket.recalls + (1 if body.recall else 0)
        self._tickets[body.number] = ticket.model_copy(
            update={"state": HallState.CALLED, "window": window, "recalls": recalls}
        )
        call = CallOut(
            number=body.number, window=window, recall=body.recall, called_at=self.clock()
        )
        self._calls.append(call)
        return _json(201, call)

    def _ticket_action(self, name: str, number: str, raw: bytes) -> _Reply:
        ticket = self._known(number)
        update: dict[str, Any]
        if name == "no-show":
            _parse(EmptyIn, raw)
            update = {"state": HallState.DONE, "outcome": HallOutcome.NO_SHOW}
        elif name == "complete":
            _parse(EmptyIn, raw)
            update = {"state": HallState.DONE, "outcome": HallOutcome.SERVED}
        elif name == "cancel":
            body = _parse(CancelIn, raw)
            update = {"state": HallState.DONE, "outcome": HallOutcome(body.reason)}
        elif name == "requeue":
            _parse(EmptyIn, raw)
            update = {"state": HallState.WAITING, "outcome": None, "window": None}
        else:  # transfer
            move = _parse(TransferIn, raw)
            update = {
                "state": HallState.WAITING,
                "outcome": None,
                "window": move.to_window,
                "service": move.to_service or ticket.service,
            }
        changed = ticket.model_copy(update=update)
        self._tickets[number] = changed
        return _json(200, changed)

    def _known(self, number: str) -> TicketOut:
        ticket = self._tickets.get(number)
        if ticket is None:
            raise Problem(404, ErrorCode.TICKET_UNKNOWN, f"叫号系统中没有号码 {number}")
        return ticket


_ROUTES = (
    ("issue", re.compile(r"^/tickets$")),
    ("call", re.compile(r"^/windows/(\d{1,2})/calls$")),
    (
        "action",
        re.compile(r"^/tickets/([A-Za-z0-9]{1,16})/(no-show|complete|cancel|requeue|transfer)$"),
    ),
)


def _route(path: str) -> tuple[str, str] | None:
    for name, pattern in _ROUTES:
        match = pattern.match(path)
        if match is None:
            continue
        if name == "action":
            return match.group(2), match.group(1)
        return name, match.group(1) if match.groups() else ""
    return None


def _canonical(body: bytes) -> str:
    """The body as compared for idempotency: the same JSON, however it was spelled."""
    try:
        return json.dumps(json.loads(body or b"{}"), sort_keys=True, ensure_ascii=False)
    except ValueError:
        return body.decode("utf-8", "replace")


def _parse(model: type[M], raw: bytes) -> M:
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "请求体"
        raise Problem(
            400, ErrorCode.INVALID_REQUEST, f"请求内容无效：{where}（{first['msg']}）"
        ) from exc
