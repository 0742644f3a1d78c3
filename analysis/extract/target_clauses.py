"""The targets one sentence states: :func:`sentence_targets` reads the clauses of a target list
(``国内生产总值增长5%左右；城镇新增就业1200万人以上``) with
:func:`analysis.extract.numbers.find_mentions`, names each figure (the words before it, less an item
number or a proposing verb; :func:`split_names` for the names of a list, which share a head or a
modifier written once), gives it its indicator (``data/indicators.tsv``) and a bound verb's
qualifier (控制在5.5%). :mod:`analysis.extract.targets` finds the sentences and builds the table.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

from analysis.extract.blocks import RE_PLAN_SCOPE, RE_RELATIVE_NAME_END, RE_RELATIVE_TARGET
from analysis.extract.indicators import RE_INDICATOR_IN, RE_SCOPE, fits, indicator_of, shared_subject
from analysis.extract.numbers import find_mentions
from analysis.patterns import RE_ITEM_MARK

#: The verb a plan proposes a target with (提出地区生产总值年均增长5%左右): not part of the name.
RE_PROPOSING = re.compile(r"^(?:提出|设定|设置|明确)了?(?=.)")
#: Verbs right before a target's figure that bound it (when the figure has no qualifier of its
#: own), with the qualifier they give: the words :func:`analysis.runner.attainment.met_rule`
#: reads as at most.
BOUND_VERBS = (("不高于", "以内"), ("控制在", "控制在"), ("低于", "低于"))
#: Bare classifiers: a count of them (抓好14个方面, 两种资源) counts tasks or things, not a target.
CLASSIFIERS = frozenset({"个", "种", "项", "类", "件", "批", "条", "方面"})
RE_CLAUSE = re.compile(r"[^，；。：,;:]+")
#: What follows a figure that describes the noun after it (13亿人口的发展中国家, 百万人的城市): its
#: word's last character, if the unit took the word's first (人口), then 的 — but not 的水平 or
#: 的目标, which state a target's level (保持在7%左右的水平).
RE_ATTRIBUTIVE = re.compile(r"[\u4e00-\u9fff]?的(?!水平|目标)")
#: Words that give each name of a list its own figure (分别) or all of them one (均; not the
#: 均 of 年均, 人均, 平均, 户均, 亩均).
RE_RESPECTIVELY = re.compile(r"分别")
RE_EACH = re.compile(r"(?<![年人平户亩])均")
#: What joins the figures of a list written one after the other (8.4%和11.4%, 4.2%、5.3%左右).
RE_FIGURE_JOIN = re.compile(r"(?:左右|以上|以内)?[、和与及]")
#: What may stand between an indicator's name and 目标 (地区生产总值增速目标, 经济增长的预期目标).
RE_GOAL_TAIL = re.compile(r"(?:的|预期|调控)+$")
RE_RATE_WORDS = re.compile(r"(?:增长|增速|速度|率)*")
RE_RATE_TAIL = re.compile(r"(?:增长|增速|速度)+$")
#: What joins the names of a list: 城镇调查失业率、居民消费价格; 城镇和农村居民收入.
RE_NAME_LIST = re.compile(r"、|以及|和|及|与")
#: The enumeration comma alone, for a list whose names hold 及 or 和 (文化及相关产业、旅游及相关产业…).
RE_PAUSE = re.compile(r"、")


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
        name = RE_PROPOSING.sub("", RE_ITEM_MARK.sub("", _after_intro(sentence, m.metric or "", offset, m.start)))
        name = next((name.removesuffix(w) for w, _ in BOUND_VERBS if name.endswith(w)), name)  # 失业率低于
        scope = "plan_period" if plan or RE_PLAN_SCOPE.search(m.period or "") else "annual"
        indicator = indicator_of(name)
        if not indicator and (goal := _named_before_goal(sentence, m.start) or _named_after(sentence, m.end)):
            name, indicator = goal
        indicator = indicator if fits(indicator, m.quantity) else ""
        if not indicator and (m.unit in CLASSIFIERS or m.unit.endswith("级")):
            continue  # 抓好以下14个方面的工作: a count of tasks; 6个千亿级产业集群: a size class
        if not indicator and RE_ATTRIBUTIVE.match(sentence, m.end):
            continue  # 在我们这样一个13亿人口的发展中国家: a figure describing a noun, no target
        qualifier = m.qualifier or _bound_before(sentence, m.start)
        row = _row(indicator, name, m.value, m.low, m.high, m.unit, qualifier, scope, m.period, m.start)
        out.append({**row, "quantity": m.quantity, "end": m.end})
    # quantity: only for fits; end: only for in_a_row
    out = [{k: v for k, v in r.items() if k not in ("quantity", "end")} for r in _distributed(sentence, out)]
    scope = "plan_period" if plan else "annual"
    for c in RE_CLAUSE.finditer(sentence, offset):
        clause = c.group(0)
        if any(c.start() <= m.start < c.end() for m in mentions):
            continue
        named = []
        if RE_RELATIVE_TARGET.search(clause):
            head = RE_RELATIVE_NAME_END.split(RE_SCOPE.sub("", clause))[0]
            at = c.start() + clause.find(head)
            for name in head.split("、"):  # 单位生产总值能耗、单位生产总值二氧化碳排放量|进一步下降: each one
                # the name, as the pattern ends there (进出口总额|争取实现正增长), else the clause
                ind = indicator_of(name) or (indicator_of(clause) if name == head else "")
                if ind:
                    named.append(_row(ind, name, math.nan, math.nan, math.nan, "", "", scope, "", at))
                at += len(name) + 1
        out += named + _bound_by_law(clause, c.start(), {r["indicator"] for r in named}, scope)
    return sorted(out, key=lambda r: r["start"])


#: A clause that commits to targets handed down from above or bound by law, or to complete a
#: target or task, with no number of its own: 完成国家下达目标, 控制在省下达目标以内, 约束性指标,
#: 考核目标, 达到国家要求, 坚决完成节能减排降碳任务.
RE_BINDING = re.compile(r"下达|完成[^，；。：]*?(?:目标|任务|指标)|约束性指标|考核目标|达到(?:国家|上级)?要求")
#: The words such a clause bundles the energy and carbon targets in (节能减排降碳, 减污降碳,
#: 能耗双控, 碳排放双控, 降碳减排), and the targets each names. 减排 alone is the pollutants'
#: (化学需氧量, 二氧化硫); 能源 alone may be the total consumed, not the intensity.
RE_BUNDLE = re.compile(r"(?:节能|减排|减污|[降减]碳|能耗|(?:二氧化)?碳排放(?:强度)?|双控)+")
BUNDLED = {"energy_intensity": re.compile(r"节能|能耗"), "carbon_intensity": re.compile(r"[降减]碳|碳排放")}


def _bound_by_law(clause: str, at: int, named: set[str], scope: str) -> list[dict]:
    """The energy and carbon intensity targets that ``clause`` (at ``at`` in its sentence)
    commits to without a number (:data:`RE_BINDING`), where it names them anywhere: by the
    indicator's name (确保完成国家下达的能耗强度下降目标), else by a bundle (节能减排降碳完成国家
    下达目标: both, named by the bundle). Not those already in ``named``; marked ``bundled``, as
    a number for the same target elsewhere makes them a restatement.

    >>> [(r["indicator"], r["name"]) for r in _bound_by_law("全面完成节能减排降碳约束性指标", 0, set(), "annual")]
    [('energy_intensity', '节能减排降碳'), ('carbon_intensity', '节能减排降碳')]
    """
    if not RE_BINDING.search(clause):
        return []
    out = []
    for indicator, rx in BUNDLED.items():
        if indicator in named:
            continue
        m = RE_INDICATOR_IN[indicator].search(clause) or next(
            (b for b in RE_BUNDLE.finditer(clause) if rx.search(b.group())), None)
        if m:
            row = _row(indicator, m.group(), math.nan, math.nan, math.nan, "", "", scope, "", at + m.start())
            out.append({**row, "bundled": True})
    return out


def _named_before_goal(sentence: str, at: int) -> tuple[str, str] | None:
    """``(name, indicator)`` of a figure whose clause says what it is the target of: the
    indicator named right before 目标 (its 的, 预期, 调控 and a rate word aside) in the clause
    before the figure at ``at``: 建议“十五五”时期地区生产总值增速目标设定为年均增长5.5%—6% → 地区生产总值增速;
    今后五年，我国经济增长预期目标是在…基础上年均增长7% → 经济增长. ``None`` when it names none.

    >>> _named_before_goal("中央提出今年经济增长预期目标为8%左右", 15)
    ('经济增长', 'gdp_growth')
    """
    clause = sentence[max(sentence.rfind(p, 0, at) for p in "，；。：") + 1 : at]
    head = RE_GOAL_TAIL.sub("", clause[: clause.rfind("目标")]) if "目标" in clause else ""
    for indicator, rx in RE_INDICATOR_IN.items() if head else ():
        found = [m for m in rx.finditer(head) if RE_RATE_WORDS.fullmatch(head, m.end())]
        if found and indicator_of(name := head[found[-1].start() :]) == indicator:
            return name, indicator
    return None


#: A target named after its figure: 提出8%左右的国内生产总值增长目标.
RE_NAMED_AFTER = re.compile(r"的([^，；。：,;:]{2,16}?)(?:预期|调控)?目标")


def _named_after(sentence: str, end: int) -> tuple[str, str] | None:
    """``(name, indicator)`` of a figure named after it, as the target of an indicator:
    提出8%左右的国内生产总值增长目标 → 国内生产总值 (its 增长 aside).

    >>> _named_after("提出8%左右的国内生产总值增长目标，综合考虑了发展的需要和可能", 6)
    ('国内生产总值', 'gdp_growth')
    """
    m = RE_NAMED_AFTER.match(sentence, end)
    name = RE_RATE_TAIL.sub("", m.group(1)) if m else ""
    return (name, indicator) if name and (indicator := indicator_of(name)) else None


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


def split_names(name: str, joiners: re.Pattern = RE_NAME_LIST) -> list[str]:
    """Return the names of a list of targets, each with the head the list shares.

    Parallel modifiers share the head written once after the last (城镇、农村居民人均可支配
    收入): a name shorter than the last one that names no indicator by itself takes the last
    name's rest after as many characters as it has (Chinese lists pair modifiers of one length).

    >>> split_names("城镇、农村居民人均可支配收入")
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    >>> split_names("城镇调查失业率、居民消费价格")
    ['城镇调查失业率', '居民消费价格']

    The first name lends its modifier to a later one that names no indicator but does with
    it (单位国内生产总值能耗和二氧化碳排放: 单位国内生产总值二氧化碳排放); such a name
    is a head of its own, not a modifier of the last (…用水量、能耗、二氧化碳排放量).

    >>> split_names("单位国内生产总值用水量、能耗、二氧化碳排放量")
    ['单位国内生产总值用水量', '单位国内生产总值能耗', '单位国内生产总值二氧化碳排放量']
    """
    items = [p for p in joiners.split(name or "") if p]
    if len(items) < 2:
        return [name]
    first, last = items[0], items[-1]

    def named(i: int, it: str) -> str:
        if indicator_of(it):
            return it
        for n in range(len(first) - 1, 0, -1) if i else ():
            if indicator_of(first[:n] + it):
                return first[:n] + it
        return it + last[len(it) :] if i < len(items) - 1 and len(it) < len(last) else it

    return [named(i, it) for i, it in enumerate(items)]


def list_names(name: str, figures: int) -> list[str]:
    """The names of the list ``name`` (:func:`split_names`), to be given ``figures`` figures
    one each (分别) or all one (均): split at the enumeration comma alone when that gives one
    name a figure and the joiners do not (及 inside the names: 文化及相关产业、旅游及相关产业);
    城乡 with two figures is 城镇 and 农村, in that order.

    >>> list_names("城镇和农村居民人均可支配收入", 2), list_names("城乡居民收入", 2)
    (['城镇居民人均可支配收入', '农村居民人均可支配收入'], ['城镇居民收入', '农村居民收入'])
    """
    names = split_names(name)
    if len(names) != figures and len(by_pause := split_names(name, RE_PAUSE)) == figures:
        names = by_pause
    if len(names) == 1 and figures == 2 and names[0].startswith("城乡"):
        names = ["城镇" + names[0][2:], "农村" + names[0][2:]]
    return names


def in_a_row(sentence: str, spans: list[tuple[int, int]]) -> bool:
    """Whether the figures at ``spans`` (start, end in ``sentence``) follow one another with
    only a joining word between them: as many figures as a list has names, so written, give
    each name its own figure even without 分别 (城镇居民…和农村居民…实际增长8.4%和11.4%).

    >>> s = "城镇和农村居民收入增长8.4%和11.4%，增长5%，其中6%"
    >>> in_a_row(s, [(11, 15), (16, 21)]), in_a_row(s, [(16, 21), (24, 26)])
    (True, False)
    """
    return len(spans) > 1 and all(
        RE_FIGURE_JOIN.fullmatch(sentence, a_end, b_start) for (_, a_end), (b_start, _) in zip(spans, spans[1:]))


def _distributed(sentence: str, rows: list[dict]) -> list[dict]:
    """Give each name of a list its figure: ``A、B分别增长5%和3%以内`` → A 5, B 3 (both 以内,
    as :func:`analysis.extract.context.with_context` reads them), and so ``A和B增长5%和3%``
    (:func:`in_a_row`); ``A、B均增长8%`` → A 8, B 8.
    ``rows`` are the targets of ``sentence`` in order."""
    out: list[dict] = []
    for c in RE_CLAUSE.finditer(sentence):
        group = [r for r in rows if c.start() <= r["start"] < c.end()]
        if not group:
            continue
        first = group[0]["start"] - c.start()
        names = list_names(group[0]["name"], len(group))
        same = all(r["name"] == group[0]["name"] for r in group)
        respective = RE_RESPECTIVELY.search(c.group(0)[:first]) or in_a_row(sentence, [(r["start"], r["end"]) for r in group])
        if same and len(group) > 1 and respective:
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
    shared = shared_subject(before["name"], name, lambda indicator: fits(indicator, row["quantity"]))
    return _renamed(row, shared) if shared else row


def _renamed(row: dict, name: str) -> dict:
    """``row`` with ``name`` and the indicator it names (kept when it still fits the unit),
    marked ``listed`` (one of the names of a list, which share a place in the sentence)."""
    indicator = indicator_of(name)
    return {**row, "name": name, "indicator": indicator if fits(indicator, row["quantity"]) else "", "listed": True}


def _row(indicator, name, value, low, high, unit, qualifier, scope, period, start) -> dict:
    return dict(indicator=indicator, name=name, value=value, low=low, high=high, unit=unit,
                qualifier=qualifier, scope=scope, period=period, start=start)  # fmt: skip
