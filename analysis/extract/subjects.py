"""The subject of a figure (its ``metric``): the noun phrase before it, trimmed of what is no
part of it — connectors, verbs and adverbs at its ends (实现|地方财政收入), a list's mark
(——地区生产总值), a table row's unit and figure cells, the period or comparison base that ends it
(工业增加值|平均每年, 工业总产值|比1956年) and the starting point of a change (全社会消费品零售总额|从1997年的…).
:func:`analysis.extract.context.metric_phrase` finds the phrase; :func:`trim_metric` trims it.
The cue lexicon and the patterns are :mod:`analysis.extract.clause_patterns`'.
"""

from __future__ import annotations

import re

from analysis.extract.clause_patterns import (
    CUE_LAST_CHARS,
    CUE_ROLE,
    EDGE_CHARS,
    RE_COMPARISON_BASE,
    RE_CUE,
    RE_EDGE_PUNCT,
    RE_FROM_TAIL,
    RE_PERIOD,
    RE_PREP_TAIL,
    RE_PRICE_ADJUSTMENT,
    RE_PRICE_ADJUSTMENT_END,
    RE_TIME_SPAN,
)
from analysis.extract.indicators import RE_SCOPE
from analysis.extract.units import UNIT_INFO
from analysis.patterns import RE_ITEM_MARK

#: Roles of the cues stripped from a subject's ends (cues.tsv).
_STRIP_ROLES = frozenset(("change", "level_to", "rank", "planned", "achieved", "trim"))


def _strip_edges(phrase: str) -> str:
    """``RE_EDGE_PUNCT.sub("", phrase)``, skipped when neither end is punctuation or space; a
    closing bracket that closes one inside the phrase stays (固定资产投资（不含农户）).

    >>> _strip_edges("，固定资产投资（不含农户）"), _strip_edges("（一）各项税收）")
    ('固定资产投资（不含农户）', '一）各项税收')
    """
    if phrase and (
        phrase[0] in EDGE_CHARS or phrase[0].isspace() or phrase[-1] in EDGE_CHARS or phrase[-1].isspace()
    ):
        out = RE_EDGE_PUNCT.sub("", phrase)
        for opening, closing in ("（）", "()"):
            if out.count(opening) > out.count(closing) and phrase.startswith(closing, phrase.find(out) + len(out)):
                out += closing
        return out
    return phrase


def _name_cells(row: str) -> str:
    """The cells of a table row's text (cells separated by a tab) that name something: not a
    unit (单位 column), a figure or an item's number."""
    return "".join(c for c in map(str.strip, row.split("\t")) if c and not _is_unit(c) and not RE_NOT_NAME_CELL.fullmatch(c))


def _is_unit(cell: str) -> bool:
    """A unit, after a magnitude or not (人, 万人, 亿元)."""
    return cell in UNIT_INFO or (len(cell) > 1 and cell[0] in "十百千万亿" and cell.lstrip("十百千万亿") in UNIT_INFO)


#: A cell that names nothing: a number (a figure, an item's number), a percent sign.
RE_NOT_NAME_CELL = re.compile(r"[-+−]?[\d.]+(?:%|％|‰)?(?:左右|以上|以内|以下)?|[%％‰]")


def trim_metric(phrase: str) -> str:
    """Strip connectors, verbs and adverbs from both ends of a subject phrase.

    >>> trim_metric("实现地方财政收入")
    '地方财政收入'
    >>> trim_metric("，其中同比增长")
    ''
    >>> trim_metric("比2002年"), trim_metric("比重"), trim_metric("——地区生产总值"), trim_metric("一）固定资产投资")
    ('', '比重', '地区生产总值', '固定资产投资')
    >>> trim_metric("一、二、三产业增加值")  # a list of numerals, not an item's mark
    '一、二、三产业增加值'
    >>> trim_metric("城镇新增就业\\t万人\\t1.1")  # a table's row: its name cell
    '城镇新增就业'
    >>> trim_metric("全社会消费品零售总额从1997年"), trim_metric("财政投入从2006年"), trim_metric("外贸出口从7月份开始回升")
    ('全社会消费品零售总额', '财政投入', '外贸出口')
    >>> trim_metric("考虑价格下降因素比上年实际"), trim_metric("社会消费品零售总额扣除物价上涨因素")
    ('', '社会消费品零售总额')
    """
    if "\t" in phrase:
        phrase = _name_cells(phrase)
    prev = None
    while phrase != prev:
        prev = phrase
        phrase = _strip_edges(phrase)
        if k := RE_ITEM_MARK.match(phrase):  # ——地区生产总值, ①…, (（)一）…: the list's mark
            phrase = phrase[k.end() :]
        p = RE_PERIOD.match(phrase)
        if p:
            phrase = phrase[p.end() :]
        if RE_COMPARISON_BASE.match(phrase):  # 比2002年增长65.5%: the subject stands earlier
            return ""
        if "因素" in phrase and (a := RE_PRICE_ADJUSTMENT.match(phrase) or RE_PRICE_ADJUSTMENT_END.search(phrase)):  # 扣除价格因素
            phrase = phrase[a.end() :] if a.start() == 0 else phrase[: a.start()]
        c = RE_CUE.match(phrase)  # the first cue, if it starts the phrase
        if c is not None and CUE_ROLE[c.group(0)][0] in _STRIP_ROLES and not _after_change(phrase, c):
            phrase = phrase[c.end() :]
        elif (scope := RE_SCOPE.match(phrase)) and (c := RE_CUE.match(phrase, scope.end())) is not None and (
                CUE_ROLE[c.group(0)][0] in _STRIP_ROLES and len(c.group(0)) > 1 and not _after_change(phrase, c)):
            # 全县实现地区生产总值: the scope's verb (a word: 在, 有 may open one, 在岗, 有望)
            phrase = phrase[: scope.end()] + phrase[c.end() :]
        if phrase and phrase[-1] in CUE_LAST_CHARS:  # else no cue ends the phrase
            c = None
            for c in RE_CUE.finditer(phrase):  # the last cue, if it ends the phrase
                pass
            if c is not None and c.end() == len(phrase) and CUE_ROLE[c.group(0)][0] in _STRIP_ROLES:
                phrase = phrase[: c.start()]
    phrase = _without_period_tail(_without_period_tail(phrase))  # 农业总产值|一九八一年比一九八〇年
    f = RE_FROM_TAIL.search(phrase)  # 总额|从1997年的…增加到: where it started
    if f is not None and (f.start() or RE_TIME_SPAN.search(f.group()) is None):
        phrase = _strip_edges(phrase[: f.start()])  # once, at the end: 财政投入 keeps its verb-like noun
    return phrase


def _without_period_tail(phrase: str) -> str:
    """``phrase`` without the period or comparison base that ends it, nor the preposition left
    before that (工业增加值|平均每年, 国内生产总值|2000年, 工业总产值|比1956年, 赤字率|拟按). It stays
    as it is when what is left would be no subject (到|一九五七年, 较|“十三五”时期: two characters at
    most) or the period is part of a span or a name (从一九七九年到|一九八二年, 第|四季度).

    >>> _without_period_tail("工业增加值平均每年"), _without_period_tail("工业总产值比1956年"), _without_period_tail("到一九五七年")
    ('工业增加值', '工业总产值', '到一九五七年')
    """
    last = None
    for last in RE_PERIOD.finditer(phrase):
        pass
    if last is not None and last.end() == len(phrase) and last.start() and phrase[last.start() - 1] not in "第到至和与、—":
        out = _strip_edges(RE_PREP_TAIL.sub("", _strip_edges(phrase[: last.start()])))
    else:  # without a period after it, 比 is a noun's (占比, 收入比): only 按 goes
        out = _strip_edges(RE_PREP_TAIL.sub("", phrase)) if phrase.endswith("按") else phrase
    return out if len(out) > 2 else phrase


def _after_change(phrase: str, cue: re.Match) -> bool:
    """A change verb followed by 后 (精简后: after the cut) names a time, not the verb: it stays."""
    return CUE_ROLE[cue.group(0)][0] in ("change", "level_to") and phrase.startswith("后", cue.end())
