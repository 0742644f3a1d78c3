"""Properties of cleaning and extraction on any text (hypothesis; profile in tests/conftest.py),
and the regression cases of issue 16 (cleaning never drops text unreported, is idempotent).

Texts are drawn from pieces real reports are made of — Chinese prose, numbers with units,
heading numbers, page chrome, damaged bytes, white space of every kind — so that the drawn
texts reach the steps' rules rather than only exercising them on noise.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.clean import FIGURE_REMOVED, clean  # noqa: F401 (FIGURE_REMOVED: used in DataFrame.query strings)
from analysis.errors import InputError
from analysis.extract.metrics import metrics_table
from analysis import paths
from analysis.pipeline import process_text

PIECES = [
    "各位代表：", "现在，我代表政府向大会报告工作。", "一、2025年工作回顾", "（二）", "二", "第三部分",
    "地区生产总值增长5.4%", "城镇新增就业60万人以上", "145.5\n億元", "2705万千瓦", "1/4", "2.31:1",
    "區(qū)", "經濟", "。ㄒ唬┰谛掳", "１９５５年", "27,203,319,000元", "下载 打印 全屏", "来源：新华社",
    "首页 > 政务公开", "【打印】", "<U+00A0>", "&nbsp;", "\u3000\u3000", "  ", "\n", "\n\n", "\r\n", "\t",
    "让我们团结奋斗！", "附件：名词解释", "一一", "，", "。", "x", "5", "亿元", "左右",
]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)
anything = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300)


@given(st.one_of(texts, anything))
def test_cleaning_never_raises_keeps_provenance_and_is_idempotent(text):
    c = clean(text)
    n = len(c.text)
    assert len(c.raw_starts) == len(c.raw_ends) == n
    assert np.all(c.raw_starts >= 0) and np.all(c.raw_ends <= len(text)) and np.all(c.raw_starts <= c.raw_ends)
    # a character kept as it was maps to itself in the raw text
    same = (c.raw_ends - c.raw_starts == 1)
    kept = [i for i in np.flatnonzero(same) if text[c.raw_starts[i]] == c.text[i]]
    assert all(text[c.raw_starts[i]] == c.text[i] for i in kept)
    assert clean(c.text).text == c.text  # clean(clean(x)) == clean(x)
    ch = c.report.changes
    assert ((ch["raw_start"] >= 0) & (ch["raw_end"] <= len(text)) & (ch["raw_start"] <= ch["raw_end"])).all()


@given(texts)
def test_every_extracted_span_lies_in_the_raw_text(text):
    try:
        doc = process_text(text)
    except InputError:  # a text that cleans to nothing is refused, not processed
        return
    for s in doc.sentences.itertuples():
        a, b = doc.raw_span(s.start, s.end)
        assert 0 <= a <= b <= len(text)
    m = metrics_table(doc)
    for r in m.itertuples():  # start/end are offsets in the cleaned text
        assert 0 <= r.raw_start <= r.raw_end <= len(text)
        assert (r.raw_start, r.raw_end) == doc.raw_span(r.start, r.end)
        assert doc.text[r.start : r.end] == r.text


# --- regression cases (issue 16, point 4) ------------------------------------------------
def test_regression_trailing_lines_with_figures_are_not_dropped_silently():
    doc = process_text("各位代表：\n今年经济平稳增长。\n地区生产总值增长5%\n城镇新增就业60万人")
    removed = doc.report.changes.query("flag == @FIGURE_REMOVED")
    assert len(removed) == 1 and "城镇新增就业60万人" in removed["before"].iloc[0]


def test_regression_text_that_cleans_to_nothing_is_an_error():
    with pytest.raises(InputError, match="no report text left after cleaning"):
        process_text("下载 打印 全屏 收藏")


@pytest.mark.parametrize("text", ["一一一\n一一", "各位代表：\n一一一\n一一", "二\n\n\u3000\u3000\n下面我说明情况。"])
def test_regression_cleaning_is_idempotent(text):
    once = clean(text).text
    assert clean(once).text == once


def test_regression_lone_section_number_is_not_glued_to_the_next_line():
    # national 1960: a section number on its own line, then a blank line of ideographic spaces
    text = "各位代表：\n实现原定的农业发展纲要。\n\n\n二\n\n\u3000\u3000\n下面我首先说一下农业发展纲要执行的情况。"
    assert "\n二\n下面我首先说一下" in clean(text).text


def test_regression_restorer_without_a_candidate_keeps_the_character_lost():
    # found by the property above: a lost last byte whose lead byte no known character has
    text = clean("。ㄒ唬┰谛掳區(qū)").text
    assert text.startswith("（一）在新") and text.endswith("□")


def test_regression_repeated_mojibake_run_is_repaired_every_time():
    # the same damaged run twice in a paragraph: the second was left as it was, unflagged
    run = "。ㄒ唬┰谛掳"
    c = clean(f"各位代表：\n{run}，推进。{run}\n")
    assert "ㄒ唬┰谛掳" not in c.text and c.text.count("（一）在新") == 2
    changes = c.report.changes
    # each run repaired and flagged (a run is cut where the restorer writes □ between its pieces)
    repaired = changes[changes["after"].str.contains("（一）在新", regex=False)]
    assert len(repaired) == 2 and repaired["flag"].str.startswith("GBK byte-shift mojibake").all()


def test_a_removed_title_with_only_its_year_is_no_figure_to_check():
    # Hunan 2025's Word file opens 2025年湖南省政府工作报告 / 来源：湖南日报: the title's year
    # made it "a figure to check" on every read of that file (a note to ignore is a note not read)
    from analysis.pipeline import read_document

    doc = read_document(paths.RAW / "provincial-2025" / "2025年湖南省政府工作报告.docx")
    removed = doc.report.changes.query("step == 'remove_page_chrome'")
    assert removed["before"].str.startswith("2025年湖南省政府工作报告").any()  # still removed: the title is metadata
    assert doc.report.changes.query("flag == @FIGURE_REMOVED").empty


def test_a_web_pages_clock_time_and_registration_numbers_are_no_figures_to_check():
    # Hunan 2026's saved page (the file in ../shared/corpus/html is tests/fixtures/html's): its
    # header's 发布时间 2026-02-24 06:54 and its footer's 湘ICP备05000618号, 湘公网安备…号,
    # 网站标识码 and telephone number made two "removals to check" on every read
    from analysis.pipeline import read_document

    doc = read_document(paths.ROOT / "tests" / "fixtures" / "html" / "2026_HN.html")
    assert doc.report.changes.query("flag == @FIGURE_REMOVED").empty
    assert not any("to check" in n for n in doc.metadata.get("notes", ()))


@pytest.mark.parametrize("line, flagged", [
    ("发布时间： 2026-02-24 06:54 【字体：大中小】", False),
    ("备案号：湘ICP备05000618号 网站标识码：4300000001", False),
    ("湘公网安备：43010302000524号 联系方式：0731-82214480", False),
    ("\u2002已阅\u20021265 \u2002点赞\u200268", False),  # Hubei 2026's page
    ("联系我们：浙江省杭州市拱墅区莫干山路80号(米蓝大厦) 邮编：310006", False),  # Zhejiang 2026's page
    ("建议您使用IE9+、webkit内核、极速模式浏览器，分辨率1280*800及以上浏览本网站。", False),  # Hubei's
    ("地区生产总值增长5.6%，城镇新增就业60万人", True),  # what the note is for
    ("2026年1月 全市接待游客1.2亿人次", True),
])
def test_only_figures_a_reader_may_miss_flag_a_removal(line, flagged):
    from analysis.clean.chrome import FIGURE_REMOVED, _prose_flag

    assert (_prose_flag([line]) == FIGURE_REMOVED) == flagged
