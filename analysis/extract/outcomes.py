"""Last year's outcomes stated in a report's review, one row per indicator and scope.

A report for year *t* opens with a review of year *t−1* (``一、2025年工作回顾``,
``过去一年……``) that states how the main indicators came out: ``地区生产总值增长5.4%``,
``城镇新增就业1256万人``, ``居民消费价格上涨0.2%``. :func:`outcomes_table` reads those
figures from the numeric mentions of :func:`analysis.extract.metrics.metrics_table` (metric, kind,
period) and names them with the indicator vocabulary of :mod:`analysis.extract.targets`
(``data/indicators.tsv``), so that an outcome joins the target of the same indicator.

Which sentences are read (the *review*): those before the year's target paragraph (the
first annual block of :func:`analysis.extract.blocks.target_blocks`; the whole report when it has
none), unless their part heading announces a plan (``heading_planned`` cues); after it, only a
sentence that names the past year itself (过去一年, 去年, 一年来, ``{t−1}年``).

What year a figure belongs to (``scope``): the period written with the number (2025年,
年均, “十四五”时期), else the last period cue before it in its paragraph (过去一年/去年 →
last year; 五年来, 过去五年, 年均, 累计, “十四五”时期 → the plan period), else the part
heading (a heading naming five years or a plan is ``plan_period``). ``last_year`` rows are
the outcome of year *t−1*; five-year averages and cumulative totals are ``plan_period`` and
never last year's. A figure dated to another year, a half-year or a quarter is skipped.

Which numbers count: growth indicators take a percent that is a change (``增长5.4%``,
``上涨0.2%``, ``下降0.7%`` → −0.7) or a level written as a rate of change (``涨幅回落到
2.6%``); rates (unemployment) take a percent; changes in percentage points are left out;
``new_urban_jobs`` takes a count of persons; ``grain_output`` a mass; energy and carbon
intensity (:data:`REDUCTION`) a percent change, stored as the fall their targets state
(``单位国内生产总值能耗下降3.1%`` → 3.1). The names of a list take their figures as targets
do (``城镇、农村居民人均可支配收入分别增长4.6%、6.7%``: 城镇居民人均可支配收入 4.6, 农村… 6.7). The
first figure per indicator and scope is kept (reports state the headline figure first); for
income, the first per group of residents (城镇, 农村, 全体: three measures, not one restated).

This module reads ``numbers`` and ``targets`` and changes neither.
"""

from __future__ import annotations

import math
import re
from collections import namedtuple

import pandas as pd

from analysis.extract.blocks import target_blocks
from analysis.extract.indicators import RE_SCOPE, group_of, indicator_of, shared_subject
from analysis.extract.metrics import (
    metrics_table,
    next_plan_cue,
    sentence_heading_status,
)
from analysis.extract.review_periods import (  # noqa: F401 (scope_of: re-exported, callers look in outcomes)
    RE_LOCAL_LAST,
    RE_LOCAL_PLAN,
    _nearest_cue,
    frames,
    scope_of,
)
from analysis.extract.target_clauses import (
    RE_CLAUSE,
    RE_EACH,
    RE_NAME_LIST,
    RE_RESPECTIVELY,
    in_a_row,
    list_names,
)
from analysis.extract.target_tables import target_table_results
from analysis.tables import column_frame, empty_frame

#: Columns of :func:`outcomes_table`, in order, with dtypes.
OUTCOME_COLUMNS = {
    "doc_id": "string",  # document identifier
    "region": "string",  # region of the report ("" for national reports)
    "level": "string",  # national, provincial, city …
    "report_year": "Int64",  # year of the report stating the outcome
    "year": "Int64",  # year the outcome is for (report_year − 1; <NA> for plan_period)
    "indicator": "string",  # canonical indicator (indicators.tsv)
    "name": "string",  # the indicator as written (国内生产总值, 城镇新增就业 …)
    "value": "float64",  # realised value in `unit` (negative for 下降; for REDUCTION indicators the fall, positive); a range's midpoint
    "low": "float64",  # lower bound (== value for one number)
    "high": "float64",  # upper bound
    "unit": "string",  # unit as written (%, 万人, 亿斤)
    "qualifier": "string",  # 左右, 以上, 多, 预计 … joined by |
    "scope": "string",  # last_year | plan_period (a five-year average or total)
    "period": "string",  # period cue that set the scope (2025年, 过去一年, 年均, heading …)
    "part": "string",  # part heading the sentence is under
    "sentence": "string",  # the sentence holding the figure
    "raw_start": "int64",  # offset of the figure in Document.raw_text
    "raw_end": "int64",  # end offset of the figure in Document.raw_text
}

#: Indicators measured as a rate of change, and those measured as a level.
GROWTH = frozenset({
    "gdp_growth", "cpi", "fiscal_revenue_growth", "fixed_investment_growth", "retail_sales_growth",
    "industrial_value_added_growth", "income_growth", "trade_growth",
})  # fmt: skip
RATE = frozenset({"unemployment_rate"})
#: Indicators whose targets state a fall (单位国内生产总值能耗降低3%左右 → 3): their outcome is
#: the fall too (下降3.1% → 3.1; a rise is negative), so target and outcome compare as written.
REDUCTION = frozenset({"energy_intensity", "carbon_intensity"})
#: Every indicator the outcomes table reads.
OUTCOME_INDICATORS = frozenset(GROWTH | RATE | REDUCTION | {"new_urban_jobs", "grain_output"})
#: A level that is in fact a rate of change (涨幅回落到2.6%, 增速为5%).
RE_RATE_WORD = re.compile(r"涨幅|增幅|增速|增长率|上涨|增长|上升|涨")
#: A rate named without its subject, which the sentence before gives (1995: 要把全年商品零售物价
#: 上涨幅度控制在百分之十以内。虽然…，涨幅仍然高达百分之二十一点七).
RE_BARE_RATE = re.compile(r"(?:其|但|而)?(?P<rate>涨幅|增幅|增速|增长率|上涨幅度|增长速度)")
RE_YEAR_END = re.compile(r"年末|年底")
RE_FORECAST = re.compile(r"预计")
#: The base year of a comparison before a figure: 1986年同1978年相比…增长102%, 比2002年增长65.5%.
RE_BASE_YEAR = re.compile(r"(?:同|与|比|较)((?:19|20)\d\d)年")
#: A year named in Arabic or Chinese numerals (2002年, 一九五三年).
RE_ANY_YEAR = re.compile(r"((?:19|20)\d\d|[一二三四五六七八九〇○零]{4})年")
_CN_DIGIT = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
#: Words that put the figures after them under a target (去年政府工作报告提出，物价涨幅要从14.8%降到
#: 10%左右 / 宏观调控的目标是…力争控制在15%左右 / 努力把全年零售物价上涨幅度控制在百分之十以内), and
#: words of a result that end that (实际回落到6.1%).
RE_TARGET_WORD = re.compile(r"目标是|目标为|提出|力争|要从|预期目标|要把|努力把|确保把")
RE_RESULT_WORD = re.compile(r"实际|实现|达到|完成|结果")


def empty_outcomes() -> pd.DataFrame:
    """Return an empty outcomes table with the full schema.

    >>> empty_outcomes().columns.tolist()[:4]
    ['doc_id', 'region', 'level', 'report_year']
    """
    return empty_frame(OUTCOME_COLUMNS)


#: A change that turned: 由前三年分别上升4.9%…，转为下降1.2% — the figure after 由/从 is where it
#: started, the one after the turn word is the year's; so in one clause, 由上年的58.6%回落到27.8%.
RE_TURN_FROM = re.compile(r"[由从][^，；。]*$")
RE_TURN_TO = re.compile(r"^(?:[^。；]*?(?:转为|转而|变为|减为|降为|升为)|[^，。；]*?(?:回落|下降|降低|上升|提高|增加|扩大|缩小)?[到至])")


def _starting_point(before: str, after: str) -> bool:
    """True when a figure is the starting point of a change that turned (由…上升4.9%…，转为
    下降1.2%): ``before`` is its sentence up to it, ``after`` the rest.

    >>> _starting_point("2006年，单位国内生产总值能耗由前三年分别上升", "、5.5%、0.2%，转为下降1.2%")
    True
    >>> _starting_point("2006年，单位国内生产总值能耗由前三年分别上升4.9%、5.5%、0.2%，转为下降", "")
    False
    >>> _starting_point("固定资产投资增长幅度由上年的", "回落到百分之二十七点八"), _starting_point("从一月起，增长", "，到年底")
    (True, False)
    """
    return bool(RE_TURN_FROM.search(before)) and bool(RE_TURN_TO.search(after))


#: A part taken out of an aggregate, in a clause of its own before the figure's (扣除房地产开发投资后，
#: 固定资产投资增长2.7%): the figure is of what is left, not of the aggregate. A factor taken out
#: (扣除价格因素后, 剔除自然因素影响后) leaves the same aggregate, counted otherwise.
RE_LESS_A_PART = re.compile(r"(?:扣除|剔除|除去)(?![^，；。：]*因素)[^，；。：]+后$")


def _previous_clause(lead: str, cut: int) -> str:
    """The clause of ``lead`` that ends at its clause mark ``cut`` (:func:`_clause_cut`): the one
    before the figure's own.

    >>> _previous_clause("扣除房地产开发投资后，固定资产投资增长", 10)
    '扣除房地产开发投资后'
    """
    return lead[_clause_cut(lead, cut) + 1 : cut]


def _under_target(before: str) -> bool:
    """True when the last target word before a figure comes after the last result word.

    >>> _under_target("去年政府工作报告提出，物价涨幅要从"), _under_target("去年政府工作报告提出，物价涨幅要从14.8%降到10%左右，经过努力，实际回落到")
    (True, False)
    """
    target = [m.end() for m in RE_TARGET_WORD.finditer(before)]
    result = [m.end() for m in RE_RESULT_WORD.finditer(before)]
    return bool(target) and (not result or target[-1] > result[-1])


#: Jobs as the planned economy counted them: persons placed in work in the towns (安置/安排…就业).
RE_PLACED = re.compile(r"(?P<verb>安置|安排)了?$")
RE_PLACED_AFTER = re.compile(r"(?:城镇)?(?:劳动力)?就业")
RE_PLACED_SUBJECT = re.compile(r"城镇(?P<verb>安置|安排)就业")


def _placement(sentence: str, start: int, end: int, metric: str) -> str:
    """The name of an urban job placement figure (the 1980s' count of new urban jobs), or "":
    ``在城镇安置了903万人就业``, ``五年合计在城镇安排就业的劳动力达到三千五百多万人``.

    >>> s = "1979年全国在城镇安置了903万人就业，开始提升40%职工的工资级别。"
    >>> _placement(s, 13, 18, "全国在城镇安置")
    '城镇安置就业'
    >>> _placement("在城镇，五年安排三千八百多万人就业。", 8, 15, "就业"), _placement("安排项目300个。", 4, 8, "安排项目")
    ('城镇安排就业', '')
    """
    if m := RE_PLACED_SUBJECT.search(metric or ""):
        return f"城镇{m.group('verb')}就业"
    verb = RE_PLACED.search(sentence[max(start - 6, 0) : start].replace("共", "").replace("合计", ""))
    if not verb or not RE_PLACED_AFTER.match(sentence, end) or "城镇" not in sentence[: end + 4]:
        return ""
    return f"城镇{verb.group('verb')}就业"


def _list_subject(sentence: str, offset: int, m, before) -> str:
    """The name of the figure ``m`` (at ``offset`` in ``sentence``) with the subject the figure
    ``before`` it in a list names once (粮食播种面积1570.5万亩、总产130亿斤: 粮食总产), as
    :func:`analysis.extract.indicators.shared_subject`; "" when its name follows no 、."""
    at = offset - len(m.metric)  # the name written right before the figure, after a 、
    if (before is None or before.sentence_id != m.sentence_id or not before.metric or at < 1
            or sentence[at - 1] != "、" or not sentence.endswith(m.metric, 0, offset)):
        return ""
    return shared_subject(before.metric, m.metric, lambda ind: fits_outcome(ind, m, sentence[max(offset - 8, 0) : offset]))


def _topic_subject(sentence: str, offset: int, m) -> str:
    """The name of the figure ``m`` (at ``offset``) with the subject the clause before its own
    opens with, when its name is a part alone (粮食生产再获丰收，总产达到557亿斤: 粮食总产): the
    shortest head of that clause with which the name names an indicator the figure fits; ""
    when there is none, the name is longer than three characters or not in the figure's clause."""
    lead = sentence[: max(offset, 0)]
    cut = _clause_cut(lead)
    if not m.metric or len(m.metric) > 3 or cut < 1 or m.metric not in lead[cut:]:
        return ""
    fitting = {ind for ind in OUTCOME_INDICATORS if fits_outcome(ind, m, lead[cut + 1 :])}
    before = _previous_clause(lead, cut)
    for n in range(1, min(len(before), _TOPIC_HEAD) + 1) if fitting else ():
        indicator = indicator_of(before[:n] + m.metric)
        if indicator in fitting and not indicator_of(before[:n]):
            return before[:n] + m.metric  # (a head naming the indicator alone: 粮食总产|又增产291亿斤 is a change)
    return ""


#: Most characters of a clause's head tried as a subject (全国粮食, 社会消费品零售).
_TOPIC_HEAD = 12


def _clause_cut(text: str, end: int | None = None) -> int:
    """The offset of the last clause mark (，；) in ``text[:end]``, -1 when none: the clause
    that ends ``text[:end]`` starts after it."""
    return max(text.rfind(p, 0, len(text) if end is None else end) for p in "，；,;")


def _bare_rate(sentence: str, offset: int) -> str:
    """The rate that opens the clause of the figure at ``offset`` and names no subject, or "".

    >>> _bare_rate("虽然在这方面做了很大努力，涨幅仍然高达百分之二十一点七。", 19)
    '涨幅'
    >>> _bare_rate("居民消费价格涨幅为2%。", 9)
    ''
    """
    before = sentence[: max(offset, 0)]
    clause = before[max(before.rfind(p) for p in "，；,;") + 1 :]
    m = RE_BARE_RATE.match(clause)
    return m.group("rate") if m else ""


def _since_earlier_year(before: str, year: int) -> bool:
    """True when the text before a figure compares with a year before the one before ``year``
    (the change spans more than last year).

    >>> _since_earlier_year("1986年同1978年相比，国民生产总值由3480亿元增加到9380亿元，按可比价格计算增长", 1986)
    True
    >>> _since_earlier_year("国内生产总值比2024年增长", 2025)
    False
    """
    return any(int(m.group(1)) < year - 1 for m in RE_BASE_YEAR.finditer(before))


def _years_named(text: str) -> list[int]:
    """The years ``text`` names, in Arabic or Chinese numerals.

    >>> _years_named("粮食产量在一九五三年到一九七八年间平均每年只"), _years_named("比2002年")
    ([1953, 1978], [2002])
    """
    return [int(m.group(1).translate(_CN_DIGIT)) for m in RE_ANY_YEAR.finditer(text)]


def fits_outcome(indicator: str, m, before: str = "") -> bool:
    """True when a metrics row ``m`` can be the outcome of ``indicator``; ``before`` is the
    text just before the figure (涨幅回落到 makes a level a rate of change).

    >>> from types import SimpleNamespace as M
    >>> fits_outcome("gdp_growth", M(unit="%", kind="change", metric="地区生产总值", quantity="percent"))
    True
    >>> fits_outcome("gdp_growth", M(unit="万亿元", kind="level", metric="地区生产总值", quantity="money"))
    False
    """
    if indicator == "cpi" and m.unit == "%":  # a price index in % is its rate of change: 物价…实际回落到6.1%
        return m.kind in ("change", "level", "share")
    if indicator in GROWTH:
        return m.unit == "%" and (m.kind == "change" or (m.kind in ("level", "share") and bool(RE_RATE_WORD.search((m.metric or "") + before))))
    if indicator in RATE:
        return m.unit == "%" and m.kind in ("level", "share", "change")
    if indicator in REDUCTION:  # 单位国内生产总值能耗下降3.1%, 降幅超过3%
        return m.unit == "%" and m.kind == "change" and m.direction != 0
    if indicator == "new_urban_jobs":
        return m.quantity == "count" and (m.unit or "").endswith("人") and m.kind in ("level", "change")
    if indicator == "grain_output":
        return m.quantity == "mass" and m.kind in ("level", "change")
    return False


def outcomes_table(doc, metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per indicator and scope of the outcomes ``doc`` states for last year.

    See the module docstring for how the review, the scope and the figures are read.

    ============  =======  ================================================================
    column        dtype    meaning
    ============  =======  ================================================================
    doc_id        string   document identifier
    region        string   region of the report ("" for national reports)
    level         string   national, provincial, city …
    report_year   Int64    year of the report
    year          Int64    year of the outcome: report_year − 1 for last_year rows,
                           <NA> for plan_period rows
    indicator     string   gdp_growth, cpi, unemployment_rate, new_urban_jobs,
                           fiscal_revenue_growth, fixed_investment_growth,
                           retail_sales_growth, industrial_value_added_growth,
                           income_growth, trade_growth, grain_output,
                           energy_intensity, carbon_intensity
    name          string   the indicator as written
    value         float64  realised value in `unit`; negative for a fall (下降0.7%),
                           but for energy and carbon intensity the fall, as their
                           targets state it (下降3.1% → 3.1)
    low, high     float64  range bounds; == value for one number
    unit          string   unit as written
    qualifier     string   左右, 以上, 多, 预计 … (joined by |)
    scope         string   last_year, or plan_period (five-year average or total)
    period        string   the cue that set the scope (2025年, 过去一年, 年均, or
                           ``heading`` when the part heading decided)
    part          string   part heading the sentence is under
    sentence      string   the sentence
    raw_start     int64    offset of the figure in Document.raw_text
    raw_end       int64    end offset of the figure in Document.raw_text
    ============  =======  ================================================================

    Args:
        doc: a :class:`analysis.document.Document` (``metadata`` gives year, region, level).
        metrics: its :func:`analysis.extract.metrics.metrics_table`, if already computed.

    >>> import numpy as np, pandas as pd
    >>> from analysis.document import Document
    >>> text = "过去一年，全市地区生产总值增长5.4%，城镇新增就业64.1万人。"
    >>> sents = pd.DataFrame({"doc_id": ["d"], "part": ["一、2025年工作回顾"],
    ...     "section": ["一、2025年工作回顾"], "paragraph_id": [0], "sentence_id": [0],
    ...     "start": [0], "end": [len(text)], "sentence": [text]})
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...     sentences=sents, metadata={"year": 2026})
    >>> outcomes_table(doc)[["year", "indicator", "value", "unit", "scope"]].values.tolist()
    [[2025, 'gdp_growth', 5.4, '%', 'last_year'], [2025, 'new_urban_jobs', 64.1, '万人', 'last_year']]
    """
    sentences = getattr(doc, "sentences", None)
    if sentences is None or len(sentences) == 0:
        return empty_outcomes()
    meta = getattr(doc, "metadata", None) or {}
    report_year = meta.get("year")
    report_year = None if report_year is None or pd.isna(report_year) else int(report_year)
    year = report_year - 1 if report_year else None
    if metrics is None:
        metrics = metrics_table(doc)
    if len(metrics):
        ours = (metrics["doc_id"] == doc.doc_id).to_numpy(dtype=bool, na_value=False)
        metrics = metrics if ours.all() else metrics[ours]  # (the usual: no filtered copy)
    if not len(metrics):
        return empty_outcomes()
    text = sentences["sentence"].tolist()
    # The year's target paragraph: the review ends there.
    blocks = target_blocks(sentences)
    annual = [i for i, _, plan in blocks if not plan]
    first_block = annual[0] if annual else len(text)
    sent_ids = sentences["sentence_id"].tolist()
    sent_starts = sentences["start"].tolist()
    row_of = {s: r for r, s in enumerate(sent_ids)}
    year_rx = re.compile(rf"{year}年") if year else None
    frame = frames(text, sentences["part"].tolist(), year)
    ahead = next_plan_cue(report_year)
    block_rows = {i for i, _, _ in blocks}
    status_of = sentence_heading_status(sentences["part"].tolist(), sentences["section"].tolist(), text, ahead)

    def in_review(r: int, part: str, section: str) -> bool:
        own = text[r]
        names_last = bool(re.search(r"过去一年|去年|一年来", own) or (year_rx and year_rx.search(own)))
        if r >= first_block:  # after the target paragraph: only where a cue says last year
            return names_last and r not in block_rows
        # a part may review last year and plan this one (一、1998年工作回顾和1999年工作的总体要求)
        reviews_last = bool(year_rx and year_rx.search(part or ""))
        return status_of[r] != "planned" or names_last or reviews_last

    found: dict[tuple[str, str, str], dict] = {}  # (indicator, income group, scope) → row
    named: dict[str, str] = {}  # indicator of each metric phrase, looked up once
    last_named = (None, "")  # (sentence row, indicator) of the last figure that named one
    prev = None  # the figure before, whose subject a list may share
    rows = list(_metric_rows(metrics))
    offsets = [m.start - int(sent_starts[row_of[m.sentence_id]]) if m.sentence_id in row_of else None for m in rows]
    listed = _listed_names(rows, offsets)
    for i, k, m, metric in _each_name(rows, listed):
        if k == 0:  # (a figure every name of a list takes is one figure)
            before_it, prev = prev, m
        if not m.kind or not metric:
            continue
        ind = named.get(metric)
        if ind is None:
            ind = named[metric] = indicator_of(metric)
        r = row_of.get(m.sentence_id)
        if r is None or "\t" in text[r]:
            continue  # (a table's row: its columns say which figure is a result, target_table_results)
        sentence = text[r]
        offset = offsets[i]  # the figure's offset in its sentence
        name = RE_SCOPE.sub("", metric)
        if not ind and (shared := _list_subject(sentence, offset, m, before_it) or _topic_subject(sentence, offset, m)):
            name, ind = shared, indicator_of(shared)
        if ind:
            last_named = (r, ind)
        elif last_named[0] in (r, r - 1):
            # 涨幅仍然高达百分之二十一点七: the rise of what the sentence before named
            name = _bare_rate(sentence, offset)
            ind = last_named[1] if name else ""
        placement = False
        if not ind:
            name = _placement(sentence, offset, offset + (m.end - m.start), m.metric)
            ind, placement = ("new_urban_jobs", True) if name else ("", False)
        if not ind or not in_review(r, m.part, m.section):
            continue
        lead = sentence[: max(offset, 0)]
        cut = _clause_cut(lead)
        clause = lead[cut + 1 :]  # the clause up to it
        if not fits_outcome(ind, m, clause):
            continue
        if _under_target(lead):
            continue
        if _starting_point(lead, sentence[offset + (m.end - m.start) :]):
            continue
        if cut > 0 and RE_LESS_A_PART.search(_previous_clause(lead, cut)):
            continue
        scope = scope_of(m.period, year)
        cue = m.period
        if m.period and f"从{m.period}" in clause and not clause.endswith(f"从{m.period}"):
            # the period of the figure a change starts from, not of the one it reaches
            # (年末城镇调查失业率从上半年5.5%降到5.3%: 5.3% is the year's end)
            scope, cue = ("last_year", "年末") if ind in RATE and RE_YEAR_END.search(clause) else ("", "")
        if ind in RATE and m.period in ("年末", "年底") and m.period in clause:
            scope = "last_year"  # a rate at the end of last year (年末城镇登记失业率4.02%)
        if scope == "other" and m.period not in clause:
            scope = ""  # a period carried over from an earlier clause (年末…，居民消费价格上涨2%)
        if scope == "":  # the nearest cue before the figure in its sentence, else its frame
            scope, cue = _nearest_cue(lead, year, RE_LOCAL_PLAN, RE_LOCAL_LAST)
        if scope == "" and placement:
            continue  # a placement figure's period must be written in its sentence (这三年…, 五年…)
        if scope == "" and r < first_block:
            scope, cue = frame[r]
        if scope == "" and r < first_block:
            scope, cue = "last_year", ""
        if scope == "" or (scope == "plan_period" and (m.status == "planned" or ahead.search(lead))):
            continue  # (a five-year figure read as planned, or under the plan ahead, is its target)
        if scope == "last_year" and year and _since_earlier_year(lead, year):
            continue  # a change over several years (1986年同1978年相比…增长102%), not last year's
        if scope == "plan_period" and year and any(y < year - 5 for y in _years_named(clause)):
            continue  # an average over other years (粮食产量在一九五三年到一九七八年间平均每年…)
        key = (ind, group_of(ind, name), scope)
        if scope == "other" or key in found:
            continue
        value, low, high = _signed(m, ind)
        qualifier = [q for q in (m.qualifier or "").split("|") if q]
        if RE_FORECAST.search(lead[-30:]):
            qualifier.insert(0, "预计")
        found[key] = dict(
            doc_id=doc.doc_id, region=meta.get("region", "") or "", level=meta.get("level", "") or "",
            report_year=report_year, year=year if scope == "last_year" else None, indicator=ind,
            name=name, value=value, low=low, high=high, unit=m.unit,
            qualifier="|".join(qualifier), scope=scope, period=cue, part=m.part, sentence=m.sentence,
            raw_start=m.raw_start, raw_end=m.raw_end,
        )
    for r, ind, name, m in target_table_results(sentences, report_year):  # 指标 | 2024年完成 | 2025年目标
        key = (ind, group_of(ind, name), "last_year")
        if key in found or not fits_outcome(ind, m):
            continue
        value, low, high = _signed(m, ind)
        raw_start, raw_end = doc.raw_span(int(sent_starts[r]) + m.start, int(sent_starts[r]) + m.end)
        found[key] = {
            "doc_id": doc.doc_id, "region": meta.get("region", "") or "", "level": meta.get("level", "") or "",
            "report_year": report_year, "year": year, "indicator": ind, "name": name,
            "value": value, "low": low, "high": high,
            "unit": m.unit, "qualifier": m.qualifier, "scope": "last_year", "period": m.period,
            "part": sentences["part"].iloc[r], "sentence": text[r], "raw_start": raw_start, "raw_end": raw_end,
        }
    if not found:
        return empty_outcomes()
    rows = sorted(found.values(), key=lambda d: d["raw_start"])
    for row in rows:
        for c in ("value", "low", "high"):
            row[c] = math.nan if row[c] is None else row[c]
    return column_frame([[row[c] for row in rows] for c in OUTCOME_COLUMNS], OUTCOME_COLUMNS)


def _signed(m, ind: str) -> tuple[float, float, float]:
    """``(value, low, high)`` of a change ``m`` as the indicator ``ind`` counts it: a fall is
    negative, and a reduction indicator's (能耗 …) fall positive."""
    if m.kind == "change" and (m.direction > 0 if ind in REDUCTION else m.direction < 0):
        return -m.value, -m.high, -m.low
    return m.value, m.low, m.high


def _listed_names(rows: list, offsets: list) -> dict[int, list[str]]:
    """The names of figures whose metric is a list of names sharing one head, by position in
    ``rows`` (metrics rows; ``offsets``: each figure's offset in its sentence): after 分别 the
    list's figures in one clause take its names in order (城镇居民、农村居民人均可支配收入分别
    增长4.6%、6.7%: 4.6 is 城镇居民人均可支配收入's), and so do as many figures as names written
    in a row without 分别 (:func:`in_a_row`); after 均 one figure is every name's, as
    targets read them (:func:`analysis.extract.target_clauses.list_names`). Only a list whose
    first name names an indicator: in 利用外资、投资分别增长45%、20% (Tianjin 2026, of its
    development zones) the bare 投资 is not the region's fixed-asset investment."""
    out: dict[int, list[str]] = {}
    i = 0
    while i < len(rows):
        m, at = rows[i], offsets[i]
        if not (m.kind and m.metric and at is not None and (RE_NAME_LIST.search(m.metric) or m.metric.startswith("城乡"))):
            i += 1  # (no list: the common case, decided without the clauses)
            continue
        clause = next((c for c in RE_CLAUSE.finditer(m.sentence) if c.start() <= at < c.end()), None)
        j = i + 1
        while clause and j < len(rows) and rows[j].sentence_id == m.sentence_id and rows[j].metric == m.metric and (
                rows[j].kind and offsets[j] is not None and offsets[j] < clause.end()):
            j += 1
        names = list_names(m.metric, j - i) if clause else []
        if len(names) > 1 and indicator_of(names[0]):
            lead = m.sentence[clause.start() : at]
            spans = [(offsets[k], offsets[k] + rows[k].end - rows[k].start) for k in range(i, j)]
            if j - i > 1 and len(names) == j - i and (RE_RESPECTIVELY.search(lead) or in_a_row(m.sentence, spans)):
                out.update((i + k, [name]) for k, name in enumerate(names))
            elif j - i == 1 and RE_EACH.search(lead):
                out[i] = names
        i = j
    return out


def _each_name(rows: list, listed: dict[int, list[str]]):
    """(position, k, row, name) for the ``k``-th name of each metrics row: its metric, or the
    names :func:`_listed_names` gave it."""
    for i, m in enumerate(rows):
        for k, name in enumerate(listed.get(i, (m.metric,))):
            yield i, k, m, name


#: The metrics columns the outcomes are read from.
_METRIC_FIELDS = ("kind", "metric", "sentence_id", "part", "section", "start", "end", "unit", "quantity", "period",
                  "status", "value", "low", "high", "direction", "qualifier", "sentence", "raw_start", "raw_end")
_MetricRow = namedtuple("_MetricRow", _METRIC_FIELDS)


def _metric_rows(metrics: pd.DataFrame):
    """The rows of ``metrics`` as named tuples of Python values, read column by column (much
    cheaper than ``itertuples`` over Arrow-backed columns)."""
    return map(_MetricRow._make, zip(*(metrics[c].tolist() for c in _METRIC_FIELDS)))
