"""Tests for analysis/figures.py and analysis/style.py: files, font, determinism, bad input."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
from matplotlib import font_manager
from matplotlib.text import Text
from PIL import Image

from analysis import figures, paths, style, themes, words
from analysis.errors import MissingDataError
from analysis.io import sha256_file
from analysis.numbers import metrics_table


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
def written_twice(seed_tables, tmp_path_factory):
    """write_figures run twice into fresh folders, with every warning an error."""
    outs = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            files = figures.write_figures(out, tables=seed_tables)
        outs.append((out, files))
    return outs


def test_font_ships_with_the_package_and_is_the_one_used():
    assert style.FONT_PATH.is_file()
    assert style.FONT_PATH.parent.joinpath("OFL.txt").is_file()
    assert style.FONT_PATH.stat().st_size < 4_000_000
    assert style.register_font() == style.FAMILY
    assert style.font_file() == style.FONT_PATH.resolve()


def test_every_text_of_every_figure_uses_the_bundled_font(seed_tables):
    for name in figures.FIGURES:
        fig = figures.draw(name, seed_tables)
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
