"""社保卡 readers: the iReadCardBas answer, third-generation cards, return codes, the
simulated reader's failure modes, and the SSCardDriver ctypes adapter against a built C
library."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from counter.readers import ReaderError, ReaderFailure
from counter.training.persons import featured_persons
from drivers.sscard import (
    SimulatedSocialCardReader,
    SSCardDllReader,
    format_card_basics,
    open_social_card_reader,
    parse_card_basics,
    reader_error,
    social_card_for,
)
from tests.fake_termb.build import build_library

SECOND = (
    "330100|330102198506150315|A00000101|330100D15620000ABCDEF0123456789A|张伟|"
    "3B6D000080318065B0872701BC83089000|2.00|20160301|20260301|T0001|D0001|"
)
THIRD = (
    "330100||C30000201|330100D15630000ABCDEF0123456789B||3B6D000080318065B0872701BC83089000|"
    "3.00|20240601|20340601|T0001|D0001|"
)
TODAY = date(2026, 1, 10)


def test_second_generation_answer_is_parsed_field_by_field() -> None:
    card = parse_card_basics(SECOND)
    assert card.region == "330100"
    assert card.ssn == "330102198506150315"
    assert card.card_no == "A00000101"
    assert len(card.card_id_code) == 32 and card.card_id_code.startswith(card.region)
    assert card.name == "张伟"
    assert card.version == "2.00"
    assert (card.issue_date, card.expiry) == (date(2016, 3, 1), date(2026, 3, 1))
    assert (card.terminal_no, card.device_no) == ("T0001", "D0001")
    assert not card.third_generation and not card.needs_online_lookup
    assert not card.expired(TODAY) and card.expired(date(2026, 3, 2))
    assert "张伟" not in repr(card) and "330102198506150315" not in repr(card)


def test_third_generation_card_needs_the_online_read() -> None:
    card = parse_card_basics(THIRD)
    assert card.third_generation
    assert card.ssn == "" and card.name == ""
    assert card.needs_online_lookup
    assert card.card_no == "C30000201"


def test_answer_without_trailing_separator_and_with_padding() -> None:
    card = parse_card_basics(" " + SECOND.rstrip("|") + "\0")
    assert card.device_no == "D0001"


def test_truncated_answer_is_a_read_error() -> None:
    with pytest.raises(ReaderError) as caught:
        parse_card_basics("330100|330102198506150315|A00000101|")
    assert caught.value.failure is ReaderFailure.READ_ERROR
    assert "不完整" in caught.value.message


@pytest.mark.parametrize(
    ("code", "failure", "words"),
    [
        (-2, ReaderFailure.NO_CARD, "未插卡"),
        (-1, ReaderFailure.READ_ERROR, "卡片类型不对"),
        (-11, ReaderFailure.NOT_CONNECTED, "连接错误"),
        (-12, ReaderFailure.NOT_CONNECTED, "未与社保卡读卡器建立连接"),
        (-99, ReaderFailure.READ_ERROR, "返回码 -99"),
    ],
)
def test_return_codes_map_to_failures(code: int, failure: ReaderFailure, words: str) -> None:
    error = reader_error(code)
    assert error.failure is failure and words in error.message and error.code == code


def test_format_and_parse_round_trip() -> None:
    person = featured_persons()[0]
    card = social_card_for(person, TODAY)
    assert parse_card_basics(format_card_basics(card)) == card
    assert len(card.card_id_code) == 32
    assert card.issue_date is not None and card.expiry is not None
    assert card.issue_date < TODAY < card.expiry


# --- the simulated reader ---------------------------------------------------------------


async def test_simulated_reader_rotates_over_persons_with_a_card() -> None:
    reader = SimulatedSocialCardReader(today=lambda: TODAY)
    numbers = [(await reader.read()).ssn for _ in range(len(reader.persons))]
    with_cards = [p.id_number for p in featured_persons() if p.card_no]
    assert numbers == with_cards


async def test_simulated_third_generation_card_reads_online() -> None:
    person = featured_persons()[1]
    reader = SimulatedSocialCardReader(today=lambda: TODAY)
    reader.present(person, generation=3)
    basic = await reader.read()
    assert basic.third_generation and basic.needs_online_lookup
    full = await reader.read_online()
    assert (full.ssn, full.name) == (person.id_number, person.name)
    assert full.card_no == basic.card_no


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("no_card", ReaderFailure.NO_CARD),
        ("read_error", ReaderFailure.READ_ERROR),
        ("not_connected", ReaderFailure.NOT_CONNECTED),
    ],
)
async def test_simulated_failures_hit_the_next_read_only(
    failure: str, expected: ReaderFailure
) -> None:
    reader = SimulatedSocialCardReader(today=lambda: TODAY, rotate=False)
    reader.present(featured_persons()[0])
    reader.fail_next(failure)
    with pytest.raises(ReaderError) as caught:
        await reader.read()
    assert caught.value.failure is expected
    assert (await reader.read()).name == featured_persons()[0].name


async def test_simulated_expired_card_and_failed_online_step() -> None:
    reader = SimulatedSocialCardReader(today=lambda: TODAY, rotate=False)
    reader.present(featured_persons()[0])
    reader.fail_next("expired")
    card = await reader.read()
    assert card.expired(TODAY)
    reader.present(featured_persons()[1], generation=3)
    reader.fail_next("online_failed")
    assert (await reader.read()).needs_online_lookup  # the basic read still works
    with pytest.raises(ReaderError) as caught:
        await reader.read_online()
    assert caught.value.failure is ReaderFailure.ONLINE_FAILED
    reader.remove()
    with pytest.raises(ReaderError) as no_card:
        await reader.read()
    assert no_card.value.failure is ReaderFailure.NO_CARD


async def test_reader_kind_none_says_there_is_no_reader() -> None:
    reader = open_social_card_reader("none")
    with pytest.raises(ReaderError) as caught:
        await reader.read()
    assert caught.value.failure is ReaderFailure.NOT_CONFIGURED


# --- SSCardDriver through ctypes ------------------------------------------------------------


@pytest.fixture(scope="module")
def sscard_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_library("fake_sscard.c", tmp_path_factory.mktemp("sscard"), "libsscard.so")


@pytest.fixture
def sscard(sscard_library: Path) -> Iterator[ctypes.CDLL]:
    lib = ctypes.CDLL(str(sscard_library))
    lib.fake_sscard_set(ctypes.c_long(0), 2)
    yield lib
    lib.fake_sscard_set(ctypes.c_long(0), 2)


async def test_dll_reads_a_second_generation_card(
    sscard_library: Path, sscard: ctypes.CDLL
) -> None:
    reader = SSCardDllReader(sscard_library)
    try:
        card = await reader.read()
    finally:
        await reader.aclose()
    assert (card.ssn, card.name, card.card_no) == ("330102198506150315", "张伟", "A00000101")
    assert card.version == "2.00" and not card.needs_online_lookup


async def test_dll_third_generation_online_two_step(
    sscard_library: Path, sscard: ctypes.CDLL
) -> None:
    sscard.fake_sscard_set(ctypes.c_long(0), 3)
    asked: list[str] = []

    async def hsm(step1: str) -> str:
        asked.append(step1)
        return "HSM-OK"

    reader = SSCardDllReader(sscard_library, hsm=hsm)
    try:
        basic = await reader.read()
        assert basic.needs_online_lookup
        full = await reader.read_online()
    finally:
        await reader.aclose()
    assert asked == ["STEP1|C30000201|9F1A2B3C4D5E6F70"]
    assert (full.ssn, full.name) == ("330106195803080220", "李秀英")


async def test_dll_online_step_without_hsm_or_with_a_refusal(
    sscard_library: Path, sscard: ctypes.CDLL
) -> None:
    sscard.fake_sscard_set(ctypes.c_long(0), 3)

    async def wrong_key(_step1: str) -> str:
        return "NOT-THE-KEY"

    without = SSCardDllReader(sscard_library)
    refused = SSCardDllReader(sscard_library, hsm=wrong_key)
    try:
        with pytest.raises(ReaderError) as caught:
            await without.read_online()
        assert caught.value.failure is ReaderFailure.ONLINE_FAILED
        assert "身份证或电子社保卡" in caught.value.message
        with pytest.raises(ReaderError) as step2:
            await refused.read_online()
        assert step2.value.code == -25
    finally:
        await without.aclose()
        await refused.aclose()


async def test_dll_return_codes(sscard_library: Path, sscard: ctypes.CDLL) -> None:
    reader = SSCardDllReader(sscard_library)
    try:
        sscard.fake_sscard_set(ctypes.c_long(-2), 2)
        with pytest.raises(ReaderError) as no_card:
            await reader.read()
        sscard.fake_sscard_set(ctypes.c_long(-11), 2)
        with pytest.raises(ReaderError) as unplugged:
            await reader.read()
    finally:
        await reader.aclose()
    assert no_card.value.failure is ReaderFailure.NO_CARD
    assert unplugged.value.failure is ReaderFailure.NOT_CONNECTED
