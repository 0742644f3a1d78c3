"""Units of measure after numbers, and the plausible range of each quantity.

* :data:`UNIT_INFO` maps a written unit of ``data/units.tsv`` to (quantity, base unit,
  factor); :data:`MAGNITUDE_ONLY_UNITS` are those written only after 万/亿 (``10亿方``).
* :func:`counter_at` reads a measure word the lexicon lacks (``3座``, ``12轮``-like words
  not listed): a single character that jieba's dictionary tags as a measure word (量词,
  POS ``q``) — jieba's word list is the well-kept source; this module only reads it.
* :func:`plausible` checks a value in its base unit against ``data/plausible_ranges.tsv``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.lexicons import DOTS, load_lexicon, unit_forms  # noqa: F401 (DOTS: callers look in units)


def read_lexicon(name: str) -> pd.DataFrame:
    """Return the lexicon ``analysis/data/<name>.tsv`` as a DataFrame of strings.

    Lines starting with ``#`` are the header naming the source; reading is
    :func:`analysis.lexicons.load_lexicon`'s.

    >>> read_lexicon("units").columns.tolist()
    ['unit', 'quantity', 'base_unit', 'factor', 'after']
    """
    return load_lexicon(f"{name}.tsv", columns=()).drop(columns="line").astype(object)


UNITS = read_lexicon("units")
UNIT_INFO: dict[str, tuple[str, str, float]] = {
    form: (r.quantity, r.base_unit, float(r.factor)) for r in UNITS.itertuples(index=False) for form in unit_forms(r.unit)
}
#: Units that follow only a magnitude: 10亿方 is a volume, 3.0方案 and 三方 are not.
MAGNITUDE_ONLY_UNITS = frozenset(form for r in UNITS.itertuples(index=False) if r.after == "magnitude" for form in unit_forms(r.unit))
#: Units that start with a numeral character (千瓦, 千克, 千公顷 …): after a number that
#: character is the unit's, not the numeral's (2705万千瓦 is 2705万 千瓦, not 2705万千 瓦).
NUMERAL_LED_UNITS = tuple(u for u in UNIT_INFO if u[0] in "十百千")

RANGES = read_lexicon("plausible_ranges")
#: (quantity, base_unit) → (low, high) of a value_base; base_unit "*" stands for any.
RANGE_OF: dict[tuple[str, str], tuple[float, float]] = {
    (r.quantity, r.base_unit): (float(r.low), float(r.high)) for r in RANGES.itertuples(index=False)
}


@lru_cache(maxsize=1)
def jieba_pos() -> dict[str, str]:
    """Return the part of speech of each one- or two-character word of jieba's dictionary,
    and of its three-character words that open with a numeral (三轮车: a name, not 3 轮).

    >>> jieba_pos()["座"], jieba_pos()["降水"], jieba_pos()["三轮车"]
    ('q', 'n', 'n')
    """
    import importlib.util  # jieba is found, not imported (its import takes ~0.1 s)

    out = {}
    with open(Path(importlib.util.find_spec("jieba").origin).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and (len(parts[0]) <= 2 or (len(parts[0]) == 3 and parts[0][0] in _NUMERAL_CHARS)):
                out[parts[0]] = parts[2]
    return out


_NUMERAL_CHARS = frozenset("一二两三四五六七八九十百千万")


@lru_cache(maxsize=1)
def jieba_counters() -> frozenset[str]:
    """Return the one-character measure words (POS ``q``) of jieba's dictionary.

    >>> {"座", "株", "盏"} <= jieba_counters(), "大" in jieba_counters()
    (True, False)
    """
    return frozenset(w for w, pos in jieba_pos().items() if pos == "q" and len(w) == 1)


def counter_at(text: str, pos: int) -> str:
    """Return the measure word the unit lexicon lacks at ``text[pos]``, else "".

    >>> counter_at("新建3座泵站", 3), counter_at("发布500强榜单", 5)
    ('座', '')
    """
    c = text[pos : pos + 1]
    return c if c and c in jieba_counters() else ""


def plausible(quantity: str, kind: str, direction: int, base_unit: str, value_base: float) -> bool:
    """True when ``value_base`` lies in the documented range of its quantity (or has none).

    A change in percent may exceed 100 % (growth of 144 %) but not fall below −100 %;
    a share or a level in percent lies in 0–100 %. See ``data/plausible_ranges.tsv``.

    >>> plausible("percent", "share", 0, "%", 29.1), plausible("percent", "share", 0, "%", 130)
    (True, False)
    >>> plausible("percent", "change", 1, "%", 144), plausible("percent", "change", -1, "%", 144)
    (True, False)
    >>> plausible("money", "level", 0, "元", 3e16), plausible("percent", "change", 1, "%", -2.1)
    (False, True)
    """
    if value_base is None or math.isnan(value_base):
        return True
    if kind == "change" and value_base < 0:  # 增长-2.1%: a change written negative goes the other way
        direction, value_base = -direction or -1, -value_base
    if quantity == "percent":
        if kind == "ratio":
            quantity = "percent_ratio"
        elif kind != "change":
            quantity = "percent_share"
        else:
            quantity = "percent_fall" if direction < 0 else "percent_change"
    rng = RANGE_OF.get((quantity, base_unit)) or RANGE_OF.get((quantity, "*"))
    if rng is None:
        return True
    low, high = rng
    return low <= value_base <= high
