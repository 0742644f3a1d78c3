"""Read a report file: tell its format from its content, decode it, refuse what is unusable.

The one reader of the package: the CLI, :func:`analysis.pipeline.read_document`, ``build``
and the corpus runner all come here (through :func:`analysis.readers.records.iter_corpus`).

Formats, told from the bytes, never from the file name (:func:`detect_format`):

- ``text``: UTF-8 (with or without BOM), UTF-16 with a BOM (Windows Notepad's "Unicode") or without,
  else GB18030 (covering GBK and GB2312) or Big5, chosen by ``charset-normalizer``;
- ``html``: a saved web page or a fragment (:mod:`analysis.readers.webpage`), decoded by its
  ``<meta charset>`` when it has one;
- ``docx``: a Word file (:mod:`analysis.readers.word`); ``pdf``: a PDF with a text layer
  (:mod:`analysis.readers.pdf`);
- ``csv``, ``jsonl``, ``xlsx``, ``dta``: tables of reports, one per row, read by
  :mod:`analysis.readers.records`.

A name whose extension says another format is read by its content and the mismatch is
noted. Everything wrong with a file is an :class:`~analysis.errors.InputError` with one line.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError

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
#: Largest file a single report may be read from, in bytes. The longest shipped report is
#: ~150 KB of text; a saved portal page is ~100 KB; a Word file with pictures a few MB.
MAX_FILE_BYTES = 64 * 1024 * 1024

#: Formats of files holding one report, and of files holding a table of reports.
DOCUMENT_FORMATS = ("text", "html", "mhtml", "docx", "pdf")
TABLE_FORMATS = ("csv", "jsonl", "xlsx", "dta")
#: The format each extension promises, to report a file whose content says otherwise.
EXTENSION_FORMATS = {
    ".txt": "text", ".text": "text", ".htm": "html", ".html": "html", ".xhtml": "html",
    ".shtml": "html", ".mht": "mhtml", ".mhtml": "mhtml", ".docx": "docx", ".pdf": "pdf", ".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl",
    ".xlsx": "xlsx", ".dta": "dta",
}
FORMAT_NAMES = {"text": "text", "html": "HTML", "mhtml": "a saved web archive (MHTML)", "docx": "a Word file", "pdf": "a PDF", "csv": "CSV",
                "jsonl": "JSON lines", "xlsx": "an Excel workbook", "dta": "a Stata file"}


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
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(path, "binary file (contains NUL bytes), not a text report")
        return text
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


#: Share of the characters of text decoded as UTF-16 that must be ordinary (letters, digits,
#: punctuation, spaces): the text of another file read two bytes at a time is mostly not.
UTF16_ORDINARY = 0.95


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` of UTF-16 text written without a byte-order mark, else None.

    Such text has a NUL in every ASCII character's high byte; read in the byte order that
    fits, it is ordinary characters, line breaks and no NUL.

    >>> _utf16_without_bom("各位代表：\\n增长5%。".encode("utf-16-le"))
    ('各位代表：\\n增长5%。', 'utf-16-le')
    >>> _utf16_without_bom(b"abc\\x00\\x01\\x02def") is None
    True
    """
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        ordinary = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
        if "\x00" not in text and ordinary >= UTF16_ORDINARY * len(text):
            return text, enc
    return None


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file (see :func:`check_file`)."""
    p = Path(path)
    check_file(p)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot read ({exc.strerror})") from None


def check_file(path: str | Path) -> None:
    """Refuse what is missing, a folder, a device or a FIFO (which would block), unreadable,
    or larger than :data:`MAX_FILE_BYTES`, with one line."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except OSError as exc:
        raise InputError(p, f"cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(p, "is a directory, not a report file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(p, "not a regular file (a device, FIFO or socket)")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(p, f"file of {st.st_size:,} bytes is larger than the {MAX_FILE_BYTES:,}-byte limit for one report")


def _zip_format(data: bytes, path: str) -> str:
    from .word import check_archive

    archive = check_archive(data, path)
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:  # GB/T 33190, the fixed-layout format of Chinese government sites
        raise InputError(path, "an OFD document (GB/T 33190), not read: export it to PDF (or save its text) and read that")
    if "mimetype" in names:  # OpenDocument (LibreOffice, WPS): its media type is the archive's first file
        kind = archive.read("mimetype")[:100].decode("ascii", "replace")
        if kind.startswith("application/vnd.oasis.opendocument"):
            what = {"text": "text (.odt)", "spreadsheet": "spreadsheet (.ods)"}.get(kind.rsplit(".", 1)[-1], f"file ({kind})")
            raise InputError(path, f"an OpenDocument {what}, not read: save it as Word (.docx) or Excel (.xlsx)")
    raise InputError(path, "a ZIP archive that is neither a Word (.docx) nor an Excel (.xlsx) file")


def _is_stata(data: bytes) -> bool:
    """Stata 13+ files open with ``<stata_dta>``; older ones with a version byte (104-115)
    then a byte-order byte (1 or 2) and a file-type byte (1)."""
    return data.startswith(b"<stata_dta>") or (len(data) > 3 and 104 <= data[0] <= 115 and data[1] in (1, 2) and data[2] == 1)


def _is_mhtml(data: bytes) -> bool:
    """Whether the bytes are a saved web archive (MHTML: "Webpage, single file", ``.mht``
    ``.mhtml``): a MIME message whose header says ``multipart/related``.

    >>> _is_mhtml(b"From: <Saved by Blink>\\r\\nMIME-Version: 1.0\\r\\nContent-Type: multipart/related;\\r\\n\\ttype=\\"text/html\\"\\r\\n\\r\\n")
    True
    >>> _is_mhtml("各位代表：\\nContent-Type: multipart/related".encode())
    False
    """
    head = data[:4096].decode("latin-1")
    header = re.split(r"\r?\n\r?\n", head, maxsplit=1)[0]
    if not all(re.match(r"[!-9;-~]+:|[ \t]", line) for line in header.splitlines()):
        return False  # not every line before the first blank one is a header field
    return bool(re.search(r"^MIME-Version:", header, re.I | re.M)) and bool(
        re.search(r"^Content-Type:\s*multipart/related", header, re.I | re.M)
    )


def detect_format(data: bytes, path: str = "<bytes>") -> str:
    """The format of a file's bytes, one of :data:`DOCUMENT_FORMATS` + :data:`TABLE_FORMATS`.

    >>> detect_format("各位代表：".encode("utf-16"))
    'text'
    >>> detect_format(b"<!DOCTYPE html><html><body><p>x</p></body></html>")
    'html'
    >>> detect_format(b'{"content": "x"}\\n')
    'jsonl'
    >>> detect_format(b"\\xd0\\xcf\\x11\\xe0rest")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    analysis.errors.InputError: <bytes>: an encrypted (password-protected) Office file or an old .doc/.xls...
    """
    return sniff_format(data, path)[0]


#: How much of a file is read to tell its format (a table of reports is then streamed).
SNIFF_BYTES = 1 << 20


def sniff_file(path: str | Path) -> tuple[str, bytes | None, tuple[str, str] | None]:
    """``(format, bytes, (text, encoding))`` of a file, reading only its first
    :data:`SNIFF_BYTES` when it is a table (which the corpus reader streams, whatever its
    size); a document file is read whole (up to :data:`MAX_FILE_BYTES`) and its bytes
    returned, with its decoded text when it is text."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(SNIFF_BYTES + 1)
    except OSError as exc:
        raise InputError(p, f"cannot read ({exc.strerror})") from None
    if len(head) <= SNIFF_BYTES:  # the whole file
        fmt, decoded = sniff_format(head, str(p))
        return fmt, head, decoded
    fmt, _ = sniff_format(_whole_characters(head[:SNIFF_BYTES]), str(p))
    if fmt in TABLE_FORMATS:
        return fmt, None, None
    data = read_bytes(p)  # a document: whole, within the size limit
    return fmt, data, (decode_bytes(data, str(p)) if fmt == "text" else None)


def _whole_characters(cut: bytes) -> bytes:
    """``cut`` (the head of a file) up to its last line break; without one (a report stored on
    one line), up to its last byte below 0x40 within its last 64 KiB, which ends a character
    in UTF-8, GBK, GB18030 and Big5 alike (no multi-byte character holds one); else short of
    a UTF-8 character left unfinished. A character cut in two would not decode.

    >>> _whole_characters("增长5%左右".encode("utf-8")[:-1]).decode("utf-8")
    '增长5%'
    """
    if (nl := cut.rfind(b"\n")) >= 0:
        return cut[: nl + 1]
    for i in range(len(cut) - 1, max(len(cut) - 65536, 0) - 1, -1):
        if cut[i] < 0x40:
            return cut[: i + 1]
    end = len(cut)
    while end and 0x80 <= cut[end - 1] < 0xC0:  # UTF-8 continuation bytes
        end -= 1
    return cut[: end - 1] if end and cut[end - 1] >= 0xC0 else cut


def sniff_format(data: bytes, path: str = "<bytes>") -> tuple[str, tuple[str, str] | None]:
    """:func:`detect_format`, and for a text file its ``(text, encoding)`` (decoded once)."""
    if not data.strip():
        raise InputError(path, "empty file")
    if data.startswith(b"%PDF"):
        return "pdf", None
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, path), None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "an encrypted (password-protected) Office file or an old .doc/.xls; save it as .docx/.xlsx without a password")
    if _is_stata(data):
        return "dta", None
    if _is_mhtml(data):
        return "mhtml", None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise InputError(path, "an RTF document, not read: save it as .docx or plain text")
    text, encoding = decode_bytes(data, path)
    from .webpage import looks_like_html

    if looks_like_html(text):
        return "html", None  # decoded again by the page's own <meta charset>
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    if first.startswith("{"):
        import json

        try:
            if isinstance(json.loads(first), dict):
                return "jsonl", None
        except json.JSONDecodeError:
            pass
    if Path(path).suffix.lower() in (".csv", ".tsv"):
        return "csv", None
    return "text", (text, encoding)


def mismatch_note(path: str | Path, fmt: str) -> str:
    """A note when the file's extension promises another format than its content has, else ``""``.

    >>> mismatch_note("report.txt", "html")
    'named .txt but holds HTML; read as HTML'
    """
    ext = Path(path).suffix.lower()
    promised = EXTENSION_FORMATS.get(ext)
    if promised is None or promised == fmt:
        return ""
    return f"named {ext} but holds {FORMAT_NAMES[fmt]}; read as {FORMAT_NAMES[fmt]}"


@dataclass(frozen=True)
class Source:
    """One report read from a file: the text cleaning starts from, and where each of its
    characters stands in ``raw_text``.

    ``raw_text`` is what offsets point into: the decoded file for text and HTML (so a fact
    from a web page points at its place in the page's source), the extracted text for Word
    and PDF files (whose bytes have no character offsets), the text cell for a table row.
    ``text[i]`` comes from ``raw_text[starts[i]:ends[i]]``; ``starts is None`` means
    ``text is raw_text``.
    """

    path: str
    raw_text: str
    text: str
    format: str = "text"
    encoding: str = ""
    sha256: str = ""
    size: int = 0
    starts: np.ndarray | None = None
    ends: np.ndarray | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    page_title: str = ""  # a web page's <title> (where its year and region may be written)

    def metadata(self) -> dict:
        """What a Document records of where it was read from."""
        meta = {"path": self.path, "format": self.format, "encoding": self.encoding, "sha256": self.sha256}
        return {**meta, "page_title": self.page_title} if self.page_title else meta


def _page_source(p: str, data: bytes, fmt: str, charset: str | None, digest: str, size: int, notes: tuple) -> Source:
    """A web page's :class:`Source`: its bytes decoded by the page's ``<meta charset>`` (or
    ``charset``, what an archive's MIME header says, or the usual guess), its text read by
    :func:`~analysis.readers.webpage.html_text`."""
    from .webpage import html_text, meta_charset

    declared = meta_charset(data) or charset
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            source, encoding = data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            source, encoding = decode_bytes(data, p)
    else:
        source, encoding = decode_bytes(data, p)
    page = html_text(source)
    if next(itertools.islice((ch for ch in page.text if ch.isalnum()), 199, None), None) is None:  # < 200
        raise InputError(p, "a web page with no report text in it (an index, redirect or anti-bot page?)")
    if page.dropped_links:
        notes += (f"{page.dropped_links} navigation (link-only) lines of the page dropped",)
    if page.paging:
        notes += (page.paging,)
    return Source(p, source, page.text, fmt, encoding, digest, size, page.starts, page.ends, notes, page.title)


def source_from_text(text: str, path: str = "<text>") -> Source:
    """A :class:`Source` for a report given as a string (a table cell, or typed in)."""
    return Source(path, text, text)


def read_source(path: str | Path, data: bytes | None = None, sniffed: tuple | None = None) -> Source:
    """Read one report file of a document format (text, HTML, Word, PDF) as a :class:`Source`.

    ``data`` and ``sniffed`` (what :func:`sniff_format` said of it) may be given by a caller
    that read them already. Raises :class:`InputError` for a file of a table format (read
    those with :func:`analysis.readers.records.iter_corpus`) and for anything unusable.
    """
    p = str(path)
    data = read_bytes(path) if data is None else data
    fmt, decoded = sniffed or sniff_format(data, p)
    notes = tuple(n for n in [mismatch_note(p, fmt)] if n)
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "text":
        text, encoding = decoded or decode_bytes(data, p)
        if not any(ch.isalnum() for ch in text):
            raise InputError(p, "no text in file")
        return Source(p, text, text, "text", encoding, digest, len(data), notes=notes)
    if fmt in ("html", "mhtml"):
        from .webpage import archived_page

        html, charset = (data, None) if fmt == "html" else archived_page(data, p)
        return _page_source(p, html, fmt, charset, digest, len(data), notes)
    if fmt == "docx":
        from .word import docx_text

        text = docx_text(data, p)
    elif fmt == "pdf":
        from .pdf import pdf_text

        text = pdf_text(data, p)
    else:
        raise InputError(p, f"holds {FORMAT_NAMES.get(fmt, fmt)}, a table of reports: read it as a corpus")
    if not any(ch.isalnum() for ch in text):
        raise InputError(p, f"no text in {FORMAT_NAMES[fmt]}")
    return Source(p, text, text, fmt, "", digest, len(data), notes=notes)
