"""Validating an item's form as the clerk types (DESIGN §4 "Clear errors").

Every catalogue form field has a :class:`~counter.bureau.models.FieldType`. ``check_field``
turns what the clerk typed (or what a lookup prefilled) into the value the bureau expects,
or a specific Chinese message to show at the field:

=============  ==========================================  ==============================
type           accepted input                              value sent
=============  ==========================================  ==============================
text           any text without control characters, ≤200   the trimmed text
choice         one of the field's choices                  the choice
date           2024-05-01, 2024/5/1, 20240501, 2024年5月1日  "2024-05-01" (not after today)
year_month     2024-05, 2024/5, 202405, 2024年5月           "2024-05"
money          12, 12.5, ¥1,234.56, 12.50元 (yuan)           integer fen (1250), shown "12.50 元"
id_number      居民身份证 / 居住证 / 永居证 (counter.identity)  the normalized 18/15 characters
mobile         mainland mobile (+86 allowed)               11 digits
bank_account   12–19 digits, spaces/dashes allowed         digits (Luhn checked if asked)
address        5–200 characters                             the trimmed text
yes_no         是/否, y/n, yes/no, 1/0, true/false, bool     True / False
=============  ==========================================  ==============================

An empty value is ``None``: an error ("请填写…" / "请选择…") when the field is required.
The field's ``validation`` regular expression (when the catalogue gives one) is applied to
the normalized value, after the type's own checks.

Pure functions, no I/O: safe to call on every keystroke on the UI thread.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from counter.bureau.models import FieldType, FormField
from counter.identity import InvalidIdentity, parse, parse_mobile

__all__ = [
    "MAX_MONEY_FEN",
    "FieldCheck",
    "FormCheck",
    "check_field",
    "check_form",
    "format_fen",
    "luhn_ok",
]

log = logging.getLogger("counter.forms")

FormValue = str | int | bool | None

MAX_TEXT = 200
MIN_ADDRESS = 5
MAX_MONEY_FEN = 100_000_000_00  # 1 亿元: far above any counter payment, catches typos
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−﹣－]+")
_YES = frozenset({"是", "y", "yes", "1", "true", "t", "对", "有"})
_NO = frozenset({"否", "n", "no", "0", "false", "f", "不", "无"})
_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_MONTH_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月?"),
    re.compile(r"(\d{4})(\d{2})"),
)
_MONEY = re.compile(r"\d+(?:\.\d*)?|\.\d+")


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """The outcome for one field: the normalized value, or the message to show."""

    value: FormValue
    error: str | None = None
    display: str = ""  # the normalized value as the clerk should see it

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class FormCheck:
    values: dict[str, FormValue] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _is_empty(raw: FormValue) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _empty_message(f: FormField) -> str:
    if f.type in (FieldType.CHOICE, FieldType.YES_NO):
        return f"请选择{f.label}"
    return f"请填写{f.label}"


def format_fen(fen: int) -> str:
    """Integer fen shown as yuan: 123456 -> "1,234.56 元"."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d} 元"


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by bank card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        # A bad pattern in the catalogue must not stop the clerk; the type check still runs.
        log.warning("ignoring an invalid validation pattern in the catalogue")
        return None


def _text(f: FormField, raw: FormValue, *, minimum: int = 1) -> FieldCheck:
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if _CONTROL.search(text):
        return FieldCheck(None, f"{f.label}含有不能识别的控制字符，请重新输入")
    if len(text) > MAX_TEXT:
        return FieldCheck(None, f"{f.label}最多{MAX_TEXT}个字，当前{len(text)}个字")
    if len(text) < minimum:
        return FieldCheck(None, f"{f.label}过短，请填写到街道门牌号（至少{minimum}个字）")
    return FieldCheck(text, display=text)


def _choice(f: FormField, raw: FormValue) -> FieldCheck:
    text = str(raw).strip()
    if not f.choices or text in f.choices:
        return FieldCheck(text, display=text)
    return FieldCheck(None, f"{f.label}只能选择：{'、'.join(f.choices)}")


def _real_date(f: FormField, y: int, m: int, d: int, today: date | None) -> FieldCheck:
    if not 1900 <= y <= 2100:
        return FieldCheck(None, f"{f.label}的年份 {y} 不在 1900–2100 之间")
    try:
        day = date(y, m, d)
    except ValueError:
        return FieldCheck(None, f"{f.label}：{y}年{m}月{d}日不存在")
    if day > (today or date.today()):
        return FieldCheck(None, f"{f.label}不能晚于今天")
    return FieldCheck(day.isoformat(), display=day.isoformat())


def _date(f: FormField, raw: FormValue, today: date | None) -> FieldCheck:
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            return _real_date(f, y, m, d, today)
    return FieldCheck(None, f"{f.label}应为日期，例如 2024-05-01")


def _year_month(f: FormField, raw: FormValue) -> FieldCheck:
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "")
    for pattern in _MONTH_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            y, m = (int(g) for g in match.groups())
            if not 1900 <= y <= 2100:
                return FieldCheck(None, f"{f.label}的年份 {y} 不在 1900–2100 之间")
            if not 1 <= m <= 12:
                return FieldCheck(None, f"{f.label}的月份应为1至12，当前为{m}")
            value = f"{y:04d}-{m:02d}"
            return FieldCheck(value, display=value)
    return FieldCheck(None, f"{f.label}应为年月，例如 2024-05")


def _yuan_to_fen(f: FormField, raw: FormValue) -> int | str:
    """Integer fen, or the message saying why the text is not an amount."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw  # already integer fen (a prefilled value)
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    for mark in ("¥", "￥", "元", "RMB", "CNY", ",", " "):
        text = text.replace(mark, "")
    if text.startswith("-"):
        return f"{f.label}不能为负数"
    if not _MONEY.fullmatch(text):
        return f"{f.label}应为金额（元），例如 120.50"
    if "." in text and len(text.split(".", 1)[1]) > 2:
        return f"{f.label}最多两位小数（到分）"
    return int(Decimal(text) * 100)


def _money(f: FormField, raw: FormValue) -> FieldCheck:
    fen = _yuan_to_fen(f, raw)
    if isinstance(fen, str):
        return FieldCheck(None, fen)
    if fen < 0:
        return FieldCheck(None, f"{f.label}不能为负数")
    if fen > MAX_MONEY_FEN:
        return FieldCheck(None, f"{f.label}金额过大，请核对（上限 {format_fen(MAX_MONEY_FEN)}）")
    return FieldCheck(fen, display=format_fen(fen))


def _id_number(raw: FormValue, today: date | None) -> FieldCheck:
    try:
        identity = parse(str(raw), today=today)
    except InvalidIdentity as exc:
        return FieldCheck(None, exc.message)
    return FieldCheck(identity.number, display=identity.number)


def _mobile(raw: FormValue) -> FieldCheck:
    try:
        number = parse_mobile(str(raw))
    except InvalidIdentity as exc:
        return FieldCheck(None, exc.message)
    return FieldCheck(number, display=number)


def _bank_account(f: FormField, raw: FormValue, luhn: bool) -> FieldCheck:
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(raw)))
    for i, ch in enumerate(digits):
        if ch not in "0123456789":
            return FieldCheck(None, f"第{i + 1}位字符“{ch}”无效：{f.label}只能是数字")
    if not 12 <= len(digits) <= 19:
        return FieldCheck(None, f"{f.label}应为12至19位数字，当前为{len(digits)}位")
    if luhn and not luhn_ok(digits):
        return FieldCheck(None, f"{f.label}校验位不正确，请核对卡号")
    grouped = " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return FieldCheck(digits, display=grouped)


def _yes_no(f: FormField, raw: FormValue) -> FieldCheck:
    if isinstance(raw, bool):
        value = raw
    else:
        text = str(raw).strip().lower()
        if text in _YES:
            value = True
        elif text in _NO:
            value = False
        else:
            return FieldCheck(None, f"{f.label}请选择“是”或“否”")
    return FieldCheck(value, display="是" if value else "否")


def _by_type(f: FormField, raw: FormValue, today: date | None, luhn: bool) -> FieldCheck:
    handlers: dict[FieldType, Callable[[], FieldCheck]] = {
        FieldType.CHOICE: lambda: _choice(f, raw),
        FieldType.DATE: lambda: _date(f, raw, today),
        FieldType.YEAR_MONTH: lambda: _year_month(f, raw),
        FieldType.MONEY: lambda: _money(f, raw),
        FieldType.ID_NUMBER: lambda: _id_number(raw, today),
        FieldType.MOBILE: lambda: _mobile(raw),
        FieldType.BANK_ACCOUNT: lambda: _bank_account(f, raw, luhn),
        FieldType.ADDRESS: lambda: _text(f, raw, minimum=MIN_ADDRESS),
        FieldType.YES_NO: lambda: _yes_no(f, raw),
    }
    handler = handlers.get(f.type)
    return handler() if handler is not None else _text(f, raw)


def check_field(
    f: FormField, raw: FormValue, *, today: date | None = None, bank_luhn: bool = False
) -> FieldCheck:
    """Validate and normalize one field's input (see the module table)."""
    if _is_empty(raw):
        if f.required:
            return FieldCheck(None, _empty_message(f))
        return FieldCheck(None)
    checked = _by_type(f, raw, today, bank_luhn)
    if checked.error is None and f.validation and checked.value is not None:
        pattern = _compiled(f.validation)
        value = checked.value
        text = ("1" if value else "0") if isinstance(value, bool) else str(value)
        if pattern is not None and pattern.search(text) is None:
            return FieldCheck(None, f"{f.label}格式不正确，请核对")
    return checked


def check_form(
    fields: Iterable[FormField],
    raws: Mapping[str, FormValue],
    *,
    today: date | None = None,
    bank_luhn: bool = False,
) -> FormCheck:
    """Check every field; ``values`` holds all fields (None when empty or invalid)."""
    values: dict[str, FormValue] = {}
    errors: dict[str, str] = {}
    for f in fields:
        checked = check_field(f, raws.get(f.name), today=today, bank_luhn=bank_luhn)
        values[f.name] = checked.value
        if checked.error is not None:
            errors[f.name] = checked.error
    return FormCheck(values, errors)
