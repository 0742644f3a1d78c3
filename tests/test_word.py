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
