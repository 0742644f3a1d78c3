"""Run the whole pipeline over a corpus: tidy tables for every document, resumable and parallel.

:func:`run_corpus` streams the reports of a corpus (:func:`analysis.readers.records.iter_corpus`:
folders of .txt, CSV, Excel, JSONL), processes each one —

    process_text → words.tokens → numbers.metrics_table → targets.targets_table → outcomes.outcomes_table
    → themes.theme_scores_by_level (section, document) → keywords.keywords

— and writes one table per unit over all documents, as Parquet and as CSV, into ``out_dir``:

==================  ==================================================================
table               one row per …  (schema)
==================  ==================================================================
documents           document (:data:`DOCUMENT_COLUMNS`)
headings            heading (:data:`analysis.structure.HEADING_COLUMNS`)
sentences           sentence (:data:`analysis.document.SENTENCE_COLUMNS`)
tokens              token (:data:`analysis.words.TOKEN_COLUMNS`)
metrics             numeric mention (:data:`analysis.extract.numbers.METRIC_COLUMNS`)
targets             main expected target (:data:`analysis.extract.targets.TARGET_COLUMNS`)
outcomes            last year's outcome per indicator (:data:`analysis.extract.outcomes.OUTCOME_COLUMNS`);
                    join them with targets over the corpus: :func:`analysis.attainment.attainment_table`
themes_section      section × theme (``LEVEL_KEYS["section"]`` + ``THEME_SCORE_COLUMNS``)
themes_document     document × theme (``LEVEL_KEYS["document"]`` + ``THEME_SCORE_COLUMNS``)
keywords            document × keyword (:data:`KEYWORD_TABLE_COLUMNS`)
problems            input row that was skipped (:data:`PROBLEM_COLUMNS`)
==================  ==================================================================

plus ``RUN.json`` (settings and the fingerprint of the code and lexicons that made them).

How it behaves:

* **CSV for spreadsheets** — UTF-8 with a byte-order mark (Excel detects the encoding);
  a text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return) is written with a leading ``'``; numbers stay numbers.
  The Parquet tables hold the text unchanged.
* **Resumable** — each document's tables are written to ``parts/<key[:2]>/<key>.zip`` as
  soon as it is done (one file, written atomically: each table as an Arrow IPC file, LZ4,
  and as its CSV lines, so that the CSV work happens in the workers), ``key`` being the
  SHA-256 of its text, id, metadata and the pipeline fingerprint.
  A rerun skips every document whose part is complete and only assembles; a changed text,
  lexicon or code version gives a new key, so nothing stale is reused.
* **Parallel** — ``jobs`` worker processes (:class:`concurrent.futures.ProcessPoolExecutor`),
  each loading jieba and the lexicons once; at most ``4 × jobs`` documents are in flight.
* **Bounded memory** — records are streamed, parts are written per document, and the final
  tables grow part by part, in input order, while the workers run (the main process
  appends each finished document with :class:`pyarrow.parquet.ParquetWriter` and
  :class:`pyarrow.csv.CSVWriter`); the corpus is never held in memory. The tables are
  renamed into place only when the run completes.
* **Deterministic** — tables are assembled in input order, so the same inputs give
  byte-identical files whatever ``jobs`` is and whether or not the run was resumed.
* **Robust** — an unreadable row or a document the pipeline fails on is reported on one
  line (``skipped: <file>: row <n>: <problem>``), listed in ``problems``, and skipped; so is
  any exception while a file is read (the rest of that file is skipped, the run goes on), a
  text or metadata cell over :data:`MAX_CELL_CHARS`, and a FIFO or device (never opened). A
  run of empty rows is one problem.
* **Never overwrites what it did not write** — ``out_dir`` must be new, empty, or an earlier
  run's (holding :data:`RUN_MARKER`, written first); no input may be inside it
  (:func:`check_out_dir`).
* **Checked parts** — each part holds its key and the SHA-256 of its members; a truncated,
  empty, changed or another document's part is rebuilt and reported (``rebuilt: …``).
  Temporary files a killed run left are removed; workers die with the runner (Linux:
  ``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__
from .readers.records import ID_FROM, LEVELS, METADATA_COLUMNS, Problem, Record, complete_metadata, iter_corpus
from .errors import InputError
from .io import WriteError, csv_rows, write_atomic, write_error

#: Columns of the documents table, with dtypes.
DOCUMENT_COLUMNS = {
    "doc_id": "string",  # document identifier (unique in the run)
    "input": "string",  # the input file it was read from
    "row": "Int64",  # data row (CSV/Excel) or line (JSONL) in that file; <NA> for a .txt file
    "kind": "string",  # "report", or "resolution" (an NPC resolution on a report)
    "level": "string",  # national | provincial | city | district | "" (unknown)
    "region": "string",  # province/city/district as given in the input; "" if none
    "year": "Int64",  # year column of the input (e.g. report year); <NA> if none
    "title": "string",  # title column of the input, else the title line found in the text
    "date": "string",  # date column of the input (e.g. publish_date), as written
    "report_date": "string",  # date the report was delivered, from its occasion line (YYYY-MM-DD)
    "source": "string",  # source column of the input (URL), or the .txt path
    "encoding": "string",  # a document file's text encoding, or its format (html, docx, pdf); "" for a table row
    "n_chars": "int64",  # characters of the raw text
    "n_chars_clean": "int64",  # characters of the cleaned text
    "n_paragraphs": "int64",
    "n_sentences": "int64",
    "n_headings": "int64",
    "n_tokens": "int64",
    "n_flagged": "int64",  # flagged (damaged) spans found by cleaning
    "text_sha256": "string",  # SHA-256 of the raw text (UTF-8)
}

#: Columns of the keywords table, with dtypes.
KEYWORD_TABLE_COLUMNS = {
    "doc_id": "string",
    "rank": "int64",  # 1 = best
    "term": "string",
    "score": "float64",
    "method": "string",  # "tfidf" or "textrank"
}

#: Columns of the texts table (one row per document: the cleaned text every offset points into).
TEXT_COLUMNS = {
    "doc_id": "string",
    "text": "string",  # Document.text: the cleaned report, one paragraph per line
}

#: Columns of the problems table, with dtypes.
PROBLEM_COLUMNS = {
    "input": "string",  # the input file (or folder) the problem is in
    "row": "Int64",  # data row or JSONL line; <NA> when the whole file is concerned
    "problem": "string",
}

#: How every Parquet table is written: zstd, strings dictionary-encoded, no pandas metadata.
PARQUET_OPTIONS = {"compression": "zstd", "use_dictionary": True}

#: Rows buffered per table before a Parquet row group is written (more rows compress a little
#: better but stay in the main process's memory: 100,000 kept ~100 MiB more resident).
BATCH_ROWS = 25_000
#: Documents' pieces of a table buffered before they are combined into one (memory).
COMPACT_PIECES = 200


def table_schemas() -> dict[str, dict[str, str]]:
    """Return table name → column dtypes for every per-document table, in output order.

    >>> list(table_schemas())[:3]
    ['documents', 'headings', 'sentences']
    """
    from .clean import CHANGE_COLUMNS
    from .document import SENTENCE_COLUMNS
    from .extract.numbers import METRIC_COLUMNS
    from .extract.outcomes import OUTCOME_COLUMNS
    from .structure import HEADING_COLUMNS
    from .extract.targets import TARGET_COLUMNS
    from .words.themes import LEVEL_KEYS, THEME_SCORE_COLUMNS
    from .words import TOKEN_COLUMNS

    return {
        "documents": DOCUMENT_COLUMNS,
        "headings": HEADING_COLUMNS,
        "sentences": SENTENCE_COLUMNS,
        "cleaning_changes": {**CHANGE_COLUMNS, "doc_id": "string"},
        "tokens": TOKEN_COLUMNS,
        "metrics": METRIC_COLUMNS,
        "targets": TARGET_COLUMNS,
        "outcomes": OUTCOME_COLUMNS,
        "themes_section": {**LEVEL_KEYS["section"], **THEME_SCORE_COLUMNS},
        "themes_paragraph": {**LEVEL_KEYS["paragraph"], **THEME_SCORE_COLUMNS},
        "themes_document": {**LEVEL_KEYS["document"], **THEME_SCORE_COLUMNS},
        "keywords": KEYWORD_TABLE_COLUMNS,
        "texts": TEXT_COLUMNS,
    }


def corpus_table_schemas() -> dict[str, dict[str, str]]:
    """Return table name → column dtypes for the tables made over the whole corpus at the end
    of a run (targets joined with outcomes and with the parent level's targets)."""
    from .attainment import ATTAINMENT_COLUMNS, ESCALATION_COLUMNS, HIERARCHY_COLUMNS

    return {"attainment": ATTAINMENT_COLUMNS, "hierarchy": HIERARCHY_COLUMNS, "escalation": ESCALATION_COLUMNS}


def all_table_schemas() -> dict[str, dict[str, str]]:
    """Every table a run writes (the table set of ``corpus`` and ``build``), in output order."""
    return {**table_schemas(), **corpus_table_schemas(), "problems": PROBLEM_COLUMNS}


#: The tables also written as CSV by default: those a spreadsheet user opens (``--csv all``
#: writes every table as CSV, ``--csv none`` none). Every table is written as Parquet.
SPREADSHEET_TABLES = ("documents", "targets", "outcomes", "attainment", "hierarchy", "escalation",
                      "themes_section", "keywords", "problems")
CSV_CHOICES = ("default", "all", "none")


def arrow_schema(columns: Mapping[str, str]):
    """Return the :class:`pyarrow.Schema` for a column → pandas dtype mapping.

    >>> arrow_schema({"doc_id": "string", "row": "Int64"}).types
    [DataType(string), DataType(int64)]
    """
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "Int64": pa.int64(),
             "float64": pa.float64(), "bool": pa.bool_(), "boolean": pa.bool_()}
    return pa.schema([pa.field(c, types[t]) for c, t in columns.items()])


# ---------------------------------------------------------------------------------------
# One document
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What a run computes besides the fixed pipeline (part of every part's key)."""

    keyword_method: str = "tfidf"
    top_n: int = 20


_RESOURCES: dict = {}


def _resources() -> dict:
    """Segmenter, theme lexicon and IDF table, loaded once per process."""
    if not _RESOURCES:
        from .words.keywords import load_idf
        from .mojibake import common_characters
        from .words.themes import load_themes
        from .words import get_segmenter

        _RESOURCES.update(segmenter=get_segmenter(), themes=load_themes())
        load_idf()  # cached inside analysis.words.keywords
        common_characters()  # cached inside analysis.mojibake (needed only by damaged reports)
    return _RESOURCES


def document_tables(record: Record, options: Options = Options()) -> dict[str, pd.DataFrame]:
    """Return every table of one document, keyed as :func:`table_schemas`, each with its schema."""
    from .words.keywords import keywords
    from dataclasses import replace

    from .extract.numbers import metrics_table
    from .extract.outcomes import outcomes_table
    from .pipeline import process_record
    from .tables import as_schema, has_schema, typed_frame
    from .extract.targets import targets_table
    from .words.themes import theme_scores_by_level
    from .words import tokens

    res = _resources()
    doc = process_record(record)
    toks = tokens(doc, segmenter=res["segmenter"])
    themes = theme_scores_by_level(toks, ("section", "paragraph", "document"), lexicon=res["themes"],
                                   segmenter=res["segmenter"])
    kw = keywords(toks, method=options.keyword_method, top_n=options.top_n)
    kw.insert(0, "rank", range(1, len(kw) + 1))
    kw.insert(0, "doc_id", pd.array([record.doc_id] * len(kw), dtype="string"))
    meta = complete_metadata(record.metadata, doc.metadata)
    documents = typed_frame([(
        record.doc_id, record.path, record.row, meta["kind"], meta["level"], meta["region"], meta["year"],
        meta["title"] or doc.metadata.get("title", ""), meta["date"], doc.metadata.get("date", ""),
        meta["source"], (record.source.encoding or record.source.format) if record.source else "", len(record.text), len(doc.text), len(doc.paragraphs), len(doc.sentences),
        len(doc.headings), len(toks), int((doc.report.changes["flag"] != "").sum()),  # = len(report.flagged)
        hashlib.sha256(record.text.encode("utf-8")).hexdigest(),
    )], DOCUMENT_COLUMNS)  # fmt: skip
    metrics = metrics_table(doc)
    # outcomes are dated by the report's year: the completed metadata (title, file name)
    dated = replace(doc, metadata={**doc.metadata, **{k: meta[k] for k in ("year", "region", "level")}})
    frames = {
        "documents": documents,
        "headings": doc.headings,
        "sentences": doc.sentences,
        "cleaning_changes": doc.report.changes.assign(doc_id=record.doc_id),
        "tokens": toks,
        "metrics": metrics,
        "targets": targets_table(doc),
        "outcomes": outcomes_table(dated, metrics),
        "themes_section": themes["section"],
        "themes_paragraph": themes["paragraph"],
        "themes_document": themes["document"],
        "keywords": kw,
        "texts": typed_frame([(record.doc_id, doc.text)], TEXT_COLUMNS),
    }
    # Every frame here was built for this call (``doc`` is ours alone), so one that already
    # has its schema is returned as it is: as_schema would only copy it.
    return {
        name: frames[name] if has_schema(frames[name], schema) else as_schema(frames[name], schema)
        for name, schema in table_schemas().items()
    }


def fingerprint(options: Options = Options()) -> str:
    """Return the SHA-256 of the package's code and lexicons, the segmenter settings and ``options``.

    Part files are keyed by it: any change to what shapes the tables invalidates them.
    """
    from .words import SEGMENTER_SETTINGS

    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for f in sorted([*root.rglob("*.py"), *(root / "data").glob("*")]):  # subpackages included
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    h.update(json.dumps({"version": __version__, "segmenter": SEGMENTER_SETTINGS, "options": options.__dict__,
                         "pandas": pd.__version__}, sort_keys=True).encode())
    return h.hexdigest()


def part_key(record: Record, fingerprint_: str) -> str:
    """Return the key of a document's part: SHA-256 of its text, identity and the pipeline fingerprint."""
    ident = json.dumps({"doc_id": record.doc_id, "path": record.path, "row": record.row,
                        "metadata": record.metadata, "fingerprint": fingerprint_},
                       sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(ident.encode("utf-8") + b"\0" + record.text.encode("utf-8")).hexdigest()


def _part_file(parts: Path, key: str) -> Path:
    return parts / key[:2] / f"{key}.zip"


def part_done(parts: Path, key: str) -> bool:
    """True if a document's part file exists (it is written atomically; :func:`check_part`
    tells whether its content is intact)."""
    return _part_file(parts, key).exists()


def _arrow_table(frame: pd.DataFrame, schema):
    import pyarrow as pa

    # column by column (what Table.from_pandas does, NaN → null included, without its pandas metadata)
    return pa.Table.from_arrays([pa.array(frame[f.name], type=f.type, from_pandas=True) for f in schema],
                                schema=schema)


def _ipc_bytes(table) -> bytes:
    import pyarrow as pa
    import pyarrow.feather as feather

    sink = pa.BufferOutputStream()
    feather.write_feather(table, sink, compression="lz4")
    return sink.getvalue().to_pybytes()


#: The member of a part file naming its key and the SHA-256 of every other member.
PART_INDEX = "PART.json"


class PartError(Exception):
    """A part file that cannot be used: damaged (truncated, empty, bits changed) or another document's."""


def write_part(parts: Path, key: str, tables: Mapping[str, pd.DataFrame]) -> None:
    """Write one document's tables to ``parts/<key[:2]>/<key>.zip``, atomically: for each
    table its Arrow IPC file (LZ4) and its CSV lines, so that assembling a CSV table is
    appending bytes (the CSV work is done here, in the worker, in parallel); and
    :data:`PART_INDEX`, the part's key and the SHA-256 of each member, checked when it is read."""
    import io
    import zipfile

    members = {}
    for name, columns in table_schemas().items():
        table = _arrow_table(tables[name], arrow_schema(columns))
        members[f"{name}.arrow"] = _ipc_bytes(table)
        if name in SPREADSHEET_TABLES:
            members[f"{name}.csv"] = csv_rows(table)
    index = {"key": key, "sha256": {m: hashlib.sha256(data).hexdigest() for m, data in members.items()}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(PART_INDEX, json.dumps(index, sort_keys=True))
        for m, data in members.items():
            zf.writestr(m, data)
    write_atomic(_part_file(parts, key), buffer.getvalue())


def _part_members(parts: Path, key: str) -> dict[str, bytes]:
    """The members of a part file, each checked against the part's index; raises :class:`PartError`."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(_part_file(parts, key).read_bytes())) as zf:
            index = json.loads(zf.read(PART_INDEX))
            if index.get("key") != key:
                raise PartError(f"holds another document's tables (key {str(index.get('key'))[:12]}…)")
            members = {}
            for name in table_schemas():
                for m in (f"{name}.arrow", f"{name}.csv") if name in SPREADSHEET_TABLES else (f"{name}.arrow",):
                    data = zf.read(m)
                    if hashlib.sha256(data).hexdigest() != index["sha256"][m]:
                        raise PartError(f"{m} differs from its SHA-256")
                    members[m] = data
            return members
    except PartError:
        raise
    except Exception as exc:  # BadZipFile (empty, truncated), KeyError (a member missing), JSON …
        msg = str(exc).splitlines()[0] if str(exc) else ""
        raise PartError(f"damaged ({type(exc).__name__}: {msg})") from None


def check_part(parts: Path, key: str) -> str | None:
    """Return why a document's existing part cannot be reused (damaged, another document's), or None."""
    try:
        _part_members(parts, key)
    except PartError as exc:
        return str(exc)
    return None


def read_part(parts: Path, key: str) -> dict[str, tuple]:
    """Return ``{table name: (pyarrow.Table, CSV lines)}`` of a document's part, checked
    against its index (:class:`PartError` if it does not match)."""
    import pyarrow as pa
    import pyarrow.ipc

    members = _part_members(parts, key)
    # the C library's allocator, named here: feather.read_table would decompress into
    # pyarrow's process-wide default pool, which keeps freed memory resident
    pool = pa.system_memory_pool()
    return {name: (pa.ipc.open_file(pa.BufferReader(members[f"{name}.arrow"]), memory_pool=pool).read_all(),
                   members.get(f"{name}.csv"))
            for name in table_schemas()}


def _work(task: tuple) -> tuple[int, str | None]:
    """Process one document and write its part; return ``(index, problem or None)``."""
    index, record, key, parts, options = task
    try:
        write_part(Path(parts), key, document_tables(record, options))
    except WriteError:  # the disk is full: every later document would fail too, so the run stops
        raise
    except Exception as exc:  # one bad document never stops the run
        msg = str(exc).splitlines()[0] if str(exc) else ""
        return index, f"pipeline failed ({type(exc).__name__}: {msg})"
    return index, None


def _die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` (the runner) dies, even by SIGKILL.

    On Linux the kernel sends SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``);
    elsewhere a daemon thread checks the parent id every second. Either way a worker already
    orphaned before this ran exits at once.
    """
    import signal
    import threading

    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    else:  # pragma: no cover - not Linux
        def watch() -> None:
            import time

            while os.getppid() == parent:
                time.sleep(1)
            os._exit(1)

        threading.Thread(target=watch, daemon=True, name="die-with-parent").start()
    if os.getppid() != parent:
        os._exit(1)


def _init_worker(parent: int | None = None) -> None:
    """Set up a worker process: dies with ``parent`` (if given), dictionaries loaded, GC tuned."""
    import logging

    if parent is not None:
        _die_with_parent(parent)

    import jieba
    import pyarrow as pa

    jieba.setLogLevel(logging.WARNING)
    # The C library's allocator returns each document's Arrow buffers to the system; pyarrow's
    # default (mimalloc) kept 40-60 MiB more resident per worker (same speed). pyarrow's own
    # C++ code (IPC and CSV writers) takes the pool ARROW_DEFAULT_MEMORY_POOL named when
    # pyarrow loaded: run_corpus sets it for the workers (_worker_environment); this covers
    # the rest if a user's variable named another
    pa.set_memory_pool(pa.system_memory_pool())
    _resources()
    gc.freeze()  # the loaded dictionaries and lexicons: never garbage, never traversed again
    gc.set_threshold(*GC_THRESHOLD)


#: Garbage-collector thresholds while documents are processed. The pipeline allocates many
#: short-lived objects and few cycles; Python's default (700, 10, 10) spent ~8 % of the
#: pipeline's time collecting, these ~3 % (measured on the national corpus).
GC_THRESHOLD = (20_000, 20, 20)


@contextlib.contextmanager
def _gc_threshold(threshold):
    """Set the garbage-collector thresholds while the block runs; restore them after."""
    before = gc.get_threshold()
    gc.set_threshold(*threshold)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def _worker_environment():
    """Set ``ARROW_DEFAULT_MEMORY_POOL=system`` in the environment worker processes start
    with, while the block runs (a value the user set is kept). pyarrow reads it once, when it
    loads, which in a worker is before any code of ours runs; with it, the workers' peak
    memory at 720 documents was ~45 MiB lower each."""
    if "ARROW_DEFAULT_MEMORY_POOL" in os.environ:
        yield
        return
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    try:
        yield
    finally:
        os.environ.pop("ARROW_DEFAULT_MEMORY_POOL", None)


@contextlib.contextmanager
def _arrow_system_pool():
    """Make the C library's allocator pyarrow's default memory pool while the block runs."""
    import pyarrow as pa

    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)


# ---------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------


@dataclass
class RunSummary:
    """What a run did (not written to disk: it differs between a fresh and a resumed run)."""

    out_dir: Path
    documents: int = 0  # documents in the tables
    processed: int = 0  # processed in this run
    reused: int = 0  # taken from parts of an earlier run
    rebuilt: int = 0  # of the processed: their part from an earlier run was damaged or another's
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        rebuilt = f", {self.rebuilt} damaged parts rebuilt" if self.rebuilt else ""
        return (f"{self.documents} documents ({self.processed} processed, {self.reused} reused "
                f"from an earlier run{rebuilt}), {len(self.problems)} skipped; tables in {self.out_dir}")


#: The file that marks a folder as the corpus runner's output: written when a run starts and
#: rewritten, with the full record, when it completes. ``--out`` must be a new or empty
#: folder, or one holding this file as the runner writes it (a previous run's).
RUN_MARKER = "RUN.json"
#: The value of ``written_by`` in :data:`RUN_MARKER`.
WRITTEN_BY = "gwr-analysis corpus"

#: Characters a document's text or a metadata cell (an Excel cell, a CSV field, a JSON
#: value, a .txt file) may have; a longer one is a problem row, not a document. The longest
#: shipped report has ~60,000; 10 M characters is a 30 MB file of Chinese text.
MAX_CELL_CHARS = 10_000_000


def _written_by_runner(out: Path) -> bool:
    """True if ``out`` holds the marker of a previous corpus run."""
    try:
        run = json.loads((out / RUN_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    # written_by since it was introduced; before, RUN.json always held these three keys
    return isinstance(run, dict) and (run.get("written_by") == WRITTEN_BY
                                      or {"analysis", "fingerprint", "tables"} <= run.keys())


def check_out_dir(out_dir: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise :class:`InputError` unless the runner may write to ``out_dir``.

    It may if ``out_dir`` does not exist, is an empty folder, or holds a previous run's
    :data:`RUN_MARKER`: the runner never replaces files it did not write. No input may lie
    inside it, and no input folder may hold it (its tables would be read as input).
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(out, "output folder is a file")
    # a .gitkeep (git's way of keeping an empty folder, as data/processed/ has) is no content
    if out.is_dir() and any(p.name != ".gitkeep" for p in out.iterdir()) and not _written_by_runner(out):
        raise InputError(out, f"output folder is not empty and holds no {RUN_MARKER} of an earlier corpus run; "
                              "the runner writes only to a new or empty folder or to its own")
    resolved = out.resolve()
    for item in inputs:
        p = Path(item).resolve()
        if p == resolved or resolved in p.parents:
            raise InputError(item, f"input is inside the output folder {out}")
        if p.is_dir() and p in resolved.parents:
            raise InputError(item, f"input folder holds the output folder {out} (its tables would be read as input)")


def _remove_temporary_files(out: Path) -> int:
    """Remove the hidden ``.<name>.<random>.tmp`` files an interrupted run left; return how many."""
    n = 0
    for folder in [out, *(d for d in (out / "parts").glob("*") if d.is_dir())]:
        for f in folder.glob(".*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                f.unlink()
                n += 1
    return n


def _too_long(record: Record) -> str | None:
    """Why a record is over :data:`MAX_CELL_CHARS`, or None."""
    cells = {"text": record.text, **{k: v for k, v in record.metadata.items() if isinstance(v, str)}}
    for name, value in cells.items():
        if len(value) > MAX_CELL_CHARS:
            return (f"{name} of {len(value):,} characters is over the limit of {MAX_CELL_CHARS:,} "
                    "(analysis.runner.MAX_CELL_CHARS)")
    return None


def _guarded(items: Iterable, where: str):
    """Yield ``items``; an exception from the iterator itself ends it as one :class:`Problem`."""
    try:
        yield from items
    except Exception as exc:
        msg = str(exc).splitlines()[0] if str(exc) else ""
        yield Problem(where, None, f"reading failed ({type(exc).__name__}: {msg}); rest of the input not read")


def run_corpus(
    inputs: str | Path | Iterable[str | Path],
    out_dir: str | Path,
    *,
    jobs: int = 1,
    text_column: str | None = None,
    id_column: str | None = None,
    columns: Mapping[str, str] | None = None,
    level: str | None = None,
    id_from: str | None = None,
    options: Options = Options(),
    progress: bool = True,
    max_in_flight: int | None = None,
    csv: str = "default",
    root: str | Path | None = None,
) -> RunSummary:
    """Process every report of a corpus and write the tables (see the module docstring).

    Args:
        inputs: files and folders (.txt, .csv, .xlsx, .jsonl); see :func:`analysis.readers.records.iter_corpus`.
        out_dir: where the tables, ``RUN.json`` and the ``parts/`` cache go.
        jobs: worker processes; 1 runs in this process.
        text_column, id_column, columns, level, id_from: how to read the inputs and name the
            documents, as in :func:`analysis.readers.records.iter_corpus`.
        options: keyword method and count.
        progress: show a progress bar on stderr.
        max_in_flight: documents submitted but not finished; default ``4 × jobs``.
        csv: which tables are also written as CSV: ``"default"`` (:data:`SPREADSHEET_TABLES`),
            ``"all"`` or ``"none"``; every table is written as Parquet.
        root: record input paths relative to this folder (``build`` gives ``data/raw/``, so
            that the tables do not depend on where the project is checked out).

    Returns:
        a :class:`RunSummary`; the problems are also printed to stderr, one line each.

    Raises:
        InputError: ``out_dir`` may not be written (:func:`check_out_dir`); nothing is written.
    """
    from tqdm import tqdm

    if csv not in CSV_CHOICES:
        raise ValueError(f"csv must be one of {', '.join(CSV_CHOICES)}, not {csv!r}")
    out = Path(out_dir)
    input_list = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    check_out_dir(out, input_list)
    parts = out / "parts"
    try:
        parts.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a folder that cannot be made (a read-only place, a file on the path)
        raise write_error(exc.filename or out, exc) from None
    fp = fingerprint(options)
    if not (out / RUN_MARKER).exists():  # mark the folder as ours before anything else is written
        write_atomic(out / RUN_MARKER, json.dumps({"written_by": WRITTEN_BY, "complete": False}, indent=2) + "\n")
    removed = _remove_temporary_files(out)
    summary = RunSummary(out)
    problems: list[tuple[int, Problem]] = []  # (position in the stream, problem)
    seen: set[str] = set()
    bar = tqdm(desc="documents", unit="doc", file=sys.stderr, disable=not progress, dynamic_ncols=True)
    if removed:
        bar.write(f"removed {removed} temporary files left by an interrupted run in {out}", file=sys.stderr)

    def report(pos: int, problem: Problem) -> None:
        problems.append((pos, problem))
        bar.write(f"skipped: {problem}", file=sys.stderr)

    records: dict[int, tuple[Record, str]] = {}  # in flight only: position → (record, part key)
    pool = None
    limit = max_in_flight or 4 * max(jobs, 1)
    pending: set = set()

    def collect(done) -> None:
        for fut in done:
            try:
                index, problem = fut.result()
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                index, problem = fut.index, f"worker process died ({exc})"
            rec, key = records.pop(index)
            if problem:
                report(index, Problem(rec.path, rec.row, problem))
                tables.finish(index, None)
            else:
                summary.processed += 1
                tables.finish(index, key, rec)
            bar.update()

    try:
        with contextlib.ExitStack() as stack:
            # the part tables read back are freed document by document: with the C library's
            # allocator that memory goes back to the system (pyarrow's default pool kept ~90 MiB
            # more resident in this process at 720 documents); restored after
            stack.enter_context(_arrow_system_pool())
            if jobs > 1:
                stack.enter_context(_worker_environment())  # before the first worker starts
                pool = _pool(jobs)
            else:  # documents are processed here: as a worker would (restored after)
                stack.enter_context(_gc_threshold(GC_THRESHOLD))
            # the output tables grow in input order while the workers run; they are renamed
            # into place only when the run completes (an interrupted run leaves none)
            tables = _Assembler(stack, out, parts, report, csv)
            items = iter_corpus(input_list, text_column=text_column, id_column=id_column, columns=columns,
                                level=level, id_from=id_from)
            for pos, item in enumerate(_guarded(items, ", ".join(map(str, input_list)))):
                tables.expect(pos)
                if root is not None and isinstance(item, Record):
                    item = _relative_to(item, Path(root))
                if isinstance(item, Record) and (too_long := _too_long(item)):
                    item = Problem(item.path, item.row, too_long)
                if isinstance(item, Problem):
                    report(pos, item)
                    tables.finish(pos, None)
                    continue
                if item.doc_id in seen:
                    report(pos, Problem(item.path, item.row, f"duplicate document id '{item.doc_id}'"))
                    tables.finish(pos, None)
                    continue
                seen.add(item.doc_id)
                key = part_key(item, fp)
                if part_done(parts, key):
                    damage = check_part(parts, key)
                    if damage is None:
                        summary.reused += 1
                        tables.finish(pos, key, item)
                        bar.update()
                        continue
                    bar.write(f"rebuilt: {_part_file(parts, key)}: {damage} ({item.path}"
                              + (f": row {item.row})" if item.row is not None else ")"), file=sys.stderr)
                    _part_file(parts, key).unlink()
                    summary.rebuilt += 1
                records[pos] = (item, key)
                task = (pos, item, key, str(parts), options)
                if pool is None:
                    collect([_Done(_work(task))])
                    continue
                try:
                    fut = pool.submit(_work, task)
                except BrokenProcessPool:  # a worker died: its documents were reported; go on with a new pool
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _pool(jobs)
                    fut = pool.submit(_work, task)
                fut.index = pos
                pending.add(fut)
                if len(pending) >= limit:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    collect(done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
            summary.documents = tables.documents
            summary.problems = [p for _, p in sorted(problems, key=lambda x: x[0])]
            tables.close(summary.problems)
    except BaseException as exc:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        bar.close()
        if isinstance(exc, OSError):  # writing a table failed (disk full): its temporary file is gone
            raise write_error(exc.filename or out, exc) from None
        raise
    if pool is not None:
        pool.shutdown()
    bar.close()

    run = {
        "written_by": WRITTEN_BY,
        "complete": True,
        "analysis": __version__,
        "fingerprint": fp,
        "options": options.__dict__,
        "inputs": [str(p) for p in input_list],
        "reading": {"text_column": text_column, "id_column": id_column, "columns": dict(columns or {}),
                    "level": level, "id_from": id_from},
        "documents": summary.documents,
        "problems": len(summary.problems),
        "segmenter": _segmenter_record(),
        "tables": list(all_table_schemas()),
        "csv": csv,
    }
    write_atomic(out / RUN_MARKER, json.dumps(run, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return summary


def _relative_to(record: Record, root: Path) -> Record:
    """``record`` with its path (and a source naming that path) relative to ``root``."""
    from dataclasses import replace

    rel = Path(os.path.relpath(record.path, root)).as_posix()
    meta = record.metadata
    if meta.get("source") == record.path:
        meta = {**meta, "source": rel}
    return replace(record, path=rel, metadata=meta)


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
                               initargs=(os.getpid(),))


class _Done:
    """A finished result in the shape of a future (the in-process path of ``jobs=1``)."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


def _segmenter_record() -> dict:
    from . import words

    return {**words.SEGMENTER_SETTINGS, **getattr(words, "SEGMENTER_BACKEND", {})}


# ---------------------------------------------------------------------------------------
# Assembling the tables
# ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _atomic_file(path: Path):
    """Yield a temporary path beside ``path``; rename it into place if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class _TableWriter:
    """Writes one table as Parquet (row groups of about BATCH_ROWS rows) and as CSV (BOM,
    header, then each part's CSV lines as they come)."""

    def __init__(self, stack: contextlib.ExitStack, out: Path, name: str, schema, csv: bool = True):
        import pyarrow.parquet as pq

        self.schema = schema
        self.path = pq_tmp = stack.enter_context(_atomic_file(out / f"{name}.parquet"))
        self.parquet = stack.enter_context(pq.ParquetWriter(pq_tmp, schema, **PARQUET_OPTIONS))
        self.csv = None
        if csv:
            csv_tmp = stack.enter_context(_atomic_file(out / f"{name}.csv"))
            self.csv = stack.enter_context(open(csv_tmp, "wb"))
            self.csv.write(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel then reads the file as UTF-8
            self.csv.write(csv_rows(schema.empty_table(), header=True))
        self.buffer: list = []
        self.rows = 0

    def add(self, table, csv: bytes | None) -> None:
        """Append one document's rows; ``csv``: their CSV lines, made from ``table`` if None."""
        import pyarrow as pa

        if self.csv is not None:
            self.csv.write(csv if csv is not None else csv_rows(table))
        self.buffer.append(table)
        self.rows += table.num_rows
        if self.rows >= BATCH_ROWS:
            self.flush()
        elif len(self.buffer) >= COMPACT_PIECES:
            # a table of a few rows per document (documents, keywords …) would otherwise keep
            # thousands of small Arrow tables, each with its own buffers, until BATCH_ROWS;
            # one combined table holds the same rows (and gives the same row groups)
            self.buffer = [pa.concat_tables(self.buffer).combine_chunks()]

    def flush(self) -> None:
        import pyarrow as pa

        if not self.buffer:
            return
        self.parquet.write_table(pa.concat_tables(self.buffer).combine_chunks())
        self.buffer, self.rows = [], 0


class _Assembler:
    """Appends each document's part to the output tables, in input order, as soon as every
    earlier document is finished (processed, reused or skipped)."""

    def __init__(self, stack: contextlib.ExitStack, out: Path, parts: Path, report=None, csv: str = "default"):
        self.stack, self.out, self.parts, self.report, self.csv_choice = stack, out, parts, report, csv
        self.writers = {name: _TableWriter(stack, out, name, arrow_schema(cols), self.with_csv(name))
                        for name, cols in table_schemas().items()}
        self.slots: dict[int, tuple] = {}  # finished but not yet appended: position → (key, record)
        self.expected = 0  # positions seen so far
        self.next = 0  # first position not yet appended
        self.documents = 0

    def with_csv(self, name: str) -> bool:
        """Whether table ``name`` is written as CSV too."""
        return self.csv_choice == "all" or (self.csv_choice == "default" and name in SPREADSHEET_TABLES)

    def expect(self, pos: int) -> None:
        self.expected = pos + 1

    def finish(self, pos: int, key: str | None, record: Record | None = None) -> None:
        """Record that ``pos`` is finished (``key`` of its part, or None: no tables); a part
        that cannot be read back is reported (``report(pos, Problem)``) and left out."""
        self.slots[pos] = (key, record)
        while self.next in self.slots:
            key, record = self.slots.pop(self.next)
            if key is not None:
                try:
                    part = read_part(self.parts, key)
                except PartError as exc:  # written or checked moments ago: the disk failed us
                    if self.report is None:
                        raise
                    self.report(self.next, Problem(record.path if record else str(self.parts),
                                                   record.row if record else None, f"part file {exc}"))
                    part = None
                if part is not None:
                    for name, (table, csv) in part.items():
                        self.writers[name].add(table, csv)
                    self.documents += 1
            self.next += 1

    def close(self, problems: list[Problem]) -> None:
        """Flush every table, then write the corpus tables and the problems table."""
        assert self.next == self.expected and not self.slots, "documents still unfinished"
        for w in self.writers.values():
            w.flush()
        frames = self.corpus_tables()
        frames["problems"] = pd.DataFrame([(p.path, p.row, p.problem) for p in problems],
                                          columns=list(PROBLEM_COLUMNS))
        for name, cols in {**corpus_table_schemas(), "problems": PROBLEM_COLUMNS}.items():
            w = _TableWriter(self.stack, self.out, name, arrow_schema(cols), self.with_csv(name))
            w.add(_arrow_table(frames[name].astype(cols), w.schema), None)
            w.flush()

    def corpus_tables(self) -> dict[str, pd.DataFrame]:
        """Attainment, hierarchy and escalation over every document (:mod:`analysis.attainment`),
        from the targets, outcomes and documents tables just written (small: a few rows a document)."""
        from .attainment import attainment_table, escalation_table, hierarchy_table
        from .tables import read_parquet

        def read(name):
            w = self.writers[name]
            w.parquet.close()  # the file is complete: its row groups and footer are written
            return read_parquet(w.path, table_schemas()[name])

        documents, targets, outcomes = read("documents"), read("targets"), read("outcomes")
        hierarchy = hierarchy_table(targets, documents)
        return {"attainment": attainment_table(targets, outcomes, documents), "hierarchy": hierarchy,
                "escalation": escalation_table(hierarchy)}


# ---------------------------------------------------------------------------------------
# Command line: python -m analysis corpus INPUT… --out DIR
# ---------------------------------------------------------------------------------------


def _field_column(value: str) -> tuple[str, str]:
    key, sep, column = value.partition("=")
    if not sep or key not in METADATA_COLUMNS or not column:
        raise argparse.ArgumentTypeError(
            f"expected FIELD=COLUMN with FIELD one of {', '.join(METADATA_COLUMNS)}, not {value!r}")
    return key, column


def add_corpus_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``corpus`` command to an ``argparse`` sub-parser set; return its parser."""
    p = subparsers.add_parser(
        "corpus", help="process a whole corpus into tidy tables (Parquet + CSV), resumable, parallel",
        description="Process every report in INPUT (files and folders of reports in any format the package reads) "
                    "and write the table set (documents, headings, sentences, cleaning_changes, tokens, metrics, "
                    "targets, outcomes, themes, keywords, texts, attainment, hierarchy, escalation, problems) to "
                    "--out as Parquet, the spreadsheet ones also as CSV (UTF-8 with BOM). "
                    "Rerunning skips documents already done.")
    from .cli import positive_int  # the parser is the command line's: its rule for counts

    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files or folders of reports (text, web page, Word, PDF; CSV/Excel/JSONL/Stata tables)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--jobs", type=positive_int, default=1, metavar="N", help="worker processes")
    p.add_argument("--text-column", metavar="C", help="column with the report text (default full_text/content/text)")
    p.add_argument("--id-column", metavar="C", help="column with the document id (implies --id-from column)")
    p.add_argument("--id-from", choices=ID_FROM, default=None,
                   help="how documents are named: path (default: the file's path under its input folder, "
                        "without extension, plus -<row> for a table), stem (the file name alone), "
                        "column (--id-column)")
    p.add_argument("--column", action="append", type=_field_column, default=[], metavar="FIELD=C",
                   help=f"read metadata FIELD ({', '.join(METADATA_COLUMNS)}) from column C; repeatable")
    p.add_argument("--level", choices=LEVELS, help="level of every document (default: inferred)")
    p.add_argument("--keywords", choices=["tfidf", "textrank"], default="tfidf", help="keyword method")
    p.add_argument("--top", type=positive_int, default=20, metavar="N", help="keywords per document")
    p.add_argument("--csv", choices=CSV_CHOICES, default="default",
                   help="tables also written as CSV (every table is Parquet): default = the ones a spreadsheet "
                        f"user opens ({', '.join(SPREADSHEET_TABLES)}); all; none")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_corpus)
    return p


def cmd_corpus(args) -> str:
    """Run the ``corpus`` command; return the one-line summary for stdout."""
    if args.jobs < 1:
        raise InputError(args.out, "--jobs must be at least 1")
    if args.id_from == "column" and not args.id_column:
        raise InputError("--id-from", "column needs --id-column")
    summary = run_corpus(
        args.inputs, args.out, jobs=args.jobs, text_column=args.text_column, id_column=args.id_column,
        columns=dict(args.column), level=args.level, id_from=args.id_from,
        options=Options(keyword_method=args.keywords, top_n=args.top), progress=not args.no_progress, csv=args.csv,
    )
    if summary.documents == 0:
        raise InputError(args.inputs[0], f"no readable documents ({len(summary.problems)} skipped; "
                                         f"see {Path(args.out) / 'problems.csv'})")
    return f"{summary}\n"
