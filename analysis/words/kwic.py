"""Keyword in context: one row per occurrence of a term, with the words around it in its sentence."""

from __future__ import annotations

import numpy as np  # noqa: F401 (the doctest uses it)
import pandas as pd

from analysis.tables import as_schema, empty_frame

from .segment import Segmenter
from .terms import match_terms
from .table import tokens

#: Columns of :func:`kwic`, with dtypes.
KWIC_COLUMNS = {
    "doc_id": "string",
    "sentence_id": "int64",
    "start": "int64",  # offset of the term in Document.text
    "end": "int64",
    "left": "string",  # up to ``window`` characters before the term, within the sentence
    "term": "string",  # the matched text as it stands in Document.text
    "right": "string",  # up to ``window`` characters after the term, within the sentence
}

def kwic(
    docs,
    term: str,
    *,
    window: int = 10,
    toks: pd.DataFrame | None = None,
    segmenter: Segmenter | None = None,
) -> pd.DataFrame:
    """Return keyword-in-context lines for ``term``: one row per occurrence.

    The term is matched on tokens (see :func:`match_terms`), so ``发展`` does not hit inside
    ``高质量发展``. Context is cut at the sentence. Columns are :data:`KWIC_COLUMNS`.

    Args:
        docs: a Document or iterable of Documents (the source of ``text``).
        term: a word or phrase.
        window: characters of context on each side.
        toks: their tokens table, if already computed.

    >>> from analysis.document import Document, SENTENCE_COLUMNS
    >>> text = "推进“一网通办”改革。做优政务服务“一网通办”。"
    >>> sents = pd.DataFrame([["d", "", "", 0, 0, 0, 10, text[:10]],
    ...                       ["d", "", "", 0, 1, 10, len(text), text[10:]]],
    ...                      columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...                sentences=sents)
    >>> kwic(doc, "一网通办", window=4)[["sentence_id", "left", "term", "right"]].values.tolist()
    [[0, '推进“', '一网通办', '”改革'], [1, '务服务“', '一网通办', '”。']]
    """
    from analysis.document import Document

    docs = [docs] if isinstance(docs, Document) else list(docs)
    if toks is None:
        toks = tokens(docs, segmenter=segmenter)
    matches = match_terms(toks, [term], segmenter=segmenter)
    if matches.empty:
        return empty_frame(KWIC_COLUMNS)
    texts = {d.doc_id: d.text for d in docs}
    bounds = {
        (d.doc_id, s.sentence_id): (s.start, s.end)
        for d in docs
        for s in d.sentences.itertuples(index=False)
    }
    rows = []
    for m in matches.itertuples(index=False):
        text = texts[m.doc_id]
        lo, hi = bounds[(m.doc_id, m.sentence_id)]
        rows.append((m.doc_id, m.sentence_id, m.start, m.end, text[max(lo, m.start - window) : m.start],
                     text[m.start : m.end], text[m.end : min(hi, m.end + window)]))
    return as_schema(pd.DataFrame(rows, columns=list(KWIC_COLUMNS)), KWIC_COLUMNS)
