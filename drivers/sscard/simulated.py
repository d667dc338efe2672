"""The training 社保卡 reader: seeded persons' cards, second or third generation, on demand.

Like the ID-card simulator: `present(person, generation=2|3)`, `remove()`, and
`fail_next("no_card" | "read_error" | "not_connected" | "expired" | "online_failed")`.
Its answers go through the same `iReadCardBas` text and parser as a real reader's, and a
third-generation card answers without number and name until `read_online()`.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from counter.readers import ReaderError, ReaderFailure, SocialCardData
from counter.training.persons import SyntheticPerson, featured_persons
from drivers.sscard.basics import format_card_basics, parse_card_basics, reader_error

__all__ = ["SimulatedSocialCardReader", "social_card_for"]

_ATR = "3B6D000080318065B0872701BC83089000"
_CARD_YEARS = 10


def social_card_for(
    person: SyntheticPerson, today: date, *, generation: int = 2, expired: bool = False
) -> SocialCardData:
    """The full data of `person`'s 社保卡 (as after an online read for a third-generation card)."""
    if not person.card_no:
        raise ValueError("this person has no card")
    digest = hashlib.sha256(person.card_no.encode()).hexdigest().upper()
    region = person.id_number[:4] + "00"
    card_id = f"{region}D156{generation}0000{digest[:17]}"  # 32 characters
    if expired:
        expiry = today - timedelta(days=45)
    else:
        expiry = today + timedelta(days=365 + int(digest[17:21], 16) % (6 * 365))
    issued = expiry - timedelta(days=round(365.25 * _CARD_YEARS))
    return SocialCardData(
        region=region,
        ssn=person.id_number,
        card_no=person.card_no,
        card_id_code=card_id,
        name=person.name,
        atr=_ATR,
        version=f"{generation}.00",
        issue_date=issued,
        expiry=expiry,
        terminal_no="TRAINING01",
        device_no="SIM-SSCARD",
    )


@dataclass(frozen=True)
class _Presented:
    person: SyntheticPerson
    generation: int


class SimulatedSocialCardReader:
    """A `SocialCardReader` for training and tests."""

    def __init__(
        self,
        persons: Sequence[SyntheticPerson] | None = None,
        *,
        delay_s: float = 0.0,
        rotate: bool = True,
        today: Callable[[], date] = date.today,
    ) -> None:
        people = list(persons) if persons is not None else featured_persons()
        self.persons = [p for p in people if p.card_no]
        self.delay_s = delay_s
        self.rotate = rotate
        self.today = today
        self.reads = 0
        self._card: _Presented | None = None
        self._failures: list[ReaderFailure] = []
        self._next = 0
        self._last: _Presented | None = None
        self._last_expired = False

    def present(self, person: SyntheticPerson, *, generation: int = 2) -> None:
        if not person.card_no:
            raise ValueError("this person has no card")
        self._card = _Presented(person, generation)

    def remove(self) -> None:
        self._card = None

    def fail_next(self, failure: ReaderFailure | str) -> None:
        self._failures.append(ReaderFailure(failure))

    async def read(self) -> SocialCardData:
        self.reads += 1
        await self._wait()
        failure = self._take_failure(online=False)
        card = self._card
        if card is None:
            if not self.rotate or not self.persons:
                raise reader_error(-2)
            card = _Presented(self.persons[self._next % len(self.persons)], 2)
            self._next += 1
        self._last = card
        self._last_expired = failure is ReaderFailure.EXPIRED
        data = social_card_for(
            card.person, self.today(), generation=card.generation, expired=self._last_expired
        )
        if card.generation >= 3:  # number and name only after the online two-step
            data = replace(data, ssn="", name="")
        return parse_card_basics(format_card_basics(data))

    async def read_online(self) -> SocialCardData:
        await self._wait()
        self._take_failure(online=True)
        if self._last is None:
            raise reader_error(-2)
        data = social_card_for(
            self._last.person,
            self.today(),
            generation=self._last.generation,
            expired=self._last_expired,
        )
        return parse_card_basics(format_card_basics(data))

    async def aclose(self) -> None:
        return None

    async def _wait(self) -> None:
        if self.delay_s:
            await asyncio.sleep(self.delay_s)

    def _take_failure(self, *, online: bool) -> ReaderFailure | None:
        """Pop the queued failure meant for this step; raise it, or return EXPIRED.

        `online_failed` waits for the online step; everything else hits the basic read.
        """
        if not self._failures or (self._failures[0] is ReaderFailure.ONLINE_FAILED) != online:
            return None
        failure = self._failures.pop(0)
        if failure is ReaderFailure.EXPIRED:
            return failure
        if failure is ReaderFailure.NO_CARD:
            raise reader_error(-2)
        if failure is ReaderFailure.NOT_CONNECTED:
            raise reader_error(-11)
        raise ReaderError(failure)
