"""Tests for analysis/viz/: the numbers each figure shows, and strict glyph checking."""

from __future__ import annotations

import functools
import io
import math

import numpy as np
import pandas as pd
import pytest

from analysis import viz, words
from analysis.words import themes
from analysis.viz import style
from analysis.clean import DEFAULT_STEPS
from analysis.extract.metrics import metrics_table


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
    table = viz.edits_by_step(changes)
    assert table["step"].tolist() == [s.name for s in DEFAULT_STEPS]
    assert table["edits"].sum() == len(changes)
    # 21 flagged mojibake edits (6 runs, the (一) one intact and unflagged, cut at 9
    # restorations: test_clean counts them) and the gloss whose character was lost
    assert table["flagged"].sum() == (changes["flag"] != "").sum() == 21 + 1
    assert (table["flagged"] <= table["edits"]).all()


def test_theme_matrix_is_12_seed_sections_by_13_themes(seed_scores):
    m = viz.theme_matrix(seed_scores)
    assert m.shape == (12, 13)
    assert m.columns.tolist() == list(themes.THEME_KEYS)
    assert [label[:3] for label in m.index] == ["回顾｜"] * 6 + ["打算｜"] * 6
    assert ((m >= 0) & (m <= 1)).all().all()
    # themes never share a term, so a section's shares add up to at most 1
    assert (m.sum(axis=1) <= 1).all()
    # a damaged heading keeps its lost-character mark where the reader sees it: (三) lost its
    # last characters; (四) and (六) have all theirs back (restored, flagged), and the line
    # before (六), once a lost character, is a restored （ of its own
    assert sum("□" in label for label in m.index) == 1


def test_theme_matrix_values_are_the_section_shares(seed_scores):
    m = viz.theme_matrix(seed_scores)
    row = seed_scores[seed_scores["section"].str.endswith("（四）全力打响文化品牌，城市文化软实力不断增强")]
    expected = row.set_index("theme")["share"].reindex(m.columns)
    np.testing.assert_allclose(m.iloc[3].to_numpy(), expected.to_numpy())
    assert m.iloc[3].idxmax() == "culture"


def test_theme_share_by_part_pools_sections(seed_scores):
    t = viz.theme_share_by_part(seed_scores)
    assert set(t["kind"]) == {"review", "plan"}
    assert t.groupby("kind").size().tolist() == [13, 13]
    np.testing.assert_allclose(t["share"], t["n_matched"] / t["n_tokens"])
    assert (t.groupby("kind")["share"].sum() <= 1).all()
    review = t[t["kind"] == "review"].set_index("theme")["share"]
    plan = t[t["kind"] == "plan"].set_index("theme")["share"]
    assert review["health"] > 3 * plan["health"]  # the half-year's epidemic control


def test_top_words_drop_stopwords_numbers_and_policy_verbs(seed_tokens):
    top = viz.top_words(seed_tokens, 20)
    assert len(top) == 20
    assert top["count"].is_monotonic_decreasing
    content = seed_tokens[~seed_tokens["is_stopword"] & ~seed_tokens["is_policy_verb"]]
    assert set(top["token"]) <= set(content["token"])
    assert "建设" not in set(top["token"])
    assert "建设" in set(viz.top_words(seed_tokens, 20, drop_policy_verbs=False)["token"])


def test_top_keyness_is_signed_and_ordered(seed_tokens):
    from analysis.viz.figures import keyness_review_vs_plan

    top = viz.top_keyness(keyness_review_vs_plan(seed_tokens), n=12)
    assert len(top) == 24
    assert top["signed_g2"].is_monotonic_decreasing
    assert top.iloc[0]["token"] == "位居"
    assert (top.loc[top["direction"] == "reference", "signed_g2"] < 0).all()


def test_growth_rates_are_signed_percent_changes(seed_metrics):
    g = viz.growth_rates(seed_metrics)
    assert len(g) == 16  # the seed's 16 changes in % (15 figures and 均实现两位数增长, at its lower bound)
    assert g.loc[g["text"] == "两位数", "rate"].tolist() == [10.0]
    assert g.loc[g["metric"] == "PM2.5平均浓度", "rate"].tolist() == [-21.3]
    assert g.loc[g["metric"] == "地方财政收入", "rate"].tolist() == [0.5]


def test_amounts_are_positive_quantities(seed_metrics):
    a = viz.amounts(seed_metrics)
    assert (a["value_base"] > 0).all()
    assert set(a["quantity"]) <= set(viz.AMOUNT_QUANTITIES)
    assert a.loc[a["text"] == "145.5亿元", "value_base"].tolist() == [145.5e8]


def test_units_used_counts_every_written_unit(seed_metrics):
    u = viz.units_used(seed_metrics)
    assert u["count"].sum() == (seed_metrics["unit"] != "").sum()
    assert u.iloc[0]["count"] == u["count"].max()


def test_ranks_are_the_claimed_positions(seed_metrics):
    r = viz.ranks(seed_metrics)
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
    t = viz.leading_digits(values)
    assert t["digit"].tolist() == list(range(1, 10))
    assert dict(t.loc[t["count"] > 0, ["digit", "count"]].values.tolist()) == counts
    assert math.isclose(t["observed"].sum(), 1.0)
    assert math.isclose(t["expected"].sum(), 1.0)
    assert (t["low"] <= t["expected"]).all() and (t["expected"] <= t["high"]).all()


def test_expected_mad_shrinks_with_n():
    assert viz.expected_mad(100) > viz.expected_mad(1000) > viz.expected_mad(10000)
    assert math.isclose(viz.expected_mad(400), viz.expected_mad(100) / 2)


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
    assert viz.part_kind(part) == kind


def test_a_character_missing_from_the_font_is_an_error():
    table = pd.DataFrame({"token": ["한국어", "政府"], "count": [2, 1], "rate_per_10k": [2.0, 1.0]})
    with pytest.raises(style.GlyphMissingError, match="missing from"):
        style.figure_bytes(viz.plot_top_words(table), "png")


def test_chinese_labels_draw_without_warnings(recwarn):
    table = pd.DataFrame({"token": ["长三角G60科创走廊", "政府工作报告", "□"], "count": [3, 2, 1],
                          "rate_per_10k": [3.0, 2.0, 1.0]})
    style.figure_bytes(viz.plot_top_words(table), "png")
    assert not [w for w in recwarn if "Glyph" in str(w.message)]



def test_a_log_axis_draws_its_powers_in_the_bundled_font(seed_metrics):
    # a log axis labels its ticks 10⁰ 10² … in math text, which matplotlib drew in whichever
    # DejaVu Sans its font cache had found first: on a machine with LibreOffice's fonts the
    # PDF embedded DejaVuSans beside the bundled font and the figure's bytes depended on the
    # cache (seven files of `figures` changed when another virtual environment rebuilt it)
    from pypdf import PdfReader

    pdf = style.figure_bytes(viz.plot_amounts_by_quantity(viz.amounts(seed_metrics)), "pdf")
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in PdfReader(io.BytesIO(pdf)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts == {"GWRNotoSansSC-Regular"}


def test_a_notebook_shows_a_figure_in_the_house_style(seed_metrics, caplog):
    # a notebook's picture is drawn when shown, after the figure's function returned: its math
    # text (a log axis's 10⁴) was laid out with matplotlib's defaults, looking fonts up in the
    # machine's font cache (a `findfont: Font family ['cursive'] not found` on stderr failed
    # nbval on this machine)
    import logging

    from analysis.viz.figures import _figure_png

    fig = viz.plot_amounts_by_quantity(viz.amounts(seed_metrics))
    with caplog.at_level(logging.INFO, logger="matplotlib.font_manager"):
        png = _figure_png(fig)
    assert png.startswith(b"\x89PNG") and not [r for r in caplog.records if "findfont" in r.getMessage()]

# ---------------------------------------------------------------------------------------
# 05 national reports 1954–2025, 06 provinces 2026
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_documents():
    """The documents table's metadata columns for the shipped corpora, read without processing."""
    from analysis import paths
    from analysis.readers.records import iter_corpus

    files = [paths.RAW / "national" / "government_work_reports.jsonl",
             *sorted((paths.RAW / "provincial-2026").glob("*.csv"))]
    rows = [{"doc_id": r.doc_id, **{k: r.metadata.get(k) for k in ("year", "region", "level", "kind")}}
            for f in files for r in iter_corpus(f)]
    return pd.DataFrame(rows).astype({"doc_id": "string", "year": "Int64", "region": "string",
                                      "level": "string", "kind": "string"})


def national_doc(documents, year):
    reports = viz.national_reports(documents)
    return reports.loc[reports["year"] == year, "doc_id"].item()


def target_rows(*rows):
    """A targets table from (doc_id, indicator, value, low, high, qualifier[, scope]) tuples."""
    cols = ["doc_id", "indicator", "value", "low", "high", "qualifier", "scope"]
    t = pd.DataFrame([r if len(r) == 7 else (*r, "annual") for r in rows], columns=cols)
    return t.assign(name=t["indicator"], unit="%", raw_start=np.arange(len(t)), stated_in="main_targets")


def test_national_reports_are_52_reports_1954_to_2025_without_resolutions(corpus_documents):
    reports = viz.national_reports(corpus_documents)
    assert len(reports) == 52
    assert reports["year"].is_unique and reports["year"].is_monotonic_increasing
    assert (reports["year"].min(), reports["year"].max()) == (1954, 2025)
    assert 2020 not in set(reports["year"]) and 1996 not in set(reports["year"])
    assert not reports["doc_id"].isin(corpus_documents.loc[corpus_documents["kind"] == "resolution", "doc_id"]).any()


def test_provincial_reports_are_22_in_gb2260_order(corpus_documents):
    provs = viz.provincial_reports(corpus_documents, year=2026)
    assert len(provs) == 22
    assert provs["short"].tolist()[:3] == ["北京", "天津", "河北"]
    assert provs["short"].tolist()[-1] == "新疆"
    assert dict(zip(provs["region"], provs["short"]))["内蒙古自治区"] == "内蒙古"


def test_unknown_region_is_an_error():
    docs = pd.DataFrame({"doc_id": ["x"], "level": ["provincial"], "kind": ["report"], "region": ["xx省"]})
    with pytest.raises(ValueError, match="xx省"):
        viz.provincial_reports(docs)


def test_theme_attention_by_year_is_72_years_by_13_themes_with_gaps_as_nan(corpus_documents):
    reports = viz.national_reports(corpus_documents)
    scores = pd.DataFrame([(d, t, y / 10_000) for d, y in zip(reports["doc_id"], reports["year"])
                           for t in themes.THEME_KEYS], columns=["doc_id", "theme", "share"])
    m = viz.theme_attention_by_year(scores, corpus_documents)
    assert m.shape == (72, 13)
    assert m.columns.tolist() == list(themes.THEME_KEYS)
    assert m.index[0] == 1954 and m.index[-1] == 2025
    assert m.loc[2020].isna().all() and m.loc[1996].isna().all()  # no report, not zero
    assert m.notna().all(axis=1).sum() == 52
    assert m.loc[2016, "ecology"] == pytest.approx(0.2016)


def test_gdp_growth_targets_keep_ranges_qualifiers_and_gaps(corpus_documents):
    doc = functools.partial(national_doc, corpus_documents)
    targets = target_rows(
        (doc(2016), "gdp_growth", 6.75, 6.5, 7.0, ""),
        (doc(2015), "gdp_growth", 7.0, 7.0, 7.0, "左右"),
        (doc(2021), "gdp_growth", 6.0, 6.0, 6.0, "以上"),
        (doc(2001), "gdp_growth", 7.0, 7.0, 7.0, "左右", "plan_period"),  # a five-year average, not annual
        (doc(2015), "cpi", 3.0, 3.0, 3.0, "左右"),
    )
    g = viz.gdp_growth_targets(targets, corpus_documents, since=1990).set_index("year")
    assert g.index.tolist() == list(range(1990, 2026))
    assert g.loc[2016, ["low", "high"]].tolist() == [6.5, 7.0] and g.loc[2016, "is_range"]
    assert (g.loc[2015, "value"], g.loc[2015, "qualifier"], g.loc[2015, "is_range"]) == (7.0, "左右", False)
    assert g.loc[2021, "qualifier"] == "以上"
    assert g.loc[2001, "status"] == "no_target" and math.isnan(g.loc[2001, "value"])
    assert g.loc[2020, "status"] == "no_report" and g.loc[2020, "doc_id"] == ""
    assert g.loc[1990, "status"] == "no_report"
    assert set(g["status"]) == {"target", "no_target", "no_report"}


def test_gdp_growth_target_2016_is_the_range_6_5_to_7_in_the_report(national_records, corpus_documents):
    from analysis.pipeline import process_text
    from analysis.extract.targets import targets_table

    wanted = {national_doc(corpus_documents, y): y for y in (2001, 2016)}
    found = pd.concat([targets_table(process_text(text, doc_id, meta))
                       for doc_id, text, meta in national_records if doc_id in wanted])
    g = viz.gdp_growth_targets(found, corpus_documents).set_index("year")
    assert g.loc[2016, ["low", "high", "value"]].tolist() == [6.5, 7.0, 6.75]
    assert g.loc[2016, "qualifier"] == ""
    assert g.loc[2001, "status"] == "no_target"  # only the 10th five-year plan's average


def test_top_keyness_by_group_ranks_words_over_used_in_each_group():
    toks = pd.DataFrame({
        "doc_id": ["a"] * 6 + ["b"] * 6 + ["c"] * 2,
        "token": ["工业", "工业", "工业", "计划", "的", "推进", "创新", "创新", "计划", "民生", "的", "推进", "工业", "创新"],
        "kind": ["word"] * 14,
        "is_stopword": [t == "的" for t in "工业 工业 工业 计划 的 推进 创新 创新 计划 民生 的 推进 工业 创新".split()],
        "is_policy_verb": [t == "推进" for t in "工业 工业 工业 计划 的 推进 创新 创新 计划 民生 的 推进 工业 创新".split()],
    })
    groups = pd.Series({"a": "1950s", "b": "2010s"})  # "c" belongs to no group: ignored
    k = viz.top_keyness_by_group(toks, groups, n=5)
    assert k.columns[:3].tolist() == ["group", "rank", "token"]
    assert list(pd.unique(k["group"])) == ["1950s", "2010s"]
    assert k[k["group"] == "1950s"]["token"].tolist() == ["工业"]
    assert k[k["group"] == "2010s"]["token"].tolist() == ["创新", "民生"]
    assert k[k["group"] == "2010s"]["rank"].tolist() == [1, 2]
    assert (k["count_target"] > 0).all() and (k["direction"] == "target").all()
    with_verbs = viz.top_keyness_by_group(toks, groups, n=5, drop_policy_verbs=False)
    assert "推进" not in set(with_verbs["token"])  # equal rates: in neither direction


def test_national_keyness_by_decade_groups_reports_by_decade():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "r"], "level": ["national"] * 4,
                         "kind": ["report"] * 3 + ["resolution"],
                         "year": pd.array([1954, 1959, 2013, None], dtype="Int64")})
    toks = pd.DataFrame({"doc_id": ["a", "b", "b", "c", "c", "r"],
                         "token": ["苏联", "苏联", "工业", "创新", "创新", "苏联"],
                         "kind": "word", "is_stopword": False, "is_policy_verb": False})
    k = viz.national_keyness_by_decade(toks, docs)
    assert k[["decade", "n_reports", "rank", "token"]].values.tolist() == [
        ["1950s", 2, 1, "苏联"], ["1950s", 2, 2, "工业"], ["2010s", 1, 1, "创新"]]


def test_report_length_counts_characters_inside_words_and_leaves_gaps_empty():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "level": "national", "kind": "report",
                         "year": pd.array([2018, 2021], dtype="Int64")})
    toks = pd.DataFrame({"doc_id": ["a", "a", "b"], "start": [0, 3, 0], "end": [2, 7, 3]})
    t = viz.report_length(toks, docs).set_index("year")
    assert t.index.tolist() == [2018, 2019, 2020, 2021]
    assert t.loc[2018, ["n_chars", "n_tokens"]].tolist() == [6, 2]
    assert t.loc[2021, "n_chars"] == 3
    assert t.loc[2020, "status"] == "no_report" and math.isnan(t.loc[2020, "n_chars"])


def test_provincial_targets_are_a_full_grid_with_missing_cells(corpus_documents):
    provs = viz.provincial_reports(corpus_documents, year=2026).set_index("short")["doc_id"]
    targets = target_rows(
        (provs["安徽"], "gdp_growth", 5.25, 5.0, 5.5, ""),
        (provs["北京"], "gdp_growth", 5.0, 5.0, 5.0, "左右"),
        (provs["北京"], "gdp_growth", 5.0, 5.0, 5.0, "左右", "plan_period"),
        (provs["北京"], "cpi", 2.0, 2.0, 2.0, "左右"),
        (provs["广东"], "gdp_growth", 4.75, 4.5, 5.0, ""),
        (provs["广东"], "gdp_growth", 5.0, 5.0, 5.0, "以上"),  # a second annual row: the first counts
        (provs["上海"], "new_urban_jobs", 60.0, 60.0, 60.0, "以上"),
    )
    targets.loc[targets["doc_id"] == provs["上海"], "stated_in"] = "work_plan"
    t = viz.provincial_targets(targets, corpus_documents, year=2026)
    assert len(t) == 22 * 4
    assert t["indicator"].tolist()[:4] == list(viz.MAIN_TARGETS)
    cell = t.set_index(["short", "indicator"])
    assert cell.loc[("安徽", "gdp_growth"), ["low", "high"]].tolist() == [5.0, 5.5]
    assert cell.loc[("安徽", "gdp_growth"), "is_range"]
    assert cell.loc[("北京", "cpi"), "qualifier"] == "左右"
    assert cell.loc[("广东", "gdp_growth"), "value"] == 4.75
    assert cell.loc[("广东", "cpi"), "status"] == "missing" and math.isnan(cell.loc[("广东", "cpi"), "value"])
    assert cell.loc[("上海", "new_urban_jobs"), ["stated_in", "label"]].tolist() == ["work_plan", "60%以上"]
    assert cell.loc[("北京", "cpi"), "stated_in"] == "main_targets" and cell.loc[("广东", "cpi"), "stated_in"] == ""
    assert (t["status"] == "target").sum() == 5


def test_provincial_theme_profiles_are_22_provinces_by_13_themes(corpus_documents):
    provs = viz.provincial_reports(corpus_documents, year=2026)
    scores = pd.DataFrame([(d, t, 0.01 * (i + 1)) for i, d in enumerate(provs["doc_id"])
                           for t in themes.THEME_KEYS], columns=["doc_id", "theme", "share"])
    m = viz.provincial_theme_profiles(scores, corpus_documents, year=2026)
    assert m.shape == (22, 13)
    assert m.index.tolist() == provs["short"].tolist()
    assert m.loc["北京", "economy"] == pytest.approx(0.01)


def test_provincial_keyness_ranks_each_province_against_the_rest():
    docs = pd.DataFrame({"doc_id": ["sh", "xj"], "level": "provincial", "kind": "report",
                         "region": ["上海市", "新疆维吾尔自治区"]})
    toks = pd.DataFrame({"doc_id": ["sh", "sh", "xj", "xj", "xj"], "token": ["浦东", "发展", "南疆", "南疆", "发展"],
                         "kind": "word", "is_stopword": False, "is_policy_verb": False})
    k = viz.provincial_keyness(toks, docs)
    assert k[["region", "rank", "token"]].values.tolist() == [["上海", 1, "浦东"], ["上海", 2, "发展"],
                                                              ["新疆", 1, "南疆"]]


def test_missing_target_context_shows_what_a_report_says_of_an_empty_cell():
    grid = pd.DataFrame({"short": ["甲", "甲", "乙"], "indicator": ["cpi", "gdp_growth", "cpi"],
                         "status": ["missing", "target", "missing"]})
    sentences = pd.DataFrame({"short": ["甲", "甲", "乙"], "part": ["三、今年工作", "一、回顾", "一、回顾"],
                              "sentence": ["城镇调查失业率5.5%左右，居民消费价格保持合理水平。",
                                           "地区生产总值增长5%。", "地区生产总值增长5%。"]})
    out = viz.missing_target_context(grid, sentences, width=4)
    assert out.values.tolist() == [["甲", "cpi", "三、今年工作", "%左右，居民消费价格保持合理水平"],  # 4 characters before, 6 after
                                   ["乙", "cpi", "", ""]]  # 乙 never names it
