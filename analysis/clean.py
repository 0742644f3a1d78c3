"""Cleaning steps that restore a damaged report, each a pure ``str -> str`` function.

Every step is a :class:`Step`: call it on a string to get the cleaned string, or ask it for
its :meth:`Step.edits` — the ``(start, end, replacement)`` changes it would make. The
pipeline (:func:`clean`) runs the steps in :data:`DEFAULT_STEPS` order on the edits, so it
can carry, for every character of the result, the span of the raw text it came from, and
write a :class:`CleaningReport` of everything each step changed.

>>> remove_pinyin_glosses("全區(qū)經(jīng)濟")
'全區經濟'
>>> to_simplified("經濟社會發展")
'经济社会发展'
>>> normalize_width("１９５５年增长３．６８％")
'1955年增长3.68%'
>>> remove_thousands_separators("收入合计27,203,319,000元")
'收入合计27203319000元'
>>> clean("地方財政收入 145.5\\n億元,逆勢增長 0.5%。").text
'地方财政收入145.5亿元，逆势增长0.5%。'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Callable, Iterable, NamedTuple

import numpy as np
import pandas as pd

from . import mojibake
from . import patterns as P
from .tables import typed_frame


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``new``; ``flag`` says why a reader should look."""

    start: int
    end: int
    new: str
    flag: str = ""


@dataclass(frozen=True)
class Step:
    """A named cleaning step: ``step(text) -> text``, and ``step.edits(text)``."""

    name: str
    find: Callable[[str], list[Edit]]
    doc: str = ""

    def edits(self, text: str) -> list[Edit]:
        """The non-overlapping edits this step makes to ``text``, in order."""
        return self.find(text)

    def __call__(self, text: str) -> str:
        return apply_edits(text, self.find(text))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Return ``text`` with each edit applied (edits sorted and non-overlapping).

    >>> apply_edits("abcdef", [Edit(1, 3, "X"), Edit(4, 4, "-")])
    'aXd-ef'
    """
    out, pos = [], 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


_span_key = itemgetter(0, 1)  # an edit's (start, end)


def _regex_edits(pattern: re.Pattern, repl: Callable[[re.Match], str] | str, flag: str = ""):
    def find(text: str) -> list[Edit]:
        edits = []
        for m in pattern.finditer(text):
            new = repl(m) if callable(repl) else repl
            if new != m.group():
                edits.append(Edit(m.start(), m.end(), new, flag))
        return edits

    return find


def _step(name: str, pattern: re.Pattern, repl, doc: str) -> Step:
    return Step(name, _regex_edits(pattern, repl), doc)


# --- raw-text hygiene -------------------------------------------------------------------
def _newline_edits(text: str) -> list[Edit]:
    # Looking for each separator character is quicker than a scan for any of them.
    if not any(c in text for c in P.LINE_SEPARATORS):
        return []
    return _regex_edits(P.RE_NEWLINE, "\n")(text)


normalize_newlines = Step("normalize_newlines", _newline_edits, "CR, CRLF and other line separators → LF.")
remove_invisible = _step(
    "remove_invisible", P.RE_INVISIBLE, "", "Zero-width characters, stray BOMs, controls."
)


def _escape(m: re.Match) -> str:
    if m.group(1):
        code = int(m.group(1), 16)
        return chr(code) if code <= 0x10FFFF else m.group()
    import html

    return html.unescape(m.group())


def _escape_edits(text: str) -> list[Edit]:
    if "<U+" not in text and "&" not in text:
        return []
    return _regex_edits(P.RE_ESCAPE, _escape)(text)


decode_escapes = Step(
    "decode_escapes", _escape_edits, "R's <U+00A0> and HTML references (&nbsp; &#8220;) left in text → the characters."
)


def _flat_edits(text: str) -> list[Edit]:
    edits, pos = [], 0
    for line in text.split("\n"):
        if len(line) >= P.FLAT_LINE:
            edits += [
                Edit(pos + m.start(), pos + m.end(), "\n", "" if m.end() > m.start() else FLAT_GUESS)
                for m in P.RE_FLAT_BREAK.finditer(line)
            ]
        pos += len(line) + 1
    return edits


#: Flag of a paragraph break put where the text had no space at all: the boundaries of
#: the paragraphs around it are lost, so a reader should check what was joined.
FLAT_GUESS = "paragraph break inferred before a heading number; the text had none"

restore_paragraphs = Step(
    "restore_paragraphs",
    _flat_edits,
    "A report stored without line breaks (a Stata/Excel cell, a crawl): paragraphs split again where "
    "runs of spaces or a heading number after a sentence end show their boundaries.",
)


def _compatibility_edits(text: str) -> list[Edit]:
    import unicodedata

    return _regex_edits(P.RE_COMPATIBILITY, lambda m: unicodedata.normalize("NFKC", m.group()))(text)


normalize_compatibility = Step(
    "normalize_compatibility",
    _compatibility_edits,
    "Kangxi radicals and CJK compatibility ideographs that PDF extraction gives (⼀ U+2F00) → the ideographs (一).",
)


# --- mojibake ---------------------------------------------------------------------------
def _mojibake_edits(text: str) -> list[Edit]:
    edits = []
    for r in mojibake.find_repairs(text):
        flag = "; ".join(
            part
            for part in (
                "GBK byte-shift mojibake",
                f"{r.lost} character(s) lost (□)" if r.lost else "",
                f"repaired characters {r.doubtful} are doubtful (bytes lost)" if r.doubtful else "",
                f"{sum(len(x.text) for x in r.restored)} character(s) restored where bytes were lost" if r.restored else "",
            )
            if part
        ) if r.flagged else ""
        # The run is cut at each restoration: the repaired text between them keeps the run's
        # flag, each restored reading is an edit of its own, at the gap it fills.
        pos, at = r.start, 0
        for x in r.restored:
            if (pos, at) != (x.start, x.at):
                edits.append(Edit(pos, x.start, r.text[at : x.at], flag))
            edits.append(Edit(x.start, x.end, x.text, restored_flag(x)))
            pos, at = x.end, x.at + len(x.text)
        if (pos, at) != (r.end, len(r.text)):
            edits.append(Edit(pos, r.end, r.text[at:], flag))
    return edits


#: How a restored edit's flag starts (see :func:`restored_flag`).
RESTORED = "restored"


def restored_flag(x: mojibake.Restored) -> str:
    """The flag of characters written where a shifted GBK decoder lost bytes: the kind
    (:data:`RESTORED`), what was written instead of what, the bigram model's margin over the
    runner-up.

    >>> restored_flag(mojibake.Restored(5, 5, 1, "全力", "权力", 3.82, "圈"))
    'restored: 全力 for 圈 (GBK bytes lost); bigram margin 3.82 nats over 权力'
    """
    return (
        f"{RESTORED}: {x.text} for {x.replaces} (GBK bytes lost); "
        f"bigram margin {x.margin:.2f} nats over {x.runner_up or 'nothing'}"
    )


repair_mojibake = Step(
    "repair_mojibake",
    _mojibake_edits,
    "GBK byte-shift mojibake re-decoded one byte over; characters whose bytes were lost "
    "restored by a bigram model where it is sure (flag 'restored: …'), else written □; all flagged.",
)


# --- pinyin glosses ---------------------------------------------------------------------
def _gloss_edits(text: str) -> list[Edit]:
    glosses = None  # the document's glosses, read when a lost character needs them
    edits = [Edit(m.start(), m.end(), "") for m in P.RE_PINYIN_GLOSS_SCAN.finditer(text)]
    for m in P.RE_DAMAGED_GLOSS.finditer(text):
        edits.append(Edit(m.start(), m.end(), "", "damaged pinyin gloss removed; its character is lost"))
    for m in P.RE_STRAY_GLOSS_SCAN.finditer(text):
        reading, before = m.group()[1:-1], text[m.start() - 1] if m.start() else ""
        two_back = text[m.start() - 2 : m.start() - 1]
        if before and 0x40 <= ord(before) <= 0x7E and not (two_back.isascii() and two_back.isalnum()):
            # A lone ASCII byte before a gloss is the trail byte of a lost GBK character.
            glosses = mojibake._gloss_map(text) if glosses is None else glosses
            hit = mojibake.recover_by_gloss(ord(before), 1, reading, glosses)
            new = hit or mojibake.LOST
            flag = "" if hit else "character lost before a pinyin gloss"
            edits.append(Edit(m.start() - 1, m.end(), new, flag))
        else:
            edits.append(Edit(m.start(), m.end(), "", "pinyin gloss without its character"))
    return _merge(edits)


def _merge(edits: list[Edit]) -> list[Edit]:
    """Sort edits and drop any that overlap an earlier one."""
    out: list[Edit] = []
    for e in sorted(edits, key=_span_key):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


remove_pinyin_glosses = Step(
    "remove_pinyin_glosses",
    _gloss_edits,
    "Reading glosses 區(qū) → 區; damaged ones (?yún), ^(qū)) removed or resolved.",
)


# --- traditional → simplified -----------------------------------------------------------
@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def _t2s_edits(text: str) -> list[Edit]:
    converted = _opencc().convert(text)
    if converted == text:
        return []
    if len(converted) == len(text):
        return [Edit(i, i + 1, converted[i]) for i in _differing_positions(text, converted)]
    # Phrase conversion changed the length somewhere: align line by line.
    import difflib

    edits, pos = [], 0
    for line, new in zip(text.split("\n"), converted.split("\n")):
        sm = difflib.SequenceMatcher(None, line, new, autojunk=False)
        for op, a0, a1, b0, b1 in sm.get_opcodes():
            if op != "equal":
                edits.append(Edit(pos + a0, pos + a1, new[b0:b1]))
        pos += len(line) + 1
    return edits


def _differing_positions(a: str, b: str) -> list[int]:
    """Indices where two strings of equal length differ (compared as code-point arrays).

    >>> _differing_positions("經濟社会", "经济社会")
    [0, 1]
    """
    x = np.frombuffer(a.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    y = np.frombuffer(b.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return np.flatnonzero(x != y).tolist()


to_simplified = Step(
    "to_simplified", _t2s_edits, "Traditional → simplified with OpenCC's t2s (phrase-aware)."
)


# --- width and numbers ------------------------------------------------------------------
def _halfwidth(m: re.Match) -> str:
    return "".join(chr(ord(c) - 0xFEE0) for c in m.group())


#: The code points RE_FULLWIDTH_ALNUM matches (one character each).
_FULLWIDTH_ALNUM = np.array([c for c in range(0xFF01, 0xFF5F) if P.RE_FULLWIDTH_ALNUM.match(chr(c))])


def _width_edits(text: str) -> list[Edit]:
    edits = []
    if P.RE_FULLWIDTH_ALNUM.search(text):  # then find them all at once, over code points
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        where = np.flatnonzero(np.isin(codes, _FULLWIDTH_ALNUM))
        edits = [Edit(i, i + 1, chr(c - 0xFEE0)) for i, c in zip(where.tolist(), codes[where].tolist())]
    if any(c in text for c in P.FULLWIDTH_NUMPUNCT):
        edits += _regex_edits(P.RE_FULLWIDTH_NUMPUNCT_SCAN, _halfwidth)(text)
    return _merge(edits)


normalize_width = Step(
    "normalize_width",
    _width_edits,
    "Full-width digits and letters (and ．％ in numbers) → ASCII.",
)
def _thousands_edits(text: str) -> list[Edit]:
    if not any(rx.search(text) for rx in P.RE_THOUSANDS_HINTS):  # no separator before 3 digits
        return []
    return _regex_edits(P.RE_THOUSANDS_SCAN, lambda m: P.RE_THOUSANDS_SEP.sub("", m.group()))(text)


remove_thousands_separators = Step(
    "remove_thousands_separators",
    _thousands_edits,
    "27,203,319,000 → 27203319000 (only groups of exactly three digits).",
)


# --- page layout noise ------------------------------------------------------------------
def _running_headers(text: str) -> list[re.Match]:
    """The matches of RE_RUNNING_HEADER in ``text``. Each is a whole line with 报告 in it, so
    only the lines around each 报告 (found by a plain substring search) are tried."""
    found, pos = [], 0
    while (k := text.find("报告", pos)) >= 0:
        start = text.rfind("\n", 0, k) + 1
        end = text.find("\n", k)
        pos = len(text) if end < 0 else end
        m = P.RE_RUNNING_HEADER.match(text, start)  # multi-line ^: the line start
        if m:
            found.append(m)
    return found


def _page_noise_edits(text: str) -> list[Edit]:
    edits = []
    first_title = P.RE_TITLE_LINE.search(text)
    for m in _running_headers(text):
        if first_title is not None and m.start() == first_title.start() and not re.match(r"\s*\d", m.group()):
            continue  # the title itself, not a running header
        end = m.end() + 1 if text[m.end() : m.end() + 1] == "\n" else m.end()
        edits.append(Edit(m.start(), end, ""))
    edits += [Edit(m.start(), m.end(), "") for m in P.RE_INLINE_PAGE_NUMBER_SCAN.finditer(text)]
    edits += [Edit(m.start(), m.end(), "") for m in P.RE_STRAY_BEFORE_HEADING.finditer(text)]
    return _merge(edits)


remove_page_noise = Step(
    "remove_page_noise",
    _page_noise_edits,
    "Running headers (page number + title), page numbers in text, stray layout fragments.",
)


# --- repeated text ----------------------------------------------------------------------
#: Shortest line whose repetition shows a repeated block (a paragraph, not a heading).
REPEAT_MIN = 30


def _repeat_edits(text: str) -> list[Edit]:
    """Delete each run of lines that all occurred earlier in the text, when the run holds a
    line of :data:`REPEAT_MIN` characters or more: a page holding the report twice (nested
    tables, a print version) or repeating its first paragraph at the foot."""
    lines = text.split("\n")
    at = list(accumulate((len(line) + 1 for line in lines), initial=0))
    seen: set[str] = set()
    repeated = []
    for line in lines:
        key = line.strip()
        repeated.append(bool(key) and key in seen)
        if key:
            seen.add(key)
    edits, i = [], 0
    while i < len(lines):
        if not repeated[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and (repeated[j] or not lines[j].strip()):
            j += 1
        while j > i and not lines[j - 1].strip():  # the run ends with its last repeated line
            j -= 1
        if any(len(lines[k].strip()) >= REPEAT_MIN for k in range(i, j)):
            edits.append(Edit(at[i], min(at[j], len(text)), "", REPEAT_FLAG))
        i = j
    return edits


#: Flag of deleted repeated text: not a known chrome shape, so a reader should look.
REPEAT_FLAG = "repeated text (the source holds it more than once): kept once"

remove_repeated_text = Step(
    "remove_repeated_text",
    _repeat_edits,
    "Text the source holds more than once (a page with the report in nested tables) kept once; flagged.",
)


# --- page chrome ------------------------------------------------------------------------
def _is_prose(line: str) -> bool:
    """A line of running text: sentence punctuation and more than a label's length."""
    s = line.strip()
    return s.endswith(("。", "！", "？")) or (len(s) >= 15 and bool(P.RE_SENTENCE_PUNCT.search(s)))


def _is_heading_line(line: str) -> bool:
    """Title, occasion or a speaker with a title: lines that never continue a sentence."""
    s = P.RE_SPACES.sub("", line)
    return bool(P.RE_TITLE_LINE.match(s) or P.RE_OCCASION.match(s) or P.RE_SPEAKER.match(line.strip()))


def _is_front_matter(line: str) -> bool:
    """A line of the front matter: title, occasion, speaker, or the speaker's bare name."""
    return _is_heading_line(line) or bool(P.RE_BARE_NAME.match(line.strip()))


@lru_cache(maxsize=1)
def _ui_words() -> frozenset[str]:
    from .lexicons import load_terms

    return load_terms("page_chrome.txt")


def _is_ui_line(s: str) -> bool:
    """Only web-control words and separators: ``下载 打印 全屏``, ``【字号：加大 还原 减小】``."""
    rest = P.RE_UI_SEPARATORS.sub(" ", s)
    words = [w for w in rest.split() if w]
    return bool(words) and all(w in _ui_words() for w in words)


def _is_chrome(line: str) -> bool:
    """Page chrome inside the body, by its shape: a key–value stamp (来源：…, （责任编辑：…）),
    a photo caption (… 记者 X 摄), markup left in the text (``<!-- -->``), a link id or web
    address alone on its line (a line of digits or punctuation alone is kept: it is often a
    piece of a sentence broken by a link, ``PM\n2.5\n）``), a
    lone bracketed label (【打印】), a breadcrumb or "more" link (首页 > …, 相关附件>>), or
    a short line of web-control words only."""
    s = line.strip()
    if not s or len(s) >= 120 or mojibake.LOST in s:  # prose: too long for any of these
        return False
    if P.RE_PHOTO_CAPTION.search(s):
        return True
    if P.RE_KEY_VALUE_CHROME.match(s) and len(s) < 60:
        return True
    if P.RE_MARKUP_LINE.match(s):  # no Chinese: markup left over, a link id or address
        return True
    if len(s) <= 60 and (P.RE_BRACKET_LABEL.match(s) or P.RE_NAVIGATION.match(s)):
        return True
    return len(s) <= 40 and not _is_prose(s) and _is_ui_line(s)


def _is_furniture(line: str) -> bool:
    """Outside the body, anything that is not prose is page furniture."""
    s = line.strip()
    return not s or _is_chrome(s) or not (_is_prose(s) or _is_front_matter(s) or _is_structural(s))


def _is_structural(line: str) -> bool:
    s = line.strip()
    return bool(
        P.RE_SALUTATION.match(s)
        or P.RE_HEADING_ANY.match(s)  # any of RE_HEADINGS
        or P.RE_GLOSSARY_START.match(s)
    )


def body_bounds(lines: list[str]) -> tuple[int, int]:
    """Index of the first and one past the last line of the report body.

    The body starts at the title, the occasion line or the salutation (各位代表), whichever
    comes first near the salutation; it ends with the last line of prose or glossary, so
    trailing navigation (相关报道：, 分享到) falls outside.

    >>> body_bounds(["首页", "下载", "政府工作报告", "各位代表：", "现在，我代表政府报告工作。", "相关报道："])
    (2, 5)
    """
    first_prose = next((i for i, l in enumerate(lines) if _is_prose(l) and not _is_chrome(l)), 0)
    anchor = _salutation(lines, first_prose)
    if anchor is None:  # no recognisable front: strip only lines that are surely chrome
        anchor = next((i for i, l in enumerate(lines) if l.strip() and not _is_chrome(l)), 0)
    start = anchor
    for i in range(anchor - 1, max(-1, anchor - 25), -1):
        line = P.RE_SPACES.sub("", lines[i])
        if _is_front_matter(line):
            start = i
            if P.RE_TITLE_LINE.match(line) and not P.RE_OCCASION.match(line):
                break  # the title is the first line of a report (an occasion line may end in 工作报告)
    end = len(lines)
    gap = _large_gap(lines, first_prose)
    if gap is not None and sum(map(len, lines[gap:])) < sum(map(len, lines[:gap])):
        end = gap  # a wide vertical gap after the body separates page furniture (licences…)
    end = _closing_end(lines, start, end)
    while end > start and _is_furniture(lines[end - 1]):
        end -= 1
    return start, end


def _closing_end(lines: list[str], start: int, end: int) -> int:
    """One past the report's end when only page matter follows its closing paragraph.

    A report ends with an exhortation: a paragraph with 让我们 that ends with ！, maybe
    followed by closing sentences (以上报告，请予审议。 …万岁！). What follows is an annex
    or glossary (kept: a heading such as 附件 or 名词解释 with prose under it) or the page
    around the report: related articles, a "you are leaving this site" notice, the footer.
    That tail is cut from its first line that is not a finished sentence, when it is short
    beside the body (under :data:`CLOSING_TAIL_SHARE`), so a report whose real end comes
    later keeps it.
    """
    closing = next(
        (i for i in range(end - 1, start - 1, -1) if "让我们" in lines[i] and lines[i].rstrip().endswith(("！", "!"))),
        None,
    )
    if closing is None or closing == end - 1:
        return end
    tail = lines[closing + 1 : end]
    for k, line in enumerate(tail):
        heading = P.RE_GLOSSARY_START.match(P.RE_SPACES.sub("", line)) or P.RE_ANNEX_START.match(line.strip())
        if heading and sum(len(l) for l in tail[k + 1 :] if _is_prose(l)) >= ANNEX_MIN_PROSE:
            return end  # an annex or glossary with text of its own, not a "相关附件" label
    # sentences right after it still belong to the report (以上报告，请予审议。 …万岁！)
    first = next((k for k, l in enumerate(tail) if l.strip() and not l.rstrip().endswith(("。", "！", "!"))), len(tail))
    cut = closing + 1 + first
    body = sum(map(len, lines[start:cut]))
    return cut if sum(map(len, lines[cut:end])) < CLOSING_TAIL_SHARE * body else end


#: Largest share of the body's length that the text after the closing paragraph may have
#: for it to be cut as page matter (measured: portal page tails are 1-3% of the body).
CLOSING_TAIL_SHARE = 0.1
#: Fewest characters of prose after an annex or glossary heading for it to be kept.
ANNEX_MIN_PROSE = 200


def _salutation(lines: list[str], first_prose: int) -> int | None:
    """Index of the salutation (各位代表：) if it opens the body: at most a few lines (a
    photo caption) after the first prose line."""
    for i, line in enumerate(lines[: first_prose + 4]):
        if P.RE_SALUTATION.match(line.strip()):
            return i
    return None


def _large_gap(lines: list[str], after: int, width: int = 8) -> int | None:
    """Index of the first line of the first run of ``width`` or more blank lines after
    line ``after``, or None."""
    run = 0
    for i in range(after, len(lines)):
        run = run + 1 if not lines[i].strip() else 0
        if run == width:
            return i - width + 1
    return None


def _chrome_edits(text: str) -> list[Edit]:
    lines = text.split("\n")
    at = list(accumulate((len(line) + 1 for line in lines), initial=0))  # where each line starts
    start, end = body_bounds(lines)
    edits = []
    if start > 0:
        edits.append(Edit(0, at[start], "", _prose_flag(lines[:start])))
    first_prose = next((i for i in range(start, end) if _is_prose(lines[i])), end)
    salute = _salutation(lines, first_prose)
    body = salute if salute is not None else start
    for i in range(start, end):
        line = lines[i]
        if i < body:  # front matter: keep title, occasion, speaker; drop stamps, captions
            if line.strip() and not (_is_front_matter(line) or _continues_occasion(lines, i)):
                edits.append(Edit(at[i], min(at[i + 1], len(text)), ""))
        elif _is_chrome(line):
            edits.append(Edit(at[i], min(at[i + 1], len(text)), ""))  # the line and its break
    if end < len(lines):
        edits.append(Edit(at[end] - 1 if end else 0, len(text), "", _prose_flag(lines[end:])))
    return _merge(edits)


#: Flags of page matter removed before or after the body that a reader should look at: it
#: holds a long paragraph of prose (a summary, a related article?) or a line with a figure
#: that has no shape of page chrome (地区生产总值增长5% at the very end of a text).
PROSE_REMOVED = "removed as outside the report, but holds a paragraph of prose"
FIGURE_REMOVED = "removed as outside the report, but holds a figure"
#: Length from which a removed line of prose is flagged.
PROSE_FLAG_MIN = 200


def _prose_flag(lines: list[str]) -> str:
    if any(len(l) >= PROSE_FLAG_MIN and _is_prose(l) for l in lines):
        return PROSE_REMOVED
    if any(P.RE_DIGIT.search(l) and P.RE_HAN.search(l) and not _is_chrome(l) for l in lines):
        return FIGURE_REMOVED
    return ""


def _continues_occasion(lines: list[str], i: int) -> bool:
    """A line that finishes an occasion line broken in two (……第十四届 / 人民代表大会…会议上)."""
    prev = lines[i - 1].strip() if i else ""
    return bool(prev.startswith(("—", "─")) and not prev.endswith("上") and lines[i].strip().endswith("上"))


remove_page_chrome = Step(
    "remove_page_chrome",
    _chrome_edits,
    "Web-page chrome before/after the body and navigation, stamps, captions inside it.",
)


# --- spacing and punctuation ------------------------------------------------------------
def _space_edits(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), "") for m in P.RE_STRAY_SPACE_SCAN.finditer(text)]
    edits += [Edit(m.start(), m.end(), "\n") for m in P.RE_BLANK_LINES_SCAN.finditer(text)]
    if text.startswith("\n") or text.endswith("\n"):  # else RE_LEADING_NEWLINES cannot match
        edits += [Edit(m.start(), m.end(), "") for m in P.RE_LEADING_NEWLINES.finditer(text)]
    return _merge(edits)


remove_stray_spaces = Step(
    "remove_stray_spaces",
    _space_edits,
    "Spaces between Chinese and Chinese/numbers (145.5 亿元 → 145.5亿元), inside numbers, blank lines.",
)


def _punct_edits(text: str) -> list[Edit]:
    # Each pattern needs its ASCII mark: a text without it is not scanned (most have none).
    edits = _regex_edits(P.RE_ASCII_COMMA, "，")(text) if "," in text else []
    if ":" in text:
        edits += _regex_edits(P.RE_ASCII_COLON, "：")(text)
    if ";" in text:
        edits += _regex_edits(P.RE_ASCII_SEMICOLON, "；")(text)
    if "?" in text or "!" in text:
        edits += _regex_edits(P.RE_ASCII_QUESTION, lambda m: "？" if m.group() == "?" else "！")(text)
    if "(" in text:
        for m in P.RE_ASCII_PAREN_PAIR.finditer(text):
            edits.append(Edit(m.start(), m.start() + 1, "（"))
            edits.append(Edit(m.end() - 1, m.end(), "）"))
    return _merge(edits)


normalize_punctuation = Step(
    "normalize_punctuation",
    _punct_edits,
    "ASCII , : ; ( ) ? ! in Chinese text → ，：；（）？！",
)


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
        line, nxt = text[text.rfind("\n", 0, pos) + 1 : pos], text[pos + 1 : end if end >= 0 else len(text)]
        if _joins(line, nxt):
            edits.append(Edit(pos, pos + 1, ""))
    return edits


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

#: The default pipeline, in order. Each step can be dropped or reused alone.
DEFAULT_STEPS: tuple[Step, ...] = (
    normalize_newlines,
    remove_invisible,
    decode_escapes,
    restore_paragraphs,
    normalize_compatibility,
    repair_mojibake,
    remove_pinyin_glosses,
    to_simplified,
    normalize_width,
    remove_thousands_separators,
    remove_repeated_text,
    remove_page_noise,
    remove_page_chrome,
    remove_stray_spaces,
    normalize_punctuation,
    rejoin_broken_lines,
    remove_blank_lines,
)


# --- the pipeline with provenance --------------------------------------------------------
#: Columns of ``CleaningReport.changes``: one row per edit any step made.
CHANGE_COLUMNS = {
    "step": "string",  # the step's name
    "raw_start": "int64",  # start of the changed span in the raw text
    "raw_end": "int64",  # end (exclusive) in the raw text
    "before": "string",  # the text the step saw there
    "after": "string",  # what the step wrote
    "flag": "string",  # non-empty when a reader should check this span: why ("restored: …"
    #                    for characters written where bytes were lost, see clean.restored_flag)
}


@dataclass
class CleaningReport:
    """What each step changed: ``changes`` (one row per edit) and ``counts`` per step."""

    changes: pd.DataFrame
    steps: tuple[str, ...] = field(default_factory=tuple)

    @property
    def counts(self) -> pd.Series:
        """Number of edits per step, in pipeline order (steps with none included)."""
        c = self.changes.groupby("step", sort=False).size()
        return c.reindex(list(self.steps), fill_value=0).astype("int64")

    @property
    def flagged(self) -> pd.DataFrame:
        """The changes a reader should check (lost or doubtful text), in raw order."""
        return self.changes[self.changes["flag"] != ""].sort_values("raw_start", kind="stable").reset_index(drop=True)

    @property
    def restored(self) -> pd.DataFrame:
        """The edits that wrote characters in place of lost bytes, in raw order (each is flagged)."""
        flagged = self.flagged
        return flagged[flagged["flag"].str.startswith(f"{RESTORED}:")].reset_index(drop=True)


@dataclass(frozen=True)
class Cleaned:
    """Result of :func:`clean`: the text and, per character, the raw span it came from."""

    text: str
    raw_starts: np.ndarray
    raw_ends: np.ndarray
    report: CleaningReport


#: Passes of the steps at most: a pass can leave work for the next (a line another step
#: emptied), so the steps run again until a pass changes nothing.
MAX_PASSES = 4


def clean(raw: str, steps: Iterable[Step] = DEFAULT_STEPS, *, spans=None, raw_len: int | None = None) -> Cleaned:
    """Run ``steps`` over ``raw`` and return the cleaned text with provenance and report.

    ``spans=(starts, ends)`` says where each character of ``raw`` stands in an underlying
    source of ``raw_len`` characters (a web page's markup): offsets are then into it.
    """
    steps = tuple(steps)
    text = raw
    if spans is None:
        starts = np.arange(len(raw), dtype=np.int64)
        ends = starts + 1
        raw_len = len(raw)
    else:
        starts, ends = (np.asarray(a, np.int64) for a in spans)
        raw_len = len(raw) if raw_len is None else raw_len
    rows = []
    for _ in range(MAX_PASSES):  # until a pass changes nothing: clean(clean(x)) == clean(x)
        before = text
        for step in steps:
            edits = step.edits(text)
            if not edits:
                continue
            spans_, starts, ends = _carry_spans(starts, ends, edits, raw_len)
            rows += [(step.name, rs, re_, text[e.start : e.end], e.new, e.flag) for e, (rs, re_) in zip(edits, spans_)]
            text = apply_edits(text, edits)
        if text == before:
            break
    changes = typed_frame(rows, CHANGE_COLUMNS)
    return Cleaned(text, starts, ends, CleaningReport(changes, tuple(s.name for s in steps)))


def _carry_spans(starts: np.ndarray, ends: np.ndarray, edits: list[Edit], raw_len: int):
    """Return the raw span of each edit, and the raw spans of the edited text's characters.

    An edit's span covers the spans of the characters it replaces; an insertion takes the
    start of the character after it (``raw_len`` at the end). Each character an edit writes
    gets its edit's span; kept characters keep theirs. Vectorised over all edits of a step
    (a step can make thousands).

    >>> spans, s, e = _carry_spans(np.arange(4), np.arange(4) + 1, [Edit(1, 3, "X"), Edit(4, 4, "!")], 4)
    >>> spans, s.tolist(), e.tolist()
    ([(1, 3), (4, 4)], [0, 1, 3, 4], [1, 3, 4, 4])
    """
    count = len(edits)
    a = np.fromiter((e.start for e in edits), np.int64, count)
    b = np.fromiter((e.end for e in edits), np.int64, count)
    written = np.fromiter((len(e.new) for e in edits), np.int64, count)
    if np.all(b - a == 1) and np.all(written == 1):  # character for character: no span changes
        return list(zip(starts[a].tolist(), ends[a].tolist())), starts, ends
    n = len(starts)
    if b[-1] < n:  # every edit inside the text: reduce over the arrays as they are
        padded_starts, padded_ends = starts, ends
    else:
        padded_starts, padded_ends = np.append(starts, raw_len), np.append(ends, raw_len)
    bounds = np.column_stack([a, b]).ravel()  # a0 b0 a1 b1 …: entry 2i reduces [a_i, b_i), or takes [a_i] if empty
    lo = np.minimum.reduceat(padded_starts, bounds)[::2]
    hi = np.where(b > a, np.maximum.reduceat(padded_ends, bounds)[::2], lo)
    # The new text is kept_0 written_0 kept_1 … written_{count-1} kept_count: each segment a
    # run of consecutive entries of starts/ends followed by every written character's span.
    lengths = np.empty(2 * count + 1, dtype=np.int64)
    lengths[0::2] = np.append(a, n) - np.insert(b, 0, 0)
    lengths[1::2] = written
    source = np.empty_like(lengths)  # where each segment's run begins
    source[0::2] = np.insert(b, 0, 0)
    source[1::2] = n + np.cumsum(written) - written
    index = np.repeat(source - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())
    spans = list(zip(lo.tolist(), hi.tolist()))
    if not written.any():  # deletions only
        return spans, starts[index], ends[index]
    return (
        spans,
        np.concatenate([starts, np.repeat(lo, written)])[index],
        np.concatenate([ends, np.repeat(hi, written)])[index],
    )


def make_pipeline(*steps: Step) -> Callable[[str], str]:
    """Compose steps into one ``str -> str`` function (no provenance).

    >>> make_pipeline(remove_pinyin_glosses, to_simplified)("區(qū)政府")
    '区政府'
    """

    def run(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return run
