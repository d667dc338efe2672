"""Benchmark of the catalogue search on a 5,000-item catalogue (not a test: run it by hand).

    .venv/bin/python -m bench.search            # a readable report
    .venv/bin/python -m bench.search --json     # one JSON object

The catalogue is synthesized deterministically from the 62 real seed items: their names are
recombined (the core of one with the qualifier of another, a city or target-group prefix, a
handling suffix), each in the group of its source item with a code in that group's range.
Queries are typed keystroke by keystroke through `IncrementalSearch`, the way the clerk's
search box calls it; the same keystrokes are also timed through the stateless
`CatalogueIndex.search` and through a plain substring scan over names, for comparison.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date

from bench.common import Result
from counter.bureau.models import CatalogueItem
from counter.catalogue_search import CatalogueIndex, IncrementalSearch
from counter.training.seed import load_catalogue

SIZE = 5_000
TODAY = date(2026, 3, 2)
OUTLET_CATEGORY = 1
PREFIXES = (
    "", "", "", "杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市",
    "舟山市", "台州市", "丽水市", "省直", "异地", "跨省", "港澳台人员", "退役军人",
    "新就业形态劳动者", "残疾人", "高校毕业生",
)  # fmt: skip
SUFFIXES = (
    "", "", "（网点代办）", "（预约办理）", "（批量）", "（线上协助）", "（老年人专窗）",
    "（集中办理）", "（补办）", "（加急）", "（委托代理人）", "（跨域通办）", "（长期护理）",
)  # fmt: skip
QUERIES = (
    "社保卡挂失", "养老", "养老保险待遇", "失业保险金", "灵活就业", "城乡居民", "社会保障卡补领",
    "密码重置", "退休", "工伤", "杭州市社保卡",
    "yanglao", "shebaoka", "linghuojiuye", "chengxiangjumin", "shiyejin", "mimachongzhi",
    "tuixiu", "zhuanyijiexu",
    "lhjy", "sbkgs", "cxjm", "ylbx", "gs", "lhjiuye",
    "SB08", "sb01001", "08047", "SB05",
    "社保ka",
)  # fmt: skip


def synthesize(size: int = SIZE, seed: int = 20260302) -> list[CatalogueItem]:
    """`size` valid catalogue items, all in force for outlet category 1 on TODAY."""
    rng = random.Random(seed)
    real = load_catalogue()
    qualifiers = [m.group(0) for it in real if (m := re.search(r"（[^）]*）$", it.name))]
    groups = sorted({it.code[2:4] for it in real})
    next_seq = dict.fromkeys(groups, 0)
    names = {it.name for it in real}
    items = [it.model_copy(update={"outlet_categories": [1, 2, 3]}) for it in real]
    while len(items) < size:
        base = rng.choice(real)
        core, _, own = base.name.partition("（")
        roll = rng.random()
        if roll < 0.35:
            tail = f"（{own}" if own else ""
        elif roll < 0.5:
            tail = rng.choice(qualifiers)  # another item's qualifier
        else:
            tail = rng.choice(SUFFIXES)
        name = rng.choice(PREFIXES) + core + tail
        if name in names:
            continue
        names.add(name)
        group = base.code[2:4]
        n = next_seq[group]  # SB08100…SB08999, then SK08100…, as real ranges grow
        code = f"{('SB', 'SK', 'SX', 'SZ')[n // 900]}{group}{100 + n % 900:03d}"
        next_seq[group] += 1
        materials = list(base.materials)
        rng.shuffle(materials)
        data = base.model_dump()
        data.update(
            code=code,
            name=name,
            materials=[m.model_dump() for m in materials[: rng.randint(1, len(materials) or 1)]],
            outlet_categories=sorted({1, *rng.sample([2, 3], rng.randint(0, 2))}),
            effective_from=date(2024, 1, 1),
            effective_to=rng.choice([None, None, None, date(2027, 12, 31)]),
        )
        items.append(CatalogueItem.model_validate(data))
    return items


def usage_counts(items: Sequence[CatalogueItem], seed: int = 7) -> dict[str, int]:
    """A busy outlet: about 300 items used, Zipf-like, the real seed items most."""
    rng = random.Random(seed)
    picked = [it.code for it in items[:62]] + rng.sample([it.code for it in items[62:]], 240)
    return {code: int(400 / (rank + 1)) + 1 for rank, code in enumerate(picked)}


def keystrokes(query: str) -> list[str]:
    return [query[:n] for n in range(1, len(query) + 1)]


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 4),
        "p95_ms": round(pct(95), 4),
        "p99_ms": round(pct(99), 4),
        "max_ms": round(ordered[-1], 4),
    }


def _time_typing(
    rounds: int, start: Callable[[], Callable[[str], object]]
) -> tuple[list[float], list[float], list[tuple[float, str]]]:
    """Every keystroke's latency in every round; each keystroke's best over the rounds
    (what is left when other processes steal the CPU now and then); the five slowest."""
    per_key: dict[tuple[str, str], list[float]] = {}
    for _ in range(rounds):
        for query in QUERIES:
            type_key = start()
            for prefix in keystrokes(query):
                t0 = time.perf_counter()
                type_key(prefix)
                per_key.setdefault((query, prefix), []).append((time.perf_counter() - t0) * 1000)
    samples = [ms for times in per_key.values() for ms in times]
    best = [min(times) for times in per_key.values()]
    slowest = sorted(((min(t), key[1]) for key, t in per_key.items()), reverse=True)
    return samples, best, slowest[:5]


def measure(rounds: int = 5) -> dict[str, object]:
    t0 = time.perf_counter()
    items = synthesize()
    synth_s = time.perf_counter() - t0
    usage = usage_counts(items)
    t0 = time.perf_counter()
    index = CatalogueIndex.build(items, outlet_category=OUTLET_CATEGORY, today=TODAY)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.prepare(usage)  # the app does this off the keystroke path when counts change
    prepare_s = time.perf_counter() - t0

    def incremental() -> Callable[[str], object]:
        return IncrementalSearch(index, limit=20, usage=usage).update

    def stateless() -> Callable[[str], object]:
        return lambda q: index.search(q, limit=20, usage=usage)

    names = [it.name for it in items]

    def baseline() -> Callable[[str], object]:
        return lambda q: [n for n in names if q in n][:20]

    gc.collect()
    inc, inc_best, inc_slow = _time_typing(rounds, incremental)
    sta, sta_best, sta_slow = _time_typing(rounds, stateless)
    base, base_best, _ = _time_typing(rounds, baseline)
    return {
        "items": len(items),
        "indexed": len(index),
        "queries": len(QUERIES),
        "keystrokes_per_round": sum(len(q) for q in QUERIES),
        "rounds": rounds,
        "synthesize_s": round(synth_s, 3),
        "build_s": round(build_s, 3),
        "used_items": len(usage),
        "prepare_usage_s": round(prepare_s, 3),
        "incremental": _percentiles(inc),
        "stateless": _percentiles(sta),
        "baseline_name_substring": _percentiles(base),
        "incremental_best_of_rounds": _percentiles(inc_best),
        "stateless_best_of_rounds": _percentiles(sta_best),
        "baseline_best_of_rounds": _percentiles(base_best),
        "slowest_incremental_best_of_rounds": [[round(ms, 3), q] for ms, q in inc_slow],
        "slowest_stateless_best_of_rounds": [[round(ms, 3), q] for ms, q in sta_slow],
    }


METHOD = """\
A 5,000-item catalogue is synthesized deterministically from the 62 seed items (names
recombined with city / target-group prefixes and handling suffixes, codes in each group's
range) and indexed for outlet category 1 (`CatalogueIndex.build`, then `prepare` with the
usage counts of a busy outlet, as the app does off the keystroke path). 30 queries (Chinese,
full pinyin, initials, codes, mixed) are typed keystroke by keystroke through
`IncrementalSearch.update` (what the clerk's search box calls), 5 rounds; **value = p99 of
every keystroke's latency** (`time.perf_counter` around the call, one process, GC on).
Baseline in the same run: the same keystrokes through a plain substring scan of the 5,000
names (`[n for n in names if q in n][:20]`) — it finds far less (no pinyin, initials or codes,
no ranking), it is the floor of any per-keystroke work. Target: p99 ≤ 2 ms.
"""


def run(quick: bool = False) -> Result:
    data = measure(1 if quick else 5)
    inc = data["incremental"]
    base = data["baseline_name_substring"]
    assert isinstance(inc, dict) and isinstance(base, dict)
    value = float(inc["p99_ms"])
    return Result(
        name="search",
        value=value,
        unit="ms p99 per keystroke",
        baseline=float(base["p99_ms"]),
        target="p99 ≤ 2 ms",
        met=value <= 2.0,
        method=METHOD,
        extra=data,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--rounds", type=int, default=5, help="times each query is typed")
    args = parser.parse_args(argv)
    result = measure(args.rounds)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"catalogue: {result['items']} items, {result['indexed']} indexed for the outlet")
    print(f"synthesize: {result['synthesize_s']} s   index build: {result['build_s']} s")
    print(f"prepare for {result['used_items']} used items: {result['prepare_usage_s']} s")
    print(
        f"{result['queries']} queries, {result['keystrokes_per_round']} keystrokes per round, "
        f"{result['rounds']} rounds"
    )
    print(f"{'per keystroke (ms)':<34}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}")
    for label, key in (
        ("IncrementalSearch", "incremental"),
        ("CatalogueIndex.search", "stateless"),
        ("baseline: substring over names", "baseline_name_substring"),
        ("IncrementalSearch, best of rounds", "incremental_best_of_rounds"),
        ("search, best of rounds", "stateless_best_of_rounds"),
        ("baseline, best of rounds", "baseline_best_of_rounds"),
    ):
        s = result[key]
        assert isinstance(s, dict)
        print(
            f"{label:<34}{s['p50_ms']:>8.3f}{s['p95_ms']:>8.3f}{s['p99_ms']:>8.3f}"
            f"{s['max_ms']:>8.3f}"
        )
    print("slowest keystrokes (incremental, best of rounds):")
    print("   ", result["slowest_incremental_best_of_rounds"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
