"""A report split over several web pages: the page read says so, in its notes and in the
documents table, instead of passing for the whole report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.pipeline import read_document

HTML = Path(__file__).parent / "fixtures" / "html"
PAGER = ('<div class="pages"><a href="t2026_1.html">上一页</a> <a href="t2026_1.html">1</a> <span>2</span> '
         '<a href="t2026_3.html">3</a> <a href="t2026_3.html">下一页</a> 共3页</div>')


def first_part(page: str, pager: str) -> str:
    """The 北京 page cut after its first part, as page 2 of 3 of a portal that pages reports."""
    cut = page.index("</p>", page.index("（一）深入落") + 3000) + 4
    return page[:cut] + pager + "</div></body></html>"


def test_page_of_several_is_noted(tmp_path):
    path = tmp_path / "page2.html"
    path.write_text(first_part((HTML / "2026_BJ.html").read_text(encoding="utf-8"), PAGER), encoding="utf-8")
    notes = read_document(path).metadata["notes"]
    assert any(n.startswith("one page of a report split over several (its pager links to a previous and a next page)")
               for n in notes)
    r = subprocess.run([sys.executable, "-m", "analysis", "targets", str(path)], capture_output=True, text=True)
    assert r.returncode == 0 and f"note: {path}: one page of a report split over several" in r.stderr


def test_portal_pager_script_is_noted(tmp_path):
    """TRS WCM portals write the pager with a script: createPageHTML(pages, page from 0, …)."""
    path = tmp_path / "page1.html"
    script = '<script>createPageHTML(4, 0, "t20260125_3456", "shtml");</script>'
    path.write_text(first_part((HTML / "2026_BJ.html").read_text(encoding="utf-8"), script), encoding="utf-8")
    assert any(n.startswith("page 1 of 4 of a report split over several pages") for n in read_document(path).metadata["notes"])


def test_next_article_link_is_not_a_pager(tmp_path):
    path = tmp_path / "whole.html"
    links = '<div><a href="a.html">上一篇：关于…的决议</a></div><div><a href="b.html">下一篇</a>：政府工作报告解读</div>'
    path.write_text((HTML / "2026_BJ.html").read_text(encoding="utf-8").replace("</body>", links + "</body>"), encoding="utf-8")
    assert not any("split over" in n for n in read_document(path).metadata.get("notes", []))


@pytest.mark.parametrize("page", sorted(p.name for p in HTML.glob("*.html") if p.name != "2026_GS.html"))
def test_whole_pages_are_not_noted(page):
    """The committed pages each hold a whole report (checked by hand: each ends with its closing
    paragraph)."""
    assert not any("split over" in n for n in read_document(HTML / page).metadata.get("notes", []))


def test_documents_table_keeps_the_note(tmp_path):
    from analysis import corpus

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "page2.html").write_text(first_part((HTML / "2026_BJ.html").read_text(encoding="utf-8"), PAGER), encoding="utf-8")
    (folder / "whole.html").write_bytes((HTML / "2026_BJ.html").read_bytes())
    docs = corpus(folder, out=tmp_path / "out")["documents"].set_index("doc_id")
    assert "one page of a report split over several" in docs.loc["page2", "notes"]
    assert "split over" not in docs.loc["whole", "notes"] and "navigation" in docs.loc["whole", "notes"]
