"""Cleaning steps on lines: Markdown marks removed, lines broken by a page's width rejoined, blank lines removed."""

from __future__ import annotations

import re

from analysis import patterns as P
from analysis.clean import mojibake

from . import tables
from .chrome import _is_heading_line, _is_structural
from .edits import Edit, Step, _regex_edits
from .repair import _merge

# --- Markdown ---------------------------------------------------------------------------
#: What shows a text is Markdown (a crawler's or a converter's copy): two headings written
#: ``## 一、…``, two ``**bold**`` spans, or a link ``[text](url)``.
RE_MD_HEADING = re.compile(r"(?m)^#{1,6}[ \t]+(?=\S)")
RE_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
RE_MD_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\([^)\n]*\)")
#: Marks at a line's start (a list item ``- ``, ``* ``, ``1. `` stays: it may number a report's
#: own list) and lines that are only a rule (``---``).
RE_MD_LINE_MARK = re.compile(r"(?m)^(?:[-*+][ \t]+(?=\S)|>[ \t]?|[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$)")
RE_MD_CLOSING_HASHES = re.compile(r"(?m)[ \t]+#+[ \t]*$")


def _markdown_edits(text: str) -> list[Edit]:
    """Markdown's marks, when the text is Markdown: heading hashes, bold marks, a link's
    brackets and address (its text kept; an image's removed), list and quote marks, rules."""
    if "#" not in text and "*" not in text and "](" not in text and "__" not in text:
        return []
    if not (len(RE_MD_HEADING.findall(text)) >= 2 or len(RE_MD_BOLD.findall(text)) >= 2 or RE_MD_LINK.search(text)):
        return []
    edits = [Edit(m.start(), m.end(), "") for m in RE_MD_HEADING.finditer(text)]
    edits += [Edit(m.start(), m.end(), "") for m in RE_MD_CLOSING_HASHES.finditer(text)]
    edits += [Edit(m.start(), m.end(), "") for m in RE_MD_LINE_MARK.finditer(text)]
    for m in RE_MD_BOLD.finditer(text):
        edits += [Edit(m.start(1), m.end(1), ""), Edit(m.end(2), m.end(), "")]
    edits += [Edit(m.start(), m.end(), "" if m.group(1) else m.group(2)) for m in RE_MD_LINK.finditer(text)]
    return _merge(edits)  # a mark inside another's span (a bold link) is the outer one's


remove_markdown = Step(
    "remove_markdown",
    _markdown_edits,
    "Markdown's marks (## headings, **bold**, [links](…), list and quote marks, rules) in a report saved as Markdown.",
)


# --- broken lines -----------------------------------------------------------------------
def _ends_open(line: str) -> bool:
    return bool(line) and line[-1] not in P.LINE_END_PUNCT

def _starts_new(line: str) -> bool:
    return _is_structural(line) or line.startswith(("—", "─")) or _is_heading_line(line)

def _join_edits(text: str) -> list[Edit]:
    # Only a line that does not end with sentence punctuation can join the next (a line of
    # lost characters □ ends open too): one scan finds their line breaks.
    cells, joined, row_ends = tables.cell_line_breaks(text)  # a table written a cell a line: its rows put back
    edits = sorted([Edit(b, b + 1, "\t") for b in cells] + [Edit(b, b + 1, "") for b in joined])
    kept = set(cells) | set(joined) | set(row_ends)
    for m in P.RE_OPEN_LINE_END.finditer(text):
        pos = m.start()
        if pos in kept:
            continue
        end = text.find("\n", pos + 1)
        begin = text.rfind("\n", 0, pos) + 1
        line, nxt = text[begin:pos], text[pos + 1 : end if end >= 0 else len(text)]
        prev = text[text.rfind("\n", 0, max(begin - 1, 0)) + 1 : max(begin - 1, 0)]
        if _joins(line, nxt) and not (_annex_title(prev) or _title_line(prev, line, nxt) or _table_rows(prev, line, nxt)
                                      or tables.name_rest(prev, line, [nxt, *_lines_after(text, end)])):  # a row's wrapped name
            edits.append(Edit(pos, pos + 1, ""))
        elif tables.wrapped_name(line, nxt):
            edits.append(Edit(pos, pos + 1, "\t"))  # the row's name cell, wrapped onto lines of its own
    return sorted(edits) if cells else edits

def _lines_after(text: str, end: int, n: int = 2) -> list[str]:
    """Up to ``n`` lines of ``text`` after the line break at ``end`` (none if ``end`` < 0)."""
    if end < 0:
        return []
    return text[end + 1 : end + 1 + 200].split("\n")[:n]

#: A title line: short, no clause or colon inside (，、；：) and not ending in a figure or bracket.
RE_TITLE_SHAPE = re.compile(r"^[^，、,；;。！？：:]{1,30}(?<![\d（(%％])$")
#: An enumeration word that opens its item (一要, 二是, 三则, 第四): it goes on into the item.
RE_ITEM_WORD = re.compile(rf"^(?:[{P.CN_NUM}]+[要是则]|第[{P.CN_NUM}]+|首先|其次|再次|最后)$")
#: What a continued line starts with: punctuation, a digit, a unit's character after a number
#: — but not a year that opens a sentence (2025年，… 2026年是…), which starts a paragraph.
RE_CONTINUED = re.compile(r"^(?!\d{4}年(?:[，,]|是))[，、。；：,;:）)%％\d]")


def _title_line(prev: str, line: str, nxt: str) -> bool:
    """Whether ``line`` is a title of its own (a section title without a number: 2026年重点工作,
    关于外交工作, “十五五”时期的主要目标任务) between two paragraphs: the line before closes a
    sentence, the line is short and has no clause, and the next line is a whole paragraph.

    >>> _title_line("对这些问题，我们一定高度重视。", "“十五五”时期的主要目标任务",
    ...             "“十五五”时期是我国基本实现社会主义现代化夯实基础、全面发力的关键时期。经过多年的发展积淀，甘肃站在了一个新的起点上。")
    True
    >>> _title_line("财政收入增长。", "地方财政收入145.5", "亿元，逆势增长0.5%，连续54个月保持正增长，增速位居全市第一位。")
    False
    """
    return (
        (not prev or prev[-1] in "。！？!?：:")
        and bool(RE_TITLE_SHAPE.match(line)) and not RE_ITEM_WORD.match(line)
        and len(nxt) >= 40 and nxt[-1] in "。！？!?" and not RE_CONTINUED.match(nxt)
    )


#: A row of a table of figures as a line (a Word table's row, its cells joined by a space):
#: a name of 2-20 characters (Chinese first; no clause, colon or bracket), then a figure
#: (6%左右, 70万人以上, 500亿斤) — not a lone number a link broke off (（PM\n10\n）).
RE_FIGURE_ROW = re.compile(
    r"^[\u4e00-\u9fff][^，。；：,;:\d（）()]{1,19}\d[\d.]*(?:%|％|‰|个百分点)?[万亿千百]?[\u4e00-\u9fff]{0,3}?(?:左右|以上|以内|以下)?$"
)


def _table_rows(prev: str, line: str, nxt: str) -> bool:
    """Whether ``line`` and ``nxt`` belong to a table of figures written a row a line: ``nxt``
    a row under ``line`` (a row, or the table's short header), or ``line`` the last row under
    ``prev`` — rows stay lines of their own.

    >>> _table_rows("", "地区生产总值增长 6%左右", "城镇调查失业率 5.5%左右"), _table_rows("", "指标 2025年预期目标", "地区生产总值增长 6%左右")
    (True, True)
    >>> _table_rows("居民消费价格涨幅 2%左右", "粮食产量 500亿斤以上", "经济增长目标设定为6%左右，是一个积极进取的目标。")
    True
    >>> _table_rows("", "地方财政收入 145.5", "亿元，逆势增长0.5%。")
    False
    """
    row = RE_FIGURE_ROW.match
    return bool(row(nxt) and (row(line) or RE_TITLE_SHAPE.match(line))) or bool(row(line) and row(prev))


def _annex_title(before: str) -> bool:
    """Whether the line after ``before`` is an annex's title: ``before`` a bare annex marker
    (``附件1``), so the title stands alone however it ends."""
    return bool(before) and bool(P.RE_BARE_ANNEX.match(before.strip()))

def _lone_number(line: str) -> bool:
    """A line that is only a section number (二, （三）, 第四): it stands alone, as a heading."""
    return bool(P.RE_LONE_NUMBER.match(line))

def _joins(line: str, nxt: str) -> bool:
    """Whether the line break between ``line`` and the next line ``nxt`` breaks a sentence.

    Join a line of lost characters only, or an open line whose next line starts no heading,
    when it finishes a broken occasion line or stands mid-sentence (is no heading itself);
    the cheap tests first.
    """
    if line and not line.strip(mojibake.LOST):
        return True
    if tables.row_cells(line) or tables.row_cells(nxt):
        return False  # a table's row is a line of its own
    if line[-1:].isdigit() and nxt[:1].isdigit():
        return False  # two figures (a table's cells a line each: 5.8 / 5 左右), not one number (5.85)
    if not (nxt and _ends_open(line)) or _starts_new(nxt) or _lone_number(line):
        return False
    if P.RE_BACK_MATTER.match(line.strip()):
        return False  # an annex's marker or a glossary's title stands alone
    if line.startswith(("—", "─")) and not line.endswith("上") and nxt.endswith("上"):
        return True  # an occasion line broken in two
    heading = _is_structural(line) and len(line) <= 60 and "。" not in line
    return not heading and not _is_heading_line(line)

rejoin_broken_lines = Step(
    "rejoin_broken_lines",
    _join_edits,
    "Lines broken mid-sentence (145.5\\n亿元) joined; paragraph ends and headings kept.",
)

def _blank_line_edits(text: str) -> list[Edit]:
    if "\n\n" not in text and not text.startswith("\n") and not text.endswith("\n"):
        return []
    return _regex_edits(P.RE_BLANK_RUN, lambda m: "" if m.start() == 0 or m.end() == len(text) else "\n")(text)

remove_blank_lines = Step(
    "remove_blank_lines",
    _blank_line_edits,
    "Blank lines left by the steps before (a line of spaces emptied): one paragraph per line.",
)
