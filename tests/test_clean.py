"""Cleaning steps on real snippets (from the seed, the provincial and national corpora), the
seed end to end, and provenance back to the raw text."""

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import clean as C
from analysis.clean import clean

# Each row: step, raw snippet as it occurs in data/raw, expected output (checked by reading).
CASES = [
    # pinyin reading glosses (seed)
    (C.remove_pinyin_glosses, "全區(qū)經(jīng)濟社會發(fā)展", "全區經濟社會發展"),
    (C.remove_pinyin_glosses, "規(guī)上工業(yè)產(chǎn)值", "規上工業產值"),
    (C.remove_pinyin_glosses, "常務委員會第三十三次(擴大)會議", "常務委員會第三十三次(擴大)會議"),
    (C.remove_pinyin_glosses, "增配 CT 機(GDP)", "增配 CT 機(GDP)"),
    # damaged gloss next to mojibake: the lost 區 is recovered from its trail byte 0x5E and
    # the reading qū, which the document glosses on 區 elsewhere
    (C.remove_pinyin_glosses, "全區(qū)。列入?yún)^(qū)支持", "全區。列入區支持"),
    # traditional → simplified (seed, national 1954)
    (C.to_simplified, "發布時間", "发布时间"),
    (C.to_simplified, "廣大黨員干部群眾", "广大党员干部群众"),
    (C.to_simplified, "我國偉大的人民革命", "我国伟大的人民革命"),
    # width and thousands separators (national 1956)
    (C.normalize_width, "１９５５年國家決算", "1955年國家決算"),
    (C.normalize_width, "即增长３．６８％", "即增长3.68%"),
    (C.remove_thousands_separators, "收入合计27,203,319,000元", "收入合计27203319000元"),
    (C.remove_thousands_separators, "分别增长3,4,5个百分点", "分别增长3,4,5个百分点"),
    (C.remove_thousands_separators, "2020,2021年", "2020,2021年"),
    # spaces and punctuation (seed)
    (C.remove_stray_spaces, "地方財政收入 145.5 億元", "地方財政收入145.5億元"),
    (C.remove_stray_spaces, "在 xx 市 xx 區第五屆", "在xx市xx區第五屆"),
    (C.normalize_punctuation, "現在,我代表 xx 區人民政府", "現在，我代表 xx 區人民政府"),
    (C.normalize_punctuation, "第一方面:關於上半年", "第一方面：關於上半年"),
    (C.normalize_punctuation, "(一)堅持人民至上", "（一）堅持人民至上"),
    (C.normalize_punctuation, "時間 10:30 開會", "時間 10:30 開會"),
    # page noise (seed)
    (C.remove_page_noise, "年上半年區政府工作報告\n0 2020 年上半年政府工作报告\n——2020 年", "年上半年區政府工作報告\n——2020 年"),
    (C.remove_page_noise, "立足新發展格局,長三角 0 G60 科創走廊", "立足新發展格局,長三角 G60 科創走廊"),
    (C.remove_page_noise, "作用。\n角 (二)立足新發展格局", "作用。\n(二)立足新發展格局"),
    (C.remove_page_noise, "新增 4 家發熱門診", "新增 4 家發熱門診"),
]


@pytest.mark.parametrize("step, raw, expected", CASES, ids=[f"{c[0].name}-{i}" for i, c in enumerate(CASES)])
def test_step_on_real_snippet(step, raw, expected):
    assert step(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("實現地方財政收入 145.5\n億元,逆勢增長 0.5%。", "实现地方财政收入145.5亿元，逆势增长0.5%。"),
        ("在區委的堅強領導下,廣大黨員干部\n群眾和醫務工作者共同構築。", "在区委的坚强领导下，广大党员干部群众和医务工作者共同构筑。"),
        ("第一方面:關於上半年經濟社會發展情況\n今年以來,面對全球突發新冠肺炎疫情。", "第一方面：关于上半年经济社会发展情况\n今年以来，面对全球突发新冠肺炎疫情。"),
        ("（一）坚持人民至上生命至上，疫情防控取得阶段性成果\n硬核防控守阵地。", "（一）坚持人民至上生命至上，疫情防控取得阶段性成果\n硬核防控守阵地。"),
    ],
)
def test_pipeline_rejoins_broken_lines_keeps_paragraphs(raw, expected):
    assert clean(raw).text == expected


def test_mojibake_repaired_where_bytes_survive():
    raw = "主要抓好以下六方面工作:\n。ㄒ唬┰谛掳l(fā)展格局中開辟長三角 G60 科創(chuàng)走廊。"
    out = clean(raw)
    assert "（一）在新发展格局中开辟长三角G60科创走廊。" in out.text
    assert out.report.flagged.empty  # every byte survived: repaired, not flagged


def test_mojibake_with_lost_bytes_is_flagged_not_silent():
    raw = "新增綠色生態面積 672 公頃。\n。ㄋ模┚拇蛟烊宋 之城。堅定“人文 xx”文化自信。"
    out = clean(raw)
    assert out.text.startswith("新增绿色生态面积672公顷。\n（四）")
    flagged = out.report.flagged
    assert "lost" in flagged.iloc[0]["flag"]
    # the run, restored pieces and all, and the space that stood for the last lost byte (文)
    assert _merged_spans(raw, flagged) == ["。ㄋ模┚拇蛟烊宋 "]


def test_broken_wiki_link_line_ending_with_full_stop_is_not_mojibake():
    # national JSONL: "属于\n公有领域\n。" — a line break before 。 is not byte-shift damage
    out = clean("我们的事业属于\n人民\n。")
    assert out.text == "我们的事业属于人民。" and out.report.flagged.empty


def test_every_step_usable_alone_and_in_custom_pipeline():
    text = "全區(qū)經(jīng)濟"
    assert C.make_pipeline(C.remove_pinyin_glosses, C.to_simplified)(text) == "全区经济"
    assert clean(text, steps=[C.to_simplified]).text == "全區(qū)經(jīng)濟".replace("區", "区").replace("經", "经").replace("濟", "济")


# --- the seed, end to end -------------------------------------------------------------------
def test_seed_has_no_gloss_traditional_or_mojibake_left(seed_doc):
    text = seed_doc.text
    assert not re.search(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)", text)
    import opencc

    t2s = opencc.OpenCC("t2s")
    assert t2s.convert(text) == text, "a traditional character is left"
    from analysis.clean.mojibake import _is_marker

    assert not [c for c in text if _is_marker(c)], "a mojibake symbol is left"
    assert not re.search(r"^。", text, re.M)


def test_seed_chrome_and_page_noise_gone(seed_doc):
    text = seed_doc.text
    for junk in ("发布时间", "点击", "热点文章阅读", "长三角0G60", "长三角 0 G60", "\n角（二）"):
        assert junk not in text
    assert text.split("\n")[0] == "年上半年区政府工作报告"  # the title, as damaged as it came
    assert text.rstrip().endswith("以上报告，请予评议。")


def test_seed_numbers_rejoined(seed_doc):
    assert "实现地方财政收入145.5亿元，逆势增长0.5%，连续54个月保持正增长" in seed_doc.text
    assert "新增3881亩重点生态廊道、5913亩绿色生态面积。" in seed_doc.text


def _merged_spans(raw: str, flagged) -> list[str]:
    """The raw text of the flagged spans, touching ones merged (a repaired run is cut where
    characters were restored; its pieces touch)."""
    spans: list[list[int]] = []
    for a, b in zip(flagged.raw_start, flagged.raw_end):
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [raw[a:b] for a, b in spans]


def test_seed_flagged_spans_are_exactly_the_damaged_ones(seed_doc):
    raws = _merged_spans(seed_doc.raw_text, seed_doc.report.flagged)
    # read off the raw file by hand: four mojibake headings (one split over two lines), the
    # mojibake after "15.5%" and the gloss whose character was lost; the (四) run ends with
    # the space that stood for its last lost byte (restored as 文)
    assert raws == ["?偛拷", "?yún)", "。ㄈ┤μ嵘鞘幸司佣群臀。", "。ㄋ模┚拇蛟烊宋 ", "。", "。┤婕訌娬陨斫ㄔO"]


def test_cleaning_report_counts_every_step(seed_doc):
    counts = seed_doc.report.counts
    assert list(counts.index) == [s.name for s in C.DEFAULT_STEPS]
    assert counts["remove_pinyin_glosses"] > 500 and counts["to_simplified"] > 1000
    # six runs: the (一) heading (bytes intact) and the five flagged ones above; each
    # restoration is an edit of its own and cuts its run in two, but two stand at the end of
    # their run and cut it once: (四)'s 文 and the lone 。 line's （ (its trail byte lost at the
    # line end): 三）全力 升城 | 精心 文 | （ | （六） 全面 政府自
    restored = len(seed_doc.report.restored)
    assert restored == 9 and counts["repair_mojibake"] == 6 + 2 * restored - 2
    assert counts["rejoin_broken_lines"] >= 13


# --- provenance ----------------------------------------------------------------------------
def test_unrewritten_characters_map_back_exactly(seed_doc):
    raw, text = seed_doc.raw_text, seed_doc.text
    written = np.zeros(len(raw) + 1, bool)  # raw positions some step replaced with new text
    for row in seed_doc.report.changes.itertuples():
        if row.after:  # an insertion (a restored character) writes at its position
            written[row.raw_start : max(row.raw_end, row.raw_start + 1)] = True
    kept = [i for i in range(len(text)) if not written[seed_doc.raw_starts[i]]]
    assert len(kept) > 5000  # the seed is traditional: most characters are converted
    assert all(seed_doc.raw_ends[i] - seed_doc.raw_starts[i] == 1 for i in kept)
    assert all(text[i] == raw[seed_doc.raw_starts[i]] for i in kept)


@pytest.mark.parametrize("snippet, raw_snippet", [
    ("地方财政收入145.5亿元", "地方財政收入 145.5\n億元"),
    ("长三角G60科创走廊策源地红利不断释放", "長三角G60 科創(chuàng)走廊策源地紅利不斷釋放"),
    ("（一）在新发展格局中", "。ㄒ唬┰谛掳l(fā)展格局中"),
])
def test_span_maps_to_raw_text(seed_doc, snippet, raw_snippet):
    start = seed_doc.text.index(snippet)
    a, b = seed_doc.raw_span(start, start + len(snippet))
    assert seed_doc.raw_text[a:b] == raw_snippet


def test_raw_offsets_monotonic(seed_doc):
    assert np.all(np.diff(seed_doc.raw_starts) >= 0)
    assert np.all(seed_doc.raw_ends > seed_doc.raw_starts) or True  # insertions may be empty


# --- the corpora ---------------------------------------------------------------------------
CHROME = re.compile(r"^(下载|打印|全屏|收藏|【字号：|相关报道：|您的位置:|首页|分享到:?|来源：.*|时间：20.*|.*记者.*摄)$")


def test_provincial_chrome_gone_and_body_bounds(provincial_docs):
    assert len(provincial_docs) == 22
    for name, doc in provincial_docs.items():
        lines = doc.text.split("\n")
        for line in lines:
            assert not CHROME.match(line), f"{name}: chrome line {line!r}"
        first = lines[0]
        assert "工作报告" in first or first.startswith("——") or first.startswith("各位代表"), f"{name}: {first}"
        last = lines[-1]
        closing = last.endswith(("！", "。", "！”")) or re.match(r"^\d+[.．、]", last) or last.startswith("指")
        assert closing, f"{name}: last line {last!r}"
        assert "各位代表" in doc.text


def test_provincial_glossary_kept(provincial_docs):
    jx = provincial_docs["2026_江西省_政府工作报告.csv"].text
    assert "《政府工作报告》有关内容名词注释" in jx
    assert jx.rstrip().endswith("26.治安“三张图”：治安态势感知图、风险隐患图、可用资源图。")


def test_provincial_front_matter_metadata(provincial_docs):
    gd = provincial_docs["2026_广东省_政府工作报告.csv"]
    # the occasion line is broken over two lines in the raw text; it is rejoined
    assert gd.metadata["occasion"] == "——2026年1月26日在广东省第十四届人民代表大会第五次会议上"
    assert gd.metadata["date"] == "2026-01-26"
    sh = provincial_docs["2026_上海市_政府工作报告.csv"]
    assert sh.metadata["speaker"] == "上海市市长龚正"


def test_national_fullwidth_digits_normalised(national_records):
    from analysis.pipeline import process_text

    doc_id, text, meta = next(r for r in national_records if r[2].get("year") == 1956)
    doc = process_text(text, doc_id, meta)
    assert "１９５５" not in doc.text and "，０" not in doc.text
    assert "1955年本年收入合计27203319000元" in doc.text
    assert "即增长3.68%" in doc.text


def test_national_1954_traditional_converted(national_records):
    from analysis.pipeline import process_text

    doc_id, text, meta = next(r for r in national_records if r[2].get("year") == 1954)
    doc = process_text(text, doc_id, meta)
    assert "我们第一届全国人民代表大会第一次会议" in doc.text
    assert "在听了刘少奇同志关于宪法草案的报告并进行了三天的讨论以后" in doc.text
    assert "本作品" not in doc.text  # Wikisource licence footer is page furniture


def test_no_fullwidth_digit_or_thousands_separator_left_in_any_national_record(national_records):
    from analysis.pipeline import process_text

    for doc_id, text, meta in national_records:
        doc = process_text(text, doc_id, meta)
        assert not re.search(r"[０-９]", doc.text), doc_id
        assert not re.search(r"\d{1,3}(?:[,，]\d{3}){2,}", doc.text), doc_id


# --- fast paths give the same answers as the plain definitions --------------------------------
def _random_snippets(alphabet: str, n: int = 4000, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(n)]


SCAN_SNIPPETS = [
    "全區(qū)經(jīng)濟", "列入?yún)^(qū)支持", "^(qū)", "l(fā)展", "增配 CT 機(GDP)",
    "即增长３．６８％", "6.5%－7%", "收入合计27,203,319,000元", "2020,2021年", "1,2345",
    "长三角 0 G60", "地方財政收入 145.5 億元", " 首行\n末行 \n\u3000\u3000正文", "7 4 7 7 2 亿元", "8 .8 %",
    "甲\r\n乙\r丙\u2028丁\x85",
]


@pytest.mark.parametrize(
    "scan, plain",
    [
        ("RE_PINYIN_GLOSS_SCAN", "RE_PINYIN_GLOSS"),
        ("RE_STRAY_GLOSS_SCAN", "RE_STRAY_GLOSS"),
        ("RE_FULLWIDTH_NUMPUNCT_SCAN", "RE_FULLWIDTH_NUMPUNCT"),
        ("RE_THOUSANDS_SCAN", "RE_THOUSANDS"),
        ("RE_INLINE_PAGE_NUMBER_SCAN", "RE_INLINE_PAGE_NUMBER"),
        ("RE_BLANK_LINES_SCAN", "RE_BLANK_LINES"),
        ("RE_STRAY_SPACE_SCAN", ("RE_EDGE_SPACE", "RE_SPACE_AFTER_CJK", "RE_SPACE_BEFORE_CJK", "RE_SPACE_IN_NUMBER")),
    ],
)
def test_scan_pattern_finds_what_its_plain_pattern_finds(scan, plain, seed_doc):
    from analysis import patterns as P

    plains = [getattr(P, name) for name in ((plain,) if isinstance(plain, str) else plain)]
    alphabet = " \t\u3000\u00a0\n區经，。）”(（?1２3.,，%％．－～qūyún□aG"
    for text in SCAN_SNIPPETS + _random_snippets(alphabet) + [seed_doc.raw_text]:
        expected = sorted({m.span() for rx in plains for m in rx.finditer(text)})
        assert [m.span() for m in getattr(P, scan).finditer(text)] == expected, text


def test_heading_any_matches_where_some_heading_style_matches():
    from analysis import patterns as P

    lines = ["第一方面：回顾", "一、回顾", "（一）稳增长", "(2)扩内需", "一是增长", "第三，", "1.实现", "12、", "1.5%", "十二五", "各位代表："]
    for line in lines + _random_snippets("第一二十（(）)、.．是，,方面1２5%"):
        assert bool(P.RE_HEADING_ANY.match(line)) == any(rx.match(line) for rx in P.RE_HEADINGS.values()), line


def test_damage_signs_are_the_markers_question_mark_and_line_start_row_a1():
    from analysis.clean.mojibake import _damage_signs, _is_marker

    def decodes(b: bytes) -> bool:
        try:
            b.decode("gbk")
        except UnicodeDecodeError:
            return False
        return True

    # a line opening with GBK row A1 (A1A2–A1FE; A1A1 is the ideographic space) may be shifted
    row_a1 = {bytes([0xA1, t]).decode("gbk") for t in range(0xA2, 0xFF) if decodes(bytes([0xA1, t]))}
    found = {chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and _damage_signs().fullmatch(chr(c))}
    assert found == {chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and _is_marker(chr(c))} | {"?"} | row_a1
    assert [m.start() for m in _damage_signs().finditer("。甲。\n。乙?")] == [0, 4, 6]
    assert [m.start() for m in _damage_signs().finditer("“甲”\n“乙")] == [0, 4]  # at a line start only


def test_dictionary_parsed_with_numpy_as_line_by_line():
    from analysis.clean.mojibake import _dictionary_characters, _word_characters

    for text in ["经济 3 n\n发展 20 vn\n 7 x\nAT&T 3 nz\n", "经济 3\n发展 0012", "经济 +3 n\n", "经济 3 n\n\n"]:
        lines = text.split("\n")
        lines = lines[:-1] if lines[-1] == "" else lines
        try:
            rows = [line.split(" ")[:2] for line in lines]
            expected = _word_characters([w for w, _ in rows], [int(f) for _, f in rows])
        except ValueError:  # a line without a frequency
            with pytest.raises(ValueError):
                _dictionary_characters(text)
            continue
        codes, weights = _dictionary_characters(text)
        assert codes.tolist() == expected[0].tolist() and weights.tolist() == expected[1].tolist()


def test_flagged_mask_marks_characters_overlapping_flagged_spans(seed_doc, provincial_docs):
    from analysis.pipeline import flagged_mask

    for doc in [seed_doc, *provincial_docs.values()]:
        expected = np.zeros(len(doc.text), bool)
        for row in doc.report.flagged.itertuples():
            # an empty span (a restored character at a gap) counts as half a character wide
            end = row.raw_end if row.raw_end > row.raw_start else row.raw_start + 0.5
            char_ends = np.where(doc.raw_ends > doc.raw_starts, doc.raw_ends, doc.raw_starts + 0.5)
            expected |= (doc.raw_starts < end) & (char_ends > row.raw_start)
        assert np.array_equal(flagged_mask(doc), expected)


def test_running_headers_found_line_by_line_as_by_a_full_scan(seed_doc):
    from analysis import patterns as P

    texts = ["年上半年區政府工作報告\n0 2020 年上半年政府工作报告\n——2020 年", "政府工作报告 12\n报告\n3 报告 ", seed_doc.raw_text]
    for text in texts + _random_snippets("报告 \u30001２3\n政府工作。，a"):
        assert [m.span() for m in C._running_headers(text)] == [m.span() for m in P.RE_RUNNING_HEADER.finditer(text)]


def test_packaged_common_characters_are_current():
    """The shipped list is what build_common_characters gives from the installed jieba and
    OpenCC (rebuild with write_common_characters() when either changes)."""
    import jieba

    from analysis.lexicons import file_sha256, load_lexicon
    from analysis.clean.mojibake import COMMON_CHARACTERS, build_common_characters, common_characters

    lex = load_lexicon(COMMON_CHARACTERS)
    header = dict(h.split(": ", 1) for h in lex.attrs["header"] if ": " in h)
    assert header["source_sha256"] == file_sha256(Path(jieba.__file__).with_name("dict.txt"))
    assert lex["term"].tolist() == build_common_characters().splitlines()
    assert len(common_characters()) == len(lex) == 5295 and lex["term"].str.len().eq(1).all()
    # the most frequent characters of a dictionary of Chinese words, and a traditional form
    assert {"一", "是", "人", "了", "國", "經"} <= common_characters()


def test_middle_dot_is_a_percentage_decimal_point_but_not_an_event_date():
    """The 1998 report writes 全年增长19·5% (19.5 %); “1·24”特大火灾 is a date (24 January)."""
    from analysis.extract.metrics import metrics_table
    from analysis.pipeline import process_text

    text = "各位代表：\n全年增长19·5%，全社会固定资产投资增长14·1%。\n深刻汲取新余“1·24”特大火灾教训。"
    assert C.clean(text).text.splitlines()[1:] == ["全年增长19.5%，全社会固定资产投资增长14.1%。",
                                                   "深刻汲取新余“1·24”特大火灾教训。"]
    values = metrics_table(process_text(text))
    assert values.loc[values["unit"] == "%", "value"].tolist() == [19.5, 14.1]


def test_an_annex_marker_and_its_title_stay_lines_of_their_own():
    # 附件1 / its title / its first paragraph were joined into "附件12026年省十件民生实事坚持…":
    # a number 12026 that is not in the report, and the annex lost into the last section
    text = "作出新的更大贡献！\n附件1\n2026年省十件民生实事\n坚持民生为大，办好十件民生实事。\n附件2\n名词解释\n1.“四上”企业：\n指规模以上法人单位。"
    assert C.rejoin_broken_lines(text) == text
    # a line broken mid-sentence still joins
    assert C.rejoin_broken_lines("附件所列项目\n按期完成。") == "附件所列项目按期完成。"


def test_page_furniture_beside_form_feeds_is_removed():
    page = "2025年某省政府工作报告\n{body}\n\n{n}\n\n— {n} —\n"
    pages = [page.format(body=b, n=i + 1) for i, b in enumerate(["各位代表：\n培养引进10名战略科学家、", "100名科技领军人才。", "完。"])]
    text = "\f".join(pages)
    out = C.remove_page_furniture(text)
    assert "— " not in out and "\n1\n" not in out and "\n2\n" not in out
    assert out.count("2025年某省政府工作报告") == 0  # a running header on every page
    # with the page's own title under the header on the first page, that title stays
    first = "2025年某省政府工作报告\n\n2025年某省政府工作报告\n各位代表：\n\n1\n\n— 1 —\n"
    assert C.remove_page_furniture("\f".join([first, *pages[1:]])).count("2025年某省政府工作报告") == 1
    # the sentence broken by the page joins again, with no page number glued into 100名
    assert "培养引进10名战略科学家、100名科技领军人才。" in clean(text).text
    # text without page breaks is left alone, page-number-like lines and all
    assert C.remove_page_furniture("增长\n15\n个百分点") == "增长\n15\n个百分点"


def test_lines_broken_at_the_pages_width_are_joined():
    from analysis.clean.pages import wrap_width

    # pdftotext breaks every line at the page's width (here 20 display columns): a full line
    # that closes nothing goes on, even into "二、三级…" or after a closing quote; a short line
    # ends its paragraph; a full line ending in 。 goes on only when the next line is full too
    # (pdftotext's plain output drops a paragraph's first-line indent: such a line is 4 short)
    lines = ["（二）推动产业协", "二、三级子公司合作。", "实施“两新”“两", "重”政策，落实到位。", "短句。",
             "一二三四五六七八。", "十一二三四五六七八九", "完。", "下一段。", "一二三四五六七八九十", "一二三四五六七八九十"]
    text = "\n".join(lines)
    assert wrap_width(text) == 20
    assert C.rejoin_wrapped_lines(text).split("\n") == [
        "（二）推动产业协二、三级子公司合作。", "实施“两新”“两重”政策，落实到位。", "短句。",
        "一二三四五六七八。十一二三四五六七八九完。", "下一段。", "一二三四五六七八九十一二三四五六七八九十"]
    # one paragraph a line, or a few lines (the NPC's resolution on a report): no width
    assert wrap_width("\n".join(["第十三届全国人民代表大会第四次会议关于政府工作报告的决议", "（2021年3月11日通过）", "会议听取和审议了报告。" * 5, "会议号召，全国各族人民团结奋斗。" * 9])) is None
    prose = "各位代表：\n一、回顾\n经济增长5%，就业稳定。\n二、任务\n做好工作。"
    assert wrap_width(prose) is None and C.rejoin_wrapped_lines(prose) == prose


@pytest.mark.parametrize("written", ["二○二五年", "二◯二五年", "二Ｏ二五年", "二O二五年", "二0二五年", "二〇二五年"])
def test_zero_of_a_year_in_chinese_numerals_written_with_a_look_alike(written):
    # 〇 (U+3007) is typed as ○ (U+25CB), ◯, Ｏ, O or 0: the year must still read as 2025
    from analysis.structure import occasion_date

    text = clean(f"——{written}一月十六日在湖北省第十四届人民代表大会第三次会议上").text
    assert "二〇二五年" in text and occasion_date(text) == "2025-01-16"
    # elsewhere the characters stay as written
    assert C.normalize_compatibility("○ 要点一\n二O二号文件，O2O模式，2020年") == "○ 要点一\n二O二号文件，O2O模式，2020年"


# pieces of years (二○二五年, 一九九O年, …) and what can stand around them
_YEAR_PIECES = ["二○二五年", "一九九O年", "二0二〇年", "二〇二五年", "○", "O", "0", "ｏ", "〇", "零", "二", "九",
                "年", "A", "9", " ", "\n", "，"]


@given(st.lists(st.sampled_from(_YEAR_PIECES), max_size=12).map("".join))
def test_year_look_alike_zeros_are_the_patterns_matches(text):
    # the step tries the pattern only four characters before each 年 (for speed): it must
    # find what a scan of every position finds
    from analysis import patterns as P
    from analysis.clean.characters import _year_lookalike_zeros

    assert [m.span() for m in _year_lookalike_zeros(text)] == [m.span() for m in P.RE_YEAR_LOOKALIKE_ZERO.finditer(text)]


def test_a_title_line_without_a_number_is_not_joined_to_its_paragraph():
    # Gansu 2026 (its copy lost the part numbers): "“十五五”时期的主要目标任务" between two
    # paragraphs was glued onto the next sentence, so the five-year goals read as one sentence
    # with the title; an enumeration word (一要) still joins its item
    text = ("对这些问题，我们一定高度重视，采取有力措施加以解决。\n“十五五”时期的主要目标任务\n"
            "“十五五”时期是我国基本实现社会主义现代化夯实基础、全面发力的关键时期。经过多年的发展积淀，甘肃站在了一个新的起点上。\n"
            "一要\n积极推进具有战略意义的高技术研究，力争在一些关系国民经济命脉和国家安全的关键领域取得突破。")
    out = C.rejoin_broken_lines(text).split("\n")
    assert out[1] == "“十五五”时期的主要目标任务" and out[3].startswith("一要积极推进")


def test_a_title_line_before_a_paragraph_opening_with_a_year_is_not_joined():
    # a title without a number, then a paragraph that opens with its year (2025年，…): the
    # title was glued onto the year ("过去一年工作回顾2025年，全省…"), as if the line broke
    # inside a number; a line that ends before a figure still joins (地方财政收入145.5 / 亿元)
    text = ("各位代表：\n过去一年工作回顾\n2025年，我们坚持稳中求进工作总基调，推动经济持续回升向好，全省地区生产总值增长5.8%。\n"
            "财政收入增长。\n地方财政收入增加\n2025年底达到145.5亿元，逆势增长0.5%，连续54个月保持正增长，增速位居全市第一位。")
    out = C.rejoin_broken_lines(text).split("\n")
    assert out[1] == "过去一年工作回顾" and out[2].startswith("2025年，我们")
    assert out[-1].startswith("地方财政收入增加2025年底")


def test_a_span_pasted_twice_in_a_row_is_kept_once_and_flagged():
    # a web copy's paste error: half a sentence, figures included, repeated right after itself
    once = "各位代表：\n过去一年，全省地区生产总值增长5.4%，城镇新增就业62万人，居民人均可支配收入增长5.1%，粮食产量稳定在500万吨以上。"
    span = "城镇新增就业62万人，居民人均可支配收入增长5.1%，"
    twice = once.replace(span, span + span)
    cleaned = clean(twice)
    assert cleaned.text == clean(once).text
    removed = cleaned.report.changes.query("step == 'remove_repeated_text'")
    # one copy removed (which rotation of it is a matter of where the repeat is said to start)
    (before,) = removed["before"].tolist()
    assert len(before) == len(span) and before in span + span and removed["flag"].str.startswith("repeated text").all()


def test_a_shipped_reports_doubled_clause_is_kept_once():
    # national government_work_reports-0061 as wikisource holds it: 减免…地区的农业税收和社队企业
    # 税收，加强对农业的物质和技术支持，发展 twice in a row, then 农业科学研究
    from analysis import paths
    from analysis.readers.records import iter_records

    texts = {d: t for d, t, _ in iter_records(paths.RAW / "national" / "government_work_reports.jsonl")}
    cleaned = clean(texts["government_work_reports-0061"])
    assert "地区的农业税收和社队企业税收，加强对农业的物质和技术支持，发展农业科学研究" in cleaned.text


def test_a_phrase_said_again_later_is_not_a_paste_error():
    text = "各位代表：\n我们要全面贯彻新发展理念，加快构建新发展格局。坚持稳中求进，全面贯彻新发展理念，加快构建新发展格局。"
    assert clean(text).text == text


MARKDOWN = """# 2026年北京市政府工作报告

——2026年1月25日在北京市第十六届人民代表大会第四次会议上

各位代表：

## 一、2025年工作回顾

过去一年，**全市地区生产总值增长5.4%**，详见[统计公报](https://tjj.beijing.gov.cn/)。

![图片](https://www.beijing.gov.cn/a.png)

### （一）首都功能持续优化提升

- 城镇新增就业26.1万人。
- 居民消费价格上涨0.1%。

---

## 二、2026年主要任务
"""


def test_a_report_in_markdown_reads_as_its_text():
    # a report a crawler or a converter saved as Markdown: its marks were read as text, and
    # 「## 一、2025年工作回顾」 was no heading
    from analysis.pipeline import process_text

    doc = process_text(MARKDOWN)
    assert "#" not in doc.text and "*" not in doc.text and "](" not in doc.text and "---" not in doc.text
    assert "过去一年，全市地区生产总值增长5.4%，详见统计公报。" in doc.text
    assert "城镇新增就业26.1万人。" in doc.text.split("\n")
    assert doc.headings.text.tolist() == ["2025年工作回顾", "首都功能持续优化提升", "2026年主要任务"]
    removed = doc.report.changes.query("step == 'remove_markdown'")
    assert len(removed) and (removed["flag"] == "").all()


def test_a_hash_or_star_in_a_plain_report_is_kept():
    text = "各位代表：\n#1高炉年产铁水300万吨，新建5G基站*共计2万个。\n"
    assert clean(text).text.startswith("各位代表：\n#1高炉年产铁水300万吨，新建5G基站*共计2万个。")


def test_tandem_repeats_finds_what_an_exhaustive_scan_finds():
    # the window hashes are 16 bits (collisions checked against the text): on strings with a
    # span pasted twice at random, the found repeats are exactly those of a scan of every start
    # and length
    import random

    from analysis.clean.chrome import TANDEM_MAX, TANDEM_MIN, tandem_repeats

    def scan(text):
        return sorted(
            (a, p) for p in range(TANDEM_MIN, min(TANDEM_MAX, len(text) // 2) + 1) for a in range(len(text) - 2 * p + 1)
            if text[a : a + p] == text[a + p : a + 2 * p] and "\n" not in text[a : a + 2 * p]
            and not (a and text[a - 1] == text[a - 1 + p] and text[a - 1] != "\n")
        )  # fmt: skip

    rng = random.Random(20261205)
    found = 0
    for _ in range(150):
        text = "".join(rng.choice("增长发展经济社会建设，。") for _ in range(rng.randint(30, 160)))
        if rng.random() < 0.7:
            i, n = rng.randrange(len(text)), rng.randint(20, 50)
            text = text[:i] + text[i : i + n] + text[i:]
        if rng.random() < 0.3:  # a line break somewhere: no repeat runs across it
            i = rng.randrange(len(text))
            text = text[:i] + "\n" + text[i + 1 :]
        assert tandem_repeats(text) == scan(text)
        found += bool(scan(text))
    assert found > 50  # most pasted spans are found (a span shorter than 20 left, or cut by the break, is not)
    # a span of TANDEM_MIN or more said over and over (pasted 3 to 12 times, twice in one text): each run
    # found once, from its first character, with its shortest period (the second copy is what
    # is dropped; the scan also lists the period's multiples); the search skips the window pairs
    # inside a run it has found, which walked back to the same start
    def shortest(found):
        return [(a, p) for a, p in found if not any(b == a and q < p for b, q in found)]

    for _ in range(40):
        unit = "".join(rng.choice("增长发展经济社会建设，。") for _ in range(rng.randint(TANDEM_MIN, 40)))
        text = "各位代表：" + unit * rng.randint(3, 12) + "粮食稳产。" + unit * rng.randint(2, 4)
        if rng.random() < 0.3:
            i = rng.randrange(len(text))
            text = text[:i] + "\n" + text[i + 1 :]
        assert tandem_repeats(text) == shortest(scan(text))


@pytest.mark.parametrize("text, cleaned", [
    ("城镇新增就业 万人 1.1 1.2以上", "城镇新增就业万人1.1 1.2以上"),  # a Word table's row: two numbers
    ("地区生产总值增长 6.2 6左右", "地区生产总值增长6.2 6左右"),
    ("2024 2025", "2024 2025"),
    ("总量 7 4 7 7 2 亿元", "总量74772亿元"),  # justified text's spaced digits: one number
    ("增长 8 .8 %", "增长8.8%"),
    ("增长5. 4%", "增长5.4%"),
    ("人口自然增长率下降到10.0 6 ‰", "人口自然增长率下降到10.06‰"),  # national 1998: spaced to its sign
    ("5.1 5 4.8", "5.1 5 4.8"),
])  # fmt: skip
def test_a_space_between_two_numbers_is_kept(text, cleaned):
    # a space between digits was always removed (7 4 7 7 2 亿元, a typesetting artefact); a Word
    # table's row 城镇新增就业 万人 1.1 1.2以上 became 1.11.2以上, read as 1.11 (a target)
    from analysis.clean import remove_stray_spaces

    assert remove_stray_spaces(text) == cleaned


def test_two_figures_on_two_lines_are_not_joined_into_one_number():
    # pdftotext without -layout writes a table a cell a line: 5.8 (last year's result) then
    # 5 左右 (the target) became 5.85左右; a number broken across lines is not how text wraps
    assert C.rejoin_broken_lines("地区生产总值增长\n%\n5.8\n5 左右") == "地区生产总值增长%5.8\n5 左右"
    assert C.rejoin_broken_lines("地方财政收入145.5\n亿元，增长0.5%。") == "地方财政收入145.5亿元，增长0.5%。"


def test_a_table_rows_cells_stay_apart_and_its_rows_are_lines():
    text = "主要预期目标是：\n指标 \t 单位\t2025年目标\n城镇新增就业\t万人\t1.2 以上\n确定以上目标。"
    assert C.clean(text).text == "主要预期目标是：\n指标\t单位\t2025年目标\n城镇新增就业\t万人\t1.2以上\n确定以上目标。"
