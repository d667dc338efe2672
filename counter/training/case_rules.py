"""Business rules of the training platform for cases (办件), reviews and receipts.

Two kinds of "no":

* **invalid input** (`ApiProblem` 422): the case cannot be judged as sent: unknown or
  outdated item, unknown person, form or materials incomplete, review missing or void.
  Nothing is recorded and the idempotency key is released, so the corrected case may be
  sent again with the same key.
* **business refusal** (不予受理, a normal answer with status `rejected`): the case is
  well formed but the person's situation forbids it (解挂 of a formally lost card, a second
  pension registration, a second qualification certification this year...). It is
  recorded and answered like an accepted case, and the answer is final for that key.

An accepted case changes the person's state in the training database (card status,
insurances), so later cases see it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from counter.bureau.cases import CaseReceipt, CaseStatus, CaseSubmission, IdentityMethod
from counter.bureau.models import (
    CardStatus,
    CatalogueItem,
    HandlingMode,
    InsuranceStatus,
    Role,
)
from counter.training.case_db import CaseRow, ReviewApprovalRow
from counter.training.db import CatalogueItemRow, PersonRow, StaffRow
from counter.training.errors import ApiProblem
from counter.training.forms import check_form
from counter.training.persons import EMPLOYEE_PENSION, RESIDENT_PENSION, parse_id_number

APPROVAL_LIFETIME = timedelta(minutes=10)
CLOCK_SKEW = timedelta(minutes=5)  # how far the counter's clock may run behind the platform's
PROGRESS_URL = "https://training.sheyintong.invalid/progress/"
PENSION_SCHEMES = (EMPLOYEE_PENSION, RESIDENT_PENSION)

# --- the item -----------------------------------------------------------------------------


def current_item(db: Session, code: str, category: int, today: date) -> CatalogueItem | None:
    """The item version in force today for an outlet category (None: not available there)."""
    rows = db.scalars(
        select(CatalogueItemRow)
        .where(CatalogueItemRow.code == code)
        .where(CatalogueItemRow.effective_from <= today)
        .where(or_(CatalogueItemRow.effective_to.is_(None), CatalogueItemRow.effective_to >= today))
        .order_by(CatalogueItemRow.version.desc())
    ).first()
    if rows is None or category not in rows.outlet_categories:
        return None
    return CatalogueItem.model_validate(rows.data)


def item_for_case(db: Session, case: CaseSubmission, category: int, today: date) -> CatalogueItem:
    item = current_item(db, case.item_code, category, today)
    if item is None:
        raise ApiProblem(
            422, "ITEM_NOT_AVAILABLE", f"本网点今日不能办理事项 {case.item_code}，请刷新事项目录"
        )
    if case.item_version != item.version:
        raise ApiProblem(422, "ITEM_VERSION_STALE", "事项已更新，请刷新后重新填写")
    if case.accepted_offline and not item.offline_ok:
        raise ApiProblem(
            422, "OFFLINE_NOT_ALLOWED", f"“{item.name}”不支持离线受理，请联网后重新办理"
        )
    return item


# --- checks of the submission (422 when they fail) -------------------------------------------


def person_for_case(db: Session, case: CaseSubmission, today: date) -> PersonRow:
    if case.person.identity_method is IdentityMethod.MANUAL and (
        len((case.person.manual_reason or "").strip()) < 2
    ):
        raise ApiProblem(
            422, "MANUAL_REASON_REQUIRED", "手工录入证件号码须填写原因（如：证件无法读取）"
        )
    number = parse_id_number(case.person.id_number, today=today)
    if number is None:
        raise ApiProblem(422, "INVALID_ID", "证件号码不正确：应为 18 位公民身份号码")
    dialect = db.get_bind().dialect.name
    query = select(PersonRow).where(PersonRow.id_number == number)
    if dialect == "postgresql":  # cases of one person are judged one at a time
        query = query.with_for_update()
    person = db.scalar(query)
    if person is None:
        raise ApiProblem(422, "PERSON_NOT_FOUND", "未查询到该人员的参保信息，请核对证件号码")
    return person


def check_maker(db: Session, case: CaseSubmission, outlet_code: str) -> None:
    maker = db.scalar(
        select(StaffRow).where(StaffRow.staff_no == case.maker).options(joinedload(StaffRow.outlet))
    )
    if maker is None or maker.outlet.code != outlet_code or Role.CLERK.value not in maker.roles:
        raise ApiProblem(422, "MAKER_INVALID", f"经办人工号 {case.maker} 不是本网点的经办人员")


def check_contents(case: CaseSubmission, item: CatalogueItem, today: date) -> None:
    problems = check_form(item.code, item.form_fields, case.form, today=today)
    if problems:
        raise ApiProblem(422, "FORM_INVALID", "表单填写有误：" + "；".join(problems[:3]))
    given = {m.name: m for m in case.materials}
    missing = []
    for material in item.materials:
        entry = given.get(material.name)
        ok = entry is not None and (entry.received or (entry.shared and material.shareable))
        if not ok:
            missing.append(material.name)
    if missing:
        raise ApiProblem(422, "MATERIALS_INCOMPLETE", "缺少办理材料：" + "、".join(missing))


def check_review(
    db: Session, case: CaseSubmission, item: CatalogueItem, outlet_code: str
) -> ReviewApprovalRow | None:
    """The checker's approval, valid for exactly this case (or None when none is needed)."""
    if case.checker is None:
        if item.needs_review:
            raise ApiProblem(422, "REVIEW_REQUIRED", f"“{item.name}”须由复核人员现场复核后提交")
        return None
    approval = db.scalar(
        select(ReviewApprovalRow).where(ReviewApprovalRow.approval_id == case.checker.approval_id)
    )
    problem: str | None = None
    if case.checker.staff_no == case.maker:
        problem = "复核人不能是经办人本人，请由其他复核人员复核"
    elif approval is None or approval.outlet_code != outlet_code:
        problem = "复核授权不存在，请重新复核"
    elif approval.reviewer_staff_no != case.checker.staff_no:
        problem = "复核人与复核授权不一致，请重新复核"
    elif approval.maker != case.maker:
        problem = "复核授权不是为本经办人申请的，请重新复核"
    elif approval.case_digest != case.review_digest():
        problem = "办件内容在复核后有修改，复核已失效，请重新复核"
    elif not approval.approved_at - CLOCK_SKEW <= case.client_time <= approval.expires_at:
        minutes = int(APPROVAL_LIFETIME.total_seconds() // 60)
        problem = f"复核授权已过期（有效期 {minutes} 分钟），请重新复核"
    elif approval.used_by_case_id not in (None, case.case_id):
        problem = "复核授权已用于其他办件，请重新复核"
    else:
        reviewer = db.get(StaffRow, approval.reviewer_staff_id)
        if reviewer is None or Role.REVIEWER.value not in reviewer.roles:
            problem = "复核人已无复核权限，请由其他复核人员复核"
    if problem is not None:
        raise ApiProblem(422, "REVIEW_INVALID", problem)
    assert approval is not None
    return approval


def validate_review_target(maker: str, reviewer: str) -> None:
    if maker == reviewer:
        raise ApiProblem(422, "REVIEW_SELF", "复核人不能是经办人本人，请由其他复核人员复核")


# --- business rules (a refusal is a normal answer) -----------------------------------------


@dataclass
class RuleContext:
    db: Session
    case: CaseSubmission
    item: CatalogueItem
    person: PersonRow
    today: date


@dataclass(frozen=True)
class Verdict:
    refused: bool
    message: str = ""


def refuse(message: str) -> Verdict:
    return Verdict(True, message)


def accept(message: str = "") -> Verdict:
    return Verdict(False, message)


Rule = Callable[[RuleContext], Verdict]


def judge(ctx: RuleContext) -> Verdict:
    """The item's rule; an accepted case's effect on the person is applied here."""
    rule = RULES.get(ctx.item.code)
    return rule(ctx) if rule is not None else accept()


def _card(ctx: RuleContext) -> CardStatus:
    return CardStatus(ctx.person.card_status)


def _set_card(ctx: RuleContext, status: CardStatus, *, new_card: bool = False) -> None:
    ctx.person.card_status = status.value
    if new_card:
        ctx.person.card_no = "Z" + f"{secrets.randbelow(10**8):08d}"


_CARD_UNUSABLE = {
    CardStatus.NONE: "该人员尚未制作社会保障卡，请先办理社会保障卡申领",
    CardStatus.TEMP_LOST: "社会保障卡处于临时挂失状态，请先办理解挂",
    CardStatus.FORMAL_LOST: "社会保障卡已正式挂失，请办理补领",
    CardStatus.CANCELLED: "社会保障卡已注销，请重新申领",
}


def _temporary_loss(ctx: RuleContext) -> Verdict:
    status = _card(ctx)
    if status is CardStatus.TEMP_LOST:
        return refuse("社会保障卡已处于临时挂失状态，无需重复挂失")
    if status is not CardStatus.NORMAL:
        return refuse(_CARD_UNUSABLE.get(status, "社会保障卡密码已锁定，请先办理密码重置"))
    _set_card(ctx, CardStatus.TEMP_LOST)
    return accept("社会保障卡已临时挂失")


def _formal_loss(ctx: RuleContext) -> Verdict:
    status = _card(ctx)
    if status is CardStatus.FORMAL_LOST:
        return refuse("社会保障卡已正式挂失，无需重复挂失，请办理补领")
    if status not in (CardStatus.NORMAL, CardStatus.TEMP_LOST):
        return refuse(_CARD_UNUSABLE.get(status, "社会保障卡密码已锁定，请先办理密码重置"))
    _set_card(ctx, CardStatus.FORMAL_LOST)
    return accept("社会保障卡已正式挂失")


def _unblock(ctx: RuleContext) -> Verdict:
    status = _card(ctx)
    if status is CardStatus.FORMAL_LOST:
        return refuse("正式挂失的社保卡不能解挂，请办理补领")
    if status is not CardStatus.TEMP_LOST:
        unusable = _CARD_UNUSABLE.get(status)
        return refuse(unusable or "社会保障卡未挂失，无需解挂")
    _set_card(ctx, CardStatus.NORMAL)
    return accept("社会保障卡已解挂，恢复正常使用")


def _pin_reset(ctx: RuleContext) -> Verdict:
    status = _card(ctx)
    if status not in (CardStatus.NORMAL, CardStatus.LOCKED):
        return refuse(_CARD_UNUSABLE[status])
    _set_card(ctx, CardStatus.NORMAL)
    return accept("社会保障卡密码已重置")


def _pin_change(ctx: RuleContext) -> Verdict:
    status = _card(ctx)
    if status is CardStatus.LOCKED:
        return refuse("社会保障卡密码已锁定，请办理密码重置")
    if status is not CardStatus.NORMAL:
        return refuse(_CARD_UNUSABLE[status])
    return accept()


def _apply_card(ctx: RuleContext) -> Verdict:
    status = _card(ctx)
    if status in (CardStatus.NORMAL, CardStatus.LOCKED):
        return refuse("该人员已持有有效的社会保障卡，如需更换请办理换领或补领")
    if status in (CardStatus.TEMP_LOST, CardStatus.FORMAL_LOST):
        return refuse("该人员的社会保障卡已挂失，请办理补领")
    _set_card(ctx, CardStatus.NORMAL, new_card=True)
    return accept("社会保障卡申领已受理")


def _reissue(ctx: RuleContext) -> Verdict:
    status = _card(ctx)
    if status is CardStatus.TEMP_LOST:
        return refuse("补领前须先办理正式挂失")
    if status is not CardStatus.FORMAL_LOST:
        return refuse(_CARD_UNUSABLE.get(status, "社会保障卡未挂失，如需更换请办理换领"))
    _set_card(ctx, CardStatus.NORMAL, new_card=True)
    return accept("社会保障卡补领已受理，原卡作废")


def _card_in_use(*, new_card: bool = False) -> Rule:
    def rule(ctx: RuleContext) -> Verdict:
        status = _card(ctx)
        if status not in (CardStatus.NORMAL, CardStatus.LOCKED):
            return refuse(_CARD_UNUSABLE[status])
        if new_card:
            _set_card(ctx, status, new_card=True)
        return accept()

    return rule


def _cancel_card(ctx: RuleContext) -> Verdict:
    status = _card(ctx)
    if status in (CardStatus.NONE, CardStatus.CANCELLED):
        return refuse("该人员没有可注销的社会保障卡")
    _set_card(ctx, CardStatus.CANCELLED)
    return accept("社会保障卡已注销")


# pensions


def _insurance(person: PersonRow, scheme: str) -> InsuranceStatus | None:
    for entry in person.insurances:
        if entry.get("scheme") == scheme:
            return InsuranceStatus(entry["status"])
    return None


def _set_insurance(person: PersonRow, scheme: str, status: InsuranceStatus, since: date) -> None:
    entries: list[dict[str, Any]] = [dict(e) for e in person.insurances]
    for entry in entries:
        if entry.get("scheme") == scheme:
            entry["status"] = status.value
            entry["since"] = since.isoformat()
            break
    else:
        entries.append({"scheme": scheme, "status": status.value, "since": since.isoformat()})
    person.insurances = entries  # a new list, so the JSON column is written


def _start_month(ctx: RuleContext) -> date:
    value = ctx.case.form.get("start_month")
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return date(int(value[:4]), int(value[5:]), 1)
    return ctx.today


def _flexible_registration(ctx: RuleContext) -> Verdict:
    employee = _insurance(ctx.person, EMPLOYEE_PENSION)
    if employee is InsuranceStatus.INSURED:
        return refuse(
            "该人员已在单位参加企业职工基本养老保险（参保缴费），不能以灵活就业人员身份重复参保"
        )
    if InsuranceStatus.RECEIVING in (employee, _insurance(ctx.person, RESIDENT_PENSION)):
        return refuse("该人员已领取基本养老保险待遇，不能再以灵活就业人员身份参保")
    _set_insurance(ctx.person, EMPLOYEE_PENSION, InsuranceStatus.INSURED, _start_month(ctx))
    return accept("灵活就业人员参保登记已办结")


def _resident_registration(ctx: RuleContext) -> Verdict:
    employee = _insurance(ctx.person, EMPLOYEE_PENSION)
    resident = _insurance(ctx.person, RESIDENT_PENSION)
    if employee in (InsuranceStatus.INSURED, InsuranceStatus.RECEIVING):
        return refuse("该人员已参加企业职工基本养老保险，不能同时参加城乡居民基本养老保险")
    if resident in (InsuranceStatus.INSURED, InsuranceStatus.RECEIVING):
        return refuse("该人员已参加城乡居民基本养老保险，无需重复登记")
    _set_insurance(ctx.person, RESIDENT_PENSION, InsuranceStatus.INSURED, ctx.today)
    return accept("城乡居民基本养老保险参保登记已办结")


def _grade_change(ctx: RuleContext) -> Verdict:
    if _insurance(ctx.person, RESIDENT_PENSION) is not InsuranceStatus.INSURED:
        return refuse("该人员未在城乡居民基本养老保险参保缴费，不能变更缴费档次")
    return accept()


def _qualification(ctx: RuleContext) -> Verdict:
    receiving = any(
        _insurance(ctx.person, scheme) is InsuranceStatus.RECEIVING for scheme in PENSION_SCHEMES
    )
    if not receiving:
        return refuse("该人员未领取基本养老保险待遇，无需办理待遇资格认证")
    year = ctx.today.year
    earlier = ctx.db.scalar(
        select(CaseRow.business_no)
        .where(CaseRow.person_id_number == ctx.person.id_number)
        .where(CaseRow.item_code == ctx.item.code)
        .where(CaseRow.status == CaseStatus.COMPLETED.value)
        .where(CaseRow.business_day >= date(year, 1, 1))
        .where(CaseRow.business_day <= date(year, 12, 31))
    )
    if earlier is not None:
        return refuse(f"该人员 {year} 年度已完成待遇资格认证（办件编号 {earlier}），无需重复认证")
    return accept(f"{year} 年度待遇资格认证已完成")


RULES: dict[str, Rule] = {
    "SB01001": _flexible_registration,
    "SB01002": _resident_registration,
    "SB03012": _grade_change,
    "SB05021": _qualification,
    "SB08044": _apply_card,
    "SB08045": _card_in_use(),
    "SB08047": _temporary_loss,
    "SB08048": _formal_loss,
    "SB08049": _unblock,
    "SB08050": _reissue,
    "SB08051": _card_in_use(new_card=True),
    "SB08052": _card_in_use(new_card=True),
    "SB08053": _card_in_use(),
    "SB08054": _card_in_use(),
    "SB08055": _pin_change,
    "SB08056": _pin_reset,
    "SB08057": _cancel_card,
}


# --- answers ------------------------------------------------------------------------------


def status_for(item: CatalogueItem) -> CaseStatus:
    return CaseStatus.COMPLETED if item.mode is HandlingMode.FULL else CaseStatus.FORWARDED


def business_no(outlet_code: str, day: date, sequence: int) -> str:
    """办件编号: ZJ + outlet code + YYYYMMDD + 6-digit sequence of the outlet's day."""
    return f"ZJ{outlet_code}{day:%Y%m%d}{sequence:06d}"


def accepted_message(item: CatalogueItem, status: CaseStatus, verdict: Verdict) -> str:
    if verdict.message:
        return verdict.message
    if status is CaseStatus.COMPLETED:
        return f"“{item.name}”已办结"
    return f"“{item.name}”已受理，材料将转运至人社经办机构审核"


_WORK_DAYS = re.compile(r"(\d+)\s*个工作日")
_NEXT_STEPS = {
    "SB08047": "临时挂失期间社保卡暂停使用。找回卡片后请本人持卡和身份证件办理解挂；"
    "未找回的请办理正式挂失和补领。",
    "SB08048": "正式挂失后原卡不能再解挂，请办理补领。",
    "SB08049": "社保卡已恢复正常使用。",
    "SB08044": "即时制卡的当场领卡；批量制卡的制成后短信通知，凭身份证件到网点领取。",
    "SB08050": "即时制卡的当场领卡；批量制卡的制成后短信通知，凭身份证件到网点领取。",
    "SB05021": "本年度待遇资格认证已完成，待遇照常发放。",
    "SB04017": "证明已打印，可扫描证明上的二维码核验真伪。",
}


def work_days_after(day: date, count: int) -> date:
    """`count` working days after `day` (weekends skipped; public holidays are not known)."""
    current = day
    while count > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current


def promised_date(time_limit: str, status: CaseStatus, today: date) -> date | None:
    """The date the citizen can count on: N working days (the longest named) or today."""
    days = [int(n) for n in _WORK_DAYS.findall(time_limit)]
    if days:
        return work_days_after(today, max(days))
    if status is CaseStatus.COMPLETED or "即办" in time_limit:
        return today
    return None


def receipt_for(item: CatalogueItem, status: CaseStatus, number: str, today: date) -> CaseReceipt:
    if status is CaseStatus.COMPLETED:
        next_steps = "已办结。" + _NEXT_STEPS.get(item.code, "办理结果可在浙里办查询。")
    else:
        next_steps = (
            "材料将转运至人社经办机构审核，审核结果将以短信告知；"
            "可凭办件编号在浙里办或拨打 12333 查询进度。"
        )
    return CaseReceipt(
        item_name=item.name,
        time_limit=item.time_limit,
        promised_date=promised_date(item.time_limit, status, today),
        next_steps=next_steps,
        progress_url=PROGRESS_URL + number,
    )


def approval_expiry(approved_at: datetime) -> datetime:
    return approved_at + APPROVAL_LIFETIME
