"""Proportions in a sentence: fractions (1/4, 三分之一 → 25 %, 33.3 %; unit 分之), halves (减半,
一半, 过半 → 50 %), the parts of a structure summing to 100 (三次产业结构 4.0∶37.7∶58.3 → each a
share in %) and ratios (2.31:1 → 2.31; unit 比). Called by
:func:`analysis.extract.numbers.find_mentions` before the quantities, whose figures they hold.
"""

from __future__ import annotations

import math

from analysis.extract.mention import MentionRow, mask, without_overlaps
from analysis.extract.number_patterns import (
    HALF_QUALIFIER,
    QUALIFIER,
    RE_FRACTION,
    RE_HALF,
    RE_PROPORTION_MARK,
    RE_RATIO,
    RE_STRUCTURE,
    RE_STRUCTURE_PART,
    STRUCTURE_SUM_TOLERANCE,
)
from analysis.extract.numerals import parse_number


def proportion_mentions(sentence: str, reserved: list[MentionRow]) -> list[MentionRow]:
    """Fractions (1/4 → 25 %, unit 分之; halves: 减半, 一半 → 50 %) and ratios (2.31:1 → 2.31,
    unit 比) outside ``reserved``."""
    if not RE_PROPORTION_MARK.search(sentence):
        return []
    masked = mask(sentence, reserved)
    found = []
    for m in RE_FRACTION.finditer(masked):
        if m.group("a") is not None:
            a, b = float(m.group("a")), float(m.group("b"))
        else:
            a, b = parse_number(m.group("ca")), parse_number(m.group("cb"))
        if not b or math.isnan(a) or math.isnan(b):
            continue
        quals = [QUALIFIER[(m.group("pre"), "prefix")]] if m.group("pre") else []
        quals += [QUALIFIER[(m.group("suf"), "suffix")]] if m.group("suf") else []
        v = a / b * 100
        q = "|".join(quals)
        found.append(MentionRow(m.start(), m.end(), m.group(0), v, v, v, "分之", "percent", "%", v, "", 0, q, "", "", ""))
    for m in RE_HALF.finditer(masked):  # 减半征收, 减少一半, 过半数
        quals = [QUALIFIER[(m.group("pre"), "prefix")]] if m.group("pre") else []
        quals += [HALF_QUALIFIER.get(m.group("half"), "")]
        quals += [QUALIFIER[(m.group("suf"), "suffix")]] if m.group("suf") else []
        q = "|".join(dict.fromkeys(x for x in quals if x))
        found.append(MentionRow(m.start(), m.end(), m.group(0), 50.0, 50.0, 50.0, "分之", "percent", "%", 50.0, "", 0, q, "", "", ""))
    for m in RE_STRUCTURE.finditer(masked):  # 三次产业结构 4.0∶37.7∶58.3: shares summing to 100
        parts = list(RE_STRUCTURE_PART.finditer(masked, m.start(), m.end()))
        if abs(sum(float(p.group()) for p in parts) - 100) <= STRUCTURE_SUM_TOLERANCE:
            for p in parts:
                v = float(p.group())
                found.append(MentionRow(p.start(), p.end(), p.group(), v, v, v, "%", "percent", "%", v, "", 0, "", "", "", ""))
    for m in RE_RATIO.finditer(masked):
        a, b = float(m.group("a")), float(m.group("b"))
        if b:
            v, q = a / b, QUALIFIER[(m.group("suf"), "suffix")] if m.group("suf") else ""
            found.append(MentionRow(m.start(), m.end(), m.group(0), v, v, v, "比", "multiple", "倍", v, "", 0, q, "", "", ""))
    return without_overlaps(found) if len(found) > 1 else found
