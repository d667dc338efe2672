"""Per-installation secrets in the OS keyring (Windows Credential Manager, macOS Keychain,
Secret Service on Linux) through the ``keyring`` library.

Two random 32-byte keys per installation, created on first use and stored base64-encoded:

* the *data key* — encrypts personal data at rest (``counter.crypto.FieldCipher``);
* the *journal key* — keys the HMAC hash chain of the audit journal (``counter.journal``).

They live under service ``shebaotong-counter`` with user names
``<installation_id>/data-key`` and ``<installation_id>/journal-key``. Other secrets of the
installation (the client certificate's passphrase, a refresh token) go through
:meth:`KeyStore.secret` / :meth:`KeyStore.set_secret` under ``<installation_id>/<name>``.

If no trustworthy keyring exists, :class:`KeyringUnavailable` is raised and the app must not
store personal data. "Not trustworthy" includes keyring's ``fail`` and ``null`` backends, a
chainer with nothing to chain, and the file backends of ``keyrings.alt`` (they keep secrets
in a plain or weakly protected file). The one exception is the training-mode file keyring
installed by :func:`use_training_file_keyring`.

**Blocking:** every keyring call may block (D-Bus, a locked keychain prompting the user,
Credential Manager RPC). Call :meth:`KeyStore.data_key`, :meth:`KeyStore.journal_key` and
:func:`use_training_file_keyring` from a worker thread (``loop.run_in_executor``), never on
the UI thread. Keys are cached in the instance after the first successful call.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail
from keyring.backends import null as null_backend

__all__ = [
    "KEY_BYTES",
    "SERVICE",
    "KeyCorrupted",
    "KeyStore",
    "KeyStoreError",
    "KeyringUnavailable",
    "use_training_file_keyring",
]

SERVICE = "shebaotong-counter"
KEY_BYTES = 32

# Backends installed by use_training_file_keyring(); accepted although they are file based.
_training_backends: list[keyring.backend.KeyringBackend] = []
_training_lock = threading.Lock()
_KEY_NAMES = frozenset({"data-key", "journal-key"})


class KeyStoreError(Exception):
    """Base class for key store errors."""


class KeyringUnavailable(KeyStoreError):
    """No usable OS keyring: personal data must not be stored on this PC."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"系统密钥环不可用：{detail}，为保护个人信息，本机不能保存个人数据。")


class KeyCorrupted(KeyStoreError):
    """A stored key exists but cannot be decoded. Never silently replaced: data would be lost."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"系统密钥环中的本机密钥（{name}）已损坏，无法读取加密数据。"
            "请联系运维人员处理，不要删除本机数据或重新安装。"
        )


def _describe(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_training(backend: keyring.backend.KeyringBackend) -> bool:
    with _training_lock:
        return any(backend is b for b in _training_backends)


def _unavailable_reason(backend: keyring.backend.KeyringBackend) -> str | None:
    """Why *backend* must not hold our keys, or None if it may."""
    if isinstance(backend, fail.Keyring):
        return "未找到可用的密钥环后端"
    if isinstance(backend, null_backend.Keyring):
        return "密钥环已被禁用（null 后端）"
    if isinstance(backend, chainer.ChainerBackend):
        chained = list(backend.backends)
        if not chained:
            return "密钥环链中没有可用的后端"
        # The chainer writes to the highest-priority backend: that one must be fit.
        return _unavailable_reason(chained[0])
    if type(backend).__module__.startswith("keyrings.alt") and not _is_training(backend):
        return f"{_describe(backend)} 以文件方式保存密钥，仅限培训模式使用"
    return None


class KeyStore:
    """The installation's keys in the OS keyring. Blocking; see the module docstring."""

    def __init__(self, service: str = SERVICE, *, installation_id: str) -> None:
        if not installation_id or "/" in installation_id:
            raise ValueError("installation_id must be non-empty and contain no '/'")
        self.service = service
        self.installation_id = installation_id
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"KeyStore(service={self.service!r}, installation_id={self.installation_id!r})"

    # --- public -----------------------------------------------------------------------

    def data_key(self) -> bytes:
        """The 32-byte key for field encryption (created on first use). Blocking."""
        return self._key("data-key")

    def journal_key(self) -> bytes:
        """The 32-byte key for the journal's HMAC chain (created on first use). Blocking."""
        return self._key("journal-key")

    def secret(self, name: str) -> str | None:
        """Another per-installation secret (e.g. ``client-cert-passphrase``), or None. Blocking."""
        backend = self._usable_backend()
        return self._get(backend, self._username(self._check_name(name)))

    def set_secret(self, name: str, value: str) -> None:
        """Store another per-installation secret (e.g. a refresh token). Blocking."""
        backend = self._usable_backend()
        self._set(backend, self._username(self._check_name(name)), value)

    def delete_secret(self, name: str) -> None:
        """Remove a secret stored with :meth:`set_secret` (absent is fine). Blocking."""
        backend = self._usable_backend()
        try:
            backend.delete_password(self.service, self._username(self._check_name(name)))
        except keyring.errors.PasswordDeleteError:
            pass
        except (keyring.errors.KeyringError, OSError) as exc:
            raise KeyringUnavailable(f"删除密钥失败（{type(exc).__name__}）") from exc

    def backend_name(self) -> str:
        """The active keyring backend, e.g. ``keyring.backends.Windows.WinVaultKeyring``."""
        backend = keyring.get_keyring()
        if isinstance(backend, chainer.ChainerBackend):
            inner = ", ".join(_describe(b) for b in backend.backends)
            return f"{_describe(backend)}({inner})"
        return _describe(backend)

    def check_available(self) -> None:
        """Raise :class:`KeyringUnavailable` if the active backend is unfit (no I/O)."""
        self._usable_backend()

    # --- internals --------------------------------------------------------------------

    def _username(self, name: str) -> str:
        return f"{self.installation_id}/{name}"

    @staticmethod
    def _check_name(name: str) -> str:
        if not name or name in _KEY_NAMES:
            raise ValueError(f"secret name {name!r} is empty or reserved")
        return name

    @staticmethod
    def _usable_backend() -> keyring.backend.KeyringBackend:
        backend = keyring.get_keyring()
        reason = _unavailable_reason(backend)
        if reason is not None:
            raise KeyringUnavailable(reason)
        return backend

    def _key(self, name: str) -> bytes:
        with self._lock:
            cached = self._cache.get(name)
            if cached is not None:
                return cached
            key = self._load_or_create(name)
            self._cache[name] = key
            return key

    def _load_or_create(self, name: str) -> bytes:
        backend = self._usable_backend()
        username = self._username(name)
        stored = self._get(backend, username)
        if stored is None:
            fresh = base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")
            self._set(backend, username, fresh)
            # Read back: a backend that silently drops writes would otherwise hand out a new
            # key on every start and make all encrypted data unreadable. If another process
            # raced us and stored its own key, the stored one wins.
            stored = self._get(backend, username)
            if stored is None:
                raise KeyringUnavailable(f"{_describe(backend)} 未能保存密钥")
        return self._decode(name, stored)

    @staticmethod
    def _decode(name: str, stored: str) -> bytes:
        try:
            key = base64.b64decode(stored.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise KeyCorrupted(name) from None
        if len(key) != KEY_BYTES:
            raise KeyCorrupted(name)
        return key

    def _get(self, backend: keyring.backend.KeyringBackend, username: str) -> str | None:
        try:
            return backend.get_password(self.service, username)
        except (keyring.errors.KeyringError, OSError) as exc:
            raise KeyringUnavailable(f"读取密钥失败（{type(exc).__name__}）") from exc

    def _set(self, backend: keyring.backend.KeyringBackend, username: str, value: str) -> None:
        try:
            backend.set_password(self.service, username, value)
        except (keyring.errors.KeyringError, OSError) as exc:
            raise KeyringUnavailable(f"保存密钥失败（{type(exc).__name__}）") from exc


def use_training_file_keyring(path: Path) -> keyring.backend.KeyringBackend:
    """Install a plaintext file keyring at *path* as the process-wide keyring backend.

    **Training mode only**, for machines with no OS keyring (a classroom VM, a Linux box
    without Secret Service). The keys are stored unencrypted in *path*; that is acceptable
    only because training data is synthetic — never call this for a production counter.
    Blocking (creates the file lazily on first write); returns the installed backend.
    """
    from keyrings.alt.file import PlaintextKeyring

    path.parent.mkdir(parents=True, exist_ok=True)
    backend: keyring.backend.KeyringBackend = PlaintextKeyring()
    # keyrings.alt documents file_path as overridable at the instance level.
    backend.file_path = str(path)  # type: ignore[attr-defined]
    with _training_lock:
        _training_backends.append(backend)
    keyring.set_keyring(backend)
    return backend
