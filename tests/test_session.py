"""Login, lockout, session replaced and the idle lock, through the core services."""

from __future__ import annotations

import pytest

from counter.audit import MemoryAudit
from counter.bureau.client import BureauClient, build_ssl_context
from counter.bureau.models import Role
from counter.session import IdleLock, LockState, LoginError, PermissionDenied, SessionService
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import TrainingServer
from tests.training_fixtures import NewStaff


def service(server: TrainingServer, audit: MemoryAudit, device: str = "PC-1") -> SessionService:
    client = BureauClient(server.base_url, build_ssl_context(server.ca_file))
    return SessionService(
        client, audit, outlet_code=TRAINING_OUTLET_CODE, window=3, device_id=device
    )


async def test_login_records_the_session_and_journals_it(
    training_server: TrainingServer, new_staff: NewStaff
) -> None:
    audit = MemoryAudit()
    sessions = service(training_server, audit)
    staff_no = new_staff((Role.CLERK, Role.REVIEWER))
    session = await sessions.login(staff_no.lower(), TRAINING_PASSWORD)
    assert session.staff.staff_no == staff_no
    assert session.workspace_role is Role.CLERK
    assert session.masked_name == "测**"
    assert [e["action"] for e in audit.entries] == ["login"]
    await sessions.logout()
    assert sessions.current is None
    assert audit.entries[-1]["action"] == "logout"
    await sessions.client.aclose()


async def test_wrong_password_then_lockout_after_five(
    training_server: TrainingServer, new_staff: NewStaff
) -> None:
    audit = MemoryAudit()
    sessions = service(training_server, audit)
    staff_no = new_staff()
    for attempt in range(1, 6):
        with pytest.raises(LoginError) as caught:
            await sessions.login(staff_no, "Wrong#pass1")
        if attempt < 5:
            assert caught.value.code == "BAD_CREDENTIALS"
            assert "密码错误" in caught.value.message
    assert caught.value.code == "ACCOUNT_LOCKED"
    assert "账户已锁定" in caught.value.message
    # Even the right password is refused while locked.
    with pytest.raises(LoginError, match="账户已锁定"):
        await sessions.login(staff_no, TRAINING_PASSWORD)
    assert {e["action"] for e in audit.entries} == {"login_failed"}
    await sessions.client.aclose()


async def test_a_login_elsewhere_ends_this_session(
    training_server: TrainingServer, new_staff: NewStaff
) -> None:
    audit = MemoryAudit()
    here = service(training_server, audit, "PC-HERE")
    there = service(training_server, MemoryAudit(), "PC-THERE")
    staff_no = new_staff()
    await here.login(staff_no, TRAINING_PASSWORD)
    reasons: list[str] = []
    here.ended.connect(reasons.append)
    await here.heartbeat_once()
    assert here.current is not None and not reasons
    await there.login(staff_no, TRAINING_PASSWORD)
    await here.heartbeat_once()
    assert here.current is None
    assert reasons and "其他终端登录" in reasons[0]
    assert audit.entries[-1]["action"] == "session_replaced"
    await here.client.aclose()
    await there.client.aclose()


async def test_roles_are_enforced_in_the_core(
    training_server: TrainingServer, new_staff: NewStaff
) -> None:
    sessions = service(training_server, MemoryAudit())
    session = await sessions.login(new_staff((Role.GUIDE,)), TRAINING_PASSWORD)
    session.require(Role.GUIDE)
    with pytest.raises(PermissionDenied, match="经办"):
        session.require(Role.CLERK)
    await sessions.client.aclose()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_idle_lock_needs_the_same_staff_password(
    training_server: TrainingServer, new_staff: NewStaff
) -> None:
    audit = MemoryAudit()
    sessions = service(training_server, audit)
    staff_no = new_staff()
    await sessions.login(staff_no, TRAINING_PASSWORD)
    clock = Clock()
    lock = IdleLock(sessions, idle_minutes=10, clock=clock)
    states: list[LockState] = []
    lock.changed.connect(states.append)

    clock.now += 9 * 60
    assert not await lock.check()
    lock.touch()  # activity restarts the clock
    clock.now += 9 * 60
    assert not await lock.check()
    clock.now += 61
    assert await lock.check()
    assert states == [LockState.LOCKED]
    lock.touch()  # input while locked does not restart anything
    assert lock.state is LockState.LOCKED

    assert not await lock.unlock(staff_no, "Wrong#pass1")
    assert not await lock.unlock("T-SUPER01", TRAINING_PASSWORD)  # another staff member
    assert lock.failed_unlocks == 2 and lock.state is LockState.LOCKED
    assert await lock.unlock(staff_no, TRAINING_PASSWORD)
    assert states == [LockState.LOCKED, LockState.OPEN]
    actions = [e["action"] for e in audit.entries]
    assert actions == ["login", "lock", "unlock", "unlock", "unlock"]
    assert [e["outcome"] for e in audit.entries[-3:]] == ["bad_password", "bad_password", "ok"]
    await sessions.client.aclose()
