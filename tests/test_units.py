"""Tests for analysis.extract.units: the plausible range of each quantity, and the measure words."""

import pytest

from analysis.extract.numbers import QUANTITIES

from analysis.extract.metrics import metrics_table
from analysis.pipeline import process_text
from analysis.extract.units import RANGES, UNITS, counter_at, plausible

# quantity, kind, direction, base_unit, value_base, plausible — limits from plausible_ranges.tsv
PLAUSIBLE_CASES = [
    ("percent", "share", 0, "%", 29.1, True),
    ("percent", "share", 0, "%", 100.0, True),
    ("percent", "share", 0, "%", 100.5, False),  # a share cannot exceed the whole
    ("percent", "change", 1, "%", 144.0, True),  # 合同外资同比增长144%: growth may exceed 100 %
    ("percent", "change", -1, "%", 100.0, True),
    ("percent", "change", -1, "%", 120.0, False),  # a fall takes away at most all of it
    ("percent", "ratio", 0, "%", 248.57, True),  # 完成年计划的248.57%
    ("percent", "change", 1, "%", -2.1, True),  # 增长-2.1%: a fall of 2.1 %
    ("percent", "change", 1, "%", -120.0, False),  # a fall of more than all of it
    ("money", "level", 0, "元", 1.26e14, True),  # a year's GDP
    ("money", "level", 0, "元", 1e17, False),  # the 1.0e17 of a 亿 read twice
    ("power", "level", 0, "瓦", 2.705e10, True),  # 2705万千瓦
    ("power", "level", 0, "瓦", 1e15, False),
    ("count", "level", 0, "台", 5e12, False),  # 5万亿台(阶)
    ("duration", "level", 0, "天", 365.25e6, True),  # 大约一百万年以来
    ("other", "level", 0, "", 1e30, True),  # no range: nothing to check
    ("money", "level", 0, "元", float("nan"), True),
]


@pytest.mark.parametrize("quantity,kind,direction,base_unit,value_base,ok", PLAUSIBLE_CASES)
def test_plausible_ranges(quantity, kind, direction, base_unit, value_base, ok):
    assert plausible(quantity, kind, direction, base_unit, value_base) is ok


def test_ranges_lexicon_is_consistent():
    percent_rows = {"percent_share", "percent_change", "percent_fall", "percent_ratio"}
    assert set(RANGES.quantity) <= set(QUANTITIES) | percent_rows
    assert (RANGES.low.astype(float) <= RANGES.high.astype(float)).all()
    assert (RANGES.reason.str.len() > 0).all()


def test_units_lexicon_after_column():
    assert set(UNITS.after) == {"number", "magnitude"}


@pytest.mark.parametrize("text,pos,counter", [("修复石刻造像12尊", 8, "尊"), ("发布500强榜单", 5, ""), ("12345热线", 5, "")])
def test_counter_at(text, pos, counter):
    assert counter_at(text, pos) == counter


def _flagged(doc):
    table = metrics_table(doc)
    return table.loc[~table.plausible, ["doc_id", "text", "quantity", "kind", "value_base", "sentence"]]


def test_no_shipped_document_has_an_implausible_row(seed_doc, provincial_docs, national_records):
    """Every document `build` processes (seed, provincial 2025 Word files and 2026, national) passes the guard."""
    from analysis import paths
    from analysis.pipeline import read_document

    words = [read_document(p) for p in sorted((paths.RAW / "provincial-2025").glob("*.docx"))]
    docs = [seed_doc, *provincial_docs.values(), *words, *(process_text(t, i, m) for i, t, m in national_records)]
    assert len(docs) == 1 + 22 + 19 + 72  # as BUILD.json counts them
    flagged = [f for f in map(_flagged, docs) if len(f)]
    assert not flagged, flagged
