"""Every UI text is translated, keeps its placeholders, compiles, and the .ts is current.

Chinese is the source language (complete by construction); English comes from
resources/translations/counter_en.ts. Qt's own qtbase catalogue makes the standard buttons
speak the same language as the rest of the window.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter.resources import resource_path
from ui.app import install_translators
from ui.qt import QApplication, QDialogButtonBox, QMessageBox

TS_FILES = sorted(resource_path("translations").glob("*.ts"))
UI_DIR = Path(__file__).resolve().parent.parent / "ui"
BIN = Path(sys.executable).parent
# str.format fields ({name}, {0}, {}), Qt's plural count %n and positional args %1..%99.
PLACEHOLDER = re.compile(r"\{(\w*)(?:[!:][^{}]*)?\}|%n|%L?\d{1,2}")


def placeholders(text: str) -> Counter[str]:
    return Counter(m.group(0).split(":")[0].split("!")[0] for m in PLACEHOLDER.finditer(text))


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) → the <message> element."""
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def problems(ts: Path) -> list[str]:
    """Everything that would show a clerk Chinese (or a broken text) in this language."""
    found: list[str] = []
    for (context, source), message in messages(ts).items():
        where = f"{context}: {source!r}"
        translation = message.find("translation")
        if translation is None:
            found.append(f"{where}: no <translation>")
            continue
        kind = translation.get("type", "")
        if kind in {"unfinished", "vanished", "obsolete"}:
            found.append(f"{where}: {kind}")
            continue
        if message.get("numerus") == "yes":
            forms = [form.text or "" for form in translation.iter("numerusform")]
        else:
            forms = [translation.text or ""]
        for text in forms:
            if not text.strip():
                found.append(f"{where}: empty translation")
            elif placeholders(source) != placeholders(text):
                found.append(f"{where}: placeholders {dict(placeholders(source))} → {text!r}")
            elif ("&" in source) != ("&" in text):
                found.append(f"{where}: shortcut marker & lost or added in {text!r}")
    return found


def write_ts(path: Path, body: str) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="en" sourcelanguage="zh_CN">\n'
        f"<context><name>Demo</name>{body}</context></TS>\n",
        encoding="utf-8",
    )
    return path


def test_there_is_an_english_translation() -> None:
    assert [p.name for p in TS_FILES] == ["counter_en.ts"]


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_translations_are_complete_and_keep_placeholders(ts: Path) -> None:
    assert len(messages(ts)) > 50
    assert problems(ts) == []


@pytest.mark.parametrize(
    ("source", "translation", "complaint"),
    [
        ("共 {count} 件", "<translation>{count} cases</translation>", None),
        ("共 {count} 件", '<translation type="unfinished"></translation>', "unfinished"),
        ("共 {count} 件", "<translation>   </translation>", "empty"),
        ("共 {count} 件", "<translation>{n} cases</translation>", "placeholders"),
        ("{a} 与 {a}", "<translation>{a} and more</translation>", "placeholders"),
        ("第 %1 号", "<translation>No. %2</translation>", "placeholders"),
        ("保存(&amp;S)", "<translation>Save</translation>", "shortcut"),
        (
            "%n 人等候",
            "<translation><numerusform>%n waits</numerusform>"
            "<numerusform>%n wait</numerusform></translation>",
            None,
        ),
        (
            "%n 人等候",
            "<translation><numerusform>one waits</numerusform>"
            "<numerusform>%n wait</numerusform></translation>",
            "placeholders",
        ),
        ("旧文字", '<translation type="vanished">Old text</translation>', "vanished"),
    ],
)
def test_the_check_catches_what_would_break_the_english_ui(
    tmp_path: Path, source: str, translation: str, complaint: str | None
) -> None:
    numerus = ' numerus="yes"' if "numerusform" in translation else ""
    ts = write_ts(
        tmp_path / "demo.ts",
        f"<message{numerus}><source>{source}</source>{translation}</message>",
    )
    found = problems(ts)
    if complaint is None:
        assert found == []
    else:
        assert len(found) == 1 and complaint in found[0], found


def test_ts_is_current_with_the_code(tmp_path: Path) -> None:
    """lupdate over ui/ yields exactly the messages (context and source) of the .ts:
    no text in the code lacks an entry, and no entry is left over from removed code."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *map(str, sorted(UI_DIR.rglob("*.py"))), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    committed = set(messages(resource_path("translations", "counter_en.ts")))
    current = set(messages(fresh))
    hint = "run `python -m scripts.build_translations --update` and translate the new entries"
    assert sorted(current - committed) == [], f"texts missing from counter_en.ts; {hint}"
    assert sorted(committed - current) == [], f"counter_en.ts has stale texts; {hint}"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_compiles_with_lrelease(ts: Path, tmp_path: Path) -> None:
    qm = tmp_path / "out.qm"
    done = subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert qm.stat().st_size > 1000
    assert " 0 unfinished" in done.stdout, done.stdout


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh_CN", ("确定", "取消", "是", "否")), ("en", ("OK", "Cancel", "Yes", "No"))],
)
def test_standard_buttons_speak_the_ui_language(
    qapp: QApplication, qtbot: QtBot, language: str, expected: tuple[str, str, str, str]
) -> None:
    ok, cancel, yes, no = expected
    translators = install_translators(qapp, language)
    try:
        assert translators, "qtbase translation not found"
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        qtbot.addWidget(buttons)
        ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert ok_button.text().replace("&", "") == ok
        assert cancel_button.text().replace("&", "") == cancel
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "?",
            "?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        qtbot.addWidget(box)
        yes_text = box.button(QMessageBox.StandardButton.Yes).text()
        no_text = box.button(QMessageBox.StandardButton.No).text()
        assert re.sub(r"\(&\w\)|&", "", yes_text) == yes
        assert re.sub(r"\(&\w\)|&", "", no_text) == no
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
