"""``python -m analysis build``: rebuild ``data/processed/`` from ``data/raw/``.

Every raw input listed in ``data/raw/MANIFEST.sha256`` is checked against its hash, then
each report in it (a .txt file, or each record of a .jsonl/.csv corpus) is cleaned and
structured. Outputs are tidy CSV tables over all documents plus each cleaned text:

- ``documents.csv`` one row per document (id, source file, title, date, counts);
- ``headings.csv``, ``sentences.csv`` (schemas in :mod:`analysis.structure`, :mod:`analysis.document`);
- ``cleaning_changes.csv`` every edit of every cleaning step, with raw offsets and flags;
- ``metrics.csv``, ``targets.csv`` (:mod:`analysis.numbers`, :mod:`analysis.targets`);
- ``outcomes.csv`` last year's outcomes of each report (:mod:`analysis.outcomes`), and over
  the corpus ``attainment.csv`` (target of year t against the outcome report t+1 states),
  ``hierarchy.csv`` and ``escalation.csv`` (targets against the parent's) (:mod:`analysis.attainment`);
- ``tokens.csv`` (:mod:`analysis.words`) and ``themes_{section,paragraph,document}.csv``
  (:func:`analysis.themes.theme_scores`, long form);
- ``clean/<doc_id>.txt`` the cleaned text, one paragraph per line;
- ``BUILD.json`` versions of what shapes the results and the SHA-256 of each input.

Nothing is written until every document has been processed; each file is written
atomically. A text cell a spreadsheet would run as a formula is written with a leading ``'``
(:func:`analysis.io.csv_text`); :func:`analysis.processed.load` takes it off again. Identical inputs give byte-identical outputs (no timestamps are recorded).
"""

from __future__ import annotations

import json
import platform
from importlib import metadata as md
from pathlib import Path

import pandas as pd

from . import __version__, paths
from .errors import InputError
from .io import csv_text, read_manifest, verify_manifest, write_atomic
from .pipeline import process_record

DOCUMENT_COLUMNS = {
    "doc_id": "string",
    "source": "string",  # file under data/raw/
    "record": "Int64",  # row/line number within a corpus file; <NA> for a .txt report
    "title": "string",  # title field of the record, else the report's title line
    "year": "Int64",  # year of the report (record field or title); <NA> if unknown
    "region": "string",  # province/region column; "" for national reports
    "level": "string",  # national, provincial, city, district ("" if unclear)
    "kind": "string",  # report, or resolution (an NPC resolution on a report)
    "date": "string",  # report date from the occasion line, YYYY-MM-DD, "" if none
    "published": "string",  # publication date given by the source, if any
    "encoding": "string",  # text encoding of the file, or the format read (docx, pdf)
    "paragraphs": "int64",
    "sentences": "int64",
    "headings": "int64",
    "flagged_spans": "int64",
}


def versions() -> dict:
    """Versions of the things that change results, recorded beside the outputs."""
    from .words import SEGMENTER_BACKEND, SEGMENTER_SETTINGS

    out = {"analysis": __version__, "python": platform.python_version(),
           "segmenter": {**SEGMENTER_SETTINGS, **SEGMENTER_BACKEND}}
    for dist in ("pandas", "numpy", "opencc", "jieba", "charset-normalizer"):
        try:
            out[dist] = md.version(dist)
        except md.PackageNotFoundError:
            out[dist] = None
    return out


def process_raw(raw_dir: Path = paths.RAW):
    """Yield a Document for every report under ``raw_dir`` listed in its manifest."""
    manifest = raw_dir / "MANIFEST.sha256"
    if not manifest.exists():
        raise InputError(manifest, "missing: data/raw/ has no manifest")
    problems = verify_manifest(manifest)
    if problems:
        raise InputError(manifest, problems[0])
    from .corpus import Problem, iter_corpus

    for name in read_manifest(manifest):
        for rec in iter_corpus(raw_dir / name):
            if isinstance(rec, Problem):
                raise InputError(rec.path, str(rec).removeprefix(f"{rec.path}: "))
            title_line = rec.metadata.get("title", "")
            meta = {**rec.metadata, "source": name, "record": rec.row, "published": rec.metadata.get("date", "")}
            if rec.source is not None:  # a document file: how it was decoded, or its format
                meta["encoding"] = rec.source.encoding or rec.source.format
            meta.pop("date")
            doc = process_record(rec, meta)
            if not title_line:  # a report file: title, year, region and level from its own title
                from .corpus import complete_metadata

                found = complete_metadata({"year": None, "region": "", "level": "", "source": name}, doc.metadata)
                doc.metadata.update({k: v for k, v in found.items() if v or k not in ("region",)})
            yield doc


def build(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED) -> list[str]:
    """Process every raw report and write the tables; return the document ids."""
    from .attainment import attainment_table, escalation_table, hierarchy_table
    from .numbers import metrics_table
    from .outcomes import outcomes_table
    from .targets import targets_table
    from .themes import theme_scores_by_level
    from .words import tokens

    docs = list(process_raw(raw_dir))
    documents, headings, sentences, changes = [], [], [], []
    derived: dict[str, list[pd.DataFrame]] = {k: [] for k in ("metrics", "targets", "outcomes", "tokens", "themes_section", "themes_paragraph", "themes_document")}
    for d in docs:
        toks = tokens(d)
        derived["tokens"].append(toks)
        metrics = metrics_table(d)
        derived["metrics"].append(metrics)
        derived["targets"].append(targets_table(d))
        derived["outcomes"].append(outcomes_table(d, metrics))
        by_level = theme_scores_by_level(toks, ("section", "paragraph", "document"))
        for level, scores in by_level.items():
            derived[f"themes_{level}"].append(scores)
        m = d.metadata
        documents.append({
            "doc_id": d.doc_id, "source": m["source"], "record": m.get("record"),
            "title": m.get("title", ""), "year": m.get("year"), "region": m.get("region", ""),
            "level": m.get("level", ""), "kind": m.get("kind", "report"), "date": m.get("date", ""),
            "published": m.get("published", ""),
            "encoding": m.get("encoding", "utf-8"), "paragraphs": len(d.paragraphs),
            "sentences": len(d.sentences), "headings": len(d.headings),
            "flagged_spans": len(d.report.flagged),
        })
        headings.append(d.headings)
        sentences.append(d.sentences)
        changes.append(d.report.changes.assign(doc_id=d.doc_id))
    tables = {
        "documents.csv": pd.DataFrame(documents, columns=list(DOCUMENT_COLUMNS)).astype(DOCUMENT_COLUMNS),
        "headings.csv": pd.concat(headings, ignore_index=True),
        "sentences.csv": pd.concat(sentences, ignore_index=True),
        "cleaning_changes.csv": pd.concat(changes, ignore_index=True),
        **{f"{k}.csv": pd.concat(v, ignore_index=True) for k, v in derived.items()},
    }
    documents_frame, targets = tables["documents.csv"], tables["targets.csv"]
    hierarchy = hierarchy_table(targets, documents_frame)
    tables["attainment.csv"] = attainment_table(targets, tables["outcomes.csv"], documents_frame)
    tables["hierarchy.csv"] = hierarchy
    tables["escalation.csv"] = escalation_table(hierarchy)
    for name, frame in tables.items():
        write_atomic(out_dir / name, csv_text(frame))
    for d in docs:
        write_atomic(out_dir / "clean" / f"{d.doc_id}.txt", d.text + "\n")
    inputs = read_manifest(raw_dir / "MANIFEST.sha256")
    write_atomic(out_dir / "BUILD.json", json.dumps({"versions": versions(), "inputs": inputs}, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return [d.doc_id for d in docs]
