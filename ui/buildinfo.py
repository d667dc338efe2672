"""Version and build date of this copy of 社银通 Counter (no Qt: `counter --version` uses it).

A checkout or pip install reads the version from the package metadata. The bundle carries
`resources/build_info.json`, written by build.spec at build time, with the version and the
build date; it is read first, so a frozen app never depends on metadata lookups.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata

from counter.resources import resource_path

DISTRIBUTION = "shebaotong-counter"
BUILD_INFO = "build_info.json"


@cache
def _baked() -> dict[str, str]:
    try:
        data = json.loads(resource_path(BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def app_version() -> str:
    baked = _baked().get("version")
    if baked:
        return baked
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        from counter import __version__

        return __version__


def build_date() -> str | None:
    """YYYY-MM-DD of the bundle build; None when running from source."""
    return _baked().get("build_date") or None
