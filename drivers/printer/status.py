"""Real-time status (`DLE EOT n`) answers -> `PrinterStatus`.

Each answer is one byte whose bits 1 and 4 are always 1 and bits 0 and 7 always 0
(`byte & 0x93 == 0x12`); anything else is not an answer (python-escpos's
`paper_status()` skips this check and reports "plenty of paper" when nothing comes back,
so it cannot tell "no paper" from "no answer" — we keep the bytes ourselves).

  n = 1 printer:  0x08 offline
  n = 2 offline cause: 0x04 cover open, 0x20 stopped at paper end, 0x40 error
  n = 4 roll paper sensor: 0x0C near end, 0x60 paper end
"""

from __future__ import annotations

from counter.printing import PrinterStatus

__all__ = ["QUERIES", "is_status_byte", "parse_status", "status_request"]

DLE_EOT = b"\x10\x04"
QUERIES = (1, 2, 4)


def status_request(n: int) -> bytes:
    return DLE_EOT + bytes([n])


def is_status_byte(value: int) -> bool:
    return value & 0x93 == 0x12


def parse_status(answers: dict[int, int]) -> PrinterStatus:
    """Build the status from the answers received (query n -> byte); missing ones are
    treated as "nothing wrong reported". Without an answer to n = 1 the status is unknown.
    """
    printer = answers.get(1)
    if printer is None:
        return PrinterStatus.unknown("打印机已连接，但没有应答状态查询（DLE EOT）")
    cause = answers.get(2, 0x12)
    paper = answers.get(4, 0x12)
    offline = bool(printer & 0x08)
    cover_open = bool(cause & 0x04)
    error = bool(cause & 0x40)
    paper_out = paper & 0x60 == 0x60 or bool(cause & 0x20)
    near_end = not paper_out and paper & 0x0C == 0x0C

    problems: list[str] = []
    if paper_out:
        problems.append("打印机缺纸")
    if cover_open:
        problems.append("打印机上盖未合上")
    if error:
        problems.append("打印机故障（切刀卡纸或过热），请检查打印机")
    if offline and not problems:
        problems.append("打印机离线")
    if near_end:
        problems.append("纸卷将用尽，请备纸")
    if problems == ["纸卷将用尽，请备纸"]:
        problems.insert(0, "打印机正常")
    return PrinterStatus(
        online=not offline and not error,
        paper_out=paper_out,
        cover_open=cover_open,
        paper_near_end=near_end,
        detail="，".join(problems) if problems else "打印机正常",
    )
