"""Every format a report arrives in reads like the same report as plain text (analysis/readers/,
analysis/readers/); what cannot be read is refused with one line.

Fixtures: the saved portal pages in tests/fixtures/html (the same reports are shipped as CSV
in data/raw/provincial-2026), and two shipped Word files turned into PDFs with page numbers
and into plain text by LibreOffice (tests/fixtures/formats/make_fixtures.py).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.errors import InputError
from analysis.extract.metrics import metrics_table
from analysis.pipeline import process_text, read_document
from analysis.extract.targets import targets_table

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = FIXTURES / "formats"
HTML = FIXTURES / "html"
WORD = paths.RAW / "provincial-2025"
CSV26 = paths.RAW / "provincial-2026"
SEED = paths.RAW / "seed" / "000_cb6fbbaf4fa429c2.txt"
#: Saved pages and the shipped CSV of the same report.
PAGES = {"BJ": "北京市", "HB": "湖北省", "HN": "湖南省", "SD": "山东省", "SH": "上海市", "XJ": "新疆维吾尔自治区", "YN": "云南省"}
#: Word files and the stem of their LibreOffice-made fixtures.
WORD_FIXTURES = {"hebei-2025": "2025年河北省政府工作报告.docx", "hubei-2025": "2025年湖北省政府工作报告.docx"}


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd)


def headings(doc):
    return doc.headings[["level", "number", "text"]].astype(str).values.tolist()


def targets(doc):
    return targets_table(doc).drop(columns=["doc_id", "raw_start"]).astype(str).values.tolist()


def numbers(doc):
    cols = ["text", "value", "unit", "quantity", "kind", "qualifier", "metric"]
    return metrics_table(doc)[cols].astype(str).values.tolist()


def same_report(a, b):
    assert headings(a) == headings(b)
    assert targets(a) == targets(b)
    assert numbers(a) == numbers(b)


# --- Word -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(WORD_FIXTURES))
def test_word_file_reads_as_its_plain_text(name):
    word = read_document(WORD / WORD_FIXTURES[name])
    plain = read_document(FORMATS / f"{name}.txt")  # LibreOffice's own text export
    assert word.metadata["format"] == "docx" and len(word.headings) >= 15
    same_report(word, plain)
    assert word.text == plain.text


def test_word_header_run_together_is_kept_as_front_matter():
    # 2025年1月14日在北京市…会议上北京市市长 殷勇同志作政府工作报告。 — date, occasion and
    # speaker on one line without a dash: metadata, not chrome (it used to be deleted)
    doc = read_document(WORD / "2025年北京市政府工作报告.docx")
    assert doc.metadata["date"] == "2025-01-14"
    assert "2025年1月14日在北京市第十六届人民代表大会第三次会议上北京市市长殷勇同志作政府工作报告。" in doc.text.split("\n")[:3]
    removed = doc.report.changes.query("step == 'remove_page_chrome'")["before"].str.strip().tolist()
    assert removed == ["来源：北京日报"]


# --- PDF --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(WORD_FIXTURES))
def test_pdf_reads_as_its_plain_text(name):
    pdf = read_document(FORMATS / f"{name}.pdf")
    plain = read_document(FORMATS / f"{name}.txt")
    assert pdf.metadata["format"] == "pdf"
    same_report(pdf, plain)
    # running header and page numbers are gone: no line is the header or "— 3 —"
    assert not any(line.startswith("—") and line.strip("— 0123456789") == "" for line in pdf.text.split("\n"))
    assert pdf.text.count(Path(WORD_FIXTURES[name]).stem) == 1  # the title once, not once per page


@pytest.mark.parametrize("name", list(WORD_FIXTURES))
@pytest.mark.parametrize("mode", ["pdftotext", "pdftotext-layout"])
def test_text_pdftotext_made_of_the_pdf_reads_as_its_plain_text(name, mode):
    # pdftotext keeps the running header and the page numbers ("1", "— 1 —") beside each form
    # feed and breaks lines at the page's width: page numbers were glued into numbers
    # (15100名), headings and the occasion cut at the line's end
    got = read_document(FORMATS / f"{name}.{mode}.txt")
    plain = read_document(FORMATS / f"{name}.txt")
    same_report(got, plain)
    assert got.metadata["occasion"] == plain.metadata["occasion"] and got.metadata["year"] == 2025
    assert got.text.count(Path(WORD_FIXTURES[name]).stem) == 1  # the title once, not once per page
    if name == "hebei-2025":
        assert got.text == plain.text
    else:  # pdftotext lost one 、 that hung in the right margin (存储芯片、心肌旋切): the only difference
        assert got.text == plain.text.replace("存储芯片、心肌旋切", "存储芯片心肌旋切")


def test_pdf_hebei_text_is_exactly_the_plain_text():
    assert read_document(FORMATS / "hebei-2025.pdf").text == read_document(FORMATS / "hebei-2025.txt").text


def test_pdf_in_columns_with_quotes_in_a_latin_font_reads_as_its_paragraphs():
    # Hebei's first paragraphs set in four columns, in Word's default fonts (make_fixtures.py):
    # PDFium gives the quote marks, drawn apart in a Latin font, at each line's end (推动两重两新
    # 等落“”“”), and a line of a narrow column never reached the page's right edge, so many a line
    # ended its paragraph (49 paragraphs where there are 23)
    columns = read_document(FORMATS / "hebei-2025-columns.pdf")
    assert columns.text == read_document(FORMATS / "hebei-2025-columns.txt").text
    assert "推动“两重”“两新”等落地见效" in columns.text and len(columns.paragraphs) == 23


def test_kangxi_radicals_from_pdf_extraction_are_normalised():
    doc = process_text("各位代表：\n今年⼀季度增长5%，⼆是加快发展。")  # U+2F00, U+2F06
    assert "一季度" in doc.text and "二是" in doc.text
    assert set(doc.report.changes.query("step == 'normalize_compatibility'")["after"]) == {"一", "二"}


# --- web pages --------------------------------------------------------------------------
#: What a page adds around a report (strings seen in portal templates; the code removes them
#: by shape, not by these strings).
TELLTALES = ("<", ">", "http", "ICP", "版权所有", "责任编辑", "分享到", "您访问的链接", "当前位置", "来源：",
             "字号：", "字体：", "浏览次数", "扫一扫", "相关链接", "上一篇", "window.", "function", "{")


@pytest.mark.parametrize("page, province", PAGES.items())
def test_web_page_reads_as_the_same_report(page, province):
    html = read_document(HTML / f"2026_{page}.html")
    text = read_document(CSV26 / f"2026_{province}_政府工作报告.csv")
    assert html.metadata["format"] == "html"
    assert headings(html) == headings(text)
    assert targets(html) == targets(text)
    # the numbers of every sentence both copies have alike (portals differ in a few
    # characters: ＋ for +, a date line) are the same
    shared = set(html.sentences["sentence"]) & set(text.sentences["sentence"])
    pick = lambda d: [r for r in numbers(d) if r[0] and any(r[0] in s for s in shared)]
    assert len(shared) > 0.9 * len(text.sentences)
    m_html = metrics_table(html)
    m_text = metrics_table(text)
    cols = ["sentence", "text", "value", "unit", "kind"]
    assert (m_html[m_html.sentence.isin(shared)][cols].astype(str).values.tolist()
            == m_text[m_text.sentence.isin(shared)][cols].astype(str).values.tolist())
    assert pick  # the helper is used above through shared sentences


@pytest.mark.parametrize("page, province", PAGES.items())
def test_web_page_knows_its_year_region_and_level(page, province):
    """Read by hand in each page: its occasion line names the congress (在湖北省第十四届人民代表
    大会…), and its <title> the year and province. 云南's page puts the occasion's date
    (——二〇二六年一月二十八日) and place on two lines: both are kept, as one occasion."""
    m = read_document(HTML / f"2026_{page}.html").metadata
    assert (m["year"], m["region"], m["level"]) == (2026, province, "provincial")


def test_regression_occasion_in_two_lines_is_front_matter_not_chrome():
    doc = read_document(HTML / "2026_YN.html")
    assert doc.text.split("\n")[:4] == ["政府工作报告", "——二〇二六年一月二十八日", "在云南省第十四届人民代表大会第四次会议上", "省长王予波"]
    assert doc.metadata["occasion"] == "——二〇二六年一月二十八日在云南省第十四届人民代表大会第四次会议上"
    assert doc.metadata["date"] == "2026-01-28" and doc.metadata["page_title"].startswith("2026年云南省人民政府工作报告")


@pytest.mark.parametrize("page", list(PAGES))
def test_web_page_text_has_nothing_of_the_page(page):
    doc = read_document(HTML / f"2026_{page}.html")
    for line in doc.text.split("\n"):
        assert not any(t in line for t in TELLTALES), line
    assert doc.text.split("\n")[-1].endswith(("！", "。"))  # ends with the report's closing


@pytest.mark.parametrize("page", list(PAGES))
def test_web_page_offsets_point_into_the_markup(page):
    import html as html_lib

    doc = read_document(HTML / f"2026_{page}.html")
    m = metrics_table(doc)
    assert len(m) > 100
    for row in m.itertuples():
        raw = doc.raw_text[row.raw_start : row.raw_end]
        if "<" not in raw:  # a number broken by a tag is mapped across it
            assert "".join(html_lib.unescape(raw).split()) .replace("＋", "+") == row.text.replace("＋", "+"), (raw, row.text)


def raw_scrape(page: str) -> str:
    """What a quick crawler keeps of a page: scripts, styles and comments dropped, every
    tag a line break, entities decoded; menus, footers and related links all stay."""
    import html as html_lib
    import re

    text = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", "", page)
    text = re.sub(r"(?s)<!--.*?-->", "", text)
    return html_lib.unescape(re.sub(r"<[^>]+>", "\n", text))


@pytest.mark.parametrize("page, province", PAGES.items())
def test_raw_page_scrape_reads_as_the_report(page, province):
    doc = process_text(raw_scrape((HTML / f"2026_{page}.html").read_text(encoding="utf-8")))
    text = read_document(CSV26 / f"2026_{province}_政府工作报告.csv")
    assert headings(doc) == headings(text) and targets(doc) == targets(text)
    for line in doc.text.split("\n"):
        assert not any(t in line for t in TELLTALES), line


def test_page_without_a_report_is_refused():
    r = cli("targets", str(HTML / "2026_GS.html"))  # an anti-bot challenge page
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == f"error: {HTML / '2026_GS.html'}: a web page with no report text in it (an index, redirect or anti-bot page?)"


def test_page_saved_as_txt_is_read_as_html_and_says_so(tmp_path):
    p = tmp_path / "report.txt"
    p.write_bytes((HTML / "2026_SH.html").read_bytes())
    r = cli("structure", str(p))
    assert r.returncode == 0 and "note: " + str(p) + ": named .txt but holds HTML; read as HTML" in r.stderr
    assert r.stdout == cli("structure", str(HTML / "2026_SH.html")).stdout


def test_page_source_without_its_head_saved_as_txt_is_read_as_html(tmp_path):
    # the report's part of a page's source, copied into a .txt: no <html>, a <br> after each
    # paragraph and its quotes as entities (&ldquo;). Its paragraphs are long, so the tags were
    # fewer than one per 200 characters and it was read as text, tags and all (sentences
    # opening with <br>, “ written &ldquo;), with exit 0; ten tags of a page's own make it a page
    plain = (FIXTURES / "formats" / "hebei-2025.txt").read_text(encoding="utf-8-sig")
    source = plain.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("\n", "<br>\n")
    p = tmp_path / "report.txt"
    p.write_text(source, encoding="utf-8")
    doc = read_document(p)
    assert doc.text == read_document(FIXTURES / "formats" / "hebei-2025.txt").text
    assert doc.metadata["notes"] == ["named .txt but holds HTML; read as HTML"]
    at = doc.text.index("“")  # a quote's offsets point at its entity in the file
    assert doc.raw_text == source and source[doc.raw_starts[at] : doc.raw_ends[at]] == "&ldquo;"


def test_page_in_gbk_read_by_its_meta_charset(tmp_path):
    page = (HTML / "2026_XJ.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    page = page.replace("charset=utf-8", "charset=gb2312")
    p = tmp_path / "xj.html"
    p.write_bytes(page.encode("gb18030"))
    assert read_document(p).text == read_document(HTML / "2026_XJ.html").text


PORTAL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府工作报告_中国政府网</title>
<script>var _hmt = _hmt || [];</script><style>.a{{font-size:24px}}</style></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/zhengce">政策</a> | <a href="/hudong">互动</a></div>
<div class="crumb">当前位置： <a href="/">首页</a>&gt;&gt; <a href="/guoqing">中国概况</a></div>
<!-- 正文开始 -->
<table><tr><td><table><tr><td>
<h1>政府工作报告</h1><p>来源：新华社</p>
{body}
</td></tr></table></td></tr></table>
<p>（责任编辑： 郭桢）</p><p>【E-mail推荐】</p><p>a3f9c2e1b7d4f6a8c0e2</p>
<p>相关附件&gt;&gt;</p>
<ul><li><a href="/1">李强主持召开国务院常务会议</a></li><li><a href="/2">国务院办公厅印发通知</a></li></ul>
<div style="display:none">{body}</div>
</body></html>"""
BODY = ("<p>——2025年3月5日在第十四届全国人民代表大会第三次会议上</p><p>国务院总理 李强</p><p>各位代表：</p>"
        "<p>现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。</p>"
        "<p>一、2024年工作回顾</p><p>过去一年，国内生产总值增长5%，城镇新增就业1256万人，居民消费价格上涨0.2%。</p>"
        "<p>二、2025年经济社会发展总体要求和政策取向</p>"
        "<p>今年发展主要预期目标是：国内生产总值增长5%左右；城镇调查失业率5.5%左右，城镇新增就业1200万人以上；居民消费价格涨幅2%左右。</p>"
        "<p>各位代表！让我们更加紧密地团结在以习近平同志为核心的党中央周围，为全面建设社会主义现代化国家而努力奋斗！</p>")


def test_portal_chrome_of_other_shapes_is_removed(tmp_path):
    p = tmp_path / "gov.html"
    p.write_text(PORTAL.format(body=BODY), encoding="utf-8")
    doc = read_document(p)
    assert doc.text.split("\n") == [
        "政府工作报告", "——2025年3月5日在第十四届全国人民代表大会第三次会议上", "国务院总理李强", "各位代表：",
        "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。", "一、2024年工作回顾",
        "过去一年，国内生产总值增长5%，城镇新增就业1256万人，居民消费价格上涨0.2%。",
        "二、2025年经济社会发展总体要求和政策取向",
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇调查失业率5.5%左右，城镇新增就业1200万人以上；居民消费价格涨幅2%左右。",
        "各位代表！让我们更加紧密地团结在以习近平同志为核心的党中央周围，为全面建设社会主义现代化国家而努力奋斗！",
    ]
    assert [t[0] for t in targets(doc)] == ["gdp_growth", "unemployment_rate", "new_urban_jobs", "cpi"]


def test_report_repeated_in_a_page_is_kept_once_and_reported(tmp_path):
    # a page holding the whole report several times (visible nested tables)
    p = tmp_path / "six.html"
    p.write_text("<html><body>" + "".join(f"<table><tr><td>{BODY}</td></tr></table>" for _ in range(6)) + "</body></html>",
                 encoding="utf-8")
    doc = read_document(p)
    assert doc.text.count("今年发展主要预期目标是") == 1 and len(targets(doc)) == 4
    repeats = doc.report.changes.query("step == 'remove_repeated_text'")
    assert len(repeats) == 1 and repeats["flag"].iloc[0].startswith("repeated text")


def test_r_unicode_escapes_are_characters_not_words():
    text = "各位代表：<U+00A0><U+00A0>\n今年<U+00A0>国内生产总值增长5%左右。&nbsp;城镇新增就业1200万人以上。"
    doc = process_text(text)
    assert "U+00A0" not in doc.text and "nbsp" not in doc.text
    assert "今年国内生产总值增长5%左右。城镇新增就业1200万人以上。" in doc.text


# --- flattened text ---------------------------------------------------------------------
def shipped_text(province):
    csv.field_size_limit(1 << 30)
    with open(CSV26 / f"2026_{province}_政府工作报告.csv", encoding="utf-8-sig", newline="") as fh:
        return next(csv.DictReader(fh))["full_text"]


@pytest.mark.parametrize("province", ["湖南省", "广西壮族自治区", "甘肃省"])
def test_flattened_report_reads_as_the_original(province):
    text = shipped_text(province)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # what a Stata/Excel column or a crawl keeps: paragraphs separated by runs of spaces
    flat = "".join(line + ("  ", "\u3000\u3000")[i % 2] for i, line in enumerate(lines))
    assert "\n" not in flat
    same_report(process_text(flat), process_text(text))


@pytest.mark.parametrize("file", ["2025年福建省政府工作报告.docx", "2025年广西政府工作报告.docx", "2025年江西省政府工作报告.docx"])
def test_flattened_with_single_spaces_reads_as_the_original(tmp_path, file):
    # a Word file's text with each line break replaced by one space: the title and occasion were
    # dropped as page matter (no year, no region), headings absorbed their paragraphs' first
    # sentences; now the text, headings and targets are the Word file's
    word = read_document(WORD / file)
    flat = tmp_path / "flat.txt"
    flat.write_text(word.text.replace("\n", " "), encoding="utf-8")
    got = read_document(flat)
    same_report(got, word)
    assert got.text == word.text
    assert (got.metadata["year"], got.metadata["region"]) == (word.metadata["year"], word.metadata["region"])


def test_flattened_without_any_space_breaks_at_headings_and_says_so():
    # with no space at all the paragraph boundaries are lost: breaks are put before heading
    # numbers after a sentence end (a heading still runs into its first paragraph), and
    # every such break is flagged for a reader to check
    text = shipped_text("湖南省")
    flat = "".join(line.strip() for line in text.splitlines())
    doc = process_text(flat)
    inferred = doc.report.changes.query("step == 'restore_paragraphs'")
    assert len(inferred) >= 15 and (inferred["flag"] != "").all()
    lines = doc.text.split("\n")
    assert lines[2].startswith("各位代表：现在，") and all(any(l.startswith(n) for l in lines) for n in "一二三四")


def test_long_paragraph_with_double_space_is_not_split():
    para = "今年" + "经济社会发展稳中有进，" * 40 + "成绩来之不易。  下一句。"  # far below a flattened report's length
    assert process_text(para).text.count("\n") == 0


# --- encodings and tables ---------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_reads_as_utf8(tmp_path, encoding):
    text = SEED.read_text(encoding="utf-8")
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    p = tmp_path / "seed16.txt"
    p.write_bytes(bom + text.encode(encoding))
    assert read_document(p).text == read_document(SEED).text


def one_record_tables(tmp_path, text):
    frame = pd.DataFrame({"province": ["湖南省"], "year": [2026], "正文": [text]})
    frame.to_csv(tmp_path / "one.csv", index=False)
    frame.to_excel(tmp_path / "one.xlsx", index=False)
    frame.to_json(tmp_path / "one.jsonl", orient="records", lines=True, force_ascii=False)
    frame.to_stata(tmp_path / "one.dta", write_index=False, version=118)
    return [tmp_path / f"one.{ext}" for ext in ("csv", "xlsx", "jsonl", "dta")]


def test_one_record_tables_read_like_the_text(tmp_path):
    text = shipped_text("湖南省")
    expected = process_text(text)
    for path in one_record_tables(tmp_path, text):
        doc = read_document(path, text_column="正文")
        assert doc.text == expected.text, path.suffix
        assert doc.metadata["region"] == "湖南省" and doc.metadata["year"] == 2026
        r = cli("targets", str(path), "--text-column", "正文")
        assert r.returncode == 0 and "gdp_growth" in r.stdout, (path, r.stderr)


def test_table_of_several_reports_points_to_corpus(tmp_path):
    pd.DataFrame({"text": ["各位代表：\n今年增长5%。", "各位代表：\n今年增长6%。"]}).to_csv(tmp_path / "two.csv", index=False)
    r = cli("targets", str(tmp_path / "two.csv"))
    assert r.returncode == 2 and "use `corpus`" in r.stderr and len(r.stderr.splitlines()) == 1


# --- bad input --------------------------------------------------------------------------
def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (8 << 20))  # 8 MiB of zeros: ~1000:1
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def scanned_pdf() -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(3):
        w.add_blank_page(595, 842)  # pages with no text layer, as a scan has
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


BAD = {
    # an encrypted .docx is an OLE compound file (its signature), not a ZIP
    "locked.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "encrypted (password-protected) Office file"),
    "broken.docx": (lambda: (WORD / "2025年河北省政府工作报告.docx").read_bytes()[:4000], "corrupt archive"),
    "bomb.docx": (zip_bomb, "zip bomb"),
    "locked.pdf": (encrypted_pdf, "password-protected PDF"),
    "scan.pdf": (scanned_pdf, "scanned PDF without a text layer; run OCR first"),
    "index.html": (lambda: (HTML / "2026_GS.html").read_bytes(), "no report text"),
    "photo.txt": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_file_one_line_exit_2_nothing_written(tmp_path, name):
    make, problem = BAD[name]
    p = tmp_path / name
    p.write_bytes(make())
    r = cli("metrics", str(p), cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == "", r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith(f"error: {p}: ") and problem in r.stderr
    assert sorted(x.name for x in tmp_path.iterdir()) == [name]


def test_garbled_pdf_text_layer_is_refused():
    from analysis.readers.pdf import garbled

    assert garbled("2025年1年13年" + "年" * 200 + "各位代表")  # what fonts without a Unicode map give
    assert not garbled(read_document(FORMATS / "hebei-2025.pdf").text)


def test_fifo_is_refused_not_waited_on(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_document(fifo)


# --- a corpus of every format -----------------------------------------------------------
def test_corpus_folder_of_mixed_formats_reads_good_and_lists_bad(tmp_path):
    from analysis.runner import run_corpus

    src = tmp_path / "in"
    src.mkdir()
    (src / "bj.html").write_bytes((HTML / "2026_BJ.html").read_bytes())
    (src / "hebei.pdf").write_bytes((FORMATS / "hebei-2025.pdf").read_bytes())
    (src / "fujian.docx").write_bytes((WORD / "2025年福建省政府工作报告.docx").read_bytes())
    (src / "seed.txt").write_bytes(SEED.read_bytes())
    for name in ("locked.docx", "scan.pdf", "index.html"):
        (src / name).write_bytes(BAD[name][0]())
    (src / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (src / "notes.md").write_text("读我", encoding="utf-8")
    summary = run_corpus(src, tmp_path / "out", jobs=1, progress=False)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert sorted(docs["doc_id"]) == ["bj", "fujian", "hebei", "seed"]
    problems = pd.read_parquet(tmp_path / "out" / "problems.parquet")
    listed = {Path(p).name: why for p, why in zip(problems["input"], problems["problem"])}
    assert set(listed) == {"locked.docx", "scan.pdf", "index.html", "chart.png", "notes.md"}
    assert listed["chart.png"] == "not read: not a report file type (.png)"
    assert len(summary.problems) == 5 and "5 skipped" in str(summary)
    assert docs.set_index("doc_id").loc["fujian", ["region", "year", "level"]].tolist() == ["福建省", 2025, "provincial"]


def test_tables_are_streamed_past_the_size_limit_of_one_report(tmp_path, monkeypatch):
    # a corpus table may be gigabytes: only its head is read to tell its format; a single
    # report file over the limit is refused
    import json

    from analysis.readers import source as read
    from analysis.readers.records import Record, iter_corpus

    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1 << 20)
    line = json.dumps({"year": 2025, "content": "各位代表：\n今年国内生产总值增长5%左右。" * 200}, ensure_ascii=False)
    table = tmp_path / "big.jsonl"
    table.write_text("\n".join([line] * 300) + "\n", encoding="utf-8")
    assert table.stat().st_size > 3 * read.SNIFF_BYTES
    assert sum(isinstance(r, Record) for r in iter_corpus(table)) == 300
    report = tmp_path / "big.txt"
    report.write_text("各位代表：\n" + "今年国内生产总值增长5%左右。" * 40000, encoding="utf-8")
    with pytest.raises(InputError, match="larger than the 1,048,576-byte limit"):
        read_document(report)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_report_without_line_breaks_longer_than_the_sniffed_head_is_read(tmp_path, monkeypatch, encoding):
    # The head read to tell a file's format was cut at its last line break, else at the byte
    # limit: in a text with no line break (a report, or several, stored on one line) that cut
    # a character in two, the head did not decode, and the file was refused as "undecodable:
    # not UTF-8, GB18030/GBK or Big5 text". Here the head is 1,000 bytes: 1000 = 3 × 333 + 1 in
    # UTF-8, and the cut falls inside a two-byte character in GB18030 too.
    from analysis.readers import source as read

    monkeypatch.setattr(read, "SNIFF_BYTES", 1000)
    path = tmp_path / "2025年某县政府工作报告.txt"
    path.write_bytes(("各位代表：今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右。" + "加快发展新质生产力，" * 200).encode(encoding))
    doc = read_document(path)
    assert targets_table(doc)[["indicator", "value"]].values.tolist() == [["gdp_growth", 6.0]]


def test_regression_date_stamp_of_a_page_is_chrome(tmp_path):
    # the Zhejiang summary page (not compared with a CSV) kept 日期：2026-01-23来源：浙江发改
    doc = read_document(HTML / "2026_ZJ.html")
    assert doc.text.split("\n")[:2] == ["浙江省政府工作报告摘要", "一、2025年主要工作和“十四五”发展成就"]


# Readers made faster (benchmarks/README.md) give what the libraries' own calls give.


def _word_paragraph_with_every_run_part():
    """A paragraph holding each run part python-docx renders: text, tab, line/page/column
    breaks, carriage return, non-breaking hyphen, absolute tab, and a hyperlink's runs."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    para = d.add_paragraph()
    para._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:t>增长</w:t><w:tab/><w:t xml:space="preserve">5% </w:t><w:br/>'
        '<w:br w:type="page"/><w:br w:type="column"/><w:cr/><w:t>左</w:t><w:noBreakHyphen/><w:ptab w:relativeTo="margin" '
        'w:alignment="right" w:leader="none"/><w:t>右</w:t></w:r>'))
    para._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="rId9"><w:r><w:t>链接</w:t></w:r><w:r><w:t>文字</w:t></w:r></w:hyperlink>'))
    para._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>。</w:t></w:r>'))
    return para


def test_word_paragraph_text_is_python_docx_paragraph_text():
    from docx.text.paragraph import Paragraph

    from analysis.readers.word import paragraph_text

    para = _word_paragraph_with_every_run_part()
    assert paragraph_text(para._p) == "增长\t5% \n\n左-\t右链接文字。" == para.text  # by hand from python-docx's rules
    import docx

    for path in sorted(WORD.glob("*.docx")):
        body = docx.Document(path).element.body
        paragraphs = list(body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
        assert len(paragraphs) > 20, path.name  # body and table-cell paragraphs alike
        assert [paragraph_text(p) for p in paragraphs] == [Paragraph(p, None).text for p in paragraphs], path.name


def test_pdf_character_boxes_are_pypdfium2_charboxes():
    import pypdfium2 as pdfium

    from analysis.readers.pdf import _CharBox

    pdf = pdfium.PdfDocument(FORMATS / "hubei-2025.pdf")
    for i in (0, len(pdf) // 2, len(pdf) - 1):
        textpage = pdf[i].get_textpage()
        box = _CharBox(textpage)
        n = textpage.count_chars()
        assert n > 200
        assert [box(k) for k in range(n)] == [textpage.get_charbox(k) for k in range(n)]
        with pytest.raises(pdfium.PdfiumError):
            box(n + 5)  # past the last character: refused as get_charbox refuses it
        textpage.close()
    pdf.close()


def test_garbled_threshold_counts():
    from analysis.readers.pdf import garbled

    assert not garbled("年" * 19)  # under 20 CJK characters: too little to judge
    assert garbled("年" * 20)
    other = "".join(chr(0x4E00 + k) for k in range(17))  # 17 distinct characters
    assert not garbled("年" * 3 + other + "abc 123 ，。")  # 3 of 20 CJK characters: exactly 15%
    assert garbled("年" * 4 + other)  # 4 of 21: 19%


@pytest.mark.parametrize("code", sorted(PAGES))
def test_web_page_characters_point_at_their_source(code):
    """Each character of a page's text is its own source character, or what its span writes:
    an entity reference decoded, or a space, tab (between a row's cells) or line break for
    whitespace or a tag."""
    import html

    from analysis.readers.webpage import html_text

    source = (HTML / f"2026_{code}.html").read_text(encoding="utf-8")
    page = html_text(source)
    assert len(page.starts) == len(page.ends) == len(page.text) > 5000
    for ch, a, b in zip(page.text, page.starts.tolist(), page.ends.tolist()):
        span = source[a:b]
        if span == ch:
            continue
        if span.startswith("&"):
            decoded = html.unescape(span).replace("\xa0", " ")
            assert ch in decoded or (ch == " " and decoded.isspace()), (ch, span)
        else:
            assert ch in " \n\t" and (span.isspace() or span.startswith("<")), (ch, span)  # \t: a cell's edge


def test_one_report_table_date_is_the_reports_own_not_the_publication_date(tmp_path):
    # a CSV's publish_date column (Henan 2026: 2026-02-03) is when a portal published it; the
    # report's date is its occasion line's (——2026年1月26日在河南省…), as `corpus` keeps them apart
    src = paths.RAW / "provincial-2026" / "2026_河南省_政府工作报告.csv"
    doc = read_document(src)
    assert doc.metadata["occasion"].startswith("——2026年1月26日") and doc.metadata["date"] == "2026-01-26"
    assert doc.metadata["published"] == "2026-02-03"
    assert "date:     2026-01-26" in cli("structure", str(src)).stdout


def test_a_report_cut_short_is_noted(tmp_path):
    # the first half of a report (a download broken off, a PDF's first pages) gave half the
    # targets with exit 0 and nothing said; every shipped report ends with a closed sentence
    text = (WORD / "2025年湖北省政府工作报告.docx")
    full = read_document(text).text
    cut = tmp_path / "cut.txt"
    cut.write_text(full[: full.index("每季度") + 4], encoding="utf-8")
    doc = read_document(cut)
    (note,) = doc.metadata["notes"]
    assert note.startswith("the text stops mid-sentence (“…") and "cut short" in note
    r = cli("targets", str(cut))
    assert r.returncode == 0 and f"note: {cut}: the text stops mid-sentence" in r.stderr
    assert "notes" not in read_document(WORD / "2025年湖北省政府工作报告.docx").metadata


def test_a_report_cut_short_is_noted_in_the_documents_table(tmp_path):
    import analysis

    full = read_document(WORD / "2025年湖北省政府工作报告.docx").text
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cut.txt").write_text(full[: full.index("每季度") + 4], encoding="utf-8")
    tables = analysis.corpus([str(tmp_path / "in")], out=str(tmp_path / "out"))
    assert tables["documents"]["notes"].iloc[0].startswith("the text stops mid-sentence")


def test_pdf_heading_after_a_full_last_line_starts_its_own_paragraph():
    # a Word file typeset without first-line indents (a county's, made with python-docx and
    # LibreOffice): the salutation paragraph's last line ends with 。 a character short of the
    # edge, and the next line, 一、2024年工作回顾, opens with a character and 、 — read as a
    # character carried over with its comma, the heading was joined to the paragraph
    from analysis.readers.pdf import Line, rejoin_page_width

    lines = [Line("现在，我代表县人民政府向大会报告工作，请予审议，并请各位政协委员提出", 90, 510, 12),
             Line("意见。请予审议，并请各位政协委员提出意见，请予审议，并请各位委员。", 90, 498, 12),
             Line("一、2024年工作回顾", 90, 200, 12),
             Line("过去一年，全县实现地区生产总值235.6亿元，同比增长6.2%；完成一般公共", 90, 510, 12),
             Line("预算收入12.3亿元。", 90, 200, 12)]
    assert rejoin_page_width(lines) == [lines[0].text + lines[1].text, lines[2].text, lines[3].text + lines[4].text]


def test_web_page_table_of_targets_gives_its_target_column(tmp_path):
    # a county portal's page whose targets are a <table>: its cells were joined by spaces (then
    # removed between Chinese), the rows into one paragraph, and last year's results became targets
    rows = [("指标", "单位", "2024年完成", "2025年目标"), ("地区生产总值增长", "%", "5.8", "5左右"),
            ("城镇新增就业", "万人", "1.1", "1.2以上")]
    table = "".join("<tr>" + "".join(f"<td> {c} </td>" for c in r) + "</tr>" for r in rows)
    page = ("<html><head><title>2025年某县政府工作报告</title></head><body><div class='article'>"
            "<p>2025年某县政府工作报告</p><p>各位代表：</p><p>现在，我代表县人民政府，向大会报告工作，请予审议。</p>"
            "<p>一、2024年工作回顾</p>" + "<p>过去一年，全县经济运行总体平稳，各项事业取得新进展，人民生活持续改善。</p>" * 8 +
            "<p>二、2025年工作安排</p><p>2025年全县经济社会发展的主要预期目标是：</p>"
            f"<table>{table}</table><p>确定以上目标，兼顾了需要和可能。</p></div></body></html>")
    path = tmp_path / "county.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert "\n城镇新增就业\t万人\t1.1\t1.2以上\n" in doc.text
    got = targets_table(doc)
    assert got[["indicator", "value", "unit", "qualifier"]].values.tolist() == [
        ["gdp_growth", 5.0, "%", "左右"], ["new_urban_jobs", 1.2, "万人", "以上"]]
    # the target's offset is in the markup, at the target cell's text
    assert [page[s : s + 3] for s in got["raw_start"]] == ["5左右", "1.2"]


@pytest.mark.parametrize("name", ["county-table.pdf", "county-table.pdftotext-layout.txt", "county-table.pdftotext.txt"])
def test_pdf_table_of_targets_gives_its_target_column(name):
    # tests/fixtures/formats/make_fixtures.py: a Word table (指标 | 单位 | 2024年完成 | 2025年目标)
    # as LibreOffice's PDF and as pdftotext -layout writes it. Before, PDFium's spaces between the
    # cells were removed (城镇新增就业万人1.1 1.2以上), the rows joined, and last year's results
    # became targets beside this year's, with no indicator; its name cell wrapped onto two
    # lines (一般公共预算收入 / 增长) before a row of figures. Plain pdftotext writes it a cell a
    # line, the wrapped name on two: before, its cells ran into one another and gave 8 targets,
    # none with an indicator.
    doc = read_document(FIXTURES / "formats" / name)
    got = targets_table(doc)
    assert got[["indicator", "value", "unit", "qualifier"]].values.tolist() == [
        ["gdp_growth", 5.0, "%", "左右"], ["new_urban_jobs", 1.2, "万人", "以上"], ["cpi", 2.0, "%", "左右"],
        ["fiscal_revenue_growth", 3.0, "%", ""]]
    # the 2024年完成 column: last year's outcomes (GDP's from the review's sentence, 增长5.8%).
    # pdftotext -layout sets the name's wrapped 增长 on a line after its row: it is the rest of the
    # name (一般公共预算收入增长, a growth of 3.1%), not the start of the sentence after the table
    # (before: 增长确定以上目标，…, and that row gave no outcome)
    from analysis.extract.outcomes import outcomes_table

    assert outcomes_table(doc)[["indicator", "value", "period"]].values.tolist() == [
        ["gdp_growth", 5.8, "2024年"], ["new_urban_jobs", 1.1, "2024年完成"], ["cpi", 0.2, "2024年完成"],
        ["fiscal_revenue_growth", 3.1, "2024年完成"]]
    assert "确定以上目标，兼顾了需要和可能。" in doc.sentences["sentence"].tolist()


def test_pdftotext_layout_row_with_its_name_wrapped_mid_table_keeps_the_rows_after_it(tmp_path):
    # The committed pdftotext -layout text with the wrapped row moved up, as pdftotext writes a
    # table whose second row's name wraps: 一般公共预算收入 … 3 / 增长, then the other rows. Before,
    # the 增长 line ended the table: the rows after it gave no targets and no outcomes.
    text = (FIXTURES / "formats" / "county-table.pdftotext-layout.txt").read_text(encoding="utf-8")
    rows = text[text.index("地区生产总值增长"):text.index("确定以上目标")]
    gdp, jobs, cpi, fiscal = rows.split("\n\n", 3)
    path = tmp_path / "2025年某县政府工作报告.txt"
    path.write_text(text.replace(rows, "\n\n".join([gdp, fiscal.rstrip("\n"), jobs, cpi]) + "\n\n"), encoding="utf-8")
    assert "3.1        3\n增长\n\n城镇新增就业" in path.read_text(encoding="utf-8")
    doc = read_document(path)
    from analysis.extract.outcomes import outcomes_table

    assert targets_table(doc)[["indicator", "value"]].values.tolist() == [
        ["gdp_growth", 5.0], ["fiscal_revenue_growth", 3.0], ["new_urban_jobs", 1.2], ["cpi", 2.0]]
    assert outcomes_table(doc)[["indicator", "value"]].values.tolist() == [
        ["gdp_growth", 5.8], ["fiscal_revenue_growth", 3.1], ["new_urban_jobs", 1.1], ["cpi", 0.2]]


def test_web_page_table_with_spanning_cells_keeps_its_columns(tmp_path):
    # rowspan and colspan: the header's 指标, 单位 and 2025年目标 span two rows, 2024年 two columns,
    # and a category cell spans the data rows; each grid column keeps its place (an empty cell
    # where a cell above reaches down), so the two header rows read as 2024年目标 | 2024年完成
    table = ("<table><tr><td rowspan=2>类别</td><td rowspan=2>指标</td><td rowspan=2>单位</td><td colspan=2>2024年</td>"
             "<td rowspan=2>2025年目标</td></tr><tr><td>目标</td><td>完成</td></tr>"
             "<tr><td rowspan=2>经济发展</td><td>地区生产总值增长</td><td>%</td><td>6</td><td>5.8</td><td>5左右</td></tr>"
             "<tr><td>城镇新增就业</td><td>万人</td><td>1.0</td><td>1.1</td><td>1.2以上</td></tr></table>")
    page = ("<html><head><title>2025年某县政府工作报告</title></head><body>"
            "<p>2025年某县政府工作报告</p><p>各位代表：</p>"
            + "<p>过去一年，全县经济运行总体平稳，各项事业取得新进展，人民生活持续改善。</p>" * 8
            + f"<p>二、2025年工作安排</p><p>2025年全县经济社会发展的主要预期目标是：</p>{table}"
            "<p>确定以上目标，兼顾了需要和可能。</p></body></html>")
    path = tmp_path / "county.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert "\n类别\t指标\t单位\t2024年\t\t2025年目标\n\t\t\t目标\t完成\n经济发展\t地区生产总值增长\t%\t6\t5.8\t5左右\n\t城镇新增就业\t" in doc.text
    assert targets_table(doc)[["indicator", "value", "unit"]].values.tolist() == [["gdp_growth", 5.0, "%"], ["new_urban_jobs", 1.2, "万人"]]


@pytest.mark.parametrize("markup, text", [
    ("<table><tr><td rowspan=2>a</td><td>b</td><tr><td>d</td></table>", "a\tb\n\td"),  # </tr> left out, as HTML allows
    ("<table><td>地区</td><td>5%</td></table>", "地区 5%"),  # cells outside any row: apart by a space, as before
    ("<table><tr><td>a</td><td></td><td>b</td></tr><tr><td></td><td>c</td></tr></table>", "a\t\tb\n\tc"),  # empty cells
])
def test_web_page_table_cells_keep_their_columns(markup, text):
    from analysis.readers.webpage import html_text

    assert html_text(markup).text == text
