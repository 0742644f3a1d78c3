"""gwr-analysis — computational analysis of Chinese government work reports (政府工作报告).

The public API, in five names::

    import analysis
    doc = analysis.read("2025年湖南省政府工作报告.docx")   # a file of any format, or a text
    doc                      # <Document '…' title='…' year=2025 region='湖南省' chars=… sections=… flagged=…>
    doc.targets()            # the year's targets; also .metrics() .outcomes() .sentences .tokens()
    doc.themes(by="section", dictionary="my_dictionary.tsv")   # category<TAB>term[<TAB>weight]
    doc.keywords(n=10); doc.kwic("新质生产力")
    tables = analysis.corpus(["reports/"], out="out", jobs=2)   # every table of a whole corpus
    analysis.load("targets", where="out")                       # one table of an output folder
    analysis.load_tables("out")                                 # all of them, read when used
    analysis.query("SELECT year, count(*) FROM documents GROUP BY ALL ORDER BY year", where="out")

:func:`read_corpus` yields the documents of a corpus one by one, with their metadata. The
pipeline's stages are the subpackages and modules, in order: ``readers`` (files → text),
``clean`` (cleaning with provenance), ``structure`` (headings, paragraphs, sentences),
``extract`` (numbers, targets, outcomes), ``words`` (segmentation, tokens, counts,
dictionaries, keywords), ``runner`` (the corpus runner, ``build`` and the table set) and
``viz`` (figures).
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

__all__ = ["Document", "read", "read_corpus", "corpus", "load", "load_tables", "query", "connect",
           "load_dictionary", "dfm", "attainment_table", "__version__"]

#: A string this long, or holding a line break, is a text, never a file name.
_MAX_PATH_CHARS = 1024


def _is_text(value: str) -> bool:
    """Whether ``read``'s argument is the text of a report rather than a file's name."""
    if "\n" in value or len(value) > _MAX_PATH_CHARS:
        return True
    if Path(value).exists():
        return False
    # a name that looks like a file's (a folder part, or an extension) but is not there is a
    # mistyped path: refused, never read as a one-line report
    looks_like_path = "/" in value or "\\" in value or Path(value).suffix[1:].isalnum()
    return not looks_like_path


def _flatten(paths) -> list:
    """Paths given one by one or as lists (``corpus("a/", ["b.csv", "c.csv"])``), as one list."""
    return [p for group in paths for p in ([group] if isinstance(group, (str, Path)) else group)]


def read(path_or_text, *, text_column: str | None = None, year: int | None = None, region: str | None = None,
         level: str | None = None):
    """Read, clean and structure one report: a file of any format the package reads (text in
    any encoding, a saved web page or web archive (.mht), Word, PDF, or a CSV/Excel/JSONL/Stata
    table holding one report, its text in ``text_column``), or the report's text itself as a
    ``str``.

    Year, region and level come from the file's columns, else from the report's title,
    occasion line and date, a web page's title or the file's name; ``year``, ``region`` and
    ``level`` (national, provincial, city, district) give them where the report does not (a
    county's report, a text pasted without its header). Returns a
    :class:`~analysis.document.Document`.

    Raises:
        InputError: the file is missing or unusable (one line naming the file and the problem).

    >>> doc = read("各位代表：\\n今年全省地区生产总值增长5%左右。")
    >>> doc.metadata["doc_id"], len(doc.sentences)  # 各位代表： is a sentence of its own
    ('text', 2)
    >>> doc = read("各位代表：\\n过去一年，全县生产总值增长5.2%。", year=2026, region="某县", level="district")
    >>> doc.outcomes()[["year", "indicator", "value"]].values.tolist()
    [[2025, 'gdp_growth', 5.2]]
    """
    from .errors import InputError
    from .pipeline import complete_year_region_level, process_text, read_document
    from .readers.metadata import LEVELS

    if level is not None and level not in LEVELS:
        raise InputError("level", f"{level!r} is not one of {', '.join(LEVELS)}")
    if isinstance(path_or_text, str) and _is_text(path_or_text):
        doc = process_text(path_or_text, doc_id="text")
        complete_year_region_level(doc)  # from its title and occasion, as a file's
    elif not isinstance(path_or_text, (str, Path)):
        raise TypeError(f"read() takes a path or a str, not {type(path_or_text).__name__}")
    elif not Path(path_or_text).exists():
        raise InputError(Path(path_or_text), "no such file")
    else:
        doc = read_document(Path(path_or_text), text_column=text_column)
    given = {"year": None if year is None else int(year), "region": region, "level": level}
    doc.metadata.update({k: v for k, v in given.items() if v is not None})
    return doc


def read_corpus(*paths, text_column: str | None = None, id_column: str | None = None,
                columns: dict | None = None, level: str | None = None, id_from: str | None = None):
    """Yield a :class:`~analysis.document.Document` for every report in ``paths`` (files and
    folders of any format; tables give one report per row), with its metadata (year, region,
    level, title … from the columns, else inferred). A file or row that cannot be read is
    reported as a :class:`UserWarning` naming it, and skipped. Arguments as for ``corpus``.
    """
    import warnings

    from .pipeline import process_record
    from .readers.metadata import complete_metadata
    from .readers.records import Problem, iter_corpus

    inputs = _flatten(paths)
    for item in iter_corpus(inputs, text_column=text_column, id_column=id_column, columns=columns,
                            level=level, id_from=id_from):
        if isinstance(item, Problem):
            warnings.warn(f"skipped: {item}", stacklevel=2)
            continue
        try:
            doc = process_record(item)
        except Exception as exc:  # one bad report never stops the loop
            warnings.warn(f"skipped: {item.path}: {exc}", stacklevel=2)
            continue
        meta = complete_metadata(item.metadata, doc.metadata)
        doc.metadata.update({k: v for k, v in meta.items() if v not in ("", None)}, path=item.path, row=item.row)
        yield doc


def corpus(*paths, out, jobs: int = 1, **options):
    """Run the corpus runner over ``paths`` into the folder ``out`` (every table as Parquet,
    the spreadsheet ones also as CSV; resumable) and return its table set: a mapping from
    table name to DataFrame, each table read when first asked for. ``options`` are those of
    :func:`analysis.runner.run_corpus` (``text_column``, ``id_from``, ``csv`` …; ``client=``
    a ``distributed.Client`` runs the documents on its Dask cluster).
    """
    from .runner import run_corpus
    from .runner.load import TableSet

    inputs = _flatten(paths)
    options.setdefault("progress", False)
    run_corpus(inputs, out, jobs=jobs, **options)
    return TableSet(out)


def load(name: str, where=None, *, doc_id: str | None = None):
    """Return table ``name`` (``"targets"``, ``"tokens"`` …) of an output folder: ``where``
    (a folder ``corpus`` wrote), by default ``data/processed/`` (``python -m analysis build``)."""
    from .runner.load import load as _load

    return _load(name, where, doc_id=doc_id)


def load_tables(where=None):
    """Return every table of an output folder (default ``data/processed/``) as a mapping of
    name → DataFrame, each read when first asked for (``tables["targets"]``)."""
    from . import paths
    from .runner.load import TableSet

    return TableSet(where if where is not None else paths.PROCESSED)


def __getattr__(name: str):
    if name == "Document":
        from .document import Document

        return Document
    if name in ("load_dictionary", "dfm"):  # quanteda's dictionary() and dfm()
        from .words import dictionary

        return getattr(dictionary, name)
    if name in ("query", "connect"):  # SQL over a table set's Parquet files (DuckDB)
        from . import sql

        return getattr(sql, name)
    if name == "attainment_table":  # targets against outcomes, with your own tolerance for 左右
        from .runner.attainment import attainment_table

        return attainment_table
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
