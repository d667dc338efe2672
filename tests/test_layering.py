"""The core imports no Qt, no ui and no drivers; drivers import no ui (DESIGN §2)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: str) -> list[str]:
    names = [package]
    for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
        if ".migrations.versions" in info.name or info.name.endswith(".migrations.env"):
            continue  # alembic scripts only run inside alembic
        if info.name.endswith(".__main__"):
            continue  # entry points run their program when imported
        names.append(info.name)
    return names


def _imported_after(modules: list[str]) -> set[str]:
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout))


def _top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def test_core_imports_no_qt_ui_or_drivers() -> None:
    modules = _modules("counter")
    assert len(modules) > 10
    loaded = _top_level(_imported_after(modules))
    assert not loaded & {"PySide6", "shiboken6", "qasync", "ui", "drivers"}


def test_drivers_import_no_ui_or_qt() -> None:
    loaded = _top_level(_imported_after(_modules("drivers")))
    assert not loaded & {"PySide6", "shiboken6", "qasync", "ui"}


def test_headless_commands_do_not_import_qt() -> None:
    script = "import sys, json\nfrom ui import cli\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "PySide6" not in _top_level(set(json.loads(out.stdout)))
