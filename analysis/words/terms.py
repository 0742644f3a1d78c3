"""Matching terms (words or phrases) as runs of tokens, for dictionaries, themes and KWIC."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.tables import empty_frame, typed_frame

from .segment import Segmenter, get_segmenter
from .table import _Columns

#: Columns of :func:`match_terms`, with dtypes.
MATCH_COLUMNS = {
    "doc_id": "string",
    "sentence_id": "int64",
    "position": "int64",  # position of the first token of the match
    "n_tokens": "int64",  # tokens covered by the match
    "n_content": "int64",  # covered tokens that are neither stopwords nor numbers
    "start": "int64",
    "end": "int64",
    "term": "string",  # the lexicon term that matched
    "label": "string",  # the label given for that term (e.g. its theme)
}

def match_terms(
    toks: pd.DataFrame,
    terms: Mapping[str, str] | Iterable[str],
    *,
    segmenter: Segmenter | None = None,
) -> pd.DataFrame:
    """Return every occurrence of the given terms in a tokens table: one row per match.

    Each term is segmented with the same segmenter and matched as a run of consecutive
    tokens of one sentence, so a term the dictionary splits (``生态廊道`` → 生态/廊道) is
    still found, and ``发展`` never matches inside the token ``高质量发展``. Overlaps are
    resolved left to right, longest term first. Columns are :data:`MATCH_COLUMNS`.

    Args:
        toks: a tokens table (:data:`TOKEN_COLUMNS`).
        terms: a mapping term → label (e.g. a theme) or just terms (label = term).

    >>> from analysis.words import tokens
    >>> from analysis.document import Document, SENTENCE_COLUMNS
    >>> text = "新增生态廊道，推进乡村振兴"
    >>> sents = pd.DataFrame([["d", "", "", 0, 0, 0, len(text), text]],
    ...                      columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...                sentences=sents)
    >>> match_terms(tokens(doc), {"生态廊道": "ecology", "乡村振兴": "agriculture"}
    ...             )[["term", "label", "n_tokens", "n_content"]].values.tolist()
    [['生态廊道', 'ecology', 2, 2], ['乡村振兴', 'agriculture', 1, 1]]
    """
    seg = segmenter or get_segmenter()
    labels = dict(terms) if isinstance(terms, Mapping) else {t: t for t in terms}
    matcher = _term_matcher(seg, tuple(sorted(labels)))
    if toks.empty or not matcher.terms:
        return empty_frame(MATCH_COLUMNS)
    cols = _Columns(toks)
    at, k, term = matcher.find(cols)
    if not len(at):
        return empty_frame(MATCH_COLUMNS)
    terms_found = [matcher.terms[t] for t in term.tolist()]
    rows = zip(
        cols["doc_id"].array.take(at).tolist(),
        cols["sentence_id"].array.take(at).tolist(),
        cols["position"].array.take(at).tolist(),
        k.tolist(),
        cols.n_content(at, k).tolist(),
        cols["start"].array.take(at).tolist(),
        cols["end"].array.take(at + k - 1).tolist(),
        terms_found,
        [labels[t] for t in terms_found],
    )
    return typed_frame(list(rows), MATCH_COLUMNS)

class _TermMatcher:
    """Terms as runs of tokens, in a trie walked from every position of a tokens table at
    once (numpy), with :func:`match_terms`'s rules: a match is the longest term whose
    tokens follow one another in one sentence, ties by term; overlaps resolved left to right.
    """

    def __init__(self, patterns: dict[str, list[tuple[tuple[str, ...], str]]]):
        vocab: dict[str, int] = {}
        edges: dict[tuple[int, int], int] = {}  # (node, token code) -> child node
        term_at = [-1]  # node -> index in self.terms of the term ending there; node 0 is the root
        self.terms: list[str] = []
        self.depth = 0
        for cands in patterns.values():
            for seq, term in cands:  # longest first, then by term: the first term of a run wins
                node = 0
                for tok in seq:
                    code = vocab.setdefault(tok, len(vocab) + 1)  # 0: a token of no term
                    child = edges.get((node, code))
                    if child is None:
                        child = edges[(node, code)] = len(term_at)
                        term_at.append(-1)
                    node = child
                if term_at[node] < 0:
                    term_at[node] = len(self.terms)
                    self.terms.append(term)
                self.depth = max(self.depth, len(seq))
        self._radix = len(vocab) + 1
        keys = np.array([node * self._radix + code for node, code in edges], dtype=np.int64)
        order = np.argsort(keys)
        self._keys = keys[order]
        self._child = np.array(list(edges.values()), dtype=np.int64)[order]
        self._term_at = np.array(term_at, dtype=np.int64)
        self._root = np.zeros(self._radix, dtype=np.int64)  # token code -> node after it, from the root
        for (node, code), child in edges.items():
            if node == 0:
                self._root[code] = child
        self._vocab = pa.array(list(vocab), type=pa.large_string())
        self._index = pd.Index(list(vocab), dtype=object)

    def _codes(self, cols: _Columns) -> np.ndarray:
        """The trie code of each token (0 for a token of no term)."""
        tokens = cols.arrow("token")
        if tokens is not None:
            found = pc.index_in(tokens, value_set=self._vocab).fill_null(-1)
            return found.to_numpy().astype(np.int64) + 1
        return self._index.get_indexer(cols["token"]).astype(np.int64) + 1

    def find(self, cols: _Columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the row of the first token, the number of tokens and the index in
        ``terms`` of every match in a tokens table, in row order."""
        n = len(cols)
        code = self._codes(cols)
        runs = cols.runs(["doc_id"])
        if runs is None:  # missing document ids
            doc = pd.factorize(cols["doc_id"])[0]
        elif len(runs) > 1:
            doc = np.repeat(cols.groups(["doc_id"], runs), np.diff(np.append(runs, n)))
        else:
            doc = None  # one document
        sid = cols.numpy("sentence_id")
        pos = cols.numpy("position")
        best_k = np.zeros(n, dtype=np.int64)
        best_term = np.full(n, -1, dtype=np.int64)
        at = np.flatnonzero(code)  # where a match may start
        node = self._root[code[at]]  # one token matched
        at, node = at[node > 0], node[node > 0]
        term = self._term_at[node]
        best_k[at[term >= 0]] = 1
        best_term[at[term >= 0]] = term[term >= 0]
        for k in range(2, self.depth + 1):
            last = at + (k - 1)
            inside = last < n
            at, node, last = at[inside], node[inside], last[inside]
            key = node * self._radix + code[last]
            loc = np.minimum(np.searchsorted(self._keys, key), len(self._keys) - 1)
            hit = self._keys[loc] == key
            at, node, last = at[hit], self._child[loc[hit]], last[hit]
            if not len(at):
                break
            term = self._term_at[node]
            done = (term >= 0) & (sid[last] == sid[at]) & (pos[last] == pos[at] + k - 1)
            if doc is not None:
                done &= doc[last] == doc[at]
            best_k[at[done]] = k  # a longer match found later replaces a shorter one
            best_term[at[done]] = term[done]
        at = np.flatnonzero(best_k)
        k = best_k[at]
        unsure = np.zeros(len(at), dtype=bool)  # starts inside an earlier candidate
        unsure[1:] = at[1:] < np.maximum.accumulate(at + k)[:-1]
        if unsure.any():  # overlaps: left to right, a match is kept if no kept match covers it
            keep = ~unsure
            free = 0
            for j in np.flatnonzero(unsure | np.append(unsure[1:], False)).tolist():
                if at[j] >= free:  # (a run of unsure candidates follows a sure one: kept)
                    keep[j] = True
                    free = at[j] + k[j]
            at, k = at[keep], k[keep]
        return at, k, best_term[at]

@functools.lru_cache(maxsize=32)
def _term_matcher(seg: Segmenter, terms: tuple[str, ...]) -> _TermMatcher:
    """The matcher of ``terms`` as ``seg`` segments them (cached, like :func:`_term_patterns`)."""
    return _TermMatcher(_term_patterns(seg, terms))

@functools.lru_cache(maxsize=32)
def _term_patterns(seg: Segmenter, terms: tuple[str, ...]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Each term segmented, indexed by its first token, longest first (cached: a theme
    lexicon is matched against every document with the same segmenter). Read-only."""
    patterns: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for term in terms:
        seq = tuple(seg.words(term))
        if seq:
            patterns.setdefault(seq[0], []).append((seq, term))
    for cands in patterns.values():
        cands.sort(key=lambda x: (-len(x[0]), x[1]))
    return patterns
