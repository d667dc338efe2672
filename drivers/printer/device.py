"""`EscposPrinter`: the `Printer` port for real ESC/POS printers.

One job = connect, ask the status (where the link can read), send the whole job in one
write, disconnect. Connecting per job survives printer restarts and cable swaps without
a stale-connection state, and a TCP printer is free for others between jobs.

Every blocking step runs on this printer's own single worker thread, so `print_slip`
never blocks the event loop and jobs for one printer never interleave.

A job is refused before any byte is sent when the printer says it has no paper, its
cover is open or it is offline: a ticket that did not come out must not count as issued.
A printer that does not answer status at all (some network boxes and serial cables) is
printed to anyway; after its first silence we stop asking before each job.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from counter.printing import PrintError, PrinterStatus, Slip, paper_columns
from drivers.printer.connections import Connection, EscposDevice, describe_os_error
from drivers.printer.escpos_render import render_escpos
from drivers.printer.status import QUERIES, parse_status

__all__ = ["UNREADABLE_STATUS", "EscposPrinter"]

log = logging.getLogger("counter.printer")

UNREADABLE_STATUS = "此连接方式无法读取打印机状态"


class EscposPrinter:
    def __init__(
        self, connection: Connection, *, paper_mm: int, status_timeout: float = 1.5
    ) -> None:
        paper_columns(paper_mm)  # validate early
        self.connection = connection
        self.paper_mm = paper_mm
        self.status_timeout = status_timeout
        self.last_job: bytes | None = None
        self._answers_status: bool | None = None  # None until we have asked once
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")

    @property
    def description(self) -> str:
        return self.connection.description

    async def print_slip(self, slip: Slip) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self._print_blocking, slip)

    async def status(self) -> PrinterStatus:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._status_blocking)

    def close(self) -> None:
        """Stop the worker thread (waits for a job in progress)."""
        self._executor.shutdown(wait=True)

    # -- worker thread --

    def _read_status(self, device: EscposDevice) -> PrinterStatus:
        answers: dict[int, int] = {}
        for n in QUERIES:
            value = self.connection.query(device, n, self.status_timeout)
            if value is None:
                if n == 1:
                    break  # silent printer: don't wait for the other two as well
                continue
            answers[n] = value
        self._answers_status = 1 in answers
        return parse_status(answers)

    def _status_blocking(self) -> PrinterStatus:
        if not self.connection.can_read_status:
            return PrinterStatus.unknown(UNREADABLE_STATUS)
        try:
            device = self.connection.open()
        except PrintError as exc:
            return PrinterStatus(online=False, detail=exc.message)
        try:
            return self._read_status(device)
        finally:
            self.connection.close(device)

    def _print_blocking(self, slip: Slip) -> None:
        try:
            data = render_escpos(slip, self.paper_mm)
        except ValueError as exc:
            raise PrintError(f"票据内容无法打印：{exc}") from exc
        device = self.connection.open()
        try:
            if self.connection.can_read_status and self._answers_status is not False:
                status = self._read_status(device)
                if status.known and not status.ready:
                    raise PrintError(f"{status.detail}，未打印")
            try:
                device._raw(data)
            except Exception as exc:
                reason = describe_os_error(exc)
                raise PrintError(
                    f"打印中断：{self.description}（{reason}），请检查打印机后重新打印"
                ) from exc
        finally:
            self.connection.close(device)
        self.last_job = data
        log.info("printed %d bytes on %s", len(data), self.description)
