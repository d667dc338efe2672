"""Training catalogue forms: real fields for the common items, every field type, and the
platform's check of submitted values."""

from __future__ import annotations

import re
from datetime import date

import httpx
from hypothesis import given
from hypothesis import strategies as st

from counter.bureau.models import Catalogue, FieldType, FormField
from counter.training.forms import (
    FORMS,
    GENERIC_FORM,
    check_form,
    example_values,
    form_for,
    grade_fen,
)
from counter.training.seed import load_catalogue
from tests.training_fixtures import bearer, token_for

TODAY = date(2026, 3, 2)
COMMON_ITEMS = {
    "SB01001": "灵活就业人员参保登记",
    "SB01002": "城乡居民基本养老保险参保登记",
    "SB05021": "领取养老金人员待遇资格认证",
    "SB04017": "个人权益记录查询打印",
    "SB08044": "社会保障卡申领",
    "SB08047": "社会保障卡临时挂失",
    "SB08048": "社会保障卡正式挂失",
    "SB08049": "社会保障卡解挂",
    "SB08056": "社会保障卡密码重置",
    "SB08053": "社会保障卡跨统筹区",
    "SB02008": "个人基本信息变更",
    "SB03012": "城乡居民养老保险缴费档次变更",
}


def _field(type_: FieldType, **kwargs: object) -> FormField:
    return FormField.model_validate({"name": "f", "label": "字段", "type": type_, **kwargs})


def test_the_common_items_have_their_own_forms() -> None:
    by_code = {item.code: item for item in load_catalogue()}
    for code, name in COMMON_ITEMS.items():
        assert by_code[code].name.startswith(name), code
        assert code in FORMS
        assert by_code[code].form_fields == list(FORMS[code])
    others = [item for item in by_code.values() if item.code not in FORMS]
    assert others and all(item.form_fields == list(GENERIC_FORM) for item in others)
    assert form_for("SB10062") == GENERIC_FORM
    assert [f.label for f in GENERIC_FORM] == ["联系电话", "备注"]


def test_every_field_type_is_used() -> None:
    used = {field.type for form in FORMS.values() for field in form}
    assert used == set(FieldType)


def test_forms_are_well_formed() -> None:
    for code, form in {**FORMS, "generic": GENERIC_FORM}.items():
        names = [f.name for f in form]
        assert len(names) == len(set(names)), code
        for field in form:
            assert re.fullmatch(r"[a-z][a-z_]*", field.name), (code, field.name)
            assert (field.type is FieldType.CHOICE) == bool(field.choices), (code, field.name)
            assert len(set(field.choices)) == len(field.choices)
            if field.validation:
                re.compile(field.validation)
        # Example values pass, and leaving a required field empty does not.
        values = example_values(form)
        assert check_form(code, form, values, today=TODAY) == [], code
        for field in form:
            emptied = {**values, field.name: None}
            problems = check_form(code, form, emptied, today=TODAY)
            assert bool(problems) == field.required or code == "SB02008", (code, field.name)


def test_the_platform_serves_the_forms(client: httpx.Client) -> None:
    token = token_for(client, "T-CLERKA1")
    catalogue = Catalogue.model_validate(client.get("/v1/catalogue", headers=bearer(token)).json())
    items = {item.code: item for item in catalogue.items}
    grade = next(f for f in items["SB01001"].form_fields if f.name == "grade")
    assert grade.type is FieldType.CHOICE and "100%" in grade.choices
    money = next(f for f in items["SB03012"].form_fields if f.name == "annual_amount")
    assert money.type is FieldType.MONEY


def test_each_type_is_checked_with_a_chinese_message() -> None:
    cases: list[tuple[FormField, object, str | None]] = [
        (_field(FieldType.TEXT), "任意文字", None),
        (
            _field(FieldType.TEXT, validation=r"^[1-5]$", help="1–5 份"),
            "7",
            "字段格式不正确（1–5 份）",
        ),
        (_field(FieldType.CHOICE, choices=["甲", "乙"]), "乙", None),
        (_field(FieldType.CHOICE, choices=["甲", "乙"]), "丙", "字段须从列表中选择"),
        (_field(FieldType.DATE), "2026-03-01", None),
        (_field(FieldType.DATE), "2026-02-30", "字段不是有效日期（格式 2026-03-01）"),
        (_field(FieldType.DATE), "2026-03-03", "字段不能晚于今天"),
        (_field(FieldType.YEAR_MONTH), "2026-12", None),
        (_field(FieldType.YEAR_MONTH), "2026-3", "字段不是有效年月（格式 2026-03）"),
        (_field(FieldType.MONEY), 0, None),
        (_field(FieldType.MONEY), 12.5, "字段应为金额（以分为单位的整数）"),
        (_field(FieldType.MONEY), True, "字段应为金额（以分为单位的整数）"),
        (_field(FieldType.MONEY), -1, "字段不能为负数"),
        (_field(FieldType.ID_NUMBER), "110101197001010016", None),
        (_field(FieldType.ID_NUMBER), "110101197001010017", "字段不正确：校验位应为 6，实际为 7"),
        (_field(FieldType.MOBILE), "13800001234", None),
        (_field(FieldType.MOBILE), "12800001234", "字段应为 11 位手机号码"),
        (_field(FieldType.BANK_ACCOUNT), "6222021202001234567", None),
        (_field(FieldType.BANK_ACCOUNT), "6222-0212", "字段应为 12–30 位数字"),
        (_field(FieldType.ADDRESS), "杭州市上城区东坡路 10 号", None),
        (_field(FieldType.ADDRESS), "杭州", "字段过短，请写明市、区、街道和门牌号"),
        (_field(FieldType.YES_NO), False, None),
        (_field(FieldType.YES_NO), "是", "字段应为“是”或“否”"),
        (_field(FieldType.CHOICE, choices=["甲"]), None, "请选择字段"),
        (_field(FieldType.MOBILE), "", "请填写字段"),
        (_field(FieldType.MOBILE, required=False), "", None),
        (_field(FieldType.DATE), 20260301, "字段格式不正确"),
    ]
    for field, value, expected in cases:
        problems = check_form("X", [field], {"f": value}, today=TODAY)  # type: ignore[dict-item]
        assert problems == ([expected] if expected else []), (field.type, value)


def test_item_rules_across_fields() -> None:
    sb03012 = FORMS["SB03012"]
    values = example_values(sb03012)
    assert values["annual_amount"] == grade_fen(str(values["new_grade"])) == 10_000
    wrong = {**values, "new_grade": "1000元/年"}
    assert check_form("SB03012", sb03012, wrong, today=TODAY) == [
        "年缴费额应与所选档次一致（1000 元）"
    ]
    sb02008 = FORMS["SB02008"]
    nothing = {"remark": "无"}
    assert check_form("SB02008", sb02008, nothing, today=TODAY) == ["请至少填写一项变更内容"]
    assert check_form("SB02008", sb02008, {"new_mobile": "13800001234"}, today=TODAY) == []
    sb02010 = FORMS["SB02010"]
    other = {**example_values(sb02010), "holder_is_self": False}
    assert check_form("SB02010", sb02010, other, today=TODAY) == ["待遇只能发放至本人名下账户"]
    assert grade_fen("自定义") is None


@given(st.one_of(st.text(max_size=14), st.from_regex(r"\s*1[3-9]\d{9}\s*", fullmatch=True)))
def test_mobile_check_agrees_with_the_pattern(text: str) -> None:
    field = _field(FieldType.MOBILE)
    problems = check_form("X", [field], {"f": text}, today=TODAY)
    stripped = text.strip()
    if not stripped:
        assert problems == ["请填写字段"]
    else:
        assert (problems == []) == bool(re.fullmatch(r"1[3-9]\d{9}", stripped, re.ASCII))
