"""The reader port: document types, errors and what the data shows of itself."""

from __future__ import annotations

from datetime import date

import pytest

from counter.identity import IdentityKind
from counter.readers import (
    IdCardData,
    ReaderError,
    ReaderFailure,
    SocialCardData,
    identity_kind_for_cert_type,
)


@pytest.mark.parametrize(
    ("letter", "kind"),
    [
        ("", IdentityKind.RESIDENT),
        (" ", IdentityKind.RESIDENT),
        ("J", IdentityKind.HKMOTW_PERMIT),
        ("i", IdentityKind.FOREIGN_PR_2017),
        ("Y", IdentityKind.FOREIGN_PR_2023),
    ],
)
def test_document_type_letters(letter: str, kind: IdentityKind) -> None:
    assert identity_kind_for_cert_type(letter) is kind


def test_unknown_document_type_is_refused_in_chinese() -> None:
    with pytest.raises(ReaderError) as caught:
        identity_kind_for_cert_type("Q")
    assert caught.value.failure is ReaderFailure.UNSUPPORTED
    assert "无法识别的证件类型" in caught.value.message


def test_every_failure_has_a_chinese_message() -> None:
    for failure in ReaderFailure:
        message = ReaderError(failure).message
        assert any("\u4e00" <= c <= "\u9fff" for c in message)
    assert "设备返回码 7" in ReaderError(ReaderFailure.READ_ERROR, code=7).message


def test_card_data_prints_masked_only() -> None:
    card = IdCardData(
        kind=IdentityKind.RESIDENT,
        name="欧阳晓雯",
        sex="女",
        id_number="330402200805120243",
        valid_to=date(2030, 1, 1),
    )
    text = repr(card)
    assert "330402********0243" in text and "欧阳**" in text
    assert "晓雯" not in text and "200805120" not in text
    assert card.expired(date(2030, 1, 2)) and not card.expired(date(2030, 1, 1))
    social = SocialCardData(
        region="330100",
        ssn="330402200805120243",
        card_no="A00000101",
        card_id_code="",
        name="欧阳晓雯",
        version="3.00",
    )
    assert "A0*****01" in repr(social) and "晓雯" not in repr(social)
    assert social.third_generation and not social.needs_online_lookup
