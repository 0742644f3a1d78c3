"""A table of targets under the target intro, read a column at a time: the targets, and last year's results.

Some reports (a county's or a city's more often than a province's) give the year's targets
as a table: ``指标 | 单位 | 2024年完成 | 2025年目标``, one row an indicator. The cleaning keeps
a row's cells apart with a tab (:mod:`analysis.clean.tables`). Read as a clause, such a row
has two figures and no words between them, and both were taken as targets; the header is
what says which column is the target: the column whose heading speaks of a goal or a plan
(目标, 预期, 计划, 安排) and names no earlier year and no result (完成, 实际, 执行), the
figure columns' unit from a unit column (单位), from the name's brackets
(``地区生产总值增长（%）``) or from the header (``单位：%``).

Each row is then read as the clause its name and its target cell make
(``地区生产总值增长`` + ``5%左右``), with the clause reader of the target paragraph
(:mod:`analysis.extract.target_clauses`); the row's offsets point at the target cell. A
table whose target column cannot be told (two figure columns and a header that names
neither, or no header) gives no targets: a figure read from the wrong column would be
wrong without a word.

A column of last year's results (``2024年完成``, ``上年实际``, ``2024年预计完成``: a result word
or the year before the report's, no other year, no goal word) gives the outcomes table what
the review's sentences do not state (:func:`target_table_results`; a forecast is qualified
``预计``). So does a table outside the target blocks (the review's 主要指标完成情况:
``指标 | 单位 | 2024年目标 | 2024年完成``) whose header names one such column by last year or by
上年/去年 (:func:`review_columns`); its target column is no target.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from analysis.extract.blocks import name_rest
from analysis.extract.context import trim_metric
from analysis.extract.indicators import indicator_of
from analysis.extract.numbers import find_mentions
from analysis.extract.target_clauses import _sentence_targets
from analysis.patterns import RE_UNIT_HEADING

#: Headings of the columns: an item's number, the indicator's name, its unit, a target, a result.
RE_INDEX_COLUMN = re.compile(r"^(?:序号|编号|序)$")
RE_NAME_COLUMN = re.compile(r"指标|项目|名称|内容")
RE_TARGET_COLUMN = re.compile(r"目标|预期|计划|安排|预计(?!完成|实现)")
RE_RESULT_COLUMN = re.compile(r"完成|实际|实绩|执行|实现|上年|去年|基数|基期")
RE_YEAR = re.compile(r"((?:19|20)\d\d)年?")
#: A name that counts several years: its figure is no one year's result.
RE_SEVERAL_YEARS = re.compile(r"年均|累计|平均")
#: A unit in brackets at the end of a name or a heading: 地区生产总值增长（%）, 指标（单位：万人）.
RE_BRACKET_UNIT = re.compile(r"[（(](?:单位[：:])?([^（）()：:]{1,6})[)）]$")
#: A header's unit for the whole table: 单位：%.
RE_HEADER_UNIT = re.compile(r"单位[：:]\s*([^\s，,；;）)]{1,6})")
#: The first number of a cell (a range's two ends included), after which its unit goes.
RE_CELL_NUMBER = re.compile(r"^[^\d]*?[-+−]?\d+(?:\.\d+)?(?:\s*[-~～—至到]\s*\d+(?:\.\d+)?)?")


class Columns(NamedTuple):
    """Which cell of a row is what; -1 for none."""

    count: int
    name: int
    unit: int
    target: int
    header_unit: str
    result: int = -1  # last year's result (2024年完成, 上年实际, 2024年预计完成), if a column is that


def cells(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each cell of a cleaned table row (cells separated by a tab).

    >>> line = "城镇新增就业\\t万人\\t1.1\\t1.2以上"
    >>> [line[a:b] for a, b in cells(line)]
    ['城镇新增就业', '万人', '1.1', '1.2以上']
    """
    out, start = [], 0
    for part in line.split("\t"):
        out.append((start, start + len(part)))
        start += len(part) + 1
    return out


def _figures(text: str) -> bool:
    return any(m.kind in ("level", "change", "share", "ratio") for m in find_mentions(text))


def columns(header: list[str], rows: list[list[str]], year: str) -> Columns | None:
    """The columns of a table from its ``header`` cells (``[]`` when it has none) and the cells
    of its data ``rows``; None when the target column cannot be told.

    >>> columns(["指标", "单位", "2024年完成", "2025年目标"], [["地区生产总值增长", "%", "5.8", "5左右"]], "2025")
    Columns(count=4, name=0, unit=1, target=3, header_unit='', result=2)
    >>> columns(["指标", "2025年", "2024年"], [["地区生产总值增长（%）", "5左右", "5.8"]], "2025").target
    1
    >>> columns([], [["1", "地区生产总值增长", "5%左右"]], "2025")
    Columns(count=3, name=1, unit=-1, target=2, header_unit='', result=-1)
    >>> columns(["指标", "单位", "数值", "数值"], [["地区生产总值增长", "%", "5.8", "5"]], "2025") is None
    True
    """
    count = len(header) if header else len(rows[0])
    if header:
        index = [i for i in range(count) if RE_INDEX_COLUMN.match(header[i])]
    else:  # no header: a first column numbering the rows 1, 2, 3 …
        index = [0] if [r[0] for r in rows] == [str(k) for k in range(1, len(rows) + 1)] else []
    unit = next((i for i, h in enumerate(header) if RE_UNIT_HEADING.match(h)), -1)
    rest = [i for i in range(count) if i not in index and i != unit]
    if not rest:
        return None
    name = next((i for i in rest if header and RE_NAME_COLUMN.search(header[i])), rest[0])
    figures = [i for i in rest if i != name]
    results = [i for i in figures if header and _names_last_result(header[i], year)]
    if header:
        target = [i for i in figures if _names_target(header[i], year)]
        figures = target if target else [i for i in figures if not _names_result(header[i], year)]
    if len(figures) != 1:
        return None
    return Columns(count, name, unit, figures[0], _header_unit(header), results[0] if len(results) == 1 else -1)


def _names_target(heading: str, year: str) -> bool:
    """A target column's heading: a goal or plan word, no result word, no year but ``year``;
    or the report's year alone (2025年)."""
    years = RE_YEAR.findall(heading)
    if year and any(y != year for y in years) or RE_RESULT_COLUMN.search(heading):
        return False
    return bool(RE_TARGET_COLUMN.search(heading)) or bool(year and years == [year])


def _names_result(heading: str, year: str) -> bool:
    """A column of results: a result word, or a year before ``year``."""
    return bool(RE_RESULT_COLUMN.search(heading)) or any(year and y < year for y in RE_YEAR.findall(heading))


def _names_last_result(heading: str, year: str) -> bool:
    """The column of last year's results: a result word or the year before ``year``, no other
    year, no goal word (2024年完成, 上年实际, 2024年预计完成; not 2024年目标).

    >>> [_names_last_result(h, "2025") for h in ("2024年完成", "上年实际", "2024年", "2024年目标", "2023年完成")]
    [True, True, True, False, False]
    """
    years = RE_YEAR.findall(heading)
    last = str(int(year) - 1) if year.isdigit() else ""
    if RE_TARGET_COLUMN.search(heading) or (years and (not last or any(y != last for y in years))):
        return False
    return bool(RE_RESULT_COLUMN.search(heading)) or bool(years)


def table_targets(rows: list[int], text: list[str], year: str, plan: bool) -> dict[int, list[dict]]:
    """The targets of the table rows among the sentence ``rows`` of a target block (sentences
    ``text``), by row: a row whose table cannot be read has none. Rows that are no table row
    (no tab) are not in the result: the clause reader reads them (a row's name rest, see
    :func:`name_rest`, none)."""
    out: dict[int, list[dict]] = {}
    for r, cols, header in _table_rows(rows, text, year):
        rest = name_rest(text, r)
        out[r] = _row_targets(text[r], cols, header, plan, rest) if cols else []
        if rest:
            out[r + 1] = []
    return out


def table_results(rows: list[int], text: list[str], year: str, reader=None) -> list[tuple[int, str, str, object]]:
    """Last year's results in a target table's result column (``指标 | 2024年完成 | 2025年目标``):
    ``(sentence row, indicator, name, mention)`` for each row naming an indicator, the mention's
    offsets in the row's sentence, its period the column's heading (a forecast, 预计完成, is
    its qualifier). ``reader`` tells the columns (default :func:`columns`)."""
    out = []
    for r, cols, header in _table_rows(rows, text, year, reader or columns):
        if cols is None or not 0 <= cols.result < len(cells(text[r])):
            continue
        name, at, width, clause = _cell_clause(text[r], cols, header, cols.result, name_rest(text, r))
        m = next((m for m in find_mentions(clause) if m.start >= len(name) and m.kind), None)
        if m is not None and (indicator := indicator_of(name)):
            forecast = "预计" if "预计" in header[cols.result] else ""
            qualifier = "|".join(q for q in (forecast, m.qualifier) if q)
            start, end = _in_row(name, at, width, m.start, m.end)
            out.append((r, indicator, trim_metric(name) or name, replace(m, start=start, end=end, qualifier=qualifier, period=header[cols.result])))
    return out


def _table_rows(rows: list[int], text: list[str], year: str, reader=None):
    """``(sentence row, Columns or None, header cells)`` for each table row among the sentence
    ``rows`` of a target block, the header's included (with no figures: it yields none)."""
    table = [r for r in rows if "\t" in text[r]]
    if not table:
        return
    split = {r: [text[r][a:b].strip() for a, b in cells(text[r])] for r in table}
    heads = _header_rows(table, text)
    body = [r for r in table if r not in heads]
    header = combined_header([split[r] for r in heads])
    cols = (reader or columns)(header, [split[r] for r in body], year) if body else None
    for r in table:
        # a row as wide as the header, or short of empty last cells only (a page's trailing
        # empty cell is not written); a wider one is out of step with the header
        fits = cols is not None and max(cols.name, cols.unit, cols.target) < len(split[r]) <= cols.count
        yield r, cols if r not in heads and fits else None, header


def _header_rows(table: list[int], text: list[str]) -> list[int]:
    """The rows that head a table (its first rows with no figure: one, or two when the header
    has a row of sub-headings)."""
    heads = []
    for r in table[:3]:
        if _figures(text[r].replace("\t", " ")):
            break
        heads.append(r)
    return heads


def combined_header(rows: list[list[str]]) -> list[str]:
    """One heading per column from a header of one or more rows: a column's cells top to
    bottom, a heading spanning several columns (its text at the first, the others empty)
    carried over those its row below divides (``2024年`` over ``目标 | 完成``).

    >>> combined_header([["指标", "单位", "2024年", "", "2025年目标"], ["", "", "目标", "完成", ""]])
    ['指标', '单位', '2024年目标', '2024年完成', '2025年目标']
    """
    if not rows:
        return []
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    for i, row in enumerate(grid[:-1]):
        for j in range(1, width):
            if not row[j] and row[j - 1] and grid[i + 1][j] and grid[i + 1][j - 1]:
                row[j] = row[j - 1]  # a spanning heading, over this column too
    return ["".join(row[j] for row in grid) for j in range(width)]


def _cell_clause(line: str, cols: Columns, header: list[str], column: int, rest: str = "") -> tuple[str, int, int, str]:
    """``(name, offset of the cell's text in line, its width there, clause)``: the row's name
    (with ``rest``, the rest of a wrapped name on the line below, :func:`name_rest`; its unit in
    brackets taken off) and the cell of ``column``, its unit written after its number (from the
    unit column, the brackets, or the header) — the clause a report would have written."""
    spans = cells(line)
    name = line[slice(*spans[cols.name])].strip() + rest
    unit = line[slice(*spans[cols.unit])].strip() if cols.unit >= 0 else ""
    if m := RE_BRACKET_UNIT.search(name):
        name, unit = name[: m.start()], unit or m.group(1)
    if not unit and header and (m := RE_BRACKET_UNIT.search(header[column]) or RE_BRACKET_UNIT.search(header[cols.name])):
        unit = m.group(1)
    unit = (unit or cols.header_unit).replace("％", "%")
    at, end = spans[column]
    at += len(line[at:end]) - len(line[at:end].lstrip())
    cell = line[at:end].rstrip()
    if unit and (m := RE_CELL_NUMBER.match(cell)) and not _has_unit(cell[m.end():]):
        cell = cell[: m.end()] + unit + cell[m.end():]
    return name, at, end - at, name + cell


def _in_row(name: str, at: int, width: int, start: int, end: int) -> tuple[int, int]:
    """The offsets in the row of a figure at ``start:end`` in a cell's clause (:func:`_cell_clause`:
    the name, then the cell at ``at`` in the row, ``width`` wide): the unit put in is not in the row."""
    return at + start - len(name), at + min(end - len(name), width)


def _row_targets(line: str, cols: Columns, header: list[str], plan: bool, rest: str = "") -> list[dict]:
    """The targets of one row: its name (and ``rest``) and its target cell read as one clause."""
    name, at, width, clause = _cell_clause(line, cols, header, cols.target, rest)
    out = []
    for t in _sentence_targets(clause, 0, plan, find_mentions(clause)):
        if t["start"] < len(name):
            continue  # a figure of the name (PM2.5)
        t["start"] = at + min(t["start"] - len(name), max(width - 1, 0))
        out.append(t)
    return out


def _has_unit(after: str) -> bool:
    """Whether the text after a cell's number starts with a unit (not a qualifier: 左右, 以上)."""
    return bool(after) and not re.match(r"(?:左右|以上|以内|以下|上下|及以上|内)", after)


def _labelled(header: list[str]) -> tuple[int, int, str, list[int]]:
    """(name column, unit column, the whole table's unit, the figure columns) a ``header``
    names: the unit column by its heading 单位, the name column by 指标/项目/名称 (else the first
    but the unit and an item number), the table's unit by 单位：%; -1 (or "") for none."""
    unit = next((i for i, h in enumerate(header) if RE_UNIT_HEADING.match(h)), -1)
    rest = [i for i, h in enumerate(header) if i != unit and not RE_INDEX_COLUMN.match(h)]
    name = next((i for i in rest if RE_NAME_COLUMN.search(header[i])), rest[0] if rest else -1)
    return name, unit, _header_unit(header), [i for i in rest if i != name]


def _header_unit(header: list[str]) -> str:
    return next((m.group(1) for h in header if (m := RE_HEADER_UNIT.search(h))), "")


def review_columns(header: list[str], rows: list[list[str]], year: str) -> Columns | None:
    """The columns of a table of last year's results outside the target blocks (the review's
    主要指标完成情况: ``指标 | 单位 | 2024年目标 | 2024年完成``): the name, the unit and the one column
    whose heading names last year's results by the year or by 上年/去年 (2024年完成, 上年实际;
    not a bare 完成, which a five-year plan's table uses for the plan's years); no target
    column. None when the header names no such column, or more than one.

    >>> review_columns(["指标", "单位", "2024年目标", "2024年完成"], [["地区生产总值增长", "%", "6", "5.8"]], "2025")
    Columns(count=4, name=0, unit=1, target=-1, header_unit='', result=3)
    >>> review_columns(["指标", "规划目标", "完成"], [["地区生产总值年均增长（%）", "6", "5.5"]], "2026") is None
    True
    """
    if not header or not year.isdigit():
        return None
    last = str(int(year) - 1)
    name, unit, header_unit, figures = _labelled(header)
    results = [i for i in figures if _names_last_result(header[i], year)
               and (last in RE_YEAR.findall(header[i]) or re.search("上年|去年", header[i]))]
    if name < 0 or len(results) != 1:
        return None
    return Columns(len(header), name, unit, -1, header_unit, results[0])


def target_table_results(sentences, year: int | None) -> list[tuple[int, str, str, object]]:
    """:func:`table_results` of the tables in the year's target blocks of ``sentences`` (a
    sentences table; ``year`` the report's), then of the tables outside them whose columns
    :func:`review_columns` tells (a row whose name counts several years, 年均 or 累计, gives
    none: it is no year's result)."""
    from analysis.extract.blocks import _block_rows, target_blocks

    text, paragraph = sentences["sentence"].tolist(), sentences["paragraph_id"].tolist()
    if not any("\t" in t for t in text):
        return []
    read: dict[int, list] = {}

    def mentions_of(r: int) -> list:
        if r not in read:
            read[r] = find_mentions(text[r])
        return read[r]

    out = []
    in_blocks: set[int] = set()
    for i, offset, plan in target_blocks(sentences):
        rows = [r for r, _ in _block_rows(paragraph, mentions_of, i, offset, text)]
        in_blocks.update(rows)
        if not plan:
            out += table_results(rows, text, str(year or ""))
    table: list[int] = []  # the rows of one table outside the blocks
    for r in [*range(len(text)), len(text)]:
        if r < len(text) and "\t" in text[r] and r not in in_blocks:
            table.append(r)
            continue
        if table:
            out += [x for x in table_results(table, text, str(year or ""), review_columns) if not RE_SEVERAL_YEARS.search(text[x[0]])]
        table = []
    return out


def table_headers(text: list[str]) -> dict[int, list[str]]:
    """sentence row → the (combined) header of the table it is a data row of, for each table
    row of ``text`` (a row with a tab) under header rows with no figure.

    >>> table_headers(["目标是：", "指标\\t单位\\t2025年目标", "城镇新增就业\\t万人\\t1.2以上"])
    {2: ['指标', '单位', '2025年目标']}
    """
    header: dict[int, list[str]] = {}
    heads: list[list[str]] = []  # the header rows of the table being read
    for r, line in enumerate(text):
        if "\t" not in line:
            if not (r and name_rest(text, r - 1)):  # a row's name rest is no end of its table
                heads = []
        elif not _figures(line.replace("\t", " ")) and (not heads or r - 1 not in header):
            heads.append([line[a:b].strip() for a, b in cells(line)])
        elif heads:
            header[r] = combined_header(heads)
    return header


def cell_readings(text: list[str], read, headers: dict[int, list[str]] | None = None) -> dict[tuple[int, int], tuple]:
    """``(sentence row, offset of its number) → reading`` of each figure cell of a table row of
    ``text`` whose unit is written apart from it (a 单位 column, the name's brackets, the
    header's 单位：%), read by ``read`` (a sentence → its mention rows) as the clause the row
    states (:func:`_cell_clause`: 地区生产总值增长 + 5.8 + % → 地区生产总值增长5.8%): so the figure
    has its unit, quantity and kind, and the row's name for its metric. The readings' offsets are
    the cell's in the row; a cell whose clause gives no figure at its number is left out.
    ``headers``: :func:`table_headers` of ``text``, if the caller has them."""
    out: dict[tuple[int, int], tuple] = {}
    for r, header in (table_headers(text) if headers is None else headers).items():
        name, unit, header_unit, figures = _labelled(header)
        if name < 0:
            continue
        cols = Columns(len(header), name, unit, -1, header_unit)
        spans = cells(text[r])
        if not (unit < len(spans) and name < len(spans)) or len(spans) > len(header):
            continue  # a row out of step with its header
        for column in (i for i in figures if i < len(spans)):
            label, at, width, clause = _cell_clause(text[r], cols, header, column, name_rest(text, r))
            if clause == label + text[r][at : at + width].rstrip():
                continue  # no unit written apart: the row's own reading stands
            for m in read(clause):
                if m.start == len(label):
                    start, end = _in_row(label, at, width, m.start, m.end)
                    out[r, start] = m._replace(start=start, end=end, text=text[r][start:end])
    return out


def column_statuses(text: list[str], rows: list[int], starts: list[int], status: list[str], year,
                    headers: dict[int, list[str]] | None = None) -> list[str]:
    """``status`` of each figure (in sentence ``rows`` of ``text``, at offset ``starts`` in its
    sentence), with a table cell's status taken from its column's heading where that names a
    target (planned: 2025年目标, 2024年目标) or a result (achieved: 2024年完成); figures outside a table,
    or under a heading that names neither, keep theirs.

    >>> text = ["指标\\t2024年完成\\t2025年目标", "城镇新增就业（万人）\\t1.1\\t1.2以上"]
    >>> column_statuses(text, [1, 1], [11, 15], ["planned", "planned"], 2025)
    ['achieved', 'planned']
    """
    year = str(year or "")
    header = table_headers(text) if headers is None else headers
    out = list(status)
    for i, (r, start) in enumerate(zip(rows, starts)):
        if r in header and (col := text[r][:start].count("\t")) < len(header[r]):
            heading = header[r][col]
            if _names_target(heading, year) or (RE_TARGET_COLUMN.search(heading) and not RE_RESULT_COLUMN.search(heading)):
                out[i] = "planned"  # this year's target, or an earlier year's (2024年目标)
            elif _names_result(heading, year):
                out[i] = "achieved"
    return out
