"""Text of a saved web page, with the offset in the page's source of every character.

A page is tokenised by Python's own :class:`html.parser.HTMLParser` (the parser
BeautifulSoup uses by default): it is lenient with the broken markup portals serve, and it
is the only one of the parsers measured (``benchmarks/html_readers.py``: lxml, selectolax,
trafilatura) that reports where in the source each piece of text stands — which the
package's provenance needs, since every extracted fact points into the raw file.

What becomes text, as a browser shows it:

- block elements (``p``, ``div``, ``li``, ``tr``, ``h1``… and ``br``) break lines; table
  cells of one row are separated by a space; runs of white space inside text are one space;
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


class _Extractor(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_at = [0] + [m.end() for m in re.finditer("\n", source)]
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.in_link: list[bool] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.link_depth = 0
        self.pre_depth = 0
        self.elements = 0

    # positions ---------------------------------------------------------------------
    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_at[line - 1] + col

    def _emit(self, ch: str, start: int, end: int) -> None:
        self.chars.append(ch)
        self.starts.append(start)
        self.ends.append(end)
        self.in_link.append(self.link_depth > 0)

    def _space(self, start: int, end: int) -> None:
        if self.chars and self.chars[-1] not in " \n":
            self._emit(" ", start, end)

    def _newline(self, start: int, end: int) -> None:
        while self.chars and self.chars[-1] == " ":  # no space at a line's end
            for column in (self.chars, self.starts, self.ends, self.in_link):
                column.pop()
        if self.chars and self.chars[-1] != "\n":
            self._emit("\n", start, end)

    # tags ----------------------------------------------------------------------------
    def _tag_span(self) -> tuple[int, int]:
        start = self._pos()
        text = self.get_starttag_text() or ""
        return start, start + len(text)

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        attrs = dict(attrs)
        hidden = "hidden" in attrs or RE_HIDDEN_STYLE.search(attrs.get("style") or "")
        if tag in SKIP or (hidden and tag not in VOID):
            self.skip_tag, self.skip_depth = tag, 1
            return
        start, end = self._tag_span()
        if tag == "a":
            self.link_depth += 1
        elif tag == "pre":
            self.pre_depth += 1
        if tag == "br" or tag in BLOCK:
            self._newline(start, end)
        elif tag in CELL:
            self._space(start, end)

    def handle_startendtag(self, tag, attrs):
        self.elements += 1
        if self.skip_tag is None and (tag == "br" or tag in BLOCK):
            self._newline(*self._tag_span())

    def handle_endtag(self, tag):
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        start = self._pos()
        if tag == "a" and self.link_depth:
            self.link_depth -= 1
        elif tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in BLOCK:
            self._newline(start, start + len(tag) + 3)
        elif tag in CELL:
            self._space(start, start + len(tag) + 3)

    # text ----------------------------------------------------------------------------
    def handle_data(self, data):
        if self.skip_tag is not None:
            return
        pos = self._pos()
        if self.pre_depth:
            for i, ch in enumerate(data):
                (self._newline if ch == "\n" else lambda a, b, c=ch: self._emit(c, a, b))(pos + i, pos + i + 1)
            return
        last = 0
        for m in RE_WS.finditer(data):
            for i in range(last, m.start()):
                self._emit(data[i], pos + i, pos + i + 1)
            self._space(pos + m.start(), pos + m.end())
            last = m.end()
        for i in range(last, len(data)):
            self._emit(data[i], pos + i, pos + i + 1)

    def _reference(self):
        if self.skip_tag is not None:
            return
        pos = self._pos()
        m = RE_REF.match(self.source, pos)
        if m is None:
            return
        for ch in html.unescape(m.group()):
            if ch == "\xa0":
                self._space(pos, m.end())
            elif RE_WS.fullmatch(ch):
                self._space(pos, m.end())
            else:
                self._emit(ch, pos, m.end())

    def handle_entityref(self, name):
        self._reference()

    def handle_charref(self, name):
        self._reference()


def _drop_link_lines(chars, starts, ends, in_link):
    """Remove navigation lines: no sentence end, and at least 90% of their characters are
    link text. Returns the kept columns and the number of lines dropped."""
    keep = np.ones(len(chars), bool)
    dropped, line_start = 0, 0
    for i in range(len(chars) + 1):
        if i < len(chars) and chars[i] != "\n":
            continue
        visible = [k for k in range(line_start, i) if not chars[k].isspace()]
        if visible:
            linked = sum(in_link[k] for k in visible)
            if linked >= 0.9 * len(visible) and not any(chars[k] in SENTENCE_END for k in visible):
                keep[line_start : min(i + 1, len(chars))] = False
                dropped += 1
        line_start = i + 1
    idx = np.flatnonzero(keep)
    return [chars[k] for k in idx], np.asarray(starts, np.int64)[idx], np.asarray(ends, np.int64)[idx], dropped


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
    >>> h.dropped_links
    1
    >>> i = h.text.index("&") if "&" in h.text else h.text.index(">")
    >>> page[h.starts[i]:h.ends[i]]
    '&gt;'
    """
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    chars, starts, ends, dropped = _drop_link_lines(parser.chars, parser.starts, parser.ends, parser.in_link)
    while chars and chars[-1] in " \n":  # no trailing break
        chars, starts, ends = chars[:-1], starts[:-1], ends[:-1]
    while chars and chars[0] in " \n":
        chars, starts, ends = chars[1:], starts[1:], ends[1:]
    return HtmlText("".join(chars), np.asarray(starts, np.int64), np.asarray(ends, np.int64), dropped, parser.elements)


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
    ``<html>`` tag, or it is dense in tags (more than one tag per 200 characters, at least 10).

    >>> looks_like_html("<!DOCTYPE html><html><body><p>各位代表</p></body></html>")
    True
    >>> looks_like_html("今年增长5%<左右>。" * 20)
    False
    """
    head = text.lstrip()[:512]
    if re.match(r"<!DOCTYPE\s+html|<html[\s>]|<\?xml[^>]*>\s*<!DOCTYPE\s+html", head, re.I):
        return True
    sample = text[:200_000]
    tags = len(RE_TAG.findall(sample))
    return tags >= 10 and tags * 200 > len(sample) and RE_MARKUP.search(sample) is not None
