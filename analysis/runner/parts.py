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
    import pyarrow as pa

    # column by column (what Table.from_pandas does, NaN → null included, without its pandas metadata)
    return pa.Table.from_arrays([pa.array(frame[f.name], type=f.type, from_pandas=True) for f in schema],
                                schema=schema)

def _ipc_bytes(table) -> bytes:
    import pyarrow as pa
    import pyarrow.feather as feather

    sink = pa.BufferOutputStream()
    feather.write_feather(table, sink, compression="lz4")
    return sink.getvalue().to_pybytes()

#: The member of a part file naming its key and the SHA-256 of every other member.
PART_INDEX = "PART.json"

class PartError(Exception):
    """A part file that cannot be used: damaged (truncated, empty, bits changed) or another document's."""

def write_part(parts: Path, key: str, tables: Mapping[str, pd.DataFrame]) -> None:
    """Write one document's tables to ``parts/<key[:2]>/<key>.zip``, atomically (:func:`part_bytes`)."""
    write_atomic(_part_file(parts, key), part_bytes(key, tables))

def part_bytes(key: str, tables: Mapping[str, pd.DataFrame]) -> bytes:
    """Return the part file of one document's tables: a zip holding, for each table, its
    Arrow IPC file (LZ4) and its CSV lines, so that assembling a CSV table is appending bytes
    (the CSV work is done in the worker, in parallel); and :data:`PART_INDEX`, the part's key
    and the SHA-256 of each member, checked when it is read. (A Dask worker returns these
    bytes and the runner writes them: :mod:`~analysis.runner.distributed`.)"""
    import io
    import zipfile

    members = {}
    for name, columns in table_schemas().items():
        table = _arrow_table(tables[name], arrow_schema(columns))
        members[f"{name}.arrow"] = _ipc_bytes(table)
        if name in SPREADSHEET_TABLES:
            members[f"{name}.csv"] = csv_rows(table)
    index = {"key": key, "sha256": {m: hashlib.sha256(data).hexdigest() for m, data in members.items()}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(PART_INDEX, json.dumps(index, sort_keys=True))
        for m, data in members.items():
            zf.writestr(m, data)
    return buffer.getvalue()

def _part_members(parts: Path, key: str) -> dict[str, bytes]:
    """The members of a part file, each checked against the part's index; raises :class:`PartError`."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(_part_file(parts, key).read_bytes())) as zf:
            index = json.loads(zf.read(PART_INDEX))
            if index.get("key") != key:
                raise PartError(f"holds another document's tables (key {str(index.get('key'))[:12]}…)")
            members = {}
            for name in table_schemas():
                for m in (f"{name}.arrow", f"{name}.csv") if name in SPREADSHEET_TABLES else (f"{name}.arrow",):
                    data = zf.read(m)
                    if hashlib.sha256(data).hexdigest() != index["sha256"][m]:
                        raise PartError(f"{m} differs from its SHA-256")
                    members[m] = data
            return members
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
    """Return ``{table name: (pyarrow.Table, CSV lines)}`` of a document's part, checked
    against its index (:class:`PartError` if it does not match)."""
    import pyarrow as pa
    import pyarrow.ipc

    members = _part_members(parts, key)
    # the C library's allocator, named here: feather.read_table would decompress into
    # pyarrow's process-wide default pool, which keeps freed memory resident
    pool = pa.system_memory_pool()
    return {name: (pa.ipc.open_file(pa.BufferReader(members[f"{name}.arrow"]), memory_pool=pool).read_all(),
                   members.get(f"{name}.csv"))
            for name in table_schemas()}
