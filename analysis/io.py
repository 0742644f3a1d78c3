"""Writing outputs: atomically, CSV safe for spreadsheets, and the raw-data manifest.

A file is written to a temporary name in the same folder and renamed into place, so a crash
never leaves a half-written output behind.

Every CSV the package writes (``build``'s tables, the corpus runner's tables, the CLI's
``--format csv``) goes through this module: a text cell a spreadsheet would run as a formula
(OWASP "CSV injection": starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is
written with a leading ``'``, which spreadsheets show as text and hide; numeric columns are
never touched. A text cell that already starts with ``'`` before such a character gets one
more ``'``, so the rule can be undone exactly (:func:`restore_formulas`): spreadsheets show
the original text in both cases.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from .errors import InputError

#: A text cell a spreadsheet would run as a formula (OWASP "CSV injection"), allowing for
#: ``'`` already written before it (see the module docstring).
FORMULA_START = r"^'*[=+\-@\t\r]"
#: A cell written with a ``'`` by :func:`neutralise_frame` or :func:`neutralise_formulas`.
RE_NEUTRALISED = re.compile(r"^''*[=+\-@\t\r]")


def neutralise_formulas(table):
    """Return the Arrow ``table`` with a ``'`` before every text cell a spreadsheet would run as a formula.

    >>> import pyarrow as pa
    >>> t = neutralise_formulas(pa.table({"a": ["=SUM(A1)", "-3%", "增长", None], "n": [1, -2, 3, 4]}))
    >>> t.column("a").to_pylist(), t.column("n").to_pylist()
    (["'=SUM(A1)", "'-3%", '增长', None], [1, -2, 3, 4])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = [i for i, col in enumerate(table.columns) if pa.types.is_string(col.type)]
    if not text:
        return table
    # one test over all text cells first: most documents have no such cell at all
    every = pa.chunked_array([chunk for i in text for chunk in table.column(i).chunks], type=pa.string())
    if not pc.any(pc.match_substring_regex(every, FORMULA_START)).as_py():
        return table
    cols = list(table.columns)
    for i in text:  # only the columns that hold such a cell (usually one: a metric like -3%)
        col = cols[i]
        formula = pc.match_substring_regex(col, FORMULA_START)
        if pc.any(formula).as_py():
            cols[i] = pc.if_else(formula, pc.binary_join_element_wise("'", col, ""), col)
    return pa.Table.from_arrays(cols, schema=table.schema)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with a ``'`` before every text cell a spreadsheet would run as a formula.

    The same rule as :func:`neutralise_formulas`, for pandas frames; only text (``str``)
    cells change, numbers stay numbers. ``frame`` itself is not modified.

    >>> f = neutralise_frame(pd.DataFrame({"a": ["=1+1", "x", "-"], "v": [-1.5, 2.0, 3.0]}))
    >>> f["a"].tolist(), f["v"].tolist()
    (["'=1+1", 'x', "'-"], [-1.5, 2.0, 3.0])
    """
    out = None
    rx = re.compile(FORMULA_START)
    for name in frame.columns:
        col = frame[name]
        if not (pd.api.types.is_object_dtype(col.dtype) or pd.api.types.is_string_dtype(col.dtype)):
            continue
        values = col.to_numpy(dtype=object)
        if not any(isinstance(v, str) and rx.match(v) for v in values):
            continue
        if out is None:
            out = frame.copy()
        out[name] = pd.Series([f"'{v}" if isinstance(v, str) and rx.match(v) else v for v in values],
                              index=col.index, dtype=col.dtype)
    return frame if out is None else out


def csv_rows(table, *, header: bool = False) -> bytes:
    r"""Return the CSV lines of the Arrow ``table`` (formulas neutralised), no byte-order mark;
    with ``header``, the header line alone.

    The corpus runner's CSV: written in its workers, a document at a time, with pyarrow (every
    text cell quoted); the same cells as :func:`csv_text`.

    >>> import pyarrow as pa
    >>> t = pa.table({"a": ["=1", "x"], "n": [1, 2]})
    >>> csv_rows(t).decode().splitlines(), csv_rows(t, header=True).decode().splitlines()
    (['"\'=1",1', '"x",2'], ['"a","n"'])
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    sink = pa.BufferOutputStream()
    if header:
        pcsv.write_csv(table.schema.empty_table(), sink)
    else:
        pcsv.write_csv(neutralise_formulas(table), sink, pcsv.WriteOptions(include_header=False))
    return sink.getvalue().to_pybytes()


def restore_formulas(value):
    """Undo the neutralising of one cell read back from a CSV the package wrote.

    >>> restore_formulas("'=1+1"), restore_formulas("''=1+1"), restore_formulas("'quoted"), restore_formulas(3)
    ('=1+1', "'=1+1", "'quoted", 3)
    """
    if isinstance(value, str) and RE_NEUTRALISED.match(value):
        return value[1:]
    return value


def csv_text(frame: pd.DataFrame, *, header: bool = True) -> str:
    """Return ``frame`` as CSV text (no index, ``\\n`` line ends), formulas neutralised.

    The CSV of ``build`` and of the CLI's ``--format csv`` (pandas, quoting only where
    needed: the bytes of ``data/processed/`` stay as they were); the corpus runner writes the
    same cells with :func:`csv_rows`.

    >>> print(csv_text(pd.DataFrame({"term": ["@SUM(1+1)", "增长"], "value": [-1.5, 2]})), end="")
    term,value
    '@SUM(1+1),-1.5
    增长,2.0
    """
    frame = neutralise_frame(frame)
    # Python's csv module quotes a field holding a character of the line terminator, not any
    # other: with "\n" line ends a bare carriage return in a cell would split the row for a
    # reader. A table with one is written with "\r\n" line ends, so that such cells are quoted.
    has_cr = any(any(isinstance(v, str) and "\r" in v for v in frame[c].to_numpy(dtype=object))
                 for c in frame.columns if pd.api.types.is_object_dtype(frame[c].dtype)
                 or pd.api.types.is_string_dtype(frame[c].dtype))
    return frame.to_csv(index=False, header=header, lineterminator="\r\n" if has_cr else "\n")


class WriteError(InputError):
    """An output that could not be written (the disk is full, the folder not writable): one
    line naming the file, as for bad input; the CLI exits with 2."""

    def __reduce__(self):  # raised in a corpus worker, it crosses to the runner by pickle
        return type(self), (self.path, self.problem)


def write_error(path: str | Path, exc: OSError) -> WriteError:
    """The :class:`WriteError` for an ``OSError`` raised while writing ``path``.

    >>> import errno
    >>> str(write_error("out/a.csv", OSError(errno.ENOSPC, "No space left on device")))
    'out/a.csv: cannot write (No space left on device)'
    """
    return WriteError(path, f"cannot write ({exc.strerror or exc})")


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``; on failure (the
    disk full …) nothing is left behind and :class:`WriteError` names ``path``."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise write_error(path, exc) from None
        raise


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_manifest(manifest: str | Path) -> dict[str, str]:
    """``{relative path: sha256}`` from a ``sha256sum``-format manifest."""
    entries = {}
    for n, line in enumerate(Path(manifest).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise InputError(manifest, f"line {n}: expected '<sha256>  <path>'")
        entries[name] = digest
    return entries


def verify_manifest(manifest: str | Path) -> list[str]:
    """Problems with the files a manifest lists (missing or changed); empty if all match."""
    root = Path(manifest).parent
    problems = []
    for name, digest in read_manifest(manifest).items():
        f = root / name
        if not f.exists():
            problems.append(f"{f}: listed in manifest but missing")
        elif sha256_file(f) != digest:
            problems.append(f"{f}: SHA-256 differs from manifest (raw data must not change)")
    return problems
