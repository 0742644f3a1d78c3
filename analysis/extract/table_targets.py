"""Targets read from a table under the target intro, a column at a time.

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
"""

from __future__ import annotations

import re
from typing import NamedTuple

from analysis.extract.numbers import find_mentions
from analysis.extract.target_clauses import _sentence_targets

#: Headings of the columns: an item's number, the indicator's name, its unit, a target, a result.
RE_INDEX_COLUMN = re.compile(r"^(?:序号|编号|序)$")
RE_NAME_COLUMN = re.compile(r"指标|项目|名称|内容")
RE_UNIT_COLUMN = re.compile(r"^(?:计量)?单位$")
RE_TARGET_COLUMN = re.compile(r"目标|预期|计划|安排|预计(?!完成|实现)")
RE_RESULT_COLUMN = re.compile(r"完成|实际|实绩|执行|实现|上年|去年|基数|基期")
RE_YEAR = re.compile(r"((?:19|20)\d\d)年?")
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
    Columns(count=4, name=0, unit=1, target=3, header_unit='')
    >>> columns(["指标", "2025年", "2024年"], [["地区生产总值增长（%）", "5左右", "5.8"]], "2025").target
    1
    >>> columns([], [["1", "地区生产总值增长", "5%左右"]], "2025")
    Columns(count=3, name=1, unit=-1, target=2, header_unit='')
    >>> columns(["指标", "单位", "数值", "数值"], [["地区生产总值增长", "%", "5.8", "5"]], "2025") is None
    True
    """
    count = len(header) if header else len(rows[0])
    if header:
        index = [i for i in range(count) if RE_INDEX_COLUMN.match(header[i])]
    else:  # no header: a first column numbering the rows 1, 2, 3 …
        index = [0] if [r[0] for r in rows] == [str(k) for k in range(1, len(rows) + 1)] else []
    unit = next((i for i, h in enumerate(header) if RE_UNIT_COLUMN.match(h)), -1)
    rest = [i for i in range(count) if i not in index and i != unit]
    if not rest:
        return None
    name = next((i for i in rest if header and RE_NAME_COLUMN.search(header[i])), rest[0])
    figures = [i for i in rest if i != name]
    if header:
        target = [i for i in figures if _names_target(header[i], year)]
        figures = target if target else [i for i in figures if not _names_result(header[i], year)]
    if len(figures) != 1:
        return None
    header_unit = next((m.group(1) for h in header if (m := RE_HEADER_UNIT.search(h))), "")
    return Columns(count, name, unit, figures[0], header_unit)


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


def table_targets(rows: list[int], text: list[str], year: str, plan: bool) -> dict[int, list[dict]]:
    """The targets of the table rows among the sentence ``rows`` of a target block (sentences
    ``text``), by row: a row whose table cannot be read has none. Rows that are no table row
    (no tab) are not in the result: the clause reader reads them."""
    table = [r for r in rows if "\t" in text[r]]
    if not table:
        return {}
    split = {r: [text[r][a:b].strip() for a, b in cells(text[r])] for r in table}
    head = table[0] if not _figures(text[table[0]].replace("\t", " ")) else None
    body = [r for r in table if r != head]
    cols = columns(split[head] if head is not None else [], [split[r] for r in body], year) if body else None
    out: dict[int, list[dict]] = {r: [] for r in table}
    if cols is None:
        return out
    for r in body:
        if len(split[r]) == cols.count:
            out[r] = _row_targets(text[r], cols, split.get(head, []), plan)
    return out


def _row_targets(line: str, cols: Columns, header: list[str], plan: bool) -> list[dict]:
    """The targets of one row: its name and its target cell read as one clause."""
    spans = cells(line)
    name_at, name_end = spans[cols.name]
    name = line[name_at:name_end].strip()
    unit = line[slice(*spans[cols.unit])].strip() if cols.unit >= 0 else ""
    if m := RE_BRACKET_UNIT.search(name):
        name, unit = name[: m.start()], unit or m.group(1)
    if not unit and header and (m := RE_BRACKET_UNIT.search(header[cols.target]) or RE_BRACKET_UNIT.search(header[cols.name])):
        unit = m.group(1)
    unit = (unit or cols.header_unit).replace("％", "%")
    at, end = spans[cols.target]
    lead = len(line[at:end]) - len(line[at:end].lstrip())
    cell = line[at + lead : end].rstrip()
    if unit and (m := RE_CELL_NUMBER.match(cell)) and not _has_unit(cell[m.end():]):
        cell = cell[: m.end()] + unit + cell[m.end():]
    clause = name + cell
    found = _sentence_targets(clause, 0, plan, find_mentions(clause))
    out = []
    for t in found:
        if t["start"] < len(name):
            continue  # a figure of the name (PM2.5)
        t["start"] = at + lead + min(t["start"] - len(name), max(end - at - lead - 1, 0))
        out.append(t)
    return out


def _has_unit(after: str) -> bool:
    """Whether the text after a cell's number starts with a unit (not a qualifier: 左右, 以上)."""
    return bool(after) and not re.match(r"(?:左右|以上|以内|以下|上下|及以上|内)", after)
