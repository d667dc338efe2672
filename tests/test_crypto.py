"""Field-level AES-256-GCM and blind indexes (counter.crypto)."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.crypto import FORMAT_VERSION, DecryptionError, FieldCipher

KEY = bytes(range(32))
CTX = "person_lookups.payload_enc"


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher(KEY)


@given(st.text(), st.text(min_size=1).filter(lambda c: "\x00" not in c))
def test_round_trip(plaintext: str, context: str) -> None:
    c = FieldCipher(KEY)
    assert c.decrypt(c.encrypt(plaintext, context=context), context=context) == plaintext


def test_layout_version_nonce_and_tag(cipher: FieldCipher) -> None:
    blob = cipher.encrypt("张三丰", context=CTX)
    assert blob[0] == FORMAT_VERSION
    assert len(blob) == 1 + 12 + len("张三丰".encode()) + 16
    assert "张三丰".encode() not in blob


def test_nonce_is_random(cipher: FieldCipher) -> None:
    a = cipher.encrypt("330102199003071234", context=CTX)
    b = cipher.encrypt("330102199003071234", context=CTX)
    assert a != b
    assert a[1:13] != b[1:13]


@given(st.data())
def test_any_flipped_bit_is_detected(data: st.DataObject) -> None:
    c = FieldCipher(KEY)
    blob = bytearray(c.encrypt('{"id_number": "330102199003071234"}', context=CTX))
    index = data.draw(st.integers(0, len(blob) - 1), label="byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    blob[index] ^= 1 << bit
    with pytest.raises(DecryptionError):
        c.decrypt(bytes(blob), context=CTX)


def test_tamper_message_is_chinese(cipher: FieldCipher) -> None:
    blob = bytearray(cipher.encrypt("secret", context=CTX))
    blob[-1] ^= 0x01
    with pytest.raises(DecryptionError, match="加密数据校验失败") as info:
        cipher.decrypt(bytes(blob), context=CTX)
    assert CTX in str(info.value)
    assert "篡改" in str(info.value)


def test_context_mismatch_is_an_error(cipher: FieldCipher) -> None:
    blob = cipher.encrypt("张*", context="person_lookups.payload_enc")
    with pytest.raises(DecryptionError):
        cipher.decrypt(blob, context="cases.form_enc")


def test_other_key_cannot_decrypt(cipher: FieldCipher) -> None:
    blob = cipher.encrypt("张*", context=CTX)
    with pytest.raises(DecryptionError):
        FieldCipher(os.urandom(32)).decrypt(blob, context=CTX)


def test_truncated_and_unknown_version(cipher: FieldCipher) -> None:
    blob = cipher.encrypt("x", context=CTX)
    with pytest.raises(DecryptionError, match="长度"):
        cipher.decrypt(blob[:20], context=CTX)
    with pytest.raises(DecryptionError, match="版本"):
        cipher.decrypt(bytes([9]) + blob[1:], context=CTX)


def test_key_length_and_context_are_checked() -> None:
    with pytest.raises(ValueError):
        FieldCipher(b"short")
    c = FieldCipher(KEY)
    with pytest.raises(ValueError):
        c.encrypt("x", context="")
    with pytest.raises(ValueError):
        c.blind_index("x", context="a\x00b")


def test_repr_hides_key(cipher: FieldCipher) -> None:
    assert KEY.hex() not in repr(cipher)


def test_blind_index(cipher: FieldCipher) -> None:
    idx = cipher.blind_index("330102199003071234", context="person_lookups.id_index")
    assert len(idx) == 64
    assert int(idx, 16) >= 0
    assert "330102199003071234" not in idx
    # deterministic, so it works for equality lookups
    assert idx == cipher.blind_index("330102199003071234", context="person_lookups.id_index")
    # but bound to the context and the key
    assert idx != cipher.blind_index("330102199003071234", context="cases.id_index")
    assert idx != FieldCipher(os.urandom(32)).blind_index(
        "330102199003071234", context="person_lookups.id_index"
    )
    assert idx != cipher.blind_index("330102199003071235", context="person_lookups.id_index")


def test_index_key_is_not_the_data_key(cipher: FieldCipher) -> None:
    import hashlib
    import hmac

    plain = hmac.new(KEY, b"person_lookups.id_index\x00x", hashlib.sha256).hexdigest()
    assert cipher.blind_index("x", context="person_lookups.id_index") != plain


def test_fingerprint_identifies_key() -> None:
    assert FieldCipher(KEY).fingerprint() == FieldCipher(KEY).fingerprint()
    assert FieldCipher(KEY).fingerprint() != FieldCipher(os.urandom(32)).fingerprint()
