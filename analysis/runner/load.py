"""Read the tables ``python -m analysis build`` writes to ``data/processed/``.

Notebooks and figures read derived data only through :func:`load`, which restores each
column's dtype from the schema of the module that made the table, and fails with one clear
:class:`~analysis.errors.MissingDataError` if the table has not been built.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import MissingDataError
from analysis.io import RE_NEUTRALISED, restore_formulas


def schemas() -> dict[str, dict[str, str]]:
    """Table name → column dtypes, for every table ``build`` and ``corpus`` write."""
    from analysis.runner import all_table_schemas

    return all_table_schemas()


def table_path(name: str, where: str | Path | None = None) -> Path:
    """The file of table ``name`` in an output folder: its Parquet file, else its CSV."""
    folder = Path(where) if where is not None else paths.PROCESSED
    parquet = folder / f"{name}.parquet"
    return parquet if parquet.exists() else folder / f"{name}.csv"


def load(name: str, where: str | Path | None = None, doc_id: str | None = None, *,
         processed: Path | None = None) -> pd.DataFrame:
    """Return the table ``name`` (e.g. ``"metrics"``) of an output folder — ``data/processed/``
    (``build``) by default, or any folder ``corpus`` wrote — optionally for one document.

    Raises:
        MissingDataError: the table has not been built (run ``python -m analysis build``).
    """
    schema = schemas()
    if name not in schema:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(schema)}")
    path = table_path(name, where if where is not None else processed)
    if not path.exists():
        raise MissingDataError(path, "not built yet — run `python -m analysis build` (or `corpus`) first")
    if path.suffix == ".parquet":
        from analysis.tables import read_parquet

        # one document: only the row groups whose doc_id statistics can hold it are read
        return read_parquet(path, schema[name], None if doc_id is None else [("doc_id", "==", doc_id)])
    frame = _read_csv(path, schema[name])
    if doc_id is not None:
        frame = frame[frame["doc_id"] == doc_id].reset_index(drop=True)
    return frame


def _read_csv(path: Path, schema: dict[str, str]) -> pd.DataFrame:
    """A CSV table the package wrote (BOM, formula cells neutralised), at ``schema``'s dtypes."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = frame[list(schema)]
    for col, dtype in schema.items():
        if dtype == "string":  # text a spreadsheet would run as a formula was written with a "'"
            hit = frame[col].str.match(RE_NEUTRALISED.pattern)
            if hit.any():
                frame.loc[hit, col] = frame.loc[hit, col].map(restore_formulas)
    for col, dtype in schema.items():
        if dtype in ("int64", "float64", "Int64"):
            frame[col] = pd.to_numeric(frame[col].replace("", None), errors="raise")
        elif dtype == "bool":
            frame[col] = frame[col].str.lower().map({"true": True, "false": False})
        elif dtype == "boolean":  # <NA> is written as an empty cell
            frame[col] = frame[col].str.lower().map({"true": True, "false": False, "": None})
    return frame.astype(schema)


class TableSet(Mapping):
    """The tables of one output folder as a read-only mapping: name → DataFrame, each read
    (and kept) when first asked for; only the tables the folder holds are keys.

    >>> TableSet("no/such/folder")
    <TableSet no/such/folder: (no tables)>
    """

    def __init__(self, where: str | Path):
        self.where = Path(where)
        self._loaded: dict[str, pd.DataFrame] = {}

    def _names(self) -> list[str]:
        return [n for n in schemas() if table_path(n, self.where).exists()]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._loaded:
            if name not in schemas() or not table_path(name, self.where).exists():
                raise KeyError(name)
            self._loaded[name] = load(name, self.where)
        return self._loaded[name]

    def __iter__(self):
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __repr__(self) -> str:
        return f"<TableSet {self.where.as_posix()}: {', '.join(self._names()) or '(no tables)'}>"
