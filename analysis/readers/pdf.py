"""Text of a PDF with a text layer: pages joined, running headers, footers and page numbers
removed, and characters that PDF extraction substitutes normalised.

Read with pypdf. Government PDFs are typeset from Word: every page repeats a header or
footer (the title, ``— 3 —``), and the text layer breaks each line at the page width.

- a line that stands first or last on at least half of the pages, once its digits are
  ignored, is a running header or footer; a page's first or last line that is only a page
  number (``3``, ``- 3 -``, ``第3页``, ``3/20``) is a page number: both are dropped;
- a line as wide as the page's text block continues on the next line (unless the next is
  indented, which starts a paragraph): such lines are joined; a shorter line ends its
  paragraph. The width is measured in half-width units (a CJK character is two) and the
  text block's width is the 90th percentile of the document's line widths;
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
#: Fewest non-space characters per page for a PDF to count as having a text layer.
MIN_CHARS_PER_PAGE = 20


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
        return [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pypdf raises its own dependency errors for some ciphers
        if "crypt" in str(exc).lower() or "AES" in str(exc):
            raise InputError(path, "password-protected PDF; remove the password first") from None
        raise InputError(path, f"corrupt PDF ({type(exc).__name__}: {exc})") from None


def strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers and page numbers from each page's lines.

    >>> pages = [["政府工作报告", "各位代表：", "— 1 —"], ["政府工作报告", "今年增长5%。", "— 2 —"]]
    >>> strip_page_furniture(pages)
    [['各位代表：'], ['今年增长5%。']]
    """
    edges = Counter()
    for lines in pages:
        nonblank = [l.strip() for l in lines if l.strip()]
        for line in set(nonblank[:2] + nonblank[-2:]):
            edges[RE_DIGITS.sub("#", line)] += 1
    running = {k for k, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = []
    for lines in pages:
        kept = [l for l in lines if l.strip()]
        while kept and (RE_PAGE_NUMBER.match(kept[0]) or RE_DIGITS.sub("#", kept[0].strip()) in running):
            kept = kept[1:]
        while kept and (RE_PAGE_NUMBER.match(kept[-1]) or RE_DIGITS.sub("#", kept[-1].strip()) in running):
            kept = kept[:-1]
        out.append(kept)
    return out


def _width(line: str) -> int:
    return sum(1 if ord(c) < 0x2E80 else 2 for c in line.strip())


def rejoin_page_width(lines: list[str]) -> list[str]:
    """Join lines broken at the page width into paragraphs.

    >>> lines = ["　　过去一年，全省地区生产总值增长百分之五点四，", "城镇新增就业六十万人，居民收入稳步增长。",
    ...          "　　一、回顾", "　　今年的主要预期目标是：经济增长百分之五左右，", "城镇调查失业率百分之五点五左右。"]
    >>> for line in rejoin_page_width(lines): print(line)
    　　过去一年，全省地区生产总值增长百分之五点四，城镇新增就业六十万人，居民收入稳步增长。
    　　一、回顾
    　　今年的主要预期目标是：经济增长百分之五左右，城镇调查失业率百分之五点五左右。
    """
    widths = sorted(_width(l) for l in lines if l.strip())
    if not widths:
        return lines
    block = widths[int(0.9 * (len(widths) - 1))]
    out: list[str] = []
    joining = False
    for line in lines:
        indented = line[:1] in (" ", "\u3000", "\t")
        if joining and out and not indented:
            out[-1] += line.strip()
        else:
            out.append(line.rstrip())
        joining = _width(line) >= block - 4 and block >= 20
    return out


def pdf_text(data: bytes, path: str = "<pdf>") -> str:
    """Return the text of a PDF's bytes (see the module docstring)."""
    pages = _pages(data, path)
    visible = sum(len("".join(p.split())) for p in pages)
    if visible < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise InputError(path, "scanned PDF without a text layer; run OCR first")
    lines = strip_page_furniture([p.splitlines() for p in pages])
    return "\n".join(rejoin_page_width([line for page in lines for line in page]))
