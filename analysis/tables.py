"""Tidy tables at their documented dtypes: build, cast and make empty ones.

Every table the package returns has a schema, a ``{column: dtype}`` dict kept beside the
function that makes it (``SENTENCE_COLUMNS``, ``METRIC_COLUMNS``, ``TOKEN_COLUMNS`` …);
these helpers are how the modules honour it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import pandas as pd


def typed_frame(rows: list[tuple], columns: Mapping[str, str]) -> pd.DataFrame:
    """Return a DataFrame of ``rows`` (tuples in ``columns`` order) with the ``columns`` dtypes,
    each column built at its dtype (no object column cast afterwards).

    >>> typed_frame([("a", 1), ("b", 2)], {"term": "string", "n": "int64"}).dtypes.astype(str).tolist()
    ['string', 'int64']
    """
    values = list(zip(*rows)) if rows else [()] * len(columns)
    return pd.DataFrame({c: _column(v, t) for (c, t), v in zip(columns.items(), values)}, copy=False)


def _column(values, dtype: str):
    """An array of ``values`` at ``dtype``: numpy for numpy dtypes, else a pandas extension array."""
    dt = _dtype(dtype)  # cached: resolving a dtype name costs more than a short column
    return np.array(values, dtype=dt) if isinstance(dt, np.dtype) else pd.array(values, dtype=dt)


def empty_frame(columns: Mapping[str, str]) -> pd.DataFrame:
    """Return an empty DataFrame with the given column → dtype schema.

    >>> empty_frame({"token": "string", "count": "int64"}).dtypes.astype(str).tolist()
    ['string', 'int64']
    """
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def as_schema(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns`` (in order, cast to their dtypes), index reset.

    >>> as_schema(pd.DataFrame({"b": [1], "a": ["x"]}), {"a": "string", "b": "int64"}).columns.tolist()
    ['a', 'b']
    """
    dtypes = dict(zip(frame.columns, frame.dtypes))
    casts = {c: t for c, t in columns.items() if dtypes[c] != _dtype(t)}  # KeyError if missing
    out = frame if list(frame.columns) == list(columns) else frame[list(columns)]
    return (out.astype(casts) if casts else out).reset_index(drop=True)  # always a new frame


@functools.lru_cache(maxsize=None)
def _dtype(name: str):
    """The pandas dtype object named ``name`` (compared as objects: ``"string"`` must not
    equal the NaN-variant ``str`` dtype)."""
    return pd.api.types.pandas_dtype(name)
