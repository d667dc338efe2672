"""Form fields of the training catalogue, and the platform's check of submitted values.

The twelve-odd items a bank window does most get their real form (the fields the bureau's
paper and online forms ask for); every other item gets `GENERIC_FORM` (contact phone and a
remark). `seed._item` takes the fields from `form_for(code)`.

`check_form` is what `POST /v1/cases` applies to the submitted values: the client checks
the same rules as the clerk types, but the platform never trusts it. Value types on the
wire: text-like fields are strings; `money` is an integer number of fen; `yes_no` a bool.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

from counter.bureau.cases import FormValue
from counter.bureau.models import FieldType, FormField
from counter.identity import InvalidIdentity, parse

__all__ = [
    "BANKS",
    "FORMS",
    "GENERIC_FORM",
    "RESIDENT_GRADES",
    "check_form",
    "example_values",
    "form_for",
    "grade_fen",
]

MOBILE_RE = r"^1[3-9]\d{9}$"
BANK_ACCOUNT_RE = r"^\d{12,30}$"
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_ADDRESS_LENGTH = 5

BANKS = (
    "中国工商银行",
    "中国农业银行",
    "中国银行",
    "中国建设银行",
    "交通银行",
    "中国邮政储蓄银行",
    "浙江农商银行",
    "杭州银行",
)
ZHEJIANG_CITIES = (
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
)
# 城乡居民基本养老保险 yearly contribution grades (training values, 元/年).
RESIDENT_GRADES = (
    "100元/年",
    "300元/年",
    "500元/年",
    "800元/年",
    "1000元/年",
    "1500元/年",
    "2000元/年",
    "3000元/年",
    "5000元/年",
)
# 灵活就业人员: the contribution base as a share of the provincial average wage.
FLEXIBLE_GRADES = ("60%", "70%", "80%", "90%", "100%", "150%", "200%", "250%", "300%")
ETHNIC_GROUPS = tuple(
    (
        "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 "
        "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 "
        "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
        "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
        "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
    ).split()
)
PAY_METHODS = ("银行代扣", "浙里办自助缴费", "窗口现场缴费")


def grade_fen(grade: str) -> int | None:
    """The yearly amount of a resident grade ("1000元/年" → 100000 fen), else None."""
    match = re.fullmatch(r"(\d+)元/年", grade)
    return int(match.group(1)) * 100 if match else None


# --- building blocks --------------------------------------------------------------------


def _mobile(label: str = "联系电话", *, name: str = "mobile", required: bool = True) -> FormField:
    return FormField(
        name=name,
        label=label,
        type=FieldType.MOBILE,
        required=required,
        validation=MOBILE_RE,
        help="11 位手机号码，用于接收办理进度和结果短信",
    )


def _address(label: str = "通讯地址", *, name: str = "address", required: bool = True) -> FormField:
    return FormField(
        name=name,
        label=label,
        type=FieldType.ADDRESS,
        required=required,
        help="写到门牌号，如：杭州市上城区湖滨街道东坡路 10 号",
    )


def _choice(
    name: str, label: str, choices: tuple[str, ...], *, required: bool = True, help: str = ""
) -> FormField:
    return FormField(
        name=name,
        label=label,
        type=FieldType.CHOICE,
        required=required,
        choices=list(choices),
        help=help,
    )


def _yes_no(name: str, label: str, *, help: str = "") -> FormField:
    return FormField(name=name, label=label, type=FieldType.YES_NO, required=True, help=help)


def _bank_account(label: str, *, required: bool, help: str) -> FormField:
    return FormField(
        name="bank_account",
        label=label,
        type=FieldType.BANK_ACCOUNT,
        required=required,
        validation=BANK_ACCOUNT_RE,
        help=help,
    )


_REMARK = FormField(name="remark", label="备注", type=FieldType.TEXT, required=False)

GENERIC_FORM: tuple[FormField, ...] = (_mobile(), _REMARK)

_LOSS_REASONS = ("遗失", "被盗", "其他")

FORMS: dict[str, tuple[FormField, ...]] = {
    # 灵活就业人员参保登记（企业职工基本养老保险，个人身份）
    "SB01001": (
        _choice(
            "grade",
            "缴费基数档次",
            FLEXIBLE_GRADES,
            help="按全省全口径城镇单位就业人员平均工资的比例选择",
        ),
        FormField(
            name="start_month",
            label="参保年月",
            type=FieldType.YEAR_MONTH,
            help="从该月起缴费，格式 2026-03",
        ),
        _choice("pay_method", "缴费方式", PAY_METHODS),
        _bank_account("代扣银行账号", required=False, help="缴费方式为银行代扣时填写"),
        _mobile(),
        _address(),
    ),
    # 城乡居民基本养老保险参保登记
    "SB01002": (
        _choice("grade", "缴费档次", RESIDENT_GRADES, help="每年缴费一次，可每年变更一次档次"),
        _address("户籍地址", name="household_address"),
        _yes_no(
            "hardship",
            "是否属于困难群体",
            help="低保对象、特困人员、重度残疾人等，由政府代缴部分或全部最低档次养老保险费",
        ),
        _choice("pay_method", "缴费方式", PAY_METHODS),
        _bank_account("代扣银行账号", required=False, help="缴费方式为银行代扣时填写"),
        _mobile(),
    ),
    # 城镇职工基本养老保险参保人员个人基本信息变更（非关键项）
    "SB02008": (
        _mobile("联系电话（变更后）", name="new_mobile", required=False),
        _address("通讯地址（变更后）", name="new_address", required=False),
        _choice("ethnicity", "民族（变更后）", ETHNIC_GROUPS, required=False),
        _choice(
            "education",
            "文化程度（变更后）",
            ("研究生", "大学本科", "大学专科", "中等专科", "高中", "初中", "小学", "其他"),
            required=False,
        ),
        FormField(
            name="remark",
            label="变更说明",
            type=FieldType.TEXT,
            required=False,
            help="至少变更一项；姓名、身份号码等关键信息请办理关键信息变更",
        ),
    ),
    # 养老保险待遇发放账户维护申请（变更发放银行账户）
    "SB02010": (
        _choice("bank", "发放银行", BANKS),
        _bank_account("发放账号（变更后）", required=True, help="本人名下的银行借记卡或存折账号"),
        _yes_no("holder_is_self", "账户户名为本人", help="待遇只能发放至本人名下账户"),
        _mobile(),
    ),
    # 城乡居民养老保险缴费档次变更
    "SB03012": (
        _choice("new_grade", "变更后缴费档次", RESIDENT_GRADES),
        FormField(
            name="annual_amount",
            label="年缴费额",
            type=FieldType.MONEY,
            help="与所选档次一致，单位元",
        ),
        FormField(
            name="effective_month",
            label="生效年月",
            type=FieldType.YEAR_MONTH,
            help="一般自次年 1 月起生效",
        ),
        _mobile(),
    ),
    # 个人权益记录查询打印（个人参保证明、社保权益单）
    "SB04017": (
        _choice("document", "打印内容", ("个人参保证明", "社保权益单", "个人缴费明细")),
        FormField(name="period_from", label="起始年月", type=FieldType.YEAR_MONTH),
        FormField(name="period_to", label="截止年月", type=FieldType.YEAR_MONTH),
        _choice("purpose", "用途", ("购房", "购车", "子女入学", "落户", "就业", "其他")),
        FormField(
            name="copies",
            label="打印份数",
            type=FieldType.TEXT,
            validation=r"^[1-5]$",
            help="1–5 份",
        ),
    ),
    # 领取养老金人员待遇资格认证（含协助人脸认证）
    "SB05021": (
        _choice(
            "method",
            "认证方式",
            ("窗口人脸识别", "协助手机认证", "上门认证（行动不便）"),
        ),
        _yes_no("abroad", "是否长期居住在境外", help="居住境外的须另行提供生存证明"),
        _address("现居住地址", name="residence", required=False),
        _mobile(required=False),
    ),
    # 社会保障卡申领（含即时制卡/立等可取）
    "SB08044": (
        _choice("make_mode", "制卡方式", ("即时制卡（立等可取）", "批量制卡（网点领取）")),
        _choice("bank", "金融功能服务银行", BANKS),
        _yes_no("photo_taken", "已现场采集照片"),
        FormField(
            name="guardian_id",
            label="监护人身份证件号码",
            type=FieldType.ID_NUMBER,
            required=False,
            help="未满 16 周岁申领时由监护人代办，填写监护人证件号码",
        ),
        _mobile(),
        _address("邮寄地址", required=False),
    ),
    # 社会保障卡临时挂失
    "SB08047": (
        _choice("reason", "挂失原因", _LOSS_REASONS),
        FormField(name="lost_date", label="遗失日期", type=FieldType.DATE),
        _mobile(),
    ),
    # 社会保障卡正式挂失
    "SB08048": (
        _choice("reason", "挂失原因", _LOSS_REASONS),
        FormField(name="lost_date", label="遗失日期", type=FieldType.DATE),
        _yes_no("reissue", "同时申请补领"),
        _mobile(),
    ),
    # 社会保障卡解挂（仅限临时挂失状态）
    "SB08049": (
        _yes_no("card_present", "本人持卡到场", help="卡片已找回，须本人持卡和身份证件办理"),
        _mobile(),
    ),
    # 社会保障卡补领
    "SB08050": (
        _choice("make_mode", "制卡方式", ("即时制卡（立等可取）", "批量制卡（网点领取）")),
        _choice("bank", "金融功能服务银行", BANKS),
        _mobile(),
    ),
    # 社会保障卡跨统筹区/跨省变更
    "SB08053": (
        FormField(
            name="from_region",
            label="原参保地",
            type=FieldType.TEXT,
            help="省、市，如：江苏省苏州市",
        ),
        _choice("to_region", "现参保地（省内）", ZHEJIANG_CITIES),
        _choice("change_kind", "变更内容", ("迁入地换卡", "服务银行变更")),
        _choice("bank", "新服务银行", BANKS, required=False),
        _mobile(),
    ),
    # 社会保障卡密码重置/解锁（连续6次错误锁卡）
    "SB08056": (
        _choice("reason", "办理原因", ("忘记密码", "连续输错密码锁卡")),
        _yes_no("card_present", "本人持卡到场", help="密码由本人在密码键盘上设置，不经过本机"),
        _mobile(),
    ),
}


def form_for(code: str) -> tuple[FormField, ...]:
    """The form of item `code`: its own when it has one, else the generic form."""
    return FORMS.get(code, GENERIC_FORM)


# --- checking submitted values -----------------------------------------------------------


def check_form(
    code: str,
    fields: list[FormField] | tuple[FormField, ...],
    values: Mapping[str, FormValue],
    *,
    today: date,
) -> list[str]:
    """Chinese messages, one per field in error (empty when the values are acceptable).

    Each field is checked by its type, its choices and its `validation`; then, when every
    field is fine, the item's own rules across fields (e.g. amount matches the grade).
    Values for names the form does not have are ignored (the client may carry more).
    """
    problems: list[str] = []
    for field in fields:
        value = values.get(field.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                verb = "选择" if field.type in (FieldType.CHOICE, FieldType.YES_NO) else "填写"
                problems.append(f"请{verb}{field.label}")
            continue
        problem = _check_value(field, value, today)
        if problem is not None:
            problems.append(problem)
    cross = _CROSS_CHECKS.get(code)
    if not problems and cross is not None and {f.name for f in fields} >= _CROSS_FIELDS[code]:
        problem = cross(values)
        if problem is not None:
            problems.append(problem)
    return problems


def _check_value(field: FormField, value: str | int | bool, today: date) -> str | None:
    label = field.label
    if field.type is FieldType.YES_NO:
        return None if isinstance(value, bool) else f"{label}应为“是”或“否”"
    if field.type is FieldType.MONEY:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{label}应为金额（以分为单位的整数）"
        return None if value >= 0 else f"{label}不能为负数"
    if not isinstance(value, str):
        return f"{label}格式不正确"
    text = value.strip()
    problem = _check_text(field, text, today)
    if problem is None and field.validation and not re.fullmatch(field.validation, text, re.ASCII):
        problem = f"{label}格式不正确" + (f"（{field.help}）" if field.help else "")
    return problem


def _check_text(field: FormField, text: str, today: date) -> str | None:
    checker = _TEXT_CHECKS.get(field.type)
    return checker(field.label, text, field, today) if checker is not None else None


def _choice_ok(label: str, text: str, field: FormField, _today: date) -> str | None:
    return None if text in field.choices else f"{label}须从列表中选择"


def _date_ok(label: str, text: str, _field: FormField, today: date) -> str | None:
    day = _date(text)
    if day is None:
        return f"{label}不是有效日期（格式 2026-03-01）"
    return None if day <= today else f"{label}不能晚于今天"


def _year_month_ok(label: str, text: str, _field: FormField, _today: date) -> str | None:
    match = _YEAR_MONTH.match(text)
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        return f"{label}不是有效年月（格式 2026-03）"
    return None


def _id_number_ok(label: str, text: str, _field: FormField, today: date) -> str | None:
    try:
        parse(text, today=today)
    except InvalidIdentity as exc:
        return f"{label}不正确：{exc.message}"
    return None


def _mobile_ok(label: str, text: str, _field: FormField, _today: date) -> str | None:
    return None if re.fullmatch(MOBILE_RE, text, re.ASCII) else f"{label}应为 11 位手机号码"


def _bank_account_ok(label: str, text: str, _field: FormField, _today: date) -> str | None:
    ok = re.fullmatch(BANK_ACCOUNT_RE, text, re.ASCII)
    return None if ok else f"{label}应为 12–30 位数字"


def _address_ok(label: str, text: str, _field: FormField, _today: date) -> str | None:
    if len(text) >= MIN_ADDRESS_LENGTH:
        return None
    return f"{label}过短，请写明市、区、街道和门牌号"


_TEXT_CHECKS: dict[FieldType, Callable[[str, str, FormField, date], str | None]] = {
    FieldType.CHOICE: _choice_ok,
    FieldType.DATE: _date_ok,
    FieldType.YEAR_MONTH: _year_month_ok,
    FieldType.ID_NUMBER: _id_number_ok,
    FieldType.MOBILE: _mobile_ok,
    FieldType.BANK_ACCOUNT: _bank_account_ok,
    FieldType.ADDRESS: _address_ok,
}


def _date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --- example values (tests, demos, fault and crash harnesses) --------------------------------

_EXAMPLES: dict[FieldType, FormValue] = {
    FieldType.TEXT: "江苏省苏州市",
    FieldType.DATE: "2025-01-02",
    FieldType.YEAR_MONTH: "2025-01",
    FieldType.MONEY: 10_000,
    FieldType.ID_NUMBER: "110101197001010016",
    FieldType.MOBILE: "13800001234",
    FieldType.BANK_ACCOUNT: "6222021202001234567",
    FieldType.ADDRESS: "杭州市上城区湖滨街道东坡路 10 号",
    FieldType.YES_NO: True,
}


def example_values(fields: list[FormField] | tuple[FormField, ...]) -> dict[str, FormValue]:
    """Values every field (optional ones too) accepts, and that pass the items' cross rules."""
    values: dict[str, FormValue] = {}
    for field in fields:
        if field.choices:
            values[field.name] = field.choices[0]
        elif field.validation == r"^[1-5]$":
            values[field.name] = "1"
        else:
            values[field.name] = _EXAMPLES[field.type]
    grade = values.get("new_grade")
    if isinstance(grade, str) and "annual_amount" in values:
        values["annual_amount"] = grade_fen(grade)
    return values


# --- rules across fields, per item -------------------------------------------------------


def _period_in_order(values: Mapping[str, FormValue]) -> str | None:
    if str(values.get("period_from")) > str(values.get("period_to")):
        return "起始年月不能晚于截止年月"
    return None


def _amount_matches_grade(values: Mapping[str, FormValue]) -> str | None:
    expected = grade_fen(str(values.get("new_grade")))
    if expected is not None and values.get("annual_amount") != expected:
        return f"年缴费额应与所选档次一致（{expected // 100} 元）"
    return None


def _something_changes(values: Mapping[str, FormValue]) -> str | None:
    changed = ("new_mobile", "new_address", "ethnicity", "education")
    if all(values.get(name) in (None, "") for name in changed):
        return "请至少填写一项变更内容"
    return None


def _holder_is_self(values: Mapping[str, FormValue]) -> str | None:
    return None if values.get("holder_is_self") is True else "待遇只能发放至本人名下账户"


_CROSS_CHECKS: dict[str, Callable[[Mapping[str, FormValue]], str | None]] = {
    "SB04017": _period_in_order,
    "SB03012": _amount_matches_grade,
    "SB02008": _something_changes,
    "SB02010": _holder_is_self,
}
# A cross check runs only when the item's form (maybe a newer version) still has its fields.
_CROSS_FIELDS: dict[str, set[str]] = {
    "SB04017": {"period_from", "period_to"},
    "SB03012": {"new_grade", "annual_amount"},
    "SB02008": {"new_mobile", "new_address", "ethnicity", "education"},
    "SB02010": {"holder_is_self"},
}
