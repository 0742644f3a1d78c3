"""Policy themes: how much of each sentence, paragraph, section or document is about what.

The theme lexicon (``analysis/data/themes.tsv``: columns ``theme``, ``term``, ``source``)
assigns each term to exactly one of the 13 :data:`THEME_KEYS`; its header states the rule.
Scoring is a join of the tokens table with that lexicon (tidytext style): every term is
matched as a run of tokens (:func:`analysis.words.match_terms`), and a unit's share for a
theme is

    share = (content tokens covered by the theme's terms) / (content tokens of the unit)

where *content tokens* are tokens that are neither stopwords nor numbers (policy verbs
count: they are words of the text, just not theme words). The dominant theme of a unit is
the theme with the largest share, ``""`` when no theme term occurs; ties go to the theme
listed first in :data:`THEME_KEYS`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.lexicons import LexiconError, lexicon_path, load_lexicon
from analysis.tables import as_schema, empty_frame
from analysis.words import Segmenter, match_terms

__all__ = [
    "THEME_KEYS",
    "LEVEL_KEYS",
    "THEME_SCORE_COLUMNS",
    "DOMINANT_COLUMNS",
    "LexiconError",
    "load_themes",
    "theme_scores",
    "theme_scores_by_level",
    "dominant_themes",
]

#: The theme keys a lexicon may use, in tie-breaking order.
THEME_KEYS = (
    "economy",
    "innovation",
    "industry",
    "reform_opening",
    "urban_rural",
    "agriculture",
    "ecology",
    "livelihood",
    "education",
    "health",
    "culture",
    "governance",
    "security",
)

#: The packaged theme lexicon.
DEFAULT_THEMES = lexicon_path("themes.tsv")

#: Key columns identifying a unit at each level, with their dtypes (from the tokens table).
LEVEL_KEYS = {
    "sentence": {"doc_id": "string", "part": "string", "section": "string",
                 "paragraph_id": "int64", "sentence_id": "int64"},
    "paragraph": {"doc_id": "string", "part": "string", "section": "string",
                  "paragraph_id": "int64"},
    "section": {"doc_id": "string", "part": "string", "section": "string"},
    "document": {"doc_id": "string"},
}

#: Columns of :func:`theme_scores` after the level's key columns (one row per unit × theme).
THEME_SCORE_COLUMNS = {
    "theme": "string",  # one of THEME_KEYS
    "n_tokens": "int64",  # content tokens in the unit (not stopwords, not numbers)
    "n_matched": "int64",  # content tokens covered by this theme's terms
    "share": "float64",  # n_matched / n_tokens (0.0 for a unit without content tokens)
}

#: Columns of :func:`dominant_themes` after the level's key columns (one row per unit).
DOMINANT_COLUMNS = {
    "n_tokens": "int64",  # content tokens in the unit
    "dominant_theme": "string",  # theme with the largest share; "" if no theme term occurs
    "share": "float64",  # share of the dominant theme (0.0 if none)
    "runner_up": "string",  # second theme by share; "" if fewer than two themes occur
    "runner_up_share": "float64",
}


def load_themes(path: str | Path | None = None) -> pd.DataFrame:
    """Return a theme lexicon (``theme``, ``term``, ``source``, ``line``), validated.

    Raises :class:`LexiconError` (message ``file:line: problem``) when a required column is
    missing, a theme key is not one of :data:`THEME_KEYS`, or a term is listed twice.

    Args:
        path: a lexicon file; ``None`` for the packaged ``themes.tsv``.

    >>> lex = load_themes()
    >>> sorted(lex["theme"].unique()) == sorted(THEME_KEYS)
    True
    >>> lex.loc[lex["term"] == "乡村振兴", "theme"].item()
    'agriculture'
    """
    lex = load_lexicon(DEFAULT_THEMES if path is None else path, columns=("theme", "term", "source"))
    where = lex.attrs["path"]
    seen: dict[str, int] = {}
    for row in lex.itertuples(index=False):
        if row.theme not in THEME_KEYS:
            raise LexiconError(
                where, row.line, f"unknown theme {row.theme!r}; expected one of {', '.join(THEME_KEYS)}"
            )
        if row.term in seen:
            raise LexiconError(where, row.line, f"term {row.term!r} already listed on line {seen[row.term]}")
        seen[row.term] = row.line
    return lex


def _keys(level: str) -> dict[str, str]:
    if level not in LEVEL_KEYS:
        raise ValueError(f"level must be one of {', '.join(LEVEL_KEYS)}, not {level!r}")
    return LEVEL_KEYS[level]


def theme_scores(
    toks: pd.DataFrame,
    *,
    level: str = "section",
    lexicon: str | Path | pd.DataFrame | None = None,
    segmenter: Segmenter | None = None,
) -> pd.DataFrame:
    """Return the share of content tokens matching each theme, per unit: one row per unit × theme.

    Every unit present in ``toks`` gets all 13 themes (zeros included), in
    :data:`THEME_KEYS` order, units in order of first appearance. Columns: the
    ``LEVEL_KEYS[level]`` columns, then :data:`THEME_SCORE_COLUMNS`.

    Args:
        toks: a tokens table (:data:`analysis.words.TOKEN_COLUMNS`).
        level: ``"sentence"``, ``"paragraph"``, ``"section"`` or ``"document"``.
        lexicon: a lexicon path or a frame from :func:`load_themes`; default packaged.

    >>> import numpy as np
    >>> from analysis.words import tokens
    >>> from analysis.document import Document, SENTENCE_COLUMNS
    >>> text = "深入推进乡村振兴，发展壮大农村集体经济。"
    >>> sents = pd.DataFrame([["d", "", "", 0, 0, 0, len(text), text]],
    ...                      columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...                sentences=sents)
    >>> s = theme_scores(tokens(doc), level="document")
    >>> s.loc[s["n_matched"] > 0, ["theme", "n_tokens", "n_matched", "share"]].values.tolist()
    [['agriculture', 6, 3, 0.5]]
    """
    return theme_scores_by_level(toks, (level,), lexicon=lexicon, segmenter=segmenter)[level]


def theme_scores_by_level(
    toks: pd.DataFrame,
    levels: tuple[str, ...],
    *,
    lexicon: str | Path | pd.DataFrame | None = None,
    segmenter: Segmenter | None = None,
) -> dict[str, pd.DataFrame]:
    """Return :func:`theme_scores` at each of ``levels`` (level → table), matching the terms once.

    >>> from analysis.tables import empty_frame
    >>> from analysis.words import TOKEN_COLUMNS
    >>> list(theme_scores_by_level(empty_frame(TOKEN_COLUMNS), ("section", "document")))
    ['section', 'document']
    """
    keys = {level: _keys(level) for level in levels}
    if toks.empty:
        return {level: empty_frame({**k, **THEME_SCORE_COLUMNS}) for level, k in keys.items()}
    lex = lexicon if isinstance(lexicon, pd.DataFrame) else load_themes(lexicon)
    matches = match_terms(toks, dict(zip(lex["term"].tolist(), lex["theme"].tolist())), segmenter=segmenter)
    content = ~toks["is_stopword"].to_numpy(dtype=bool) & (toks["kind"] != "number").to_numpy(dtype=bool)
    return {level: _unit_scores(toks, k, content, matches) for level, k in keys.items()}


def _unit_scores(toks: pd.DataFrame, keys: dict[str, str], content: np.ndarray, matches: pd.DataFrame) -> pd.DataFrame:
    """The theme_scores table for the units identified by the ``keys`` columns."""
    key_cols = list(keys)
    unit = toks.groupby(key_cols, sort=False).ngroup().to_numpy()  # units numbered in order of appearance
    first = np.unique(unit, return_index=True)[1]  # the first token of each unit
    n_tokens = np.bincount(unit[content], minlength=len(first))
    n_matched = _matched_by_unit(toks, unit, matches, len(first))
    n_themes = len(THEME_KEYS)
    rows = np.repeat(first, n_themes)  # one row per unit × theme
    n_tokens = np.repeat(n_tokens, n_themes).astype("int64")
    n_matched = n_matched.ravel()
    out = {c: toks[c].array.take(rows) for c in key_cols}
    out.update(
        theme=pd.array(THEME_KEYS * len(first), dtype="string"),
        n_tokens=n_tokens,
        n_matched=n_matched,
        share=np.divide(n_matched.astype("float64"), n_tokens.astype("float64"), out=np.zeros(len(rows)),
                        where=n_tokens > 0),
    )
    return as_schema(pd.DataFrame(out, copy=False), {**keys, **THEME_SCORE_COLUMNS})


def _matched_by_unit(toks: pd.DataFrame, unit: np.ndarray, matches: pd.DataFrame, n_units: int) -> np.ndarray:
    """Content tokens covered by each theme's terms: an ``n_units × len(THEME_KEYS)`` array.

    A match counts for the unit of the first token of its sentence.
    """
    out = np.zeros((n_units, len(THEME_KEYS)), dtype="int64")
    if matches.empty:
        return out
    doc, sid = toks["doc_id"].to_numpy(dtype=object), toks["sentence_id"].to_numpy()
    new = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (sid[1:] != sid[:-1])])  # a sentence starts
    sentence_unit: dict[tuple, int] = {}
    for key in zip(doc[new].tolist(), sid[new].tolist(), unit[new].tolist()):
        sentence_unit.setdefault(key[:2], key[2])
    column = {t: i for i, t in enumerate(THEME_KEYS)}
    for doc_id, sentence_id, n, theme in zip(matches["doc_id"].tolist(), matches["sentence_id"].tolist(),
                                             matches["n_content"].tolist(), matches["label"].tolist()):
        if theme in column:
            out[sentence_unit[(doc_id, sentence_id)], column[theme]] += n
    return out


def dominant_themes(scores: pd.DataFrame) -> pd.DataFrame:
    """Return the dominant theme of each unit of a :func:`theme_scores` table: one row per unit.

    Key columns are whatever precedes ``theme`` in ``scores``; then :data:`DOMINANT_COLUMNS`.
    Ties go to the theme listed first in :data:`THEME_KEYS`.

    >>> s = pd.DataFrame({"doc_id": ["d"] * 3, "theme": ["economy", "innovation", "health"],
    ...                   "n_tokens": [10] * 3, "n_matched": [1, 3, 0],
    ...                   "share": [0.1, 0.3, 0.0]}).astype({"doc_id": "string", "theme": "string"})
    >>> dominant_themes(s).iloc[0].astype(str).tolist()
    ['d', '10', 'innovation', '0.3', 'economy', '0.1']
    """
    key_cols = list(scores.columns[: list(scores.columns).index("theme")])
    schema = {**{c: scores[c].dtype.name for c in key_cols}, **DOMINANT_COLUMNS}
    if scores.empty:
        return empty_frame(schema)
    order = {t: i for i, t in enumerate(THEME_KEYS)}
    ranked = scores.assign(_order=scores["theme"].map(order).fillna(len(order)))
    ranked = ranked[ranked["n_matched"] > 0].sort_values(
        key_cols + ["share", "_order"], ascending=[True] * len(key_cols) + [False, True], kind="stable"
    )
    ranked["_rank"] = ranked.groupby(key_cols, sort=False).cumcount()
    units = scores.drop_duplicates(key_cols)[key_cols + ["n_tokens"]]
    first = ranked[ranked["_rank"] == 0][key_cols + ["theme", "share"]]
    second = ranked[ranked["_rank"] == 1][key_cols + ["theme", "share"]].rename(
        columns={"theme": "runner_up", "share": "runner_up_share"}
    )
    out = units.merge(first.rename(columns={"theme": "dominant_theme"}), on=key_cols, how="left")
    out = out.merge(second, on=key_cols, how="left")
    out["dominant_theme"] = out["dominant_theme"].fillna("")
    out["runner_up"] = out["runner_up"].fillna("")
    out[["share", "runner_up_share"]] = out[["share", "runner_up_share"]].fillna(0.0)
    return as_schema(out, schema)


def theme_table(scores: pd.DataFrame, doc=None) -> pd.DataFrame:
    """Return one row per unit: its key columns, a ``heading`` (the unit's own heading, for
    sections), the share of each theme key as a column, and ``dominant``.

    Args:
        scores: a :func:`theme_scores` table.
        doc: unused; accepted so callers can pass the Document the scores came from.
    """
    keys = [c for c in scores.columns if c not in THEME_SCORE_COLUMNS]
    units = scores[keys].drop_duplicates().reset_index(drop=True)
    shares = scores.set_index(keys + ["theme"])["share"].unstack("theme")
    shares = shares.reindex(columns=list(THEME_KEYS))
    wide = units.merge(shares.reset_index(), on=keys, how="left", sort=False)
    wide.columns.name = None
    dom = dominant_themes(scores)[keys + ["dominant_theme"]].rename(columns={"dominant_theme": "dominant"})
    out = wide.merge(dom, on=keys, how="left", sort=False)
    if "section" in keys:
        out.insert(len(keys), "heading", out["section"].str.split(" > ").str[-1].fillna(""))
    return out
