"""Scoring, loading and keeping assessments — without a platform (fast)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import counter.case_store
import counter.queue.store
import counter.scenarios.store
import counter.supervision_store  # noqa: F401 - every table of the schema
from counter.bureau.models import Outlet
from counter.scenarios.assessment import Assessment
from counter.scenarios.inputs import InputCounter, InputCounts
from counter.scenarios.loader import (
    ScenarioError,
    catalogue_item,
    default_directory,
    load_library,
    load_scenario,
)
from counter.scenarios.model import Scenario
from counter.scenarios.run import TraineeRef
from counter.scenarios.scoring import (
    CaseFact,
    CitizenFacts,
    MistakeCode,
    default_norm_s,
    score_scenario,
)
from counter.scenarios.store import AssessmentStore
from counter.storage.db import open_database
from counter.storage.executor import DbExecutor
from counter.storage.models import Base

T0 = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


def scenario(name: str) -> Scenario:
    return load_scenario(default_directory() / f"{name}.toml")


def served(key: str, minutes: float = 2, **facts: object) -> CitizenFacts:
    fact = CitizenFacts(key, called_at=T0, ended_at=T0 + timedelta(minutes=minutes))
    for name, value in facts.items():
        setattr(fact, name, value)
    return fact


def case(item: str, status: str | None = "completed", *, offline: bool = False) -> CaseFact:
    return CaseFact(
        case_id=f"case-{item}",
        item_code=item,
        offline=offline,
        checker=None,
        platform_status=status,
    )


def score(s: Scenario, facts: dict[str, CitizenFacts], mark: int = 80):  # type: ignore[no-untyped-def]
    items = {c.item: catalogue_item(c.item) for c in s.citizen}
    return score_scenario(s, facts, items, pass_mark=mark, started_at=T0, ended_at=T0)


# --- scoring ----------------------------------------------------------------------------------


def test_a_clean_accepted_case_scores_100() -> None:
    s = scenario("s01-card-status")
    result = score(s, {"c1": served("c1", identify_methods=["idcard"],
                                    cases=[case("SB08046")], evaluations=["满意"])})  # fmt: skip
    assert result.score == 100 and result.passed
    assert result.citizens[0].correct
    assert "读身份证" in result.citizens[0].happened


def test_each_rule_break_costs_points_and_is_explained() -> None:
    s = scenario("s01-card-status")
    fact = served(
        "c1",
        minutes=11,  # norm 5 min: more than twice
        identify_methods=["manual"],
        manual_reasons=["读卡器故障"],
        unmasks=2,
        cases=[case("SB08046")],
        inputs=InputCounts(keys=400, clicks=20),
    )
    result = score(s, {"c1": fact})
    codes = {m.code: m for m in result.mistakes}
    assert set(codes) == {
        MistakeCode.MANUAL_WITHOUT_REASON,
        MistakeCode.UNMASK_WITHOUT_NEED,
        MistakeCode.EVALUATION_MISSING,
        MistakeCode.OVER_TIME,
        MistakeCode.TOO_MANY_INPUTS,
    }
    assert codes[MistakeCode.OVER_TIME].points == 10
    assert "读卡器故障" in codes[MistakeCode.MANUAL_WITHOUT_REASON].explanation
    assert "2 次" in codes[MistakeCode.UNMASK_WITHOUT_NEED].explanation
    assert result.score == 100 - 15 - 10 - 5 - 10 - 5
    assert not result.passed and not result.critical


def test_a_little_over_the_norm_costs_five() -> None:
    s = scenario("s01-card-status")
    norm = default_norm_s(s.citizen[0], catalogue_item("SB08046"))
    fact = served("c1", minutes=norm / 60 * 1.5, identify_methods=["idcard"],
                  cases=[case("SB08046")], evaluations=["满意"])  # fmt: skip
    result = score(s, {"c1": fact})
    assert [(m.code, m.points) for m in result.mistakes] == [(MistakeCode.OVER_TIME, 5)]
    assert result.passed  # 95 ≥ 80 and nothing critical


def test_a_wrong_outcome_is_critical_whatever_the_score() -> None:
    s = scenario("s06-unblock-formal-loss")
    fact = served("c1", identify_methods=["idcard"], cases=[case("SB08049", "rejected")])
    result = score(s, {"c1": fact}, mark=0)
    assert result.mistake_codes == {"accepted_refusable"}
    assert result.critical and not result.passed


def test_review_notice_reprint_and_not_served() -> None:
    review = score(scenario("s05-review-pension-account"),
                   {"c1": served("c1", cases=[case("SB02010")], evaluations=["满意"])})  # fmt: skip
    assert review.mistake_codes == {"missing_review"}
    ok = score(scenario("s05-review-pension-account"),
               {"c1": served("c1", cases=[case("SB02010")], reviews=["self_review", "ok"],
                             evaluations=["满意"])})  # fmt: skip
    assert ok.mistake_codes == {"self_review"}
    notice = score(scenario("s07-missing-material"), {"c1": served("c1")})
    assert notice.mistake_codes == {"notice_missing"}
    assert "一次性告知单" in notice.mistakes[0].explanation
    noticed = score(scenario("s07-missing-material"), {"c1": served("c1", notices=["SB06034"])})
    assert noticed.passed
    s12 = scenario("s12-reprint")
    first = served("c1", cases=[case("SB04017")], evaluations=["满意"])
    reprinted = score(s12, {"c1": first, "c2": served("c2", reprints=["case-SB04017"])})
    assert reprinted.passed
    missed = score(s12, {"c1": first, "c2": served("c2")})
    assert missed.mistake_codes == {"reprint_missing"}
    nobody = score(s12, {})
    assert nobody.mistake_codes == {"not_served"} and len(nobody.mistakes) == 2


def test_priority_skipped_and_wrong_item() -> None:
    s = scenario("s11-priority")
    facts = {c.key: served(c.key, cases=[case(c.item)], evaluations=["满意"]) for c in s.citizen}
    facts["c4"].skipped_for = ["S002"]
    assert score(s, facts).mistake_codes == {"priority_skipped"}
    facts["c4"].skipped_for = []
    facts["c2"].cases = [case("SB08047")]
    assert score(s, facts).mistake_codes == {"wrong_item"}


def test_an_offline_case_not_yet_uploaded_counts_as_accepted() -> None:
    s = scenario("s08-outage-offline-ok")
    fact = served("c1", cases=[case("SB09060", None, offline=True)], evaluations=["满意"])
    assert score(s, {"c1": fact}).passed


def test_input_counter() -> None:
    counter = InputCounter()
    counter.key(3)
    counter.click()
    before = counter.snapshot()
    counter.key()
    assert counter.snapshot() - before == InputCounts(1, 0)
    assert counter.snapshot().total == 5


# --- loading --------------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "x.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
id = "x1"
title = "测试情景"
[[citizen]]
key = "c1"
person = 0
says = "你好"
item = "SB08046"
[citizen.expect]
outcome = "accept"
reason = "可以办理"
"""


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (('item = "SB08046"', 'item = "SB99999"'), "citizen[0].item", "办事目录中没有事项"),
        (('outcome = "accept"', 'outcome = "maybe"'), "citizen[0].expect.outcome", "取值不对"),
        (("person = 0", "person = 99999"), "citizen[0].person", "种子人员只有"),
        (("person = 0", 'id_number = "110101199003070000"'), "citizen[0].id_number", "没有此人"),
        (('says = "你好"', 'says = "你好"\nmood = 1'), "citizen[0].mood", "不认识的字段"),
        (('key = "c1"', 'key = "C 1"'), "citizen[0].key", "小写字母"),
        (('id = "x1"', 'id = "X 1"'), "id", "连字符"),
        (('title = "测试情景"', ""), "title", "缺少必填项"),
        (
            ('item = "SB08046"', 'item = "SB08046"\nmaterials = ["户口簿"]'),
            "citizen[0].materials",
            "不是",
        ),
        (
            ('item = "SB08046"', 'item = "SB08046"\narrive = "after_call:c9"'),
            "citizen[0].arrive",
            "排在前面",
        ),
    ],
)
def test_bad_files_are_named_in_chinese(
    tmp_path: Path, change: tuple[str, str], field: str, words: str
) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.field == field
    assert words in caught.value.message
    assert str(caught.value).startswith(f"x.toml：{field}：")


def test_broken_toml_and_unknown_mistake_codes(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="TOML 格式错误"):
        load_scenario(write(tmp_path, 'id = "x1'))
    bad = GOOD + '\n[careless]\nexpect_mistakes = ["sloppy"]\n'
    with pytest.raises(ScenarioError, match="不是已知的差错代码"):
        load_scenario(write(tmp_path, bad))


def test_the_library_and_its_pass_marks(tmp_path: Path) -> None:
    library = load_library()
    assert library.pass_mark("weekly") == 85
    assert library.pass_mark(None) == 80
    assert [s.id for s in library.in_set("rural")] == ["s04-outlet-category"]
    write(tmp_path, GOOD)
    write(tmp_path, '[[set]]\nid = "a"\ntitle = "甲"\nscenarios = ["nope"]\n', "sets.toml")
    with pytest.raises(ScenarioError, match="没有情景“nope”"):
        load_library(tmp_path)


# --- keeping assessments --------------------------------------------------------------------


def test_the_migration_creates_the_assessment_table(tmp_path: Path) -> None:
    db = open_database(tmp_path / "counter.sqlite3")
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert "training_assessments" in Base.metadata.tables
    finally:
        db.close()


async def test_assessments_are_kept_with_their_history(tmp_path: Path) -> None:
    db = open_database(tmp_path / "counter.sqlite3")
    executor = DbExecutor()
    try:
        store = AssessmentStore(db, executor)
        trainee = TraineeRef(
            "T-CLERKA1", "李**", Outlet(code="330102001", name="湖滨", category=1), 3
        )
        s = scenario("s01-card-status")
        good = score(s, {"c1": served("c1", identify_methods=["idcard"],
                                      cases=[case("SB08046")], evaluations=["满意"])})  # fmt: skip
        bad = score(
            s, {"c1": served("c1", cases=[case("SB08046")], unmasks=1, identify_methods=["manual"])}
        )
        for results, at in (([bad], T0), ([good], T0 + timedelta(days=1))):
            a = Assessment(trainee, "T-SUPER01", "weekly", "每周轮训", 80, at, list(results), at)
            await store.save_row(a.to_row())
        history = await store.history("t-clerka1")
        assert [h.passed for h in history] == [True, False]
        assert history[1].scenarios[0]["mistakes"] == [
            "evaluation_missing",
            "manual_without_reason",
            "unmask_without_need",
        ]
        last = await store.last("T-CLERKA1")
        assert last is not None and last.day == date(2026, 11, 29) and last.score == 100
        assert await store.history("T-OTHER") == []
    finally:
        executor.shutdown()
        db.close()
