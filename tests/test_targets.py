"""Tests for analysis.extract.targets on real target paragraphs; expected values read by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis.document import SENTENCE_COLUMNS, Document
from analysis.extract.targets import TARGET_COLUMNS, indicator_of, sentence_targets, targets_table

ANNOTATIONS = paths.ROOT / "tests" / "annotations"

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
    t = targets_table(fake_doc(["今年主要预期目标是：地区生产总值增长5%左右，高技术制造业增加值增长10%以上。"]))
    assert t[t.indicator == ""].name.tolist() == ["高技术制造业增加值"]


def test_foreign_trade_is_an_indicator():
    t = targets_table(fake_doc([XINJIANG_2026]))
    assert t.loc[t.indicator == "trade_growth", ["name", "value", "qualifier"]].values.tolist() == [["外贸进出口总额", 10.0, "左右"]]


@pytest.mark.parametrize("clause, indicator, name", [
    # 湖南 2026, 山西 2025/2026, 重庆 2025: positive growth, a target without a number
    ("固定资产投资实现正增长", "fixed_investment_growth", "固定资产投资"),
    ("进出口总额争取实现正增长", "trade_growth", "进出口总额"),
    ("进出口总额力争保持正增长", "trade_growth", "进出口总额"),
    # 湖南 2025, 河南 2026: steady volume, better quality — named, without a number
    ("进出口保稳提质", "trade_growth", "进出口"),
    ("进出口稳量提质", "trade_growth", "进出口"),
    # energy and carbon intensity, prices, grain, investment named in words (provincial 2025/2026)
    ("单位地区生产总值能耗降低完成国家下达目标", "energy_intensity", "单位地区生产总值能耗"),
    ("单位地区生产总值能耗保持下降", "energy_intensity", "单位地区生产总值能耗"),
    ("单位地区生产总值二氧化碳排放完成目标任务", "carbon_intensity", "单位地区生产总值二氧化碳排放"),
    ("居民消费价格保持合理水平", "cpi", "居民消费价格"),
    ("居民消费价格涨幅与全国一致", "cpi", "居民消费价格"),
    ("粮食产量保持稳定", "grain_output", "粮食产量"),
    ("万元GDP能耗下降完成省下达任务", "energy_intensity", "万元GDP能耗"),
    ("城乡居民人均收入实际增长与经济增长同步", "income_growth", "城乡居民人均收入"),  # national 2013
    ("进出口回稳向好", "trade_growth", "进出口"),  # national 2016, 2017
    ("进出口稳中向好", "trade_growth", "进出口"),  # national 2018
    ("进出口量稳质升", "trade_growth", "进出口"),  # national 2021
])  # fmt: skip
def test_a_target_named_in_words_has_no_number(clause, indicator, name):
    p = f"今年主要预期目标是：地区生产总值增长5%左右；{clause}；城镇新增就业70万人。"
    t = targets_table(fake_doc([p]))
    r = t[t.indicator == indicator]
    assert r.name.tolist() == [name] and r.value.isna().all()


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
        ("财政总收入", ""),  # another measure (with the taxes passed up to the centre): not comparable
        ("规上工业增加值", "industrial_value_added_growth"),
        ("粮食总产量", "grain_output"),
        ("全社会研发经费支出相当于全市生产总值的比例", ""),
        ("一产增加值", ""),
        # names of other years and levels (energy per 万元 of GDP; budget revenue before 2014)
        ("万元地区生产总值能耗", "energy_intensity"),
        ("万元GDP综合能耗", "energy_intensity"),
        ("单位地区生产总值综合能耗", "energy_intensity"),
        ("万元GDP二氧化碳排放", "carbon_intensity"),
        ("地方财政一般预算收入", "fiscal_revenue_growth"),
        ("财政一般预算收入", "fiscal_revenue_growth"),
        ("每吨钢的综合能耗", ""),  # a plant's energy use, not the economy's intensity
        ("全社会消费品零售总额", "retail_sales_growth"),
        ("社会消费品零售额", "retail_sales_growth"),
        ("县域生产总值", ""),  # the counties' aggregate in a province's report: not its GDP
        # foreign trade, a main target of most provinces (and of national 2004–2015): the total only
        ("进出口总额", "trade_growth"),
        ("全省外贸进出口", "trade_growth"),
        ("货物贸易进出口总值", "trade_growth"),
        ("进出口贸易总额", "trade_growth"),
        ("外贸", "trade_growth"),
        ("外贸进出口额", "trade_growth"),  # 甘肃 2025
        # the short forms of county and city reports
        ("社零额", "retail_sales_growth"),
        ("社零", "retail_sales_growth"),
        ("固投", "fixed_investment_growth"),
        # a table row's name, its rate word after it
        ("固投增长", "fixed_investment_growth"),
        ("进出口总额增长", "trade_growth"),
        ("社零额增速", "retail_sales_growth"),
        ("外贸出口", ""),  # exports alone
        ("进出口企业", ""),
    ],
)
def test_indicator_names(name, indicator):
    assert indicator_of(name) == indicator


# --- targets stated only in the work plan ---------------------------------------------
TARGETS_2026 = "今年经济社会发展的主要预期目标是：全市生产总值增长5%左右，城镇调查失业率5%左右。"


def sectioned_doc(sections, doc_id="d"):
    """A Document from ``[(section path, [paragraph, …]), …]``, its part the path's first heading."""
    rows, pos, texts = [], 0, []
    for section, paragraphs in sections:
        for para in paragraphs:
            pid = len(texts)
            for sent in [s + "。" for s in para.split("。") if s] if para.endswith("。") else [para]:
                rows.append(dict(doc_id=doc_id, part=section.split(" > ")[0], section=section, paragraph_id=pid,
                                 sentence_id=len(rows), start=pos, end=pos + len(sent), sentence=sent))  # fmt: skip
                pos += len(sent)
            texts.append(para)
            pos += 1
    text = "\n".join(texts)
    n = len(text)
    return Document(doc_id, text, text, np.arange(n), np.arange(n) + 1, sentences=pd.DataFrame(rows))


def plan_doc(*work_plan, part="三、2026年主要任务", later=()):
    """A 2026-style report: a review part, the year's part opened by its target paragraph and
    followed by ``work_plan`` paragraphs, then the ``later`` ``(section, paragraphs)``."""
    return sectioned_doc([
        ("一、2025年工作回顾", ["城镇新增就业62万人，粮食产量稳定在500万吨。"]),
        (part, [TARGETS_2026]),
        (f"{part} > （一）着力保障和改善民生", list(work_plan)),
        *later,
    ])  # fmt: skip


def work_plan(table):
    return table[table.stated_in == "work_plan"]


def test_work_plan_adds_a_target_the_main_paragraph_lacks():
    t = targets_table(plan_doc("促进高质量充分就业。强化重点群体就业帮扶，城镇新增就业60万人以上。"))
    assert t[t.stated_in == "main_targets"].indicator.tolist() == ["gdp_growth", "unemployment_rate"]
    r = row(work_plan(t), "new_urban_jobs")
    assert (r.value, r.unit, r.qualifier, r.scope, r["name"]) == (60, "万人", "以上", "annual", "城镇新增就业")


def test_work_plan_gives_the_number_of_a_target_the_main_paragraph_names_in_words():
    # 安徽 2025: 粮食产量…完成国家下达目标任务 in the main paragraph, 粮食产量825亿斤以上 in the work
    # plan; but a comparison (居民收入增长与经济增长同步) is a target in full, which a number for
    # one group (农村居民人均可支配收入增长6%以上, 云南 2026) does not restate
    p = "今年主要预期目标是：地区生产总值增长5%左右；粮食产量完成国家下达目标任务；居民人均可支配收入增长与经济增长同步。"
    doc = sectioned_doc([("三、2025年工作安排", [p]),
                         ("三、2025年工作安排 > （一）", ["粮食产量稳定在825亿斤以上。农村居民人均可支配收入增长6%以上。"])])
    t = targets_table(doc)
    assert [(i, None if math.isnan(v) else v, s) for i, v, s in t[["indicator", "value", "stated_in"]].values] == [
        ("gdp_growth", 5.0, "main_targets"), ("grain_output", None, "main_targets"),
        ("income_growth", None, "main_targets"), ("grain_output", 825.0, "work_plan")]


def test_work_plan_rows_are_in_document_order_with_the_main_rows():
    t = targets_table(plan_doc("粮食产量稳定在485亿斤左右。", "社会消费品零售总额增长5%左右。"))
    assert t.indicator.tolist() == ["gdp_growth", "unemployment_rate", "grain_output", "retail_sales_growth"]
    assert t.stated_in.tolist() == ["main_targets"] * 2 + ["work_plan"] * 2
    assert t.raw_start.is_monotonic_increasing


def test_work_plan_takes_the_first_statement_of_an_indicator():
    t = targets_table(plan_doc("城镇新增就业28万人，力争城镇新增就业30万人。", "全年城镇新增就业32万人以上。"))
    assert row(work_plan(t), "new_urban_jobs").value == 28


@pytest.mark.parametrize(
    "sentence,indicator,value,unit,qualifier",
    [
        # the list's subject written once, at its head (浙江 2025, 广东 2026)
        ("严格耕地占补平衡管理，确保粮食播种面积1520万亩、总产125亿斤。", "grain_output", 125, "亿斤", ""),
        ("推广紫云英等绿肥种植，实现粮食播种面积3320万亩、产量1285万吨以上。", "grain_output", 1285, "万吨", "以上"),
        # 均: one figure for every name of the list, written in numerals (西藏 2026)
        ("建设一批特色农产品生产基地，粮食、肉蛋奶、蔬菜产量均稳定在百万吨以上。", "grain_output", 100, "万吨", "以上"),
        # 投资 alone is fixed-asset investment (湖北 2025, 广东 2026)
        ("全年实施亿元以上项目1.6万个，投资增长7%左右。", "fixed_investment_growth", 7, "%", "左右"),
    ],
)
def test_work_plan_reads_how_provinces_write_grain_and_investment(sentence, indicator, value, unit, qualifier):
    r = row(work_plan(targets_table(plan_doc(sentence))), indicator)
    assert (r.value, r.unit, r.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize(
    "sentence",
    [
        "粮食播种面积1520万亩、高标准农田78万亩。",  # no name of the list is grain output
        "产业投资增长7%左右，民间投资增长5%。",  # a qualified 投资 is another figure
    ],
)
def test_work_plan_takes_no_subject_that_names_no_indicator(sentence):
    assert work_plan(targets_table(plan_doc(sentence))).empty


def test_work_plan_does_not_restate_a_main_target():
    t = targets_table(plan_doc("城镇调查失业率控制在5.5%以内。"))
    assert work_plan(t).empty and row(t, "unemployment_rate").value == 5


@pytest.mark.parametrize(
    "sentence",
    [
        "“十五五”期间城镇新增就业累计300万人。",  # a plan period
        "力争到2030年，城镇新增就业达到60万人以上。",  # a later milestone
        "城镇新增就业年均50万人。",
        "去年城镇新增就业52万人。",  # the year reviewed
        "2025年城镇新增就业52万人。",
        "新增就业岗位50万个。",  # a longer name: job openings, not new urban jobs
        "规上工业增加值占地区生产总值比重达到35%。",  # a share, not the growth target
        "居民收入增长和经济增长同步，开展技能培训5万人次。",  # a target without a number
    ],
)
def test_work_plan_reads_only_this_years_numbers_of_named_indicators(sentence):
    assert work_plan(targets_table(plan_doc(sentence))).empty


def test_work_plan_leaves_out_review_and_five_year_plan_headings():
    later = [
        ("四、关于“十五五”规划纲要的说明", ["城镇新增就业60万人以上。"]),
        ("五、其他 > （二）“十五”期间国民经济和社会发展主要情况", ["粮食产量稳定在500万吨以上。"]),
        ("六、加强政府自身建设", ["社会消费品零售总额增长5%左右。"]),
    ]
    assert work_plan(targets_table(plan_doc(later=later))).indicator.tolist() == ["retail_sales_growth"]


def test_work_plan_part_may_name_the_five_year_plan_it_opens():
    # 福建 2026: 三、一鼓作气勇争先，全力推动“十五五”开好局、起好步 holds the target paragraph
    doc = plan_doc("城镇新增就业50万人。", part="三、一鼓作气勇争先，全力推动“十五五”开好局、起好步")
    assert row(work_plan(targets_table(doc)), "new_urban_jobs").value == 50


def test_no_work_plan_without_a_target_paragraph():
    # older reports: the prose GDP target is a main target; nothing else is read
    t = targets_table(fake_doc(["今年计划国内生产总值增长百分之九。", "城镇新增就业700万人。"]))
    assert t.indicator.tolist() == ["gdp_growth"] and t.stated_in.tolist() == ["main_targets"]


def test_work_plan_targets_of_2026_provincial_reports_match_the_annotation(provincial_docs):
    """Every work-plan row of the 22 provincial reports is in work_plan_targets.tsv, and every
    annotated row is found, at its context."""
    gold = pd.read_csv(ANNOTATIONS / "work_plan_targets.tsv", sep="\t", comment="#", dtype=str, keep_default_na=False)
    docs = {d.doc_id: d for d in provincial_docs.values()}
    assert set(gold.doc_id) <= set(docs) and len(docs) == 22
    found = pd.concat([work_plan(targets_table(d)) for d in docs.values()])
    key = ["doc_id", "indicator", "value", "unit", "qualifier"]
    want = {(g.doc_id, g.indicator, float(g.value), g.unit, g.qualifier) for g in gold.itertuples()}
    got = {tuple(r) for r in found[key].itertuples(index=False)}
    assert not want - got, f"missing: {sorted(want - got)}"
    assert not got - want, f"extra: {sorted(got - want)}"
    for g in gold.itertuples():
        doc = docs[g.doc_id]
        assert doc.raw_text.count(g.context) == 1, g.context
        at = doc.raw_text.index(g.context)
        r = found[(found.doc_id == g.doc_id) & (found.indicator == g.indicator)].iloc[0]
        assert at <= r.raw_start < at + len(g.context), (g.doc_id, g.indicator)


# --- issue 12: lists of targets, local wordings, one rule for the work plan -----------
# target paragraph, expected (indicator, name, value, qualifier) rows, in order
LIST_CASES = [
    (  # 分别 … 以内 bounds both figures; the second name keeps its own indicator
        "今年主要预期目标是：城镇调查失业率、居民消费价格涨幅分别控制在5%和3%以内。",
        [("unemployment_rate", "城镇调查失业率", 5, "以内"), ("cpi", "居民消费价格", 3, "以内")],
    ),
    (  # 西藏 2026: each figure its own 左右; 城乡 (城镇和乡村) names two incomes, in that order
        "今年主要预期目标是：城乡居民人均可支配收入分别增长7%左右和8%左右。",
        [("income_growth", "城镇居民人均可支配收入", 7, "左右"), ("income_growth", "农村居民人均可支配收入", 8, "左右")],
    ),
    (  # 甘肃 2026
        "今年主要预期目标是：城乡居民人均可支配收入分别增长5%、6.5%左右。",
        [("income_growth", "城镇居民人均可支配收入", 5, "左右"), ("income_growth", "农村居民人均可支配收入", 6.5, "左右")],
    ),
    (  # 江西 2026: 左右 written once after the last figure bounds both
        "今年主要预期目标是：城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右。",
        [("income_growth", "城镇居民人均可支配收入", 4.5, "左右"), ("income_growth", "农村居民人均可支配收入", 5.5, "左右")],
    ),
    (
        "今年主要预期目标是：城镇、农村居民人均可支配收入分别增长7%和8%左右。",
        [("income_growth", "城镇居民人均可支配收入", 7, "左右"), ("income_growth", "农村居民人均可支配收入", 8, "左右")],
    ),
    (  # 均: one figure for every name of the list
        "今年主要预期目标是：城镇居民人均可支配收入、农村居民人均可支配收入均增长8%。",
        [("income_growth", "城镇居民人均可支配收入", 8, ""), ("income_growth", "农村居民人均可支配收入", 8, "")],
    ),
    (
        "今年主要预期目标是：二氧化硫、氮氧化物排放分别减少3%和5%。",
        [("", "二氧化硫排放", 3, ""), ("", "氮氧化物排放", 5, "")],
    ),
    (  # 年均 is not 均
        "今年主要预期目标是：城乡居民收入年均增长6%。",
        [("income_growth", "城乡居民收入", 6, "")],
    ),
    (  # as many figures as names, in a row, without 分别 (as national 2012 and Jiangsu 2026 state outcomes)
        "今年主要预期目标是：城乡居民人均可支配收入增长6%、7%左右。",
        [("income_growth", "城镇居民人均可支配收入", 6, "左右"), ("income_growth", "农村居民人均可支配收入", 7, "左右")],
    ),
    (
        "今年主要预期目标是：城镇和农村居民人均可支配收入增长6%和7%。",
        [("income_growth", "城镇居民人均可支配收入", 6, ""), ("income_growth", "农村居民人均可支配收入", 7, "")],
    ),
]


@pytest.mark.parametrize("paragraph,expected", LIST_CASES, ids=range(len(LIST_CASES)))
def test_list_of_targets_gives_each_name_its_figure(paragraph, expected):
    t = targets_table(fake_doc([paragraph]))
    got = [(r.indicator, r["name"], r.value, r.qualifier) for _, r in t.iterrows()]
    assert got == [(i, n, pytest.approx(v), q) for i, n, v, q in expected]


def test_regression_respectively_list_gave_the_first_name_to_both_figures():
    t = targets_table(fake_doc(["今年主要预期目标是：失业率、居民消费价格涨幅分别控制在5%和3%以内。"]))
    assert t.indicator.tolist() == ["unemployment_rate", "cpi"]
    assert t.qualifier.tolist() == ["以内", "以内"]


@pytest.mark.parametrize(
    "name,indicator",
    [
        ("区本级固定资产投资", "fixed_investment_growth"),
        ("市本级一般公共预算收入", "fiscal_revenue_growth"),
        ("区级一般公共预算收入", "fiscal_revenue_growth"),  # a district's own, as 区本级
        ("县级一般公共预算收入", "fiscal_revenue_growth"),
        ("城镇人均可支配收入", "income_growth"),
        ("农村人均可支配收入", "income_growth"),
        ("农民人均纯收入", "income_growth"),
        ("城镇新增就业人数", "new_urban_jobs"),
    ],
)
def test_local_wordings_of_indicators(name, indicator):
    assert indicator_of(name) == indicator


@pytest.mark.parametrize(
    "sentence,value",
    [
        ("城镇新增就业60万人以上。", 60),
        ("城镇新增就业人数60万人以上。", 60),  # 山西 2026 writes its main target so
        ("新增城镇就业60万人以上。", 60),  # national 2004
    ],
)
def test_work_plan_finds_every_wording_the_main_targets_accept(sentence, value):
    # the same rule (indicators.tsv) names a target in the target paragraph and in the work plan
    assert row(work_plan(targets_table(plan_doc(sentence))), "new_urban_jobs").value == value


def test_work_plan_takes_the_reports_own_year_as_this_year():
    # 2026年城镇新增就业… in a 2026 report is this year's target, as 今年… is; 2025年 is not
    doc = plan_doc("2026年城镇新增就业60万人以上。")
    dated = Document(doc.doc_id, doc.text, doc.raw_text, doc.raw_starts, doc.raw_ends, metadata={"year": 2026},
                     sentences=doc.sentences)  # fmt: skip
    assert row(work_plan(targets_table(dated)), "new_urban_jobs").value == 60
    assert work_plan(targets_table(doc)).empty  # without a year, 2026年 is a period like any other


def test_intro_written_as_ruxia():
    # "主要预期目标如下：" opens the clause list as "主要预期目标是：" does
    t = targets_table(fake_doc(["今年经济社会发展的主要预期目标如下：地区生产总值增长6%左右；城镇调查失业率5.5%左右。"]))
    assert row(t, "gdp_growth")[["value", "qualifier", "stated_in"]].tolist() == [6.0, "左右", "main_targets"]
    assert row(t, "unemployment_rate")["value"] == 5.5


@pytest.mark.parametrize("intro", ["今年全市经济社会发展主要指标安排如下：", "全县经济社会发展主要经济指标安排为：",
                                   "今年主要预期指标是：", "今年全区经济社会发展的主要目标安排建议如下："])
def test_intro_naming_the_indicators_planned(intro):
    # a city's or county's wording: the main indicators 安排 (planned) or 预期 (expected) open the
    # target paragraph as 主要预期目标是 does; 主要指标 alone does not (主要指标全面完成 looks back)
    t = targets_table(fake_doc([intro + "地区生产总值增长6%左右，规上工业增加值增长7%。"]))
    assert row(t, "gdp_growth")[["value", "qualifier", "stated_in"]].tolist() == [6.0, "左右", "main_targets"]
    assert row(t, "industrial_value_added_growth")["value"] == 7


@pytest.mark.parametrize("sentence", ["过去一年，主要指标为：地区生产总值增长5.1%。",
                                      "全年主要经济指标增速为：地区生产总值增长5.1%。"])
def test_main_indicators_without_a_plan_word_open_no_targets(sentence):
    assert targets_table(fake_doc([sentence])).empty


@pytest.mark.parametrize("numbers", [("", "", "", ""), ("1.", "2.", "3.", "4."), ("（1）", "（2）", "（3）", "（4）"),
                                     ("一是", "二是", "三是", "四是")])
def test_targets_one_a_line_after_the_intro(numbers):
    # the intro ends its line and each target is a line of its own, numbered or not: all are
    # the main targets, named without their list number; the paragraph after the list is not
    lines = ["地区生产总值增长6%左右；", "城镇调查失业率5.5%左右；", "城镇新增就业50万人以上；", "居民消费价格涨幅3%左右。"]
    doc = fake_doc(["今年经济社会发展的主要预期目标是：", *(n + line for n, line in zip(numbers, lines)),
                    "实现上述目标，要坚持稳中求进，投资增长8%。"])
    t = targets_table(doc)
    got = t[t.stated_in == "main_targets"].set_index("indicator")
    assert set(got.index) == {"gdp_growth", "unemployment_rate", "new_urban_jobs", "cpi"}
    assert row(t, "fixed_investment_growth")["stated_in"] == "work_plan"  # after the list's 。
    assert got.loc["gdp_growth", "name"] == "地区生产总值" and got.loc["new_urban_jobs", "value"] == 50.0


def test_counts_of_tasks_and_spans_of_years_are_not_targets():
    # sentences after the clause list in its paragraph: "抓好以下14个方面的工作", "用13年时间"
    # (Guangdong 2026) count tasks and years; they state no target
    doc = fake_doc([
        "“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右。展望未来，用13年时间基本实现社会主义现代化。",
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；居民收入增长与经济增长同步。重点抓好以下14个方面的工作：",
    ])
    t = targets_table(doc)
    assert t[["indicator", "scope"]].values.tolist() == [
        ["gdp_growth", "plan_period"], ["gdp_growth", "annual"], ["income_growth", "annual"]]


@pytest.mark.parametrize("clause, indicator, qualifier", [
    ("居民消费价格涨幅控制在3%", "cpi", "控制在"),
    ("城镇调查失业率低于5.5%", "unemployment_rate", "低于"),
    ("城镇登记失业率不高于4.5%", "", "以内"),
])
def test_bound_written_before_the_number(clause, indicator, qualifier):
    # 控制在3% (national 2006's CPI target) is at most 3%, as 3%以内 is: with no qualifier of its
    # own, the figure's target takes the verb's bound (attainment's at_most), and the name is the
    # indicator's, without the verb (城镇调查失业率, not 城镇调查失业率低于)
    t = targets_table(fake_doc([f"今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，{clause}。"]))
    got = t[t["value"].isin([3.0, 5.5, 4.5])].iloc[0]
    assert got["qualifier"] == qualifier and not got["name"].endswith(("低于", "控制在", "不高于"))
    if indicator:
        assert got["indicator"] == indicator


def test_annual_mean_concentration_is_this_years_target():
    # 年均浓度 is a statistic (the year's mean), not 年均 of a five-year plan (Beijing 2026)
    t = targets_table(fake_doc(["今年经济社会发展主要预期目标是：地区生产总值增长5%左右，细颗粒物年均浓度控制在29微克/立方米左右。"]))
    pm = t[t["unit"] == "微克/立方米"].iloc[0]
    assert (pm["value"], pm["scope"], pm["period"]) == (29.0, "annual", "今年")


def test_targets_in_a_table_under_the_intro():
    # a Word table of the targets (指标 | 2025年预期目标), read a row a line, under the intro
    doc = fake_doc(["经济社会发展的主要预期目标是：", "指标2025年预期目标", "地区生产总值增长6%左右", "城镇调查失业率5.5%左右",
                    "城镇新增就业70万人以上", "粮食产量500亿斤以上", "经济增长目标设定为6%左右，是一个积极进取的目标。"])
    t = targets_table(doc)
    main = t[t.stated_in == "main_targets"].set_index("indicator")
    assert set(main.index) == {"gdp_growth", "unemployment_rate", "new_urban_jobs", "grain_output"}
    assert main.loc["grain_output", "value"] == 500.0


# --- five-year goals announced in other words than 主要目标是 (read from the 2026 reports) ---
BEIJING_2026_PLAN = [
    "《纲要草案》明确了今后五年的发展目标：一是首都功能持续提升，二是高质量发展迈上新台阶，三是全面深化改革取得新突破，"
    "四是群众生活品质不断提高，五是首都文化影响力明显增强，六是美丽北京建设取得更大成效，七是首都安全水平全面提升。",
    "围绕上述目标，《纲要草案》从创新、协调、绿色、开放、共享、安全6个维度设置了29项主要指标，包括：地区生产总值年均增速4.5%-5%、"
    "努力争取更好结果，全员劳动生产率达58万元/人左右，全社会研发投入占比6%以上，城市副中心和平原新城地区生产总值年均增长5%以上，"
    "服务贸易年均增速5%左右，城镇调查失业率控制在5%以内，单位地区生产总值生产安全事故死亡率控制在0.6人/百亿元以下，彩化率达24.2%，等等。",
    "今年经济社会发展主要预期目标是：地区生产总值增长5%左右，一般公共预算收入增长4%左右，城镇调查失业率控制在5%以内。",
]
GANSU_2026_PLAN = [
    "“十五五”时期，要努力实现以下目标任务：",
    "一是高质量发展水平明显提升。持续盘活存量、培育增量、增强能量、提高质量、做大总量。全省地区生产总值年均增长5%以上。"
    "全员劳动生产率年均增长5%。体现甘肃特色和优势的现代化产业体系加快构建，打造4个国家先进制造业集群、6个千亿级产业集群，"
    "工业和制造业占比、战略性新兴产业占比、数字经济核心产业占比稳步提高。常住人口城镇化率年均提升1个百分点以上。",
    "二是科技创新能力明显提升。财政科技支出只增不减，全社会研发经费投入年均增长9.5%。",
    "六是人民生活品质明显提升。推动更多资金资源投资于人、服务于民生。全体居民人均可支配收入年均增长5%以上。"
    "高质量充分就业取得新进展，城镇调查失业率控制在5.5%左右。",
    "各位代表！",
    "宏伟事业需要赓续前行，美好未来唯有实干铸就。到2035年人均地区生产总值增长8%。",
]
FUJIAN_2026_PLAN = (
    "《纲要草案》据此细化设定了今后五年我省经济发展、创新驱动、民生福祉、绿色低碳、安全保障等五大类24个主要指标，"
    "包括地区生产总值年均增长5%左右、居民人均可支配收入增长与经济增长同步等16个预期性指标，以及碳排放强度、优良水体比例等8个约束性指标。"
)
XINJIANG_2026_PLAN = (
    "为此，《纲要草案》从九个方面明确了今后五年经济社会发展目标，即：国家安全体系和能力进一步加强，维护国家地缘安全的战略屏障更加巩固；"
    "高质量发展取得显著成效，新发展格局的战略支点加快构建。同时，对主要目标和重大任务作了量化，提出五大类21个主要指标，"
    "包括13个预期性指标、8个约束性指标。按照新疆快于全国平均水平，并给“十六五”预留一定空间的思路，"
    "建议“十五五”时期地区生产总值增速目标设定为年均增长5.5%—6%。"
)


def test_plan_goals_announced_as_development_goals_beijing_2026():
    t = targets_table(fake_doc(BEIJING_2026_PLAN))
    plan, annual = t[t.scope == "plan_period"], t[t.scope == "annual"]
    gdp = row(plan, "gdp_growth")
    assert (gdp.low, gdp.high, gdp.period) == (4.5, 5, "年均")
    assert (row(plan, "unemployment_rate").value, row(plan, "unemployment_rate").qualifier) == (5, "以内")
    jobs = plan[plan.name == "全员劳动生产率"].iloc[0]
    assert (jobs.value, jobs.unit, jobs.qualifier) == (58, "万元/人", "左右")
    assert plan.name.tolist()[-1] == "彩化率" and plan.value.tolist()[-1] == 24.2
    assert len(plan) == 8  # the eight figures the list gives (29项 is the count of indicators)
    # a level goal does not take the 年均 of a growth goal before it in the list (it did)
    assert set(plan[plan.name.isin(["全员劳动生产率", "彩化率", "城镇调查失业率"])].period) == {""}
    assert plan[plan.name == "服务贸易"].period.tolist() == ["年均"]  # its own 年均增速
    assert (row(annual, "gdp_growth").value, row(annual, "unemployment_rate").value) == (5, 5)


def test_plan_goals_a_paragraph_each_under_item_markers_gansu_2026():
    t = targets_table(fake_doc(GANSU_2026_PLAN))
    assert set(t.scope) == {"plan_period"}
    assert (row(t, "gdp_growth").value, row(t, "gdp_growth").qualifier) == (5, "以上")
    assert (row(t, "income_growth").value, row(t, "income_growth").qualifier) == (5, "以上")
    assert (row(t, "unemployment_rate").value, row(t, "unemployment_rate").qualifier) == (5.5, "左右")
    assert t[t.name == "全社会研发经费"].value.tolist() == [9.5]
    assert "亿级" not in t.unit.tolist()  # 6个千亿级产业集群: a size class, not a goal
    assert 8 not in t.value.tolist()  # after 各位代表！ the list has ended


def test_plan_indicators_listed_after_baokuo_fujian_2026():
    r = row(targets_table(fake_doc([FUJIAN_2026_PLAN])), "gdp_growth")
    assert (r["name"], r.value, r.qualifier, r.scope) == ("地区生产总值", 5, "左右", "plan_period")


def test_plan_goals_announced_with_ji_xinjiang_2026():
    t = targets_table(fake_doc([XINJIANG_2026_PLAN]))
    assert [(r.low, r.high, r.scope) for r in t.itertuples()] == [(5.5, 6, "plan_period")]


def test_goals_noun_with_colon_is_no_intro_without_the_plan_named():
    doc = fake_doc(["围绕上述目标，设置了29项主要指标，包括：全员劳动生产率达58万元/人左右，彩化率达24.2%。"])
    assert targets_table(doc).empty


HUNAN_2026_PLAN = (
    "对照“七个更加”的总体目标，省政府编制的《湖南省国民经济和社会发展第十五个五年规划纲要（草案）》从经济发展、创新驱动、"
    "民生福祉、绿色低碳、安全保障等5个方面细化提出22项主要指标。综合考虑实现2035年远景目标、扛牢经济大省责任担当以及我省现实"
    "支撑条件，提出地区生产总值年均增长5%—5.5%。重点从八个方面实现突破。"
)
JIANGXI_2026_PLAN = (
    "《纲要（草案）》提出了“十五五”期间实现高质量发展取得显著成效、科技创新引领新质生产力发展能力大幅提高、改革开放取得新突破、"
    "社会文明程度明显提升、人民生活品质不断提高、美丽江西建设取得重要成果、国家安全保障能力显著增强的目标，并从5方面提出了"
    "28个主要指标，其中20个预期性指标、8个约束性指标。这些指标的设置，充分考虑了2035年与全国同步基本实现社会主义现代化的阶段性需要，"
    "深入分析了各方面支撑条件，体现了跳起摸高、担当作为的要求，有利于引导预期，激励全省上下坚定信心、鼓足干劲、奋力拼搏。"
    "其中地区生产总值年均增长5%左右，有利于缩小江西与全国平均水平的差距；居民人均可支配收入年均增长5%左右，"
    "体现了居民收入增长和经济增长同步、劳动报酬提高和劳动生产率提高同步的要求。"
)


def test_plan_presenting_its_indicators_by_count_hunan_2026():
    r = row(targets_table(fake_doc([HUNAN_2026_PLAN])), "gdp_growth")
    assert (r["name"], r.low, r.high, r.scope, r.period) == ("地区生产总值", 5, 5.5, "plan_period", "年均")


def test_plan_presenting_its_indicators_by_count_jiangxi_2026():
    t = targets_table(fake_doc([JIANGXI_2026_PLAN]))
    assert [(r.indicator, r.value, r.qualifier, r.scope) for r in t.itertuples()] == [
        ("gdp_growth", 5, "左右", "plan_period"), ("income_growth", 5, "左右", "plan_period")]


def test_indicator_count_opens_no_list_in_the_next_paragraph_or_a_review():
    # constructed: a count that only opens its own paragraph, and a plan looked back on (提出的)
    counted = fake_doc(["《纲要（草案）》细化提出22项主要指标。", "过去五年，地区生产总值年均增长5.5%。"])
    review = fake_doc(["“十四五”规划纲要提出的20项主要指标全面完成，地区生产总值年均增长5.5%。"])
    assert targets_table(counted).empty and targets_table(review).empty


# national 2016: the 十三五 goals a paragraph a topic, in a part that announces them, without an
# intro (主要目标是：); the figures below are the report's (national 2016, 2021)
PLAN_GOALS_2016 = [
    "实现全面建成小康社会目标，到2020年国内生产总值和城乡居民人均收入比2010年翻一番，“十三五”时期经济年均增长保持在6.5%以上。",
    "今后五年，单位国内生产总值用水量、能耗、二氧化碳排放量分别下降23%、15%、18%，森林覆盖率达到23.04%。",
    "实现城镇新增就业5000万人以上。",
]


def test_a_part_announcing_the_plans_goals_gives_plan_period_targets():
    doc = sectioned_doc([
        ("一、2015年工作回顾", ["国内生产总值增长6.9%，城镇新增就业1312万人。"]),
        ("二、“十三五”时期主要目标任务和重大举措", PLAN_GOALS_2016),
    ])  # fmt: skip
    t = targets_table(doc)
    got = [(r.indicator, r.value, r.unit, r.qualifier, r.scope) for r in t.itertuples()]
    assert got == [
        ("gdp_growth", 6.5, "%", "以上", "plan_period"),
        ("energy_intensity", 15.0, "%", "", "plan_period"),
        ("carbon_intensity", 18.0, "%", "", "plan_period"),
        ("new_urban_jobs", 5000.0, "万人", "以上", "plan_period"),
    ]
    assert t[t.indicator == "carbon_intensity"].name.item() == "单位国内生产总值二氧化碳排放量"


def test_the_review_before_the_goals_in_a_mixed_part_gives_no_target():
    part = "二、“十三五”时期发展成就和“十四五”时期主要目标任务"
    doc = sectioned_doc([(part, [
        # Beijing 2026's review: 82.4岁 reads as planned by its own words (提高到), the part
        # heading says achieved here; 快于 would make a target without a figure
        "城乡区域协调发展水平不断提高，农村居民收入增速连续8年快于城镇居民；人均预期寿命从2020年的82.4岁提高到83.9岁。",
        "“十四五”时期主要目标任务是：",
        "单位国内生产总值能耗和二氧化碳排放分别降低13.5%、18%。",
    ])])  # fmt: skip
    t = targets_table(doc)
    assert [(r.indicator, r.name, r.value) for r in t.itertuples()] == [
        ("energy_intensity", "单位国内生产总值能耗", 13.5),
        ("carbon_intensity", "单位国内生产总值二氧化碳排放", 18.0),
    ]


@pytest.mark.parametrize("sentence, name, value", [
    # Xinjiang 2026: the name was 建议“十五五”时期地区生产总值增速目标设, with no indicator
    ("建议“十五五”时期地区生产总值增速目标设定为年均增长5.5%—6%。", "地区生产总值增速", 5.75),
    # national 2011: 我国经济增长预期目标是在明显提高质量和效益的基础上, no indicator
    ("今后五年，我国经济增长预期目标是在明显提高质量和效益的基础上年均增长7%。", "经济增长", 7.0),
])
def test_a_target_named_before_mubiao_is_that_indicators(sentence, name, value):
    (t,) = sentence_targets(sentence, 0, plan=True)
    assert (t["indicator"], t["name"], t["value"], t["scope"]) == ("gdp_growth", name, value, "plan_period")


def test_a_restated_gdp_target_is_not_a_second_row():
    # national 2005 explains its target later: 中央提出今年经济增长预期目标为8%左右 was a row named
    # 中央提出今年经济 beside the gdp_growth row of the target paragraph
    t = targets_table(fake_doc(["今年经济社会发展的主要预期目标是：国内生产总值增长8%左右。",
                                "中央提出今年经济增长预期目标为8%左右，是为了使预期目标符合实际情况。"]))  # fmt: skip
    assert [(r.indicator, r.value) for r in t.itertuples()] == [("gdp_growth", 8.0)]


def test_a_target_named_after_its_figure_restated_is_not_a_second_row():
    # national 2009 explains: 提出8%左右的国内生产总值增长目标 was a row named 提出, no indicator
    # (in the target paragraph, after the list)
    t = targets_table(fake_doc(["今年经济社会发展的主要预期目标是：国内生产总值增长8%左右。"
                                "这里要着重说明，提出8%左右的国内生产总值增长目标，综合考虑了发展的需要和可能。"]))  # fmt: skip
    assert [(r.indicator, r.value) for r in t.itertuples()] == [("gdp_growth", 8.0)]


def test_names_holding_ji_are_split_at_the_enumeration_comma():
    # Gansu 2026: split at 及 too, the list had four names for two figures and none was named
    ts = sentence_targets("文化及相关产业、旅游及相关产业增加值占地区生产总值比重分别超过2%、5%。", 0, plan=True)
    assert [(t["name"], t["value"], t["qualifier"]) for t in ts] == [
        ("文化及相关产业增加值占地区生产总值比重", 2.0, "超过"), ("旅游及相关产业增加值占地区生产总值比重", 5.0, "超过")]


def test_targets_planned_for_the_next_year_carry_that_year():
    # national 1980's report sets out 1981's plan; its targets are 1981's, and say so
    doc = fake_doc(["根据上述要求，1981年国民经济计划主要指标安排如下。", "工农业总产值，比1980年预计增长5.5%，其中，农业总产值增长4%，工业总产值增长6%。"])
    doc = Document(doc.doc_id, doc.text, doc.raw_text, doc.raw_starts, doc.raw_ends, metadata={"year": 1980},
                   sentences=doc.sentences)  # fmt: skip
    t = targets_table(doc)
    assert [(r.name, r.value, r.period) for r in t.itertuples()] == [
        ("工农业总产值", 5.5, "1981年"), ("农业总产值", 4.0, "1981年"), ("工业总产值", 6.0, "1981年")]


@pytest.mark.parametrize("marks", [("——", "——", "——"), ("①", "②", "③"), ("（一）", "（二）", "（三）"),
                                   ("一、", "二、", "三、"), ("●", "●", "●"), ("⑴", "⑵", "⑶")])
def test_item_marks_before_a_target_are_not_its_name(marks):
    # a county's list of targets, a mark before each: the names were ——地区生产总值, ①…, 一）…
    # and named no indicator
    items = ["地区生产总值增长6%左右", "一般公共预算收入增长3%", "城镇新增就业5000人"]
    t = targets_table(fake_doc(["今年全县经济社会发展的主要预期目标是：" + "；".join(m + x for m, x in zip(marks, items)) + "。"]))
    assert [(r.indicator, r.name, r.value) for r in t.itertuples()] == [
        ("gdp_growth", "地区生产总值", 6.0), ("fiscal_revenue_growth", "一般公共预算收入", 3.0),
        ("new_urban_jobs", "城镇新增就业", 5000.0)]


def test_energy_and_carbon_intensity_per_unit_of_gdp_written_in_latin():
    t = targets_table(fake_doc(["今年全市经济社会发展的主要预期目标为：GDP增长5.5%左右；单位GDP能耗下降2.5%左右；单位GDP二氧化碳排放下降3%。"]))
    assert {r.indicator: r.value for r in t.itertuples()} == {"gdp_growth": 5.5, "energy_intensity": 2.5, "carbon_intensity": 3.0}


def test_last_years_figure_in_the_target_paragraph_is_no_target():
    # a county's target list setting each target beside last year's result: 2024年完成6.2% is
    # 2024's figure (it was a second gdp_growth target, period 2024年)
    doc = fake_doc(["今年全县经济社会发展主要预期目标如下：", "地区生产总值增长：2024年完成6.2%，2025年目标6%左右；",
                    "城镇新增就业：2024年完成1.1万人，2025年目标1.2万人以上。"])
    doc = Document(doc.doc_id, doc.text, doc.raw_text, doc.raw_starts, doc.raw_ends, metadata={"year": 2025},
                   sentences=doc.sentences)  # fmt: skip
    t = targets_table(doc)
    assert [(r.indicator, r.value, r.period) for r in t.itertuples()] == [
        ("gdp_growth", 6.0, "2025年"), ("new_urban_jobs", 1.2, "2025年")]


# --- a table of targets: which column is the target (the table's header says) --------------
def _table_report(rows: list[str], year: int = 2025):
    """A county's report whose targets are a table (cells separated by tabs, as Word copies a
    table as text), read as a user reads a text."""
    import analysis

    text = "\n".join([
        f"{year}年某县政府工作报告", "各位代表：", "现在，我代表县人民政府，向大会报告工作，请予审议。",
        f"一、{year - 1}年工作回顾", "过去一年，全县经济运行总体平稳。",
        f"二、{year}年工作安排", f"{year}年全县经济社会发展的主要预期目标是：", *rows,
        "确定以上目标，兼顾了需要和可能。", "各位代表，让我们共同努力！",
    ])
    return analysis.read(text, year=year, region="某县", level="district")


TARGET_TABLES = {
    "unit column, last year's result before the target": (
        ["指标\t单位\t2024年完成\t2025年目标", "地区生产总值增长\t%\t5.8\t5左右", "城镇新增就业\t万人\t1.1\t1.2以上",
         "居民消费价格涨幅\t%\t0.2\t2左右"],
        [("gdp_growth", 5.0, "%", "左右", "5左右"), ("new_urban_jobs", 1.2, "万人", "以上", "1.2以上"),
         ("cpi", 2.0, "%", "左右", "2左右")]),
    "target first, units in the names' brackets, no year on the result": (
        ["指标\t2025年预期目标\t上年实际", "地区生产总值增长（%）\t5.5左右\t5.8", "城镇新增就业（万人）\t1.2以上\t1.1"],
        [("gdp_growth", 5.5, "%", "左右", "5.5左右"), ("new_urban_jobs", 1.2, "万人", "以上", "1.2以上")]),
    "the years alone name the columns": (
        ["指标\t2024年\t2025年", "地区生产总值增长（%）\t5.8\t6", "一般公共预算收入增长（%）\t3.1\t3以上"],
        [("gdp_growth", 6.0, "%", "", "6"), ("fiscal_revenue_growth", 3.0, "%", "以上", "3以上")]),
    "an empty cell keeps the columns in place": (
        ["指标\t单位\t2024年完成\t2025年目标", "地区生产总值增长\t%\t\t5左右", "城镇新增就业\t万人\t1.1\t"],
        [("gdp_growth", 5.0, "%", "左右", "5左右")]),
    "a row short of its empty last cell": (
        ["指标\t2025年目标\t备注", "地区生产总值增长（%）\t5左右", "城镇新增就业（万人）\t1.2以上\t含农村转移就业"],
        [("gdp_growth", 5.0, "%", "左右", "5左右"), ("new_urban_jobs", 1.2, "万人", "以上", "1.2以上")]),
    "numbered rows, one figure column, no header": (
        ["1\t地区生产总值增长\t5%左右", "2\t城镇新增就业\t1.2万人以上", "3\t居民消费价格涨幅\t2%左右"],
        [("gdp_growth", 5.0, "%", "左右", "5%左右"), ("new_urban_jobs", 1.2, "万人", "以上", "1.2万人以上"),
         ("cpi", 2.0, "%", "左右", "2%左右")]),
}


@pytest.mark.parametrize("rows, expected", TARGET_TABLES.values(), ids=list(TARGET_TABLES))
def test_a_table_of_targets_gives_its_target_column(rows, expected):
    # Before: a row's cells lost their separators (城镇新增就业万人1.1 1.2以上), the rows were
    # joined into one paragraph, and both last year's result and the target became targets
    # (1.1 and 1.2, under the name 城镇新增就业万人, no indicator); an item's number became one.
    doc = _table_report(rows)
    got = doc.targets()
    assert [(r.indicator, r.value, r.unit, r.qualifier) for r in got.itertuples()] == [e[:4] for e in expected]
    assert (got["stated_in"] == "main_targets").all()
    # each row points at its target cell in the raw text
    assert [doc.raw_text[r.raw_start : r.raw_start + len(e[4])] for r, e in zip(got.itertuples(), expected)] == [e[4] for e in expected]


@pytest.mark.parametrize("space", ["\u3000", " ", "  "], ids=["full-width", "one", "two"])
def test_a_table_whose_cells_only_spaces_separate_is_read_by_its_header(space):
    # typed with full-width spaces, or pasted without tabs: before, the rows were joined into one
    # paragraph and last year's results became targets (7.1, 8.9, 1.3: no indicator)
    rows = [space.join(r) for r in (["主要指标", "单位", "2024年完成", "2025年目标"], ["地区生产总值增长", "%", "5.8", "5左右"],
                                    ["城镇新增就业", "万人", "1.1", "1.2 以上"])]
    got = _table_report(rows).targets()
    assert got[["indicator", "value", "unit", "qualifier"]].values.tolist() == [
        ["gdp_growth", 5.0, "%", "左右"], ["new_urban_jobs", 1.2, "万人", "以上"]]


def test_spaces_in_prose_make_no_table():
    # pdftotext writes a space around figures; without a header naming columns no line is a row
    doc = _table_report(["地区生产总值增长 5% 左右，城镇新增就业 1.2 万人以上；", "居民消费价格涨幅 2% 左右。"])
    assert "\t" not in doc.text
    assert doc.targets()[["indicator", "value"]].values.tolist() == [["gdp_growth", 5.0], ["new_urban_jobs", 1.2], ["cpi", 2.0]]


def test_a_table_whose_target_column_cannot_be_told_gives_no_targets():
    # two figure columns whose headings name neither a target nor a result: a figure taken from
    # either would be a guess, so none is taken (before: both, as targets)
    doc = _table_report(["指标\t单位\t数值一\t数值二", "地区生产总值增长\t%\t5.8\t5左右", "城镇新增就业\t万人\t1.1\t1.2以上"])
    assert doc.targets().empty


def test_a_table_row_stays_a_line_with_its_cells_apart():
    doc = _table_report(["指标\t单位\t2024年完成\t2025年目标", "城镇新增就业 \t 万人\t1.1\t1.2以上"])
    assert "\n指标\t单位\t2024年完成\t2025年目标\n城镇新增就业\t万人\t1.1\t1.2以上\n确定以上目标" in doc.text
    metrics = doc.metrics()
    row = metrics[metrics["sentence"].str.startswith("城镇新增就业")]
    assert row["metric"].tolist() == ["城镇新增就业", "城镇新增就业"]  # the name cell, not 城镇新增就业\t万人
    # each figure's status is its column's: 1.1 under 2024年完成, 1.2 under 2025年目标 (both were
    # planned, from the part heading 二、2025年工作安排)
    assert row["status"].tolist() == ["achieved", "planned"]


def test_a_table_cells_figures_in_metrics_take_the_unit_column_s_unit():
    # the 单位 column holds the unit the figure cells leave out: 5.8 in the row 地区生产总值增长 | % is
    # a growth of 5.8%. Before, metrics had 5.8 with no unit (quantity other, kind level) while the
    # targets and outcomes of the same cells had theirs; each cell is now read as its row states it
    # (地区生产总值增长5.8%), its text and raw offsets still the cell's
    doc = _table_report(["指标\t单位\t2024年完成\t2025年目标", "地区生产总值增长\t%\t5.8\t5左右",
                         "城镇新增就业\t万人\t1.1\t1.2以上", "细颗粒物浓度（微克/立方米）\t\t30\t29"])
    m = doc.metrics()
    m = m[m["sentence"].str.contains("\t") & (m["quantity"] != "date")]
    assert m[["text", "metric", "value", "unit", "quantity", "kind", "direction", "status"]].values.tolist() == [
        ["5.8", "地区生产总值", 5.8, "%", "percent", "change", 1, "achieved"],
        ["5左右", "地区生产总值", 5.0, "%", "percent", "change", 1, "planned"],
        ["1.1", "城镇新增就业", 1.1, "万人", "count", "level", 0, "achieved"],
        ["1.2以上", "城镇新增就业", 1.2, "万人", "count", "level", 0, "planned"],
        ["30", "细颗粒物浓度", 30.0, "微克/立方米", "other", "level", 0, "achieved"],
        ["29", "细颗粒物浓度", 29.0, "微克/立方米", "other", "level", 0, "planned"]]
    assert [doc.raw_text[a:b] for a, b in zip(m["raw_start"], m["raw_end"])] == ["5.8", "5左右", "1.1", "1.2以上", "30", "29"]


def test_a_heading_numbered_with_a_tab_is_no_table_row():
    # Word's numbering puts a tab after a heading's number (一、<tab>…): two such headings in a
    # row are no table's rows
    import analysis

    plain = _table_report(["地区生产总值增长5%左右。"]).raw_text
    text = plain.replace("一、2024年工作回顾\n过去一年", "一、\t2024年工作回顾\n（一）\t稳增长\n过去一年").replace("二、", "二、\t")
    doc = analysis.read(text, year=2025, region="某县", level="district")
    assert doc.headings["text"].tolist() == ["2024年工作回顾", "稳增长", "2025年工作安排"]
    assert "\n一、2024年工作回顾\n（一）稳增长\n" in doc.text


def test_total_fiscal_revenue_beside_the_budget_revenue_is_not_a_second_fiscal_target():
    # a county's targets name both; before, both were fiscal_revenue_growth (5 and 4), and which
    # one a pivot or the attainment table kept depended on their order
    got = sentence_targets("今年主要预期目标是：地区生产总值增长6%左右，财政总收入增长5%左右，一般公共预算收入增长4%左右", 10)
    assert [(t["indicator"], t["name"], t["value"]) for t in got] == [
        ("gdp_growth", "地区生产总值", 6.0), ("", "财政总收入", 5.0), ("fiscal_revenue_growth", "一般公共预算收入", 4.0)]


def test_a_table_written_a_cell_a_line_is_put_back_in_rows():
    # pdftotext without -layout writes a table a cell a line, blank lines between: the cells ran
    # into one another (指标单位2024年完成2025年目标地区生产总值增长%5.8, 5左右城镇新增就业万人1.1 …) and
    # their figures became targets with no indicator; 4 columns are the only count the lines fit
    cells = ["指标", "单位", "2024 年完成", "2025 年目标", "地区生产总值增长", "%", "5.8", "5 左右",
             "城镇新增就业", "万人", "1.1", "1.2 以上", "居民消费价格涨幅", "%", "0.2", "2 左右"]
    doc = _table_report(["\n\n".join(cells)])
    assert "\n指标\t单位\t2024年完成\t2025年目标\n地区生产总值增长\t%\t5.8\t5左右\n城镇新增就业\t万人\t1.1\t1.2以上\n" in doc.text
    assert doc.targets()[["indicator", "value", "unit", "qualifier"]].values.tolist() == [
        ["gdp_growth", 5.0, "%", "左右"], ["new_urban_jobs", 1.2, "万人", "以上"], ["cpi", 2.0, "%", "左右"]]


def test_a_table_written_a_cell_a_line_with_a_wrapped_name_is_put_back_in_rows():
    # a name cell wrapped onto two lines (一般公共预算收入 / 增长): before, no count of columns fit
    # the lines exactly, the cells ran into one another and every figure became a target with no
    # indicator (一般公共预算收入 3.1, 3, …). Only one division into rows takes every line: with
    # 增长 as the unit cell the row would end at 3.1 and leave 3 to open a row, a name with a figure
    cells = ["指标", "单位", "2024 年完成", "2025 年目标", "地区生产总值增长", "%", "5.8", "5 左右",
             "一般公共预算收入", "增长", "%", "3.1", "3"]
    doc = _table_report(["\n\n".join(cells)])
    assert "\n地区生产总值增长\t%\t5.8\t5左右\n一般公共预算收入增长\t%\t3.1\t3\n" in doc.text
    got = doc.targets()
    assert got[["indicator", "value", "unit"]].values.tolist() == [["gdp_growth", 5.0, "%"], ["fiscal_revenue_growth", 3.0, "%"]]
    assert doc.raw_text[got["raw_start"].iloc[1] - 2 : got["raw_start"].iloc[1] + 1] == "\n\n3"
    assert not doc.metadata.get("notes")


def test_a_table_written_a_cell_a_line_that_does_not_fit_rows_gives_no_targets_and_says_so():
    # a PDF leaves an empty cell no line (城镇新增就业's 2024 result): no division into rows of 4
    # cells takes the lines, so nothing is put back (a guess could set a figure under the wrong
    # heading). Before, the cells ran into one sentence and gave targets with no indicator
    # (指标单位2024年… 5.8, 城镇新增就业万人 1.2, 居民消费价格 0.2 …); now the cells stay a
    # line each, no figure of the table is a target, and a note says why
    cells = ["指标", "单位", "2024 年完成", "2025 年目标", "地区生产总值增长", "%", "5.8", "5 左右",
             "城镇新增就业", "万人", "1.2 以上", "居民消费价格涨幅", "%", "0.2", "2 左右"]
    doc = _table_report(["\n\n".join(cells)])
    assert "\t" not in doc.text and "\n地区生产总值增长\n%\n5.8\n5左右\n城镇新增就业\n" in doc.text
    assert doc.targets().empty
    (note,) = doc.metadata["notes"]
    assert "指标 / 单位 / 2024年完成 / 2025年目标" in note and "not read" in note


def test_a_figure_describing_a_noun_in_the_target_paragraph_is_no_target():
    # national 2009, the target paragraph's rationale: 在我们这样一个13亿人口的发展中国家 gave the
    # target 我们这样一个 13 亿人, with no indicator. A figure before 的 describes the noun after
    # it; a target's level stated so (保持在7%左右的水平) or named after (…的国内生产总值增长目标) is kept
    got = sentence_targets("在我们这样一个13亿人口的发展中国家，要扩大城乡就业，增加居民收入，维护社会稳定，"
                           "就必须保持一定的经济增长速度。", 0)
    assert got == []
    got = sentence_targets("这里要着重说明，提出8%左右的国内生产总值增长目标，综合考虑了发展的需要和可能。", 0)
    assert [(t["indicator"], t["value"]) for t in got] == [("gdp_growth", 8.0)]
    got = sentence_targets("今年主要预期目标是：外贸进出口总额保持在6%左右的水平", 10)
    assert [(t["name"], t["value"], t["qualifier"]) for t in got] == [("外贸进出口总额", 6.0, "左右")]


def test_cpi_target_written_as_a_price_index_is_the_rise_it_allows():
    """居民消费价格指数控制在103%以内 (last year = 100) allows a rise of 3%: the cpi target is 3 %, not 103 %."""
    t = targets_table(fake_doc(["各位代表！", "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；居民消费价格指数控制在103%以内。"]))
    r = row(t, "cpi")
    assert (r.value, r.low, r.high, r.unit, r.qualifier) == (pytest.approx(3), pytest.approx(3), pytest.approx(3), "%", "以内")


def test_targets_named_as_other_years_and_levels_write_them():
    """A county's 2010 wording: 万元GDP综合能耗 is energy intensity (a fall of 4%), 财政一般预算收入 the
    general budget revenue (renamed 一般公共预算收入 in 2014)."""
    t = targets_table(fake_doc(["各位代表！", "今年全县经济社会发展的主要预期目标是：地区生产总值增长10%；"
                                "财政一般预算收入增长12%；万元GDP综合能耗下降4%。"]))
    assert (row(t, "energy_intensity").value, row(t, "energy_intensity").unit) == (pytest.approx(4), "%")
    assert (row(t, "fiscal_revenue_growth").value, row(t, "fiscal_revenue_growth").unit) == (pytest.approx(12), "%")


def test_a_double_digit_stretch_target_is_a_growth_target():
    # a county's main targets (2016 style): 力争实现两位数增长 is GDP growth of 10–99 %, the
    # stretch beside the expected 8 %; the expected one stays the main target
    p = "今年政府工作的主要预期目标是：地区生产总值增长8%左右，力争实现两位数增长；规模以上工业增加值增长9%。"
    t = targets_table(fake_doc(["各位代表！", p]))
    gdp = t[t.indicator == "gdp_growth"]
    assert gdp[["value", "low", "high", "unit"]].values.tolist() == [[8, 8, 8, "%"], [10, 10, 99, "%"]]
    assert gdp.qualifier.tolist() == ["左右", "力争|概数"]


def test_names_listed_before_one_target_in_words_are_each_a_target():
    p = "今年主要预期目标是：地区生产总值增长5%左右；单位生产总值能耗、单位生产总值二氧化碳排放量进一步下降。"
    t = targets_table(fake_doc([p]))
    assert t.loc[t.value.isna(), ["indicator", "name"]].values.tolist() == [
        ["energy_intensity", "单位生产总值能耗"], ["carbon_intensity", "单位生产总值二氧化碳排放量"]]


@pytest.mark.parametrize("clause, expected", [
    # a commitment to targets handed down, naming energy and carbon in a bundle (written for
    # this test in the ways the reports write it: 节能减排降碳, 减污降碳, 碳排放双控, 上级下达)
    ("节能减排降碳完成国家下达目标", [("energy_intensity", "节能减排降碳"), ("carbon_intensity", "节能减排降碳")]),
    ("全面完成节能降碳约束性指标", [("energy_intensity", "节能降碳"), ("carbon_intensity", "节能降碳")]),
    ("完成上级下达的节能减排任务", [("energy_intensity", "节能减排")]),
    ("按照要求坚决完成节能降碳任务", [("energy_intensity", "节能降碳"), ("carbon_intensity", "节能降碳")]),
    ("减污降碳控制在省下达目标以内", [("carbon_intensity", "减污降碳")]),
    ("碳排放双控达到上级下达的年度目标", [("carbon_intensity", "碳排放双控")]),
    ("能耗双控和碳排放强度下降完成市下达任务", [("energy_intensity", "能耗双控"), ("carbon_intensity", "碳排放强度")]),
    # the indicator named after the verb, as the goal completed
    ("确保完成上级下达的“十五五”能耗强度下降目标", [("energy_intensity", "能耗强度")]),
    ("完成省下达的万元地区生产总值二氧化碳排放降低目标", [("carbon_intensity", "万元地区生产总值二氧化碳排放")]),
    ("单位生产总值二氧化碳排放降低目标与国家考核目标衔接", [("carbon_intensity", "单位生产总值二氧化碳排放")]),
    # 减排 alone is the pollutants' (化学需氧量, 二氧化硫); a bundle with no commitment is no target
    ("主要污染物减排完成国家下达任务", []),
    ("推进节能降碳改造", []),
])  # fmt: skip
def test_energy_and_carbon_committed_without_a_number(clause, expected):
    p = f"今年主要预期目标是：地区生产总值增长5%左右；{clause}；城镇新增就业3万人。"
    t = targets_table(fake_doc([p]))
    got = t.loc[t.value.isna(), ["indicator", "name"]]
    assert [tuple(r) for r in got.values.tolist()] == expected
    for name, at in t.loc[t.value.isna(), ["name", "raw_start"]].values.tolist():  # traceable: the name's place
        assert p[at : at + len(name)] == name


def test_a_bundle_does_not_restate_a_numbered_energy_target():
    p = ("今年主要预期目标是：地区生产总值增长5%左右；单位地区生产总值能耗降低2.5%；"
         "节能减排降碳完成国家下达目标。")
    t = targets_table(fake_doc([p]))
    assert t.loc[t.indicator == "energy_intensity", "value"].tolist() == [2.5]
    assert t.loc[t.indicator == "carbon_intensity", "name"].tolist() == ["节能减排降碳"]
