"""Word files as drafts and templates leave them: tracked changes, content controls, fields.

python-docx's ``Paragraph.text`` reads only a paragraph's direct runs and hyperlinks, so the
text of a tracked insertion (``w:ins``), a content control (``w:sdt``) or a simple field
(``w:fldSimple``) was silently lost. The documents are built here with python-docx and the
wrapped runs added as Word writes them (ECMA-376 Part 1, §17.13.5 revisions, §17.5.2
content controls, §17.16.19 fldSimple); the expected text is written out by hand.
"""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from analysis.readers.word import docx_text

W = nsdecls("w")


def _docx(body_xml: list[str]) -> bytes:
    d = docx.Document()
    body = d.element.body
    for xml in body_xml:
        body.insert(len(body) - 1, parse_xml(xml))  # before the section properties
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_tracked_changes_read_as_accepted():
    data = _docx([
        f'<w:p {W}><w:r><w:t>地区生产总值增长</w:t></w:r>'
        '<w:del w:id="1" w:author="a" w:date="2026-01-10T00:00:00Z"><w:r><w:delText>5.5%</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a" w:date="2026-01-10T00:00:00Z"><w:r><w:t>5%</w:t></w:r></w:ins>'
        '<w:r><w:t>左右。</w:t></w:r></w:p>',
        f'<w:p {W}><w:moveFrom w:id="3" w:author="a"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="4" w:author="a"><w:r><w:t>城镇新增就业60万人以上。</w:t></w:r></w:moveTo></w:p>',
    ])
    assert docx_text(data).split("\n")[-2:] == ["地区生产总值增长5%左右。", "城镇新增就业60万人以上。"]


def test_content_controls_fields_and_smart_tags_are_read():
    data = _docx([
        # a block-level content control holding a paragraph (a template's title)
        f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>政府工作报告</w:t></w:r></w:p></w:sdtContent></w:sdt>',
        # a run-level content control, a simple field and a smart tag inside one paragraph
        f'<w:p {W}><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>——2026年1月27日</w:t></w:r></w:sdtContent></w:sdt>'
        '<w:fldSimple w:instr=" DOCPROPERTY place "><w:r><w:t>在湖北省</w:t></w:r></w:fldSimple>'
        '<w:smartTag w:uri="u" w:element="e"><w:r><w:t>第十四届人民代表大会</w:t></w:r></w:smartTag>'
        '<w:r><w:t>第四次会议上</w:t></w:r></w:p>',
    ])
    assert docx_text(data).split("\n")[-2:] == ["政府工作报告", "——2026年1月27日在湖北省第十四届人民代表大会第四次会议上"]


def test_a_plain_document_reads_as_python_docx_reads_it():
    d = docx.Document()
    p = d.add_paragraph("各位代表：")
    p.add_run("\t现在，我代表").add_break()
    d.add_paragraph("一、2025年工作回顾")
    buf = io.BytesIO()
    d.save(buf)
    assert docx_text(buf.getvalue()) == "\n".join(para.text for para in d.paragraphs)


# --- Word's automatic numbering -------------------------------------------------------------
HUBEI = "2025年湖北省政府工作报告.docx"


def _numbered(lines, levels_xml: str, number_of) -> bytes:
    """A Word file of ``lines`` (python-docx's template, which has a numbering part); the
    lines ``number_of`` gives a level for lose their written number and get Word's automatic
    numbering (abstract definition 900, levels ``levels_xml``) instead."""
    from docx.oxml.ns import qn

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(f'<w:abstractNum {W} w:abstractNumId="900">{levels_xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="900"><w:abstractNumId w:val="900"/></w:num>'))
    for line in lines:
        level, text = number_of(line)
        p = d.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="900"/></w:numPr>'))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _headings_numbered(line):
    """一、 → level 0, （一） → level 1, the number taken off the text."""
    import re

    m = re.match(r"([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)
    return (None, line) if not m else (0 if m.group(1).endswith("、") else 1, line[m.end():])


def _levels(suffix: str) -> str:
    suff = f'<w:suff w:val="{suffix}"/>' if suffix else ""  # none: Word's default, a tab
    return (f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>{suff}</w:lvl>'
            f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>{suff}</w:lvl>')


def test_automatic_numbering_reads_as_the_written_numbers(tmp_path):
    """湖北's report (its numbers written in the text) rebuilt with its 3 一、 and 16 （一）
    headings numbered by Word: the same text, number for number."""
    from analysis import paths

    text = docx_text((paths.RAW / "provincial-2025" / HUBEI).read_bytes())
    numbered = sum(_headings_numbered(line)[0] is not None for line in text.split("\n"))
    assert numbered == 19
    assert docx_text(_numbered(text.split("\n"), _levels("nothing"), _headings_numbered)) == text


def test_automatic_numbering_with_tabs_gives_the_same_report(tmp_path):
    """Word's default suffix is a tab after the number: headings and targets come out as from
    the report with its numbers written."""
    from analysis import paths
    from analysis.extract.targets import targets_table
    from analysis.pipeline import read_document

    original = paths.RAW / "provincial-2025" / HUBEI
    path = tmp_path / HUBEI
    path.write_bytes(_numbered(docx_text(original.read_bytes()).split("\n"), _levels(""), _headings_numbered))
    a, b = read_document(original), read_document(path)
    cols = ["level", "number", "text"]
    assert len(a.headings) == 24 and a.headings[cols].values.tolist() == b.headings[cols].values.tolist()
    t_cols = ["indicator", "value", "unit", "qualifier"]
    assert targets_table(a)[t_cols].astype(str).values.tolist() == targets_table(b)[t_cols].astype(str).values.tolist()


def test_numbering_restarts_and_formats():
    """Level 2 restarts under each level-1 item; decimal, enclosed and legal formats; a bullet
    adds nothing."""
    levels = ('<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl>'
              '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/><w:suff w:val="nothing"/></w:lvl>'
              '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>'
              '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1.%4"/><w:suff w:val="nothing"/></w:lvl>')
    lines = [("0", "扩大内需"), ("1", "促消费"), ("1", "扩投资"), ("2", "要点"), ("0", "科技创新"), ("1", "基础研究"),
             ("3", "法规")]
    data = _numbered(lines, levels, lambda item: (int(item[0]), item[1]))
    assert docx_text(data).split("\n")[-7:] == ["1. 扩大内需", "①促消费", "②扩投资", "要点", "2. 科技创新", "①基础研究", "2.1法规"]


def test_numbering_from_a_heading_style():
    """A heading style that carries the numbering (as Word's 标题 1 often does), the paragraph
    only naming the style; a style based on it inherits it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="901"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="901"><w:abstractNumId w:val="901"/></w:num>'))
    style = d.styles.add_style("报告标题一", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="901"/></w:numPr>'))
    child = d.styles.add_style("报告标题一加粗", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = style
    d.add_paragraph("2025年工作回顾", style="报告标题一")
    d.add_paragraph("正文。")
    d.add_paragraph("2026年工作安排", style="报告标题一加粗")
    buf = io.BytesIO()
    d.save(buf)
    assert docx_text(buf.getvalue()).split("\n")[-3:] == ["一、2025年工作回顾", "正文。", "二、2026年工作安排"]


# --- tables: data rows and layout ----------------------------------------------------------------
def test_report_laid_out_in_a_table_cell_reads_as_paragraphs():
    """Some Word files hold the whole report in one table cell (a layout table): its
    paragraphs were joined into one line, and 湖北's title, occasion and headings were lost."""
    from analysis import paths

    text = docx_text((paths.RAW / "provincial-2025" / HUBEI).read_bytes())
    d = docx.Document()
    outer = d.add_table(rows=1, cols=1).cell(0, 0)
    outer.paragraphs[0].text = "（版式表格）"
    inner = outer.add_table(rows=1, cols=1).cell(0, 0)  # a table in a table, as page layouts nest them
    lines = text.split("\n")
    inner.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        inner.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    # python-docx closes each cell with an empty paragraph after the inner table: an empty line
    assert docx_text(buf.getvalue()).rstrip("\n") == "（版式表格）\n" + text.rstrip("\n")


def test_data_row_with_a_two_line_heading_cell_stays_one_line():
    d = docx.Document()
    row = d.add_table(rows=1, cols=3).rows[0].cells
    row[0].paragraphs[0].text = "地区生产总值"
    row[0].add_paragraph("（亿元）")
    row[1].text, row[2].text = "60012.97", "5.8%"
    buf = io.BytesIO()
    d.save(buf)
    # cells apart by a tab (as Word copies a table as text), a cell's two lines by a space
    assert docx_text(buf.getvalue()).split("\n")[-1] == "地区生产总值 （亿元）\t60012.97\t5.8%"


def test_data_row_value_in_a_content_control_is_read():
    """A form-like table whose value cell is a content control (w:sdt around the cell's
    paragraph), as templates fill them: the value was lost from the row."""
    d = docx.Document()
    row = d.add_table(rows=1, cols=2).rows[0].cells
    row[0].text = "城镇新增就业"
    tc = row[1]._tc
    tc.remove(tc.p_lst[0])
    tc.append(parse_xml(f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>60万人以上</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    buf = io.BytesIO()
    d.save(buf)
    assert docx_text(buf.getvalue()).split("\n")[-1] == "城镇新增就业\t60万人以上"


def test_hidden_text_is_left_out():
    # w:vanish (ECMA-376 §17.3.2.41) hides a run: Word neither shows nor prints it (a drafter's
    # note "原定7%" read as text gave a second GDP figure); w:val="0" turns it off again
    data = _docx([
        f'<w:p {W}><w:r><w:t>地区生产总值增长5%左右</w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>（草稿备注：原定7%）</w:t></w:r>'
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>，</w:t></w:r>'
        '<w:ins w:id="1" w:author="a"><w:r><w:rPr><w:vanish w:val="true"/></w:rPr><w:t>隐藏</w:t></w:r></w:ins>'
        '<w:r><w:t>城镇新增就业60万人以上。</w:t></w:r></w:p>',
    ])
    assert docx_text(data).split("\n")[-1] == "地区生产总值增长5%左右，城镇新增就业60万人以上。"


def test_a_table_of_targets_reads_a_row_a_line(tmp_path):
    # a Word table under the intro: its rows were glued into one line with the paragraph after
    # it (the cleaning joined lines that close no sentence), and the targets read as work plan
    from analysis.pipeline import read_document

    d = docx.Document()
    d.add_paragraph("政府工作报告")
    d.add_paragraph("各位代表：")
    d.add_paragraph("经济社会发展的主要预期目标是：")
    rows = [("指标", "2025年预期目标"), ("地区生产总值增长", "6%左右"), ("城镇调查失业率", "5.5%左右"), ("粮食产量", "500亿斤以上")]
    table = d.add_table(rows=len(rows), cols=2)
    for i, (a, b) in enumerate(rows):
        table.cell(i, 0).text, table.cell(i, 1).text = a, b
    d.add_paragraph("经济增长目标设定为6%左右，是一个积极进取的目标，综合考虑了促就业、惠民生、稳预期等需要。")
    path = tmp_path / "targets.docx"
    d.save(path)
    doc = read_document(path)
    assert "\n粮食产量\t500亿斤以上\n经济增长目标" in doc.text  # a row a line, its cells apart
    from analysis.extract.targets import targets_table

    main = targets_table(doc)
    assert main[main.stated_in == "main_targets"]["indicator"].tolist() == ["gdp_growth", "unemployment_rate", "grain_output"]


def test_a_table_of_targets_with_last_years_results_gives_the_target_column(tmp_path):
    # 指标 | 单位 | 2024年完成 | 2025年目标: before, both figures of each row became targets,
    # under names with the unit glued on (城镇新增就业万人 1.1 and 1.2) and no indicator
    from analysis.extract.targets import targets_table
    from analysis.pipeline import read_document

    d = docx.Document()
    for p in ("2025年某县政府工作报告", "各位代表：", "二、2025年工作安排", "2025年全县经济社会发展的主要预期目标是："):
        d.add_paragraph(p)
    rows = [("指标", "单位", "2024年完成", "2025年目标"), ("地区生产总值增长", "%", "5.8", "5左右"),
            ("城镇新增就业", "万人", "1.1", "1.2以上"), ("单位地区生产总值能耗下降", "%", "3.5", "完成省下达任务")]
    table = d.add_table(rows=len(rows), cols=4)
    for i, row in enumerate(rows):
        for j, c in enumerate(row):
            table.cell(i, j).text = c
    d.add_paragraph("确定以上目标，兼顾了需要和可能。")
    d.save(tmp_path / "county.docx")
    got = targets_table(read_document(tmp_path / "county.docx"))
    # a target without a figure (完成省下达任务) gives no row
    assert got[["indicator", "name", "value", "unit", "qualifier"]].values.tolist() == [
        ["gdp_growth", "地区生产总值", 5.0, "%", "左右"], ["new_urban_jobs", "城镇新增就业", 1.2, "万人", "以上"]]


def test_a_target_table_with_a_two_row_header_and_merged_cells(tmp_path):
    # 指标 | 单位 | 2024年 (over 目标 | 完成) | 2025年目标, its first two columns and the last merged
    # down two rows: a merged cell was written once per row it spans (指标 … again in the second
    # row) and once per column (2024年 once for two), so the header had fewer cells than the rows
    # and no target was read
    from analysis.extract.metrics import metrics_table
    from analysis.extract.outcomes import outcomes_table
    from analysis.extract.targets import targets_table
    from analysis.pipeline import read_document

    d = docx.Document()
    for p in ("2025年某县政府工作报告", "各位代表：", "二、2025年工作安排", "2025年全县经济社会发展的主要预期目标是："):
        d.add_paragraph(p)
    t = d.add_table(rows=4, cols=5)
    rows = [["指标", "单位", "2024年", "", "2025年目标"], ["", "", "目标", "完成", ""],
            ["地区生产总值增长", "%", "6", "5.8", "5左右"], ["城镇新增就业", "万人", "1.0", "1.1", "1.2以上"]]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    t.cell(0, 2).merge(t.cell(0, 3))
    for j in (0, 1, 4):
        t.cell(0, j).merge(t.cell(1, j))
    d.add_paragraph("确定以上目标，兼顾了需要和可能。")
    d.save(tmp_path / "county.docx")
    doc = read_document(tmp_path / "county.docx")
    assert "\n指标\t单位\t2024年\t\t2025年目标\n\t\t目标\t完成\t\n" in doc.raw_text  # each merged cell once
    assert targets_table(doc)[["indicator", "value", "qualifier"]].values.tolist() == [
        ["gdp_growth", 5.0, "左右"], ["new_urban_jobs", 1.2, "以上"]]
    assert outcomes_table(doc)[["indicator", "value", "period"]].values.tolist() == [
        ["gdp_growth", 5.8, "2024年完成"], ["new_urban_jobs", 1.1, "2024年完成"]]
    m = metrics_table(doc)
    assert m.loc[m["metric"] == "城镇新增就业", "status"].tolist() == ["planned", "achieved", "planned"]  # 2024年目标 is a plan
