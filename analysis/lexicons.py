"""Load the lexicon data files under ``analysis/data/`` (and user-supplied ones).

Every lexicon is a UTF-8 text file that starts with a header of ``#`` comment lines naming
its source, followed by either

* a tab-separated table whose first non-comment line holds the column names
  (``userdict.tsv``, ``themes.tsv``, ``idf_national.tsv``), or
* a plain list, one term per line (``stopwords.txt``, ``policy_verbs.txt``); ``#`` starts a
  comment anywhere on a line, blank lines are ignored.

:func:`load_lexicon` is the only function in the package that reads these files. It returns
a DataFrame (all columns ``string``) plus a ``line`` column (``int64``, the 1-based line
number in the file) so later checks can point at the offending line; the header comments,
the file path and its SHA-256 are kept in ``DataFrame.attrs``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from analysis import paths

#: Folder holding the packaged lexicons.
DATA_DIR = paths.PACKAGE_DATA


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and line."""

    def __init__(self, path: Path | str, line: int | None, problem: str):
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


def lexicon_path(name: str | Path) -> Path:
    """Return the path of a lexicon: a bare file name is under ``analysis/data/``.

    A name without a directory part (``"themes.tsv"``) means the packaged file; anything
    else (``"./my_themes.tsv"``, an absolute path) is used as given.

    >>> lexicon_path("stopwords.txt") == DATA_DIR / "stopwords.txt"
    True
    >>> str(lexicon_path("./mine.tsv"))
    'mine.tsv'
    """
    path = Path(name)
    if isinstance(name, str) and path.name == name:
        return DATA_DIR / path
    return path


def file_sha256(path: str | Path) -> str:
    """Return the hex SHA-256 of a file's bytes.

    >>> len(file_sha256(lexicon_path("stopwords.txt")))
    64
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_lexicon_bytes(path: Path) -> bytes:
    """Return the bytes of a lexicon file that exists, is a file, is not blank and is UTF-8;
    otherwise raise :class:`LexiconError` naming the file."""
    if not path.exists():
        raise LexiconError(path, None, "file not found")
    if path.is_dir():
        raise LexiconError(path, None, "is a directory, not a lexicon file")
    raw = path.read_bytes()
    if not raw.strip():
        raise LexiconError(path, None, "empty file")
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LexiconError(path, None, f"not UTF-8 ({err.reason})") from None
    return raw


def load_lexicon(
    name: str | Path, *, columns: tuple[str, ...] = ("term",), table: bool | None = None
) -> pd.DataFrame:
    """Return a lexicon file as a DataFrame with ``columns`` (strings) plus ``line``.

    A ``.txt`` file is a one-term-per-line list and yields the single column ``term``.
    Any other file is a tab-separated table whose header row must contain every name in
    ``columns`` (extra columns are kept); rows with fewer fields than the header, or an
    empty value in a required column, raise :class:`LexiconError` naming file and line.

    Args:
        name: a file name under ``analysis/data/`` or a path to a user lexicon.
        columns: required column names (ignored for ``.txt`` lists).
        table: ``True`` reads any file as a table (a ``.txt`` too), ``False`` as a list;
            ``None`` decides by the suffix as above.

    Returns:
        DataFrame with ``attrs["header"]`` (the ``#`` comment lines, ``#`` stripped),
        ``attrs["path"]``, ``attrs["sha256"]`` and, for a table, ``attrs["header_line"]``
        (the line number of its column names).

    >>> lex = load_lexicon("themes.tsv", columns=("theme", "term", "source"))
    >>> list(lex.columns), bool(lex["line"].iloc[0] > len(lex.attrs["header"]))
    (['theme', 'term', 'source', 'line'], True)
    """
    path = lexicon_path(name)
    raw = read_lexicon_bytes(path)
    text = raw.decode("utf-8-sig")
    header: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    names: list[str] | None = None
    header_line: int | None = None
    is_list = path.suffix == ".txt" if table is None else not table
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            if not rows and names is None:
                header.append(stripped.lstrip("#").strip())
            continue
        if is_list:
            term = line.split("#", 1)[0].strip()
            if term:
                rows.append([term])
                lines.append(number)
            continue
        if not stripped:
            continue
        fields = [f.strip() for f in line.rstrip("\r\n").split("\t")]
        if names is None:
            names, header_line = fields, number
            missing = [c for c in columns if c not in names]
            if missing:
                raise LexiconError(
                    path, number, f"missing column(s) {', '.join(missing)} in header {names}"
                )
            continue
        if len(fields) < len(names):
            fields += [""] * (len(names) - len(fields))
        if len(fields) > len(names):
            raise LexiconError(path, number, f"{len(fields)} fields, header has {len(names)}")
        for col in columns:
            if not fields[names.index(col)]:
                raise LexiconError(path, number, f"empty value in column {col!r}")
        rows.append(fields)
        lines.append(number)
    if is_list:
        names = ["term"]
    elif names is None:
        raise LexiconError(path, None, f"no header row; expected columns {list(columns)}")
    frame = pd.DataFrame(rows, columns=names, dtype="string")
    frame["line"] = pd.Series(lines, dtype="int64")
    frame.attrs.update(header=header, path=str(path), sha256=hashlib.sha256(raw).hexdigest())
    if header_line is not None:
        frame.attrs["header_line"] = header_line
    return frame


def load_terms(name: str | Path) -> frozenset[str]:
    """Return the set of terms of a one-term-per-line list such as ``stopwords.txt``.

    >>> "的" in load_terms("stopwords.txt")
    True
    """
    return frozenset(load_lexicon(name)["term"].tolist())


#: The middle dots a product unit is written with (千瓦·时 in GB 3100; 千瓦•时, 千瓦・时 as fonts
#: and input methods give them): units.tsv writes ·, every one of them is read — by the number
#: reader and by the tokenizer's rules alike.
DOTS = "·•・‧⋅･"


def unit_forms(unit: str) -> list[str]:
    """``unit`` (as units.tsv writes it) with each of :data:`DOTS` for its middle dot.

    >>> unit_forms("kW·h")[:3], unit_forms("千瓦")
    (['kW·h', 'kW•h', 'kW・h'], ['千瓦'])
    """
    return [unit.replace("·", d) for d in DOTS] if "·" in unit else [unit]
