"""Training administration: change the catalogue on demand.

The bureau adjusts its catalogue over time; clerks (and tests) need to see an item
appear, change version and retire without waiting for a real publication. Three actions,
each published as the next catalogue version (so every client's ETag changes):

* ``add``    — a new item with `code` (effective today, every outlet category);
* ``bump``   — the next version of an item, effective today, with changed materials;
* ``retire`` — the item stops applying: every version still in force ends yesterday.

Exposed as ``POST /v1/training/catalogue-change`` for the supervisor of the training
outlet, and as plain functions (:func:`apply_change`) for tests and tools.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import Field
from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from counter.bureau.models import (
    ApiError,
    CatalogueItem,
    HandlingMode,
    Material,
    RiskLevel,
    Role,
    Strict,
)
from counter.training.db import CatalogueItemRow, CatalogueVersionRow, utc_now
from counter.training.deps import SHANGHAI, Auth, PlatformDep
from counter.training.errors import ApiProblem, responses
from counter.training.seed import (
    CHANNEL,
    COMPLAINT,
    ENQUIRY,
    GENERIC_FORM,
    GENERIC_PLACE,
    HOURS,
    ONLINE_URL,
    TRAINING_OUTLET_CODE,
    publish_catalogue,
)

__all__ = [
    "CatalogueChange",
    "CatalogueChangeError",
    "CatalogueChangeResult",
    "add_item",
    "apply_change",
    "bump_item",
    "items_in_force",
    "retire_item",
    "router",
]

ItemCode = Annotated[str, Field(pattern=r"^[A-Z]{2}\d{5}$", description="事项编码，如 SB01001")]


class CatalogueChange(Strict):
    """A catalogue change asked for by the training administrator."""

    action: Literal["add", "bump", "retire"]
    code: ItemCode
    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None  # add only


class CatalogueChangeResult(Strict):
    action: Literal["add", "bump", "retire"]
    code: str
    catalogue_version: int  # the catalogue version this change was published as
    item_version: int  # the item version now in force (retire: the last one)
    effective_from: date
    effective_to: date | None = None
    message: str  # Chinese, for the administrator


class CatalogueChangeError(Exception):
    """A change that cannot be made; `code` and `message` as in ApiError."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


# --- the changes ----------------------------------------------------------------------------


def _rows(db: Session, code: str) -> list[CatalogueItemRow]:
    return list(
        db.scalars(
            select(CatalogueItemRow)
            .where(CatalogueItemRow.code == code)
            .order_by(CatalogueItemRow.version)
        )
    )


def _in_force(rows: list[CatalogueItemRow], today: date) -> CatalogueItemRow | None:
    """The highest version in force today (any outlet category)."""
    current = None
    for row in rows:
        if row.effective_from <= today and (row.effective_to is None or row.effective_to >= today):
            current = row
    return current


def _next_version(rows: list[CatalogueItemRow]) -> int:
    return max((row.version for row in rows), default=0) + 1


def _template(code: str, name: str, version: int, today: date) -> CatalogueItem:
    return CatalogueItem(
        code=code,
        group="培训演示事项",
        version=version,
        effective_from=today,
        outlet_categories=[1, 2, 3],
        risk=RiskLevel.LOW,
        needs_review=False,
        mode=HandlingMode.FULL,
        offline_ok=True,
        name=name,
        brief=f"为参保人员办理“{name}”（培训平台新增的演示事项）。社银合作网点窗口受理，当场办结。",
        materials=[
            Material(name="身份证件/社保卡"),
            Material(name=f"《{name}申请表》"),
            Material(name="户籍信息", shareable=True),
        ],
        channel=CHANNEL,
        time_limit="即办",
        delivery="当场办结，窗口出具办理凭证",
        fee="不收费",
        hours=HOURS,
        place=GENERIC_PLACE,
        enquiry=ENQUIRY,
        complaint=COMPLAINT,
        form_fields=list(GENERIC_FORM),
        online_url=ONLINE_URL,
    )


def add_item(
    engine: Engine, code: str, *, today: date, name: str | None = None, now: datetime | None = None
) -> CatalogueChangeResult:
    """Publish a new item `code`, in force from `today` for every outlet category."""
    with Session(engine) as db:
        rows = _rows(db, code)
    if _in_force(rows, today) is not None or any(r.effective_from > today for r in rows):
        raise CatalogueChangeError(409, "ITEM_EXISTS", f"事项 {code} 已在目录中，不能重复新增")
    version = _next_version(rows)
    item = _template(code, name or f"培训演示事项{code}", version, today)
    published = publish_catalogue(engine, [item], note=f"培训：新增事项 {code}", now=now)
    return CatalogueChangeResult(
        action="add",
        code=code,
        catalogue_version=published,
        item_version=version,
        effective_from=today,
        message=f"已新增事项 {code}“{item.name}”，目录版本 {published}",
    )


def bump_item(
    engine: Engine, code: str, *, today: date, now: datetime | None = None
) -> CatalogueChangeResult:
    """Publish the next version of `code`, in force from `today`, with one more material."""
    with Session(engine) as db:
        rows = _rows(db, code)
        current = _in_force(rows, today)
        data = dict(current.data) if current is not None else None
    if data is None:
        raise CatalogueChangeError(404, "ITEM_NOT_FOUND", f"目录中没有正在施行的事项 {code}")
    version = _next_version(rows)
    old = CatalogueItem.model_validate(data)
    item = old.model_copy(
        update={
            "version": version,
            "effective_from": today,
            "materials": [
                *old.materials,
                Material(name=f"个人承诺书（第{version}版起须提供）"),
            ],
        }
    )
    published = publish_catalogue(engine, [item], note=f"培训：{code} 升至第 {version} 版", now=now)
    return CatalogueChangeResult(
        action="bump",
        code=code,
        catalogue_version=published,
        item_version=version,
        effective_from=today,
        effective_to=item.effective_to,
        message=f"事项 {code} 已升至第 {version} 版（办理材料有变化），目录版本 {published}",
    )


def retire_item(
    engine: Engine, code: str, *, today: date, now: datetime | None = None
) -> CatalogueChangeResult:
    """End every version of `code` still in force (or due) yesterday; publish the change."""
    yesterday = today - timedelta(days=1)
    with Session(engine) as db, db.begin():
        rows = _rows(db, code)
        current = _in_force(rows, today)
        if current is None:
            raise CatalogueChangeError(404, "ITEM_NOT_FOUND", f"目录中没有正在施行的事项 {code}")
        last_version, effective_from = current.version, current.effective_from
        for row in rows:
            if row.effective_to is None or row.effective_to >= today:
                row.effective_to = yesterday
                data: dict[str, Any] = dict(row.data)
                data["effective_to"] = yesterday.isoformat()
                row.data = data
        latest: int | None = db.scalar(select(func.max(CatalogueVersionRow.version)))
        published = (latest or 0) + 1
        db.add(
            CatalogueVersionRow(
                version=published, published_at=now or utc_now(), note=f"培训：停用事项 {code}"
            )
        )
    return CatalogueChangeResult(
        action="retire",
        code=code,
        catalogue_version=published,
        item_version=last_version,
        effective_from=effective_from,
        effective_to=yesterday,
        message=f"事项 {code} 已停用（施行至 {yesterday:%Y-%m-%d}），目录版本 {published}",
    )


def apply_change(
    engine: Engine, change: CatalogueChange, *, today: date, now: datetime | None = None
) -> CatalogueChangeResult:
    if change.action == "add":
        return add_item(engine, change.code, today=today, name=change.name, now=now)
    if change.action == "bump":
        return bump_item(engine, change.code, today=today, now=now)
    return retire_item(engine, change.code, today=today, now=now)


def items_in_force(engine: Engine, today: date) -> list[str]:
    """Codes with a version in force today (any category): for tools and tests."""
    with Session(engine) as db:
        rows = db.scalars(
            select(CatalogueItemRow.code)
            .where(CatalogueItemRow.effective_from <= today)
            .where(
                or_(CatalogueItemRow.effective_to.is_(None), CatalogueItemRow.effective_to >= today)
            )
            .distinct()
        )
        return sorted(rows)


# --- the admin endpoint ---------------------------------------------------------------------

router = APIRouter()

_RESPONSES: dict[int | str, dict[str, Any]] = {
    **responses(401, 403, 404, 422),
    409: {"model": ApiError, "description": "事项已在目录中（ITEM_EXISTS）"},
}


@router.post(
    "/v1/training/catalogue-change",
    response_model=CatalogueChangeResult,
    operation_id="changeTrainingCatalogue",
    tags=["training"],
    summary="培训管理：按需调整目录（新增 / 升版 / 停用事项；仅培训网点主管）",
    responses=_RESPONSES,
)
def catalogue_change(
    body: CatalogueChange, auth: Auth, platform: PlatformDep
) -> CatalogueChangeResult:
    if not auth.has(Role.SUPERVISOR) or auth.outlet.code != TRAINING_OUTLET_CODE:
        raise ApiProblem(403, "FORBIDDEN_ROLE", "只有培训网点的主管可以调整培训目录")
    now = platform.now()
    try:
        return apply_change(platform.engine, body, today=now.astimezone(SHANGHAI).date(), now=now)
    except CatalogueChangeError as exc:
        raise ApiProblem(exc.status, exc.code, exc.message) from exc
