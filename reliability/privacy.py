"""Suite 5, privacy leaks: after a full scripted day, search everything the counter wrote.

The day (`reliability._day`) runs on the services the composition root builds in training
mode: hundreds of tickets and cases with seeded persons, ID cards read and numbers typed,
forms holding each person's own mobile and a bank account, reviews, journaled unmasks,
receipts and the sign-off slip printed to the preview printer, ratings, an 意见簿 entry
with a phone number, the day report exported as JSON, CSV and PDF, the journal written and
uploaded. Then every file under the counter's data directory is searched:

* log files (text);
* SQLite files as raw bytes, with their `-wal` and `-shm` files;
* exported reports: JSON and CSV as text; the PDF (pages are drawn as images with
  Pillow, so it holds no text layer) as raw bytes and with every Flate stream inflated;
* printed slips: the ESC/POS bytes of each slip decoded with `tests/escpos_decoder.py`
  (an independent decoder; Chinese text in GB18030), their QR payloads, and raw bytes;
* anything else in the directory, raw.

Searched for: the full ID number and mobile number of every seeded person (thousands, by
pattern then membership), each served person's 社保卡 number and full name, each bank
account typed into a form, the phone number written in the 意见簿. The training
platform's own directory is the bureau's side and is not searched.
"""

from __future__ import annotations

import asyncio
import re
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from reliability._composed import composed
from reliability._day import Typed, scripted_day, seeded_persons
from reliability.common import SuiteResult
from tests.escpos_decoder import decode
from ui.composition import Services

METHOD = __doc__.split("\n\n", 1)[1] if __doc__ else ""

# Where a full number may legitimately be kept; none of them is on disk in clear.
LAWFUL = (
    "The case sent to the bureau carries the full ID number, form values (mobile, bank "
    "account) and the 意见簿 contact: the bureau needs them to handle the case "
    "(社会保险经办条例: the applicant's identity and account for payments). On the PC they "
    "live only in the outbox and case tables, encrypted with the installation's data key "
    "(AES-GCM, key in the OS keyring), and in the bureau's own database. The clerk may show "
    "the full number on screen during an active case (journaled unmask); it is never "
    "printed: receipts carry the masked number (GB/T 35273 de-identified display)."
)

_ID = re.compile(rb"(?=(\d{17}[\dXx]))")
_MOBILE = re.compile(rb"(?=(1[3-9]\d{9}))")


def run(*, full: bool, workdir: str) -> SuiteResult:
    root = Path(workdir)
    result = SuiteResult("privacy", "5. Privacy leaks", METHOD)
    citizens = 240 if full else 6
    started = time.perf_counter()
    with composed(root / "counter") as c:
        typed, hits, scanned = asyncio.run(_day(c.services, citizens, c.data_dir / "reports"))
        data_dir = c.data_dir
    day_s = time.perf_counter() - started
    # Once more with everything closed: WAL checkpointed into the database, logs flushed.
    after, scanned_after = scan(data_dir, typed)
    hits = sorted(set(hits) | set(after))
    scanned = scanned | scanned_after
    result.add(
        "scripted day: tickets / cases / receipts / unmasks",
        f"{typed.tickets} / {typed.cases} / {typed.receipts} / {typed.unmasked}",
        "hundreds" if full else "> 0",
        typed.cases > 0 and (not full or typed.cases >= 200),
        f"{day_s:.0f} s; "
        + (
            f"{len(typed.problems)} refusals in the day (part of it): "
            + "; ".join(typed.problems[:3])
            if typed.problems
            else "no refusals"
        ),
    )
    planted, found = _self_test(root / "canary")
    result.add(
        "scanner self-test: planted leaks found",
        f"{found}/{planted}",
        "all",
        found == planted,
        "a full ID in a log, a mobile in a -wal file, a name in GB18030 on a slip, "
        "a bank account in a report",
    )
    kinds = Counter(kind for kind, _, _ in hits)
    result.add(
        "files scanned (logs, SQLite + WAL, reports, slips, other)",
        ", ".join(f"{k} {v}" for k, v in sorted(scanned.items())),
        "all",
        bool(scanned.get("slips")) and bool(scanned.get("sqlite")) and bool(scanned.get("logs")),
    )
    result.add(
        "full ID / mobile / bank account / card no. / unmasked name found",
        len(hits),
        "0",
        not hits,
        "; ".join(f"{kind} in {where}: {context}" for kind, where, context in hits[:8])
        or "places where the law requires the full number: " + LAWFUL,
    )
    if hits:
        result.add("leaks by kind", dict(kinds), "{}", False)
    return result


async def _day(
    services: Services, citizens: int, reports_dir: Path
) -> tuple[Typed, list[tuple[str, str, str]], Counter[str]]:
    """The day, then a scan while the services are still open (the -wal files exist)."""
    try:
        typed = await scripted_day(services, citizens, reports_dir)
        hits, scanned = await asyncio.to_thread(scan, services.data_dir, typed)
        return typed, hits, scanned
    finally:
        await services.aclose()


def _texts(path: Path, category: str) -> Iterator[bytes]:
    """The byte views of one file to search."""
    data = path.read_bytes()
    yield data
    if category == "reports" and path.suffix == ".pdf":
        for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
            try:
                yield zlib.decompress(match.group(1))
            except zlib.error:
                continue
    if category == "slips" and path.suffix == ".bin":
        try:
            decoded = decode(data)
        except AssertionError:  # not a slip the decoder knows: the raw views below still run
            decoded = None
        if decoded is not None:
            yield "\n".join(decoded.text_lines).encode("utf-8")
            for qr in decoded.qrs:
                yield str(getattr(qr, "data", qr)).encode("utf-8")
    if category in ("slips", "sqlite", "other"):
        # Printer text is GB18030: a name may sit there undecoded.
        yield data.decode("gb18030", "ignore").encode("utf-8")


def _category(path: Path, data_dir: Path) -> str:
    rel = path.relative_to(data_dir)
    if rel.parts[0] == "logs":
        return "logs"
    if ".sqlite" in path.name:
        return "sqlite"
    if rel.parts[0] == "reports":
        return "reports"
    if rel.parts[0] == "printer-preview":
        return "slips"
    return "other"


def scan(data_dir: Path, typed: Typed) -> tuple[list[tuple[str, str, str]], Counter[str]]:
    seeded = seeded_persons()
    ids = {p.id_number.encode() for p in seeded}
    mobiles = {p.mobile.encode() for p in seeded if p.mobile}
    literal: dict[bytes, str] = {}
    for person in typed.persons:
        literal[person.name.encode("utf-8")] = "unmasked name"
        if person.card_no:
            literal[person.card_no.encode()] = "社保卡 number"
    for account in typed.accounts:
        literal[account.encode()] = "bank account"
    for phone in typed.phones:
        literal[phone.encode()] = "mobile"
    hits: list[tuple[str, str, str]] = []
    scanned: Counter[str] = Counter()
    platform = data_dir / "platform"
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or platform in path.parents:
            continue
        category = _category(path, data_dir)
        scanned[category] += 1
        where = str(path.relative_to(data_dir))
        found: set[tuple[str, bytes]] = set()
        for view in _texts(path, category):
            found |= _found(view, ids, mobiles, literal)
        for kind, needle in sorted(found):
            hits.append((kind, where, _shown(kind, needle)))
    return hits, scanned


def _shown(kind: str, needle: bytes) -> str:
    """How a hit is reported: masked itself (the report must not leak either)."""
    text = needle.decode("utf-8", "replace")
    if kind == "unmasked name":
        return text[0] + "*" * (len(text) - 1)
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def _self_test(directory: Path) -> tuple[int, int]:
    """Plant one leak of each kind where the scan looks; how many it finds."""
    person = next(p for p in seeded_persons() if p.mobile)
    account = "6222021234567890123"
    files = {
        "logs/counter.log": f"2026-11-28 INFO lookup {person.id_number} ok\n".encode(),
        "counter.sqlite3-wal": b"\x00\x01" + person.mobile.encode() + b"\x00",
        "printer-preview/slip-1.bin": b"\x1b@\x1c&" + person.name.encode("gb18030") + b"\x1c.\n",
        "reports/day.csv": f"case,{account}\n".encode(),
    }
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    typed = Typed(persons=[person], accounts={account})
    hits, _ = scan(directory, typed)
    found = {where for _, where, _ in hits}
    return len(files), len(found & set(files))


def _found(
    view: bytes, ids: set[bytes], mobiles: set[bytes], literal: dict[bytes, str]
) -> set[tuple[str, bytes]]:
    found: set[tuple[str, bytes]] = set()
    for pattern, pool, kind in ((_ID, ids, "full ID"), (_MOBILE, mobiles, "mobile")):
        for match in pattern.finditer(view):
            if match.group(1) in pool:
                found.add((kind, match.group(1)))
    for needle, kind in literal.items():
        if needle in view:
            found.add((kind, needle))
    return found
