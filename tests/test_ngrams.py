"""The character trigram model: rebuilt from the shipped corpora it is the shipped file."""

import subprocess
import sys

import pytest

from analysis.clean import ngrams
from analysis.lexicons import lexicon_path


def test_rebuilding_gives_the_shipped_file(tmp_path):
    out = tmp_path / "trigrams.tsv"
    r = subprocess.run([sys.executable, "-m", "analysis", "ngrams", "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == f"wrote {out}\n"
    assert out.read_bytes() == lexicon_path(ngrams.CHAR_NGRAMS).read_bytes(), (
        "the corpora or the counting changed: rerun `python -m analysis ngrams --out analysis/data/char_trigrams.tsv`"
    )


def test_ngrams_command_writes_the_package_file_only_when_asked():
    r = subprocess.run([sys.executable, "-m", "analysis", "ngrams"], capture_output=True, text=True)
    assert r.returncode == 2 and "--out" in r.stderr  # no default destination


def test_shipped_model_is_small_and_names_its_sources():
    path = lexicon_path(ngrams.CHAR_NGRAMS)
    assert path.stat().st_size < 8_000_000  # every n-gram kept (MIN_COUNT 1): 7.2 MB
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    sources = [h for h in header if h.startswith("# source: ")]
    assert any("national/government_work_reports.jsonl field content sha256" in h for h in sources)
    assert sum("provincial-2026/" in h and "field full_text" in h for h in sources) == len(ngrams.source_files()) - 1
    model = ngrams.load()
    longer = [g.count for gram, g in model.grams.items() if len(gram) > 1]
    assert min(longer) == ngrams.MIN_COUNT and max(map(len, model.grams)) == 3 and model.total > 1_000_000
    assert not any("provincial-2025" in h for h in header)  # the held-out reports stay out


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


@pytest.mark.parametrize("context", ["", "发", "发展", "经济", "展经", "社"])
def test_kneser_ney_probabilities_sum_to_one(context):
    """Each level's discounted mass goes to the level below, down to add-one over GBK: over
    the characters seen plus every unseen GBK character, P(· | context) sums to 1 (the line
    marks, outside GBK, add 2 / (continuation total + GBK_SIZE))."""
    import math

    m = ngrams.CharModel.from_texts(["发展经济", "发展社会", "经济发展", "社会发展经济"], min_count=2)
    seen = [c for c in m.unigrams if c not in (ngrams.LINE_START,)]
    unseen = ngrams.GBK_SIZE - len([c for c in seen if c != ngrams.LINE_END])
    total = sum(math.exp(m.logp(context, c)) for c in seen) + unseen * math.exp(m.logp(context, "龘"))
    assert abs(total - 1) < 1e-3


def test_grams_in_arrays_hold_what_the_counted_dict_holds():
    """The model keeps its n-grams in arrays (issue 15.5: ~60 MiB as a dict of tuples in every
    worker): each gram's counts, their order and absent grams as the dict of
    :func:`ngrams.tabulate` has them, for characters at both ends of Unicode too."""
    texts = ["发展经济，发展社会", "经济发展 社会\x00发展", "\U0010ffff发展a"]
    rows, discounts = ngrams.tabulate(ngrams.count(texts), min_count=1)
    grams = ngrams.CharModel(rows, discounts).grams
    assert isinstance(grams, ngrams.Grams)
    assert list(grams) == list(rows) and len(grams) == len(rows)
    assert all(grams[g] == rows[g] for g in rows)
    assert "发展" in grams and grams.get("展发") is None and "发展经济" not in grams and "" not in grams
    assert grams["\x00发"] == rows["\x00发"] and grams["\U0010ffff发"] == rows["\U0010ffff发"]



# --- the heading model (analysis.clean.headings_model) ---------------------------------------
def test_rebuilding_the_heading_model_gives_the_shipped_file(tmp_path):
    from analysis.clean import headings_model

    out = tmp_path / "headings.tsv"
    r = subprocess.run([sys.executable, "-m", "analysis", "ngrams", "--headings", "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == f"wrote {out}\n"
    assert out.read_bytes() == lexicon_path(headings_model.HEADING_NGRAMS).read_bytes(), (
        "rerun `python -m analysis ngrams --headings --out analysis/data/heading_trigrams.tsv`"
    )


def test_heading_model_is_counted_on_heading_lines_only():
    from analysis.clean import headings_model

    path = lexicon_path(headings_model.HEADING_NGRAMS)
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("heading lines only" in h for h in header) and not any("provincial-2025" in h for h in header)
    heads, main = headings_model.load_headings(), ngrams.load()
    assert heads.total < main.total / 20  # the heading lines are a small part of the corpora
    # every line it counts opens with a heading number: a line start is followed by 一 or （
    starts = {g[1] for g in heads.grams if len(g) == 2 and g[0] == ngrams.LINE_START}
    assert starts <= set("（(" + "一二三四五六七八九十百零〇两")


@pytest.mark.parametrize("line, heading", [
    ("（三）深化重点领域改革。全年完成……", "（三）深化重点领域改革。"),
    ("  十二、加强政府自身建设", "十二、加强政府自身建设"),
    ("三是加强基础设施建设。", None),  # a list item, not a heading
    ("2025年，全省……（一）", None),
])
def test_heading_lines_are_numbered_lines_up_to_the_full_stop(line, heading):
    from analysis.clean.headings_model import heading_lines

    assert list(heading_lines([line])) == ([heading] if heading else [])


def test_mixture_probabilities_sum_to_one():
    """(1 - w) P_main + w P_headings is a distribution when each of them is."""
    import math

    from analysis.clean.headings_model import Mixture

    a = ngrams.CharModel.from_texts(["发展经济", "发展社会", "经济发展"])
    b = ngrams.CharModel.from_texts(["（一）发展经济", "（二）建设社会"])
    m = Mixture(a, b, 0.5)
    chars = set(a.unigrams) | set(b.unigrams)
    seen = [c for c in chars if c != ngrams.LINE_START]
    unseen = ngrams.GBK_SIZE - len([c for c in seen if c != ngrams.LINE_END])
    for context in ("", "发展", "（一"):
        total = sum(math.exp(m.logp(context, c)) for c in seen) + unseen * math.exp(m.logp(context, "龘"))
        assert abs(total - 1) < 1e-3
