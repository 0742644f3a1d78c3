"""Which files a corpus is: the folders walked, each file's type told by its name and first
bytes, and a :class:`~analysis.errors.Problem` for every path that is missing, not a regular
file, or of a type that is not read (old Word, WPS, OFD …, with what to do)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..errors import Problem
from .source import EXTENSION_FORMATS

#: File types a corpus folder is searched for, recursively; any other file in it is listed
#: in ``problems`` as not read. A file named on the command line is read whatever its name.
#: Either way the format is told from the content (:func:`analysis.readers.detect_format`).
CORPUS_SUFFIXES = tuple(EXTENSION_FORMATS)

def corpus_files(inputs) -> Iterator[Path | Problem]:
    """Yield the files of a corpus given as files and folders, in a fixed order.

    A folder contributes its :data:`CORPUS_SUFFIXES` files, recursively, sorted by path; files
    are taken in the order given. A missing path, and a FIFO, device or socket (given, or of
    a corpus type in a folder: reading one could block forever), is a :class:`Problem`.
    """
    for f, _ in files_with_folders(inputs):
        yield f

def _not_regular(p: Path) -> Problem | None:
    """A Problem for a path that exists but is not a regular file or folder (checked before it is opened)."""
    import stat

    try:
        mode = p.stat().st_mode
    except OSError as exc:
        return Problem(str(p), None, f"cannot be read ({exc.strerror})")
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
        else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    return Problem(str(p), None, f"{kind}, not a file: not read")

def _folder_files(folder: Path) -> list[Path | Problem]:
    """The files under ``folder``, recursively (not following linked folders), and a
    :class:`Problem` for each folder that cannot be listed, sorted by path.

    A file whose kind cannot be told (its folder lacks search permission) is listed, to be
    reported by :func:`_not_regular`: neither ends the listing or is skipped unreported.
    """
    found: list[Path | Problem] = []

    def unlisted(exc: OSError) -> None:
        found.append(Problem(str(exc.filename), None, f"folder cannot be listed ({exc.strerror}): its files not read"))

    for root, _, files in os.walk(folder, onerror=unlisted):
        found += [Path(root, name) for name in files]
    return sorted(found, key=lambda f: Path(f.path) if isinstance(f, Problem) else f)

def files_with_folders(inputs) -> Iterator[tuple[Path | Problem, Path | None]]:
    """``(file, the input folder it was found in, or None for a file given itself)``, as :func:`corpus_files`."""
    for item in [inputs] if isinstance(inputs, (str, Path)) else inputs:
        p = Path(item)
        if not p.exists() and not p.is_symlink():
            yield Problem(str(p), None, "no such file or folder"), None
        elif (problem := _not_regular(p)) is not None:
            yield problem, None
        elif p.is_dir():
            for f in _folder_files(p):
                if isinstance(f, Problem):
                    yield f, p
                elif f.suffix.lower() in CORPUS_SUFFIXES or (f.suffix.lower() in UNREAD_FORMATS and _readable_inside(f)):
                    yield _not_regular(f) or f, p
                else:
                    why = UNREAD_FORMATS.get(f.suffix.lower()) or f"not a report file type ({f.suffix or 'no extension'})"
                    yield Problem(str(f), None, f"not read: {why}"), p
        else:
            yield p, None

#: Document formats reports come in that are not read, by extension, with what to do (a file in
#: a folder is judged by its name, unless its first bytes show a format that is read,
#: :func:`_readable_inside`; given itself, by its content: :func:`analysis.readers.source.sniff_format`).
UNREAD_FORMATS = {
    ".doc": "an old Word file (.doc): save it as .docx",
    ".wps": "a WPS file (.wps): save it as .docx",
    ".odt": "an OpenDocument text (.odt): save it as .docx",
    ".rtf": "an RTF document (.rtf): save it as .docx or plain text",
    ".ofd": "an OFD document (.ofd, GB/T 33190): export it to PDF or save its text",
    ".caj": "a CAJ file (.caj, CNKI's reader format): export it to PDF or save its text",
    ".xls": "an old Excel file (.xls): save it as .xlsx",
    ".et": "a WPS spreadsheet (.et): save it as .xlsx",
}

def _readable_inside(f: Path) -> bool:
    """Whether a file named as a format that is not read (.doc, .wps …) holds one that is: a
    web page or text saved as .doc (as portals' 下载Word links often serve), a .docx or PDF
    misnamed. Its first bytes tell: not an Office (OLE) or other binary file. Such a file is
    read as when given itself, by its content."""
    try:
        with open(f, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return True  # read, and its error reported, as any file's
    return head.startswith((b"%PDF", b"PK\x03\x04")) or (bool(head.strip()) and b"\x00" not in head and not head.startswith(b"\xd0\xcf\x11\xe0"))


#: How documents read from files are named (``iter_corpus(id_from=…)``, ``corpus --id-from``).
ID_FROM = ("path", "stem", "column")

def document_name(f: Path, base: Path | None, id_from: str) -> str:
    """The name a file gives its documents: its path under ``base`` without the extension
    (``北京/2024``), or its stem (``2024``) for a file given itself or with ``id_from="stem"``."""
    if base is None or id_from == "stem":
        return f.stem
    return f.relative_to(base).with_suffix("").as_posix()
