"""Masking for screens and paper, and scrubbing of free text for logs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.identity import (
    COMPOUND_SURNAMES,
    id_check_char,
    mask_account,
    mask_address,
    mask_card_no,
    mask_id,
    mask_mobile,
    mask_name,
    scrub,
)

# ----------------------------------------------------------------- REFERENCE examples


def test_reference_examples() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧阳**"
    assert mask_id("330102199003071234") == "330102********1234"
    assert mask_mobile("13812341234") == "138****1234"
    assert mask_account("6222021234567890123") == "622202*********0123"
    assert mask_card_no("A12345678") == "A1*****78"
    address = "浙江省杭州市上城区湖滨街道平海路12号3幢"
    assert mask_address(address) == "浙江省杭州市上城区湖滨街道****"


# ----------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳娜", "欧阳*"),
        ("欧阳", "欧*"),  # the whole name would be revealed otherwise
        ("司马相如", "司马**"),
        ("诸葛亮", "诸葛*"),
        ("张", "*"),
        ("", ""),
        ("  李四 ", "李*"),
        ("John Smith", "J*** *****"),
        ("买买提·艾力", "买**·**"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_compound_surname_list_is_two_characters_each() -> None:
    assert set("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容".split()) <= COMPOUND_SURNAMES
    assert all(len(s) == 2 for s in COMPOUND_SURNAMES)


@given(st.text(max_size=30))
def test_mask_name_reveals_at_most_the_surname(name: str) -> None:
    masked = mask_name(name)
    stripped = name.strip()
    assert len(masked) == len(stripped)
    revealed = [
        (i, c) for i, c in enumerate(masked) if c != "*" and not c.isspace() and c not in " ·•・."
    ]
    letters = sum(1 for c in stripped if not c.isspace() and c not in " ·•・.")
    assert len(revealed) <= (2 if stripped[:2] in COMPOUND_SURNAMES else 1)
    if letters:
        assert len(revealed) < letters or stripped.count("*") == letters - len(revealed)
    for i, c in revealed:
        assert stripped[i] == c


# ----------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("330102900307123", "330102*****7123"),
        ("11010519491231002X", "110105********002X"),
        ("110105 19491231 002X", "110105********002X"),
        ("KAZ110090123105", "KAZ110*****3105"),
        ("12345678901234", "**************"),
        ("1234", "****"),
        ("", ""),
    ],
)
def test_mask_id(number: str, masked: str) -> None:
    assert mask_id(number) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812341234", "138****1234"),
        ("+86 138 1234 1234", "138****1234"),
        ("0086-138-1234-1234", "138****1234"),
        ("1381234", "*******"),
    ],
)
def test_mask_mobile(number: str, masked: str) -> None:
    assert mask_mobile(number) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("6222 0212 3456 7890", "622202******7890"),
        ("62220212345678", "622202****5678"),
        ("6222021234567", "*************"),
    ],
)
def test_mask_account(number: str, masked: str) -> None:
    assert mask_account(number) == masked


def test_mask_card_no_short_input_is_fully_masked() -> None:
    assert mask_card_no("A1234567") == "********"


def _revealed(masked: str) -> int:
    return sum(1 for c in masked if c != "*")


MASKS = [
    (mask_id, 10, 5),
    (mask_mobile, 7, 4),
    (mask_account, 10, 4),
    (mask_card_no, 4, 5),
]


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_masks_never_reveal_more_than_their_pattern(text: str) -> None:
    for mask, max_revealed, min_hidden in MASKS:
        masked = mask(text)
        assert _revealed(masked) <= max_revealed, (mask.__name__, masked)
        hidden = masked.count("*")
        assert hidden >= min_hidden or hidden == len(masked), (mask.__name__, masked)


@given(st.from_regex(r"[0-9]{17}[0-9X]|[0-9]{15}", fullmatch=True))
def test_mask_id_keeps_exactly_first_6_and_last_4(number: str) -> None:
    masked = mask_id(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert set(masked[6:-4]) == {"*"}
    assert len(masked) == len(number)


# ----------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("浙江省杭州市上城区湖滨街道平海路12号3幢", "浙江省杭州市上城区湖滨街道****"),
        ("浙江省嘉兴市南湖区凤桥镇三星村8组", "浙江省嘉兴市南湖区凤桥镇****"),
        ("浙江省淳安县王阜乡郑家村", "浙江省淳安县王阜乡****"),
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("内蒙古自治区呼和浩特市新城区中山路1号", "内蒙古自治区呼和浩特市新城区****"),
        ("浙江省义乌市工人北路1号", "浙江省义乌市****"),
        ("杭州市华星小区5幢", "杭州市****"),
        ("杭州市西湖区文三路100号华星乡村小区", "杭州市西湖区****"),
        ("平海路12号", "****"),
        ("", ""),
    ],
)
def test_mask_address(address: str, masked: str) -> None:
    assert mask_address(address) == masked


@given(st.text(max_size=40))
def test_mask_address_keeps_only_a_digit_free_prefix(address: str) -> None:
    masked = mask_address(address)
    compact = "".join(c for c in address if not c.isspace() and c not in "-‐‑‒–—―−﹣－")
    if not compact:
        assert masked == ""
        return
    assert masked.endswith("****")
    kept = masked[: -len("****")]
    assert compact.startswith(kept)
    assert not any(c.isdigit() for c in kept)


# ----------------------------------------------------------------- scrub


def test_scrub_examples() -> None:
    text = (
        "身份证330102199003071234已核验，手机 138 1234 1234，卡号6222-0212-3456-7890-123，"
        "+8613812341234，旧号330102900307123，11010519491231002x。"
    )
    assert scrub(text) == (
        "身份证330102********1234已核验，手机 138****1234，卡号622202*********0123，"
        "+86138****1234，旧号330102*****7123，110105********002x。"
    )


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        # Found by hypothesis: a grouped number next to an X or another number.
        ("130 0000 0000X", "130****0000X"),
        ("130 0000 0000-13000000000:", "130****0000-130****0000:"),
        ("111 222 333 444 555 666 130 0000 0000", "111222" + "*" * 19 + "0000"),
        ("+86 138 1234 1234", "+86 138****1234"),
        ("330102 19900307 123X", "330102********123X"),
    ],
)
def test_scrub_grouped_numbers(text: str, cleaned: str) -> None:
    assert scrub(text) == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-01 12:00:00 ticket A012 called to window 3",
        "order 20240101123045 took 1234 ms",  # 14 digits: timestamps stay readable
        'File "/work/main/counter/identity.py", line 123, in parse',
        "",
    ],
)
def test_scrub_leaves_ordinary_text_alone(text: str) -> None:
    assert scrub(text) == text


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 6, 30)))
    head = draw(st.from_regex(r"[1-6][0-9]{5}", fullmatch=True))
    first17 = f"{head}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + id_check_char(first17)


def _grouped(number: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, i = [], 0
    for size in sizes:
        parts.append(number[i : i + size])
        i += size
    return sep.join(parts)


secrets = st.one_of(
    resident_ids(),
    st.from_regex(r"[1-6][0-9]{14}", fullmatch=True),  # old 15-digit
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),  # mobile
    st.from_regex(r"[1-9][0-9]{15,18}", fullmatch=True),  # bank account
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True).map(lambda m: _grouped(m, (3, 4, 4), " ")),
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True).map(lambda m: _grouped(m, (3, 4, 4), "-")),
    st.from_regex(r"6[0-9]{18}", fullmatch=True).map(lambda a: _grouped(a, (4, 4, 4, 4, 3), " ")),
    resident_ids().map(lambda n: _grouped(n, (6, 8, 4), " ")),
)
filler = st.text(
    alphabet=st.characters(exclude_categories=("Nd", "Cs")) | st.sampled_from("，。 :-号码"),
    min_size=1,
    max_size=12,
)


@given(st.lists(st.tuples(filler, secrets), min_size=1, max_size=5), filler)
def test_scrub_removes_every_full_number(pieces: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f + s for f, s in pieces) + tail
    cleaned = scrub(text)
    for _, secret in pieces:
        digits_only = "".join(c for c in secret if c.isdigit())
        assert secret not in cleaned
        assert digits_only not in "".join(c for c in cleaned if c.isdigit() or c == "*")
    assert scrub(cleaned) == cleaned


@given(filler)
def test_scrub_does_not_touch_text_without_digits(text: str) -> None:
    assert scrub(text) == text


def test_scrub_full_width_digits() -> None:
    assert scrub("手机１３８１２３４１２３４") == "手机１３８****１２３４"
