"""Receipt printer drivers: ESC/POS devices and the training-mode preview printer.

Implements `counter.printing.Printer`. Start at `open_printer(uri, paper_mm=…)`.
"""

from drivers.printer.device import EscposPrinter
from drivers.printer.escpos_decode import decode_escpos
from drivers.printer.escpos_render import render_escpos
from drivers.printer.factory import open_printer
from drivers.printer.preview import PreviewPrinter, find_cjk_font, render_preview
from drivers.printer.uri import PrinterUri, parse_printer_uri

__all__ = [
    "EscposPrinter",
    "PreviewPrinter",
    "PrinterUri",
    "decode_escpos",
    "find_cjk_font",
    "open_printer",
    "parse_printer_uri",
    "render_escpos",
    "render_preview",
]
