"""Seed data of the training platform: outlets, training accounts, catalogue, persons.

`seed_database` is idempotent: it adds only what is missing, so it is safe (and cheap) on
every start. The catalogue comes from `resources/training/catalogue.csv`; the 11 public
elements the CSV does not carry are filled with sensible training wording.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from counter.bureau.models import (
    CatalogueItem,
    FieldType,
    FormField,
    HandlingMode,
    Material,
    Post,
    RiskLevel,
    Role,
)
from counter.resources import resource_path

# Re-exported: the seed's callers (tests, scenarios, the CLI) keep one import.
from counter.training.accounts import TRAINING_ACCOUNTS as TRAINING_ACCOUNTS  # noqa: PLC0414
from counter.training.accounts import TRAINING_OUTLET_CODE as TRAINING_OUTLET_CODE  # noqa: PLC0414
from counter.training.accounts import TRAINING_PASSWORD as TRAINING_PASSWORD  # noqa: PLC0414
from counter.training.accounts import TrainingAccount as TrainingAccount  # noqa: PLC0414
from counter.training.db import (
    CatalogueItemRow,
    CatalogueVersionRow,
    OutletRow,
    PersonRow,
    StaffRow,
    hash_password,
    password_meets_policy,
    utc_now,
)
from counter.training.forms import form_for
from counter.training.persons import DEFAULT_COUNT, generate_persons

# --- outlets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OutletSpec:
    code: str
    name: str
    category: int
    window: int
    seal_no: str
    supervision_phone: str = "12333"


TRAINING_OUTLETS: tuple[OutletSpec, ...] = (
    OutletSpec(
        TRAINING_OUTLET_CODE, "中国工商银行杭州湖滨支行社保业务代办点", 1, 3, "浙人社代办（杭）0001"
    ),
    OutletSpec("330102002", "中国农业银行杭州清波支行社保业务代办点", 2, 2, "浙人社代办（杭）0002"),
    OutletSpec("330102003", "杭州联合银行上城南星社保服务点", 3, 1, "浙人社代办（杭）0003"),
)

# --- training accounts: in counter.training.accounts (the login screen lists them) ------

# --- catalogue -----------------------------------------------------------------------------

CATALOGUE_EFFECTIVE_FROM = date(2024, 1, 1)
CHANNEL = "窗口办理/浙里办"
HOURS = "周一至周五 9:00-17:00"
GENERIC_PLACE = "社银合作网点社保业务代办窗口"
ENQUIRY = "12333 人力社保服务热线；浙里办"
COMPLAINT = "12345 政务服务便民热线 / 监督电话"
ONLINE_URL = "https://www.zjzwfw.gov.cn/"
_SHARE_MARKS = ("(可共享免交)", "(可共享)")
_NOTE_MARK = re.compile(r"\s*\[[A-Z]\]\s*$")
_SAME_AS_ABOVE = "同上"

GENERIC_FORM: tuple[FormField, ...] = (
    FormField(
        name="mobile",
        label="联系电话",
        type=FieldType.MOBILE,
        required=True,
        validation=r"^1[3-9]\d{9}$",
        help="用于接收办理进度和结果短信",
    ),
    FormField(name="remark", label="备注", type=FieldType.TEXT, required=False),
)


def load_catalogue(path: Path | None = None) -> list[CatalogueItem]:
    """The seed catalogue (version 1) from the CSV, as contract items."""
    path = path or resource_path("training", "catalogue.csv")
    items: list[CatalogueItem] = []
    previous_materials = ""
    previous_limit = ""
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            materials = row["materials"].strip()
            if materials == _SAME_AS_ABOVE:
                materials = previous_materials
            time_limit = _NOTE_MARK.sub("", row["time_limit"].strip())
            if time_limit == _SAME_AS_ABOVE:
                time_limit = previous_limit
            previous_materials, previous_limit = materials, time_limit
            items.append(_item(row, materials, time_limit))
    return items


def _item(row: dict[str, str], materials: str, time_limit: str) -> CatalogueItem:
    mode = HandlingMode(row["mode"].strip())
    needs_review = row["needs_review"].strip() == "yes"
    offline_ok = row["offline_ok"].strip() == "yes"
    delegable = row["bank_delegable"].strip()
    if delegable not in ("Y", "P", "N"):
        raise ValueError(f"{row['code']}: bank_delegable {delegable!r}")
    return CatalogueItem(
        code=row["code"].strip(),
        group=row["group"].strip(),
        version=1,
        effective_from=CATALOGUE_EFFECTIVE_FROM,
        outlet_categories=[int(c) for c in row["outlet_categories"].split("|")],
        risk=RiskLevel(row["risk"].strip()),
        needs_review=needs_review,
        mode=mode,
        offline_ok=offline_ok,
        bank_delegable=delegable,
        name=row["name"].strip(),
        brief=_brief(row["name"].strip(), mode, needs_review, offline_ok, delegable),
        materials=_materials(materials),
        channel=CHANNEL,
        time_limit=time_limit,
        delivery=_delivery(mode),
        fee=_fee(materials),
        hours=HOURS,
        place=GENERIC_PLACE,
        enquiry=ENQUIRY,
        complaint=COMPLAINT,
        form_fields=list(form_for(row["code"].strip())),
        online_url=ONLINE_URL,
    )


def _materials(text: str) -> list[Material]:
    result: list[Material] = []
    for part in text.split(";"):
        name = part.strip()
        if not name or name in ("—", "-", "无"):
            continue
        shareable = False
        for mark in _SHARE_MARKS:
            if name.endswith(mark):
                name, shareable = name[: -len(mark)].strip(), True
                break
        result.append(Material(name=name, shareable=shareable))
    return result


def _brief(name: str, mode: HandlingMode, review: bool, offline: bool, delegable: str) -> str:
    parts = [f"为参保人员办理“{name}”。"]
    if mode is HandlingMode.FULL:
        parts.append("社银合作网点窗口受理，材料齐全、符合条件的当场办结。")
    else:
        parts.append("网点窗口收取申请材料，登记后转运至人力社保经办机构审核办理。")
    if delegable == "P":
        parts.append("部分环节由经办机构完成。")
    elif delegable == "N":
        parts.append("网点仅收件并告知，办理结果以经办机构审核为准。")
    if review:
        parts.append("本事项风险较高，须由复核人员现场复核后提交。")
    if offline:
        parts.append("网络中断时可先行收件，恢复后补传。")
    return "".join(parts)


def _delivery(mode: HandlingMode) -> str:
    if mode is HandlingMode.FULL:
        return "当场办结，窗口出具办理凭证"
    return "办结后短信告知，可在浙里办查询结果或到网点领取"


def _fee(materials: str) -> str:
    if "工本费" in materials:
        return "社会保障卡补领工本费按浙江省规定标准收取（符合减免条件的免收），其余不收费"
    return "不收费"


# --- seeding ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedReport:
    outlets: int = 0
    staff: int = 0
    catalogue_items: int = 0
    persons: int = 0

    @property
    def anything(self) -> bool:
        return any((self.outlets, self.staff, self.catalogue_items, self.persons))


def seed_database(
    engine: Engine,
    *,
    person_count: int = DEFAULT_COUNT,
    now: datetime | None = None,
) -> SeedReport:
    """Add the training outlets, accounts, catalogue and persons that are missing."""
    now = now or utc_now()
    with Session(engine) as db, db.begin():
        outlets = _seed_outlets(db)
        staff = _seed_staff(db, TRAINING_ACCOUNTS, now)
        items = 0
        if db.scalar(select(func.count()).select_from(CatalogueVersionRow)) == 0:
            items = _publish(db, load_catalogue(), now, "初始目录（培训）")
        persons = 0
        if db.scalar(select(func.count()).select_from(PersonRow)) == 0:
            rows = [p.as_row() for p in generate_persons(person_count)]
            db.execute(insert(PersonRow), rows)
            persons = len(rows)
    return SeedReport(outlets, staff, items, persons)


def _seed_outlets(db: Session) -> int:
    existing = set(db.scalars(select(OutletRow.code)))
    added = 0
    for spec in TRAINING_OUTLETS:
        if spec.code not in existing:
            db.add(
                OutletRow(
                    code=spec.code,
                    name=spec.name,
                    category=spec.category,
                    window=spec.window,
                    seal_no=spec.seal_no,
                    supervision_phone=spec.supervision_phone,
                )
            )
            added += 1
    db.flush()
    return added


def _seed_staff(db: Session, accounts: Sequence[TrainingAccount], now: datetime) -> int:
    existing = set(db.scalars(select(StaffRow.staff_no)))
    added = 0
    for account in accounts:
        if account.staff_no not in existing:
            add_staff(
                db,
                staff_no=account.staff_no,
                name=account.name,
                roles=account.roles,
                post=account.post,
                outlet_code=account.outlet_code,
                password=account.password,
                now=now,
            )
            added += 1
    return added


def add_staff(
    db: Session,
    *,
    staff_no: str,
    name: str,
    roles: Sequence[Role],
    post: Post | None,
    outlet_code: str,
    password: str,
    now: datetime | None = None,
) -> StaffRow:
    """Create a staff account at an existing outlet (the password must meet the policy)."""
    if not password_meets_policy(password):
        raise ValueError("密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少 3 类")
    outlet = db.scalars(select(OutletRow).where(OutletRow.code == outlet_code)).one()
    row = StaffRow(
        staff_no=staff_no,
        name=name,
        roles=[Role(r).value for r in roles],
        post=post.value if post else None,
        outlet_id=outlet.id,
        password_hash=hash_password(password),
        failed_count=0,
        locked_until=None,
        created_at=now or utc_now(),
    )
    db.add(row)
    db.flush()
    return row


def publish_catalogue(
    engine: Engine,
    items: Sequence[CatalogueItem],
    *,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """Publish new item versions as the next catalogue version; returns that version.

    Training administration: the bureau adjusts its catalogue over time and clients must
    notice (ETag changes, new item versions, items that stop or start applying).
    """
    with Session(engine) as db, db.begin():
        _publish(db, items, now or utc_now(), note)
        version: int | None = db.scalar(select(func.max(CatalogueVersionRow.version)))
    assert version is not None
    return version


def _publish(db: Session, items: Sequence[CatalogueItem], now: datetime, note: str) -> int:
    current: int | None = db.scalar(select(func.max(CatalogueVersionRow.version)))
    version = (current or 0) + 1
    db.add(CatalogueVersionRow(version=version, published_at=now, note=note))
    db.flush()
    db.execute(
        insert(CatalogueItemRow),
        [
            {
                "code": item.code,
                "version": item.version,
                "effective_from": item.effective_from,
                "effective_to": item.effective_to,
                "outlet_categories": list(item.outlet_categories),
                "published_in": version,
                "data": item.model_dump(mode="json"),
            }
            for item in items
        ],
    )
    return len(items)
