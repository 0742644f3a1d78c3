"""Cleaning steps that remove what is not the report: page noise, repeated text, page chrome before and after the body and navigation inside it — every removal of text named, and flagged when it is not a known chrome shape."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

import numpy as np

from analysis import patterns as P
from analysis.clean import mojibake

from .edits import Edit, Step
from .repair import _merge


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
    tables, a print version) or repeating its first paragraph at the foot; and the second copy
    of a span pasted twice in a row (:func:`tandem_repeats`)."""
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
    return _merge(edits + [Edit(s + p, s + 2 * p, "", REPEAT_FLAG) for s, p in tandem_repeats(text)])


#: Shortest span whose repetition right after itself is a paste error, not language.
TANDEM_MIN = 20
#: Longest such span looked for (a sentence or two).
TANDEM_MAX = 600


def tandem_repeats(text: str) -> list[tuple[int, int]]:
    """``(start, length)`` of each span of :data:`TANDEM_MIN` to :data:`TANDEM_MAX`
    characters repeated right after itself within a line (…地区的农业税收和社队企业税收，加强对
    农业的物质和技术支持，发展农业税收和社队企业税收，加强对农业的物质和技术支持，发展农业科学研究:
    a copy pasted twice); the second copy is the one to drop. Language does not say twenty
    characters twice in a row; a phrase said again later is no such repeat.

    Every window of :data:`TANDEM_MIN` characters is hashed to 16 bits (NumPy sorts those by
    radix, in linear time; a collision is checked against the text), and two equal windows at
    most :data:`TANDEM_MAX` apart, next to each other in the sorted order, are tested: a repeat
    has a window pair at each of its characters, and one found is enough.

    >>> tandem_repeats("城镇新增就业62万人，居民收入增长5.1%，" * 2 + "粮食稳产。")
    [(0, 22)]
    """
    n = TANDEM_MIN
    codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    windows = len(codes) - n + 1
    if windows <= n:
        return []
    h = codes[:windows].copy()
    for k in range(1, n):
        h = h * np.uint32(1000003) + codes[k : k + windows]
    h = (h >> np.uint32(16)).astype(np.uint16) ^ h.astype(np.uint16)
    order = np.argsort(h, kind="stable")  # a radix sort for 16 bits
    ordered = h[order]
    same = np.nonzero(ordered[1:] == ordered[:-1])[0]
    first, second = order[same], order[same + 1]  # equal windows, the earlier one first
    gap = second - first
    found: set[tuple[int, int]] = set()
    runs: dict[int, list[tuple[int, int]]] = {}  # period → (start, end) of the runs found with it
    for a, p in zip(first[(gap >= n) & (gap <= TANDEM_MAX)].tolist(), gap[(gap >= n) & (gap <= TANDEM_MAX)].tolist()):
        if any(s <= a < e for s, e in runs.get(p, ())):
            continue  # inside a run found already: it walks back to the same start (text said
            # over and over, a sentence pasted 500 times, made every window a pair to walk back)
        if text[a : a + p] == text[a + p : a + 2 * p] and "\n" not in text[a : a + 2 * p]:
            while a > 0 and text[a - 1] == text[a - 1 + p] and text[a - 1] != "\n":
                a -= 1  # the repeat's first character
            end = a + 2 * p
            while end < len(text) and text[end] == text[end - p] and text[end] != "\n":
                end += 1  # the run's end: the text stays periodic up to here
            runs.setdefault(p, []).append((a, end))
            found.add((a, p))
    return sorted(found)

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
    from analysis.lexicons import load_terms

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
    if any(P.RE_DIGIT.search(_RE_NO_FIGURE.sub("", l)) and P.RE_HAN.search(l) and not _is_chrome(l) for l in lines):
        return FIGURE_REMOVED
    return ""

#: Digits that are no figure a reader misses: a year or date (the title 2025年湖南省政府工作报告,
#: a publishing date 2025-01-20), a clock time (06:54), and a site's registration and contact
#: numbers (湘ICP备05000618号, 湘公网安备：43010302000524号, 网站标识码：4300000001,
#: 0731-82214480, 邮编：430071, 地址：…路439号), the page's counters (已阅 1265, 点赞 68) and its
#: browser advice (IE9+, 分辨率1280*800).
_RE_NO_FIGURE = re.compile(
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|" + P.RE_ISO_DATE.pattern
    + r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)|ICP[备证][：:\s]*\d+号?(?:-\d+)?|公网安备[：:\s]*\d+号?"
    r"|标识码[：:\s]*\d+|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|邮编[：:\s]*\d{6}|(?:地址|联系我们)[：:][^|\n]*"
    r"|(?:已阅|阅读|浏览|访问|点赞|分享|收藏)(?:量|数|次数)?[：:\s\u2002]*\d+|分辨率[：:\s]*\d+\s*[*×xX]\s*\d+"
    r"|[A-Za-z]+\d+|\d+[A-Za-z]+"  # codes: IE9, HTML5
)

def _continues_occasion(lines: list[str], i: int) -> bool:
    """A line that finishes an occasion line broken in two (……第十四届 / 人民代表大会…会议上)."""
    prev = lines[i - 1].strip() if i else ""
    return bool(prev.startswith(("—", "─")) and not prev.endswith("上") and lines[i].strip().endswith("上"))

remove_page_chrome = Step(
    "remove_page_chrome",
    _chrome_edits,
    "Web-page chrome before/after the body and navigation, stamps, captions inside it.",
)
