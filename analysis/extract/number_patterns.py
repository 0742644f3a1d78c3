"""The lexicons and compiled patterns that :mod:`analysis.extract.numbers` reads figures with.

The grammar itself (what a quantity, a date, a code, an ordinal, a fraction is) is written here,
in one place; :mod:`analysis.extract.numbers` applies it to a sentence. Data files:
``data/qualifiers.tsv`` (approximators), ``data/set_phrases.txt`` (numerals that count nothing),
``data/units.tsv`` through :mod:`analysis.extract.units`.
"""

from __future__ import annotations

import re

from analysis.extract.clause_patterns import CN_DIGITS, DIGITS_FALL_WORDS, SEP, YEAR, alternation
from analysis.extract.numerals import MAGNITUDE
from analysis.extract.units import (
    MAGNITUDE_ONLY_UNITS,
    NUMERAL_LED_UNITS,
    UNIT_INFO,
    read_lexicon,
)
from analysis.lexicons import load_lexicon

QUALIFIERS = read_lexicon("qualifiers")

QUALIFIER = {(r.written, r.position): r.canonical for r in QUALIFIERS.itertuples(index=False)}

_D = r"\d+(?:\.\d+)?"

_CN_DIGITS = CN_DIGITS

#: A numeral character that starts a unit after a number is the unit's: 2705万|千瓦, 1000亿|千瓦时.
_NOT_UNIT = rf"(?!{alternation(NUMERAL_LED_UNITS)})" if NUMERAL_LED_UNITS else ""

_CN = rf"(?:{_NOT_UNIT}[{_CN_DIGITS}十百千](?:(?<=[十百千])几)?)+(?:点[{_CN_DIGITS}]+)?"  # 几 after 十百千: 十几, 一百几十

_RUN_START = rf"(?<![\d.{_CN_DIGITS}十百千万亿])"  # start only at the head of a digit run

_NUM_PART = rf"(?:{_D}(?:{_CN})?|{_CN})"

_NUM = rf"{_NUM_PART}(?:[万亿]{_NUM_PART})*"  # 145.5, 一千二百, 5千, 1万6千, 七亿七千 (no backtracking)

_SEP, _YEAR = SEP, YEAR

_MD = rf"\d{{1,2}}(?:{_SEP}\d{{1,2}})?月(?:份|底|末|初|中旬|上旬|下旬)?(?:\d{{1,2}}[日号])?"

_PREFIX = alternation(w for (w, p) in QUALIFIER if p == "prefix")

_SUFFIX = alternation(w for (w, p) in QUALIFIER if p == "suffix" and w not in "多余")

#: Words before a round numeral that make it an order of magnitude (数百家, 几十年, 若干万).
VAGUE_WORDS = sorted((w for (w, p) in QUALIFIER if p == "vague"), key=len, reverse=True)

RE_SUFFIX = re.compile(_SUFFIX)

def unit_alternation(units) -> str:
    """:func:`alternation` of ``units``, a Latin symbol only where no Latin letter follows it
    (t of 500万t, not of 3times; the longest form first, so km² wins over km).

    >>> re.match(unit_alternation(["t", "吨"]), "times") is None, re.match(unit_alternation(["m", "m²"]), "m²").group()
    (True, 'm²')
    """
    return "|".join(re.escape(u) + ("(?![A-Za-z])" if u[-1].isascii() and u[-1].isalpha() else "")
                    for u in sorted(set(units), key=len, reverse=True))


#: A minus sign (ASCII, full width, U+2212) right before a number's digits, not after a number
#: (5%-6% is a range) or a Latin letter (G-5 is a code); 负 only after the word whose value it
#: signs (增长负0.3%, 增速为负1%): 税负3500亿元 is a tax burden, 正负5% is ±5%.
_SIGN = r"(?<![\d.%‰A-Za-z〇零一二三四五六七八九十百千万亿])[-－−](?=\d)|(?<=[长速率为是])负(?=\d)"

#: A quantity: qualifiers, number, optional range, magnitude and unit (see module docstring).
RE_QUANTITY = re.compile(
    rf"(?P<pre>{_PREFIX})?(?P<sign>{_SIGN})?"
    rf"(?P<pct>百分之|千分之)?{_RUN_START}(?P<num>{_NUM})"
    rf"(?:(?P<mag1>{alternation(MAGNITUDE)})?(?P<unit1>%|‰|个百分点)?(?P<sep>{_SEP})(?P<pct2>百分之|千分之)?(?P<num2>{_NUM})"
    rf"(?![\d.点〇零一二三四五六七八九十百千])(?!月)(?!(?<=[\d〇零一二三四五六七八九]{{4}})年))?"  # no year: 2020—2022年, 到一九五七年
    rf"(?P<inner>[余多])?(?P<mag>{alternation(MAGNITUDE)})?(?P<cls>级)?(?P<inner2>[余多])?"
    rf"(?P<unit>(?<=[万亿])(?:{alternation(MAGNITUDE_ONLY_UNITS)})|{unit_alternation(set(UNIT_INFO) - MAGNITUDE_ONLY_UNITS)})?"
    rf"(?P<inner3>[多余](?=[，。；、,;）)]|$))?"
    rf"(?P<suf>{_SUFFIX})?"
)

#: The tenth after 成 (三成五, 8成5): one digit that no numeral or unit goes on from.
#: What makes 两位数 (an order of magnitude) a rate of change: a growth or fall word right after it
#: (两位数增长, 两位数的增幅, 两位数下降); see :data:`analysis.extract.clause_patterns.RE_DIGITS_FALL`.
RE_DIGITS_RATE = re.compile(rf"的?(?:增长|增速|增幅|涨幅|上涨|{DIGITS_FALL_WORDS})")
RE_TENTH = re.compile(r"([1-9一二三四五六七八九])(?![\d.点〇零一二三四五六七八九十百千万亿个%％])")

#: What a rate is per, after its unit: ``/人`` of 58万元/人, ``/百亿元`` of 0.6人/百亿元, and the
#: qualifier after it (以下, 左右).
RE_PER = re.compile(
    rf"[/／](?P<den>[十百千万亿]*(?:{alternation(UNIT_INFO)}))(?P<suf>{_SUFFIX})?"
)

#: Fractions, one row each as a percent: 1/4, 2/3以上, 三分之一, 近五分之一 (百分之 is RE_QUANTITY's).
RE_FRACTION = re.compile(
    rf"(?P<pre>{_PREFIX})?(?:(?<![\d.／/])(?P<a>{_D})[/／](?P<b>{_D})(?![\d/／])"
    rf"|(?P<cb>(?![百千]分)[{_CN_DIGITS}十百千]+)分之(?P<ca>{_CN}))(?P<suf>{_SUFFIX})?"
)

#: What every fraction or ratio holds (the cheap test before RE_FRACTION and RE_RATIO).
RE_PROPORTION_MARK = re.compile(r"分之|[/／:∶比]|[减一过]半")
#: Halves, one row each as 50 percent (unit 分之, as 二分之一): 减半 (a cut by half), 一半, 过半.
RE_HALF = re.compile(rf"(?P<pre>{_PREFIX})?(?P<half>减半|一半|(?<!经)过半)(?![年月天日小个])(?P<suf>{_SUFFIX})?")  # not 经过半年
#: What a half word says beside its 50 %: 过半 is more than half (大半年 is no share).
HALF_QUALIFIER = {"过半": "超过"}

#: A structure of three parts or more (三次产业结构 4.0∶37.7∶58.3): when they sum to 100, each
#: part is a share in percent (see :data:`STRUCTURE_SUM_TOLERANCE`).
RE_STRUCTURE = re.compile(rf"(?<![\d.:∶]){_D}(?:[:∶]{_D}){{2,}}(?![\d.:∶])")
RE_STRUCTURE_PART = re.compile(_D)
#: How far from 100 the parts of a structure may sum (each rounded to a tenth: 0.05 × parts).
STRUCTURE_SUM_TOLERANCE = 0.3
#: Ratios, one row each: 2.31:1, 1∶1, 1.03比1 (value a/b).
RE_RATIO = re.compile(rf"(?<![\d.:∶])(?P<a>{_D})(?:[:∶]|比)(?P<b>{_D})(?![\d.:∶])(?P<suf>{_SUFFIX})?")

#: Set phrases with numerals that count nothing (收支两条线, 一张蓝图): data/set_phrases.txt.
RE_SET_PHRASE = re.compile(alternation(load_lexicon("set_phrases.txt")["term"]))

SET_PHRASE = "set_phrase"  # the quantity of a set phrase while it masks (never in a table)

#: Dates: years, year ranges, months and days (``2020年7月15日``, ``2020—2022年``, ``1-6月``),
#: and lists of years that write 年 once (``2019、2020年``, ``1979、1980两年``: the years, not
#: a number 2019 and a date). A year and month written with a dot (2024.5) is a figure when a
#: magnitude or a percent sign follows it (粮食总产量1993.5万吨, not May 1993).
RE_DATE = re.compile(
    rf"{_YEAR}(?:[、和及与]{_YEAR})+(?:[两二三四五]个?)?年|{_YEAR}年?(?:{_SEP}{_YEAR})?年(?:底|末|初)?(?:{_MD})?"
    rf"|(?<![\d.个])(?:{_MD})"
    rf"|[一二三四]季度|前三季度|{_YEAR}[-./]\d{{1,2}}(?:[-./]\d{{1,2}})?(?!\d)(?![ \u3000]*(?:{alternation(MAGNITUDE)}|[%％‰]))"
)

#: Latin-letter codes with digits: G60, S32, PM2.5, 5G, 4A, COVID-19.
RE_CODE = re.compile(
    r"(?<![A-Za-z])[A-Za-z]+-?\d+(?:\.\d+)?(?:[-+]?[A-Za-z0-9]+)*"
    r"|(?<![\d.])\d+(?:\.\d+)?[A-Za-z]+(?:[-+]?[A-Za-z0-9]+)*"
)

#: Numbers that name an item of a series: 12号线, 第五届, 九次全会, 二期, 三级, 二等奖, 750千伏.
RE_NUMBERED = re.compile(
    rf"{_RUN_START}{_NUM}(?:号|届|等奖|等|星级|级|型|周年|期(?![间限货末初])|千伏(?!安)|万伏|次(?=全会|会议|全体会议|代表大会|党代会))"
    rf"|(?<!\d)\d类(?=[^\d\s])"
)

#: The first characters of the words RE_NUMBERED's first branch ends with (号, 届, 等奖 …).
RE_NUMBERED_END = re.compile("[号届等星级型周期千万次]")

#: Ordinals: 第三 (identifier, or rank after 位居/排名 …), 前三 (rank only after a rank verb).
RE_ORDINAL = re.compile(rf"(?P<head>第|前)(?P<num>{_NUM})(?![\d.%])(?P<tail>[届次批期轮号章条款个部家名位]?)|首位")

RE_RANK_CONTEXT = re.compile(r"(?:位居|居于|居|排名|排在|排|位列|名列|列|跻身|跃居|跃升至|进入)[^，。；：]*$")

#: A scope right before an ordinal makes it a placement without a rank verb: 全国第一,
#: 世界第三位, 中部第二 (the region ranked among).
RE_RANK_SCOPE = re.compile(
    r"(?:全国|全省|全市|全区|全州|全县|全球|世界|亚洲|国内|省内|中部|西部|东部|东北|西南|西北|同类城市|副省级城市"
    # or a move between placements: 从第13位升至第9位
    r"|升至|升到|跃升至|跃居|提升到|提升至|上升到|上升至|降至|降到|下降到|下降至|前移|后移)$"
)

#: Five-year-plan codes such as 十四五 (also when not quoted).
RE_PLAN_CODE = re.compile(r"十[一二三四五六七八九]五")

#: Short quoted names and book titles.
RE_QUOTED = re.compile(r"“([^“”]{1,20})”|「([^「」]{1,20})」")

RE_BOOK = re.compile(r"《([^《》]{1,60})》")

RE_NUMERAL_START = re.compile(rf"^[{_CN_DIGITS}十百千]|\d")

#: Enumeration markers at the start of a sentence: 1. 2、 (3)
RE_ENUM = re.compile(r"^[（(]?\d{1,2}[）)、．.](?!\d)")

#: Digit runs too long to be a number (IDs, noise).
RE_LONG_RUN = re.compile(r"\d{16,}(?:\.\d+)?")


RE_TRAILING_MAGNITUDE = re.compile(r"[万亿]+$")

#: What every mention pattern above needs: a digit or a Chinese numeral (else 首位, a rank).
#: Most sentences have none and are skipped without running the patterns.
RE_NUMERAL_CHAR = re.compile(rf"[\d{_CN_DIGITS}十百千]")

#: The head of a numeral run (where ``_RUN_START`` lets a number start). Every match of
#: RE_QUANTITY starts at most ``LEAD`` characters (a prefix qualifier and 百分之) before
#: one, and every match of RE_NUMBERED's first branch at one; those patterns are tried
#: only there. Written to start with a character class, which ``re`` skips to quickly.
RE_NUM_HEAD = re.compile(rf"[\d{_CN_DIGITS}十百千](?<![\d.{_CN_DIGITS}十百千万亿].)")

LEAD = max(len(w) for (w, p) in QUALIFIER if p == "prefix") + len("百分之")

#: What stands right before a head when a quantity starts before it (a prefix, 百分之, or a
#: minus sign: a prefix and a sign take no more room than a prefix and 百分之, never both).
LEAD_ENDS = frozenset(w[-1] for (w, p) in QUALIFIER if p == "prefix") | {"之"} | set("-－−负")

#: Cheap tests that let a sentence skip the patterns that cannot match in it.
RE_LATIN = re.compile(r"[A-Za-z]")

RE_YEAR = re.compile(_YEAR)

RE_LATIN_UNIT = re.compile(r"\d+(?:\.\d+)?([A-Za-z]+[23]?)")  # m2, km3: a square or cube written as a digit

#: The name of a price index (居民消费价格指数, 商品零售价格总指数, 物价指数) at the end of a figure's
#: subject, with the base a report may write after it (居民消费价格指数（上年=100）为102.8: ``（上年=``).
RE_PRICE_INDEX = re.compile(r"(?:价格|物价)总?指数(?:[（(][^（）()]*)?$")
#: What a price index whose base is last year's (= 100) may read: a fall of half to a doubling.
PRICE_INDEX_RANGE = (50.0, 200.0)
