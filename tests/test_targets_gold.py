"""The main targets of every shipped provincial report of 2025 and 2026, against a hand-read
list (tests/annotations/provincial_targets_gold.tsv; its header says how it was made).

A gold row with a number is *found* when the targets table of the same report has a row of
the same indicator, with the same number(s); it is *exact* when the qualifier matches too
(the gold writes qualifiers as the report does; 不少于/不低于 are read as 以上, 控制在…以内 as 以内).
``extra``: rows the extractor gives with a number, for an indicator the gold covers, where
the gold has no number for that indicator in that report. The test prints the
counts and the misses, and asserts the floors below.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd
import pytest

from analysis import paths
from analysis.pipeline import read_document
from analysis.extract.targets import targets_table

GOLD = paths.ROOT / "tests" / "annotations" / "provincial_targets_gold.tsv"
#: Floors, set from the measurement printed by this test on 2026-12-05 (found 285/285, exact
#: 285/285, one extra row: 安徽 2025's grain target 825亿斤以上, which the work plan states and the
#: gold's note mentions, its main paragraph having none; 2026-12-04: 278/285); a regression
#: fails, a better extractor raises them.
FLOORS = {"found": 0.99, "exact": 0.99, "extra": 0.01}
#: Qualifiers that mean the same bound.
SAME = {"不少于": "以上", "不低于": "以上", "高于": "以上", "超过": "以上"}


def _file(source: str):
    kind, _, name = source.partition(":")
    if kind == "provincial2025":
        return paths.RAW / "provincial-2025" / f"2025年{name}政府工作报告.docx"
    return paths.RAW / "provincial-2026" / f"2026_{name}_政府工作报告.csv"


@lru_cache(maxsize=None)
def _targets(source: str) -> pd.DataFrame:
    return targets_table(read_document(_file(source)))


def _num(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _q(q: str) -> str:
    return SAME.get(q, q)


@pytest.fixture(scope="module")
def comparison():
    gold = pd.read_csv(GOLD, sep="\t", comment="#", dtype=str, keep_default_na=False)
    numeric = gold[gold["value"] != ""]
    found, exact, misses = 0, 0, []
    for row in numeric.itertuples():
        got = _targets(row.source)
        got = got[got["indicator"] == row.indicator]
        low, high = float(row.low), float(row.high)
        same = got[[(_num(a), _num(b)) == (low, high) for a, b in zip(got["low"], got["high"])]]
        if len(same):
            found += 1
            # the table may join qualifiers (力争|以上); the gold names the bound and notes 力争
            if any(_q(row.qualifier) in {_q(p) for p in str(q).split("|")} | {_q(q)} for q in same["qualifier"]):
                exact += 1
            else:
                misses.append((row.source, row.indicator, row.value, row.qualifier, "qualifier " + "/".join(same["qualifier"])))
        else:
            misses.append((row.source, row.indicator, row.value, row.qualifier,
                           "got " + ("; ".join(f"{a}{q}" for a, q in zip(got["value"], got["qualifier"])) or "nothing")))
    # rows the extractor gives, for an indicator the gold covers, that the gold has no
    # number for in that report
    extra = []
    covered = set(gold["indicator"])
    annotated = {(s, i) for s, i in zip(numeric["source"], numeric["indicator"])}
    extracted = 0
    for source in sorted(set(gold["source"])):
        got = _targets(source)
        for ind, value in zip(got["indicator"], got["value"]):
            if _num(value) is None or ind not in covered:
                continue
            extracted += 1
            if (source, ind) not in annotated:
                extra.append((source, ind, value))
    n = len(numeric)
    print(f"\nprovincial targets 2025+2026: {n} gold rows with a number; found {found} ({found / n:.1%}), "
          f"exact {exact} ({exact / n:.1%}); {len(extra)} extracted rows beyond the gold of {extracted}")
    for m in misses:
        print("  miss:", *m)
    for e in extra:
        print("  extra:", *e)
    return {"found": found / n, "exact": exact / n, "extra": len(extra) / max(extracted, 1)}


def test_targets_found_and_exact(comparison):
    assert comparison["found"] >= FLOORS["found"]
    assert comparison["exact"] >= FLOORS["exact"]


def test_few_targets_beyond_the_gold(comparison):
    assert comparison["extra"] <= FLOORS["extra"]


#: Floors of the targets named without a number (居民收入增长与经济增长同步, 单位地区生产总值能耗降低
#: 完成国家下达目标), set from the measurement printed by this test on 2026-12-06: found 54 of 76
#: (34 before energy, carbon, prices and grain in words were read), none beyond the gold. The 22
#: misses were energy and carbon in bundles that name no indicator (节能减排降碳完成国家下达目标,
#: which the gold reads as both) and goals stated after the verb (完成国家下达的…降低目标); read
#: since (``target_clauses._bound_by_law``, written on these misses, so not a blind figure): found
#: 76 of 76, none beyond the gold.
NUMBERLESS_FLOORS = {"found": 0.97, "beyond": 0.02}


def test_targets_named_without_a_number():
    """A gold row without a number but with a context (the report names the indicator as a
    target in words) is *found* when the report's targets have a row of that indicator without
    a number; *beyond*: rows without a number where the gold has none for that report."""
    gold = pd.read_csv(GOLD, sep="\t", comment="#", dtype=str, keep_default_na=False)
    words = gold[(gold["value"] == "") & (gold["context"] != "")]
    have = set(zip(words["source"], words["indicator"]))
    found, misses, beyond = 0, [], []
    for row in words.itertuples():
        got = _targets(row.source)
        if (got[got["indicator"] == row.indicator]["value"].isna()).any():
            found += 1
        else:
            misses.append((row.source, row.indicator, row.context))
    covered = set(gold["indicator"])
    for source in sorted(set(gold["source"])):
        got = _targets(source)
        for ind in got.loc[got["value"].isna() & got["indicator"].isin(covered), "indicator"]:
            if (source, ind) not in have:
                beyond.append((source, ind))
    print(f"\ntargets without a number: {len(words)} gold rows, found {found}; {len(beyond)} beyond the gold")
    for m in misses:
        print("  miss:", *m)
    for b in beyond:
        print("  beyond:", *b)
    assert found / len(words) >= NUMBERLESS_FLOORS["found"]
    assert len(beyond) / max(found + len(beyond), 1) <= NUMBERLESS_FLOORS["beyond"]
