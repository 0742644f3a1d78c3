"""Part files: one document's tables, written atomically, keyed by content, checked when read back (a damaged part is rebuilt)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.io import csv_rows, write_atomic
from analysis.readers.records import (
    Record,
)

from .schemas import SPREADSHEET_TABLES, arrow_schema, table_schemas


def part_key(record: Record, fingerprint_: str) -> str:
    """Return the key of a document's part: SHA-256 of its text, identity and the pipeline fingerprint."""
    ident = json.dumps({"doc_id": record.doc_id, "path": record.path, "row": record.row,
                        "metadata": record.metadata, "fingerprint": fingerprint_},
                       sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(ident.encode("utf-8") + b"\0" + record.text.encode("utf-8")).hexdigest()

def _part_file(parts: Path, key: str) -> Path:
    return parts / key[:2] / f"{key}.zip"

def part_done(parts: Path, key: str) -> bool:
    """True if a document's part file exists (it is written atomically; :func:`check_part`
    tells whether its content is intact)."""
    return _part_file(parts, key).exists()

def _arrow_table(frame: pd.DataFrame, schema):
    """``frame`` as a :class:`pyarrow.Table` of ``schema`` (whose names are ``frame``'s columns,
    in order): column by column, what ``Table.from_pandas`` does (NaN → null included) without
    its pandas metadata."""
    import pyarrow as pa

    return pa.Table.from_arrays([pa.array(a, type=f.type, from_pandas=True)
                                 for f, a in zip(schema, _column_arrays(frame, schema.names))], schema=schema)

def _column_arrays(frame: pd.DataFrame, names: list[str]) -> list:
    """The arrays of ``frame``'s columns ``names``. Taken from the frame's blocks when the frame
    has exactly these columns: ``frame[name]`` builds a Series for each (a quarter of the
    conversion's time for the pipeline's many short tables). ``_get_column_array`` is a
    pandas internal, so another pandas (no such method) falls back on ``frame[name]``."""
    if list(frame.columns) == names:
        try:
            return [frame._get_column_array(i) for i in range(len(names))]
        except AttributeError:  # another pandas
            pass
    return [frame[n] for n in names]

#: How a table's Arrow IPC file is compressed in a part: one LZ4 frame over the whole file.
#: Arrow's own IPC compression (LZ4 per column buffer) cost three times as much to write and
#: to read for the pipeline's tables of many short columns (the themes tables), and compressed
#: a little less (measured on 40 national reports).
PART_CODEC = "lz4"

def _ipc_bytes(table) -> tuple[bytes, int]:
    """``table`` as an Arrow IPC file compressed with :data:`PART_CODEC`, and the file's size
    before compression (needed to decompress it)."""
    import pyarrow as pa
    import pyarrow.ipc

    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    raw = sink.getvalue()
    return pa.Codec(PART_CODEC).compress(raw, asbytes=True), raw.size

def _ipc_table(data: bytes, size: int):
    """The table of an IPC file :func:`_ipc_bytes` compressed (``size``: its size before)."""
    import pyarrow as pa
    import pyarrow.ipc

    # the C library's allocator, named here: pyarrow's process-wide default pool would keep
    # the freed memory of every part read resident
    pool = pa.system_memory_pool()
    raw = pa.Codec(PART_CODEC).decompress(data, decompressed_size=size, memory_pool=pool)
    return pa.ipc.open_file(raw, memory_pool=pool).read_all()

#: The member of a part file naming its key, the SHA-256 of every other member and the
#: size of each IPC file before compression.
PART_INDEX = "PART.json"

class PartError(Exception):
    """A part file that cannot be used: damaged (truncated, empty, bits changed) or another document's."""

def write_part(parts: Path, key: str, tables: Mapping[str, pd.DataFrame]) -> dict[str, tuple]:
    """Write one document's tables to ``parts/<key[:2]>/<key>.zip``, atomically
    (:func:`part_contents`). Returns the part as :func:`read_part` would read it back:
    ``{table name: (pyarrow.Table, CSV lines or None)}`` (the in-process run assembles it
    without reading the file)."""
    data, part = part_contents(key, tables)
    write_atomic(_part_file(parts, key), data)
    return part

def part_bytes(key: str, tables: Mapping[str, pd.DataFrame]) -> bytes:
    """Return the part file of one document's tables (:func:`part_contents`). (A Dask worker
    returns these bytes and the runner writes them: :mod:`~analysis.runner.distributed`.)"""
    return part_contents(key, tables)[0]

def part_contents(key: str, tables: Mapping[str, pd.DataFrame]) -> tuple[bytes, dict[str, tuple]]:
    """Return the part file of one document's tables and the part as read back: a zip
    holding, for each table, its Arrow IPC file (one LZ4 frame, :data:`PART_CODEC`) and its
    CSV lines, so that assembling a CSV table is appending bytes (the CSV work is done in the
    worker, in parallel); and :data:`PART_INDEX`, the part's key, the SHA-256 of each member,
    checked when it is read, and each IPC file's size before compression."""
    import io
    import zipfile

    members, part, sizes = {}, {}, {}
    for name, columns in table_schemas().items():
        table = _arrow_table(tables[name], arrow_schema(columns))
        members[f"{name}.arrow.lz4"], sizes[f"{name}.arrow.lz4"] = _ipc_bytes(table)
        csv = csv_rows(table) if name in SPREADSHEET_TABLES else None
        if csv is not None:
            members[f"{name}.csv"] = csv
        part[name] = (table, csv)
    index = {"key": key, "sha256": {m: hashlib.sha256(data).hexdigest() for m, data in members.items()},
             "size": sizes}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(PART_INDEX, json.dumps(index, sort_keys=True))
        for m, data in members.items():
            zf.writestr(m, data)
    return buffer.getvalue(), part

def _members(name: str) -> tuple[str, ...]:
    """The members of a part file that hold table ``name``."""
    return (f"{name}.arrow.lz4", f"{name}.csv") if name in SPREADSHEET_TABLES else (f"{name}.arrow.lz4",)

def _part_members(parts: Path, key: str) -> tuple[dict[str, bytes], dict]:
    """The members of a part file, each checked against the part's index, and the index;
    raises :class:`PartError`."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(_part_file(parts, key).read_bytes())) as zf:
            index = json.loads(zf.read(PART_INDEX))
            if index.get("key") != key:
                raise PartError(f"holds another document's tables (key {str(index.get('key'))[:12]}…)")
            members = {}
            for name in table_schemas():
                for m in _members(name):
                    data = zf.read(m)
                    if hashlib.sha256(data).hexdigest() != index["sha256"][m]:
                        raise PartError(f"{m} differs from its SHA-256")
                    members[m] = data
            return members, index
    except PartError:
        raise
    except Exception as exc:  # BadZipFile (empty, truncated), KeyError (a member missing), JSON …
        msg = str(exc).splitlines()[0] if str(exc) else ""
        raise PartError(f"damaged ({type(exc).__name__}: {msg})") from None

def check_part(parts: Path, key: str) -> str | None:
    """Return why a document's existing part cannot be reused (damaged, another document's), or None."""
    try:
        _part_members(parts, key)
    except PartError as exc:
        return str(exc)
    return None

def read_part(parts: Path, key: str) -> dict[str, tuple]:
    """Return ``{table name: (pyarrow.Table, CSV lines or None)}`` of a document's part, checked
    against its index (:class:`PartError` if it does not match)."""
    members, index = _part_members(parts, key)
    try:
        return {name: (_ipc_table(members[f"{name}.arrow.lz4"], index["size"][f"{name}.arrow.lz4"]),
                       members.get(f"{name}.csv"))
                for name in table_schemas()}
    except Exception as exc:  # a size in the index (which no hash covers) that is wrong
        msg = str(exc).splitlines()[0] if str(exc) else ""
        raise PartError(f"damaged ({type(exc).__name__}: {msg})") from None
