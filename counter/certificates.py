"""参保证明 / 个人权益记录 (SB04017, SB04018): what the A4 certificate says.

The certificate is built from the insured summary the clerk looked up
(:class:`counter.bureau.models.PersonSummary`), the case's form (which document, the
period, the purpose, how many copies) and the accepted case (its business number is the
verification code; its progress link the verification QR). ``ui/documents`` lays it out
on A4 (print or PDF); this module holds no Qt.

**The full ID number.** Everywhere else the client prints masked numbers. A 参保证明 is
the citizen's own certificate, handed to a third party (an employer, a school, a housing
authority) who must match it to the holder's ID card, and the official templates print
the 公民身份号码 in full; a masked number would make it worthless for its purpose. So the
certificate — and only the certificate — carries the full number (:attr:`Certificate.
id_number`), on paper or in the PDF the clerk exports for printing. It is never shown on
screen lists, never logged: :meth:`Certificate.journal_details` carries the masked number
and a ``full_id`` flag, so the journal records that a full number went on paper. The
name comes from the platform already masked and is printed as given. See
``docs/receipts-and-documents.md`` ("Where a full ID number is printed").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from counter.bureau.cases import FormValue
from counter.bureau.models import InsuranceStatus, Outlet, PersonSummary
from counter.cases import CaseView
from counter.identity import mask_id
from counter.journal import BUSINESS_TZ

__all__ = [
    "CERTIFICATE_ITEMS",
    "DOCUMENT_KINDS",
    "FULL_ID_REASON",
    "Certificate",
    "CertificateError",
    "CertificateRow",
    "build_certificate",
]

#: The items whose result is a printed certificate.
CERTIFICATE_ITEMS = ("SB04017", "SB04018")
#: The form's ``document`` choices (SB04017) and the SB04018 document.
DOCUMENT_KINDS = ("个人参保证明", "社保权益单", "个人缴费明细")
TITLES = {
    "个人参保证明": "社会保险个人参保证明",
    "社保权益单": "社会保险个人权益记录单",
    "个人缴费明细": "社会保险个人缴费情况证明",
}
FULL_ID_REASON = (
    "参保证明是参保人本人的证明文件，须由使用方与本人身份证件核对，"
    "按规定完整打印公民身份号码（屏幕与日志仍只显示脱敏号码）。"
)
MAX_COPIES = 5
_YEAR_MONTH = re.compile(r"^(\d{4})-?(\d{2})$")


class CertificateError(ValueError):
    """The certificate cannot be made; ``message`` is Chinese, for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class CertificateRow:
    scheme: str  # 险种
    status: str  # 参保状态
    since: date | None  # 参保起始
    paying: bool  # 当前是否缴费


@dataclass(frozen=True, slots=True)
class Certificate:
    kind: str
    title: str
    item_code: str
    name: str  # as the platform gives it (masked)
    id_number: str = ""  # FULL: see the module notes; never shown on screen or logged
    sex: str = ""
    birth_date: date | None = None
    card_status: str = ""
    rows: tuple[CertificateRow, ...] = ()
    period_from: str | None = None  # YYYY-MM
    period_to: str | None = None
    purpose: str | None = None
    copies: int = 1
    business_no: str | None = None  # the verification code
    verify_url: str | None = None
    outlet_name: str = ""
    outlet_code: str = ""
    seal_no: str = ""
    clerk_staff_no: str = ""
    issued_at: datetime = datetime(2000, 1, 1, tzinfo=BUSINESS_TZ)
    training: bool = False

    @property
    def id_masked(self) -> str:
        return mask_id(self.id_number)

    @property
    def period_text(self) -> str:
        if self.period_from and self.period_to:
            return f"{_ym_text(self.period_from)}至{_ym_text(self.period_to)}"
        if self.period_to:
            return f"截至{_ym_text(self.period_to)}"
        return f"截至{self.issued_at:%Y年%m月%d日}"

    @property
    def statement(self) -> str:
        """The certifying sentence (with the full number: it is printed, not shown)."""
        return (
            f"兹证明{self.name}（公民身份号码：{self.id_number}）"
            f"在本统筹区参加社会保险，{self.period_text}参保情况如下。"
        )

    @property
    def verify_code(self) -> str:
        return self.business_no or "—"

    def journal_details(self) -> dict[str, str | int | bool | None]:
        """What the journal records about printing it: masked, with the full-number flag."""
        return {
            "slip": "certificate_a4",
            "kind": self.kind,
            "item": self.item_code,
            "person": self.id_masked,
            "business_no": self.business_no,
            "copies": self.copies,
            "full_id": True,
            "training": self.training,
        }


def _ym(value: FormValue) -> str | None:
    if value is None or value == "":
        return None
    match = _YEAR_MONTH.match(str(value).strip())
    if match is None:
        raise CertificateError(f"年月格式不正确：{value}（应为 YYYY-MM）")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise CertificateError(f"月份不正确：{value}")
    return f"{year:04d}-{month:02d}"


def _ym_text(value: str) -> str:
    year, month = value.split("-")
    return f"{year}年{month}月"


def _copies(value: FormValue) -> int:
    if value is None or value == "":
        return 1
    try:
        n = int(str(value).strip())
    except ValueError:
        raise CertificateError(f"打印份数须为 1–{MAX_COPIES} 的整数") from None
    if not 1 <= n <= MAX_COPIES:
        raise CertificateError(f"打印份数须为 1–{MAX_COPIES} 份")
    return n


def build_certificate(
    summary: PersonSummary,
    *,
    item_code: str,
    form: Mapping[str, FormValue],
    outlet: Outlet,
    clerk_staff_no: str,
    training: bool,
    case: CaseView | None = None,
    issued_at: datetime | None = None,
) -> Certificate:
    """The certificate for *summary*, as the case's form asks (SB04017 / SB04018).

    ``case`` (when accepted) gives the verification code and link. Raises
    :class:`CertificateError` for an item that prints no certificate or a bad form value.
    """
    if item_code not in CERTIFICATE_ITEMS:
        raise CertificateError(f"事项 {item_code} 不打印参保证明")
    if case is not None and case.item_code != item_code:
        raise CertificateError("办件与证明事项不一致")
    if item_code == "SB04018":
        kind = "个人缴费明细"
    else:
        kind = str(form.get("document") or "个人参保证明")
        if kind not in DOCUMENT_KINDS:
            raise CertificateError(f"不支持的打印内容：{kind}")
    period_from, period_to = _ym(form.get("period_from")), _ym(form.get("period_to"))
    if period_from and period_to and period_from > period_to:
        raise CertificateError("起始年月不能晚于截止年月")
    business_no = None
    verify_url = None
    if case is not None and case.business_no:
        business_no = case.business_no
        receipt = case.result.receipt if case.result is not None else None
        verify_url = receipt.progress_url if receipt is not None else None
    rows = tuple(
        CertificateRow(
            scheme=i.scheme,
            status=i.status.value,
            since=i.since,
            paying=i.status is InsuranceStatus.INSURED,
        )
        for i in summary.insurances
    )
    purpose = form.get("purpose")
    return Certificate(
        kind=kind,
        title=TITLES[kind],
        item_code=item_code,
        name=summary.masked_name,
        id_number=summary.id_number,
        sex=summary.sex,
        birth_date=summary.birth_date,
        card_status=summary.card_status.value,
        rows=rows,
        period_from=period_from,
        period_to=period_to,
        purpose=str(purpose) if purpose else None,
        copies=_copies(form.get("copies")),
        business_no=business_no,
        verify_url=verify_url,
        outlet_name=outlet.name,
        outlet_code=outlet.code,
        seal_no=outlet.seal_no,
        clerk_staff_no=clerk_staff_no,
        issued_at=(issued_at or datetime.now(UTC)).astimezone(BUSINESS_TZ),
        training=training,
    )
