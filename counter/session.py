"""Login, logout, the session heartbeat, roles, and the idle lock (DESIGN §4 Security).

Passwords are never stored. To unlock an idle screen without a round trip (the VPN may be
down) we keep, in memory only, a scrypt verifier of the password typed at login.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from counter.audit import AuditLog
from counter.bureau.errors import BureauError, BureauUnreachable, SessionEnded
from counter.bureau.models import Outlet, Role, SessionGrant, SessionRequest, Staff
from counter.events import Event
from counter.identity import mask_name

if TYPE_CHECKING:
    from counter.bureau.client import BureauClient

log = logging.getLogger("counter.session")

ROLE_LABELS = {
    Role.GUIDE: "导办",
    Role.CLERK: "经办",
    Role.REVIEWER: "复核",
    Role.COURIER: "收件转运",
    Role.SUPERVISOR: "管理",
}
# The workspace a staff member gets: the first of these roles they hold.
WORKSPACE_ORDER = (Role.SUPERVISOR, Role.CLERK, Role.GUIDE, Role.COURIER)


class PermissionDenied(Exception):
    def __init__(self, needed: Role) -> None:
        super().__init__(f"当前账号没有“{ROLE_LABELS[needed]}”权限，不能执行此操作。")
        self.needed = needed


class LoginError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class _Verifier:
    salt: bytes
    digest: bytes

    @classmethod
    def of(cls, password: str) -> _Verifier:
        salt = secrets.token_bytes(16)
        return cls(salt, _scrypt(password, salt))

    def matches(self, password: str) -> bool:
        return hmac.compare_digest(self.digest, _scrypt(password, self.salt))


def _scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


@dataclass(frozen=True)
class ActiveSession:
    staff: Staff
    outlet: Outlet
    window: int
    expires_at_utc: float

    @property
    def workspace_role(self) -> Role:
        for role in WORKSPACE_ORDER:
            if role in self.staff.roles:
                return role
        return self.staff.roles[0]

    @property
    def masked_name(self) -> str:
        return mask_name(self.staff.name)

    def require(self, role: Role) -> None:
        """Roles are enforced here, in the core, not only by hidden buttons."""
        if role not in self.staff.roles:
            raise PermissionDenied(role)


class SessionService:
    def __init__(
        self,
        client: BureauClient,
        audit: AuditLog,
        *,
        outlet_code: str,
        window: int,
        device_id: str,
        heartbeat_s: float = 15.0,
    ) -> None:
        self.client = client
        self.audit = audit
        self.outlet_code = outlet_code
        self.window = window
        self.device_id = device_id
        self.heartbeat_s = heartbeat_s
        self.current: ActiveSession | None = None
        self._verifier: _Verifier | None = None
        self.ended: Event[str] = Event("session.ended")  # the reason, in Chinese
        self.started: Event[ActiveSession] = Event("session.started")

    async def login(self, staff_no: str, password: str) -> ActiveSession:
        staff_no = staff_no.strip().upper()
        if not staff_no or not password:
            raise LoginError("请输入工号和密码。", "EMPTY")
        request = SessionRequest(
            staff_no=staff_no,
            password=password,
            outlet_code=self.outlet_code,
            device_id=self.device_id,
        )
        try:
            grant: SessionGrant = await self.client.login(request)
        except BureauUnreachable as exc:
            raise LoginError(exc.message, exc.code) from exc
        except BureauError as exc:
            await self.audit.record(
                "login_failed", staff_no=staff_no, outcome=exc.code, details={"window": self.window}
            )
            raise LoginError(exc.message, exc.code) from exc
        if not grant.staff.roles:  # every workspace and check needs one (found by fuzzing)
            self.client.token = None
            await self.audit.record(
                "login_failed",
                staff_no=staff_no,
                outcome="NO_ROLES",
                details={"window": self.window},
            )
            raise LoginError(
                "平台返回的账号没有任何岗位角色，无法登录，请联系网点管理人员。", "NO_ROLES"
            )
        # Verifier derivation costs ~50 ms of CPU: keep it off the event loop.
        verifier = await asyncio.get_running_loop().run_in_executor(None, _Verifier.of, password)
        self._verifier = verifier
        self.current = ActiveSession(
            staff=grant.staff,
            outlet=grant.outlet,
            window=self.window,
            expires_at_utc=grant.expires_at.timestamp(),
        )
        await self.audit.record(
            "login",
            staff_no=grant.staff.staff_no,
            role=self.current.workspace_role.value,
            details={"window": self.window, "post": grant.staff.post},
        )
        self.started.emit(self.current)
        return self.current

    async def logout(self, reason: str = "logout") -> None:
        session = self.current
        self.current = None
        self._verifier = None
        if session is None:
            return
        try:
            await self.client.logout()
        except BureauError as exc:
            # The platform ends the session on its own at expiry; logging out locally is enough.
            log.info("logout not confirmed by platform: %s", exc.code)
        await self.audit.record(
            "logout",
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            details={"reason": reason},
        )

    async def _session_lost(self, error: SessionEnded) -> None:
        session = self.current
        self.current = None
        self._verifier = None
        self.client.token = None
        if session is not None:
            await self.audit.record(
                "session_replaced" if error.code == "SESSION_REPLACED" else "logout",
                staff_no=session.staff.staff_no,
                role=session.workspace_role.value,
                outcome=error.code,
            )
        self.ended.emit(error.message)

    async def heartbeat_once(self) -> None:
        if self.current is None:
            try:
                await self.client.health()
            except BureauError:
                pass  # the monitor has recorded the state
            return
        try:
            await self.client.current_session()
        except SessionEnded as exc:
            await self._session_lost(exc)
        except BureauError:
            pass

    async def run_heartbeat(self) -> None:
        """Runs until cancelled: keeps the connection state fresh and notices a replaced session."""
        while True:
            await self.heartbeat_once()
            await asyncio.sleep(self.heartbeat_s)

    async def verify_password(self, staff_no: str, password: str) -> bool:
        session, verifier = self.current, self._verifier
        if session is None or verifier is None:
            return False
        if staff_no.strip().upper() != session.staff.staff_no:
            return False
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, verifier.matches, password)


class LockState(StrEnum):
    OPEN = "open"
    LOCKED = "locked"


class IdleLock:
    """Locks the terminal after `idle_minutes` without input; only the same staff unlocks.

    The UI reports activity with `touch()` and calls `check()` on a timer; while locked, the
    UI must show no personal data at all.
    """

    def __init__(
        self,
        sessions: SessionService,
        idle_minutes: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.idle_s = idle_minutes * 60
        self.clock = clock
        self.state = LockState.OPEN
        self._last_activity = clock()
        self.failed_unlocks = 0
        self.changed: Event[LockState] = Event("lock.changed")

    def touch(self) -> None:
        if self.state is LockState.OPEN:
            self._last_activity = self.clock()

    def idle_for(self) -> float:
        return self.clock() - self._last_activity

    async def check(self) -> bool:
        """Lock if idle too long; returns True when the terminal is locked."""
        if self.state is LockState.OPEN and self.sessions.current is not None:
            if self.idle_for() >= self.idle_s:
                await self.lock(reason="idle")
        return self.state is LockState.LOCKED

    async def lock(self, reason: str = "manual") -> None:
        session = self.sessions.current
        if self.state is LockState.LOCKED or session is None:
            return
        self.state = LockState.LOCKED
        self.failed_unlocks = 0
        await self.sessions.audit.record(
            "lock",
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            details={"reason": reason},
        )
        self.changed.emit(self.state)

    async def unlock(self, staff_no: str, password: str) -> bool:
        session = self.sessions.current
        if self.state is LockState.OPEN or session is None:
            return True
        ok = await self.sessions.verify_password(staff_no, password)
        await self.sessions.audit.record(
            "unlock",
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            outcome="ok" if ok else "bad_password",
        )
        if not ok:
            self.failed_unlocks += 1
            return False
        self.state = LockState.OPEN
        self._last_activity = self.clock()
        self.changed.emit(self.state)
        return True

    def reset(self) -> None:
        """After logout: the next session starts unlocked."""
        self.state = LockState.OPEN
        self._last_activity = self.clock()
