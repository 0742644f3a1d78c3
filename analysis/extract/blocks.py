"""Where a report states its targets: the target paragraph an intro opens (``今年发展主要预期目标是：``)
and the list that follows it — in the same paragraph, on the next line, a target a line (numbered
1., （1）, 一是 or not), or as a table under a header (指标 2025年预期目标) — as the sentence rows
:func:`analysis.extract.targets.targets_table` reads its targets from.
"""

from __future__ import annotations

import re

import pandas as pd

#: The phrase that opens a target paragraph.
RE_TARGET_INTRO = re.compile(
    r"(?:主要预期目标|预期目标|主要目标)(?:建议)?(?:是|为|(?:安排)?如下)[：:]?"
    r"|(?:主要预期目标|预期目标|主要目标)[：:]|主要预期目标$"
)
#: A title heading (一、, （一）): no target line of a list.
RE_TITLE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")
#: Longest line (characters) read as one target of a list written a target a line.
TARGET_LINE_CHARS = 100
#: Words that make a target a five-year-plan target rather than this year's.
RE_PLAN_SCOPE = re.compile(
    r"十[一二三四五六七八九]五|[“”][六七八九]五[”]|年均(?!浓度|气温|降水|降雨量|值)|平均每年|今后五年|五年间|期间|时期|到20\d\d年|2035"
)
#: A target without a number that is still a target: 居民收入增长和经济增长同步.
RE_RELATIVE_TARGET = re.compile(r"同步|高于|快于|不低于|持平")
def target_blocks(sentences: pd.DataFrame) -> list[tuple[int, int, bool]]:
    """Return ``(sentence row, offset after the intro, plan_period)`` for each target block.

    A block is the sentence holding the intro phrase (from the phrase on) and the sentences
    after it in the same paragraph; when none of them has a number, the next paragraph too
    (a heading-like intro broken onto its own line).
    """
    return _target_blocks(sentences["sentence"].tolist())


def _target_blocks(text: list[str]) -> list[tuple[int, int, bool]]:
    """:func:`target_blocks` of the sentence texts."""
    blocks = []
    for i, sentence in enumerate(text):
        if "目标" in sentence:  # in every intro phrase: the other sentences are not searched
            m = RE_TARGET_INTRO.search(sentence)
            if m:
                plan = bool(RE_PLAN_SCOPE.search(sentence[: m.start()]))
                blocks.append((i, m.end(), plan))
    return blocks


def _block_rows(paragraph: list, mentions_of, i: int, offset: int, text: list[str]) -> list[tuple[int, int]]:
    """Sentence rows (and start offsets) of the block opened at row ``i``; ``mentions_of(row)``
    gives the mentions of a sentence, ``text`` the sentences.

    When the intro has no figure after it in its paragraph, the next paragraph is the list;
    when the intro ends its paragraph and the next is one target (:func:`_target_line`), the
    list is written a target a line, and the lines after it that are targets too belong to it,
    up to the line that closes with 。.
    """
    rows = [(i, offset)]
    j = _paragraph_end(paragraph, i)
    rows += [(r, 0) for r in range(i + 1, j)]
    has_number = any(m.kind for r, off in rows for m in mentions_of(r) if m.start >= off)
    if has_number or j >= len(paragraph):
        return rows
    ends_paragraph = j == i + 1 and not text[i][offset:].strip(" ：:")
    while j < len(paragraph):
        k = _paragraph_end(paragraph, j)
        line = range(j, k)
        target = _target_line(line, text, mentions_of)
        if len(rows) > 1 and not target:
            break
        rows += [(r, 0) for r in line]
        # a table's header (指标 2025年预期目标) may stand between the intro and its rows
        header = len(rows) == 1 + len(line) and not target and _header_line(line, text, mentions_of)
        if not (ends_paragraph and (target or header)) or text[k - 1].rstrip().endswith("。"):
            break  # the list's last line closes with 。, the others with ；, ， or nothing
        j = k
    return rows


def _header_line(rows: range, text: list[str], mentions_of) -> bool:
    """Whether the paragraph of sentence ``rows`` is a table's header line: one short sentence
    with no figure (指标 2025年预期目标)."""
    line = "".join(text[r] for r in rows)
    return len(rows) == 1 and len(line) <= 30 and not any(m.kind for m in mentions_of(rows[0]))


def _paragraph_end(paragraph: list, i: int) -> int:
    """The first sentence row after row ``i``'s paragraph."""
    j = i + 1
    while j < len(paragraph) and paragraph[j] == paragraph[i]:
        j += 1
    return j


def _target_line(rows: range, text: list[str], mentions_of) -> bool:
    """Whether the paragraph of sentence ``rows`` is one target of a list written a target a
    line: short, at most two sentences, no title heading, and a figure or a target without one
    (…同步)."""
    line = "".join(text[r] for r in rows)
    if len(rows) > 2 or len(line) > TARGET_LINE_CHARS or RE_TITLE.match(line):
        return False
    return any(m.kind in ("level", "change", "share", "ratio") for r in rows for m in mentions_of(r)) or bool(
        RE_RELATIVE_TARGET.search(line))
