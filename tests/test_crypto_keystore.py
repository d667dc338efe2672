"""Per-installation keys in the OS keyring (counter.keystore), with the real keyring library.

conftest's autouse `memory_keyring` installs an in-memory backend for every test.
"""

from __future__ import annotations

import base64
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import chainer, fail

from counter.keystore import (
    SERVICE,
    KeyCorrupted,
    KeyringUnavailable,
    KeyStore,
    use_training_file_keyring,
)
from tests.keyring_support import MemoryKeyring

UNAVAILABLE_TAIL = "为保护个人信息，本机不能保存个人数据。"


class BrokenKeyring(keyring.backend.KeyringBackend):
    """A backend whose every call fails the way a locked/broken OS keyring does."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


class ReadOnlyKeyring(keyring.backend.KeyringBackend):
    """Reads work, writes fail."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("denied")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("denied")


class ForgetfulKeyring(keyring.backend.KeyringBackend):
    """Accepts writes and silently drops them."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        return None


def test_keys_are_created_once_and_stored_base64(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore(installation_id="inst-1")
    data_key = store.data_key()
    journal_key = store.journal_key()
    assert len(data_key) == 32
    assert len(journal_key) == 32
    assert data_key != journal_key
    stored = memory_keyring.secrets[(SERVICE, "inst-1/data-key")]
    assert base64.b64decode(stored) == data_key
    assert base64.b64decode(memory_keyring.secrets[(SERVICE, "inst-1/journal-key")]) == journal_key
    # a new process (new instance) gets the same keys back
    again = KeyStore(installation_id="inst-1")
    assert again.data_key() == data_key
    assert again.journal_key() == journal_key


def test_installations_have_separate_keys() -> None:
    assert KeyStore(installation_id="a").data_key() != KeyStore(installation_id="b").data_key()


def test_service_name_is_configurable(memory_keyring: MemoryKeyring) -> None:
    KeyStore("other-service", installation_id="x").data_key()
    assert ("other-service", "x/data-key") in memory_keyring.secrets


def test_keys_are_cached_after_first_read(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore(installation_id="inst-1")
    key = store.data_key()
    memory_keyring.secrets.clear()
    assert store.data_key() == key  # no second blocking round trip


def test_fail_backend_is_unavailable_with_chinese_message() -> None:
    keyring.set_keyring(fail.Keyring())
    store = KeyStore(installation_id="inst-1")
    with pytest.raises(KeyringUnavailable) as info:
        store.data_key()
    message = str(info.value)
    assert message.startswith("系统密钥环不可用：")
    assert message.endswith(UNAVAILABLE_TAIL)
    with pytest.raises(KeyringUnavailable):
        store.journal_key()
    with pytest.raises(KeyringUnavailable):
        store.check_available()


def test_empty_chainer_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [])
    keyring.set_keyring(chainer.ChainerBackend())
    with pytest.raises(KeyringUnavailable, match=UNAVAILABLE_TAIL):
        KeyStore(installation_id="inst-1").data_key()


@pytest.mark.parametrize(
    "error",
    [
        keyring.errors.NoKeyringError("none"),
        keyring.errors.KeyringLocked("locked"),
        keyring.errors.InitError("dbus"),
    ],
)
def test_backend_errors_become_unavailable(error: Exception) -> None:
    keyring.set_keyring(BrokenKeyring(error))
    with pytest.raises(KeyringUnavailable, match=UNAVAILABLE_TAIL) as info:
        KeyStore(installation_id="inst-1").data_key()
    assert info.value.__cause__ is error


def test_write_failure_is_unavailable() -> None:
    keyring.set_keyring(ReadOnlyKeyring())
    with pytest.raises(KeyringUnavailable, match="保存密钥失败"):
        KeyStore(installation_id="inst-1").data_key()


def test_silently_dropped_write_is_unavailable() -> None:
    keyring.set_keyring(ForgetfulKeyring())
    with pytest.raises(KeyringUnavailable, match="未能保存密钥"):
        KeyStore(installation_id="inst-1").data_key()


def test_corrupted_key_is_reported_not_replaced(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.secrets[(SERVICE, "inst-1/data-key")] = "not base64!"
    with pytest.raises(KeyCorrupted, match="已损坏"):
        KeyStore(installation_id="inst-1").data_key()
    assert memory_keyring.secrets[(SERVICE, "inst-1/data-key")] == "not base64!"
    memory_keyring.secrets[(SERVICE, "inst-1/journal-key")] = base64.b64encode(b"short").decode()
    with pytest.raises(KeyCorrupted):
        KeyStore(installation_id="inst-1").journal_key()


def test_plaintext_file_keyring_is_refused_outside_training(tmp_path: Path) -> None:
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "plain.cfg")
    keyring.set_keyring(backend)
    with pytest.raises(KeyringUnavailable, match="仅限培训模式"):
        KeyStore(installation_id="inst-1").data_key()
    assert not (tmp_path / "plain.cfg").exists()


def test_training_file_keyring(tmp_path: Path) -> None:
    path = tmp_path / "training" / "keyring.cfg"
    backend = use_training_file_keyring(path)
    assert keyring.get_keyring() is backend
    store = KeyStore(installation_id="train-1")
    key = store.data_key()
    assert path.is_file()
    assert "data_2dkey" in path.read_text(encoding="utf-8")  # keyrings.alt escapes names
    assert KeyStore(installation_id="train-1").data_key() == key
    assert "PlaintextKeyring" in store.backend_name()


def test_other_secrets(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore(installation_id="inst-1")
    assert store.secret("client-cert-passphrase") is None
    store.set_secret("client-cert-passphrase", "p@ss")
    assert store.secret("client-cert-passphrase") == "p@ss"
    assert memory_keyring.secrets[(SERVICE, "inst-1/client-cert-passphrase")] == "p@ss"
    store.delete_secret("client-cert-passphrase")
    store.delete_secret("client-cert-passphrase")  # absent is fine
    assert store.secret("client-cert-passphrase") is None
    with pytest.raises(ValueError):
        store.set_secret("data-key", "overwrite")
    with pytest.raises(ValueError):
        store.secret("")


def test_backend_name_and_validation() -> None:
    assert KeyStore(installation_id="x").backend_name() == "tests.keyring_support.MemoryKeyring"
    with pytest.raises(ValueError):
        KeyStore(installation_id="")
    with pytest.raises(ValueError):
        KeyStore(installation_id="a/b")
