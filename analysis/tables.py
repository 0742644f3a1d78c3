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
    return column_frame(list(zip(*rows)) if rows else [()] * len(columns), columns)


def column_frame(columns, schema: Mapping[str, str]) -> pd.DataFrame:
    """Return a DataFrame of ``columns`` (sequences in ``schema`` order) with the ``schema``
    dtypes: :func:`typed_frame` from columns rather than rows.

    >>> column_frame([["a", "b"], [1, 2]], {"term": "string", "n": "int64"}).dtypes.astype(str).tolist()
    ['string', 'int64']
    """
    return _frame_of([_column(v, t) for t, v in zip(schema.values(), columns)], schema)


def _frame_of(arrays: list, columns: Mapping[str, str]) -> pd.DataFrame:
    """A DataFrame of ``arrays`` (one per column, typed by :func:`_column`, equal lengths),
    named by ``columns``, with the default index.

    ``pd.DataFrame(dict)`` re-checks and re-wraps every array, which costs more than
    building the arrays of a short table, and the pipeline builds hundreds of them per
    document. ``DataFrame._from_arrays`` without that check is about three times faster;
    it is a pandas internal, so any doubt (lengths differ, no such method) falls back on
    the public constructor.
    """
    n = len(arrays[0]) if arrays else 0
    if all(len(a) == n for a in arrays):
        try:
            return pd.DataFrame._from_arrays(
                arrays, columns=_index(tuple(columns)).view(), index=pd.RangeIndex(n), verify_integrity=False
            )
        except (AttributeError, TypeError):  # another pandas
            pass
    return pd.DataFrame(dict(zip(columns, arrays)), copy=False)


@functools.lru_cache(maxsize=256)
def _index(names: tuple[str, ...]) -> pd.Index:
    """The column Index of a schema, built once (it costs more than a short column); each
    frame gets its own view, so that renaming one frame's axis leaves the others alone."""
    return pd.Index(names)


def schema_frame(columns: Mapping[str, object], schema: Mapping[str, str]) -> pd.DataFrame:
    """Return a DataFrame of the named ``columns`` with ``schema``: built from them as they are
    when they are in schema order at its dtypes, else through :func:`as_schema`.

    >>> schema_frame({"n": np.array([1, 2])}, {"n": "int64"}).dtypes.astype(str).tolist()
    ['int64']
    """
    if list(columns) == list(schema) and all(columns[c].dtype == _dtype(t) for c, t in schema.items()):
        return column_frame(list(columns.values()), schema)  # typed already: used as they are
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(next(iter(columns.values())))), copy=False)
    return as_schema(frame, schema)


def take_rows(column: pd.Series, rows: np.ndarray, dtype: str):
    """The values of ``column`` at ``rows`` (positions) as an array at ``dtype``: taken as they
    are when the column has that dtype, else typed as :func:`column_frame` types a list.

    >>> take_rows(pd.Series(["a", "b", "c"], dtype="string"), np.array([2, 0]), "string").tolist()
    ['c', 'a']
    """
    dt = _dtype(dtype)
    if column.dtype == dt:
        return column.to_numpy()[rows] if isinstance(dt, np.dtype) else column.array.take(rows)
    values = column.tolist()
    return _column([values[r] for r in rows.tolist()], dtype)


def _column(values, dtype: str):
    """An array of ``values`` at ``dtype``: numpy for numpy dtypes, else a pandas extension
    array; Arrow-backed strings are built by pyarrow directly (when it takes the values)."""
    dt = _dtype(dtype)  # cached: resolving a dtype name costs more than a short column
    if isinstance(values, (np.ndarray, pd.api.extensions.ExtensionArray)) and values.dtype == dt:
        return values  # typed already
    if isinstance(dt, np.dtype):
        return np.array(values, dtype=dt)
    if isinstance(dt, pd.StringDtype) and dt.storage == "pyarrow":
        import pyarrow as pa

        try:
            return pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string()), dtype=dt)
        except (pa.ArrowException, TypeError, ValueError):  # not all str/None: pandas converts them
            pass
    return pd.array(values, dtype=dt)


def empty_frame(columns: Mapping[str, str]) -> pd.DataFrame:
    """Return an empty DataFrame with the given column → dtype schema.

    >>> empty_frame({"token": "string", "count": "int64"}).dtypes.astype(str).tolist()
    ['string', 'int64']
    """
    return column_frame([()] * len(columns), columns)


def as_schema(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns`` (in order, cast to their dtypes), index reset.

    >>> as_schema(pd.DataFrame({"b": [1], "a": ["x"]}), {"a": "string", "b": "int64"}).columns.tolist()
    ['a', 'b']
    """
    dtypes = dict(zip(frame.columns, frame.dtypes))
    casts = {c: t for c, t in columns.items() if dtypes[c] != _dtype(t)}  # KeyError if missing
    out = frame if list(frame.columns) == list(columns) else frame[list(columns)]
    return (out.astype(casts) if casts else out).reset_index(drop=True)  # always a new frame


def has_schema(frame: pd.DataFrame, columns: Mapping[str, str]) -> bool:
    """True if ``frame`` is already what :func:`as_schema` would return: exactly ``columns``
    in order, at their dtypes, with the default index (0, 1, 2 …).

    A caller that owns a freshly built frame can then use it as it is instead of paying for
    :func:`as_schema`'s copy.

    >>> has_schema(pd.DataFrame({"a": pd.array(["x"], dtype="string")}), {"a": "string"})
    True
    >>> has_schema(pd.DataFrame({"a": ["x"]}, index=[5]).astype("string"), {"a": "string"})
    False
    """
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        return False
    # Index.tolist and one list comparison: several times faster than iterating the Index
    # and comparing dtype by dtype, which would eat much of what skipping the copy saves
    return frame.columns.tolist() == list(columns) and _dtypes(frame) == [_dtype(t) for t in columns.values()]


def _dtypes(frame: pd.DataFrame) -> list:
    """``frame.dtypes.tolist()`` without building the Series (a third of the cost, which
    mattered in :func:`has_schema`, asked of every table of every document); the block
    manager's ``get_dtypes`` is a pandas internal, so another pandas gets the public way."""
    try:
        return list(frame._mgr.get_dtypes())
    except AttributeError:
        return frame.dtypes.tolist()


@functools.lru_cache(maxsize=None)
def _dtype(name: str):
    """The pandas dtype object named ``name`` (compared as objects: ``"string"`` must not
    equal the NaN-variant ``str`` dtype)."""
    return pd.api.types.pandas_dtype(name)


def read_parquet(path, schema: Mapping[str, str], filters: list | None = None) -> pd.DataFrame:
    """Return the Parquet table at ``path`` as a DataFrame with ``schema`` (its columns, in order,
    at their dtypes); integers with nulls stay integers (``Int64``). ``filters``: the rows to
    keep, as :func:`pyarrow.parquet.read_table` takes them (row groups that cannot hold such
    rows are skipped by their statistics)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=list(schema), filters=filters)
    if table.num_rows == 0:  # pyarrow gives string columns of no chunks, which pandas cannot merge
        return empty_frame(schema)
    frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    return frame.astype(dict(schema))
