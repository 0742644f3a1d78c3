"""The reports of a corpus: files of any format the reader knows, and tables of reports.

:func:`iter_corpus` streams every report of files and folders as a :class:`Record` (a table's
rows, JSONL lines, a text/web/Word/PDF file as one), and everything it cannot read as a
:class:`Problem`; :func:`iter_records` is the same for one file, as ``(doc_id, text,
metadata)``. Offsets of a record's Document are into its text field (a table), or into the
raw text the reader gives (:class:`analysis.readers.Source`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd

from ..errors import InputError, Problem
from .files import (  # noqa: F401 (CORPUS_SUFFIXES, UNREAD_FORMATS, corpus_files re-exported)
    CORPUS_SUFFIXES,
    ID_FROM,
    UNREAD_FORMATS,
    corpus_files,
    document_name,
    files_with_folders,
)
from .metadata import LEVELS, infer_kind, infer_level, year_in
from .source import DOCUMENT_FORMATS, Source, read_source, sniff_file

#: Text fields looked for, in order, when the caller names none: English, then the Chinese a
#: researcher's own table is likely to use (全文, 正文 …).
TEXT_FIELDS = ("full_text", "content", "text", "全文", "正文", "内容", "文本")

def iter_records(path: str | Path, text_field: str | None = None) -> Iterator[tuple[str, str, dict]]:
    """Yield ``(doc_id, text, metadata)`` for each report in one file, read by the corpus
    reader (:func:`iter_corpus`); a file that cannot be read, or a bad row, raises
    :class:`InputError`. ``metadata`` is the record's (:data:`METADATA_COLUMNS`, ``kind``;
    the source's ``date`` as ``published``, as ``build`` names it) with ``path`` and
    ``record`` (its row).

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "r.jsonl")
    >>> _ = open(p, "w", encoding="utf-8").write('{"year": "2025", "content": "各位代表"}\\n')
    >>> [(d, t, m["year"]) for d, t, m in iter_records(p)]
    [('r-0001', '各位代表', 2025)]
    """
    for item in iter_corpus(path, text_column=text_field):
        if isinstance(item, Problem):
            raise InputError(item.path, str(item).removeprefix(f"{item.path}: "))
        meta = dict(item.metadata)
        meta["published"] = meta.pop("date")  # the source's date; "date" is the report's own
        yield item.doc_id, item.text, {**meta, "path": item.path, "record": item.row}

def _pick_field(fields, text_field: str | None, path: Path) -> str:
    if text_field:
        if text_field not in fields:
            raise InputError(path, f"no text column '{text_field}' (columns: {', '.join(map(str, fields))})")
        return text_field
    for name in TEXT_FIELDS:
        if name in fields:
            return name
    seen = ", ".join(f"“{' '.join(_cell(f).split())[:12]}”" for f in list(fields)[:4]) + (" …" if len(fields) > 4 else "")
    raise InputError(path, f"no text column (looked for {', '.join(TEXT_FIELDS)}) in the header row ({seen}); "
                           "name the column with --text-column (text_column= in Python)")

#: Metadata every document gets, and the input columns looked for, in order, for each
#: (the first present wins; ``columns=`` names another). ``level`` and ``kind`` are inferred
#: when no column gives them (see :func:`infer_level`, :func:`infer_kind`).
METADATA_COLUMNS = {
    "title": ("title", "标题", "题目"),
    "year": ("year", "年份", "年度"),
    "region": ("region", "province", "city", "district", "地区", "省份", "城市", "区县"),
    "level": ("level",),
    "date": ("date", "publish_date", "发布日期", "日期"),
    "source": ("source", "source_url", "url", "来源", "链接", "网址"),
}

@dataclass(frozen=True)
class Record:
    """One report read from a corpus input, before processing.

    ``metadata`` has exactly the keys of :data:`METADATA_COLUMNS` plus ``kind``; ``year``
    is an ``int`` or ``None``, the rest strings (``""`` when unknown).
    """

    doc_id: str
    text: str
    metadata: dict
    path: str
    row: int | None  # 1-based data row (CSV/Excel/Stata, header not counted) or line (JSONL); None for a document file
    source: "Source | None" = None  # how a document file was read (format, offsets into its raw text)

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()

class _Fields:
    """Which input column gives the text, the id and each metadata field of a table."""

    def __init__(self, header, path: Path, text_column, id_column, columns, level):
        header = [str(h) for h in header if h is not None]
        self.text = _pick_field(header, text_column, path)
        if id_column and id_column not in header:
            raise InputError(path, f"no id column '{id_column}' (columns: {', '.join(header)})")
        self.id = id_column
        self.level = level
        self.meta: dict[str, str | None] = {}
        for key, candidates in METADATA_COLUMNS.items():
            named = (columns or {}).get(key)
            if named and named not in header:
                raise InputError(path, f"no {key} column '{named}' (columns: {', '.join(header)})")
            self.meta[key] = named or next((c for c in candidates if c in header), None)

    def record(self, rec: Mapping, path: Path, row: int, default_id: str) -> Record | Problem:
        text = rec.get(self.text)
        if text is None or not str(text).strip():
            return Problem(str(path), row, f"empty text in column '{self.text}'")
        if not isinstance(text, str):  # a JSON number or list, an Excel number: never read as its repr
            return Problem(str(path), row, f"text in column '{self.text}' is {type(text).__name__}, not text")
        doc_id = _cell(rec.get(self.id)) if self.id else default_id
        if not doc_id:
            return Problem(str(path), row, f"empty id in column '{self.id}'")
        meta = {k: _cell(rec.get(c)) if c else "" for k, c in self.meta.items()}
        meta["year"] = year_in(meta["year"])
        meta["level"] = self.level or meta["level"] or infer_level(meta["title"], meta["region"], self.meta["region"])
        meta["kind"] = infer_kind(meta["title"])
        return Record(doc_id, str(text), meta, str(path), row)

def _document_record(path: Path, data: bytes, sniffed: tuple, level: str | None, name: str | None = None) -> Record:
    source = read_source(path, data, sniffed)
    meta = {k: "" for k in METADATA_COLUMNS}
    meta.update(year=None, source=str(path), level=level or "", kind="report")
    if source.page_title:
        meta["page_title"] = source.page_title
    return Record(name or path.stem, source.text, meta, str(path), None, source)

def _corpus_jsonl(path: Path, fields_args, name: str) -> Iterator[Record | Problem]:
    fields = None
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(str(path), n, f"not UTF-8 ({exc.reason})")
                continue
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Problem(str(path), n, f"not JSON ({exc.msg})")
                continue
            if not isinstance(rec, dict):
                yield Problem(str(path), n, "not a JSON object")
                continue
            try:
                fields = _Fields(rec.keys(), path, *fields_args)
            except InputError as exc:
                yield Problem(str(path), n, exc.problem)
                continue
            yield fields.record(rec, path, n, f"{name}-{n:04d}")

#: How many rows above a table's header a title may take (a title, a subtitle, blank rows).
TITLE_ROWS = 5


def _filled(values) -> int:
    """How many cells of a row hold something."""
    return sum(1 for v in values or () if v is not None and str(v).strip())


def _header_below_titles(path: Path, rows, fields_args):
    """The header under a workbook's title rows (``2026年省级政府工作报告汇编`` in one cell above
    ``省份 年份 全文``): among the next :data:`TITLE_ROWS` rows, each holding at most one filled
    cell until then, the first that names a text column. Returns ``(fields, header, rows)``,
    the rows renumbered from the header; the error of the first row of several filled cells
    when it names none (the header the user meant); or ``None`` (nothing like a header)."""
    for k, (_, values) in enumerate(rows, 1):
        if k > TITLE_ROWS:
            return None
        try:
            fields = _Fields(values, path, *fields_args)
        except InputError as exc:
            if _filled(values) > 1:
                return exc
            continue
        return fields, values, ((n - k, v) for n, v in rows)
    return None


def _table_records(path: Path, header, rows, fields_args, single_name: bool, name: str) -> Iterator[Record | Problem]:
    """Records of a table given its header and an iterator of ``(row, values)``; a title in
    one cell above the header is passed over (:func:`_header_below_titles`)."""
    try:
        fields = _Fields(header, path, *fields_args)
    except InputError as exc:
        below = _header_below_titles(path, rows, fields_args) if _filled(header) <= 1 else None
        if not isinstance(below, tuple):
            yield Problem(str(path), None, (below or exc).problem)
            return
        fields, header, rows = below
    names = [None if h is None else str(h) for h in header]
    pending = None  # hold the first record back: a one-row table's document is named after the file
    empty = None  # first and last row of a run of empty rows, reported as one problem
    for n, values in rows:
        if pending is not None:
            yield pending
            pending = None
        if not _filled(values):
            empty = (empty[0] if empty else n, n)
            continue
        if empty:
            yield _empty_rows(path, *empty)
            empty = None
        if len(values) > len(names):
            yield Problem(str(path), n, f"{len(values)} fields, but the header has {len(names)}")
            continue
        rec = {k: v for k, v in zip(names, values) if k is not None}
        item = fields.record(rec, path, n, f"{name}-{n:04d}")
        if n == 1 and single_name and isinstance(item, Record):
            pending = item
            continue
        yield item
    if empty:  # trailing empty rows (a sheet with a stray cell far below the data): one problem
        yield _empty_rows(path, *empty)
    if pending is not None:  # the table's only row: named after the file, as iter_records does
        yield pending if fields.id else Record(name, pending.text, pending.metadata, pending.path, pending.row)

def _empty_rows(path: Path, first: int, last: int) -> Problem:
    """One problem for a run of empty rows (a sheet may hold hundreds of thousands)."""
    if first == last:
        return Problem(str(path), first, "empty row")
    return Problem(str(path), first, f"empty rows {first}–{last} ({last - first + 1:,} rows)")

def _sniff_encoding(path: Path) -> str:
    """Encoding of a CSV file, read from its first megabyte (UTF-8 with or without BOM first)."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    import codecs

    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from .source import decode_bytes

    return decode_bytes(head, str(path))[1]

def _corpus_csv(path: Path, fields_args, name: str) -> Iterator[Record | Problem]:
    import csv

    csv.field_size_limit(1 << 30)  # one report per cell: far past the 128 KiB default
    try:
        encoding = _sniff_encoding(path)
    except InputError as exc:
        yield Problem(str(path), None, exc.problem)
        return
    with open(path, encoding=encoding, newline="") as fh:
        first = fh.readline()
        fh.seek(0)
        # tab-separated: a .tsv, or a header of tabs and no comma (Excel's "Unicode text")
        tabs = path.suffix.lower() == ".tsv" or ("\t" in first and "," not in first)
        reader = csv.reader(fh, delimiter="\t" if tabs else ",")
        try:
            header = next(reader, None)
            if not header:
                yield Problem(str(path), None, "empty file (no header row)")
                return
            rows = ((n, values) for n, values in enumerate(reader, 1))
            yield from _table_records(path, header, rows, fields_args, single_name=True, name=name)
        except (csv.Error, UnicodeDecodeError) as exc:
            yield Problem(str(path), getattr(reader, "line_num", None), f"unreadable CSV ({exc}); rest of file skipped")

def _reason(exc: Exception) -> str:
    r"""``Type: first line`` of why a file could not be read, one line; the cause where the
    error wraps one (openpyxl wraps defusedxml's refusal of an entity in a ValueError of
    three lines).

    >>> try:
    ...     try:
    ...         raise KeyError("sheet1.xml")
    ...     except KeyError as e:
    ...         raise ValueError("Unable to read workbook\nPlease see the exception") from e
    ... except ValueError as exc:
    ...     _reason(exc)
    "KeyError: 'sheet1.xml'"
    """
    exc = exc.__cause__ or exc
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"

def _corpus_xlsx(path: Path, fields_args, name: str) -> Iterator[Record | Problem]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - optional dependency
        yield Problem(str(path), None, "reading .xlsx needs openpyxl (pip install openpyxl)")
        return
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        yield Problem(str(path), None, f"not a readable .xlsx file ({_reason(exc)})")
        return
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header or all(h is None for h in header):
            yield Problem(str(path), None, "empty sheet (no header row)")
            return
        yield from _table_records(path, list(header), enumerate(rows, 1), fields_args, single_name=True, name=name)
    finally:
        book.close()

def _corpus_dta(path: Path, fields_args, name: str) -> Iterator[Record | Problem]:
    """Rows of a Stata ``.dta`` file (pandas' reader; strings are UTF-8 from Stata 14 on)."""
    try:
        frame = pd.read_stata(path, convert_categoricals=False, preserve_dtypes=False)
    except Exception as exc:  # ValueError, struct.error, UnicodeDecodeError … from a damaged file
        yield Problem(str(path), None, f"not a readable Stata file ({_reason(exc)})")
        return
    frame = frame.astype(object).where(frame.notna(), None)
    rows = ((n, list(values)) for n, values in enumerate(frame.itertuples(index=False, name=None), 1))
    yield from _table_records(path, list(frame.columns), rows, fields_args, single_name=True, name=name)

def _isolated(f: Path, items: Iterator[Record | Problem]) -> Iterator[Record | Problem]:
    """Yield the items of one file; any exception while reading it is one :class:`Problem`
    naming the file and the row after the last one read, and the rest of the file is skipped."""
    row = None
    try:
        for item in items:
            row = item.row if item.row is not None else row
            yield item
    except Exception as exc:  # a truncated .xlsx (ParseError), an I/O error …: never the whole run
        msg = str(exc).splitlines()[0] if str(exc) else ""
        yield Problem(str(f), None if row is None else row + 1,
                      f"unreadable ({type(exc).__name__}: {msg}); rest of file skipped")

def iter_corpus(
    inputs,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    columns: Mapping[str, str] | None = None,
    level: str | None = None,
    id_from: str | None = None,
) -> Iterator[Record | Problem]:
    """Stream every report of a corpus as a :class:`Record`, every unreadable one as a :class:`Problem`.

    Inputs are files and folders: a ``.txt`` file is one report; ``.csv``, ``.xlsx`` (first
    sheet) and ``.jsonl`` hold one report per row, with a header row (CSV, Excel) or keys
    (JSONL). Nothing is held in memory beyond one row. A bad row — a JSONL line that is not
    JSON, an empty Excel row, a row without text — is a Problem and the next row is read; a
    table without the text column is one Problem for the file.

    Args:
        inputs: a path or a list of paths (files or folders).
        text_column: column holding the text; default the first of :data:`TEXT_FIELDS`.
        id_column: column holding the document id (``id_from="column"``, the default when given).
        id_from: how documents are named (:data:`ID_FROM`): ``"path"`` (default) the file's
            path under its input folder without the extension, ``<path>-<row:04d>`` for a row
            of a table (the path alone for a one-row table, as :func:`iter_records` does), so
            that ``北京/2024.txt`` and ``上海/2024.txt`` are two documents; a file given
            itself is named by its stem. ``"stem"``: the file's stem alone. ``"column"``:
            ``id_column``.
        columns: ``{field: column}`` for metadata fields whose column is named otherwise
            than in :data:`METADATA_COLUMNS`, e.g. ``{"region": "地区"}``.
        level: the level of every document (one of :data:`LEVELS`), overriding inference.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "r.jsonl")
    >>> _ = open(p, "w", encoding="utf-8").write('{"year": "2025", "content": "各位代表"}\\n{oops\\n')
    >>> [str(r) if isinstance(r, Problem) else (r.doc_id, r.metadata["year"])
    ...  for r in iter_corpus(p)]  # doctest: +ELLIPSIS
    [('r-0001', 2025), '...r.jsonl: row 2: not JSON (Expecting property name enclosed in double quotes)']
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if id_from not in (None, *ID_FROM):
        raise ValueError(f"id_from must be one of {', '.join(ID_FROM)}, not {id_from!r}")
    if id_from == "column" and not id_column:
        raise ValueError("id_from='column' needs id_column")
    if id_from in ("path", "stem"):
        id_column = None
    fields_args = (text_column, id_column, columns, level)
    for f, base in files_with_folders(inputs):
        if isinstance(f, Problem):
            yield f
            continue
        name = document_name(f, base, id_from or "path")
        try:
            fmt, data, decoded = sniff_file(f)  # a table's head only: tables are streamed
            if fmt in DOCUMENT_FORMATS:
                yield _document_record(f, data, (fmt, decoded), level, name)
                continue
        except InputError as exc:
            yield Problem(str(f), None, exc.problem)
            continue
        except Exception as exc:  # never the whole run
            yield Problem(str(f), None, f"unreadable ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})")
            continue
        if fmt == "jsonl":
            yield from _isolated(f, _corpus_jsonl(f, fields_args, name))
        elif fmt == "csv":
            yield from _isolated(f, _corpus_csv(f, fields_args, name))
        elif fmt == "xlsx":
            yield from _isolated(f, _corpus_xlsx(f, fields_args, name))
        elif fmt == "dta":
            yield from _isolated(f, _corpus_dta(f, fields_args, name))
