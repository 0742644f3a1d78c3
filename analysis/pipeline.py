"""From raw text to a :class:`~analysis.document.Document`: clean, then structure.

>>> doc = process_text("各位代表：\\n一、回顾\\n地方財政收入 145.5\\n億元。", doc_id="demo")
>>> doc.sentences["sentence"].tolist()
['各位代表：', '一、回顾', '地方财政收入145.5亿元。']
>>> s = doc.sentences.iloc[2]
>>> a, b = doc.raw_span(int(s.start), int(s.end))
>>> doc.raw_text[a:b]
'地方財政收入 145.5\\n億元。'
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .clean import DEFAULT_STEPS, clean
from .clean.tables import unplaced_tables
from .document import Document
from .errors import InputError
from .readers import Source, source_from_text
from .readers.metadata import head_front_matter
from .readers.misdecoded import misdecoding
from .structure import cut_short, occasion_date, parse, report_openings


def flagged_mask(cleaned) -> np.ndarray:
    """True for each cleaned character that comes from a flagged raw span.

    A character is flagged when its raw span overlaps a flagged change's: some change with
    ``raw_start < char_end`` has ``raw_end > char_start``, an empty span (a character
    restored at a gap, and the insertion that wrote it) counting as half a character wide. With the changes sorted by
    ``raw_start``, that is the largest ``raw_end`` among those starting before the character
    ends: one binary search per character instead of a pass over the text per change.

    >>> flagged_mask(clean("各位代表：\\n。ㄋ模┚拇蛟烊宋 之城。")).nonzero()[0].tolist()  # （四）精心打造人文, 之城 in step
    [6, 7, 8, 9, 10, 11, 12, 13, 14]
    >>> flagged_mask(clean("各位代表：\\n。┤婕訌娬陨斫ㄔO。")).nonzero()[0].tolist()  # （六）, 全面, 政府自 restored
    [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]
    """
    changes = cleaned.report.changes
    mask = np.zeros(len(cleaned.text), bool)
    flagged = changes["flag"].to_numpy() != ""
    if not flagged.any():
        return mask
    # Spans in half-units, an empty span (a restored character at a gap) made half a unit
    # wide, so a character written at a gap overlaps the insertion that wrote it.
    starts = 2 * changes["raw_start"].to_numpy()[flagged]
    ends = 2 * changes["raw_end"].to_numpy()[flagged]
    ends = np.maximum(ends, starts + 1)
    order = np.argsort(starts, kind="stable")
    starts, reach = starts[order], np.maximum.accumulate(ends[order])
    char_starts = 2 * cleaned.raw_starts
    char_ends = np.maximum(2 * cleaned.raw_ends, char_starts + 1)
    before = np.searchsorted(starts, char_ends, side="left")  # changes starting before each char ends
    has = before > 0
    mask[has] = reach[before[has] - 1] > char_starts[has]
    return mask


def process_text(raw_text: str, doc_id: str = "doc", metadata: dict | None = None, steps=DEFAULT_STEPS) -> Document:
    """Clean and structure one report given as text."""
    return process_source(source_from_text(raw_text), doc_id, metadata, steps)


def process_source(source: Source, doc_id: str = "doc", metadata: dict | None = None, steps=DEFAULT_STEPS) -> Document:
    """Clean and structure one report as the reader gave it; offsets point into ``source.raw_text``."""
    problem = misdecoding(source.text)
    if problem:
        raise InputError(source.path, problem)
    spans = None if source.starts is None else (source.starts, source.ends)
    cleaned = clean(source.text, steps, spans=spans, raw_len=len(source.raw_text))
    if not cleaned.text.strip():
        raise InputError(source.path, "no report text left after cleaning (not a report?)")
    openings = report_openings(cleaned.text)
    if len(openings) > 1:
        shown = " / ".join(f"“{o[:24]}…”" if len(o) > 24 else f"“{o}”" for o in openings[:3])
        raise InputError(source.path, f"holds {len(openings)} reports, not one (each opens anew: {shown}); "
                                      "split it into one file, or table row, per report")
    parts = parse(cleaned.text, doc_id, flagged_mask(cleaned))
    front = parts["metadata"]
    if not (front["title"] and front["occasion"]):  # lines lost (no line breaks): searched for before 各位代表
        for key, found in head_front_matter(source.text).items():
            front[key] = front[key] or found
        front["date"] = front["date"] or occasion_date(front["occasion"])
    given = {k: v for k, v in (metadata or {}).items() if v not in ("", None)}  # blanks don't erase
    meta = {"doc_id": doc_id, **parts["metadata"], **given}
    if note := cut_short(parts["paragraphs"]):
        meta["notes"] = [*meta.get("notes", ()), note]
    for cells in unplaced_tables(cleaned.text):
        note = f"a table written a cell a line (“{cells} …”) goes back into rows in no one way (a cell missing?): its figures are not read"
        meta["notes"] = [*meta.get("notes", ()), note]
    return Document(
        doc_id=doc_id,
        text=cleaned.text,
        raw_text=source.raw_text,
        raw_starts=cleaned.raw_starts,
        raw_ends=cleaned.raw_ends,
        metadata=meta,
        paragraphs=parts["paragraphs"],
        sentences=parts["sentences"],
        headings=parts["headings"],
        report=cleaned.report,
    )


def process_record(record, metadata: dict | None = None, steps=DEFAULT_STEPS) -> Document:
    """Clean and structure one :class:`~analysis.readers.records.Record` of a corpus, with ``metadata``."""
    source = record.source or source_from_text(record.text, record.path)
    return process_source(source, record.doc_id, metadata, steps)


def doc_id_for(path: str | Path) -> str:
    """Document id of a report file: its file name without extension.

    >>> doc_id_for("data/raw/000_cb6fbbaf4fa429c2.txt")
    '000_cb6fbbaf4fa429c2'
    """
    return Path(path).stem


def read_document(path: str | Path, *, text_column: str | None = None, steps=DEFAULT_STEPS) -> Document:
    """Read, clean and structure the one report in a file of any supported format.

    A table (CSV, JSONL, Excel, Stata) must hold exactly one report; for more, use a corpus.
    Raises :class:`~analysis.errors.InputError` with one line for anything unusable.
    """
    from .readers.records import Problem, iter_corpus
    from .readers import check_file

    check_file(path)
    records = []
    for item in iter_corpus(path, text_column=text_column):
        if isinstance(item, Problem):
            raise InputError(item.path, str(item).removeprefix(f"{item.path}: "))
        records.append(item)
        if len(records) > 1:
            raise InputError(path, "holds more than one report; commands on PATH take one (use `corpus`)")
    if not records:
        raise InputError(path, "holds no report")
    rec = records[0]
    given = dict(rec.metadata)
    given["published"] = given.pop("date", "")  # the source's date (a publish_date column); "date" is the report's own
    doc = process_record(rec, given, steps)
    doc.metadata.setdefault("path", str(path))
    if rec.source is not None:
        for key, value in rec.source.metadata().items():
            doc.metadata.setdefault(key, value)
        if rec.source.notes:
            doc.metadata["notes"] = [*rec.source.notes, *doc.metadata.get("notes", ())]
    complete_year_region_level(doc, str(path))
    return doc


def complete_year_region_level(doc: Document, source: str = "") -> None:
    """Set ``doc``'s year, region and level where its metadata (a table's columns) gives none:
    from the report's title, occasion and date, a web page's title, or the name of its file
    ``source`` (:func:`analysis.readers.metadata.complete_metadata`)."""
    from .readers.metadata import complete_metadata

    m = doc.metadata
    found = complete_metadata({"year": m.get("year"), "region": m.get("region", ""), "level": m.get("level", ""),
                               "source": source, "page_title": m.get("page_title", "")}, m)
    m.update({k: found[k] for k in ("year", "region", "level")})


def process_file(path: str | Path, steps=DEFAULT_STEPS) -> Document:
    """Read (detecting format and encoding), clean and structure one report file."""
    return read_document(path, steps=steps)
