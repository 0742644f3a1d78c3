"""Tests for analysis.targets on real target paragraphs; expected values read by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.document import SENTENCE_COLUMNS, Document
from analysis.targets import TARGET_COLUMNS, indicator_of, targets_table

NATIONAL_2019 = (
    "今年经济社会发展的主要预期目标是：国内生产总值增长6%-6.5%；城镇新增就业1100万人以上，"
    "城镇调查失业率5.5%左右，城镇登记失业率4.5%以内；居民消费价格涨幅3%左右；国际收支基本平衡，"
    "进出口稳中提质；宏观杠杆率基本稳定，金融财政风险有效防控；农村贫困人口减少1000万以上，"
    "居民收入增长与经济增长基本同步；生态环境进一步改善，单位国内生产总值能耗下降3%左右，"
    "主要污染物排放量继续下降。"
)
NATIONAL_2025 = (
    "今年发展主要预期目标是：国内生产总值增长5%左右；城镇调查失业率5.5%左右，城镇新增就业1200万人以上；"
    "居民消费价格涨幅2%左右；居民收入增长和经济增长同步；国际收支保持基本平衡；粮食产量1.4万亿斤左右；"
    "单位国内生产总值能耗降低3%左右，生态环境质量持续改善。"
)
XINJIANG_2026 = (
    "今年经济社会发展主要预期目标是：地区生产总值增长5.5%—6%，在实际工作中努力争取更好结果。"
    "规模以上工业增加值增长7.5%左右，固定资产投资增长8%左右，社会消费品零售总额增长6%左右，"
    "外贸进出口总额增长10%左右，一般公共预算收入增长10%左右，城镇居民人均可支配收入增长7%左右、"
    "农村居民人均可支配收入增长8%左右，居民消费价格指数涨幅2%左右，城镇新增就业47万人以上、"
    "城镇调查失业率控制在5.5%以内。"
)


def fake_doc(paragraphs, doc_id="d", raw_shift=0):
    """A Document with paragraphs split into sentences at 。 and raw offsets shifted."""
    text = "\n".join(paragraphs)
    rows, pos = [], 0
    for pid, para in enumerate(paragraphs):
        start = pos
        for sent in [s + "。" for s in para.split("。") if s] if para.endswith("。") else [para]:
            rows.append(dict(doc_id=doc_id, part="", section="", paragraph_id=pid,
                             sentence_id=len(rows), start=start, end=start + len(sent), sentence=sent))  # fmt: skip
            start += len(sent)
        pos += len(para) + 1
    n = len(text)
    raw = "#" * raw_shift + text
    return Document(doc_id, text, raw, np.arange(n) + raw_shift, np.arange(n) + raw_shift + 1,
                    sentences=pd.DataFrame(rows))  # fmt: skip


def row(table, indicator):
    rows = table[table.indicator == indicator]
    assert len(rows) == 1, f"{indicator}: {len(rows)} rows"
    return rows.iloc[0]


# paragraph, indicator, value, low, high, unit, qualifier
TARGET_CASES = [
    ("2019-gdp", NATIONAL_2019, "gdp_growth", 6.25, 6, 6.5, "%", ""),
    ("2019-jobs", NATIONAL_2019, "new_urban_jobs", 1100, 1100, 1100, "万人", "以上"),
    ("2019-cpi", NATIONAL_2019, "cpi", 3, 3, 3, "%", "左右"),
    ("2019-energy", NATIONAL_2019, "energy_intensity", 3, 3, 3, "%", "左右"),
    ("2025-gdp", NATIONAL_2025, "gdp_growth", 5, 5, 5, "%", "左右"),
    ("2025-unemployment", NATIONAL_2025, "unemployment_rate", 5.5, 5.5, 5.5, "%", "左右"),
    ("2025-grain", NATIONAL_2025, "grain_output", 1.4, 1.4, 1.4, "万亿斤", "左右"),
    ("xinjiang-gdp", XINJIANG_2026, "gdp_growth", 5.75, 5.5, 6, "%", ""),
    ("xinjiang-industry", XINJIANG_2026, "industrial_value_added_growth", 7.5, 7.5, 7.5, "%", "左右"),
    ("xinjiang-investment", XINJIANG_2026, "fixed_investment_growth", 8, 8, 8, "%", "左右"),
    ("xinjiang-retail", XINJIANG_2026, "retail_sales_growth", 6, 6, 6, "%", "左右"),
    ("xinjiang-fiscal", XINJIANG_2026, "fiscal_revenue_growth", 10, 10, 10, "%", "左右"),
    ("xinjiang-unemployment", XINJIANG_2026, "unemployment_rate", 5.5, 5.5, 5.5, "%", "以内"),
]


@pytest.mark.parametrize(
    "paragraph,indicator,value,low,high,unit,qualifier",
    [c[1:] for c in TARGET_CASES],
    ids=[c[0] for c in TARGET_CASES],
)
def test_main_targets(paragraph, indicator, value, low, high, unit, qualifier):
    r = row(targets_table(fake_doc(["各位代表！", paragraph])), indicator)
    assert (r.value, r.low, r.high) == pytest.approx((value, low, high))
    assert (r.unit, r.qualifier, r.scope) == (unit, qualifier, "annual")


def test_two_income_targets_in_one_clause_list():
    t = targets_table(fake_doc([XINJIANG_2026]))
    income = t[t.indicator == "income_growth"]
    assert income.value.tolist() == [7, 8]
    assert income.name.tolist() == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]


def test_target_without_number_is_kept_with_nan():
    r = row(targets_table(fake_doc([NATIONAL_2025])), "income_growth")
    assert math.isnan(r.value)


def test_unnamed_targets_keep_their_name():
    t = targets_table(fake_doc([XINJIANG_2026]))
    assert "外贸进出口总额" in t[t.indicator == ""].name.tolist()


# --- prose targets of older national reports -----------------------------------------
PROSE_CASES = [
    ("1994", ["根据这个要求，今年计划国内生产总值增长百分之九。在连续两年增长百分之十三的基础上，安排这样的速度是比较合适的。"], 9, 9, ""),
    ("1992", ["今年计划要求，在保持社会总需求与总供给基本平衡的基础上，国民生产总值增长百分之六，全社会固定资产投资增长百分之八。"], 6, 6, ""),
    ("1995", ["保持适当的经济增长速度。综合分析各方面的条件，今年经济增长速度的宏观调控目标，定为百分之八至九。"], 8, 9, ""),
    ("1999", ["综合分析国内外的有利条件和制约因素，今年的经济增长预期为7%左右。"], 7, 7, "左右"),
    ("2003", ["综合分析国内外各种情况，今年经济增长预期目标为7%左右，这是必要的，经过努力也是可以实现的。"], 7, 7, "左右"),
]


@pytest.mark.parametrize("year,paragraphs,low,high,qualifier", PROSE_CASES, ids=[c[0] for c in PROSE_CASES])
def test_prose_gdp_target(year, paragraphs, low, high, qualifier):
    r = row(targets_table(fake_doc(paragraphs, doc_id=year)), "gdp_growth")
    assert (r.low, r.high, r.qualifier, r.scope) == (low, high, qualifier, "annual")


def test_plan_period_target_is_not_this_years():
    t = targets_table(fake_doc(["综合考虑各方面因素，“十五”期间年均经济增长速度预期目标为7%左右。"]))
    r = row(t, "gdp_growth")
    assert (r.value, r.scope) == (7, "plan_period")


def test_targets_table_reads_sentences_by_position_at_any_dtype():
    doc = fake_doc(["各位代表！", NATIONAL_2019, NATIONAL_2025], raw_shift=4)
    typed = doc.sentences.astype(SENTENCE_COLUMNS).set_axis(range(len(doc.sentences), 0, -1))
    table = targets_table(Document(doc.doc_id, doc.text, doc.raw_text, doc.raw_starts, doc.raw_ends, sentences=typed))
    pd.testing.assert_frame_equal(table, targets_table(doc), check_exact=True)
    assert len(table) > 10


def test_review_figures_are_not_targets():
    doc = fake_doc([
        "经过艰苦努力，我们率先实现复工复产，经济恢复好于预期，全年国内生产总值增长2.3%，宏观调控积累了新的经验。",
        "国内生产总值比上年增长7.8%，虽然略低于8%的预定目标，但这是在抵御亚洲金融危机的冲击和战胜国内特大洪涝灾害的情况下取得的，来之不易。",
    ])  # fmt: skip
    assert targets_table(doc).empty


def test_raw_start_points_at_the_target():
    doc = fake_doc(["各位代表！", NATIONAL_2025], raw_shift=5)
    r = row(targets_table(doc), "gdp_growth")
    assert doc.raw_text[r.raw_start : r.raw_start + 2] == "5%"


def test_targets_table_schema():
    t = targets_table(fake_doc([NATIONAL_2019]))
    assert list(t.columns) == list(TARGET_COLUMNS)
    for column, dtype in TARGET_COLUMNS.items():
        assert t[column].dtype == pd.Series(dtype=dtype).dtype, column


def test_targets_table_empty_document_keeps_schema():
    t = targets_table(fake_doc(["坚持稳中求进工作总基调。"]))
    assert t.empty and list(t.columns) == list(TARGET_COLUMNS)


@pytest.mark.parametrize(
    "name,indicator",
    [
        ("地区生产总值", "gdp_growth"),
        ("全省地区生产总值", "gdp_growth"),
        ("经济", "gdp_growth"),
        ("国民生产总值", "gdp_growth"),
        ("单位地区生产总值二氧化碳排放", "carbon_intensity"),
        ("单位国内生产总值能耗", "energy_intensity"),
        ("居民消费价格总水平", "cpi"),
        ("城镇登记失业率", "unemployment_rate"),
        ("地方一般公共预算收入", "fiscal_revenue_growth"),
        ("规上工业增加值", "industrial_value_added_growth"),
        ("粮食总产量", "grain_output"),
        ("全社会研发经费支出相当于全市生产总值的比例", ""),
        ("一产增加值", ""),
    ],
)
def test_indicator_names(name, indicator):
    assert indicator_of(name) == indicator
