"""The scripted reader source and evaluator: the run's citizen at the window.

:class:`ScenarioProps` owns an ID-card reader, a 社保卡 reader and an evaluator that
implement the core's ports (:mod:`counter.readers`, :mod:`counter.evaluations`). While a
run has a citizen at the window they present that citizen's cards and answer with that
citizen's scripted rating; otherwise they delegate to the fallbacks (the simulated drivers
of training mode), so the rest of the client cannot tell the difference.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from counter.bureau.cases import RatingLevel
from counter.evaluations import EvaluationAnswer, EvaluationPrompt, Evaluator
from counter.identity import InvalidIdentity, parse
from counter.readers import (
    IdCardData,
    IdCardReader,
    ReaderError,
    ReaderFailure,
    SocialCardData,
    SocialCardReader,
)
from counter.scenarios.model import CardKind, Citizen
from counter.training.persons import SyntheticPerson, generate_persons

__all__ = ["ScenarioProps", "id_card_of", "person_of", "social_card_of"]

_REGION_NAMES = {
    "3301": "浙江省杭州市",
    "3302": "浙江省宁波市",
    "3303": "浙江省温州市",
    "3304": "浙江省嘉兴市",
    "3305": "浙江省湖州市",
    "3306": "浙江省绍兴市",
    "3307": "浙江省金华市",
    "3308": "浙江省衢州市",
    "3309": "浙江省舟山市",
    "3310": "浙江省台州市",
    "3311": "浙江省丽水市",
}


@cache
def _people() -> dict[str, SyntheticPerson]:
    return {p.id_number: p for p in generate_persons()}


def person_of(id_number: str) -> SyntheticPerson:
    return _people()[id_number]


def id_card_of(person: SyntheticPerson) -> IdCardData:
    """The ID card the person carries (valid; 长期 from 46 as the law has it)."""
    try:
        kind = parse(person.id_number).kind
    except InvalidIdentity:  # pragma: no cover - seeded numbers are valid
        raise ReaderError(ReaderFailure.READ_ERROR) from None
    place = _REGION_NAMES.get(person.id_number[:4], "浙江省杭州市")
    return IdCardData(
        kind=kind,
        name=person.name,
        sex=person.sex,
        id_number=person.id_number,
        birth=person.birth_date,
        ethnicity="汉",
        address=f"{place}人民路{int(person.id_number[14:17]) % 300 + 1}号",
        issuer=f"{place[3:]}公安局",
        valid_from=date(2021, 3, 1),
        valid_to=None if person.birth_date.year < 1975 else date(2041, 3, 1),
    )


def social_card_of(person: SyntheticPerson) -> SocialCardData:
    if not person.card_no:
        raise ReaderError(ReaderFailure.NO_CARD, "该群众没有社保卡。")
    return SocialCardData(
        region=person.id_number[:6],
        ssn=person.id_number,
        card_no=person.card_no,
        card_id_code=(person.id_number[:6] + "D156000005" + person.card_no).ljust(32, "0")[:32],
        name=person.name,
        version="2.00",
        issue_date=date(2019, 6, 1),
        expiry=date(2029, 6, 1),
    )


class _IdReader:
    def __init__(self, props: ScenarioProps) -> None:
        self._props = props

    async def read(self) -> IdCardData:
        citizen = self._props.citizen
        if citizen is None:
            if self._props.fallback_id is not None:
                return await self._props.fallback_id.read()
            raise ReaderError(ReaderFailure.NO_CARD)
        if CardKind.ID_CARD not in citizen.cards:
            raise ReaderError(ReaderFailure.NO_CARD, "未放卡：该群众没有出示身份证。")
        self._props.reads += 1
        return id_card_of(person_of(citizen.resolved_id))

    async def aclose(self) -> None:
        if self._props.fallback_id is not None:
            await self._props.fallback_id.aclose()


class _SocialReader:
    def __init__(self, props: ScenarioProps) -> None:
        self._props = props

    async def _card(self) -> SocialCardData:
        citizen = self._props.citizen
        if CardKind.SOCIAL_CARD not in (citizen.cards if citizen else ()):
            raise ReaderError(ReaderFailure.NO_CARD, "未放卡：该群众没有出示社保卡。")
        assert citizen is not None
        self._props.reads += 1
        return social_card_of(person_of(citizen.resolved_id))

    async def read(self) -> SocialCardData:
        if self._props.citizen is None and self._props.fallback_social is not None:
            return await self._props.fallback_social.read()
        return await self._card()

    async def read_online(self) -> SocialCardData:
        if self._props.citizen is None and self._props.fallback_social is not None:
            return await self._props.fallback_social.read_online()
        return await self._card()

    async def aclose(self) -> None:
        if self._props.fallback_social is not None:
            await self._props.fallback_social.aclose()


class _Evaluator:
    def __init__(self, props: ScenarioProps) -> None:
        self._props = props

    async def ask(self, prompt: EvaluationPrompt) -> EvaluationAnswer:
        citizen = self._props.citizen
        if citizen is None:
            if self._props.fallback_evaluator is not None:
                return await self._props.fallback_evaluator.ask(prompt)
            return EvaluationAnswer(RatingLevel.NONE)
        self._props.prompts.append(prompt)
        return EvaluationAnswer(citizen.rating, citizen.rating_tags, citizen.rating_text)


class ScenarioProps:
    """The devices a scenario run plays; wire ``id_reader``, ``social_reader``, ``evaluator``."""

    def __init__(
        self,
        fallback_id: IdCardReader | None = None,
        fallback_social: SocialCardReader | None = None,
        fallback_evaluator: Evaluator | None = None,
    ) -> None:
        self.fallback_id = fallback_id
        self.fallback_social = fallback_social
        self.fallback_evaluator = fallback_evaluator
        self.citizen: Citizen | None = None
        self.reads = 0
        self.prompts: list[EvaluationPrompt] = []
        self.id_reader: IdCardReader = _IdReader(self)
        self.social_reader: SocialCardReader = _SocialReader(self)
        self.evaluator: Evaluator = _Evaluator(self)

    def present(self, citizen: Citizen | None) -> None:
        """Put *citizen* at the window (None: nobody; the fallbacks answer)."""
        self.citizen = citizen
