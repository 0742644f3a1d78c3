"""The expected targets of a report for its year (主要预期目标 and more), one row per target.

Reports announce the year's targets in one paragraph introduced by a phrase such as
``今年发展主要预期目标是：`` or ``经济社会发展的主要预期目标为：``, followed by a list of
clauses (``国内生产总值增长5%左右；城镇调查失业率5.5%左右 …``), or by a list a target a line or a
table (:mod:`analysis.extract.blocks` finds them). :func:`targets_table` reads each clause with :func:`analysis.extract.numbers.find_mentions`, and names
the main indicators with the lexicon ``data/indicators.tsv``.

Older national reports (1990s–2004) state the growth target in prose inside the plan
section (``今年计划国内生产总值增长百分之九``, ``今年经济增长预期目标为7%左右``); when no
target paragraph yields a GDP target, those sentences are searched for one.

Targets for a five-year-plan period (``“十五”期间年均经济增长速度预期目标为7%左右``,
``年均增长5%以上``) have ``scope == "plan_period"``; the year's own targets are ``annual``. A plan's
goals may be announced in other words (《纲要草案》明确了今后五年的发展目标：, …主要指标，包括…):
:mod:`analysis.extract.blocks` reads any goals or indicators noun opening a list, after the plan's
name, as such an intro.

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
from itertools import pairwise

import pandas as pd

from analysis.extract.blocks import (
    RE_PLAN_SCOPE,
    RE_RELATIVE_TARGET,
    _block_rows,
    _target_blocks,
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
from analysis.extract.numbers import RE_HEADING_CUE, find_mentions
from analysis.tables import column_frame, empty_frame

#: A list item's number before a target's name (``1.``, ``（1）``, ``一是``): not part of the name.
RE_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}[.．、]|[（(]?\d{1,2}[)）]|[一二三四五六七八九十]{1,2}是)")
#: The verb a plan proposes a target with (提出地区生产总值年均增长5%左右): not part of the name.
RE_PROPOSING = re.compile(r"^(?:提出|设定|设置|明确)了?(?=.)")
#: Verbs right before a target's figure that bound it (when the figure has no qualifier of its
#: own), with the qualifier they give: the words :func:`analysis.runner.attainment.met_rule`
#: reads as at most.
BOUND_VERBS = (("不高于", "以内"), ("控制在", "控制在"), ("低于", "低于"))
#: Bare classifiers: a count of them (抓好14个方面, 两种资源) counts tasks or things, not a target.
CLASSIFIERS = frozenset({"个", "种", "项", "类", "件", "批", "条", "方面"})
RE_CLAUSE = re.compile(r"[^，；。：,;:]+")
#: Words that give each name of a list its own figure (分别) or all of them one (均; not the
#: 均 of 年均, 人均, 平均, 户均, 亩均).
RE_RESPECTIVELY = re.compile(r"分别")
RE_EACH = re.compile(r"(?<![年人平户亩])均")
#: What joins the names of a list: 城镇调查失业率、居民消费价格; 城镇和农村居民收入.
RE_NAME_LIST = re.compile(r"、|以及|和|及|与")

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


def sentence_targets(sentence: str, offset: int = 0, *, plan: bool = False) -> list[dict]:
    """Return the targets stated in ``sentence[offset:]`` (a clause list of a target block).

    Offsets in the returned ``start`` are within ``sentence``.

    >>> [(t["indicator"], t["value"], t["qualifier"]) for t in sentence_targets(
    ...     "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上", 11)]
    [('gdp_growth', 5.0, '左右'), ('new_urban_jobs', 1200.0, '以上')]
    """
    return _sentence_targets(sentence, offset, plan, find_mentions(sentence))


def _sentence_targets(sentence: str, offset: int, plan: bool, found: list) -> list[dict]:
    """:func:`sentence_targets` given the mentions ``found`` in ``sentence``."""
    out = []
    mentions = [
        m for m in found
        if m.start >= offset and m.kind in ("level", "change", "share", "ratio")
        and m.period not in ("去年", "上年") and m.quantity != "duration"
        and not _against_last_year(sentence, m.start)
    ]  # fmt: skip
    for m in mentions:
        name = RE_PROPOSING.sub("", RE_ITEM_NUMBER.sub("", _after_intro(sentence, m.metric or "", offset, m.start)))
        name = next((name.removesuffix(w) for w, _ in BOUND_VERBS if name.endswith(w)), name)  # 失业率低于
        scope = "plan_period" if plan or RE_PLAN_SCOPE.search(m.period or "") else "annual"
        indicator = indicator_of(name)
        indicator = indicator if fits(indicator, m.quantity) else ""
        if not indicator and (m.unit in CLASSIFIERS or m.unit.endswith("级")):
            continue  # 抓好以下14个方面的工作: a count of tasks; 6个千亿级产业集群: a size class
        qualifier = m.qualifier or _bound_before(sentence, m.start)
        row = _row(indicator, name, m.value, m.low, m.high, m.unit, qualifier, scope, m.period, m.start)
        out.append({**row, "quantity": m.quantity})
    out = [{k: v for k, v in r.items() if k != "quantity"} for r in _distributed(sentence, out)]  # quantity: only for fits
    for c in RE_CLAUSE.finditer(sentence, offset):
        clause = c.group(0)
        if not RE_RELATIVE_TARGET.search(clause) or any(c.start() <= m.start < c.end() for m in mentions):
            continue
        ind = indicator_of(clause)
        if ind:
            name = re.split(r"增长|增速|和|与", RE_SCOPE.sub("", clause))[0]
            out.append(_row(ind, name, math.nan, math.nan, math.nan, "", "", "plan_period" if plan else "annual", "", c.start()))
    return sorted(out, key=lambda r: r["start"])


def _after_intro(sentence: str, name: str, offset: int, at: int) -> str:
    """``name`` (written before the figure at ``at``) without the intro's last word 包括 when it
    runs across the intro's end ``offset``: a list opened by 包括 has no colon to end its first
    name. A name the intro states (经济增长预期目标为7%) is kept whole.

    >>> s = "设定了今后五年24个主要指标，包括地区生产总值年均增长5%左右"
    >>> _after_intro(s, "包括地区生产总值", 17, 27)
    '地区生产总值'
    """
    i = sentence.rfind(name, 0, at + 1) if name else -1
    if 0 <= i < offset < i + len(name) and name[: offset - i].endswith("包括"):
        return name[offset - i :]
    return name


def _against_last_year(sentence: str, start: int) -> bool:
    """Whether the figure at ``start`` is a change on last year's figure in its clause
    (…83亿元，比去年增加36亿元): the change, not a target.

    >>> s = "今年中央财政预算安排再就业补助资金83亿元，比去年增加36亿元。"
    >>> _against_last_year(s, s.index("36")), _against_last_year(s, s.index("83"))
    (True, False)
    """
    clause = sentence[: start].rsplit("，", 1)[-1].rsplit("；", 1)[-1]
    return "比去年" in clause or "较去年" in clause


def _bound_before(sentence: str, start: int) -> str:
    """The bound a verb right before a figure with no qualifier of its own sets: 控制在3% (at
    most: ``控制在``, as :func:`analysis.runner.attainment.met_rule` reads it), 低于5.5%,
    不高于4.5% (``以内``); "" for none.

    >>> _bound_before("居民消费价格涨幅控制在3%", 11), _bound_before("城镇调查失业率低于5.5%", 9)
    ('控制在', '低于')
    """
    before = sentence[:start].rstrip()
    return next((q for word, q in BOUND_VERBS if before.endswith(word)), "")


def split_names(name: str) -> list[str]:
    """Return the names of a list of targets, each with the head the list shares.

    Parallel modifiers share the head written once after the last (城镇、农村居民人均可支配
    收入): a name shorter than the last one that names no indicator by itself takes the last
    name's rest after as many characters as it has (Chinese lists pair modifiers of one length).

    >>> split_names("城镇、农村居民人均可支配收入")
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    >>> split_names("城镇调查失业率、居民消费价格")
    ['城镇调查失业率', '居民消费价格']
    """
    items = [p for p in RE_NAME_LIST.split(name or "") if p]
    if len(items) < 2:
        return [name]
    last = items[-1]
    return [
        it + last[len(it) :] if len(it) < len(last) and not indicator_of(it) else it for it in items[:-1]
    ] + [last]


def _distributed(sentence: str, rows: list[dict]) -> list[dict]:
    """Give each name of a list its figure: ``A、B分别增长5%和3%以内`` → A 5, B 3 (both 以内,
    as :func:`analysis.extract.context.with_context` reads them); ``A、B均增长8%`` → A 8, B 8.
    ``rows`` are the targets of ``sentence`` in order."""
    out: list[dict] = []
    for c in RE_CLAUSE.finditer(sentence):
        group = [r for r in rows if c.start() <= r["start"] < c.end()]
        if not group:
            continue
        first = group[0]["start"] - c.start()
        names = split_names(group[0]["name"])
        same = all(r["name"] == group[0]["name"] for r in group)
        if same and len(group) > 1 and RE_RESPECTIVELY.search(c.group(0)[:first]):
            if len(names) == 1 and len(group) == 2 and names[0].startswith("城乡"):
                names = ["城镇" + names[0][2:], "农村" + names[0][2:]]  # 城乡: 城镇和乡村, in that order
            out += [_renamed(r, names[i]) if len(names) == len(group) else r for i, r in enumerate(group)]
        elif len(group) == 1 and len(names) > 1 and RE_EACH.search(c.group(0)[:first]):
            out += [_renamed(group[0], name) for name in names]
        else:
            out += [group[0]] + [_with_subject(sentence, a, b) for a, b in pairwise(group)]
    return out + [r for r in rows if not any(c.start() <= r["start"] < c.end() for c in RE_CLAUSE.finditer(sentence))]


def _with_subject(sentence: str, before: dict, row: dict) -> dict:
    """``row`` named with the subject it shares with the figure ``before`` it in a list: in
    ``粮食播种面积1520万亩、总产125亿斤`` the second name is 总产 and its subject, 粮食, is
    written once, at the head of the first name. A name that names no indicator, right after
    a 、, takes the longest head of the name before it with which it names one that fits."""
    name, at = row["name"], row["start"]
    i = sentence.rfind(name, 0, at) if name else -1
    if row["indicator"] or i < 1 or sentence[i - 1] != "、" or i < before["start"]:
        return row
    for n in range(len(before["name"]) - 1, 0, -1):
        indicator = indicator_of(before["name"][:n] + name)
        if indicator and fits(indicator, row["quantity"]):
            return _renamed(row, before["name"][:n] + name)
    return row


def _renamed(row: dict, name: str) -> dict:
    """``row`` with ``name`` and the indicator it names (kept when it still fits the unit),
    marked ``listed`` (one of the names of a list, which share a place in the sentence)."""
    indicator = indicator_of(name)
    return {**row, "name": name, "indicator": indicator if fits(indicator, row["quantity"]) else "", "listed": True}


def _row(indicator, name, value, low, high, unit, qualifier, scope, period, start) -> dict:
    return dict(indicator=indicator, name=name, value=value, low=low, high=high, unit=unit,
                qualifier=qualifier, scope=scope, period=period, start=start)  # fmt: skip


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


def _deduplicated(found: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Drop repeats: the same place and name, or a named target restated elsewhere with the
    same value (the names of one list, 城镇、农村居民收入均增长8%, share a place and a value)."""
    seen, stated, out = set(), {}, []
    for r, t in sorted(found, key=lambda x: not x[1]["indicator"]):  # named rows first
        at = ("at", r, t["start"], t["name"] if t.get("listed") else "")
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
                           income_growth, grain_output, carbon_intensity,
                           energy_intensity; "" for other targets
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
    for i, offset, plan in blocks:
        for r, off in _block_rows(paragraph, mentions_of, i, offset, text):
            block_rows.add(r)
            found += [(r, t) for t in _sentence_targets(text[r], off, plan, mentions_of(r))]
    if not any(t["indicator"] == "gdp_growth" and t["scope"] == "annual" for _, t in found):
        found += _prose_gdp_targets(text, paragraph, mentions_of)
    found = _deduplicated(found)
    for _, t in found:
        t["stated_in"] = "main_targets"
    start = next((i for i, _, plan in blocks if not plan), None)  # the year's target paragraph
    if start is not None:
        have = {t["indicator"] for _, t in found if t["scope"] == "annual"}
        taken = {(r, t["start"]) for r, t in found}
        section = sentences["section"].iloc[start:].tolist()
        year = str((getattr(doc, "metadata", None) or {}).get("year") or "")
        found += _work_plan_targets(text, section, start, mentions_of, have, block_rows, taken, year)
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
