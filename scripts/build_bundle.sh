#!/usr/bin/env bash
# Build the one-dir bundle from build.spec: dist/counter/ (counter; on Windows also
# counter-debug.exe, the console twin for `counter-debug doctor` and tracebacks).
#
#     scripts/build_bundle.sh            incremental (PyInstaller reuses build/)
#     scripts/build_bundle.sh --clean    from scratch
#
# On Windows run it from Git Bash (PYTHON defaults to .venv/Scripts/python.exe there).
# The translations are compiled by the spec itself (scripts/build_translations.py).
# tests/test_bundle.py builds the same spec and runs the frozen app headless.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=.venv/Scripts/python.exe; fi
fi
"$PYTHON" -m PyInstaller --noconfirm "$@" build.spec
"$PYTHON" - <<'PY'
from pathlib import Path

bundle = Path("dist/counter")
files = sorted(((p.lstat().st_size, p) for p in bundle.rglob("*") if p.is_file()), reverse=True)
total = sum(size for size, _ in files)
print(f"\n{bundle}: {total / 1e6:.1f} MB in {len(files)} files (target: 150 MB)")
for size, path in files[:10]:
    print(f"  {size / 1e6:6.1f} MB  {path.relative_to(bundle)}")
PY
