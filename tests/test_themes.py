"""Policy-theme lexicon and scores (analysis/words/themes.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from schema_check import assert_schema

from analysis import paths
from analysis.readers.records import iter_records
from analysis.lexicons import LexiconError, load_lexicon
from analysis.pipeline import process_text
from analysis.words.themes import (
    DOMINANT_COLUMNS,
    LEVEL_KEYS,
    THEME_KEYS,
    THEME_SCORE_COLUMNS,
    dominant_themes,
    load_themes,
    theme_scores,
)
from analysis.words import tokens

ANNOTATIONS = Path(__file__).parent / "annotations" / "seed_section_themes.tsv"




# --- lexicon --------------------------------------------------------------------------------


def test_packaged_lexicon_uses_exactly_the_13_themes():
    lex = load_themes()
    assert set(lex["theme"]) == set(THEME_KEYS) and len(THEME_KEYS) == 13
    assert lex["term"].is_unique
    assert any("Five-Year Plan" in h for h in lex.attrs["header"])


@pytest.mark.parametrize(
    "content, line, fragment",
    [
        ("theme\tterm\neconomy\t消费\n", 1, "missing column(s) source"),
        ("# header\nterm\tsource\n消费\tx\n", 2, "missing column(s) theme"),
        ("theme\tterm\tsource\neconomy\t消费\tx\nwelfare\t养老\tx\n", 3, "unknown theme 'welfare'"),
        ("theme\tterm\tsource\neconomy\t消费\tx\nhealth\t消费\tx\n", 3, "already listed on line 2"),
        ("theme\tterm\tsource\neconomy\t\tx\n", 2, "empty value in column 'term'"),
    ],
)
def test_bad_lexicon_is_one_line_error_naming_file_and_line(tmp_path, content, line, fragment):
    p = tmp_path / "my_themes.tsv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_themes(p)
    msg = str(err.value)
    assert msg.startswith(f"{p}:{line}: ") and fragment in msg and "\n" not in msg


def test_user_lexicon_is_used(tmp_path, seed_tokens):
    p = tmp_path / "mine.tsv"
    p.write_text("# mine\ntheme\tterm\tsource\nculture\t影视\tme\n", encoding="utf-8")
    d = dominant_themes(theme_scores(seed_tokens, level="document", lexicon=p))
    assert d["dominant_theme"].tolist() == ["culture"]


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(LexiconError, match="file not found"):
        load_lexicon(tmp_path / "nope.tsv")


# --- scores ---------------------------------------------------------------------------------


@pytest.mark.parametrize("level", list(LEVEL_KEYS))
def test_scores_schema_and_arithmetic(seed_tokens, level):
    s = theme_scores(seed_tokens, level=level)
    assert_schema(s, {**LEVEL_KEYS[level], **THEME_SCORE_COLUMNS})
    n_units = len(seed_tokens.drop_duplicates(list(LEVEL_KEYS[level])))
    assert len(s) == 13 * n_units
    assert (s["n_matched"] <= s["n_tokens"]).all()
    per_unit = s.groupby(list(LEVEL_KEYS[level]), sort=False)["n_matched"].sum()
    assert (per_unit <= s.groupby(list(LEVEL_KEYS[level]), sort=False)["n_tokens"].first()).all()
    ok = s["n_tokens"] > 0
    assert (s.loc[ok, "share"] == s.loc[ok, "n_matched"] / s.loc[ok, "n_tokens"]).all()
    d = dominant_themes(s)
    assert_schema(d, {**LEVEL_KEYS[level], **DOMINANT_COLUMNS})
    assert len(d) == n_units
    assert set(d["dominant_theme"]) <= set(THEME_KEYS) | {""}


def one_sentence_tokens(text: str) -> pd.DataFrame:
    import numpy as np

    from analysis.document import SENTENCE_COLUMNS, Document

    sents = pd.DataFrame([["d", "", "", 0, 0, 0, len(text), text]], columns=list(SENTENCE_COLUMNS))
    doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
                   sentences=sents.astype(SENTENCE_COLUMNS))
    return tokens(doc)


@pytest.mark.parametrize(
    "text, theme, n_tokens, n_matched",
    [
        # 各位 代表 现在 我 代表 区政府 作 报告; 各位/代表/我 are stopwords -> 4 content, no theme
        ("各位代表，现在我代表区政府作报告。", "", 4, 0),
        # 深入 推进 乡村振兴 发展壮大 农村 集体经济: policy verbs still count as content (6);
        # 乡村振兴, 农村, 集体经济 are agriculture terms -> 3/6
        ("深入推进乡村振兴，发展壮大农村集体经济。", "agriculture", 6, 3),
        # 完成 22.58公顷(number, not content) 生态 廊道 建设 -> 4 content; the ecology term
        # 生态廊道 is segmented 生态/廊道 and matched as a two-token run -> 2/4
        ("完成22.58公顷生态廊道建设。", "ecology", 4, 2),
    ],
)
def test_sentence_scores_by_hand(text, theme, n_tokens, n_matched):
    d = dominant_themes(theme_scores(one_sentence_tokens(text), level="sentence"))
    assert d["dominant_theme"].tolist() == [theme]
    assert d["n_tokens"].tolist() == [n_tokens]
    assert d["share"].tolist() == [n_matched / n_tokens]


def test_empty_tokens_give_empty_tables_with_full_schema(seed_tokens):
    empty = seed_tokens.iloc[0:0]
    for level in LEVEL_KEYS:
        s = theme_scores(empty, level=level)
        assert s.empty
        assert_schema(s, {**LEVEL_KEYS[level], **THEME_SCORE_COLUMNS})
        d = dominant_themes(s)
        assert d.empty
        assert_schema(d, {**LEVEL_KEYS[level], **DOMINANT_COLUMNS})


def test_scores_are_deterministic(seed_tokens):
    a = theme_scores(seed_tokens, level="paragraph")
    b = theme_scores(seed_tokens, level="paragraph")
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(dominant_themes(a), dominant_themes(b))


def test_seed_sections_match_annotations(seed_tokens):
    labels = pd.read_csv(ANNOTATIONS, sep="\t", comment="#", dtype=str)
    d = dominant_themes(theme_scores(seed_tokens, level="section"))
    numbered = d[d["section"].str.contains(" > ")].reset_index(drop=True)
    assert len(numbered) == len(labels) == 12
    numbered["label"] = labels["label"]
    agree = (numbered["dominant_theme"] == numbered["label"]).sum()
    # 11/12 when written: part 1 (三) 城乡融合 scores agriculture (its rural-revitalisation
    # paragraph outweighs the urban planning one); the annotation says urban_rural.
    assert agree >= 11, numbered[["section", "dominant_theme", "label"]].to_string()


# Sections of provincial 2026 reports, labelled by their headings (the annotator's reading).
PROVINCIAL = [
    ("2026_湖南省_政府工作报告.csv", "深入推进创新驱动发展", "innovation"),
    ("2026_湖南省_政府工作报告.csv", "扎实促进乡村全面振兴", "agriculture"),
    ("2026_湖南省_政府工作报告.csv", "着力加强生态文明建设", "ecology"),
    ("2026_湖南省_政府工作报告.csv", "牢牢守住安全稳定底线", "security"),
    ("2026_甘肃省_政府工作报告.csv", "加大保障和改善民生力度", "livelihood"),
    ("2026_甘肃省_政府工作报告.csv", "加快推进文旅强省建设", "culture"),
]


@pytest.fixture(scope="module")
def provincial_tokens():
    out = {}
    for name in sorted({p[0] for p in PROVINCIAL}):
        path = paths.RAW / "provincial-2026" / name
        for doc_id, text, meta in iter_records(path):
            out[name] = tokens(process_text(text, doc_id, meta))
    return out


@pytest.mark.parametrize("name, heading, label", PROVINCIAL)
def test_provincial_sections(provincial_tokens, name, heading, label):
    t = provincial_tokens[name]
    t = t[t["section"].str.endswith(heading)]
    assert not t.empty, f"no section ending with {heading}"
    d = dominant_themes(theme_scores(t, level="section"))
    assert d["dominant_theme"].tolist() == [label], d.to_string()


def scores_by_groupby(toks: pd.DataFrame, level: str) -> pd.DataFrame:
    """theme_scores written plainly: units by groupby, matches by match_terms, each match
    counted for the unit of the first row of its sentence."""
    from analysis.words import match_terms

    keys = list(LEVEL_KEYS[level])
    unit = toks.groupby(keys, sort=False).ngroup().to_numpy()
    first = pd.Series(range(len(toks))).groupby(unit).min().to_numpy()
    content = ~toks["is_stopword"].to_numpy(dtype=bool) & (toks["kind"] != "number").to_numpy(dtype=bool)
    n_tokens = pd.Series(content).groupby(unit).sum().reindex(range(len(first)), fill_value=0).to_numpy()
    lex = load_themes()
    matches = match_terms(toks, dict(zip(lex["term"], lex["theme"])))
    sentence_first = toks.reset_index(drop=True).reset_index().groupby(["doc_id", "sentence_id"])["index"].min()
    matched = {}
    for m in matches.itertuples():
        u = unit[sentence_first[(m.doc_id, m.sentence_id)]]
        matched[(u, m.label)] = matched.get((u, m.label), 0) + m.n_content
    rows = []
    for u, row in enumerate(first):
        for theme in THEME_KEYS:
            n = matched.get((u, theme), 0)
            rows.append([*toks.iloc[row][keys], theme, n_tokens[u], n, n / n_tokens[u] if n_tokens[u] else 0.0])
    schema = {**LEVEL_KEYS[level], **THEME_SCORE_COLUMNS}
    return pd.DataFrame(rows, columns=list(schema)).astype(schema)


@pytest.mark.parametrize("order", ["document", "shuffled", "sections alternate", "sentence ids repeat"])
@pytest.mark.parametrize("level", list(LEVEL_KEYS))
def test_scores_on_tables_out_of_document_order(seed_tokens, order, level):
    """Scores group rows by their key values (as groupby), not by where they stand: a
    regression test for computing them from runs of rows with equal keys."""
    t = seed_tokens.iloc[:900]
    if order == "shuffled":
        t = t.sample(frac=1.0, random_state=3)
    elif order == "sections alternate":
        t = t.assign(section=pd.array(["A", "B", "A"] * 300, dtype="string"))
    elif order == "sentence ids repeat":
        t = t.assign(sentence_id=t["sentence_id"] % 7)
    t = t.reset_index(drop=True)
    pd.testing.assert_frame_equal(theme_scores(t, level=level), scores_by_groupby(t, level), check_exact=True)
