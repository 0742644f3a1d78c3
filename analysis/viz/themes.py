"""Notebook 02, policy themes: theme shares by section and by part of a report."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.words.themes import THEME_KEYS
from analysis.viz import style

from .common import PART_LABELS, _figure, _styled, part_kind, shorten, theme_label


def theme_matrix(scores: pd.DataFrame) -> pd.DataFrame:
    """Return the share matrix of a section-level theme table: one row per subsection.

    Rows are the sections under a part heading (their path has ``" > "``), in document order,
    labelled ``回顾｜（一）heading…`` (a heading damaged by mojibake keeps its ``□``, so the
    reader sees it); columns are :data:`~analysis.words.themes.THEME_KEYS`. Text that sits directly
    under a part heading, before its first subsection, is left out.

    Args:
        scores: ``themes_section.csv`` rows of one document (``theme_scores(level="section")``).
    """
    sub = scores[scores["section"].str.contains(" > ", regex=False)]
    wide = sub.pivot_table(index="section", columns="theme", values="share", sort=False)
    wide = wide.reindex(columns=list(THEME_KEYS))
    order = pd.unique(sub["section"])
    wide = wide.reindex(order)
    parts = sub.drop_duplicates("section").set_index("section")["part"]
    prefix = {"review": "回顾｜", "plan": "打算｜"}
    wide.index = [prefix.get(part_kind(parts[s]), "") + shorten(s.split(" > ")[-1]) for s in wide.index]
    wide.index.name = "section"
    wide.columns.name = "theme"
    return wide.astype("float64")

@_styled
def plot_theme_share_by_section(matrix: pd.DataFrame) -> Figure:
    """Heatmap: share of content tokens per theme (columns) in each section (rows)."""
    return _theme_heatmap(matrix)

def _theme_heatmap(matrix: pd.DataFrame, *, row_height: float = 0.22, digits: int = 0,
                   min_label: float = 0.5) -> Figure:
    """Rows × themes heatmap of shares, in percent; cells of at least ``min_label`` % labelled."""
    fig = _figure(style.TWO_COLUMN, row_height * len(matrix) + 1.6)
    ax = fig.add_subplot()
    values = matrix.to_numpy() * 100
    image = ax.imshow(values, aspect="auto", cmap=style.SEQUENTIAL_CMAP, vmin=0)
    ax.set_xticks(range(matrix.shape[1]), [theme_label(t).replace("\n", " ") for t in matrix.columns],
                  rotation=35, ha="right", rotation_mode="anchor", fontsize=6.5)
    ax.set_yticks(range(matrix.shape[0]), matrix.index)
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    top = np.nanmax(values) if values.size else 0
    for (i, j), v in np.ndenumerate(values):
        if v >= min_label:
            ax.text(j, i, f"{v:.{digits}f}", ha="center", va="center", fontsize=5.5,
                    color="black" if v > top * 0.6 else "white")
    bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.01)
    bar.set_label("主题词占实词比例 (%) theme share")
    bar.outline.set_visible(False)
    return fig

def theme_share_by_part(scores: pd.DataFrame) -> pd.DataFrame:
    """Return each theme's share of the content tokens of each part (review, plan).

    ``share = Σ n_matched / Σ n_tokens`` over the part's sections (its own lead-in text
    included), so long sections weigh more than short ones. Columns: ``part``, ``kind``,
    ``theme``, ``n_matched``, ``n_tokens``, ``share``.
    """
    rows = scores[scores["part"] != ""]
    n_tokens = rows.drop_duplicates(["part", "section"]).groupby("part", sort=False)["n_tokens"].sum()
    matched = rows.groupby(["part", "theme"], sort=False)["n_matched"].sum().rename("n_matched").reset_index()
    matched["n_tokens"] = matched["part"].map(n_tokens).astype("int64")
    matched["share"] = matched["n_matched"] / matched["n_tokens"]
    matched.insert(1, "kind", matched["part"].map(part_kind))
    matched["theme"] = pd.Categorical(matched["theme"], categories=list(THEME_KEYS), ordered=True)
    out = matched.sort_values(["part", "theme"], kind="stable").reset_index(drop=True)
    return out.astype({"part": "string", "kind": "string", "theme": "string"})

@_styled
def plot_theme_share_by_part(table: pd.DataFrame) -> Figure:
    """Paired horizontal bars: each theme's share in the review and the plan part."""
    fig = _figure(style.ONE_COLUMN, 3.4)
    ax = fig.add_subplot()
    kinds = [k for k in ("review", "plan") if k in set(table["kind"])]
    y = np.arange(len(THEME_KEYS))[::-1]
    h = 0.8 / max(len(kinds), 1)
    for i, kind in enumerate(kinds):
        s = table[table["kind"] == kind].set_index("theme")["share"].reindex(list(THEME_KEYS)) * 100
        ax.barh(y + (0.4 - h / 2 - i * h), s, height=h, color=style.PART_COLOURS[kind], label=PART_LABELS[kind])
    ax.set_yticks(y, [theme_label(t).replace("\n", " ") for t in THEME_KEYS], fontsize=6)
    ax.set_xlabel("主题词占实词比例 (%) theme share of content tokens")
    ax.legend(loc="lower right")
    return fig
