"""Command line: ``python -m analysis COMMAND …``.

Commands
--------
clean PATH [--report]                  cleaned report, one paragraph per line (or the cleaning report)
structure PATH [--format text|json]    title and heading tree
build                                  rebuild data/processed/ from data/raw/
metrics PATH [--format text|csv|json]  one row per numeric mention
targets PATH [--format text|csv|json]  the year's targets (主要预期目标, and those stated only in the work plan)
outcomes PATH [--format text|csv|json] last year's outcomes stated in the review (增长5.4%, 城镇新增就业1256万人)
words PATH [--top N] [--format text|csv|json] [--drop-policy-verbs]
keymetrics PATH [--format text|csv|json]  one row per numeric mention
targets PATH [--format text|csv|json]  the year's targets (主要预期目标, and those stated only in the work plan)
words PATH [--top N] [--method tfidf|textrank] [--format text|csv|json]
themes PATH [--by section|paragraph|document] [--format text|csv|json] [--lexicon FILE]
idf                                    rebuild analysis/data/idf_national.tsv from the national corpus
ngrams (--out PATH | --package)        rebuild the character bigram model (analysis/data/char_bigrams.tsv)
figures [--out DIR]                    write every figure to figures/ (PNG 300 dpi + PDF)
corpus INPUT… --out DIR [--jobs N] [--text-column C] [--id-column C] [--column FIELD=C] [--level L]
                                       tidy tables (Parquet + CSV) for a whole corpus, resumable

Bad input prints one line, ``error: <file>: <problem>``, to stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from .errors import InputError


def _doc(path: str, text_column: str | None = None):
    """The one report in ``path``, in any format the reader knows (a text, web page, Word or
    PDF file, or a table holding one report); notes on how it was read go to stderr."""
    from .pipeline import read_document

    doc = read_document(path, text_column=text_column)
    for note in doc.metadata.get("notes", ()):
        print(f"note: {path}: {note}", file=sys.stderr)
    from .clean import FIGURE_REMOVED, PROSE_REMOVED, REPEAT_FLAG

    changes = doc.report.changes
    removed = changes[changes["flag"].isin([FIGURE_REMOVED, PROSE_REMOVED, REPEAT_FLAG])]
    if len(removed):  # text taken out as page matter that a reader should look at: never silently
        print(f"note: {path}: {len(removed)} removal(s) to check ({'; '.join(sorted(set(removed['flag'])))}); "
              f"see `clean --report`", file=sys.stderr)
    return doc


def cmd_clean(args) -> str:
    doc = _doc(args.path, args.text_column)
    if not args.report:
        return doc.text + "\n"
    from .report import format_cleaning_report

    return format_cleaning_report(doc)


def cmd_structure(args) -> str:
    from .report import structure_dict, format_structure

    doc = _doc(args.path, args.text_column)
    if args.format == "json":
        return json.dumps(structure_dict(doc), ensure_ascii=False, indent=2) + "\n"
    return format_structure(doc)


def cmd_build(args) -> str:
    from .build import build

    from .figures import write_figures

    written = build()
    figures = write_figures()
    return f"built {len(written)} documents into data/processed/ and {len(figures)} figure files into figures/\n"


def _emit(frame, fmt: str) -> str:
    """A table as CSV (formulas neutralised, :func:`analysis.io.csv_text`), JSON records, or aligned text."""
    if fmt == "csv":
        from .io import csv_text

        return csv_text(frame)
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    return (frame.to_string(index=False) if len(frame) else "(no rows)") + "\n"


def cmd_words(args) -> str:
    from . import words

    doc = _doc(args.path, args.text_column)
    freq = words.frequency(words.tokens(doc), drop_policy_verbs=args.drop_policy_verbs)
    freq = freq.sort_values(["count", "token"], ascending=[False, True], kind="mergesort")
    return _emit(freq.head(args.top).reset_index(drop=True), args.format)


def cmd_keywords(args) -> str:
    from . import keywords, words

    doc = _doc(args.path, args.text_column)
    kw = keywords.keywords(words.tokens(doc), method=args.method, top_n=args.top)
    if args.format == "json":
        kw = kw[["term", "score"]]
    return _emit(kw, args.format)


def cmd_themes(args) -> str:
    from . import themes, words
    from .lexicons import LexiconError

    doc = _doc(args.path, args.text_column)
    try:
        # a file the user names is found from the working directory, a bare name of the
        # package's lexicons (themes.tsv) in the package
        lexicon = Path(args.lexicon) if args.lexicon and Path(args.lexicon).exists() else args.lexicon
        scores = themes.theme_scores(words.tokens(doc), level=args.by, lexicon=lexicon)
    except LexiconError as exc:
        raise InputError(exc.path, (f"line {exc.line}: " if exc.line else "") + exc.problem) from None
    return _emit(themes.theme_table(scores, doc), args.format)


def cmd_metrics(args) -> str:
    from .numbers import metrics_table

    return _emit(metrics_table(_doc(args.path, args.text_column)), args.format)


def cmd_targets(args) -> str:
    from .targets import targets_table

    return _emit(targets_table(_doc(args.path, args.text_column)), args.format)


def cmd_outcomes(args) -> str:
    from .outcomes import outcomes_table

    return _emit(outcomes_table(_doc(args.path, args.text_column)), args.format)


def cmd_figures(args) -> str:
    from .figures import cmd_figures as run

    return run(args)


def cmd_idf(args) -> str:
    from .keywords import DEFAULT_IDF, build_idf

    table = build_idf()
    return f"wrote {DEFAULT_IDF} ({len(table)} terms)\n"


def cmd_ngrams(args) -> str:
    from . import ngrams
    from .lexicons import lexicon_path

    out = lexicon_path(ngrams.CHAR_BIGRAMS) if args.package else args.out
    path = ngrams.write(out)
    return f"wrote {path}\n"


def _path_argument(p) -> None:
    """PATH and --text-column, as every single-report command takes them."""
    p.add_argument("path", help="a report: text, web page, Word, PDF, or a table (CSV/JSONL/Excel/Stata) of one report")
    p.add_argument("--text-column", default=None,
                   help="column holding the text in a table (default: the first of full_text, content, text)")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("clean", help="print the cleaned report, one paragraph per line")
    _path_argument(p)
    p.add_argument("--report", action="store_true", help="print the cleaning report instead")
    p.set_defaults(func=cmd_clean)
    p = sub.add_parser("structure", help="print title and heading tree")
    _path_argument(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_structure)
    p = sub.add_parser("build", help="rebuild data/processed/ from data/raw/")
    p.set_defaults(func=cmd_build)
    fmt = dict(choices=["text", "csv", "json"], default="text")
    for name, func, text in (
        ("metrics", cmd_metrics, "one row per numeric mention, with raw offsets"),
        ("targets", cmd_targets, "the year's targets (主要预期目标, and those stated only in the work plan)"),
        ("outcomes", cmd_outcomes, "last year's outcomes stated in the review, with raw offsets"),
    ):
        p = sub.add_parser(name, help=text)
        _path_argument(p)
        p.add_argument("--format", choices=["text", "csv", "json"], default="csv")
        p.set_defaults(func=func)
    p = sub.add_parser("words", help="most frequent words (stopwords dropped)")
    _path_argument(p)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--format", **fmt)
    p.add_argument("--drop-policy-verbs", action="store_true", help="also drop 推进/加强/坚持…")
    p.set_defaults(func=cmd_words)
    p = sub.add_parser("keywords", help="keywords by TF-IDF (national background) or TextRank")
    _path_argument(p)
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--method", choices=["tfidf", "textrank"], default="tfidf")
    p.add_argument("--format", **fmt)
    p.set_defaults(func=cmd_keywords)
    p = sub.add_parser("themes", help="policy-theme shares and the dominant theme per unit")
    _path_argument(p)
    p.add_argument("--by", choices=["section", "paragraph", "document"], default="section")
    p.add_argument("--format", **fmt)
    p.add_argument("--lexicon", help="your own theme lexicon (theme, term, source)")
    p.set_defaults(func=cmd_themes)
    p = sub.add_parser("idf", help="rebuild the background IDF table from the national corpus")
    p.set_defaults(func=cmd_idf)
    p = sub.add_parser("ngrams", help="rebuild the character bigram model from the shipped corpora")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", help="file to write")
    where.add_argument("--package", action="store_true", help="overwrite the packaged analysis/data/char_bigrams.tsv")
    p.set_defaults(func=cmd_ngrams)
    from .runner import add_corpus_parser

    add_corpus_parser(sub)
    p = sub.add_parser("figures", help="write every figure to figures/ (PNG 300 dpi + PDF) / 生成全部图表")
    p.add_argument("--out", default=None, help="output folder (default: figures/)")
    p.set_defaults(func=cmd_figures)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 ok, 2 bad input)."""
    args = make_parser().parse_args(argv)
    try:
        out = args.func(args)
        _write_stdout(out)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _write_stdout(out: str) -> None:
    """Write the command's output; a failure (``> file`` on a full disk) is one
    :class:`~analysis.io.WriteError` naming ``<stdout>``, not a traceback, and a file
    redirected to is cut back to where the output began (no half table)."""
    start = None
    with contextlib.suppress(OSError, ValueError, AttributeError):
        start = os.lseek(sys.stdout.fileno(), 0, os.SEEK_CUR)  # None for a pipe or terminal
    try:
        sys.stdout.write(out)
        sys.stdout.flush()
    except OSError as exc:
        if start is not None:
            with contextlib.suppress(OSError, ValueError):  # (not a regular file: nothing to cut)
                os.ftruncate(sys.stdout.fileno(), start)
        with contextlib.suppress(OSError, ValueError, AttributeError):  # the flush at exit must not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        from .io import write_error

        raise write_error("<stdout>", exc) from None
