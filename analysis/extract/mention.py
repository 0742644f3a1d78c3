"""A numeric mention in a sentence: the record the number modules pass around.

:class:`Mention` is what the public functions of :mod:`analysis.extract.numbers` return;
:data:`MentionRow` is the same record as a named tuple, how mentions travel between
:mod:`analysis.extract.numbers` and :mod:`analysis.extract.context` (built several times faster).
"""

from __future__ import annotations

import math
from collections import namedtuple
from dataclasses import dataclass, fields

QUANTITIES = (
    "money", "percent", "percentage_point", "count", "area", "length", "mass", "energy",
    "power", "volume", "mass_rate", "volume_rate", "duration", "multiple", "rank", "date",
    "identifier", "other",
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


#: A Mention as a named tuple with the same fields: how mentions travel inside the package
#: (built several times faster than the frozen dataclass); the public functions return
#: :class:`Mention` (``Mention(*row)``).
MentionRow = namedtuple("MentionRow", [f.name for f in fields(Mention)])


def without_overlaps(mentions: list[MentionRow]) -> list[MentionRow]:
    """Keep the earliest-found mention wherever two overlap; return them sorted by start."""
    kept: list[MentionRow] = []
    for m in mentions:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def mask(sentence: str, mentions: list) -> str:
    """``sentence`` with the characters of ``mentions`` replaced by NUL (no pattern matches there)."""
    if not mentions:
        return sentence
    chars = list(sentence)
    for m in mentions:
        chars[m.start : m.end] = "\x00" * (m.end - m.start)
    return "".join(chars)
