"""Command line: ``python -m analysis COMMAND …``.

Commands
--------
clean PATH [--report]                  cleaned report, one paragraph per line (or the cleaning report)
structure PATH [--format text|json]    title and heading tree
build                                  rebuild data/processed/ from data/raw/
metrics PATH [--format text|csv|json]  one row per numeric mention
targets PATH [--format text|csv|json]  the year's targets (主要预期目标, and those stated only in the work plan)
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
import json
import sys

from .errors import InputError


def _doc(path: str):
    """The one report in ``path``: a text file, or a CSV/JSONL file holding one record."""
    from pathlib import Path

    from .pipeline import process_file, process_text

    if Path(path).suffix.lower() not in (".csv", ".jsonl"):
        return process_file(path)
    from .corpus import iter_records

    records = list(iter_records(path))
    if len(records) != 1:
        raise InputError(path, f"holds {len(records)} reports; commands on PATH take one (see `corpus`)")
    doc_id, text, meta = records[0]
    if not text.strip():
        raise InputError(path, "the report's text field is empty")
    return process_text(text, doc_id, meta)


def cmd_clean(args) -> str:
    doc = _doc(args.path)
    if not args.report:
        return doc.text + "\n"
    from .report import format_cleaning_report

    return format_cleaning_report(doc)


def cmd_structure(args) -> str:
    from .report import structure_dict, format_structure

    doc = _doc(args.path)
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
    """A table as CSV, JSON records, or aligned text."""
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    return (frame.to_string(index=False) if len(frame) else "(no rows)") + "\n"


def cmd_words(args) -> str:
    from . import words

    doc = _doc(args.path)
    freq = words.frequency(words.tokens(doc), drop_policy_verbs=args.drop_policy_verbs)
    freq = freq.sort_values(["count", "token"], ascending=[False, True], kind="mergesort")
    return _emit(freq.head(args.top).reset_index(drop=True), args.format)


def cmd_keywords(args) -> str:
    from . import keywords, words

    doc = _doc(args.path)
    kw = keywords.keywords(words.tokens(doc), method=args.method, top_n=args.top)
    if args.format == "json":
        kw = kw[["term", "score"]]
    return _emit(kw, args.format)


def cmd_themes(args) -> str:
    from . import themes, words
    from .lexicons import LexiconError

    doc = _doc(args.path)
    try:
        scores = themes.theme_scores(words.tokens(doc), level=args.by, lexicon=args.lexicon)
    except LexiconError as exc:
        raise InputError(exc.path, (f"line {exc.line}: " if exc.line else "") + exc.problem) from None
    return _emit(themes.theme_table(scores, doc), args.format)


def cmd_metrics(args) -> str:
    from .numbers import metrics_table

    return _emit(metrics_table(_doc(args.path)), args.format)


def cmd_targets(args) -> str:
    from .targets import targets_table

    return _emit(targets_table(_doc(args.path)), args.format)


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


def make_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("clean", help="print the cleaned report, one paragraph per line")
    p.add_argument("path")
    p.add_argument("--report", action="store_true", help="print the cleaning report instead")
    p.set_defaults(func=cmd_clean)
    p = sub.add_parser("structure", help="print title and heading tree")
    p.add_argument("path")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_structure)
    p = sub.add_parser("build", help="rebuild data/processed/ from data/raw/")
    p.set_defaults(func=cmd_build)
    fmt = dict(choices=["text", "csv", "json"], default="text")
    for name, func, text in (
        ("metrics", cmd_metrics, "one row per numeric mention, with raw offsets"),
        ("targets", cmd_targets, "the year's targets (主要预期目标, and those stated only in the work plan)"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("path")
        p.add_argument("--format", choices=["text", "csv", "json"], default="csv")
        p.set_defaults(func=func)
    p = sub.add_parser("words", help="most frequent words (stopwords dropped)")
    p.add_argument("path")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--format", **fmt)
    p.add_argument("--drop-policy-verbs", action="store_true", help="also drop 推进/加强/坚持…")
    p.set_defaults(func=cmd_words)
    p = sub.add_parser("keywords", help="keywords by TF-IDF (national background) or TextRank")
    p.add_argument("path")
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--method", choices=["tfidf", "textrank"], default="tfidf")
    p.add_argument("--format", **fmt)
    p.set_defaults(func=cmd_keywords)
    p = sub.add_parser("themes", help="policy-theme shares and the dominant theme per unit")
    p.add_argument("path")
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
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(out)
    return 0
