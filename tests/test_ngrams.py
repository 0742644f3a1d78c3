"""The character bigram model: rebuilt from the shipped corpora it is the shipped file."""

import subprocess
import sys

import pytest

from analysis.clean import ngrams
from analysis.lexicons import lexicon_path


def test_rebuilding_gives_the_shipped_file(tmp_path):
    out = tmp_path / "bigrams.tsv"
    r = subprocess.run([sys.executable, "-m", "analysis", "ngrams", "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == f"wrote {out}\n"
    assert out.read_bytes() == lexicon_path(ngrams.CHAR_BIGRAMS).read_bytes(), (
        "the corpora or the counting changed: rerun `python -m analysis ngrams --out analysis/data/char_bigrams.tsv`"
    )


def test_ngrams_command_writes_the_package_file_only_when_asked():
    r = subprocess.run([sys.executable, "-m", "analysis", "ngrams"], capture_output=True, text=True)
    assert r.returncode == 2 and "--out" in r.stderr  # no default destination


def test_shipped_model_is_small_and_names_its_sources():
    path = lexicon_path(ngrams.CHAR_BIGRAMS)
    assert path.stat().st_size < 1_000_000
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    sources = [h for h in header if h.startswith("# source: ")]
    assert any("national/government_work_reports.jsonl field content sha256" in h for h in sources)
    assert sum("provincial-2026/" in h and "field full_text" in h for h in sources) == len(ngrams.source_files()) - 1
    model = ngrams.load()
    assert min(model.bigrams.values()) == 2 and model.total > 1_000_000


@pytest.mark.parametrize("prev, good, bad", [
    ("发", "展", "经"),
    ("政", "府", "区"),
    (ngrams.LINE_START, "（", "，"),  # lines open with a heading number, not a comma
])
def test_model_prefers_the_usual_next_character(prev, good, bad):
    model = ngrams.load()
    assert model.logp(prev, good) > model.logp(prev, bad)


def test_traditional_characters_are_scored_as_their_simplified_forms():
    model = ngrams.load()
    assert model.logp("經", "濟") == model.logp("经", "济")
