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
:func:`analysis.numbers.heading_status`.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import style
from .clean import DEFAULT_STEPS
from .lexicons import load_lexicon
from .numbers import heading_status
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
    fig = _figure(style.TWO_COLUMN, 0.22 * len(matrix) + 1.6)
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
        if v >= 0.5:
            ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=5.5,
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
