"""Search as you type over the outlet's item catalogue (事项检索).

A clerk types hanzi (`社保卡挂失`), full pinyin (`yanglao`), pinyin initials (`lhjy`), initials
mixed with syllables (`lhjiuye`) or an item code (`SB08047`, `sb 08047`, `08047`); spaces,
punctuation, case and full-width forms are ignored. Hits are ranked by match quality:

    exact code > code prefix > name prefix > name substring > pinyin prefix > pinyin
    substring > initials prefix > initials substring > mixed pinyin > abbreviation
    (`社保卡挂失` → 社会保障卡临时挂失) > group name > material name

then by earlier match position, then by how often this outlet used the item, then shorter
name, then code. Common abbreviations (社保卡 = 社会保障卡, 社保 = 社会保险, 医保 = 医疗保险 …)
count as the name itself, and common polyphones (重置 chong/zhong, 最长 chang/zhang, 银行
hang/xing …) match under either reading. Items the outlet may not handle, or that are not in
force `today`, are left out when the index is built.

Speed: `CatalogueIndex.build` precomputes, for every item, its normalized name, pinyin and
initials, and lays every suffix out as a record (truncated to a few characters) in a small
trie by leading characters, each node keeping its records in ranking order. A query therefore
reads records best-first and stops after `limit` items: a short query that matches thousands
of items costs no more than a long, rare one. The outlet's used items live in a second, small
record set ordered by usage, rebuilt only when the usage counts change. `IncrementalSearch`
keeps the previous keystroke's answer and, when it was complete, only re-checks those items.
`bench/search.py` measures it all on a 5,000-item catalogue.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import Final, Literal

from pypinyin import lazy_pinyin

from counter.bureau.models import CatalogueItem

MatchKind = Literal["code", "name", "pinyin", "initials", "group", "material"]

# Tiers, best first. The score of a hit is 100 × (TIER_COUNT - tier) - match position.
CODE_EXACT, CODE_PREFIX, NAME_PREFIX, NAME, PINYIN_PREFIX, PINYIN = 0, 1, 2, 3, 4, 5
INITIALS_PREFIX, INITIALS, MIXED, ABBREVIATION, GROUP, MATERIAL = 6, 7, 8, 9, 10, 11
TIER_COUNT: Final = 12
_KIND: Final[tuple[MatchKind, ...]] = (
    "code", "code", "name", "name", "pinyin", "pinyin",
    "initials", "initials", "pinyin", "name", "group", "material",
)  # fmt: skip

# Domain abbreviations: a name that contains the long form also answers to the short one.
# The short form must be a subsequence of the long one (highlights point into the name).
ABBREVIATIONS: Final[tuple[tuple[str, str], ...]] = (
    ("社会保障卡", "社保卡"),
    ("基本医疗保险", "医保"),
    ("基本养老保险", "养老保险"),
    ("医疗保险", "医保"),
    ("社会保险", "社保"),
    ("失业保险金", "失业金"),
)
# Polyphones a clerk may type either way. pypinyin's reading (phrase-aware) comes first in
# the index; the first other reading listed here is indexed as an alternative.
POLYPHONES: Final[Mapping[str, tuple[str, ...]]] = {
    "行": ("hang", "xing"), "长": ("chang", "zhang"), "重": ("chong", "zhong"),
    "参": ("can", "shen"), "单": ("dan", "shan"), "还": ("huan", "hai"),
    "调": ("diao", "tiao"), "解": ("jie", "xie"), "省": ("sheng", "xing"),
    "会": ("hui", "kuai"), "属": ("shu", "zhu"), "系": ("xi", "ji"),
    "给": ("gei", "ji"), "降": ("jiang", "xiang"), "差": ("cha", "chai"),
    "朝": ("chao", "zhao"), "便": ("bian", "pian"), "厦": ("xia", "sha"),
    "盛": ("sheng", "cheng"), "率": ("lv", "shuai"), "乐": ("le", "yue"),
    "藏": ("cang", "zang"), "传": ("chuan", "zhuan"),
}  # fmt: skip

_SEP: Final = "\x00"  # never survives normalization, so it can frame records
_T_NAME, _T_PINYIN, _T_INITIALS, _T_CODE = 16, 24, 16, 8  # record truncation per family
_LEAF_MAX: Final = 120_000  # characters a leaf may scan (~0.1 ms); bigger nodes split
_MAX_DEPTH: Final = 6
_ABBREV_GAP: Final = 3  # characters an abbreviation may skip between two typed ones
_MIXED_MAX: Final = 24  # longer latin queries skip the mixed-pinyin tier
_POS_BITS, _RANK_BITS = 16, 24
_RANK_MASK: Final = (1 << _RANK_BITS) - 1
_POS_MASK: Final = (1 << _POS_BITS) - 1
_CODE, _NAME, _PINYIN, _INITIALS = 0, 1, 2, 3  # record families, in tier order


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result. `highlight` holds [start, end) character spans of `item.name` to bold
    (empty when the code, group or a material matched). `score` grows with match quality
    only; an empty query lists items by usage with score 0 and kind "name"."""

    item: CatalogueItem
    score: int
    match_kind: MatchKind
    highlight: list[tuple[int, int]] = field(default_factory=list)


# --- normalization and pinyin ---------------------------------------------------------------


def _normalize(text: str) -> tuple[str, list[int]]:
    """NFKC per character, lower case, letters/digits/hanzi only; with the source index."""
    chars: list[str] = []
    source: list[int] = []
    for i, ch in enumerate(text):
        if "\u4e00" <= ch <= "\u9fff":  # the common case: an ideograph NFKC leaves alone
            chars.append(ch)
            source.append(i)
            continue
        folded = ch.lower() if ch.isascii() else unicodedata.normalize("NFKC", ch).lower()
        for c in folded:
            if c.isalnum():
                chars.append(c)
                source.append(i)
    return "".join(chars), source


def normalize_query(text: str) -> str:
    """What the index compares: `"ＳＢ 08-047"` → `"sb08047"`, `"社保卡 挂失"` → `"社保卡挂失"`."""
    return _normalize(text)[0]


def _is_latin(c: str) -> bool:
    return c.isascii() and c.isalpha()


def _maybe_hanzi(c: str) -> bool:
    return ord(c) >= 0x2E80


class _Transliterator:
    """Pinyin per character, phrase-aware within each run of hanzi; memoized per run."""

    def __init__(self) -> None:
        self._runs: dict[str, list[str]] = {}

    def syllables(self, norm: str, source: Sequence[int]) -> tuple[list[str], list[bool]]:
        syls = list(norm)
        hanzi = [False] * len(norm)
        i = 0
        while i < len(norm):
            if not _maybe_hanzi(norm[i]):
                i += 1
                continue
            j = i + 1  # a run ends at a non-hanzi or where punctuation was dropped
            while j < len(norm) and _maybe_hanzi(norm[j]) and source[j] - source[j - 1] <= 1:
                j += 1
            for k, syl in enumerate(self._run(norm[i:j]), start=i):
                if syl.isascii() and syl.isalpha():
                    syls[k], hanzi[k] = syl.lower(), True
            i = j
        return syls, hanzi

    def _run(self, run: str) -> list[str]:
        cached = self._runs.get(run)
        if cached is None:
            cached = lazy_pinyin(run)
            if len(cached) != len(run):  # something pypinyin did not split per character
                cached = [(lazy_pinyin(c) or [c])[0] for c in run]
            self._runs[run] = cached
        return cached


def _alternate(norm: str, syls: Sequence[str]) -> list[str] | None:
    alt = list(syls)
    changed = False
    for k, c in enumerate(norm):
        readings = POLYPHONES.get(c)
        if readings:
            other = next((r for r in readings if r != syls[k]), syls[k])
            changed |= other != syls[k]
            alt[k] = other
    return alt if changed else None


def _contract(norm: str) -> list[int] | None:
    """Indices of `norm` that survive the domain abbreviations, or None if none applies."""
    dropped = [False] * len(norm)
    for long, short in ABBREVIATIONS:
        keep = _subsequence(long, short)
        start = norm.find(long)
        while start >= 0:
            span = range(start, start + len(long))
            if not any(dropped[k] for k in span):
                for offset in range(len(long)):
                    dropped[start + offset] = offset not in keep
            start = norm.find(long, start + len(long))
    if not any(dropped):
        return None
    return [k for k, gone in enumerate(dropped) if not gone]


def _subsequence(long: str, short: str) -> set[int]:
    keep: set[int] = set()
    k = 0
    for c in short:
        k = long.index(c, k)
        keep.add(k)
        k += 1
    return keep


# --- per item data --------------------------------------------------------------------------


class _Variant:
    """One reading of a form: syllables, their concatenation and start offsets, initials."""

    __slots__ = ("concat", "initials", "spaced", "starts", "syls")

    def __init__(self, syls: Sequence[str]) -> None:
        self.syls = tuple(syls)
        self.concat = "".join(syls)
        self.initials = "".join([s[0] for s in syls])
        self.starts = tuple(accumulate(map(len, syls[:-1]), initial=0)) if syls else ()
        self.spaced = " " + " ".join(syls)  # for the mixed-pinyin pattern


class _Form:
    """A text as indexed (the name itself, or its abbreviated form) with its readings."""

    __slots__ = ("hanzi", "posmap", "text", "variants")

    def __init__(
        self,
        text: str,
        posmap: tuple[int, ...] | None,
        hanzi: tuple[bool, ...],
        variants: tuple[_Variant, ...],
    ) -> None:
        self.text = text
        self.posmap = posmap  # form index → index in the normalized field; None = identity
        self.hanzi = hanzi
        self.variants = variants

    def pos(self, k: int) -> int:
        return k if self.posmap is None else self.posmap[k]


def _forms(text: str, translit: _Transliterator) -> tuple[tuple[int, ...], tuple[_Form, ...]]:
    """The normalized text's source indices, and its forms: itself, then abbreviated."""
    norm, source = _normalize(text)
    syls, hanzi = translit.syllables(norm, source)
    alt = _alternate(norm, syls)
    variants = (_Variant(syls), _Variant(alt)) if alt else (_Variant(syls),)
    forms = [_Form(norm, None, tuple(hanzi), variants)]
    kept = _contract(norm)
    if kept is not None:
        forms.append(
            _Form(
                "".join(norm[k] for k in kept),
                tuple(kept),
                tuple(hanzi[k] for k in kept),
                tuple(_Variant([v.syls[k] for k in kept]) for v in variants),
            )
        )
    return tuple(source), tuple(forms)


class _Field:
    """A distinct group or material text, shared by the items that carry it."""

    __slots__ = ("blob", "forms", "ranks")

    def __init__(self, forms: tuple[_Form, ...]) -> None:
        self.forms = forms
        self.ranks: list[int] = []  # entries carrying it, in rank order
        parts = [f.text for f in forms]
        parts += [text for f in forms for v in f.variants for text in (v.concat, v.initials)]
        self.blob = _SEP.join(parts)  # every match lies in here: a cheap first test


class _Entry:
    __slots__ = ("code", "digits", "forms", "group", "item", "materials", "source")

    def __init__(
        self,
        item: CatalogueItem,
        source: tuple[int, ...],
        forms: tuple[_Form, ...],
        group: int,
        materials: tuple[int, ...],
    ) -> None:
        self.item = item
        self.code = item.code.lower()
        self.digits = self.code[2:]
        self.source = source  # normalized name index → index in item.name
        self.forms = forms
        self.group = group
        self.materials = materials


# --- exact matching of one item (the reference the fast paths must agree with) ---------------

# tier, position in the normalized name, and (when asked for) the matched indices of it
_Match = tuple[int, int, list[int]]
_NO_SPANS: Final[list[int]] = []


def _match_code(e: _Entry, q: str) -> _Match | None:
    if q == e.code:
        return CODE_EXACT, 0, _NO_SPANS
    if any(c.isdigit() for c in q) and (e.code.startswith(q) or e.digits.startswith(q)):
        return CODE_PREFIX, 0, _NO_SPANS
    return None


def _match_name(forms: Sequence[_Form], q: str, spans: bool = False) -> _Match | None:
    best: _Match | None = None
    for f in forms:
        i = f.text.find(q)
        if i < 0:
            continue
        p = f.pos(i)
        if best is None or p < best[1]:
            where = [f.pos(k) for k in range(i, i + len(q))] if spans else _NO_SPANS
            best = (NAME_PREFIX if p == 0 else NAME, p, where)
    return best


def _match_pinyin(
    forms: Sequence[_Form], q: str, initials: bool, spans: bool = False
) -> _Match | None:
    """`q` at the start of a hanzi's syllable (or initial), running on as far as it goes."""
    best: _Match | None = None
    for f in forms:
        for v in f.variants:
            hay = v.initials if initials else v.concat
            i = hay.find(q)
            while i >= 0:
                j = i if initials else bisect_left(v.starts, i)
                if initials or (j < len(v.starts) and v.starts[j] == i):
                    if f.hanzi[j]:
                        break
                i = hay.find(q, i + 1)
            if i < 0:
                continue
            p = f.pos(j)
            if best is not None and p >= best[1]:
                continue
            where = _NO_SPANS
            if spans:
                end = i + len(q) - 1
                last = end if initials else bisect_right(v.starts, end) - 1
                where = [f.pos(k) for k in range(j, last + 1)]
            if initials:
                best = (INITIALS_PREFIX if p == 0 else INITIALS, p, where)
            else:
                best = (PINYIN_PREFIX if p == 0 else PINYIN, p, where)
    return best


@lru_cache(maxsize=256)
def _mixed_pattern(q: str) -> re.Pattern[str]:
    """Each typed letter continues the syllable or starts the next one: lhjiuye, linghjy."""
    return re.compile(" " + "(?:[^ ]* )?".join(map(re.escape, q)))


@lru_cache(maxsize=256)
def _abbrev_pattern(q: str) -> re.Pattern[str]:
    return re.compile(f".{{0,{_ABBREV_GAP}}}?".join(f"({re.escape(c)})" for c in q))


def _match_mixed(forms: Sequence[_Form], q: str, spans: bool = False) -> _Match | None:
    search = _mixed_pattern(q).search
    best: _Match | None = None
    for f in forms:
        for v in f.variants:
            spaced = v.spaced
            m = search(spaced)
            while m is not None:
                first = spaced.count(" ", 0, m.start() + 1) - 1
                if f.hanzi[first]:  # like pinyin and initials, start on a hanzi
                    break
                m = search(spaced, m.start() + 1)
            if m is None:
                continue
            p = first if f.posmap is None else f.posmap[first]
            if best is None or p < best[1]:
                where = _NO_SPANS
                if spans:
                    last = spaced.count(" ", 0, m.end()) - 1
                    where = [f.pos(k) for k in range(first, last + 1)]
                best = (MIXED, p, where)
    return best


def _match_abbreviation(forms: Sequence[_Form], q: str, spans: bool = False) -> _Match | None:
    """The typed characters in order, at most `_ABBREV_GAP` characters apart."""
    pattern = _abbrev_pattern(q)
    best: _Match | None = None
    for f in forms:
        m = pattern.search(f.text)
        if m is None:
            continue
        p = f.pos(m.start())
        if best is None or p < best[1]:
            where = [f.pos(m.start(g)) for g in range(1, len(q) + 1)] if spans else _NO_SPANS
            best = (ABBREVIATION, p, where)
    return best


def _field_position(fld: _Field, q: str) -> int | None:
    """Where a group or material text answers `q`: by name, pinyin or initials."""
    if q not in fld.blob:
        return None
    hits = [
        m[1]
        for m in (
            _match_name(fld.forms, q),
            _match_pinyin(fld.forms, q, initials=False),
            _match_pinyin(fld.forms, q, initials=True),
        )
        if m is not None
    ]
    return min(hits) if hits else None


# --- ordered record sets ----------------------------------------------------------------------


class _Node:
    """Records sharing a leading prefix, best first. A leaf also keeps the longer records
    framed in one string, so a longer query is one `str.find` loop over it."""

    __slots__ = ("hay", "hkeys", "keys", "split", "starts")

    def __init__(self, keys: array[int], *, split: bool = False) -> None:
        self.keys = keys
        self.split = split
        self.hay = ""
        self.starts: array[int] = array("q")


class _RecordSet:
    """Every suffix record of some items, per family, in (tier, position, rank) order."""

    def __init__(self, entries: Sequence[_Entry], order: Sequence[int]) -> None:
        self.order = list(order)  # rank → entry index
        # per family, per position: texts and keys (a prefix tier iff position 0)
        texts: list[list[list[str]]] = [[], [], [], []]
        keys: list[list[list[int]]] = [[], [], [], []]
        for rank, idx in enumerate(self.order):
            for fam, records in enumerate(_records(entries[idx])):
                fam_texts, fam_keys = texts[fam], keys[fam]
                for pos, text in records:
                    while len(fam_texts) <= pos:
                        fam_texts.append([])
                        fam_keys.append([])
                    fam_texts[pos].append(text)
                    tier = _KEY_BASE[fam] + (pos != 0) * _TIER_ONE
                    fam_keys[pos].append(tier + (pos << _RANK_BITS) + rank)
        self.nodes: list[dict[str, _Node]] = []
        for fam in range(4):
            # one pass to the first two characters; a one-character node only lists keys
            ones: dict[str, list[int]] = {}
            twos: dict[str, tuple[list[str], list[int]]] = {}
            for group_texts, group_keys in zip(texts[fam], keys[fam], strict=True):
                for text, key in zip(group_texts, group_keys, strict=True):
                    one = ones.get(text[0])
                    if one is None:
                        one = ones[text[0]] = []
                    one.append(key)
                    if len(text) > 1:
                        two = twos.get(text[:2])
                        if two is None:
                            two = twos[text[:2]] = ([], [])
                        two[0].append(text)
                        two[1].append(key)
            nodes = {c: _Node(array("q", one), split=True) for c, one in ones.items()}
            for prefix, (two_texts, two_keys) in twos.items():
                _build_nodes(prefix, two_texts, two_keys, nodes)
            self.nodes.append(nodes)

    def collect(
        self,
        fam: int,
        q: str,
        need: int,
        *,
        skip: Container[int],
        taken: Container[int],
        verify: _Verifier | None,
    ) -> list[tuple[int, int, int]]:
        """Up to `need` (tier, position, entry) best first, skipping `skip` and `taken`."""
        nodes = self.nodes[fam]
        node = nodes.get(q[:1])
        depth = 1
        while node is not None and node.split and depth < len(q):
            depth += 1
            node = nodes.get(q[:depth])
        if node is None:
            return []
        out: list[tuple[int, int, int]] = []
        seen: set[int] = set()
        order = self.order
        stream: Iterable[int] = node.keys if depth == len(q) else _scan(node, q[: _LIMITS[fam]])
        for key in stream:
            idx = order[key & _RANK_MASK]
            if idx in seen or idx in taken or idx in skip:
                continue
            tier, pos = key >> (_POS_BITS + _RANK_BITS), (key >> _RANK_BITS) & _POS_MASK
            if verify is not None and not verify(idx, tier, pos):
                continue
            seen.add(idx)
            out.append((tier, pos, idx))
            if len(out) >= need:
                break
        return out


_LIMITS: Final = (_T_CODE, _T_NAME, _T_PINYIN, _T_INITIALS)
_TIER_ONE: Final = 1 << (_POS_BITS + _RANK_BITS)
_KEY_BASE: Final = tuple(
    t * _TIER_ONE for t in (CODE_PREFIX, NAME_PREFIX, PINYIN_PREFIX, INITIALS_PREFIX)
)


def _scan(node: _Node, q: str) -> Iterable[int]:
    hay, starts, keys = node.hay, node.starts, node.keys
    needle = _SEP + q
    i = hay.find(needle)
    while i >= 0:
        yield keys[bisect_left(starts, i)]
        i = hay.find(needle, i + 1)


def _build_nodes(prefix: str, texts: list[str], keys: list[int], nodes: dict[str, _Node]) -> None:
    """Nodes for the records starting with `prefix` (given in order): a leaf frames them all
    in one string; a node too big to scan quickly splits by the next character."""
    depth = len(prefix)
    node = _Node(array("q", keys))
    nodes[prefix] = node
    if depth >= _MAX_DEPTH or sum(map(len, texts)) + len(texts) <= _LEAF_MAX:
        node.hay = _SEP + _SEP.join(texts)
        node.starts = array("q", accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        return
    node.split = True
    children: dict[str, tuple[list[str], list[int]]] = {}
    for text, key in zip(texts, keys, strict=True):
        if len(text) > depth:
            child = children.get(text[depth])
            if child is None:
                child = children[text[depth]] = ([], [])
            child[0].append(text)
            child[1].append(key)
    for c, (sub_texts, sub_keys) in children.items():
        _build_nodes(prefix + c, sub_texts, sub_keys, nodes)


def _records(e: _Entry) -> tuple[list[tuple[int, str]], ...]:
    """(position, text) records of one entry, per family. Another form or reading only adds
    the records that differ from the name's own at the same position."""
    code = [(0, e.code), (0, e.digits)]
    base = e.forms[0]
    norm = base.text
    names = [(k, norm[k : k + _T_NAME]) for k in range(len(norm))]
    own_pinyin: dict[int, str] = {}
    own_initials: dict[int, str] = {}
    pinyin: list[tuple[int, str]] = []
    initials: list[tuple[int, str]] = []
    for f in e.forms:
        if f is not base:
            for k in range(len(f.text)):
                text, p = f.text[k : k + _T_NAME], f.pos(k)
                if text != norm[p : p + _T_NAME]:
                    names.append((p, text))
        for v in f.variants:
            for k, start in enumerate(v.starts):
                if f.hanzi[k]:
                    p = f.pos(k)
                    for own, out, text in (
                        (own_pinyin, pinyin, v.concat[start : start + _T_PINYIN]),
                        (own_initials, initials, v.initials[k : k + _T_INITIALS]),
                    ):
                        if own.get(p) != text:
                            own.setdefault(p, text)
                            out.append((p, text))
    return code, names, pinyin, initials


class _Verifier:
    """For queries longer than a family's records: confirm a record against the full name."""

    def __init__(self, entries: Sequence[_Entry], fam: int, q: str) -> None:
        self.entries, self.fam, self.q = entries, fam, q
        self.memo: dict[int, tuple[int, int] | None] = {}

    def __call__(self, idx: int, tier: int, pos: int) -> bool:
        if idx not in self.memo:
            m = _match_family(self.entries[idx], self.fam, self.q)
            self.memo[idx] = None if m is None else (m[0], m[1])
        return self.memo[idx] == (tier, pos)


def _match_family(e: _Entry, fam: int, q: str) -> _Match | None:
    if fam == _CODE:
        return _match_code(e, q)
    if fam == _NAME:
        return _match_name(e.forms, q)
    return _match_pinyin(e.forms, q, initials=fam == _INITIALS)


# --- the index ---------------------------------------------------------------------------------


@dataclass
class _Usage:
    counts: dict[int, int]  # entry index → times used (> 0 only)
    source: dict[str, int]
    records: _RecordSet | None = None


def _steps(syl: str, next_initial: str) -> frozenset[str]:
    inside = {a + b for a, b in pairwise(syl)}
    return frozenset(inside | {a + next_initial for a in syl} if next_initial else inside)


def _bits_of(indices: Iterable[int], size: int) -> int:
    buf = bytearray((size + 7) // 8)
    for i in indices:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def _iter_bits(value: int) -> list[int]:
    text = bin(value)[:1:-1]
    out: list[int] = []
    i = text.find("1")
    while i >= 0:
        out.append(i)
        i = text.find("1", i + 1)
    return out


class CatalogueIndex:
    """The searchable catalogue of one outlet on one day. Build once per catalogue version
    (and day), off the UI thread for big catalogues; `search` itself is meant to run on the UI
    thread, one call at a time."""

    def __init__(
        self, entries: list[_Entry], groups: list[_Field], materials: list[_Field]
    ) -> None:
        self._entries = entries  # in static rank: shorter name first, then code
        self._groups = groups
        self._materials = materials
        self._by_code = {e.code: i for i, e in enumerate(entries)}
        self._main = _RecordSet(entries, range(len(entries)))
        self._usage: _Usage = _Usage({}, {})
        self._code_order = sorted(range(len(entries)), key=lambda i: entries[i].code)
        # Candidate filters for the two pattern tiers, one bit per entry. Mixed pinyin: the
        # first letter is an initial, and each typed pair either sits inside a syllable or is
        # a letter of one syllable followed by the next one's initial. Abbreviation: every
        # typed character occurs in the name.
        initials: dict[str, list[int]] = {}
        pairs: dict[str, list[int]] = {}
        chars: dict[str, list[int]] = {}
        step: dict[tuple[str, str], frozenset[str]] = {}
        for i, e in enumerate(entries):
            seen_pairs: set[str] = set()
            seen_initials: set[str] = set()
            seen_chars: set[str] = set()
            for f in e.forms:
                seen_chars.update(f.text)
                for v in f.variants:
                    seen_initials.update(v.initials)
                    for syl, nxt in zip(v.syls, [*v.syls[1:], ""], strict=True):
                        got = step.get((syl, nxt[:1]))
                        if got is None:
                            got = step[syl, nxt[:1]] = _steps(syl, nxt[:1])
                        seen_pairs |= got
            for table, keys in (
                (pairs, seen_pairs),
                (initials, seen_initials),
                (chars, seen_chars),
            ):
                for key in keys:
                    table.setdefault(key, []).append(i)
        n = len(entries)
        self._initial_bits = {k: _bits_of(v, n) for k, v in initials.items()}
        self._pair_bits = {k: _bits_of(v, n) for k, v in pairs.items()}
        self._char_bits = {k: _bits_of(v, n) for k, v in chars.items()}

    @classmethod
    def build(
        cls, items: Sequence[CatalogueItem], *, outlet_category: int, today: date
    ) -> CatalogueIndex:
        current: dict[str, CatalogueItem] = {}
        for item in items:
            if outlet_category not in item.outlet_categories or item.effective_from > today:
                continue
            if item.effective_to is not None and item.effective_to < today:
                continue
            kept = current.get(item.code)
            if kept is None or item.version > kept.version:
                current[item.code] = item
        ordered = sorted(current.values(), key=lambda it: (len(it.name), it.code))
        translit = _Transliterator()
        field_ids: dict[str, int] = {}
        fields: list[_Field] = []

        def field_id(text: str) -> int:
            if text not in field_ids:
                field_ids[text] = len(fields)
                fields.append(_Field(_forms(text, translit)[1]))
            return field_ids[text]

        entries: list[_Entry] = []
        for rank, item in enumerate(ordered):
            source, forms = _forms(item.name, translit)
            group = field_id("\x01" + item.group)  # keep groups apart from materials
            mats = tuple(dict.fromkeys(field_id(m.name) for m in item.materials))
            for fid in (group, *mats):
                fields[fid].ranks.append(rank)
            entries.append(_Entry(item, source, forms, group, mats))
        group_ids = {e.group for e in entries}
        groups = [fields[i] if i in group_ids else _Field(()) for i in range(len(fields))]
        materials = [_Field(()) if i in group_ids else fields[i] for i in range(len(fields))]
        return cls(entries, groups, materials)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def items(self) -> list[CatalogueItem]:
        return [e.item for e in self._entries]

    # --- public search -------------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 20, usage: Mapping[str, int] | None = None
    ) -> list[SearchHit]:
        """The best `limit` items for what the clerk typed so far."""
        return self._search(normalize_query(query), limit, usage, None)[0]

    def prepare(self, usage: Mapping[str, int] | None) -> None:
        """Get ready for searches with these usage counts (the first such search would
        otherwise index the used items: ~3 ms for 20 of them, ~80 ms for 300 of 5,000).
        Call it from a worker after the counts change, or let `IncrementalSearch` call it."""
        u = self._usage_for(usage)
        if u.counts:
            self._used_records(u)

    def reference_search(
        self, query: str, *, limit: int = 20, usage: Mapping[str, int] | None = None
    ) -> list[SearchHit]:
        """The same answer as `search`, by checking every item: slow, for tests and benches."""
        everything = set(range(len(self._entries)))
        return self._search(normalize_query(query), limit, usage, everything)[0]

    def _search(
        self, q: str, limit: int, usage: Mapping[str, int] | None, candidates: set[int] | None
    ) -> tuple[list[SearchHit], set[int] | None]:
        """Hits, and every matching entry when that set is known (nothing was cut off)."""
        if limit <= 0:
            return [], None
        u = self._usage_for(usage)
        if not q:
            return self._most_used(limit, u), None
        has_hanzi = any(_maybe_hanzi(c) for c in q)
        if not (has_hanzi and any(_is_latin(c) for c in q)):
            found, complete = self._run(q, limit, u, candidates)
            return self._hits(q, found, u), (set(found) if complete else None)
        # Hanzi and latin mixed (the IME was switched mid-word): the text as typed, then all of
        # it as pinyin, then the hanzi alone; each later reading only fills remaining places.
        hits: list[SearchHit] = []
        seen: set[str] = set()
        latin = "".join(_Transliterator().syllables(q, range(len(q)))[0])
        for variant in (q, latin, "".join(c for c in q if _maybe_hanzi(c))):
            found, _ = self._run(variant, limit, u, candidates)
            for hit in self._hits(variant, found, u):
                if hit.item.code not in seen and len(hits) < limit:
                    seen.add(hit.item.code)
                    hits.append(hit)
        return hits, None

    # --- the pipeline ----------------------------------------------------------------------

    def _run(
        self, q: str, limit: int, u: _Usage, candidates: set[int] | None
    ) -> tuple[dict[int, tuple[int, int]], bool]:
        if candidates is not None:
            return self._run_exhaustive(q, limit, u, candidates)
        found: dict[int, tuple[int, int]] = {}
        has_digit = any(c.isdigit() for c in q)
        exact = self._by_code.get(q)
        if exact is not None:
            found[exact] = (CODE_EXACT, 0)
        for fam in (_CODE, _NAME, _PINYIN, _INITIALS):
            if fam == _CODE and not has_digit:
                continue
            need = limit - len(found)
            if need <= 0:
                return found, False
            verify = _Verifier(self._entries, fam, q) if len(q) > _LIMITS[fam] else None
            got = self._main.collect(fam, q, need, skip=u.counts, taken=found, verify=verify)
            if u.counts:
                used = self._used_records(u)
                got += used.collect(fam, q, need, skip=(), taken=found, verify=verify)
            self._take(got, need, found, u)
        if len(found) < limit and len(q) >= 3 and len(q) <= _MIXED_MAX and q.isascii():
            self._take(self._mixed(q, limit - len(found), found, u), limit - len(found), found, u)
        if len(found) < limit and len(q) >= 2 and any(_maybe_hanzi(c) for c in q):
            got = self._abbreviated(q, limit - len(found), found, u)
            self._take(got, limit - len(found), found, u)
        for tier, fields in ((GROUP, self._groups), (MATERIAL, self._materials)):
            if len(found) < limit:
                got = self._fields(tier, fields, q, need=limit - len(found), found=found, u=u)
                self._take(got, limit - len(found), found, u)
        # Every stage stops early only once it has filled the list: a short list is complete.
        return found, len(found) < limit

    def _run_exhaustive(
        self, q: str, limit: int, u: _Usage, candidates: set[int]
    ) -> tuple[dict[int, tuple[int, int]], bool]:
        memo: dict[int, int | None] = {}
        got: list[tuple[int, int, int]] = []
        for idx in candidates:
            m = self._evaluate(idx, q, memo)
            if m is not None:
                got.append((m[0], m[1], idx))
        found: dict[int, tuple[int, int]] = {}
        self._take(got, limit, found, u)
        return found, len(found) < limit

    def _take(
        self, got: list[tuple[int, int, int]], need: int, found: dict[int, tuple[int, int]],
        u: _Usage,
    ) -> None:  # fmt: skip
        """Add the best `need` of `got` to `found`."""
        counts = u.counts
        got.sort(key=lambda t: (t[0], t[1], -counts.get(t[2], 0), t[2]))
        for tier, pos, idx in got[:need]:
            found[idx] = (tier, pos)

    def _used_records(self, u: _Usage) -> _RecordSet:
        if u.records is None:
            order = sorted(u.counts, key=lambda i: (-u.counts[i], i))
            u.records = _RecordSet(self._entries, order)
        return u.records

    def _mixed(
        self, q: str, need: int, found: Container[int], u: _Usage
    ) -> list[tuple[int, int, int]]:
        bits = self._initial_bits.get(q[0], 0)
        for a, b in pairwise(q):
            if not bits:
                break
            bits &= self._pair_bits.get(a + b, 0)
        return self._check(bits, lambda e: _match_mixed(e.forms, q), need, found, u)

    def _abbreviated(
        self, q: str, need: int, found: Container[int], u: _Usage
    ) -> list[tuple[int, int, int]]:
        bits = -1
        for c in set(q):
            bits &= self._char_bits.get(c, 0)
            if not bits:
                return []
        return self._check(bits, lambda e: _match_abbreviation(e.forms, q), need, found, u)

    def _check(
        self, bits: int, match: Callable[[_Entry], _Match | None], need: int,
        found: Container[int], u: _Usage,
    ) -> list[tuple[int, int, int]]:  # fmt: skip
        """Check the candidate entries in `bits`: all used ones, then the others in rank order
        until `need` of them matched at position 0 (no later one can beat those)."""
        candidates = _iter_bits(bits)
        counts = u.counts
        out: list[tuple[int, int, int]] = []
        at_start = 0
        for idx in [i for i in candidates if i in counts] + [
            i for i in candidates if i not in counts
        ]:
            if idx in found:
                continue
            m = match(self._entries[idx])
            if m is not None:
                out.append((m[0], m[1], idx))
                if m[1] == 0 and idx not in u.counts:
                    at_start += 1
                    if at_start >= need:
                        break
        return out

    def _fields(
        self,
        tier: int,
        fields: Sequence[_Field],
        q: str,
        *,
        need: int,
        found: Container[int],
        u: _Usage,
    ) -> list[tuple[int, int, int]]:
        matched = sorted(
            (pos, fid)
            for fid, fld in enumerate(fields)
            if fld.ranks and (pos := _field_position(fld, q)) is not None
        )
        out: list[tuple[int, int, int]] = []
        taken: set[int] = set()
        k = 0
        while k < len(matched) and len(out) < need:  # the unused items, best first
            pos = matched[k][0]
            same = [fields[fid].ranks for p, fid in matched[k:] if p == pos]
            k += len(same)
            for idx in same[0] if len(same) == 1 else heapq.merge(*same):
                if idx not in taken and idx not in found and idx not in u.counts:
                    taken.add(idx)
                    out.append((tier, pos, idx))
                    if len(out) >= need:
                        break
        if not matched:
            return out
        positions = {fid: pos for pos, fid in reversed(matched)}
        for idx in u.counts:  # the used ones, all of them
            if idx not in found:
                e = self._entries[idx]
                if tier == GROUP:
                    best = positions.get(e.group)
                else:
                    best = min((positions[f] for f in e.materials if f in positions), default=None)
                if best is not None:
                    out.append((tier, best, idx))
        return out

    def _evaluate(self, idx: int, q: str, memo: dict[int, int | None]) -> tuple[int, int] | None:
        """The best (tier, position) of one entry for `q`, checked directly."""
        e = self._entries[idx]
        for fam in (_CODE, _NAME, _PINYIN, _INITIALS):
            m = _match_family(e, fam, q)
            if m is not None:
                return m[0], m[1]
        m = None
        if 3 <= len(q) <= _MIXED_MAX and q.isascii():
            m = _match_mixed(e.forms, q)
        if m is None and len(q) >= 2 and any(_maybe_hanzi(c) for c in q):
            m = _match_abbreviation(e.forms, q)
        if m is not None:
            return m[0], m[1]
        for tier, fields, ids in (
            (GROUP, self._groups, (e.group,)),
            (MATERIAL, self._materials, e.materials),
        ):
            best: int | None = None
            for fid in ids:
                if fid not in memo:
                    memo[fid] = _field_position(fields[fid], q)
                pos = memo[fid]
                if pos is not None and (best is None or pos < best):
                    best = pos
            if best is not None:
                return tier, best
        return None

    # --- results -------------------------------------------------------------------------

    def _hits(self, q: str, found: Mapping[int, tuple[int, int]], u: _Usage) -> list[SearchHit]:
        counts = u.counts
        ordered = sorted(found.items(), key=lambda kv: (*kv[1], -counts.get(kv[0], 0), kv[0]))
        hits: list[SearchHit] = []
        for idx, (tier, pos) in ordered:
            e = self._entries[idx]
            hits.append(
                SearchHit(
                    item=e.item,
                    score=100 * (TIER_COUNT - tier) - min(pos, 99),
                    match_kind=_KIND[tier],
                    highlight=self._highlight(e, q, tier),
                )
            )
        return hits

    def _highlight(self, e: _Entry, q: str, tier: int) -> list[tuple[int, int]]:
        if tier in (NAME_PREFIX, NAME):
            m = _match_name(e.forms, q, spans=True)
        elif tier in (PINYIN_PREFIX, PINYIN, INITIALS_PREFIX, INITIALS):
            m = _match_pinyin(e.forms, q, initials=tier >= INITIALS_PREFIX, spans=True)
        elif tier == MIXED:
            m = _match_mixed(e.forms, q, spans=True)
        elif tier == ABBREVIATION:
            m = _match_abbreviation(e.forms, q, spans=True)
        else:
            return []
        if m is None:  # pragma: no cover - the tier said it matches
            return []
        spans: list[tuple[int, int]] = []
        for k in sorted({e.source[n] for n in m[2]}):
            if spans and spans[-1][1] == k:
                spans[-1] = (spans[-1][0], k + 1)
            else:
                spans.append((k, k + 1))
        return spans

    def _most_used(self, limit: int, u: _Usage) -> list[SearchHit]:
        order = sorted(u.counts, key=lambda i: (-u.counts[i], self._entries[i].code))
        for i in self._code_order:
            if len(order) >= limit:
                break
            if i not in u.counts:
                order.append(i)
        return [SearchHit(self._entries[i].item, 0, "name", []) for i in order[:limit]]

    def _usage_for(self, usage: Mapping[str, int] | None) -> _Usage:
        source = dict(usage) if usage else {}
        if source != self._usage.source:
            counts = {
                idx: n
                for code, n in source.items()
                if n > 0 and (idx := self._by_code.get(code.lower())) is not None
            }
            self._usage = _Usage(counts, source)
        return self._usage


class IncrementalSearch:
    """Search per keystroke. When the previous query's answer was complete and the new query
    extends it, only the items that answered before are checked again."""

    def __init__(
        self, index: CatalogueIndex, *, limit: int = 20, usage: Mapping[str, int] | None = None
    ) -> None:
        self.index = index
        self.limit = limit
        self.usage = dict(usage) if usage else {}
        self.query = ""
        self._cache: dict[str, tuple[list[SearchHit], set[int] | None]] = {}
        index.prepare(self.usage)

    def update(self, text: str) -> list[SearchHit]:
        q = normalize_query(text)
        cached = self._cache.get(q)
        if cached is None:
            candidates = None
            previous = self._cache.get(self.query)
            if previous is not None and previous[1] is not None and self._narrows(q):
                candidates = previous[1]
            cached = self.index._search(q, self.limit, self.usage, candidates)
            if len(self._cache) >= 64:
                self._cache.pop(next(iter(self._cache)))
            self._cache[q] = cached
        self.query = q
        return cached[0]

    def _narrows(self, q: str) -> bool:
        """Whatever answers `q` answered the previous query too (every tier only loses items
        as a query grows), except a code prefix, which needs a digit, and mixed scripts."""
        prev = self.query
        if not prev or not q.startswith(prev) or q == prev:
            return False
        if any(c.isdigit() for c in q) and not any(c.isdigit() for c in prev):
            return False  # "sb" → "sb0" may add items by code
        if any(_maybe_hanzi(c) for c in q) and not any(_maybe_hanzi(c) for c in prev):
            return False  # "60" → "60日": the first hanzi brings in abbreviations
        return not (any(_maybe_hanzi(c) for c in q) and any(_is_latin(c) for c in q))
