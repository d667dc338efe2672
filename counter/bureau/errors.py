"""The bureau client's errors, importable without the HTTP stack (httpx)."""

from __future__ import annotations

__all__ = [
    "BureauCertificateError",
    "BureauError",
    "BureauInvalidResponse",
    "BureauUnreachable",
    "SessionEnded",
]


class BureauError(Exception):
    """Any failure talking to the bureau, with a Chinese message fit to show a clerk."""

    def __init__(self, message: str, *, code: str = "ERROR", status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class BureauUnreachable(BureauError):
    """No answer: refused, timed out, reset. The outcome of a write is unknown."""


class BureauCertificateError(BureauUnreachable):
    """The platform's certificate was refused (wrong CA, expired, wrong host)."""


class BureauInvalidResponse(BureauError):
    """The platform answered something that does not match the contract."""


class SessionEnded(BureauError):
    """The session is over (replaced by a login elsewhere, expired, unknown)."""
