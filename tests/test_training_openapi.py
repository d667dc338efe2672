"""The bureau API contract: docs/bureau-api.json is generated from the contract models."""

from __future__ import annotations

import json

import httpx

from counter.training.openapi import OPENAPI_PATH, openapi_document, openapi_json


def test_committed_document_matches_the_models() -> None:
    assert OPENAPI_PATH.read_text(encoding="utf-8") == openapi_json(), (
        "docs/bureau-api.json is stale: run `python -m counter.training.openapi` and commit it"
    )


def test_document_covers_the_endpoints_and_uses_the_contract_models() -> None:
    document = openapi_document()
    assert document["info"]["version"] == "v1"
    paths = document["paths"]
    assert set(paths) >= {
        "/v1/health",
        "/v1/sessions",
        "/v1/sessions/current",
        "/v1/catalogue",
        "/v1/persons/{id_number}",
    }
    schemas = document["components"]["schemas"]
    assert {"SessionRequest", "SessionGrant", "Catalogue", "CatalogueItem", "PersonSummary",
            "ApiError"} <= set(schemas)  # fmt: skip
    assert "HTTPValidationError" not in schemas  # errors are ApiError everywhere
    login = paths["/v1/sessions"]["post"]
    assert login["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SessionRequest"
    }
    for status in ("401", "423"):
        assert login["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ApiError"
        }
    person = paths["/v1/persons/{id_number}"]["get"]
    reason = next(p for p in person["parameters"] if p["name"] == "reason")
    assert reason["required"] is True
    assert person["security"] == [{"bearer": []}]


def test_the_running_platform_serves_the_same_document(client: httpx.Client) -> None:
    response = client.get("/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(openapi_json())
