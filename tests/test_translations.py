"""Every UI text is translated to English, keeps its placeholders, and compiles."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from counter.resources import resource_path

TS_FILES = sorted(resource_path("translations").glob("*.ts"))
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def messages(ts: Path) -> list[tuple[str, str, str]]:
    root = ET.parse(ts).getroot()
    found = []
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type", "")
        found.append((source, translation.text or "", kind))
    return found


def test_there_is_an_english_translation() -> None:
    assert [p.name for p in TS_FILES] == ["counter_en.ts"]


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_translations_are_complete_and_keep_placeholders(ts: Path) -> None:
    entries = messages(ts)
    assert len(entries) > 50
    for source, translation, kind in entries:
        assert kind not in {"unfinished", "vanished", "obsolete"}, source
        assert translation.strip(), source
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (
            source
        )
        assert ("&" in source) == ("&" in translation), f"shortcut marker lost: {source}"


def test_sources_are_current_with_the_code(tmp_path: Path) -> None:
    """lupdate over ui/ (and its subpackages) finds no text that the committed .ts lacks."""
    ui_dir = Path(__file__).resolve().parent.parent / "ui"
    sources = sorted(ui_dir.rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), *map(str, sources), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    committed = {
        source for source, _, _ in messages(resource_path("translations", "counter_en.ts"))
    }
    current = {source for source, _, _ in messages(fresh)}
    assert current - committed == set()


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_compiles_with_lrelease(ts: Path, tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    qm = tmp_path / "out.qm"
    subprocess.run([str(lrelease), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    assert qm.stat().st_size > 1000
