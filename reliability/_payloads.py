"""Malformed platform payloads through the real client and services (suite 4, part 3).

The good answers are captured once from the real training platform; each example then
answers one request with something else: a body generated from the response schema of
`docs/bureau-api.json` (schemathesis's JSON-Schema generator; hypothesis-jsonschema 0.23
does not run with the installed hypothesis 6.170), the good body with one value of the
wrong type, a key dropped or added, the good body truncated, garbage, or an unexpected
status code. The request goes through `BureauClient` (real parsing, real errors) over an
``httpx.MockTransport`` that plays the platform, and where a service sits behind the
call, through the service:

* catalogue → `CatalogueService.sync`: never raises; unless it adopted a valid catalogue,
  the one in use and the one cached in SQLite are the previous ones;
* login → `SessionService.login`: an `ActiveSession` or `LoginError`, nobody logged in
  after an error;
* heartbeat → `SessionService.heartbeat_once`: never raises; the session survives
  anything but the platform's word that it ended;
* person → `PersonService.lookup`: a result or `BureauError`; the person cache unchanged
  after an error;
* health, cases (reconciliation), e-card verification → the client: its model or
  `BureauError`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.generation.jsonschema.builder import build

from counter.audit import MemoryAudit
from counter.bureau.client import BureauClient, BureauError, build_ssl_context
from counter.bureau.models import Catalogue
from counter.catalogue import CatalogueService
from counter.crypto import FieldCipher
from counter.persons import PersonService
from counter.session import LoginError, SessionService
from counter.storage.db import open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import CatalogueRepo, PersonLookupRepo
from counter.training.openapi import OPENAPI_PATH
from counter.training.persons import featured_persons
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import TrainingServer
from reliability._platform import CLERK, Tally, http_client, hypothesis_settings

PERSON = featured_persons()[0].id_number
REASON = "办理社保卡业务查询"
TODAY = date.today()

# endpoint → (method, path, response schema name)
ENDPOINTS: dict[str, tuple[str, str, str]] = {
    "catalogue": ("GET", "/v1/catalogue", "Catalogue"),
    "login": ("POST", "/v1/sessions", "SessionGrant"),
    "heartbeat": ("GET", "/v1/sessions/current", "SessionInfo"),
    "person": ("GET", f"/v1/persons/{PERSON}", "PersonSummary"),
    "cases": ("GET", "/v1/cases", "CaseList"),
    "health": ("GET", "/v1/health", "Health"),
    "ecard": ("POST", "/v1/ecard/verify", "EcardIdentity"),
}
_WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=30),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
    st.just("x" * 100_000),
)
_GARBAGE = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(
        [b"", b"null", b"[]", b"{}", b'"ok"', b"0", b"<html>502 Bad Gateway</html>", b"\xff\xfe"]
    ),
)
_STATUS = st.sampled_from([200] * 8 + [201, 204, 304, 400, 401, 403, 404, 409, 422, 500, 502])
_API_ERROR = st.fixed_dictionaries(
    {
        "code": st.sampled_from(
            ["SESSION_REPLACED", "SESSION_EXPIRED", "UNAUTHENTICATED", "FORBIDDEN", "X", ""]
        ),
        "message": st.text(max_size=20),
    }
).map(lambda d: json.dumps(d).encode())


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value[:3]):
            found += _paths(child, (*here, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any, *, drop: bool = False) -> Any:
    if not path:
        return new
    copy: Any = dict(value) if isinstance(value, dict) else list(value)
    head, rest = path[0], path[1:]
    if rest:
        copy[head] = _replace(copy[head], rest, new, drop=drop)
    elif drop:
        del copy[head]
    else:
        copy[head] = new
    return copy


@st.composite
def _mutated(draw: st.DrawFn, good: bytes) -> bytes:
    document = json.loads(good)
    paths = _paths(document)
    path = draw(st.sampled_from(paths))
    how = draw(st.sampled_from(["wrong", "drop", "extra"]))
    if how == "drop" and path:
        document = _replace(document, path, None, drop=True)
    elif how == "extra":
        parents = [p for p in paths if isinstance(_get(document, p), dict)]
        parent = draw(st.sampled_from(parents)) if parents else ()
        key = draw(st.text(max_size=8))
        document = _replace(document, (*parent, key), draw(_WRONG)) if parents else document
    else:
        document = _replace(document, path, draw(_WRONG))
    return json.dumps(document, ensure_ascii=False, allow_nan=True).encode()


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def _bodies(name: str, good: bytes | None, components: dict[str, Any]) -> st.SearchStrategy[bytes]:
    schema = {"$ref": f"#/components/schemas/{name}", "components": components}
    generated = build(schema, draft=jsonschema_rs.Draft202012, formats={}).map(
        lambda v: json.dumps(v, ensure_ascii=False).encode()
    )
    options: list[st.SearchStrategy[bytes]] = [generated, _GARBAGE, _API_ERROR]
    if good:
        options += [
            _mutated(good),
            _mutated(good),
            st.integers(0, len(good) - 1).map(lambda k: good[:k]),
        ]
    return st.one_of(*options)


class _Platform:
    """Plays the platform: the good answers, except one scripted answer per example."""

    def __init__(self, good: dict[str, tuple[int, bytes]]) -> None:
        self.good = good
        self.scripted: tuple[str, int, bytes] | None = None

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        endpoint = next(
            (name for name, (m, p, _) in ENDPOINTS.items() if m == request.method and p == path),
            None,
        )
        if endpoint is None:
            return httpx.Response(404, json={"code": "NOT_FOUND", "message": "无此接口"})
        if self.scripted is not None and self.scripted[0] == endpoint:
            _, status, body = self.scripted
            return httpx.Response(
                status, content=body, headers={"Content-Type": "application/json"}
            )
        status, body = self.good.get(endpoint, (404, b"{}"))
        return httpx.Response(status, content=body, headers={"Content-Type": "application/json"})


def _capture(server: TrainingServer) -> dict[str, tuple[int, bytes]]:
    good: dict[str, tuple[int, bytes]] = {}
    with http_client(server) as client:
        login = client.post(
            "/v1/sessions",
            json={
                "staff_no": CLERK,
                "password": TRAINING_PASSWORD,
                "outlet_code": TRAINING_OUTLET_CODE,
                "device_id": "RELIABILITY-PAYLOADS",
            },
        )
        good["login"] = (login.status_code, login.content)
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        for name, path, params in (
            ("catalogue", "/v1/catalogue", None),
            ("heartbeat", "/v1/sessions/current", None),
            ("person", ENDPOINTS["person"][1], {"reason": REASON}),
            ("cases", "/v1/cases", {"date": TODAY.isoformat(), "outlet": TRAINING_OUTLET_CODE}),
            ("health", "/v1/health", None),
        ):
            response = client.get(path, params=params, headers=auth)
            response.raise_for_status()
            good[name] = (response.status_code, response.content)
    return good


def fuzz_payloads(  # noqa: PLR0915 - one check per endpoint, side by side
    server: TrainingServer, workdir: Path, examples: int, *, seed_fixed: bool
) -> Tally:
    tally = Tally()
    workdir.mkdir(parents=True, exist_ok=True)
    good = _capture(server)
    components = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))["components"]
    fake = _Platform(good)
    loop = asyncio.new_event_loop()
    db = open_database(workdir / "counter.sqlite3")
    executor = DbExecutor()
    client = BureauClient(
        "https://bureau.invalid",
        build_ssl_context(server.ca_file),
        transport=httpx.MockTransport(fake.handler),
    )
    audit = MemoryAudit()
    catalogue_repo = CatalogueRepo(db)
    catalogues = CatalogueService(client, catalogue_repo, executor, audit, TRAINING_OUTLET_CODE)
    sessions = SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=9, device_id="PAYLOADS"
    )
    person_repo = PersonLookupRepo(db, FieldCipher(bytes(range(32))))
    persons = PersonService(client, person_repo, executor, audit)

    async def login() -> None:
        await sessions.login(CLERK, TRAINING_PASSWORD)

    async def prepare() -> None:
        await login()
        first = await catalogues.sync(CLERK)
        if not first.changed:
            raise RuntimeError(f"the good catalogue was not adopted: {first.error}")
        await persons.lookup(sessions.current, PERSON, REASON)  # type: ignore[arg-type]

    def run(coro: Awaitable[Any]) -> Any:
        return loop.run_until_complete(coro)

    checks: dict[str, Callable[[int, bytes], Awaitable[str | None]]] = {}

    async def catalogue_check(status: int, body: bytes) -> str | None:
        before, cached = (
            catalogues.current,
            await executor.run(catalogue_repo.get, TRAINING_OUTLET_CODE),
        )
        result = await catalogues.sync(CLERK)
        after = await executor.run(catalogue_repo.get, TRAINING_OUTLET_CODE)
        if result.changed:
            adopted = Catalogue.model_validate_json(body)
            if catalogues.current != adopted:
                return "adopted something other than the payload"
            return None
        if catalogues.current is not before or after != cached:
            return "previous catalogue not kept"
        return None

    async def login_check(status: int, body: bytes) -> str | None:
        sessions.current = None
        try:
            await sessions.login(CLERK, TRAINING_PASSWORD)
        except LoginError as exc:
            if not exc.message or sessions.current is not None:
                return "login error without message, or a session after the error"
        finally:
            fake.scripted = None
            if sessions.current is None:
                await login()
        return None

    async def heartbeat_check(status: int, body: bytes) -> str | None:
        before = sessions.current
        await sessions.heartbeat_once()
        ended = status == 401 and _code(body) in {
            "SESSION_REPLACED",
            "SESSION_EXPIRED",
            "UNAUTHENTICATED",
        }
        problem = None
        if sessions.current is not before and not ended:
            problem = "session lost on a bad heartbeat answer"
        if sessions.current is None:
            fake.scripted = None
            await login()
        return problem

    async def person_check(status: int, body: bytes) -> str | None:
        session = sessions.current
        assert session is not None
        cached = await executor.run(person_repo.find, PERSON)
        try:
            await persons.lookup(session, PERSON, REASON)
        except BureauError as exc:
            if not exc.message:
                return "BureauError without a message"
            if await executor.run(person_repo.find, PERSON) != cached:
                return "person cache changed by a rejected answer"
        return None

    async def client_check(call: Callable[[], Awaitable[Any]]) -> str | None:
        try:
            await call()
        except BureauError as exc:
            if not exc.message:
                return "BureauError without a message"
        return None

    checks["catalogue"] = catalogue_check
    checks["login"] = login_check
    checks["heartbeat"] = heartbeat_check
    checks["person"] = person_check
    checks["cases"] = lambda s, b: client_check(
        lambda: client.list_cases(TODAY, TRAINING_OUTLET_CODE)
    )
    checks["health"] = lambda s, b: client_check(client.health)
    checks["ecard"] = lambda s, b: client_check(lambda: client.ecard_verify("QR-TOKEN"))

    try:
        run(prepare())
        for endpoint in ENDPOINTS:
            name = ENDPOINTS[endpoint][2]
            strategy = _bodies(name, good.get(endpoint, (0, b""))[1] or None, components)
            _endpoint_examples(
                endpoint,
                strategy=strategy,
                examples=examples,
                seed_fixed=seed_fixed,
                tally=tally,
                fake=fake,
                run=run,
                checks=checks,
            )
    finally:
        run(client.aclose())
        loop.close()
        executor.shutdown()
        db.close()
    return tally


def _code(body: bytes) -> str | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value.get("code") if isinstance(value, dict) else None


def _endpoint_examples(
    endpoint: str,
    *,
    strategy: st.SearchStrategy[bytes],
    examples: int,
    seed_fixed: bool,
    tally: Tally,
    fake: _Platform,
    run: Callable[[Awaitable[Any]], Any],
    checks: dict[str, Callable[[int, bytes], Awaitable[str | None]]],
) -> None:
    @hypothesis_settings(examples, seed_fixed=seed_fixed)
    @given(status=_STATUS, body=strategy)
    def one(status: int, body: bytes) -> None:
        fake.scripted = (endpoint, status, body)
        try:
            problem = run(checks[endpoint](status, body))
        except Exception as exc:
            problem = f"crashed: {type(exc).__name__}: {str(exc)[:120]}"
        finally:
            fake.scripted = None
        if problem is None:
            tally.ok()
        else:
            tally.fail(f"{endpoint} ← HTTP {status} {body[:60]!r}: {problem}")

    one()
