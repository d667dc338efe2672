"""The privacy suite, short version: a small scripted training day, then every file the
counter wrote is searched for personal data; the scanner proves itself on planted leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.identity import mask_id, mask_mobile, mask_name
from counter.training.persons import generate_persons
from reliability import privacy
from reliability._day import Typed


def test_the_scan_finds_full_numbers_but_not_masked_ones(tmp_path: Path) -> None:
    person = next(p for p in generate_persons() if p.mobile)
    logs = tmp_path / "logs"
    logs.mkdir()
    masked = f"{mask_id(person.id_number)} {mask_mobile(person.mobile)} {mask_name(person.name)}"
    (logs / "counter.log").write_text(masked + "\n", encoding="utf-8")
    typed = Typed(persons=[person])
    assert privacy.scan(tmp_path, typed)[0] == []

    (logs / "counter.log.1").write_text(f"lookup {person.id_number}\n", encoding="utf-8")
    hits, scanned = privacy.scan(tmp_path, typed)
    assert [(kind, where) for kind, where, _ in hits] == [("full ID", "logs/counter.log.1")]
    assert person.id_number not in hits[0][2]  # the finding itself is reported masked
    assert scanned["logs"] == 2


@pytest.mark.slow
def test_short_privacy_suite_finds_no_leak(tmp_path: Path) -> None:
    result = privacy.run(full=False, workdir=str(tmp_path))
    figures = {f.name: f for f in result.figures}
    assert figures["scanner self-test: planted leaks found"].ok
    day = figures["scripted day: tickets / cases / receipts / unmasks"].value
    tickets, cases, receipts, _ = (int(part) for part in day.split(" / "))
    assert tickets > 0 and cases > 0 and receipts == cases
    failed = [f"{f.name}: {f.value} ({f.note})" for f in result.figures if not f.ok]
    assert not failed
