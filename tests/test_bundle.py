"""The frozen app: build.spec makes a one-dir bundle that stays small and runs headless.

Builds once per test session into a temporary dist dir. PyInstaller's work dir and binary
cache live under the system temp dir and are reused by the next run, so an unchanged tree
rebuilds only what changed (a cold build is about a minute on two cores).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from counter.training.server import TrainingServer

pytest.importorskip("PyInstaller")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "shebaotong-counter-bundle"
SIZE_LIMIT = 150_000_000  # bytes, the whole dist/counter folder
EXE = "counter.exe" if sys.platform == "win32" else "counter"
QT_USED = {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport"}
ROW = re.compile(r"^(?P<outcome>OK|WARN|FAIL)\s+(?P<name>\S.*?)\s{2,}(?P<detail>.*)$")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    env = dict(os.environ, PYINSTALLER_CONFIG_DIR=str(CACHE / "config"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(CACHE / "work"),
            str(ROOT / "build.spec"),
        ],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return dist / "counter"


def files_by_size(folder: Path) -> list[tuple[int, Path]]:
    return sorted(
        ((p.lstat().st_size, p) for p in folder.rglob("*") if p.is_file() or p.is_symlink()),
        reverse=True,
    )


def run_frozen(
    bundle: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / EXE), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_bundle_fits_the_size_target(bundle: Path) -> None:
    files = files_by_size(bundle)
    total = sum(size for size, _ in files)
    largest = "\n".join(f"{size / 1e6:7.1f} MB  {p.relative_to(bundle)}" for size, p in files[:10])
    print(f"\nbundle {total / 1e6:.1f} MB in {len(files)} files; largest:\n{largest}")
    assert total <= SIZE_LIMIT, f"{total / 1e6:.1f} MB > {SIZE_LIMIT / 1e6:.0f} MB\n{largest}"


def test_bundle_holds_only_the_qt_it_uses_and_its_resources(bundle: Path) -> None:
    internal = bundle / "_internal"
    bindings = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.*")}
    assert bindings == QT_USED
    names = {p.name for _, p in files_by_size(bundle)}
    for unused in ("Qt6Qml", "Qt6Quick", "Qt6Network", "Qt6Svg", "Qt6WebEngine", "Qt6Pdf"):
        assert not any(unused in name for name in names), unused
    translations = internal / "resources" / "translations"
    assert {p.name for p in translations.glob("*.qm")} == {
        "counter_en.qm",
        "qtbase_en.qm",
        "qtbase_zh_CN.qm",
    }
    assert not list(internal.rglob("PySide6/Qt/translations/*.qm"))  # the other 90 languages
    for folder in ("styles", "training"):  # the source's resources, file for file
        for source in (ROOT / "resources" / folder).rglob("*"):
            if source.is_file():
                shipped = internal / "resources" / source.relative_to(ROOT / "resources")
                assert shipped.is_file(), shipped
    assert list((internal / "counter" / "storage" / "migrations" / "versions").glob("0001*.py"))
    info = json.loads((internal / "resources" / "build_info.json").read_text("utf-8"))
    assert info["version"] == metadata.version("shebaotong-counter")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", info["build_date"])


def test_frozen_version(bundle: Path) -> None:
    done = run_frozen(bundle, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"社银通 Counter {metadata.version('shebaotong-counter')}"


def test_frozen_doctor_reaches_the_training_platform(
    bundle: Path, tmp_path: Path, training_server: TrainingServer
) -> None:
    """Everything passes except, on a CI box without an OS keyring, the keyring: doctor
    then exits 1 and says so (the keyring backends it found prove they were bundled)."""
    config = tmp_path / "counter.toml"
    config.write_text(
        f'data_dir = "{(tmp_path / "data").as_posix()}"\n'
        f'[bureau]\nbase_url = "{training_server.base_url}"\n'
        f'ca_file = "{training_server.ca_file.as_posix()}"\n',
        encoding="utf-8",
    )
    done = run_frozen(bundle, "--config", str(config), "doctor")
    out = done.stdout
    assert "Traceback" not in done.stderr + out, done.stderr
    rows = {
        m["name"]: (m["outcome"], m["detail"])
        for m in map(ROW.match, out.splitlines())
        if m is not None
    }
    assert rows["人社平台连接"][0] == "OK" and "社银通培训平台" in rows["人社平台连接"][1], out
    assert rows["人社平台 CA 证书"][0] == "OK", out
    assert re.search("[Kk]eyring", rows["系统密钥环"][1]), out
    failed = {name for name, (outcome, _) in rows.items() if outcome == "FAIL"}
    assert failed <= {"系统密钥环"}, out
    assert done.returncode == (1 if failed else 0), out


@pytest.fixture
def training_app(bundle: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    config = tmp_path / "counter.toml"
    config.write_text(f'data_dir = "{(tmp_path / "data").as_posix()}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTER_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    stderr = tmp_path / "stderr.txt"
    with stderr.open("w", encoding="utf-8") as err:
        process = subprocess.Popen(
            [str(bundle / EXE), "--config", str(config), "--training"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            text=True,
        )
        try:
            yield process, tmp_path
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_frozen_app_starts_in_training_mode_to_a_ready_login(
    training_app: tuple[subprocess.Popen[str], Path],
) -> None:
    """Login window shown, training platform up, the client's first health check answered."""
    process, home = training_app
    log = home / "data" / "training" / "logs" / "counter.log"
    deadline = time.monotonic() + 120  # a hang fails here instead of at the test timeout
    while "/v1/health" not in (log.read_text("utf-8") if log.exists() else ""):
        assert process.poll() is None, (home / "stderr.txt").read_text("utf-8")
        assert time.monotonic() < deadline, "no health check within 120 s"
        time.sleep(0.2)
    time.sleep(2)  # the rest of start-up: preview window, hall display, status bar
    assert process.poll() is None, (home / "stderr.txt").read_text("utf-8")
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    text = log.read_text("utf-8")
    assert "training platform listening on https://127.0.0.1:" in text
    assert '/v1/health "HTTP/1.1 200 OK"' in text
    assert not re.search(r"Traceback| ERROR | CRITICAL ", text), text
    assert "Traceback" not in (home / "stderr.txt").read_text("utf-8")
    crash = log.parent / "crash.txt"
    assert not crash.exists() or crash.read_text("utf-8") == ""
