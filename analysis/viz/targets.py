"""Notebook 07, targets against outcomes: the nation's GDP growth target and outcome by year, the provinces' in 2025."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.viz import style

from .common import (
    PROVINCES,
    _decade_ticks,
    _figure,
    _hatch_missing,
    _marker_qualifier,
    _missing_patches,
    _styled,
    _target_legend,
    _target_marks,
)


def national_target_vs_outcome(attainment: pd.DataFrame, indicator: str = "gdp_growth", *,
                               since: int = 1992) -> pd.DataFrame:
    """Return the nation's target and outcome of ``indicator`` for each year from ``since``.

    Columns: ``year``, ``value``/``low``/``high`` (the target; NaN without one), ``is_range``,
    ``qualifier`` (the marker's: 左右, 以上, 以内, ""), ``outcome`` (stated in the next report),
    ``gap``, ``met``, ``rule``, ``reason`` (of :func:`analysis.runner.attainment.attainment_table`).
    """
    a = attainment[(attainment["level"] == "national") & (attainment["indicator"] == indicator)
                   & (attainment["year"] >= since)]
    out = pd.DataFrame({
        "year": a["year"].astype("int64"), "value": a["target_value"], "low": a["target_low"],
        "high": a["target_high"], "is_range": (a["target_high"] > a["target_low"]).fillna(False).astype(bool),
        "qualifier": a["target_qualifier"].map(_marker_qualifier).astype("string"), "outcome": a["outcome"],
        "gap": a["gap"], "met": a["met"], "rule": a["rule"], "reason": a["reason"],
    })  # fmt: skip
    return out.sort_values("year", kind="stable").reset_index(drop=True)

@_styled
def plot_national_gdp_target_vs_outcome(table: pd.DataFrame) -> Figure:
    """Targets (markers by qualifier, ranges as bars) and outcomes (black crosses, the next
    report's first figure) of national GDP growth by year."""
    from matplotlib.lines import Line2D

    fig = _figure(style.TWO_COLUMN, 2.6)
    ax = fig.add_subplot()
    used = _target_marks(ax, table, table["year"], horizontal=False)
    ax.plot(table["year"], table["outcome"], color="0.35", lw=0.6, zorder=1)
    ax.scatter(table["year"], table["outcome"], marker="x", s=14, color="black", linewidths=0.8, zorder=4)
    if len(table):
        years = table["year"].to_list()
        ax.set_xlim(years[0] - 0.7, years[-1] + 0.7)
        _decade_ticks(ax, years)
    ax.set_ylabel("增速 growth (%)")
    ax.set_xlabel("目标与实际所属年份 year of target and outcome（实际值取自下一年的报告 outcome as the next report states it）")
    outcome = Line2D([], [], ls="", marker="x", color="black", ms=4, label="实际 outcome")
    _target_legend(ax, used, [outcome], loc="upper right", ncol=3)
    return fig

def provincial_target_vs_outcome(attainment: pd.DataFrame, hierarchy: pd.DataFrame, indicator: str = "gdp_growth",
                                 *, year: int = 2025) -> pd.DataFrame:
    """Return each province's target and outcome of ``indicator`` for ``year``, with the
    parent's (national) target, in GB/T 2260 order.

    Columns: ``region``, ``short``, ``value``/``low``/``high``, ``is_range``, ``qualifier``
    (the marker's), ``outcome``, ``met``, ``parent_value``, ``gap_to_parent``.
    """
    a = attainment[(attainment["level"] == "provincial") & (attainment["indicator"] == indicator)
                   & (attainment["year"] == year)]
    h = hierarchy[(hierarchy["indicator"] == indicator) & (hierarchy["year"] == year)]
    out = a.merge(h[["region", "parent_value", "gap_to_parent"]], on="region", how="left")
    out = pd.DataFrame({
        "region": out["region"].astype("string"), "short": out["region"].map(PROVINCES["short"]).astype("string"),
        "code": out["region_code"], "value": out["target_value"], "low": out["target_low"], "high": out["target_high"],
        "is_range": (out["target_high"] > out["target_low"]).fillna(False).astype(bool),
        "qualifier": out["target_qualifier"].map(_marker_qualifier).astype("string"), "outcome": out["outcome"],
        "met": out["met"], "parent_value": out["parent_value"].astype("float64"),
        "gap_to_parent": out["gap_to_parent"].astype("float64"),
    })  # fmt: skip
    return out.sort_values(["code", "region"], kind="stable").drop(columns="code").reset_index(drop=True)

@_styled
def plot_provincial_gdp_target_vs_outcome_2025(table: pd.DataFrame) -> Figure:
    """One row per province: its 2025 GDP growth target (marker by qualifier, ranges as bars),
    its outcome (black cross), and the national target (dashed line); hatched: no target."""
    from matplotlib.lines import Line2D

    n = max(len(table), 1)
    fig = _figure(style.ONE_COLUMN + 1.2, 0.16 * n + 0.9)
    ax = fig.add_subplot()
    pos = np.arange(len(table))[::-1]
    used = _target_marks(ax, table, pos, horizontal=True)
    ax.scatter(table["outcome"], pos, marker="x", s=14, color="black", linewidths=0.8, zorder=4)
    _hatch_missing(ax, pos[table["value"].isna().to_numpy()], horizontal=True)
    national = table["parent_value"].dropna()
    extra = [Line2D([], [], ls="", marker="x", color="black", ms=4, label="实际 outcome")]
    if len(national):
        ax.axvline(national.iloc[0], color=style.OKABE_ITO[1], ls="--", lw=0.8, zorder=1)
        extra.append(Line2D([], [], color=style.OKABE_ITO[1], ls="--", lw=0.8,
                            label=f"全国目标 national target {national.iloc[0]:g}%"))
    ax.set_yticks(pos, table["short"].fillna("").tolist(), fontsize=6.5)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlabel("地区生产总值增速 GDP growth (%)")
    _target_legend(ax, used, [*extra, *_missing_patches(with_report=False)], loc="upper center",
                   bbox_to_anchor=(0.5, -0.12 - 1.2 / (0.16 * n + 0.9) / 4), ncol=2, fontsize=6)
    if not len(table):
        ax.text(0.5, 0.5, "无数据 no data", transform=ax.transAxes, ha="center")
    return fig
