"""Reading numerals: the value of an Arabic, Chinese or mixed numeral (:func:`parse_number`:
``145.5``, ``十一点八``, ``七亿七千万``) and of an approximate one (:func:`approximate_range`:
``两三``, ``十几``). The characters and their values are ``data/numerals.tsv``. The grammar
of a whole figure (qualifiers, ranges, units) is :mod:`analysis.extract.numbers`.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from analysis.extract.clause_patterns import CN_DIGITS
from analysis.extract.units import read_lexicon

#: The numeral characters (digits, 十百千, magnitudes 万亿) and their values.
NUMERALS = read_lexicon("numerals")

CN_VALUE = {r.char: int(r.value) for r in NUMERALS.itertuples(index=False) if r.role != "magnitude"}

MAGNITUDE = {r.char: float(r.value) for r in NUMERALS.itertuples(index=False) if r.role == "magnitude"}

#: A numeral's tokens: an Arabic number, a Chinese decimal part (点五), or one character.
RE_NUMERAL_TOKEN = re.compile(rf"\d+(?:\.\d+)?|点[{CN_DIGITS}]+|.")


@lru_cache(maxsize=1 << 16)
def parse_number(s: str) -> float:
    """Return the value of an Arabic, Chinese or mixed numeral; NaN if unreadable.

    >>> parse_number("145.5"), parse_number("十一点八"), parse_number("两千零五")
    (145.5, 11.8, 2005.0)
    >>> parse_number("六十点三"), parse_number("十点五"), parse_number("二十点零五"), parse_number("点五")
    (60.3, 10.5, 20.05, nan)
    >>> parse_number("1万6千"), parse_number("七亿七千万"), parse_number("十四五")
    (16000.0, 770000000.0, nan)
    >>> parse_number("零点八"), parse_number("一千零八"), parse_number("零两"), parse_number("零")
    (0.8, 1008.0, 2.0, 0.0)
    """
    total = section = 0.0
    number: float | None = None
    tokens = RE_NUMERAL_TOKEN.findall(s or "")
    for i, tok in enumerate(tokens):
        v = CN_VALUE.get(tok)
        if tok[0].isdigit() or (v is not None and v < 10):
            if number is not None:  # two literals in a row (十四五, 3三): not a numeral
                return math.nan
            try:
                # 零 holds a place (两千零五, 一年零两个月) but opens a decimal (零点八 = 0.8)
                opens = v == 0 and tokens[i + 1 : i + 2] and tokens[i + 1].startswith("点")
                number = float(tok) if tok[0].isdigit() else (None if v == 0 and not opens else float(v))
            except (ValueError, OverflowError):
                return math.nan
        elif tok.startswith("点"):
            if number is None and not (section or total):
                return math.nan
            # 六十点三: the integer part may end in 十, 百 or 千, leaving no digit to add to
            number = (number or 0.0) + float("0." + "".join(str(CN_VALUE[c]) for c in tok[1:]))
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


#: Two neighbouring digits that say "about this or that" (三四个, 七八成, 两三百亿元, 三五年).
_APPROX_PAIRS = re.compile(r"一二|一两|两三|二三|三四|四五|五六|六七|七八|八九|三五")


def approximate_range(s: str) -> tuple[float, float] | None:
    """(low, high) of a numeral with two neighbouring digits for an approximate number
    (概数), else None: the numeral read with the first digit, then with the second.

    >>> approximate_range("三四"), approximate_range("二三十"), approximate_range("两三百")
    ((3.0, 4.0), (20.0, 30.0), (200.0, 300.0))
    >>> approximate_range("十七八"), approximate_range("一九九八"), approximate_range("五")
    ((17.0, 18.0), None, None)
    >>> approximate_range("十几"), approximate_range("一百几十")
    ((11.0, 19.0), (110.0, 190.0))
    """
    if "几" in s[1:] and s.count("几") == 1:  # 十几 (11-19), 一百几十 (110-190)
        low, high = parse_number(s.replace("几", "一")), parse_number(s.replace("几", "九"))
        return (low, high) if low < high else None
    m = _APPROX_PAIRS.search(s)
    if not m or _APPROX_PAIRS.search(s, m.end()):
        return None
    low = parse_number(s[: m.start()] + m.group()[0] + s[m.end() :])
    high = parse_number(s[: m.start()] + m.group()[1] + s[m.end() :])
    return (low, high) if low < high else None
