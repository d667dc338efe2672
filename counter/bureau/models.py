"""Pydantic models of the bureau platform API, v1 (DESIGN §3.3).

The client validates every payload with these models and the training platform
publishes its OpenAPI document from the very same classes, so the two cannot drift.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

API_VERSION = "v1"


class Strict(BaseModel):
    """Base for contract models: unknown fields are ignored, values are validated."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Role(StrEnum):
    GUIDE = "guide"  # 导办
    CLERK = "clerk"  # 经办
    REVIEWER = "reviewer"  # 复核
    COURIER = "courier"  # 收件转运
    SUPERVISOR = "supervisor"  # 管理


class Post(StrEnum):
    A = "A"  # A岗, the responsible officer
    B = "B"  # B岗, the named backup


class RiskLevel(StrEnum):
    LOW = "L"
    MEDIUM = "M"
    HIGH = "H"


class HandlingMode(StrEnum):
    FULL = "全程办"  # done at the window
    COLLECT = "收件转运"  # the window collects paper, the back office decides


class FieldType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    YEAR_MONTH = "year_month"
    MONEY = "money"  # integer fen
    ID_NUMBER = "id_number"
    MOBILE = "mobile"
    BANK_ACCOUNT = "bank_account"
    ADDRESS = "address"
    YES_NO = "yes_no"


class ApiError(Strict):
    """Every error answer: a machine code and a Chinese message fit to show a clerk."""

    code: str
    message: str


class Health(Strict):
    status: Literal["ok"] = "ok"
    api_version: str = API_VERSION
    platform: str
    platform_version: str
    server_time: datetime
    training: bool = False


# --- sessions -----------------------------------------------------------------


class SessionRequest(Strict):
    staff_no: Annotated[str, Field(min_length=1, max_length=32)]
    password: Annotated[str, Field(min_length=1, max_length=128)]
    outlet_code: Annotated[str, Field(min_length=1, max_length=32)]
    device_id: Annotated[str, Field(min_length=1, max_length=64)]


class Staff(Strict):
    staff_no: str
    name: str
    roles: list[Role]
    post: Post | None = None


class Outlet(Strict):
    code: str
    name: str
    category: Annotated[int, Field(ge=1, le=3)]
    window: int | None = None
    seal_no: str = ""  # 业务专用章编号
    supervision_phone: str = ""


class SessionGrant(Strict):
    access_token: str
    expires_at: datetime
    staff: Staff
    outlet: Outlet


class SessionInfo(Strict):
    """`GET /v1/sessions/current`: the heartbeat that also tells a replaced session."""

    staff_no: str
    expires_at: datetime
    server_time: datetime


# --- catalogue ----------------------------------------------------------------


class FormField(Strict):
    name: Annotated[str, Field(min_length=1, max_length=64)]
    label: Annotated[str, Field(min_length=1, max_length=64)]
    type: FieldType
    required: bool = True
    choices: list[str] = Field(default_factory=list)
    validation: str | None = None  # a regular expression, when the type alone is not enough
    help: str = ""


class Material(Strict):
    name: str
    shareable: bool = False  # 可共享免交: the bureau fetches it, the citizen need not bring it


class CatalogueItem(Strict):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}\d{5}$")]
    group: str
    version: Annotated[int, Field(ge=1)]
    effective_from: date
    effective_to: date | None = None
    outlet_categories: list[Annotated[int, Field(ge=1, le=3)]]
    risk: RiskLevel
    needs_review: bool
    mode: HandlingMode
    offline_ok: bool
    bank_delegable: Literal["Y", "P", "N"] = "Y"
    # The 11 public elements (事项要素)
    name: Annotated[str, Field(min_length=1)]  # 事项名称
    brief: str  # 事项简述
    materials: list[Material]  # 办理材料
    channel: str  # 办理方式
    time_limit: str  # 办理时限
    delivery: str  # 结果送达
    fee: str  # 收费依据及标准
    hours: str  # 办事时间
    place: str  # 办理机构及地点
    enquiry: str  # 咨询查询途径
    complaint: str  # 监督投诉渠道
    form_fields: list[FormField] = Field(default_factory=list)
    online_url: str = ""


class Catalogue(Strict):
    version: str
    items: list[CatalogueItem]


# --- persons ------------------------------------------------------------------


class InsuranceStatus(StrEnum):
    INSURED = "参保缴费"
    SUSPENDED = "暂停缴费"
    TERMINATED = "终止参保"
    RECEIVING = "享受待遇"
    NONE = "未参保"


class CardStatus(StrEnum):
    NORMAL = "正常"
    TEMP_LOST = "临时挂失"
    FORMAL_LOST = "正式挂失"
    LOCKED = "密码锁定"
    CANCELLED = "注销"
    NONE = "未制卡"


class Insurance(Strict):
    scheme: str  # e.g. 企业职工基本养老保险
    status: InsuranceStatus
    since: date | None = None


class PersonSummary(Strict):
    """The insured summary. Names come masked from the bureau; the number is the query key."""

    id_number: str
    masked_name: str
    sex: Literal["男", "女"]
    birth_date: date
    insurances: list[Insurance]
    card_status: CardStatus
    card_no_masked: str = ""
    mobile_masked: str = ""


# Lookup reasons a clerk may give (查询事由); the platform journals them.
LookupReason = Annotated[str, Field(min_length=2, max_length=100)]


# --- 电子社保卡 (e-card QR) ---------------------------------------------------------------


class EcardVerifyRequest(Strict):
    """`POST /v1/ecard/verify`: the scanned dynamic QR, opaque, never decoded or stored."""

    qr: Annotated[str, Field(min_length=1, max_length=1024, repr=False)]


class EcardIdentity(Strict):
    """Who the verified 电子社保卡 belongs to (the name comes masked)."""

    id_number: Annotated[str, Field(repr=False)]
    masked_name: str
    verified_at: datetime
