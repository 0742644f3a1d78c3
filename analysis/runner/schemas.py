"""The table set, defined once: every table's columns and dtypes, which are also written as CSV, and how Parquet is written."""

from __future__ import annotations

from collections.abc import Mapping

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
    "notes": "string",  # what the reader noticed of the file, "; "-joined: a name that says another format, navigation lines dropped, one page of several, a text that stops mid-sentence
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

def table_schemas() -> dict[str, dict[str, str]]:
    """Return table name → column dtypes for every per-document table, in output order.

    >>> list(table_schemas())[:3]
    ['documents', 'headings', 'sentences']
    """
    from analysis.clean import CHANGE_COLUMNS
    from analysis.document import SENTENCE_COLUMNS
    from analysis.extract.metrics import METRIC_COLUMNS
    from analysis.extract.outcomes import OUTCOME_COLUMNS
    from analysis.extract.targets import TARGET_COLUMNS
    from analysis.structure import HEADING_COLUMNS
    from analysis.words import TOKEN_COLUMNS
    from analysis.words.themes import LEVEL_KEYS, THEME_SCORE_COLUMNS

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
    from analysis.runner.attainment import (
        ATTAINMENT_COLUMNS,
        ESCALATION_COLUMNS,
        HIERARCHY_COLUMNS,
    )

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
