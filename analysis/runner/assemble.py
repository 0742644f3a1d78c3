"""Assembling the tables: each document's part appended in input order, as Parquet row groups and CSV lines, renamed into place when the run completes; then the corpus tables."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pandas as pd

from analysis.io import csv_rows
from analysis.readers.records import (
    Problem,
    Record,
)

from .parts import PartError, _arrow_table, read_part
from .schemas import (
    PARQUET_OPTIONS,
    PROBLEM_COLUMNS,
    SPREADSHEET_TABLES,
    arrow_schema,
    corpus_table_schemas,
    table_schemas,
)

#: Rows buffered per table before a Parquet row group is written (more rows compress a little
#: better but stay in the main process's memory: 100,000 kept ~100 MiB more resident).
#: A row group always holds whole documents (a document's rows are added at once, and the
#: group is written after them), so reading one document with a filter on ``doc_id`` reads
#: the row groups whose ``doc_id`` statistics (min, max) can hold it: one, for a corpus read
#: in ``doc_id`` order, of at most about this many rows.
BATCH_ROWS = 25_000

#: Tables whose row groups hold another number of rows than :data:`BATCH_ROWS`.
#:
#: The texts table has one row of ~50,000 characters per report, so 25,000 rows would be a
#: row group of ~1.2 GB, read whole to get one report's text (and buffered whole in the main
#: process): 100 reports make ~5 MB.
#:
#: The tokens and paragraph themes tables have thousands of rows a report (tokens ~7,000):
#: at 25,000 rows they made most of a run's row groups, and a Parquet writer keeps every row
#: group's metadata until it writes the footer (~10 KiB a tokens row group in the main
#: process: +65 MiB at 30,000 reports, issue 15.5). 100,000 rows (~15 reports' tokens) make a
#: quarter of them, and a footer a quarter the size, which reading one document parses first
#: (at 3,000 reports, one report's tokens read in ~33 ms instead of ~44; the file 13 % smaller).
BATCH_ROWS_OF = {"texts": 100, "tokens": 100_000, "themes_paragraph": 100_000}

#: Documents' pieces of a table buffered before they are combined into one (memory).
COMPACT_PIECES = 200

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
    """Writes one table as Parquet (row groups of whole documents, about :data:`BATCH_ROWS`
    rows each) and as CSV (BOM, header, then each part's CSV lines as they come)."""

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
        self.batch_rows = BATCH_ROWS_OF.get(name, BATCH_ROWS)

    def add(self, table, csv: bytes | None) -> None:
        """Append one document's rows; ``csv``: their CSV lines, made from ``table`` if None."""
        import pyarrow as pa

        if self.csv is not None:
            self.csv.write(csv if csv is not None else csv_rows(table))
        self.buffer.append(table)
        self.rows += table.num_rows
        if self.rows >= self.batch_rows:
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
        # the documents' pieces written as they are (a table of several chunks: one row group
        # all the same), not first copied into one: that copy doubled the buffer's memory
        self.parquet.write_table(pa.concat_tables(self.buffer))
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

    def finish(self, pos: int, key: str | None, record: Record | None = None, part: dict | None = None) -> None:
        """Record that ``pos`` is finished (``key`` of its part, or None: no tables; ``part``: its
        tables as :func:`write_part` returned them, else they are read from the part file); a
        part that cannot be read back is reported (``report(pos, Problem)``) and left out."""
        self.slots[pos] = (key, record, part)
        while self.next in self.slots:
            key, record, part = self.slots.pop(self.next)
            if key is not None and part is None:
                try:
                    part = read_part(self.parts, key)
                except PartError as exc:  # written or checked moments ago: the disk failed us
                    if self.report is None:
                        raise
                    self.report(self.next, Problem(record.path if record else str(self.parts),
                                                   record.row if record else None, f"part file {exc}"))
                    part = None
            if key is not None and part is not None:
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
        """Attainment, hierarchy and escalation over every document (:mod:`analysis.runner.attainment`),
        from the targets, outcomes and documents tables just written (small: a few rows a document)."""
        from analysis.runner.attainment import (
            attainment_table,
            escalation_table,
            hierarchy_table,
        )
        from analysis.tables import read_parquet

        def read(name):
            w = self.writers[name]
            w.parquet.close()  # the file is complete: its row groups and footer are written
            return read_parquet(w.path, table_schemas()[name])

        documents, targets, outcomes = read("documents"), read("targets"), read("outcomes")
        hierarchy = hierarchy_table(targets, documents)
        return {"attainment": attainment_table(targets, outcomes, documents), "hierarchy": hierarchy,
                "escalation": escalation_table(hierarchy)}
