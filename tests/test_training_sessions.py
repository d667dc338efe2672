"""Training platform: health, login, lockout, one live session, expiry, logout, errors."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.bureau.models import ApiError, Health, Role, SessionGrant, SessionInfo
from counter.training.db import SessionRow, StaffRow
from counter.training.seed import TRAINING_ACCOUNTS, TRAINING_PASSWORD
from counter.training.server import TrainingServer
from tests.training_fixtures import FakeClock, NewStaff, bearer, login, token_for


def _error(response: httpx.Response) -> ApiError:
    return ApiError.model_validate(response.json())


def test_health_needs_no_login(client: httpx.Client) -> None:
    response = client.get("/v1/health")
    assert response.status_code == 200
    health = Health.model_validate(response.json())
    assert health.platform == "社银通培训平台"
    assert health.training is True
    assert health.api_version == "v1"


def test_every_training_account_can_log_in(client: httpx.Client) -> None:
    for account in TRAINING_ACCOUNTS:
        response = login(client, account.staff_no, outlet_code=account.outlet_code)
        assert response.status_code == 200, response.text
        grant = SessionGrant.model_validate(response.json())
        assert grant.staff.staff_no == account.staff_no
        assert grant.staff.name == account.name
        assert tuple(grant.staff.roles) == account.roles
        assert grant.staff.post == account.post
        assert grant.outlet.code == account.outlet_code
        assert timedelta(hours=11, minutes=59) < grant.expires_at - datetime.now(UTC)
        assert grant.expires_at - datetime.now(UTC) <= timedelta(hours=12)


def test_training_outlet_details(client: httpx.Client) -> None:
    grant = SessionGrant.model_validate(login(client, "T-CLERKA1").json())
    assert grant.outlet.category == 1
    assert grant.outlet.window == 3
    assert grant.outlet.seal_no == "浙人社代办（杭）0001"
    assert grant.outlet.supervision_phone == "12333"
    assert "社保业务代办点" in grant.outlet.name


def test_wrong_password_counts_down_then_locks_for_15_minutes(
    client: httpx.Client, clock: FakeClock, new_staff: NewStaff
) -> None:
    staff_no = new_staff()
    clock.freeze(datetime(2026, 3, 2, 1, 59, 30, tzinfo=UTC))  # 09:59:30 in Shanghai

    for left in (4, 3, 2, 1):
        response = login(client, staff_no, password="Wrong@2026")
        assert response.status_code == 401
        assert _error(response) == ApiError(
            code="BAD_CREDENTIALS", message=f"工号或密码错误，还可尝试 {left} 次"
        )
    fifth = login(client, staff_no, password="Wrong@2026")
    assert fifth.status_code == 423
    # locked until 10:14:30 Shanghai time: the message names a minute surely past it
    locked = ApiError(
        code="ACCOUNT_LOCKED", message="账户已锁定，请于 10:15 后重试（连续 5 次密码错误）"
    )
    assert _error(fifth) == locked

    clock.advance(timedelta(minutes=14, seconds=59))
    still = login(client, staff_no)  # even the right password
    assert still.status_code == 423
    assert _error(still) == locked

    clock.advance(timedelta(seconds=2))
    assert login(client, staff_no).status_code == 200


def test_success_resets_the_failure_count(client: httpx.Client, new_staff: NewStaff) -> None:
    staff_no = new_staff()
    for _ in range(4):
        assert login(client, staff_no, password="Wrong@2026").status_code == 401
    assert login(client, staff_no).status_code == 200
    again = login(client, staff_no, password="Wrong@2026")
    assert _error(again).message == "工号或密码错误，还可尝试 4 次"


def test_unknown_staff_unknown_outlet_and_foreign_outlet(client: httpx.Client) -> None:
    unknown = login(client, "T-NOBODY")
    assert unknown.status_code == 401
    assert _error(unknown).code == "BAD_CREDENTIALS"

    outlet = login(client, "T-CLERKA1", outlet_code="999999999")
    assert outlet.status_code == 403
    assert _error(outlet).code == "OUTLET_UNKNOWN"
    assert "999999999" in _error(outlet).message

    foreign = login(client, "T-CLERK301")  # an account of outlet 330102003
    assert foreign.status_code == 403
    error = _error(foreign)
    assert error.code == "STAFF_NOT_IN_OUTLET"
    assert "不属于本网点" in error.message


def test_new_login_replaces_the_previous_session(client: httpx.Client) -> None:
    first = token_for(client, "T-CLERKB1")
    assert client.get("/v1/sessions/current", headers=bearer(first)).status_code == 200

    second = login(client, "T-CLERKB1", device_id="OTHER-PC").json()["access_token"]

    replaced = client.get("/v1/sessions/current", headers=bearer(first))
    assert replaced.status_code == 401
    assert _error(replaced) == ApiError(
        code="SESSION_REPLACED", message="您的账号已在其他终端登录，本机已退出"
    )
    assert replaced.headers["www-authenticate"] == "Bearer"
    current = client.get("/v1/sessions/current", headers=bearer(second))
    assert current.status_code == 200
    info = SessionInfo.model_validate(current.json())
    assert info.staff_no == "T-CLERKB1"


def test_session_expires_after_12_hours(client: httpx.Client, clock: FakeClock) -> None:
    token = token_for(client, "T-COURIER1")
    clock.advance(timedelta(hours=11, minutes=59))
    assert client.get("/v1/sessions/current", headers=bearer(token)).status_code == 200
    clock.advance(timedelta(minutes=1, seconds=1))
    expired = client.get("/v1/sessions/current", headers=bearer(token))
    assert expired.status_code == 401
    assert _error(expired).code == "SESSION_EXPIRED"
    assert client.get("/v1/catalogue", headers=bearer(token)).status_code == 401


def test_missing_or_unknown_token(client: httpx.Client) -> None:
    for headers in ({}, bearer("not-a-token"), {"Authorization": "Basic dDp0"}):
        response = client.get("/v1/sessions/current", headers=headers)
        assert response.status_code == 401
        assert _error(response).code == "UNAUTHENTICATED"
        assert response.headers["www-authenticate"] == "Bearer"


def test_logout(client: httpx.Client) -> None:
    token = token_for(client, "T-SUPER01")
    response = client.delete("/v1/sessions/current", headers=bearer(token))
    assert response.status_code == 204
    assert response.content == b""
    after = client.get("/v1/sessions/current", headers=bearer(token))
    assert after.status_code == 401
    assert _error(after).code == "UNAUTHENTICATED"


def test_password_and_token_are_stored_hashed(
    client: httpx.Client, training_server: TrainingServer
) -> None:
    response = login(client, "T-GUIDE01")
    token = response.json()["access_token"]
    with Session(training_server.engine) as db:
        staff = db.scalars(select(StaffRow).where(StaffRow.staff_no == "T-GUIDE01")).one()
        assert staff.password_hash.startswith("scrypt$")
        assert TRAINING_PASSWORD not in staff.password_hash
        assert staff.roles == [Role.GUIDE.value]
        hashes = set(db.scalars(select(SessionRow.token_hash)))
    assert token not in hashes
    assert hashlib.sha256(token.encode()).hexdigest() in hashes


def test_request_errors_are_api_errors_in_chinese(client: httpx.Client) -> None:
    missing = client.post("/v1/sessions", json={"staff_no": "T-CLERKA1"})
    assert missing.status_code == 422
    error = _error(missing)
    assert error.code == "INVALID_REQUEST"
    assert "缺少密码" in error.message

    broken = client.post("/v1/sessions", content=b"{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    assert _error(broken) == ApiError(
        code="INVALID_REQUEST", message="请求内容不符合接口要求：请求内容不是有效的 JSON"
    )

    nowhere = client.get("/v1/no-such-thing")
    assert nowhere.status_code == 404
    assert _error(nowhere) == ApiError(code="NOT_FOUND", message="请求的接口不存在")

    wrong_method = client.put("/v1/health")
    assert wrong_method.status_code == 405
    assert _error(wrong_method).code == "METHOD_NOT_ALLOWED"
