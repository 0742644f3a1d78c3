"""Read a report file: detect its encoding, refuse what is not a text report.

UTF-8 (with or without BOM) is tried first and strictly; otherwise ``charset-normalizer``
chooses among the Chinese encodings (GB18030, which covers GBK and GB2312, and Big5).
Everything wrong with a file is an :class:`~analysis.errors.InputError` with one line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

#: Encodings tried after UTF-8, in the names Python's codecs use.
CHINESE_ENCODINGS = ("gb18030", "big5")

#: File signatures of common binary formats that arrive renamed as ``.txt``.
_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (e.g. .docx/.xlsx)",
    b"\xd0\xcf\x11\xe0": "an MS Office (OLE) document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}
_BOMS = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}


@dataclass(frozen=True)
class RawReport:
    """A decoded report file. ``text`` has any byte-order mark removed."""

    path: str
    text: str
    encoding: str
    sha256: str
    size: int


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a report.

    >>> decode_bytes("政府工作报告".encode("gb18030"))
    ('政府工作报告', 'gb18030')
    """
    if not data.strip():
        raise InputError(path, "empty file")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, f"binary file ({what}), not a text report")
    for bom, enc in _BOMS.items():
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError as exc:
                raise InputError(path, f"undecodable: has a {enc} byte-order mark but {exc.reason}") from None
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    if best is not None and best.encoding in CHINESE_ENCODINGS:
        return str(best), best.encoding
    for enc in CHINESE_ENCODINGS:  # strict fall-back if detection gave no verdict
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError(path, "undecodable: not UTF-8, GB18030/GBK or Big5 text")


def read_report(path: str | Path) -> RawReport:
    """Read and decode one report file; raise :class:`InputError` for anything unusable."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a report file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot read ({exc.strerror})") from None
    text, encoding = decode_bytes(data, str(p))
    if not any(ch.isalnum() for ch in text):
        raise InputError(p, "no text in file")
    return RawReport(str(p), text, encoding, hashlib.sha256(data).hexdigest(), len(data))
