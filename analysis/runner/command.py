"""The command line of the runner: ``python -m analysis corpus INPUT… --out DIR``."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.errors import InputError
from analysis.readers.records import (
    ID_FROM,
    LEVELS,
    METADATA_COLUMNS,
)

from .distributed import scheduler_client
from .document import Options
from .run import run_corpus
from .schemas import CSV_CHOICES, SPREADSHEET_TABLES


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
    from analysis.cli import (
        positive_int,  # the parser is the command line's: its rule for counts
    )

    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files or folders of reports (text, web page, Word, PDF; CSV/Excel/JSONL/Stata tables)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--jobs", type=positive_int, default=1, metavar="N", help="worker processes")
    p.add_argument("--text-column", metavar="C", help="column with the report text (default full_text/content/text/全文/正文/内容/文本)")
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
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run the documents on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786) "
                        "instead of --jobs; the tables are written here (needs the [dask] extra)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_corpus)
    return p

def cmd_corpus(args) -> str:
    """Run the ``corpus`` command; return the one-line summary for stdout."""
    if args.jobs < 1:
        raise InputError(args.out, "--jobs must be at least 1")
    if args.id_from == "column" and not args.id_column:
        raise InputError("--id-from", "column needs --id-column")
    if args.scheduler is not None and args.jobs != 1:
        raise InputError("--jobs", "the Dask cluster's workers run the documents with --scheduler; give one of the two")
    with scheduler_client(args.scheduler) as client:  # None without --scheduler
        summary = run_corpus(
            args.inputs, args.out, jobs=args.jobs, text_column=args.text_column, id_column=args.id_column,
            columns=dict(args.column), level=args.level, id_from=args.id_from,
            options=Options(keyword_method=args.keywords, top_n=args.top), progress=not args.no_progress,
            csv=args.csv, client=client,
        )
    if summary.documents == 0:
        raise InputError(args.inputs[0], f"no readable documents ({len(summary.problems)} skipped; "
                                         f"see {Path(args.out) / 'problems.csv'})")
    return f"{summary}\n"
