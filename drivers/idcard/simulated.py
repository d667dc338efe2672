"""The training ID-card reader: presents seeded persons, fails on demand.

Training mode and the tests use the same reader. A trainer (or a test) puts a card on it
with `present(person)`, takes it away with `remove()`, and makes the next read go wrong
with `fail_next("no_card" | "read_error" | "not_connected" | "expired")`. With no card
presented and `rotate` on, each read presents the next featured training person, so
clicking 读身份证 in a classroom always finds somebody.

The card's printed data (address, issuing authority, validity) is derived from the person
deterministically, with the validity periods of the 居民身份证法 (5/10/20 years, 长期 from 46).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

from counter.identity import IdentityKind
from counter.readers import IdCardData, ReaderError, ReaderFailure
from counter.training.persons import SyntheticPerson, featured_persons, generate_persons

__all__ = ["SimulatedIdCardReader", "card_for", "find_training_person"]

# region code → (province+city+district as printed, issuing authority)
_REGIONS: dict[str, tuple[str, str]] = {
    "330102": ("浙江省杭州市上城区", "杭州市公安局上城分局"),
    "330106": ("浙江省杭州市西湖区", "杭州市公安局西湖分局"),
    "330108": ("浙江省杭州市滨江区", "杭州市公安局滨江分局"),
    "330110": ("浙江省杭州市余杭区", "杭州市公安局余杭分局"),
    "330205": ("浙江省宁波市江北区", "宁波市公安局江北分局"),
    "330302": ("浙江省温州市鹿城区", "温州市公安局鹿城分局"),
    "330402": ("浙江省嘉兴市南湖区", "嘉兴市公安局南湖分局"),
    "330501": ("浙江省湖州市吴兴区", "湖州市公安局吴兴分局"),
    "330602": ("浙江省绍兴市越城区", "绍兴市公安局越城分局"),
    "330702": ("浙江省金华市婺城区", "金华市公安局婺城分局"),
    "330802": ("浙江省衢州市柯城区", "衢州市公安局柯城分局"),
    "330902": ("浙江省舟山市定海区", "舟山市公安局定海分局"),
    "331002": ("浙江省台州市椒江区", "台州市公安局椒江分局"),
    "331102": ("浙江省丽水市莲都区", "丽水市公安局莲都分局"),
}
_STREETS = ("城关街道", "湖滨街道", "南星街道", "东新街道", "新华街道", "朝晖街道")
_ROADS = ("人民路", "解放路", "中山路", "建设路", "文化路", "和平路", "延安路", "环城东路")
_ETHNICITIES = ("汉",) * 18 + ("回", "畲")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _validity_years(age_at_issue: int) -> int | None:
    """居民身份证法 art. 5: under 16 → 5 years, 16–25 → 10, 26–45 → 20, 46 and over → 长期."""
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def card_for(person: SyntheticPerson, today: date, *, expired: bool = False) -> IdCardData:
    """The ID card `person` carries: valid today, or (with `expired`) expired a while ago."""
    rng = random.Random(person.id_number)
    place, issuer = _REGIONS.get(
        person.id_number[:6], ("浙江省杭州市上城区", "杭州市公安局上城分局")
    )
    address = (
        f"{place}{rng.choice(_STREETS)}{rng.choice(_ROADS)}{rng.randint(1, 399)}号"
        f"{rng.randint(1, 30)}幢{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
    )
    valid_to: date | None
    if expired:
        valid_to = today - timedelta(days=rng.randint(20, 400))
        period = _validity_years(max(_age(person.birth_date, valid_to) - 10, 0)) or 20
        valid_from = _add_years(valid_to, -period)
    else:  # issued within the last four years: even a child's 5-year card is still valid
        valid_from = max(
            today - timedelta(days=rng.randint(0, 4 * 365)),
            person.birth_date + timedelta(days=30),
        )
        years = _validity_years(_age(person.birth_date, valid_from))
        valid_to = None if years is None else _add_years(valid_from, years)
    return IdCardData(
        kind=IdentityKind.RESIDENT,
        name=person.name,
        sex=person.sex,
        id_number=person.id_number,
        birth=person.birth_date,
        ethnicity=rng.choice(_ETHNICITIES),
        address=address,
        issuer=issuer,
        valid_from=valid_from,
        valid_to=valid_to,
    )


@cache
def _training_persons() -> dict[str, SyntheticPerson]:
    return {p.id_number: p for p in generate_persons()}


def find_training_person(id_number: str) -> SyntheticPerson | None:
    """A person of the standard training data set (the platform's seed), by number."""
    return _training_persons().get(id_number.strip().upper())


class SimulatedIdCardReader:
    """An `IdCardReader` for training and tests (see the module docstring)."""

    def __init__(
        self,
        persons: Sequence[SyntheticPerson] | None = None,
        *,
        delay_s: float = 0.0,
        rotate: bool = True,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.persons = list(persons) if persons is not None else featured_persons()
        self.delay_s = delay_s
        self.rotate = rotate
        self.today = today
        self.reads = 0
        self._card: IdCardData | SyntheticPerson | None = None
        self._failures: list[ReaderFailure] = []
        self._next = 0

    # --- what the trainer does ------------------------------------------------------------

    def present(self, card: SyntheticPerson | IdCardData | str) -> None:
        """Put a card on the reader: a person, ready card data, or a training ID number."""
        if isinstance(card, str):
            person = find_training_person(card)
            if person is None:
                raise KeyError("not a training person")
            card = person
        self._card = card

    def remove(self) -> None:
        """Take the card away: reads say 未放卡 (unless `rotate` presents the next person)."""
        self._card = None

    def fail_next(self, failure: ReaderFailure | str) -> None:
        """Make the next read fail: no_card, read_error, not_connected, or expired card."""
        self._failures.append(ReaderFailure(failure))

    # --- IdCardReader --------------------------------------------------------------------

    async def read(self) -> IdCardData:
        self.reads += 1
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        failure = self._failures.pop(0) if self._failures else None
        if failure is not None and failure is not ReaderFailure.EXPIRED:
            raise ReaderError(failure)
        card = self._card
        if card is None:
            if not self.rotate or not self.persons:
                raise ReaderError(ReaderFailure.NO_CARD)
            card = self.persons[self._next % len(self.persons)]
            self._next += 1
        today = self.today()
        expired = failure is ReaderFailure.EXPIRED
        if isinstance(card, IdCardData):
            if expired:
                return _expire(card, today)
            return card
        return card_for(card, today, expired=expired)

    async def aclose(self) -> None:
        return None


def _expire(card: IdCardData, today: date) -> IdCardData:
    valid_to = today - timedelta(days=30)
    return replace(card, valid_to=valid_to, valid_from=_add_years(valid_to, -10))
