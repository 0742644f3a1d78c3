"""Notebook 05, the national reports 1954–2025: theme attention by year, GDP growth targets, keyness by decade, report length."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.words.themes import THEME_KEYS
from analysis.viz import style

from .common import (
    NO_REPORT_COLOUR,
    _decade_ticks,
    _figure,
    _first_target,
    _hatch_missing,
    _missing_patches,
    _shade_absent,
    _styled,
    _target_legend,
    _target_marks,
    _year_span,
    decade_of,
    theme_label,
    top_keyness_by_group,
)


def national_reports(documents: pd.DataFrame) -> pd.DataFrame:
    """Return the State Council's reports (not NPC resolutions): ``doc_id``, ``year``, by year.

    >>> docs = pd.DataFrame({"doc_id": ["r", "n", "p"], "level": ["national", "national", "provincial"],
    ...                      "kind": ["resolution", "report", "report"],
    ...                      "year": pd.array([None, 2016, 2026], dtype="Int64")})
    >>> national_reports(docs).values.tolist()
    [['n', 2016]]
    """
    rows = documents[(documents["level"] == "national") & (documents["kind"] == "report")
                     & documents["year"].notna()]
    out = rows[["doc_id", "year"]].astype({"doc_id": "string", "year": "int64"})
    return out.sort_values(["year", "doc_id"], kind="stable").reset_index(drop=True)

def theme_attention_by_year(scores: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Return each national report's theme shares: one row per year, one column per theme
    (:func:`year_by_theme` of the national reports' rows of ``scores``).

    Args:
        scores: ``themes_document.csv`` (one row per document × theme).
        documents: ``documents.csv`` (to find national reports and their years).
    """
    return year_by_theme(scores.merge(national_reports(documents), on="doc_id"))


def year_by_theme(shares: pd.DataFrame) -> pd.DataFrame:
    """Return long ``year``, ``theme``, ``share`` rows as a matrix: one row per year, one
    column per theme (the mean share if a year has several rows of a theme).

    Rows run over every year from the first to the last; a year with no report in the
    corpus (2020, 1989–1991 …) is a row of NaN, not of zeros. Columns are
    :data:`~analysis.words.themes.THEME_KEYS`; values are shares of content tokens (0–1).
    Notebook 05 gets the rows from :func:`analysis.query` (DuckDB).

    >>> m = year_by_theme(pd.DataFrame({"year": [2018, 2020], "theme": ["economy", "economy"], "share": [0.25, 0.5]}))
    >>> m["economy"].tolist()
    [0.25, nan, 0.5]
    """
    wide = shares.pivot_table(index="year", columns="theme", values="share", aggfunc="mean")
    wide = wide.reindex(index=_year_span(shares["year"]), columns=list(THEME_KEYS))
    wide.columns.name = "theme"
    return wide.astype("float64")

def gdp_growth_targets(targets: pd.DataFrame, documents: pd.DataFrame, *, since: int | None = None) -> pd.DataFrame:
    """Return the national annual GDP growth target of every year, and why a year has none.

    One row per year from ``since`` (default: the first report) to the last report.
    Columns: ``year``, ``doc_id`` (``""`` if no report), ``value`` (midpoint of a range),
    ``low``, ``high`` (NaN without a target), ``is_range``, ``qualifier`` (左右, 以上 …; ``""``
    for a bare number), ``status``: ``target``; ``no_target`` (a report stating no annual
    number, e.g. 2000–2002); ``no_report`` (no report of that year in the corpus, e.g. 2020).
    Five-year-plan averages (``scope == "plan_period"``) are not annual targets.
    """
    reports = national_reports(documents)
    found = _first_target(targets, "gdp_growth")
    rows = reports.merge(found[["doc_id", "value", "low", "high", "qualifier"]], on="doc_id", how="left")
    out = rows.set_index("year").reindex(_year_span(reports["year"], since)).reset_index()
    out = out[out["year"] <= reports["year"].max()]
    out["status"] = np.where(out["value"].notna(), "target", np.where(out["doc_id"].notna(), "no_target", "no_report"))
    out["doc_id"] = out["doc_id"].fillna("")
    out["qualifier"] = out["qualifier"].fillna("")
    out["is_range"] = out["high"] > out["low"]
    cols = ["year", "doc_id", "value", "low", "high", "is_range", "qualifier", "status"]
    return out[cols].astype({"year": "int64", "doc_id": "string", "value": "float64", "low": "float64",
                             "high": "float64", "is_range": "bool", "qualifier": "string", "status": "string"})

def national_keyness_by_decade(toks: pd.DataFrame, documents: pd.DataFrame, n: int = 10, *,
                               drop_policy_verbs: bool = True) -> pd.DataFrame:
    """Return the ``n`` most distinctive words of each decade's national reports vs the rest.

    Columns: ``decade`` (``"1950s"`` …), ``n_reports``, ``rank``, ``token``, ``count_target``,
    ``count_reference``, ``value`` (G²), ``log_ratio`` and the other keyness columns.
    """
    reports = national_reports(documents)
    decades = pd.Series(reports["year"].map(decade_of).to_numpy(), index=reports["doc_id"])
    out = top_keyness_by_group(toks, decades, n, drop_policy_verbs=drop_policy_verbs)
    out = out.rename(columns={"group": "decade"})
    out.insert(1, "n_reports", out["decade"].map(decades.value_counts()).astype("int64"))
    return out.astype({"decade": "string"})

def report_length(toks: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Return the length of each year's national report (:func:`length_by_year` of the
    national reports' token counts)."""
    reports = national_reports(documents)
    sub = toks[toks["doc_id"].isin(reports["doc_id"])]
    size = pd.DataFrame({
        "n_chars": (sub["end"] - sub["start"]).groupby(sub["doc_id"]).sum(),
        "n_tokens": sub.groupby("doc_id").size(),
    })
    return length_by_year(reports.join(size, on="doc_id"))


def length_by_year(sizes: pd.DataFrame) -> pd.DataFrame:
    """Return one row per year from the first report to the last, given ``year``, ``doc_id``,
    ``n_chars``, ``n_tokens`` of each report; years without one are rows of NaN.

    Columns: ``year``, ``doc_id`` (``""`` if none), ``n_chars`` (characters inside words:
    Chinese characters, digits and letters, no punctuation or spaces), ``n_tokens`` (every
    token, stopwords included), ``status`` (``report`` or ``no_report``). Notebook 05 gets
    the sizes from :func:`analysis.query` (DuckDB).

    >>> t = length_by_year(pd.DataFrame({"year": [2018, 2020], "doc_id": ["a", "b"], "n_chars": [10, 12], "n_tokens": [5, 6]}))
    >>> t["status"].tolist(), t["n_chars"].tolist()
    (['report', 'no_report', 'report'], [10.0, nan, 12.0])
    """
    rows = sizes.set_index("year").reindex(_year_span(sizes["year"])).reset_index()
    rows["status"] = np.where(rows["doc_id"].notna(), "report", "no_report")
    rows["doc_id"] = rows["doc_id"].fillna("")
    return rows[["year", "doc_id", "n_chars", "n_tokens", "status"]].astype(
        {"year": "int64", "doc_id": "string", "n_chars": "float64", "n_tokens": "float64", "status": "string"})

@_styled
def plot_national_theme_attention_by_year(matrix: pd.DataFrame) -> Figure:
    """Heatmap: theme share (rows) of each year's national report (columns), grey = no report;
    above it, the share of content tokens any theme term covers (the lexicon's reach)."""
    fig = _figure(style.TWO_COLUMN, 3.6)
    top, ax = fig.subplots(2, 1, sharex=True, height_ratios=[1, 4])
    years = matrix.index.to_list()
    values = matrix.T.to_numpy() * 100
    cmap = matplotlib.colormaps[style.SEQUENTIAL_CMAP].with_extremes(bad=NO_REPORT_COLOUR)
    # one outlier (1960, agriculture) would flatten the rest: the scale stops at the 99th percentile
    vmax = math.ceil(np.nanpercentile(values, 99) * 2) / 2 if np.isfinite(values).any() else 1.0
    image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap=cmap, vmin=0, vmax=vmax,
                      extent=(years[0] - 0.5, years[-1] + 0.5, len(matrix.columns) - 0.5, -0.5),
                      interpolation="nearest")
    ax.set_yticks(range(matrix.shape[1]), [theme_label(t).replace("\n", " ") for t in matrix.columns], fontsize=6)
    ax.tick_params(axis="y", length=0)
    ax.spines[:].set_visible(False)
    _decade_ticks(ax, years)
    ax.set_xlabel("报告年份 year of report（灰色：语料中无该年报告 grey: no report in the corpus）")
    bar = fig.colorbar(image, ax=[top, ax], shrink=0.7, pad=0.01,
                       extend="max" if np.nanmax(values, initial=0) > vmax else "neither")
    bar.set_label("主题词占实词比例 (%) theme share")
    bar.outline.set_visible(False)
    coverage = matrix.sum(axis=1, min_count=1) * 100
    top.bar(years, coverage, width=0.8, color=style.OKABE_ITO[4])
    _shade_absent(top, [y for y, v in coverage.items() if pd.isna(v)])
    top.set_ylabel("合计 %\nall themes", fontsize=6)
    top.set_title("十三个主题的词典覆盖率与各主题占比 lexicon coverage and theme shares, national reports", loc="left")
    return fig

@_styled
def plot_national_gdp_growth_targets(table: pd.DataFrame) -> Figure:
    """The annual GDP growth target of each year: markers by qualifier, ranges as bars,
    hatched bands for reports with no numeric target, grey bands for years without a report."""
    fig = _figure(style.TWO_COLUMN, 2.5)
    ax = fig.add_subplot()
    years = table["year"].to_list()
    _shade_absent(ax, table.loc[table["status"] == "no_report", "year"])
    _hatch_missing(ax, table.loc[table["status"] == "no_target", "year"])
    used = _target_marks(ax, table, table["year"], horizontal=False)
    for r in table[table["is_range"]].itertuples(index=False):
        ax.text(r.year, r.high + 0.15, f"{r.low:g}–{r.high:g}", ha="center", va="bottom", fontsize=5.5)
    lo = math.floor(np.nanmin(table["low"]) - 1) if table["low"].notna().any() else 0
    hi = math.ceil(np.nanmax(table["high"]) + 1) if table["high"].notna().any() else 10
    ax.set_ylim(lo, hi)
    ax.set_xlim(years[0] - 0.7, years[-1] + 0.7)
    ax.set_xticks([y for y in years if y % 5 == 0] + ([years[-1]] if years[-1] % 5 else []))
    ax.set_ylabel("目标增速 target (%)")
    ax.set_xlabel("报告年份 year of report")
    _target_legend(ax, used, _missing_patches(), loc="upper right", ncol=2)
    return fig

@_styled
def plot_national_keyness_by_decade(table: pd.DataFrame) -> Figure:
    """Small multiples: each decade's most distinctive words (G² against the other decades)."""
    decades = list(pd.unique(table["decade"]))
    cols = 4
    rows = math.ceil(len(decades) / cols)
    n = int(table["rank"].max()) if len(table) else 1
    fig = _figure(style.TWO_COLUMN, rows * (0.13 * n + 0.55))
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    for ax, decade in zip(axes, decades):
        rows_d = table[table["decade"] == decade]
        y = np.arange(len(rows_d))[::-1]
        ax.barh(y, rows_d["value"], color=style.OKABE_ITO[2])
        ax.set_yticks(y, rows_d["token"], fontsize=6.5)
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_title(f"{decade}（{int(rows_d['n_reports'].iloc[0])} 份 reports）", fontsize=7.5)
        ax.tick_params(axis="x", labelsize=5.5)
    for ax in axes[len(decades):]:
        ax.set_visible(False)
    fig.supxlabel("G²（对数似然，与其他年代相比） log-likelihood vs the other decades", fontsize=7)
    return fig

@_styled
def plot_national_report_length(table: pd.DataFrame) -> Figure:
    """Bars: length of each year's national report in 10,000 characters; grey = no report."""
    from matplotlib.patches import Patch

    fig = _figure(style.TWO_COLUMN, 1.9)
    ax = fig.add_subplot()
    _shade_absent(ax, table.loc[table["status"] == "no_report", "year"])
    ax.bar(table["year"], table["n_chars"] / 10_000, width=0.8, color=style.OKABE_ITO[0])
    years = table["year"].to_list()
    ax.set_xlim(years[0] - 0.7, years[-1] + 0.7)
    _decade_ticks(ax, years)
    ax.set_ylabel("万字 10,000 characters")
    ax.set_xlabel("报告年份 year of report（字数：词内字符，不含标点 characters inside words, no punctuation）")
    ax.legend(handles=[Patch(color=NO_REPORT_COLOUR, label="语料中无报告 no report in corpus")],
              loc="upper left", bbox_to_anchor=(0.62, 1.0))
    return fig
