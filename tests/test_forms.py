"""Form validation per field type, with the Chinese message shown at the field."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.bureau.models import FieldType, FormField
from counter.forms import check_field, check_form, format_fen, luhn_ok
from counter.training.forms import FORMS, example_values
from counter.training.forms import check_form as platform_check

TODAY = date(2026, 5, 11)


def field(kind: FieldType, *, required: bool = True, **extra: object) -> FormField:
    return FormField(name="f", label="字段", type=kind, required=required, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "raw", "value", "display"),
    [
        (FieldType.TEXT, "  张三的备注 ", "张三的备注", "张三的备注"),
        (FieldType.DATE, "2024-05-01", "2024-05-01", "2024-05-01"),
        (FieldType.DATE, "2024/5/1", "2024-05-01", "2024-05-01"),
        (FieldType.DATE, "20240501", "2024-05-01", "2024-05-01"),
        (FieldType.DATE, "2024年5月1日", "2024-05-01", "2024-05-01"),
        (FieldType.DATE, "２０２４－０５－０１", "2024-05-01", "2024-05-01"),
        (FieldType.YEAR_MONTH, "2024-5", "2024-05", "2024-05"),
        (FieldType.YEAR_MONTH, "202405", "2024-05", "2024-05"),
        (FieldType.YEAR_MONTH, "2024年5月", "2024-05", "2024-05"),
        (FieldType.MONEY, "12", 1200, "12.00 元"),
        (FieldType.MONEY, "12.5", 1250, "12.50 元"),
        (FieldType.MONEY, "¥1,234.56", 123456, "1,234.56 元"),
        (FieldType.MONEY, "0.07元", 7, "0.07 元"),
        (FieldType.MONEY, 300000, 300000, "3,000.00 元"),
        (FieldType.ID_NUMBER, "33010219850615123x", "33010219850615123X", None),
        (FieldType.MOBILE, "+86 138-0013-8000", "13800138000", "13800138000"),
        (FieldType.BANK_ACCOUNT, "6222 0212 3456 7890", "6222021234567890", "6222 0212 3456 7890"),
        (FieldType.ADDRESS, "杭州市上城区东坡路10号", "杭州市上城区东坡路10号", None),
        (FieldType.YES_NO, "是", True, "是"),
        (FieldType.YES_NO, "N", False, "否"),
        (FieldType.YES_NO, False, False, "否"),
    ],
)
def test_accepted_input_is_normalized(
    kind: FieldType, raw: str | int | bool, value: object, display: str | None
) -> None:
    from counter.identity import id_check_char

    if kind is FieldType.ID_NUMBER:  # make the check character right
        first17 = str(raw)[:17]
        raw = first17 + id_check_char(first17).lower()
        value = first17 + id_check_char(first17)
    checked = check_field(field(kind), raw, today=TODAY)
    assert checked.error is None
    assert checked.value == value
    if display is not None:
        assert checked.display == display


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        (FieldType.TEXT, "", "请填写字段"),
        (FieldType.TEXT, "a\x07b", "字段含有不能识别的控制字符，请重新输入"),
        (FieldType.TEXT, "长" * 201, "字段最多200个字，当前201个字"),
        (FieldType.CHOICE, "", "请选择字段"),
        (FieldType.DATE, "2024-02-30", "字段：2024年2月30日不存在"),
        (FieldType.DATE, "5/1/2024", "字段应为日期，例如 2024-05-01"),
        (FieldType.DATE, "2026-05-12", "字段不能晚于今天"),
        (FieldType.DATE, "1850-01-01", "字段的年份 1850 不在 1900–2100 之间"),
        (FieldType.YEAR_MONTH, "2024-13", "字段的月份应为1至12，当前为13"),
        (FieldType.YEAR_MONTH, "May 2024", "字段应为年月，例如 2024-05"),
        (FieldType.MONEY, "12.345", "字段最多两位小数（到分）"),
        (FieldType.MONEY, "-5", "字段不能为负数"),
        (FieldType.MONEY, "十二元", "字段应为金额（元），例如 120.50"),
        (FieldType.MONEY, "100000001", "字段金额过大，请核对（上限 100,000,000.00 元）"),
        (FieldType.ID_NUMBER, "33010219850615123", "证件号码应为18位（或15位旧号码），当前为17位"),
        (FieldType.MOBILE, "1380013800", "手机号码应为11位数字，当前为10位"),
        (FieldType.MOBILE, "12800138000", "手机号码应以1开头，第二位为3-9"),
        (FieldType.BANK_ACCOUNT, "6222-0212-345", "字段应为12至19位数字，当前为11位"),
        (FieldType.BANK_ACCOUNT, "62220212345678901234", "字段应为12至19位数字，当前为20位"),
        (FieldType.BANK_ACCOUNT, "6222O21234567890", "第5位字符“O”无效：字段只能是数字"),
        (FieldType.ADDRESS, "东坡路", "字段过短，请填写到街道门牌号（至少5个字）"),
        (FieldType.YES_NO, "也许", "字段请选择“是”或“否”"),
        (FieldType.YES_NO, None, "请选择字段"),
    ],
)
def test_bad_input_gets_a_specific_message(kind: FieldType, raw: object, message: str) -> None:
    checked = check_field(field(kind), raw, today=TODAY)  # type: ignore[arg-type]
    assert checked.value is None
    assert checked.error == message


def test_choices_regex_and_optional_fields() -> None:
    grade = field(FieldType.CHOICE, choices=["100元/年", "300元/年"])
    assert check_field(grade, "300元/年").value == "300元/年"
    assert check_field(grade, "200元/年").error == "字段只能选择：100元/年、300元/年"
    copies = field(FieldType.TEXT, validation=r"^[1-5]$")
    assert check_field(copies, "3").ok
    assert check_field(copies, "6").error == "字段格式不正确，请核对"
    optional = field(FieldType.MOBILE, required=False)
    assert check_field(optional, "  ").ok and check_field(optional, None).value is None
    broken = field(FieldType.TEXT, validation="([")  # a bad pattern in the catalogue
    assert check_field(broken, "任何内容").ok


def test_bank_accounts_can_be_luhn_checked() -> None:
    account = field(FieldType.BANK_ACCOUNT)
    assert luhn_ok("6222021234567890") is False
    assert luhn_ok("4111111111111111") is True
    assert check_field(account, "6222021234567890").ok  # Luhn off by default (存折 numbers)
    assert check_field(account, "6222021234567890", bank_luhn=True).error == (
        "字段校验位不正确，请核对卡号"
    )
    assert check_field(account, "4111 1111 1111 1111", bank_luhn=True).ok


@given(fen=st.integers(0, 10**10))
def test_money_shown_as_yuan_reads_back_as_the_same_fen(fen: int) -> None:
    shown = format_fen(fen)
    checked = check_field(field(FieldType.MONEY), shown)
    assert checked.value == fen and checked.display == shown


@given(digits=st.text("0123456789", min_size=12, max_size=19))
def test_any_12_to_19_digits_is_an_account(digits: str) -> None:
    grouped = " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    assert check_field(field(FieldType.BANK_ACCOUNT), grouped).value == digits


@given(text=st.text(max_size=40))
def test_no_input_crashes_any_field_type(text: str) -> None:
    for kind in FieldType:
        checked = check_field(field(kind, choices=["甲"]), text, today=TODAY)
        assert checked.error is None or checked.value is None  # never both
        assert checked.error is not None or checked.value is not None  # required: never neither


@pytest.mark.parametrize("code", sorted(FORMS))
def test_what_the_window_accepts_the_platform_accepts(code: str) -> None:
    """The training forms' example values pass here and there, and agree on the values."""
    fields = FORMS[code]
    checked = check_form(fields, example_values(fields), today=TODAY)
    assert checked.errors == {}
    assert platform_check(code, fields, checked.values, today=TODAY) == []


def test_check_form_lists_every_field_in_error() -> None:
    fields = FORMS["SB08047"]
    checked = check_form(fields, {"reason": "遗失", "lost_date": "2026-13-01"}, today=TODAY)
    assert set(checked.errors) == {"lost_date", "mobile"}
    assert checked.values["reason"] == "遗失" and checked.values["mobile"] is None
