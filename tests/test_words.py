"""Segmentation, the tokens table, frequency, keyness and KWIC (analysis/words.py)."""

from __future__ import annotations

import math
import re

import jieba
import numpy as np
import pandas as pd
import pytest
from schema_check import assert_schema

from analysis.document import SENTENCE_COLUMNS, Document
from analysis.lexicons import file_sha256, lexicon_path
from analysis.words import (
    FREQUENCY_COLUMNS,
    KEYNESS_COLUMNS,
    KWIC_COLUMNS,
    SEGMENTER_SETTINGS,
    TOKEN_COLUMNS,
    Segmenter,
    frequency,
    get_segmenter,
    keyness,
    kwic,
    tokens,
)

RE_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def make_document(doc_id: str, paragraphs: list[tuple[str, str, str]]) -> Document:
    """A Document built by hand: one paragraph per (part, section, text); raw == cleaned."""
    rows, pieces, pos = [], [], 0
    sid = 0
    for pid, (part, section, para) in enumerate(paragraphs):
        for m in RE_SENTENCE.finditer(para):
            rows.append([doc_id, part, section, pid, sid, pos + m.start(), pos + m.end(), m.group()])
            sid += 1
        pieces.append(para + "\n")
        pos += len(para) + 1
    text = "".join(pieces)
    sents = pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    return Document(doc_id, text, text, np.arange(len(text)), np.arange(len(text)) + 1, sentences=sents)


@pytest.fixture(scope="session")
def seg() -> Segmenter:
    return get_segmenter()



# --- segmentation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, whole",
    [
        # named programmes and slogans from the user dictionary
        ("我们充分发挥长三角 G60 科创走廊国家战略引擎作用", ["长三角G60科创走廊"]),
        ("G60 脑智科创基地完成一期建设", ["G60", "科创"]),
        ("围绕“高效办成一件事”做优政务服务“一网通办”", ["一网通办", "政务服务"]),
        ("建强城市运行“一网统管”", ["一网统管", "城市运行"]),
        ("以新型基础设施、新型城镇化等“两新一重”建设为重点", ["两新一重", "新型基础设施", "新型城镇化"]),
        ("发挥政府投资在新基建中的杠杆作用", ["新基建"]),
        ("有效承接第三届进博会溢出带动效应", ["进博会"]),
        ("深化“放管服”改革，持续优化营商环境", ["放管服", "营商环境"]),
        ("推动高质量发展，因地制宜发展新质生产力", ["高质量发展", "新质生产力"]),
        ("积极稳妥推进碳达峰碳中和", ["碳达峰", "碳中和"]),
        ("全面推进乡村振兴，增加政府投资专项债规模", ["乡村振兴", "专项债"]),
        # numbered slogans
        ("扎实做好“六稳”工作，全面落实“六保”任务", ["六稳", "六保"]),
        ("加快以“三个对冲”抢抓“四个窗口期”", ["三个对冲", "四个窗口期"]),
        ("“两张网”建设取得关键进展", ["两张网"]),
        ("高标准谋划“十四五”规划", ["十四五"]),
        ("坚定不移加快“五个中心”建设", ["五个中心"]),
        ("牢固树立“四个意识”，坚定四个自信。", ["四个意识", "四个自信"]),
        ("出台“26 条”和“19 条”等区级政策", ["26条", "19条"]),
        ("围绕“6+X”战略性新兴产业补链强链", ["6+X", "战略性新兴产业"]),
    ],
)
def test_policy_terms_stay_whole(seg, text, whole):
    words = seg.words(text)
    for w in whole:
        assert w in words, (w, words)


@pytest.mark.parametrize(
    "text, number",
    [
        ("实现地方财政收入 145.5\n亿元，逆势增长 0.5%", "145.5亿元"),
        ("实现地方财政收入 145.5 亿元", "145.5亿元"),
        ("占规上工业总产值比重达到 29.1%", "29.1%"),
        ("绿色食品认证率达 23.4%", "23.4%"),
        ("已接入各领域视频 1.18 万个", "1.18万个"),
        ("规上工业产值 1362.69亿元", "1362.69亿元"),
        ("PM2.5平均浓度为 37 微克/立方米", "37微克/立方米"),
        ("新增民防工程 8.39 万平方米", "8.39万平方米"),
        ("完成高速道口和火车站查控 149.8万人次", "149.8万人次"),
        ("完成 30 万平方米旧住房修缮", "30万平方米"),
        # a product unit with any middle dot (units.tsv writes ·): 千瓦•时 was 千瓦 | 时
        ("全县发电量达到120亿千瓦•时，增长5%", "120亿千瓦•时"),
        ("全县发电量达到120亿千瓦・时", "120亿千瓦・时"),
        ("全县发电量达到120亿千瓦·时", "120亿千瓦·时"),
    ],
)
def test_numbers_with_units_are_one_token(seg, text, number):
    cut = seg.cut(text)
    hits = [c for c in cut if c[0] == number]
    assert hits and hits[0][3] == "number", cut


@pytest.mark.parametrize(
    "text",
    [
        "xx综合保税区进出口货物总值位居 xx 市各综保区首位",
        "在 xx 市 xx 区第五届人民代表大会常务委员会上",
        "为创造新时代 XX 发展新奇迹贡献 ×× 力量！",
    ],
)
def test_placeholders_and_punctuation_are_not_words(seg, text):
    words = seg.words(text)
    assert words
    assert not any(re.search(r"[xX×]", w) for w in words), words
    assert not any(re.fullmatch(r"[^\w]+", w) for w in words), words


@pytest.mark.parametrize(
    "text, expected",
    [
        ("（三）聚焦功能品质提升", ["聚焦", "功能", "品质", "提升"]),
        ("二、下半年工作打算", ["下半年", "工作", "打算"]),
    ],
)
def test_enumerators_are_not_words(seg, text, expected):
    assert seg.words(text) == expected


def test_offsets_point_at_the_token(seg):
    text = "实现地方财政收入 145.5\n亿元，xx综合保税区“六稳”"
    for tok, start, end, _ in seg.cut(text):
        assert re.sub(r"\s+", "", text[start:end]) == tok


def test_global_jieba_is_not_modified():
    before = (jieba.dt.initialized, len(jieba.dt.FREQ), jieba.dt.total, dict(jieba.dt.user_word_tag_tab))
    fresh = Segmenter()  # a new instance: loads the dictionary and the user dictionary again
    assert "长三角G60科创走廊" in fresh.words("长三角G60科创走廊")
    after = (jieba.dt.initialized, len(jieba.dt.FREQ), jieba.dt.total, dict(jieba.dt.user_word_tag_tab))
    assert before == after
    assert "长三角G60科创走廊" not in jieba.dt.FREQ


def test_segmenter_settings_are_recorded():
    s = SEGMENTER_SETTINGS
    assert s["jieba_version"] == jieba.__version__
    assert s["hmm"] is False
    assert s["userdict_sha256"] == file_sha256(lexicon_path("userdict.tsv"))
    assert get_segmenter().settings == s


def test_userdict_has_sources_and_enough_terms():
    from analysis.lexicons import load_lexicon

    lex = load_lexicon("userdict.tsv", columns=("term", "freq", "source"))
    assert 150 <= len(lex) <= 400
    assert lex["term"].is_unique
    header = " ".join(lex.attrs["header"])
    for source in lex["source"].unique():
        assert source in header, f"source {source} not described in the header"


# --- tokens table ---------------------------------------------------------------------------

DOC = make_document(
    "d1",
    [
        ("第一方面", "第一方面 > （一）", "扎实做好“六稳”工作。实现地方财政收入 145.5 亿元，增长 0.5%。"),
        ("第一方面", "第一方面 > （二）", "xx综合保税区进出口总额位居全市第二。推进“一网通办”改革。"),
    ],
)


def test_tokens_schema_and_content():
    t = tokens(DOC)
    assert_schema(t, TOKEN_COLUMNS)
    assert "六稳" in set(t["token"]) and "145.5亿元" in set(t["token"])
    assert not t["token"].str.contains("xx").any()
    assert t.loc[t["token"] == "的", "is_stopword"].all()
    assert t.loc[t["token"] == "推进", "is_policy_verb"].all()
    for row in t.itertuples():
        assert re.sub(r"\s+", "", DOC.text[row.start : row.end]) == row.token
    # positions restart in every sentence and are consecutive
    for _, g in t.groupby("sentence_id"):
        assert g["position"].tolist() == list(range(len(g)))


def test_empty_text_gives_empty_tables_with_full_schema():
    empty = make_document("empty", [])
    t = tokens(empty)
    assert t.empty
    assert_schema(t, TOKEN_COLUMNS)
    f = frequency(t, by="doc_id")
    assert f.empty and list(f.columns) == ["doc_id", *FREQUENCY_COLUMNS]
    assert_schema(keyness(t, "doc_id", "a"), KEYNESS_COLUMNS)
    assert_schema(kwic(empty, "六稳"), KWIC_COLUMNS)


def test_tokens_are_deterministic():
    pd.testing.assert_frame_equal(tokens(DOC), tokens(DOC))
    pd.testing.assert_frame_equal(frequency(tokens(DOC), by="section"), frequency(tokens(DOC), by="section"))


# --- frequency and keyness on a hand-computed fixture --------------------------------------

TINY = pd.DataFrame(
    {
        "doc_id": list("aaaabbbbbb"),
        "section": ["s1"] * 4 + ["s2"] * 6,
        "token": ["经济", "经济", "改革", "的", "改革", "改革", "改革", "生态", "的", "的"],
        "kind": ["word"] * 10,
        "is_stopword": [False, False, False, True, False, False, False, False, True, True],
        "is_policy_verb": [False] * 10,
    }
).astype({"doc_id": "string", "section": "string", "token": "string", "kind": "string"})


def test_frequency_arithmetic():
    f = frequency(TINY, by="doc_id")
    assert list(f.columns) == ["doc_id", *FREQUENCY_COLUMNS]
    assert f.dtypes.astype(str).tolist() == ["string", *FREQUENCY_COLUMNS.values()]
    rows = {(r.doc_id, r.token): r for r in f.itertuples()}
    # doc a: 4 tokens, 经济 x2 -> 2/4 * 10,000 = 5000 per 10k; the stopword 的 is not listed
    assert rows[("a", "经济")].count == 2 and rows[("a", "经济")].rate_per_10k == 5000.0
    assert ("a", "的") not in rows
    # doc b: 6 tokens, 改革 x3 -> 5000 per 10k
    assert rows[("b", "改革")].n_tokens == 6 and rows[("b", "改革")].rate_per_10k == 5000.0
    overall = frequency(TINY, drop_stopwords=False)
    top = overall.iloc[0]
    assert (top.token, top["count"], top.doc_freq) == ("改革", 4, 2)
    assert overall.loc[overall["token"] == "的", "count"].item() == 3


def test_keyness_g2_by_hand():
    k = keyness(TINY, "doc_id", "a")
    assert_schema(k, KEYNESS_COLUMNS)
    econ = k.set_index("token").loc["经济"]
    # a = 2 (经济 in doc a), b = 0, c = 4 tokens in a, d = 6 tokens in b.
    # E1 = c(a+b)/(c+d) = 4*2/10 = 0.8 ; E2 = 6*2/10 = 1.2
    # G2 = 2 * (2 ln(2/0.8) + 0) = 4 ln 2.5 = 3.66516...
    assert econ["value"] == pytest.approx(4 * math.log(2.5))
    assert econ["statistic"] == "G2" and econ["direction"] == "target"
    # log ratio: log2((2/4) / (0.5/6)) with the zero replaced by 0.5 = log2(6)
    assert econ["log_ratio"] == pytest.approx(math.log2(6))
    assert econ["p_value"] == pytest.approx(math.erfc(math.sqrt(4 * math.log(2.5) / 2)))
    reform = k.set_index("token").loc["改革"]
    # a = 1, b = 3, E1 = 4*4/10 = 1.6, E2 = 2.4: G2 = 2(1 ln(1/1.6) + 3 ln(3/2.4)) = 0.39887...
    assert reform["value"] == pytest.approx(2 * (math.log(1 / 1.6) + 3 * math.log(3 / 2.4)))
    assert reform["direction"] == "reference"
    assert k["value"].is_monotonic_decreasing


def test_keyness_with_explicit_reference_and_no_overlap():
    k = keyness(TINY, "section", ["s1"], reference="s2")
    assert set(k["token"]) == {"经济", "改革", "生态"}


# --- KWIC -----------------------------------------------------------------------------------


def test_kwic_lines():
    k = kwic(DOC, "一网通办", window=3)
    assert_schema(k, KWIC_COLUMNS)
    assert k[["left", "term", "right"]].values.tolist() == [["推进“", "一网通办", "”改革"]]
    assert kwic(DOC, "发展").empty  # no token 发展 (and never inside another token)


def test_seed_tokens(seed_doc):
    t = tokens(seed_doc)
    words = set(t["token"])
    assert {"长三角G60科创走廊", "145.5亿元", "六稳", "六保", "三个对冲", "四个窗口期", "两张网"} <= words
    assert {"一网通办", "一网统管", "1.18万个", "新基建", "进博会"} <= words
    assert not any("xx" in w for w in words)


# --- batch segmentation: the same tokens as sentence by sentence ----------------------------


def test_scan_patterns_find_exactly_the_rule_matches():
    """RE_PROTECTED_SCAN / RE_SPACE_NEAR_CJK_SCAN are faster spellings of the documented
    rules: same spans, same group names, on snippets and random strings of the characters
    the rules look at (around every look-behind and look-ahead)."""
    import random

    from analysis.words import RE_PROTECTED, RE_PROTECTED_SCAN, RE_SPACE_NEAR_CJK, RE_SPACE_NEAR_CJK_SCAN

    alphabet = list("xX×＊*（()）一二两三四五六七八九十百千万第个大0123456789.,%‰多余亿元年条号线期批级")
    alphabet += list(" \u3000\t“”‘’「」『』，。、；：！？《》aBz经济发展改革月日季度") + ["٣", "１"]
    rnd = random.Random(20240305)
    texts = [DOC.text, *(p.replace("|", "") for _, _, p in PARAGRAPHS_FOR_BATCH)]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 14))) for _ in range(20000)]
    for text in texts:
        for rule, scan in ((RE_PROTECTED, RE_PROTECTED_SCAN), (RE_SPACE_NEAR_CJK, RE_SPACE_NEAR_CJK_SCAN)):
            assert [(m.span(), m.lastgroup) for m in scan.finditer(text)] == [
                (m.span(), m.lastgroup) for m in rule.finditer(text)
            ], text


# Sentence boundaries where the rules look across ("|" splits sentences): a number after
# digits, letters after a number, numerals before 十四五 or 个/大, placeholders, enumerators,
# quotes, white space next to CJK at either end, empty and blank sentences.
PARAGRAPHS_FOR_BATCH = [
    ("", "", "增长3|5%的目标|G60|科创走廊|145.5 |亿元。 xx|xx市|（三）聚焦|二、下半年|“六|稳”工作"),
    ("", "一、经济", "坚定四个自信 |。十|四五规划|两个维护|， 五大新城、三|个大项目|十四五|二十五|1,362|户 "),
    ("第一部分", "一、经济 > （一）", " 在 xx 区|  ||第三|十三五|3.5|%|A|z9|“十四五”|××| 〇|㐀"),
]


def split_document(doc_id: str, paragraphs: list[tuple[str, str, str]]) -> Document:
    """A Document whose sentences are the "|"-separated pieces of each paragraph."""
    rows, pieces, pos, sid = [], [], 0, 0
    for pid, (part, section, para) in enumerate(paragraphs):
        for piece in para.split("|"):
            rows.append([doc_id, part, section, pid, sid, pos, pos + len(piece), piece])
            pieces.append(piece)
            sid += 1
            pos += len(piece)
        pieces.append("\n")
        pos += 1
    text = "".join(pieces)
    sents = pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS)).astype(SENTENCE_COLUMNS)
    return Document(doc_id, text, text, np.arange(len(text)), np.arange(len(text)) + 1, sentences=sents)


def test_tokens_cut_all_sentences_at_once_as_one_by_one():
    """tokens() cuts a document's sentences in one jieba call (Segmenter._cut_sentences);
    the table must equal the one cut sentence by sentence, whatever stands at the joins."""
    from analysis.words import DEFAULT_POLICY_VERBS, DEFAULT_STOPWORDS
    from analysis.words.table import _document_tokens_by_sentence, _terms

    seg = get_segmenter()
    stop, verbs = _terms(str(lexicon_path(DEFAULT_STOPWORDS))), _terms(str(lexicon_path(DEFAULT_POLICY_VERBS)))
    doc = split_document("batch", PARAGRAPHS_FOR_BATCH)
    assert seg._cut_sentences(doc.sentences["sentence"].tolist()) is not None  # the batch path ran
    expected = _document_tokens_by_sentence(doc.sentences, seg, stop, verbs)
    assert {"5%", "145.5", "十四五", "四个自信", "六"} <= set(expected["token"])  # cut at the joins
    pd.testing.assert_frame_equal(tokens(doc, segmenter=seg), expected, check_exact=True)
    # a sentence with a line break (RE_BARE_SLOGAN's $) is cut one by one, to the same result
    odd = doc.sentences.copy()
    odd.loc[0, "sentence"] = "坚定四个自信\n"
    assert seg._cut_sentences(odd["sentence"].tolist()) is None
    pd.testing.assert_frame_equal(
        tokens(Document("odd", doc.text, doc.text, doc.raw_starts, doc.raw_ends, sentences=odd), segmenter=seg),
        _document_tokens_by_sentence(odd, seg, stop, verbs),
        check_exact=True,
    )


def test_tokens_cut_in_batches_as_in_one_call(monkeypatch):
    """A huge text's sentences are cut CUT_BATCH at a time (memory, benchmarks/words_memory.py):
    the table is the one cut sentence by sentence, whatever the batch size."""
    from analysis.words import table as w  # the module: CUT_BATCH is read there

    seg = get_segmenter()
    stop, verbs = w._terms(str(lexicon_path(w.DEFAULT_STOPWORDS))), w._terms(str(lexicon_path(w.DEFAULT_POLICY_VERBS)))
    doc = split_document("batch", PARAGRAPHS_FOR_BATCH)
    expected = w._document_tokens_by_sentence(doc.sentences, seg, stop, verbs)
    assert len(doc.sentences) > 3
    for size in (1, 2, 3):
        monkeypatch.setattr(w, "CUT_BATCH", size)
        pd.testing.assert_frame_equal(tokens(doc, segmenter=seg), expected, check_exact=True)


@pytest.mark.parametrize(
    "a, b",
    [
        (["x", "x", "y", "x", "y"], [1, 1, 1, 1, 2]),  # a key seen again after another
        (["x"] * 5, [3, 1, 3, 2, 1]),
        (["x", "y"] * 40, list(range(80))),  # many runs: combined numbers
        (["x"] * 80, [i % 7 for i in range(80)]),
    ],
)
def test_run_groups_number_as_groupby(a, b):
    from analysis.words.table import _Columns

    f = pd.DataFrame({"a": a, "b": b}).astype({"a": "string"})
    cols = _Columns(f)
    runs = cols.runs(["a", "b"])
    rows = np.repeat(cols.groups(["a", "b"], runs), np.diff(np.append(runs, len(f))))
    assert rows.tolist() == f.groupby(["a", "b"], sort=False).ngroup().tolist()


def test_rjieba_is_the_default_backend_and_a_guessed_frequency_falls_back_to_jieba(tmp_path):
    from analysis.words import Segmenter, default_backend

    assert default_backend() in ("rjieba", "jieba")  # "jieba" only if forced by the environment
    no_freq = tmp_path / "userdict.tsv"
    no_freq.write_text("# source: test\nterm\tfreq\tpos\tsource\n盯紧盯实\t\t\ttest\n", encoding="utf-8")
    seg = Segmenter(no_freq)
    assert seg.backend == "jieba"  # jieba and jieba-rs guess a missing frequency differently
    assert "盯紧盯实" in seg.words("要盯紧盯实各项任务")
    with pytest.raises(ValueError, match="frequencies given"):
        Segmenter(no_freq, backend="rjieba")
