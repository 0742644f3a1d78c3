"""Text of a saved web page, with the offset in the page's source of every character.

A page is tokenised by Python's own :class:`html.parser.HTMLParser` (the parser
BeautifulSoup uses by default): it is lenient with the broken markup portals serve, and it
is the only one of the parsers measured (``benchmarks/html_readers.py``: lxml, selectolax,
trafilatura) that reports where in the source each piece of text stands — which the
package's provenance needs, since every extracted fact points into the raw file.

What becomes text, as a browser shows it:

- block elements (``p``, ``div``, ``li``, ``tr``, ``h1``… and ``br``) break lines; table
  cells of one row are separated by a tab (as for a Word table: :mod:`analysis.clean.tables`
  keeps a row's cells apart), one tab per grid column, so a ``colspan``, a ``rowspan`` reaching
  down from a row above and an empty cell keep the columns in place; runs of white space
  inside text are one space;
- ``head``, ``script``, ``style``, ``noscript``, ``template``, ``svg``, comments and
  elements hidden with ``display:none`` or ``hidden`` are dropped;
- entities and character references are decoded (``&nbsp;`` ``&#8220;``), each mapped to
  its reference in the source;
- a line whose text is (nearly) all link text and has no sentence punctuation is
  navigation (menus, related-article lists, breadcrumbs) and is dropped; the number of such
  lines is in :attr:`HtmlText.dropped_links`.

The page chrome that is left (source lines, share bars, footers) is removed by the
package's cleaning rules, as for any other text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import numpy as np

#: Elements whose content is never text of the page.
SKIP = frozenset({"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select", "button", "textarea"})
#: Elements that start and end a line.
BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr html li main menu nav ol p pre section summary table tbody "
    "thead tfoot tr ul caption".split()
)
CELL = frozenset({"td", "th"})
#: Elements without an end tag.
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Characters that end a sentence: a line with one is prose, never a navigation line.
SENTENCE_END = frozenset("。！？；")
RE_WS = re.compile(r"[ \t\n\r\f]+")
RE_REF = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
RE_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(frozen=True)
class HtmlText:
    """The text of a page: ``text[i]`` comes from ``source[starts[i]:ends[i]]``."""

    text: str
    starts: np.ndarray
    ends: np.ndarray
    dropped_links: int  # navigation lines dropped
    elements: int  # start tags seen: 0 means the input was not markup
    title: str = ""  # the page's <title>, whitespace collapsed (metadata, not text)
    paging: str = ""  # what the page says of other pages the report is split over ("" if none)


class _Row:
    """A table row being read: the grid column of its last cell and of the next, and the rows
    each of its cells spans further down (``rowspan`` − 1, by column)."""

    def __init__(self, depth: int):
        self.depth = depth  # the tables open around it
        self.last_col, self.next_col, self.down = -1, 0, {}


def _span(attrs, name: str) -> int:
    """A cell's ``colspan`` or ``rowspan`` (1 when absent or not a number; at most 100)."""
    value = next((v for k, v in attrs if k == name), None)
    try:
        return min(max(int(str(value).strip()), 1), 100)
    except ValueError:
        return 1


def _hidden(attrs) -> bool:
    """Whether an element's attributes hide it (``hidden``, ``style="display:none"``)."""
    return any(k == "hidden" or (k == "style" and v and RE_HIDDEN_STYLE.search(v)) for k, v in attrs)


class _Extractor(HTMLParser):
    """Collects the visible text as runs: each run a string, the source offsets of its
    characters, and whether it stands inside a link."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_at = [0] + [m.end() for m in re.finditer("\n", source)]
        self.runs: list[str] = []
        self.starts: list[int] = []  # where each run starts in the source
        self.ends: list[int] = []  # where a written run's span ends; -1 for a copied run
        self.linked: list[bool] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.link_depth = 0
        self.pre_depth = 0
        self.rows: list[_Row] = []  # each open table row (tables nest) and the spans over it
        self.spans: list[dict[int, int]] = []  # per open table: column → rows a cell above still spans
        self.elements = 0
        self.title: list[str] | None = None  # the <title>'s text while inside it
        self.titles: list[str] = []

    # positions ---------------------------------------------------------------------
    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_at[line - 1] + col

    def _run(self, text: str, start: int, end: int | None = None) -> None:
        """Append ``text``: copied from ``source[start:start + len(text)]``, or (``end`` given)
        every character written for the whole span ``start:end`` (a reference, a break).
        Character offsets are made for all runs at once (:func:`_offsets`)."""
        self.runs.append(text)
        self.starts.append(start)
        self.ends.append(-1 if end is None else end)
        self.linked.append(self.link_depth > 0)

    def _last(self) -> str:
        return self.runs[-1][-1] if self.runs else "\n"

    def _space(self, start: int, end: int) -> None:
        if self._last() not in " \t\n":
            self._run(" ", start, end)

    def _cell_start(self, start: int, end: int, attrs) -> None:
        """A table cell's start: a tab for each grid column since the row's last cell (an
        empty cell, a column a cell above still spans with ``rowspan``, the further columns of
        a ``colspan``), so the columns stay in place."""
        if not self.rows:  # a cell outside any row (markup without <tr>): apart by a space
            self._space(start, end)
            return
        row, spans = self.rows[-1], self.spans[-1] if self.spans else {}
        col = row.next_col
        while spans.get(col, 0) > 0:  # a cell of a row above reaches down here
            col += 1
        tabs = col - row.last_col if row.last_col >= 0 else col
        if tabs:
            if self.runs and self.runs[-1] == " ":  # white space between two cells' tags
                for column in (self.runs, self.starts, self.ends, self.linked):
                    column.pop()
            self._run("\t" * tabs, start, end)
        colspan, rowspan = _span(attrs, "colspan"), _span(attrs, "rowspan")
        for c in range(col, col + colspan):
            row.down[c] = rowspan - 1
        row.last_col, row.next_col = col, col + colspan

    def _row_end(self) -> None:
        """A table row's end: the spans reaching down one row fewer, the row's own added."""
        row = self.rows.pop()
        if self.spans:
            spans = self.spans[-1]
            for c in list(spans):
                spans[c] -= 1
                if spans[c] <= 0:
                    del spans[c]
            spans.update({c: n for c, n in row.down.items() if n > 0})

    def _newline(self, start: int, end: int) -> None:
        while self.runs and self.runs[-1] in (" ", "\t"):  # no space at a line's end (spaces are runs of their own)
            for column in (self.runs, self.starts, self.ends, self.linked):
                column.pop()
        if self.runs and self._last() != "\n":
            self._run("\n", start, end)

    # tags ----------------------------------------------------------------------------
    def _tag_span(self) -> tuple[int, int]:
        start = self._pos()
        text = self.get_starttag_text() or ""
        return start, start + len(text)

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        if tag == "title":
            self.title = []
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in SKIP or (attrs and tag not in VOID and _hidden(attrs)):
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "a":
            self.link_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        if tag == "br" or tag in BLOCK:
            self._newline(*self._tag_span())
            if tag == "tr":
                if self.rows and self.rows[-1].depth == len(self.spans):
                    self._row_end()  # the row before, its </tr> left out (as HTML allows)
                self.rows.append(_Row(len(self.spans)))
            elif tag == "table":
                self.spans.append({})
        elif tag in CELL:
            self._cell_start(*self._tag_span(), attrs)

    def handle_startendtag(self, tag, attrs):
        self.elements += 1
        if self.skip_tag is None and (tag == "br" or tag in BLOCK):
            self._newline(*self._tag_span())

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            self.titles.append("".join(self.title))
            self.title = None
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag == "a" and self.link_depth:
            self.link_depth -= 1
        elif tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in BLOCK:
            start = self._pos()
            self._newline(start, start + len(tag) + 3)
            if tag == "tr" and self.rows:
                self._row_end()
            elif tag == "table" and self.spans:
                while self.rows and self.rows[-1].depth == len(self.spans):
                    self._row_end()  # its last row, its </tr> left out
                self.spans.pop()

    # text ----------------------------------------------------------------------------
    def handle_data(self, data):
        if self.title is not None:
            self.title.append(data)
        if self.skip_tag is not None:
            return
        pos = self._pos()
        if self.pre_depth:
            for k, line in enumerate(data.split("\n")):
                if k:
                    self._newline(pos - 1, pos)
                if line:
                    self._run(line, pos)
                pos += len(line) + 1
            return
        last = 0
        for m in RE_WS.finditer(data):
            if m.start() > last:
                self._run(data[last : m.start()], pos + last)
            self._space(pos + m.start(), pos + m.end())
            last = m.end()
        if last < len(data):
            self._run(data[last:], pos + last)

    def _reference(self):
        if self.skip_tag is not None:
            return
        pos = self._pos()
        m = RE_REF.match(self.source, pos)
        if m is None:
            return
        text = html.unescape(m.group())
        if RE_WS.fullmatch(text) or text == "\xa0":
            self._space(pos, m.end())
        elif text:
            self._run(text.replace("\xa0", " "), pos, m.end())

    def handle_entityref(self, name):
        self._reference()

    def handle_charref(self, name):
        self._reference()


def _drop_link_lines(text: str, starts: np.ndarray, ends: np.ndarray, linked: np.ndarray):
    """Remove navigation lines: no sentence end, and at least 90% of their visible
    characters are link text. Returns the kept text, offsets, and the number of lines dropped."""
    if not linked.any():
        return text, starts, ends, 0
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    newline = cp == 10
    line = np.cumsum(newline) - newline  # a line's break belongs to it
    visible = ~np.isin(cp, WHITESPACE)
    seen = np.bincount(line, weights=visible)
    seen_linked = np.bincount(line, weights=visible & linked)
    ends_sentence = np.bincount(line, weights=np.isin(cp, SENTENCE_END_CODES)) > 0
    drop = (seen > 0) & (seen_linked >= 0.9 * seen) & ~ends_sentence
    if not drop.any():
        return text, starts, ends, 0
    keep = ~drop[line]
    return cp[keep].tobytes().decode("utf-32-le"), starts[keep], ends[keep], int(drop.sum())


WHITESPACE = np.array([ord(c) for c in " \t\n\r\f\v\xa0\u2002\u2003\u2009\u3000"], np.uint32)
SENTENCE_END_CODES = np.array([ord(c) for c in SENTENCE_END], np.uint32)


def _offsets(lengths: np.ndarray, run_starts: np.ndarray, run_ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Source offsets ``(starts, ends)`` of every character of the runs: a copied run's
    (``run_ends`` -1) characters each stand on their own place, a written run's all on its span.

    >>> _offsets(np.array([3, 2]), np.array([10, 40]), np.array([-1, 45]))
    (array([10, 11, 12, 40, 40]), array([11, 12, 13, 45, 45]))
    """
    copied = np.repeat(run_ends < 0, lengths)
    first = np.repeat(run_starts, lengths)
    within = np.arange(len(first), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    starts = np.where(copied, first + within, first)
    ends = np.where(copied, starts + 1, np.repeat(run_ends, lengths))
    return starts, ends


def html_text(source: str) -> HtmlText:
    """Return the visible text of an HTML page or fragment with its source offsets.

    >>> page = '<html><head><title>x</title></head><body><div>首页 &gt; <a href="/">政务</a></div>'
    >>> page += '<p>各位代表：</p><p>今年增长5%&nbsp;左右。<script>var a=1;</script></p>'
    >>> page += '<ul><li><a href="/1">相关新闻一</a></li></ul></body></html>'
    >>> h = html_text(page)
    >>> print(h.text)
    首页 > 政务
    各位代表：
    今年增长5% 左右。
    >>> h.dropped_links, h.title
    (1, 'x')
    >>> i = h.text.index("&") if "&" in h.text else h.text.index(">")
    >>> page[h.starts[i]:h.ends[i]]
    '&gt;'
    """
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    text = "".join(parser.runs)
    lengths = np.array([len(r) for r in parser.runs], np.int64)
    starts, ends = _offsets(lengths, np.array(parser.starts, np.int64), np.array(parser.ends, np.int64))
    linked = np.repeat(np.array(parser.linked, bool), lengths)
    paging = _paging(parser.runs, parser.linked, source)
    text, starts, ends, dropped = _drop_link_lines(text, starts, ends, linked)
    lead = len(text) - len(text.lstrip(" \n"))  # no break at either end
    stop = len(text.rstrip(" \n"))
    title = " ".join(RE_WS.sub(" ", html.unescape(parser.titles[0])).split()) if parser.titles else ""
    return HtmlText(text[lead:stop], starts[lead:stop], ends[lead:stop], dropped, parser.elements, title, paging)


#: Link texts (their Han characters) of a pager's next and previous page. 下一篇 (the next
#: article) is not one: it leads to another document.
NEXT_PAGE = frozenset({"下一页", "下页", "下一頁", "后一页", "后页"})
PREVIOUS_PAGE = frozenset({"上一页", "上页", "上一頁", "前一页", "前页"})
#: The pager script of the TRS WCM publishing system most government portals run:
#: ``createPageHTML(pages, current page from 0, name, extension)``, which writes the links
#: when the page is shown, so a saved page may have the call and no links.
RE_PAGER_SCRIPT = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)")
_ONLY_THIS_PAGE = "only this page is read; save every page and join them, or save the single-page (全文) view of the report"


def _paging(runs: list[str], linked: list[bool], source: str) -> str:
    """A note when the page is one of several a report is split over: it links to a next or
    previous page (a pager), or runs the portal's pager script for more than one page.

    >>> _paging(["共3页 ", "上一页", " ", "1", " 2 ", "下一页"], [False, True, False, True, False, True], "")
    'one page of a report split over several (its pager links to a previous and a next page): only this page is read; save every page and join them, or save the single-page (全文) view of the report'
    >>> _paging(["下一篇", "：关于…"], [True, False], "") == _paging([], [], "x") == ""
    True
    >>> _paging([], [], '<script>createPageHTML(3, 0, "t2026", "shtml");</script>')[:35]
    'page 1 of 3 of a report split over '
    """
    m = RE_PAGER_SCRIPT.search(source)
    if m and int(m.group(1)) > 1:
        return f"page {int(m.group(2)) + 1} of {m.group(1)} of a report split over several pages (the portal's pager): {_ONLY_THIS_PAGE}"
    links, current = [], []
    for run, is_link in zip(runs, linked):
        if is_link:
            current.append(run)
        elif current:
            links.append("".join(current))
            current = []
    links.append("".join(current))
    names = {"".join(re.findall(r"[\u4e00-\u9fff]", link)) for link in links}
    sides = [side for side, words in (("a previous", PREVIOUS_PAGE), ("a next", NEXT_PAGE)) if names & words]
    if not sides:
        return ""
    return f"one page of a report split over several (its pager links to {' and '.join(sides)} page): {_ONLY_THIS_PAGE}"


RE_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
#: Names pages give their encoding, as Python's codecs call them (GB2312/GBK pages are
#: decoded as GB18030, their superset: portals write characters outside GB2312 anyway).
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "big5"}


def meta_charset(data: bytes) -> str | None:
    """The encoding a page declares in a ``<meta>`` tag of its first 4 KiB, as a codec name.

    >>> meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    >>> meta_charset(b"<p>no meta</p>") is None
    True
    """
    m = RE_META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return CHARSET_ALIASES.get(name, name)


RE_MARKUP = re.compile(r"<(?:!DOCTYPE\s+html|html|head|body|meta|div|p|table|span|br|a\s)[\s>/]", re.I)
RE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def looks_like_html(text: str) -> bool:
    """Whether a decoded file is markup rather than text: it opens with a doctype or an
    ``<html>`` tag, or holds ten of a page's own tags (``<br>``, ``<p>``, ``<div>`` …: the report's
    part of a page's source, its head cut off, however long its paragraphs), or it is dense in
    tags (more than one tag per 200 characters, at least 10).

    >>> looks_like_html("<!DOCTYPE html><html><body><p>各位代表</p></body></html>")
    True
    >>> looks_like_html("今年增长5%<左右>。" * 20)
    False
    """
    head = text.lstrip()[:512]
    if re.match(r"<!DOCTYPE\s+html|<html[\s>]|<\?xml[^>]*>\s*<!DOCTYPE\s+html", head, re.I):
        return True
    sample = text[:200_000]
    markup = len(RE_MARKUP.findall(sample))
    if markup >= 10:
        return True  # ten of a page's own tags (<br>, <p>, <div> …): a page's source, however long its text
    tags = len(RE_TAG.findall(sample))
    return tags >= 10 and tags * 200 > len(sample) and markup > 0


def archived_page(data: bytes, path: str = "<bytes>") -> tuple[bytes, str | None]:
    """The page a saved web archive (MHTML: ``.mht``, ``.mhtml``) holds: the bytes of its
    first ``text/html`` part, its transfer encoding (quoted-printable, base64) undone, and
    the charset its MIME header names (the page's own ``<meta charset>`` comes first).
    Offsets of a fact read from it point into that page, decoded.

    >>> msg = (b"MIME-Version: 1.0\\r\\nContent-Type: multipart/related; boundary=b\\r\\n\\r\\n--b\\r\\n"
    ...        b"Content-Type: text/html; charset=utf-8\\r\\nContent-Transfer-Encoding: quoted-printable\\r\\n\\r\\n"
    ...        b"<p class=3D\\"x\\">=E5=90=84=E4=BD=8D</p>\\r\\n--b--\\r\\n")
    >>> page, charset = archived_page(msg)
    >>> page.decode(charset), charset
    ('<p class="x">各位</p>', 'utf-8')
    """
    import email
    import email.policy

    from ..errors import InputError

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                charset = part.get_content_charset()
                return payload, CHARSET_ALIASES.get(charset, charset) if charset else None
    raise InputError(path, "a saved web archive (MHTML) with no HTML page in it")
