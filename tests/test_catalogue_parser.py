"""`CatalogueParser`: the same catalogue as the contract model, validating only new items."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from counter.bureau.models import Catalogue
from counter.catalogue import CatalogueParser
from counter.training.seed import load_catalogue

ITEMS = load_catalogue()


def body(version: str = "1", **dumps: object) -> bytes:
    payload = {"version": version, "items": [i.model_dump(mode="json") for i in ITEMS]}
    return json.dumps(payload, ensure_ascii=False, **dumps).encode("utf-8")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "dumps",
    [{"separators": (",", ":")}, {"indent": 2}, {}],
    ids=["compact", "indented", "default"],
)
def test_same_result_as_the_contract_model(dumps: dict[str, object]) -> None:
    raw = body(**dumps)
    assert CatalogueParser()(raw) == Catalogue.model_validate_json(raw)


def test_unchanged_items_are_reused_and_changed_ones_validated() -> None:
    parser = CatalogueParser()
    first = parser(body("1"))
    payload = json.loads(body("2"))
    payload["items"][3]["name"] = "新名称"
    second = parser(json.dumps(payload, ensure_ascii=False).encode())
    assert second.version == "2"
    assert second.items[3].name == "新名称" and first.items[3].name != "新名称"
    assert second.items[0] is first.items[0]  # validated once
    assert second.items[3] is not first.items[3]


def test_members_in_any_order_and_unknown_ones_ignored() -> None:
    payload = json.loads(body())
    raw = json.dumps({"extra": [1, {"x": 2}], "items": payload["items"][:2], "version": "7"})
    parsed = CatalogueParser()(raw.encode())
    assert parsed.version == "7" and [i.code for i in parsed.items] == ["SB01001", "SB01002"]


@pytest.mark.parametrize(
    "raw",
    [
        b"[]",
        b'{"version": "1"}',
        b'{"version": 1, "items": []}',
        b'{"version": "1", "items": [{"code": "bad"}]}',
        b'{"version": "1", "items": [],}',
        b'{"version": "1", "items": [1,]}',
        b'{"version": "1", "items": []} trailing',
        b'{"version": "1", "items": [',
    ],
)
def test_what_the_contract_model_refuses_is_refused(raw: bytes) -> None:
    with pytest.raises(ValueError):  # ValidationError or the JSON decoder's error
        Catalogue.model_validate_json(raw)
    with pytest.raises(ValueError):
        CatalogueParser()(raw)


def test_a_bad_item_is_a_validation_error() -> None:
    payload = json.loads(body())
    payload["items"][5]["version"] = 0
    with pytest.raises(ValidationError):
        CatalogueParser()(json.dumps(payload).encode())
