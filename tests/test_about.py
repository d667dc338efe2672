"""The version a clerk or IT can read: `counter --version` and the About dialog."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import counter
import ui.buildinfo
from ui.about import AboutDialog
from ui.cli import main
from ui.qt import QApplication, Qt


def test_version_comes_from_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    version = metadata.version("shebaotong-counter")
    assert capsys.readouterr().out.strip() == f"社银通 Counter {version}"
    assert counter.__version__ == version  # the core's constant does not drift


def test_the_bundle_reads_its_baked_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources").mkdir()
    info = {"version": "9.8.7", "build_date": "2026-11-28"}
    (tmp_path / "resources" / "build_info.json").write_text(json.dumps(info), "utf-8")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    ui.buildinfo._baked.cache_clear()
    try:
        assert ui.buildinfo.app_version() == "9.8.7"
        assert ui.buildinfo.build_date() == "2026-11-28"
    finally:
        monkeypatch.undo()
        ui.buildinfo._baked.cache_clear()
    assert ui.buildinfo.build_date() is None  # from source: no build date


def test_about_shows_product_version_runtime_and_data_dir(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = AboutDialog(data_dir=tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.text()
    assert "社银通 Counter" in text
    assert f"版本：{ui.buildinfo.app_version()}" in text
    assert "构建日期：源代码运行（未打包）" in text
    assert "Python 3." in text and "Qt 6." in text
    assert str(tmp_path / "data") in text
    assert "专有软件" in text
    for field in dialog.rows.values():
        assert field.accessibleName()


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_about_closes_from_the_keyboard(qapp: QApplication, qtbot: QtBot, key: Qt.Key) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.keyClick(dialog.focusWidget() or dialog, key)
    assert not dialog.isVisible()
