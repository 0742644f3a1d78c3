"""Text of a Word ``.docx`` file: body paragraphs and table rows, in reading order.

Read with python-docx. Each body paragraph is a line, after the number Word's automatic
numbering gives it (:mod:`~analysis.readers.numbering`: not text, so python-docx leaves it
out, and a report numbered that way lost its headings); each table row is a line, its cells
separated by a tab (a cell's own paragraphs by a space), as Word itself copies a table to
plain text: a row such as ``新增城镇就业 | 60万人`` reads as one line whose cells stay apart
(``城镇新增就业 | 万人 | 1.1 | 1.2以上`` has two figures, and the cleaning and the target
reader must know which cell holds which, :mod:`analysis.clean.tables`). Headers, footers, footnotes and comments are not part of the report
and are not read. A ``.docx`` is a ZIP archive: its members are checked against size limits
before anything is decompressed, so a crafted archive (a "zip bomb") is refused.

A paragraph's text is its runs' ``w:t``, tabs and breaks as python-docx's element classes
render them (:func:`paragraph_text`), including the runs python-docx's ``Paragraph.text``
does not see: tracked insertions, content controls, fields (a draft with its changes
unaccepted reads as Word shows it with them accepted; deletions are left out). The run
expression is compiled once: python-docx compiles its expression anew for every run, which
made reading a report of many short runs take up to 30% of the pipeline's time
(``benchmarks/README.md``).
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
def _run_content():
    from docx.oxml.ns import nsmap
    from lxml import etree

    # the expression of python-docx's CT_R.text: its text, tabs and breaks as python-docx renders them
    return etree.XPath("w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab", namespaces=nsmap)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: What a paragraph holds that is not its text: tracked deletions (and text moved away), its
#: properties, a paragraph of its own (a text box's, inside a drawing), and the fallback copy
#: of alternate content.
_NOT_TEXT = frozenset(_W + t for t in ("del", "moveFrom", "pPr", "rPr", "p")) | {
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"  # the same content again, for older readers
}


def _hidden(run) -> bool:
    """Whether a ``w:r`` is hidden text (``w:rPr/w:vanish``, on unless ``w:val`` is 0, false or
    off; ECMA-376 §17.3.2.41): Word neither shows nor prints it."""
    rpr = run.find(_W + "rPr")
    vanish = rpr.find(_W + "vanish") if rpr is not None else None
    return vanish is not None and vanish.get(_W + "val", "true").lower() not in ("0", "false", "off")


def paragraph_text(p) -> str:
    """The text of a ``w:p`` element: its runs as python-docx's ``Paragraph(p, …).text`` gives
    them, and also the runs python-docx does not see because they are wrapped — tracked
    insertions (``w:ins``, ``w:moveTo``), content controls (``w:sdt``), simple fields, smart
    tags, custom XML — in document order; tracked deletions and hidden text (``w:vanish``) are
    left out, as Word shows the text with its changes accepted.

    >>> import docx
    >>> d = docx.Document(); para = d.add_paragraph("各位代表："); _ = para.add_run("\\t现在，我代表")
    >>> paragraph_text(para._p) == para.text == "各位代表：\\t现在，我代表"
    True
    """
    run_content = _run_content()
    out: list[str] = []

    def gather(element) -> None:
        for child in element:
            if child.tag == _W + "r":
                if not _hidden(child):
                    out.extend(str(e) for e in run_content(child))
            elif child.tag not in _NOT_TEXT:
                gather(child)

    gather(p)
    return "".join(out)


def _blocks(container):
    """The paragraphs and tables of the body in reading order, those inside a content control
    (``w:sdt``) or custom XML included."""
    for block in container.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag in ("p", "tbl"):
            yield tag, block
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _blocks(block)


def _numbering(document):
    """The document's automatic numbering (:class:`~analysis.readers.numbering.Numbering`)."""
    from .numbering import Numbering

    part = document.part
    try:
        numbering_xml = part.part_related_by(_NUMBERING).element
    except KeyError:  # no numbering definitions: nothing is numbered (and the styles need not be read)
        return Numbering(None, None)
    return Numbering(numbering_xml, document.styles.element)


_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


def _lines(container, document, numbering) -> list[str]:
    """The lines of a body (or a table cell read as one): a paragraph is a line; a table row
    whose cells each hold one paragraph at most is a line, its cells separated by a tab (a
    data row); a row with a cell of several paragraphs or a table is layout (a report laid
    out in a table's cell), its cells read in order as body text."""
    from docx.table import Table

    lines = []
    for tag, block in _blocks(container):
        if tag == "p":
            lines.append(numbering.label(block) + paragraph_text(block))
            continue
        above: list = []  # the row above's cell at each grid column
        for row in Table(block, document).rows:
            grid = [cell._tc for cell in row.cells]  # a merged cell is returned once per grid column and row
            cells = [tc for j, tc in enumerate(grid) if tc not in grid[:j]]
            if any(_is_layout(tc) for tc in cells):
                for tc in cells:
                    lines += _lines(tc, document, numbering)
                above = []
                continue
            # a merged cell's text once, at its first column and row; its other places empty, so
            # each row has a cell per grid column and a column's cells stay under its heading
            texts = ("" if tc is not None and (tc in grid[:j] or (j < len(above) and tc is above[j])) else
                     " ".join(numbering.label(p) + paragraph_text(p) for tag, p in _blocks(tc) if tag == "p").strip()
                     for j, tc in enumerate(grid))
            lines.append(CELL_SEPARATOR.join(texts))  # an empty cell too: the columns stay in place
            above = grid
    return lines


def _is_layout(tc) -> bool:
    """Whether a table cell holds body text rather than a value: a table, or paragraphs of
    prose (more than one with text, a sentence ended among them); a heading cell's two lines
    (地区生产总值 / （亿元）) stay one value."""
    blocks = list(_blocks(tc))
    if any(tag == "tbl" for tag, _ in blocks):
        return True
    texts = [t for t in (paragraph_text(b).strip() for _, b in blocks) if t]
    return len(texts) > 1 and any(t.endswith(_SENTENCE_ENDS) for t in texts)


_SENTENCE_ENDS = ("。", "！", "？", "；", "：")
#: Between the cells of a table's row: a tab, as Word copies a table as text.
CELL_SEPARATOR = "\t"


def docx_text(data: bytes, path: str = "<docx>") -> str:
    """Return the text of a ``.docx`` file's bytes, one paragraph or table row per line.

    >>> import docx, io
    >>> d = docx.Document(); _ = d.add_paragraph("各位代表："); t = d.add_table(rows=1, cols=2)
    >>> t.cell(0, 0).text, t.cell(0, 1).text = "新增城镇就业", "60万人"
    >>> _ = d.add_paragraph("现在，我代表政府报告工作。"); buf = io.BytesIO(); d.save(buf)
    >>> print(docx_text(buf.getvalue()).replace("\\t", " | "))
    各位代表：
    新增城镇就业 | 60万人
    现在，我代表政府报告工作。
    """
    archive = check_archive(data, path)
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise InputError(path, "a ZIP archive but not a Word document (no word/document.xml)")
    import docx

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # lxml's XMLSyntaxError, KeyError for a missing part …
        raise InputError(path, f"corrupt Word file ({type(exc).__name__}: {exc})") from None
    return "\n".join(_lines(document.element.body, document, _numbering(document)))
