"""SQL over a table set with DuckDB, without loading the tables into pandas.

An output folder (``data/processed/`` from ``python -m analysis build``, or any folder
``python -m analysis corpus`` wrote) is a Parquet dataset: one assembled file per table
(``tokens.parquet`` …; the ``parts/`` folder of a resumable run is not read). :func:`connect`
opens an in-memory DuckDB database in which every table of the folder is a view of its
Parquet file, named as the table (``documents``, ``tokens``, ``themes_document`` …);
:func:`query` runs one statement there and returns a pandas DataFrame. DuckDB reads only
the columns and row groups a query needs, so a tokens table of a billion rows (some 60,000
reports) is grouped in seconds where ``analysis.load("tokens")`` would not fit in memory.

Results: rows come back in no guaranteed order unless the SQL says ``ORDER BY``; say it
whenever the order matters (a figure, a test, a notebook output). DuckDB sums floating-point
columns in parallel, so such a sum can differ in its last digits between runs; sums of
counts and integer columns are exact (``sum`` of an integer column comes back as float64:
cast it, ``sum(x)::BIGINT``, to keep it an integer). Text columns come back as pandas text
(``str`` or ``object``, as your pandas converts them), SQL ``NULL`` as a missing value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import MissingDataError, QueryError


def table_files(where: str | Path | None = None) -> dict[str, Path]:
    """Return table name → Parquet file, for every table the folder ``where`` holds
    (``data/processed/`` by default), in the order of the table schemas.

    Raises:
        MissingDataError: the folder does not exist or holds no table.

    >>> table_files("no/such/folder")
    Traceback (most recent call last):
    analysis.errors.MissingDataError: no/such/folder: no such folder — run `python -m analysis build` (or `corpus`) first
    """
    from analysis.runner.load import schemas

    folder = Path(where) if where is not None else paths.PROCESSED
    if not folder.is_dir():
        raise MissingDataError(folder, "no such folder — run `python -m analysis build` (or `corpus`) first")
    files = {name: folder / f"{name}.parquet" for name in schemas()}
    found = {name: path for name, path in files.items() if path.is_file()}
    if not found:
        raise MissingDataError(folder, "holds no Parquet table — run `python -m analysis build` (or `corpus`) first")
    return found


def connect(where: str | Path | None = None):
    """Return an in-memory DuckDB connection in which each table of the folder ``where``
    (``data/processed/`` by default) is a view named as the table; for more than one query
    (``con.sql(…)`` is lazy, ``.df()`` fetches), your own views, or ``EXPLAIN``.

    Raises:
        MissingDataError: the folder does not exist or holds no table.

    Example (after ``python -m analysis build``)::

        con = connect()
        con.sql("SELECT level, count(*) AS n FROM documents GROUP BY ALL ORDER BY level").df()
        con.close()
    """
    import duckdb

    files = table_files(where)  # before connecting: a missing folder leaves nothing open
    con = duckdb.connect(":memory:")
    for name, path in files.items():
        literal = str(path.resolve()).replace("'", "''")  # a path is a SQL string literal here
        con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet(\'{literal}\')')
    return con


def query(sql: str, where: str | Path | None = None, *, params=None) -> pd.DataFrame:
    """Return the result of one SQL statement over the tables of an output folder as a
    DataFrame; each table is available by its name.

    Args:
        sql: a DuckDB SQL query, e.g. ``SELECT year, count(*) FROM documents GROUP BY ALL
            ORDER BY year``; without ``ORDER BY`` the rows have no guaranteed order.
        where: the output folder (``data/processed/`` by default, or a folder ``corpus`` wrote).
        params: values for ``?`` (a list) or ``$name`` (a dict) placeholders in ``sql``; pass
            a term this way rather than pasting it into the SQL.

    Raises:
        MissingDataError: the folder does not exist or holds no table.
        QueryError: DuckDB refused or failed the query (its message, and the tables there are).

    Example (after ``python -m analysis build``)::

        query("SELECT year, count(*) AS reports FROM documents WHERE level = ? GROUP BY ALL ORDER BY year",
              params=["national"])
    """
    import duckdb

    con = connect(where)
    try:
        return con.execute(sql, params).df()
    except duckdb.Error as exc:  # DuckDB's first line says what is wrong; then the SQL, marked
        tables = ", ".join(table_files(where))
        raise QueryError(f"{str(exc).splitlines()[0]} (tables here: {tables})") from exc
    finally:
        con.close()
