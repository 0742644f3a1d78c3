"""Read the tables ``python -m analysis build`` writes to ``data/processed/``.

Notebooks and figures read derived data only through :func:`load`, which restores each
column's dtype from the schema of the module that made the table, and fails with one clear
:class:`~analysis.errors.MissingDataError` if the table has not been built.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import paths
from .errors import MissingDataError
from .io import RE_NEUTRALISED, restore_formulas


def schemas() -> dict[str, dict[str, str]]:
    """Table name → column dtypes, for every table ``build`` writes."""
    from .attainment import ATTAINMENT_COLUMNS, ESCALATION_COLUMNS, HIERARCHY_COLUMNS
    from .build import DOCUMENT_COLUMNS
    from .clean import CHANGE_COLUMNS
    from .document import SENTENCE_COLUMNS
    from .numbers import METRIC_COLUMNS
    from .outcomes import OUTCOME_COLUMNS
    from .structure import HEADING_COLUMNS
    from .targets import TARGET_COLUMNS
    from .themes import LEVEL_KEYS, THEME_SCORE_COLUMNS
    from .words import TOKEN_COLUMNS

    tables = {
        "documents": DOCUMENT_COLUMNS,
        "headings": HEADING_COLUMNS,
        "sentences": SENTENCE_COLUMNS,
        "cleaning_changes": {**CHANGE_COLUMNS, "doc_id": "string"},
        "metrics": METRIC_COLUMNS,
        "targets": TARGET_COLUMNS,
        "outcomes": OUTCOME_COLUMNS,
        "attainment": ATTAINMENT_COLUMNS,
        "hierarchy": HIERARCHY_COLUMNS,
        "escalation": ESCALATION_COLUMNS,
        "tokens": TOKEN_COLUMNS,
    }
    for level in ("section", "paragraph", "document"):
        tables[f"themes_{level}"] = {**LEVEL_KEYS[level], **THEME_SCORE_COLUMNS}
    return tables


def load(name: str, processed: Path | None = None, doc_id: str | None = None) -> pd.DataFrame:
    """Return the processed table ``name`` (e.g. ``"metrics"``), optionally for one document.

    Raises:
        MissingDataError: the table has not been built (run ``python -m analysis build``).
    """
    schema = schemas()
    if name not in schema:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(schema)}")
    path = (processed or paths.PROCESSED) / f"{name}.csv"
    if not path.exists():
        raise MissingDataError(path, "not built yet — run `python -m analysis build` first")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame[list(schema[name])]
    for col, dtype in schema[name].items():
        if dtype == "string":  # text a spreadsheet would run as a formula was written with a "'"
            hit = frame[col].str.match(RE_NEUTRALISED.pattern)
            if hit.any():
                frame.loc[hit, col] = frame.loc[hit, col].map(restore_formulas)
    for col, dtype in schema[name].items():
        if dtype in ("int64", "float64", "Int64"):
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="raise")
        elif dtype == "bool":
            frame[col] = frame[col].map({"True": True, "False": False})
        elif dtype == "boolean":  # <NA> is written as an empty cell
            frame[col] = frame[col].map({"True": True, "False": False, "": None})
    frame = frame.astype(schema[name])
    if doc_id is not None:
        frame = frame[frame["doc_id"] == doc_id].reset_index(drop=True)
    return frame
