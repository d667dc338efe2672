"""`counter print-test [--printer URI]`: print the test slip and say in Chinese how it went.

The main CLI parses the arguments and calls `main(uri, paper_mm)`; nothing here imports Qt.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from counter.printing import PrintError, print_test_slip
from drivers.printer.factory import open_printer
from drivers.printer.preview import PreviewPrinter

__all__ = ["main"]


async def _run(uri: str, paper_mm: int, preview_dir: Path | None, out: TextIO) -> int:
    printer = open_printer(uri, paper_mm=paper_mm, preview_dir=preview_dir)
    try:
        status = await printer.status()
        state = status.detail if status.known else f"状态未知（{status.detail}）"
        print(f"打印机：{uri}（{paper_mm} mm）— {state}", file=out)
        training = isinstance(printer, PreviewPrinter)
        try:
            await printer.print_slip(print_test_slip(training=training))
        except PrintError as exc:
            print(f"打印失败：{exc.message}", file=out)
            return 1
        if isinstance(printer, PreviewPrinter):
            print(f"测试页预览已保存：{printer.last_png}", file=out)
        else:
            print("测试页已发送。请核对：中文标点、￥12.50、生僻字、二维码、切纸。", file=out)
        return 0
    finally:
        printer.close()


def main(
    uri: str, paper_mm: int, *, preview_dir: Path | None = None, out: TextIO | None = None
) -> int:
    """Print the test slip on `uri`; 0 when it was sent, 1 otherwise (message printed)."""
    stream = sys.stdout if out is None else out
    try:
        return asyncio.run(_run(uri, paper_mm, preview_dir, stream))
    except ValueError as exc:  # malformed URI or paper width
        print(f"打印失败：{exc}", file=stream)
        return 1
