"""TF-IDF and TextRank keywords, and the background IDF file (analysis/words/keywords.py)."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pandas as pd
import pytest
from schema_check import assert_schema

from analysis import paths
from analysis.words.keywords import (
    DEFAULT_IDF,
    IDF_COLUMNS,
    KEYWORD_COLUMNS,
    build_idf,
    idf_value,
    keywords,
    load_idf,
    textrank_keywords,
)
from analysis.lexicons import file_sha256
from analysis.words import SEGMENTER_SETTINGS

NATIONAL = paths.RAW / "national" / "government_work_reports.jsonl"
EMPTY_WORDS = {"建设", "推进", "发展", "加强", "坚持", "全面", "加快", "深化"}




@pytest.mark.parametrize("method", ["tfidf", "textrank"])
def test_seed_top20_are_domain_terms(seed_tokens, method):
    k = keywords(seed_tokens, method=method)
    assert_schema(k, KEYWORD_COLUMNS)
    assert len(k) == 20 and (k["method"] == method).all()
    terms = set(k["term"])
    assert not terms & EMPTY_WORDS
    assert not any("xx" in t.lower() or t[0].isdigit() for t in terms)
    assert k["score"].is_monotonic_decreasing


def test_seed_tfidf_finds_the_report_topics(seed_tokens):
    top = set(keywords(seed_tokens, method="tfidf")["term"])
    expected = {"长三角G60科创走廊", "科创", "疫情防控", "影视", "科技影都", "长三角", "人民城市", "新基建"}
    assert len(top & expected) >= 6, top


def test_keywords_are_deterministic(seed_tokens):
    for method in ("tfidf", "textrank"):
        pd.testing.assert_frame_equal(keywords(seed_tokens, method=method), keywords(seed_tokens, method=method))


def test_empty_tokens_give_empty_keywords_with_schema(seed_tokens):
    for method in ("tfidf", "textrank"):
        k = keywords(seed_tokens.iloc[0:0], method=method)
        assert k.empty
        assert_schema(k, KEYWORD_COLUMNS)


def test_unknown_method():
    with pytest.raises(ValueError, match="method must be one of"):
        keywords(pd.DataFrame(), method="lda")


def test_textrank_star_graph_by_hand():
    # sentence 0: 科技 创新 人才 ; sentence 1: 创新 产业 -> edges 科技–创新, 科技–人才, 创新–人才,
    # 创新–产业 (window 5). 创新 has the most neighbours, 产业 the fewest.
    toks = pd.DataFrame(
        {
            "doc_id": ["d"] * 5,
            "sentence_id": [0, 0, 0, 1, 1],
            "position": [0, 1, 2, 0, 1],
            "token": ["科技", "创新", "人才", "创新", "产业"],
            "kind": ["word"] * 5,
            "is_stopword": [False] * 5,
            "is_policy_verb": [False] * 5,
        }
    )
    k = textrank_keywords(toks, top_n=None)
    assert k["term"].tolist() == ["创新", "人才", "科技", "产业"]
    assert k["score"].iloc[0] == 1.0
    s = dict(zip(k["term"], k["score"]))
    assert s["人才"] == pytest.approx(s["科技"])  # symmetric positions in the graph


def test_tfidf_arithmetic_by_hand():
    idf = pd.DataFrame({"term": ["经济", "影视"], "df": [10, 1], "idf": [idf_value(10, 10), idf_value(1, 10)]})
    idf.attrs["n_docs"] = 10
    toks = pd.DataFrame(
        {
            "token": ["经济", "经济", "影视", "新词", "的"],
            "kind": ["word"] * 5,
            "is_stopword": [False] * 4 + [True],
            "is_policy_verb": [False] * 5,
        }
    )
    k = keywords(toks, idf=idf, top_n=None).set_index("term")["score"]
    # 4 candidates; idf(df=10, N=10) = ln(11/11) + 1 = 1; idf(1) = ln(11/2) + 1; unseen: ln(11) + 1
    assert k["经济"] == pytest.approx(2 / 4 * 1.0)
    assert k["影视"] == pytest.approx(1 / 4 * (math.log(11 / 2) + 1))
    assert k["新词"] == pytest.approx(1 / 4 * (math.log(11) + 1))


def test_packaged_idf_provenance():
    idf = load_idf()
    assert_schema(idf, IDF_COLUMNS)
    header = dict(h.split(": ", 1) for h in idf.attrs["header"] if ": " in h)
    assert header["source_sha256"] == file_sha256(NATIONAL)
    assert int(header["n_docs"]) == idf.attrs["n_docs"] == 52
    assert json.loads(header["segmenter"]) == SEGMENTER_SETTINGS, (
        "segmenter changed (userdict, rules or units.tsv): rerun `python -m analysis idf --out analysis/data/idf_national.tsv`")
    assert idf["term"].is_unique


def test_build_idf_on_a_tiny_corpus(tmp_path):
    src = tmp_path / "tiny.jsonl"
    records = [
        {"year": 2024, "content": "大力发展新质生产力。推进乡村振兴。"},
        {"year": 2025, "content": "因地制宜发展新质生产力。"},
        {"year": None, "content": "关于政府工作报告的决议：乡村振兴。"},
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "idf.tsv"
    table = build_idf(src, out)
    df = dict(zip(table["term"], table["df"]))
    assert table.attrs["n_docs"] == 2  # the resolution (year null) is skipped
    assert df["新质生产力"] == 2 and df["乡村振兴"] == 1 and "决议" not in df
    text = out.read_text(encoding="utf-8")
    assert "# n_docs: 2" in text and file_sha256(src) in text
    assert "built" not in text  # no date: the same corpus gives the same bytes on any day
    again = load_idf(out)
    assert again.attrs["n_docs"] == 2
    assert again.set_index("term").loc["新质生产力", "idf"] == pytest.approx(1.0)


def test_build_idf_writes_only_where_told(tmp_path):
    src = tmp_path / "tiny.jsonl"
    src.write_text(json.dumps({"year": 2024, "content": "发展新质生产力。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    before = DEFAULT_IDF.stat().st_mtime_ns
    table = build_idf(src)  # no out: the table only
    assert list(table["term"]) == ["发展", "新质生产力"] and sorted(p.name for p in tmp_path.iterdir()) == ["tiny.jsonl"]
    assert DEFAULT_IDF.stat().st_mtime_ns == before


def test_regression_shipped_idf_is_what_the_idf_command_builds(tmp_path):
    # issue 13: `python -m analysis idf` rewrote the file inside the package, and the shipped
    # file differed from a fresh build (门, 平方米, 岁); now the command writes only to --out,
    # and a build from the shipped corpus is the shipped file, byte for byte
    out = tmp_path / "idf.tsv"
    before = DEFAULT_IDF.stat().st_mtime_ns
    r = subprocess.run([sys.executable, "-m", "analysis", "idf", "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith(f"wrote {out} (") and r.stdout.endswith(" terms)\n")
    assert out.read_bytes() == DEFAULT_IDF.read_bytes(), (
        "the corpus, the segmenter or the cleaning changed: rerun `python -m analysis idf --out analysis/data/idf_national.tsv`")
    assert DEFAULT_IDF.stat().st_mtime_ns == before


def test_idf_command_needs_out():
    r = subprocess.run([sys.executable, "-m", "analysis", "idf"], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1 and "--out" in r.stderr


@pytest.mark.parametrize("top_n", [1, 5, 20, 39, 40, 41])
def test_tfidf_top_n_is_the_head_of_the_full_ranking(seed_tokens, top_n):
    """tfidf_keywords looks up the IDF only of terms whose score can reach the top_n; the
    rows must be those of the full ranking, ties (equal counts, unseen terms) by term."""
    from analysis.words.keywords import tfidf_keywords

    tied = pd.DataFrame({"token": [f"词{i % 40}" for i in range(400)] + ["经济"] * 10, "kind": "word",
                         "is_stopword": False, "is_policy_verb": False}).astype({"token": "string", "kind": "string"})
    for toks in (seed_tokens, tied):
        full = tfidf_keywords(toks, top_n=None)
        pd.testing.assert_frame_equal(tfidf_keywords(toks, top_n=top_n), full.head(top_n), check_exact=True)
