"""The processed report: cleaned text, its map back to the raw file, and its structure.

A :class:`Document` is what every extractor (numbers, words, themes) reads. It is built by
:func:`analysis.pipeline.process_text` and never modified afterwards.

Offsets
-------
``start``/``end`` columns are offsets in ``Document.text`` (the cleaned text, Python ``str``
indices, end exclusive). ``Document.raw_span(start, end)`` maps them to offsets in
``Document.raw_text``: the raw file decoded to ``str`` (a leading byte-order mark removed).
For a record of a CSV/JSONL corpus the "raw file" is the record's text field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Columns of ``Document.sentences`` (one row per sentence), in order, with dtypes.
SENTENCE_COLUMNS = {
    "doc_id": "string",  # document identifier
    "part": "string",  # top-level part heading, e.g. "第一方面：关于上半年…"; "" before the first
    "section": "string",  # heading path joined with " > "; "" outside any heading
    "paragraph_id": "int64",  # 0-based paragraph index in the document
    "sentence_id": "int64",  # 0-based sentence index in the document
    "start": "int64",  # offset of the sentence in Document.text
    "end": "int64",  # end offset (exclusive) in Document.text
    "sentence": "string",  # the sentence text, == text[start:end]
}


@dataclass(frozen=True, repr=False)
class Document:
    """A cleaned, structured report with provenance back to its raw text.

    ``raw_starts[i]``/``raw_ends[i]`` give the span of ``raw_text`` that cleaned character
    ``text[i]`` comes from: ``(p, p + 1)`` for a character kept as it was, the whole
    replaced span for a character a cleaning step wrote.
    """

    doc_id: str
    text: str
    raw_text: str
    raw_starts: np.ndarray
    raw_ends: np.ndarray
    metadata: dict = field(default_factory=dict)
    paragraphs: pd.DataFrame | None = None
    sentences: pd.DataFrame | None = None
    headings: pd.DataFrame | None = None
    report: object | None = None  # analysis.clean.CleaningReport
    _cache: dict = field(init=False, default_factory=dict, compare=False)

    def __repr__(self) -> str:
        """One line: id, title, year, region, characters, sections, flagged spans (never the text)."""
        m = self.metadata
        n_sections = 0 if self.headings is None else len(self.headings)
        n_flagged = len(self.report.flagged) if self.report is not None else 0
        title = m.get("title") or ""
        title = title if len(title) <= 24 else title[:23] + "…"
        return (f"<Document {self.doc_id!r} title={title!r} year={m.get('year')} region={m.get('region') or ''!r} "
                f"chars={len(self.text):,} sections={n_sections} flagged={n_flagged}>")

    # -- the package's tidy tables of this report (each a pandas DataFrame) ------------------

    def tokens(self) -> pd.DataFrame:
        """One row per token (:data:`analysis.words.TOKEN_COLUMNS`), computed once and kept."""
        if "tokens" not in self._cache:
            from .words import tokens

            self._cache["tokens"] = tokens(self)
        return self._cache["tokens"]

    def metrics(self) -> pd.DataFrame:
        """One row per numeric mention (:func:`analysis.extract.metrics.metrics_table`)."""
        if "metrics" not in self._cache:
            from .extract.metrics import metrics_table

            self._cache["metrics"] = metrics_table(self)
        return self._cache["metrics"].copy()

    def targets(self) -> pd.DataFrame:
        """The year's expected targets (:func:`analysis.extract.targets.targets_table`)."""
        from .extract.targets import targets_table

        return targets_table(self)

    def outcomes(self) -> pd.DataFrame:
        """Last year's outcomes stated in the review (:func:`analysis.extract.outcomes.outcomes_table`)."""
        from .extract.outcomes import outcomes_table

        if "metrics" not in self._cache:
            self.metrics()
        return outcomes_table(self, self._cache["metrics"])

    def themes(self, by: str = "section", dictionary="themes") -> pd.DataFrame:
        """Share of each category of ``dictionary`` per unit (``by``: sentence, paragraph,
        section or document): a file (TSV/YAML, found from the working directory), a mapping
        ``{category: [terms]}``, or the packaged 13 policy themes (:mod:`analysis.words.dictionary`)."""
        from .words.dictionary import score

        return score(self.tokens(), dictionary, by=by)

    def keywords(self, n: int = 20, method: str = "tfidf") -> pd.DataFrame:
        """The ``n`` best keywords by TF-IDF against the national reports, or by TextRank."""
        from .words.keywords import keywords

        return keywords(self.tokens(), method=method, top_n=n)

    def kwic(self, term: str, window: int = 10) -> pd.DataFrame:
        """Keyword in context: one row per occurrence of ``term`` (matched on tokens)."""
        from .words import kwic

        return kwic(self, term, window=window, toks=self.tokens())

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Return ``(raw_start, raw_end)`` in ``raw_text`` for ``text[start:end]``.

        >>> import numpy as np
        >>> d = Document("d", "ab", "xab", np.array([1, 2]), np.array([2, 3]))
        >>> d.raw_span(0, 2)
        (1, 3)
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside text of length {len(self.text)}")
        if start == end:
            pos = int(self.raw_starts[start]) if start < len(self.text) else len(self.raw_text)
            return pos, pos
        return int(self.raw_starts[start:end].min()), int(self.raw_ends[start:end].max())

    def raw_spans(self, starts, ends) -> tuple[np.ndarray, np.ndarray]:
        """Return :meth:`raw_span` of many spans at once, as two int64 arrays (raw starts, raw
        ends): the least raw start and the greatest raw end over each span, read together.

        >>> d = Document("d", "abc", "xabc", np.array([1, 2, 3]), np.array([2, 3, 4]))
        >>> [a.tolist() for a in d.raw_spans([0, 1], [2, 3])]
        [[1, 2], [3, 4]]
        """
        starts, ends = np.asarray(starts, np.int64), np.asarray(ends, np.int64)
        raw_s, raw_e, n = self.raw_starts, self.raw_ends, len(self.text)
        if (
            len(starts) and raw_s.dtype.kind in "iu" and raw_e.dtype.kind in "iu" and len(raw_s) == len(raw_e) == n
            and (starts >= 0).all() and (starts < ends).all() and (ends <= n).all()
        ):  # fmt: skip
            bounds = np.empty(2 * len(starts), dtype=np.intp)
            bounds[0::2], bounds[1::2] = starts, ends
            # reduceat reduces raw[bounds[i]:bounds[i + 1]]; a copy of the last item lets an
            # end equal to len(text) be a bound
            low = np.minimum.reduceat(np.append(raw_s, raw_s[-1:]), bounds)[0::2]
            high = np.maximum.reduceat(np.append(raw_e, raw_e[-1:]), bounds)[0::2]
            return low.astype(np.int64), high.astype(np.int64)
        spans = [self.raw_span(a, b) for a, b in zip(starts.tolist(), ends.tolist())]  # empty, or raises
        return np.array([a for a, _ in spans], np.int64), np.array([b for _, b in spans], np.int64)
