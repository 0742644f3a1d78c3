"""Notebook 06, the provinces in 2026: their targets, theme profiles and key words."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.words.themes import THEME_KEYS
from analysis.viz import style

from .common import (
    MAIN_TARGETS,
    PROVINCES,
    TARGET_LABELS,
    _figure,
    _first_target,
    _hatch_missing,
    _missing_patches,
    _styled,
    _target_legend,
    _target_marks,
    shorten,
    target_label,
    top_keyness_by_group,
)
from .themes import _theme_heatmap


def provincial_reports(documents: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Return the provincial reports (of ``year``, or of every year) in GB/T 2260 order:
    ``doc_id``, ``region``, ``short``.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "level": ["provincial"] * 2, "kind": ["report"] * 2,
    ...                      "region": ["重庆市", "北京市"]})
    >>> provincial_reports(docs)["short"].tolist()
    ['北京', '重庆']
    """
    rows = documents[(documents["level"] == "provincial") & (documents["kind"] == "report")]
    if year is not None:
        rows = rows[rows["year"] == year]
    unknown = set(rows["region"]) - set(PROVINCES.index)
    if unknown:
        raise ValueError(f"regions not in provinces.tsv: {', '.join(sorted(unknown))}")
    out = rows[["doc_id", "region"]].assign(short=rows["region"].map(PROVINCES["short"]),
                                            code=rows["region"].map(PROVINCES["code"]))
    out = out.sort_values(["code", "doc_id"], kind="stable").drop(columns="code")
    return out.reset_index(drop=True).astype("string")

def provincial_targets(targets: pd.DataFrame, documents: pd.DataFrame, indicators=MAIN_TARGETS, *,
                       year: int | None = None) -> pd.DataFrame:
    """Return each province's annual target for each main indicator, missing ones included.

    One row per province × indicator (provinces in GB/T 2260 order). Columns: ``region``,
    ``short``, ``indicator``, ``name`` (as written), ``value`` (midpoint of a range), ``low``,
    ``high``, ``is_range``, ``unit``, ``qualifier``, ``stated_in`` (``main_targets``: the
    主要预期目标 paragraph; ``work_plan``: stated only later, in the year's work plan; ``""``
    when missing), ``label`` (``5–5.5%``, ``110万人以上``, ``""`` when missing), ``status``
    (``target``, or ``missing``: the targets table has no annual row with a number — the
    report states none, or states it in a way the extractor did not read). When a report
    gives two, the first counts. ``year`` keeps the reports of that year.
    """
    provs = provincial_reports(documents, year)
    grid = provs.merge(pd.DataFrame({"indicator": list(indicators)}), how="cross")
    found = pd.concat([_first_target(targets, i) for i in indicators])
    cols = ["doc_id", "indicator", "name", "value", "low", "high", "unit", "qualifier", "stated_in"]
    out = grid.merge(found[cols], on=["doc_id", "indicator"], how="left")
    out["status"] = np.where(out["value"].notna(), "target", "missing")
    out["is_range"] = out["high"] > out["low"]
    for c in ("name", "unit", "qualifier", "stated_in"):
        out[c] = out[c].fillna("")
    out["label"] = [target_label(*r) for r in out[["value", "low", "high", "unit", "qualifier"]].itertuples(index=False)]
    out = out[["region", "short", "indicator", "name", "value", "low", "high", "is_range", "unit", "qualifier",
               "stated_in", "label", "status"]]
    return out.astype({"region": "string", "short": "string", "indicator": "string", "name": "string",
                       "value": "float64", "low": "float64", "high": "float64", "is_range": "bool",
                       "unit": "string", "qualifier": "string", "stated_in": "string", "label": "string",
                       "status": "string"})

#: Words that name each main indicator in a sentence (to look up what a report says of it).
TARGET_WORDS = {"gdp_growth": "生产总值|经济增长", "cpi": "居民消费价格|物价", "unemployment_rate": "失业率",
                "new_urban_jobs": "城镇新增就业"}

def missing_target_context(grid: pd.DataFrame, sentences: pd.DataFrame, width: int = 12) -> pd.DataFrame:
    """Return what each province says of each indicator it has no target for.

    ``grid`` is :func:`provincial_targets`; ``sentences`` the sentences table with a ``short``
    column (province). One row per empty cell and sentence naming the indicator
    (:data:`TARGET_WORDS`): ``short``, ``indicator``, ``part``, ``context`` (the words around the
    name, ``width`` characters before); a cell no sentence speaks of gets one row with empty
    ``part`` and ``context``.
    """
    rows = []
    for cell in grid[grid["status"] == "missing"].itertuples():
        words = TARGET_WORDS.get(cell.indicator, cell.indicator)
        said = sentences[(sentences["short"] == cell.short) & sentences["sentence"].str.contains(words)]
        pattern = re.compile(f".{{0,{width}}}(?:{words})[^，。；]{{0,{width + 2}}}")
        found = [(s.part, pattern.search(s.sentence).group()) for s in said.itertuples()]
        rows += [(cell.short, cell.indicator, part, text) for part, text in found or [("", "")]]
    return pd.DataFrame(rows, columns=["short", "indicator", "part", "context"]).astype("string")

def provincial_theme_profiles(scores: pd.DataFrame, documents: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """Return each provincial report's theme shares (reports of ``year``, or all): one row
    per province (short name, GB/T 2260 order), one column per theme of
    :data:`~analysis.words.themes.THEME_KEYS`."""
    provs = provincial_reports(documents, year)
    rows = scores.merge(provs, on="doc_id")
    wide = rows.pivot_table(index="short", columns="theme", values="share", aggfunc="mean")
    wide = wide.reindex(index=provs["short"].tolist(), columns=list(THEME_KEYS))
    wide.index.name = "region"
    wide.columns.name = "theme"
    return wide.astype("float64")

def provincial_keyness(toks: pd.DataFrame, documents: pd.DataFrame, n: int = 8, *,
                       drop_policy_verbs: bool = True, year: int | None = None) -> pd.DataFrame:
    """Return the ``n`` most distinctive words of each provincial report (of ``year``, or
    all) vs the other reports.

    Columns: ``region`` (short name, GB/T 2260 order), ``rank``, ``token``, ``count_target``,
    ``count_reference``, ``value`` (G²), ``log_ratio`` and the other keyness columns.
    """
    provs = provincial_reports(documents, year)
    groups = pd.Series(provs["short"].to_numpy(), index=provs["doc_id"])
    out = top_keyness_by_group(toks, groups, n, drop_policy_verbs=drop_policy_verbs)
    out = out.rename(columns={"group": "region"})
    return out.astype({"region": "string"})

@_styled
def plot_provincial_targets_2026(table: pd.DataFrame) -> Figure:
    """Four panels, one per main target: each province's value (marker by qualifier), ranges
    as bars, and a hatched cell where the targets table has no number for that province."""
    indicators = list(pd.unique(table["indicator"]))
    regions = list(pd.unique(table["short"]))
    fig = _figure(style.TWO_COLUMN, 0.14 * len(regions) + 1.0)
    axes = np.atleast_1d(fig.subplots(1, len(indicators), sharey=True))
    y = np.arange(len(regions))[::-1]
    pos = dict(zip(regions, y))
    used = set()
    for ax, ind in zip(axes, indicators):
        rows = table[table["indicator"] == ind]
        for yi in y[::2]:
            ax.axhspan(yi - 0.5, yi + 0.5, color="0.96", lw=0, zorder=0)
        used |= _target_marks(ax, rows, rows["short"].map(pos), horizontal=True)
        _hatch_missing(ax, rows.loc[rows["status"] == "missing", "short"].map(pos), horizontal=True)
        if rows["value"].notna().any():
            lo, hi = np.nanmin(rows["low"]), np.nanmax(rows["high"])
            pad = max((hi - lo) * 0.15, 0.25 if hi < 20 else 5)
            ax.set_xlim(lo - pad, hi + pad)
        ax.set_title(TARGET_LABELS.get(ind, ind), fontsize=6.5)
        ax.set_ylim(-0.6, len(regions) - 0.4)
        ax.tick_params(axis="y", length=0)
        ax.tick_params(axis="x", labelsize=6)
    axes[0].set_yticks(y, regions)
    _target_legend(axes[-1], used, _missing_patches(with_report=False), loc="upper left",
                   bbox_to_anchor=(1.0, 1.0), fontsize=6)
    return fig

@_styled
def plot_provincial_theme_profiles_2026(matrix: pd.DataFrame) -> Figure:
    """Heatmap: share of content tokens per theme (columns) in each province's report (rows)."""
    return _theme_heatmap(matrix, row_height=0.2, digits=1, min_label=0.0)

@_styled
def plot_provincial_keyness_2026(table: pd.DataFrame) -> Figure:
    """Word grid: each province's most distinctive words (G² against the other provinces),
    left to right by rank, each cell shaded by its G²."""
    from matplotlib.colors import PowerNorm

    regions = list(pd.unique(table["region"]))
    n = int(table["rank"].max()) if len(table) else 1
    fig = _figure(style.TWO_COLUMN, 0.17 * len(regions) + 0.9)
    ax = fig.add_subplot()
    grid = table.pivot(index="region", columns="rank", values="value").reindex(index=regions, columns=range(1, n + 1))
    words = table.pivot(index="region", columns="rank", values="token").reindex(index=regions, columns=range(1, n + 1))
    norm = PowerNorm(0.5, vmin=0, vmax=float(np.nanmax(grid.to_numpy(), initial=1.0)))
    cmap = matplotlib.colormaps["Blues"]
    image = ax.imshow(np.ma.masked_invalid(grid.to_numpy()), aspect="auto", cmap=cmap, norm=norm)
    for (i, j), v in np.ndenumerate(grid.to_numpy()):
        if pd.notna(v):
            ax.text(j, i, shorten(str(words.iat[i, j]), 8), ha="center", va="center", fontsize=6,
                    color="white" if norm(v) > 0.6 else "black")
    ax.set_yticks(range(len(regions)), regions)
    ax.set_xticks(range(n), [str(r) for r in range(1, n + 1)])
    ax.xaxis.set_ticks_position("top")
    ax.set_xlabel("名次 rank（1 = 最突出 most distinctive）")
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    ax.spines[:].set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.6, pad=0.01)
    bar.set_label("G²（与其余省份相比） vs the other provinces")
    bar.outline.set_visible(False)
    return fig
