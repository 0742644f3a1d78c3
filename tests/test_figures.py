"""Tests for analysis/viz/figures.py and analysis/viz/style.py: files, font, determinism, bad input."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.text import Text
from PIL import Image

from analysis import paths, words
from analysis.words import themes
from analysis.viz import figures, style
from analysis.runner.attainment import attainment_table, hierarchy_table
from analysis.errors import MissingDataError
from analysis.io import sha256_file
from analysis.extract.metrics import metrics_table


@pytest.fixture(scope="module")
def seed_tables(seed_doc):
    """The tables `build` writes for the seed, computed directly (no data/processed needed)."""
    toks = words.tokens(seed_doc)
    return {
        "cleaning_changes": seed_doc.report.changes,
        "themes_section": themes.theme_scores(toks, level="section"),
        "tokens": toks,
        "metrics": metrics_table(seed_doc),
    }


@pytest.fixture(scope="module")
def corpus_tables(seed_tables):
    """A small corpus for the comparative figures: the seed's sentences dealt out to four
    national reports (1999, 2000, 2016, 2018; none for 2017), an NPC resolution and two
    provinces, with hand-written targets (2000 states none; 上海 has no GDP target)."""
    ids = ["n1999", "n2000", "n2016", "n2018", "res", "bj", "sh"]
    documents = pd.DataFrame({
        "doc_id": ids,
        "year": pd.array([1999, 2000, 2016, 2018, None, 2026, 2026], dtype="Int64"),
        "region": ["", "", "", "", "", "北京市", "上海市"],
        "level": ["national"] * 5 + ["provincial"] * 2,
        "kind": ["report"] * 4 + ["resolution"] + ["report"] * 2,
    }).astype({"doc_id": "string", "region": "string", "level": "string", "kind": "string"})
    toks = seed_tables["tokens"].copy()
    toks["doc_id"] = pd.Series(ids, dtype="string")[toks["sentence_id"] % len(ids)].to_numpy()
    rows = [("n1999", "gdp_growth", 7.0, 7.0, 7.0, "%", "左右"), ("n2016", "gdp_growth", 6.75, 6.5, 7.0, "%", ""),
            ("n2018", "gdp_growth", 6.5, 6.5, 6.5, "%", "左右"), ("bj", "gdp_growth", 5.0, 5.0, 5.0, "%", "左右"),
            ("bj", "new_urban_jobs", 28.0, 28.0, 28.0, "万人", "以上"), ("sh", "cpi", 2.0, 2.0, 2.0, "%", "左右")]
    targets = pd.DataFrame(rows, columns=["doc_id", "indicator", "value", "low", "high", "unit", "qualifier"])
    targets = targets.assign(name=targets["indicator"], scope="annual", raw_start=range(len(rows)),
                             stated_in="main_targets")
    # outcomes the next report states: 2016's in the (missing) 2017 report, 2017's in 2018's
    outcomes = pd.DataFrame({"doc_id": ["n2018", "n2000"], "indicator": ["gdp_growth"] * 2, "value": [6.9, 7.1],
                             "unit": ["%"] * 2, "qualifier": [""] * 2, "scope": ["last_year"] * 2})
    return {"documents": documents, "targets": targets, "tokens": toks,
            "themes_document": themes.theme_scores(toks, level="document"),
            "attainment": attainment_table(targets, outcomes, documents),
            "hierarchy": hierarchy_table(targets, documents)}


def tables_for(name, seed_tables, corpus_tables):
    return corpus_tables if figures.FIGURES[name].corpus else seed_tables


@pytest.fixture(scope="module")
def written_twice(seed_tables, corpus_tables, tmp_path_factory):
    """write_figures run twice into fresh folders, with every warning an error."""
    outs = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            files = figures.write_figures(out, tables=seed_tables, corpus_tables=corpus_tables)
        outs.append((out, files))
    return outs


def test_font_ships_with_the_package_and_is_the_one_used():
    assert style.FONT_PATH.is_file()
    assert style.FONT_PATH.parent.joinpath("OFL.txt").is_file()
    assert style.FONT_PATH.stat().st_size < 4_000_000
    assert style.register_font() == style.FAMILY
    assert style.font_file() == style.FONT_PATH.resolve()


def test_every_text_of_every_figure_uses_the_bundled_font(seed_tables, corpus_tables):
    for name in figures.FIGURES:
        fig = figures.draw(name, tables_for(name, seed_tables, corpus_tables))
        texts = [t for t in fig.findobj(Text) if t.get_text()]
        assert texts, name
        for t in texts:
            found = font_manager.findfont(t.get_fontproperties(), fallback_to_default=False)
            assert Path(found).resolve() == style.FONT_PATH.resolve(), (name, t.get_text())


def test_write_figures_writes_every_figure_as_png_and_pdf(written_twice):
    out, files = written_twice[0]
    expected = {f"{n}.{ext}" for n in figures.FIGURES for ext in ("png", "pdf")} | {"FIGURES.json"}
    assert {p.name for p in files} == expected
    assert {p.name for p in out.iterdir()} == expected
    assert files[-1].name == "FIGURES.json"


def test_regenerating_gives_byte_identical_files(written_twice):
    (a, files_a), (b, files_b) = written_twice
    for p in files_a:
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


def test_png_is_300_dpi_without_software_stamp(written_twice):
    out, _ = written_twice[0]
    for png in out.glob("*.png"):
        with Image.open(png) as im:
            assert tuple(round(d) for d in im.info["dpi"]) == (300, 300), png.name
            assert "Software" not in im.info, png.name


def test_pdf_has_no_dates_and_embeds_the_font(written_twice):
    out, _ = written_twice[0]
    for pdf in out.glob("*.pdf"):
        data = pdf.read_bytes()
        assert b"/CreationDate" not in data and b"/ModDate" not in data, pdf.name
        assert b"GWRNotoSansSC" in data, pdf.name


def test_figures_json_records_font_and_versions(written_twice):
    out, _ = written_twice[0]
    meta = json.loads((out / "FIGURES.json").read_text(encoding="utf-8"))
    assert meta["font"]["family"] == style.FAMILY
    assert meta["font"]["sha256"] == sha256_file(style.FONT_PATH)
    assert meta["versions"]["matplotlib"]
    assert meta["dpi"] == 300
    assert [f["name"] for f in meta["figures"]] == list(figures.FIGURES)
    for f in meta["figures"]:
        for name, digest in f["files"].items():
            assert sha256_file(out / name) == digest


def test_heatmap_figure_shows_the_matrix(seed_tables):
    matrix = figures.figure_table("theme_share_by_section", seed_tables)
    assert matrix.shape == (12, 13)
    fig = figures.draw("theme_share_by_section", seed_tables)
    image = fig.axes[0].get_images()[0]
    assert image.get_array().shape == (12, 13)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(matrix.index)


def test_missing_processed_data_is_one_clear_error(tmp_path):
    with pytest.raises(MissingDataError) as err:
        figures.load_tables(processed_dir=tmp_path)
    message = str(err.value)
    assert "\n" not in message and "python -m analysis build" in message
    with pytest.raises(MissingDataError):
        figures.write_figures(tmp_path / "out", processed_dir=tmp_path)
    assert not (tmp_path / "out").exists()
    with pytest.raises(MissingDataError):
        figures.load_document(processed_dir=tmp_path)


def test_cmd_figures_writes_to_the_given_folder(tmp_path, monkeypatch):
    calls = []

    def fake(out):
        calls.append(out)
        return [out / "ranks.png", out / "ranks.pdf", out / "FIGURES.json"]

    monkeypatch.setattr(figures, "write_figures", fake)
    summary = figures.cmd_figures(SimpleNamespace(out=str(tmp_path)))
    assert calls == [tmp_path]
    assert summary == f"wrote 3 files to {tmp_path}: ranks"
    monkeypatch.setattr(figures, "write_figures", lambda out: calls.append(out) or [])
    figures.cmd_figures(SimpleNamespace())
    assert calls[-1] == paths.FIGURES


def test_comparative_figures_are_registered_by_notebook():
    corpus = {name: spec.notebook for name, spec in figures.FIGURES.items() if spec.corpus}
    assert corpus == {
        "national_theme_attention_by_year": "05", "national_gdp_growth_targets": "05",
        "national_keyness_by_decade": "05", "national_report_length": "05",
        "provincial_targets_2026": "06", "provincial_theme_profiles_2026": "06", "provincial_keyness_2026": "06",
        "national_gdp_target_vs_outcome": "07", "provincial_gdp_target_vs_outcome_2025": "07",
    }
    assert len(figures.FIGURES) == 11 + 9


def test_target_vs_outcome_figure_pairs_each_year(corpus_tables):
    table = figures.figure_table("national_gdp_target_vs_outcome", corpus_tables)
    rows = {r.year: (r.value, r.outcome, r.reason) for r in table.itertuples()}
    assert rows[1999][:2] == (7.0, 7.1) and rows[1999][2] == ""  # 1999's outcome from the 2000 report
    assert math.isnan(rows[2016][1]) and rows[2016][2] == "no report for year t+1"
    assert math.isnan(rows[2017][0]) and rows[2017][2] == "no report for year t"
    fig = figures.draw("national_gdp_target_vs_outcome", corpus_tables)
    crosses = fig.axes[0].collections[-1].get_offsets()
    assert sorted(tuple(p) for p in crosses.tolist() if p[1] is not None and not math.isnan(p[1])) == [(1999.0, 7.1), (2017.0, 6.9)]


def test_national_heatmap_has_a_column_per_year_and_a_row_per_theme(corpus_tables):
    matrix = figures.figure_table("national_theme_attention_by_year", corpus_tables)
    assert matrix.shape == (20, 13)  # 1999–2018
    fig = figures.draw("national_theme_attention_by_year", corpus_tables)
    heat = fig.axes[1].get_images()[0].get_array()
    assert heat.shape == (13, 20)
    assert heat.mask[:, 2017 - 1999].all() and not heat.mask[:, 2016 - 1999].any()


def test_gdp_target_figure_draws_the_range_and_hatches_the_year_without_target(corpus_tables):
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Rectangle

    fig = figures.draw("national_gdp_growth_targets", corpus_tables)
    ax = fig.axes[0]
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = [seg for c in bars for seg in c.get_segments()]
    assert [[tuple(p) for p in seg] for seg in segments] == [[(2016.0, 6.5), (2016.0, 7.0)]]
    hatched = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_hatch()]
    assert len(hatched) == 1 and hatched[0].get_x() == 1999.5  # 2000: a report without a target


def test_provincial_targets_figure_hatches_missing_cells(corpus_tables):
    table = figures.figure_table("provincial_targets_2026", corpus_tables)
    assert (table["status"] == "missing").sum() == 8 - 3
    fig = figures.draw("provincial_targets_2026", corpus_tables)
    hatched = sum(1 for ax in fig.axes for p in ax.patches if p.get_hatch())
    assert hatched == 5
