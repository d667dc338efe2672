"""The published bureau API contract: `docs/bureau-api.json`, generated, never hand-edited.

The document comes from the training platform's app, whose routes use the contract models
of `counter.bureau.models`, so the client, the platform and the document cannot drift. A
test compares the committed file with a fresh generation; after changing the models or
the routes run

    python -m counter.training.openapi
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from counter.training.app import create_app

OPENAPI_PATH = Path(__file__).resolve().parents[2] / "docs" / "bureau-api.json"


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the bureau API v1."""
    app = create_app("sqlite://", prepare=False)
    try:
        return app.openapi()
    finally:
        app.state.engine.dispose()


def openapi_json() -> str:
    """The document as committed: sorted keys, indent 2, UTF-8 text, final newline."""
    return json.dumps(openapi_document(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_openapi(path: Path = OPENAPI_PATH) -> None:
    """Write the document to `path` (default: docs/bureau-api.json in the checkout)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(openapi_json(), encoding="utf-8")


if __name__ == "__main__":
    write_openapi()
