"""Errors raised by the local store. Messages are Chinese, fit to show a clerk."""

from __future__ import annotations

__all__ = ["DataKeyMismatch", "DatabaseUnreadable", "SchemaTooNew", "StorageError"]


class StorageError(Exception):
    """Base class for local store errors."""


class SchemaTooNew(StorageError):
    """The database was migrated by a newer version of the program; it is left untouched."""

    def __init__(self, revisions: tuple[str, ...]) -> None:
        self.revisions = revisions
        shown = "、".join(revisions)
        super().__init__(f"本地数据库版本（{shown}）比本程序新，请升级程序后再打开。")


class DatabaseUnreadable(StorageError):
    """The file is not a SQLite database (or is damaged)."""

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        super().__init__(
            f"无法读取本地数据库（{path}）：{detail}。请联系运维人员，不要删除该文件。"
        )


class DataKeyMismatch(StorageError):
    """The key from the keyring is not the key the database's encrypted data was written with."""

    def __init__(self) -> None:
        super().__init__(
            "本机密钥与本地数据库中的加密数据不匹配（密钥环可能被重置或更换）。"
            "为避免数据损坏，程序不会继续写入个人数据，请联系运维人员。"
        )
