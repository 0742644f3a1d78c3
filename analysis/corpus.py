"""Reports stored as records of a table: JSONL lines or CSV rows, one report each.

:func:`iter_records` yields ``(doc_id, text, metadata)`` for every report in a file; a ``.txt``
file is one report. Offsets of a record's Document are into its text field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pandas as pd

from .errors import InputError
from .read import read_report

#: Text fields looked for, in order, when the caller names none.
TEXT_FIELDS = ("full_text", "content", "text")


def iter_records(path: str | Path, text_field: str | None = None) -> Iterator[tuple[str, str, dict]]:
    """Yield ``(doc_id, text, metadata)`` for each report in a .txt, .jsonl or .csv file.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "r.jsonl")
    >>> _ = open(p, "w", encoding="utf-8").write('{"year": "2025", "content": "各位代表"}\\n')
    >>> [(d, t) for d, t, m in iter_records(p)]
    [('r-0001', '各位代表')]
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl(p, text_field)
    elif suffix == ".csv":
        yield from _csv(p, text_field)
    else:
        raw = read_report(p)
        yield p.stem, raw.text, {"path": str(p), "encoding": raw.encoding, "sha256": raw.sha256}


def _pick_field(fields, text_field: str | None, path: Path) -> str:
    if text_field:
        if text_field not in fields:
            raise InputError(path, f"no text column '{text_field}' (columns: {', '.join(map(str, fields))})")
        return text_field
    for name in TEXT_FIELDS:
        if name in fields:
            return name
    raise InputError(path, f"no text column (looked for {', '.join(TEXT_FIELDS)})")


def _jsonl(path: Path, text_field: str | None):
    raw = read_report(path)
    for n, line in enumerate(raw.text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {n}: not JSON ({exc.msg})") from None
        field = _pick_field(rec, text_field, path)
        meta = {k: v for k, v in rec.items() if k != field}
        meta.update(path=str(path), record=n)
        yield f"{path.stem}-{n:04d}", rec[field] or "", meta


def _csv(path: Path, text_field: str | None):
    raw = read_report(path)
    from io import StringIO

    frame = pd.read_csv(StringIO(raw.text), dtype=str, keep_default_na=False)
    field = _pick_field(frame.columns, text_field, path)
    for n, rec in enumerate(frame.to_dict("records"), 1):
        meta = {k: v for k, v in rec.items() if k != field}
        meta.update(path=str(path), record=n)
        doc_id = path.stem if len(frame) == 1 else f"{path.stem}-{n:04d}"
        yield doc_id, rec[field], meta
