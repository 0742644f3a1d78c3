"""What period a figure in a report's review belongs to (:mod:`analysis.extract.outcomes`):
the period written with the number (:func:`scope_of`: 2025年 → last year, 年均 → the plan
period), the last cue before it in its sentence (:func:`_nearest_cue`), or the *frame* the
sentence is written in (:func:`frames`: 刚刚过去的2025年，… / 五年来，… hold until the next
frame in the part; 今年, 今后 and the plan ahead open a frame about the future,
:func:`future_cue`).
"""

from __future__ import annotations

import re

from analysis.extract.metrics import PLAN_NUMERAL

#: Period cues. A *frame* opens a sentence and holds until the next one in the same part
#: (刚刚过去的2025年，… / 五年来，… / “十四五”时期是…); a *local* cue stands in the sentence
#: before the figure (年均增长, 累计, 比上年).
RE_FRAME_PLAN = re.compile(r"五年来|过去五年|这五年|今后五年|五年间|“?十[一二三四五六七八九]五”?(?:时期|期间|以来)|[“”][六七八九]五”?(?:时期|期间)")
RE_FRAME_LAST = re.compile(r"过去一年|一年来|去年|刚刚过去的一年|上年")
#: (连续五年增产 counts years in a row: no period.)
RE_LOCAL_PLAN = re.compile(r"年均|平均每年|累计|(?<!连续)五年|十[一二三四五六七八九]五”?(?:时期|期间)|[“”][六七八九]五”?(?:时期|期间)")
RE_LOCAL_LAST = re.compile(r"过去一年|一年来|去年|上年|全年")
#: A span of a few years (这两年中, 三年来, 近两年): its figures are no single year's, nor a plan's.
#: (Not the last digit of a year in numerals: 一九八二年中央….)
RE_FRAME_SPAN = re.compile(r"(?:这|近|过去|最近)[两二三四]年|(?<![〇○零一二三四五六七八九十百\d])[两二三四]年(?:来|中|间|里)")
#: Frame cues count at the head of a sentence only (the first characters), after an address.
FRAME_HEAD = 14
RE_ADDRESS = re.compile(r"^(?:各位代表|同志们|代表们)[，,：:！!]")
#: Period text written with the number (metrics ``period``): plan words and other spans.
RE_PLAN_CUE = re.compile(r"十[一二三四五六七八九]五|[“”][六七八九]五|五年|年均|平均每年|累计|期间|时期")
RE_LAST_CUE = re.compile(r"过去一年|去年|一年来|上年(?!同期)|全年|本年")
#: A period written with the number that is neither last year nor a plan period.
RE_OTHER_PERIOD = re.compile(r"上半年|下半年|季度|今年|明年|年末|年底|月")
RE_YEAR = re.compile(r"((?:19|20)\d\d)年")


def scope_of(period: str, year: int | None) -> str:
    """Return ``last_year``, ``plan_period``, ``other`` or "" (no cue) for a period text.

    ``year`` is the outcome year (the report's year − 1), or None when unknown.

    >>> scope_of("2025年", 2025), scope_of("2024年", 2025), scope_of("年均", 2025)
    ('last_year', 'other', 'plan_period')
    >>> scope_of("过去一年", None), scope_of("上半年", 2025), scope_of("", 2025)
    ('last_year', 'other', '')
    """
    if not period:
        return ""
    if RE_PLAN_CUE.search(period):
        return "plan_period"
    years = {int(y) for y in RE_YEAR.findall(period)}
    if years:
        if len(years) > 1:
            return "plan_period"  # 2021—2025年
        if year is not None and years != {year}:
            return "other"
        return "other" if RE_OTHER_PERIOD.search(RE_YEAR.sub("", period)) else "last_year"
    if RE_LAST_CUE.search(period):
        return "last_year"
    if RE_OTHER_PERIOD.search(period):
        return "other"
    return ""


def _nearest_cue(text: str, year: int | None, plan_rx, last_rx, *, first: bool = False) -> tuple[str, str]:
    """The scope and wording of the last (or, with ``first``, the first) cue in ``text``:
    ``plan_rx`` → plan_period; ``last_rx`` or the outcome year (``2025年``) → last_year."""
    found = [(m.start(), "plan_period", m.group(0)) for m in plan_rx.finditer(text)]
    found += [(m.start(), "last_year", m.group(0)) for m in last_rx.finditer(text)]
    if year:
        found += [(m.start(), "last_year", m.group(0)) for m in re.finditer(rf"{year}年(?![—-]|底|末)", text)]
    if not found:
        return "", ""
    _, scope, cue = min(found) if first else max(found)
    return scope, cue


def future_cue(report_year: int | None) -> re.Pattern:
    """Return the pattern of words that open a passage about the report's own year or later:
    今年, 今后, 明年, the report year, and the five-year plan that starts in it.

    >>> bool(future_cue(2026).search("“十五五”时期主要目标")), bool(future_cue(2023).search("十四五"))
    (True, False)
    """
    words = [r"今年", r"今后", r"明年"]
    if report_year:
        words.append(rf"{report_year}年")
        n, first = divmod(report_year - 1981, 5)
        if report_year >= 1981 and first == 0 and n + 6 in PLAN_NUMERAL:
            words.append(rf"{PLAN_NUMERAL[n + 6]}五")
    return re.compile("|".join(words))


def frames(text: list[str], part: list[str], year: int | None) -> list[tuple[str, str]]:
    """Return the frame ``(scope, cue)`` each sentence is written in ("" when none is known).

    A part starts in the frame its heading names first (``一、2025年和“十四五”时期工作回顾``
    → last year; ``一、“十四五”时期工作回顾`` → the plan period; a heading naming no period
    keeps the frame before it); a sentence that opens with a frame cue (``刚刚过去的2025年，``,
    ``五年来，``) changes it for itself and the sentences after it in the part, unless the cue
    describes a noun (``对今后的改革``: that sentence only). Words of the
    report's own year or later (今年, 今后, 2026年, “十五五”) and a span of a few years (这两年中)
    open the frame ``other``.

    >>> frames(["五年来，经济年均增长5%。", "就业稳定。", "各位代表，刚刚过去的2025年，经济增长5.4%。",
    ...         "今后五年，经济年均增长5%。"], ["一、工作回顾"] * 4, 2025)[1:]
    [('plan_period', '五年来'), ('last_year', '2025年'), ('other', '今后')]
    """
    future = future_cue(year + 1 if year else None)
    # any cue at all: most sentence heads have none, and are passed over by one search
    other = re.compile(f"{future.pattern}|{RE_FRAME_SPAN.pattern}")  # the future, or a span of a few years
    any_cue = re.compile("|".join([RE_FRAME_PLAN.pattern, RE_FRAME_LAST.pattern, other.pattern]
                                  + ([rf"{year}年"] if year else [])))

    def cue_of(t: str) -> tuple[str, str]:
        if not any_cue.search(t):
            return "", ""
        found = _nearest_cue(t, year, RE_FRAME_PLAN, RE_FRAME_LAST, first=True)
        f = other.search(t)
        if f and (not found[0] or f.start() <= t.find(found[1])):
            return "other", f.group(0)
        return found

    out, current, last_part = [], ("", ""), None
    for sentence, heading in zip(text, part):
        if heading != last_part:
            last_part = heading
            named = cue_of(heading or "")
            if not named[0] and year and f"{year}年" in (heading or ""):
                named = ("last_year", f"{year}年")
            current = named if named[0] else current
        head = RE_ADDRESS.sub("", sentence)[:FRAME_HEAD]
        opened = cue_of(head)
        if opened[0] and _modifies_a_noun(head, opened[1]):
            out.append(opened)  # 对今后的改革…: of this sentence only, no frame for those after it
            continue
        if opened[0]:
            current = opened
        out.append(current)
    return out


def _modifies_a_noun(head: str, cue: str) -> bool:
    """Whether the period word ``cue`` is followed by 的 in ``head``: it describes a noun
    (今后的改革, 去年的基础上), it does not set the time of what the report says next.

    >>> _modifies_a_noun("这几项重大改革，对今后的改革", "今后"), _modifies_a_noun("今后五年，经济", "今后五年")
    (True, False)
    """
    at = head.find(cue)
    return at >= 0 and head.startswith("的", at + len(cue))
