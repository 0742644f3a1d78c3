"""Foreign trade (trade_growth) in every shipped provincial report of 2025 and 2026, against a
blind hand-read list (tests/annotations/trade_gold.tsv; its header says how it was made: a
helper who neither read nor ran the extractor, one target and one outcome row per report).

Targets: a gold row with a number must be found with the same number, qualifier and
``stated_in``; a gold row "no number" must give a target row without a number; a report whose
gold states no trade target (or only a level, 外贸进出口超8500亿元) must give no trade target
with a number. Outcomes: a gold row with a number must be the report's ``last_year`` outcome
with that value; where the gold has none, the report must give no ``last_year`` trade outcome
(five-year averages are ``plan_period`` rows, which the gold leaves out by its method).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pytest

from test_targets_gold import _file

from analysis import paths
from analysis.extract.outcomes import outcomes_table
from analysis.extract.targets import targets_table
from analysis.pipeline import read_document

GOLD = paths.ROOT / "tests" / "annotations" / "trade_gold.tsv"


@lru_cache(maxsize=None)
def _doc(source: str):
    return read_document(_file(source))


def _gold(kind: str) -> pd.DataFrame:
    g = pd.read_csv(GOLD, sep="\t", comment="#", dtype=str, keep_default_na=False)
    return g[g["kind"] == kind]


def test_the_gold_covers_every_shipped_provincial_report():
    g = pd.read_csv(GOLD, sep="\t", comment="#", dtype=str, keep_default_na=False)
    assert len(g) == 82 and g.groupby("source").size().eq(2).all() and g["source"].nunique() == 41
    assert all(_file(s).exists() for s in g["source"].unique())


@pytest.mark.parametrize("row", list(_gold("target").itertuples(index=False)), ids=lambda r: r.source)
def test_trade_targets_match_the_blind_annotation(row):
    doc = _doc(row.source)
    t = targets_table(doc)
    t = t[(t["indicator"] == "trade_growth") & (t["scope"] == "annual")]
    numbered = t[t["value"].notna()]
    if row.value:
        assert numbered[["low", "high", "qualifier", "stated_in"]].values.tolist() == [
            [float(row.low), float(row.high), row.qualifier, row.stated_in]]
        at = doc.raw_text.index(row.context)
        assert at <= numbered["raw_start"].iloc[0] < at + len(row.context)
    elif row.note.startswith("no number"):
        assert len(numbered) == 0 and t["value"].isna().sum() == 1
    else:  # not stated, or a level only
        assert len(numbered) == 0


@pytest.mark.parametrize("row", list(_gold("outcome").itertuples(index=False)), ids=lambda r: r.source)
def test_trade_outcomes_match_the_blind_annotation(row):
    o = outcomes_table(_doc(row.source))
    o = o[(o["indicator"] == "trade_growth") & (o["scope"] == "last_year")]
    if row.value:
        assert o["value"].tolist() == [float(row.value)]
    else:
        assert len(o) == 0, o[["name", "value", "sentence"]].values.tolist()
