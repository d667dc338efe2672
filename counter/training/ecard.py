"""电子社保卡 on the training platform: dynamic QR codes for seeded persons, and their check.

The real card platform shows the citizen a QR code on the phone that refreshes every 60
seconds; the counter's scanner types it in and the counter asks the platform who it
belongs to (`POST /v1/ecard/verify`, part of the bureau contract). The code is opaque:
nothing can be read from it locally.

Trainers and tests make such codes with `POST /v1/training/ecard-qr {id_number}` (training
only, so not in the published contract). Issued codes live in this process's memory only,
by digest, and expire 60 s after issue on the platform's clock (the tests move that clock).
A code may be verified as often as needed while it is valid: a rescan after a network
error must not lock the citizen out.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from counter.bureau.models import EcardIdentity, EcardVerifyRequest, Role, Strict
from counter.identity import mask_name
from counter.training.db import LookupRow, PersonRow
from counter.training.deps import Auth, AuthContext, PlatformDep
from counter.training.errors import ApiProblem, responses
from counter.training.persons import parse_id_number

__all__ = ["ECARD_QR_LIFETIME", "EcardQr", "EcardQrRequest", "EcardTokens", "router"]

ECARD_QR_LIFETIME = timedelta(seconds=60)
QR_PREFIX = "ESSC"
# Expired codes are remembered a while longer, to tell "expired" from "not a code".
_REMEMBER = timedelta(minutes=30)
EXPIRED_MESSAGE = "电子社保卡二维码已过期，请刷新后重新出示"
INVALID_MESSAGE = "无法识别的电子社保卡二维码，请群众在电子社保卡中刷新后重新出示"

router = APIRouter()


class EcardQrRequest(Strict):
    id_number: str


class EcardQr(Strict):
    qr: str
    expires_at: datetime


@dataclass(frozen=True)
class _Issued:
    id_number: str
    expires_at: datetime


class EcardTokens:
    """Issued QR codes, by SHA-256 digest (the codes themselves are not kept)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._issued: dict[str, _Issued] = {}

    @staticmethod
    def _digest(qr: str) -> str:
        return hashlib.sha256(qr.encode("utf-8")).hexdigest()

    def issue(self, id_number: str, now: datetime) -> EcardQr:
        qr = QR_PREFIX + secrets.token_urlsafe(36)
        expires = now + ECARD_QR_LIFETIME
        with self._lock:
            self._forget_old(now)
            self._issued[self._digest(qr)] = _Issued(id_number, expires)
        return EcardQr(qr=qr, expires_at=expires)

    def find(self, qr: str) -> _Issued | None:
        with self._lock:
            return self._issued.get(self._digest(qr))

    def _forget_old(self, now: datetime) -> None:
        old = [k for k, v in self._issued.items() if v.expires_at + _REMEMBER < now]
        for key in old:
            del self._issued[key]


_state_lock = threading.Lock()


def ecard_tokens(request: Request) -> EcardTokens:
    """The app's token store, made on first use (routes run in a thread pool)."""
    state = request.app.state
    with _state_lock:
        tokens = getattr(state, "ecard_tokens", None)
        if not isinstance(tokens, EcardTokens):
            tokens = EcardTokens()
            state.ecard_tokens = tokens
        return tokens


Tokens = Annotated[EcardTokens, Depends(ecard_tokens)]


@router.post(
    "/v1/ecard/verify",
    response_model=EcardIdentity,
    operation_id="verifyEcard",
    tags=["persons"],
    summary="电子社保卡二维码核验（二维码每 60 秒刷新；过期或无法识别返回 422；须经办人员会话）",
    responses=responses(401, 403, 404, 422),
)
def verify_ecard(
    body: EcardVerifyRequest, auth: Auth, platform: PlatformDep, tokens: Tokens
) -> EcardIdentity:
    if not auth.has(Role.CLERK):
        raise ApiProblem(403, "FORBIDDEN_ROLE", "只有经办人员可以核验电子社保卡")
    now = platform.now()
    issued = tokens.find(body.qr.strip())
    if issued is None:
        raise ApiProblem(422, "ECARD_INVALID", INVALID_MESSAGE)
    if issued.expires_at <= now:
        raise ApiProblem(422, "ECARD_EXPIRED", EXPIRED_MESSAGE)
    with Session(platform.engine) as db, db.begin():
        row = db.get(PersonRow, issued.id_number)
        name = row.name if row is not None else None
        _record(db, platform.now(), auth, issued.id_number, "found" if row else "not_found")
    if name is None:
        raise ApiProblem(404, "PERSON_NOT_FOUND", "未查询到该电子社保卡持卡人的参保信息")
    return EcardIdentity(id_number=issued.id_number, masked_name=mask_name(name), verified_at=now)


def _record(db: Session, now: datetime, auth: AuthContext, id_number: str, outcome: str) -> None:
    db.add(
        LookupRow(
            at=now,
            staff_id=auth.staff_id,
            session_id=auth.session_id,
            id_number=id_number,
            reason="电子社保卡扫码核验",
            outcome=outcome,
        )
    )


@router.post(
    "/v1/training/ecard-qr",
    response_model=EcardQr,
    include_in_schema=False,  # training only: not part of the bureau contract
    responses=responses(404, 422),
)
def issue_ecard_qr(body: EcardQrRequest, platform: PlatformDep, tokens: Tokens) -> EcardQr:
    number = parse_id_number(body.id_number, today=platform.today())
    if number is None:
        raise ApiProblem(422, "INVALID_ID", "证件号码不正确")
    with Session(platform.engine) as db:
        known = db.get(PersonRow, number) is not None
    if not known:
        raise ApiProblem(404, "PERSON_NOT_FOUND", "培训数据中没有该人员")
    return tokens.issue(number, platform.now())
