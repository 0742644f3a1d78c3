"""Figures of one report: each ``plot_*`` takes tidy tables and returns a matplotlib Figure.

Two kinds of function, after quanteda's ``textstat_*`` / ``textplot_*`` split:

* **shapers** return the exact numbers a figure shows, as a DataFrame (tested, and shown
  as tables in the notebooks): :func:`edits_by_step`, :func:`theme_matrix`,
  :func:`theme_share_by_part`, :func:`top_words`, :func:`top_keyness`,
  :func:`growth_rates`, :func:`amounts`, :func:`units_used`, :func:`ranks`,
  :func:`leading_digits`;
* **plotters** draw one of them: ``plot_<figure name>(table) -> Figure``.

Figures are built with :class:`matplotlib.figure.Figure` (not ``pyplot``), so nothing is
drawn on screen behind the caller's back, and inside :func:`analysis.style.context`, so
every one has the bundled font, sizes and Okabe–Ito colours. :mod:`analysis.figures` names
them, feeds them the processed tables and writes the files.

The two parts of a work report are called *review* (回顾, what was achieved: 第一方面) and
*plan* (打算, what will be done: 第二方面); a part heading's kind comes from
:func:`analysis.extract.numbers.heading_status`.
"""

from __future__ import annotations

import functools
import math
import re

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import style
from .clean import DEFAULT_STEPS
from .lexicons import load_lexicon
from .extract.numbers import heading_status
from .themes import THEME_KEYS
from .words import frequency

#: Chinese and English display names of the themes (``analysis/data/theme_labels.tsv``).
THEME_LABELS = load_lexicon("theme_labels.tsv", columns=("theme", "zh", "en")).set_index("theme")
PART_LABELS = {"review": "回顾 review", "plan": "打算 plan"}
#: Quantities that are amounts (a size of something), in the order figures list them.
AMOUNT_QUANTITIES = ("money", "count", "area", "length", "mass", "energy", "power", "duration", "other")
BENFORD = pd.Series({d: math.log10(1 + 1 / d) for d in range(1, 10)}, name="expected")


def theme_label(theme: str) -> str:
    """Return the two-line label of a theme key.

    >>> theme_label("ecology")
    '生态环境\\necology'
    """
    row = THEME_LABELS.loc[theme]
    return f"{row.zh}\n{row.en}"


def part_kind(part: str) -> str:
    """Return ``"review"``, ``"plan"`` or ``""`` for a part heading.

    >>> part_kind("第一方面：关于上半年经济社会发展情况"), part_kind("第二方面：关于下半年工作的主要打算")
    ('review', 'plan')
    """
    return {"achieved": "review", "planned": "plan"}.get(heading_status(part, ""), "")


def shorten(text: str, width: int = 16) -> str:
    """Return ``text`` cut to ``width`` characters, ``…`` marking a cut.

    >>> shorten("坚持人民至上生命至上，疫情防控取得阶段性成果", 10)
    '坚持人民至上生命至…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def _styled(func):
    """Run a plotter inside the house style (font, sizes, colours; missing glyph = error)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style.context():
            return func(*args, **kwargs)

    return wrapper


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


# ---------------------------------------------------------------------------------------
# 01 data quality
# ---------------------------------------------------------------------------------------
def edits_by_step(changes: pd.DataFrame) -> pd.DataFrame:
    """Return edits per cleaning step, in pipeline order: ``step``, ``edits``, ``flagged``.

    Args:
        changes: rows of ``cleaning_changes.csv`` (or ``CleaningReport.changes``).

    >>> ch = pd.DataFrame({"step": ["to_simplified", "repair_mojibake", "to_simplified"],
    ...                    "flag": ["", "1 character(s) lost", ""]})
    >>> edits_by_step(ch).query("edits > 0").values.tolist()
    [['repair_mojibake', 1, 1], ['to_simplified', 2, 0]]
    """
    steps = [s.name for s in DEFAULT_STEPS]
    flagged = changes["flag"].fillna("").ne("")
    out = pd.DataFrame({
        "edits": changes.groupby("step").size(),
        "flagged": flagged.groupby(changes["step"]).sum(),
    }).reindex(steps, fill_value=0)
    out.index.name = "step"
    return out.reset_index().astype({"step": "string", "edits": "int64", "flagged": "int64"})


@_styled
def plot_cleaning_edits_by_step(table: pd.DataFrame) -> Figure:
    """Horizontal bars: edits per cleaning step (log scale), flagged edits in vermillion."""
    fig = _figure(style.ONE_COLUMN, 2.6)
    ax = fig.add_subplot()
    y = np.arange(len(table))[::-1]
    ax.barh(y, table["edits"].where(table["edits"] > 0), color=style.OKABE_ITO[4], label="全部修改 all edits")
    ax.barh(y, table["flagged"].where(table["flagged"] > 0), color=style.OKABE_ITO[5],
            label="需人工核对 flagged")
    for yi, n in zip(y, table["edits"]):
        ax.text(max(n, 1) * 1.15, yi, str(n), va="center", fontsize=6)
    ax.set_yticks(y, table["step"])
    ax.set_xscale("log")
    ax.set_xlim(0.8, table["edits"].max() * 4)
    ax.set_xlabel("修改处数（对数轴） edits (log scale)")
    ax.legend(loc="upper right")
    return fig


# ---------------------------------------------------------------------------------------
# 02 policy themes
# ---------------------------------------------------------------------------------------
def theme_matrix(scores: pd.DataFrame) -> pd.DataFrame:
    """Return the share matrix of a section-level theme table: one row per subsection.

    Rows are the sections under a part heading (their path has ``" > "``), in document order,
    labelled ``回顾｜（一）heading…`` (a heading damaged by mojibake keeps its ``□``, so the
    reader sees it); columns are :data:`~analysis.themes.THEME_KEYS`. Text that sits directly
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


# ---------------------------------------------------------------------------------------
# 03 words
# ---------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------
# 04 numbers
# ---------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------
# 05 national reports 1954–2025 and 06 provinces 2026: comparisons across documents
# ---------------------------------------------------------------------------------------
#: Provincial-level divisions in GB/T 2260 order, with short labels (``analysis/data/provinces.tsv``).
PROVINCES = load_lexicon("provinces.tsv", columns=("code", "name", "short")).set_index("name")
#: The main targets compared across provinces, in the order the figure shows them.
MAIN_TARGETS = ("gdp_growth", "cpi", "unemployment_rate", "new_urban_jobs")
TARGET_LABELS = {
    "gdp_growth": "地区生产总值增速\nGDP growth (%)",
    "cpi": "居民消费价格涨幅\nCPI (%)",
    "unemployment_rate": "城镇调查失业率\nsurveyed unemployment (%)",
    "new_urban_jobs": "城镇新增就业\nnew urban jobs (10,000)",
}
#: Marker of each qualifier of a target (``""``: a number stated without one).
QUALIFIER_MARKERS = {"左右": "o", "以上": "^", "以内": "v", "": "s"}
QUALIFIER_LABELS = {"左右": "左右 about", "以上": "以上 at least", "以内": "以内 at most", "": "无限定词 bare number"}
NO_REPORT_COLOUR = "0.9"
#: Hatching of a cell or year that has a report but no number for the target.
NO_TARGET_HATCH = "////"


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


def _year_span(years: pd.Series, since: int | None = None) -> pd.Index:
    first = since if since is not None else int(years.min())
    return pd.Index(range(first, int(years.max()) + 1), name="year")


def theme_attention_by_year(scores: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Return each national report's theme shares: one row per year, one column per theme.

    Rows run over every year from the first report to the last; a year with no report in
    the corpus (2020, 1989–1991 …) is a row of NaN, not of zeros. Columns are
    :data:`~analysis.themes.THEME_KEYS`; values are shares of content tokens (0–1).

    Args:
        scores: ``themes_document.csv`` (one row per document × theme).
        documents: ``documents.csv`` (to find national reports and their years).
    """
    reports = national_reports(documents)
    rows = scores.merge(reports, on="doc_id")
    wide = rows.pivot_table(index="year", columns="theme", values="share", aggfunc="mean")
    wide = wide.reindex(index=_year_span(reports["year"]), columns=list(THEME_KEYS))
    wide.columns.name = "theme"
    return wide.astype("float64")


def _first_target(targets: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Annual targets of one indicator with a number, the first per document."""
    t = targets[(targets["indicator"] == indicator) & (targets["scope"] == "annual") & targets["value"].notna()]
    return t.sort_values(["doc_id", "raw_start"], kind="stable").drop_duplicates("doc_id")


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


def top_keyness_by_group(toks: pd.DataFrame, groups: pd.Series, n: int = 10, *,
                         drop_policy_verbs: bool = True) -> pd.DataFrame:
    """Return the ``n`` most distinctive words of each group against all the other groups.

    Each group's tokens are the target and every other group's the reference
    (:func:`analysis.words.keyness`, G²; stopwords, numbers and, by default, policy verbs
    such as 推进/加快 dropped); only words used *more* in the group are kept, ranked by G²,
    ties by token. Tokens of documents outside ``groups`` are ignored.

    Args:
        toks: the tokens table (any documents).
        groups: doc_id → group label (a decade, a region), in the order groups are listed.
        n: words per group.
        drop_policy_verbs: leave out ``policy_verbs.txt`` (they mark the register of recent
            reports rather than their topics).

    Returns:
        ``group``, ``rank`` (1 = most distinctive), then the columns of
        :data:`~analysis.words.KEYNESS_COLUMNS`.
    """
    from .words import keyness

    label = toks["doc_id"].map(groups)
    sub = toks[label.notna()].assign(group=label[label.notna()])
    parts = []
    for g in pd.unique(groups):
        k = keyness(sub, "group", g, drop_policy_verbs=drop_policy_verbs)
        k = k[k["direction"] == "target"].sort_values(["value", "token"], ascending=[False, True], kind="stable")
        k = k.head(n).reset_index(drop=True)
        parts.append(k.assign(group=g, rank=np.arange(1, len(k) + 1)))
    out = pd.concat(parts, ignore_index=True)
    return out[["group", "rank", *[c for c in out.columns if c not in ("group", "rank")]]]


def decade_of(year: int) -> str:
    """Return the decade label of a year.

    >>> decade_of(1954), decade_of(2020)
    ('1950s', '2020s')
    """
    return f"{year // 10 * 10}s"


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
    """Return the length of each year's national report; years without one are rows of NaN.

    Columns: ``year``, ``doc_id`` (``""`` if none), ``n_chars`` (characters inside words:
    Chinese characters, digits and letters, no punctuation or spaces), ``n_tokens`` (every
    token, stopwords included), ``status`` (``report`` or ``no_report``).
    """
    reports = national_reports(documents)
    sub = toks[toks["doc_id"].isin(reports["doc_id"])]
    size = pd.DataFrame({
        "n_chars": (sub["end"] - sub["start"]).groupby(sub["doc_id"]).sum(),
        "n_tokens": sub.groupby("doc_id").size(),
    })
    rows = reports.join(size, on="doc_id").set_index("year").reindex(_year_span(reports["year"])).reset_index()
    rows["status"] = np.where(rows["doc_id"].notna(), "report", "no_report")
    rows["doc_id"] = rows["doc_id"].fillna("")
    return rows[["year", "doc_id", "n_chars", "n_tokens", "status"]].astype(
        {"year": "int64", "doc_id": "string", "n_chars": "float64", "n_tokens": "float64", "status": "string"})


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


def target_label(value: float, low: float, high: float, unit: str, qualifier: str) -> str:
    """Return a target as written: a range, or a number with its qualifier; ``""`` for none.

    >>> target_label(5.25, 5.0, 5.5, "%", ""), target_label(110.0, 110.0, 110.0, "万人", "以上")
    ('5–5.5%', '110万人以上')
    """
    if pd.isna(value):
        return ""
    number = f"{low:g}–{high:g}" if high > low else f"{value:g}"
    return f"{number}{unit}{qualifier}"


def provincial_theme_profiles(scores: pd.DataFrame, documents: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """Return each provincial report's theme shares (reports of ``year``, or all): one row
    per province (short name, GB/T 2260 order), one column per theme of
    :data:`~analysis.themes.THEME_KEYS`."""
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


def _shade_absent(ax, years, colour=NO_REPORT_COLOUR) -> None:
    """Grey bands over the years without a report (so a gap never reads as a zero)."""
    for y in years:
        ax.axvspan(y - 0.5, y + 0.5, color=colour, lw=0, zorder=0)


def _hatch_missing(ax, positions, horizontal: bool = False) -> None:
    """Hatched bands over the years/rows with a report but no number (never a zero)."""
    span = ax.axhspan if horizontal else ax.axvspan
    for p in positions:
        span(p - 0.5, p + 0.5, facecolor="none", edgecolor="0.55", hatch=NO_TARGET_HATCH, lw=0, zorder=0)


def _missing_patches(with_report: bool = True) -> list:
    from matplotlib.patches import Patch

    out = [Patch(facecolor="none", edgecolor="0.55", hatch=NO_TARGET_HATCH, lw=0,
                 label="有报告、无数值目标 report states no number" if with_report
                 else "表中无此目标 no target in the table")]
    if with_report:
        out.append(Patch(color=NO_REPORT_COLOUR, label="语料中无报告 no report in corpus"))
    return out


def _decade_ticks(ax, years) -> None:
    ticks = [y for y in years if y % 10 == 0 or y == years[0] or y == years[-1]]
    if len(ticks) > 1 and ticks[1] - ticks[0] < 4:
        ticks.pop(1)
    if len(ticks) > 1 and ticks[-1] - ticks[-2] < 4:
        ticks.pop(-2)
    ax.set_xticks(ticks, [str(y) for y in ticks])


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


def _target_marks(ax, table: pd.DataFrame, pos, horizontal: bool) -> set[str]:
    """Draw ranges as bars with caps and values as markers by qualifier; return qualifiers used."""
    used = set()
    for p, r in zip(pos, table.itertuples(index=False)):
        if pd.isna(r.value):
            continue
        if r.is_range:
            lo, hi = r.value - r.low, r.high - r.value
            args = dict(xerr=[[lo], [hi]]) if horizontal else dict(yerr=[[lo], [hi]])
            ax.errorbar(*((r.value, p) if horizontal else (p, r.value)), **args, fmt="none", ecolor=style.OKABE_ITO[5],
                        elinewidth=1.4, capsize=2.5, capthick=0.8, zorder=2)
        q = r.qualifier if r.qualifier in QUALIFIER_MARKERS else ""
        if r.is_range:
            used.add("range")
            if not q:
                continue  # a bare range is its bar; a qualified one also gets its marker
        used.add(q)
        ax.scatter(*((r.value, p) if horizontal else (p, r.value)), marker=QUALIFIER_MARKERS[q], s=16,
                   color=style.OKABE_ITO[4], zorder=3, linewidths=0)
    return used


def _target_legend(ax, used: set[str], extra=(), **kwargs) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], ls="", marker=QUALIFIER_MARKERS[q], color=style.OKABE_ITO[4], ms=4,
                      label=QUALIFIER_LABELS[q]) for q in QUALIFIER_MARKERS if q in used]
    if "range" in used:
        handles.append(Line2D([], [], color=style.OKABE_ITO[5], lw=1.4, marker="_", ms=5, label="区间 range（low–high）"))
    ax.legend(handles=[*handles, *extra], **kwargs)


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


# ---------------------------------------------------------------------------------------
# Targets against outcomes (notebook 07; tables of analysis.attainment)
# ---------------------------------------------------------------------------------------
def _marker_qualifier(qualifier: str) -> str:
    """The qualifier a target's marker shows: 左右, 以上, 以内 (控制在 …), or "" (none).

    >>> _marker_qualifier("力争|以上"), _marker_qualifier("控制在|左右"), _marker_qualifier("")
    ('以上', '以内', '')
    """
    from .attainment import AT_LEAST, AT_MOST

    words = set((qualifier or "").split("|"))
    return "以内" if words & set(AT_MOST) else "以上" if words & set(AT_LEAST) else "左右" if "左右" in words else ""


def national_target_vs_outcome(attainment: pd.DataFrame, indicator: str = "gdp_growth", *,
                               since: int = 1992) -> pd.DataFrame:
    """Return the nation's target and outcome of ``indicator`` for each year from ``since``.

    Columns: ``year``, ``value``/``low``/``high`` (the target; NaN without one), ``is_range``,
    ``qualifier`` (the marker's: 左右, 以上, 以内, ""), ``outcome`` (stated in the next report),
    ``gap``, ``met``, ``rule``, ``reason`` (of :func:`analysis.attainment.attainment_table`).
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
