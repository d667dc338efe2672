"""Transports: python-escpos connection classes, opened per job, errors made Chinese.

We use python-escpos only to move bytes (`_raw`, `_read`); the bytes themselves come from
`escpos_render`. Each `Connection.open()` returns an opened python-escpos printer object
or raises `PrintError`. All calls here block: they run on the printer's own worker
thread (see `device.py`), never on the event loop.

python-escpos is imported lazily: importing it calls `logging.basicConfig()`, creates a
temporary directory and parses a YAML profile database, none of which a headless
subcommand that never prints should pay for.

python-escpos quirks handled here:

* `Network.open()` leaks the socket when the connection fails (and the error loses its
  cause); we open it ourselves with `socket.create_connection` (IPv4/IPv6, timeouts).
* `Usb` and `Serial` need pyusb / pyserial; without them their constructor or
  destructor raises RuntimeError, so we check `is_usable()` first and say what is missing.
* `Win32Raw` cannot read, so it cannot report status.
"""

from __future__ import annotations

import errno
import socket
from functools import cache
from typing import Any

from counter.printing import PrintError
from drivers.printer.status import is_status_byte, status_request

__all__ = [
    "Connection",
    "DummyConnection",
    "FileConnection",
    "NetworkConnection",
    "SerialConnection",
    "UsbConnection",
    "Win32Connection",
    "describe_os_error",
]

# python-escpos is untyped; its printer objects are Any here.
EscposDevice = Any


_REASONS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (ConnectionRefusedError, "连接被拒绝，请检查打印机电源和网线"),
    (TimeoutError, "连接超时"),
    (socket.gaierror, "找不到该主机名"),
    ((ConnectionResetError, BrokenPipeError, ConnectionAbortedError), "连接被打印机断开"),
    (FileNotFoundError, "设备或路径不存在"),
    (PermissionError, "没有访问权限"),
)


def describe_os_error(exc: BaseException) -> str:
    """A short Chinese reason for a connection failure."""
    cause: BaseException = exc
    while isinstance(cause, Exception) and not isinstance(cause, OSError):
        nxt = cause.__cause__ or cause.__context__
        if nxt is None:
            break
        cause = nxt
    for kinds, reason in _REASONS:
        if isinstance(cause, kinds):
            return reason
    if isinstance(cause, OSError):
        if cause.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return "网络不可达"
        return cause.strerror or str(cause)
    return str(cause) or type(cause).__name__


@cache
def _escpos() -> Any:
    import escpos.exceptions
    import escpos.printer

    return escpos


@cache
def _network_class() -> type[Any]:
    network: type[Any] = _escpos().printer.Network

    class _Network(network):  # type: ignore[misc]
        """`Network` whose `open()` closes the socket when connecting fails."""

        def open(self, raise_not_found: bool = True) -> None:
            self.device = socket.create_connection((self.host, self.port), self.timeout)

    return _Network


class Connection:
    """How to reach one printer. Subclasses fill in `_make` and, if they can, `_settimeout`."""

    description = "打印机"
    can_read_status = False

    def open(self) -> EscposDevice:
        """Connect; raise `PrintError("打印机未连接：…")` when that fails."""
        try:
            device = self._make()
            device.open()
        except PrintError:
            raise
        except Exception as exc:
            reason = describe_os_error(exc)
            raise PrintError(f"打印机未连接：{self.description}（{reason}）") from exc
        return device

    def _make(self) -> EscposDevice:
        raise NotImplementedError

    def close(self, device: EscposDevice) -> None:
        try:
            device.close()
        except Exception:  # closing a broken link must not hide the real error
            pass

    def _settimeout(self, device: EscposDevice, seconds: float) -> None:
        """Bound the next read (only where status can be read)."""

    def query(self, device: EscposDevice, n: int, timeout: float) -> int | None:
        """Send `DLE EOT n` and return the answer byte, or None when none came."""
        if not self.can_read_status:
            return None
        self._settimeout(device, timeout)
        try:
            device._raw(status_request(n))
            answer: bytes = device._read()
        except Exception:  # a silent or broken link means "no answer"
            return None
        finally:
            self._settimeout(device, self._io_timeout())
        for value in reversed(bytes(answer)):
            if is_status_byte(value):
                return value
        return None

    def _io_timeout(self) -> float:
        return 10.0


class NetworkConnection(Connection):
    can_read_status = True

    def __init__(self, host: str, port: int, *, timeout: float = 5.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.description = f"网络打印机 {host}:{port}"

    def _make(self) -> EscposDevice:
        return _network_class()(host=self.host, port=self.port, timeout=self.timeout)

    def _settimeout(self, device: EscposDevice, seconds: float) -> None:
        device.device.settimeout(seconds)

    def _io_timeout(self) -> float:
        return self.timeout


class UsbConnection(Connection):
    can_read_status = True

    def __init__(self, vendor_id: int, product_id: int) -> None:
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.description = f"USB 打印机 {vendor_id:04x}:{product_id:04x}"

    def _make(self) -> EscposDevice:
        usb = _escpos().printer.Usb
        if not usb.is_usable():
            raise PrintError(f"打印机未连接：{self.description}（未安装 pyusb/libusb）")
        # 5 s write timeout: a jammed printer must not hang the worker for ever.
        return usb(self.vendor_id, self.product_id, timeout=5000)


class SerialConnection(Connection):
    can_read_status = True

    def __init__(self, device: str, baudrate: int) -> None:
        self.device = device
        self.baudrate = baudrate
        self.description = f"串口打印机 {device}（{baudrate} 波特）"

    def _make(self) -> EscposDevice:
        serial = _escpos().printer.Serial
        if not serial.is_usable():
            raise PrintError(f"打印机未连接：{self.description}（未安装 pyserial）")
        return serial(devfile=self.device, baudrate=self.baudrate, timeout=1)

    def _settimeout(self, device: EscposDevice, seconds: float) -> None:
        device.device.timeout = seconds


class Win32Connection(Connection):
    def __init__(self, name: str) -> None:
        self.name = name
        self.description = f"Windows 打印机“{name}”"

    def _make(self) -> EscposDevice:
        win32 = _escpos().printer.Win32Raw
        if not win32.is_usable():
            raise PrintError(f"打印机未连接：{self.description}（需要 Windows 和 pywin32）")
        return win32(self.name)


class FileConnection(Connection):
    def __init__(self, path: str) -> None:
        self.path = path
        self.description = f"文件 {path}"

    def _make(self) -> EscposDevice:
        return _escpos().printer.File(devfile=self.path, auto_flush=True)


class DummyConnection(Connection):
    """Keeps everything sent in memory (`output`); the same device for every job."""

    description = "内存打印机（dummy）"

    def __init__(self) -> None:
        self._device: EscposDevice | None = None

    def _make(self) -> EscposDevice:
        if self._device is None:
            self._device = _escpos().printer.Dummy()
        return self._device

    @property
    def output(self) -> bytes:
        return b"" if self._device is None else bytes(self._device.output)
