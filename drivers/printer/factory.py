"""`open_printer(uri)`: the composition root's one call to get a `Printer` from config."""

from __future__ import annotations

from pathlib import Path

from counter.printing import Printer
from drivers.printer.connections import (
    Connection,
    DummyConnection,
    FileConnection,
    NetworkConnection,
    SerialConnection,
    UsbConnection,
    Win32Connection,
)
from drivers.printer.device import EscposPrinter
from drivers.printer.preview import PreviewPrinter
from drivers.printer.uri import PrinterUri, parse_printer_uri

__all__ = ["open_printer"]


def _connection(parsed: PrinterUri) -> Connection:
    match parsed.kind:
        case "network":
            return NetworkConnection(parsed.host, parsed.port)
        case "usb":
            return UsbConnection(parsed.vendor_id, parsed.product_id)
        case "serial":
            return SerialConnection(parsed.device, parsed.baudrate)
        case "win32":
            return Win32Connection(parsed.device)
        case "file":
            return FileConnection(parsed.device)
        case "dummy":
            return DummyConnection()
    raise ValueError(parsed.kind)  # pragma: no cover - preview is handled by the caller


def open_printer(
    uri: str, *, paper_mm: int, preview_dir: Path | None = None
) -> EscposPrinter | PreviewPrinter:
    """The printer `uri` names, for a `paper_mm` (58/80) roll. Nothing is opened yet.

    `preview://DIR` (training) writes PNG previews to DIR, or to `preview_dir` when the
    URI has no directory. Raises ValueError (Chinese message) for a malformed URI or
    paper width.
    """
    parsed = parse_printer_uri(uri)
    if parsed.kind == "preview":
        directory = Path(parsed.device) if parsed.device else preview_dir
        if directory is None:
            raise ValueError(f"打印机地址“{uri}”没有给出预览目录，请写作 preview://目录")
        return PreviewPrinter(directory, paper_mm=paper_mm)
    return EscposPrinter(_connection(parsed), paper_mm=paper_mm)


def _is_printer(printer: EscposPrinter | PreviewPrinter) -> Printer:
    return printer  # mypy proves both implementations satisfy the core's protocol
