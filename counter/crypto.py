"""Field-level encryption of personal data at rest (AES-256-GCM) and blind indexes.

Why field-level AES-GCM and not SQLCipher (whole-file encryption):

* SQLCipher needs a custom SQLite build. There are no maintained wheels that plug it into
  Python's ``sqlite3`` / SQLAlchemy on Windows (the counter PCs), so we would have to build
  and ship our own native module and keep it patched. The stock ``sqlite3`` + the
  ``cryptography`` wheel are maintained for every platform we ship.
* Field-level encryption keeps plaintext out of *every* copy of the data: the main file,
  the ``-wal`` file, the pre-migration backups, crash dumps of the file, and anything an
  operator copies off the PC. Only ciphertext ever reaches the SQLite pager.
* Only a few columns hold personal data (the person-lookup cache). Catalogue, queue and
  journal rows are not personal data (the journal is masked before it is written), so
  encrypting them would buy nothing and cost queryability.

Format of an encrypted value::

    version (1 byte, 0x01) || nonce (12 random bytes) || AES-GCM ciphertext+tag

The associated data is ``version || context`` where *context* names the place the value
lives (``"table.column"``, optionally with the row's lookup key). A value copied into
another column or row therefore fails authentication instead of decrypting quietly.

The per-installation data key (32 bytes, from the OS keyring; see ``counter.keystore``) is
never used directly: HKDF-SHA256 derives one sub-key for AES-GCM and another for the blind
index (key separation). Random 96-bit nonces are safe far beyond the number of values one
counter PC will ever encrypt under one key.

A *blind index* is ``HMAC-SHA256(index_key, context || 0x00 || value)`` in hex: equal values
give equal indexes, so a row can be found by an ID number without storing the number.
Without the key the index cannot be reversed or brute-forced offline.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["FORMAT_VERSION", "KEY_BYTES", "DecryptionError", "FieldCipher"]

KEY_BYTES = 32
FORMAT_VERSION = 1
_NONCE_BYTES = 12
_TAG_BYTES = 16
_HEADER = bytes([FORMAT_VERSION])

_INFO_AEAD = b"shebaotong-counter/field-encryption/v1"
_INFO_INDEX = b"shebaotong-counter/blind-index/v1"
_INFO_CHECK = b"shebaotong-counter/key-check/v1"


class DecryptionError(ValueError):
    """An encrypted field failed authentication (tampered, moved, or another key)."""

    def __init__(self, context: str, reason: str) -> None:
        self.context = context
        self.reason = reason
        super().__init__(
            f"加密数据校验失败（{context}）：{reason}。数据可能被篡改，或本机密钥与数据不符。"
        )


def _derive(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(key)


def _check_context(context: str) -> bytes:
    if not context or "\x00" in context:
        raise ValueError("context must be a non-empty string without NUL characters")
    return context.encode("utf-8")


class FieldCipher:
    """Encrypts and decrypts single column values with the installation's data key.

    Thread-safe: holds only immutable key material.
    """

    __slots__ = ("_aead", "_check", "_index_key")

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"data key must be {KEY_BYTES} bytes, got {len(key)}")
        self._aead = AESGCM(_derive(key, _INFO_AEAD))
        self._index_key = _derive(key, _INFO_INDEX)
        self._check = _derive(key, _INFO_CHECK)

    def __repr__(self) -> str:  # never show key material
        return "FieldCipher(<key hidden>)"

    def encrypt(self, plaintext: str, *, context: str) -> bytes:
        aad = _HEADER + _check_context(context)
        nonce = os.urandom(_NONCE_BYTES)
        return _HEADER + nonce + self._aead.encrypt(nonce, plaintext.encode("utf-8"), aad)

    def decrypt(self, blob: bytes, *, context: str) -> str:
        aad = _HEADER + _check_context(context)
        if len(blob) < 1 + _NONCE_BYTES + _TAG_BYTES:
            raise DecryptionError(context, "密文长度不足")
        if blob[0] != FORMAT_VERSION:
            raise DecryptionError(context, f"未知的加密格式版本 {blob[0]}")
        nonce = blob[1 : 1 + _NONCE_BYTES]
        try:
            plaintext = self._aead.decrypt(nonce, blob[1 + _NONCE_BYTES :], aad)
        except InvalidTag:
            raise DecryptionError(context, "认证标签不符") from None
        try:
            return plaintext.decode("utf-8")
        except UnicodeDecodeError:  # pragma: no cover - authenticated data is always ours
            raise DecryptionError(context, "明文不是 UTF-8") from None

    def blind_index(self, value: str, *, context: str) -> str:
        message = _check_context(context) + b"\x00" + value.encode("utf-8")
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()

    def fingerprint(self) -> str:
        """A non-secret value identifying the key (to detect a replaced key), 16 hex chars."""
        return hmac.new(self._check, b"fingerprint", hashlib.sha256).hexdigest()[:16]
