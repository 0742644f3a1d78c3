"""The expected targets of a report for its year (主要预期目标 and more), one row per target.

Reports announce the year's targets in one paragraph introduced by a phrase such as
``今年发展主要预期目标是：`` or ``经济社会发展的主要预期目标为：``, followed by a list of
clauses (``国内生产总值增长5%左右；城镇调查失业率5.5%左右 …``), or by a list a target a line or a
table (:mod:`analysis.extract.blocks` finds them). :func:`targets_table` reads each sentence's
clauses with :mod:`analysis.extract.target_clauses`, which names the main indicators with the
lexicon ``data/indicators.tsv``.

Older national reports (1990s–2004) state the growth target in prose inside the plan
section (``今年计划国内生产总值增长百分之九``, ``今年经济增长预期目标为7%左右``); when no
target paragraph yields a GDP target, those sentences are searched for one.

Targets for a five-year-plan period (``“十五”期间年均经济增长速度预期目标为7%左右``,
``年均增长5%以上``) have ``scope == "plan_period"``; the year's own targets are ``annual``. A plan's
goals may be announced in other words (《纲要草案》明确了今后五年的发展目标：, …主要指标，包括…):
:mod:`analysis.extract.blocks` reads any goals or indicators noun opening a list, after the plan's
name, as such an intro. A part whose heading announces the plan's goals (二、“十三五”时期主要目标
任务和重大举措) may state them a paragraph a topic with no intro at all (national 2016: 到2020年，…;
今后五年，…能耗…下降15%): its planned figures of a canonical indicator the plan's rows lack are
plan-period targets too, the first per indicator.

All these rows, the target paragraph's and the prose GDP targets, have ``stated_in ==
"main_targets"``. Many reports state some of the year's targets only later, in the work plan
(上海 2026, section (九): ``…城镇新增就业60万人以上。``); those rows have ``stated_in ==
"work_plan"``. The target paragraph opens the year's plan, so the work plan is read from the
first annual target block to the end of the report, leaving out the sentences under a part or
section heading that names a review (回顾, 情况, 成就 …: the ``heading_achieved`` cues of
``cues.tsv``) or a five-year plan (“十五五”, 五年, 规划纲要) — but the heading of the part
holding the target paragraph is not tested (福建 2026:
``三、一鼓作气勇争先，全力推动“十五五”开好局、起好步``). A clause there that names a canonical
indicator the main targets lack, with a number, becomes a row: the first one per indicator,
read with the same clause logic as the target paragraph. Precision comes before recall:

* the clause's name is the indicator's name and nothing more (城镇新增就业, not 新增就业岗位;
  规上工业增加值, not 规上工业增加值占比);
* the figure carries no period, or 今年/全年 or the report's own year (2026年 in a 2026
  report; not 去年, 2025年, 年均, “十五五”期间, 到2030年);
* it is written in Arabic digits or as 百分之… (how reports with a target paragraph write
  their figures), or as a round numeral before a magnitude (百万吨); targets without a number
  (…同步) are not taken.

Reports without an annual target block (most national reports before 2005) have no work-plan
rows.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from analysis.extract.blocks import (
    RE_COMPARING,
    RE_PLAN_SCOPE,
    _block_rows,
    _target_blocks,
    plan_goal_rows,
)
from analysis.extract.indicators import (  # noqa: F401 (re-exported: callers look in targets)
    INDICATORS,
    RE_INDICATOR,
    RE_INDICATOR_IN,
    RE_INDICATOR_OF,
    RE_SCOPE,
    SUBJECT_OF,
    fits,
    indicator_of,
    names_indicator,
)
from analysis.extract.metrics import (
    next_plan_cue,
    resolve_status,
    sentence_heading_status,
)
from analysis.extract.numbers import RE_HEADING_CUE, find_mentions
from analysis.extract.target_tables import table_targets
from analysis.extract.target_clauses import (  # noqa: F401 (re-exported: callers look in targets)
    RE_CLAUSE,
    _row,
    _sentence_targets,
    sentence_targets,
    split_names,
)
from analysis.tables import column_frame, empty_frame

#: Prose GDP targets of older reports.
RE_GDP_PHRASE = re.compile(r"(?:国内|国民)生产总值|经济增长(?:速度|率)?|经济增速|国民经济增长速度")
RE_PLAN_CUE = re.compile(r"预期|目标|计划|定为|调控|要求|力争|争取")
RE_HORIZON = re.compile(r"今年|本年|明年|年均|平均每年|今后五年|期间|时期")
RE_NOT_TARGET = re.compile(r"原定|低于|高于|超过|比上年|比去年|去年|上年")
#: A heading that is not this year's work plan: a review, or a five-year plan.
RE_NOT_WORK_PLAN = re.compile(
    RE_HEADING_CUE["heading_achieved"].pattern + r"|十[一二三四五六七八九]五|[“”][六七八九]五|五年|规划纲要"
)
#: Periods a work-plan figure may carry and still be this year's target ("": none written).
WORK_PLAN_PERIODS = frozenset({"", "今年", "全年"})
#: A work-plan figure is written in Arabic digits or as 百分之… (as reports with a target
#: paragraph write them), or as a round numeral before a magnitude (百万吨, 西藏 2026): the
#: cheap test that leaves most work-plan sentences unread.
#: A year named in full (1981年): the year a target paragraph's intro plans.
RE_YEAR_NAMED = re.compile(r"((?:19|20)\d\d)年")
RE_FIGURE = re.compile(r"\d|百分之|[一二三四五六七八九十百千][万亿]")

#: Columns of :func:`targets_table`, in order, with dtypes.
TARGET_COLUMNS = {
    "doc_id": "string",  # document identifier
    "indicator": "string",  # canonical indicator (indicators.tsv) or "" for the rest
    "name": "string",  # the target's name as written (国内生产总值, 城镇新增就业 …)
    "value": "float64",  # target value in `unit` (midpoint of a range); NaN if no number
    "low": "float64",  # lower bound of a range (== value for one number)
    "high": "float64",  # upper bound of a range
    "unit": "string",  # unit as written (%, 万人, 亿斤)
    "qualifier": "string",  # 左右, 以上, 以内 … joined by |
    "scope": "string",  # annual | plan_period
    # main_targets: the target paragraph (or an older report's prose GDP target, which plays
    # its part); work_plan: a target stated only later, in the year's work plan
    "stated_in": "string",
    "period": "string",  # period stated in the sentence (今年, “十四五”时期, 年均)
    "sentence": "string",  # the sentence holding the target
    "raw_start": "int64",  # offset of the target in Document.raw_text
}


def empty_targets() -> pd.DataFrame:
    """Return an empty targets table with the full schema.

    >>> empty_targets().columns.tolist()[:3]
    ['doc_id', 'indicator', 'name']
    """
    return empty_frame(TARGET_COLUMNS)


def prose_gdp_targets(sentences: pd.DataFrame) -> list[tuple[int, dict]]:
    """Return ``(sentence row, target)`` for GDP growth targets written in prose.

    A percent whose clause names GDP or economic growth, in a sentence (or the sentence
    before it in the paragraph) that speaks of a plan (预期, 目标, 计划, 定为 …) for a horizon
    (今年, 年均, 期间 …); the first one for the year and the first one for a plan period.
    """
    text = sentences["sentence"].tolist()
    return _prose_gdp_targets(text, sentences["paragraph_id"].tolist(), lambda i: find_mentions(text[i]))


def _prose_gdp_targets(text: list[str], paragraph: list, mentions_of) -> list[tuple[int, dict]]:
    """:func:`prose_gdp_targets` of the sentence texts and paragraph ids; ``mentions_of(row)``
    gives the mentions of a sentence."""
    found: dict[str, tuple[int, dict]] = {}
    for i, sentence in enumerate(text):
        # no clause of it can name GDP: skip reading its numbers (生产总值 or 经济增 is in every name)
        if not (("生产总值" in sentence or "经济增" in sentence) and RE_GDP_PHRASE.search(sentence)):
            continue
        prev = text[i - 1] if i and paragraph[i - 1] == paragraph[i] else ""
        last_end = 0
        for m in mentions_of(i):
            if m.quantity != "percent":
                if m.kind:
                    last_end = m.end
                continue
            cs = max(sentence.rfind(p, 0, m.start) for p in "，；。：") + 1
            clause, segment = sentence[cs : m.start], sentence[last_end : m.start]
            context = prev + sentence[: m.start]
            last_end = m.end
            if not (RE_GDP_PHRASE.search(clause) or RE_GDP_PHRASE.search(sentence[max(0, cs - 25) : cs])):
                continue
            if RE_NOT_TARGET.search(segment) or not (RE_PLAN_CUE.search(context) and RE_HORIZON.search(context)):
                continue
            scope = "plan_period" if RE_PLAN_SCOPE.search(context[-40:]) else "annual"
            name = RE_GDP_PHRASE.search(clause) or RE_GDP_PHRASE.search(sentence[max(0, cs - 25) : cs])
            row = _row("gdp_growth", name.group(0), m.value, m.low, m.high, m.unit, m.qualifier, scope, m.period, m.start)
            found.setdefault(scope, (i, row))
    return sorted(found.values(), key=lambda t: t[0])


def work_plan_rows(sentences: pd.DataFrame, start: int) -> list[int]:
    """Return the sentence rows of the work plan that follows the target paragraph at ``start``.

    The rows from ``start`` on, except those under a part or section heading that names a
    review or a five-year plan (:data:`RE_NOT_WORK_PLAN`); the heading of the part holding
    ``start`` is not tested (it may name the plan's first year: 推动“十五五”开好局).

    >>> sents = pd.DataFrame({"section": ["三、2026年工作", "三、2026年工作 > （一）稳增长",
    ...                                   "四、“十五五”规划", "五、政府建设"]})
    >>> work_plan_rows(sents, 0)
    [0, 1, 3]
    """
    return _work_plan_rows(sentences["section"].iloc[start:].tolist(), start)


def _work_plan_rows(section: list[str], start: int) -> list[int]:
    """:func:`work_plan_rows` of the section column from row ``start`` on (its first item is
    row ``start``'s). A section is its heading path, the part's heading first."""
    own = (section[0] or "").split(" > ")[0]
    rows, last, keep = [], None, False
    for r, path in enumerate(section, start):
        if path != last:  # sentences come in runs of one section
            headings = (path or "").split(" > ")
            if headings[0] == own:
                headings = headings[1:]  # the part holding the target paragraph
            last, keep = path, not any(RE_NOT_WORK_PLAN.search(h) for h in headings)
        if keep:
            rows.append(r)
    return rows


def _before_the_year(period: str, year: str) -> bool:
    """Whether a figure's ``period`` is a year before the report's own ``year``: in the target
    paragraph, last year's result set beside the target (2024年完成6.2%，2025年目标6%左右), no target.

    >>> _before_the_year("2024年", "2025"), _before_the_year("2025年", "2025"), _before_the_year("今年", "2025")
    (True, False, False)
    """
    m = RE_YEAR_NAMED.fullmatch(period or "")
    return bool(m) and year.isdigit() and int(m.group(1)) < int(year)


def _other_year(intro: str, year: str) -> str:
    """The next year, when the target paragraph's ``intro`` names it last rather than the
    report's own ``year`` (national 1980, delivered that September: 1981年国民经济计划主要指标
    安排如下), else "" (a year before it is a base: 在2025年基础上，今年主要预期目标是).

    >>> _other_year("根据上述要求，1981年国民经济计划主要指标安排如下", "1980"), _other_year("2026年主要预期目标是", "2026")
    ('1981年', '')
    """
    years = RE_YEAR_NAMED.findall(intro)
    return f"{years[-1]}年" if years and year.isdigit() and int(years[-1]) == int(year) + 1 else ""


def _work_plan_targets(text, section, start, mentions_of, have, read_rows, taken, year="") -> list[tuple[int, dict]]:
    """``(sentence row, target)`` of the first work-plan target of each indicator not in
    ``have``; the sentence rows ``read_rows`` and the ``(row, start)`` places ``taken`` are
    the main pass's. The report's own ``year`` (2026年 in a 2026 report) is this year, as
    今年 is."""
    periods = WORK_PLAN_PERIODS | ({f"{year}年"} if year else set())
    wanted = [i for i, _ in RE_INDICATOR if i not in have]
    found: dict[str, tuple[int, dict]] = {}
    for r in _work_plan_rows(section, start):
        sentence = text[r]
        if r in read_rows or not RE_FIGURE.search(sentence):
            continue
        if not any(_may_name(sentence, i) for i in wanted if i not in found):
            continue  # no indicator still wanted is named here: its numbers are not read
        for t in _sentence_targets(sentence, 0, False, mentions_of(r)):
            indicator = t["indicator"]
            if (
                indicator in wanted and indicator not in found and (r, t["start"]) not in taken
                and not math.isnan(t["value"]) and t["period"] in periods
                and names_indicator(t["name"], indicator)
            ):  # fmt: skip
                t["stated_in"] = "work_plan"
                found[indicator] = (r, t)
        if len(found) == len(wanted):
            break
    return list(found.values())


def _may_name(sentence: str, indicator: str) -> bool:
    """The cheap test before a work-plan sentence is read: it names ``indicator``, or has a
    list (、) and the subject such a list may write once for the indicator's figures."""
    if RE_INDICATOR_IN[indicator].search(sentence):
        return True
    subject = SUBJECT_OF.get(indicator)
    return bool(subject and "、" in sentence and subject in sentence)


def _plan_goal_targets(doc, found: list[tuple[int, dict]], skip: set[int], mentions_of) -> list[tuple[int, dict]]:
    """The plan-period targets of a known indicator that a part announcing a five-year plan's
    goals states a paragraph a topic, without an intro (national 2016: 到2020年，…; 今后五年，
    单位国内生产总值…能耗…分别下降…15%): in the part's planned sentences (by their heading, as
    in the metrics table: not the review before the goals), a figure that is not achieved by
    its own words, of an indicator the plan's targets found so far lack; the first wins."""
    sentences = doc.sentences
    parts = sentences["part"].tolist()
    rows = [r for r in plan_goal_rows(parts) if r not in skip]
    if not rows:
        return []
    text = sentences["sentence"].tolist()
    year = (getattr(doc, "metadata", None) or {}).get("year")
    ahead = next_plan_cue(int(year)) if year is not None and not pd.isna(year) else None
    headings = sentence_heading_status(parts, sentences["section"].tolist(), text, ahead)
    have = {t["indicator"] for _, t in found if t["scope"] == "plan_period"}
    out = []
    for r in (r for r in rows if headings[r] == "planned"):  # not the review before the goals
        planned = [m for m in mentions_of(r) if m.kind and resolve_status(m.status, headings[r]) == "planned"]
        for t in _sentence_targets(text[r], 0, True, planned) if planned else []:
            if t["indicator"] and t["indicator"] not in have:
                have.add(t["indicator"])
                out.append((r, t))
    return out


def _clause_at(sentence: str, start: int) -> str:
    """The clause of ``sentence`` (between commas, semicolons …) that begins at ``start``."""
    c = RE_CLAUSE.match(sentence, start)
    return c.group(0) if c else ""


def _deduplicated(found: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Drop repeats: the same place and name, or a named target restated elsewhere with the
    same value (the names of one list, 城镇、农村居民收入均增长8%, share a place and a value;
    so do the targets of one bundle, 节能减排降碳: energy and carbon)."""
    seen, stated, out = set(), {}, []
    for r, t in sorted(found, key=lambda x: not x[1]["indicator"]):  # named rows first
        at = ("at", r, t["start"], t["name"] if t.get("listed") else "", t["indicator"] if t.get("bundled") else "")
        same = (t["indicator"], t["scope"], t["value"], t["unit"])
        if at in seen or (t["indicator"] and stated.get(same, (r, t["start"])) != (r, t["start"])):
            continue
        seen.add(at)
        if t["indicator"]:
            stated.setdefault(same, (r, t["start"]))
        out.append((r, t))
    return out


def targets_table(doc) -> pd.DataFrame:
    """Return one row per expected target stated in ``doc`` (see :data:`TARGET_COLUMNS`).

    The main targets (``stated_in == "main_targets"``) and the targets the work plan adds
    (``"work_plan"``, see the module docstring), in document order.

    ============  =======  ================================================================
    column        dtype    meaning
    ============  =======  ================================================================
    doc_id        string   document identifier
    indicator     string   gdp_growth, cpi, unemployment_rate, new_urban_jobs,
                           fiscal_revenue_growth, fixed_investment_growth,
                           retail_sales_growth, industrial_value_added_growth,
                           income_growth, trade_growth, grain_output,
                           carbon_intensity, energy_intensity; "" for other
                           targets
    name          string   the target's name as written
    value         float64  target in `unit` (a range's midpoint); NaN for a target
                           without a number (居民收入增长和经济增长同步)
    low, high     float64  range bounds (6%-6.5% → 6, 6.5); == value for one number
    unit          string   unit as written
    qualifier     string   左右, 以上, 以内 … (joined by |)
    scope         string   annual, or plan_period for five-year-plan targets
    stated_in     string   main_targets: the target paragraph (or, in older reports,
                           the prose GDP growth target); work_plan: stated only in
                           the year's work plan, for an indicator the main targets lack
    period        string   period written before the target
    sentence      string   the sentence
    raw_start     int64    offset of the target in Document.raw_text
    ============  =======  ================================================================

    >>> import numpy as np, pandas as pd
    >>> from analysis.document import Document
    >>> text = "今年发展主要预期目标是：国内生产总值增长5%左右；居民收入增长和经济增长同步。"
    >>> sents = pd.DataFrame({"doc_id": ["d"], "part": [""], "section": [""],
    ...     "paragraph_id": [0], "sentence_id": [0], "start": [0], "end": [len(text)],
    ...     "sentence": [text]})
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...     sentences=sents)
    >>> targets_table(doc)[["indicator", "value", "scope", "stated_in"]].values.tolist()
    [['gdp_growth', 5.0, 'annual', 'main_targets'], ['income_growth', nan, 'annual', 'main_targets']]
    """
    sentences = getattr(doc, "sentences", None)
    if sentences is None or len(sentences) == 0:
        return empty_targets()
    text = sentences["sentence"].tolist()  # column lists: no row access to pandas
    paragraph = sentences["paragraph_id"].tolist()
    read: dict[int, list] = {}  # the mentions of each sentence row read so far in this document

    def mentions_of(r: int) -> list:
        if r not in read:
            read[r] = find_mentions(text[r])
        return read[r]

    found: list[tuple[int, dict]] = []
    blocks = _target_blocks(text)
    block_rows: set[int] = set()
    year = str((getattr(doc, "metadata", None) or {}).get("year") or "")
    for i, offset, plan in blocks:
        rows = _block_rows(paragraph, mentions_of, i, offset, text)
        table = table_targets([r for r, _ in rows], text, year, plan)  # a table's rows, read by its columns
        for r, off in rows:
            block_rows.add(r)
            got = table[r] if r in table else _sentence_targets(text[r], off, plan, mentions_of(r))
            found += [(r, t) for t in got]
    found = [(r, t) for r, t in found if not _before_the_year(t["period"], year)]
    if not any(t["indicator"] == "gdp_growth" and t["scope"] == "annual" for _, t in found):
        found += _prose_gdp_targets(text, paragraph, mentions_of)
    found = _deduplicated(found)
    found += _plan_goal_targets(doc, found, block_rows, mentions_of)
    numbered = {(t["indicator"], t["scope"]) for _, t in found if not math.isnan(t["value"])}
    found = [(r, t) for r, t in found if not (t.get("bundled") and (t["indicator"], t["scope"]) in numbered)]
    for _, t in found:
        t["stated_in"] = "main_targets"
    start, intro_end = next(((i, o) for i, o, plan in blocks if not plan), (None, 0))  # the year's target paragraph
    if start is not None:
        # an indicator the paragraph names in words only (粮食产量…完成国家下达目标任务) still takes
        # the work plan's number (安徽 2025: 粮食产量825亿斤以上), unless the words compare it
        # (居民收入增长与经济增长同步: the target itself, which a number for one group does not restate)
        have = {t["indicator"] for r, t in found if t["scope"] == "annual" and (
            not math.isnan(t["value"]) or RE_COMPARING.search(_clause_at(text[r], t["start"])))}
        taken = {(r, t["start"]) for r, t in found}
        section = sentences["section"].iloc[start:].tolist()
        found += _work_plan_targets(text, section, start, mentions_of, have, block_rows, taken, year)
        if other := _other_year(text[start][:intro_end], year):
            for _, t in found:  # the paragraph plans another year: its period, where none is written
                if t["scope"] == "annual" and not t["period"]:
                    t["period"] = other
    if not found:
        return empty_targets()
    found.sort(key=lambda x: (x[0], x[1]["start"]))
    doc_ids, starts = sentences["doc_id"].tolist(), sentences["start"].tolist()
    columns: dict[str, list] = {c: [] for c in TARGET_COLUMNS}
    for r, t in found:
        pos = int(starts[r]) + t["start"]
        t.update(doc_id=doc_ids[r], sentence=text[r], raw_start=doc.raw_span(pos, pos + 1)[0])
        for c, values in columns.items():
            values.append(t[c])
    return column_frame(columns.values(), TARGET_COLUMNS)
