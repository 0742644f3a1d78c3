"""Dictionaries of any kind, their scores and the document-feature matrix (analysis/words/dictionary.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from schema_check import assert_schema
from scipy import sparse

from analysis.words.dictionary import (
    LEVEL_KEYS,
    SCORE_COLUMNS,
    Dictionary,
    Entry,
    dfm,
    example_tokens,
    load_dictionary,
    score,
)
from analysis.document import SENTENCE_COLUMNS, Document
from analysis.lexicons import LexiconError
from analysis.words.themes import THEME_KEYS, load_themes, theme_scores
from analysis.words import get_segmenter, tokens

# Four sentences in two sections; the tokens (segmenter + stopwords.txt) are asserted below.
#   S0 (section 一, paragraph 0)  推进 绿色 低碳 发展 建设 生态 廊道                   7 content
#   S1 (section 一, paragraph 1)  加快 数字化转型 发展 数字经济                          4 content
#   S2 (section 二, paragraph 2)  绿色 出行 绿色 生活                                    4 content
#   S3 (section 二, paragraph 2)  我们* 要* 完成 3个# 生态 廊道 的* 建设  (*stop, #number)  4 content
SENTENCES = [
    ("一、绿色", 0, "推进绿色低碳发展，建设生态廊道。"),
    ("一、绿色", 1, "加快数字化转型，发展数字经济。"),
    ("二、民生", 2, "绿色出行，绿色生活。"),
    ("二、民生", 2, "我们要完成3个生态廊道的建设。"),
]

# ecology: a glob, a two-token term (weight 2), a plain term; digital: two globs that both match
# 数字化转型 (counted once, weight of 数字*, listed first) and an exact term also matched by 数字*
# (its own weight 3 wins); life: 绿色出行 (a two-token run, which beats the glob 绿色* on its
# first token); infra: 生态廊道 again, so each of its matches counts for ecology and infra.
TSV = """# a test dictionary
category\tterm\tweight
ecology\t绿色*\t1
ecology\t生态廊道\t2
ecology\t低碳
digital\t数字*\t1
digital\t*转型\t0.5
digital\t数字经济\t3
life\t绿色出行\t1
life\t生活\t1
infra\t生态廊道\t1
"""


def doc_tokens(sentences=SENTENCES, doc_id="d") -> pd.DataFrame:
    text, rows = "", []
    for i, (section, paragraph, sentence) in enumerate(sentences):
        rows.append([doc_id, "", section, paragraph, i, len(text), len(text) + len(sentence), sentence])
        text += sentence
    sents = pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    positions = np.arange(len(text))
    return tokens(Document(doc_id, text, text, positions, positions + 1, sentences=sents))


@pytest.fixture(scope="module")
def toks():
    return doc_tokens()


@pytest.fixture
def tsv_dictionary(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text(TSV, encoding="utf-8")
    return load_dictionary(path)


def test_tokens_of_the_hand_made_text(toks):
    assert toks.groupby("sentence_id")["token"].agg(list).tolist() == [
        ["推进", "绿色", "低碳", "发展", "建设", "生态", "廊道"],
        ["加快", "数字化转型", "发展", "数字经济"],
        ["绿色", "出行", "绿色", "生活"],
        ["我们", "要", "完成", "3个", "生态", "廊道", "的", "建设"],
    ]


def test_tsv_is_read_with_weights_and_categories_in_file_order(tsv_dictionary):
    d = tsv_dictionary
    assert d.categories == ("ecology", "digital", "life", "infra")
    assert d.entries[1] == Entry("ecology", "生态廊道", 2.0)
    assert d.entries[2] == Entry("ecology", "低碳", 1.0)  # an empty weight is 1
    assert d.entries[4] == Entry("digital", "*转型", 0.5)
    assert len(d.entries) == 9 and repr(d).startswith("Dictionary(4 categories, 9 terms")


def rows(table: pd.DataFrame, keys: list[str]) -> list[list]:
    return table[keys + ["category", "n_tokens", "n_matches", "n_matched", "weighted"]].values.tolist()


def test_sentence_scores_counted_by_hand(toks, tsv_dictionary):
    s = score(toks, tsv_dictionary, by="sentence")
    assert_schema(s, {**LEVEL_KEYS["sentence"], **SCORE_COLUMNS})
    got = {(r[0], r[1]): r[2:] for r in rows(s, ["sentence_id"])}
    # S0: 绿色 (glob, 1) + 低碳 (1) + 生态廊道 (2 tokens, weight 2) -> ecology 3 matches, 4 tokens,
    #     weight 4; 生态廊道 also counts for infra: 1 match, 2 tokens, weight 1
    assert got[(0, "ecology")] == [7, 3, 4, 4.0] and got[(0, "infra")] == [7, 1, 2, 1.0]
    assert got[(0, "digital")] == got[(0, "life")] == [7, 0, 0, 0.0]
    # S1: 数字化转型 (数字* and *转型, once, weight 1) + 数字经济 (exact term, weight 3)
    assert got[(1, "digital")] == [4, 2, 2, 4.0] and got[(1, "ecology")] == [4, 0, 0, 0.0]
    # S2: 绿色出行 (2 tokens, life) takes the first 绿色; the second 绿色 is ecology's; 生活 life
    assert got[(2, "ecology")] == [4, 1, 1, 1.0] and got[(2, "life")] == [4, 2, 3, 2.0]
    # S3: stopwords and the number are not content (4 left); 生态廊道 for ecology (2) and infra (1)
    assert got[(3, "ecology")] == [4, 1, 2, 2.0] and got[(3, "infra")] == [4, 1, 2, 1.0]
    assert s.loc[(s["sentence_id"] == 3) & (s["category"] == "ecology"), "share"].item() == 0.5


def test_section_and_document_scores_counted_by_hand(toks, tsv_dictionary):
    sec = score(toks, tsv_dictionary, by="section")
    # section 一 = S0 + S1 (11 content tokens), section 二 = S2 + S3 (8)
    assert rows(sec, ["section"]) == [
        ["一、绿色", "ecology", 11, 3, 4, 4.0], ["一、绿色", "digital", 11, 2, 2, 4.0],
        ["一、绿色", "life", 11, 0, 0, 0.0], ["一、绿色", "infra", 11, 1, 2, 1.0],
        ["二、民生", "ecology", 8, 2, 3, 3.0], ["二、民生", "digital", 8, 0, 0, 0.0],
        ["二、民生", "life", 8, 2, 3, 2.0], ["二、民生", "infra", 8, 1, 2, 1.0],
    ]
    doc = score(toks, tsv_dictionary, by="document")
    assert rows(doc, ["doc_id"]) == [
        ["d", "ecology", 19, 5, 7, 7.0], ["d", "digital", 19, 2, 2, 4.0],
        ["d", "life", 19, 2, 3, 2.0], ["d", "infra", 19, 2, 4, 2.0],
    ]
    assert doc["share"].tolist() == [7 / 19, 2 / 19, 3 / 19, 4 / 19]
    assert len(score(toks, tsv_dictionary, by="paragraph")) == 3 * 4


@pytest.mark.parametrize(
    "glob, text, matched",
    [
        ("绿色*", "绿色出行，绿色生活。", ["绿色", "绿色"]),  # * matches no character too
        ("*转型", "加快数字化转型。", ["数字化转型"]),
        ("绿?", "绿色出行。", ["绿色"]),  # ? is exactly one character
        ("绿?", "加快数字化转型。", []),
        ("数字?", "发展数字经济。", []),  # the whole token: 数字经济 has two characters after 数字
        ("绿色出*", "绿色出行。", []),  # a glob matches one token, never a run (绿色/出行)
        ("[绿]色", "绿色出行。", []),  # [ is literal
    ],
)
def test_glob_matches_one_whole_token(glob, text, matched):
    t = example_tokens(text)
    s = score(t, {"g": [glob]})
    assert s["n_matches"].item() == len(matched)
    assert s["n_matched"].item() == len(matched)


def test_plain_term_is_a_run_and_never_inside_a_token():
    t = example_tokens("推进绿色低碳发展，建设生态廊道。")
    # 生态廊道 is two tokens, matched as a run; 低碳发 is no run of whole tokens
    assert score(t, {"a": ["生态廊道"], "b": ["低碳发"]})["n_matches"].tolist() == [1, 0]


def test_relative_path_is_read_from_the_working_directory(tmp_path, monkeypatch):
    # a bare name used to be looked up inside the package (which ships a themes.tsv)
    (tmp_path / "themes.tsv").write_text("category\tterm\nmine\t绿色\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_dictionary("themes.tsv").categories == ("mine",)
    assert load_dictionary("themes").categories == THEME_KEYS  # the packaged one, by name


def test_yaml_list_and_weights_read_as_text(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text("# comment\n生态:\n  - 绿色*\n  - yes\n数字: {数字经济: 2, 2025: 0.5}\n", encoding="utf-8")
    d = load_dictionary(p)
    assert d.categories == ("生态", "数字")
    assert d.entries == (Entry("生态", "绿色*", 1.0), Entry("生态", "yes", 1.0),
                         Entry("数字", "数字经济", 2.0), Entry("数字", "2025", 0.5))


def test_txt_file_is_a_table_and_a_term_may_sit_in_two_categories(tmp_path):
    p = tmp_path / "mine.txt"
    p.write_text("category\tterm\na\t生态廊道\nb\t生态廊道\n", encoding="utf-8")
    s = score(example_tokens("建设生态廊道。"), load_dictionary(p))
    assert s["n_matched"].tolist() == [2, 2] and s["share"].tolist() == [2 / 3, 2 / 3]


@pytest.mark.parametrize(
    "name, content, line, fragment",
    [
        ("a.tsv", "", None, "empty file"),
        ("a.tsv", "# only a comment\nterm\tweight\n绿色\t1\n", 2, "missing column 'category'"),
        ("a.tsv", "category\tword\na\t绿色\n", 1, "missing column(s) term"),
        ("a.tsv", "category\tterm\tweight\na\t绿色\t1\na\t生态\tmuch\n", 3, "bad weight 'much'"),
        ("a.tsv", "category\tterm\tweight\na\t绿色\tnan\n", 2, "bad weight 'nan'"),
        ("a.tsv", "category\tterm\na\t绿色\na\t绿色\n", 3, "already listed in 'a' on line 2"),
        ("a.tsv", "category\tterm\na\t*\n", 2, "would match every token"),
        ("a.tsv", "category\tterm\tweight\n", None, "no terms"),
        ("a.yaml", "a: [绿色\n", 2, "not valid YAML"),
        ("a.yaml", "- 绿色\n", 1, "at the top level"),
        ("a.yaml", "a:\n  - [绿色, 生态]\n", 2, "nested lists are not read"),
        ("a.yaml", "a: 绿色\n", 1, "expected a list of terms"),
        ("a.yaml", "a: {绿色: high}\n", 1, "bad weight 'high'"),
    ],
)
def test_bad_dictionary_is_one_error_naming_file_and_line(tmp_path, name, content, line, fragment):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_dictionary(p)
    assert err.value.line == line and fragment in err.value.problem and "\n" not in str(err.value)
    assert str(err.value).startswith(f"{p}:{line}: " if line else f"{p}: ")


def test_directory_missing_file_and_bad_mapping(tmp_path):
    with pytest.raises(LexiconError, match="is a directory"):
        load_dictionary(tmp_path)
    with pytest.raises(LexiconError, match="file not found"):
        load_dictionary(tmp_path / "nope.yaml")
    with pytest.raises(LexiconError, match="expected a list of terms"):
        load_dictionary({"a": "绿色"})
    with pytest.raises(LexiconError, match="bad weight"):
        load_dictionary({"a": {"绿色": True}})


# --- document-feature matrix ----------------------------------------------------------------


def test_dfm_of_tokens_counted_by_hand(toks):
    m, units, vocabulary = dfm(toks, by="section")
    assert isinstance(m, sparse.csr_matrix) and m.dtype == np.int64
    assert units["section"].tolist() == ["一、绿色", "二、民生"] and m.shape == (2, 13)
    assert vocabulary == sorted(vocabulary) and "我们" not in vocabulary and "3个" not in vocabulary
    cell = {(s, v): m[i, j] for i, s in enumerate(units["section"]) for j, v in enumerate(vocabulary)}
    # 绿色: once in S0, twice in S2; 建设: S0 and S3; 发展: S0 and S1
    assert (cell[("一、绿色", "绿色")], cell[("二、民生", "绿色")]) == (1, 2)
    assert (cell[("一、绿色", "建设")], cell[("二、民生", "建设")]) == (1, 1)
    assert (cell[("一、绿色", "发展")], cell[("二、民生", "发展")]) == (2, 0)
    assert m.sum(axis=1).A1.tolist() == [11, 8]  # = n_tokens of score(): content tokens


def test_dfm_keeps_stopwords_and_numbers_when_asked(toks):
    m, _, vocabulary = dfm(toks, drop_stopwords=False, drop_numbers=False)
    assert m.shape == (1, 17) and m.sum() == 23  # + 我们 要 3个 的
    assert m[0, vocabulary.index("3个")] == 1


def test_dfm_of_several_tables_and_of_a_dictionary(tsv_dictionary):
    a, b = example_tokens("绿色出行。", doc_id="a"), example_tokens("绿色生活，绿色发展。", doc_id="b")
    m, units, vocabulary = dfm([a, b])
    assert units["doc_id"].tolist() == ["a", "b"] and vocabulary == ["出行", "发展", "生活", "绿色"]
    assert m.toarray().tolist() == [[1, 0, 0, 1], [0, 1, 1, 2]]
    m, units, categories = dfm([a, b], dictionary=tsv_dictionary)
    # a: 绿色出行 (life); b: 绿色 ×2 (ecology), 生活 (life)
    assert categories == ["ecology", "digital", "life", "infra"]
    assert m.toarray().tolist() == [[0, 0, 1, 0], [2, 0, 1, 0]]


def test_dfm_weighted_by_dictionary(toks, tsv_dictionary):
    m, _, _ = dfm(toks, dictionary=tsv_dictionary, weighted=True)
    assert m.dtype == np.float64 and m.toarray().tolist() == [[7.0, 4.0, 2.0, 2.0]]


# --- the 13 themes as one dictionary ----------------------------------------------------------


def test_themes_load_as_one_dictionary():
    d = load_dictionary("themes")
    assert isinstance(d, Dictionary) and d.categories == THEME_KEYS
    assert len(d.entries) == len(load_themes()) and {e.weight for e in d.entries} == {1.0}


def naive_theme_scores(toks: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Content tokens covered per (section, theme), written independently of the package's
    matcher: in each sentence, left to right, take the longest lexicon run starting there."""
    seg = get_segmenter()
    lex = load_themes()
    runs = {tuple(seg.words(t)): th for t, th in zip(lex["term"], lex["theme"])}
    longest = max(map(len, runs))
    covered: dict[tuple[str, str], int] = {}
    for _, sent in toks.groupby(["doc_id", "sentence_id"], sort=False):
        words = sent["token"].tolist()
        content = (~sent["is_stopword"] & (sent["kind"] != "number")).tolist()
        section = sent["section"].iloc[0]
        i = 0
        while i < len(words):
            for k in range(min(longest, len(words) - i), 0, -1):
                theme = runs.get(tuple(words[i : i + k]))
                if theme:
                    covered[(section, theme)] = covered.get((section, theme), 0) + sum(content[i : i + k])
                    i += k
                    break
            else:
                i += 1
    return covered


def test_theme_scores_equal_a_naive_reimplementation_on_the_seed_report(seed_tokens):
    s = theme_scores(seed_tokens, level="section")
    got = {(r.section, r.theme): r.n_matched for r in s.itertuples() if r.n_matched}
    assert got == naive_theme_scores(seed_tokens) and sum(got.values()) > 500
    d = score(seed_tokens, "themes", by="section")
    assert d["n_matched"].tolist() == s["n_matched"].tolist() and d["share"].tolist() == s["share"].tolist()
