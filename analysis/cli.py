"""Command line: ``python -m analysis COMMAND …`` (``COMMAND --help`` lists its options and defaults).

Commands
--------
clean PATH [--report]              the cleaned report, one paragraph per line (or the cleaning report)
structure PATH                     title and heading tree
build                              rebuild data/processed/ and figures/ from data/raw/
metrics PATH                       one row per numeric mention
targets PATH                       the year's targets (主要预期目标, and those stated only in the work plan)
outcomes PATH                      last year's outcomes stated in the review (增长5.4%, 城镇新增就业1256万人)
words PATH [--top N] [--drop-policy-verbs]      most frequent words
keywords PATH [--top N] [--method tfidf|textrank]
themes PATH [--by section|paragraph|document] [--lexicon FILE]
idf --out FILE                     build the background IDF table from the national reports
ngrams [--headings] --out FILE     build the character trigram model from the shipped corpora
figures [--out DIR]                write every figure (PNG 300 dpi + PDF) to figures/
corpus INPUT… --out DIR [--jobs N] tidy tables (Parquet + CSV) for a whole corpus, resumable

Every command that reads one report also takes ``--text-column C`` (the text column of a
table) and ``--out FILE`` (write the output there, atomically, instead of printing it). The
tables (``metrics`` … ``themes``) print as text for people: their key columns, long cells
shortened with ``…``; ``--format csv|json|jsonl|parquet`` gives every column for machines.
``idf`` and ``ngrams`` write only where ``--out`` says; to refresh the copies shipped in the
package, a developer runs them from a source checkout with ``--out analysis/data/…``.

Bad input prints one line, ``error: <file>: <problem>``, to stderr and exits with status 2;
so does a bad option (``error: argument --top: …``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import unicodedata
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
    from .report import format_structure, structure_dict

    doc = _doc(args.path, args.text_column)
    if args.format == "json":
        return json.dumps(structure_dict(doc), ensure_ascii=False, indent=2) + "\n"
    return format_structure(doc)


def cmd_build(args) -> str:
    from .runner.build import build
    from .viz.figures import write_figures

    written = build(jobs=args.jobs)
    figures = write_figures()
    return f"built {len(written)} documents into data/processed/ and {len(figures)} figure files into figures/\n"


#: Formats of the table commands: ``text`` for people, the others (every column) for machines.
TABLE_FORMATS = ("text", "csv", "json", "jsonl", "parquet")
#: The columns the text format prints, per table, with the widest each may be in display
#: columns (``None``: never shortened); the last, the sentence, takes the room left on the
#: line. The machine formats give every column.
TEXT_COLUMNS = {
    "metrics": {"raw_start": None, "text": 16, "value": None, "unit": None, "quantity": None, "metric": 16,
                "status": None, "sentence": None},
    "targets": {"indicator": None, "name": 16, "value": None, "low": None, "high": None, "unit": None,
                "qualifier": None, "sentence": None},
    "outcomes": {"year": None, "indicator": None, "name": 16, "value": None, "low": None, "high": None,
                 "unit": None, "qualifier": None, "sentence": None},
    "keywords": {"term": None, "score": None},
}
#: Widest line of the text format, and widest text cell of other tables, in display columns
#: (a CJK character is two).
LINE_WIDTH, CELL_WIDTH = 120, 20


def display_width(text: str) -> int:
    """Return the columns ``text`` takes in a terminal: two for a wide (CJK) character, else one.

    Written here: the standard library's ``unicodedata.east_asian_width`` is all it needs.

    >>> display_width("GDP增长5%")  # 3 + 2 × 2 + 1 + 1
    9
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: str, width: int) -> str:
    """Return ``text`` cut to at most ``width`` display columns, ending in ``…`` when cut.

    >>> shorten("全市生产总值增长5%左右", 10), shorten("增长5%", 10)
    ('全市生产…', '增长5%')
    """
    if display_width(text) <= width:
        return text
    kept, used = [], 1  # the ellipsis takes one column
    for ch in text:
        used += display_width(ch)
        if used > width:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def _cell(value) -> str:
    """One cell as text: missing values blank, floats to four significant digits, whitespace as spaces."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)):
        return np.format_float_positional(value, precision=4, unique=False, fractional=False, trim="-")
    return " ".join(str(value).split())


def text_table(frame, columns: dict[str, int | None] | None = None, *, line_width: int = LINE_WIDTH) -> str:
    """Return ``frame`` as an aligned text table for a terminal.

    With ``columns`` (as in :data:`TEXT_COLUMNS`), only those the frame has are shown, each
    text cell shortened to its width, and the last column takes the room left on a
    ``line_width`` line (at least :data:`CELL_WIDTH`). Without, every column is shown, text
    cells shortened to :data:`CELL_WIDTH`. Numbers are right-aligned. A table still wider
    than ``line_width`` is printed in blocks of columns, one after another.

    >>> import pandas as pd
    >>> print(text_table(pd.DataFrame({"name": ["生产总值", "CPI"], "value": [5.0, 2.25]})), end="")
    name      value
    生产总值      5
    CPI        2.25
    """
    import pandas as pd

    shown = [c for c in columns or () if c in frame.columns]
    if shown:
        frame = frame[shown]
    if not len(frame):
        return "(no rows)\n"
    names = [str(c) for c in frame.columns]
    limits = [columns[c] for c in shown] if shown else [CELL_WIDTH] * len(names)
    cells = [[_cell(v) for v in frame[c].tolist()] for c in frame.columns]
    right = [pd.api.types.is_numeric_dtype(frame[c].dtype) and not pd.api.types.is_bool_dtype(frame[c].dtype)
             for c in frame.columns]
    flexible = bool(shown) and not right[-1]  # the last column then takes the room left
    for i, (limit, r) in enumerate(zip(limits, right)):
        if limit and not r and not (flexible and i == len(names) - 1):
            cells[i] = [shorten(v, limit) for v in cells[i]]
    if flexible:
        others = sum(max(map(display_width, [n, *col])) + 2 for n, col in zip(names[:-1], cells[:-1]))
        cells[-1] = [shorten(v, max(CELL_WIDTH, line_width - others)) for v in cells[-1]]
    widths = [max(map(display_width, [n, *col])) for n, col in zip(names, cells)]

    def pad(text: str, i: int) -> str:
        gap = " " * (widths[i] - display_width(text))
        return gap + text if right[i] else text + gap

    lines = []
    for block in _column_blocks(widths, line_width):
        if lines:
            lines.append("")
        for row in [names, *zip(*cells)]:
            lines.append("  ".join(pad(row[i], i) for i in block).rstrip())
    return "\n".join(lines) + "\n"


def _column_blocks(widths: list[int], line_width: int) -> list[list[int]]:
    """Return the column numbers in runs that fit on a ``line_width`` line, two spaces apart.

    >>> _column_blocks([10, 10, 10], 22), _column_blocks([30], 20)
    ([[0, 1], [2]], [[0]])
    """
    blocks, used = [[]], 0
    for i, w in enumerate(widths):
        if blocks[-1] and used + 2 + w > line_width:
            blocks.append([])
        used = used + 2 + w if blocks[-1] else w
        blocks[-1].append(i)
    return blocks


def _emit(frame, fmt: str, columns: dict[str, int | None] | None = None) -> str | bytes:
    """Return a table in ``fmt``: CSV (formulas neutralised, :func:`analysis.io.csv_text`), JSON
    records, JSON lines, Parquet (bytes), or for people :func:`text_table` of ``columns``."""
    if fmt == "csv":
        from .io import csv_text

        return csv_text(frame)
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return frame.to_json(orient="records", force_ascii=False, lines=True) if len(frame) else ""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), sink)
        return sink.getvalue().to_pybytes()
    return text_table(frame, columns)


def cmd_words(args) -> str | bytes:
    from . import words

    doc = _doc(args.path, args.text_column)
    freq = words.frequency(words.tokens(doc), drop_policy_verbs=args.drop_policy_verbs)
    freq = freq.sort_values(["count", "token"], ascending=[False, True], kind="mergesort")
    return _emit(freq.head(args.top).reset_index(drop=True), args.format)


def cmd_keywords(args) -> str | bytes:
    from . import words
    from .words import keywords

    doc = _doc(args.path, args.text_column)
    kw = keywords.keywords(words.tokens(doc), method=args.method, top_n=args.top)
    return _emit(kw, args.format, TEXT_COLUMNS["keywords"])


def cmd_themes(args) -> str:
    from . import words
    from .lexicons import LexiconError
    from .words import dictionary, themes

    doc = _doc(args.path, args.text_column)
    try:  # a relative path is found from the working directory; "themes" names the packaged one
        d = dictionary.load_dictionary(args.dictionary)
    except LexiconError as exc:
        raise InputError(exc.path, (f"line {exc.line}: " if exc.line else "") + exc.problem) from None
    scores = dictionary.score(words.tokens(doc), d, by=args.by)
    return _emit(themes.theme_table(scores, doc, d.categories), args.format)


def cmd_metrics(args) -> str | bytes:
    from .extract.metrics import metrics_table

    return _emit(metrics_table(_doc(args.path, args.text_column)), args.format, TEXT_COLUMNS["metrics"])


def cmd_targets(args) -> str | bytes:
    from .extract.targets import targets_table

    return _emit(targets_table(_doc(args.path, args.text_column)), args.format, TEXT_COLUMNS["targets"])


def cmd_outcomes(args) -> str | bytes:
    from .extract.outcomes import outcomes_table

    return _emit(outcomes_table(_doc(args.path, args.text_column)), args.format, TEXT_COLUMNS["outcomes"])


def cmd_figures(args) -> str:
    from .viz.figures import cmd_figures as run

    return run(args)


def cmd_idf(args) -> str:
    from .words.keywords import IDF_SOURCE, build_idf

    _check_out(args.out, [IDF_SOURCE])
    table = build_idf(IDF_SOURCE, args.out)
    return f"wrote {args.out} ({len(table)} terms)\n"


def cmd_ngrams(args) -> str:
    from .clean import ngrams

    _check_out(args.out, [path for path, _ in ngrams.source_files()])
    return f"wrote {ngrams.write(args.out, headings=args.headings)}\n"


def _check_out(out: str | Path, inputs) -> None:
    """Refuse an output path that is one of the ``inputs`` or a folder (one error line, nothing written)."""
    target = Path(out)
    if target.is_dir():
        raise InputError(out, "is a folder; --out names the file to write")
    for given in inputs:
        if given and Path(given).exists() and target.exists() and target.samefile(given):
            raise InputError(out, "is an input of this command; --out must name another file")


def _write_out(out: str, data: str | bytes) -> None:
    """Write a command's output to ``out`` atomically (:func:`analysis.io.write_atomic`)."""
    from .io import write_atomic

    try:
        write_atomic(out, data)
    except OSError as exc:
        raise InputError(out, f"cannot write: {exc.strerror or exc}") from None


def positive_int(text: str) -> int:
    """An ``argparse`` type: a whole number of at least 1 (``--top``, ``--jobs``).

    >>> positive_int("5")
    5
    """
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is less than 1")
    return n


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Help that shows each option's default, except where there is none to show (``None``,
    an off flag, an empty list): such an option's help says in words what happens without it."""

    def _get_help_string(self, action):
        if action.default is None or action.default is False or action.default == []:
            return action.help
        return super()._get_help_string(action)


class _Parser(argparse.ArgumentParser):
    """An argument parser (and its sub-commands' parsers) showing defaults, with one-line errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        """Print ``error: <message>`` (one line, with where to look) and exit with status 2."""
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def _path_argument(p) -> None:
    """PATH, --text-column and --out, as every single-report command takes them."""
    p.add_argument("path", help="a report: text, web page, Word, PDF, or a table (CSV/JSONL/Excel/Stata) of one report")
    p.add_argument("--text-column", default=None, metavar="C",
                   help="column holding the text in a table (default: the first of full_text, content, text, 全文, 正文, 内容, 文本)")
    p.add_argument("--out", dest="out_file", default=None, metavar="FILE",
                   help="write the output to FILE (atomically: a complete file or none) instead of printing it")


def _command(sub, name: str, text: str, func) -> argparse.ArgumentParser:
    """A sub-command parser whose ``--help`` starts with the same line as the command list."""
    p = sub.add_parser(name, help=text, description=text)
    p.set_defaults(func=func)
    return p


def make_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    from . import __version__

    parser = _Parser(prog="python -m analysis",
                     description="Analyse Chinese government work reports (政府工作报告): clean, structure, numbers, words.")
    parser.add_argument("--version", action="version", version=f"gwr-analysis {__version__}",
                        help="print the package version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                help="what to do; `python -m analysis COMMAND --help` lists its options")
    p = _command(sub, "clean", "print the cleaned report, one paragraph per line", cmd_clean)
    _path_argument(p)
    p.add_argument("--report", action="store_true", help="print the cleaning report (each step's edits, flagged spans) instead")
    p = _command(sub, "structure", "print title and heading tree", cmd_structure)
    _path_argument(p)
    p.add_argument("--format", choices=["text", "json"], default="text", help="text for people, json for machines")
    p = _command(sub, "build", "rebuild data/processed/ (the corpus runner over data/raw/) and figures/", cmd_build)
    p.add_argument("--jobs", type=positive_int, default=1, metavar="N",
                   help="worker processes (the outputs are the same for any number)")
    top = dict(type=positive_int, metavar="N")
    fmt = dict(choices=TABLE_FORMATS, default="text",
               help="text for people (key columns, long cells shortened); the others give every column "
                    "(parquet is binary: use --out or redirect stdout)")
    for name, func, text in (
        ("metrics", cmd_metrics, "one row per numeric mention, with raw offsets"),
        ("targets", cmd_targets, "the year's targets (主要预期目标, and those stated only in the work plan)"),
        ("outcomes", cmd_outcomes, "last year's outcomes stated in the review, with raw offsets"),
    ):
        p = _command(sub, name, text, func)
        _path_argument(p)
        p.add_argument("--format", **fmt)
    p = _command(sub, "words", "most frequent words (stopwords dropped)", cmd_words)
    _path_argument(p)
    p.add_argument("--top", default=30, help="how many words", **top)
    p.add_argument("--format", **fmt)
    p.add_argument("--drop-policy-verbs", action="store_true", help="also drop 推进/加强/坚持…")
    p = _command(sub, "keywords", "keywords by TF-IDF (national background) or TextRank", cmd_keywords)
    _path_argument(p)
    p.add_argument("--top", default=20, help="how many keywords", **top)
    p.add_argument("--method", choices=["tfidf", "textrank"], default="tfidf",
                   help="tfidf: against the national reports' IDF; textrank: PageRank over co-occurring words")
    p.add_argument("--format", **fmt)
    p = _command(sub, "themes", "each category's share of every unit (policy themes or your dictionary), and the dominant one",
                 cmd_themes)
    _path_argument(p)
    p.add_argument("--by", choices=["sentence", "paragraph", "section", "document"], default="section",
                   help="the unit scored")
    p.add_argument("--format", **fmt)
    p.add_argument("--dictionary", "--lexicon", dest="dictionary", default="themes", metavar="FILE",
                   help="a dictionary: TSV with header category<TAB>term[<TAB>weight] (globs like 绿色* allowed) "
                        "or YAML category: [term, ...]; a relative path is from the working directory "
                        "(themes: the 13 packaged policy themes)")
    p = _command(sub, "idf", "build the background IDF table from the national reports", cmd_idf)
    p.add_argument("--out", required=True, metavar="FILE",
                   help="file to write (to refresh the shipped copy, from a source checkout: "
                        "--out analysis/data/idf_national.tsv)")
    p = _command(sub, "ngrams", "build the character trigram model from the shipped corpora", cmd_ngrams)
    p.add_argument("--out", required=True, metavar="FILE",
                   help="file to write (to refresh the shipped copy, from a source checkout: "
                        "--out analysis/data/char_trigrams.tsv)")
    p.add_argument("--headings", action="store_true",
                   help="count the numbered heading lines only (shipped: analysis/data/heading_trigrams.tsv)")
    from .runner import add_corpus_parser

    add_corpus_parser(sub)
    p = _command(sub, "figures", "write every figure to figures/ (PNG 300 dpi + PDF) / 生成全部图表", cmd_figures)
    p.add_argument("--out", default=None, metavar="DIR", help="output folder (default: figures/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 ok, 2 bad input or options)."""
    parser = make_parser()
    args = parser.parse_args(argv)
    out_file = getattr(args, "out_file", None)
    if getattr(args, "format", None) == "parquet" and not out_file and sys.stdout.isatty():
        parser.error("--format parquet is binary: give --out FILE or redirect stdout")
    try:
        if out_file:
            _check_out(out_file, [getattr(args, "path", None), getattr(args, "lexicon", None)])
        out = args.func(args)
        if out_file:
            _write_out(out_file, out)
            return 0
        _write_stdout(out)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _write_stdout(out: str | bytes) -> None:
    """Write the command's output; a failure (``> file`` on a full disk) is one
    :class:`~analysis.io.WriteError` naming ``<stdout>``, not a traceback, and a file
    redirected to is cut back to where the output began (no half table)."""
    start = None
    with contextlib.suppress(OSError, ValueError, AttributeError):
        start = os.lseek(sys.stdout.fileno(), 0, os.SEEK_CUR)  # None for a pipe or terminal
    try:
        if isinstance(out, bytes):  # parquet
            sys.stdout.flush()
            sys.stdout.buffer.write(out)
        else:
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
