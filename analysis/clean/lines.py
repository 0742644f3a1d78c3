"""Cleaning steps on lines: lines broken by a page's width rejoined, blank lines removed."""

from __future__ import annotations

from analysis import patterns as P
from analysis.clean import mojibake

from .chrome import _is_heading_line, _is_structural
from .edits import Edit, Step, _regex_edits


# --- broken lines -----------------------------------------------------------------------
def _ends_open(line: str) -> bool:
    return bool(line) and line[-1] not in P.LINE_END_PUNCT

def _starts_new(line: str) -> bool:
    return _is_structural(line) or line.startswith(("—", "─")) or _is_heading_line(line)

def _join_edits(text: str) -> list[Edit]:
    # Only a line that does not end with sentence punctuation can join the next (a line of
    # lost characters □ ends open too): one scan finds their line breaks.
    edits = []
    for m in P.RE_OPEN_LINE_END.finditer(text):
        pos = m.start()
        end = text.find("\n", pos + 1)
        begin = text.rfind("\n", 0, pos) + 1
        line, nxt = text[begin:pos], text[pos + 1 : end if end >= 0 else len(text)]
        if _joins(line, nxt) and not _annex_title(text[text.rfind("\n", 0, max(begin - 1, 0)) + 1 : max(begin - 1, 0)]):
            edits.append(Edit(pos, pos + 1, ""))
    return edits

def _annex_title(before: str) -> bool:
    """Whether the line after ``before`` is an annex's title: ``before`` a bare annex marker
    (``附件1``), so the title stands alone however it ends."""
    return bool(before) and bool(P.RE_BARE_ANNEX.match(before.strip()))

def _lone_number(line: str) -> bool:
    """A line that is only a section number (二, （三）, 第四): it stands alone, as a heading."""
    return bool(P.RE_LONE_NUMBER.match(line))

def _joins(line: str, nxt: str) -> bool:
    """Whether the line break between ``line`` and the next line ``nxt`` breaks a sentence.

    Join a line of lost characters only, or an open line whose next line starts no heading,
    when it finishes a broken occasion line or stands mid-sentence (is no heading itself);
    the cheap tests first.
    """
    if line and not line.strip(mojibake.LOST):
        return True
    if not (nxt and _ends_open(line)) or _starts_new(nxt) or _lone_number(line):
        return False
    if P.RE_BACK_MATTER.match(line.strip()):
        return False  # an annex's marker or a glossary's title stands alone
    if line.startswith(("—", "─")) and not line.endswith("上") and nxt.endswith("上"):
        return True  # an occasion line broken in two
    heading = _is_structural(line) and len(line) <= 60 and "。" not in line
    return not heading and not _is_heading_line(line)

rejoin_broken_lines = Step(
    "rejoin_broken_lines",
    _join_edits,
    "Lines broken mid-sentence (145.5\\n亿元) joined; paragraph ends and headings kept.",
)

def _blank_line_edits(text: str) -> list[Edit]:
    if "\n\n" not in text and not text.startswith("\n") and not text.endswith("\n"):
        return []
    return _regex_edits(P.RE_BLANK_RUN, lambda m: "" if m.start() == 0 or m.end() == len(text) else "\n")(text)

remove_blank_lines = Step(
    "remove_blank_lines",
    _blank_line_edits,
    "Blank lines left by the steps before (a line of spaces emptied): one paragraph per line.",
)
