"""Identifying the citizen at the window (身份核验), the clerk's first step of every case.

Four ways, one result (`Identification`):

* 读身份证: the ID-card reader → the number is validated with `counter.identity.parse`,
  an expired card is refused;
* 读社保卡: the 社保卡 reader; a third-generation card gives its number and name only after
  the online two-step read (`needs_online_lookup`), which the service then performs;
* 电子社保卡: the scanned dynamic QR is verified online (`POST /v1/ecard/verify`); the
  token is passed through and forgotten — never stored, logged or journaled;
* 手工录入: typed by the clerk, only with a reason (读卡器故障 / 群众未带证件 / 证件无法读取 /
  其他 with a note), and journaled as such.

Each way ends with the person lookup (`PersonService.lookup`, with a 查询事由). A citizen
the bureau does not know is still identified: `lookup_error` says why there is no summary.

Privacy: the journal gets masked numbers only. The full number (and the name read from a
card) stay in memory in the `Identification`; `unmask` hands them to the handling clerk
during an active case only, and journals that it did (or that it refused).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Protocol

from counter.audit import AuditLog, Detail
from counter.bureau.client import BureauError, SessionEnded
from counter.bureau.models import CardStatus, EcardIdentity, PersonSummary, Role
from counter.identity import (
    Identity,
    InvalidIdentity,
    mask_card_no,
    mask_id,
    mask_name,
    parse,
    scrub,
)
from counter.journal import Action
from counter.persons import PersonLookupResult, PersonService
from counter.readers import (
    IdCardData,
    IdCardReader,
    ReaderError,
    ReaderFailure,
    SocialCardData,
    SocialCardReader,
    UnavailableReader,
)
from counter.session import ActiveSession, PermissionDenied

__all__ = [
    "DEFAULT_LOOKUP_REASON",
    "MANUAL_REASONS",
    "EcardVerifier",
    "Identification",
    "IdentifyMethod",
    "IdentifyRefused",
    "IdentifyService",
    "ManualReason",
    "Unmasked",
    "age_on",
]

DEFAULT_LOOKUP_REASON = "窗口办理业务核验身份"
MANUAL_NOTE_MIN = 2
MANUAL_NOTE_MAX = 60
QR_MAX_LENGTH = 1024


class IdentifyMethod(StrEnum):
    ID_CARD = "idcard"
    SOCIAL_CARD = "sscard"
    ECARD = "ecard"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    IdentifyMethod.ID_CARD: "身份证读卡",
    IdentifyMethod.SOCIAL_CARD: "社保卡读卡",
    IdentifyMethod.ECARD: "电子社保卡",
    IdentifyMethod.MANUAL: "手工录入",
}


class ManualReason(StrEnum):
    """Why a number was typed instead of read (the journal records the value)."""

    READER_BROKEN = "读卡器故障"
    NO_DOCUMENT = "群众未带证件"
    UNREADABLE = "证件无法读取"
    OTHER = "其他"


MANUAL_REASONS: tuple[ManualReason, ...] = tuple(ManualReason)


class IdentifyRefused(ValueError):
    """Input the service will not act on; `message` is shown at `field`."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class EcardVerifier(Protocol):
    """What the service needs to check an e-card QR (the `BureauClient`)."""

    async def ecard_verify(self, qr: str) -> EcardIdentity: ...


@dataclass(frozen=True, repr=False)
class Identification:
    """Who is at the window, how we know, and the bureau's summary (when there is one)."""

    method: IdentifyMethod
    identity: Identity
    staff_no: str  # the clerk who identified the citizen: the only one who may unmask
    at: datetime
    lookup: PersonLookupResult | None = None
    lookup_error: str | None = None
    card_name: str | None = None  # full name as read from a card (memory only)
    id_card: IdCardData | None = None
    social_card: SocialCardData | None = None
    manual_reason: str | None = None
    shown_name: str = ""  # masked name when no summary is at hand
    findings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> PersonSummary | None:
        return self.lookup.summary if self.lookup is not None else None

    @property
    def masked_id(self) -> str:
        return self.identity.masked

    @property
    def masked_name(self) -> str:
        if self.summary is not None:
            return self.summary.masked_name
        return self.shown_name

    @property
    def masked_card_no(self) -> str:
        if self.summary is not None and self.summary.card_no_masked:
            return self.summary.card_no_masked
        if self.social_card is not None and self.social_card.card_no:
            return mask_card_no(self.social_card.card_no)
        return ""

    def __repr__(self) -> str:
        return f"Identification({self.method.value}, {self.masked_id!r}, by={self.staff_no})"


@dataclass(frozen=True, repr=False)
class Unmasked:
    """The full values, for the handling clerk's eyes during the case only."""

    id_number: str
    name: str | None
    card_no: str | None

    def __repr__(self) -> str:
        return f"Unmasked({mask_id(self.id_number)!r})"


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _utcnow() -> datetime:
    return datetime.now(UTC)


class IdentifyService:
    def __init__(
        self,
        persons: PersonService,
        audit: AuditLog,
        *,
        id_reader: IdCardReader | None = None,
        social_reader: SocialCardReader | None = None,
        ecard: EcardVerifier | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.persons = persons
        self.audit = audit
        self.id_reader: IdCardReader = id_reader or UnavailableReader()
        self.social_reader: SocialCardReader = social_reader or UnavailableReader()
        self.ecard = ecard
        self.today = today

    # --- the four ways -----------------------------------------------------------------------

    async def read_id_card(
        self, session: ActiveSession, reason: str = DEFAULT_LOOKUP_REASON
    ) -> Identification:
        session.require(Role.CLERK)
        reason = _lookup_reason(reason)
        method = IdentifyMethod.ID_CARD
        try:
            card = await self.id_reader.read()
        except ReaderError as exc:
            await self._journal(
                session, Action.IDENTITY_READ, method, "", outcome=exc.failure.value
            )
            raise
        today = self.today()
        if card.expired(today):
            await self._journal(
                session,
                Action.IDENTITY_READ,
                method,
                mask_id(card.id_number),
                outcome=ReaderFailure.EXPIRED.value,
            )
            until = card.valid_to.strftime("%Y.%m.%d") if card.valid_to else ""
            raise ReaderError(
                ReaderFailure.EXPIRED,
                f"证件已过期（有效期至 {until}），不能用于办理业务；请群众出示有效证件。",
            )
        identity = await self._card_identity(session, method, card.id_number, today)
        if identity.kind != card.kind:
            await self._journal(
                session, Action.IDENTITY_READ, method, identity.masked, outcome="kind_mismatch"
            )
            raise ReaderError(
                ReaderFailure.READ_ERROR,
                f"读出的证件类型（{card.kind.value}）与证件号码不符，请重新读卡或手工录入。",
            )
        await self._journal(
            session,
            Action.IDENTITY_READ,
            method,
            identity.masked,
            outcome="ok",
            extra={"kind": identity.kind.name},
        )
        return await self._finish(
            session,
            method,
            identity,
            reason,
            card_name=card.name,
            id_card=card,
            shown_name=card.masked_name,
        )

    async def read_social_card(
        self, session: ActiveSession, reason: str = DEFAULT_LOOKUP_REASON
    ) -> Identification:
        session.require(Role.CLERK)
        reason = _lookup_reason(reason)
        method = IdentifyMethod.SOCIAL_CARD
        online = False
        try:
            card = await self.social_reader.read()
            if card.needs_online_lookup:
                online = True
                card = await self.social_reader.read_online()
                if card.needs_online_lookup:
                    raise ReaderError(ReaderFailure.ONLINE_FAILED)
        except ReaderError as exc:
            await self._journal(
                session,
                Action.IDENTITY_READ,
                method,
                "",
                outcome=exc.failure.value,
                extra={"online": online},
            )
            raise
        today = self.today()
        identity = await self._card_identity(session, method, card.ssn, today)
        await self._journal(
            session,
            Action.IDENTITY_READ,
            method,
            identity.masked,
            outcome="ok",
            extra={"generation": 3 if card.third_generation else 2, "online": online},
        )
        findings: list[str] = []
        if card.expired(today) and card.expiry is not None:
            findings.append(
                f"社保卡已过有效期（{card.expiry:%Y.%m.%d}），可用于核验身份；请提示群众办理换领。"
            )
        return await self._finish(
            session,
            method,
            identity,
            reason,
            card_name=card.name,
            social_card=card,
            shown_name=mask_name(card.name),
            findings=findings,
        )

    async def verify_ecard(
        self, session: ActiveSession, qr: str, reason: str = DEFAULT_LOOKUP_REASON
    ) -> Identification:
        """Verify a scanned e-card QR. The token is not kept: not here, not in the journal."""
        session.require(Role.CLERK)
        reason = _lookup_reason(reason)
        method = IdentifyMethod.ECARD
        if self.ecard is None:
            raise IdentifyRefused("本机未接入电子社保卡核验服务，请改用身份证或社保卡。", "qr")
        token = qr.strip()
        if not token:
            raise IdentifyRefused("未扫描到电子社保卡二维码，请重新扫描。", "qr")
        if len(token) > QR_MAX_LENGTH:
            raise IdentifyRefused("扫描内容不是电子社保卡二维码，请重新扫描。", "qr")
        try:
            answer = await self.ecard.ecard_verify(token)
        except SessionEnded:
            raise
        except BureauError as exc:
            await self._journal(session, Action.ECARD_VERIFY, method, "", outcome=exc.code.lower())
            raise
        try:
            identity = parse(answer.id_number, today=self.today())
        except InvalidIdentity as exc:
            await self._journal(session, Action.ECARD_VERIFY, method, "", outcome="invalid_answer")
            raise BureauError(
                "电子社保卡平台返回的证件号码无效，请改用身份证核验。", code="ECARD_BAD_ANSWER"
            ) from exc
        await self._journal(session, Action.ECARD_VERIFY, method, identity.masked, outcome="ok")
        return await self._finish(session, method, identity, reason, shown_name=answer.masked_name)

    async def enter_manually(
        self,
        session: ActiveSession,
        id_text: str,
        manual_reason: ManualReason | str | None,
        note: str = "",
        *,
        reason: str = DEFAULT_LOOKUP_REASON,
    ) -> Identification:
        """A typed number: refused without a reason; `note` is required for 其他."""
        session.require(Role.CLERK)
        reason = _lookup_reason(reason)
        choice, note = _manual_reason(manual_reason, note)
        identity = parse(id_text, today=self.today())  # InvalidIdentity: shown at the field
        details: dict[str, Detail] = {"reason": choice.value}
        if note:
            details["note"] = scrub(note)[:MANUAL_NOTE_MAX]
        await self.audit.record(
            Action.IDENTITY_MANUAL.value,
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            object=identity.masked,
            outcome="ok",
            details=details,
        )
        label = choice.value if choice is not ManualReason.OTHER else f"{choice.value}：{note}"
        return await self._finish(
            session, IdentifyMethod.MANUAL, identity, reason, manual_reason=label
        )

    # --- show full ------------------------------------------------------------------------

    async def unmask(
        self, session: ActiveSession, identification: Identification, *, case_active: bool
    ) -> Unmasked:
        """The full values for the clerk handling an active case; journaled either way."""
        problem: Exception | None = None
        if Role.CLERK not in session.staff.roles:
            problem = PermissionDenied(Role.CLERK)
        elif not case_active:
            problem = IdentifyRefused("只有在办理业务期间才能显示完整号码。", "unmask")
        elif identification.staff_no != session.staff.staff_no:
            problem = IdentifyRefused("只有经办本笔业务的经办人员才能显示完整号码。", "unmask")
        await self.audit.record(
            Action.UNMASK.value,
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            object=identification.masked_id,
            outcome="refused" if problem else "ok",
            details={"method": identification.method.value, "fields": "id_number,name"},
        )
        if problem is not None:
            raise problem
        card = identification.social_card
        return Unmasked(
            id_number=identification.identity.number,
            name=identification.card_name or None,
            card_no=card.card_no if card is not None and card.card_no else None,
        )

    # --- shared steps -----------------------------------------------------------------------

    async def _card_identity(
        self, session: ActiveSession, method: IdentifyMethod, number: str, today: date
    ) -> Identity:
        try:
            return parse(number, today=today)
        except InvalidIdentity as exc:
            await self._journal(
                session, Action.IDENTITY_READ, method, mask_id(number), outcome="invalid_number"
            )
            raise ReaderError(
                ReaderFailure.READ_ERROR,
                f"卡内证件号码无效（{exc.message}），请重新读卡；仍不成功可手工录入（证件无法读取）。",
            ) from exc

    async def _finish(
        self,
        session: ActiveSession,
        method: IdentifyMethod,
        identity: Identity,
        reason: str,
        *,
        card_name: str | None = None,
        id_card: IdCardData | None = None,
        social_card: SocialCardData | None = None,
        manual_reason: str | None = None,
        shown_name: str = "",
        findings: list[str] | None = None,
    ) -> Identification:
        notes = list(findings or [])
        lookup: PersonLookupResult | None = None
        lookup_error: str | None = None
        try:
            lookup = await self.persons.lookup(session, identity.number, reason)
        except SessionEnded:
            raise
        except BureauError as exc:
            lookup_error = exc.message
        if lookup is not None:
            notes.extend(_summary_findings(lookup.summary, card_name, social_card))
        return Identification(
            method=method,
            identity=identity,
            staff_no=session.staff.staff_no,
            at=_utcnow(),
            lookup=lookup,
            lookup_error=lookup_error,
            card_name=card_name,
            id_card=id_card,
            social_card=social_card,
            manual_reason=manual_reason,
            shown_name=shown_name,
            findings=tuple(notes),
        )

    async def _journal(
        self,
        session: ActiveSession,
        action: Action,
        method: IdentifyMethod,
        masked_object: str,
        *,
        outcome: str,
        extra: dict[str, Detail] | None = None,
    ) -> None:
        details: dict[str, Detail] = {"method": method.value}
        details.update(extra or {})
        await self.audit.record(
            action.value,
            staff_no=session.staff.staff_no,
            role=session.workspace_role.value,
            object=masked_object,
            outcome=outcome,
            details=details,
        )


def _lookup_reason(reason: str) -> str:
    text = reason.strip()
    if len(text) < 2:
        raise IdentifyRefused("请填写查询事由（例如：办理社保卡挂失）。", "reason")
    return text


def _manual_reason(choice: ManualReason | str | None, note: str) -> tuple[ManualReason, str]:
    if choice is None or not str(choice).strip():
        raise IdentifyRefused(
            "手工录入须选择原因（读卡器故障、群众未带证件、证件无法读取或其他）。", "manual_reason"
        )
    try:
        reason = ManualReason(str(choice).strip())
    except ValueError:
        raise IdentifyRefused("请从列表中选择手工录入的原因。", "manual_reason") from None
    note = " ".join(note.split())
    if reason is ManualReason.OTHER:
        if len(note) < MANUAL_NOTE_MIN:
            raise IdentifyRefused("选择“其他”时须填写具体原因。", "note")
        if len(note) > MANUAL_NOTE_MAX:
            raise IdentifyRefused(f"原因说明不超过 {MANUAL_NOTE_MAX} 个字。", "note")
        return reason, note
    return reason, ""


_CARD_STATUS_NOTES = {
    CardStatus.TEMP_LOST: "平台登记的社保卡状态为“临时挂失”：卡片暂停使用，本人可办理解挂。",
    CardStatus.FORMAL_LOST: "平台登记的社保卡状态为“正式挂失”：不能解挂，须补领新卡。",
    CardStatus.LOCKED: "平台登记的社保卡状态为“密码锁定”：须本人持证件办理密码重置。",
    CardStatus.CANCELLED: "平台登记的社保卡已注销。",
    CardStatus.NONE: "该人员尚未制作社保卡。",
}


def _summary_findings(
    summary: PersonSummary, card_name: str | None, card: SocialCardData | None
) -> list[str]:
    notes: list[str] = []
    if summary.card_status in _CARD_STATUS_NOTES:
        notes.append(_CARD_STATUS_NOTES[summary.card_status])
    if card is not None and card.card_no and summary.card_no_masked:
        if mask_card_no(card.card_no) != summary.card_no_masked:
            notes.append("所插社保卡不是平台登记的当前有效卡（卡号不符），可能是旧卡或他人卡片。")
    if card_name and summary.masked_name:
        shown = summary.masked_name
        if len(shown) != len(card_name) or shown[0] != card_name[0]:
            notes.append("证件上的姓名与平台登记的姓名不一致，请核实身份。")
    return notes
