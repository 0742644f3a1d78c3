"""Figures: each shows one table a notebook computes, in the house style, reproducibly.

Two kinds of function, after quanteda's ``textstat_*`` / ``textplot_*`` split:

* **shapers** return the exact numbers a figure shows, as a DataFrame (tested, and shown as
  tables in the notebooks), e.g. :func:`theme_matrix`, :func:`top_words`, :func:`growth_rates`,
  :func:`leading_digits`, :func:`gdp_growth_targets`;
* **plotters** draw one of them: ``plot_<figure name>(table) -> Figure``.

One module per notebook: :mod:`~analysis.viz.quality` (01), :mod:`~analysis.viz.themes`
(02), :mod:`~analysis.viz.words` (03), :mod:`~analysis.viz.numbers` (04),
:mod:`~analysis.viz.national` (05), :mod:`~analysis.viz.provinces` (06),
:mod:`~analysis.viz.targets` (07); what they share is in :mod:`~analysis.viz.common`, the
house style (bundled font, sizes, Okabe–Ito colours, deterministic files) in
:mod:`~analysis.viz.style`. :mod:`~analysis.viz.figures` names every figure, feeds it the
processed tables, and either returns it (:func:`show`, for a notebook; writes nothing) or
writes it (:func:`write_figures`, ``python -m analysis figures``).

Figures are built with :class:`matplotlib.figure.Figure` (not ``pyplot``), so nothing is
drawn on screen behind the caller's back. The two parts of a work report are called
*review* (回顾, what was achieved: 第一方面) and *plan* (打算, what will be done: 第二方面); a
part heading's kind comes from :func:`analysis.extract.metrics.heading_status`.
"""

from analysis.words.themes import (
    theme_table,  # the table a notebook shows beside the heatmap
)

from .common import (  # What the figures share
    MAIN_TARGETS,
    NO_REPORT_COLOUR,
    NO_TARGET_HATCH,
    PART_LABELS,
    PROVINCES,
    QUALIFIER_LABELS,
    QUALIFIER_MARKERS,
    TARGET_LABELS,
    THEME_LABELS,
    decade_of,
    part_kind,
    shorten,
    target_label,
    theme_label,
    top_keyness_by_group,
)
from .figures import (
    FIGURES,
    SEED_ID,
    draw,
    figure_table,
    keyness_review_vs_plan,
    load_corpus_tables,
    load_tables,
    show,
    write_figures,
)
from .national import (  # Notebook 05, the national reports 1954–2025
    gdp_growth_targets,
    length_by_year,
    national_keyness_by_decade,
    national_reports,
    plot_national_gdp_growth_targets,
    plot_national_keyness_by_decade,
    plot_national_report_length,
    plot_national_theme_attention_by_year,
    report_length,
    theme_attention_by_year,
    year_by_theme,
)
from .numbers import (  # Notebook 04, numbers
    AMOUNT_QUANTITIES,
    BENFORD,
    amounts,
    expected_mad,
    growth_rates,
    leading_digits,
    mean_absolute_deviation,
    plot_amounts_by_quantity,
    plot_benford_leading_digits,
    plot_growth_rates,
    plot_planned_vs_achieved,
    plot_ranks,
    plot_units_used,
    ranks,
    units_used,
)
from .provinces import (  # Notebook 06, the provinces in 2026
    TARGET_WORDS,
    missing_target_context,
    plot_provincial_keyness_2026,
    plot_provincial_targets_2026,
    plot_provincial_theme_profiles_2026,
    provincial_keyness,
    provincial_reports,
    provincial_targets,
    provincial_theme_profiles,
)
from .quality import (  # Notebook 01, data quality
    edits_by_step,
    plot_cleaning_edits_by_step,
)
from .style import (
    use as use_style,  # the bundled CJK font and house style for your own plots
)
from .targets import (  # Notebook 07, targets against outcomes
    national_target_vs_outcome,
    plot_national_gdp_target_vs_outcome,
    plot_provincial_gdp_target_vs_outcome_2025,
    provincial_target_vs_outcome,
)
from .themes import (  # Notebook 02, policy themes
    plot_theme_share_by_part,
    plot_theme_share_by_section,
    theme_matrix,
    theme_share_by_part,
)
from .words import (  # Notebook 03, words
    plot_keyness_review_vs_plan,
    plot_top_words,
    top_keyness,
    top_words,
)

__all__ = [
    "use_style",
    "theme_table",
    "SEED_ID",
    "keyness_review_vs_plan",
    "THEME_LABELS",
    "PART_LABELS",
    "theme_label",
    "part_kind",
    "shorten",
    "PROVINCES",
    "MAIN_TARGETS",
    "TARGET_LABELS",
    "QUALIFIER_MARKERS",
    "QUALIFIER_LABELS",
    "NO_REPORT_COLOUR",
    "NO_TARGET_HATCH",
    "top_keyness_by_group",
    "decade_of",
    "target_label",
    "edits_by_step",
    "plot_cleaning_edits_by_step",
    "theme_matrix",
    "plot_theme_share_by_section",
    "theme_share_by_part",
    "plot_theme_share_by_part",
    "top_words",
    "plot_top_words",
    "top_keyness",
    "plot_keyness_review_vs_plan",
    "AMOUNT_QUANTITIES",
    "BENFORD",
    "growth_rates",
    "plot_growth_rates",
    "amounts",
    "plot_amounts_by_quantity",
    "units_used",
    "plot_units_used",
    "ranks",
    "plot_ranks",
    "plot_planned_vs_achieved",
    "leading_digits",
    "mean_absolute_deviation",
    "expected_mad",
    "plot_benford_leading_digits",
    "national_reports",
    "theme_attention_by_year",
    "year_by_theme",
    "gdp_growth_targets",
    "national_keyness_by_decade",
    "report_length",
    "length_by_year",
    "plot_national_theme_attention_by_year",
    "plot_national_gdp_growth_targets",
    "plot_national_keyness_by_decade",
    "plot_national_report_length",
    "provincial_reports",
    "provincial_targets",
    "TARGET_WORDS",
    "missing_target_context",
    "provincial_theme_profiles",
    "provincial_keyness",
    "plot_provincial_targets_2026",
    "plot_provincial_theme_profiles_2026",
    "plot_provincial_keyness_2026",
    "national_target_vs_outcome",
    "plot_national_gdp_target_vs_outcome",
    "provincial_target_vs_outcome",
    "plot_provincial_gdp_target_vs_outcome_2025",
    "FIGURES",
    "draw",
    "figure_table",
    "load_corpus_tables",
    "load_tables",
    "show",
    "write_figures",
]
