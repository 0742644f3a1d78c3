"""Run the whole pipeline over a corpus: tidy tables for every document, resumable and parallel.

Modules: :mod:`~analysis.runner.schemas` (the table set, defined once),
:mod:`~analysis.runner.document` (one document's tables), :mod:`~analysis.runner.parts`
(part files), :mod:`~analysis.runner.workers`, :mod:`~analysis.runner.assemble`,
:mod:`~analysis.runner.distributed` (Dask),
:mod:`~analysis.runner.run` (:func:`run_corpus`), :mod:`~analysis.runner.command` (``corpus``),
:mod:`~analysis.runner.build` (``build``: the runner over ``data/raw/``),
:mod:`~analysis.runner.load` (reading any output folder) and
:mod:`~analysis.runner.attainment` (targets against outcomes and parents, over the corpus).

:func:`run_corpus` streams the reports of a corpus (:func:`analysis.readers.records.iter_corpus`:
folders of .txt, CSV, Excel, JSONL), processes each one —

    process_text → words.tokens → metrics.metrics_table → targets.targets_table → outcomes.outcomes_table
    → themes.theme_scores_by_level (section, document) → keywords.keywords

— and writes one table per unit over all documents, as Parquet and as CSV, into ``out_dir``:

==================  ==================================================================
table               one row per …  (schema)
==================  ==================================================================
documents           document (:data:`DOCUMENT_COLUMNS`)
headings            heading (:data:`analysis.structure.HEADING_COLUMNS`)
sentences           sentence (:data:`analysis.document.SENTENCE_COLUMNS`)
tokens              token (:data:`analysis.words.TOKEN_COLUMNS`)
metrics             numeric mention (:data:`analysis.extract.metrics.METRIC_COLUMNS`)
targets             main expected target (:data:`analysis.extract.targets.TARGET_COLUMNS`)
outcomes            last year's outcome per indicator (:data:`analysis.extract.outcomes.OUTCOME_COLUMNS`);
                    join them with targets over the corpus: :func:`analysis.runner.attainment.attainment_table`
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
* **Distributed** — with ``client=`` (a ``distributed.Client``; ``corpus --scheduler``) the
  documents run on a Dask cluster instead (:mod:`~analysis.runner.distributed`): workers
  return each part's bytes, this process writes the parts and assembles, so resuming and the
  tables are as in a local run.
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

from .command import add_corpus_parser, cmd_corpus
from .document import Options, document_tables, fingerprint
from .parts import PartError, check_part, part_key, read_part, write_part
from .run import MAX_CELL_CHARS, RUN_MARKER, RunSummary, check_out_dir, run_corpus
from .schemas import (
    CSV_CHOICES,
    DOCUMENT_COLUMNS,
    KEYWORD_TABLE_COLUMNS,
    PARQUET_OPTIONS,
    PROBLEM_COLUMNS,
    SPREADSHEET_TABLES,
    TEXT_COLUMNS,
    all_table_schemas,
    arrow_schema,
    corpus_table_schemas,
    table_schemas,
)

__all__ = [
    "CSV_CHOICES",
    "DOCUMENT_COLUMNS",
    "KEYWORD_TABLE_COLUMNS",
    "MAX_CELL_CHARS",
    "Options",
    "PARQUET_OPTIONS",
    "PROBLEM_COLUMNS",
    "PartError",
    "RUN_MARKER",
    "RunSummary",
    "SPREADSHEET_TABLES",
    "TEXT_COLUMNS",
    "add_corpus_parser",
    "all_table_schemas",
    "arrow_schema",
    "check_out_dir",
    "check_part",
    "cmd_corpus",
    "corpus_table_schemas",
    "document_tables",
    "fingerprint",
    "part_key",
    "read_part",
    "run_corpus",
    "table_schemas",
    "write_part",
]
