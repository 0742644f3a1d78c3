"""What the figures share: theme and part labels, the styled figure frame, the marks for qualifiers and for missing reports or targets."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.extract.metrics import heading_status
from analysis.lexicons import load_lexicon
from analysis.viz import style

#: Chinese and English display names of the themes (``analysis/data/theme_labels.tsv``).
THEME_LABELS = load_lexicon("theme_labels.tsv", columns=("theme", "zh", "en")).set_index("theme")

PART_LABELS = {"review": "回顾 review", "plan": "打算 plan"}

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

def _year_span(years: pd.Series, since: int | None = None) -> pd.Index:
    first = since if since is not None else int(years.min())
    return pd.Index(range(first, int(years.max()) + 1), name="year")

def _first_target(targets: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Annual targets of one indicator with a number, the first per document."""
    t = targets[(targets["indicator"] == indicator) & (targets["scope"] == "annual") & targets["value"].notna()]
    return t.sort_values(["doc_id", "raw_start"], kind="stable").drop_duplicates("doc_id")

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
    from analysis.words import keyness

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

def target_label(value: float, low: float, high: float, unit: str, qualifier: str) -> str:
    """Return a target as written: a range, or a number with its qualifier; ``""`` for none.

    >>> target_label(5.25, 5.0, 5.5, "%", ""), target_label(110.0, 110.0, 110.0, "万人", "以上")
    ('5–5.5%', '110万人以上')
    """
    if pd.isna(value):
        return ""
    number = f"{low:g}–{high:g}" if high > low else f"{value:g}"
    return f"{number}{unit}{qualifier}"

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

def _marker_qualifier(qualifier: str) -> str:
    """The qualifier a target's marker shows: 左右, 以上, 以内 (控制在 …), or "" (none).

    >>> _marker_qualifier("力争|以上"), _marker_qualifier("控制在|左右"), _marker_qualifier("")
    ('以上', '以内', '')
    """
    from analysis.runner.attainment import AT_LEAST, AT_MOST

    words = set((qualifier or "").split("|"))
    return "以内" if words & set(AT_MOST) else "以上" if words & set(AT_LEAST) else "左右" if "左右" in words else ""
