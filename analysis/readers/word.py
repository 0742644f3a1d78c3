"""Text of a Word ``.docx`` file: body paragraphs and table rows, in reading order.

Read with python-docx. Each body paragraph is a line; each table row is a line, its cells
separated by a space (a cell's own paragraphs too), so a row such as ``新增城镇就业 | 60万人``
reads as one clause. Headers, footers, footnotes and comments are not part of the report
and are not read. A ``.docx`` is a ZIP archive: its members are checked against size limits
before anything is decompressed, so a crafted archive (a "zip bomb") is refused.

A paragraph's text is python-docx's ``Paragraph.text`` — its runs and hyperlinks, each run's
``w:t``, tabs and breaks as python-docx's element classes render them — gathered with XPath
expressions compiled once (:func:`paragraph_text`): python-docx compiles its expression anew
for every run, which made reading a report of many short runs take up to 30% of the
pipeline's time (``benchmarks/README.md``).
"""

from __future__ import annotations

import functools
import zipfile
from io import BytesIO

from ..errors import InputError

#: Largest total uncompressed size of a Word or Excel file's members, in bytes. The 19
#: provincial 2025 reports are 30-90 KB compressed, under 1 MB uncompressed.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
#: Largest compression ratio of one member larger than 1 MiB (text XML compresses ~5-15x).
MAX_RATIO = 200


def check_archive(data: bytes, path: str) -> zipfile.ZipFile:
    """Open a ZIP archive from bytes, refusing a corrupt one or one that would inflate
    past :data:`MAX_UNCOMPRESSED` or :data:`MAX_RATIO`."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(path, f"corrupt archive ({exc})") from None
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise InputError(path, f"archive would inflate to {total:,} bytes (limit {MAX_UNCOMPRESSED:,}); refused")
    for m in members:
        if m.file_size > (1 << 20) and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise InputError(path, f"archive member {m.filename} is compressed {m.file_size // max(m.compress_size, 1)}:1; refused as a zip bomb")
    return archive


@functools.cache
def _xpaths():
    from docx.oxml.ns import nsmap
    from lxml import etree

    def xpath(expr):
        return etree.XPath(expr, namespaces=nsmap)

    # the expressions of python-docx's CT_P.text, CT_Hyperlink.text and CT_R.text
    return xpath("w:r | w:hyperlink"), xpath("w:r"), xpath("w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab")


def paragraph_text(p) -> str:
    """The text of a ``w:p`` element, as python-docx's ``Paragraph(p, …).text`` gives it.

    >>> import docx
    >>> d = docx.Document(); para = d.add_paragraph("各位代表："); _ = para.add_run("\\t现在，我代表")
    >>> paragraph_text(para._p) == para.text == "各位代表：\\t现在，我代表"
    True
    """
    parts, link_runs, run_content = _xpaths()
    out = []
    for part in parts(p):
        for run in link_runs(part) if part.tag.endswith("}hyperlink") else (part,):
            out += [str(e) for e in run_content(run)]
    return "".join(out)


def docx_text(data: bytes, path: str = "<docx>") -> str:
    """Return the text of a ``.docx`` file's bytes, one paragraph or table row per line.

    >>> import docx, io
    >>> d = docx.Document(); _ = d.add_paragraph("各位代表："); t = d.add_table(rows=1, cols=2)
    >>> t.cell(0, 0).text, t.cell(0, 1).text = "新增城镇就业", "60万人"
    >>> _ = d.add_paragraph("现在，我代表政府报告工作。"); buf = io.BytesIO(); d.save(buf)
    >>> print(docx_text(buf.getvalue()))
    各位代表：
    新增城镇就业 60万人
    现在，我代表政府报告工作。
    """
    archive = check_archive(data, path)
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise InputError(path, "a ZIP archive but not a Word document (no word/document.xml)")
    import docx
    from docx.table import Table

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # lxml's XMLSyntaxError, KeyError for a missing part …
        raise InputError(path, f"corrupt Word file ({type(exc).__name__}: {exc})") from None
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(paragraph_text(block))
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(paragraph_text(p) for p in cell._tc.p_lst).strip())
                lines.append(" ".join(c for c in cells if c))
    return "\n".join(lines)
