"""Cleaning steps on characters: newlines, invisible characters, escapes, flattened paragraphs, compatibility forms, traditional → simplified, width, thousands separators, spaces and punctuation."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from analysis import patterns as P

from . import tables
from .edits import Edit, Step, _regex_edits, _step
from .repair import _merge


# --- raw-text hygiene -------------------------------------------------------------------
def _newline_edits(text: str) -> list[Edit]:
    # Looking for each separator character is quicker than a scan for any of them.
    if not any(c in text for c in P.LINE_SEPARATORS):
        return []
    return _regex_edits(P.RE_NEWLINE, "\n")(text)

normalize_newlines = Step("normalize_newlines", _newline_edits, "CR, CRLF and other line separators → LF.")

remove_invisible = _step(
    "remove_invisible", P.RE_INVISIBLE, "", "Zero-width characters, stray BOMs, controls."
)

def _escape(m: re.Match) -> str:
    if m.group(1):
        code = int(m.group(1), 16)
        return chr(code) if code <= 0x10FFFF else m.group()
    import html

    return html.unescape(m.group())

def _escape_edits(text: str) -> list[Edit]:
    if "<U+" not in text and "&" not in text:
        return []
    return _regex_edits(P.RE_ESCAPE, _escape)(text)

decode_escapes = Step(
    "decode_escapes", _escape_edits, "R's <U+00A0> and HTML references (&nbsp; &#8220;) left in text → the characters."
)

def _flat_edits(text: str) -> list[Edit]:
    edits, pos = [], 0
    for line in text.split("\n"):
        if len(line) >= P.FLAT_LINE:
            found = [(m.start(), m.end()) for m in P.RE_FLAT_BREAK.finditer(line)]
            found = sorted(set(found) | set(_single_space_breaks(line)))
            edits += [Edit(pos + s, pos + e, "\n", "" if e > s else FLAT_GUESS) for s, e in found]
        pos += len(line) + 1
    return edits

#: Longest title or heading line (characters) told in a flattened line by its lack of a sentence end.
FLAT_TITLE = 80


def _single_space_breaks(line: str) -> list[tuple[int, int]]:
    """The paragraph breaks of a flattened line whose paragraphs were joined by one space each
    (a Word file's text with its line breaks replaced by spaces): most single spaces follow a
    sentence end. Then a single space breaks a paragraph after a sentence end, or after a title
    with no sentence end in it — the line's first stretch, an occasion line (——…会议上), a numbered
    heading (一、牢记殷殷嘱托…成效 2024年是…), an annex's marker (附件, 名词解释); other single
    spaces (增长 5.8%) are left to ``remove_stray_spaces``.

    >>> line = "政府工作报告 各位代表： 现在，我代表省人民政府向大会报告工作。 一、回顾 过去一年，经济增长 5%。 完。"
    >>> [line[i - 2 : i] for i, _ in _single_space_breaks(line)]
    ['报告', '表：', '作。', '回顾', '%。']
    """
    singles = [m.start() for m in P.RE_SINGLE_SPACE.finditer(line)]
    after_end = [i for i in singles if i and line[i - 1] in P.SENTENCE_END_PUNCT]
    if len(after_end) < 3 or 2 * len(after_end) < len(singles):
        return []  # the spaces are not what joins the paragraphs
    ends = set(after_end)
    breaks, last = [], 0
    for i in singles:
        if i in ends or _title_stretch(line, last, i):
            breaks.append((i, i + 1))
            last = i + 1
    return breaks


def _title_stretch(line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]``, a stretch since the last break, is a title with no sentence
    end: the line's first stretch, an occasion line, a numbered heading or an annex's marker —
    and the space at ``end`` does not stand between two Latin words (Discover Jiangxi)."""
    stretch = line[start:end]
    if end - start > FLAT_TITLE or any(ch in P.SENTENCE_END_PUNCT for ch in stretch):
        return False
    if line[end - 1 : end].isascii() and line[end + 1 : end + 2].isascii():
        return False
    return bool(start == 0 or P.RE_OCCASION.match(stretch) or P.RE_HEADING_ANY.match(stretch[:12])
                or P.RE_BACK_MATTER.match(stretch))

#: Flag of a paragraph break put where the text had no space at all: the boundaries of
#: the paragraphs around it are lost, so a reader should check what was joined.
FLAT_GUESS = "paragraph break inferred before a heading number; the text had none"

restore_paragraphs = Step(
    "restore_paragraphs",
    _flat_edits,
    "A report stored without line breaks (a Stata/Excel cell, a crawl): paragraphs split again where "
    "runs of spaces or a heading number after a sentence end show their boundaries.",
)

def _compatibility_edits(text: str) -> list[Edit]:
    import unicodedata

    edits = _regex_edits(P.RE_COMPATIBILITY, lambda m: unicodedata.normalize("NFKC", m.group()))(text)
    if "年" in text and any(c in text for c in P.ZERO_LOOKALIKES):
        zero = str.maketrans({c: "〇" for c in P.ZERO_LOOKALIKES})
        for m in _year_lookalike_zeros(text):
            for k, ch in enumerate(m.group()):
                if ch in P.ZERO_LOOKALIKES:
                    edits.append(Edit(m.start() + k, m.start() + k + 1, ch.translate(zero)))
        edits.sort(key=lambda e: e.start)
    return edits

def _year_lookalike_zeros(text: str):
    """The matches of RE_YEAR_LOOKALIKE_ZERO in ``text``, in order: the pattern tried only
    four characters before each 年 (its matches end there, so they cannot overlap), which is
    many times faster than scanning every position of the text with its look-arounds.

    >>> [m.group() for m in _year_lookalike_zeros("二○二五年，一九九O年和2025年")]
    ['二○二五', '一九九O']
    """
    for y in _RE_YEAR_CHAR.finditer(text):
        if y.start() >= 4 and (m := P.RE_YEAR_LOOKALIKE_ZERO.match(text, y.start() - 4)):
            yield m

_RE_YEAR_CHAR = re.compile("年")

normalize_compatibility = Step(
    "normalize_compatibility",
    _compatibility_edits,
    "Kangxi radicals and CJK compatibility ideographs that PDF extraction gives (⼀ U+2F00) → the ideographs (一); "
    "a look-alike typed for 〇 in a year of Chinese numerals (二○二五年) → 〇.",
)

# --- traditional → simplified -----------------------------------------------------------
@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")

def _t2s_edits(text: str) -> list[Edit]:
    converted = _opencc().convert(text)
    if converted == text:
        return []
    if len(converted) == len(text):
        return [Edit(i, i + 1, converted[i]) for i in _differing_positions(text, converted)]
    # Phrase conversion changed the length somewhere: align line by line.
    import difflib

    edits, pos = [], 0
    for line, new in zip(text.split("\n"), converted.split("\n")):
        sm = difflib.SequenceMatcher(None, line, new, autojunk=False)
        for op, a0, a1, b0, b1 in sm.get_opcodes():
            if op != "equal":
                edits.append(Edit(pos + a0, pos + a1, new[b0:b1]))
        pos += len(line) + 1
    return edits

def _differing_positions(a: str, b: str) -> list[int]:
    """Indices where two strings of equal length differ (compared as code-point arrays).

    >>> _differing_positions("經濟社会", "经济社会")
    [0, 1]
    """
    x = np.frombuffer(a.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    y = np.frombuffer(b.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return np.flatnonzero(x != y).tolist()

to_simplified = Step(
    "to_simplified", _t2s_edits, "Traditional → simplified with OpenCC's t2s (phrase-aware)."
)

# --- width and numbers ------------------------------------------------------------------
def _halfwidth(m: re.Match) -> str:
    return "".join(chr(ord(c) - 0xFEE0) for c in m.group())

#: The code points RE_FULLWIDTH_ALNUM matches (one character each).
_FULLWIDTH_ALNUM = np.array([c for c in range(0xFF01, 0xFF5F) if P.RE_FULLWIDTH_ALNUM.match(chr(c))])

def _width_edits(text: str) -> list[Edit]:
    edits = []
    if P.RE_FULLWIDTH_ALNUM.search(text):  # then find them all at once, over code points
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        where = np.flatnonzero(np.isin(codes, _FULLWIDTH_ALNUM))
        edits = [Edit(i, i + 1, chr(c - 0xFEE0)) for i, c in zip(where.tolist(), codes[where].tolist())]
    if any(c in text for c in P.FULLWIDTH_NUMPUNCT):
        edits += _regex_edits(P.RE_FULLWIDTH_NUMPUNCT_SCAN, _halfwidth)(text)
    return _merge(edits)

normalize_width = Step(
    "normalize_width",
    _width_edits,
    "Full-width digits and letters (and ．％ in numbers) → ASCII.",
)

def _thousands_edits(text: str) -> list[Edit]:
    if not any(rx.search(text) for rx in P.RE_THOUSANDS_HINTS):  # no separator before 3 digits
        return []
    return _regex_edits(P.RE_THOUSANDS_SCAN, lambda m: P.RE_THOUSANDS_SEP.sub("", m.group()))(text)

remove_thousands_separators = Step(
    "remove_thousands_separators",
    _thousands_edits,
    "27,203,319,000 → 27203319000 (only groups of exactly three digits).",
)

# --- spacing and punctuation ------------------------------------------------------------
def _space_edits(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), "") for m in P.RE_STRAY_SPACE_SCAN.finditer(text)]
    if breaks := tables.cell_breaks(text):  # a table's cells stay apart, one tab between two
        edits = [e for e in edits if not any(e.start < b and a < e.end for a, b in breaks)]
        edits += [Edit(a, b, "\t") for a, b in breaks if text[a:b] != "\t"]
    edits += [Edit(m.start(), m.end(), "\n") for m in P.RE_BLANK_LINES_SCAN.finditer(text)]
    if text.startswith("\n") or text.endswith("\n"):  # else RE_LEADING_NEWLINES cannot match
        edits += [Edit(m.start(), m.end(), "") for m in P.RE_LEADING_NEWLINES.finditer(text)]
    return _merge(edits)

remove_stray_spaces = Step(
    "remove_stray_spaces",
    _space_edits,
    "Spaces between Chinese and Chinese/numbers (145.5 亿元 → 145.5亿元), inside numbers, blank lines; "
    "a table row's cells stay apart, one tab between two.",
)

def _punct_edits(text: str) -> list[Edit]:
    # Each pattern needs its ASCII mark: a text without it is not scanned (most have none).
    edits = _regex_edits(P.RE_ASCII_COMMA, "，")(text) if "," in text else []
    if ":" in text:
        edits += _regex_edits(P.RE_ASCII_COLON, "：")(text)
    if ";" in text:
        edits += _regex_edits(P.RE_ASCII_SEMICOLON, "；")(text)
    if "?" in text or "!" in text:
        edits += _regex_edits(P.RE_ASCII_QUESTION, lambda m: "？" if m.group() == "?" else "！")(text)
    if "·" in text or "・" in text:
        edits += _regex_edits(P.RE_MIDDOT_DECIMAL, ".")(text)
    if "(" in text:
        for m in P.RE_ASCII_PAREN_PAIR.finditer(text):
            edits.append(Edit(m.start(), m.start() + 1, "（"))
            edits.append(Edit(m.end() - 1, m.end(), "）"))
    return _merge(edits)

normalize_punctuation = Step(
    "normalize_punctuation",
    _punct_edits,
    "ASCII , : ; ( ) ? ! in Chinese text → ，：；（）？！; a middle dot as a percentage's decimal point (19·5%) → .",
)
