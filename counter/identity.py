"""Identifiers and masking (公民身份号码, 永居证, 统一社会信用代码, mobile numbers).

Algorithms from GB 11643-1999 and GB 32100-2015; see shared REFERENCE.md (Identifiers,
Masking).

Every error is an `InvalidIdentity` whose `.message` says in Chinese exactly what is wrong,
ready for the clerk, and whose `.position` is the 1-based character position in the
*normalized* input (full-width folded, spaces and dashes removed), or None.

Notes on choices made here:

* A 15-digit old number is converted to 18 digits; the result has kind RESIDENT (so the
  same person never has two kinds) with `converted_from` holding the old number;
  `Identity.source_kind` reports RESIDENT_OLD15 for such input.
* 外国人永久居留身份证 2017 edition (15 characters). Public descriptions agree on:
  1-3 nationality (GB/T 2659 three-letter code), 4-7 受理地 code (first two = province),
  8-13 birth date YYMMDD, 14 sequence, 15 check character. We check the shape, the
  province (4-5) and that 8-13 is a real date. The check character is *not* enforced: the
  only published algorithm (ICAO 7-3-1, from a third-party library) is unconfirmed, and
  turning away a valid card at the counter costs more than a missed typo. The century is
  the latest one that is not in the future (holders include children); sex is not derived.
  `region_code` is province + nationality letters, e.g. "11KAZ".
* Masking never reveals more than its pattern; inputs too short for the pattern are
  masked completely. Names keep the surname: one character, or two for a common compound
  surname (欧阳娜娜 -> 欧阳**), but never the whole name (欧阳 -> 欧*, 张 -> *).
* `Identity.__repr__` shows only the masked number, so an Identity in a log line leaks
  nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

__all__ = [
    "COMPOUND_SURNAMES",
    "ID_CHECK_CHARS",
    "ID_WEIGHTS",
    "USCC_CHARS",
    "USCC_WEIGHTS",
    "Identity",
    "IdentityKind",
    "InvalidIdentity",
    "Sex",
    "TravelDocumentKind",
    "id_check_char",
    "mask_account",
    "mask_address",
    "mask_card_no",
    "mask_id",
    "mask_mobile",
    "mask_name",
    "parse",
    "parse_mobile",
    "parse_uscc",
    "scrub",
    "uscc_check_char",
    "validate_passport_like",
]

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

#: Province prefixes of 公民身份号码 (REFERENCE.md); county codes are never checked.
PROVINCE_CODES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23"]
    + [str(n) for n in range(31, 38)]
    + [str(n) for n in range(41, 47)]
    + ["50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]
)
#: Provinces that issue 15-digit old numbers and foreign permanent residence cards.
MAINLAND_PROVINCE_CODES = PROVINCE_CODES - {"71", "81", "82", "83"}
#: 港澳台居民居住证 region codes (Hong Kong, Macao, Taiwan).
PERMIT_REGION_CODES = ("810000", "820000", "830000")

DIGITS = "0123456789"
_DASHES = "-‐‑‒–—―−﹣－"
_SEPARATORS = re.compile(f"[\\s{re.escape(_DASHES)}]+")

Sex = Literal["男", "女"]


class IdentityKind(StrEnum):
    RESIDENT = "居民身份证"
    RESIDENT_OLD15 = "居民身份证（15位旧号码）"
    HKMOTW_PERMIT = "港澳台居民居住证"
    FOREIGN_PR_2023 = "外国人永久居留身份证（2023版）"
    FOREIGN_PR_2017 = "外国人永久居留身份证（2017版）"


class InvalidIdentity(ValueError):
    """An identifier that cannot be accepted; `message` is shown to the clerk as is."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True, repr=False)
class Identity:
    """A parsed, validated identity-document number."""

    kind: IdentityKind
    number: str
    birth_date: date | None
    sex: Sex | None
    region_code: str
    converted_from: str | None = None

    @property
    def is_foreign(self) -> bool:
        return self.kind in (IdentityKind.FOREIGN_PR_2023, IdentityKind.FOREIGN_PR_2017)

    @property
    def province_code(self) -> str:
        """Two-digit province (for 永居证: where the card was applied for)."""
        return self.region_code[:2]

    @property
    def nationality_code(self) -> str | None:
        """永居证 only: ISO 3166 numeric (2023) or three-letter (2017) nationality code."""
        return self.region_code[2:] if self.is_foreign else None

    @property
    def source_kind(self) -> IdentityKind:
        """The form that was typed: RESIDENT_OLD15 for a converted 15-digit number."""
        return IdentityKind.RESIDENT_OLD15 if self.converted_from else self.kind

    @property
    def masked(self) -> str:
        return mask_id(self.number)

    def __repr__(self) -> str:
        return f"Identity(kind={self.kind.name}, number={self.masked!r})"


class TravelDocumentKind(StrEnum):
    HKMO_PERMIT = "港澳居民来往内地通行证"
    TW_PERMIT = "台湾居民来往大陆通行证"
    PASSPORT = "中华人民共和国护照"


# --------------------------------------------------------------------------- helpers


def _compact(text: str) -> str:
    """Fold full-width forms (NFKC) and drop spaces and dashes."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))


def _normalize(text: str) -> str:
    return _compact(text).upper()


def _require_digits(s: str, start: int, end: int, what: str = "只能是数字") -> None:
    for i in range(start, end):
        if s[i] not in DIGITS:
            raise InvalidIdentity(f"第{i + 1}位字符“{s[i]}”无效：{what}", i + 1)


def _check_province(code: str, allowed: frozenset[str], position: int) -> None:
    if code not in allowed:
        raise InvalidIdentity(f"地区代码 {code} 不是有效的省级代码", position)


def _birth_date(yyyymmdd: str, position: int, today: date) -> date:
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    if year < 1900:
        raise InvalidIdentity("出生年份早于1900年", position)
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidIdentity(f"出生日期 {yyyymmdd} 不存在", position) from None
    if born > today:
        raise InvalidIdentity(f"出生日期 {born.isoformat()} 晚于今天", position)
    return born


def _sex(digit: str) -> Sex:
    return "男" if int(digit) % 2 else "女"


def id_check_char(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits of an 18-digit number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def _verify_check(s: str) -> None:
    expected = id_check_char(s[:17])
    if s[17] != expected:
        raise InvalidIdentity(f"校验位应为 {expected}，实际为 {s[17]}", 18)


# --------------------------------------------------------------------------- parse


def parse(text: str, *, today: date | None = None) -> Identity:
    """Validate and normalize a 居民身份证 / 居住证 / 永居证 number."""
    s = _normalize(text)
    today = today or date.today()
    if not s:
        raise InvalidIdentity("请输入证件号码")
    if len(s) >= 3 and all("A" <= c <= "Z" for c in s[:3]):
        return _parse_pr2017(s, today)
    if len(s) not in (15, 18):
        raise InvalidIdentity(f"证件号码应为18位（或15位旧号码），当前为{len(s)}位")
    _require_digits(s, 0, 17 if len(s) == 18 else 15)
    if len(s) == 15:
        return _parse_old15(s, today)
    if s[17] not in DIGITS + "X":
        raise InvalidIdentity("第18位只能是数字或X", 18)
    if s[0] == "9":
        _check_province(s[1:3], MAINLAND_PROVINCE_CODES, 2)
        born = _birth_date(s[6:14], 7, today)
        _verify_check(s)
        return Identity(IdentityKind.FOREIGN_PR_2023, s, born, _sex(s[16]), s[1:6])
    _check_province(s[:2], PROVINCE_CODES, 1)
    kind = IdentityKind.RESIDENT
    if s[:2] in ("81", "82", "83"):
        if s[:6] not in PERMIT_REGION_CODES:
            raise InvalidIdentity(
                f"港澳台居民居住证的地区代码应为810000、820000或830000，当前为 {s[:6]}", 1
            )
        kind = IdentityKind.HKMOTW_PERMIT
    born = _birth_date(s[6:14], 7, today)
    _verify_check(s)
    return Identity(kind, s, born, _sex(s[16]), s[:6])


def _parse_old15(s: str, today: date) -> Identity:
    _check_province(s[:2], MAINLAND_PROVINCE_CODES, 1)
    born = _birth_date("19" + s[6:12], 7, today)
    first17 = s[:6] + "19" + s[6:]
    number = first17 + id_check_char(first17)
    return Identity(IdentityKind.RESIDENT, number, born, _sex(s[14]), s[:6], converted_from=s)


def _parse_pr2017(s: str, today: date) -> Identity:
    if len(s) != 15:
        raise InvalidIdentity(
            f"外国人永久居留身份证（2017版）号码应为15位（3位字母+12位数字），当前为{len(s)}位"
        )
    _require_digits(s, 3, 15)
    _check_province(s[3:5], MAINLAND_PROVINCE_CODES, 4)
    yymmdd = s[7:13]
    born: date | None = None
    for century in ("20", "19"):
        try:
            candidate = date(int(century + yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
        except ValueError:
            continue
        if candidate <= today:
            born = candidate
            break
    if born is None:
        raise InvalidIdentity(f"出生日期 {yymmdd} 不存在", 8)
    return Identity(IdentityKind.FOREIGN_PR_2017, s, born, None, s[3:5] + s[:3])


# --------------------------------------------------------------------------- USCC


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters of a USCC."""
    if len(first17) != 17 or any(c not in USCC_CHARS for c in first17):
        raise ValueError("need 17 characters from the GB 32100 character set")
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def parse_uscc(text: str) -> str:
    """Validate a 统一社会信用代码 and return it normalized (upper case, no spaces)."""
    s = _normalize(text)
    if not s:
        raise InvalidIdentity("请输入统一社会信用代码")
    if len(s) != 18:
        raise InvalidIdentity(f"统一社会信用代码应为18位，当前为{len(s)}位")
    for i, c in enumerate(s):
        if c not in USCC_CHARS:
            why = "只能是数字或大写字母（不含I、O、S、V、Z）"
            raise InvalidIdentity(f"第{i + 1}位字符“{c}”无效：{why}", i + 1)
    _require_digits(s, 2, 8, "第3-8位是登记管理机关行政区划码，只能是数字")
    expected = uscc_check_char(s[:17])
    if s[17] != expected:
        raise InvalidIdentity(f"校验位应为 {expected}，实际为 {s[17]}", 18)
    return s


# --------------------------------------------------------------------------- mobile

_MOBILE = re.compile(r"1[3-9]\d{9}")


def _strip_country_code(s: str) -> str:
    for prefix in ("+86", "0086"):
        if s.startswith(prefix):
            return s[len(prefix) :]
    if len(s) == 13 and s.startswith("86"):
        return s[2:]
    return s


def parse_mobile(text: str) -> str:
    """Validate a mainland mobile number; return its 11 digits."""
    s = _compact(text).replace("(", "").replace(")", "")
    s = _strip_country_code(s)
    if not s:
        raise InvalidIdentity("请输入手机号码")
    if s.startswith("+"):
        raise InvalidIdentity("只支持中国大陆手机号码（+86）", 1)
    for i, c in enumerate(s):
        if c not in DIGITS:
            raise InvalidIdentity(f"第{i + 1}位字符“{c}”无效：手机号码只能是数字", i + 1)
    if len(s) != 11:
        raise InvalidIdentity(f"手机号码应为11位数字，当前为{len(s)}位")
    if not _MOBILE.fullmatch(s):
        raise InvalidIdentity("手机号码应以1开头，第二位为3-9", 1 if s[0] != "1" else 2)
    return s


# --------------------------------------------------------------------------- travel docs

_TRAVEL_PATTERNS: dict[TravelDocumentKind, tuple[re.Pattern[str], str]] = {
    TravelDocumentKind.HKMO_PERMIT: (
        re.compile(r"[HM]\d{8}"),
        "港澳居民来往内地通行证号码应为H或M加8位数字",
    ),
    TravelDocumentKind.TW_PERMIT: (re.compile(r"\d{8}"), "台湾居民来往大陆通行证号码应为8位数字"),
    # E + 8 digits (REFERENCE); E + letter + 7 digits is the newer series (EA1234567).
    TravelDocumentKind.PASSPORT: (
        re.compile(r"E(?:\d{8}|[A-HJ-NP-Z]\d{7})"),
        "护照号码应为E加8位数字（或E加1位字母、7位数字）",
    ),
}


def validate_passport_like(kind: TravelDocumentKind | str, text: str) -> str:
    """Format check only for 回乡证 / 台胞证 / passport numbers; returns the normalized form."""
    pattern, message = _TRAVEL_PATTERNS[TravelDocumentKind(kind)]
    s = _normalize(text)
    if not s:
        raise InvalidIdentity("请输入证件号码")
    if not pattern.fullmatch(s):
        raise InvalidIdentity(f"{message}，当前为“{s}”")
    return s


# --------------------------------------------------------------------------- masking

#: Common two-character surnames (百家姓 复姓); the mask keeps both characters.
COMPOUND_SURNAMES = frozenset(
    """欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫
    宗政 濮阳 公冶 太叔 申屠 公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官
    司寇 巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延
    东郭 南门 羊舌 微生 梁丘 左丘 西门 第五 即墨 达奚 东里 公仪""".split()
)
_NAME_SEPARATORS = frozenset(" ·•・.")


def mask_name(name: str) -> str:
    """Surname (1 char, or 2 for a compound surname) + `*` per remaining character."""
    s = name.strip()
    letters = sum(1 for c in s if c not in _NAME_SEPARATORS and not c.isspace())
    keep = 2 if len(s) > 2 and s[:2] in COMPOUND_SURNAMES else 1
    keep = min(keep, letters - 1)
    out: list[str] = []
    for c in s:
        if c in _NAME_SEPARATORS or c.isspace():
            out.append(c)
        elif keep > 0:
            out.append(c)
            keep -= 1
        else:
            out.append("*")
    return "".join(out)


def _keep_ends(s: str, head: int, tail: int, min_hidden: int) -> str:
    hidden = len(s) - head - tail
    if hidden < min_hidden:
        return "*" * len(s)
    return s[:head] + "*" * hidden + s[len(s) - tail :]


def mask_id(number: str) -> str:
    """First 6 + last 4 (330102********1234); shorter than 15 characters: all `*`."""
    return _keep_ends(_compact(number), 6, 4, 5)


def mask_mobile(number: str) -> str:
    """First 3 + last 4 (138****1234); a +86/0086 prefix is dropped."""
    return _keep_ends(_strip_country_code(_compact(number)), 3, 4, 4)


def mask_account(number: str) -> str:
    """Bank / card account: first 6 + last 4; shorter than 14 characters: all `*`."""
    return _keep_ends(_compact(number), 6, 4, 4)


def mask_card_no(number: str) -> str:
    """社保卡 card number (9 characters): first 2 + last 2."""
    return _keep_ends(_compact(number), 2, 2, 5)


# A level ends in one of these; the part before it may not look like a street address.
_ADDRESS_STREET_CHARS = re.compile(r"[\d路街巷弄号村幢栋楼#]")
_ADDRESS_NOT_COUNTY = ("小区", "社区", "园区", "景区", "校区", "厂区", "营区", "街区")


def _address_prefix(s: str, suffixes: tuple[str, ...]) -> str | None:
    pattern = re.compile("|".join(map(re.escape, suffixes)))
    for match in pattern.finditer(s):
        prefix = s[: match.end()]
        body = s[: match.start()]
        if _ADDRESS_STREET_CHARS.search(body):
            return None
        if prefix.endswith(("自治区", "特别行政区")):
            continue  # a province, keep looking for the county
        if prefix.endswith(_ADDRESS_NOT_COUNTY):
            return None  # a housing estate or the like: below county level
        if body:
            return prefix
    return None


def mask_address(address: str) -> str:
    """Keep through the first 街道/镇/乡 (else the first 区/县/旗, else 市), then `****`."""
    s = _SEPARATORS.sub("", address.strip())
    if not s:
        return ""
    for suffixes in (("街道", "镇", "乡", "苏木"), ("区", "县", "旗"), ("市",)):
        prefix = _address_prefix(s, suffixes)
        if prefix is not None:
            return prefix + "****"
    return "****"


# --------------------------------------------------------------------------- scrub

# Runs of 11 or more digits (an 18-character ID may end in X) ...
_DIGIT_RUN = re.compile(r"(?<!\d)(?:\d{17}[Xx]|\d{11,})(?!\d)")
# ... and numbers written in groups: "138 1234 1234", "6222-0212-3456-7890".
_GROUPED = re.compile(r"(?<!\d)(\d{3,10}(?:[ \-]\d{2,10})+)([Xx]?)(?!\d)")


def _mask_digits(run: str, *, grouped: bool) -> str | None:
    """The masked form of a digit run, or None to leave it as it is."""
    n = len(run)
    if n >= 15:
        return _keep_ends(run, 6, 4, 5)  # ID (15/18) or account (16-19) or longer
    if n == 13 and run.startswith("86") and _MOBILE.fullmatch(run[2:]):
        return _keep_ends(run, 5, 4, 4)
    if n == 11 or (grouped and n > 11):
        return _keep_ends(run, 3, 4, 4)
    # Plain 12-14 digit runs are timestamps and order numbers: keep them readable.
    return None


def scrub(text: str) -> str:
    """Mask ID-like numbers (15/18), mobiles (11) and accounts (16-19 digits) in free text.

    Numbers may be written plain or in groups separated by single spaces or dashes; any
    grouped sequence of 11 or more digits is masked as a whole. Grouped sequences go
    first, so a masked remainder can never join up with a neighbouring number.
    """

    def grouped(match: re.Match[str]) -> str:
        compact, x = re.sub(r"[ \-]", "", match.group(1)), match.group(2)
        if x and len(compact) == 17:
            compact, x = compact + x, ""
        masked = _mask_digits(compact, grouped=True)
        return masked + x if masked else match.group()

    def plain(match: re.Match[str]) -> str:
        return _mask_digits(match.group(), grouped=False) or match.group()

    return _DIGIT_RUN.sub(plain, _GROUPED.sub(grouped, text))
