"""Identifiers and masking (公民身份号码, 统一社会信用代码, mobile numbers).

Algorithms from GB 11643-1999 and GB 32100-2015; see shared REFERENCE.md.
"""

from __future__ import annotations

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits of an 18-digit number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]
