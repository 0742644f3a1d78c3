"""Numeric mentions in report sentences: how much, of what, in which unit, and what it means.

Two layers:

* :func:`find_mentions` reads one cleaned sentence and returns :class:`Mention` objects with
  offsets inside that sentence. It is pure and needs no document.
* :func:`metrics_table` runs it over ``Document.sentences`` and returns one tidy row per
  mention, with offsets in the cleaned text and in the raw text (see :data:`METRIC_COLUMNS`).

How a mention is read (the grammar of Chinese figures, written by hand because no library
reads approximators, ranges and names-with-digits together):

``[prefix qualifier] [百分之] number [range] [余/多] [magnitude] [unit] [多] [suffix qualifier]``

e.g. ``近千家``, ``1000多万元``, ``4.5%—5%``, ``百分之八至九``, ``10%以上``, ``2倍多``.
``number`` is Arabic (``145.5``) or Chinese (``一千``, ``十一点八``); Chinese numerals count
only with a unit (``十个月``, ``翻一番``, ``两位数``) or after ``百分之``, so ``一是``, ``进一步``
are not numbers. Names that contain digits are reserved first and typed ``identifier``
(``G60``, ``12号线``, ``5G``, ``PM2.5``, ``第三届``, ``“十四五”``, ``“26条”``, ``1类新药``,
``750千伏``, ``三级乙等``, ``2025中国足协杯``) or ``date`` (``2020年7月15日``, ``2020—2022年``);
they carry no value. The rest is a quantity whose unit comes from ``data/units.tsv``.

Base units (``value_base`` = ``value`` × magnitude × unit factor): money in 元 (no currency
conversion), area in 平方米 (1 亩 = 666.67 m², 1 公顷 = 10 000 m²), length in 米, mass in 千克,
energy in 千瓦时, power in 瓦, duration in 天 (1 年 = 365.25 天, 1 个月 = 30.4375 天), counts in
their own counter (149.8万人次 → 1 498 000 人次), percent in %.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .tables import typed_frame

DATA_DIR = Path(__file__).parent / "data"


def read_lexicon(name: str) -> pd.DataFrame:
    """Return the lexicon ``analysis/data/<name>.tsv`` as a DataFrame of strings.

    Lines starting with ``#`` are the header naming the source; reading is
    :func:`analysis.lexicons.load_lexicon`'s.

    >>> read_lexicon("units").columns.tolist()
    ['unit', 'quantity', 'base_unit', 'factor']
    """
    from .lexicons import load_lexicon  # the package's one lexicon loader

    return load_lexicon(f"{name}.tsv", columns=()).drop(columns="line").astype(object)


def _alternation(words) -> str:
    """Regex alternation of ``words``, longest first so that 人次 wins over 人."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# ---------------------------------------------------------------------------------------
# Lexicons (data files) and every compiled pattern, in one place.
# ---------------------------------------------------------------------------------------
UNITS = read_lexicon("units")
NUMERALS = read_lexicon("numerals")
QUALIFIERS = read_lexicon("qualifiers")
CUES = read_lexicon("cues")

UNIT_INFO = {
    r.unit: (r.quantity, r.base_unit, float(r.factor)) for r in UNITS.itertuples(index=False)
}
CN_VALUE = {r.char: int(r.value) for r in NUMERALS.itertuples(index=False) if r.role != "magnitude"}
MAGNITUDE = {r.char: float(r.value) for r in NUMERALS.itertuples(index=False) if r.role == "magnitude"}
QUALIFIER = {(r.written, r.position): r.canonical for r in QUALIFIERS.itertuples(index=False)}
CUE_ROLE: dict[str, tuple[str, int]] = {
    r.word: (r.role, int(r.direction))
    for r in CUES.itertuples(index=False)
    if not r.role.startswith("heading")
}
PLANNED_WORDS = {r.word for r in CUES.itertuples(index=False) if r.role == "planned"}
HEADING_CUES = {
    role: {r.word for r in CUES.itertuples(index=False) if r.role == role}
    for role in ("heading_planned", "heading_achieved")
}

_D = r"\d+(?:\.\d+)?"
_CN_DIGITS = "".join(c for c, v in CN_VALUE.items() if v < 10)
_CN = rf"[{_CN_DIGITS}十百千]+(?:点[{_CN_DIGITS}]+)?"
_RUN_START = rf"(?<![\d.{_CN_DIGITS}十百千万亿])"  # start only at the head of a digit run
_NUM_PART = rf"(?:{_D}(?:{_CN})?|{_CN})"
_NUM = rf"{_NUM_PART}(?:[万亿]{_NUM_PART})*"  # 145.5, 一千二百, 5千, 1万6千, 七亿七千 (no backtracking)
_SEP = r"[-—–~～至到]"
_YEAR = r"(?:19|20)\d{2}"
_MD = rf"\d{{1,2}}(?:{_SEP}\d{{1,2}})?月(?:份|底|末|初|中旬|上旬|下旬)?(?:\d{{1,2}}[日号])?"
_PREFIX = _alternation(w for (w, p) in QUALIFIER if p == "prefix")
_SUFFIX = _alternation(w for (w, p) in QUALIFIER if p == "suffix" and w not in "多余")

#: A quantity: qualifiers, number, optional range, magnitude and unit (see module docstring).
RE_QUANTITY = re.compile(
    rf"(?P<pre>{_PREFIX})?"
    rf"(?P<pct>百分之|千分之)?{_RUN_START}(?P<num>{_NUM})"
    rf"(?:(?P<unit1>%|‰|个百分点)?(?P<sep>{_SEP})(?P<pct2>百分之|千分之)?(?P<num2>{_NUM})(?![年月]))?"
    rf"(?P<inner>[余多])?(?P<mag>{_alternation(MAGNITUDE)})?(?P<cls>级)?(?P<inner2>[余多])?"
    rf"(?P<unit>{_alternation(UNIT_INFO)})?"
    rf"(?P<inner3>[多余](?=[，。；、,;）)]|$))?"
    rf"(?P<suf>{_SUFFIX})?"
)
#: Dates: years, year ranges, months and days (``2020年7月15日``, ``2020—2022年``, ``1-6月``).
RE_DATE = re.compile(
    rf"{_YEAR}年?(?:{_SEP}{_YEAR})?年(?:底|末|初)?(?:{_MD})?|(?<![\d.个])(?:{_MD})"
    rf"|[一二三四]季度|前三季度|{_YEAR}[-./]\d{{1,2}}(?:[-./]\d{{1,2}})?(?!\d)"
)
#: Latin-letter codes with digits: G60, S32, PM2.5, 5G, 4A, COVID-19.
RE_CODE = re.compile(
    r"(?<![A-Za-z])[A-Za-z]+-?\d+(?:\.\d+)?(?:[-+]?[A-Za-z0-9]+)*"
    r"|(?<![\d.])\d+(?:\.\d+)?[A-Za-z]+(?:[-+]?[A-Za-z0-9]+)*"
)
#: Numbers that name an item of a series: 12号线, 第五届, 九次全会, 二期, 三级, 二等奖, 750千伏.
RE_NUMBERED = re.compile(
    rf"{_RUN_START}{_NUM}(?:号|届|等奖|等|星级|级|型|周年|期(?![间限货末初])|千伏|万伏|次(?=全会|会议|全体会议|代表大会|党代会))"
    rf"|(?<!\d)\d类(?=[^\d\s])"
)
#: Ordinals: 第三 (identifier, or rank after 位居/排名 …), 前三 (rank only after a rank verb).
RE_ORDINAL = re.compile(rf"(?P<head>第|前)(?P<num>{_NUM})(?![\d.%])(?P<tail>[届次批期轮号章条款个部家名位]?)|首位")
RE_RANK_CONTEXT = re.compile(r"(?:位居|居于|居|排名|排在|排|位列|名列|列|跻身|跃居|跃升至|进入)[^，。；：]*$")
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
RE_NUMERAL_TOKEN = re.compile(rf"\d+(?:\.\d+)?|点[{_CN_DIGITS}]+|.")
RE_TRAILING_MAGNITUDE = re.compile(r"[万亿]+$")
RE_CLAUSE_END = re.compile(r"[，；。：！？,;:!?\n]")
RE_LIST_GAP = re.compile(r"^[、和及与或以及]*$")
RE_CUE = re.compile(_alternation(CUE_ROLE))
RE_PLANNED_CUE = re.compile(_alternation(PLANNED_WORDS))
RE_PERIOD = re.compile(
    rf"{_YEAR}年?(?:{_SEP}{_YEAR})?年(?:上半年|下半年|前三季度|[一二三四]季度|底|末|初)?"
    r"|“?十[一二三四五六七八九]五”?(?:时期|期间|末)?|[“”]?[六七八九]五[”]?(?:时期|期间|末)"
    r"|上半年|下半年|全年|今年|去年|明年|年均|平均每年|今后五年|过去五年|五年来|前三季度"
    r"|[一二三四]季度|年末|年底"
)
RE_EDGE_PUNCT = re.compile(r"^[、，；：,;:（）()“”\s]+|[、，；：,;:（）()“”\s]+$")
RE_AFTER_NOUN = re.compile(r"^[^\d，。；、：,;:（）()和与及等“”]{1,15}")
RE_CJK = re.compile(r"[\u4e00-\u9fff]")
#: What every mention pattern above needs: a digit, a Chinese numeral, or 首位 (a rank).
#: Most sentences have none and are skipped without running the patterns.
RE_ANY_NUMERAL = re.compile(rf"\d|[{_CN_DIGITS}十百千]|首位")

QUANTITIES = (
    "money", "percent", "percentage_point", "count", "area", "length", "mass", "energy",
    "power", "volume", "duration", "multiple", "rank", "date", "identifier", "other",
)  # fmt: skip
KINDS = ("level", "change", "share", "rank", "ratio")


@dataclass(frozen=True)
class Mention:
    """One numeric mention in a sentence; ``start``/``end`` are offsets in that sentence."""

    start: int
    end: int
    text: str
    value: float = math.nan
    low: float = math.nan
    high: float = math.nan
    unit: str = ""
    quantity: str = "other"
    base_unit: str = ""
    value_base: float = math.nan
    kind: str = ""
    direction: int = 0
    qualifier: str = ""
    metric: str = ""
    period: str = ""
    status: str = ""


# ---------------------------------------------------------------------------------------
# Numerals
# ---------------------------------------------------------------------------------------
def parse_number(s: str) -> float:
    """Return the value of an Arabic, Chinese or mixed numeral; NaN if unreadable.

    >>> parse_number("145.5"), parse_number("十一点八"), parse_number("两千零五")
    (145.5, 11.8, 2005.0)
    >>> parse_number("1万6千"), parse_number("七亿七千万"), parse_number("十四五")
    (16000.0, 770000000.0, nan)
    """
    total = section = 0.0
    number: float | None = None
    for tok in RE_NUMERAL_TOKEN.findall(s or ""):
        v = CN_VALUE.get(tok)
        if tok[0].isdigit() or (v is not None and v < 10):
            if number is not None:  # two literals in a row (十四五, 3三): not a numeral
                return math.nan
            try:
                number = float(tok) if tok[0].isdigit() else (None if v == 0 else float(v))
            except (ValueError, OverflowError):
                return math.nan
        elif tok.startswith("点"):
            if number is None:
                return math.nan
            number += float("0." + "".join(str(CN_VALUE[c]) for c in tok[1:]))
        elif v is not None:  # 十 百 千
            section += (1.0 if number is None else number) * v
            number = None
        elif tok == "万":
            total += (section + (number or 0.0)) * 1e4
            section, number = 0.0, None
        elif tok == "亿":
            total = (total + section + (number or 0.0)) * 1e8
            section, number = 0.0, None
        else:
            return math.nan
    return total + section + (number or 0.0)


# ---------------------------------------------------------------------------------------
# Reserved names and dates
# ---------------------------------------------------------------------------------------
def _rank(start: int, end: int, text: str, value: float, qualifier: str = "") -> Mention:
    return Mention(start, end, text, value, value, value, "位", "rank", "位", value, "rank", 0, qualifier)


def _named(start: int, end: int, text: str, quantity: str) -> Mention:
    return Mention(start, end, text, quantity=quantity)


def _ordinal(m: re.Match, sentence: str) -> Mention | None:
    """Rank (位居全市第一, 跻身前三, 首位) or identifier (第三届); None for 前三季度-like."""
    ranked = bool(RE_RANK_CONTEXT.search(sentence[: m.start()]))
    if m.group(0) == "首位":
        return _rank(m.start(), m.end(), "首位", 1.0) if ranked else None
    value = parse_number(m.group("num"))
    if m.group("head") == "前":
        if ranked and not m.group("tail") and not math.isnan(value):
            return _rank(m.start(), m.end(), m.group(0), value, "以内")
        return None
    if ranked and m.group("tail") in ("", "位", "名") and not math.isnan(value):
        return _rank(m.start(), m.end(), m.group(0), value)
    return _named(m.start(), m.end(), m.group(0), "identifier")


def reserved_mentions(sentence: str) -> list[Mention]:
    """Return dates, ranks and names-with-digits in ``sentence`` (no overlaps, in order).

    >>> [(m.text, m.quantity) for m in reserved_mentions("长三角G60科创走廊于2020年7月15日开工")]
    [('G60', 'identifier'), ('2020年7月15日', 'date')]
    """
    found: list[Mention] = []
    for rx in (RE_QUOTED, RE_BOOK):
        for m in rx.finditer(sentence):
            g = 1 if m.group(1) is not None else 2
            inner = m.group(g)
            if inner and (RE_NUMERAL_START.search(inner) if rx is RE_QUOTED else re.search(r"\d", inner)):
                found.append(_named(m.start(g), m.end(g), inner, "identifier"))
    for m in RE_ENUM.finditer(sentence):
        found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
    for m in RE_LONG_RUN.finditer(sentence):
        found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
    for m in RE_DATE.finditer(sentence):
        found.append(_named(m.start(), m.end(), m.group(0), "date"))
    for m in RE_CODE.finditer(sentence):
        if not _is_latin_unit(m.group(0)):
            found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
    for m in RE_PLAN_CODE.finditer(sentence):
        found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
    for m in RE_ORDINAL.finditer(sentence):
        if (o := _ordinal(m, sentence)) is not None:
            found.append(o)
    for m in RE_NUMBERED.finditer(sentence):
        found.append(_named(m.start(), m.end(), m.group(0), "identifier"))
    return _without_overlaps(found)


def _is_latin_unit(code: str) -> bool:
    """True for a number followed by a Latin unit (300MW), which is a quantity, not a code."""
    m = re.fullmatch(r"\d+(?:\.\d+)?([A-Za-z]+)", code)
    return bool(m) and m.group(1) in UNIT_INFO


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the earliest-found mention wherever two overlap; return them sorted by start."""
    kept: list[Mention] = []
    for m in mentions:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _mask(sentence: str, mentions: list[Mention]) -> str:
    chars = list(sentence)
    for m in mentions:
        chars[m.start : m.end] = "\x00" * (m.end - m.start)
    return "".join(chars)


# ---------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------
def _qualifiers(m: re.Match) -> list[str]:
    out = []
    if m.group("pre"):
        out.append(QUALIFIER[(m.group("pre"), "prefix")])
    for g in ("inner", "inner2", "inner3"):
        if m.group(g):
            out.append("多")
    if m.group("suf"):
        out.append(QUALIFIER[(m.group("suf"), "suffix")])
    return out


def _unit_of(m: re.Match) -> tuple[str, str, str, float]:
    """Return (written unit, quantity, base_unit, factor) of a quantity match."""
    if m.group("pct"):
        unit = "%" if m.group("pct") == "百分之" else "‰"
        q, base, f = UNIT_INFO[unit]
        return unit, q, base, f
    mag, unit = m.group("mag") or "", m.group("unit") or m.group("unit1") or ""
    factor = MAGNITUDE.get(mag, 1.0)
    if _compound(m):  # 七亿七千多万吨: the magnitude belongs to the numeral
        mag, factor = "", 1.0
    if m.group("cls"):  # 百亿级: an order of magnitude, not an amount of anything
        return mag + "级", "other", "", factor
    if not unit:
        return mag, "other", "", factor
    q, base, f = UNIT_INFO[unit]
    return mag + unit, q, base, f * factor


def _acceptable(m: re.Match, masked: str) -> bool:
    """Reject Chinese numerals that are not numbers here (一是, 千家万户, 一线)."""
    num = m.group("num")
    if "\x00" in m.group(0):
        return False
    if num[0].isdigit():
        return True
    if m.group("pct"):
        return True
    has_unit = bool(m.group("unit") or m.group("cls") or m.group("mag"))
    if not has_unit:
        return False
    if num in ("百", "千", "万", "十百", "百千"):
        return bool(m.group("pre")) or bool(m.group("cls"))
    if num == "一" and not m.group("mag"):
        q = UNIT_INFO.get(m.group("unit") or "", ("other",))[0]
        return q in ("duration", "multiple")
    return not math.isnan(parse_number(num))


def _compound(m: re.Match) -> bool:
    """True for a numeral with 万/亿 inside (1万6千, 七亿七千): its value is read whole."""
    return bool(re.search("[万亿]", m.group("num")))


def _year_name(m: re.Match, masked: str) -> bool:
    """A bare year-like number glued to a name (2025中国足协杯) is an identifier."""
    nxt = masked[m.end() : m.end() + 1]
    return (
        re.fullmatch(_YEAR, m.group(0)) is not None
        and bool(nxt)
        and RE_CJK.match(nxt) is not None
    )


def _quantity(m: re.Match, masked: str) -> Mention | None:
    """Build a Mention from a RE_QUANTITY match (context fields left empty)."""
    if not _acceptable(m, masked):
        return None
    start, end = m.start(), (m.end("cls") if m.group("cls") else m.end())
    quals = _qualifiers(m) if not m.group("cls") else _qualifiers(m)[:1]
    if m.group("pre") == "上" and m.group("num") not in ("百", "千", "万"):  # 比上3年: not 上千
        start, quals = (m.start("pct") if m.group("pct") else m.start("num")), quals[1:]
    if _year_name(m, masked):
        return _named(start, end, m.group(0)[start - m.start() :], "identifier")
    unit, quantity, base, factor = _unit_of(m)
    tail = m.group("mag") if _compound(m) else ""
    low = parse_number(m.group("num") + (tail or ""))
    high = parse_number(m.group("num2") + (tail or "")) if m.group("num2") else low
    value = (low + high) / 2 if m.group("num2") else low
    if quantity == "multiple" and unit == "番":
        base = "番"
    text = m.string[start:end]
    return Mention(
        start, end, text, value, low, high, unit, quantity, base,
        value * factor if base or quantity == "other" else math.nan,
        qualifier="|".join(dict.fromkeys(quals)),
    )  # fmt: skip


def quantity_mentions(sentence: str, reserved: list[Mention]) -> list[Mention]:
    """Return the quantities in ``sentence`` outside the ``reserved`` spans (no context yet).

    >>> [(m.text, m.value, m.unit) for m in quantity_mentions("规上工业产值1362.69亿元", [])]
    [('1362.69亿元', 1362.69, '亿元')]
    """
    masked = _mask(sentence, reserved)
    out = []
    for m in RE_QUANTITY.finditer(masked):
        q = _quantity(m, masked)
        if q is not None:
            out.append(q)
    return out


# ---------------------------------------------------------------------------------------
# Context: kind, direction, metric, period, status
# ---------------------------------------------------------------------------------------
def clause_start(sentence: str, pos: int) -> int:
    """Return the offset where the clause holding ``pos`` starts (after ，；。： …).

    >>> clause_start("收入145.5亿元，增长0.5%", 13)
    10
    """
    starts = [m.end() for m in RE_CLAUSE_END.finditer(sentence, 0, pos)]
    return starts[-1] if starts else 0


def last_cue(window: str) -> tuple[str, str, int]:
    """Return (word, role, direction) of the cue nearest the end of ``window``.

    >>> last_cue("压减一般性财政支出")
    ('压减', 'change', -1)
    >>> last_cue("减免社保")
    ('减免', 'neutral', 0)
    """
    cues = [(c.group(0), *CUE_ROLE[c.group(0)]) for c in RE_CUE.finditer(window)]
    cues = [c for c in cues if c[1] in ("change", "level_to", "neutral", "rank")]
    return cues[-1] if cues else ("", "", 0)


def kind_of(mention: Mention, window: str) -> tuple[str, int]:
    """Return (kind, direction) of a quantity from the clause text before it.

    >>> kind_of(Mention(0, 4, "0.5%", unit="%", quantity="percent"), "逆势增长")
    ('change', 1)
    >>> kind_of(Mention(0, 5, "29.1%", unit="%", quantity="percent"), "占规上工业总产值比重达到")
    ('share', 0)
    """
    if mention.quantity in ("identifier", "date"):
        return "", 0
    if mention.quantity == "rank":
        return "rank", 0
    word, role, direction = last_cue(window)
    if role == "change":
        return "change", direction
    if role == "level_to":
        return "level", direction
    if mention.unit.endswith("倍") and (re.search(r"是[^，。；]*的$", window) or "相当于" in window):
        return "ratio", 0
    if mention.quantity == "percent" and re.search(r"比重|占比|比例|份额|率|占|强度", window):
        return "share", 0
    if mention.unit.endswith("倍") and role != "neutral":
        return "ratio", 0
    return "level", 0


def trim_metric(phrase: str) -> str:
    """Strip connectors, verbs and adverbs from both ends of a subject phrase.

    >>> trim_metric("实现地方财政收入")
    '地方财政收入'
    >>> trim_metric("，其中同比增长")
    ''
    """
    strip_roles = ("change", "level_to", "rank", "planned", "achieved", "trim")
    prev = None
    while phrase != prev:
        prev = phrase
        phrase = RE_EDGE_PUNCT.sub("", phrase)
        p = RE_PERIOD.match(phrase)
        if p:
            phrase = phrase[p.end() :]
        for c in RE_CUE.finditer(phrase):
            if c.start() == 0 and CUE_ROLE[c.group(0)][0] in strip_roles:
                phrase = phrase[c.end() :]
            break
        for c in reversed(list(RE_CUE.finditer(phrase))):
            if c.end() == len(phrase) and CUE_ROLE[c.group(0)][0] in strip_roles:
                phrase = phrase[: c.start()]
            break
    return phrase


def metric_phrase(window: str) -> str:
    """Return the subject of a number from the clause text before it.

    The text is split at the verb nearest the number: what stands before it is the subject
    (合同外资|同比增长, 增速|位居全市); if nothing does, the verb's object is
    (压减|一般性财政支出).

    >>> metric_phrase("增速位居全市"), metric_phrase("压减一般性财政支出")
    ('增速', '一般性财政支出')
    """
    cues = [c for c in RE_CUE.finditer(window) if CUE_ROLE[c.group(0)][0] in ("change", "level_to", "rank")]
    if not cues:
        return trim_metric(window)
    raw_before = RE_EDGE_PUNCT.sub("", window[: cues[-1].start()])
    before = trim_metric(raw_before)
    if CUE_ROLE[cues[-1].group(0)][0] == "rank":  # 增速|位居全市: what follows is the scope
        return before or raw_before
    return before or trim_metric(window[cues[-1].end() :])


def _only_cues(phrase: str) -> bool:
    return RE_CUE.sub("", phrase).strip() == ""


def _status_hint(window: str, kind: str) -> str:
    if RE_PLANNED_CUE.search(window) and any(
        CUE_ROLE[c.group(0)][0] == "planned" for c in RE_CUE.finditer(window)
    ):
        return "planned"
    roles = {CUE_ROLE[c.group(0)][0] for c in RE_CUE.finditer(window)}
    if "achieved" in roles or kind == "change":
        return "achieved"
    return ""


def with_context(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """Fill kind, direction, metric, period, status and 力争 for quantities in ``sentence``.

    ``mentions`` are all mentions of the sentence in order; identifiers and dates only
    get a period. A quantity whose clause names no subject (``逆势增长0.5%``) takes the
    metric of the previous quantity in the sentence; one following ``、``/``和`` in the same
    clause also takes its kind and direction (``分别增长17.8%、15.5%``).
    """
    out: list[Mention] = []
    prev: Mention | None = None  # previous quantity in the sentence
    consumed = 0  # end of the previous quantity's trailing noun
    for m in mentions:
        period = _period(sentence, m.start)
        if m.quantity in ("identifier", "date"):
            out.append(replace(m, period=period))
            continue
        cs = clause_start(sentence, m.start)
        same_clause = prev is not None and prev.end > cs
        seg_start = max(cs, consumed if same_clause else cs)
        window = sentence[seg_start : m.start]
        clause_window = sentence[cs : m.start]
        kind, direction = kind_of(m, window if same_clause else clause_window)
        if same_clause and RE_LIST_GAP.match(window.strip()) and prev.kind:
            kind, direction = prev.kind, prev.direction
        after = _after_noun(sentence, m) if m.quantity in ("count", "area", "length") else ""
        metric = metric_phrase(window)
        if not metric and prev is None and cs > 0:  # 今年经济增长速度的目标，定为百分之八
            metric = metric_phrase(sentence[clause_start(sentence, cs - 1) : cs - 1])
        if (_only_cues(metric) and kind != "rank") or (after and len(metric) <= 3):
            metric = ""
        consumed = m.end
        if not metric and after:
            metric, consumed = after, m.end + len(after)
        elif not metric and prev is not None:
            metric = prev.metric
        quals = [q for q in m.qualifier.split("|") if q]
        if "力争" in clause_window and "力争" not in quals:
            quals.insert(0, "力争")
        status = _status_hint(clause_window, kind)
        m = replace(
            m, kind=kind, direction=direction, metric=metric, period=period,
            qualifier="|".join(quals), status=status,
        )  # fmt: skip
        out.append(m)
        prev = m
    return out


def _after_noun(sentence: str, m: Mention) -> str:
    """The noun right after a counted quantity: 新增4家发热门诊 → 发热门诊."""
    a = RE_AFTER_NOUN.match(sentence[m.end :])
    if not a:
        return ""
    noun = a.group(0)
    for c in RE_CUE.finditer(noun):
        if c.start() > 0 and CUE_ROLE[c.group(0)][0] in ("change", "level_to", "rank", "achieved", "planned"):
            noun = noun[: c.start()]
            break
    if not RE_CJK.match(noun) or _only_cues(noun[:2]):
        return ""
    return noun


def _period(sentence: str, pos: int) -> str:
    """The last period expression (2025年, 上半年, 年均, “十四五”时期) before ``pos``."""
    found = list(RE_PERIOD.finditer(sentence, 0, pos))
    return found[-1].group(0) if found else ""


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
    if not isinstance(sentence, str) or not sentence:
        return []
    return list(_mentions(sentence))


@lru_cache(maxsize=4096)
def _mentions(sentence: str) -> tuple[Mention, ...]:
    """:func:`find_mentions` of one sentence, memoised: :func:`metrics_table` reads every
    sentence of a document and :mod:`analysis.targets` reads many of them again (a
    Mention is frozen, so the cached ones can be shared)."""
    if not RE_ANY_NUMERAL.search(sentence):
        return ()
    reserved = reserved_mentions(sentence)
    mentions = sorted(reserved + quantity_mentions(sentence, reserved), key=lambda m: m.start)
    return tuple(with_context(sentence, mentions))


# ---------------------------------------------------------------------------------------
# Document level
# ---------------------------------------------------------------------------------------
#: Columns of :func:`metrics_table`, in order, with dtypes.
METRIC_COLUMNS = {
    "doc_id": "string",
    "part": "string",
    "section": "string",
    "paragraph_id": "int64",
    "sentence_id": "int64",
    "sentence": "string",
    "start": "int64",
    "end": "int64",
    "raw_start": "int64",
    "raw_end": "int64",
    "text": "string",
    "value": "float64",
    "low": "float64",
    "high": "float64",
    "unit": "string",
    "quantity": "string",
    "base_unit": "string",
    "value_base": "float64",
    "kind": "string",
    "direction": "int64",
    "qualifier": "string",
    "metric": "string",
    "period": "string",
    "status": "string",
}


def heading_status(part: str, section: str) -> str:
    """Return ``planned``/``achieved`` from the innermost heading that says which, else "".

    >>> heading_status("第二方面：关于下半年工作的主要打算", "")
    'planned'
    >>> heading_status("一、2024年工作回顾", "一、2024年工作回顾 > （一）稳增长")
    'achieved'
    """
    headings = [h for h in (section or "").split(" > ") if h][::-1] + [part or ""]
    for h in headings:
        if any(w in h for w in HEADING_CUES["heading_planned"]):
            return "planned"
        if any(w in h for w in HEADING_CUES["heading_achieved"]):
            return "achieved"
    return ""


def resolve_status(sentence_status: str, heading: str) -> str:
    """Combine the status read in the sentence with the one its heading implies.

    A planning word in the sentence (力争, 确保 …) wins; then the heading; then the verb.

    >>> resolve_status("achieved", "planned"), resolve_status("planned", "achieved")
    ('planned', 'planned')
    """
    if sentence_status == "planned":
        return "planned"
    return heading or sentence_status


def empty_metrics() -> pd.DataFrame:
    """Return an empty metrics table with the full schema.

    >>> empty_metrics().shape
    (0, 24)
    """
    return typed_frame([], METRIC_COLUMNS)


def metrics_table(doc) -> pd.DataFrame:
    """Return one row per numeric mention in ``doc`` (a :class:`analysis.document.Document`).

    Schema (:data:`METRIC_COLUMNS`):

    ============  =======  ================================================================
    column        dtype    meaning
    ============  =======  ================================================================
    doc_id        string   document identifier
    part          string   top-level part heading of the sentence
    section       string   heading path of the sentence
    paragraph_id  int64    paragraph of the sentence
    sentence_id   int64    sentence of the mention
    sentence      string   the sentence text
    start, end    int64    offsets of the mention in ``Document.text`` (end exclusive)
    raw_start,    int64    the same span in ``Document.raw_text`` (``Document.raw_span``)
    raw_end
    text          string   the mention as written, qualifiers included (``10%以上``)
    value         float64  number in the written unit (1.18万个 → 1.18); a range's midpoint;
                           NaN for identifiers and dates
    low, high     float64  range bounds (4.5%—5% → 4.5, 5); both == value for one number
    unit          string   unit as written with its magnitude (亿元, %, 个百分点, 万人次)
    quantity      string   money, percent, percentage_point, count, area, length, mass,
                           energy, power, volume, duration, multiple, rank, date,
                           identifier, other
    base_unit     string   unit of value_base (元, 平方米, 千克, 天, 人次 …; see units.tsv)
    value_base    float64  value in base_unit (145.5亿元 → 1.455e10 元)
    kind          string   level, change, share, rank, ratio ("" for identifier/date)
    direction     int64    +1 增长/提高/增加, -1 下降/降低/减少/压减, 0 otherwise
    qualifier     string   左右, 以上, 以下, 以内, 约, 近, 超过, 突破, 多, 力争 (joined by |)
    metric        string   subject noun phrase (地方财政收入); "" when none is written
    period        string   period stated before the mention (上半年, 2025年, 年均)
    status        string   planned / achieved / "" (sentence words, then headings)
    ============  =======  ================================================================

    >>> import numpy as np, pandas as pd
    >>> from analysis.document import Document
    >>> text = "合同外资同比增长144%"
    >>> sents = pd.DataFrame({"doc_id": ["d"], "part": [""], "section": [""],
    ...     "paragraph_id": [0], "sentence_id": [0], "start": [0], "end": [len(text)],
    ...     "sentence": [text]})
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...     sentences=sents)
    >>> metrics_table(doc)[["text", "value", "kind", "direction", "metric"]].values.tolist()
    [['144%', 144.0, 'change', 1, '合同外资']]
    """
    sentences = getattr(doc, "sentences", None)
    if sentences is None or len(sentences) == 0:
        return empty_metrics()
    keys = ("doc_id", "part", "section", "paragraph_id", "sentence_id", "start", "sentence")
    rows = []
    for doc_id, part, section, paragraph_id, sentence_id, offset, sentence in zip(
        *(sentences[c].tolist() for c in keys)  # column lists: no row iteration over pandas
    ):
        mentions = find_mentions(sentence)
        if not mentions:
            continue
        hs = heading_status(part, section)
        for m in mentions:
            start, end = int(offset) + m.start, int(offset) + m.end
            raw_start, raw_end = doc.raw_span(start, end)
            rows.append((
                doc_id, part, section, paragraph_id, sentence_id, sentence, start, end, raw_start, raw_end,
                m.text, m.value, m.low, m.high, m.unit, m.quantity, m.base_unit, m.value_base, m.kind,
                m.direction, m.qualifier, m.metric, m.period,
                resolve_status(m.status, hs) if m.kind else m.status,
            ))  # fmt: skip
    if not rows:
        return empty_metrics()
    return typed_frame(rows, METRIC_COLUMNS)
