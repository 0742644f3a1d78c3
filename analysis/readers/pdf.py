"""Text of a PDF with a text layer: pages joined, running headers, footers and page numbers
removed, and characters that PDF extraction substitutes normalised.

Read with pypdf. Government PDFs are typeset from Word: every page repeats a header or
footer (the title, ``— 3 —``), and the text layer breaks each line at the page width.

- pages are read in pypdf's layout mode, which keeps each line's indentation: a line
  indented beyond the page's left margin starts a paragraph (or is a centred title);
- a line that stands first or last on at least half of the pages, once its digits are
  ignored, is a running header or footer; a page's first or last line that is only a page
  number (``3``, ``- 3 -``, ``第3页``, ``3/20``) is a page number: at each edge of a page
  at most one of each is dropped, so a title that repeats the header stays;
- a line that is not indented continues the paragraph of the line before (also across a
  page break) when that line reaches the width of the text block, or, in a document whose
  paragraphs open indented, when it is at least half as wide and does not end a sentence
  (a heading set in a wider bold face). Widths are in half-width units (a CJK character
  two); the block is the 90th percentile of the document's line widths;
- spaces that layout mode puts between CJK characters and digits (``新增   13家``) are
  removed: CJK text has no spaces between words;
- PDF fonts often map 一 to the Kangxi radical ⼀ (U+2F00) and some characters to CJK
  compatibility ideographs; ``analysis.clean.normalize_compatibility`` maps them back.

A PDF whose pages give (almost) no text is a scan: it is refused with a message to run
OCR first. An encrypted PDF that does not open with an empty password is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

from ..errors import InputError

RE_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－~·]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?(?:\s*[-—–－~·])?\s*$")
RE_DIGITS = re.compile(r"\d+")
#: A line ending with one of these ends its sentence, and may end its paragraph.
SENTENCE_END = ("。", "！", "？", "；", "：", "!", "?")
#: Fewest non-space characters per page for a PDF to count as having a text layer.
MIN_CHARS_PER_PAGE = 20


RE_CJK_SPACE = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\uffef])[ \u00a0]+|[ \u00a0]+(?=[\u2e80-\u9fff\uf900-\uffef])")


def _pages(data: bytes, path: str) -> list[str]:
    import logging

    import pypdf
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs ("EOF marker not found") to stderr; a broken file is one
    # InputError line instead, and a readable one needs no commentary
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = pypdf.PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(path, "password-protected PDF; remove the password first")
        return [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pypdf raises its own dependency errors for some ciphers
        if "crypt" in str(exc).lower() or "AES" in str(exc):
            raise InputError(path, "password-protected PDF; remove the password first") from None
        raise InputError(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from None


def _lines(page: str) -> list[tuple[int, str]]:
    """``(indent, text)`` of each non-blank line, the indent counted from the page margin."""
    raw = [l.rstrip() for l in page.splitlines() if l.strip()]
    margin = min((len(l) - len(l.lstrip(" ")) for l in raw), default=0)
    return [(len(l) - len(l.lstrip(" ")) - margin, RE_CJK_SPACE.sub("", l.strip())) for l in raw]


def _key(line: str) -> str:
    """A line with its numbers and spaces ignored: what repeats on every page."""
    return "".join(RE_DIGITS.sub("#", line).split())


def _furniture(line: str, running: set[str]) -> bool:
    return bool(RE_PAGE_NUMBER.match(line)) or _key(line) in running


def strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers and page numbers from each page's lines.

    >>> pages = [["政府工作报告", "政府工作报告", "各位代表：", "— 1 —"], ["政府工作报告", "今年增长5%。", "— 2 —"]]
    >>> strip_page_furniture(pages)
    [['政府工作报告', '各位代表：'], ['今年增长5%。']]
    """
    edges = Counter()
    for lines in pages:
        for line in set(lines[:2] + lines[-2:]):
            edges[_key(line)] += 1
    running = {k for k, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = []
    for lines in pages:
        lo, hi = 0, len(lines)
        for _ in range(2):  # a header and a page number at the top, in either order
            if lo < hi and _furniture(lines[lo], running) and (lo == 0 or lines[lo] != lines[lo - 1]):
                lo += 1
        for _ in range(2):
            if hi > lo and _furniture(lines[hi - 1], running):
                hi -= 1
        out.append(lines[lo:hi])
    return out


def _width(line: str) -> int:
    return sum(1 if ord(c) < 0x2E80 else 2 for c in line.strip())


def rejoin_page_width(lines: list[tuple[int, str]]) -> list[str]:
    """Join ``(indent, text)`` lines broken at the page width into paragraphs.

    >>> lines = [(2, "过去一年，全省地区生产总值增长百分之五点四，"), (0, "城镇新增就业六十万人，居民收入稳步增长。"),
    ...          (2, "一、回顾"), (2, "今年的主要预期目标是：经济增长百分之五左右，"), (0, "城镇调查失业率百分之五点五左右。")]
    >>> for line in rejoin_page_width(lines): print(line)
    过去一年，全省地区生产总值增长百分之五点四，城镇新增就业六十万人，居民收入稳步增长。
    一、回顾
    今年的主要预期目标是：经济增长百分之五左右，城镇调查失业率百分之五点五左右。
    """
    widths = sorted(_width(t) for _, t in lines)
    if not widths:
        return []
    block = widths[int(0.9 * (len(widths) - 1))]
    # do paragraphs open indented here? (5% of lines or more: first lines and headings)
    indented = sum(indent >= 2 for indent, _ in lines) >= 0.05 * len(lines)
    out: list[str] = []
    joins = False
    for indent, text in lines:
        if joins and out and indent < 2:
            out[-1] += text
        else:
            out.append(text)
        width = _width(text)
        full = width >= block - 6 and block >= 20  # as wide as the block: it runs on
        # where new paragraphs are indented, an unfinished line runs on too when it is not
        # short (a heading in a wider bold face), but not a title or a finished sentence
        joins = full or (indented and width >= block / 2 and not text.endswith(SENTENCE_END))
    return out


def pdf_text(data: bytes, path: str = "<pdf>") -> str:
    """Return the text of a PDF's bytes (see the module docstring)."""
    pages = [_lines(p) for p in _pages(data, path)]
    visible = sum(len(t) for p in pages for _, t in p)
    if visible < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise InputError(path, "scanned PDF without a text layer; run OCR first")
    kept = strip_page_furniture([[t for _, t in p] for p in pages])
    lines = []
    for page, texts in zip(pages, kept):  # the kept lines are a run of the page's lines
        start = next(i for i in range(len(page) - len(texts) + 1) if [t for _, t in page[i : i + len(texts)]] == texts) if texts else 0
        lines += page[start : start + len(texts)]
    text = "\n".join(rejoin_page_width(lines))
    if garbled(text):
        raise InputError(path, "the PDF's text layer is garbled (fonts without a Unicode map); run OCR first")
    return text


def garbled(text: str) -> bool:
    """Whether extracted CJK text is junk: one character makes over 15% of it (in Chinese
    prose the commonest, 的, is ~4%), as when fonts lack a map from glyphs to characters.

    >>> garbled("2025年1年13年" + "年" * 30 + "政府工作报告"), garbled("今年经济增长百分之五左右，城镇新增就业六十万人。")
    (True, False)
    """
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if len(cjk) < 20:
        return False
    return Counter(cjk).most_common(1)[0][1] > 0.15 * len(cjk)
