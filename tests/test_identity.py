"""Identifier parsing: 公民身份号码, 居住证, 永居证, 统一社会信用代码, mobile, travel documents."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from counter.identity import (
    ID_CHECK_CHARS,
    ID_WEIGHTS,
    MAINLAND_PROVINCE_CODES,
    PROVINCE_CODES,
    USCC_CHARS,
    USCC_WEIGHTS,
    Identity,
    IdentityKind,
    InvalidIdentity,
    TravelDocumentKind,
    id_check_char,
    parse,
    parse_mobile,
    parse_uscc,
    uscc_check_char,
    validate_passport_like,
)

TODAY = date(2025, 6, 30)
RESIDENT_PROVINCES = sorted(PROVINCE_CODES - {"81", "82", "83"})
MAINLAND = sorted(MAINLAND_PROVINCE_CODES)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def with_check(first17: str) -> str:
    return first17 + id_check_char(first17)


digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(RESIDENT_PROVINCES))
    county = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    born = draw(birth_dates)
    seq = draw(st.integers(0, 999))
    return with_check(f"{province}{county}{born:%Y%m%d}{seq:03d}")


@st.composite
def permit_ids(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["810000", "820000", "830000"]))
    born = draw(birth_dates)
    return with_check(f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}")


@st.composite
def pr2023_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(MAINLAND))
    nationality = draw(st.integers(0, 999))
    born = draw(birth_dates)
    return with_check(f"9{province}{nationality:03d}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}")


any_18 = st.one_of(resident_ids(), permit_ids(), pr2023_ids())


# ----------------------------------------------------------------- REFERENCE vectors


def test_reference_check_parameters() -> None:
    assert ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert ID_CHECK_CHARS == "10X98765432"
    assert USCC_CHARS == "0123456789ABCDEFGHJKLMNPQRTUWXY"
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_gb11643_sample() -> None:
    identity = parse("11010519491231002X", today=TODAY)
    assert identity == Identity(
        IdentityKind.RESIDENT, "11010519491231002X", date(1949, 12, 31), "女", "110105"
    )
    assert identity.province_code == "11"
    assert identity.nationality_code is None
    assert identity.converted_from is None
    assert identity.source_kind is IdentityKind.RESIDENT
    assert not identity.is_foreign


def test_gb11643_sample_born_1880_is_rejected_by_the_1900_rule() -> None:
    # 440524188001010014 has a correct check digit; REFERENCE asks for year >= 1900.
    assert id_check_char("44052418800101001") == "4"
    with pytest.raises(InvalidIdentity) as err:
        parse("440524188001010014", today=TODAY)
    assert err.value.message == "出生年份早于1900年"
    assert err.value.position == 7


@pytest.mark.parametrize(
    ("number", "province", "nationality", "born", "sex"),
    [
        ("932682198501010017", "32", "682", date(1985, 1, 1), "男"),
        ("911124198108030024", "11", "124", date(1981, 8, 3), "女"),
    ],
)
def test_official_pr2023_samples(
    number: str, province: str, nationality: str, born: date, sex: str
) -> None:
    identity = parse(number, today=TODAY)
    assert identity.kind is IdentityKind.FOREIGN_PR_2023
    assert identity.number == number
    assert identity.province_code == province
    assert identity.nationality_code == nationality
    assert identity.region_code == province + nationality
    assert identity.birth_date == born
    assert identity.sex == sex
    assert identity.is_foreign


def test_kind_labels() -> None:
    assert IdentityKind.RESIDENT.value == "居民身份证"
    assert IdentityKind.HKMOTW_PERMIT.value == "港澳台居民居住证"
    assert IdentityKind.FOREIGN_PR_2023.value == "外国人永久居留身份证（2023版）"
    assert IdentityKind.FOREIGN_PR_2017.value == "外国人永久居留身份证（2017版）"
    assert IdentityKind.RESIDENT_OLD15 in set(IdentityKind)


def test_id_check_char_rejects_bad_input() -> None:
    for bad in ("1234", "1101051949123100X", "110105194912310021"):
        with pytest.raises(ValueError, match="17 digits"):
            id_check_char(bad)


# ----------------------------------------------------------------- generated numbers


@given(resident_ids())
def test_generated_resident_ids_parse_and_roundtrip(number: str) -> None:
    identity = parse(number, today=TODAY)
    assert identity.kind is IdentityKind.RESIDENT
    assert identity.number == number
    assert identity.region_code == number[:6]
    assert identity.birth_date == date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert identity.sex == ("男" if int(number[16]) % 2 else "女")
    assert parse(identity.number, today=TODAY) == identity


@given(permit_ids())
def test_generated_permits(number: str) -> None:
    identity = parse(number, today=TODAY)
    assert identity.kind is IdentityKind.HKMOTW_PERMIT
    assert identity.region_code == number[:6]
    assert parse(identity.number, today=TODAY) == identity


@given(pr2023_ids())
def test_generated_pr2023(number: str) -> None:
    identity = parse(number, today=TODAY)
    assert identity.kind is IdentityKind.FOREIGN_PR_2023
    assert identity.province_code == number[1:3]
    assert identity.nationality_code == number[3:6]
    assert parse(identity.number, today=TODAY) == identity


@given(any_18, st.data())
def test_full_width_lower_case_and_separators_are_accepted(
    number: str, data: st.DataObject
) -> None:
    expected = parse(number, today=TODAY)
    assert parse(fullwidth(number).lower(), today=TODAY) == expected
    cut = data.draw(st.integers(1, 17))
    sep = data.draw(st.sampled_from([" ", "-", "　", "–", "\t", " - "]))
    assert parse(f" {number[:cut]}{sep}{number[cut:]} ", today=TODAY) == expected


@given(any_18, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_every_single_character_change_is_rejected(number: str, pos: int, new: str) -> None:
    assume(number[pos] != new)
    changed = number[:pos] + new + number[pos + 1 :]
    with pytest.raises(InvalidIdentity):
        parse(changed, today=TODAY)


@given(any_18, st.integers(0, 16))
def test_adjacent_transpositions_are_rejected(number: str, pos: int) -> None:
    assume(number[pos] != number[pos + 1] and "X" not in number[pos : pos + 2])
    swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
    with pytest.raises(InvalidIdentity):
        parse(swapped, today=TODAY)


# ----------------------------------------------------------------- 15-digit old numbers


def test_old_15_digit_conversion_example() -> None:
    identity = parse("110105491231002", today=TODAY)
    assert identity.number == "11010519491231002X"
    assert identity.kind is IdentityKind.RESIDENT
    assert identity.source_kind is IdentityKind.RESIDENT_OLD15
    assert identity.converted_from == "110105491231002"
    assert identity.birth_date == date(1949, 12, 31)
    assert identity.sex == "女"


@given(
    st.sampled_from(MAINLAND),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)),
    st.integers(0, 999),
)
def test_old_15_digit_numbers_convert(province: str, county: str, born: date, seq: int) -> None:
    old = f"{province}{county}{born:%y%m%d}{seq:03d}"
    identity = parse(old, today=TODAY)
    assert identity.number == with_check(f"{province}{county}{born:%Y%m%d}{seq:03d}")
    assert identity.converted_from == old
    assert identity.birth_date == born
    assert identity.sex == ("男" if seq % 2 else "女")
    # The converted number parses on its own to the same person, minus the history.
    again = parse(identity.number, today=TODAY)
    assert again.number == identity.number
    assert again.converted_from is None


# ----------------------------------------------------------------- error messages


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "请输入证件号码", None),
        ("  - ", "请输入证件号码", None),
        ("1101051949123100", "证件号码应为18位（或15位旧号码），当前为16位", None),
        ("11010519491231002X1", "证件号码应为18位（或15位旧号码），当前为19位", None),
        ("110105194912310O2X", "第16位字符“O”无效：只能是数字", 16),
        ("a1010519491231002X", "第1位字符“A”无效：只能是数字", 1),
        ("11010549123100a", "第15位字符“A”无效：只能是数字", 15),
        ("11010519491231002Y", "第18位只能是数字或X", 18),
        ("11010519491231002?", "第18位只能是数字或X", 18),
        (with_check("20010519491231002"), "地区代码 20 不是有效的省级代码", 1),
        (with_check("10010519491231002"), "地区代码 10 不是有效的省级代码", 1),
        (with_check("91010519491231002"), "地区代码 10 不是有效的省级代码", 2),
        (with_check("97110519491231002"), "地区代码 71 不是有效的省级代码", 2),
        ("710105491231002", "地区代码 71 不是有效的省级代码", 1),
        (with_check("11010519900230002"), "出生日期 19900230 不存在", 7),
        (with_check("11010519901301002"), "出生日期 19901301 不存在", 7),
        ("110105900230002", "出生日期 19900230 不存在", 7),
        (with_check("11010520300101002"), "出生日期 2030-01-01 晚于今天", 7),
        (with_check("11010518991231002"), "出生年份早于1900年", 7),
        ("330102199003070065", "校验位应为 X，实际为 5", 18),
        ("932682198501010018", "校验位应为 7，实际为 8", 18),
        (
            with_check("81010019900101002"),
            "港澳台居民居住证的地区代码应为810000、820000或830000，当前为 810100",
            1,
        ),
        (
            "KAZ11009012310",
            "外国人永久居留身份证（2017版）号码应为15位（3位字母+12位数字），当前为14位",
            None,
        ),
        ("KAZ1100901231A5", "第14位字符“A”无效：只能是数字", 14),
        ("KAZ990090123105", "地区代码 99 不是有效的省级代码", 4),
        ("KAZ110090023105", "出生日期 900231 不存在", 8),
    ],
)
def test_error_messages(text: str, message: str, position: int | None) -> None:
    with pytest.raises(InvalidIdentity) as err:
        parse(text, today=TODAY)
    assert err.value.message == message
    assert str(err.value) == message
    assert err.value.position == position
    assert isinstance(err.value, ValueError)


def test_future_birth_date_uses_the_real_today_by_default() -> None:
    tomorrow = date.today() + timedelta(days=1)
    number = with_check(f"110105{tomorrow:%Y%m%d}002")
    with pytest.raises(InvalidIdentity, match="晚于今天"):
        parse(number)
    assert parse(number, today=tomorrow).birth_date == tomorrow


def test_born_today_is_accepted() -> None:
    assert parse(with_check(f"330106{TODAY:%Y%m%d}001"), today=TODAY).birth_date == TODAY


# ----------------------------------------------------------------- 永居证 2017


def test_pr2017_fields() -> None:
    identity = parse("kaz 1100 901231 05", today=TODAY)
    assert identity.kind is IdentityKind.FOREIGN_PR_2017
    assert identity.number == "KAZ110090123105"
    assert identity.birth_date == date(1990, 12, 31)
    assert identity.sex is None
    assert identity.province_code == "11"
    assert identity.nationality_code == "KAZ"
    assert identity.region_code == "11KAZ"
    assert identity.is_foreign


def test_pr2017_century_is_the_latest_not_in_the_future() -> None:
    assert parse("USA310020010105", today=TODAY).birth_date == date(2020, 1, 1)
    assert parse("USA310020010105", today=date(2019, 12, 31)).birth_date == date(1920, 1, 1)
    # 29 February 2000 exists; 1900 was not a leap year.
    assert parse("GBR440000022907", today=TODAY).birth_date == date(2000, 2, 29)


@given(
    st.from_regex(r"[A-Z]{3}", fullmatch=True),
    st.sampled_from(MAINLAND),
    st.from_regex(r"[0-9]{2}", fullmatch=True),
    st.dates(min_value=date(1926, 1, 1), max_value=TODAY),
    st.from_regex(r"[0-9]{2}", fullmatch=True),
)
def test_generated_pr2017(nat: str, province: str, city: str, born: date, tail: str) -> None:
    number = f"{nat}{province}{city}{born:%y%m%d}{tail}"
    identity = parse(fullwidth(number.lower()), today=TODAY)
    assert identity.number == number
    assert identity.birth_date == born
    assert identity.nationality_code == nat


# ----------------------------------------------------------------- USCC

USCC_SAMPLES = [
    "9144030071526726XG",
    "91440300708461136T",
    "91110108551385082Q",
    "91350100M000100Y43",
]


@pytest.mark.parametrize("code", USCC_SAMPLES)
def test_uscc_reference_samples(code: str) -> None:
    assert parse_uscc(code) == code
    assert uscc_check_char(code[:17]) == code[17]
    assert parse_uscc(f" {code[:8]}-{code[8:]} ".lower()) == code
    assert parse_uscc(fullwidth(code)) == code


@st.composite
def usccs(draw: st.DrawFn) -> str:
    head = draw(st.text(alphabet=USCC_CHARS, min_size=2, max_size=2))
    region = draw(st.from_regex(r"[0-9]{6}", fullmatch=True))
    body = draw(st.text(alphabet=USCC_CHARS, min_size=9, max_size=9))
    first17 = head + region + body
    return first17 + uscc_check_char(first17)


@given(usccs())
def test_generated_uscc_roundtrip(code: str) -> None:
    assert parse_uscc(code) == code


@given(usccs(), st.integers(0, 17), st.sampled_from(USCC_CHARS))
def test_uscc_single_character_change_rejected(code: str, pos: int, new: str) -> None:
    assume(code[pos] != new)
    with pytest.raises(InvalidIdentity):
        parse_uscc(code[:pos] + new + code[pos + 1 :])


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "请输入统一社会信用代码", None),
        ("9144030071526726X", "统一社会信用代码应为18位，当前为17位", None),
        ("9144030071526726IG", "第17位字符“I”无效：只能是数字或大写字母（不含I、O、S、V、Z）", 17),
        ("91O4030071526726XG", "第3位字符“O”无效：只能是数字或大写字母（不含I、O、S、V、Z）", 3),
        ("91A40300715267260G", "第3位字符“A”无效：第3-8位是登记管理机关行政区划码，只能是数字", 3),
        ("9144030071526726XH", "校验位应为 G，实际为 H", 18),
    ],
)
def test_uscc_errors(text: str, message: str, position: int | None) -> None:
    with pytest.raises(InvalidIdentity) as err:
        parse_uscc(text)
    assert err.value.message == message
    assert err.value.position == position


def test_uscc_check_char_rejects_bad_input() -> None:
    for bad in ("914403007152672", "9144030071526726I"):
        with pytest.raises(ValueError, match="17 characters"):
            uscc_check_char(bad)


# ----------------------------------------------------------------- mobile


@pytest.mark.parametrize(
    "text",
    [
        "13812341234",
        "138 1234 1234",
        "138-1234-1234",
        "+86 138 1234 1234",
        "+86-13812341234",
        "(+86) 138 1234 1234",
        "0086 13812341234",
        "8613812341234",
        "１３８１２３４１２３４",
        "＋８６　１３８－１２３４－１２３４",
    ],
)
def test_mobile_normalization(text: str) -> None:
    assert parse_mobile(text) == "13812341234"


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "请输入手机号码", None),
        ("+86", "请输入手机号码", None),
        ("1381234123", "手机号码应为11位数字，当前为10位", None),
        ("138123412345", "手机号码应为11位数字，当前为12位", None),
        ("12812341234", "手机号码应以1开头，第二位为3-9", 2),
        ("23812341234", "手机号码应以1开头，第二位为3-9", 1),
        ("138a2341234", "第4位字符“a”无效：手机号码只能是数字", 4),
        ("+852 9123 4567", "只支持中国大陆手机号码（+86）", 1),
    ],
)
def test_mobile_errors(text: str, message: str, position: int | None) -> None:
    with pytest.raises(InvalidIdentity) as err:
        parse_mobile(text)
    assert err.value.message == message
    assert err.value.position == position


@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(["", "+86", "+86 ", "0086", "0086-", "86"]),
    st.booleans(),
)
def test_generated_mobiles(number: str, prefix: str, spaced: bool) -> None:
    body = f"{number[:3]} {number[3:7]} {number[7:]}" if spaced else number
    assert parse_mobile(prefix + body) == number
    assert parse_mobile(fullwidth(prefix + body)) == number


# ----------------------------------------------------------------- travel documents


@pytest.mark.parametrize(
    ("kind", "text", "normalized"),
    [
        (TravelDocumentKind.HKMO_PERMIT, "h12345678", "H12345678"),
        (TravelDocumentKind.HKMO_PERMIT, "M 1234 5678", "M12345678"),
        (TravelDocumentKind.TW_PERMIT, "12345678", "12345678"),
        (TravelDocumentKind.PASSPORT, "E12345678", "E12345678"),
        (TravelDocumentKind.PASSPORT, "ea1234567", "EA1234567"),
        ("中华人民共和国护照", "E12345678", "E12345678"),
    ],
)
def test_travel_documents_valid(kind: TravelDocumentKind | str, text: str, normalized: str) -> None:
    assert validate_passport_like(kind, text) == normalized


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (TravelDocumentKind.HKMO_PERMIT, "C12345678"),
        (TravelDocumentKind.HKMO_PERMIT, "H1234567"),
        (TravelDocumentKind.TW_PERMIT, "1234567"),
        (TravelDocumentKind.TW_PERMIT, "T12345678"),
        (TravelDocumentKind.PASSPORT, "G12345678"),
        (TravelDocumentKind.PASSPORT, "EO1234567"),
        (TravelDocumentKind.PASSPORT, ""),
    ],
)
def test_travel_documents_invalid(kind: TravelDocumentKind, text: str) -> None:
    with pytest.raises(InvalidIdentity):
        validate_passport_like(kind, text)


def test_identity_repr_does_not_leak_the_number() -> None:
    identity = parse("11010519491231002X", today=TODAY)
    assert "11010519491231002X" not in repr(identity)
    assert "1949" not in repr(identity)
    assert identity.masked == "110105********002X"
