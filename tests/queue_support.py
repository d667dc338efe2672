"""What the queue tests share: a settable clock, sessions per role, and a printer double.

`SlipPrinter` is a pure-core test double of the `Printer` port (it keeps the slips and
fails when told to). It is used only by the queue core tests; the slip tests and one
service test print through the real driver (`drivers.printer.open_printer("dummy://")`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from counter.audit import MemoryAudit
from counter.bureau.models import Outlet, Role, Staff
from counter.printing import Printer, PrintError, PrinterStatus, Slip
from counter.queue.service import QueueService, QueueSettings
from counter.session import ActiveSession
from counter.storage.db import Database
from counter.storage.executor import DbExecutor

# 09:00 in Asia/Shanghai on a weekday.
OPENING = datetime(2026, 3, 18, 1, 0, tzinfo=UTC)
OUTLET = Outlet(code="330102001", name="中国XX银行杭州湖滨支行", category=1)


class Clock:
    def __init__(self, start: datetime = OPENING) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float = 0.0, seconds: float = 0.0) -> None:
        self.now += timedelta(minutes=minutes, seconds=seconds)


class SlipPrinter:
    """Keeps every slip it 'prints'; raises PrintError while `fail` is set."""

    def __init__(self) -> None:
        self.slips: list[Slip] = []
        self.fail: str | None = None

    async def print_slip(self, slip: Slip) -> None:
        if self.fail is not None:
            raise PrintError(self.fail)
        self.slips.append(slip)

    async def status(self) -> PrinterStatus:
        return PrinterStatus(online=self.fail is None)


def session_for(staff_no: str, *roles: Role, window: int = 1) -> ActiveSession:
    staff = Staff(staff_no=staff_no, name="测试员", roles=list(roles))
    return ActiveSession(staff=staff, outlet=OUTLET, window=window, expires_at_utc=0.0)


GUIDE = session_for("G001", Role.GUIDE)
CLERK = session_for("C001", Role.CLERK)
CLERK2 = session_for("C002", Role.CLERK, window=2)
SUPERVISOR = session_for("M001", Role.SUPERVISOR)
COURIER = session_for("K001", Role.COURIER)


def make_service(
    db: Database,
    executor: DbExecutor,
    printer: Printer,
    clock: Clock,
    *,
    audit: MemoryAudit | None = None,
    **settings: object,
) -> QueueService:
    return QueueService(
        db,
        executor,
        audit if audit is not None else MemoryAudit(),
        printer,
        settings=QueueSettings(**settings),  # type: ignore[arg-type]
        clock=clock,
    )
