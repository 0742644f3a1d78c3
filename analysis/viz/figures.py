"""Every figure the notebooks show, written to ``figures/`` by one function.

:data:`FIGURES` names each figure by what it shows (``theme_share_by_section``) and says
how to get its table from the processed data and which :mod:`analysis.viz` function
draws it. :func:`load_tables` reads the processed tables of one report (by default the
seed, ``000_cb6fbbaf4fa429c2``) once, :func:`load_corpus_tables` those of every document
(for the figures comparing national reports 1954–2025 and provinces in 2026, marked
``corpus``); :func:`figure_table` and :func:`draw` give one
figure's numbers and drawing; :func:`write_figures` writes them all as PNG (300 dpi) and
PDF, plus ``FIGURES.json`` (font file and SHA-256, matplotlib and other versions, the
SHA-256 of every file written and of every table read). The notebooks call
:func:`show`, which draws with the same function and writes nothing, so a notebook and
``figures/`` cannot disagree and re-running a cell never changes a shipped file.

Regenerating gives byte-identical files (:mod:`analysis.viz.style`: fixed font, no dates in
the files, fixed jitter seed). A missing table raises
:class:`~analysis.errors.MissingDataError` (run ``python -m analysis build``); a character
the bundled font lacks raises :class:`~analysis.viz.style.GlyphMissingError`.

CLI: ``python -m analysis figures [--out DIR]`` (:func:`cmd_figures`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis import paths
from analysis.runner import load as processed
from analysis.io import sha256_file, write_atomic
from analysis.viz import (
    common,
    national,
    numbers,
    provinces,
    quality,
    style,
    targets,
    themes,
    words,
)
from analysis.words import keyness

#: The report the figures describe: the shipped seed document.
SEED_ID = "000_cb6fbbaf4fa429c2"
#: Processed tables the figures are drawn from (see :func:`load_tables`).
TABLES = ("cleaning_changes", "themes_section", "tokens", "metrics")
#: Tables of every document, for the figures that compare reports (notebooks 05, 06 and 07;
#: see :func:`load_corpus_tables`).
CORPUS_TABLES = ("documents", "targets", "themes_document", "tokens", "attainment", "hierarchy")
#: First year of the national GDP-target figure: two years before the first annual target (1992).
GDP_TARGETS_SINCE = 1990


def keyness_review_vs_plan(toks: pd.DataFrame) -> pd.DataFrame:
    """Return G² keyness of the review part (target) against the plan part (reference).

    The parts are found by their headings (:func:`analysis.common.part_kind`); columns are
    :data:`~analysis.words.KEYNESS_COLUMNS`.
    """
    kinds = {p: common.part_kind(p) for p in pd.unique(toks["part"])}
    review = [p for p, k in kinds.items() if k == "review"]
    plan = [p for p, k in kinds.items() if k == "plan"]
    if not review or not plan:
        raise ValueError("the report has no review part and plan part to compare")
    return keyness(toks, "part", review, reference=plan)


def _planned_vs_achieved(t: dict) -> pd.DataFrame:
    a = numbers.amounts(t["metrics"])
    return a[a["status"].isin(["planned", "achieved"])].reset_index(drop=True)


@dataclass(frozen=True)
class FigureSpec:
    """One figure: its table (from the loaded tables) and the function that draws it.

    ``corpus`` figures compare documents and take the tables of :func:`load_corpus_tables`;
    the others describe one report and take those of :func:`load_tables`.
    """

    name: str
    notebook: str
    table: Callable[[dict], pd.DataFrame]
    plot: Callable[[pd.DataFrame], object]
    caption: str
    corpus: bool = False


FIGURES: dict[str, FigureSpec] = {
    spec.name: spec
    for spec in (
        FigureSpec("cleaning_edits_by_step", "01", lambda t: quality.edits_by_step(t["cleaning_changes"]),
                   quality.plot_cleaning_edits_by_step, "清洗各步骤的修改处数 / edits per cleaning step"),
        FigureSpec("theme_share_by_section", "02", lambda t: themes.theme_matrix(t["themes_section"]),
                   themes.plot_theme_share_by_section, "各节政策主题占比 / theme share by section"),
        FigureSpec("theme_share_by_part", "02", lambda t: themes.theme_share_by_part(t["themes_section"]),
                   themes.plot_theme_share_by_part, "回顾与打算的主题占比 / theme share, review vs plan"),
        FigureSpec("top_words", "03", lambda t: words.top_words(t["tokens"]),
                   words.plot_top_words, "高频词 / most frequent words"),
        FigureSpec("keyness_review_vs_plan", "03",
                   lambda t: words.top_keyness(keyness_review_vs_plan(t["tokens"])),
                   words.plot_keyness_review_vs_plan, "回顾与打算的关键词 / keyness, review vs plan"),
        FigureSpec("growth_rates", "04", lambda t: numbers.growth_rates(t["metrics"]),
                   numbers.plot_growth_rates, "增速分布 / growth rates"),
        FigureSpec("amounts_by_quantity", "04", lambda t: numbers.amounts(t["metrics"]),
                   numbers.plot_amounts_by_quantity, "各类数量的数值（对数） / amounts by quantity"),
        FigureSpec("units_used", "04", lambda t: numbers.units_used(t["metrics"]),
                   numbers.plot_units_used, "计量单位 / units used"),
        FigureSpec("ranks", "04", lambda t: numbers.ranks(t["metrics"]),
                   numbers.plot_ranks, "位次 / ranks claimed"),
        FigureSpec("planned_vs_achieved", "04", _planned_vs_achieved,
                   numbers.plot_planned_vs_achieved, "计划与完成的数值 / planned vs achieved amounts"),
        FigureSpec("benford_leading_digits", "04",
                   lambda t: numbers.leading_digits(numbers.amounts(t["metrics"])["value_base"]),
                   numbers.plot_benford_leading_digits, "首位数字与本福特定律 / leading digits vs Benford"),
        FigureSpec("national_theme_attention_by_year", "05",
                   lambda t: national.theme_attention_by_year(t["themes_document"], t["documents"]),
                   national.plot_national_theme_attention_by_year,
                   "全国报告各年的主题占比 / theme shares of the national reports by year", corpus=True),
        FigureSpec("national_gdp_growth_targets", "05",
                   lambda t: national.gdp_growth_targets(t["targets"], t["documents"], since=GDP_TARGETS_SINCE),
                   national.plot_national_gdp_growth_targets,
                   "全国GDP增长预期目标 / national GDP growth targets", corpus=True),
        FigureSpec("national_keyness_by_decade", "05",
                   lambda t: national.national_keyness_by_decade(t["tokens"], t["documents"]),
                   national.plot_national_keyness_by_decade,
                   "各年代报告的关键词 / distinctive words of each decade", corpus=True),
        FigureSpec("national_report_length", "05",
                   lambda t: national.report_length(t["tokens"], t["documents"]),
                   national.plot_national_report_length, "全国报告篇幅 / length of the national reports",
                   corpus=True),
        FigureSpec("provincial_targets_2026", "06",
                   lambda t: provinces.provincial_targets(t["targets"], t["documents"], year=2026),
                   provinces.plot_provincial_targets_2026,
                   "2026年各省主要预期目标 / provinces' main targets for 2026", corpus=True),
        FigureSpec("provincial_theme_profiles_2026", "06",
                   lambda t: provinces.provincial_theme_profiles(t["themes_document"], t["documents"], year=2026),
                   provinces.plot_provincial_theme_profiles_2026,
                   "2026年各省报告的主题构成 / theme profiles of the provincial reports", corpus=True),
        FigureSpec("provincial_keyness_2026", "06",
                   lambda t: provinces.provincial_keyness(t["tokens"], t["documents"], year=2026),
                   provinces.plot_provincial_keyness_2026,
                   "各省报告的关键词 / distinctive words of each province", corpus=True),
        FigureSpec("national_gdp_target_vs_outcome", "07",
                   lambda t: targets.national_target_vs_outcome(t["attainment"], "gdp_growth", since=1992),
                   targets.plot_national_gdp_target_vs_outcome,
                   "全国GDP增长目标与实际 / national GDP growth: target vs outcome", corpus=True),
        FigureSpec("provincial_gdp_target_vs_outcome_2025", "07",
                   lambda t: targets.provincial_target_vs_outcome(t["attainment"], t["hierarchy"], "gdp_growth", year=2025),
                   targets.plot_provincial_gdp_target_vs_outcome_2025,
                   "2025年各省GDP增长目标、全国目标与实际 / provinces 2025: target, national target, outcome",
                   corpus=True),
    )
}


def load_tables(doc_id: str = SEED_ID, processed_dir: str | Path | None = None,
                names=TABLES) -> dict[str, pd.DataFrame]:
    """Return the processed tables the figures need, for one document.

    Raises:
        MissingDataError: a table has not been built (run ``python -m analysis build``).
    """
    where = Path(processed_dir) if processed_dir is not None else None
    return {name: processed.load(name, where, doc_id=doc_id) for name in names}


def load_corpus_tables(processed_dir: str | Path | None = None, names=CORPUS_TABLES) -> dict[str, pd.DataFrame]:
    """Return the processed tables of every document, for the figures that compare reports.

    ``tokens`` is the largest (about 670,000 rows; a few seconds to read): load it once and
    pass the dict to every :func:`show`.

    Raises:
        MissingDataError: a table has not been built (run ``python -m analysis build``).
    """
    where = Path(processed_dir) if processed_dir is not None else None
    return {name: processed.load(name, where) for name in names}


def figure_table(name: str, tables: dict) -> pd.DataFrame:
    """Return the numbers figure ``name`` shows (a tidy table, or a matrix for a heatmap)."""
    return FIGURES[name].table(tables)


def draw(name: str, tables: dict):
    """Return figure ``name`` drawn from ``tables`` (a :class:`matplotlib.figure.Figure`)."""
    return FIGURES[name].plot(figure_table(name, tables))


def show(name: str, tables: dict):
    """Return figure ``name`` drawn from ``tables`` (a :class:`matplotlib.figure.Figure`, which
    a notebook displays); nothing is written. ``python -m analysis figures`` writes the files
    with the same drawing function, so a notebook and ``figures/`` cannot disagree."""
    _display_figures_as_png()
    return draw(name, tables)


#: Resolution of the pictures a notebook shows (the files ``figures`` writes are 300 dpi).
NOTEBOOK_DPI = 110


def _figure_png(fig) -> bytes:
    """``fig`` as the PNG a notebook shows, drawn in the house style as the files are (math
    text, a log axis's 10⁴, is laid out when drawn, from the settings of that moment)."""
    import io

    from analysis.viz import style

    buffer = io.BytesIO()
    with style.context():
        fig.savefig(buffer, format="png", dpi=NOTEBOOK_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _display_figures_as_png() -> None:
    """In IPython/Jupyter, show a returned :class:`~matplotlib.figure.Figure` as a PNG (the
    package draws on Figure objects, not pyplot, so no backend displays them by itself)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        from matplotlib.figure import Figure

        png = shell.display_formatter.formatters["image/png"]
        png.enabled = True  # as matplotlib's inline backend does for the figures it manages
        png.for_type(Figure, _figure_png)


def versions() -> dict:
    """Versions of what shapes the figure files."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("matplotlib", "numpy", "pandas", "fonttools", "pillow", "jieba"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = ""
    return out


def write_figures(out_dir: str | Path = paths.FIGURES, *, doc_id: str = SEED_ID,
                  processed_dir: str | Path | None = None, tables: dict | None = None,
                  corpus_tables: dict | None = None) -> list[Path]:
    """Write every figure of :data:`FIGURES` to ``out_dir`` (PNG 300 dpi + PDF) and
    ``FIGURES.json``; return the paths written, ``FIGURES.json`` last.

    Args:
        out_dir: where to write (created if needed); ``figures/`` by default.
        doc_id: the report the one-report figures draw (the seed by default).
        processed_dir: where the processed tables are (``data/processed/`` by default).
        tables: already loaded tables of that report (skips reading ``processed_dir``).
        corpus_tables: already loaded tables of every document, for the figures that
            compare reports (skips reading ``processed_dir``).

    Raises:
        MissingDataError: the processed tables have not been built.
        GlyphMissingError: a label needs a character the bundled font lacks.
    """
    out_dir = Path(out_dir)
    source = Path(processed_dir) if processed_dir is not None else paths.PROCESSED
    inputs = {}
    if tables is None:
        tables = load_tables(doc_id, source)
        inputs |= {(p := processed.table_path(n, source)).name: sha256_file(p) for n in TABLES}
    if corpus_tables is None:
        corpus_tables = load_corpus_tables(source)
        inputs |= {(p := processed.table_path(n, source)).name: sha256_file(p) for n in CORPUS_TABLES}
    written, record = [], []
    for spec in FIGURES.values():
        fig = draw(spec.name, corpus_tables if spec.corpus else tables)
        files = style.save(fig, out_dir, spec.name)
        written += files
        record.append({
            "name": spec.name,
            "notebook": spec.notebook,
            "corpus": spec.corpus,
            "caption": spec.caption,
            "size_in": [round(fig.get_figwidth(), 3), round(fig.get_figheight(), 3)],
            "files": {p.name: sha256_file(p) for p in files},
        })
    meta = {
        "doc_id": doc_id,
        "dpi": style.DPI,
        "font": style.font_info(),
        "versions": versions(),
        "inputs": inputs,
        "figures": record,
    }
    manifest = out_dir / "FIGURES.json"
    write_atomic(manifest, json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return [*written, manifest]


def cmd_figures(args) -> str:
    """``python -m analysis figures [--out DIR]``: write every figure; return a summary."""
    out = Path(getattr(args, "out", None) or paths.FIGURES)
    written = write_figures(out)
    names = sorted({p.stem for p in written if p.suffix == ".png"})
    return f"wrote {len(written)} files to {out}: " + ", ".join(names)


def load_document(doc_id: str = SEED_ID, processed_dir: str | Path | None = None):
    """Return a :class:`~analysis.document.Document` rebuilt from the processed tables.

    Its ``text`` is the document's row of the ``texts`` table (the offsets of every table point into it) with
    its ``sentences`` and ``headings``, enough for :func:`analysis.words.kwic`. It carries
    no map back to the raw file: ``raw_text`` is the cleaned text itself (the raw offsets
    of every edit are in the ``cleaning_changes`` table).

    Raises:
        MissingDataError: the document has not been built.
    """
    import numpy as np

    from analysis.document import Document
    from analysis.errors import MissingDataError

    where = Path(processed_dir) if processed_dir is not None else paths.PROCESSED
    texts = processed.load("texts", where, doc_id=doc_id)
    if texts.empty:
        raise MissingDataError(processed.table_path("texts", where), f"holds no document {doc_id!r}")
    text = texts["text"].iloc[0]
    n = len(text)
    return Document(
        doc_id=doc_id, text=text, raw_text=text,
        raw_starts=np.arange(n), raw_ends=np.arange(n) + 1, metadata={"doc_id": doc_id},
        sentences=processed.load("sentences", where, doc_id=doc_id),
        headings=processed.load("headings", where, doc_id=doc_id),
    )
