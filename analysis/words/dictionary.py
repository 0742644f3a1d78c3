"""Dictionaries of any kind: categories of terms, scored per unit, and the document-feature matrix.

A dictionary gives categories (any names) their terms, each with a weight (default 1), as
quanteda's ``dictionary()`` and cntext's ``diction=`` do. :func:`load_dictionary` reads

* a tab-separated file (any suffix but ``.yaml``/``.yml``; ``#`` comment lines on top) with
  the header ``category<TAB>term[<TAB>weight]``; a header ``theme<TAB>term<TAB>source``
  (the packaged ``themes.tsv``) is read too, ``theme`` standing for ``category``;
* a YAML file: ``category: [term, …]`` or ``category: {term: weight, …}``, read as text
  (``是``, ``yes`` or ``2025`` stay strings);
* a mapping of the same shape, e.g. from your own ``yaml.safe_load``;
* the name ``"themes"``: the 13 policy themes of ``analysis/data/themes.tsv``.

A relative path is found from the working directory, never inside the package (write
``./themes`` for a file of that name).

How terms match (the unit is the token of :func:`analysis.words.tokens`):

* a plain term is segmented like the text and matched as a run of tokens in one sentence
  (``生态廊道`` → 生态/廊道); it never matches inside a longer token (``发展`` ≠ ``高质量发展``);
* a term with ``*`` (any characters, none too) or ``?`` (one character) is a glob matched
  against one whole token: ``绿色*`` matches 绿色 and 绿色低碳, ``*化`` matches 现代化; a
  glob never spans tokens; other characters, ``[`` included, are literal;
* each token belongs to at most one match: left to right, the longest run first;
* a term may sit in several categories (quanteda allows it): its matches count for each,
  so a unit's shares can sum past 1. Within one category a match counts once, with the
  weight of the exact term if listed, else of the first glob listed that matches it. The
  same term twice in one category is an error.

Scores (:data:`SCORE_COLUMNS`) use *content tokens*, neither stopwords nor numbers::

    share = content tokens covered by the category's matches / content tokens of the unit

>>> d = load_dictionary({"ecology": ["绿色*", "生态廊道"], "growth": {"增长": 2}})
>>> d
Dictionary(2 categories, 3 terms, source='<mapping>')
>>> toks = example_tokens("推进绿色低碳发展，建设生态廊道，经济增长。")
>>> toks["token"].tolist()
['推进', '绿色', '低碳', '发展', '建设', '生态', '廊道', '经济', '增长']
>>> score(toks, d)[["category", "n_tokens", "n_matches", "n_matched", "weighted"]].values.tolist()
[['ecology', 9, 2, 3, 2.0], ['growth', 9, 1, 1, 2.0]]
>>> matrix, rows, vocabulary = dfm(toks, dictionary=d)
>>> matrix.toarray().tolist(), rows["doc_id"].tolist(), vocabulary
([[2, 1]], ['d'], ['ecology', 'growth'])
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.lexicons import (
    LexiconError,
    lexicon_path,
    load_lexicon,
    read_lexicon_bytes,
)
from analysis.tables import empty_frame, schema_frame
from analysis.words import Segmenter, get_segmenter
from analysis.words.counts import _select
from analysis.words.segment import _string_array
from analysis.words.terms import _term_patterns, _TermMatcher
from analysis.words.table import _Columns

__all__ = ["BUILTIN", "LEVEL_KEYS", "SCORE_COLUMNS", "Dictionary", "Entry", "LexiconError", "load_dictionary",
           "table_dictionary", "is_glob", "score", "score_levels", "dfm"]

#: Names that mean a packaged dictionary rather than a file.
BUILTIN = {"themes": lexicon_path("themes.tsv")}

#: Key columns identifying a unit at each level, with their dtypes (from the tokens table).
LEVEL_KEYS = {
    "sentence": {"doc_id": "string", "part": "string", "section": "string",
                 "paragraph_id": "int64", "sentence_id": "int64"},
    "paragraph": {"doc_id": "string", "part": "string", "section": "string",
                  "paragraph_id": "int64"},
    "section": {"doc_id": "string", "part": "string", "section": "string"},
    "document": {"doc_id": "string"},
}

#: Columns of :func:`score` after the level's key columns (one row per unit × category).
SCORE_COLUMNS = {
    "category": "string",  # a category of the dictionary, in its order
    "n_tokens": "int64",  # content tokens in the unit (not stopwords, not numbers)
    "n_matches": "int64",  # matches of the category's terms
    "n_matched": "int64",  # content tokens covered by those matches
    "weighted": "float64",  # sum of the weights of those matches (= n_matches if all are 1)
    "share": "float64",  # n_matched / n_tokens (0.0 for a unit without content tokens)
}

_WILDCARDS = frozenset("*?")


class Entry(NamedTuple):
    """One term of a dictionary."""

    category: str
    term: str  # a plain term, or a glob if it holds * or ?
    weight: float = 1.0


@dataclass(frozen=True)
class Dictionary:
    """Categories, in order (the order of score rows and dfm columns; ties go to the first),
    and their terms (:class:`Entry`; entries of a category not listed are not counted)."""

    categories: tuple[str, ...]
    entries: tuple[Entry, ...]
    source: str = "<mapping>"

    def __repr__(self) -> str:
        return f"Dictionary({len(self.categories)} categories, {len(self.entries)} terms, source={self.source!r})"


def is_glob(term: str) -> bool:
    """Whether a dictionary term is a glob (holds ``*`` or ``?``).

    >>> is_glob("绿色*"), is_glob("绿色")
    (True, False)
    """
    return not _WILDCARDS.isdisjoint(term)


# --- loading --------------------------------------------------------------------------------


def load_dictionary(source: str | Path | Mapping | Dictionary) -> Dictionary:
    """Return the dictionary in a file, a mapping, or the packaged one named ``"themes"``.

    Raises :class:`LexiconError` (``file:line: problem``) for a missing, empty or non-UTF-8
    file, a directory, a missing column, an empty term, a bad weight (not a finite number),
    a glob of wildcards only, a term listed twice in one category, or no terms at all.

    >>> load_dictionary("themes").categories[:3]
    ('economy', 'innovation', 'industry')
    >>> load_dictionary({"a": ["x"], "b": {"y": 0.5}}).entries
    (Entry(category='a', term='x', weight=1.0), Entry(category='b', term='y', weight=0.5))
    """
    if isinstance(source, Dictionary):
        return source
    if isinstance(source, Mapping):
        return _build(_mapping_entries(source), "<mapping>")
    path = BUILTIN[source] if isinstance(source, str) and source in BUILTIN else Path(source)
    if path.suffix.lower() in (".yaml", ".yml"):
        return _build(_yaml_entries(path), str(path))
    return table_dictionary(load_lexicon(path, columns=("term",), table=True))


def table_dictionary(table: pd.DataFrame, categories: tuple[str, ...] | None = None) -> Dictionary:
    """Return the dictionary of a table with columns ``category`` (or ``theme``), ``term``
    and optionally ``weight`` and ``line`` (as :func:`analysis.lexicons.load_lexicon` reads).

    Args:
        categories: the categories, in order (entries of other categories are left out);
            default: as they first appear in the table.
    """
    where = table.attrs.get("path", "<table>")
    label = "category" if "category" in table else "theme" if "theme" in table else None
    if label is None:
        raise LexiconError(where, table.attrs.get("header_line"),
                           "missing column 'category' (header: category<TAB>term[<TAB>weight])")
    weights = table["weight"].tolist() if "weight" in table else [None] * len(table)
    lines = table["line"].tolist() if "line" in table else [None] * len(table)
    rows = zip(table[label].tolist(), table["term"].tolist(), weights, lines)
    if categories is not None:
        rows = [r for r in rows if r[0] in categories]
    return _build(rows, where, categories)


def _mapping_entries(mapping: Mapping) -> Iterable[tuple]:
    """(category, term, weight, line) of each term of ``{category: [terms] | {term: weight}}``."""
    for category, terms in mapping.items():
        if isinstance(terms, str) or not isinstance(terms, Iterable):
            raise LexiconError("<mapping>", None, f"category {category!r}: expected a list of terms "
                               f"or a term: weight mapping, not {type(terms).__name__}")
        pairs = terms.items() if isinstance(terms, Mapping) else ((t, None) for t in terms)
        for term, weight in pairs:
            yield category, term, weight, None


def _yaml_entries(path: Path) -> list[tuple]:
    """(category, term, weight, line) of each term of a YAML dictionary, every scalar read
    as text (the node tree, not ``safe_load``), with its line number."""
    import yaml

    text = read_lexicon_bytes(path).decode("utf-8-sig")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise LexiconError(path, mark.line + 1 if mark else None,
                           f"not valid YAML ({getattr(err, 'problem', None) or err})") from None

    def fail(node, problem):
        raise LexiconError(path, node.start_mark.line + 1 if node is not None else None, problem)

    if not isinstance(root, yaml.MappingNode):
        fail(root, "expected `category: [term, …]` at the top level")
    out = []
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            fail(key, "a category name must be plain text")
        if isinstance(value, yaml.SequenceNode):
            pairs = [(item, None) for item in value.value]
        elif isinstance(value, yaml.MappingNode):
            pairs = value.value
        else:
            fail(value, f"category {key.value!r}: expected a list of terms or term: weight lines")
        for term, weight in pairs:
            if not isinstance(term, yaml.ScalarNode) or not (weight is None or isinstance(weight, yaml.ScalarNode)):
                fail(term, f"category {key.value!r}: a term must be plain text (nested lists are not read)")
            out.append((key.value, term.value, None if weight is None else weight.value, term.start_mark.line + 1))
    return out


def _build(rows: Iterable[tuple], where: str, categories: tuple[str, ...] | None = None) -> Dictionary:
    """The dictionary of (category, term, weight or None, line or None) rows, checked."""
    found: dict[str, None] = {}
    seen: dict[tuple[str, str], int | None] = {}
    entries = []
    for category, term, weight, line in rows:
        category, term = str(category).strip(), str(term).strip()
        if not category or not term:
            raise LexiconError(where, line, "empty category" if not category else f"empty term in {category!r}")
        if is_glob(term) and not set(term) - _WILDCARDS:
            raise LexiconError(where, line, f"glob {term!r} would match every token")
        if (category, term) in seen:
            before = seen[(category, term)]
            raise LexiconError(where, line, f"term {term!r} already listed in {category!r}"
                               + (f" on line {before}" if before else ""))
        seen[(category, term)] = line
        found.setdefault(category)
        entries.append(Entry(category, term, _weight(weight, where, line)))
    if not entries:
        raise LexiconError(where, None, "no terms")
    return Dictionary(tuple(found) if categories is None else tuple(categories), tuple(entries), where)


def _weight(value, where: str, line: int | None) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 1.0
    try:
        weight = float(value)
    except (TypeError, ValueError):
        weight = math.nan
    if isinstance(value, bool) or not math.isfinite(weight):
        raise LexiconError(where, line, f"bad weight {value!r}: expected a number")
    return weight


# --- matching -------------------------------------------------------------------------------


def _glob_regex(glob: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob), re.S)


@functools.lru_cache(maxsize=8)
def _any_glob(dictionary: Dictionary) -> re.Pattern | None:
    """One pattern matching what any glob of the dictionary matches; ``None`` if it has none."""
    globs = [_glob_regex(e.term).pattern for e in dictionary.entries if is_glob(e.term)]
    return re.compile("|".join(f"(?:{g})" for g in globs), re.S) if globs else None


def _glob_tokens(dictionary: Dictionary, cols: _Columns) -> tuple[str, ...]:
    """The distinct tokens of the table that a glob of the dictionary matches, sorted."""
    anyone = _any_glob(dictionary)
    if anyone is None:
        return ()
    return tuple(sorted(t for t in pd.unique(cols["token"].dropna()).tolist() if anyone.fullmatch(t)))


@functools.lru_cache(maxsize=8)
def _matcher(dictionary: Dictionary, seg: Segmenter, glob_tokens: tuple[str, ...]) -> tuple:
    """The term matcher of a dictionary (plain terms as runs, ``glob_tokens`` as themselves)
    and, for each of its terms ``i``, the categories ``cat[ptr[i]:ptr[i + 1]]`` its matches
    count for with their ``weight`` (cached: a corpus is scored with one dictionary)."""
    plain = [e for e in dictionary.entries if not is_glob(e.term)]
    patterns = _term_patterns(seg, tuple(sorted({e.term for e in plain})))
    by_seq: dict[tuple[str, ...], list[Entry]] = {}
    segmented = {term: seq for cands in patterns.values() for seq, term in cands}
    for e in plain:
        if e.term in segmented:
            by_seq.setdefault(segmented[e.term], []).append(e)
    globs = [(e, _glob_regex(e.term)) for e in dictionary.entries if is_glob(e.term)]
    for tok in glob_tokens:
        by_seq.setdefault((tok,), []).extend(e for e, rx in globs if rx.fullmatch(tok))
    keyed: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for seq in by_seq:  # the matcher's "term" is the run itself, tab-joined (tokens hold no tabs)
        keyed.setdefault(seq[0], []).append((seq, "\t".join(seq)))
    for cands in keyed.values():
        cands.sort(key=lambda x: (-len(x[0]), x[1]))
    matcher = _TermMatcher(keyed)
    column = {c: i for i, c in enumerate(dictionary.categories)}
    ptr, cat, weight = [0], [], []
    for key in matcher.terms:
        counted: dict[int, float] = {}
        for e in by_seq[tuple(key.split("\t"))]:  # exact terms before globs, each in file order
            if e.category in column:
                counted.setdefault(column[e.category], e.weight)
        cat += counted
        weight += counted.values()
        ptr.append(len(cat))
    return matcher, np.array(ptr, np.int64), np.array(cat, np.int64), np.array(weight, np.float64)


def _matches(cols: _Columns, dictionary: Dictionary, seg: Segmenter) -> tuple[np.ndarray, ...]:
    """Every (match, category) pair: row of the match's first token, category index,
    content tokens covered, weight."""
    matcher, ptr, cat, weight = _matcher(dictionary, seg, _glob_tokens(dictionary, cols))
    if not matcher.terms:
        return tuple(np.zeros(0, t) for t in (np.int64, np.int64, np.int64, np.float64))
    at, k, term = matcher.find(cols)
    count = ptr[term + 1] - ptr[term]
    pair = np.repeat(ptr[term], count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    n_content = cols.n_content(at, k)
    return np.repeat(at, count), cat[pair], np.repeat(n_content, count), weight[pair]


# --- scores ---------------------------------------------------------------------------------


def _keys(level: str) -> dict[str, str]:
    if level not in LEVEL_KEYS:
        raise ValueError(f"level must be one of {', '.join(LEVEL_KEYS)}, not {level!r}")
    return LEVEL_KEYS[level]


def _runs(cols: _Columns, key_cols: list[str]) -> np.ndarray:
    runs = cols.runs(key_cols)
    if runs is None:
        raise ValueError(f"the tokens table has missing values in {', '.join(key_cols)}")
    return runs


def _first_run(group: np.ndarray) -> np.ndarray:
    """The first run of each group numbered by :meth:`analysis.words._Columns.groups`."""
    new = np.ones(len(group), dtype=bool)  # codes are given in order, so a new group's code
    new[1:] = group[1:] > np.maximum.accumulate(group)[:-1]  # exceeds every code before it
    return np.flatnonzero(new)


def score(toks: pd.DataFrame, dictionary, *, by: str = "document", segmenter: Segmenter | None = None) -> pd.DataFrame:
    """Return how much of each unit each category covers: one row per unit × category.

    Every unit of ``toks`` gets every category (zeros included), in the dictionary's order,
    units in order of first appearance. Columns: ``LEVEL_KEYS[by]``, then :data:`SCORE_COLUMNS`.

    Args:
        toks: a tokens table (:data:`analysis.words.TOKEN_COLUMNS`).
        dictionary: a :class:`Dictionary` or anything :func:`load_dictionary` reads.
        by: ``"sentence"``, ``"paragraph"``, ``"section"`` or ``"document"``.
        segmenter: segments the plain terms; default :func:`analysis.words.get_segmenter`.
    """
    return score_levels(toks, dictionary, (by,), segmenter=segmenter)[by]


def score_levels(toks: pd.DataFrame, dictionary, levels: tuple[str, ...], *,
                 segmenter: Segmenter | None = None) -> dict[str, pd.DataFrame]:
    """Return :func:`score` at each of ``levels`` (level → table), matching the terms once."""
    keys = {level: _keys(level) for level in levels}
    dictionary = load_dictionary(dictionary)
    if toks.empty:
        return {level: empty_frame({**k, **SCORE_COLUMNS}) for level, k in keys.items()}
    columns = score_level_columns(toks, dictionary, levels, segmenter=segmenter)
    return {level: schema_frame(columns[level], {**k, **SCORE_COLUMNS}) for level, k in keys.items()}


def score_level_columns(toks: pd.DataFrame, dictionary, levels: tuple[str, ...], *,
                        segmenter: Segmenter | None = None) -> dict[str, dict[str, object]]:
    """The columns of each :func:`score_levels` table (level → column → array at its dtype),
    for a caller that makes its own table of them; ``toks`` must not be empty."""
    keys = {level: _keys(level) for level in levels}
    dictionary = load_dictionary(dictionary)
    cols = _Columns(toks)
    at, cat, n_content, weight = _matches(cols, dictionary, segmenter or get_segmenter())
    # Rows are taken in runs over which no key column changes, so units are unions of runs.
    runs = _runs(cols, list(dict.fromkeys([c for k in keys.values() for c in k] + ["doc_id", "sentence_id"])))
    content = np.add.reduceat(cols.content().astype(np.int64), runs)
    sentence = cols.groups(["doc_id", "sentence_id"], runs)
    first_run = _first_run(sentence)  # a match counts for the unit of the first row of its sentence
    match_run = first_run[sentence[np.searchsorted(runs, at, side="right") - 1]]
    matches = (match_run, cat, n_content, weight)
    return {level: _unit_columns(cols, k, runs, content, matches, dictionary.categories) for level, k in keys.items()}


def _unit_columns(cols: _Columns, keys: dict[str, str], runs: np.ndarray, content: np.ndarray,
                  matches: tuple[np.ndarray, ...], categories: tuple[str, ...]) -> dict[str, object]:
    """The score table's columns for the units identified by the ``keys`` columns, from the runs of
    rows (``runs``: the first row of each; ``content``: content tokens of each run) and the
    (run, category, content tokens, weight) of each match."""
    match_run, cat, n_content, weight = matches
    key_cols = list(keys)
    unit = cols.groups(key_cols, runs)
    first = runs[_first_run(unit)]  # the first row of each unit
    n = len(categories)
    cell = unit[match_run] * n + cat

    def per_cell(values=None) -> np.ndarray:
        return np.bincount(cell, weights=values, minlength=len(first) * n)

    n_tokens = np.repeat(np.bincount(unit, weights=content, minlength=len(first)).astype("int64"), n)
    n_matched = per_cell(n_content).astype("int64")
    out = {c: cols.take(c, np.repeat(first, n)) for c in key_cols}
    out.update(
        category=_string_array(pa.array(categories, pa.large_string()).take(np.tile(np.arange(n), len(first)))),
        n_tokens=n_tokens,
        n_matches=per_cell().astype("int64"),
        n_matched=n_matched,
        weighted=per_cell(weight).astype("float64"),
        share=np.divide(n_matched.astype("float64"), n_tokens.astype("float64"), out=np.zeros(len(n_tokens)),
                        where=n_tokens > 0),
    )
    return out


# --- document-feature matrix ----------------------------------------------------------------


def dfm(toks: pd.DataFrame | Iterable[pd.DataFrame], *, by: str = "document", dictionary=None,
        weighted: bool = False, drop_stopwords: bool = True, drop_numbers: bool = True,
        drop_policy_verbs: bool = False, segmenter: Segmenter | None = None,
        ) -> tuple[scipy.sparse.csr_matrix, pd.DataFrame, list[str]]:
    """Return a document-feature matrix: counts per unit (row) and token or category (column).

    Without a dictionary the features are the tokens kept (by default content tokens:
    stopwords and numbers dropped, policy verbs kept; a row's sum is then the unit's
    ``n_tokens`` in :func:`score`), in code-point order as ``sorted`` gives. With one they
    are its categories (quanteda's ``dfm_lookup``): the number of matches, or with
    ``weighted=True`` the sum of their weights (float); the ``drop_*`` options do not apply.

    Args:
        toks: a tokens table, or several (stacked; keep their ``doc_id`` distinct).
        by: the unit of a row, as in :func:`score`.

    Returns:
        ``(matrix, rows, features)``: a ``scipy.sparse.csr_matrix`` (int64, or float64 when
        weighted), the key columns of each row's unit (``LEVEL_KEYS[by]``, units in order of
        first appearance) and the feature of each column — what scikit-learn's estimators,
        gensim's ``Sparse2Corpus`` or a scaling model take.

    >>> m, rows, vocabulary = dfm(example_tokens("建设生态廊道，建设美丽乡村。"))
    >>> vocabulary, m.toarray().tolist()
    (['乡村', '廊道', '建设', '生态', '美丽'], [[1, 1, 2, 1, 1]])
    """
    from scipy import sparse  # here: importing it takes ~0.05 s, and the corpus command never needs it

    if not isinstance(toks, pd.DataFrame):
        tables = list(toks)
        toks = pd.concat(tables, ignore_index=True) if tables else None
    keys = _keys(by)
    if dictionary is not None:
        dictionary = load_dictionary(dictionary)
        n = len(dictionary.categories)
        s = score(toks, dictionary, by=by, segmenter=segmenter) if toks is not None else empty_frame(
            {**keys, **SCORE_COLUMNS})
        values = s["weighted" if weighted else "n_matches"].to_numpy().reshape(-1, n)
        return sparse.csr_matrix(values), s[list(keys)].iloc[::n].reset_index(drop=True), list(dictionary.categories)
    if toks is None or toks.empty:
        return sparse.csr_matrix((0, 0), dtype=np.int64), empty_frame(keys), []
    cols = _Columns(toks)
    runs = _runs(cols, list(keys))
    unit = cols.groups(list(keys), runs)
    row_unit = np.repeat(unit, np.diff(np.append(runs, len(cols))))
    keep = _select(toks, drop_stopwords=drop_stopwords, drop_policy_verbs=drop_policy_verbs,
                   drop_numbers=drop_numbers).to_numpy(dtype=bool)
    kept = toks["token"].to_numpy(dtype=object)[keep]
    vocabulary = sorted(set(kept.tolist()))
    column = pd.Index(vocabulary, dtype=object).get_indexer(kept)
    first = runs[_first_run(unit)]
    matrix = sparse.csr_matrix((np.ones(len(kept), np.int64), (row_unit[keep], column)),
                               shape=(len(first), len(vocabulary)), dtype=np.int64)
    matrix.sum_duplicates()
    rows = schema_frame({c: cols.take(c, first) for c in keys}, keys)
    return matrix, rows, vocabulary


def example_tokens(text: str, doc_id: str = "d") -> pd.DataFrame:
    """Return the tokens table of a one-sentence document (for examples and tests).

    >>> example_tokens("建设生态廊道。")["token"].tolist()
    ['建设', '生态', '廊道']
    """
    from analysis.document import SENTENCE_COLUMNS, Document
    from analysis.words import tokens

    sents = pd.DataFrame([[doc_id, "", "", 0, 0, 0, len(text), text]], columns=list(SENTENCE_COLUMNS))
    positions = np.arange(len(text))
    return tokens(Document(doc_id, text, text, positions, positions + 1, sentences=sents.astype(SENTENCE_COLUMNS)))
