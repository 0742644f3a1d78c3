"""Running a corpus: the output folder's guard, streaming the records, scheduling, resuming, the summary."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from analysis import __version__
from analysis.errors import InputError
from analysis.io import write_atomic, write_error
from analysis.readers.records import (
    Problem,
    Record,
    iter_corpus,
)

from .assemble import _Assembler
from .document import Options, _segmenter_record, fingerprint
from .parts import _part_file, check_part, part_done, part_key
from .schemas import CSV_CHOICES, all_table_schemas
from .workers import (
    GC_THRESHOLD,
    _arrow_system_pool,
    _Done,
    _gc_threshold,
    _pool,
    _work,
    _work_here,
    _worker_environment,
)


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
    client=None,
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
        client: a ``distributed.Client``: the documents run on its Dask cluster, ``jobs``
            is ignored (:mod:`~analysis.runner.distributed`); the parts and tables are
            written here, byte-identical to a local run.

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
    if client is not None:  # a Dask cluster runs the documents: refused before anything is written if it differs
        from .distributed import check_cluster

        jobs = check_cluster(client, options)  # its threads, for max_in_flight
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

    def collect(done, part: dict | None = None) -> None:
        """Hand finished documents to the assembler (``part``: the tables of the one document
        processed in this process, else read from its part file)."""
        for fut in done:
            try:
                index, problem, *sent = fut.result()  # a Dask worker also returns the part's bytes
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                index, problem, sent = fut.index, f"worker process died ({exc})", []
            rec, key = records.pop(index)
            if sent and sent[0]:  # written here, so parts and resuming need no filesystem shared with the cluster
                write_atomic(_part_file(parts, key), sent[0])
            if problem:
                report(index, Problem(rec.path, rec.row, problem))
                tables.finish(index, None)
            else:
                summary.processed += 1
                tables.finish(index, key, rec, part)
            bar.update()

    try:
        with contextlib.ExitStack() as stack:
            # the part tables read back are freed document by document: with the C library's
            # allocator that memory goes back to the system (pyarrow's default pool kept ~90 MiB
            # more resident in this process at 720 documents); restored after
            stack.enter_context(_arrow_system_pool())
            if client is not None:
                from .distributed import DaskPool

                pool = DaskPool(client, options)
            elif jobs > 1:
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
                    index, problem, part = _work_here(task)
                    collect([_Done((index, problem))], part)
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
            if pool is not None:  # every document is done: the idle workers' memory is freed
                pool.shutdown()   # before the corpus tables are made (the run's peak at 30,000)
                pool = None
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
        # relative to root when given (build): the record must not depend on where the project is
        "inputs": [str(p) if root is None else Path(os.path.relpath(p, root)).as_posix() for p in input_list],
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
