"""Card readers at the window: the data they deliver and the ports the drivers implement.

The core owns these interfaces; `drivers/idcard` and `drivers/sscard` implement them
(simulated for training and tests, Huashi `termb` through ctypes, a local reader service
over HTTP, the 社保卡 `SSCardDriver` DLL). See REFERENCE.md "Devices".

Everything a reader returns is personal data: the dataclasses here print masked values only
(`repr`), and nothing in them is ever written to disk or to a log by the core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NoReturn, Protocol, runtime_checkable

from counter.identity import IdentityKind, mask_card_no, mask_id, mask_name

__all__ = [
    "CERT_TYPE_KINDS",
    "IdCardData",
    "IdCardReader",
    "ReaderError",
    "ReaderFailure",
    "SocialCardData",
    "SocialCardReader",
    "UnavailableReader",
    "identity_kind_for_cert_type",
]


class ReaderFailure(StrEnum):
    """Why a read gave no usable card; the value is what the journal records."""

    NO_CARD = "no_card"
    READ_ERROR = "read_error"
    NOT_CONNECTED = "not_connected"
    NOT_CONFIGURED = "not_configured"
    EXPIRED = "expired"
    UNSUPPORTED = "unsupported"
    ONLINE_FAILED = "online_failed"


DEFAULT_MESSAGES: dict[ReaderFailure, str] = {
    ReaderFailure.NO_CARD: "未放卡：请将证件平放在读卡器感应区后重试。",
    ReaderFailure.READ_ERROR: (
        "读卡失败：请取下证件重新放置后再试；多次失败可手工录入（证件无法读取）。"
    ),
    ReaderFailure.NOT_CONNECTED: (
        "读卡器未连接：请检查读卡器的 USB 连线和电源；无法恢复时可手工录入（读卡器故障）。"
    ),
    ReaderFailure.NOT_CONFIGURED: "本机未配置读卡器，请手工录入证件号码。",
    ReaderFailure.EXPIRED: "证件已过期，请群众出示有效证件。",
    ReaderFailure.UNSUPPORTED: "无法识别的证件类型，请改用其他证件或手工录入。",
    ReaderFailure.ONLINE_FAILED: (
        "第三代社保卡须经人社平台在线认证后才能读出号码和姓名，在线认证未成功；"
        "请改用身份证或电子社保卡核验身份。"
    ),
}


class ReaderError(Exception):
    """A failed read, with the Chinese `message` to show the clerk.

    `code` is the device's own return code when there is one (shown to the technician).
    """

    def __init__(
        self, failure: ReaderFailure, message: str | None = None, *, code: int | None = None
    ) -> None:
        text = message or DEFAULT_MESSAGES[failure]
        if code is not None and message is None and failure is ReaderFailure.READ_ERROR:
            text = f"{text}（设备返回码 {code}）"
        super().__init__(text)
        self.failure = failure
        self.message = text
        self.code = code


#: `GetCertType` / document-type letter → kind (REFERENCE: J 居住证, I 永居证 2017, Y 2023).
CERT_TYPE_KINDS: dict[str, IdentityKind] = {
    "": IdentityKind.RESIDENT,
    "J": IdentityKind.HKMOTW_PERMIT,
    "I": IdentityKind.FOREIGN_PR_2017,
    "Y": IdentityKind.FOREIGN_PR_2023,
}


def identity_kind_for_cert_type(code: str) -> IdentityKind:
    """The kind for a reader's document-type letter (blank = 居民身份证)."""
    letter = code.strip().upper()
    try:
        return CERT_TYPE_KINDS[letter]
    except KeyError:
        raise ReaderError(
            ReaderFailure.UNSUPPORTED, f"无法识别的证件类型“{letter}”，请手工录入证件号码。"
        ) from None


@dataclass(frozen=True, repr=False)
class IdCardData:
    """What a second-generation ID-card reader delivers (居民身份证 / 居住证 / 永居证)."""

    kind: IdentityKind
    name: str
    sex: str  # 男 | 女 (as printed on the card)
    id_number: str
    birth: date | None = None
    ethnicity: str = ""  # 民族 (居民身份证 only)
    address: str = ""
    issuer: str = ""  # 签发机关
    valid_from: date | None = None
    valid_to: date | None = None  # None: 长期
    photo: bytes | None = field(default=None, compare=False)  # BMP, decoded by the SDK
    english_name: str = ""  # 永居证
    nationality: str = ""  # 永居证: nationality code

    def expired(self, today: date) -> bool:
        return self.valid_to is not None and self.valid_to < today

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    def __repr__(self) -> str:
        return (
            f"IdCardData(kind={self.kind.name}, id={mask_id(self.id_number)!r}, "
            f"name={self.masked_name!r}, valid_to={self.valid_to})"
        )


THIRD_GENERATION_PREFIX = "3"


@dataclass(frozen=True, repr=False)
class SocialCardData:
    """The `iReadCardBas` fields of a 社会保障卡 (REFERENCE "Devices").

    Third-generation cards (spec version 3.xx) leave `ssn` and `name` empty until the
    online two-step (HSM) read has been done: `needs_online_lookup`.
    """

    region: str  # 发卡地区行政区划代码
    ssn: str  # 社会保障号码 (= 公民身份号码)
    card_no: str  # 9 characters
    card_id_code: str  # 卡识别码, 32 characters
    name: str
    atr: str = ""  # 卡复位信息
    version: str = ""  # 规范版本, e.g. 2.00 / 3.00
    issue_date: date | None = None
    expiry: date | None = None
    terminal_no: str = ""
    device_no: str = ""

    @property
    def third_generation(self) -> bool:
        return self.version.strip().startswith(THIRD_GENERATION_PREFIX)

    @property
    def needs_online_lookup(self) -> bool:
        return not self.ssn.strip() or not self.name.strip()

    def expired(self, today: date) -> bool:
        return self.expiry is not None and self.expiry < today

    def __repr__(self) -> str:
        return (
            f"SocialCardData(card={mask_card_no(self.card_no)!r}, "
            f"ssn={mask_id(self.ssn)!r}, version={self.version!r})"
        )


@runtime_checkable
class IdCardReader(Protocol):
    """A second-generation ID-card reader. `read` never blocks the event loop."""

    async def read(self) -> IdCardData:
        """Read the card on the reader; raises `ReaderError`."""
        ...

    async def aclose(self) -> None: ...


@runtime_checkable
class SocialCardReader(Protocol):
    """A 社保卡 reader. PINs never pass through the client (the pad on the reader takes them)."""

    async def read(self) -> SocialCardData:
        """The basic fields (`iReadCardBas`); third-generation cards come back without
        number and name (`needs_online_lookup`)."""
        ...

    async def read_online(self) -> SocialCardData:
        """The online two-step read of a third-generation card; raises `ReaderError`
        (`ONLINE_FAILED`) when the card platform cannot be reached."""
        ...

    async def aclose(self) -> None: ...


class UnavailableReader:
    """`reader.kind = none`: every read says no reader is configured (manual entry remains)."""

    def __init__(self, failure: ReaderFailure = ReaderFailure.NOT_CONFIGURED) -> None:
        self.failure = failure

    async def read(self) -> NoReturn:
        raise ReaderError(self.failure)

    async def read_online(self) -> NoReturn:
        raise ReaderError(self.failure)

    async def aclose(self) -> None:
        return None
