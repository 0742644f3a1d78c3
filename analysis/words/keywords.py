"""Keywords of a report: TF-IDF against the national reports, and TextRank.

Both work on a tokens table (:data:`analysis.words.TOKEN_COLUMNS`) and return the same
tidy table, :data:`KEYWORD_COLUMNS` (``term``, ``score``, ``method``), best first.
Candidates are tokens that are not stopwords, not empty policy verbs (switchable), not
numbers, and at least two characters long.

* **TF-IDF** (:func:`tfidf_keywords`): ``score = count / n_candidates × idf``, with the
  background IDF of ``analysis/data/idf_national.tsv`` — one document per State Council
  report (``year`` not null) of ``shared/corpus/national/government_work_reports.jsonl``,
  rebuilt by :func:`build_idf`. A term unseen in the background gets the IDF of ``df = 0``.
* **TextRank** (:func:`textrank_keywords`, Mihalcea & Tarau 2004): PageRank over an
  undirected graph of candidate tokens, an edge weighted by how often two candidates occur
  within ``window`` candidates of each other in one sentence. Written here rather than
  taken from ``jieba.analyse.TextRank``: that class re-segments raw text with
  ``jieba.posseg`` (its own tokenizer, by default the global one), so it would bypass our
  user dictionary rules, stopwords and protected numbers; and it stops after a fixed 10
  iterations. Ours runs on our tokens and iterates to convergence (max change < 1e-10).
"""

from __future__ import annotations

import functools
import json
import math
import os
import warnings
import weakref
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import paths
from analysis.io import write_atomic
from analysis.lexicons import LexiconError, file_sha256, lexicon_path, load_lexicon
from analysis.tables import as_schema, empty_frame, typed_frame
from analysis.words import Segmenter, get_segmenter

#: Columns of every keywords table, with dtypes.
KEYWORD_COLUMNS = {
    "term": "string",  # the token
    "score": "float64",  # method-specific; higher is more key
    "method": "string",  # "tfidf" or "textrank"
}

#: Columns of the IDF table (:func:`build_idf`, :func:`load_idf`), with dtypes.
IDF_COLUMNS = {
    "term": "string",
    "df": "int64",  # background documents containing the term
    "idf": "float64",  # ln((1 + n_docs) / (1 + df)) + 1
}

#: The packaged background IDF file (written by ``python -m analysis idf --out FILE``).
DEFAULT_IDF = lexicon_path("idf_national.tsv")
#: The background corpus: the national reports in ``data/raw``.
IDF_SOURCE = paths.RAW / "national" / "government_work_reports.jsonl"


def idf_value(df: int | np.ndarray, n_docs: int) -> float | np.ndarray:
    """Return the smoothed IDF ``ln((1 + n_docs) / (1 + df)) + 1`` (as scikit-learn).

    >>> round(idf_value(0, 52), 4), idf_value(52, 52)
    (4.9703, 1.0)
    """
    out = np.log((1 + n_docs) / (1 + np.asarray(df, dtype="float64"))) + 1
    return float(out) if out.ndim == 0 else out


def default_normalize() -> Callable[[str], str]:
    """Return the package's default cleaning pipeline as a ``str -> str`` function."""
    from analysis.clean import DEFAULT_STEPS, make_pipeline

    return make_pipeline(*DEFAULT_STEPS)


def build_idf(
    source: str | Path = IDF_SOURCE,
    out: str | Path | None = None,
    *,
    segmenter: Segmenter | None = None,
    normalize: Callable[[str], str] | None = None,
    min_df: int = 1,
) -> pd.DataFrame:
    """Return (and write to ``out``) the background IDF table of the national reports.

    Each record with a ``year`` is one document (the NPC resolutions, ``year`` null, are
    skipped); its text goes through ``normalize`` and the package segmenter, and every
    distinct word or slogan token counts once (numbers are not terms). The file gets a
    provenance header: source name and SHA-256, number of documents, segmenter settings,
    normalizer, formula — no date, so the same inputs give the same bytes (the shipped
    :data:`DEFAULT_IDF` is this file, built from :data:`IDF_SOURCE`). Columns are
    :data:`IDF_COLUMNS`, sorted by ``df`` (descending), then term.

    Args:
        source: ``government_work_reports.jsonl`` (default: its copy in ``data/raw``).
        out: where to write the TSV (atomically); ``None`` (default) to only return the table.
        segmenter: defaults to :func:`analysis.words.get_segmenter`.
        normalize: ``str -> str`` applied before segmentation; default the package's
            cleaning pipeline (:data:`analysis.clean.DEFAULT_STEPS`), so background and
            scored documents are cleaned alike.
        min_df: drop terms found in fewer documents (they then get the unseen IDF).
    """
    from analysis.readers.records import iter_records

    seg = segmenter or get_segmenter()
    if normalize is None:
        normalize, normalize_name = default_normalize(), "analysis.clean DEFAULT_STEPS"
    else:
        normalize_name = f"{getattr(normalize, '__module__', '')}.{getattr(normalize, '__qualname__', normalize)}"
    df: Counter[str] = Counter()
    n_docs = 0
    for _, text, meta in iter_records(source):
        if meta.get("year") is None:
            continue
        n_docs += 1
        df.update({tok for tok, _, _, kind in seg.cut(normalize(text)) if kind != "number"})
    table = pd.DataFrame(
        [(t, c) for t, c in df.items() if c >= min_df], columns=["term", "df"]
    ).sort_values(["df", "term"], ascending=[False, True])
    table["idf"] = idf_value(table["df"].to_numpy(), n_docs)
    table = as_schema(table, IDF_COLUMNS)
    table.attrs["n_docs"] = n_docs
    if out is not None:
        header = [
            f"{DEFAULT_IDF.name} — background document frequencies for TF-IDF keywords. GENERATED:",
            "rebuild with `python -m analysis idf --out FILE`; do not edit by hand.",
            f"source: {Path(source).name} (records with year not null; NPC resolutions skipped)",
            f"source_sha256: {file_sha256(source)}",
            f"n_docs: {n_docs}",
            f"normalize: {normalize_name}",
            f"segmenter: {json.dumps(seg.settings, ensure_ascii=False, sort_keys=True)}",
            "formula: idf = ln((1 + n_docs) / (1 + df)) + 1; a term absent here has df = 0",
            f"min_df: {min_df}",
        ]
        rows = (f"{row.term}\t{row.df}\t{row.idf:.6f}\n" for row in table.itertuples(index=False))
        write_atomic(out, "".join(f"# {h}\n" for h in header) + "term\tdf\tidf\n" + "".join(rows))
    return table


@functools.lru_cache(maxsize=4)
def _load_idf_cached(path: str, sha256: str) -> pd.DataFrame:
    lex = load_lexicon(path, columns=("term", "df", "idf"))
    meta = dict(h.split(": ", 1) for h in lex.attrs["header"] if ": " in h)
    try:
        n_docs = int(meta["n_docs"])
    except (KeyError, ValueError):
        raise LexiconError(path, None, "header has no 'n_docs: N' line") from None
    table = as_schema(lex, IDF_COLUMNS)
    table.attrs.update(lex.attrs, n_docs=n_docs, segmenter=json.loads(meta.get("segmenter", "{}")))
    return table


def load_idf(path: str | Path | None = None) -> pd.DataFrame:
    """Return an IDF table (:data:`IDF_COLUMNS`) with ``attrs["n_docs"]`` and its provenance.

    Warns when the file was built with a different user dictionary than the current one.

    >>> idf = load_idf()
    >>> idf.attrs["n_docs"] > 40, bool(idf["idf"].min() >= 1.0)
    (True, True)
    """
    p = lexicon_path(DEFAULT_IDF if path is None else path)
    table = _load_idf_cached(str(p), _file_sha256(p))
    built_with = table.attrs.get("segmenter", {}).get("userdict_sha256")
    current = get_segmenter().settings["userdict_sha256"]
    if built_with and built_with != current:
        warnings.warn(f"{p} was built with another userdict ({built_with[:12]}…); rebuild it with `python -m analysis idf --out FILE`", stacklevel=2)
    return table


def _file_sha256(path: Path) -> str:
    """:func:`file_sha256`, read again only when the file's size, modification time or
    inode changed (:func:`load_idf` runs once per document)."""
    st = os.stat(path)
    return _file_sha256_cached(str(path), st.st_size, st.st_mtime_ns, st.st_ino)


@functools.lru_cache(maxsize=16)
def _file_sha256_cached(path: str, size: int, mtime_ns: int, inode: int) -> str:
    return file_sha256(path)


_LAST_IDF: list[tuple[weakref.ref, dict[str, float], float]] = []  # the last IDF table's lookup


def _idf_lookup(table: pd.DataFrame) -> tuple[dict[str, float], float]:
    """Return term → IDF of an IDF table (terms without a value left out), and the largest
    of those values (``-inf`` if none).

    Built once per table, not once per document: the lookup of the last table seen is
    kept (a run scores every document against the same table, which is not modified).
    """
    if _LAST_IDF and _LAST_IDF[0][0]() is table:
        return _LAST_IDF[0][1], _LAST_IDF[0][2]
    lookup = {t: v for t, v in zip(table["term"].tolist(), table["idf"].tolist()) if pd.notna(v)}
    top = max(lookup.values(), default=-math.inf)
    _LAST_IDF[:] = [(weakref.ref(table), lookup, top)]
    return lookup, top


def _is_candidate(toks: pd.DataFrame, *, drop_policy_verbs: bool, min_length: int) -> pd.Series:
    keep = ~toks["is_stopword"] & (toks["kind"] != "number") & (toks["token"].str.len() >= min_length)
    if drop_policy_verbs:
        keep &= ~toks["is_policy_verb"]
    return keep


def _candidates(toks: pd.DataFrame, *, drop_policy_verbs: bool, min_length: int) -> pd.DataFrame:
    return toks[_is_candidate(toks, drop_policy_verbs=drop_policy_verbs, min_length=min_length)]


def _candidate_counts(toks: pd.DataFrame, *, drop_policy_verbs: bool, min_length: int) -> tuple:
    """Each distinct candidate token (an Arrow array, or a pandas Index for tables not
    held in Arrow strings) and how often it occurs, in no particular order."""
    token, kind, stop, verb = (toks[c] for c in ("token", "kind", "is_stopword", "is_policy_verb"))
    if (isinstance(token.dtype, pd.StringDtype) and isinstance(kind.dtype, pd.StringDtype)
            and stop.dtype == bool and verb.dtype == bool):
        tokens, kinds = pa.array(token.array), pa.array(kind.array)
        if not (tokens.null_count or kinds.null_count):  # the same test as _is_candidate, on whole columns
            keep = ~stop.to_numpy() & pc.not_equal(kinds, "number").to_numpy(zero_copy_only=False)
            keep &= pc.utf8_length(tokens).to_numpy() >= min_length  # characters, as str.len
            if drop_policy_verbs:
                keep &= ~verb.to_numpy()
            counted = pc.value_counts(tokens.filter(keep))
            return counted.field("values"), counted.field("counts").to_numpy().astype("int64")
    counts = token[_is_candidate(toks, drop_policy_verbs=drop_policy_verbs, min_length=min_length)].value_counts()
    return counts.index, counts.to_numpy()


def _terms_at(terms, rows: np.ndarray) -> tuple[list, list[str]]:
    """The terms at ``rows`` of :func:`_candidate_counts`' terms: as they are (to look up)
    and as strings (to show)."""
    if isinstance(terms, pa.Array):
        values = terms.take(rows).to_pylist()
        return values, values
    picked = terms.take(rows)
    return picked.tolist(), picked.astype(str).tolist()


def _ranked(terms: list[str], scores: np.ndarray, method: str, top_n: int | None) -> pd.DataFrame:
    """The keywords table of ``terms`` with their ``scores``: best score first, ties by term."""
    if not len(scores):
        return empty_frame(KEYWORD_COLUMNS)
    n = len(scores)
    rows = range(n)
    if top_n is not None and 1 <= top_n < n and np.isfinite(scores).all():
        kth = np.partition(scores, n - top_n)[n - top_n]  # the top_n-th best score:
        rows = np.flatnonzero(scores >= kth).tolist()  # only these can rank among the top_n
    ranked = sorted(((terms[i], scores[i]) for i in rows), key=lambda ts: (-ts[1], ts[0]))
    if top_n is not None:
        ranked = ranked[:top_n]
    return typed_frame([(term, float(score), method) for term, score in ranked], KEYWORD_COLUMNS)


def tfidf_keywords(
    toks: pd.DataFrame,
    *,
    top_n: int | None = 20,
    idf: pd.DataFrame | None = None,
    drop_policy_verbs: bool = True,
    min_length: int = 2,
) -> pd.DataFrame:
    """Return the top TF-IDF terms of a tokens table (all rows pooled as one document).

    ``score = count / n_candidates × idf``; ties broken by term. Columns are
    :data:`KEYWORD_COLUMNS`.

    Args:
        toks: a tokens table; filter it first to score one document or section.
        top_n: how many rows; ``None`` for all.
        idf: an IDF table from :func:`load_idf` / :func:`build_idf`; default packaged.

    >>> t = pd.DataFrame({"token": ["影视", "影视", "经济", "的"], "kind": ["word"] * 4,
    ...                   "is_stopword": [False, False, False, True], "is_policy_verb": [False] * 4})
    >>> tfidf_keywords(t)["term"].tolist()
    ['影视', '经济']
    """
    terms, counts = _candidate_counts(toks, drop_policy_verbs=drop_policy_verbs, min_length=min_length)
    if not len(counts):
        return empty_frame(KEYWORD_COLUMNS)
    table = load_idf() if idf is None else idf
    unseen = idf_value(0, table.attrs["n_docs"])
    lookup, top = _idf_lookup(table)
    tf = counts / counts.sum()
    rows = np.arange(len(counts))
    if top_n is not None and 1 <= top_n < len(counts) and math.isfinite(max(top, unseen)):
        # A term's score is at most tf × the largest IDF; the top_n terms by tf have real
        # scores, the least of which no top_n-th score is below. Terms whose bound is
        # lower cannot rank, so only the others are looked up.
        best = np.argpartition(-tf, top_n - 1)[:top_n]
        raw, _ = _terms_at(terms, best)
        floor = (tf[best] * np.array([lookup.get(t, unseen) for t in raw], dtype="float64")).min()
        if math.isfinite(floor):
            rows = np.flatnonzero(tf * max(top, unseen) >= floor)
    raw, names = _terms_at(terms, rows)
    weights = np.array([lookup.get(t, unseen) for t in raw], dtype="float64")
    return _ranked(names, tf[rows] * weights, "tfidf", top_n)


def textrank_keywords(
    toks: pd.DataFrame,
    *,
    top_n: int | None = 20,
    window: int = 5,
    damping: float = 0.85,
    drop_policy_verbs: bool = True,
    min_length: int = 2,
    max_iter: int = 500,
    tol: float = 1e-10,
) -> pd.DataFrame:
    """Return the top TextRank terms of a tokens table; scores scaled so the best is 1.

    Edges join candidates at most ``window - 1`` candidates apart in the same sentence
    (``window=5`` as jieba's default span); self-loops are skipped. Columns are
    :data:`KEYWORD_COLUMNS`.

    >>> t = pd.DataFrame({"doc_id": ["d"] * 5, "sentence_id": [0] * 5, "position": range(5),
    ...                   "token": ["科技", "创新", "科技", "人才", "创新"], "kind": ["word"] * 5,
    ...                   "is_stopword": [False] * 5, "is_policy_verb": [False] * 5})
    >>> textrank_keywords(t)["term"].tolist()
    ['创新', '科技', '人才']
    """
    cand = _candidates(toks, drop_policy_verbs=drop_policy_verbs, min_length=min_length)
    if cand.empty:
        return empty_frame(KEYWORD_COLUMNS)
    cand = cand.sort_values(["doc_id", "sentence_id", "position"], kind="stable")
    vocab = sorted(set(cand["token"]))
    ids = {t: i for i, t in enumerate(vocab)}
    edges: Counter[tuple[int, int]] = Counter()
    for _, sent in cand.groupby(["doc_id", "sentence_id"], sort=False)["token"]:
        seq = [ids[t] for t in sent]
        for i, a in enumerate(seq):
            for b in seq[i + 1 : i + window]:
                if a != b:
                    edges[(min(a, b), max(a, b))] += 1
    n = len(vocab)
    if not edges:
        return _ranked(vocab, np.ones(n), "textrank", top_n)
    pairs = np.array(sorted(edges), dtype="int64")
    w = np.array([edges[tuple(p)] for p in pairs], dtype="float64")
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])
    dst = np.concatenate([pairs[:, 1], pairs[:, 0]])
    ww = np.concatenate([w, w])
    out_sum = np.bincount(src, weights=ww, minlength=n)
    rank = np.full(n, 1.0)
    for _ in range(max_iter):
        contrib = ww / out_sum[src] * rank[src]
        new = (1 - damping) + damping * np.bincount(dst, weights=contrib, minlength=n)
        done = np.abs(new - rank).max() < tol
        rank = new
        if done:
            break
    return _ranked(vocab, rank / rank.max(), "textrank", top_n)


def keywords(toks: pd.DataFrame, *, method: str = "tfidf", top_n: int | None = 20, **options) -> pd.DataFrame:
    """Return keywords by ``method`` (``"tfidf"`` or ``"textrank"``); see those functions.

    >>> t = pd.DataFrame({"token": ["影视", "影视", "经济"], "kind": ["word"] * 3,
    ...                   "is_stopword": [False] * 3, "is_policy_verb": [False] * 3})
    >>> keywords(t, method="tfidf", top_n=1).values.tolist()[0][::2]
    ['影视', 'tfidf']
    """
    methods = {"tfidf": tfidf_keywords, "textrank": textrank_keywords}
    if method not in methods:
        raise ValueError(f"method must be one of {', '.join(methods)}, not {method!r}")
    return methods[method](toks, top_n=top_n, **options)
