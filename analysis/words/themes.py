"""Policy themes: how much of each sentence, paragraph, section or document is about what.

The theme lexicon (``analysis/data/themes.tsv``: columns ``theme``, ``term``, ``source``)
assigns each term to exactly one of the 13 :data:`THEME_KEYS`; its header states the rule.
Scoring is a join of the tokens table with that lexicon (tidytext style), done by
:func:`analysis.words.dictionary.score` with the lexicon as one dictionary among others: every
term is matched as a run of tokens (:func:`analysis.words.match_terms`), and a unit's share
for a theme is

    share = (content tokens covered by the theme's terms) / (content tokens of the unit)

where *content tokens* are tokens that are neither stopwords nor numbers (policy verbs
count: they are words of the text, just not theme words). The dominant theme of a unit is
the theme with the largest share, ``""`` when no theme term occurs; ties go to the theme
listed first in :data:`THEME_KEYS`.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import pandas as pd

from analysis.lexicons import LexiconError, lexicon_path, load_lexicon
from analysis.tables import as_schema, empty_frame, schema_frame
from analysis.words import Segmenter
from analysis.words.dictionary import (
    LEVEL_KEYS,
    SCORE_COLUMNS,
    Dictionary,
    score_level_columns,
    score_levels,
    table_dictionary,
)

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
    lex = lexicon if isinstance(lexicon, pd.DataFrame) else load_themes(lexicon)
    dictionary = _themes_dictionary(lex)
    if toks.empty:
        return {level: _theme_columns(table) for level, table in score_levels(toks, dictionary, levels).items()}
    # the score columns made into the themes table directly: no score table built and read back
    columns = score_level_columns(toks, dictionary, levels, segmenter=segmenter)
    return {level: _theme_frame(columns[level], LEVEL_KEYS[level]) for level in levels}


_LAST_LEXICON: list[tuple] = []  # the last lexicon converted: (weakref to it, its Dictionary)


def _themes_dictionary(lex: pd.DataFrame) -> Dictionary:
    """A theme lexicon as a dictionary of the 13 :data:`THEME_KEYS` (other labels left out).

    Converted once per lexicon table, not once per document: the result for the last table
    seen is kept (a run scores every document against the same table, which is not modified).
    """
    if not (_LAST_LEXICON and _LAST_LEXICON[0][0]() is lex):
        _LAST_LEXICON[:] = [(weakref.ref(lex), table_dictionary(lex, THEME_KEYS))]
    return _LAST_LEXICON[0][1]


def _theme_columns(scores: pd.DataFrame) -> pd.DataFrame:
    """A :func:`analysis.words.dictionary.score` table with the columns of :func:`theme_scores`."""
    keys = {c: scores[c].dtype.name for c in scores.columns if c not in SCORE_COLUMNS}
    columns = {c: scores[c] for c in [*keys, "category", *THEME_SCORE_COLUMNS] if c != "theme"}
    columns = {c: v.array if isinstance(v.dtype, pd.StringDtype) else v.to_numpy() for c, v in columns.items()}
    return _theme_frame(columns, keys)


def _theme_frame(columns: dict[str, object], keys: dict[str, str]) -> pd.DataFrame:
    """The :func:`theme_scores` table of score columns (:func:`score_level_columns`: the
    ``keys`` columns, ``category``, …): ``category`` named ``theme``, the theme columns kept."""
    named = {c: columns["category" if c == "theme" else c] for c in [*keys, *THEME_SCORE_COLUMNS]}
    return schema_frame(named, {**keys, **THEME_SCORE_COLUMNS})


def dominant_themes(scores: pd.DataFrame, categories: tuple[str, ...] = THEME_KEYS) -> pd.DataFrame:
    """Return the dominant theme of each unit of a :func:`theme_scores` table: one row per unit.

    Key columns are whatever precedes ``theme`` in ``scores``; then :data:`DOMINANT_COLUMNS`.
    Ties go to the theme listed first in ``categories`` (the categories of a dictionary).

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
    order = {t: i for i, t in enumerate(categories)}
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


def theme_table(scores: pd.DataFrame, doc=None, categories: tuple[str, ...] = THEME_KEYS) -> pd.DataFrame:
    """Return one row per unit: its key columns, a ``heading`` (the unit's own heading, for
    sections), the share of each theme key as a column, and ``dominant``.

    Args:
        scores: a :func:`theme_scores` table, or a :func:`analysis.words.dictionary.score` table.
        doc: unused; accepted so callers can pass the Document the scores came from.
        categories: the theme columns, in order (the categories of a dictionary).
    """
    if "category" in scores:
        scores = _theme_columns(scores)
    keys = [c for c in scores.columns if c not in THEME_SCORE_COLUMNS]
    units = scores[keys].drop_duplicates().reset_index(drop=True)
    shares = scores.set_index(keys + ["theme"])["share"].unstack("theme")
    shares = shares.reindex(columns=list(categories))
    wide = units.merge(shares.reset_index(), on=keys, how="left", sort=False)
    wide.columns.name = None
    dom = dominant_themes(scores, categories)[keys + ["dominant_theme"]].rename(columns={"dominant_theme": "dominant"})
    out = wide.merge(dom, on=keys, how="left", sort=False)
    if "section" in keys:
        out.insert(len(keys), "heading", out["section"].str.split(" > ").str[-1].fillna(""))
    return out
