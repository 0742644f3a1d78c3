"""The notebooks are thin, bilingual, committed with outputs, and show the package's figures.

nbval (``pytest --nbval notebooks/``) re-runs them and compares outputs; these checks cover
what nbval does not: that they stay thin and that outputs are free of machine-dependent text.
"""

from __future__ import annotations

import re

import nbformat
import pytest

import analysis
from analysis import paths
from analysis.viz import figures

NOTEBOOKS = sorted((paths.ROOT / "notebooks").glob("0*.ipynb"))
RE_CJK = re.compile(r"[\u4e00-\u9fff]")
RE_SHOW = re.compile(r'viz\.show\("([a-z0-9_]+)"')
#: What a notebook may import: the public API (issue 13) and the figures (analysis.viz).
IMPORTS = {"import analysis", "from analysis import viz", "from analysis import paths, viz"}
RE_API = re.compile(r"\banalysis\.([A-Za-z_]+)")


def read(path):
    return nbformat.read(path, as_version=4)


def test_seven_numbered_notebooks():
    assert [p.name[:3] for p in NOTEBOOKS] == ["01-", "02-", "03-", "04-", "05-", "06-", "07-"]


@pytest.mark.parametrize("path", NOTEBOOKS[4:], ids=lambda p: p.name)
def test_comparative_notebooks_read_the_corpus_tables_once(path):
    source = "\n".join(c.source for c in read(path).cells if c.cell_type == "code")
    assert source.count("analysis.load_tables()") == 1
    assert "tokens\")" not in source.replace('tables["tokens"]', "")  # tokens.csv is read only there
    for name in RE_SHOW.findall(source):
        assert figures.FIGURES[name].corpus, name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin(path):
    for cell in read(path).cells:
        if cell.cell_type != "code":
            continue
        assert not re.search(r"^\s*(def|class) ", cell.source, re.M), cell.source
        for line in cell.source.splitlines():
            if line.startswith(("import ", "from ")):
                assert line in IMPORTS, line
        for name in RE_API.findall(cell.source):  # only the public API
            assert name in analysis.__all__, name
        assert len(cell.source.splitlines()) <= 6, cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_section_is_chinese_with_an_english_summary(path):
    sections = [c.source for c in read(path).cells
                if c.cell_type == "markdown" and c.source.startswith(("# ", "## "))]
    assert len(sections) >= 3
    for text in sections:
        assert RE_CJK.search(text), text[:40]
        assert "**English summary.**" in text, text[:40]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_committed_and_machine_independent(path):
    for cell in read(path).cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None and cell.outputs, cell.source
        for out in cell.outputs:
            assert out.output_type != "error", cell.source
            text = out.get("text", "") + out.get("data", {}).get("text/plain", "")
            # a figure is shown as its picture (figures.show); its text form is only the fallback
            assert "<Figure size" not in text or "image/png" in out.get("data", {}), cell.source
            assert not re.search(r"0x[0-9a-f]{6,}", text)
            assert "seconds" not in text and out.get("name") != "stderr", text


def test_each_figure_is_shown_by_its_notebook():
    shown = {}
    for path in NOTEBOOKS:
        for name in RE_SHOW.findall("\n".join(c.source for c in read(path).cells)):
            shown[name] = path.name[:2]
    assert shown == {name: spec.notebook for name, spec in figures.FIGURES.items()}
