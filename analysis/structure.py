"""Document structure of a cleaned report: front matter, headings, paragraphs, sentences.

Headings are found by their numbering, in the styles these reports use (``第一方面``,
``一、``, ``（一）``, ``一是``, ``1.``, ``（1）``). A style's level is the order in which the
document first uses it, so ``一、 > （一） > 1.`` in a provincial report and
``第一方面 > （一）`` in the seed both come out right — except that the in-text enumeration
``一是…二是…`` always ranks below the titles ``第一部分``, ``一、`` and ``（一）``: a list
of points never contains a titled section, even where the list comes first. A heading may
be a line of its own or the first sentence of a paragraph (``（二）抓牢实体经济稳增长。始终保持…``).

Damaged headings — the number lost to mojibake — are placed by numbering order: where the
numbers of a level skip (``（二）``, ``（四）``) or stop short before the next higher heading,
a paragraph that starts with flagged (damaged) text in that gap takes the missing number,
and the heading is marked ``flagged``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from . import patterns as P
from .document import SENTENCE_COLUMNS
from .tables import column_frame, typed_frame

#: Columns of the headings table, one row per heading, in document order.
HEADING_COLUMNS = {
    "doc_id": "string",
    "heading_id": "int64",  # 0-based, document order
    "level": "int64",  # rank of the numbering style in this report, 1 = highest; a parent
    #                    may be more than one level up (一是 items right under 一、 are level 3
    #                    in a report that also numbers sections （一）)
    "style": "string",  # numbering style key (see patterns.RE_HEADINGS); "" if damaged
    "number": "string",  # the number as written, e.g. "一", "3"; inferred when flagged
    "text": "string",  # heading text without its number
    "parent_id": "int64",  # heading_id of the parent (the nearest earlier heading of a higher level), -1 if none
    "paragraph_id": "int64",
    "start": "int64",  # offsets of the heading (number included) in the cleaned text
    "end": "int64",
    "inline": "bool",  # True when the heading is the first sentence of a paragraph
    "flagged": "bool",  # True when number or text comes from damaged (flagged) raw text
}
#: Columns of the paragraphs table.
PARAGRAPH_COLUMNS = {
    "doc_id": "string",
    "paragraph_id": "int64",
    "kind": "string",  # front (title, occasion, speaker), heading, body, appendix (back matter: annexes, glossary)
    "part": "string",
    "section": "string",
    "start": "int64",
    "end": "int64",
    "text": "string",
}

_RE_PARAGRAPH = re.compile(r"[^\n]+")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_RE_DATE = P.RE_DATE_CN


def numeral_value(number: str) -> int | None:
    """The integer a heading number stands for: ``"十二"`` → 12, ``"3"`` → 3.

    >>> [numeral_value(n) for n in ["一", "十", "十二", "二十一", "7"]]
    [1, 10, 12, 21, 7]
    """
    if number.isdigit():
        return int(number)
    if not number or any(c not in _CN_DIGITS and c not in "十百" for c in number):
        return None
    if "十" not in number:
        return _CN_DIGITS.get(number) if len(number) == 1 else None
    tens, _, ones = number.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def numeral_text(value: int) -> str:
    """Chinese numeral for a heading number, ``12`` → ``"十二"``.

    >>> numeral_text(6), numeral_text(12), numeral_text(20)
    ('六', '十二', '二十')
    """
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


@dataclass(frozen=True)
class _Heading:
    paragraph_id: int
    style: str
    number: str
    start: int
    end: int  # end of the heading (its sentence) in the cleaned text
    body_start: int  # where the text after the number starts
    inline: bool
    flagged: bool = False


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty line of ``text``.

    >>> split_paragraphs("甲。\\n\\n乙。")
    [(0, 2), (4, 6)]
    """
    return [m.span() for m in _RE_PARAGRAPH.finditer(text)]


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in ``text[start:end]``, ending at 。！？ (with any
    closing quotes or brackets after them).

    >>> s = "增长5%。“稳中求进”！其余"
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['增长5%。', '“稳中求进”！', '其余']
    """
    end = len(text) if end is None else end
    bounds = [start, *(m.end() for m in P.RE_SENTENCE_CLOSE.finditer(text, start, end))]
    if bounds[-1] < end and text[bounds[-1] : end].strip():
        bounds.append(end)  # text after the last close: the last sentence
    return list(zip(bounds, bounds[1:]))


def _first_sentence_end(text: str, start: int, end: int) -> int:
    """End of the first sentence of ``text[start:end]``, a span with some non-space text."""
    m = P.RE_SENTENCE_CLOSE.search(text, start, end)
    return m.end() if m else end


def _front_matter(lines: list[str]) -> int:
    """Number of leading lines that are title, occasion or speaker."""
    n = 0
    for line in lines[:8]:
        if P.RE_SALUTATION.match(line):
            break
        if P.RE_TITLE_LINE.match(line) or P.RE_OCCASION.match(line) or P.RE_SPEAKER.match(line):
            n += 1
        else:
            break
    return n


def front_matter(text: str) -> dict:
    """Title, occasion, speaker and date from the first lines of a cleaned report.

    >>> front_matter("政府工作报告\\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\\n国务院总理李强\\n各位代表：")["date"]
    '2024-03-05'
    >>> front_matter("政府工作报告\\n——二〇二六年一月二十八日\\n在云南省第十四届人民代表大会第四次会议上\\n省长　王予波\\n各位代表：")["occasion"]
    '——二〇二六年一月二十八日在云南省第十四届人民代表大会第四次会议上'
    """
    lines = text.split("\n")
    meta = {"title": "", "occasion": "", "speaker": "", "date": ""}
    for line in lines[: _front_matter(lines)]:
        if P.RE_OCCASION.match(line) and not meta["occasion"]:
            meta["occasion"] = line
        elif P.RE_OCCASION.match(line) and not RE_OCCASION_PLACE.search(meta["occasion"]):
            meta["occasion"] += line  # a date line, then the place on the next: one occasion
        elif P.RE_SPEAKER.match(line) and not meta["speaker"]:
            meta["speaker"] = line
        elif not meta["title"]:
            meta["title"] = line
    meta["date"] = occasion_date(meta["occasion"])
    if not meta["speaker"]:
        meta["speaker"] = occasion_speaker(meta["occasion"])
    return meta


#: The place of an occasion: the meeting it was given at.
RE_OCCASION_PLACE = re.compile(r"会议|大会|会上")
#: The speaker inside an occasion line that names them, as newspapers print the header:
#: ``…会议上北京市市长 殷勇同志作政府工作报告。``, ``——2025年1月14日自治区人民政府主席王莉霞在…会议上的讲话``.
RE_OCCASION_SPEAKER = re.compile(
    rf"(?:会议|大会)上[{P.SPACE}]*(?P<after>[^。！？在]{{2,30}}?)(?:同志)?(?:作|所作的?)(?:政府)?工作?报告。?$"
    rf"|^[—─－-]*\d{{4}}年\d{{1,2}}月\d{{1,2}}日(?P<before>[^。！？在]{{2,30}}?)在"
)


def occasion_speaker(occasion: str) -> str:
    """The speaker an occasion line names, ``""`` if none.

    >>> occasion_speaker("2025年1月14日在北京市第十六届人民代表大会第三次会议上北京市市长 殷勇同志作政府工作报告。")
    '北京市市长 殷勇'
    >>> occasion_speaker("——2025年1月14日自治区人民政府主席王莉霞在内蒙古自治区第十四届人民代表大会第三次会议上的讲话")
    '自治区人民政府主席王莉霞'
    >>> occasion_speaker("——2024年3月5日在第十四届全国人民代表大会第二次会议上")
    ''
    """
    m = RE_OCCASION_SPEAKER.search(occasion or "")
    return (m.group("after") or m.group("before") or "").strip() if m else ""


#: The sentence a report opens with after its salutation: 现在，我代表省人民政府，向大会报告政府工作
#: (once in a report; the oldest national ones and damaged copies may lack it).
RE_OPENING = re.compile(r"我(?:现在)?代表[^。！？\n]{1,40}?向[^。！？\n]{0,12}?(?:大会|会议)[^。！？\n]{0,8}?(?:报告|作)")


def report_openings(text: str) -> list[str]:
    """How a text opens each report it holds: its dated occasion lines
    (``——2024年3月5日在…会议上``) or, if it has more of them, its opening sentences
    (``我代表国务院，向大会报告政府工作``). A report has one of each; 114 shipped reports have
    at most one.

    >>> report_openings("——2024年3月5日在第十四届全国人民代表大会第二次会议上\\n各位代表：\\n现在，我代表国务院，向大会报告政府工作。")
    ['——2024年3月5日在第十四届全国人民代表大会第二次会议上']
    >>> len(report_openings("各位代表：\\n现在，我代表国务院，向大会报告政府工作。\\n" * 2))
    2
    """
    lines = [line.strip() for line in text.split("\n")]
    occasions = [line for line in lines if P.RE_OCCASION.match(line) and occasion_date(line)]
    openings = [m.group(0) for m in RE_OPENING.finditer(text)]
    return occasions if len(occasions) >= len(openings) else openings


_RE_DATE_HANZI = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def occasion_date(occasion: str) -> str:
    """ISO date of the occasion line, from Arabic or Chinese numerals; "" if none.

    >>> occasion_date("——二〇二六年一月二十七日在甘肃省十四届人大五次会议上")
    '2026-01-27'
    >>> occasion_date("——2020年7月15日在xx市会议上")
    '2020-07-15'
    """
    m = _RE_DATE.search(occasion)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = _RE_DATE_HANZI.search(occasion)
    if m:
        year = "".join(str(_CN_DIGITS[c]) for c in m[1])
        return f"{year}-{numeral_value(m[2]):02d}-{numeral_value(m[3]):02d}"
    return ""


def back_matter(lines: list[str], starts: list[int], length: int, first: int) -> dict[int, str]:
    """Paragraphs of back matter: paragraph_id → the label of the annex it is in.

    Back matter opens at the first line, from paragraph ``first`` on and in the text's second
    half (``starts``: each line's offset; ``length``: the text's), that :data:`analysis.patterns.RE_BACK_MATTER`
    matches; each later such line opens another annex. A bare marker's label takes the next
    line, the annex's title, when that line is short and no sentence (``附件1 2026年省十件民生实事``).

    >>> back_matter(["一、回顾", "增长。" * 9, "附件2", "名词解释", "1.“双一流”：指一流大学。"], [0, 5, 33, 37, 42], 56, 1)
    {2: '附件2 名词解释', 3: '附件2 名词解释', 4: '附件2 名词解释'}
    """
    out: dict[int, str] = {}
    label, pid = None, max(first, 0)
    while pid < len(lines):
        line = lines[pid].strip()
        if starts[pid] * 2 >= length and P.RE_BACK_MATTER.match(line):
            label = line
            nxt = lines[pid + 1].strip() if pid + 1 < len(lines) else ""
            if P.RE_BARE_ANNEX.match(line) and nxt and len(nxt) <= 40 and not P.RE_SENTENCE_CLOSE.search(nxt):
                label = f"{line} {nxt}"
                out[pid] = label
                pid += 1
        if label is not None:
            out[pid] = label
        pid += 1
    return out


def _find_headings(text: str, paragraphs, front: int, lines: list[str], end: int | None = None) -> list[_Heading]:
    """Headings among paragraphs ``front`` to ``end`` (the start of back matter; None: all)."""
    found = []
    for pid in range(front, len(paragraphs) if end is None else end):
        s, e = paragraphs[pid]
        if not P.RE_HEADING_ANY.match(text, s, e):  # no numbering style fits: not a heading
            continue
        para = lines[pid]
        for style, rx in P.RE_HEADINGS.items():
            m = rx.match(para)
            if not m:
                continue
            first_end = _first_sentence_end(text, s, e)
            own_line = first_end == e and len(para) <= 60 and not para.endswith("。")
            inline = not own_line
            if inline and first_end - s > 80:  # a long opening sentence is not a heading
                break
            found.append(_Heading(pid, style, m["n"], s, first_end, s + m.end(), inline))
            break
    return found


#: Numbering styles of titles (第一部分, 一、, （一）): the ones an in-text enumeration
#: (``一是…二是…``) never contains.
TITLE_STYLES = ("part", "cn_dun", "cn_paren")
#: In-text enumerations: ``一是`` items list points inside a part or section. Ranked below every
#: title style a report uses, wherever they first occur: a report that opens its plan with
#: ``一是…八是…`` goals and then numbers its tasks ``（一）…（八）`` has those tasks beside, not
#: under, the eighth goal (Gansu 2026).
LIST_STYLES = ("cn_shi",)


def _levels(headings: list[_Heading]) -> dict[str, int]:
    """Level of each numbering style: the order of first use, list styles after title styles.

    >>> H = lambda style: _Heading(0, style, "一", 0, 1, 1, True)
    >>> _levels([H("cn_shi"), H("cn_paren"), H("arabic_dot")])
    {'cn_paren': 1, 'cn_shi': 2, 'arabic_dot': 3}
    >>> _levels([H("cn_dun"), H("cn_di"), H("cn_shi")])
    {'cn_dun': 1, 'cn_di': 2, 'cn_shi': 3}
    """
    order: list[str] = []
    for h in headings:
        if h.style not in order:
            order.append(h.style)
    for style in LIST_STYLES:
        titles = [i for i, s in enumerate(order) if s in TITLE_STYLES]
        if style in order and titles and order.index(style) < titles[-1]:
            order.remove(style)
            order.insert(titles[-1], style)  # right after the last title style (now shifted by one)
    return {style: i + 1 for i, style in enumerate(order)}


def _damaged_starts(text: str, paragraphs, flagged: np.ndarray) -> dict[int, int]:
    """paragraph_id → end of the damaged run at its start, for paragraphs starting damaged."""
    out = {}
    for pid, (s, e) in enumerate(paragraphs):
        if e > s and flagged[s]:
            k = s
            while k < e and flagged[k]:
                k += 1
            out[pid] = k
    return out


def _fill_gaps(text, paragraphs, headings, levels, damaged, end: int) -> list[_Heading]:
    """Give missing numbers to damaged paragraphs that sit where a heading should be, before
    paragraph ``end`` (the start of back matter)."""
    if not damaged:
        return headings
    used = {h.paragraph_id for h in headings}
    result = list(headings)
    by_level: dict[int, list[_Heading]] = {}
    for h in headings:
        by_level.setdefault(levels[h.style], []).append(h)
    for level, hs in by_level.items():
        higher = sorted(h.paragraph_id for h in headings if levels[h.style] < level) + [end]
        for i, h in enumerate(hs):
            value = numeral_value(h.number)
            if value is None:
                continue
            nxt = hs[i + 1] if i + 1 < len(hs) else None
            limit = min(p for p in higher if p > h.paragraph_id)
            stop = nxt.paragraph_id if nxt is not None and nxt.paragraph_id < limit else limit
            if nxt is not None and stop == nxt.paragraph_id:
                want = numeral_value(nxt.number) - value - 1
            else:  # the last of its level: one more may stand before the parent ends
                want = 1 if level > 1 else 0
            candidates = [p for p in range(h.paragraph_id + 1, stop) if p in damaged and p not in used]
            for k, pid in enumerate(candidates[: max(want, 0)]):
                s, e = paragraphs[pid]
                first_end = split_sentences(text, s, e)[0][1]
                end = min(first_end, max(damaged[pid], s + 1)) if first_end - s > 40 else first_end
                number = str(value + k + 1) if h.number.isdigit() else numeral_text(value + k + 1)
                written = P.RE_DAMAGED_PAREN_NUMBER.match(text, s, end) if h.style == "cn_paren" else None
                body = written.end() if written else s  # the heading's text after what is left of its number
                result.append(_Heading(pid, h.style, number, s, end, body, True, flagged=True))
                used.add(pid)
    return sorted(result, key=lambda h: h.paragraph_id)


#: What a report's last paragraph ends with: its closing words (…作出新的更大贡献！) close a
#: sentence. A text that stops mid-sentence was cut short (a download broken off, a PDF's first
#: pages, half a page copied).
CLOSING_PUNCT = "。！？!?…”’」』）)"


_BODY_KINDS = frozenset({"body", "heading"})


def cut_short(paragraphs) -> str:
    """A note when the report's last paragraph before any back matter stops mid-sentence, else "".

    >>> cut_short(parse("政府工作报告\\n各位代表：\\n一、回顾\\n经济增长5%，每季度举")["paragraphs"])
    'the text stops mid-sentence (“…经济增长5%，每季度举”): the report may be cut short; check the source'
    """
    kinds = paragraphs["kind"].tolist()  # the last body row found, not a filtered copy of the table
    row = next((i for i in range(len(kinds) - 1, -1, -1) if kinds[i] in _BODY_KINDS), None)
    if row is None:
        return ""
    last = str(paragraphs["text"].iloc[row]).rstrip()
    if not last or last[-1] in CLOSING_PUNCT:
        return ""
    return f"the text stops mid-sentence (“…{last[-12:]}”): the report may be cut short; check the source"


def parse(text: str, doc_id: str = "doc", flagged: np.ndarray | None = None) -> dict:
    """Structure of a cleaned report: ``metadata``, ``headings``, ``paragraphs``, ``sentences``.

    ``flagged`` marks cleaned characters that come from flagged (damaged) raw text; it lets
    damaged headings be placed by numbering order.

    >>> s = parse("政府工作报告\\n各位代表：\\n一、回顾\\n（一）稳增长。增长5%。\\n二、任务\\n做好工作。")
    >>> s["headings"][["level", "number", "text"]].values.tolist()
    [[1, '一', '回顾'], [2, '一', '稳增长'], [1, '二', '任务']]
    >>> s["sentences"]["section"].tolist()[-1]
    '二、任务'
    """
    flagged = np.zeros(len(text), bool) if flagged is None else flagged
    paragraphs = split_paragraphs(text)
    lines = [text[s:e] for s, e in paragraphs]
    front = _front_matter(lines)
    annexes = back_matter(lines, [s for s, _ in paragraphs], len(text), front + 1)
    body_end = min(annexes, default=len(paragraphs))
    found = _find_headings(text, paragraphs, front, lines, body_end)
    levels = _levels(found)
    found = _fill_gaps(text, paragraphs, found, levels, _damaged_starts(text, paragraphs, flagged), body_end)

    heading_rows, stack = [], []  # stack of (level, heading_id, label)
    para_heading: dict[int, int] = {}
    labels: dict[int, str] = {}
    for hid, h in enumerate(found):
        level = levels[h.style]
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else -1
        body = text[h.body_start : h.end].rstrip("。；").lstrip("：:、. ")
        label = text[h.start : h.end].rstrip("。；")
        damaged = h.flagged or bool(flagged[h.start : h.end].any())
        heading_rows.append(
            (doc_id, hid, level, "" if h.flagged else h.style, h.number, body, parent,
             h.paragraph_id, h.start, h.end, h.inline, damaged)
        )
        stack.append((level, hid, label))
        labels[hid] = label
        para_heading[h.paragraph_id] = hid
    headings = typed_frame(heading_rows, HEADING_COLUMNS)

    # Sentence closes (。！？ …) never cross a line: one scan of the text finds every
    # paragraph's, in order; each paragraph takes those up to its end. Sentence columns are
    # gathered paragraph by paragraph, their texts cut once at the end.
    closes = [m.end() for m in P.RE_SENTENCE_CLOSE.finditer(text)]
    para_rows, path = [], []
    part = section = ""
    starts, ends, sent_pids, parts, sections = [], [], [], [], []
    taken = 0
    for pid, (s, e) in enumerate(paragraphs):
        hid = para_heading.get(pid)
        if hid is not None:
            level = heading_rows[hid][2]
            path = [p for p in path if p[0] < level] + [(level, labels[hid])]
            part, section = path[0][1], " > ".join(label for _, label in path)
        if pid in annexes:
            part = section = annexes[pid]
        kind = ("front" if pid < front else "appendix" if pid in annexes
                else "heading" if hid is not None and not found[hid].inline else "body")
        para_rows.append((doc_id, pid, kind, part, section, s, e, lines[pid]))
        first, taken = taken, bisect_right(closes, e, taken)
        if kind == "front":
            continue
        bounds = [s, *closes[first:taken]]
        if bounds[-1] < e and text[bounds[-1] : e].strip():
            bounds.append(e)  # the paragraph ends without a close: its last sentence
        n = len(bounds) - 1
        starts += bounds[:-1]
        ends += bounds[1:]
        sent_pids += [pid] * n
        parts += [part] * n
        sections += [section] * n
    sentence_texts = [text[a:b] for a, b in zip(starts, ends)]
    paragraphs_df = typed_frame(para_rows, PARAGRAPH_COLUMNS)
    sentences = column_frame(  # gathered as columns already: no rows to build and transpose
        [[doc_id] * len(starts), parts, sections, sent_pids, range(len(starts)), starts, ends, sentence_texts],
        SENTENCE_COLUMNS,
    )
    return {
        "metadata": front_matter(text),
        "headings": headings,
        "paragraphs": paragraphs_df,
        "sentences": sentences,
    }
