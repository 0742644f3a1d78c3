"""Formats and encodings are detected from the content; bad input is one clear InputError naming the file."""

import pytest

from analysis.errors import InputError
from analysis.readers import read_source

TEXT = "政府工作报告\n各位代表：\n现在，我代表區人民政府向大会报告工作。地方财政收入145.5亿元。\n"


@pytest.mark.parametrize(
    "encoding, data, expected",
    [
        ("utf-8", TEXT.encode("utf-8"), "utf-8"),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        ("gb18030", TEXT.encode("gb18030"), "gb18030"),
        ("gbk", TEXT.encode("gbk"), "gb18030"),
        ("big5", "政府工作報告\n各位代表：\n現在，我代表區人民政府向大會報告工作。".encode("big5"), "big5"),
        # UTF-16 without a byte-order mark (some exports write none): was "binary file (contains NUL bytes)"
        ("utf-16-le, no BOM", TEXT.encode("utf-16-le"), "utf-16-le"),
        ("utf-16-be, no BOM", TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings_detected(tmp_path, encoding, data, expected):
    p = tmp_path / "r.txt"
    p.write_bytes(data)
    raw = read_source(p)
    assert raw.format == "text" and raw.encoding == expected
    assert "各位代表" in raw.text and not raw.text.startswith("\ufeff")


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        # a PDF or a ZIP named .txt is read by its content: these are broken ones
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "corrupt PDF"),
        (b"PK\x03\x04\x14\x00", "corrupt archive"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "binary file (a PNG image)"),
        (b"abc\x00\x01\x02def", "binary file (contains NUL bytes)"),
        # WordPad or Word's "Rich Text": its markup is not report text (the characters are \uNNNN escapes)
        (b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl\\f0 SimSun;}\\f0 \\u21508?\\u20301?}", "an RTF document, not read: save it as .docx"),
    ],
)
def test_bad_input_is_one_line_error(tmp_path, data, problem):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_source(p)
    message = str(err.value)
    assert message.startswith(str(p)) and problem in message and "\n" not in message


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")


def test_undecodable_bytes(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes(bytes([0x80, 0xFF, 0xFE, 0x81]) * 50)
    with pytest.raises(InputError, match="undecodable|binary|no text"):
        read_source(p)


# --- text decoded the wrong way before it was saved ------------------------------------------
@pytest.mark.parametrize(
    "wrong, right, says",
    [
        # a UTF-8 file opened as GBK in an old editor and saved: 鏀垮簻宸ヤ綔鎶ュ憡
        ("gbk", "utf-8", "it reads as UTF-8 text that was decoded as GBK and saved again"),
        ("cp1252", "utf-8", "it reads as UTF-8 text that was decoded as Windows-1252 (Latin-1) and saved again"),
        ("latin-1", "gbk", "it reads as GBK text that was decoded as Windows-1252 (Latin-1) and saved again"),
        # Big5 decodes fewer of UTF-8's byte pairs: too much is lost to name the cause, but it is refused
        ("big5", "utf-8", "decoded with the wrong encoding somewhere before this file was saved?"),
    ],
)
def test_text_decoded_the_wrong_way_is_refused(tmp_path, national_text, wrong, right, says):
    from analysis.pipeline import read_document

    garbled = national_text(2024).encode(right, errors="replace").decode(wrong, errors="replace")
    p = tmp_path / "r.txt"
    p.write_text(garbled, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(p)
    message = str(err.value)
    assert message.startswith(f"{p}: garbled text: ") and says in message and "\n" not in message


def test_every_shipped_report_reads_as_decoded_right():
    from analysis import paths
    from analysis.readers.misdecoded import common_share, misdecoding
    from analysis.readers.records import Problem, iter_corpus

    records = [r for r in iter_corpus(paths.RAW) if not isinstance(r, Problem)]
    assert len(records) == 114 and all(misdecoding(r.text) is None for r in records)
    assert min(common_share(r.text)[0] for r in records) > 0.98


def _zip_file(path, members: dict[str, str]):
    """``path`` written as a ZIP archive of ``members`` (name → text), in their order."""
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def test_opendocument_text_is_refused_by_name(tmp_path):
    # an .odt: its mimetype first, as ODF requires
    p = _zip_file(tmp_path / "report.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                            "content.xml": "<office:document-content/>"})
    with pytest.raises(InputError, match="an OpenDocument text .*save it as Word"):
        read_source(p)


def test_tab_separated_table_reads_its_columns(tmp_path):
    from analysis.readers.records import iter_records

    p = tmp_path / "one.tsv"
    p.write_text("title\tfull_text\n2025年某省政府工作报告\t" + TEXT.replace("\n", "\\n") + "\n", encoding="utf-8")
    ((_, text, meta),) = list(iter_records(p))
    assert text.startswith("政府工作报告") and "145.5亿元" in text


def test_no_text_column_says_what_the_header_row_holds(tmp_path):
    # a workbook or CSV with a title row above a header that names no text column: the
    # message shows that header (the title row above it is passed over)
    from analysis.readers.records import iter_records

    p = tmp_path / "t.csv"
    p.write_text("2025年各省政府工作报告汇总,,\n省份,标题,报告全文\n湖北省,政府工作报告,各位代表：\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(iter_records(p))
    message = str(err.value)
    assert ("no text column (looked for full_text, content, text, 全文, 正文, 内容, 文本) in the header row "
            "(“省份”, “标题”, “报告全文”)") in message
    assert "--text-column" in message and "\n" not in message


def test_ofd_document_is_refused_by_name(tmp_path):
    # OFD (GB/T 33190), the fixed-layout format Chinese government sites publish in: a ZIP with
    # OFD.xml at its root; it was "a ZIP archive that is neither a Word nor an Excel file"
    p = _zip_file(tmp_path / "report.ofd", {"OFD.xml": '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>',
                                            "Doc_0/Document.xml": "<ofd:Document/>"})
    with pytest.raises(InputError, match="an OFD document .*export it to PDF"):
        read_source(p)


def test_a_folders_document_files_of_unread_formats_say_how_to_save_them(tmp_path):
    from pathlib import Path

    from analysis.readers.records import Problem, iter_corpus

    for name in ("a.doc", "b.wps", "c.ofd", "d.odt", "e.caj"):
        (tmp_path / name).write_bytes(b"\x00" * 16)
    got = {Path(p.path).name: p.problem for p in iter_corpus(tmp_path) if isinstance(p, Problem)}
    assert got["a.doc"] == "not read: an old Word file (.doc): save it as .docx"
    assert got["b.wps"] == "not read: a WPS file (.wps): save it as .docx"
    assert got["c.ofd"].startswith("not read: an OFD document (.ofd") and got["e.caj"].startswith("not read: a CAJ file (.caj")
    assert got["d.odt"] == "not read: an OpenDocument text (.odt): save it as .docx"


def test_a_folders_doc_file_that_holds_a_web_page_or_a_docx_is_read_by_its_content(tmp_path):
    # portals' 下载Word links often serve a web page named .doc; given itself such a file was
    # read by its content, in a folder it was refused by its name ("save it as .docx")
    from pathlib import Path

    from analysis import paths
    from analysis.readers.records import Problem, iter_corpus

    fixtures = Path(__file__).parent / "fixtures" / "html"
    (tmp_path / "page.doc").write_bytes((fixtures / "2026_HB.html").read_bytes())
    (tmp_path / "misnamed.doc").write_bytes((paths.RAW / "provincial-2025" / "2025年天津市政府工作报告.docx").read_bytes())
    (tmp_path / "real.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    items = list(iter_corpus(tmp_path))
    problems = {Path(p.path).name: p.problem for p in items if isinstance(p, Problem)}
    read = sorted(Path(r.path).name for r in items if not isinstance(r, Problem))
    assert read == ["misnamed.doc", "page.doc"]
    assert problems == {"real.doc": "not read: an old Word file (.doc): save it as .docx"}
