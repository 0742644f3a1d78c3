"""The tidy tokens table: one row per token of a report, with its sentence, paragraph, section and kind (:data:`TOKEN_COLUMNS`)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.lexicons import (
    lexicon_path,
    load_terms,
)
from analysis.tables import as_schema, empty_frame, schema_frame

from .segment import (
    _KIND_ARROW,
    _STRING,
    _VOCAB,
    Segmenter,
    _string_array,
    get_segmenter,
)

DEFAULT_STOPWORDS = lexicon_path("stopwords.txt")

DEFAULT_POLICY_VERBS = lexicon_path("policy_verbs.txt")

#: Columns of the tokens table (one row per token), in order, with dtypes.
TOKEN_COLUMNS = {
    "doc_id": "string",  # document identifier
    "part": "string",  # top-level part heading ("" before the first)
    "section": "string",  # heading path, as in Document.sentences
    "paragraph_id": "int64",  # 0-based paragraph index in the document
    "sentence_id": "int64",  # 0-based sentence index in the document
    "position": "int64",  # 0-based index of the token within its sentence
    "start": "int64",  # offset of the token in Document.text
    "end": "int64",  # end offset (exclusive) in Document.text
    "token": "string",  # the token, whitespace inside it removed
    "kind": "string",  # "word" (dictionary), "number" (number+unit), "slogan" (rule)
    "is_stopword": "bool",  # token is in stopwords.txt
    "is_policy_verb": "bool",  # token is in policy_verbs.txt
}

@functools.lru_cache(maxsize=8)
def _terms(path: str) -> frozenset[str]:
    return load_terms(path)

def tokens(
    docs,
    *,
    segmenter: Segmenter | None = None,
    stopwords: str | Path = DEFAULT_STOPWORDS,
    policy_verbs: str | Path = DEFAULT_POLICY_VERBS,
) -> pd.DataFrame:
    """Return the tokens table of one or more documents: one row per token.

    Columns and dtypes are :data:`TOKEN_COLUMNS`. Rows are in document order (documents in
    the order given, then ``sentence_id``, ``position``). Tokens never cross a sentence.

    Args:
        docs: an :class:`analysis.document.Document` or an iterable of them; each needs a
            ``sentences`` table (:data:`analysis.document.SENTENCE_COLUMNS`).
        segmenter: defaults to :func:`get_segmenter`.
        stopwords, policy_verbs: one-term-per-line lists that set the two flags.

    >>> from analysis.document import Document, SENTENCE_COLUMNS
    >>> import numpy as np, pandas as pd
    >>> text = "全面落实“六保”任务。"
    >>> sents = pd.DataFrame([["d", "", "", 0, 0, 0, len(text), text]],
    ...                      columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...                sentences=sents)
    >>> tokens(doc)[["position", "token", "kind", "is_policy_verb"]].values.tolist()
    [[0, '全面落实', 'word', True], [1, '六保', 'slogan', False], [2, '任务', 'word', False]]
    """
    from analysis.document import Document  # local: keeps this module importable alone

    seg = segmenter or get_segmenter()
    stop = _terms(str(lexicon_path(stopwords)))
    verbs = _terms(str(lexicon_path(policy_verbs)))
    docs = [docs] if isinstance(docs, Document) else list(docs)
    for doc in docs:
        if doc.sentences is None:
            raise ValueError(f"document {doc.doc_id!r} has no sentences table")
    frames = [_document_tokens(doc.sentences, seg, stop, verbs) for doc in docs]
    if len(frames) == 1:
        return frames[0]
    return as_schema(pd.concat(frames, ignore_index=True) if frames else empty_frame(TOKEN_COLUMNS), TOKEN_COLUMNS)

#: Sentences cut in one jieba call (:meth:`Segmenter._cut_sentences`): a report has ~1,500;
#: batches keep the memory of a huge text's word list bounded (benchmarks/words_memory.py).
CUT_BATCH = 4096

def _document_tokens(sents: pd.DataFrame, seg: Segmenter, stop: frozenset, verbs: frozenset) -> pd.DataFrame:
    """The tokens table of one document's sentences: all sentences cut at once, every
    per-token column an array lookup (see :meth:`Segmenter._cut_sentences`)."""
    texts = sents["sentence"].tolist()
    cuts = []
    for first in range(0, len(texts), CUT_BATCH):  # in batches: jieba's word list is ~90 B a word
        cut = seg._cut_sentences(texts[first : first + CUT_BATCH])
        if cut is None:
            return _document_tokens_by_sentence(sents, seg, stop, verbs)
        cuts.append((cut[0] + first, *cut[1:]))
    rows, start, end, ids, kind = (np.concatenate(c) for c in zip(*cuts)) if cuts else (np.empty(0, np.int64),) * 5
    counts = np.bincount(rows, minlength=len(sents))
    offset = sents["start"].to_numpy(dtype="int64")[rows]
    sentence = _Columns(sents)
    cols = {c: sentence.take(c, rows) for c in ("doc_id", "part", "section", "paragraph_id", "sentence_id")}
    cols.update(
        position=np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts),
        start=offset + start,
        end=offset + end,
        token=_VOCAB.strings(ids),
        kind=_string_array(pc.take(_KIND_ARROW, kind)),
        is_stopword=_VOCAB.member(stop)[ids],
        is_policy_verb=_VOCAB.member(verbs)[ids],
    )
    return schema_frame(cols, TOKEN_COLUMNS)

def _document_tokens_by_sentence(
    sents: pd.DataFrame, seg: Segmenter, stop: frozenset, verbs: frozenset
) -> pd.DataFrame:
    """:func:`_document_tokens`, cutting one sentence at a time (where texts cannot be joined)."""
    counts: list[int] = []
    cuts: list[tuple[str, int, int, str]] = []
    for sentence in sents["sentence"].tolist():
        cut = seg.cut(sentence)
        counts.append(len(cut))
        cuts += cut
    rows = np.repeat(np.arange(len(sents)), counts)  # the sentence of each token
    token, start, end, kind = zip(*cuts) if cuts else ((), (), (), ())
    offset = sents["start"].to_numpy(dtype="int64")[rows]
    cols = {c: sents[c].array.take(rows) for c in ("doc_id", "part", "section", "paragraph_id", "sentence_id")}
    cols.update(
        position=np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts),
        start=offset + np.array(start, dtype="int64"),
        end=offset + np.array(end, dtype="int64"),
        token=pd.array(token, dtype="string"),
        kind=pd.array(kind, dtype="string"),
        is_stopword=np.array([t in stop for t in token], dtype=bool),
        is_policy_verb=np.array([t in verbs for t in token], dtype=bool),
    )
    return as_schema(pd.DataFrame(cols), TOKEN_COLUMNS)

class _Columns:
    """The columns of one table, each fetched once (``cols["token"]``), with helpers that
    work on whole columns: numpy and Arrow views, where values change, runs of rows with
    equal keys and their group numbers (what ``groupby`` would give, without hashing
    every row)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._series: dict[str, pd.Series] = {}
        self._arrays: dict[tuple[str, str], object] = {}

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, column: str) -> pd.Series:
        if column not in self._series:
            self._series[column] = self.frame[column]
        return self._series[column]

    def _cached(self, kind: str, column, make):
        key = (kind, column)
        if key not in self._arrays:
            self._arrays[key] = make()
        return self._arrays[key]

    def numpy(self, column: str, dtype=None) -> np.ndarray:
        def make():
            values = self[column]
            return values.to_numpy() if dtype is None or values.dtype == dtype else values.to_numpy(dtype=dtype)
        return self._cached(f"numpy {dtype}", column, make)

    def arrow(self, column: str) -> pa.Array | None:
        """The column as an Arrow array if it holds strings (dtype ``"string"``), else ``None``."""
        def make():
            values = self[column]
            return pa.array(values.array) if isinstance(values.dtype, pd.StringDtype) else None
        return self._cached("arrow", column, make)

    def content(self) -> np.ndarray:
        """Whether each token is a content token: neither a stopword nor a number."""
        def make():
            kind = self.arrow("kind")
            if kind is not None and not kind.null_count:
                not_number = pc.not_equal(kind, "number").to_numpy(zero_copy_only=False)
            else:
                not_number = (self["kind"] != "number").to_numpy(dtype=bool)
            return ~self.numpy("is_stopword", bool) & not_number
        return self._cached("content", None, make)

    def n_content(self, at: np.ndarray, k: np.ndarray) -> np.ndarray:
        """Content tokens among the ``k`` rows from row ``at`` (for each match)."""
        def make():
            covered = np.zeros(len(self) + 1, dtype=np.int64)
            np.cumsum(self.content(), out=covered[1:])
            return covered
        covered = self._cached("covered", None, make)
        return covered[at + k] - covered[at]

    def changes(self, column: str) -> np.ndarray | None:
        """Whether each row's value differs from the previous row's; ``None`` if any is missing."""
        def make():
            values, n = self[column], len(self)
            if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biu":
                a = self.numpy(column)
                return a[1:] != a[:-1]
            a = self.arrow(column)
            if a is not None:
                if a.null_count:
                    return None
                return pc.not_equal(a.slice(1), a.slice(0, n - 1)).to_numpy(zero_copy_only=False)
            if values.hasnans:
                return None
            a = values.array
            return np.asarray(a[1:] != a[:-1], dtype=bool)
        return self._cached("changes", column, make)

    def take(self, column: str, rows: np.ndarray):
        """The column's values at ``rows``, as an array of the column's dtype."""
        values = self[column]
        if isinstance(values.dtype, np.dtype):
            return self.numpy(column)[rows]
        a = self.arrow(column)
        if a is not None and values.dtype == _STRING:
            return _string_array(a.take(rows))
        return values.array.take(rows)

    def values(self, column: str, rows: np.ndarray) -> list:
        """The values of ``column`` at ``rows``, as Python objects."""
        a = self.arrow(column)
        if a is not None:
            return a.take(rows).to_pylist()
        if isinstance(self[column].dtype, np.dtype):
            return self.numpy(column)[rows].tolist()
        return self[column].array.take(rows).tolist()

    def runs(self, columns: Sequence[str]) -> np.ndarray | None:
        """The first row of each run of rows over which none of ``columns`` changes;
        ``None`` if a value is missing."""
        new = np.zeros(len(self), dtype=bool)
        new[:1] = True
        for c in columns:
            change = self.changes(c)
            if change is None:
                return None
            new[1:] |= change
        return np.flatnonzero(new)

    def groups(self, columns: Sequence[str], runs: np.ndarray) -> np.ndarray:
        """Number runs of rows (``runs``: the first row of each, from :meth:`runs` of these
        columns or more) by their values of ``columns``, in order of first appearance, as
        ``frame.groupby(columns, sort=False).ngroup()`` numbers the rows.

        >>> f = pd.DataFrame({"a": ["x", "x", "y", "x"], "b": [1, 1, 1, 1]})
        >>> cols = _Columns(f)
        >>> cols.groups(["a", "b"], cols.runs(["a", "b"])).tolist()
        [0, 1, 0]
        """
        new = np.zeros(len(runs), dtype=bool)
        new[:1] = True
        for c in columns:
            new[1:] |= self.changes(c)[runs[1:] - 1]
        heads = np.flatnonzero(new)  # the runs where one of the columns changes
        numeric = [self[c].dtype.kind in "biu" for c in columns]
        if len(heads) > 64 and (len(columns) > 1 or numeric[0]):
            # Many: number each column's values (a string column by its own runs, which are
            # fewer), combine the numbers, then number the combinations in order.
            key = np.zeros(len(heads), dtype=np.int64)
            for c, is_int in zip(columns, numeric):
                if is_int:  # integers are their own numbers
                    codes = self.numpy(c)[runs[heads]].astype(np.int64)
                    if int(codes.max()) - int(codes.min()) < 2**62:
                        codes -= codes.min()
                    else:
                        codes = pd.factorize(codes)[0].astype(np.int64)
                else:
                    codes = self.groups([c], runs[heads])
                radix = int(codes.max()) + 1
                if (int(key.max()) + 1) * radix >= 2**62:
                    key = pd.factorize(key)[0].astype(np.int64)
                key = key * radix + codes
            if (key[1:] > key[:-1]).all():  # each a new group (the usual case)
                codes = np.arange(len(heads), dtype=np.int64)
            else:
                codes = pd.factorize(key)[0].astype(np.int64)  # in order of first appearance
        else:
            seen: dict[tuple, int] = {}
            keys = zip(*(self.values(c, runs[heads]) for c in columns))
            codes = np.fromiter((seen.setdefault(key, len(seen)) for key in keys), np.int64, len(heads))
        return np.repeat(codes, np.diff(np.append(heads, len(runs))))
