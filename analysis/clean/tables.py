"""Rows of a table kept as rows: their cells apart, each row a line of its own.

A Word table's row comes out of the reader as one line whose cells are separated by a tab
(:mod:`analysis.readers.word`; a saved page's ``<td>`` cells the same way,
:mod:`analysis.readers.webpage`), as Word copies a table to plain text, so a ``.txt`` made by
pasting the table has them too. A tab is white space to the other steps: the spaces between
Chinese would be removed (``城镇新增就业\\t万人\\t1.1\\t1.2以上`` → ``城镇新增就业万人1.1 1.2以上``)
and the lines, which close no sentence, joined into one paragraph with the text after them.
The row's cells are what says which figure is which (last year's result, this year's target),
so in a table the separator between cells is kept as one tab and the rows are not joined.

A line is a row when, its edges stripped, it splits at tabs (or runs of three spaces or more,
as ``pdftotext -layout`` writes a table; or any spaces, under a header naming the columns:
:func:`spaced_rows`) into two or more short cells
(:data:`MAX_CELL` characters; none closing a sentence), and the line next to it is one too:
a table has a header and rows, or several rows. A heading whose number Word's numbering
follows with a tab (``一、\\t2024年工作回顾``) is no row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analysis import patterns as P

#: The separator between two cells of a row: a tab, with any spaces around it, or a run of
#: three spaces or more (``pdftotext -layout`` sets a table's columns apart so; its prose has
#: no such run inside a line, nor has any shipped report). Two tabs are an empty cell between.
RE_CELL_BREAK = re.compile(r"[ \u00a0\u3000]*\t[ \u00a0\u3000]*|[ \u00a0\u3000]{3,}")
#: Longest cell of a table row, in characters (a prose paragraph with a tab is no row).
MAX_CELL = 40
_CLOSES_SENTENCE = "。！？；!?;"
#: White space around a cell's text (a tab is a cell's edge, not white space).
_BLANK = P.SPACE.replace("\t", "")


#: What a line holding a cell break has: a tab or three spaces (the cheap test first).
RE_BREAK_HINT = re.compile(r"[\t \u00a0\u3000](?:(?<=\t)|[ \u00a0\u3000]{2})")  # a class first: scanned 6x faster


def _breaks(line: str) -> list[re.Match]:
    """The separators between the cells of ``line``: a tab's anywhere, a run of spaces' only
    inside the line (not its indent)."""
    if not RE_BREAK_HINT.search(line):
        return []
    return [m for m in RE_CELL_BREAK.finditer(line) if "\t" in m.group() or 0 < m.start() and m.end() < len(line.rstrip(_BLANK))]


def row_cells(line: str) -> list[str] | None:
    """The cells of ``line`` when it has the shape of a table's row (an empty cell is ""),
    else None.

    >>> row_cells("城镇新增就业\\t万人\\t1.1\\t1.2以上")
    ['城镇新增就业', '万人', '1.1', '1.2以上']
    >>> row_cells("城镇新增就业       万人          1.1            1.2 以上")
    ['城镇新增就业', '万人', '1.1', '1.2 以上']
    >>> row_cells("地区生产总值\\t亿元\\t\\t1234.5")
    ['地区生产总值', '亿元', '', '1234.5']
    >>> row_cells("一、\\t2024年工作回顾"), row_cells("各位代表：\\t现在，我代表省人民政府，向大会报告政府工作，请予审议。")
    (None, None)
    """
    breaks = _breaks(line)
    if not breaks:
        return None
    bounds = [0, *(x for m in breaks for x in (m.start(), m.end())), len(line)]
    cells = [line[a:b].strip(_BLANK) for a, b in zip(bounds[::2], bounds[1::2])]
    filled = [c for c in cells if c]
    if len(filled) < 2 or any(len(c) > MAX_CELL or c[-1] in _CLOSES_SENTENCE for c in filled):
        return None
    if P.RE_ITEM_MARK.fullmatch(cells[0]) and not cells[0].isdigit():
        return None  # a heading's number, then a tab (Word's numbering suffix)
    return cells


#: A row's first cell that names nothing: a unit sign or a figure (``%``, ``5.8``).
RE_NO_NAME = re.compile(r"[%％‰]|[-+−]?\d")


def wrapped_name(line: str, nxt: str) -> bool:
    """Whether ``line`` is the name cell of the row ``nxt``, which lacks its own: a PDF's cell
    whose text wraps is set on lines of its own (``一般公共预算收入`` / ``增长`` /
    ``%\\t3.1\\t3``), and the row then starts with a unit or a figure.

    >>> wrapped_name("一般公共预算收入增长", "%\\t3.1\\t3"), wrapped_name("确定以上目标。", "%\\t3.1\\t3")
    (True, False)
    """
    cells = row_cells(nxt)
    return bool(cells and RE_NO_NAME.match(cells[0]) and line and len(line) <= MAX_CELL
                and line[-1] not in _CLOSES_SENTENCE + "：:，," and row_cells(line) is None)


def name_rest(prev: str, line: str, after: list[str]) -> bool:
    """Whether ``line`` is the rest of the name cell of the row ``prev`` just above it:
    ``pdftotext -layout`` writes a row's cells on its first line and the rest of a wrapped
    name below, at the name's column (``一般公共预算收入   %   3.1   3`` / ``增长``). Short, no
    figure, no cell, no clause; indented as the row. Not when it starts the name of the row
    below, which then lacks one (``一般公共预算收入`` / ``增长`` / ``%  3.1  3``, a PDF's cells
    centred in their row: :func:`wrapped_name`): ``after`` are the lines after ``line``.

    >>> row = "一般公共预算收入       %      3.1        3"
    >>> name_rest(row, "增长", [""]), name_rest(row, "确定以上目标，兼顾了需要和可能。", [""])
    (True, False)
    >>> name_rest("城镇新增就业\\t万人\\t1.1\\t1.2以上", "一般公共预算收入", ["增长", "%\\t3.1\\t3"])
    False
    """
    if not _name_like(line) or row_cells(prev) is None or row_cells(line) is not None:
        return False
    if len(line) - len(line.lstrip(_BLANK)) != len(prev) - len(prev.lstrip(_BLANK)):
        return False
    lines = [line, *after]
    for i in range(1, len(lines)):  # the name of a nameless row below, on this line and the next ones
        if wrapped_name(lines[i - 1], lines[i]):
            return False
        if not _name_like(lines[i]):
            break
    return True


def _name_like(line: str) -> bool:
    """Whether ``line`` may be a piece of a row's name cell (:data:`analysis.patterns.RE_NAME_PIECE`)."""
    return P.RE_NAME_PIECE.fullmatch(line.strip(_BLANK)) is not None


def row_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of ``text`` that is a table's row: :func:`row_cells`
    holds for it and for a line next to it (blank lines between are skipped).

    >>> text = "目标是：\\n指标\\t2025年目标\\n地区生产总值增长\\t5%左右\\n一、\\t回顾\\n"
    >>> [text[a:b] for a, b in row_spans(text)]
    ['指标\\t2025年目标', '地区生产总值增长\\t5%左右']
    """
    rows = [(a, b) for a, b in _hinted_lines(text) if row_cells(text[a:b]) is not None]
    # two rows are next to each other when only blank lines stand between them
    near = [not text[b:c].strip(P.SPACE + "\n") for (_, b), (c, _) in zip(rows, rows[1:])]
    return [r for i, r in enumerate(rows) if (i > 0 and near[i - 1]) or (i < len(near) and near[i])]


def _hinted_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of ``text`` with a :data:`RE_BREAK_HINT`, in order."""
    out: list[tuple[int, int]] = []
    for m in RE_BREAK_HINT.finditer(text):
        if out and m.start() < out[-1][1]:
            continue  # a line already taken
        end = text.find("\n", m.start())
        out.append((text.rfind("\n", 0, m.start()) + 1, len(text) if end < 0 else end))
    return out


def cell_breaks(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each separator between two cells of the table rows of ``text``
    (:func:`row_spans`, and :func:`spaced_rows`: a table whose cells only spaces separate)."""
    breaks = [(a + m.start(), a + m.end()) for a, b in row_spans(text) for m in _breaks(text[a:b])]
    spaced = [(a + x, a + y) for a, b in spaced_rows(text) for x, y in _spaced_breaks(text[a:b])]
    return sorted(breaks + spaced) if spaced else breaks


# --- a table whose cells only spaces separate (typed, or pasted from a page) -----------------
#: A run of spaces in a line, ASCII or full-width: a cell break in such a table, unless what
#: follows belongs to the figure before it (:data:`RE_FIGURE_TAIL`).
RE_SPACE_RUN = re.compile(r"[ \u00a0\u3000]+")
#: What follows a figure in its own cell: a qualifier (1.2 以上), a unit sign (5.5 %).
RE_FIGURE_TAIL = re.compile(r"左右|以上|以内|以下|[%％‰]")
#: Longest header line of such a table (a few cells, each at most :data:`MAX_CELL` characters).
MAX_HEADER = 4 * MAX_CELL
#: The words of a table's header: what its columns are (指标, 单位, 2024年完成, 2025年目标).
RE_HEADER_WORD = re.compile(r"指标|项目|名称|单位|目标|完成|实际|预计|计划|(?:19|20)\d\d年")


def _spaced_breaks(line: str) -> list[tuple[int, int]]:
    """The runs of spaces inside ``line`` that separate two cells (not its indent; not those
    before a qualifier, or before a unit sign after a figure: 1.2 以上, 5.5 %, which the
    单位 column's ``%`` after a name is not)."""
    body = line.strip(_BLANK)
    at = line.find(body)
    out = []
    for m in RE_SPACE_RUN.finditer(line, at, at + len(body)):
        tail = RE_FIGURE_TAIL.match(line, m.end())
        if tail and (tail.group() not in "%％‰" or line[m.start() - 1].isdigit()):
            continue
        out.append((m.start(), m.end()))
    return out


def _has_space(s: str) -> bool:
    """Whether ``s`` holds a space :data:`RE_SPACE_RUN` finds (three substring tests: fast)."""
    return " " in s or "\u3000" in s or "\u00a0" in s


def _spaced_cells(line: str) -> list[str] | None:
    """The cells of ``line`` split at :func:`_spaced_breaks`, when each is short and closes no clause."""
    if "\t" in line or not _has_space(line):
        return None
    bounds = [0, *(x for ab in _spaced_breaks(line) for x in ab), len(line)]
    cells = [line[a:b].strip(_BLANK) for a, b in zip(bounds[::2], bounds[1::2])]
    if len(cells) < 2 or any(not c or len(c) > MAX_CELL or c[-1] in _CLOSES_SENTENCE + "，,、：:" for c in cells):
        return None
    return cells


def spaced_rows(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of a table whose cells only spaces separate — typed with
    full-width spaces, or pasted from a page that gave no tabs (``指标　单位　2024年完成　2025年目标`` /
    ``地区生产总值增长　%　5.8　5左右``). Spaces are no cell break in prose (``pdftotext`` puts one
    around figures), so the table must say it is one: a header line whose cells name columns
    (two words of :data:`RE_HEADER_WORD`, no figure but years), then lines with as many cells,
    each naming its row first and holding a figure.

    >>> text = "目标如下：\\n指标　单位　2024年完成　2025年目标\\n地区生产总值增长　%　5.8　5左右\\n城镇新增就业 万人 1.1 1.2 以上\\n确定以上目标。"
    >>> [text[a:b] for a, b in spaced_rows(text)][1:]
    ['地区生产总值增长\\u3000%\\u30005.8\\u30005左右', '城镇新增就业 万人 1.1 1.2 以上']
    >>> spaced_rows("地区生产总值增长 5.5% ，城镇新增就业 1.2 万人。\\n一般公共预算收入增长 2%")
    []
    """
    if not _has_space(text) or not RE_HEADER_WORD.search(text):
        return []
    out: list[tuple[int, int]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        # the cheap tests first: a header is short (prose with a space is a paragraph)
        if len(line) > MAX_HEADER or not _has_space(line) or not RE_HEADER_WORD.search(line):
            continue
        head = _spaced_cells(line)
        if not head or _has_figure("".join(head)) or sum(bool(RE_HEADER_WORD.search(c)) for c in head) < 2:
            continue
        first = i - 1
        while i < len(lines) and (cells := _spaced_cells(lines[i])) and len(cells) == len(head) \
                and not _has_figure(cells[0]) and any(_has_figure(c) for c in cells[1:]):
            i += 1
        if i - first > 1:
            at = sum(len(x) + 1 for x in lines[:first])
            for k in range(first, i):
                out.append((at, at + len(lines[k])))
                at += len(lines[k]) + 1
    return out


# --- a table written a cell a line (pdftotext without -layout) ------------------------------
#: Longest line that may be one cell of a table written a cell a line.
MAX_CELL_LINE = 20
#: Sentence punctuation no such cell holds.
_PROSE_MARKS = set("。；，、：:;,！？!?")
RE_YEAR_WORD = re.compile(r"(?:19|20)\d\d年")
#: A run of six short lines or more after a line break, the fewest such a table has (the last
#: may end the text); group 1 the lines. Led by the break, it is scanned 4x faster than with ``^``.
RE_SHORT_LINES = re.compile(rf"\n((?:[^\n]{{1,{MAX_CELL_LINE}}}(?:\n|\Z)){{6,}})")


#: A line that is a figure alone, as a table's cell is (5.8, 1.2 以上, 3%): prose has none.
RE_BARE_FIGURE = re.compile(r"^[-+−]?\d[\d.,]*\s*[%％‰]?\s*(?:左右|以上|以内|以下)?$")


def _is_cell_line(line: str) -> bool:
    return 0 < len(line) <= MAX_CELL_LINE and "\t" not in line and not (_PROSE_MARKS & set(line)) and not P.RE_HEADING_ANY.match(line)


def _has_figure(line: str) -> bool:
    return any(c.isdigit() for c in RE_YEAR_WORD.sub("", line))


#: Most lines one name cell of such a table wraps onto (一般公共预算收入 / 增长).
MAX_NAME_LINES = 3


def cell_line_layout(run: list[str]) -> list[str] | None:
    """How the lines of a table written a cell a line (``pdftotext`` without ``-layout``: 指标 /
    单位 / 2024年完成 / 2025年目标 / 地区生产总值增长 / % / 5.8 / 5左右 / …) go back together: what
    follows each line, ``"\\t"`` (the row's next cell), ``""`` (its name cell goes on: a PDF sets
    a wrapped name's parts on lines of their own) or ``"\\n"`` (the row ends); None when ``run``
    (lines that may be cells) is not such a table, or not in exactly one way.

    The first k lines are the header, with no figure; each row then is its name, on 1 to
    :data:`MAX_NAME_LINES` lines with no figure, and k - 1 cells, a figure among them, the
    unit column's (a heading 单位) with none. The one count of columns and the one division
    into rows that take every line are the table; a figure on its line is what anchors a
    row, so a wrapped name leaves one division only (一般公共预算收入 / 增长 / % / 3.1 / 3: taking
    增长 for the unit would leave 3 to open the next row, a name with a figure).

    >>> cell_line_layout(["指标", "单位", "2024年完成", "2025年目标", "地区生产总值增长", "%", "5.8", "5左右",
    ...                   "一般公共预算收入", "增长", "%", "3.1", "3"])
    ['\\t', '\\t', '\\t', '\\n', '\\t', '\\t', '\\t', '\\n', '', '\\t', '\\t', '\\t', '\\n']
    >>> cell_line_layout(["指标", "单位", "2025年目标", "地区生产总值增长", "%", "5左右", "城镇新增就业", "万人"]) is None
    True
    """
    found = []
    for k in range(2, 9):
        if len(run) < 3 * k or any(_has_figure(c) for c in run[:k]):
            continue
        unit = next((i for i, h in enumerate(run[:k]) if P.RE_UNIT_HEADING.match(h.replace(" ", ""))), -1)
        for names in _divisions(run, k, unit, k):
            found.append(["\t"] * (k - 1) + ["\n"] + [x for n in names for x in [""] * (n - 1) + ["\t"] * (k - 1) + ["\n"]])
            if len(found) > 1:
                return None
    return found[0] if found else None


def _divisions(run: list[str], k: int, unit: int, start: int, limit: int = 2) -> list[tuple[int, ...]]:
    """Up to ``limit`` divisions of ``run[start:]`` into rows of ``k`` cells (:func:`cell_line_layout`),
    each the number of lines of every row's name. Found from the run's end backwards, each
    position's divisions once (a search from the front that tried every name length again at
    every row would take time exponential in the rows)."""
    tails: dict[int, list[tuple[int, ...]]] = {len(run): [()]}
    for at in range(len(run) - 1, start - 1, -1):
        out: list[tuple[int, ...]] = []
        for n in range(1, MAX_NAME_LINES + 1):
            if at + n > len(run) or _has_figure(run[at + n - 1]):
                break
            cells = run[at + n : at + n + k - 1]
            if len(cells) < k - 1 or not any(map(_has_figure, cells)) or (unit > 0 and _has_figure(cells[unit - 1])):
                continue
            out += [(n, *rest) for rest in tails.get(at + n + k - 1, ())]
        tails[at] = out[:limit]
    return tails[start]


def _cell_runs(text: str) -> Iterator[list[tuple[int, str]]]:
    """Each run of six lines or more of ``text`` that may be a table's cells a line
    (:func:`_is_cell_line`), as ``(start, line)`` pairs."""
    for block in RE_SHORT_LINES.finditer(text):  # only runs of six short lines or more are read
        lines, pos = [], block.start(1)
        for line in block.group(1).split("\n"):
            lines.append((pos, line))
            pos += len(line) + 1
        i = 0
        while i < len(lines):
            j = i
            while j < len(lines) and _is_cell_line(lines[j][1]):
                j += 1
            if j - i >= 6:
                yield lines[i:j]
            i = max(j, i + 1)


def _table_cells(run: list[tuple[int, str]]) -> bool:
    """Whether ``run`` is a table's cells: three lines or more a figure alone."""
    return sum(bool(RE_BARE_FIGURE.match(line)) for _, line in run) >= 3


def cell_line_breaks(text: str) -> tuple[list[int], list[int], list[int]]:
    """The line breaks of ``text`` in a table written a cell a line (:func:`cell_line_layout`):
    those between a row's cells, to be written as tabs (a row a line, its cells apart), those
    inside a name cell, to be removed, and those that end its rows (the header's, and the last
    row's too), which stay line breaks. A table's cells that go back in no one way (a PDF
    leaves an empty cell no line) stay a line each, not run together into a sentence of
    figures (:func:`unplaced_tables` names them)."""
    inside: list[int] = []
    joined: list[int] = []
    ends: list[int] = []
    for run in _cell_runs(text):
        layout = cell_line_layout([line for _, line in run])
        if layout is None and not _table_cells(run):
            continue
        for (start, line), after in zip(run, layout or ["\n"] * len(run)):
            b = start + len(line)
            if after == "\n":
                ends += [b] if b < len(text) else []
            else:
                (inside if after else joined).append(b)
    return inside, joined, ends


def unplaced_tables(text: str) -> list[str]:
    """The first lines of each table of ``text`` still written a cell a line, which
    :func:`cell_line_layout` could not put back in rows: its figures are read as no target."""
    return [" / ".join(line for _, line in run[:4]) for run in _cell_runs(text)
            if _table_cells(run) and cell_line_layout([line for _, line in run]) is None]
