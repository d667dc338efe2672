"""Catalogue search: hanzi, pinyin, initials, codes, ranking, filtering, highlights, speed-ups.

Most tests run on the real seed catalogue. The fast paths (ordered record streams, candidate
filters, the incremental prefix cache) are checked against `reference_search`, which simply
evaluates every item, on the seed and on a larger synthesized catalogue whose record trie is
forced to split.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypinyin import lazy_pinyin

import counter.catalogue_search as cs
from bench.search import synthesize
from counter.bureau.models import CatalogueItem
from counter.catalogue_search import (
    ABBREVIATIONS,
    CatalogueIndex,
    IncrementalSearch,
    SearchHit,
    normalize_query,
)
from counter.training.seed import load_catalogue

TODAY = date(2026, 3, 2)
SEED = load_catalogue()
BY_CODE = {it.code: it for it in SEED}
CARD_GROUP = "社会保障卡服务"


@pytest.fixture(scope="module")
def index() -> CatalogueIndex:
    return CatalogueIndex.build(SEED, outlet_category=1, today=TODAY)


def codes(hits: list[SearchHit]) -> list[str]:
    return [h.item.code for h in hits]


def item(code: str, name: str, **changes: object) -> CatalogueItem:
    """A seed item renamed and recoded, for catalogues made up in a test."""
    return BY_CODE["SB08047"].model_copy(update={"code": code, "name": name, **changes})


# --- what a clerk types ------------------------------------------------------------------


def test_hanzi_substring(index: CatalogueIndex) -> None:
    hits = index.search("挂失")
    assert set(codes(hits)[:3]) == {"SB08047", "SB08048", "SB08049"}
    assert all(h.match_kind == "name" for h in hits[:3])


def test_full_pinyin(index: CatalogueIndex) -> None:
    hits = index.search("yanglao")
    assert hits[0].match_kind == "pinyin"
    assert all("养老" in h.item.name for h in hits[:10])
    assert codes(index.search("guashi"))[:2] == ["SB08047", "SB08048"]


def test_initials_find_flexible_employment(index: CatalogueIndex) -> None:
    flexible = {"SB01001", "SB01006", "SB03013"}  # 灵活就业人员…, all at the start
    hits = index.search("lhjy")
    assert set(codes(hits)[:3]) == flexible
    assert {h.match_kind for h in hits[:3]} == {"initials"}
    # Among equals the outlet's usage decides; without it the shorter name goes first.
    assert codes(index.search("lhjy", usage={"SB01001": 9, "SB03013": 2}))[:2] == [
        "SB01001",
        "SB03013",
    ]
    assert codes(hits)[0] == "SB03013"


def test_mixed_initials_and_syllables(index: CatalogueIndex) -> None:
    for query in ("lhjiuye", "linghjy", "lhjiuyery"):
        hits = index.search(query)
        assert hits, query
        assert hits[0].item.name.startswith("灵活就业"), query
        assert hits[0].match_kind == "pinyin"


def test_code_exact_prefix_and_digits(index: CatalogueIndex) -> None:
    for query in ("SB08047", "sb08047", " sb 08047 ", "ｓｂ０８０４７", "SB-08047"):
        hits = index.search(query)
        assert codes(hits)[0] == "SB08047", query
        assert hits[0].match_kind == "code"
        assert hits[0].score == max(h.score for h in hits)
    assert codes(index.search("08047"))[:1] == ["SB08047"]
    card = index.search("SB08", limit=50)
    assert {h.item.group for h in card if h.match_kind == "code"} == {CARD_GROUP}
    assert len([h for h in card if h.match_kind == "code"]) == 16
    # letters alone are pinyin initials, not every SB code in the catalogue
    assert all(h.match_kind != "code" for h in index.search("sb", limit=100))


def test_abbreviations_count_as_the_name(index: CatalogueIndex) -> None:
    for query in ("社保卡", "shebaoka", "sbk"):
        hits = index.search(query, limit=20)
        assert {h.item.group for h in hits[:16]} == {CARD_GROUP}, query  # all 16 card items
        assert hits[16].match_kind == "material", query  # 社保卡 as a material comes after
    lost = index.search("社保卡挂失")
    assert codes(lost)[:2] == ["SB08047", "SB08048"]
    assert codes(index.search("失业金"))[:2] == ["SB06035", "SB06036"]
    assert codes(index.search("居民医保"))[:1] == ["SB01005"]
    for long, short in ABBREVIATIONS:  # highlights rely on this
        assert cs._subsequence(long, short)


def test_polyphones_match_either_reading(index: CatalogueIndex) -> None:
    assert "SB08056" in codes(index.search("chongzhi"))  # 重置, pypinyin says zhong
    assert "SB08056" in codes(index.search("zhongzhi"))
    assert "SB08058" in codes(index.search("zuichang"))  # 最长, pypinyin says zhang
    assert "SB02010" in codes(index.search("yinhang"))  # 银行
    assert lazy_pinyin("银行") == ["yin", "hang"]


def test_group_and_material_rank_last(index: CatalogueIndex) -> None:
    hits = index.search("缴费申报", limit=30)
    group = [h for h in hits if h.match_kind == "group"]
    assert group and {h.item.group for h in group} == {"缴费申报"}
    hits = index.search("死亡证明")
    assert {h.match_kind for h in hits} == {"material"}
    assert set(codes(hits)) >= {"SB05027", "SB06037"}
    assert all(h.highlight == [] for h in hits)


def test_mixed_scripts(index: CatalogueIndex) -> None:
    """The IME switched mid-word: read the hanzi as pinyin too."""
    hits = index.search("社保ka")
    assert hits and {h.item.group for h in hits[:16]} == {CARD_GROUP}
    assert index.search("养老xyzzy")  # no reading fits: the hanzi alone still answer


def test_full_width_and_spaces(index: CatalogueIndex) -> None:
    assert normalize_query("ＳＢ　０８ - ０４７") == "sb08047"
    assert normalize_query(" 社保卡　挂失 ") == "社保卡挂失"
    assert codes(index.search("社保卡　挂失")) == codes(index.search("社保卡挂失"))
    assert codes(index.search("ＧＵＡＳＨＩ")) == codes(index.search("guashi"))


def test_empty_query_lists_most_used_then_by_code(index: CatalogueIndex) -> None:
    usage = {"SB05021": 30, "SB08047": 12, "SB01001": 12, "XX99999": 50}
    for query in ("", "   ", "（）"):
        hits = index.search(query, limit=5, usage=usage)
        assert codes(hits) == ["SB05021", "SB01001", "SB08047", "SB01002", "SB01003"]
        assert {h.score for h in hits} == {0}
    assert codes(index.search("", limit=3)) == ["SB01001", "SB01002", "SB01003"]
    assert index.search("社保", limit=0) == []


# --- ranking ---------------------------------------------------------------------------


def test_exact_code_beats_a_name_containing_it() -> None:
    catalogue = [item("SB01001", "灵活就业人员参保登记"), item("SB09999", "补录SB01001关联材料")]
    idx = CatalogueIndex.build(catalogue, outlet_category=1, today=TODAY)
    hits = idx.search("SB01001")
    assert [(h.item.code, h.match_kind) for h in hits] == [
        ("SB01001", "code"),
        ("SB09999", "name"),
    ]
    assert hits[1].highlight == [(2, 9)]


def test_tiers_then_position_then_usage_then_length_then_code() -> None:
    catalogue = [
        item("SB00001", "城乡居民养老保险注销"),  # 养老 at 4
        item("SB00002", "养老金发放明细查询"),  # prefix
        item("SB00003", "暂停养老保险待遇申请"),  # 养老 at 2
        item("SB00004", "恢复养老保险待遇申请"),  # 养老 at 2, same length as …03
        item("SB00005", "养老保险待遇发放账户维护"),  # prefix, longer
        item("SB00006", "领取待遇资格认证", group="养老保险服务"),  # by group only
    ]
    idx = CatalogueIndex.build(catalogue, outlet_category=1, today=TODAY)
    assert codes(idx.search("养老")) == [
        "SB00002", "SB00005", "SB00003", "SB00004", "SB00001", "SB00006",
    ]  # fmt: skip
    used = idx.search("养老", usage={"SB00004": 3, "SB00005": 1, "SB00001": 99})
    assert codes(used) == ["SB00005", "SB00002", "SB00004", "SB00003", "SB00001", "SB00006"]
    scores = [h.score for h in used]
    assert scores == sorted(scores, reverse=True)


def test_name_prefix_before_substring_before_pinyin(index: CatalogueIndex) -> None:
    hits = index.search("养老", limit=40)
    kinds = [(h.match_kind, h.item.name.startswith("养老")) for h in hits]
    prefix_end = kinds.index(("name", False))
    assert all(starts for _, starts in kinds[:prefix_end])
    assert all(not starts for _, starts in kinds[prefix_end:])
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


# --- what an outlet may offer ----------------------------------------------------------


def test_category_and_effective_dates_filter_at_build() -> None:
    catalogue = [
        item("SB00001", "只在一类网点办理", outlet_categories=[1]),
        item("SB00002", "三类网点也可办理", outlet_categories=[1, 2, 3]),
        item("SB00003", "明年起施行的事项", effective_from=date(2027, 1, 1)),
        item("SB00004", "去年已废止的事项", effective_to=date(2025, 12, 31)),
        item("SB00005", "今天最后一天的事项", effective_to=TODAY),
        item("SB00006", "旧版本事项", version=1, effective_to=date(2026, 12, 31)),
        item("SB00006", "新版本事项", version=2),
    ]
    third = CatalogueIndex.build(catalogue, outlet_category=3, today=TODAY)
    assert [it.code for it in third.items] == ["SB00002"]
    first = CatalogueIndex.build(catalogue, outlet_category=1, today=TODAY)
    assert sorted(it.name for it in first.items) == sorted(
        ["只在一类网点办理", "三类网点也可办理", "今天最后一天的事项", "新版本事项"]
    )
    for query in ("事项", "shixiang", "sx", "SB0000", "", "明年", "废止"):
        offered = {h.item.code for h in first.search(query, limit=50)}
        assert offered <= {"SB00001", "SB00002", "SB00005", "SB00006"}, query
    assert first.search("明年起施行") == []
    assert codes(first.search("旧版本")) == []
    assert not set(codes(third.search("一类网点")))


# --- highlights --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code", "spans"),
    [
        ("挂失", "SB08047", [(7, 9)]),
        ("guashi", "SB08047", [(7, 9)]),
        ("gs", "SB08047", [(7, 9)]),
        ("社保卡挂失", "SB08047", [(0, 1), (2, 3), (4, 5), (7, 9)]),
        ("shebaoka", "SB08050", [(0, 1), (2, 3), (4, 5)]),
        ("企业职工", "SB01001", [(11, 15)]),  # past the （ in the name
        ("qiyezhigong", "SB01001", [(11, 15)]),
        ("lhjiuye", "SB01006", [(0, 4)]),
        ("shiyejin", "SB06035", [(0, 2), (4, 5)]),
        ("SB08047", "SB08047", []),
    ],
)
def test_highlight_spans(index: CatalogueIndex, query: str, code: str, spans: object) -> None:
    hit = next(h for h in index.search(query, limit=60) if h.item.code == code)
    assert hit.highlight == spans
    for start, end in hit.highlight:
        assert 0 <= start < end <= len(hit.item.name)


# --- the fast paths agree with checking every item -----------------------------------------


def _readings(name: str) -> tuple[str, str]:
    syls = [s for s in lazy_pinyin(normalize_query(name)) if s.isascii() and s.isalpha()]
    return "".join(syls), "".join(s[0] for s in syls)


def _queries(names: list[str]) -> st.SearchStrategy[str]:
    def piece(text: str) -> st.SearchStrategy[str]:
        return st.integers(0, max(len(text) - 1, 0)).flatmap(
            lambda i: st.integers(i + 1, len(text) + 1).map(lambda j: text[i:j])
        )

    readings = [r for name in names for r in _readings(name) if r]
    return st.one_of(
        st.sampled_from(names).flatmap(piece),
        st.sampled_from(readings).flatmap(piece),
        st.text(alphabet="abcdeghijklmnosuxyz", min_size=1, max_size=6),
        st.sampled_from(["sb0", "SB08", "0104", "社保卡挂", "lhjiuye", "养老jin", "zhongzhi"]),
    )


def _same(idx: CatalogueIndex, query: str, usage: dict[str, int] | None) -> None:
    fast = idx.search(query, limit=12, usage=usage)
    slow = idx.reference_search(query, limit=12, usage=usage)
    assert fast == slow


_usages = st.none() | st.dictionaries(
    st.sampled_from([it.code for it in SEED]), st.integers(0, 20), max_size=15
)


@settings(max_examples=300, deadline=None)
@given(query=_queries([it.name for it in SEED]), usage=_usages)
def test_search_agrees_with_reference(index: CatalogueIndex, query: str, usage: object) -> None:
    assert usage is None or isinstance(usage, dict)
    _same(index, query, usage)


@pytest.fixture(scope="module")
def large(monkeypatch_module: pytest.MonkeyPatch) -> CatalogueIndex:
    """800 synthesized items, with leaves so small the record trie splits deep."""
    monkeypatch_module.setattr(cs, "_LEAF_MAX", 300)
    return CatalogueIndex.build(synthesize(800), outlet_category=1, today=TODAY)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


LARGE_NAMES = [it.name for it in synthesize(800)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=_queries(LARGE_NAMES), usage=st.none() | st.just({"SB08047": 5, "SB01001": 2}))
def test_search_agrees_with_reference_on_a_split_trie(
    large: CatalogueIndex, query: str, usage: dict[str, int] | None
) -> None:
    if usage:  # also some synthesized items, so the used-item record set is sizeable
        usage = usage | {it.code: n for n, it in enumerate(large.items[::40], start=1)}
    _same(large, query, usage)


def test_split_trie_really_split(large: CatalogueIndex) -> None:
    nodes = large._main.nodes[cs._PINYIN]
    assert max(len(prefix) for prefix in nodes) == cs._MAX_DEPTH
    long_name = max(LARGE_NAMES, key=len)
    assert long_name in [h.item.name for h in large.search(long_name)]  # past truncation
    pinyin = _readings(long_name)[0]
    assert long_name in [h.item.name for h in large.search(pinyin, limit=50)]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_substring_of_a_name_finds_that_item(
    index: CatalogueIndex, data: st.DataObject
) -> None:
    target = data.draw(st.sampled_from(SEED))
    i = data.draw(st.integers(0, len(target.name) - 1))
    j = data.draw(st.integers(i + 1, len(target.name)))
    hits = index.search(target.name[i:j], limit=len(index))
    assert target.code in codes(hits)


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=30), usage=_usages)
def test_search_never_raises(index: CatalogueIndex, text: str, usage: object) -> None:
    assert usage is None or isinstance(usage, dict)
    hits = index.search(text, usage=usage)
    assert len(hits) <= 20
    for h in hits:
        assert 0 <= h.score <= 1200
        assert all(0 <= a < b <= len(h.item.name) for a, b in h.highlight)


# --- incremental search --------------------------------------------------------------------


def _type(search: IncrementalSearch, text: str) -> Iterator[tuple[str, list[SearchHit]]]:
    for n in range(1, len(text) + 1):
        yield text[:n], search.update(text[:n])


@pytest.mark.parametrize(
    "text",
    ["社保卡挂失", "yanglaojin", "lhjiuye", "sb08047", "lhjyzz", "60日", "社保kaguashi", "养老 金"],
)
def test_incremental_matches_stateless(index: CatalogueIndex, text: str) -> None:
    usage = {"SB08048": 4, "SB01006": 2}
    search = IncrementalSearch(index, limit=8, usage=usage)
    for prefix, hits in _type(search, text):
        assert hits == index.search(prefix, limit=8, usage=usage), prefix
    for n in range(len(text) - 1, 0, -1):  # backspace
        assert search.update(text[:n]) == index.search(text[:n], limit=8, usage=usage)


@settings(max_examples=150, deadline=None)
@given(words=st.lists(_queries([it.name for it in SEED]), min_size=1, max_size=4))
def test_incremental_matches_stateless_on_any_typing(
    index: CatalogueIndex, words: list[str]
) -> None:
    search = IncrementalSearch(index, limit=6)
    for word in words:
        for prefix, hits in _type(search, word):
            assert hits == index.search(prefix, limit=6), prefix


def test_incremental_narrows_to_previous_hits(index: CatalogueIndex) -> None:
    search = IncrementalSearch(index, limit=20)
    search.update("社保卡挂")
    assert search._cache[normalize_query("社保卡挂")][1] is not None  # complete: few hits
    assert search._narrows("社保卡挂失")
    assert not search._narrows("社保卡挂1")  # a digit may add code matches
    search.update("sb")
    assert not search._narrows("sb0")
    search.update("60")
    assert not search._narrows("60日")


def test_prepare_indexes_the_used_items_ahead(index: CatalogueIndex) -> None:
    usage = {"SB08047": 3, "SB01001": 1}
    index.prepare(usage)
    prepared = index._usage
    assert prepared.records is not None
    assert codes(index.search("社保卡", limit=1, usage=dict(usage))) == ["SB08047"]
    assert index._usage is prepared  # equal counts: nothing rebuilt
    index.prepare(None)
    assert index._usage.counts == {}
