"""One document's tables: the whole pipeline on one record, and the fingerprint of the code that made them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import __version__
from analysis.readers.metadata import complete_metadata
from analysis.readers.records import Record

from .schemas import DOCUMENT_COLUMNS, TEXT_COLUMNS, table_schemas


@dataclass(frozen=True)
class Options:
    """What a run computes besides the fixed pipeline (part of every part's key)."""

    keyword_method: str = "tfidf"
    top_n: int = 20

_RESOURCES: dict = {}

def _resources() -> dict:
    """Segmenter, theme lexicon and IDF table, loaded once per process."""
    if not _RESOURCES:
        from analysis.clean.common_characters import common_characters
        from analysis.words import get_segmenter
        from analysis.words.keywords import load_idf
        from analysis.words.themes import load_themes

        _RESOURCES.update(segmenter=get_segmenter(), themes=load_themes())
        load_idf()  # cached inside analysis.words.keywords
        common_characters()  # cached inside analysis.clean.common_characters (needed only by damaged reports)
    return _RESOURCES

def document_tables(record: Record, options: Options = Options()) -> dict[str, pd.DataFrame]:
    """Return every table of one document, keyed as :func:`table_schemas`, each with its schema."""
    from dataclasses import replace

    from analysis.extract.metrics import metrics_table
    from analysis.extract.outcomes import outcomes_table
    from analysis.extract.targets import targets_table
    from analysis.pipeline import process_record
    from analysis.tables import as_schema, has_schema, typed_frame
    from analysis.words import tokens
    from analysis.words.keywords import keywords
    from analysis.words.themes import theme_scores_by_level

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
        hashlib.sha256(record.text.encode("utf-8")).hexdigest(), "; ".join([*(record.source.notes if record.source else ()), *doc.metadata.get("notes", ())]),
    )], DOCUMENT_COLUMNS)  # fmt: skip
    # metrics, targets and outcomes read the report's year (the plan ahead, this year's figures):
    # the completed metadata (title, file name), as analysis.read gives it
    dated = replace(doc, metadata={**doc.metadata, **{k: meta[k] for k in ("year", "region", "level")}})
    metrics = metrics_table(dated)
    frames = {
        "documents": documents,
        "headings": doc.headings,
        "sentences": doc.sentences,
        # doc_id built at its dtype: a plain str column made as_schema copy the table to cast it
        "cleaning_changes": doc.report.changes.assign(
            doc_id=pd.array([record.doc_id] * len(doc.report.changes), dtype="string")),
        "tokens": toks,
        "metrics": metrics,
        "targets": targets_table(dated),
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
    from analysis.words import SEGMENTER_SETTINGS

    root = Path(__file__).resolve().parents[1]  # the analysis package
    h = hashlib.sha256()
    for f in sorted([*root.rglob("*.py"), *(root / "data").glob("*")]):  # subpackages included
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    h.update(json.dumps({"version": __version__, "segmenter": SEGMENTER_SETTINGS, "options": options.__dict__,
                         "pandas": pd.__version__}, sort_keys=True).encode())
    return h.hexdigest()

def _segmenter_record() -> dict:
    from analysis import words

    return {**words.SEGMENTER_SETTINGS, **getattr(words, "SEGMENTER_BACKEND", {})}
