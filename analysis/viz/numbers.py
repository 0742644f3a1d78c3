"""Notebook 04, numbers: growth rates, amounts, units, ranks, planned against achieved, leading digits (Benford)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.viz import style

from .common import _figure, _styled, shorten

#: Quantities that are amounts (a size of something), in the order figures list them.
AMOUNT_QUANTITIES = ("money", "count", "area", "length", "mass", "energy", "power", "duration", "other")

BENFORD = pd.Series({d: math.log10(1 + 1 / d) for d in range(1, 10)}, name="expected")

def growth_rates(metrics: pd.DataFrame) -> pd.DataFrame:
    """Return the growth rates of a metrics table: changes in percent, signed by direction.

    Columns: ``text``, ``metric``, ``status``, ``rate`` (percent; negative for 下降).
    """
    g = metrics[(metrics["kind"] == "change") & (metrics["unit"] == "%") & metrics["value"].notna()]
    sign = np.where(g["direction"] < 0, -1.0, 1.0)
    return pd.DataFrame({
        "text": g["text"], "metric": g["metric"], "status": g["status"], "rate": g["value"] * sign,
    }).reset_index(drop=True)

@_styled
def plot_growth_rates(table: pd.DataFrame) -> Figure:
    """Histogram of growth rates (percent), 10-point bins; bars left of 0 are decreases."""
    fig = _figure(style.ONE_COLUMN, 2.2)
    ax = fig.add_subplot()
    rates = table["rate"].to_numpy()
    lo = 10 * math.floor(min(rates.min(), 0) / 10) if len(rates) else 0
    hi = 10 * math.ceil(max(rates.max(), 0) / 10) + 10 if len(rates) else 10
    ax.hist(rates, bins=np.arange(lo, hi + 10, 10), color=style.OKABE_ITO[0], edgecolor="white", linewidth=0.5)
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlabel("增速 growth rate (%)")
    ax.set_ylabel("个数 count")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.text(0.98, 0.95, f"n = {len(rates)}", transform=ax.transAxes, ha="right", va="top")
    return fig

def amounts(metrics: pd.DataFrame) -> pd.DataFrame:
    """Return the positive amounts of a metrics table in base units, by quantity.

    Amounts are quantities of :data:`AMOUNT_QUANTITIES` (not percents, ranks, multiples,
    dates or names). Columns: ``text``, ``quantity``, ``base_unit``, ``value_base``,
    ``status``, ``metric``.
    """
    a = metrics[metrics["quantity"].isin(AMOUNT_QUANTITIES) & (metrics["value_base"] > 0)]
    cols = ["text", "quantity", "base_unit", "value_base", "status", "metric"]
    return a[cols].reset_index(drop=True)

def _strip(ax, table: pd.DataFrame, colour_by_status: bool) -> None:
    present = [q for q in AMOUNT_QUANTITIES if q in set(table["quantity"])]
    rng = np.random.default_rng(0)  # fixed jitter: identical figures on every run
    for i, q in enumerate(present):
        rows = table[table["quantity"] == q]
        y = len(present) - 1 - i + rng.uniform(-0.25, 0.25, len(rows))
        colours = ([style.PART_COLOURS["plan" if s == "planned" else "review"] for s in rows["status"]]
                   if colour_by_status else style.OKABE_ITO[4])
        ax.scatter(rows["value_base"], y, s=8, c=colours, alpha=0.8, linewidths=0)
    units = table.groupby("quantity")["base_unit"].agg(lambda u: "/".join(sorted(set(u) - {""}))[:12])
    ax.set_yticks(range(len(present))[::-1], [f"{q}（{units[q]}）" for q in present])
    ax.set_xscale("log")

@_styled
def plot_amounts_by_quantity(table: pd.DataFrame) -> Figure:
    """Strip plot on a log axis: every amount in its base unit, one row per quantity."""
    fig = _figure(style.ONE_COLUMN, 2.4)
    ax = fig.add_subplot()
    _strip(ax, table, colour_by_status=False)
    ax.set_xlabel("数值（基本单位，对数轴） value in base unit (log scale)")
    return fig

def units_used(metrics: pd.DataFrame) -> pd.DataFrame:
    """Return how often each unit is written: ``unit``, ``quantity``, ``count`` (most first)."""
    u = metrics[metrics["unit"] != ""]
    out = u.groupby(["unit", "quantity"]).size().rename("count").reset_index()
    out = out.sort_values(["count", "unit"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True).astype({"unit": "string", "quantity": "string", "count": "int64"})

@_styled
def plot_units_used(table: pd.DataFrame, n: int = 20) -> Figure:
    """Horizontal bars: the ``n`` most used units, coloured by quantity."""
    table = table.head(n)
    quantities = list(pd.unique(table["quantity"]))
    colour = {q: style.CATEGORICAL[i % len(style.CATEGORICAL)] for i, q in enumerate(quantities)}
    fig = _figure(style.ONE_COLUMN, 0.13 * len(table) + 0.9)
    ax = fig.add_subplot()
    y = np.arange(len(table))[::-1]
    ax.barh(y, table["count"], color=[colour[q] for q in table["quantity"]])
    ax.set_yticks(y, table["unit"])
    handles = [ax.bar(0, 0, color=colour[q], label=q) for q in quantities]
    ax.legend(handles=handles, loc="lower right", title="quantity", title_fontsize=6)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("出现次数 mentions")
    return fig

_GENERIC_METRICS = {"总量", "数量", "增速", "总额", "规模", ""}

def ranks(metrics: pd.DataFrame) -> pd.DataFrame:
    """Return the ranks a report claims (位居全市第二), one row each, with a readable label.

    The label is the first specific metric named in the sentence (地方财政收入) followed by the
    rank's own metric when that is generic (增速, 总量): ``地方财政收入·增速``.
    Columns: ``label``, ``rank`` (1 = first), ``text``, ``sentence``.
    """
    rows = []
    for sid, sent in metrics.groupby("sentence_id", sort=True):
        named = [m for m in sent.loc[sent["kind"] != "rank", "metric"] if m not in _GENERIC_METRICS]
        for r in sent[sent["kind"] == "rank"].itertuples(index=False):
            own = r.metric
            head = named[0] if named else ""
            label = own if own not in _GENERIC_METRICS else (f"{head}·{own}" if head and own else head or own)
            rows.append({"label": shorten(label, 18), "rank": int(r.value), "text": r.text, "sentence": r.sentence})
    out = pd.DataFrame(rows, columns=["label", "rank", "text", "sentence"])
    return out.astype({"label": "string", "rank": "int64", "text": "string", "sentence": "string"})

@_styled
def plot_ranks(table: pd.DataFrame) -> Figure:
    """Dot plot: the claimed rank of each metric (1 = first), best ranks to the left."""
    fig = _figure(style.ONE_COLUMN, 0.16 * len(table) + 0.8)
    ax = fig.add_subplot()
    y = np.arange(len(table))[::-1]
    ax.hlines(y, 0.5, table["rank"], color="0.8", lw=0.6)
    ax.scatter(table["rank"], y, s=18, color=style.OKABE_ITO[4], zorder=3)
    ax.set_yticks(y, [f"{lab}（{t}）" for lab, t in zip(table["label"], table["text"])])
    top = int(table["rank"].max()) if len(table) else 3
    ax.set_xticks(range(1, top + 1), [f"第{i}" for i in range(1, top + 1)])
    ax.set_xlim(0.5, top + 0.5)
    ax.set_xlabel("位次 rank claimed (1 = first)")
    return fig

@_styled
def plot_planned_vs_achieved(table: pd.DataFrame) -> Figure:
    """Two strip plots side by side on one log axis: achieved (left) and planned (right) amounts."""
    fig = _figure(style.TWO_COLUMN, 2.4)
    axes = fig.subplots(1, 2, sharex=True, sharey=True)
    for ax, (status, title) in zip(axes, (("achieved", "已完成 achieved"), ("planned", "计划 planned"))):
        rows = table[table["status"] == status]
        _strip(ax, table.assign(value_base=table["value_base"].where(table["status"] == status)), True)
        ax.set_title(f"{title}（n = {len(rows)}）")
        ax.set_xlabel("数值（基本单位，对数轴） value in base unit")
    return fig

def leading_digits(values) -> pd.DataFrame:
    """Return the first-digit distribution of ``values`` against Benford's law.

    Columns: ``digit`` (1–9), ``count``, ``observed`` (share), ``expected`` (log10(1 + 1/d)),
    ``low``/``high`` (the range that holds 95% of shares *if* the numbers followed Benford,
    normal approximation to the binomial for ``n`` numbers). Zeros and non-finite values
    are dropped.

    >>> leading_digits([145.5, 1362.69, 0.5, 82.7, 190])[["digit", "count"]].head(3).values.tolist()
    [[1, 3], [2, 0], [3, 0]]
    """
    v = np.abs(np.asarray(values, dtype="float64"))
    v = v[np.isfinite(v) & (v > 0)]
    first = (v / 10.0 ** np.floor(np.log10(v))).astype(int).clip(1, 9) if len(v) else np.array([], int)
    counts = pd.Series(first).value_counts().reindex(range(1, 10), fill_value=0)
    n = len(v)
    p = BENFORD.to_numpy()
    half = 1.96 * np.sqrt(p * (1 - p) / n) if n else np.full(9, np.nan)
    return pd.DataFrame({
        "digit": np.arange(1, 10), "count": counts.to_numpy().astype("int64"),
        "observed": counts.to_numpy() / n if n else np.zeros(9), "expected": p,
        "low": np.clip(p - half, 0, 1), "high": p + half,
    })

def mean_absolute_deviation(table: pd.DataFrame) -> float:
    """Return Nigrini's first-digit MAD, mean |observed − expected| over the nine digits."""
    return float((table["observed"] - table["expected"]).abs().mean())

def expected_mad(n: int) -> float:
    """Return the MAD expected from sampling noise alone for ``n`` numbers that *do* follow
    Benford: ``mean_d sqrt(2/π) · sqrt(p_d (1 − p_d) / n)`` (normal approximation).

    Nigrini's fixed cut-offs (0.012 acceptable, 0.015 nonconformity) assume thousands of
    numbers; for a few hundred, sampling noise alone is larger than that.

    >>> round(expected_mad(100), 4), round(expected_mad(10_000), 4)
    (0.0235, 0.0023)
    """
    p = BENFORD.to_numpy()
    return float(np.mean(np.sqrt(2 / np.pi) * np.sqrt(p * (1 - p) / n)))

@_styled
def plot_benford_leading_digits(table: pd.DataFrame) -> Figure:
    """Bars of observed first-digit shares, Benford's expectation and its 95% band for n."""
    n = int(table["count"].sum())
    fig = _figure(style.ONE_COLUMN, 2.3)
    ax = fig.add_subplot()
    ax.bar(table["digit"], table["observed"], color=style.OKABE_ITO[1], label=f"报告 observed (n = {n})")
    ax.errorbar(table["digit"], table["expected"],
                yerr=[table["expected"] - table["low"], table["high"] - table["expected"]],
                fmt="o", color="black", ms=3, lw=0.8, capsize=2,
                label="本福特及其 95% 区间 Benford, 95% range")
    ax.set_xticks(range(1, 10))
    ax.set_xlabel("首位数字 leading digit")
    ax.set_ylabel("占比 share")
    ax.legend(loc="upper right")
    return fig
