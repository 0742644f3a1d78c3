"""Which HTML reader: the package's (stdlib ``html.parser`` with source offsets) beside lxml,
selectolax, BeautifulSoup and the main-content extractor trafilatura, on the saved portal pages.

For each of the seven report pages in ``tests/fixtures/html`` (the same reports are shipped as
CSV in ``data/raw/provincial-2026``), each reader's text goes through the package's cleaning
(``process_text``), and is compared with the cleaned CSV text of the same report:

* ``recall``: share of the report's sentences (10+ characters) found in the reader's result;
* ``precision``: share of the result's sentences found in the report (the rest is page chrome
  or portal variants);
* ``ms``: the reader's time on the page (best of 5), cleaning not included;
* ``offsets``: whether each character can be traced to its place in the page's source.

    pip install -e ".[bench]" && python benchmarks/html_readers.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"BJ": "北京市", "HB": "湖北省", "HN": "湖南省", "SD": "山东省", "SH": "上海市", "XJ": "新疆维吾尔自治区", "YN": "云南省"}
BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "td")


def ours(html: str) -> str:
    from analysis.readers.webpage import html_text

    return html_text(html).text


def with_lxml(html: str) -> str:
    import lxml.html

    tree = lxml.html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript|//head"):
        bad.drop_tree()
    for el in tree.iter(*BLOCKS):
        el.tail = "\n" + (el.tail or "")
    return tree.text_content()


def with_selectolax(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "head"])
    return tree.body.text(separator="\n") if tree.body else ""


def with_bs4(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for bad in soup(["script", "style", "noscript", "head"]):
        bad.decompose()
    return soup.get_text("\n")


def with_trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_tables=True, favor_recall=True) or ""


READERS = {"package (html.parser)": (ours, "yes"), "lxml": (with_lxml, "no"), "selectolax": (with_selectolax, "no"),
           "BeautifulSoup": (with_bs4, "no"), "trafilatura": (with_trafilatura, "no")}


def sentences(doc) -> set[str]:
    return {s for s in doc.sentences["sentence"] if len(s) >= 10}


def main() -> int:
    from analysis.pipeline import process_text, read_document

    print(f"{'reader':<24} {'recall':>7} {'precision':>9} {'ms':>6}  offsets")
    gold = {k: sentences(read_document(ROOT / "data" / "raw" / "provincial-2026" / f"2026_{v}_政府工作报告.csv"))
            for k, v in PAGES.items()}
    for name, (read, offsets) in READERS.items():
        try:
            read("<p>x</p>")
        except ImportError as exc:
            print(f"{name:<24} not available ({exc.name or exc}); pip install -e '.[bench]'")
            continue
        found = total = kept = got = 0
        ms = 0.0
        for key in PAGES:
            html = (ROOT / "tests" / "fixtures" / "html" / f"2026_{key}.html").read_text(encoding="utf-8")
            best = float("inf")
            for _ in range(5):
                t = time.perf_counter()
                text = read(html)
                best = min(best, time.perf_counter() - t)
            ms += best * 1000 / len(PAGES)
            result = sentences(process_text(text)) if text.strip() else set()
            found += len(gold[key] & result)
            total += len(gold[key])
            kept += len(result & gold[key])
            got += len(result)
        print(f"{name:<24} {found / total:>7.1%} {kept / max(got, 1):>9.1%} {ms:>6.1f}  {offsets}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
