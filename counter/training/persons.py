"""Synthetic insured persons for the training platform, and the bureau-side masking.

Everything here is deterministic: the same seed gives the same people, so classroom
exercises and tests can name them. Identifiers are valid 18-digit 公民身份号码 (GB
11643-1999) from Zhejiang region codes; the 17th digit agrees with the sex.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from counter.bureau.models import CardStatus, InsuranceStatus
from counter.identity import InvalidIdentity, id_check_char, parse

DEFAULT_SEED = 20_260_101
DEFAULT_COUNT = 3000
# Ages are counted at this fixed date so the data set never changes with the calendar.
REFERENCE_DATE = date(2026, 1, 1)
MIN_AGE = 16
MAX_AGE = 95

REGION_CODES = (
    "330102",  # 杭州上城
    "330106",  # 杭州西湖
    "330108",  # 杭州滨江
    "330110",  # 杭州余杭
    "330205",  # 宁波江北
    "330302",  # 温州鹿城
    "330402",  # 嘉兴南湖
    "330501",  # 湖州市辖区
    "330602",  # 绍兴越城
    "330702",  # 金华婺城
    "330802",  # 衢州柯城
    "330902",  # 舟山定海
    "331002",  # 台州椒江
    "331102",  # 丽水莲都
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤楼应鲍俞裘翁屠"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "令狐", "司徒")
MALE_GIVEN = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰建国文志海东亮成博晨阳昊天"
    "然轩睿泽宏兴德福荣祥瑞卫忠庆春振家栋"
)
FEMALE_GIVEN = (
    "芳娜敏静丽艳娟霞秀燕玲桂英慧婷雪琳晶颖倩洁佳怡欣悦梦萍红玉兰梅琴云莉婧璐瑶涵诗雨彤薇"
    "凤珍翠月婉嘉宁清淑惠"
)

EMPLOYEE_PENSION = "企业职工基本养老保险"
RESIDENT_PENSION = "城乡居民基本养老保险"
EMPLOYEE_MEDICAL = "职工基本医疗保险"
RESIDENT_MEDICAL = "城乡居民基本医疗保险"
UNEMPLOYMENT = "失业保险"
WORK_INJURY = "工伤保险"

_CARD_STATUSES = (
    (CardStatus.NORMAL, 84),
    (CardStatus.TEMP_LOST, 4),
    (CardStatus.FORMAL_LOST, 3),
    (CardStatus.LOCKED, 4),
    (CardStatus.NONE, 5),
)
_MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "170 176 177 180 181 182 183 185 186 187 188 189 198 199"
).split()


@dataclass(frozen=True)
class SyntheticPerson:
    id_number: str
    name: str
    sex: str  # 男 | 女
    birth_date: date
    insurances: list[dict[str, Any]] = field(default_factory=list)
    card_status: str = CardStatus.NORMAL.value
    card_no: str = ""
    mobile: str = ""
    note: str = ""  # why a featured person is interesting (training exercises)

    def as_row(self) -> dict[str, Any]:
        return {
            "id_number": self.id_number,
            "name": self.name,
            "sex": self.sex,
            "birth_date": self.birth_date,
            "insurances": self.insurances,
            "card_status": self.card_status,
            "card_no": self.card_no,
            "mobile": self.mobile,
        }


# --- identifiers -----------------------------------------------------------------------------


def make_id_number(region: str, birth: date, sequence: int) -> str:
    """An 18-digit number from region code, birth date and 3-digit sequence (odd = male)."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def parse_id_number(value: str, *, today: date | None = None) -> str | None:
    """The normalised number (counter.identity rules), or None when it is not valid."""
    try:
        return parse(value, today=today).number
    except InvalidIdentity:
        return None


def sex_of(id_number: str) -> str:
    return "男" if int(id_number[16]) % 2 == 1 else "女"


# --- generation ---------------------------------------------------------------------------


def generate_persons(count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> list[SyntheticPerson]:
    """`count` distinct persons: the featured ones first, then random ones."""
    rng = random.Random(seed)
    people = featured_persons()
    seen = {p.id_number for p in people}
    card_numbers = {p.card_no for p in people if p.card_no}
    while len(people) < count:
        person = _random_person(rng, card_numbers)
        if person.id_number not in seen:
            seen.add(person.id_number)
            people.append(person)
    return people[:count]


def _random_person(rng: random.Random, card_numbers: set[str]) -> SyntheticPerson:
    sex = rng.choice("男女")
    age = _random_age(rng)
    # born between (REFERENCE - (age + 1) years, REFERENCE - age years]
    latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age)
    birth = latest - timedelta(days=rng.randrange(365))
    odd = sex == "男"
    sequence = rng.randrange(100) * 10 + rng.choice((1, 3, 5, 7, 9) if odd else (0, 2, 4, 6, 8))
    id_number = make_id_number(rng.choice(REGION_CODES), birth, sequence)
    card_status = _weighted(rng, _CARD_STATUSES)
    card_no = "" if card_status is CardStatus.NONE else _card_no(rng, card_numbers)
    mobile = "" if rng.random() < (0.35 if age >= 75 else 0.05) else _mobile(rng)
    return SyntheticPerson(
        id_number=id_number,
        name=_name(rng, sex),
        sex=sex,
        birth_date=birth,
        insurances=_insurances(rng, sex, age, birth),
        card_status=card_status.value,
        card_no=card_no,
        mobile=mobile,
    )


def _random_age(rng: random.Random) -> int:
    band = rng.random()
    if band < 0.05:
        return rng.randint(MIN_AGE, 17)
    if band < 0.70:
        return rng.randint(18, 59)
    if band < 0.95:
        return rng.randint(60, 79)
    return rng.randint(80, MAX_AGE)


def _name(rng: random.Random, sex: str) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    pool = MALE_GIVEN if sex == "男" else FEMALE_GIVEN
    given_length = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(pool) for _ in range(given_length))


def _weighted(rng: random.Random, choices: tuple[tuple[CardStatus, int], ...]) -> CardStatus:
    values = [value for value, _ in choices]
    weights = [weight for _, weight in choices]
    return rng.choices(values, weights=weights)[0]


def _card_no(rng: random.Random, taken: set[str]) -> str:
    while True:
        number = rng.choice("ABCDEFGH") + f"{rng.randrange(10**8):08d}"
        if number not in taken:
            taken.add(number)
            return number


def _mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _insurances(rng: random.Random, sex: str, age: int, birth: date) -> list[dict[str, Any]]:
    def since(min_age: int = 18) -> str:
        start = max(_add_years(birth, min_age), date(1995, 1, 1))
        span = max((REFERENCE_DATE - start).days, 1)
        return (start + timedelta(days=rng.randrange(span))).isoformat()

    def entry(scheme: str, status: InsuranceStatus, since_date: str | None) -> dict[str, Any]:
        return {"scheme": scheme, "status": status.value, "since": since_date}

    if age < 18:
        return [entry(RESIDENT_MEDICAL, InsuranceStatus.INSURED, since(0))]
    retired = age >= (60 if sex == "男" else 55)
    profile = rng.random()
    if profile < 0.04:  # nobody ever enrolled them in a pension scheme
        return [
            entry(RESIDENT_PENSION, InsuranceStatus.NONE, None),
            entry(RESIDENT_MEDICAL, InsuranceStatus.INSURED, since()),
        ]
    if profile < 0.62:  # employees (企业职工)
        if retired:
            return [
                entry(EMPLOYEE_PENSION, InsuranceStatus.RECEIVING, since(55)),
                entry(EMPLOYEE_MEDICAL, InsuranceStatus.RECEIVING, since(55)),
            ]
        unemployed = rng.random() < 0.05
        paused = unemployed or rng.random() < 0.06
        status = InsuranceStatus.SUSPENDED if paused else InsuranceStatus.INSURED
        insured_since = since()
        return [
            entry(EMPLOYEE_PENSION, status, insured_since),
            entry(EMPLOYEE_MEDICAL, status, insured_since),
            entry(
                UNEMPLOYMENT,
                InsuranceStatus.RECEIVING if unemployed else status,
                insured_since,
            ),
            entry(
                WORK_INJURY,
                InsuranceStatus.TERMINATED if paused else InsuranceStatus.INSURED,
                insured_since,
            ),
        ]
    # urban and rural residents (城乡居民)
    pension_status = InsuranceStatus.RECEIVING if age >= 60 else InsuranceStatus.INSURED
    return [
        entry(RESIDENT_PENSION, pension_status, since(60) if age >= 60 else since()),
        entry(RESIDENT_MEDICAL, InsuranceStatus.INSURED, since()),
    ]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def featured_persons() -> list[SyntheticPerson]:
    """Hand-made persons with telling situations, for exercises and tests."""
    insured, suspended = InsuranceStatus.INSURED, InsuranceStatus.SUSPENDED
    receiving = InsuranceStatus.RECEIVING
    employee = (EMPLOYEE_PENSION, EMPLOYEE_MEDICAL)
    return [
        _featured(
            "330102",
            date(1985, 6, 15),
            31,
            "张伟",
            note="在职职工，社保卡正常",
            schemes=(*employee, UNEMPLOYMENT, WORK_INJURY),
            status=insured,
            since="2007-07-01",
            card=(CardStatus.NORMAL, "A00000101"),
            mobile="13800001234",
        ),
        _featured(
            "330106",
            date(1958, 3, 8),
            22,
            "李秀英",
            note="退休人员，领取养老金（资格认证）",
            schemes=employee,
            status=receiving,
            since="2013-04-01",
            card=(CardStatus.NORMAL, "A00000102"),
            mobile="13900002345",
        ),
        _featured(
            "330108",
            date(1990, 11, 2),
            46,
            "王芳",
            note="社保卡临时挂失（可解挂）",
            schemes=employee,
            status=insured,
            since="2012-08-01",
            card=(CardStatus.TEMP_LOST, "A00000103"),
            mobile="13700003456",
        ),
        _featured(
            "330205",
            date(1962, 9, 30),
            17,
            "陈建国",
            note="社保卡正式挂失（不可解挂，需补领）",
            schemes=employee,
            status=receiving,
            since="2022-10-01",
            card=(CardStatus.FORMAL_LOST, "B00000104"),
            mobile="13600004567",
        ),
        _featured(
            "330302",
            date(1995, 1, 20),
            53,
            "刘洋",
            note="社保卡密码锁定（连续6次错误）",
            schemes=employee,
            status=insured,
            since="2017-07-01",
            card=(CardStatus.LOCKED, "C00000105"),
            mobile="15800005678",
        ),
        _featured(
            "330402",
            date(2008, 5, 12),
            24,
            "欧阳晓雯",
            note="未成年人，尚未制卡（申领需监护人）",
            schemes=(RESIDENT_MEDICAL,),
            status=insured,
            since="2008-06-01",
            card=(CardStatus.NONE, ""),
            mobile="",
        ),
        _featured(
            "330602",
            date(1988, 12, 1),
            75,
            "赵磊",
            note="失业人员，正在领取失业保险金",
            schemes=employee,
            status=suspended,
            since="2010-03-01",
            extra=[(UNEMPLOYMENT, receiving, "2010-03-01")],
            card=(CardStatus.NORMAL, "D00000106"),
            mobile="18600006789",
        ),
        _featured(
            "330702",
            date(1950, 2, 14),
            38,
            "周桂兰",
            note="城乡居民养老金领取人，无手机号码",
            schemes=(RESIDENT_PENSION,),
            status=receiving,
            since="2010-03-01",
            extra=[(RESIDENT_MEDICAL, insured, "2004-01-01")],
            card=(CardStatus.NORMAL, "E00000107"),
            mobile="",
        ),
    ]


def _featured(
    region: str,
    birth: date,
    sequence: int,
    name: str,
    *,
    note: str,
    schemes: tuple[str, ...],
    status: InsuranceStatus,
    since: str,
    card: tuple[CardStatus, str],
    mobile: str,
    extra: list[tuple[str, InsuranceStatus, str]] | None = None,
) -> SyntheticPerson:
    id_number = make_id_number(region, birth, sequence)
    entries = [(scheme, status, since) for scheme in schemes] + (extra or [])
    return SyntheticPerson(
        id_number=id_number,
        name=name,
        sex=sex_of(id_number),
        birth_date=birth,
        insurances=[{"scheme": sc, "status": st.value, "since": si} for sc, st, si in entries],
        card_status=card[0].value,
        card_no=card[1],
        mobile=mobile,
        note=note,
    )
