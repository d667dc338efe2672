"""The bad-input suite, short version: validators, the platform API (schemathesis) and
malformed payloads through the real client, with a handful of examples each."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest

from counter.audit import MemoryAudit
from counter.bureau.client import BureauCertificateError, BureauClient, BureauError
from counter.session import LoginError, SessionService
from reliability import bad_input


@pytest.mark.slow
def test_short_bad_input_suite_finds_no_failure(tmp_path: Path) -> None:
    result = bad_input.run(full=False, workdir=str(tmp_path))
    figures = {f.name: f for f in result.figures}
    for part in ("validators and form fields", "platform API (schemathesis)"):
        assert int(figures[f"{part}: examples run"].value) > 20
    assert int(figures["malformed payloads → client: examples run"].value) > 20
    failed = [f"{f.name}: {f.value} ({f.note})" for f in result.figures if not f.ok]
    assert not failed


async def test_an_error_answer_without_a_message_still_tells_the_clerk_something() -> None:
    """Found by the payload fuzzing: `{"code": "X", "message": ""}` gave a blank error."""
    answer = httpx.Response(403, json={"code": "X", "message": " "})
    client = BureauClient(
        "https://bureau.invalid",
        ssl.create_default_context(),
        transport=httpx.MockTransport(lambda request: answer),
    )
    try:
        with pytest.raises(BureauError) as caught:
            await client.health()
    finally:
        await client.aclose()
    assert caught.value.code == "X" and "HTTP 403" in caught.value.message


def test_the_client_refuses_a_plain_http_platform_url() -> None:
    """Found by the TLS matrix: the config refused http://, the client itself did not."""
    with pytest.raises(BureauCertificateError, match="https://"):
        BureauClient("http://127.0.0.1:8443", ssl.create_default_context())


async def test_a_session_grant_without_roles_is_a_login_error() -> None:
    """Found by the payload fuzzing: a grant with `roles: []` crashed the login."""
    grant = {
        "access_token": "t",
        "expires_at": "2030-01-01T00:00:00Z",
        "staff": {"staff_no": "T-CLERKA1", "name": "李文涛", "roles": []},
        "outlet": {"code": "330102001", "name": "网点", "category": 1},
    }
    client = BureauClient(
        "https://bureau.invalid",
        ssl.create_default_context(),
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json=grant)),
    )
    sessions = SessionService(
        client, MemoryAudit(), outlet_code="330102001", window=3, device_id="PC"
    )
    try:
        with pytest.raises(LoginError) as caught:
            await sessions.login("T-CLERKA1", "Any#pass1")
    finally:
        await client.aclose()
    assert caught.value.code == "NO_ROLES" and sessions.current is None
    assert client.token is None
