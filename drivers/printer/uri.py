"""`printer.uri` parsing (DESIGN §3.4).

* `network://HOST[:PORT]` — raw TCP, port 9100 by default (IPv6: `[::1]:9100`)
* `usb://VID:PID` — hexadecimal ids, e.g. `usb://0416:5011`
* `serial:///dev/ttyUSB0?baudrate=9600` — or `serial://COM3?baudrate=9600`
* `win32://PRINTER NAME` — a Windows printer queue, sent RAW (`%20` allowed)
* `file://PATH` — a device node or a file (gets the raw job)
* `dummy://` — keeps the bytes in memory
* `preview://DIR` — training: PNG previews in DIR (or the configured default directory)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, unquote

__all__ = ["ACCEPTED_FORMS", "PrinterUri", "parse_printer_uri"]

Kind = Literal["network", "usb", "serial", "win32", "file", "dummy", "preview"]

ACCEPTED_FORMS = (
    "network://主机:9100、usb://VID:PID（十六进制，如 usb://0416:5011）、"
    "serial:///dev/ttyUSB0?baudrate=9600（Windows：serial://COM3?baudrate=9600）、"
    "win32://打印机名称、file://路径、dummy://、preview://目录"
)

_BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_HEX_ID = re.compile(r"^(?:0x)?([0-9a-fA-F]{1,4})$")
_HOST = re.compile(r"^[A-Za-z0-9.\-_]+$")


@dataclass(frozen=True)
class PrinterUri:
    kind: Kind
    uri: str
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""  # serial device, printer name, file path or preview directory
    baudrate: int = 9600


def _invalid(uri: str, reason: str) -> ValueError:
    return ValueError(f"打印机地址“{uri}”无效：{reason}。可用的格式：{ACCEPTED_FORMS}")


def _query(uri: str, query: str, allowed: set[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, items in parse_qs(query, keep_blank_values=True).items():
        if key not in allowed:
            raise _invalid(uri, f"不认识的参数“{key}”")
        values[key] = items[-1]
    return values


def _network(uri: str, rest: str) -> PrinterUri:
    if "?" in rest or "/" in rest.rstrip("/"):
        raise _invalid(uri, "网络打印机只需主机和端口")
    rest = rest.rstrip("/")
    match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d+))?|([^:\[\]]+)(?::(\d+))?", rest)
    if not match:
        raise _invalid(uri, "缺少主机名，或端口不是数字")
    host = match.group(1) or match.group(3) or ""
    port_text = match.group(2) or match.group(4)
    if match.group(3) is not None and not _HOST.match(host):
        raise _invalid(uri, f"主机名“{host}”含有非法字符")
    port = int(port_text) if port_text else 9100
    if not 1 <= port <= 65535:
        raise _invalid(uri, f"端口 {port} 超出 1–65535")
    return PrinterUri("network", uri, host=host, port=port)


def _usb(uri: str, rest: str) -> PrinterUri:
    parts = rest.rstrip("/").split(":")
    ids = [_HEX_ID.match(part) for part in parts]
    if len(parts) != 2 or not ids[0] or not ids[1]:
        raise _invalid(uri, "USB 打印机写作 usb://VID:PID，VID 和 PID 为四位十六进制数")
    vendor, product = (int(m.group(1), 16) for m in ids if m)
    if vendor == 0 or product == 0:
        raise _invalid(uri, "VID 和 PID 不能为 0")
    return PrinterUri("usb", uri, vendor_id=vendor, product_id=product)


def _serial(uri: str, rest: str) -> PrinterUri:
    device, _, query = rest.partition("?")
    device = unquote(device)
    if not device or device == "/":
        raise _invalid(uri, "缺少串口设备，如 /dev/ttyUSB0 或 COM3")
    params = _query(uri, query, {"baudrate"})
    baud_text = params.get("baudrate", "9600")
    if not baud_text.isdigit() or int(baud_text) not in _BAUDRATES:
        rates = "、".join(map(str, _BAUDRATES))
        raise _invalid(uri, f"波特率“{baud_text}”无效（可用：{rates}）")
    return PrinterUri("serial", uri, device=device, baudrate=int(baud_text))


def _win32(uri: str, rest: str) -> PrinterUri:
    name = unquote(rest).strip()
    if not name:
        raise _invalid(uri, "缺少 Windows 打印机名称")
    return PrinterUri("win32", uri, device=name)


def _file(uri: str, rest: str) -> PrinterUri:
    path = unquote(rest)
    if not path:
        raise _invalid(uri, "缺少文件路径")
    return PrinterUri("file", uri, device=path)


def _dummy(uri: str, rest: str) -> PrinterUri:
    if rest.strip("/"):
        raise _invalid(uri, "dummy:// 后面不带内容")
    return PrinterUri("dummy", uri)


def _preview(uri: str, rest: str) -> PrinterUri:
    return PrinterUri("preview", uri, device=unquote(rest))


_PARSERS: dict[str, Callable[[str, str], PrinterUri]] = {
    "network": _network,
    "usb": _usb,
    "serial": _serial,
    "win32": _win32,
    "file": _file,
    "dummy": _dummy,
    "preview": _preview,
}


def parse_printer_uri(uri: str) -> PrinterUri:
    """Parse `uri`; a malformed one raises ValueError with a Chinese message naming it."""
    scheme, sep, rest = uri.strip().partition("://")
    scheme = scheme.lower()
    if not sep:
        raise _invalid(uri, "缺少“类型://”前缀")
    parser = _PARSERS.get(scheme)
    if parser is None:
        raise _invalid(uri, f"不认识的打印机类型“{scheme}”")
    return parser(uri, rest)
