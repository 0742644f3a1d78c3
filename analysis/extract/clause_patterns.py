"""The cue lexicon and the patterns of clauses, periods and frames that
:mod:`analysis.extract.context` reads a figure's sentence with, in one place.

Data files: ``data/cues.tsv`` (the verbs that govern a figure: 增长 → change +1, 提高到 → level,
位居 → rank; the heading words of plans and achievements), ``data/numerals.tsv`` (the digits of
Chinese numerals), ``data/qualifiers.tsv`` (bounds written before a figure).
"""

from __future__ import annotations

import re

from analysis.extract.units import read_lexicon


def alternation(words) -> str:
    """Regex alternation of ``words``, longest first so that 人次 wins over 人."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def alternation_by_first_char(words) -> str:
    """The same language and choices as :func:`alternation`, grouped by first character.

    At a given position both match the longest word found there, but ``re`` tries one
    branch per first character instead of one per word (``增(?:长率|长|加)|压(?:减|降)``).
    """
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(
        re.escape(c) + ("(?:" + "|".join(map(re.escape, rests)) + ")" if rests != [""] else "")
        for c, rests in groups.items()
    )


#: The digits of Chinese numerals (零 一 二 两 … 九; numerals.tsv).
CN_DIGITS = "".join(r.char for r in read_lexicon("numerals").itertuples(index=False) if r.role == "digit")
#: What joins the two ends of a range (4.5%—5%, 2020—2022年) and a year.
SEP = r"[-—–~～至到]"
YEAR = r"(?:19|20)\d{2}"
RE_CJK = re.compile(r"[\u4e00-\u9fff]")
RE_DIGIT = re.compile(r"\d")
CUES = read_lexicon("cues")
CUE_ROLE: dict[str, tuple[str, int]] = {
    r.word: (r.role, int(r.direction))
    for r in CUES.itertuples(index=False)
    if not r.role.startswith("heading")
}
HEADING_CUES = {
    role: {r.word for r in CUES.itertuples(index=False) if r.role == role}
    for role in ("heading_planned", "heading_achieved")
}
RE_CLAUSE_END = re.compile(r"[，；。：！？,;:!?\n]")
RE_LIST_GAP = re.compile(r"^[、和及与或以及]+$")  # at least one: 三年翻一番 is no list
#: What stands between two figures of a list of bare figures (4.5%、5.5%左右; 5%和3%以内).
RE_FIGURE_LIST_GAP = re.compile(r"\s*(?:、|和|及|与|以及)\s*$")
#: Bounds that, written once after the last figure of a list, bound every figure of it.
LIST_QUALIFIERS = frozenset({"左右", "以内", "以上", "以下"})
#: Bounds written before a figure (超过, 近, 不低于 …; data/qualifiers.tsv) and their canonical
#: qualifier: written once after 分别, they bound every figure of the list that follows.
PREFIX_BOUNDS = {r.written: r.canonical for r in read_lexicon("qualifiers").itertuples(index=False)
                 if r.position == "prefix" and r.canonical != "力争"}
RE_LEADING_BOUND = re.compile(alternation(PREFIX_BOUNDS))
RE_CUE = re.compile(alternation_by_first_char(CUE_ROLE))
#: Periods: 2025年, 2021—2025年上半年, “十四五”时期, “九五”期间, 上半年, 年均, 一季度 ….
#: Every branch starts with a literal character, so that ``re`` skips quickly to where a
#: period can start: the years' first digits, the optional quotes and the numerals of
#: ``[一二三四]季度``/``[六七八九]五`` are spelled out (the matches are the same).
_AFTER_YEAR_HEAD = (  # a year, a range of years, or a list of years with one 年 (2019、2020年)
    rf"\d{{2}}(?:(?:[、和及与]{YEAR})+(?:[两二三四五]个?)?年|年?(?:{SEP}{YEAR})?年(?:上半年|下半年|前三季度|[一二三四]季度|底|末|初)?)"
)
_PLAN_PERIOD = r"十[一二三四五六七八九]五”?(?:时期|期间|末)?"  # 十四五, 十四五”时期
_OLD_PLAN_PERIOD = r"五[”]?(?:时期|期间|末)"  # after 六七八九: 九五”期间
#: A phrase that is the base of a comparison (比2002年, 比一九五七年预计数, 比上年), not a
#: subject: Chinese writes the subject first (国内生产总值…比2002年增长65.5%), so a phrase that
#: opens with 比 (not the nouns 比重, 比例, 比率, 比值) names no subject of its own.
RE_COMPARISON_BASE = re.compile(r"比(?![重例率值])")
_CN_YEAR_TAIL = r"[〇零一二三四五六七八九]{2}年(?:上半年|下半年|前三季度|[一二三四]季度|底|末|初)?"
RE_PERIOD = re.compile(
    rf"1(?:9{_AFTER_YEAR_HEAD})|2(?:0{_AFTER_YEAR_HEAD})"
    rf"|一九{_CN_YEAR_TAIL}|二〇{_CN_YEAR_TAIL}|二零{_CN_YEAR_TAIL}"
    rf"|“(?:{_PLAN_PERIOD}|[六七八九]{_OLD_PLAN_PERIOD})|{_PLAN_PERIOD}|”[六七八九]{_OLD_PLAN_PERIOD}"
    rf"|六{_OLD_PLAN_PERIOD}|七{_OLD_PLAN_PERIOD}|八{_OLD_PLAN_PERIOD}|九{_OLD_PLAN_PERIOD}"
    r"|上半年|下半年|全年|今年|去年|明年|年均(?!浓度|气温|降水|降雨量|值)|平均每年|今后五年|过去五年|五年来|前三季度"
    r"|一季度|二季度|三季度|四季度|年末|年底"
)
RE_EDGE_PUNCT = re.compile(r"^[、，；：,;:（）()“”\s]+|[、，；：,;:（）()“”\s]+$")
RE_AFTER_NOUN = re.compile(r"^[^\d，。；、：,;:（）()和与及等“”]{1,15}")
#: 、 that starts a new predicate after a verb's object (翻番、达), not one between two
#: numerals of an estimate (四、五十亿元).
RE_NEW_PREDICATE = re.compile(rf"、(?=[^\d{CN_DIGITS}十])")
#: Frames of a percent of a plan, budget or norm (完成预算数的109.08%, 投资完成率125.5%,
#: 计划完成102.6%, 超过国家规定造价…的百分之一百四十): a ratio, which may exceed 100 %.
#: Not a share of a total (占本年预算收入的47.02%, 占国家预算的77.06%), which names no plan
#: figure (预算数, 计划数) and is not a completion (完成 …).
RE_PLAN_RATIO = re.compile(
    r"(?:完成|为|是|达到?)[^，。；]{0,12}(?:预算|计划|任务|规定|目标)数?的$|占[^，。；]{0,8}(?:预算|计划)数的$"
    r"|完成率[达为是]?$|(?:计划|任务)完成$|超过[^，。；]*的$"
)
#: Frames of a ratio (是去年的2倍) and words of a share (比重, 占比 …) before a number.
RE_RATIO_FRAME = re.compile(r"是[^，。；]*的$")
RE_SHARE_WORD = re.compile(r"比重|占比|比例|份额|率|占|强度")
#: Characters RE_EDGE_PUNCT strips besides white space, and the last characters of cue words.
EDGE_CHARS = frozenset("、，；：,;:（）()“”")
CUE_LAST_CHARS = frozenset(w[-1] for w in CUE_ROLE)
#: Any word of HEADING_CUES[role] (a pattern that never matches when there is none).
RE_HEADING_CUE = {role: re.compile(alternation(words) if words else "(?!)") for role, words in HEADING_CUES.items()}
#: A subject's tail that is the starting point of a change (全社会消费品零售总额|从1997年的2.73万亿元增加到…,
#: 赤字率|从去年…, 外贸出口|从7月份开始…, 城镇调查失业率|从上半年…, 原油|由一九七八年的…, 高速公路|由 when the figure follows at
#: once): 从 or 由 and a year, month, figure or the phrase's end, to the phrase's end. Not the 由/从
#: that ends a word (理由, 自由, 缘由, 事由; 服从, 听从, 遵从, 跟从, 随从, 盲从, 顺从, 无从).
RE_FROM_TAIL = re.compile(
    r"(?<![理自缘事因服听遵跟随盲顺无])[从由](?=(?:19|20)\d\d|[上去今前本]年|[上下]半年|年初|[一二三四]季度|前|\d"
    r"|[〇零一二三四五六七八九十两]|$)[^，。；]*$")
#: A time span, not a starting point (从一九七九年到一九八二年, 从今年起, 从2005年开始): as the whole
#: phrase it is left as it is, since it names no subject that an earlier clause could supply.
RE_TIME_SPAN = re.compile(r"[到至起]|开始|以来")
#: The words of a fall after 两位数 (两位数下降, 两位数的降幅): the direction of that rate of change
#: (:data:`analysis.extract.number_patterns.RE_DIGITS_RATE` has them with the words of a rise).
DIGITS_FALL_WORDS = "下降|降幅|降低|减少"
RE_DIGITS_FALL = re.compile(rf"的?(?:{DIGITS_FALL_WORDS})")
#: A condition between a subject and its verb (外贸进出口|在对美贸易下降超3成的情况下|增长12%,
#: 全市生产总值|在上年高基数的基础上|增长5.2%), and the head that ends one (情况下, 基础上 …).
RE_CONDITION = re.compile(r"在[^，。；]*?(?:情况|基础|前提|背景|条件)[下上]")
RE_CONDITION_END = re.compile(r"(?:情况|基础|前提|背景|条件)[下上]$")
#: A price adjustment said with a figure (扣除价格因素, 考虑价格下降因素, 扣除物价上涨因素): how the
#: figure is counted, no part of its subject, before or after it.
RE_PRICE_ADJUSTMENT = re.compile(r"(?:扣除|考虑|剔除)了?(?:物价|价格)(?:总水平)?(?:上涨|上升|下降|变动)?的?因素后?")
RE_PRICE_ADJUSTMENT_END = re.compile(RE_PRICE_ADJUSTMENT.pattern + "$")
#: A preposition ending a subject phrase, its object after the figure's verb or the base of a
#: comparison cut off before it (工业总产值比|1956年, 赤字率拟按|3%左右安排, 我国的钢产量在|一九五二年),
#: with the adverbs before it (将比, 又比, 也都比).
RE_PREP_TAIL = re.compile(r"(?:[将又都也即只仍却拟]|预计|可以|要|已经)*(?:比较?|较|等于|在|按)$")
