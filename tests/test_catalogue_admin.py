"""Training admin: a catalogue change on demand (POST /v1/training/catalogue-change)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from counter.bureau.models import Catalogue, Role
from counter.training.catalogue_admin import (
    CatalogueChange,
    CatalogueChangeError,
    apply_change,
    items_in_force,
)
from counter.training.deps import SHANGHAI
from counter.training.server import TrainingServer
from tests.training_fixtures import ClientFactory, NewStaff, bearer, token_for

PATH = "/v1/training/catalogue-change"


def _catalogue(client: httpx.Client, token: str) -> dict[str, int]:
    response = client.get("/v1/catalogue", headers=bearer(token))
    assert response.status_code == 200
    catalogue = Catalogue.model_validate(response.json())
    return {item.code: item.version for item in catalogue.items}


@pytest.mark.parametrize("staff_no", ["T-CLERKA1", "T-GUIDE01", "T-COURIER1"])
def test_only_a_supervisor_may_change_the_catalogue(client: httpx.Client, staff_no: str) -> None:
    token = token_for(client, staff_no)
    response = client.post(
        PATH, json={"action": "retire", "code": "SB01001"}, headers=bearer(token)
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "FORBIDDEN_ROLE",
        "message": "只有培训网点的主管可以调整培训目录",
    }


def test_supervisor_of_another_outlet_is_refused(client: httpx.Client, new_staff: NewStaff) -> None:
    staff_no = new_staff((Role.SUPERVISOR,), outlet_code="330102002")
    response = client.post(
        PATH,
        json={"action": "bump", "code": "SB03012"},
        headers=bearer(token_for(client, staff_no, "330102002")),
    )
    assert response.status_code == 403


def test_needs_a_session_and_a_valid_body(client: httpx.Client) -> None:
    assert client.post(PATH, json={"action": "add", "code": "SB90001"}).status_code == 401
    token = token_for(client, "T-SUPER01")
    bad = client.post(PATH, json={"action": "delete", "code": "sb1"}, headers=bearer(token))
    assert bad.status_code == 422
    assert bad.json()["code"] == "INVALID_REQUEST"


def test_add_bump_retire_through_the_endpoint(
    fresh_server: TrainingServer, make_client: ClientFactory
) -> None:
    client = make_client(fresh_server)
    supervisor = token_for(client, "T-SUPER01")
    clerk = token_for(client, "T-CLERKA1")
    small = token_for(client, "T-CLERK301", "330102003")
    before = _catalogue(client, clerk)
    etag = client.get("/v1/catalogue", headers=bearer(clerk)).headers["etag"]

    added = client.post(
        PATH,
        json={"action": "add", "code": "SB90001", "name": "培训新增事项乙"},
        headers=bearer(supervisor),
    )
    assert added.status_code == 200, added.text
    body = added.json()
    assert body["action"] == "add" and body["item_version"] == 1
    assert body["catalogue_version"] == 2 and "SB90001" in body["message"]
    again = client.post(PATH, json={"action": "add", "code": "SB90001"}, headers=bearer(supervisor))
    assert again.status_code == 409 and again.json()["code"] == "ITEM_EXISTS"

    bumped = client.post(
        PATH, json={"action": "bump", "code": "SB01001"}, headers=bearer(supervisor)
    )
    assert bumped.status_code == 200 and bumped.json()["item_version"] == 2

    retired = client.post(
        PATH, json={"action": "retire", "code": "SB03012"}, headers=bearer(supervisor)
    )
    assert retired.status_code == 200
    today = fresh_server.clock().astimezone(SHANGHAI).date()
    assert retired.json()["effective_to"] == str(today - timedelta(days=1))
    gone = client.post(
        PATH, json={"action": "retire", "code": "SB03012"}, headers=bearer(supervisor)
    )
    assert gone.status_code == 404 and gone.json()["code"] == "ITEM_NOT_FOUND"
    missing = client.post(
        PATH, json={"action": "bump", "code": "SB77777"}, headers=bearer(supervisor)
    )
    assert missing.status_code == 404

    after = _catalogue(client, clerk)
    assert after["SB90001"] == 1 and after["SB01001"] == 2
    assert "SB03012" not in after
    assert set(after) == (set(before) - {"SB03012"}) | {"SB90001"}
    assert (
        client.get("/v1/catalogue", headers={**bearer(clerk), "If-None-Match": etag}).status_code
        == 200
    )  # the ETag moved on
    small_view = _catalogue(client, small)  # category 3 sees the new item too
    assert "SB90001" in small_view and "SB03012" not in small_view


def test_functions_agree_with_the_endpoint(fresh_server: TrainingServer) -> None:
    today = fresh_server.clock().astimezone(SHANGHAI).date()
    engine = fresh_server.engine
    result = apply_change(engine, CatalogueChange(action="retire", code="SB01002"), today=today)
    assert result.effective_to == today - timedelta(days=1)
    assert "SB01002" not in items_in_force(engine, today)
    assert "SB01002" in items_in_force(engine, today - timedelta(days=1))
    with pytest.raises(CatalogueChangeError) as caught:
        apply_change(engine, CatalogueChange(action="bump", code="SB01002"), today=today)
    assert caught.value.status == 404
    # a retired code may be added again, as its next version
    again = apply_change(engine, CatalogueChange(action="add", code="SB01002"), today=today)
    assert again.item_version == 2
    assert "SB01002" in items_in_force(engine, today)
