"""Tests for analysis.extract.numbers: real snippets, expected values read off the text by hand.

Seed snippets come from /work/shared/seed/000_cb6fbbaf4fa429c2.txt (traditional, written
here in the cleaned simplified form); national ones from the State Council reports (year in
the id); provincial ones from the 2026 provincial reports.
"""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.document import SENTENCE_COLUMNS, Document
from analysis.extract.metrics import METRIC_COLUMNS, metrics_table
from analysis.extract.numbers import (
    QUANTITIES,
    UNITS,
    find_mentions,
    parse_number,
    quantity_mentions,
    reserved_mentions,
    with_context,
)

SEED_REVENUE = "实现地方财政收入145.5亿元，逆势增长0.5%，连续54个月保持正增长，增速位居全市第一，总量首次跻身全市前三。"


def quantities(sentence):
    return [m for m in find_mentions(sentence) if m.quantity not in ("identifier", "date")]


def mention(sentence, text):
    found = [m for m in find_mentions(sentence) if m.text == text]
    assert found, f"{text!r} not found in {[m.text for m in find_mentions(sentence)]}"
    return found[0]


# sentence, mention text, value, unit, quantity, kind, direction, qualifier
QUANTITY_CASES = [
    # 成 is a tenth: 三成五 is 3.5成 (it was read as 三成, 3); 八成 of something is a share of it
    ("cheng-tenth", "全市三成五的耕地实现了节水灌溉。", "三成五", 3.5, "成", "percent", "share", 0, ""),
    ("cheng-share", "全省八成以上的行政村通了公路。", "八成以上", 8, "成", "percent", "share", 0, "以上"),
    ("cheng-tenth-suffix", "优良天数占比八成五以上。", "八成五以上", 8.5, "成", "percent", "share", 0, "以上"),
    ("cheng-level-to", "城镇化率提高到六成。", "六成", 6, "成", "percent", "level", 1, ""),
    ("seed-revenue", SEED_REVENUE, "145.5亿元", 145.5, "亿元", "money", "level", 0, ""),
    ("seed-growth", SEED_REVENUE, "0.5%", 0.5, "%", "percent", "change", 1, ""),
    ("seed-months", SEED_REVENUE, "54个月", 54, "个月", "duration", "level", 0, ""),
    ("seed-rank", SEED_REVENUE, "第一", 1, "位", "rank", "rank", 0, ""),
    ("seed-top3", SEED_REVENUE, "前三", 3, "位", "rank", "rank", 0, "以内"),
    ("seed-fdi", "合同外资同比增长144%，到位资金同比增长95.5%。", "144%", 144, "%", "percent", "change", 1, ""),
    ("seed-cut", "增加政府投资专项债规模10.5亿元，压减一般性财政支出10%以上。", "10%以上", 10, "%", "percent", "change", -1, "以上"),
    ("seed-add", "增加政府投资专项债规模10.5亿元，压减一般性财政支出10%以上。", "10.5亿元", 10.5, "亿元", "money", "change", 1, ""),
    ("seed-visits", "完成高速道口和火车站查控149.8万人次，居家隔离29989人。", "149.8万人次", 149.8, "万人次", "count", "level", 0, ""),
    ("seed-videos", "完成区级城运中心升级改造，已接入各领域视频1.18万个。", "1.18万个", 1.18, "万个", "count", "level", 0, ""),
    ("seed-pm25", "PM2.5平均浓度为37微克/立方米，同比下降21.3%，空气质量优良率同比提高8.2%。", "37微克/立方米", 37, "微克/立方米", "other", "level", 0, ""),
    ("seed-pm25-down", "PM2.5平均浓度为37微克/立方米，同比下降21.3%，空气质量优良率同比提高8.2%。", "21.3%", 21.3, "%", "percent", "change", -1, ""),
    ("seed-share", "战略性新兴产业增速快于面上工业增速，占规上工业总产值比重达到29.1%。", "29.1%", 29.1, "%", "percent", "share", 0, ""),
    # 翻一番 is twice the base (2 倍), not 1 番
    ("seed-doubling-is-twice", "高新技术企业在三年翻一番基础上，新认定申报190家，同比增长54.5%。", "翻一番", 2, "倍", "multiple", "ratio", 1, ""),
    ("seed-three-years", "高新技术企业在三年翻一番基础上，新认定申报190家，同比增长54.5%。", "三年", 3, "年", "duration", "level", 0, ""),
    # 两位数 is an order of magnitude (10–99), not the quantity 2; before 增长 it is a growth
    # rate of 10–99 %, a change (a GDP target of 力争实现两位数增长 is a gdp_growth target)
    ("seed-two-digits-not-the-number-2", "全程网办能力、支持快递、当场办结比例均实现两位数增长。", "两位数", 10, "%", "percent", "change", 1, "概数"),
    ("two-digit-fall", "煤炭消费量连续三年两位数下降。", "两位数", 10, "%", "percent", "change", -1, "概数"),
    ("two-digit-share", "个位数的企业，两位数的比例。", "两位数", 10, "位数", "other", "level", 0, "概数"),
    ("seed-ten-months", "仅用58天完成摘牌落地，3天取得施工许可证，为企业抢出十个月时间。", "十个月", 10, "个月", "duration", "level", 0, ""),
    ("seed-nearly-1000", "14家企业列入商飞合格供应商、近千家企业纳入大飞机供应商储备库。", "近千家", 1000, "家", "count", "level", 0, "近"),
    ("seed-class", "G60脑智科创基地二期等新基建领域百亿级重大项目建设进入“井喷期”。", "百亿级", 100, "亿级", "other", "level", 0, ""),
    ("seed-area", "新增3881亩重点生态廊道、5913亩绿色生态面积。", "5913亩", 5913, "亩", "area", "level", 0, ""),
    ("seed-target-more", "聚焦金融服务实体经济，新增上市企业10家以上。", "10家以上", 10, "家", "count", "level", 0, "以上"),
    ("1994-cn-percent", "根据这个要求，今年计划国内生产总值增长百分之九。", "百分之九", 9, "%", "percent", "change", 1, ""),
    ("1995-cn-decimal", "国内生产总值达到43800亿元，按可比价格计算，比上年增长百分之十一点八。", "百分之十一点八", 11.8, "%", "percent", "change", 1, ""),
    ("2003-ratio", "2002年，全国财政性教育经费投入3366亿元，是1997年的1.8倍，占国内生产总值的比重从2.5%提高到3.3%。", "1.8倍", 1.8, "倍", "multiple", "ratio", 0, ""),
    ("2003-level-to", "2002年，全国财政性教育经费投入3366亿元，是1997年的1.8倍，占国内生产总值的比重从2.5%提高到3.3%。", "3.3%", 3.3, "%", "percent", "level", 1, ""),
    ("2003-more-than-double", "五年来，国家财政用于科技的投入累计2500亿元，比前五年增长一倍多。", "一倍多", 1, "倍", "multiple", "change", 1, "多"),
    ("2023-fell-to", "全年国内生产总值增长3%，城镇新增就业1206万人，年末城镇调查失业率降到5.5%，居民消费价格上涨2%。", "5.5%", 5.5, "%", "percent", "level", -1, ""),
    ("2023-jobs", "全年国内生产总值增长3%，城镇新增就业1206万人，年末城镇调查失业率降到5.5%，居民消费价格上涨2%。", "1206万人", 1206, "万人", "count", "level", 0, ""),
    ("2025-target", "今年发展主要预期目标是：国内生产总值增长5%左右；城镇调查失业率5.5%左右，城镇新增就业1200万人以上。", "5%左右", 5, "%", "percent", "change", 1, "左右"),
    ("2025-unemployment", "今年发展主要预期目标是：国内生产总值增长5%左右；城镇调查失业率5.5%左右，城镇新增就业1200万人以上。", "5.5%左右", 5.5, "%", "percent", "share", 0, "左右"),
    ("2018-mixed-numeral", "大众创业、万众创新蓬勃发展，日均新设企业由5千多户增加到1万6千多户。", "1万6千多户", 16000, "户", "count", "level", 1, "多"),
    ("1985-cn-compound", "原煤产量达到七亿七千多万吨，原油达到一亿一千四百多万吨，都比上年增长8%。", "七亿七千多万吨", 7.7e8, "吨", "mass", "level", 0, "多"),
    # a qualifier before 百分之, or before a number
    ("1986-nearly-cn-percent", "全民所有制单位的固定资产投资总额五年为八千九百六十亿元，比“六五”期间增长近百分之七十。", "近百分之七十", 70, "%", "percent", "change", 1, "近"),
    ("1982-cut-nearly", "一九八一年国内财政收入比一九七八年减少一百多亿元，减少近百分之十。", "近百分之十", 10, "%", "percent", "change", -1, "近"),
    ("2010-no-less-than", "加快国土绿化进程，增加森林碳汇，新增造林面积不低于8880万亩。", "不低于8880万亩", 8880, "万亩", "area", "level", 0, "以上"),
]


@pytest.mark.parametrize(
    "sentence,text,value,unit,quantity,kind,direction,qualifier",
    [c[1:] for c in QUANTITY_CASES],
    ids=[c[0] for c in QUANTITY_CASES],
)
def test_quantity(sentence, text, value, unit, quantity, kind, direction, qualifier):
    m = mention(sentence, text)
    assert m.value == pytest.approx(value)
    assert (m.unit, m.quantity, m.kind, m.direction, m.qualifier) == (unit, quantity, kind, direction, qualifier)
    assert sentence[m.start : m.end] == m.text


# sentence, mention text, expected value_base, base_unit
BASE_CASES = [
    (SEED_REVENUE, "145.5亿元", 1.455e10, "元"),
    ("完成高速道口和火车站查控149.8万人次。", "149.8万人次", 1_498_000, "人次"),
    ("已接入各领域视频1.18万个。", "1.18万个", 11_800, "个"),
    ("新增3881亩重点生态廊道、5913亩绿色生态面积。", "5913亩", 5913 * 10000 / 15, "平方米"),
    ("完成立项22.58公顷、验收60.21公顷。", "22.58公顷", 225_800, "平方米"),
    ("拆除存量违法建筑6.93万平方米。", "6.93万平方米", 69_300, "平方米"),
    ("一千多万元", "一千多万元", 1e7, "元"),
]


@pytest.mark.parametrize("sentence,text,value_base,base_unit", BASE_CASES)
def test_value_in_base_unit(sentence, text, value_base, base_unit):
    m = mention(sentence, text)
    assert m.value_base == pytest.approx(value_base)
    assert m.base_unit == base_unit


# sentence, subject phrase of the mention
METRIC_CASES = [
    # a county's review: the verb after the scope word is no part of the subject (全县实现…), nor is
    # 同口径 (on a like-for-like basis), which stands where a subject might
    ("全县实现地区生产总值235.6亿元，同比增长6.2%。", "235.6亿元", "全县地区生产总值"),
    ("全县实现地区生产总值235.6亿元，同比增长6.2%。", "6.2%", "全县地区生产总值"),
    ("全市完成一般公共预算收入12.3亿元，同口径增长5.1%。", "5.1%", "全市一般公共预算收入"),
    ("一般公共预算收入按可比口径计算增长3.2%。", "3.2%", "一般公共预算收入"),
    ("全区实现地区生产总值689.5亿元，可比增长6.1%。", "6.1%", "全区地区生产总值"),
    ("一般公共预算收入完成123.4亿元，自然口径增长3.2%。", "3.2%", "一般公共预算收入"),
    ("居民人均可支配收入达到3.6万元，名义增长5.2%。", "5.2%", "居民人均可支配收入"),
    # a closing bracket that closes one in the subject stays (it was 固定资产投资（不含农户)
    ("全市固定资产投资（不含农户）增长5.1%。", "5.1%", "全市固定资产投资（不含农户）"),
    (SEED_REVENUE, "145.5亿元", "地方财政收入"),
    (SEED_REVENUE, "0.5%", "地方财政收入"),  # subject carried over from the previous clause
    (SEED_REVENUE, "第一", "增速"),
    ("规上工业产值1362.69亿元，总量位居全市第二。", "1362.69亿元", "规上工业产值"),
    ("合同外资同比增长144%，到位资金同比增长95.5%。", "95.5%", "到位资金"),
    ("增加政府投资专项债规模10.5亿元，压减一般性财政支出10%以上。", "10%以上", "一般性财政支出"),
    ("战略性新兴产业增速快于面上工业增速，新材料、新能源行业产值分别增长17.8%、15.5%。", "15.5%", "新材料、新能源行业产值"),
    ("新增4家发热门诊和11家发热哨点诊室，新建2所核酸检测实验室。", "11家", "发热哨点诊室"),
    ("PM2.5平均浓度为37微克/立方米，同比下降21.3%。", "37微克/立方米", "PM2.5平均浓度"),
    ("今年发展主要预期目标是：国内生产总值增长5%左右；居民消费价格涨幅2%左右。", "2%左右", "居民消费价格"),
    # 自然增长率 (births less deaths, per mille) is a demographic term, not the growth of the noun
    # before it: national 1990s reports gave the subject 人口自然
    ("计划生育工作成绩显著，人口自然增长率下降到10.06‰。", "10.06‰", "人口自然增长率"),
    ("全市人口自然增长率为4.2‰。", "4.2‰", "全市人口自然增长率"),
    ("五年平均人口自然增长率控制在千分之十三左右。", "千分之十三左右", "人口自然增长率"),
    # a condition between subject and verb (在…的情况下, 在…基础上) is not the subject (重庆 2026)
    ("外贸进出口在对美贸易下降超3成的情况下增长12%。", "12%", "外贸进出口"),
    ("全市生产总值在上年高基数的基础上增长5.2%。", "5.2%", "全市生产总值"),
    # a period, a starting season, 按, 扣除价格因素 or a verb of reaching after the subject is not part of it
    # (national 2001, 1999, 1997; 吉林 2026; 江苏 2026; 甘肃 2025; national 2025)
    ("国内生产总值2000年达89404亿元，平均每年增长8.3%。", "8.3%", "国内生产总值"),
    ("工业增加值平均每年增长15.3%。", "15.3%", "工业增加值"),
    ("年末城镇调查失业率从上半年5.5%降到5.3%。", "5.3%", "城镇调查失业率"),
    ("地区生产总值按增长5%安排。", "5%", "地区生产总值"),
    ("社会消费品零售总额扣除价格因素增长百分之十一点六。", "百分之十一点六", "社会消费品零售总额"),
    ("粮食产量首次跃上1.4万亿斤。", "1.4万亿斤", "粮食产量"),
    ("全省地区生产总值连跨4个千亿台阶，2024年达到1.3万亿元、增长5.8%。", "5.8%", "全省地区生产总值"),
    ("粮食产量连年稳定在1.3万亿斤以上。", "1.3万亿斤以上", "粮食产量"),
]


@pytest.mark.parametrize("sentence,text,metric", METRIC_CASES)
def test_metric(sentence, text, metric):
    assert mention(sentence, text).metric == metric


# sentence, mention text, period written before it
PERIOD_CASES = [
    # an average over years is a change's period; a level in a later clause does not take it
    # (national 2023: 货物进出口总额年均增长8.6%，突破40万亿元 — 40万亿元 had period 年均)
    ("货物进出口总额年均增长8.6%，突破40万亿元。", "8.6%", "年均"),
    ("货物进出口总额年均增长8.6%，突破40万亿元。", "突破40万亿元", ""),
    ("城镇新增就业年均50万人。", "50万人", "年均"),
    # the base of a comparison (比“六五”期间, 比一季度, 同1987年相比) is not the figure's period
    ("全民所有制单位的固定资产投资总额五年为八千九百六十亿元，比“六五”期间增长近百分之七十。", "近百分之七十", ""),
    ("全年全社会固定资产投资增长25.8%，增幅比一季度回落17.2个百分点。", "25.8%", "全年"),
    ("全年全社会固定资产投资增长25.8%，增幅比一季度回落17.2个百分点。", "17.2个百分点", "全年"),
    ("1992年同1987年相比，钢产量达到8000万吨。", "8000万吨", "1992年"),
    ("2025年粮食产量比2024年增加10亿斤。", "10亿斤", "2025年"),
    # a year in Chinese numerals is a period as 1982年 is
    ("一九八二年底，城乡储蓄存款达到六百七十五亿元。", "六百七十五亿元", "一九八二年底"),
    ("高标准谋划“十四五”规划和未来发展新篇章。", "十四五", ""),  # the period expression around the name itself
    ("发布人文xx建设三年行动计划（2020—2022年）。", "2020—2022年", ""),
]


@pytest.mark.parametrize("sentence,text,period", PERIOD_CASES)
def test_period(sentence, text, period):
    assert mention(sentence, text).period == period


RANGE_CASES = [
    ("今年经济社会发展的主要预期目标是：国内生产总值增长6%-6.5%。", "6%-6.5%", 6, 6.5),
    ("今年发展的主要预期目标是：国内生产总值增长6.5%-7%。", "6.5%-7%", 6.5, 7),
    ("经济社会发展的主要预期目标是：全省地区生产总值增长5%—5.5%。", "5%—5.5%", 5, 5.5),
    ("地区生产总值增长4.5-5%。", "4.5-5%", 4.5, 5),
    ("综合分析各方面的条件，今年经济增长速度的宏观调控目标，定为百分之八至九。", "百分之八至九", 8, 9),
]


# A minus sign before a number (not between two: that is a range) makes it negative: local
# reviews of 2020 write 地区生产总值增长-5.0%; the sign was dropped and the fall read as growth.
# sentence, mention text, value, low, high, direction
SIGN_CASES = [
    ("全市地区生产总值增长-2.1%。", "-2.1%", -2.1, -2.1, -2.1, 1),
    ("固定资产投资增长－3.5%。", "－3.5%", -3.5, -3.5, -3.5, 1),  # full width (cleaning keeps it)
    ("规模以上工业增加值增长−0.4%。", "−0.4%", -0.4, -0.4, -0.4, 1),  # U+2212 MINUS SIGN
    ("工业增加值增长负0.3%。", "负0.3%", -0.3, -0.3, -0.3, 1),
    ("居民消费价格涨幅控制在-1%-1%之间。", "-1%-1%", 0, -1, 1, 0),
    ("国内生产总值增长6%-6.5%。", "6%-6.5%", 6.25, 6, 6.5, 1),  # a range, as before
]


@pytest.mark.parametrize("sentence,text,value,low,high,direction", SIGN_CASES)
def test_a_minus_sign_makes_the_number_negative(sentence, text, value, low, high, direction):
    from analysis.clean import clean

    sentence = clean(sentence).text
    m = mention(sentence, text)
    assert (m.value, m.low, m.high, m.direction) == (pytest.approx(value), pytest.approx(low), pytest.approx(high), direction)


def test_a_growth_written_negative_is_a_fall_among_outcomes():
    from analysis import read

    doc = read("2021年某市政府工作报告\n各位代表：\n一、2020年工作回顾\n全市地区生产总值增长-2.1%，居民消费价格上涨2.5%。\n",
               year=2021, region="某市", level="city")
    got = {r.indicator: r.value for r in doc.outcomes().itertuples()}
    assert got == {"gdp_growth": -2.1, "cpi": 2.5}


@pytest.mark.parametrize("sentence", ["误差控制在正负5%以内。", "全年再减少企业税负3500亿元左右。", "2020-2022年累计增长5%。"])
def test_no_sign_where_none_is_written(sentence):
    assert all(m.value is None or math.isnan(m.value) or m.value > 0 for m in find_mentions(sentence))


@pytest.mark.parametrize("sentence,text,low,high", RANGE_CASES)
def test_range(sentence, text, low, high):
    m = mention(sentence, text)
    assert (m.low, m.high, m.unit) == (low, high, "%")
    assert m.value == pytest.approx((low + high) / 2)


# a range whose first number writes the magnitude again (65万—70万人), or of years (3-5年): one
# mention, not an unnamed 65万 and a 70万人
@pytest.mark.parametrize("sentence,text,low,high,unit", [
    ("城镇新增就业65万—70万人。", "65万—70万人", 65, 70, "万人"),
    ("投资规模达到1亿至2亿元。", "1亿至2亿元", 1, 2, "亿元"),
    ("力争连续3-5年保持增长。", "3-5年", 3, 5, "年"),
    ("用两到三年时间完成。", "两到三年", 2, 3, "年"),
])
def test_range_with_its_magnitude_or_unit_written_twice(sentence, text, low, high, unit):
    m = mention(sentence, text)
    assert (m.low, m.high, m.unit) == (low, high, unit)
    assert len([x for x in find_mentions(sentence) if x.kind]) == 1


# approximate numbers (概数): two neighbouring digits, this or that — 两三年 is 2 to 3 years (they
# were not read at all; 百分之七八 was a mention with no value)
@pytest.mark.parametrize("sentence,text,low,high,unit", [
    ("在一两年或两三年内迅速地大面积地提高产量。", "两三年", 2, 3, "年"),  # national 1982
    ("而不能由一两个超级大国说了算。", "一两个", 1, 2, "个"),  # national 1986
    ("然后再经过二三十年时间的努力。", "二三十年", 20, 30, "年"),  # national 1995
    ("投资两三百亿元。", "两三百亿元", 200, 300, "亿元"),
    ("七八成的企业恢复了生产。", "七八成", 7, 8, "成"),
    ("工业生产增长百分之七八。", "百分之七八", 7, 8, "%"),
    # 几 after 十/百: 十几 is 11-19 — 一百几十亿元 was read as 十亿元, 10 (national 1981)
    ("1981年还会有一百几十亿元的赤字。", "一百几十亿元", 110, 190, "亿元"),
    ("这些民族自治地方包括三十几个民族。", "三十几个", 31, 39, "个"),  # national 1959
])
def test_approximate_number_is_a_range(sentence, text, low, high, unit):
    m = mention(sentence, text)
    assert (m.low, m.high, m.unit, m.value) == (low, high, unit, (low + high) / 2)
    assert "概数" in m.qualifier.split("|")


def test_a_chinese_decimal_below_one_has_its_value():
    # 百分之零点九 (national 1983) had no value (NaN); 增长零点八倍 (national 1955) was not read;
    # 一年零两个月 (national 1981) stays two months
    assert mention("一九八〇年上升百分之零点九，一九八一年上升百分之一。", "百分之零点九").value == 0.9
    assert mention("原煤从六千三百五十三万吨增加到一亿一千三百万吨，增长零点八倍。", "零点八倍").value == 0.8
    assert mention("已经过去了一年零两个月。", "零两个月").value == 2


def test_digits_run_into_chinese_numerals_are_no_number():
    # national 1981: 1979、1980两年 gave a mention 1980两年 with no value (NaN); no row is better
    # than a row without a value
    assert not [m for m in find_mentions("1979、1980两年，连续出现很大的财政赤字。") if "两" in m.text and m.kind]
    assert all(m.value == m.value for m in find_mentions("1979、1980两年，连续出现很大的财政赤字。") if m.kind)


@pytest.mark.parametrize("sentence,text,kind,direction,qualifier", [
    ("在此基础上，再减半征收。", "减半", "change", -1, ""),  # the blind set's national 2021 row: 50 %, a cut
    ("污染物排放减少一半。", "一半", "change", -1, ""),
    ("一半以上的投资用于民生。", "一半以上", "share", 0, "以上"),
    ("过半数的县实现脱贫。", "过半", "share", 0, "超过"),
])
def test_a_half_is_fifty_percent(sentence, text, kind, direction, qualifier):
    # halves were not read (减半 is in the blind gold set)
    m = mention(sentence, text)
    assert (m.value, m.quantity, m.kind, m.direction, m.qualifier) == (50, "percent", kind, direction, qualifier)


def test_half_a_year_is_no_half():
    assert not [m for m in find_mentions("用了大半年时间，上半年完成。") if "半" in m.text]
    # national 1983: 利改税的第一步，经过半年的准备 (经过 + 半年, no 过半)
    assert not [m for m in find_mentions("利改税的第一步，经过半年的准备，今年六月一日开始实行。") if "半" in m.text]


def test_a_round_hundred_or_thousand_with_yu_is_a_number():
    # Tianjin 2026: 千余家优质企业, 百余项国家级改革试点 (not read: a bare 千 or 百 is an idiom's,
    # 千家万户, unless 余/多 follows)
    for sentence, text, value in [("千余家优质企业融入产业链。", "千余家", 1000), ("百余项国家级改革试点落地。", "百余项", 100)]:
        m = mention(sentence, text)
        assert (m.value, m.qualifier) == (value, "多")
    assert not find_mentions("千家万户受益，万众一心。")


@pytest.mark.parametrize("sentence", ["违规电动三四轮车实现动态清零。", "一二三产业融合发展。", "“十四五”时期主要目标任务。"])
def test_neighbouring_digits_in_a_name_are_no_number(sentence):
    # Beijing 2026: 三四轮车 (three- and four-wheelers) is no 3.5 轮; 一二三 and 十四五 are names
    assert not [m for m in find_mentions(sentence) if m.kind]


def test_a_number_then_to_a_year_is_no_range():
    # 1955 report: "…的百分之三十九点七到一九五七年的…": 39.7%, and the year 1957 (it read
    # 百分之三十九点七到一九五, no number)
    m = mention("由一九五二年的百分之二十六点七提高到一九五七年的百分之三十九点七。", "百分之二十六点七")
    assert (m.value, m.unit) == (26.7, "%")
    m = mention("工业比重从百分之三十九点七到一九五七年提高。", "百分之三十九点七")
    assert (m.value, m.unit) == (39.7, "%")
    # and a decimal after 十 (六十点三: no digit before 点) is a number, not NaN
    m = mention("由一九五二年的百分之六十点三到一九五七年下降为百分之五十四点六。", "百分之六十点三")
    assert (m.value, m.unit) == (60.3, "%")


# names that contain digits: typed identifier/date, never counted
NAME_CASES = [
    ("我们充分发挥长三角G60科创走廊国家战略引擎作用。", "G60", "identifier"),
    ("积极推动轨道交通12号线西延伸规划落地。", "12号", "identifier"),
    ("完成S32玉树路匝道、G1503广富林路匝道等项目前期工作。", "S32", "identifier"),
    ("完成S32玉树路匝道、G1503广富林路匝道等项目前期工作。", "G1503", "identifier"),
    ("推进5G、工业互联网、大数据等新型基建投资。", "5G", "identifier"),
    ("启动广富林文化遗址等4A级景区创建。", "4A", "identifier"),
    ("PM2.5平均浓度为37微克/立方米。", "PM2.5", "identifier"),
    ("有效承接第三届进博会溢出带动效应。", "第三届", "identifier"),
    ("高标准谋划“十四五”规划和未来发展新篇章。", "十四五", "identifier"),
    ("扎实做好“六稳”工作，全面落实“六保”任务。", "六稳", "identifier"),
    ("出台“26条”和“19条”等区级政策。", "26条", "identifier"),
    ("具有中国自主知识产权1类新药“可利霉素”入选官方名单。", "1类", "identifier"),
    ("区中心医院正式成为三级乙等综合医院。", "三级", "identifier"),
    ("推进750千伏输变电线路建设。", "750千伏", "identifier"),
    ("承办2025中国足协杯决赛。", "2025", "identifier"),
    ("发布人文xx建设三年行动计划（2020—2022年）。", "2020—2022年", "date"),
    ("——2020年7月15日在xx区第五届人民代表大会常务委员会第三十三次（扩大）会议上", "2020年7月15日", "date"),
    ("——2020年7月15日在xx区第五届人民代表大会常务委员会第三十三次（扩大）会议上", "第五届", "identifier"),
]


@pytest.mark.parametrize("sentence,text,quantity", NAME_CASES)
def test_names_with_digits_are_not_quantities(sentence, text, quantity):
    m = mention(sentence, text)
    assert m.quantity == quantity
    assert math.isnan(m.value) and m.kind == ""


def test_pm25_name_does_not_hide_the_real_quantity():
    qs = quantities("PM2.5平均浓度为37微克/立方米，同比下降21.3%。")
    assert [m.value for m in qs] == [37, 21.3]


def test_policy_names_in_quotes_are_not_counted():
    assert quantities("出台“26条”和“19条”等区级政策，帮扶各类市场主体。") == []


@pytest.mark.parametrize(
    "sentence",
    ["", "。。。", "%%", "1..5", "3,4,5", "1" * 10_000, "百分之", "第", "G", "——", "１２３", "4.5--5%", "万亿"],
)
def test_malformed_input_never_raises(sentence):
    for m in find_mentions(sentence):
        assert 0 <= m.start < m.end <= len(sentence)


def test_sentence_without_numbers_gives_empty_list():
    assert find_mentions("坚持以习近平新时代中国特色社会主义思想为指导，进一步深化改革。") == []


# --- regression tests, named after the bug they pin -----------------------------------
def test_regression_chinese_one_in_words_is_not_a_count():
    assert quantities("一是加强一批重点项目建设，奋战在疫情防控一线，进一步扩大开放。") == []


def test_regression_idioms_with_thousand_are_not_numbers():
    assert quantities("千方百计扩大和稳定就业，走进千家万户。") == []


def test_regression_round_hundred_before_a_magnitude_and_a_measure_is_a_number():
    """西藏 2026: 粮食…产量均稳定在百万吨以上 is 100万吨 (one million tonnes); before, a bare
    百/千 was a number only with 近, 数 or 级, and the grain target was lost."""
    m = mention("粮食、肉蛋奶、蔬菜产量均稳定在百万吨以上。", "百万吨以上")
    assert (m.value, m.unit, m.quantity, m.qualifier) == (100.0, "万吨", "mass", "以上")
    assert mention("培育一批营收过百亿元农产品加工企业。", "百亿元").value_base == 1e10


def test_regression_round_hundred_before_a_magnitude_without_a_measure_is_not_a_number():
    # 百亿成势: 成 is a unit (tenths) but takes no magnitude; 千亿提升 has no unit at all
    assert quantities("推动形成万亿立柱、千亿提升、百亿成势的产业发展格局。") == []


def test_regression_comparison_base_is_not_the_subject():
    """比2002年增长65.5%: the subject is the one written before (2008 report), not 比2002年;
    the five-year average that follows takes it too."""
    s = "2007年，国内生产总值达到24.66万亿元，比2002年增长65.5%，年均增长10.6%，从世界第六位上升到第四位。"
    assert [mention(s, t).metric for t in ("65.5%", "10.6%")] == ["国内生产总值", "国内生产总值"]
    assert mention("我国钢产量比重达到50%。", "50%").metric == "我国钢产量比重"


def test_regression_a_figure_that_takes_a_planned_subject_is_planned():
    """1982 report: 社会商品零售总额一九八五年将达到…，比一九八○年增长百分之四十 — the growth is
    part of the plan (将达到), as its subject is, not an achievement; 递增 is a change."""
    s = "社会商品零售总额一九八五年将达到二千九百亿元，比一九八○年增长百分之四十，平均每年递增百分之七。"
    assert [(m.status, m.kind) for m in quantities(s)] == [("planned", "level"), ("planned", "change"), ("planned", "change")]
    s = "国内生产总值达到24.66万亿元，比2002年增长65.5%。"
    assert [m.status for m in quantities(s)] != ["planned"] * 2


def test_regression_magnitude_class_does_not_swallow_counter():
    m = mention("推动百亿级项目落地。", "百亿级")
    assert m.unit == "亿级"


def test_regression_rank_subject_is_not_the_scope():
    assert mention("增速位居全市第一。", "第一").metric == "增速"


def test_regression_zero_inside_chinese_numeral():
    assert parse_number("两千零五") == 2005


def test_regression_plan_code_is_not_a_number():
    assert math.isnan(parse_number("十四五"))


def test_regression_anniversary_is_not_a_duration():
    assert mention("隆重庆祝自治区成立70周年。", "70周年").quantity == "identifier"


def test_regression_enumeration_comma_is_not_a_list_change():
    # 减免 is not a 减 (decrease)
    assert mention("减免社保30.2亿元。", "30.2亿元").direction == 0


SENTENCES = [c[1] for c in QUANTITY_CASES] + [c[0] for c in NAME_CASES + METRIC_CASES + RANGE_CASES]


@pytest.mark.parametrize("sentence", sorted(set(SENTENCES)))
def test_find_mentions_is_reserved_names_then_quantities_then_context(sentence):
    reserved = reserved_mentions(sentence)
    found = sorted(reserved + quantity_mentions(sentence, reserved), key=lambda m: m.start)
    assert find_mentions(sentence) == with_context(sentence, found)


def test_units_lexicon_is_consistent():
    assert set(UNITS.quantity) <= set(QUANTITIES)
    assert UNITS.unit.is_unique
    assert (UNITS.factor.astype(float) > 0).all()


# --- document layer -------------------------------------------------------------------
def fake_doc(paragraphs, *, part="", raw_shift=0, doc_id="d"):
    """A Document with one sentence per paragraph and raw offsets shifted by raw_shift."""
    text = "\n".join(paragraphs)
    rows, pos = [], 0
    for i, p in enumerate(paragraphs):
        rows.append(dict(doc_id=doc_id, part=part, section="", paragraph_id=i, sentence_id=i,
                         start=pos, end=pos + len(p), sentence=p))  # fmt: skip
        pos += len(p) + 1
    sents = pd.DataFrame(rows)
    raw = "#" * raw_shift + text
    n = len(text)
    return Document(doc_id, text, raw, np.arange(n) + raw_shift, np.arange(n) + raw_shift + 1, sentences=sents)


def test_metrics_table_schema():
    table = metrics_table(fake_doc([SEED_REVENUE]))
    assert list(table.columns) == list(METRIC_COLUMNS)
    assert len(table) == 5  # 145.5亿元, 0.5%, 54个月, 第一, 前三


def test_metrics_table_dtypes_match_schema():
    table = metrics_table(fake_doc([SEED_REVENUE]))
    for column, dtype in METRIC_COLUMNS.items():
        assert table[column].dtype == pd.Series(dtype=dtype).dtype, column


def test_metrics_table_offsets_and_raw_offsets():
    doc = fake_doc(["各位代表：", SEED_REVENUE], raw_shift=7)
    table = metrics_table(doc)
    row = table[table.text == "145.5亿元"].iloc[0]
    assert doc.text[row.start : row.end] == "145.5亿元"
    assert doc.raw_text[row.raw_start : row.raw_end] == "145.5亿元"
    assert row.raw_start == row.start + 7
    assert row.sentence_id == 1


def test_metrics_table_status_from_part_heading():
    planned = metrics_table(fake_doc(["完成30万平方米旧住房修缮。"], part="第二方面：关于下半年工作的主要打算"))
    achieved = metrics_table(fake_doc(["完成30万平方米旧住房修缮。"], part="第一方面：关于上半年经济社会发展情况"))
    assert planned.status.tolist() == ["planned"]
    assert achieved.status.tolist() == ["achieved"]



def test_the_parts_of_a_structure_are_shares_in_percent():
    # 三次产业结构 4.0∶37.7∶58.3 (national 2018, provinces): the three sectors' shares of GDP,
    # summing to 100 — before, three bare numbers of no unit and kind level
    s = "三次产业结构由上年的16.2∶48.5∶35.3调整为15.1∶47.9∶37.0。"
    got = [(m.text, m.value, m.unit, m.quantity, m.kind, m.metric) for m in find_mentions(s) if m.quantity != "date"]
    assert got == [(t, float(t), "%", "percent", "share", "三次产业结构") for t in ("16.2", "48.5", "35.3", "15.1", "47.9", "37.0")]


def test_a_ratio_of_three_parts_not_summing_to_100_stays_as_written():
    s = "按照1∶2∶3的比例配套。"
    assert [m.unit for m in find_mentions(s) if m.quantity != "date"] == ["", "", ""]


def test_a_plan_periods_basic_tasks_are_planned():
    # national 1986: 二、“七五”时期的基本任务和主要建设方针 sets out the seventh plan (its 进出口贸易总额
    # 一九九〇年比一九八五年增长百分之四十 is a goal); national 1987's 一、当前国内形势和基本任务 reviews 1986 first
    goal = "进出口贸易总额一九九〇年比一九八五年增长百分之四十。"
    assert metrics_table(fake_doc([goal], part="二、“七五”时期的基本任务和主要建设方针")).status.tolist() == ["planned"]
    review = "粮食产量达到39109万吨，比上年增产1199万吨。"
    assert metrics_table(fake_doc([review], part="一、当前国内形势和基本任务")).status.iloc[0] == "achieved"


def test_metrics_table_reads_sentences_by_position_at_any_dtype():
    doc = fake_doc(["各位代表：", SEED_REVENUE, "新增3881亩重点生态廊道、5913亩绿色生态面积。"], raw_shift=3)
    typed = doc.sentences.astype(SENTENCE_COLUMNS).set_axis([7, 3, 5])  # as structure.parse types them
    table = metrics_table(Document(doc.doc_id, doc.text, doc.raw_text, doc.raw_starts, doc.raw_ends, sentences=typed))
    pd.testing.assert_frame_equal(table, metrics_table(doc), check_exact=True)
    assert table.sentence_id.tolist() == [1] * 5 + [2] * 2


def test_metrics_table_empty_document_keeps_schema():
    table = metrics_table(fake_doc(["坚持稳中求进工作总基调。"]))
    assert table.empty
    assert list(table.columns) == list(METRIC_COLUMNS)
    for column, dtype in METRIC_COLUMNS.items():
        assert table[column].dtype == pd.Series(dtype=dtype).dtype, column


# --- issue 12: units, fractions, vague numerals, governing verbs -----------------------
# Expected values worked out by hand: value × magnitude × the unit's factor in units.tsv
# (1 千瓦 = 1000 W, 1 千公顷 = 1e7 m², 1 兆焦 = 1/3.6 kWh, 1 蒸吨 = 0.7 MW, 1 日 = 1/365.25 年).
# sentence, mention text, value, unit, quantity, base_unit, value_base
UNIT_CASES = [
    # 1. a magnitude character inside a unit belongs to the unit (real snippets first)
    ("全社会用电量突破1000亿千瓦时。", "突破1000亿千瓦时", 1000, "亿千瓦时", "energy", "千瓦时", 1000 * 1e8),
    ("新能源装机达到2705万千瓦。", "2705万千瓦", 2705, "万千瓦", "power", "瓦", 2705 * 1e4 * 1000),
    ("风电光伏装机容量达1.27亿千瓦。", "1.27亿千瓦", 1.27, "亿千瓦", "power", "瓦", 1.27 * 1e8 * 1000),
    ("全省装机容量达到3500万千瓦。", "3500万千瓦", 3500, "万千瓦", "power", "瓦", 3.5e10),
    ("全年发电量1200亿千瓦时。", "1200亿千瓦时", 1200, "亿千瓦时", "energy", "千瓦时", 1.2e11),
    ("发电量达到4455亿千瓦小时。", "4455亿千瓦小时", 4455, "亿千瓦小时", "energy", "千瓦时", 4.455e11),
    ("天然气产量50亿立方米。", "50亿立方米", 50, "亿立方米", "volume", "立方米", 5e9),
    ("农作物播种面积稳定在3200千公顷。", "3200千公顷", 3200, "千公顷", "area", "平方米", 3200 * 1e7),
    ("新建农村公路800千米。", "800千米", 800, "千米", "length", "米", 8e5),
    ("亩均化肥用量降至20千克。", "20千克", 20, "千克", "mass", "千克", 20),
    ("新型储能装机500兆瓦。", "500兆瓦", 500, "兆瓦", "power", "瓦", 5e8),
    ("海上风电并网12吉瓦。", "12吉瓦", 12, "吉瓦", "power", "瓦", 1.2e10),
    ("新增变电容量1200万千伏安。", "1200万千伏安", 1200, "万千伏安", "power", "伏安", 1200 * 1e4 * 1000),
    ("余热利用折合36万兆焦。", "36万兆焦", 36, "万兆焦", "energy", "千瓦时", 36e4 / 3.6),
    # 2. compound, per-time and colloquial units
    ("年输气能力150亿方/年。", "150亿方/年", 150, "亿方/年", "volume_rate", "立方米/年", 1.5e10),
    ("地下储气库储气能力达到10亿方。", "10亿方", 10, "亿方", "volume", "立方米", 1e9),
    ("港口集装箱吞吐量4330.3万标准箱。", "4330.3万标准箱", 4330.3, "万标准箱", "count", "标箱", 43_303_000),
    ("建成130万吨/年乙烯项目。", "130万吨/年", 130, "万吨/年", "mass_rate", "千克/年", 130 * 1e4 * 1000),
    ("污水处理能力新增16.9万吨/日。", "16.9万吨/日", 16.9, "万吨/日", "mass_rate", "千克/年", 16.9e4 * 1000 * 365.25),
    ("举办各类招聘活动3万余场次。", "3万余场次", 3, "万场次", "count", "场次", 30_000),
    ("完成病虫害统防统治1.19亿亩次。", "1.19亿亩次", 1.19, "亿亩次", "count", "亩次", 119_000_000),
    ("中欧班列累计开行2.6万列。", "2.6万列", 2.6, "万列", "count", "列", 26_000),
    ("分30批次组织抽检。", "30批次", 30, "批次", "count", "批次", 30),
    ("全面淘汰10蒸吨以下燃煤锅炉。", "10蒸吨以下", 10, "蒸吨", "power", "瓦", 7e6),
    ("连续开展25轮集中攻坚。", "25轮", 25, "轮", "count", "轮", 25),
    ("保障民航起降2061万架次。", "2061万架次", 2061, "万架次", "count", "架次", 20_610_000),
    ("铁路货运周转量达到11620亿吨公里。", "11620亿吨公里", 11620, "亿吨公里", "other", "吨公里", 1.162e12),
    # a measure word the lexicon lacks is kept as written (jieba tags it a 量词)
    ("修复馆藏石刻造像12尊。", "12尊", 12, "尊", "count", "尊", 12),
    ("为困难群众配送爱心餐8000袋。", "8000袋", 8000, "袋", "count", "袋", 8000),
    # 3. the forms GB 3100 gives (千瓦·时 with its middle dot, the international symbols, their
    # superscripts written as digits) and the squared symbols of CJK fonts (㎡ U+33A1): 800亿千瓦·时
    # was 800亿千瓦 (8e13 W, a power), 3.2km² was 3.2 km (a length), 120万㎡ had no unit
    ("全社会用电量达到800亿千瓦·时。", "800亿千瓦·时", 800, "亿千瓦·时", "energy", "千瓦时", 8e10),
    ("发电量120亿千瓦•时。", "120亿千瓦•时", 120, "亿千瓦•时", "energy", "千瓦时", 1.2e10),
    ("年发电量50亿kW·h。", "50亿kW·h", 50, "亿kW·h", "energy", "千瓦时", 5e9),
    ("新型储能装机1.2GWh。", "1.2GWh", 1.2, "GWh", "energy", "千瓦时", 1.2e6),
    ("新建住房120万㎡。", "120万㎡", 120, "万㎡", "area", "平方米", 1.2e6),
    ("新建厂房12万m2。", "12万m2", 12, "万m2", "area", "平方米", 1.2e5),
    ("改造老旧小区350m²。", "350m²", 350, "m²", "area", "平方米", 350),
    ("新增建设用地3.2km²。", "3.2km²", 3.2, "km²", "area", "平方米", 3.2e6),
    ("完成营造林1.5万hm²。", "1.5万hm²", 1.5, "万hm²", "area", "平方米", 1.5e4 * 1e4),
    ("建成道路35㎞。", "35㎞", 35, "㎞", "length", "米", 35_000),
    ("处理污水20万m³。", "20万m³", 20, "万m³", "volume", "立方米", 2e5),
    ("年产钢材500万t。", "500万t", 500, "万t", "mass", "千克", 5e9),
]


@pytest.mark.parametrize(
    "sentence,text,value,unit,quantity,base_unit,value_base", UNIT_CASES, ids=[c[1] for c in UNIT_CASES]
)
def test_units_with_magnitude_characters_and_compound_units(sentence, text, value, unit, quantity, base_unit, value_base):
    m = mention(sentence, text)
    assert (m.value, m.unit, m.quantity, m.base_unit) == (pytest.approx(value), unit, quantity, base_unit)
    assert m.value_base == pytest.approx(value_base)


@pytest.mark.parametrize("sentence", ["开展3times活动。", "实施5ton计划。", "推广10mg方案。"])
def test_a_latin_unit_is_not_the_head_of_a_longer_latin_word(sentence):
    # t, m, mg are symbols only standing alone: 3times is no 3 t (whatever it is)
    assert not [m for m in find_mentions(sentence) if m.unit in ("t", "m", "万t")]


def test_regression_thousand_of_kilowatt_hour_read_as_a_numeral():
    # 突破1000亿千瓦时 was 100000001000 瓦: 千 taken as a numeral (亿千 = 1e8 + 1000), 时 dropped
    m = mention("全社会用电量突破1000亿千瓦时。", "突破1000亿千瓦时")
    assert (m.quantity, m.value_base) == ("energy", 1e11)


def test_regression_energy_and_power_are_distinct_quantities():
    kw, kwh = mention("装机2705万千瓦。", "2705万千瓦"), mention("发电1000亿千瓦时。", "1000亿千瓦时")
    assert (kw.quantity, kw.base_unit, kwh.quantity, kwh.base_unit) == ("power", "瓦", "energy", "千瓦时")


@pytest.mark.parametrize(
    "sentence",
    [
        "深化服务业扩大开放3.0方案。",  # 方 (m³) only after 万/亿: 3.0方案 is no volume
        "政府、企业、银行三方共同出资。",  # 三方: three parties
        "有序推进二轮土地承包到期后再延长30年试点。",  # 二轮: the second round (two rounds is 两轮)
    ],
)
def test_regression_colloquial_units_do_not_read_ordinary_words(sentence):
    assert not [m for m in quantities(sentence) if m.unit in ("方", "轮")]


# 3. fractions, ratios and multiples: one row each
# sentence, mention text, value, unit, quantity, kind, direction, qualifier
PROPORTION_CASES = [
    ("新增境内上市公司29家、占全国增量的1/4。", "1/4", 25, "分之", "percent", "share", 0, ""),
    ("部门内设机构精简1／4。", "1／4", 25, "分之", "percent", "change", -1, ""),  # cut by a quarter
    ("本届政府减少1/3行政审批事项的目标提前实现。", "1/3", 100 / 3, "分之", "percent", "change", -1, ""),
    ("船舶海工出口规模占全国1/3以上。", "1/3以上", 100 / 3, "分之", "percent", "share", 0, "以上"),
    ("全县三分之一的耕地实现高效节水灌溉。", "三分之一", 100 / 3, "分之", "percent", "share", 0, ""),
    ("民营经济贡献了全省近五分之三的税收。", "近五分之三", 60, "分之", "percent", "share", 0, "近"),
    ("森林覆盖率达到百分之三十。", "百分之三十", 30, "%", "percent", "share", 0, ""),
    ("城乡居民收入比2.31:1。", "2.31:1", 2.31, "比", "multiple", "ratio", 0, ""),
    ("城乡居民收入比由2.9∶1缩小至2.52∶1。", "2.52∶1", 2.52, "比", "multiple", "ratio", 0, ""),
    ("城乡居民收入比缩小至2.1∶1左右。", "2.1∶1左右", 2.1, "比", "multiple", "ratio", 0, "左右"),
    ("明年计划从今年预计的1.03比1改为1比1。", "1.03比1", 1.03, "比", "multiple", "ratio", 0, ""),
    ("出口额是2015年的2倍。", "2倍", 2, "倍", "multiple", "ratio", 0, ""),
    ("到2000年实现国民生产总值比1980年翻两番。", "翻两番", 4, "倍", "multiple", "ratio", 1, ""),  # 2 × 2
    ("城乡居民收入比2010年翻一番。", "翻一番", 2, "倍", "multiple", "ratio", 1, ""),
    ("研发投入五年翻了一番多。", "翻了一番多", 2, "倍", "multiple", "ratio", 1, "多"),
    ("完成预算数的109.08%。", "109.08%", 109.08, "%", "percent", "ratio", 0, ""),
    ("年度化债任务完成率达120%。", "120%", 120, "%", "percent", "ratio", 0, ""),
    ("经济建设费支出13762090000元，占预算数的96.99%。", "96.99%", 96.99, "%", "percent", "ratio", 0, ""),
    ("其中国外借款收入三十一亿元，只占国家预算收入的2.3%。", "2.3%", 2.3, "%", "percent", "share", 0, ""),  # a share of a total
]


@pytest.mark.parametrize(
    "sentence,text,value,unit,quantity,kind,direction,qualifier", PROPORTION_CASES, ids=[c[1] for c in PROPORTION_CASES]
)
def test_fractions_ratios_and_multiples(sentence, text, value, unit, quantity, kind, direction, qualifier):
    m = mention(sentence, text)
    assert m.value == pytest.approx(value)
    assert (m.unit, m.quantity, m.kind, m.direction, m.qualifier) == (unit, quantity, kind, direction, qualifier)


@pytest.mark.parametrize("sentence", ["城乡居民收入比2.31:1。", "男女性别比例保持在1∶1。", "收入比从2.50:1缩小至2.27:1。"])
def test_regression_ratio_gave_a_stray_row_for_its_second_term(sentence):
    qs = quantities(sentence)  # 2.31:1 was 2.31 and a stray 1, both without unit
    assert qs and all(m.unit == "比" and m.kind == "ratio" and (":" in m.text or "∶" in m.text) for m in qs)


# 4. vague numerals and set phrases
# sentence, mention text, value, low, high, qualifier
VAGUE_CASES = [
    ("几十年来，我们始终坚持这个方针。", "几十年", 10, 10, 10, "概数"),
    ("引进数百家科技型企业。", "数百家", 100, 100, 100, "概数"),
    ("吸引上千家企业参展。", "上千家", 1000, 1000, 1000, "超过"),
    ("带动几十万人就业。", "几十万人", 10, 10, 10, "概数"),
    ("全程网办能力、当场办结比例均实现两位数增长。", "两位数", 10, 10, 99, "概数"),
    ("高技术产业投资保持三位数增长。", "三位数", 100, 100, 999, "概数"),
]


@pytest.mark.parametrize("sentence,text,value,low,high,qualifier", VAGUE_CASES, ids=[c[1] for c in VAGUE_CASES])
def test_vague_numerals_are_approximate(sentence, text, value, low, high, qualifier):
    m = mention(sentence, text)
    assert (m.value, m.low, m.high, m.qualifier) == (value, low, high, qualifier)


@pytest.mark.parametrize(
    "sentence",
    [
        "进一步加强财政性资金的“收支两条线”管理。",
        "坚持收支两条线，严格预算约束。",
        "坚持一张蓝图绘到底，一任接着一任干。",
        "坚持两手抓、两手都要硬。",
        "全省一盘棋推进招商引资。",
        # 三次产业: the three sectors of the economy, a term (national 2018 and 2006), not three times
        "由主要依靠第二产业带动转向依靠三次产业共同带动。",
        "查实了国内生产总值总量和三次产业的比重。",
    ],
)
def test_set_phrases_are_not_quantities(sentence):
    assert quantities(sentence) == []


def test_regression_vague_digit_inside_a_numeral_is_not_an_order_of_magnitude():
    # 一百几十亿元: 几 stands for a digit of the numeral (110-190亿元), not before a round
    # numeral as in 几十年 (an order of magnitude, 10); it was read as 十亿元 = 10亿元
    (m,) = [m for m in quantities("1981年还会有一百几十亿元的赤字。") if m.unit == "亿元"]
    assert (m.text, m.low, m.high) == ("一百几十亿元", 110, 190)


# 5. kind and direction from the verb that governs the number
# sentence, mention text, kind, direction
GOVERN_CASES = [
    ("成功应对22轮强降水和“桦加沙”等15个台风。", "15个", "level", 0),
    ("经受了强降雨和10个台风影响。", "10个", "level", 0),
    ("全年降水量850毫米。", "850毫米", "level", 0),
    ("新建提升柳林公园、新梅江公园等13座城市公园。", "13座", "level", 0),
    ("高新技术企业数量实现翻番、达1.8万家。", "1.8万家", "level", 0),
    ("提高低保、特困人员基本生活与残疾人两项补贴。", "两项", "level", 0),
    # the verb does govern: right before the number, or with its object between
    ("全年减轻企业税收和社保缴费负担近2万亿元。", "近2万亿元", "change", -1),
    ("只这一项每年就减少国家财政收入四、五十亿元。", "五十亿元", "change", -1),
    ("增加政府投资专项债规模10.5亿元。", "10.5亿元", "change", 1),
    ("全年粮食产量比上年增长2.1%。", "2.1%", "change", 1),
    ("单位地区生产总值能耗降低3.2%。", "3.2%", "change", -1),
]


@pytest.mark.parametrize("sentence,text,kind,direction", GOVERN_CASES, ids=[c[1] for c in GOVERN_CASES])
def test_kind_and_direction_from_the_governing_verb(sentence, text, kind, direction):
    m = mention(sentence, text)
    assert (m.kind, m.direction) == (kind, direction)


def test_regression_typhoons_counted_after_heavy_rain_were_a_fall():
    # 降 of 强降水 was read as the verb 降 (fall) governing 15个台风
    assert mention("成功应对22轮强降水和“桦加沙”等15个台风。", "15个").direction == 0


def test_metrics_table_flags_no_row_of_a_plausible_sentence():
    table = metrics_table(fake_doc([SEED_REVENUE, "全社会用电量突破1000亿千瓦时。"]))
    assert table.plausible.all()


@pytest.mark.parametrize(
    "sentence,texts,qualifiers",
    [
        ("城镇、农村居民人均可支配收入分别增长4.5%、5.5%左右。", ["4.5%", "5.5%左右"], ["左右", "左右"]),
        ("失业率、居民消费价格涨幅分别控制在5%和3%以内。", ["5%", "3%以内"], ["以内", "以内"]),
        ("二氧化硫、氮氧化物排放要分别减少3%左右和5%。", ["3%左右", "5%"], ["左右", ""]),  # a bound before, not after
    ],
)
def test_regression_bound_after_a_list_of_figures_was_lost_on_all_but_the_last(sentence, texts, qualifiers):
    assert [mention(sentence, t).qualifier for t in texts] == qualifiers


def test_regression_a_bout_of_effort_is_not_a_multiple():
    # 经过一番努力: 番 without 翻 counts nothing (翻一番 was 1 番, 一番努力 was 1 番 too)
    assert quantities("经过一番艰苦努力，任务圆满完成。") == []


def test_wanwan_is_a_hundred_million():
    # 万万 (old for 亿, 1955 report): 折合黄金七万万两以上 = 7 × 10⁸ 两 and more, not 七万
    # (the tael 两 after it is no unit here: 5万亿两个台阶 is 5万亿 and two steps)
    m = mention("这笔财富折合黄金七万万两以上。", "七万万")
    assert (m.value, m.unit, m.value_base) == (7.0, "万万", 7e8)
    assert mention("经济总量连续迈上4万亿、5万亿两个台阶。", "5万亿").unit == "万亿"
    m = mention("全国人口有六万万之多。", "六万万")
    assert m.value_base == 6e8


@pytest.mark.parametrize("sentence, text, value, unit, qualifier", [
    # a rate per something: one mention, its qualifier kept, no phantom 百亿元 of money
    ("亿元地区生产总值生产安全事故死亡率控制在0.6人/百亿元以下。", "0.6人/百亿元以下", 0.6, "人/百亿元", "以下"),
    ("全员劳动生产率达58万元/人左右。", "58万元/人左右", 58.0, "万元/人", "左右"),
])
def test_a_rate_per_unit_is_one_mention(sentence, text, value, unit, qualifier):
    m = mention(sentence, text)
    assert (m.value, m.unit, m.qualifier) == (value, unit, qualifier)
    assert m.quantity not in ("money", "count") and math.isnan(m.value_base)
    assert [x.text for x in find_mentions(sentence) if x.kind] == [text]


def test_thousands_upon_thousands_counts_nothing():
    # 千千万万 (an idiom: "countless") was read as 2000万 (and 千千万万个 as 2000 万万个)
    assert [m.text for m in find_mentions("千千万万个市场细胞活跃起来。") if m.kind] == []


def test_respectively_after_figures_takes_their_subjects_in_order():
    # national 2007: the 10.4% is the towns' income growth, the 7.4% the villages'
    s = "城镇居民人均可支配收入11759元，农村居民人均纯收入3587元，扣除价格因素，分别比上年实际增长10.4%和7.4%。"
    got = {m.text: m.metric for m in find_mentions(s)}
    assert got["10.4%"] == "城镇居民人均可支配收入" and got["7.4%"] == "农村居民人均纯收入"
    # not after figures of another kind: 分别达到四百斤、五百斤和八百斤 after 一九五六年, 十二年, 三种
    s = "从一九五六年开始，在十二年内，粮食每亩平均年产量，在三种不同的地区，分别达到四百斤、五百斤和八百斤。"
    assert {m.text: m.metric for m in find_mentions(s)}["四百斤"] != "从一九五六年开始"


def test_figures_in_a_row_after_figures_take_their_subjects_in_order_without_respectively():
    # national 2010 (reviewing 2009), raw text: no 分别, the rates follow the levels in order; the
    # 9.8% was the villages' (the subject before it), found by the blind income gold
    s = "城镇居民人均可支配收入17175元，农村居民人均纯收入5153元，实际增长9.8%和8.5%。"
    got = {m.text: m.metric for m in find_mentions(s)}
    assert got["9.8%"] == "城镇居民人均可支配收入" and got["8.5%"] == "农村居民人均纯收入"
    # one figure after them is not a list: it keeps the subject before it
    s = "城镇居民人均可支配收入17175元，农村居民人均纯收入5153元，实际增长8.5%。"
    assert {m.text: m.metric for m in find_mentions(s)}["8.5%"] == "农村居民人均纯收入"
    # figures of different units are no such list (Guangdong 2026): the 44种 are products, counted
    s = "国家公布产量的104种工业产品中，我省在全国占比超过10%的有44种、超过20%的有23种、超过30%的有11种。"
    assert {m.text: m.metric for m in find_mentions(s)}["44种"] != "国家公布产量"


def test_a_price_adjustment_clause_is_skipped_for_the_subject():
    # national 1999 (reviewing 1998), raw text but for the decimal point (4·3％): the clause
    # 考虑价格下降因素 says how the figure is counted; the subject is the clause before it
    s = "农村居民人均纯收入，考虑价格下降因素，比上年实际增长4.3%，城镇居民人均可支配收入实际增长5.8%。"
    got = {m.text: m.metric for m in find_mentions(s)}
    assert got["4.3%"] == "农村居民人均纯收入" and got["5.8%"] == "城镇居民人均可支配收入"
    assert find_mentions("社会消费品零售总额扣除物价上涨因素增长8%。")[0].metric == "社会消费品零售总额"


@pytest.mark.parametrize("sentence, year_list, figures", [
    # national 1981: 1979 of 1979、1980两年 was a level of 1979 with no unit
    ("1979、1980两年，连续出现很大的财政赤字。", "1979、1980两年", []),
    ("在种植业内部，经济作物的播种面积1979、1980两年都有增加。", "1979、1980两年", []),
    # a list of years written with 年 once: 2019 was a bare number (level 2019)
    ("2019、2020年连续增长5%。", "2019、2020年", ["5%"]),
    ("2021和2022年分别完成投资300亿元、320亿元。", "2021和2022年", ["300亿元", "320亿元"]),
])
def test_a_list_of_years_written_with_one_year_is_a_date(sentence, year_list, figures):
    found = find_mentions(sentence)
    assert [m.text for m in found if m.quantity == "date"] == [year_list]
    assert [m.text for m in found if m.kind] == figures
    assert all(m.period == year_list for m in found if m.kind)


@pytest.mark.parametrize("sentence, texts", [
    # Zhejiang 2026: 4.5万元 lost the 超过 written once before the list
    ("城镇和农村居民人均可支配收入分别超过8万元、4.5万元，稳居各省区第1位。", ["超过8万元", "4.5万元"]),
    # Gansu 2026
    ("文化及相关产业、旅游及相关产业增加值占地区生产总值比重分别超过2%、5%。", ["超过2%", "5%"]),
])
def test_a_bound_before_a_list_after_fenbie_bounds_every_figure(sentence, texts):
    first = mention(sentence, texts[0]).qualifier
    assert first
    assert [mention(sentence, t).qualifier for t in texts] == [first] * len(texts)


def test_a_bound_before_a_list_leaves_a_figure_with_its_own_bound():
    sentence = "分别超过8万元、4.5万元和3%以上。"
    assert [mention(sentence, t).qualifier for t in ["超过8万元", "4.5万元", "3%以上"]] == ["超过", "超过", "以上"]


def test_a_bound_before_one_figure_without_fenbie_stays_on_it():
    # no 分别: 超过 governs its own figure only (a list without 分别 may be several things)
    sentence = "增加值超过8万元、4.5万元。"
    assert mention(sentence, "4.5万元").qualifier == ""


@pytest.mark.parametrize("sentence, text, direction", [
    ("全市性督查检查考核事项精简两成。", "两成", -1),  # Beijing 2026: was a share of 2成
    ("在汛期降雨较常年偏多六成的情况下实现平稳度汛。", "六成", 1),  # Beijing 2025: was a share
    ("今年降水较常年偏少三成。", "三成", -1),
    ("会议文件压缩20%。", "20%", -1),
])
def test_streamlining_and_more_or_less_than_usual_are_changes(sentence, text, direction):
    m = mention(sentence, text)
    assert (m.kind, m.direction) == ("change", direction)


def test_a_figure_after_a_cut_is_its_level_not_the_cut():
    # national 1983 (精简 made a change verb): 精简后为18个 is how many were left
    m = mention("国务院直属机构和办事机构进行了较大幅度的精简，精简后为18个。", "18个")
    assert (m.kind, m.metric) == ("level", "精简后")  # the metric was 后 once 精简 became a verb
    assert mention("机构减少后为29个。", "29个").kind == "level"
    # 压缩空气储能 (compressed-air storage, Shandong 2025) is a noun, no cut
    m = mention("建成压缩空气储能电站50万千瓦。", "50万千瓦")
    assert (m.kind, m.direction) == ("level", 0)


@pytest.mark.parametrize("sentence, text, value, unit", [
    # 云南 2025: 粮食总产量1993.5万吨 was a date (year 1993, month 5), so last year's grain output,
    # a row of the outcomes, was lost; 新疆 2026's 蔬菜2062.6万吨 and 广东 2026's 2037.7万户 the same
    ("居民人均可支配收入增长5.3%，粮食总产量1993.5万吨、创历史新高。", "1993.5万吨", 1993.5, "万吨"),
    ("蔬菜2062.6万吨，特色林果1000万吨。", "2062.6万吨", 2062.6, "万吨"),
    ("经营主体总量达2037.7万户，其中企业900万户。", "2037.7万户", 2037.7, "万户"),
])
def test_a_figure_that_looks_like_a_dotted_date_but_has_a_magnitude_is_a_number(sentence, text, value, unit):
    got = [m for m in find_mentions(sentence) if m.text == text]
    assert [(m.value, m.unit, m.quantity != "date") for m in got] == [(value, unit, True)]


def test_a_dotted_date_without_a_unit_stays_a_date():
    assert [(m.text, m.quantity) for m in find_mentions("该条例自2024.5.1起施行。") if m.quantity == "date"] == [("2024.5.1", "date")]


# A price index is written with last year = 100 (居民消费价格指数为102.8: prices rose 2.8%); a
# report may state its CPI target or outcome so, with or without a percent sign. Read as the
# level 103 %, a CPI target of 103% compared with the 3% of the next report is nonsense.
@pytest.mark.parametrize("sentence, text, value, direction, qualifier", [
    ("居民消费价格指数控制在103%以内", "103%以内", 3.0, 1, "以内"),
    ("居民消费价格指数控制在103左右", "103左右", 3.0, 1, "左右"),
    ("居民消费价格指数为102.8", "102.8", 2.8, 1, ""),
    ("商品零售价格总指数为98.5", "98.5", 1.5, -1, ""),
    ("全市居民消费价格总指数102.1，比上年上涨2.1%", "102.1", 2.1, 1, ""),
    ("物价指数控制在105%左右", "105%左右", 5.0, 1, "左右"),
    ("居民消费价格指数（上年=100）为102.8", "102.8", 2.8, 1, ""),
    ("城市居民消费价格指数和农村居民消费价格指数分别为102.5和103.1", "103.1", 3.1, 1, ""),
    ("居民消费价格指数为100", "100", 0.0, 0, ""),
])  # fmt: skip
def test_a_price_index_is_the_change_it_states(sentence, text, value, direction, qualifier):
    m = mention(sentence, text)
    assert (m.value, m.low, m.high) == pytest.approx((value, value, value))
    assert (m.unit, m.quantity, m.kind, m.direction, m.qualifier) == ("%", "percent", "change", direction, qualifier)
    assert m.value_base == pytest.approx(value) and m.base_unit == "%"


@pytest.mark.parametrize("sentence, text, value, unit, kind", [
    ("居民消费价格指数上涨2.8%", "2.8%", 2.8, "%", "change"),  # a change of the index, as written
    ("居民消费价格指数（上年=100）为102.8", "100", 100.0, "", "level"),  # the base, no change of its own
    ("空气质量综合指数为4.2", "4.2", 4.2, "", "level"),  # no price index
    ("营商环境指数达到105", "105", 105.0, "", "level"),
])  # fmt: skip
def test_other_figures_of_an_index_stay_as_written(sentence, text, value, unit, kind):
    m = mention(sentence, text)
    assert (m.value, m.unit, m.kind) == (pytest.approx(value), unit, kind)


@pytest.mark.parametrize("sentence, text, metric", [
    # national 2003: the subject is the total, 从1997年的… its starting point
    ("全社会消费品零售总额从1997年的2.73万亿元增加到2002年的4.1万亿元，平均每年实际增长10.5%。", "10.5%", "全社会消费品零售总额"),
    ("赤字率从去年的2.8%降到2.6%。", "2.6%", "赤字率"),
    # 由 is the same starting point (national reports of every decade); the figure may follow it
    # at once, and a clause that opens with it names no subject of its own
    ("1979年人口自然增长率由上年的1.2%下降到1.17%。", "1.17%", "人口自然增长率"),
    ("通车里程增加，其中高速公路由4771公里增加到2.52万公里。", "2.52万公里", "高速公路"),
    ("外贸出口从120亿美元增加到150亿美元。", "150亿美元", "外贸出口"),
    ("2006年，单位国内生产总值能耗由前三年分别上升4.9%、5.5%、0.2%，转为下降1.23%。", "4.9%", "单位国内生产总值能耗"),
    ("农村居民人均纯收入，由1978年的134元增加到1998年的2162元。", "2162元", "农村居民人均纯收入"),
    # national 1990s: 已经由 is 已经 and 由, not the word 经由
    ("目前由市场决定价格的比重，已经由五年前的百分之五十左右扩大到百分之八十。", "百分之八十", "目前由市场决定价格的比重"),
])  # fmt: skip
def test_a_change_from_a_starting_point_names_what_changed(sentence, text, metric):
    assert mention(sentence, text).metric == metric


def test_a_time_span_is_not_a_starting_point():
    # national 1985: 从1979年到1984年 is when, not where from; the clause before it (通过各种渠道,
    # through many channels) is no subject to borrow
    s = "随着生产建设的持续增长，通过各种渠道，从1979年到1984年安排了四千二百多万城镇劳动力就业。"
    assert mention(s, "四千二百多万").metric != "通过各种渠道"
