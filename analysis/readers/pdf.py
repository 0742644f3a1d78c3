"""Text of a PDF with a text layer: pages joined, running headers, footers and page numbers
removed, lines broken at the page width rejoined, characters that PDF extraction
substitutes normalised.

Read with pypdfium2 (the bindings of PDFium, the PDF engine of Chromium), chosen by
measurement over pypdf: pypdf took 0.9-1.3 s for a 20-page report where PDFium takes
0.04 s (``benchmarks/reading_formats.py``), and PDFium gives each character's box, so a
line's indent and width are measured in points rather than guessed from its characters.
Government PDFs are typeset from Word: every page repeats a header or footer (the title,
``— 3 —``), and the text layer breaks each line at the page width.

- a line that stands first or last on at least half of the pages, once its digits and
  spaces are ignored, is a running header or footer; a page's first or last line that is
  only a page number (``3``, ``- 3 -``, ``第3页``, ``3/20``) is a page number: at each edge
  of a page at most two such lines are dropped, and a title that repeats the header on the
  line below it stays;
- a line starting right of its column's left margin by about a character's height is
  indented: it starts a paragraph (or is a centred title); a report typeset from Word has
  one column, a newspaper page several (:func:`column_starts`), each with its own margins;
- PDFium gives a line's characters in the order the page draws them: a quote mark in a
  Latin font may come at the line's end (推动 两重 两新 等落 “ ”“ ”); such a line is put back
  in the order of its characters' positions;
- a line that is not indented continues the paragraph of the line before (also across a
  page break) when that line reaches the right edge of its column (the 90th percentile of
  its lines' right ends), short of it by less than a character and a half: the next
  character did not fit (by two and a half when the next line opens with a character and
  a comma or closing mark, which took the character along). A title, a heading or a
  paragraph's last line stops short;
- spaces PDF extraction puts between CJK characters and digits (``新增 13 家``) are
  removed: CJK text has no spaces between words;
- PDF fonts often map 一 to the Kangxi radical ⼀ (U+2F00) and some characters to CJK
  compatibility ideographs; ``analysis.clean.normalize_compatibility`` maps them back.

A PDF whose pages give (almost) no text is a scan: it is refused with a message to run
OCR first; so is one whose text layer is garbage (fonts without a Unicode map). An
encrypted PDF that does not open without a password is refused.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

import numpy as np

from ..errors import InputError
from ..patterns import RE_HEADING_ANY

RE_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－~·]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?(?:\s*[-—–－~·])?\s*$")
RE_DIGITS = re.compile(r"\d+")
#: Fewest non-space characters per page for a PDF to count as having a text layer.
MIN_CHARS_PER_PAGE = 20
#: Spaces beside a CJK character (PDF extraction puts them around digits: ``新增 13 家``).
RE_SPACES = re.compile(r"[ \u00a0]+")
RE_CJK_SPACE = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\uffef])[ \u00a0]+|[ \u00a0]+(?=[\u2e80-\u9fff\uf900-\uffef])")


class Line(NamedTuple):
    """A line of a page: its text, where it starts and ends (points from the page's left
    edge) and the height of its first character (about the font size)."""

    text: str
    left: float
    right: float
    em: float


def _pages(data: bytes, path: str) -> list[list[Line]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(path, "password-protected PDF; remove the password first") from None
        raise InputError(path, f"corrupt PDF ({exc})") from None
    try:
        return [_page_lines(pdf[i]) for i in range(len(pdf))]
    except pdfium.PdfiumError as exc:
        raise InputError(path, f"corrupt PDF ({exc})") from None
    finally:
        pdf.close()


def _page_lines(page) -> list[Line]:
    """The non-blank lines of a page, each measured by the boxes of its first and last
    character (PDFium's text is queried once per page and two boxes per line: the page's
    time is PDFium's parsing, see ``benchmarks/README.md``)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()  # one character per PDFium character; lines end with CRLF
        box = _CharBox(textpage)
        lines, pos = [], 0
        for raw in text.split("\r\n"):
            head = raw.lstrip()
            if head:
                first = pos + len(raw) - len(head)
                stripped = head.rstrip()
                left, bottom, _, top = box(first)
                right = box(first + len(stripped) - 1)[2]
                if " " in stripped or "\u00a0" in stripped:
                    ordered, right = _in_reading_order(box, first, stripped, right)
                    stripped = _cells_apart(box, first, stripped) if ordered == stripped else ordered
                    stripped = RE_CJK_SPACE.sub("", stripped)
                lines.append(Line(stripped, left, right, top - bottom))
            pos += len(raw) + 2
        return lines
    finally:
        textpage.close()
        page.close()


def _in_reading_order(box, first: int, line: str, right: float) -> tuple[str, float]:
    """``line`` (PDFium's characters from index ``first``) in the order of their left edges,
    and its right end, where PDFium gives characters out of that order: a character the page
    draws apart from its line's text (a quote mark in another font, in a narrow column) comes
    at the line's end, a space standing where it belongs (推动 两重 两新 等落 “ ”“ ”). Only a line
    with a space can be so, and the displaced character then stands next to a space, on one
    side or the other (落 “, 品” 牌): the two characters on each side of each space are
    measured first, the whole line only when they go backwards.
    """
    for m in RE_SPACES.finditer(line):
        near = [i for i in (m.start() - 2, m.start() - 1, m.end(), m.end() + 1) if 0 <= i < len(line) and not line[i].isspace()]
        lefts = [box(first + i)[0] for i in near]
        if any(later < earlier - 0.5 for earlier, later in zip(lefts, lefts[1:])):
            break
    else:
        return line, right
    boxes = [box(first + i) for i in range(len(line))]
    order = sorted(range(len(line)), key=lambda i: boxes[i][0])
    return "".join(line[i] for i in order), max(b[2] for b, c in zip(boxes, line) if not c.isspace())


#: A gap between two characters of a line at least this many times their height is the gap
#: between two cells of a table's row. Measured on LibreOffice's PDFs of Word tables: 10-11
#: heights between cells; in prose (the committed fixtures, justified) at most 0.7, and 1.2
#: where a quote mark in a Latin font is drawn apart (those lines are reordered, not split).
CELL_GAP = 2.0


def _cells_apart(box, first: int, line: str) -> str:
    """``line`` (PDFium's characters from index ``first``) with each run of spaces that stands
    for a gap of :data:`CELL_GAP` character heights or more written as a tab: a table's row,
    whose cells :mod:`analysis.clean.tables` keeps apart (the spaces between Chinese would be
    removed, ``城镇新增就业 万人 1.1 1.2以上`` read ``城镇新增就业万人1.1 1.2以上``)."""
    out, last = [], 0
    for m in RE_SPACES.finditer(line):
        if m.start() == 0 or m.end() == len(line):
            continue
        _, bottom, right, top = box(first + m.start() - 1)
        after = box(first + m.end())
        if after[0] - right >= CELL_GAP * max(top - bottom, after[3] - after[1], 1e-6):
            out += [line[last : m.start()], "\t"]
            last = m.end()
    return "".join(out) + line[last:] if out else line


class _CharBox:
    """A character's tight box ``(left, bottom, right, top)`` on a text page, as
    ``PdfTextPage.get_charbox`` gives it, through one set of reused ctypes doubles."""

    def __init__(self, textpage):
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        self._get = pdfium_c.FPDFText_GetCharBox
        self._error = pdfium.PdfiumError
        self._page = textpage.raw
        self._lrbt = [ctypes.c_double() for _ in range(4)]

    def __call__(self, index: int) -> tuple[float, float, float, float]:
        left, right, bottom, top = self._lrbt
        if not self._get(self._page, index, left, right, bottom, top):
            raise self._error("Failed to get charbox.")
        return left.value, bottom.value, right.value, top.value


def _key(line: str) -> str:
    """A line with its numbers and spaces ignored: what repeats on every page."""
    return "".join(RE_DIGITS.sub("#", line).split())


def _furniture(line: str, running: set[str]) -> bool:
    return bool(RE_PAGE_NUMBER.match(line)) or _key(line) in running


def strip_page_furniture(pages: list[list[str]]) -> list[tuple[int, int]]:
    """The run ``(first, end)`` of each page's lines that is not a running header, footer
    or page number.

    >>> pages = [["政府工作报告", "政府工作报告", "各位代表：", "— 1 —"], ["政府工作报告", "今年增长5%。", "— 2 —"]]
    >>> strip_page_furniture(pages)
    [(1, 3), (1, 2)]
    """
    edges = Counter()
    for lines in pages:
        for line in set(lines[:2] + lines[-2:]):
            edges[_key(line)] += 1
    running = {k for k, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = []
    for lines in pages:
        lo, hi = 0, len(lines)
        for _ in range(2):  # a header and a page number at the top, in either order
            if lo < hi and _furniture(lines[lo], running) and (lo == 0 or lines[lo] != lines[lo - 1]):
                lo += 1
        for _ in range(2):
            if hi > lo and _furniture(lines[hi - 1], running):
                hi -= 1
        out.append((lo, hi))
    return out


def rejoin_page_width(lines: list[Line]) -> list[str]:
    """Join lines broken at the page width into paragraphs (see the module docstring).

    >>> L = lambda text, left, right: Line(text, left, right, 12)
    >>> lines = [L("过去一年，全省地区生产总值增长百分之五点四，", 114, 500), L("城镇新增就业六十万人，居民收入稳步增长。", 90, 330),
    ...          L("一、回顾", 114, 170), L("今年的主要预期目标是：经济增长百分之五左右，", 114, 500),
    ...          L("城镇调查失业率百分之五点五左右。", 90, 300)]
    >>> for line in rejoin_page_width(lines): print(line)
    过去一年，全省地区生产总值增长百分之五点四，城镇新增就业六十万人，居民收入稳步增长。
    一、回顾
    今年的主要预期目标是：经济增长百分之五左右，城镇调查失业率百分之五点五左右。
    """
    if not lines:
        return []
    em = sorted(line.em for line in lines)[len(lines) // 2] or 12.0
    starts = column_starts([line.left for line in lines], em)
    column = [bisect_right(starts, line.left + 0.5 * em) - 1 for line in lines]
    edges = []
    for c, margin in enumerate(starts):
        rights = sorted(line.right for line, k in zip(lines, column) if k == c)
        edges.append(rights[int(0.9 * (len(rights) - 1))] if rights else margin)
    out: list[str] = []
    short = math.inf  # how far the line before stops short of its column's right edge
    for line, c in zip(lines, column):
        # a line broken at the width reaches its column's right edge, short of it by less
        # than the next character (a heading in a larger face too), or by two when the next
        # line opens with a character and a mark no line may open with (求、: the mark took
        # the character along); a title does not
        fits = 2.5 * em if line.text[1:2] in NO_LINE_START else 1.5 * em
        if out and short < fits and line.left - starts[c] < 0.9 * em and not _heading_after_a_close(out[-1], line.text):
            out[-1] += line.text  # not indented: it continues
        else:
            out.append(line.text)
        short = edges[c] - line.right
    return out


def _heading_after_a_close(before: str, line: str) -> bool:
    """Whether ``line`` opens with a heading's number (一、, （一）, 1.) right after a sentence
    closed: a heading of its own, whatever the width of the line before (Word files typeset
    without first-line indents give no other sign; 一、 is no character carried over with its
    comma).

    >>> _heading_after_a_close("提出意见。", "一、2024年工作回顾"), _heading_after_a_close("加快", "一、二产业融合")
    (True, False)
    """
    return before[-1:] in "。！？" and bool(RE_HEADING_ANY.match(line))


#: Marks a line may not open with (Chinese line breaking: a comma or a closing quote goes
#: with the character before it onto the next line).
NO_LINE_START = frozenset("、，。；：？！）》」』”’%…")


#: Share of a document's lines that must start at a column's left margin for it to count
#: as a column (a centred title or a table cell starts elsewhere, on few lines).
COLUMN_SHARE = 0.1


def column_starts(lefts: list[float], em: float) -> list[float]:
    """The left margins of a document's columns of text, from its lines' left ends: the
    lines start at a margin or up to three characters right of it (an indent); a margin
    is where at least :data:`COLUMN_SHARE` of the lines start. One column for a report
    typeset from Word; a newspaper page has several, each with its own right edge.

    >>> column_starts([90] * 20 + [114] * 6 + [300], 12)  # a centred title at 300
    [90]
    >>> column_starts([50, 50, 74, 200, 200, 224, 350, 350, 374, 500, 500], 12)
    [50, 200, 350, 500]
    """
    groups: list[list[float]] = []
    for x in sorted(lefts):
        if groups and x - groups[-1][0] <= 3 * em:
            groups[-1].append(x)
        else:
            groups.append([x])
    starts = [g[0] for g in groups if len(g) >= COLUMN_SHARE * len(lefts)]
    return starts if starts and starts[0] == groups[0][0] else [groups[0][0], *starts]


def pdf_text(data: bytes, path: str = "<pdf>") -> str:
    """Return the text of a PDF's bytes (see the module docstring)."""
    pages = _pages(data, path)
    visible = sum(len(line.text) for page in pages for line in page)
    if visible < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise InputError(path, "scanned PDF without a text layer; run OCR first")
    kept = strip_page_furniture([[line.text for line in page] for page in pages])
    lines = []
    for page, (lo, hi) in zip(pages, kept):
        lines += page[lo:hi]
    text = "\n".join(rejoin_page_width(lines))
    if garbled(text):
        raise InputError(path, "the PDF's text layer is garbled (fonts without a Unicode map); run OCR first")
    return text


def garbled(text: str) -> bool:
    """Whether extracted CJK text is junk: one character makes over 15% of it (in Chinese
    prose the commonest, 的, is ~4%), as when fonts lack a map from glyphs to characters.

    >>> garbled("2025年1年13年" + "年" * 30 + "政府工作报告"), garbled("今年经济增长百分之五左右，城镇新增就业六十万人。")
    (True, False)
    """
    codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    cjk = codes[(codes >= 0x4E00) & (codes <= 0x9FFF)]
    if len(cjk) < 20:
        return False
    return int(np.bincount(cjk - 0x4E00).max()) > 0.15 * len(cjk)
