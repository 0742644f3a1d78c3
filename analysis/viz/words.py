"""Notebook 03, words: the most frequent words and the keyness of the review against the plan."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.viz import style
from analysis.words import frequency

from .common import _figure, _styled


def top_words(toks: pd.DataFrame, n: int = 20, *, drop_policy_verbs: bool = True) -> pd.DataFrame:
    """Return the ``n`` most frequent words (no stopwords, numbers or, by default, policy verbs).

    Ties are broken by the token, so the list is the same on every run. Columns are
    :data:`~analysis.words.FREQUENCY_COLUMNS`.
    """
    freq = frequency(toks, drop_policy_verbs=drop_policy_verbs, drop_numbers=True)
    freq = freq.sort_values(["count", "token"], ascending=[False, True], kind="stable")
    return freq.head(n).reset_index(drop=True)

@_styled
def plot_top_words(table: pd.DataFrame) -> Figure:
    """Horizontal bars: rate per 10,000 tokens of the most frequent words."""
    fig = _figure(style.ONE_COLUMN, 0.13 * len(table) + 0.8)
    ax = fig.add_subplot()
    y = np.arange(len(table))[::-1]
    ax.barh(y, table["rate_per_10k"], color=style.OKABE_ITO[2])
    ax.set_yticks(y, table["token"])
    for yi, c, r in zip(y, table["count"], table["rate_per_10k"]):
        ax.text(r, yi, f" {c}", va="center", fontsize=6)
    ax.set_xlabel("每万词出现次数 per 10,000 tokens (n at bar end)")
    return fig

def top_keyness(keyness: pd.DataFrame, n: int = 12) -> pd.DataFrame:
    """Return the ``n`` most key words of each direction, with a signed G² for plotting.

    ``signed_g2`` is ``+G²`` for words over-used in the target, ``−G²`` in the reference;
    rows run from the most target-key to the most reference-key.
    """
    k = keyness[keyness["direction"] != ""].copy()
    k["signed_g2"] = np.where(k["direction"] == "target", k["value"], -k["value"])
    k = k.sort_values(["value", "token"], ascending=[False, True], kind="stable")
    parts = [k[k["direction"] == d].head(n) for d in ("target", "reference")]
    out = pd.concat(parts).sort_values(["signed_g2", "token"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)

@_styled
def plot_keyness_review_vs_plan(table: pd.DataFrame) -> Figure:
    """Diverging bars of G²: words key to the review (right) and to the plan (left)."""
    fig = _figure(style.ONE_COLUMN, 0.13 * len(table) + 0.9)
    ax = fig.add_subplot()
    y = np.arange(len(table))[::-1]
    colours = [style.PART_COLOURS["review" if v > 0 else "plan"] for v in table["signed_g2"]]
    ax.barh(y, table["signed_g2"], color=colours)
    for yi, v, tok in zip(y, table["signed_g2"], table["token"]):
        ax.text(-0.3 if v > 0 else 0.3, yi, tok, va="center", ha="right" if v > 0 else "left", fontsize=6.5)
    ax.axvline(0, color="black", lw=0.6)
    ax.axvline(3.84, color="0.6", lw=0.5, ls=":")
    ax.axvline(-3.84, color="0.6", lw=0.5, ls=":")
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    lim = max(abs(table["signed_g2"]).max(), 4) * 1.1 if len(table) else 4
    ax.set_xlim(-lim, lim)
    ax.set_xlabel("← 打算 plan     G²（对数似然）     回顾 review →")
    return fig
