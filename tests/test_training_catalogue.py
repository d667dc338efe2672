"""Training platform: the item catalogue, its category filter, ETag/304 and versions."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from counter.bureau.models import Catalogue, HandlingMode, RiskLevel
from counter.training.deps import SHANGHAI
from counter.training.forms import form_for
from counter.training.seed import load_catalogue, publish_catalogue
from counter.training.server import TrainingServer
from tests.training_fixtures import ClientFactory, FakeClock, bearer, token_for

CSV_ITEMS = load_catalogue()


def _catalogue(client: httpx.Client, token: str) -> tuple[Catalogue, str]:
    response = client.get("/v1/catalogue", headers=bearer(token))
    assert response.status_code == 200, response.text
    return Catalogue.model_validate(response.json()), response.headers["etag"]


def test_seed_catalogue_from_csv() -> None:
    assert len(CSV_ITEMS) == 62
    by_code = {item.code: item for item in CSV_ITEMS}
    assert len(by_code) == 62

    first = by_code["SB01001"]
    assert [(m.name, m.shareable) for m in first.materials] == [
        ("身份证件/社保卡", False),
        ("户籍或居住证信息", True),
        ("选择缴费档次", False),
    ]
    assert by_code["SB01003"].materials[-1].name == "劳动合同"
    assert by_code["SB01003"].materials[-1].shareable
    # "同上" repeats the row above; "[M]" notes are not shown to citizens
    assert by_code["SB04018"].materials == by_code["SB04017"].materials
    assert by_code["SB05028"].time_limit == "受理即办；转移45个工作日内(国家规定)"
    assert by_code["SB05029"].time_limit == by_code["SB05028"].time_limit
    assert by_code["SB10062"].materials == []
    assert "工本费" in by_code["SB08050"].fee
    assert by_code["SB08049"].fee == "不收费"
    assert by_code["SB07041"].mode is HandlingMode.COLLECT
    assert by_code["SB07041"].needs_review and by_code["SB07041"].risk is RiskLevel.HIGH
    assert by_code["SB03012"].outlet_categories == [1, 2, 3]

    for item in CSV_ITEMS:
        elements = (
            item.name, item.brief, item.channel, item.time_limit, item.delivery,
            item.fee, item.hours, item.place, item.enquiry, item.complaint,
        )  # fmt: skip
        assert all(elements), item.code
        assert item.version == 1 and item.effective_from == date(2024, 1, 1)
        assert item.channel == "窗口办理/浙里办"
        assert item.hours == "周一至周五 9:00-17:00"
        assert "12333" in item.enquiry
        assert item.form_fields == list(form_for(item.code))  # real or generic form
        assert "同上" not in item.time_limit
        assert all("(可共享" not in m.name for m in item.materials)


def test_category_1_outlet_sees_every_item_with_outlet_details(client: httpx.Client) -> None:
    catalogue, etag = _catalogue(client, token_for(client, "T-CLERKA1"))
    assert catalogue.version == "1"
    assert len(catalogue.items) == 62
    assert [i.code for i in catalogue.items] == sorted(i.code for i in CSV_ITEMS)
    item = catalogue.items[0]
    assert item.place == "中国工商银行杭州湖滨支行社保业务代办点（3号窗口）"
    assert "12345" in item.complaint and "12333" in item.complaint
    assert not etag.startswith("W/") and etag.startswith('"') and etag.endswith('"')


@pytest.mark.parametrize(("staff_no", "outlet", "category"), [
    ("T-CLERK201", "330102002", 2),
    ("T-CLERK301", "330102003", 3),
])  # fmt: skip
def test_smaller_outlets_see_only_their_categories(
    client: httpx.Client, staff_no: str, outlet: str, category: int
) -> None:
    catalogue, _ = _catalogue(client, token_for(client, staff_no, outlet))
    expected = sorted(i.code for i in CSV_ITEMS if category in i.outlet_categories)
    assert [i.code for i in catalogue.items] == expected
    assert all(category in i.outlet_categories for i in catalogue.items)
    assert 0 < len(expected) < 62
    if category == 3:
        assert all(i.outlet_categories == [1, 2, 3] for i in catalogue.items)


def test_etag_and_304(client: httpx.Client) -> None:
    token = token_for(client, "T-GUIDE01")
    _, etag = _catalogue(client, token)

    same = client.get("/v1/catalogue", headers={**bearer(token), "If-None-Match": etag})
    assert same.status_code == 304
    assert same.content == b""
    assert same.headers["etag"] == etag

    listed = client.get(
        "/v1/catalogue", headers={**bearer(token), "If-None-Match": f'"old", W/{etag}'}
    )
    assert listed.status_code == 304

    stale = client.get("/v1/catalogue", headers={**bearer(token), "If-None-Match": '"v0-c1-x"'})
    assert stale.status_code == 200
    assert stale.headers["etag"] == etag

    other = token_for(client, "T-CLERK301", "330102003")
    _, other_etag = _catalogue(client, other)
    assert other_etag != etag
    not_mine = client.get("/v1/catalogue", headers={**bearer(other), "If-None-Match": etag})
    assert not_mine.status_code == 200


def test_catalogue_needs_a_session(client: httpx.Client) -> None:
    response = client.get("/v1/catalogue")
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHENTICATED"


def test_new_versions_apply_from_their_effective_date(
    fresh_server: TrainingServer, make_client: ClientFactory
) -> None:
    clock = fresh_server.clock
    assert isinstance(clock, FakeClock)
    client = make_client(fresh_server)
    token = token_for(client, "T-CLERKA1")
    before, etag_before = _catalogue(client, token)
    today = clock().astimezone(SHANGHAI).date()
    tomorrow = today + timedelta(days=1)

    old = next(i for i in before.items if i.code == "SB01001")
    retired = next(i for i in before.items if i.code == "SB01002")
    version = publish_catalogue(
        fresh_server.engine,
        [
            old.model_copy(update={"version": 2, "effective_from": tomorrow, "fee": "测试新版"}),
            retired.model_copy(update={"version": 2, "effective_from": tomorrow,
                                       "outlet_categories": [2]}),
            old.model_copy(update={"code": "SB99001", "effective_to": today - timedelta(days=1)}),
        ],
        note="培训：目录调整",
    )  # fmt: skip
    assert version == 2

    today_view, etag_today = _catalogue(client, token)
    assert etag_today != etag_before  # the catalogue version is part of the validator
    assert today_view.version == "2"
    assert [i.model_dump() for i in today_view.items] == [i.model_dump() for i in before.items]
    stale = client.get("/v1/catalogue", headers={**bearer(token), "If-None-Match": etag_before})
    assert stale.status_code == 200

    clock.advance(timedelta(days=1))
    token = token_for(client, "T-CLERKA1")
    after, etag_after = _catalogue(client, token)
    new = next(i for i in after.items if i.code == "SB01001")
    assert new.version == 2 and new.fee == "测试新版"
    assert "SB01002" not in {i.code for i in after.items}  # version 2 left category 1
    assert len(after.items) == 61
    assert etag_after != etag_today


def test_the_body_is_served_gzip_when_accepted_and_the_same_bytes_either_way(
    client: httpx.Client,
) -> None:
    import gzip

    from counter.training.catalogue_body import accepts_gzip

    token = token_for(client, "T-CLERKA1")
    plain = client.get("/v1/catalogue", headers={**bearer(token), "Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    # exactly what the contract model serializes (the body is assembled item by item)
    model = Catalogue.model_validate_json(plain.content)
    assert plain.content == model.model_dump_json().encode("utf-8")

    with client.stream(
        "GET", "/v1/catalogue", headers={**bearer(token), "Accept-Encoding": "gzip"}
    ) as zipped:
        raw = b"".join(zipped.iter_raw())
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.headers["vary"] == "Accept-Encoding"
        assert zipped.headers["etag"] == plain.headers["etag"]
    assert len(raw) < len(plain.content) / 4
    assert gzip.decompress(raw) == plain.content

    assert accepts_gzip("gzip, deflate, br") and accepts_gzip("*")
    assert accepts_gzip("deflate, gzip;q=0.5")
    assert not accepts_gzip("gzip;q=0") and not accepts_gzip("identity") and not accepts_gzip(None)
