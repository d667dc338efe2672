"""The benchmark runner (`python -m bench`, issue 8) cannot rot: one cheap benchmark end to
end, its printed line and its JSON shape, and the document it renders. No timing asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_runner_runs_search_quick_and_prints_the_documented_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "search", "--quick", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(done.stdout)
    assert list(data) == ["search"]
    figure = data["search"]
    assert {"value", "unit", "baseline", "ratio", "target", "met"} <= set(figure)
    assert figure["value"] > 0 and figure["baseline"] > 0
    assert figure["ratio"] == round(figure["value"] / figure["baseline"], 2)
    assert isinstance(figure["met"], bool)
    assert "search" in done.stderr  # the readable line goes to stderr with --json


def test_unknown_names_are_refused() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "nonsense", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "unknown benchmark" in done.stderr


def test_the_document_has_a_row_and_a_method_per_benchmark() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.__main__ import NAMES, render
    finally:
        sys.path.remove(str(ROOT))
    stored = {
        "search": {
            "value": 0.7,
            "unit": "ms p99 per keystroke",
            "baseline": 0.3,
            "ratio": 2.33,
            "target": "p99 ≤ 2 ms",
            "met": True,
            "method": "Typed keystroke by keystroke.",
            "extra": {"rounds": 1},
            "seconds": 2,
            "when": "now",
            "machine": "here",
        }
    }
    text = render(stored)
    assert "| `search` | 0.70 | ms p99 per keystroke | 0.30 | 2.33 | p99 ≤ 2 ms | yes |" in text
    assert "## `search`" in text and "Typed keystroke by keystroke." in text
    for name in NAMES:
        assert f"| `{name}` |" in text
