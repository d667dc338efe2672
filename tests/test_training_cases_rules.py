"""Training platform business rules: refusals are normal answers (status rejected), accepted
cases change the person's state, business numbers and receipts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from counter.bureau.cases import CaseResult, CaseStatus
from counter.bureau.models import CardStatus, InsuranceStatus, PersonSummary
from counter.training.case_rules import promised_date, work_days_after
from counter.training.persons import EMPLOYEE_PENSION, RESIDENT_PENSION, SyntheticPerson
from counter.training.server import TrainingServer
from tests.test_training_cases_support import (
    EMPLOYEE,
    FORMAL_LOST,
    LOCKED,
    MINOR,
    RESIDENT_RETIREE,
    RETIREE,
    SUSPENDED,
    TEMP_LOST,
    Desk,
)
from tests.training_fixtures import ClientFactory, FakeClock


def _result(desk: Desk, code: str, person: SyntheticPerson, **kwargs: Any) -> CaseResult:
    response = desk.submit(desk.case(code, person, **kwargs))
    assert response.status_code == 200, response.text
    return CaseResult.model_validate(response.json())


def _refused(desk: Desk, code: str, person: SyntheticPerson) -> str:
    result = _result(desk, code, person)
    assert result.status is CaseStatus.REJECTED, result
    assert result.business_no == "" and result.receipt is None
    return result.message


def _done(desk: Desk, code: str, person: SyntheticPerson, **kwargs: Any) -> CaseResult:
    result = _result(desk, code, person, **kwargs)
    assert result.status is not CaseStatus.REJECTED, result
    return result


def _person(desk: Desk, person: SyntheticPerson) -> PersonSummary:
    response = desk.client.get(
        f"/v1/persons/{person.id_number}", params={"reason": "核对办件结果"}, headers=desk.headers
    )
    assert response.status_code == 200
    return PersonSummary.model_validate(response.json())


def _scheme(summary: PersonSummary, scheme: str) -> InsuranceStatus | None:
    return next((i.status for i in summary.insurances if i.scheme == scheme), None)


def test_social_security_card_states(
    fresh_server: TrainingServer, make_client: ClientFactory
) -> None:
    desk = Desk(make_client(fresh_server))
    # 解挂 only from 临时挂失; 正式挂失 is final.
    assert _refused(desk, "SB08049", FORMAL_LOST) == "正式挂失的社保卡不能解挂，请办理补领"
    assert _refused(desk, "SB08049", EMPLOYEE) == "社会保障卡未挂失，无需解挂"
    assert _done(desk, "SB08049", TEMP_LOST).message == "社会保障卡已解挂，恢复正常使用"
    assert _person(desk, TEMP_LOST).card_status is CardStatus.NORMAL

    # 临时挂失 only from 正常; 正式挂失 from 正常 or 临时挂失.
    assert _done(desk, "SB08047", EMPLOYEE).message == "社会保障卡已临时挂失"
    assert _person(desk, EMPLOYEE).card_status is CardStatus.TEMP_LOST
    assert _refused(desk, "SB08047", EMPLOYEE) == "社会保障卡已处于临时挂失状态，无需重复挂失"
    assert _refused(desk, "SB08047", LOCKED) == "社会保障卡密码已锁定，请先办理密码重置"
    assert _refused(desk, "SB08047", MINOR).startswith("该人员尚未制作社会保障卡")
    assert _refused(desk, "SB08056", EMPLOYEE) == "社会保障卡处于临时挂失状态，请先办理解挂"
    _done(desk, "SB08048", EMPLOYEE)
    assert _person(desk, EMPLOYEE).card_status is CardStatus.FORMAL_LOST
    assert _refused(desk, "SB08049", EMPLOYEE) == "正式挂失的社保卡不能解挂，请办理补领"
    assert _refused(desk, "SB08048", EMPLOYEE).startswith("社会保障卡已正式挂失")

    # 补领 after 正式挂失 gives a new card; 密码重置 unlocks; 申领 only without a card.
    before = _person(desk, FORMAL_LOST).card_no_masked
    _done(desk, "SB08050", FORMAL_LOST)
    after = _person(desk, FORMAL_LOST)
    assert after.card_status is CardStatus.NORMAL and after.card_no_masked != before
    _done(desk, "SB08056", LOCKED)
    assert _person(desk, LOCKED).card_status is CardStatus.NORMAL
    assert _refused(desk, "SB08044", LOCKED).startswith("该人员已持有有效的社会保障卡")
    _done(desk, "SB08044", MINOR)
    assert _person(desk, MINOR).card_status is CardStatus.NORMAL
    assert _person(desk, MINOR).card_no_masked


def test_pension_registrations(fresh_server: TrainingServer, make_client: ClientFactory) -> None:
    desk = Desk(make_client(fresh_server))
    # Flexible employment: refused while insured as an employee.
    assert _refused(desk, "SB01001", EMPLOYEE) == (
        "该人员已在单位参加企业职工基本养老保险（参保缴费），不能以灵活就业人员身份重复参保"
    )
    assert _refused(desk, "SB01001", RETIREE).startswith("该人员已领取基本养老保险待遇")
    # An unemployed person (employee pension suspended) may go on as flexible employee.
    assert _scheme(_person(desk, SUSPENDED), EMPLOYEE_PENSION) is InsuranceStatus.SUSPENDED
    result = _done(desk, "SB01001", SUSPENDED, form={"start_month": "2025-12"})
    assert result.status is CaseStatus.COMPLETED
    summary = _person(desk, SUSPENDED)
    assert _scheme(summary, EMPLOYEE_PENSION) is InsuranceStatus.INSURED
    pension = next(i for i in summary.insurances if i.scheme == EMPLOYEE_PENSION)
    assert pension.since == date(2025, 12, 1)
    assert _refused(desk, "SB01001", SUSPENDED).startswith("该人员已在单位参加")

    # Urban-rural residents' pension: not beside an employee pension, not twice.
    assert _refused(desk, "SB01002", EMPLOYEE).startswith("该人员已参加企业职工基本养老保险")
    assert _refused(desk, "SB03012", MINOR).startswith("该人员未在城乡居民基本养老保险参保缴费")
    _done(desk, "SB01002", MINOR)
    assert _scheme(_person(desk, MINOR), RESIDENT_PENSION) is InsuranceStatus.INSURED
    assert _refused(desk, "SB01002", MINOR) == "该人员已参加城乡居民基本养老保险，无需重复登记"
    # ...and once insured, the grade may change.
    _done(desk, "SB03012", MINOR, form={"new_grade": "2000元/年", "annual_amount": 200_000})
    assert _refused(desk, "SB03012", RESIDENT_RETIREE).startswith("该人员未在城乡居民")


def test_qualification_certification_once_a_year(
    fresh_server: TrainingServer, make_client: ClientFactory
) -> None:
    clock = fresh_server.clock
    assert isinstance(clock, FakeClock)
    clock.freeze(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
    client = make_client(fresh_server)
    desk = Desk(client)
    assert (
        _refused(desk, "SB05021", EMPLOYEE) == "该人员未领取基本养老保险待遇，无需办理待遇资格认证"
    )
    first = _done(desk, "SB05021", RETIREE, client_time=clock().isoformat())
    assert first.message == "2026 年度待遇资格认证已完成"
    assert first.receipt is not None and "待遇照常发放" in first.receipt.next_steps
    again = _refused(desk, "SB05021", RETIREE)
    assert again == (
        f"该人员 2026 年度已完成待遇资格认证（办件编号 {first.business_no}），无需重复认证"
    )
    _done(desk, "SB05021", RESIDENT_RETIREE)  # another person, same year: fine

    clock.freeze(datetime(2027, 1, 4, 2, 0, tzinfo=UTC))  # a new year (and a new login)
    desk = Desk(client)
    next_year = _done(desk, "SB05021", RETIREE)
    assert next_year.business_no.startswith("ZJ33010200120270104")
    assert next_year.business_no.endswith("000001")  # numbering starts again each day


def test_business_numbers_and_receipts(
    fresh_server: TrainingServer, make_client: ClientFactory
) -> None:
    clock = fresh_server.clock
    assert isinstance(clock, FakeClock)
    clock.freeze(datetime(2026, 3, 6, 2, 0, tzinfo=UTC))  # Friday 10:00 in Hangzhou
    desk = Desk(make_client(fresh_server))
    first = _done(desk, "SB04017", EMPLOYEE)
    assert first.business_no == "ZJ33010200120260306000001"
    assert first.status is CaseStatus.COMPLETED
    assert first.receipt is not None
    assert first.receipt.item_name.startswith("个人权益记录查询打印")
    assert first.receipt.time_limit == "即办"
    assert first.receipt.promised_date == date(2026, 3, 6)
    assert first.receipt.next_steps.startswith("已办结。")
    assert first.receipt.progress_url.endswith("/progress/ZJ33010200120260306000001")

    # 收件转运: forwarded, promised in working days (the weekend skipped).
    forwarded = _done(desk, "SB01003", EMPLOYEE)
    assert forwarded.business_no == "ZJ33010200120260306000002"
    assert forwarded.status is CaseStatus.FORWARDED
    assert forwarded.receipt is not None
    assert forwarded.receipt.promised_date == date(2026, 3, 9)  # 即办/1个工作日 → Monday
    assert forwarded.receipt.next_steps.startswith("材料将转运至人社经办机构审核")
    assert "已受理" in forwarded.message

    # A refusal uses no number; other outlets count on their own.
    _refused(desk, "SB08049", EMPLOYEE)
    assert _done(desk, "SB04018", EMPLOYEE).business_no.endswith("000003")
    other = Desk(desk.client, "T-CLERK201", "330102002")
    assert _done(other, "SB04018", EMPLOYEE).business_no == "ZJ33010200220260306000001"


def test_promised_dates() -> None:
    friday = date(2026, 3, 6)
    assert work_days_after(friday, 1) == date(2026, 3, 9)
    assert work_days_after(friday, 5) == date(2026, 3, 13)
    assert work_days_after(friday, 0) == friday
    assert promised_date("5个工作日", CaseStatus.FORWARDED, friday) == date(2026, 3, 13)
    assert promised_date("10–20个工作日", CaseStatus.FORWARDED, friday) == date(2026, 4, 3)
    limit = "受理即办；转移45个工作日内(国家规定)"
    assert promised_date(limit, CaseStatus.FORWARDED, friday) == work_days_after(friday, 45)
    assert promised_date("即办", CaseStatus.COMPLETED, friday) == friday
    assert promised_date("即时/批量", CaseStatus.COMPLETED, friday) == friday
    assert promised_date("即时/批量", CaseStatus.FORWARDED, friday) is None


def test_accepted_state_is_seen_by_later_cases_of_other_clerks(
    fresh_server: TrainingServer, make_client: ClientFactory
) -> None:
    a = Desk(make_client(fresh_server), "T-CLERKA1")
    b = Desk(make_client(fresh_server), "T-CLERKB1")
    _done(a, "SB08047", EMPLOYEE)
    assert _refused(b, "SB08047", EMPLOYEE).endswith("无需重复挂失")
    _done(b, "SB08049", EMPLOYEE)
    assert _person(a, EMPLOYEE).card_status is CardStatus.NORMAL
    # The day's list tells them apart by status.
    statuses = [c["status"] for c in a.cases_of(_today(fresh_server))]
    assert statuses == ["completed", "rejected", "completed"]


def _today(server: TrainingServer) -> date:
    from counter.training.deps import SHANGHAI

    return server.clock().astimezone(SHANGHAI).date()


def test_frozen_clock_is_used_for_the_day(
    fresh_server: TrainingServer, make_client: ClientFactory
) -> None:
    """Cases belong to the bureau's (Shanghai) day: 23:30 UTC is already tomorrow."""
    clock = fresh_server.clock
    assert isinstance(clock, FakeClock)
    clock.freeze(datetime(2026, 3, 1, 16, 30, tzinfo=UTC))  # 00:30 on 2 March in Hangzhou
    desk = Desk(make_client(fresh_server))
    result = _done(desk, "SB04017", EMPLOYEE)
    assert result.business_no[11:19] == "20260302"
    assert [c["business_no"] for c in desk.cases_of(date(2026, 3, 2))] == [result.business_no]
    assert desk.cases_of(date(2026, 3, 1)) == []
