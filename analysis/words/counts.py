"""Counting tokens: frequencies by any grouping, and keyness (G², target against reference)."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.tables import as_schema, empty_frame

#: Columns of :func:`frequency` after the ``by`` columns, with dtypes.
FREQUENCY_COLUMNS = {
    "token": "string",
    "count": "int64",  # occurrences of the token in the group
    "n_tokens": "int64",  # all tokens in the group (every row of the tokens table)
    "rate_per_10k": "float64",  # count / n_tokens * 10,000
    "doc_freq": "int64",  # number of documents in the group containing the token
}

#: Columns of :func:`keyness`, with dtypes.
KEYNESS_COLUMNS = {
    "token": "string",
    "count_target": "int64",  # a: occurrences in the target group
    "count_reference": "int64",  # b: occurrences in the reference group
    "rate_target": "float64",  # per 10,000 tokens of the target (c tokens)
    "rate_reference": "float64",  # per 10,000 tokens of the reference (d tokens)
    "statistic": "string",  # always "G2": Dunning's log-likelihood, Rayson & Garside's form
    "value": "float64",  # G2 = 2 * sum(O * ln(O / E)) over the two cells of the term
    "p_value": "float64",  # chi-squared, 1 degree of freedom
    "log_ratio": "float64",  # Hardie's log ratio: log2((a/c) / (b/d)), zeros as 0.5
    "direction": "string",  # "target" if a/c > b/d, "reference" if less, "" if equal
}

def _select(
    toks: pd.DataFrame, *, drop_stopwords: bool, drop_policy_verbs: bool, drop_numbers: bool
) -> pd.Series:
    keep = pd.Series(True, index=toks.index)
    if drop_stopwords:
        keep &= ~toks["is_stopword"]
    if drop_policy_verbs:
        keep &= ~toks["is_policy_verb"]
    if drop_numbers:
        keep &= toks["kind"] != "number"
    return keep

def frequency(
    toks: pd.DataFrame,
    by: str | Iterable[str] = (),
    *,
    drop_stopwords: bool = True,
    drop_policy_verbs: bool = False,
    drop_numbers: bool = False,
) -> pd.DataFrame:
    """Return token counts, rates per 10,000 tokens and document frequencies per group.

    Columns: the ``by`` columns (dtypes as in the tokens table), then
    :data:`FREQUENCY_COLUMNS`. ``n_tokens`` — the denominator of the rate — counts every
    row of the group in the tokens table, so rates do not change when a filter is switched.
    Rows are sorted by group, then count (descending), then token.

    Args:
        toks: a tokens table (:data:`TOKEN_COLUMNS`).
        by: column(s) to group by, e.g. ``"doc_id"`` or ``["doc_id", "section"]``.
        drop_stopwords, drop_policy_verbs, drop_numbers: which tokens not to count.

    >>> t = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "token": ["改革", "的", "改革", "改革"],
    ...                   "is_stopword": [False, True, False, False],
    ...                   "is_policy_verb": [False] * 4, "kind": ["word"] * 4})
    >>> frequency(t)[["token", "count", "n_tokens", "rate_per_10k", "doc_freq"]].values.tolist()
    [['改革', 3, 4, 7500.0, 2]]
    """
    by = [by] if isinstance(by, str) else list(by)
    schema = {**{c: toks[c].dtype.name if c in toks else "string" for c in by}, **FREQUENCY_COLUMNS}
    if toks.empty:
        return empty_frame(schema)
    # only the columns counted: copying every column of the kept rows (a heading path per
    # token) doubled the memory of `words` (benchmarks/words_memory.py)
    kept = toks.loc[_select(toks, drop_stopwords=drop_stopwords, drop_policy_verbs=drop_policy_verbs,
                            drop_numbers=drop_numbers), list(dict.fromkeys(by + ["token", "doc_id"]))]
    grouped = kept.groupby(by + ["token"], sort=False, observed=True)
    out = grouped.size().rename("count").to_frame()
    out["doc_freq"] = grouped["doc_id"].nunique()
    out = out.reset_index()
    if by:
        out = out.join(toks.groupby(by, sort=False).size().rename("n_tokens"), on=by)
    else:
        out["n_tokens"] = len(toks)
    out["rate_per_10k"] = out["count"] / out["n_tokens"] * 10_000
    out = out.sort_values(by + ["count", "token"], ascending=[True] * len(by) + [False, True])
    return as_schema(out, schema)

def g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Return Dunning's log-likelihood G² for counts ``a``/``b`` in corpora of ``c``/``d`` tokens.

    ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``, ``G2 = 2(a ln(a/E1) + b ln(b/E2))`` with
    ``0 ln 0 = 0`` (Rayson & Garside 2000, the form used by Wmatrix and AntConc).

    >>> round(float(g2(np.array([2]), np.array([0]), 4, 6)[0]), 4)  # 4 ln 2.5
    3.6652
    """
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)

def keyness(
    toks: pd.DataFrame,
    by: str,
    target,
    *,
    reference=None,
    drop_stopwords: bool = True,
    drop_policy_verbs: bool = False,
    drop_numbers: bool = True,
) -> pd.DataFrame:
    """Return log-likelihood keyness (G²) and log ratio of every token, target vs reference.

    The groups are rows of ``toks`` whose ``by`` column equals ``target`` (a value or a
    list of values) and, for the reference, equals ``reference`` — by default every other
    row. Corpus sizes ``c``/``d`` are all tokens of each group (every row, as in
    :func:`frequency`). Columns are :data:`KEYNESS_COLUMNS`; rows sorted by G² (descending),
    then token. Positive keyness is read from ``direction``, not from the sign of G².

    >>> t = pd.DataFrame({"doc_id": list("aaaabbbbbb"),
    ...                   "token": ["经济", "经济", "改革", "的", "改革", "改革", "改革", "生态", "的", "的"],
    ...                   "is_stopword": [False] * 3 + [True] + [False] * 4 + [True] * 2,
    ...                   "is_policy_verb": [False] * 10, "kind": ["word"] * 10})
    >>> k = keyness(t, "doc_id", "a")
    >>> k.loc[0, ["token", "count_target", "count_reference", "direction"]].astype(str).tolist()
    ['经济', '2', '0', 'target']
    >>> round(float(k.loc[0, "value"]), 4)
    3.6652
    """
    targets = list(target) if isinstance(target, (list, tuple, set)) else [target]
    in_target = toks[by].isin(targets)
    if reference is None:
        in_reference = ~in_target
    else:
        refs = list(reference) if isinstance(reference, (list, tuple, set)) else [reference]
        in_reference = toks[by].isin(refs)
    c, d = float(in_target.sum()), float(in_reference.sum())
    keep = _select(toks, drop_stopwords=drop_stopwords, drop_policy_verbs=drop_policy_verbs,
                   drop_numbers=drop_numbers)
    a = toks.loc[keep & in_target, "token"].value_counts()
    b = toks.loc[keep & in_reference, "token"].value_counts()
    if c == 0 or d == 0 or (a.empty and b.empty):
        return empty_frame(KEYNESS_COLUMNS)
    counts = pd.concat([a.rename("a"), b.rename("b")], axis=1).fillna(0).astype("int64")
    counts.index.name = "token"
    out = counts.reset_index()
    av, bv = out["a"].to_numpy(float), out["b"].to_numpy(float)
    value = g2(av, bv, c, d)
    log_ratio = np.log2((np.where(av > 0, av, 0.5) / c) / (np.where(bv > 0, bv, 0.5) / d))
    rate_t, rate_r = av / c, bv / d
    out = pd.DataFrame(
        {
            "token": out["token"],
            "count_target": out["a"],
            "count_reference": out["b"],
            "rate_target": rate_t * 10_000,
            "rate_reference": rate_r * 10_000,
            "statistic": "G2",
            "value": value,
            "p_value": [math.erfc(math.sqrt(max(v, 0.0) / 2)) for v in value],
            "log_ratio": log_ratio,
            "direction": np.where(rate_t > rate_r, "target", np.where(rate_t < rate_r, "reference", "")),
        }
    )
    out = out.sort_values(["value", "token"], ascending=[False, True])
    return as_schema(out, KEYNESS_COLUMNS)
