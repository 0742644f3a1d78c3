"""Tests for analysis/plots.py: the numbers each figure shows, and strict glyph checking."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import plots, style, themes, words
from analysis.clean import DEFAULT_STEPS
from analysis.numbers import metrics_table


@pytest.fixture(scope="module")
def seed_tokens(seed_doc):
    return words.tokens(seed_doc)


@pytest.fixture(scope="module")
def seed_scores(seed_tokens):
    return themes.theme_scores(seed_tokens, level="section")


@pytest.fixture(scope="module")
def seed_metrics(seed_doc):
    return metrics_table(seed_doc)


def test_edits_by_step_counts_every_edit_in_pipeline_order(seed_doc):
    changes = seed_doc.report.changes
    table = plots.edits_by_step(changes)
    assert table["step"].tolist() == [s.name for s in DEFAULT_STEPS]
    assert table["edits"].sum() == len(changes)
    assert table["flagged"].sum() == (changes["flag"] != "").sum() == 6
    assert (table["flagged"] <= table["edits"]).all()


def test_theme_matrix_is_12_seed_sections_by_13_themes(seed_scores):
    m = plots.theme_matrix(seed_scores)
    assert m.shape == (12, 13)
    assert m.columns.tolist() == list(themes.THEME_KEYS)
    assert [label[:3] for label in m.index] == ["回顾｜"] * 6 + ["打算｜"] * 6
    assert ((m >= 0) & (m <= 1)).all().all()
    # themes never share a term, so a section's shares add up to at most 1
    assert (m.sum(axis=1) <= 1).all()
    # a damaged heading keeps its lost-character mark where the reader sees it
    assert sum("□" in label for label in m.index) == 3


def test_theme_matrix_values_are_the_section_shares(seed_scores):
    m = plots.theme_matrix(seed_scores)
    row = seed_scores[seed_scores["section"].str.endswith("（四）全力打响文化品牌，城市文化软实力不断增强")]
    expected = row.set_index("theme")["share"].reindex(m.columns)
    np.testing.assert_allclose(m.iloc[3].to_numpy(), expected.to_numpy())
    assert m.iloc[3].idxmax() == "culture"


def test_theme_share_by_part_pools_sections(seed_scores):
    t = plots.theme_share_by_part(seed_scores)
    assert set(t["kind"]) == {"review", "plan"}
    assert t.groupby("kind").size().tolist() == [13, 13]
    np.testing.assert_allclose(t["share"], t["n_matched"] / t["n_tokens"])
    assert (t.groupby("kind")["share"].sum() <= 1).all()
    review = t[t["kind"] == "review"].set_index("theme")["share"]
    plan = t[t["kind"] == "plan"].set_index("theme")["share"]
    assert review["health"] > 3 * plan["health"]  # the half-year's epidemic control


def test_top_words_drop_stopwords_numbers_and_policy_verbs(seed_tokens):
    top = plots.top_words(seed_tokens, 20)
    assert len(top) == 20
    assert top["count"].is_monotonic_decreasing
    content = seed_tokens[~seed_tokens["is_stopword"] & ~seed_tokens["is_policy_verb"]]
    assert set(top["token"]) <= set(content["token"])
    assert "建设" not in set(top["token"])
    assert "建设" in set(plots.top_words(seed_tokens, 20, drop_policy_verbs=False)["token"])


def test_top_keyness_is_signed_and_ordered(seed_tokens):
    from analysis.figures import keyness_review_vs_plan

    top = plots.top_keyness(keyness_review_vs_plan(seed_tokens), n=12)
    assert len(top) == 24
    assert top["signed_g2"].is_monotonic_decreasing
    assert top.iloc[0]["token"] == "位居"
    assert (top.loc[top["direction"] == "reference", "signed_g2"] < 0).all()


def test_growth_rates_are_signed_percent_changes(seed_metrics):
    g = plots.growth_rates(seed_metrics)
    assert len(g) == 15
    assert g.loc[g["metric"] == "PM2.5平均浓度", "rate"].tolist() == [-21.3]
    assert g.loc[g["metric"] == "地方财政收入", "rate"].tolist() == [0.5]


def test_amounts_are_positive_quantities(seed_metrics):
    a = plots.amounts(seed_metrics)
    assert (a["value_base"] > 0).all()
    assert set(a["quantity"]) <= set(plots.AMOUNT_QUANTITIES)
    assert a.loc[a["text"] == "145.5亿元", "value_base"].tolist() == [145.5e8]


def test_units_used_counts_every_written_unit(seed_metrics):
    u = plots.units_used(seed_metrics)
    assert u["count"].sum() == (seed_metrics["unit"] != "").sum()
    assert u.iloc[0]["count"] == u["count"].max()


def test_ranks_are_the_claimed_positions(seed_metrics):
    r = plots.ranks(seed_metrics)
    assert len(r) == 13
    assert set(r["rank"]) == {1, 2, 3}
    assert r.iloc[0]["label"] == "地方财政收入·增速"
    assert r["sentence"].str.contains("位居|跻身", regex=True).all()


@pytest.mark.parametrize(
    "values, counts",
    [
        ([1, 10, 100, 0.1], {1: 4}),
        ([2.5, 3e8, 9.99, 0, -4, float("nan")], {2: 1, 3: 1, 9: 1, 4: 1}),
        ([145.5, 1362.69, 82.7, 190], {1: 3, 8: 1}),
    ],
)
def test_leading_digits(values, counts):
    t = plots.leading_digits(values)
    assert t["digit"].tolist() == list(range(1, 10))
    assert dict(t.loc[t["count"] > 0, ["digit", "count"]].values.tolist()) == counts
    assert math.isclose(t["observed"].sum(), 1.0)
    assert math.isclose(t["expected"].sum(), 1.0)
    assert (t["low"] <= t["expected"]).all() and (t["expected"] <= t["high"]).all()


def test_expected_mad_shrinks_with_n():
    assert plots.expected_mad(100) > plots.expected_mad(1000) > plots.expected_mad(10000)
    assert math.isclose(plots.expected_mad(400), plots.expected_mad(100) / 2)


@pytest.mark.parametrize(
    "part, kind",
    [
        ("第一方面：关于上半年经济社会发展情况", "review"),
        ("第二方面：关于下半年工作的主要打算", "plan"),
        ("一、2025年工作回顾", "review"),
        ("二、2026年工作总体要求和政策取向", "plan"),
        ("", ""),
    ],
)
def test_part_kind(part, kind):
    assert plots.part_kind(part) == kind


def test_a_character_missing_from_the_font_is_an_error():
    table = pd.DataFrame({"token": ["한국어", "政府"], "count": [2, 1], "rate_per_10k": [2.0, 1.0]})
    with pytest.raises(style.GlyphMissingError, match="missing from"):
        style.figure_bytes(plots.plot_top_words(table), "png")


def test_chinese_labels_draw_without_warnings(recwarn):
    table = pd.DataFrame({"token": ["长三角G60科创走廊", "政府工作报告", "□"], "count": [3, 2, 1],
                          "rate_per_10k": [3.0, 2.0, 1.0]})
    style.figure_bytes(plots.plot_top_words(table), "png")
    assert not [w for w in recwarn if "Glyph" in str(w.message)]
