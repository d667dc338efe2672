"""The training ID-card reader: seeded persons, validity periods, failures on demand."""

from __future__ import annotations

from datetime import date

import pytest

from counter.identity import parse
from counter.readers import IdCardReader, ReaderError, ReaderFailure
from counter.training.persons import featured_persons
from drivers.idcard import (
    SimulatedIdCardReader,
    card_for,
    find_training_person,
    open_id_card_reader,
)

TODAY = date(2026, 3, 1)


def test_card_of_a_seeded_person_is_valid_and_consistent() -> None:
    for person in featured_persons():
        card = card_for(person, TODAY)
        identity = parse(card.id_number, today=TODAY)
        assert identity.birth_date == card.birth == person.birth_date
        assert identity.sex == card.sex
        assert card.address.startswith("浙江省") and card.issuer.endswith("分局")
        assert not card.expired(TODAY)
        assert card.valid_from is not None and card.valid_from <= TODAY
        assert card == card_for(person, TODAY)  # deterministic


def test_validity_follows_the_age_at_issue() -> None:
    old = next(p for p in featured_persons() if p.birth_date.year < 1960)
    assert card_for(old, TODAY).valid_to is None  # 长期 from 46
    child = next(p for p in featured_persons() if p.birth_date.year >= 2008)
    card = card_for(child, TODAY)
    assert card.valid_to is not None and card.valid_from is not None
    assert card.valid_to.year - card.valid_from.year in (5, 10)


def test_expired_card() -> None:
    card = card_for(featured_persons()[0], TODAY, expired=True)
    assert card.expired(TODAY)


async def test_rotates_over_featured_persons_until_a_card_is_presented() -> None:
    reader = SimulatedIdCardReader(today=lambda: TODAY)
    assert isinstance(reader, IdCardReader)
    first, second = await reader.read(), await reader.read()
    assert [first.name, second.name] == [p.name for p in featured_persons()[:2]]
    person = featured_persons()[4]
    reader.present(person)
    assert (await reader.read()).id_number == person.id_number
    assert (await reader.read()).id_number == person.id_number  # the card stays on the reader


async def test_present_by_training_number_and_remove() -> None:
    reader = SimulatedIdCardReader(rotate=False, today=lambda: TODAY)
    with pytest.raises(ReaderError) as empty:
        await reader.read()
    assert empty.value.failure is ReaderFailure.NO_CARD and "未放卡" in empty.value.message
    number = featured_persons()[2].id_number
    assert find_training_person(number.lower()) is not None
    reader.present(number)
    assert (await reader.read()).id_number == number
    reader.remove()
    with pytest.raises(ReaderError):
        await reader.read()
    with pytest.raises(KeyError):
        reader.present("110105194912310029")


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        ("no_card", "未放卡"),
        ("read_error", "读卡失败"),
        ("not_connected", "读卡器未连接"),
    ],
)
async def test_fail_next_fails_one_read(failure: str, words: str) -> None:
    reader = SimulatedIdCardReader(today=lambda: TODAY)
    reader.present(featured_persons()[0])
    reader.fail_next(failure)
    with pytest.raises(ReaderError) as caught:
        await reader.read()
    assert caught.value.failure is ReaderFailure(failure)
    assert words in caught.value.message
    assert (await reader.read()).name == featured_persons()[0].name


async def test_fail_next_expired_presents_an_expired_card() -> None:
    reader = SimulatedIdCardReader(today=lambda: TODAY)
    ready = card_for(featured_persons()[3], TODAY)
    reader.present(ready)
    reader.fail_next(ReaderFailure.EXPIRED)
    assert (await reader.read()).expired(TODAY)
    assert not (await reader.read()).expired(TODAY)


async def test_factory_kinds() -> None:
    assert isinstance(open_id_card_reader("simulated"), SimulatedIdCardReader)
    none = open_id_card_reader("none")
    with pytest.raises(ReaderError) as caught:
        await none.read()
    assert caught.value.failure is ReaderFailure.NOT_CONFIGURED
    with pytest.raises(ValueError, match="unknown reader kind"):
        open_id_card_reader("magic")
