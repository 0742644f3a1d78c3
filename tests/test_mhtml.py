"""Saved web archives (MHTML: a browser's "Webpage, single file", ``.mht``/``.mhtml``).

The archives are made here from the committed saved pages (tests/fixtures/html) with the
standard library's MIME writer, as Chrome (quoted-printable UTF-8) and Internet Explorer
(base64, the charset only in the part's MIME header) save them; the archive must read as
the page it holds.
"""

from __future__ import annotations

import base64
import quopri
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.extract.targets import targets_table
from analysis.pipeline import read_document

HTML = Path(__file__).parent / "fixtures" / "html"


def chrome_archive(page: bytes) -> bytes:
    """What Chrome's "Save as: Webpage, single file" writes: a MIME header, the page
    quoted-printable, then its resources."""
    return (
        b"From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.example.gov.cn/r.html\r\n"
        b"Subject: report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n"
        b"\tboundary=\"----MultipartBoundary--x--\"\r\n\r\n\r\n------MultipartBoundary--x--\r\n"
        b"Content-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        b"Content-Location: http://www.example.gov.cn/r.html\r\n\r\n"
        + quopri.encodestring(page).replace(b"\n", b"\r\n")
        + b"\r\n------MultipartBoundary--x--\r\nContent-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        b"Content-Location: cid:css-1@mhtml.blink\r\n\r\np { margin: 0; }\r\n------MultipartBoundary--x----\r\n"
    )


def ie_archive(page: bytes, charset: str) -> bytes:
    """What Internet Explorer's "Web Archive, single file" writes: the page base64, its
    charset named in the part's MIME header only."""
    body = base64.encodebytes(page).replace(b"\n", b"\r\n")
    return (
        b"From: <Saved by Windows Internet Explorer 8>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
        b"\ttype=\"text/html\";\r\n\tboundary=\"----=_NextPart_000\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n"
        b"------=_NextPart_000\r\nContent-Type: text/html;\r\n\tcharset=\"" + charset.encode() + b"\"\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + body + b"\r\n------=_NextPart_000\r\nContent-Type: image/gif\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\nR0lGODlhAQABAAAAACw=\r\n\r\n------=_NextPart_000--\r\n"
    )


def headings(doc):
    return doc.headings[["level", "number", "text"]].astype(str).values.tolist()


def targets(doc):
    return targets_table(doc).drop(columns=["doc_id", "raw_start"]).astype(str).values.tolist()


def test_chrome_archive_reads_as_its_page(tmp_path):
    page = (HTML / "2026_BJ.html").read_bytes()
    path = tmp_path / "北京.mhtml"
    path.write_bytes(chrome_archive(page))
    doc, html = read_document(path), read_document(HTML / "2026_BJ.html")
    assert doc.metadata["format"] == "mhtml" and doc.metadata["encoding"] == "utf-8"
    # offsets point into the page the archive holds: the saved page, its lines ended CRLF as
    # MIME text is
    assert doc.raw_text.replace("\r\n", "\n") == page.decode("utf-8") == html.raw_text
    assert doc.text == html.text
    assert headings(doc) == headings(html) and len(headings(doc)) >= 10
    assert targets(doc) == targets(html) and len(targets(doc)) >= 5
    # each target's offset points at the same place of the page, the archive's CRs aside
    got = [t - doc.raw_text[:t].count("\r") for t in targets_table(doc).raw_start]
    assert got == targets_table(html).raw_start.tolist()
    assert (doc.metadata["year"], doc.metadata["region"]) == (2026, "北京市")


def test_ie_archive_reads_as_its_page(tmp_path):
    """Internet Explorer's archive of the 湖北 page in GB2312 (GB18030 here), its <meta
    charset> removed: the part's MIME header is what names the encoding."""
    import re

    from analysis.readers.webpage import meta_charset

    page = re.sub(rb"<meta charset=[^>]*>", b"", (HTML / "2026_HB.html").read_bytes(), flags=re.I)
    assert meta_charset(page) is None
    path = tmp_path / "hubei.mht"
    path.write_bytes(ie_archive(page.decode("utf-8").encode("gb18030"), "gb2312"))
    doc, html = read_document(path), read_document(HTML / "2026_HB.html")
    assert doc.metadata["format"] == "mhtml" and doc.metadata["encoding"] == "gb18030"
    assert doc.raw_text == page.decode("utf-8")  # base64 keeps the page's bytes as they were
    assert doc.text == html.text and targets(doc) == targets(html) and len(targets(doc)) >= 5


def test_archive_without_a_page_is_refused_in_one_line(tmp_path):
    path = tmp_path / "pictures.mht"
    path.write_bytes(ie_archive(b"", "utf-8").replace(b"text/html;", b"image/png;"))
    r = subprocess.run([sys.executable, "-m", "analysis", "targets", str(path)], capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == f"error: {path}: a saved web archive (MHTML) with no HTML page in it\n"


def test_corpus_folder_reads_an_archive(tmp_path):
    from analysis.readers.records import Problem, iter_corpus

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "2026_BJ.mht").write_bytes(chrome_archive((HTML / "2026_BJ.html").read_bytes()))
    got = list(iter_corpus(folder))
    assert len(got) == 1 and not isinstance(got[0], Problem)
    assert got[0].doc_id == "2026_BJ"


@pytest.mark.parametrize("text", ["各位代表：\nMIME-Version: 1.0\nContent-Type: multipart/related\n", "MIME-Version: 1.0\n\n正文"])
def test_text_that_mentions_mime_is_text(text):
    from analysis.readers.source import detect_format

    assert detect_format(text.encode("utf-8")) == "text"
