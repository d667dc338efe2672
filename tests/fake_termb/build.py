"""Compile the fake vendor libraries (C sources beside this file) for the ctypes tests.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def compiler() -> str | None:
    return os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")


def build_library(source: str, out_dir: Path, name: str, *defines: str) -> Path:
    """`cc -shared -fPIC -o out_dir/name source`; skips the test without a C compiler."""
    cc = compiler()
    if cc is None or sys.platform == "win32":
        pytest.skip("no C compiler (cc) to build the fake vendor library")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    command = [cc, "-shared", "-fPIC", "-o", str(target), str(HERE / source)]
    command += [f"-D{d}" for d in defines]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise AssertionError(f"building {source} failed:\n{result.stderr}")
    return target
