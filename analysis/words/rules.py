"""The rules applied before jieba (see :mod:`analysis.words`): spaces near CJK ignored, placeholders and enumerators dropped, numbers with their units and numbered slogans kept whole."""

from __future__ import annotations

import re

from analysis.lexicons import (
    load_lexicon,
    unit_forms,
)

_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_CJK_OR_PUNCT = _CJK + "\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"

_NUMERALS = "一二两三四五六七八九十百千"

#: Magnitudes written between a number and its unit (numerals.tsv, role "magnitude").
_MAGNITUDES = sorted(
    (r.char for r in load_lexicon("numerals.tsv", columns=("char", "role")).itertuples() if r.role == "magnitude"),
    key=lambda u: (-len(u), u),  # longest first; a fixed order keeps rules_sha256 stable
)

#: Units written after numbers: those of units.tsv (shared with analysis.extract.numbers; not those
#: written only after 万/亿, such as 方: 3.0方案) plus a few counters that name things
#: rather than quantities (月/日 of dates, 号线, 期, 批, 级…).
_UNITS = sorted(
    {form for unit in load_lexicon("units.tsv", columns=("unit", "after")).query("after != 'magnitude'")["unit"]
     for form in unit_forms(unit)}  # 千瓦·时 with each middle dot (千瓦•时)
    | set("月 日 号线 号 期 批 级 届 轮 季度".split()),
    key=lambda u: (-len(u), u),  # longest first; a fixed order keeps rules_sha256 stable
)

#: Whitespace next to a CJK character or CJK punctuation: ignored when segmenting.
RE_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK_OR_PUNCT}])\s+|\s+(?=[{_CJK_OR_PUNCT}])")

#: Masked names (``xx``, ``XX``, ``××``, ``**``): not words.
RE_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:[xX]{2,}|[×＊*]{2,})(?![A-Za-z])")

#: List enumerators of headings and items: (三) （十二） 3) 二、 — not words.
RE_ENUMERATOR = re.compile(
    r"[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[)）]|(?<![^\s。；：])[一二三四五六七八九十]{1,3}、"
)

#: A quoted phrase starting with a numeral or digit, up to 8 characters: “六稳”, “两张网”.
RE_QUOTED_SLOGAN = re.compile(
    rf"(?<=[“‘「『])[{_NUMERALS}0-9][^“”‘’「」『』\s，。、；：！？（）《》]{{0,7}}(?=[”’」』])"
)

#: A five-year-plan period: 十三五, 十四五, 十五五 (not the 十五 of 二十五).
RE_PLAN_PERIOD = re.compile(r"(?<![一二三四五六七八九十百])十[一二三四五六七八九]五(?![一二三四五六七八九十])")

#: Unquoted numbered slogan ending at punctuation: 四个自信。 两个维护， 五大新城、
#: (only 个/大: after 张/项 an ordinary noun usually follows, as in 两张网建设, 三项试点)
RE_BARE_SLOGAN = re.compile(
    rf"(?<![{_NUMERALS}万第])[一二两三四五六七八九十]{{1,2}}[个大][{_CJK}]{{2,3}}"
    r"(?=[，。、；：！？”’」』）)]|$)"
)

#: A number with optional magnitude and unit: 23.4%, 145.5亿元, 1.18万个, 1,362户, 2020年.
RE_NUMBER_UNIT = re.compile(
    r"(?<![A-Za-z0-9.])\d+(?:,\d{3})*(?:\.\d+)?"
    r"(?:[%‰]|(?:多|余)?(?:" + "|".join(_MAGNITUDES) + r")?(?:" + "|".join(map(re.escape, _UNITS)) + r")?)"
    r"(?![A-Za-z])"
)

#: All protected spans, in priority order; the group name is the token kind.
RE_PROTECTED = re.compile(
    "|".join(
        f"(?P<{name}>{rx.pattern})"
        for name, rx in (
            ("placeholder", RE_PLACEHOLDER),
            ("enumerator", RE_ENUMERATOR),
            ("slogan", RE_QUOTED_SLOGAN),
            ("plan", RE_PLAN_PERIOD),
            ("bare_slogan", RE_BARE_SLOGAN),
            ("number", RE_NUMBER_UNIT),
        )
    )
)

# The two patterns below find exactly the matches of RE_SPACE_NEAR_CJK and RE_PROTECTED
# (same spans, same group names; tests/test_words.py compares them on the corpus and on
# random strings). They are rewritten so that the whole pattern starts with one character
# class, which lets the regex engine skip every character that cannot start a match
# instead of trying each alternative's look-behind there: about ten times faster. Each
# look-behind moves after the first character and grows by it, e.g. ``(?<![A-Za-z])x``
# becomes ``x(?<![A-Za-z]x)``; ``\d+`` after a consumed digit becomes ``\d*``.
_ENUM = "一二三四五六七八九十"  # numerals of RE_ENUMERATOR and RE_PLAN_PERIOD

_BARE = "一二两三四五六七八九十"  # numerals that start RE_BARE_SLOGAN

_MASK = "xX×＊*"  # characters of RE_PLACEHOLDER

#: RE_SPACE_NEAR_CJK, written to start with ``\s`` (same matches, for scanning).
RE_SPACE_NEAR_CJK_SCAN = re.compile(rf"\s(?:(?<=[{_CJK_OR_PUNCT}]\s)\s*|\s*(?=[{_CJK_OR_PUNCT}]))")

#: RE_PROTECTED, written to start with one character class (same matches and group
#: names, for scanning; RE_PROTECTED stays the documented rule and its hash).
RE_PROTECTED_SCAN = re.compile(
    rf"[{_MASK}（({_NUMERALS}\d](?:"
    rf"(?P<placeholder>(?<![A-Za-z][{_MASK}])(?:(?<=[xX])[xX]+|(?<=[×＊*])[×＊*]+)(?![A-Za-z]))"
    rf"|(?P<enumerator>(?<=[（(])(?:[{_ENUM}]{{1,3}}|\d{{1,2}})[)）]"
    rf"|(?<=[{_ENUM}])(?<![^\s。；：][{_ENUM}])[{_ENUM}]{{0,2}}、)"
    rf"|(?P<slogan>(?<=[“‘「『][{_NUMERALS}0-9])[^“”‘’「」『』\s，。、；：！？（）《》]{{0,7}}(?=[”’」』]))"
    rf"|(?P<plan>(?<=十)(?<![一二三四五六七八九十百]十)[一二三四五六七八九]五(?![{_ENUM}]))"
    rf"|(?P<bare_slogan>(?<=[{_BARE}])(?<![{_NUMERALS}万第][{_BARE}])[{_BARE}]?[个大][{_CJK}]{{2,3}}"
    r"(?=[，。、；：！？”’」』）)]|$))"
    r"|(?P<number>(?<=\d)(?<![A-Za-z0-9.]\d)\d*(?:,\d{3})*(?:\.\d+)?"
    r"(?:[%‰]|(?:多|余)?(?:" + "|".join(_MAGNITUDES) + r")?(?:" + "|".join(map(re.escape, _UNITS)) + r")?)"
    r"(?![A-Za-z]))"
    r")"
)

#: A token must contain at least one of these to be a word (drops punctuation, symbols).
RE_WORDLIKE = re.compile(rf"[0-9A-Za-z{_CJK}]")

#: A jieba token that is a number: digits (23.4, 30%), or Chinese numerals with an optional
#: magnitude and unit from units.tsv (三年, 二期, 一批, 两个).
RE_NUMBER_TOKEN = re.compile(
    r"[0-9][0-9.,%‰]*|[零〇一二两三四五六七八九十百千万亿]+(?:"
    + "|".join(map(re.escape, _UNITS))
    + r")?"
)

_KIND = {"slogan": "slogan", "plan": "slogan", "bare_slogan": "slogan", "number": "number"}
