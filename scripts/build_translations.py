"""Qt Linguist files of 社银通 Counter.

    python -m scripts.build_translations            compile resources/translations/*.ts → .qm
    python -m scripts.build_translations --force    recompile even if the .qm looks current
    python -m scripts.build_translations --update   refresh the .ts from the code (lupdate)

Compiling runs at install (scripts/bootstrap.sh) and at build time (build.spec); the .qm
files are build products and not committed. `--update` adds new texts of ui/ as unfinished
entries (to be translated; tests/test_translations.py fails until they are) and drops texts
the code no longer has.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
SOURCES = ROOT / "ui"


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    return found or name


def compile_all(*, force: bool = False) -> list[Path]:
    built = []
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not force and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def update_all() -> None:
    sources = [str(p) for p in sorted(SOURCES.rglob("*.py"))]
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        language = ts.stem.split("_", 1)[1]
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources,
                "-source-language",
                "zh_CN",
                "-target-language",
                language,
                "-no-obsolete",
                "-ts",
                str(ts),
            ],
            check=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="refresh the .ts from ui/")
    parser.add_argument("--force", action="store_true", help="recompile every .qm")
    args = parser.parse_args(argv)
    if args.update:
        update_all()
    compile_all(force=args.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
