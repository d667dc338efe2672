"""ID-card readers behind a vendor's local reader service (HTTP on 127.0.0.1).

Many vendors run a small service on the PC that owns the reader and answers a local HTTP
request with the card as JSON. Their field names differ; this adapter speaks the shape
below, and a vendor's own shape is one pydantic model away (`LocalReaderAnswer` with
aliases). `GET {reader.url}` →

    {"code": 0, "message": "", "cert_type": "", "name": "张伟", "sex": "男",
     "nation": "汉", "birth": "19850615", "address": "…", "id_number": "…",
     "issuer": "…", "valid_from": "20150301", "valid_to": "20350301" | "长期",
     "photo": "<base64 BMP or JPEG>"}

    code 0 ok, 1 no card, 2 read error, 3 no reader attached

The answer is personal data in clear text, so only loopback addresses are accepted.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import logging
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from counter.readers import IdCardData, ReaderError, ReaderFailure, identity_kind_for_cert_type
from drivers.idcard.termb import parse_card_date

__all__ = ["HttpIdCardReader", "LocalReaderAnswer"]

log = logging.getLogger("drivers.idcard.http")

_CODES = {
    1: ReaderFailure.NO_CARD,
    2: ReaderFailure.READ_ERROR,
    3: ReaderFailure.NOT_CONNECTED,
}


class LocalReaderAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    code: int
    message: str = ""
    cert_type: str = ""
    name: str = ""
    sex: str = ""
    nation: str = ""
    birth: str = ""
    address: str = ""
    id_number: str = ""
    issuer: str = ""
    valid_from: str = ""
    valid_to: str = ""
    photo: str = ""


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HttpIdCardReader:
    """An `IdCardReader` asking a local reader service."""

    def __init__(
        self,
        url: str,
        *,
        timeout_s: float = 8.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not _is_loopback(url):
            raise ValueError("the local reader service must be on 127.0.0.1 / localhost")
        self.url = url
        self._http = httpx.AsyncClient(timeout=timeout_s, transport=transport, trust_env=False)

    async def read(self) -> IdCardData:
        try:
            response = await self._http.get(self.url)
        except httpx.TransportError as exc:
            log.warning("local reader service unreachable: %s", type(exc).__name__)
            raise ReaderError(
                ReaderFailure.NOT_CONNECTED,
                "读卡服务未启动：请检查读卡器厂商的本机读卡服务是否运行；"
                "无法恢复时可手工录入（读卡器故障）。",
            ) from exc
        if response.status_code != 200:
            raise ReaderError(ReaderFailure.READ_ERROR, code=response.status_code)
        try:
            answer = LocalReaderAnswer.model_validate_json(response.content)
        except ValidationError as exc:
            log.warning("local reader service sent an unexpected answer")
            raise ReaderError(ReaderFailure.READ_ERROR) from exc
        if answer.code != 0:
            raise ReaderError(_CODES.get(answer.code, ReaderFailure.READ_ERROR), code=answer.code)
        if not answer.id_number or not answer.name:
            raise ReaderError(ReaderFailure.READ_ERROR)
        return IdCardData(
            kind=identity_kind_for_cert_type(answer.cert_type),
            name=answer.name.strip(),
            sex=answer.sex.strip(),
            id_number=answer.id_number.strip().upper(),
            birth=parse_card_date(answer.birth),
            ethnicity=answer.nation.strip().removesuffix("族"),
            address=answer.address.strip(),
            issuer=answer.issuer.strip(),
            valid_from=parse_card_date(answer.valid_from),
            valid_to=parse_card_date(answer.valid_to),
            photo=_photo(answer.photo),
        )

    async def aclose(self) -> None:
        await self._http.aclose()


def _photo(text: str) -> bytes | None:
    if not text:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
