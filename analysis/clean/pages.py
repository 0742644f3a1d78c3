"""Cleaning steps for text extracted from printed pages (``pdftotext``, a PDF viewer's "save
as text"): the page furniture around each page break — page numbers and running headers or
footers — removed, and the lines the page's width broke joined again.

Such text marks each page break with a form feed (U+000C), which is what this step goes by:
it only looks at the lines next to a form feed, and removes

* a page-number line (``1``, ``— 3 —``, ``- 3 -``, ``第3页``, ``3/20``, ``第3页 共20页``) among
  the last two lines of a page or the first two of the next;
* a running header or footer: a short line that opens (or closes) at least half of the pages
  — compared with its digits as ``#``, so ``2025年第2期`` and a page number inside it match —
  the outermost one of each page only, so a title printed below the header on the first page
  stays.

Text without form feeds is left alone (its page numbers, if any, are what
``remove_page_noise`` looks for).

Text broken at a page's width has most of its lines as wide as the page (in display columns:
a Chinese character two, a digit or space one; pdftotext writes a space between Chinese and
digits). In such text a line at that width that does not close a sentence goes on in the next
line — even when the next line starts like a heading (``二、三级子公司``) or the line ends with a
closing quote — and the next non-blank line is joined to it (``rejoin_wrapped_lines``; the
general ``rejoin_broken_lines`` later joins what is left by the shape of the lines).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from analysis import patterns as P

from .edits import Edit, Step

#: A line that is only a page number, as printed in a header or footer.
RE_PAGE_NUMBER_LINE = re.compile(
    rf"^[{P.SPACE}]*[-—–－―─]*[{P.SPACE}]*(?:第[{P.SPACE}]*)?\d{{1,4}}[{P.SPACE}]*页?"
    rf"(?:[{P.SPACE}]*(?:/|／|共)[{P.SPACE}]*\d{{1,4}}[{P.SPACE}]*页?)?[{P.SPACE}]*[-—–－―─]*[{P.SPACE}]*$"
)
#: Lines at each end of a page that may be furniture.
EDGE_LINES = 2
#: Longest running header or footer (characters, spaces left out).
HEADER_CHARS = 60
#: Share of pages a header or footer must be on.
HEADER_SHARE = 0.5


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines of ``text[start:end]``, ends before the line break."""
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        pos = stop + 1
    return out


def _key(line: str) -> str:
    """A header's line compared across pages: spaces out, each run of digits ``#``."""
    return re.sub(r"\d+", "#", re.sub(rf"[{P.SPACE}]+", "", line))


def _page_furniture_edits(text: str) -> list[Edit]:
    if "\f" not in text:
        return []
    bounds, pos = [], 0
    for page in text.split("\f"):
        bounds.append((pos, pos + len(page)))
        pos += len(page) + 1
    pages = [_lines(text, s, e) for s, e in bounds]
    pages = [p for p in pages if p]
    remove: set[tuple[int, int]] = set()
    heads: Counter[str] = Counter()
    foots: Counter[str] = Counter()
    for lines in pages:
        heads.update({_key(text[s:e]) for s, e in lines[:EDGE_LINES]})
        foots.update({_key(text[s:e]) for s, e in lines[-EDGE_LINES:]})
    need = max(2, math.ceil(HEADER_SHARE * len(pages)))
    running = {k for k, n in (heads + foots).items() if n >= need and len(k) <= HEADER_CHARS}
    for lines in pages:
        head, foot = lines[:EDGE_LINES], lines[-EDGE_LINES:]
        for edge in (head, foot[::-1]):
            taken_header = False
            for s, e in edge:  # outermost first
                line = text[s:e]
                if RE_PAGE_NUMBER_LINE.match(line):
                    remove.add((s, e))
                elif _key(line) in running and not taken_header:
                    remove.add((s, e))
                    taken_header = True
                else:
                    break  # the page's own text begins
    edits = []
    for s, e in sorted(remove):
        edits.append(Edit(s, e + 1 if text[e : e + 1] == "\n" else e, ""))
    return edits


remove_page_furniture = Step(
    "remove_page_furniture",
    _page_furniture_edits,
    "Page numbers and running headers or footers next to the page breaks (form feeds) of text "
    "extracted from a PDF.",
)


# --- lines broken at the page's width -------------------------------------------------------
#: A line this many display columns short of the page's width still fills it (an indented
#: first line loses its two characters' indent in pdftotext's plain output).
WRAP_SLACK = 4
#: Shortest page width (display columns) taken for one.
WRAP_MIN = 20
#: Share of non-blank lines at exactly the page's width, and within the slack of it, that
#: shows text broken at a page's width (one paragraph a line gives no such peak) — and
#: fewest lines at that width (a short text of a few long lines has no width to go by).
WRAP_AT, WRAP_NEAR, WRAP_LINES = 0.25, 0.5, 5
#: What closes a sentence or a paragraph at a line's end.
CLOSES = P.SENTENCE_END_PUNCT + "…"


#: Characters one display column wide: below U+1100 (Latin, Greek, Cyrillic, …). Above it,
#: CJK, full-width forms and the punctuation Chinese text sets full-width (“” — …) take two.
RE_NARROW = re.compile("[\u0000-\u10ff]")


def _width(line: str) -> int:
    """Display columns of ``line``: two a character from U+1100 on, one below.

    >>> _width("增长 5.8％，“两新”")  # 4 + 1 + 3 + 2 + 2 + 2 + 4 + 2
    20
    """
    return 2 * len(line) - len(RE_NARROW.findall(line))


def _indent(line: str) -> int:
    return _width(line) - _width(line.lstrip(P.SPACE))


def wrap_width(text: str) -> int | None:
    """The page width (display columns) ``text`` is broken at, or None when it is not.

    >>> wrap_width(("一二三四五六七八九十一二三四五六七八九十\\n" * 5) + "短行。")
    40
    >>> wrap_width("一段一行。\\n又一段，长短不一的一行。")
    """
    widths = [_width(line.rstrip()) for line in text.split("\n") if line.strip()]
    if len(widths) < WRAP_LINES:
        return None
    ((width, n),) = Counter(widths).most_common(1)
    near = sum(width - WRAP_SLACK <= w <= width + WRAP_SLACK for w in widths)
    if width < WRAP_MIN or n < max(WRAP_LINES, WRAP_AT * len(widths)) or near < WRAP_NEAR * len(widths):
        return None
    return width


def _goes_on(line: str, nxt: str, width: int, margin: int, indented: bool) -> bool:
    """Whether ``nxt`` continues ``line`` in text broken at ``width`` columns whose lines start
    at ``margin`` (``indented``: a paragraph's first line shows its indent)."""
    if _width(line) < width - WRAP_SLACK:
        return False  # a short line ends its paragraph
    if line[-1] not in CLOSES:
        return True  # a full line that closes nothing goes on, whatever the next looks like
    # a full line closing a sentence: the paragraph goes on unless the next line starts one,
    # told by its indent (or, where pdftotext left indents out, by its falling short of the width)
    if indented:
        return _indent(nxt) <= margin
    return _width(nxt.rstrip()) >= width - 1


def _wrapped_edits(text: str) -> list[Edit]:
    width = wrap_width(text)
    if width is None:
        return []
    lines = [line for line in text.split("\n") if line.strip()]
    full = [line for line in lines if _width(line.rstrip()) >= width - 1]
    ((margin, _),) = Counter(_indent(line) for line in full).most_common(1)
    indented = sum(_indent(line) >= margin + 2 for line in lines) >= 0.05 * len(lines)
    edits, pos = [], 0
    while (nl := text.find("\n", pos)) >= 0:
        line = text[pos:nl].rstrip()
        nxt = nl + 1  # the next line with text, past blank ones (a page break's)
        while (end := text.find("\n", nxt)) >= 0 and not text[nxt:end].strip():
            nxt = end + 1
        following = text[nxt : len(text) if end < 0 else end]
        if line.strip() and following.strip() and _goes_on(line, following, width, margin, indented):
            edits.append(Edit(pos + len(line), nxt + len(following) - len(following.lstrip(P.SPACE)), ""))
        pos = nl + 1
    return edits


rejoin_wrapped_lines = Step(
    "rejoin_wrapped_lines",
    _wrapped_edits,
    "Lines of text broken at a page's width (most lines as wide as the page) joined where a "
    "paragraph goes on.",
)
