"""Numeric mentions in report sentences: how much, of what, in which unit, and what it means.

Two layers:

* :func:`find_mentions` reads one cleaned sentence and returns :class:`Mention` objects with
  offsets inside that sentence. It is pure and needs no document.
* :func:`analysis.extract.metrics.metrics_table` runs it over ``Document.sentences`` and
  returns one tidy row per mention, with offsets in the cleaned text and in the raw text.

How a mention is read (the grammar of Chinese figures, written by hand because no library
reads approximators, ranges and names-with-digits together):

``[prefix qualifier] [百分之] number [range] [余/多] [magnitude] [unit] [多] [suffix qualifier]``
(a range may write the magnitude on both numbers: ``65万—70万人``)

e.g. ``近千家``, ``1000多万元``, ``4.5%—5%``, ``百分之八至九``, ``10%以上``, ``2倍多``.
``number`` is Arabic (``145.5``) or Chinese (``一千``, ``十一点八``); Chinese numerals count
only with a unit (``十个月``, ``翻一番``, ``两位数``) or after ``百分之``, so ``一是``, ``进一步``
are not numbers. Names that contain digits are reserved first and typed ``identifier``
(``G60``, ``12号线``, ``5G``, ``PM2.5``, ``第三届``, ``“十四五”``, ``“26条”``, ``1类新药``,
``750千伏``, ``三级乙等``, ``2025中国足协杯``) or ``date`` (``2020年7月15日``, ``2020—2022年``);
they carry no value. The rest is a quantity whose unit comes from ``data/units.tsv``; a
numeral character that starts a unit is the unit's (``2705万千瓦`` is 2705 × 万 × 千瓦, not
2705万千 瓦), and a measure word the lexicon lacks is kept as written (``12尊``).

Fractions (``1/4``, ``三分之一``: percent, unit 分之) and ratios (``2.31:1``: value 2.31, unit
比) are one row each. ``几十年``, ``数百家`` are an order of magnitude (qualifier 概数), and so is
``两位数`` (10–99); set phrases (``收支两条线``, ``一张蓝图``: ``data/set_phrases.txt``) give no row.
Kind, direction, subject and period come from :mod:`analysis.extract.context`; :func:`~analysis.extract.metrics.metrics_table`
checks each value against the plausible range of its quantity (:mod:`analysis.extract.units`).

Base units (``value_base`` = ``value`` × magnitude × unit factor): money in 元 (no currency
conversion), area in 平方米 (1 亩 = 666.67 m², 1 公顷 = 10 000 m²), length in 米, mass in 千克,
energy in 千瓦时, power in 瓦, duration in 天 (1 年 = 365.25 天, 1 个月 = 30.4375 天), counts in
their own counter (149.8万人次 → 1 498 000 人次), percent in %.
"""

from __future__ import annotations

import math
import re
from operator import attrgetter

from analysis.extract.context import (  # noqa: F401 (the context API, re-exported: numbers is where callers look)
    CN_DIGITS,
    CUE_ROLE,
    HEADING_CUES,
    RE_CJK,
    RE_DIGIT,
    RE_HEADING_CUE,
    SEP,
    YEAR,
    alternation,
    clause_start,
    kind_of,
    last_cue,
    metric_phrase,
    trim_metric,
    with_context,
    with_context_rows,
)
from analysis.extract.mention import KINDS, QUANTITIES, Mention, MentionRow  # noqa: F401 (re-exported)
from analysis.extract.mention import mask as _mask
from analysis.extract.mention import without_overlaps as _without_overlaps
from analysis.extract.number_patterns import (  # noqa: F401 (unit_alternation, RE_TRAILING_MAGNITUDE re-exported)
    HALF_QUALIFIER,
    LEAD,
    LEAD_ENDS,
    PRICE_INDEX_RANGE,
    QUALIFIER,
    RE_BOOK,
    RE_CODE,
    RE_DATE,
    RE_DIGITS_RATE,
    RE_ENUM,
    RE_FRACTION,
    RE_HALF,
    RE_LATIN,
    RE_LATIN_UNIT,
    RE_LONG_RUN,
    RE_NUM_HEAD,
    RE_NUMBERED,
    RE_NUMBERED_END,
    RE_NUMERAL_CHAR,
    RE_NUMERAL_START,
    RE_ORDINAL,
    RE_PER,
    RE_PLAN_CODE,
    RE_PRICE_INDEX,
    RE_PROPORTION_MARK,
    RE_QUANTITY,
    RE_QUOTED,
    RE_RANK_CONTEXT,
    RE_RANK_SCOPE,
    RE_RATIO,
    RE_SET_PHRASE,
    RE_STRUCTURE,
    RE_STRUCTURE_PART,
    RE_SUFFIX,
    RE_TENTH,
    RE_TRAILING_MAGNITUDE,
    RE_YEAR,
    SET_PHRASE,
    STRUCTURE_SUM_TOLERANCE,
    VAGUE_WORDS,
    unit_alternation,
)
from analysis.extract.numerals import (  # noqa: F401 (re-exported: numbers is where callers look)
    CN_VALUE,
    MAGNITUDE,
    NUMERALS,
    approximate_range,
    parse_number,
)
from analysis.extract.proportions import proportion_mentions
from analysis.extract.units import (  # noqa: F401 (UNITS, read_lexicon re-exported)
    MAGNITUDE_ONLY_UNITS,
    NUMERAL_LED_UNITS,
    UNIT_INFO,
    UNITS,
    counter_at,
    jieba_pos,
    plausible,
    read_lexicon,
)

_Row = MentionRow
_START = attrgetter("start")


# ---------------------------------------------------------------------------------------
# Reserved names and dates
# ---------------------------------------------------------------------------------------
def _rank(start: int, end: int, text: str, value: float, qualifier: str = "") -> _Row:
    return _Row(start, end, text, value, value, value, "位", "rank", "位", value, "rank", 0, qualifier, "", "", "")

def _named(start: int, end: int, text: str, quantity: str) -> _Row:
    nan = math.nan
    return _Row(start, end, text, nan, nan, nan, "", quantity, "", nan, "", 0, "", "", "", "")

def _ordinal(m: re.Match, sentence: str) -> _Row | None:
    """Rank (位居全市第一, 跻身前三, 首位) or identifier (第三届); None for 前三季度-like."""
    before = sentence[: m.start()]
    ranked = bool(RE_RANK_CONTEXT.search(before))
    if m.group(0) == "首位":
        return _rank(m.start(), m.end(), "首位", 1.0) if ranked else None
    value = parse_number(m.group("num"))
    if m.group("head") == "前":
        if ranked and not m.group("tail") and not math.isnan(value):
            return _rank(m.start(), m.end(), m.group(0), value, "以内")
        return None
    # 第N, 第N位, 第N名 after a scope (全国第一) or a move (升至第9位) is a placement, as after a
    # rank verb; not 放在第一位 (first in priority) or 第一位的大问题
    placed = m.group("tail") in ("", "位", "名") and RE_RANK_SCOPE.search(before) is not None
    if (ranked or placed) and m.group("tail") in ("", "位", "名") and not math.isnan(value):
        return _rank(m.start(), m.end(), m.group(0), value)
    return _named(m.start(), m.end(), m.group(0), "identifier")

def reserved_mentions(sentence: str) -> list[Mention]:
    """Return dates, ranks and names-with-digits in ``sentence`` (no overlaps, in order).

    >>> [(m.text, m.quantity) for m in reserved_mentions("长三角G60科创走廊于2020年7月15日开工")]
    [('G60', 'identifier'), ('2020年7月15日', 'date')]
    """
    found = _reserved(sentence, [h.start() for h in RE_NUM_HEAD.finditer(sentence)])
    return [Mention(*r) for r in found if r.quantity != SET_PHRASE]

def _reserved(sentence: str, heads: list[int]) -> list[_Row]:
    """:func:`reserved_mentions`, given the numeral heads of ``sentence``.

    Each pattern runs only when the sentence holds what every match of it needs (a digit,
    a Latin letter, 季度, 第/前/首位, a quote); the patterns run in the same order, since
    the earliest found wins an overlap.
    """
    found: list[_Row] = []
    digits = RE_DIGIT.search(sentence) is not None
    if "“" in sentence or "「" in sentence:
        for m in RE_QUOTED.finditer(sentence):
            g = 1 if m.group(1) is not None else 2
            inner = m.group(g)
            if inner and RE_NUMERAL_START.search(inner):
                found.append(_named(m.start(g), m.end(g), inner, "identifier"))
    if digits and "《" in sentence:
        for m in RE_BOOK.finditer(sentence):
            inner = m.group(1)
            if inner and RE_DIGIT.search(inner):
                found.append(_named(m.start(1), m.end(1), inner, "identifier"))
    # set phrases after quoted names (“一张网” stays a name): they mask their numerals, and
    # _find drops them (no row)
    found += [_named(m.start(), m.end(), m.group(0), SET_PHRASE) for m in RE_SET_PHRASE.finditer(sentence)]
    if digits:
        if (m := RE_ENUM.match(sentence)) is not None:
            found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
        if len(sentence) >= 16:
            for m in RE_LONG_RUN.finditer(sentence):
                found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
    if digits or "季度" in sentence:
        for m in RE_DATE.finditer(sentence):
            found.append(_named(m.start(), m.end(), m.group(0), "date"))
    if digits and RE_LATIN.search(sentence):
        for m in RE_CODE.finditer(sentence):
            if not _is_latin_unit(m.group(0), sentence[m.start() - 1 : m.start()]):
                found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
    if "十" in sentence:
        for m in RE_PLAN_CODE.finditer(sentence):
            found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
    if "第" in sentence or "前" in sentence or "首位" in sentence:
        for m in RE_ORDINAL.finditer(sentence):
            if (o := _ordinal(m, sentence)) is not None:
                found.append(o)
    # RE_NUMBERED matches at a head, before a word it ends with, or (\d类) one character before a 类
    starts = heads if RE_NUMBERED_END.search(sentence) else []
    if digits and "类" in sentence:
        starts = sorted({*heads, *(i - 1 for i, c in enumerate(sentence) if c == "类" and i)})
    pos = 0  # RE_NUMBERED.finditer(sentence), trying the pattern only there
    for q in starts:
        if q >= pos and (m := RE_NUMBERED.match(sentence, q)) is not None:
            found.append(_named(q, m.end(), m.group(0), "identifier"))
            pos = m.end()
    return _without_overlaps(found) if len(found) > 1 else found

def _is_latin_unit(code: str, before: str = "") -> bool:
    """True for a number followed by a Latin unit (300MW), which is a quantity, not a code,
    and for a Latin unit after a magnitude (m2 of 12万m2: ``before`` is the character before)."""
    if before and before in "万亿" and code in UNIT_INFO:
        return True
    m = RE_LATIN_UNIT.fullmatch(code)
    return bool(m) and m.group(1) in UNIT_INFO

# ---------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------
#: Quantities of a unit of measure (not counters, shares or durations): 百万吨, 千亿元.
MEASURES = frozenset({"area", "energy", "length", "mass", "mass_rate", "money", "power", "volume", "volume_rate"})

def _acceptable(pre, pct, num: str, mag, cls, unit, vague: str = "", inner: str | None = None) -> bool:
    """Reject Chinese numerals that are not numbers here (一是, 千家万户, 一线); the arguments
    are groups of a RE_QUANTITY match, and the vague word before it (数百家, 几十年); ``inner``
    余/多 right after the numeral makes a round one a number (千余家, 百多年)."""
    if num[0].isdigit() or pct:  # but not digits run into Chinese ones that make no number (1980两年)
        return not math.isnan(parse_number(num)) or approximate_range(num) is not None
    if not (unit or cls or mag):
        return False
    if num in ("百", "千", "万", "十百", "百千"):
        # 百万吨, 千万千瓦: a round hundred or thousand before a magnitude and a unit of
        # measure is a number (一百万吨); alone it is an idiom (千家万户, 万众一心)
        measured = num in ("百", "千") and mag and UNIT_INFO.get(unit or "", ("",))[0] in MEASURES
        return bool(pre or cls or vague or measured or (inner and num in ("百", "千", "万")))
    if num == "一" and not mag:
        return UNIT_INFO.get(unit or "", ("other",))[0] in ("duration", "multiple")
    return not math.isnan(parse_number(num)) or approximate_range(num) is not None

def _quantity(m: re.Match, masked: str) -> _Row | None:
    """Build a mention from a RE_QUANTITY match (context fields left empty), or None."""
    pre, sign, pct, num, mag1, unit1, _, _, num2, inner, mag, cls, inner2, unit, inner3, suf = m.groups()
    whole = m.group(0)
    start, end = m.span()
    vague = _vague_before(masked, start, pre, pct, num)
    if not _acceptable(pre, pct, num, mag, cls, unit, vague, inner) or "\x00" in whole:
        return None
    if cls:
        end = m.end("cls")
    counter = ""
    if num[0].isdigit() and not (unit or unit1 or pct or cls or inner3 or suf or num2):
        if counter := counter_at(masked, end):  # a measure word the lexicon lacks: 3座 (kept as written)
            end += 1
            if s := RE_SUFFIX.match(masked, end):
                suf, end = s.group(0), s.end()
    qualifier = ""
    if pre or inner or inner2 or inner3 or suf or vague:
        quals = ["概数"] if vague else []
        quals += [QUALIFIER[(pre, "prefix")]] if pre else []
        quals += ["多"] * ((inner is not None) + (inner2 is not None) + (inner3 is not None))
        if suf:
            quals.append(QUALIFIER[(suf, "suffix")])
        if cls:  # 百亿级: the first qualifier only
            quals = quals[:1]
        if pre == "上" and num not in ("百", "千", "万"):  # 比上3年: not 上千
            start, quals = (m.start("pct") if pct else m.start("num")), quals[1:]
        qualifier = "|".join(dict.fromkeys(quals))
    if len(whole) == 4 and _year_name(whole, masked, m.end()):
        return _named(start, end, whole[start - m.start() :], "identifier")
    start -= len(vague)
    compound = "万" in num or "亿" in num  # 七亿七千多万吨: the magnitude belongs to the numeral
    unit, quantity, base, factor = _unit_of(pct, mag, unit or unit1 or "", cls, compound)
    tail = (mag or "") if compound else ""
    low = parse_number(num + tail)
    if mag1 and not compound:  # 65万—70万人: the first number's own magnitude, in the unit's
        low *= MAGNITUDE[mag1] / MAGNITUDE.get(mag or "", 1.0)
    if sign:  # 增长-2.1%: a growth written negative (the first number's sign: -1%-1% is −1 to 1)
        low = -low
    if num2:
        high = parse_number(num2 + tail)
        value = (low + high) / 2
    else:
        high = value = low
        if math.isnan(low) and (approx := approximate_range(num + tail)):  # 三四个, 百分之七八
            if _names_a_thing(num, unit, masked[end : end + 1]):
                return None  # 三四轮车, 三五成群: the numeral names a thing, it counts nothing
            low, high = approx
            value = (low + high) / 2
            qualifier = "|".join(["概数"] + [q for q in qualifier.split("|") if q and q != "概数"])
    if counter:
        unit, quantity, base = unit + counter, "count", counter
    if unit == "成" and not (num2 or suf or inner3) and (tenth := RE_TENTH.match(masked, end)):
        # 三成五 is 3.5成 (35%): a digit after 成 is its tenth, not a number of its own
        value = low = high = value + parse_number(tenth.group(1)) / 10
        end = tenth.end(1)
        if s := RE_SUFFIX.match(masked, end):
            qualifier, end = "|".join(q for q in (qualifier, QUALIFIER[(s.group(0), "suffix")]) if q), s.end()
    # 二轮土地承包, 二类: ordinals (two rounds is 两轮; 二个 is the old way of writing two)
    if num == "二" and quantity == "count" and not mag and unit != "个":
        return _named(start, end, masked[start:end], "identifier")
    if unit == "位数" and not mag:  # 两位数增长: an order of magnitude (10–99), not the number 2
        value = low = 10.0 ** (value - 1) if value == int(value) and 0 < value < 16 else math.nan
        high = low * 10 - 1
        qualifier = "|".join(["概数"] + [q for q in qualifier.split("|") if q])
        if RE_DIGITS_RATE.match(masked, end):  # 两位数增长: a rate of change of 10–99 %
            unit, quantity, base = "%", "percent", "%"
    if unit == "番":  # 翻一番 = ×2, 翻两番 = ×4: a multiple; 一番努力 (a bout of) is no number
        lead = next((w for w in ("翻了", "翻") if masked.endswith(w, 0, start)), None)
        if lead is None or pre:
            return None
        start -= len(lead)
        value, low, high = 2.0**value, 2.0**low, 2.0**high
        unit, base, factor = "倍", "倍", 1.0
    per = RE_PER.match(masked, end) if unit else None
    if per:  # 0.6人/百亿元以下, 58万元/人左右: a rate per something, its qualifier after it
        end, unit, quantity, base = per.end(), f"{unit}/{per['den']}", "other", ""
        if per["suf"]:
            qualifier = "|".join(q for q in (qualifier, QUALIFIER[(per["suf"], "suffix")]) if q)
    value_base = value * factor if (base or quantity == "other") and not per else math.nan
    # 迈上5万亿台阶: 台 begins the noun 台阶, and 5万亿 台 would be no plausible count
    if quantity == "count" and len(base) == 1 and not (suf or inner3 or per) and _noun_after_counter(masked, end, base, value_base):
        end -= len(base)
        unit, quantity, base, value_base = unit[: -len(base)], "other", "", value * MAGNITUDE.get(mag or "", 1.0)
    return _Row(
        start, end, masked[start:end], value, low, high, unit, quantity, base, value_base, "", 0, qualifier, "", "", ""
    )

def _names_a_thing(num: str, unit: str, after: str) -> bool:
    """Whether an approximate numeral (三四) with its one-character unit and the character
    after it is a word of its own: 三轮车 / 四轮车 (a vehicle), 成群 (三五成群)."""
    if len(unit) != 1 or not after:
        return False
    pos = jieba_pos()
    return any(pos.get(w, "").startswith(("n", "i")) for w in (num[-1] + unit + after, num[-2] + unit + after, unit + after))


def _noun_after_counter(masked: str, end: int, counter: str, value_base: float) -> bool:
    """True when ``counter`` ending at ``end`` begins a noun with the next character (台阶)
    and, read as a counter, would give an implausible count."""
    if end >= len(masked) or not jieba_pos().get(counter + masked[end], "").startswith("n"):
        return False
    return not plausible("count", "level", 0, counter, value_base)

def _vague_before(masked: str, start: int, pre, pct, num: str) -> str:
    """The vague word (几, 数, 若干) right before a round Chinese numeral: 数百家, 几十年
    (not a vague digit inside a numeral: 一百几十亿元)."""
    if pre or pct or num[0] not in "十百千万":
        return ""
    for w in VAGUE_WORDS:
        if start >= len(w) and masked.startswith(w, start - len(w)):
            before = masked[start - len(w) - 1 : start - len(w)]
            return "" if before and RE_NUMERAL_CHAR.match(before) else w
    return ""

def _unit_of(pct: str | None, mag: str | None, unit: str, cls: str | None, compound: bool):
    """Return (written unit, quantity, base_unit, factor) of a quantity match."""
    if pct:
        unit = "%" if pct == "百分之" else "‰"
        q, base, f = UNIT_INFO[unit]
        return unit, q, base, f
    mag = mag or ""
    factor = MAGNITUDE.get(mag, 1.0)
    if compound:
        mag, factor = "", 1.0
    if cls:  # 百亿级: an order of magnitude, not an amount of anything
        return mag + "级", "other", "", factor
    if not unit:
        return mag, "other", "", factor
    q, base, f = UNIT_INFO[unit]
    return mag + unit, q, base, f * factor

def _year_name(whole: str, masked: str, end: int) -> bool:
    """A bare year-like number glued to a name (2025中国足协杯) is an identifier."""
    return RE_YEAR.fullmatch(whole) is not None and RE_CJK.match(masked, end) is not None

def quantity_mentions(sentence: str, reserved: list[Mention]) -> list[Mention]:
    """Return the quantities in ``sentence`` outside the ``reserved`` spans (no context yet).

    >>> [(m.text, m.value, m.unit) for m in quantity_mentions("规上工业产值1362.69亿元", [])]
    [('1362.69亿元', 1362.69, '亿元')]
    """
    return [Mention(*r) for r in _quantities(sentence, reserved)]

def _quantities(sentence: str, reserved: list, heads: list[int] | None = None) -> list[_Row]:
    """:func:`quantity_mentions` as rows; ``heads`` are those of ``sentence``, if known."""
    if reserved or heads is None:
        masked = _mask(sentence, reserved)
        heads = [h.start() for h in RE_NUM_HEAD.finditer(masked)]
    else:
        masked = sentence
    out = []
    pos = 0
    # RE_QUANTITY.finditer(masked), trying the pattern only at the heads (it matches at each
    # but one that starts a unit),
    # or from LEAD before one that follows what a prefix or 百分之 ends with
    for q in heads:
        if q >= pos:
            if q > pos and masked[q - 1] in LEAD_ENDS:
                m = RE_QUANTITY.search(masked, q - LEAD if q - LEAD > pos else pos)
            else:
                m = RE_QUANTITY.match(masked, q)
            if m is None:  # a numeral character that starts a unit (百分点, 千瓦时)
                continue
            pos = m.end()
            if (row := _quantity(m, masked)) is not None:
                out.append(row)
                pos = max(pos, row.end)  # a rate's denominator (人/百亿元) is no quantity of its own
    return out

def find_mentions(sentence: str) -> list[Mention]:
    """Return every numeric mention in one cleaned sentence, in order.

    Offsets are within ``sentence``. Never raises on malformed input.

    Args:
        sentence: one sentence of cleaned text (simplified, half-width digits).

    Returns:
        list of :class:`Mention`, empty when the sentence has no number.

    >>> ms = find_mentions("地方财政收入145.5亿元，逆势增长0.5%，连续54个月保持正增长，增速位居全市第一")
    >>> [(m.value, m.unit, m.quantity, m.kind, m.direction) for m in ms]
    [(145.5, '亿元', 'money', 'level', 0), (0.5, '%', 'percent', 'change', 1), (54.0, '个月', 'duration', 'level', 0), (1.0, '位', 'rank', 'rank', 0)]
    >>> ms[0].metric, ms[0].value_base, ms[1].metric
    ('地方财政收入', 14550000000.0, '地方财政收入')
    """
    return [Mention(*r) for r in _find(sentence)]

def _find(sentence: str) -> list[_Row]:
    """:func:`find_mentions` as rows."""
    if not isinstance(sentence, str) or not (RE_NUMERAL_CHAR.search(sentence) or "首位" in sentence or "半" in sentence):
        return []  # what every pattern needs
    heads = [h.start() for h in RE_NUM_HEAD.finditer(sentence)]
    reserved = _reserved(sentence, heads)
    reserved += proportion_mentions(sentence, reserved)
    quantities = _quantities(sentence, reserved, heads)
    if any(r.quantity == SET_PHRASE for r in reserved):
        reserved = [r for r in reserved if r.quantity != SET_PHRASE]
    mentions = sorted(reserved + quantities, key=_START) if reserved and quantities else reserved or quantities
    rows = with_context_rows(sentence, mentions)
    return _price_index_changes(sentence, rows) if "指数" in sentence else rows


def _price_index_changes(sentence: str, rows: list[_Row]) -> list[_Row]:
    """``rows`` with the level of a price index read as the change it states.

    A price index is written with last year's prices = 100: 居民消费价格指数为102.8 says prices
    rose 2.8 %, 控制在103%以内 allows a rise of 3 % at most (the percent sign, when written, is the
    index's, not the change's). A level figure without a unit or in percent, within
    :data:`PRICE_INDEX_RANGE`, whose subject ends in a price index's name
    (:data:`RE_PRICE_INDEX`) becomes a change in percent — the magnitude, with ``direction``
    −1 for a fall, as 下降1.5% — so that it is the CPI target or outcome it is. The text and
    offsets stay the figure as written; the base itself (上年=100) stays as it is.

    >>> [(m.text, m.value, m.unit, m.kind, m.direction) for m in find_mentions("商品零售价格总指数为98.5")]
    [('98.5', 1.5, '%', 'change', -1)]
    """
    lo, hi = PRICE_INDEX_RANGE
    out = list(rows)
    for i, r in enumerate(rows):
        if not (r.kind == "level" and r.unit in ("", "%") and r.quantity in ("other", "percent")
                and lo <= r.low <= r.high <= hi and (r.low >= 100 or r.high <= 100)
                and sentence[r.start - 1 : r.start] not in ("=", "＝")):
            continue
        name = RE_PRICE_INDEX.search(r.metric)
        if name is None:
            continue
        direction = (r.value > 100) - (r.value < 100)
        low, high = sorted((abs(r.low - 100), abs(r.high - 100)))
        value = abs(r.value - 100)
        metric = r.metric[: name.start()] + name.group().split("（")[0].split("(")[0]  # the name, not its base
        out[i] = r._replace(value=value, low=low, high=high, unit="%", quantity="percent", base_unit="%",
                            value_base=value, kind="change", direction=direction, metric=metric)
    return out
