"""电子社保卡 QR on the training platform: issue, verify, expire, refuse; and the client call."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.bureau.client import BureauClient, BureauError, build_ssl_context
from counter.bureau.models import EcardIdentity, Role, SessionRequest
from counter.training.db import LookupRow
from counter.training.ecard import EXPIRED_MESSAGE
from counter.training.openapi import openapi_document
from counter.training.persons import featured_persons
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from counter.training.server import TrainingServer
from tests.training_fixtures import FakeClock, NewStaff, bearer, token_for

ZHANG_WEI = featured_persons()[0]


def issue_qr(client: httpx.Client, id_number: str = ZHANG_WEI.id_number) -> str:
    response = client.post("/v1/training/ecard-qr", json={"id_number": id_number})
    assert response.status_code == 200, response.text
    return str(response.json()["qr"])


def verify(client: httpx.Client, token: str, qr: str) -> httpx.Response:
    return client.post("/v1/ecard/verify", json={"qr": qr}, headers=bearer(token))


def test_a_fresh_code_identifies_its_holder_masked(
    client: httpx.Client, training_server: TrainingServer, new_staff: NewStaff
) -> None:
    token = token_for(client, new_staff((Role.CLERK,)))
    qr = issue_qr(client)
    assert qr.startswith("ESSC") and ZHANG_WEI.id_number not in qr  # opaque
    response = verify(client, token, qr)
    assert response.status_code == 200, response.text
    identity = EcardIdentity.model_validate(response.json())
    assert identity.id_number == ZHANG_WEI.id_number
    assert identity.masked_name == "张*"
    assert "id_number" not in repr(identity) and qr not in repr(response.request)
    # a rescan within the minute (say, after a network error) still works
    assert verify(client, token, qr).status_code == 200
    with Session(training_server.engine) as db:
        row = db.scalars(select(LookupRow).order_by(LookupRow.id.desc()).limit(1)).one()
    assert (row.id_number, row.reason) == (ZHANG_WEI.id_number, "电子社保卡扫码核验")


def test_an_expired_code_is_refused_with_the_chinese_message(
    client: httpx.Client, clock: FakeClock, new_staff: NewStaff
) -> None:
    token = token_for(client, new_staff((Role.CLERK,)))
    qr = issue_qr(client)
    clock.advance(timedelta(seconds=59))
    assert verify(client, token, qr).status_code == 200
    clock.advance(timedelta(seconds=2))
    response = verify(client, token, qr)
    assert response.status_code == 422
    assert response.json() == {"code": "ECARD_EXPIRED", "message": EXPIRED_MESSAGE}
    assert EXPIRED_MESSAGE == "电子社保卡二维码已过期，请刷新后重新出示"


@pytest.mark.parametrize("qr", ["ESSC-not-issued-by-anyone", "hello", " "])
def test_unknown_codes_are_refused(client: httpx.Client, new_staff: NewStaff, qr: str) -> None:
    token = token_for(client, new_staff((Role.CLERK,)))
    response = verify(client, token, qr)
    assert response.status_code == 422
    assert response.json()["code"] == "ECARD_INVALID"
    assert "刷新后重新出示" in response.json()["message"]


def test_only_clerks_verify(client: httpx.Client, new_staff: NewStaff) -> None:
    qr = issue_qr(client)
    guide = token_for(client, new_staff((Role.GUIDE,)))
    response = verify(client, guide, qr)
    assert response.status_code == 403 and response.json()["code"] == "FORBIDDEN_ROLE"
    assert client.post("/v1/ecard/verify", json={"qr": qr}).status_code == 401


def test_codes_are_issued_only_for_training_persons(client: httpx.Client) -> None:
    unknown = client.post("/v1/training/ecard-qr", json={"id_number": "11010519491231002X"})
    assert unknown.status_code == 404
    invalid = client.post("/v1/training/ecard-qr", json={"id_number": "330102198506150310"})
    assert invalid.status_code == 422


def test_contract_publishes_verify_but_not_the_training_issuer() -> None:
    paths = openapi_document()["paths"]
    assert "/v1/ecard/verify" in paths
    assert "/v1/training/ecard-qr" not in paths


async def test_client_verifies_and_reports_expiry(
    client: httpx.Client, training_server: TrainingServer, clock: FakeClock, new_staff: NewStaff
) -> None:
    bureau = BureauClient(training_server.base_url, build_ssl_context(training_server.ca_file))
    try:
        await bureau.login(
            SessionRequest(
                staff_no=new_staff((Role.CLERK,)),
                password=TRAINING_PASSWORD,
                outlet_code=TRAINING_OUTLET_CODE,
                device_id="PC",
            )
        )
        qr = issue_qr(client)
        identity = await bureau.ecard_verify(qr)
        assert identity.id_number == ZHANG_WEI.id_number
        clock.advance(timedelta(seconds=61))
        with pytest.raises(BureauError) as caught:
            await bureau.ecard_verify(qr)
        assert caught.value.code == "ECARD_EXPIRED"
        assert caught.value.message == EXPIRED_MESSAGE
    finally:
        await bureau.aclose()
