"""Training platform: person lookups (role, reason, validation, masking, audit)."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.bureau.models import ApiError, CardStatus, InsuranceStatus, PersonSummary, Role
from counter.identity import id_check_char
from counter.training.db import LookupRow, PersonRow
from counter.training.persons import featured_persons, make_id_number
from counter.training.server import TrainingServer
from tests.training_fixtures import NewStaff, bearer, token_for

ZHANG_WEI = featured_persons()[0]


def _with_check(first17: str) -> str:
    return first17 + id_check_char(first17)


REASON = "办理社保卡挂失"


def _lookup(
    client: httpx.Client, token: str, id_number: str, reason: str | None = REASON
) -> httpx.Response:
    params = {"reason": reason} if reason is not None else {}
    return client.get(f"/v1/persons/{id_number}", params=params, headers=bearer(token))


def _audit(server: TrainingServer, id_number: str) -> list[LookupRow]:
    with Session(server.engine) as db:
        return list(
            db.scalars(
                select(LookupRow).where(LookupRow.id_number == id_number).order_by(LookupRow.id)
            )
        )


def test_clerk_gets_a_masked_summary_and_the_lookup_is_audited(
    client: httpx.Client, training_server: TrainingServer, new_staff: NewStaff
) -> None:
    token = token_for(client, new_staff((Role.CLERK,)))
    response = _lookup(client, token, ZHANG_WEI.id_number)
    assert response.status_code == 200, response.text
    person = PersonSummary.model_validate(response.json())
    assert person.id_number == ZHANG_WEI.id_number
    assert person.masked_name == "张*"
    assert person.sex == "男"
    assert person.birth_date == date(1985, 6, 15)
    assert person.card_status is CardStatus.NORMAL
    assert person.card_no_masked == "A0*****01"
    assert person.mobile_masked == "138****1234"
    schemes = {i.scheme: i.status for i in person.insurances}
    assert schemes["企业职工基本养老保险"] is InsuranceStatus.INSURED
    assert "失业保险" in schemes
    assert "张伟" not in response.text and "13800001234" not in response.text

    rows = _audit(training_server, ZHANG_WEI.id_number)
    assert rows[-1].reason == REASON
    assert rows[-1].outcome == "found"


def test_compound_surname_masking_and_card_without_number(
    client: httpx.Client, training_server: TrainingServer
) -> None:
    minor = next(p for p in featured_persons() if p.name == "欧阳晓雯")
    person = PersonSummary.model_validate(
        _lookup(client, token_for(client, "T-CLERKA1"), minor.id_number).json()
    )
    assert person.masked_name == "欧阳**"  # REFERENCE: compound surnames stay
    assert person.card_status is CardStatus.NONE
    assert person.card_no_masked == "" and person.mobile_masked == ""


@pytest.mark.parametrize("staff_no", ["T-GUIDE01", "T-COURIER1", "T-SUPER01"])
def test_only_clerks_may_look_up(
    client: httpx.Client, training_server: TrainingServer, staff_no: str
) -> None:
    response = _lookup(client, token_for(client, staff_no), ZHANG_WEI.id_number)
    assert response.status_code == 403
    assert ApiError.model_validate(response.json()) == ApiError(
        code="FORBIDDEN_ROLE", message="只有经办人员可以查询参保信息"
    )
    assert _audit(training_server, ZHANG_WEI.id_number)[-1].outcome == "forbidden"


@pytest.mark.parametrize("reason", [None, "", "  ", "查", "  查 "])
def test_reason_is_required(client: httpx.Client, reason: str | None) -> None:
    response = _lookup(client, token_for(client, "T-CLERKB1"), ZHANG_WEI.id_number, reason)
    assert response.status_code == 422
    error = ApiError.model_validate(response.json())
    assert error.code == "REASON_REQUIRED"
    assert "查询事由" in error.message


@pytest.mark.parametrize(
    "id_number",
    [
        ZHANG_WEI.id_number[:-1] + ("0" if ZHANG_WEI.id_number[-1] != "0" else "1"),  # check
        "33010219850615031",  # 17 characters
        "3301021985061503X1",
        _with_check("33010219850230031"),  # 30 February, valid check character
        _with_check("33010218991231031"),  # born before 1900
        _with_check("99010219850615031"),  # no such province
        "ABCDEFGHIJKLMNOPQR",
    ],
)
def test_malformed_id_number(
    client: httpx.Client, training_server: TrainingServer, id_number: str
) -> None:
    response = _lookup(client, token_for(client, "T-CLERKA1"), id_number)
    assert response.status_code == 422
    error = ApiError.model_validate(response.json())
    assert error.code == "INVALID_ID"
    assert "证件号码" in error.message
    assert _audit(training_server, id_number)[-1].outcome == "invalid_id"


def test_future_birth_date_is_malformed(client: httpx.Client) -> None:
    future = make_id_number("330102", date(2099, 1, 1), 11)
    response = _lookup(client, token_for(client, "T-CLERKA1"), future)
    assert response.json()["code"] == "INVALID_ID"


def test_unknown_person(client: httpx.Client, training_server: TrainingServer) -> None:
    unknown = make_id_number("110101", date(1970, 1, 1), 999)
    response = _lookup(client, token_for(client, "T-CLERKA1"), unknown)
    assert response.status_code == 404
    assert ApiError.model_validate(response.json()) == ApiError(
        code="PERSON_NOT_FOUND", message="未查询到该人员的参保信息"
    )
    assert _audit(training_server, unknown)[-1].outcome == "not_found"


def test_lower_case_x_is_accepted(client: httpx.Client, training_server: TrainingServer) -> None:
    with Session(training_server.engine) as db:
        number = db.scalars(
            select(PersonRow.id_number).where(PersonRow.id_number.like("%X")).limit(1)
        ).one()
    response = _lookup(client, token_for(client, "T-CLERKA1"), number.lower())
    assert response.status_code == 200
    assert response.json()["id_number"] == number


def test_lookup_needs_a_session(client: httpx.Client) -> None:
    response = client.get(f"/v1/persons/{ZHANG_WEI.id_number}", params={"reason": REASON})
    assert response.status_code == 401


@pytest.mark.parametrize("id_number", ["932682198501010017", "911124198108030024"])
def test_foreign_permanent_residence_numbers_are_well_formed(
    client: httpx.Client, id_number: str
) -> None:
    response = _lookup(client, token_for(client, "T-CLERKA1"), id_number)
    assert response.status_code == 404  # well-formed, just not among the training persons
