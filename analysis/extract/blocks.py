"""Where a report states its targets: the target paragraph an intro opens (``今年发展主要预期目标是：``)
and the list that follows it — in the same paragraph, on the next line, a target a line (numbered
1., （1）, 一是 or not), a goal a paragraph each opened by its item marker (一是…, 二是…), or as a
table under a header (指标 2025年预期目标) — as the sentence rows
:func:`analysis.extract.targets.targets_table` reads its targets from.

A five-year plan's goals may be announced in other words than 主要目标是 (《纲要草案》明确了今后五年的
发展目标：, “十五五”时期，要努力实现以下目标任务：, 设置了…主要指标，包括…): any 目标 or 指标 that
opens a list (a colon, or 包括) in a sentence naming the plan before it opens a plan-period block,
and so does the plan presenting its indicators by their count (细化提出22项主要指标), whose figures
follow in the rest of its paragraph.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.patterns import RE_NAME_PIECE

#: The phrase that opens a target paragraph.
#: The indicators may stand for the targets where a plan word says so (a city's or county's
#: 主要指标安排如下, 主要经济指标安排为, 主要预期指标是); 主要指标 alone may look back (主要指标为…).
RE_TARGET_INTRO = re.compile(
    r"(?:主要预期目标|预期目标|主要目标|主要(?:经济)?(?:预期指标|指标(?=安排)))(?:安排|建议){0,2}(?:是|为|如下)[：:]?"
    r"|(?:主要预期目标|预期目标|主要目标)[：:]|主要预期目标$"
)
#: A goals or indicators noun opening a list (…发展目标：, …目标，即：, …主要指标，包括：): an intro only
#: where the sentence names a five-year plan before it (:data:`RE_PLAN_NAME`).
RE_PLAN_INTRO = re.compile(r"(?:目标(?:任务)?|指标)(?:[是为]|如下|[，,]?即)?[：:]|指标[，,]?包括[：:]?")
#: A plan presenting its indicators by their count (细化提出22项主要指标, 提出了28个主要指标), the
#: figures following in the same paragraph; the verb right before the count (not 提出的25项…,
#: which may look back on a plan).
RE_PLAN_COUNT = re.compile(r"(?:提出|设置|设定|明确)了?[\d一二三四五六七八九十]+[项个](?:主要)?指标")
#: A title heading (一、, （一）): no target line of a list.
RE_TITLE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")
#: Longest line (characters) read as one target of a list written a target a line.
TARGET_LINE_CHARS = 100
#: Words that make a target a five-year-plan target rather than this year's.
RE_PLAN_SCOPE = re.compile(
    r"十[一二三四五六七八九]五|[“”][六七八九]五[”]|年均(?!浓度|气温|降水|降雨量|值)|平均每年|今后五年|五年间|期间|时期|到20\d\d年|2035"
)
#: What names a five-year plan before an intro: its period words, or the plan outline (《纲要草案》).
RE_PLAN_NAME = re.compile(RE_PLAN_SCOPE.pattern + r"|纲要")
#: A part heading that announces a five-year plan's goals (二、“十三五”时期主要目标任务和重大举措;
#: …和“十四五”时期主要目标任务): the plan's goals may follow a paragraph a topic (到2020年，…), with
#: no intro, and its planned figures of a known indicator are plan-period targets.
RE_PLAN_GOALS_PART = re.compile(r"(?:十[一二三四五六七八九]五|今后五年|未来五年)[”\"]?[^，。；、]{0,10}?目标")
#: The item marker that opens a paragraph of a list written a goal a paragraph, by kind:
#: 一是/二是, ——, 1./2., （1）/（2）. Title headings (一、, （一）) are the report's own parts.
RE_ITEM_MARKER = {
    "是": re.compile(r"^[一二三四五六七八九十]{1,3}是"),
    "——": re.compile(r"^——"),
    "1.": re.compile(r"^\d{1,2}[.．、]"),
    "(1)": re.compile(r"^[（(]\d{1,2}[)）]"),
}
#: A target without a number that is still a target: 居民收入增长和经济增长同步, 固定资产投资实现正增长,
#: 进出口保稳提质 (steady volume, better quality), 单位地区生产总值能耗降低完成国家下达目标 (or …完成
#: “十四五”国家考核目标, …保持下降), 居民消费价格保持合理水平 / 涨幅与全国一致, 粮食产量保持稳定 / 只增不减,
#: 固定资产投资提质增效, 进出口回稳向好 / 稳中向好 / 量稳质升 (national 2016–2021). Its clause must
#: also start with an indicator's name (see :func:`analysis.extract.target_clauses.sentence_targets`);
#: 节能减排降碳 names none (energy and carbon committed in a bundle: ``target_clauses._bound_by_law``).
_IN_WORDS = r"(?:争取|力争)?(?:实现|保持)?正增长|[保促]?稳(?:量|中)?提质|提质增效|只增不减|回稳向好|稳中向好|量稳质升"
#: Words that compare an indicator with another (与经济增长同步, 快于经济增长).
_COMPARING = "同步|高于|快于|不低于|持平"
RE_RELATIVE_TARGET = re.compile(
    rf"{_COMPARING}|{_IN_WORDS}|完成[^，；。：]{{0,14}}?(?:目标|任务)"
    r"|(?:保持|进一步|持续)下降|合理(?:水平|回升)|与全国一致|保持稳定")
#: Such a target that compares its indicator with another (与经济增长同步, 涨幅与全国一致): stated in full.
RE_COMPARING = re.compile(rf"{_COMPARING}|一致")
#: Where the name of such a target ends: the word that begins what is said of it.
RE_RELATIVE_NAME_END = re.compile(rf"(?:实际)?增长|增速|涨幅|和|与|及|{_IN_WORDS}|降低|下降|完成|保持|进一步|持续|合理")
def target_blocks(sentences: pd.DataFrame) -> list[tuple[int, int, bool]]:
    """Return ``(sentence row, offset after the intro, plan_period)`` for each target block.

    A block is the sentence holding the intro phrase (from the phrase on) and the sentences
    after it in the same paragraph; when none of them has a number, the next paragraph too
    (a heading-like intro broken onto its own line).
    """
    return _target_blocks(sentences["sentence"].tolist())


def _target_blocks(text: list[str]) -> list[tuple[int, int, bool]]:
    """:func:`target_blocks` of the sentence texts.

    >>> _target_blocks(["今年主要预期目标是：增长5%。", "《纲要草案》明确了今后五年的发展目标：一是…", "实现目标：…",
    ...                 "《纲要（草案）》细化提出22项主要指标。", "“十四五”规划提出的20项主要指标全面完成。"])
    [(0, 10, False), (1, 19, True), (3, 19, True)]
    """
    blocks = []
    for i, sentence in enumerate(text):
        if "目标" in sentence or "指标" in sentence:  # in every intro phrase: the other sentences are not searched
            m = RE_TARGET_INTRO.search(sentence)
            if m:
                blocks.append((i, m.end(), bool(RE_PLAN_SCOPE.search(sentence[: m.start()]))))
            elif m := _plan_intro(sentence):
                blocks.append((i, m.end(), True))
    return blocks


def _plan_intro(sentence: str) -> re.Match | None:
    """The first :data:`RE_PLAN_INTRO` (else :data:`RE_PLAN_COUNT`) of ``sentence`` that a five-year
    plan's name comes before."""
    for rx in (RE_PLAN_INTRO, RE_PLAN_COUNT):
        m = next((m for m in rx.finditer(sentence) if RE_PLAN_NAME.search(sentence, 0, m.start())), None)
        if m:
            return m
    return None


def _counts_indicators(sentence: str, offset: int) -> bool:
    """Whether the intro ending at ``offset`` only counts the plan's indicators (:data:`RE_PLAN_COUNT`):
    it opens no list, so its block does not run on into the next paragraph."""
    return any(m.end() == offset for m in RE_PLAN_COUNT.finditer(sentence))


def name_rest(text: list[str], r: int) -> str:
    """The rest of table row ``r``'s name cell, on the sentence after it, or "": ``pdftotext
    -layout`` sets a wrapped name's rest on a line below its row (一般公共预算收入 … 3 / 增长),
    which the cleaning keeps a line of its own (:func:`analysis.clean.tables.name_rest`).

    >>> name_rest(["一般公共预算收入\\t%\\t3.1\\t3", "增长", "确定以上目标，兼顾了需要和可能。"], 0)
    '增长'
    """
    if r + 1 < len(text) and "\t" in text[r] and "\t" not in text[r + 1]:
        rest = text[r + 1].strip()
        if RE_NAME_PIECE.fullmatch(rest):
            return rest
    return ""


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
    if has_number or j >= len(paragraph) or _counts_indicators(text[i], offset):
        return rows
    ends_paragraph = j == i + 1 and not text[i][offset:].strip(" ：:")
    if ends_paragraph and (end := _item_run_end(paragraph, j, text)) > j:
        return rows + [(r, 0) for r in range(j, end)]
    headed = True  # only a table's header lines (指标 2025年预期目标; a header of two rows) so far
    while j < len(paragraph):
        k = _paragraph_end(paragraph, j)
        line = range(j, k)
        target = _target_line(line, text, mentions_of)
        if not target and len(line) == 1 and name_rest(text, j - 1):
            rows.append((j, 0))  # the rest of the row above's wrapped name (pdftotext -layout)
            j = k
            continue
        # a table's header may stand between the intro and its rows, in one line or more
        header = headed and not target and _header_line(line, text, mentions_of) and (len(rows) == 1 or "\t" in text[j])
        if len(rows) > 1 and not target and not header:
            break
        rows += [(r, 0) for r in line]
        headed = header
        if not (ends_paragraph and (target or header)) or text[k - 1].rstrip().endswith("。"):
            break  # the list's last line closes with 。, the others with ；, ， or nothing
        j = k
    return rows


def _item_run_end(paragraph: list, j: int, text: list[str]) -> int:
    """The first sentence row after the run of paragraphs from row ``j`` that each open with an
    item marker of one kind (一是…, 二是…); ``j`` when row ``j`` opens with none.

    >>> _item_run_end([1, 1, 2, 3, 4], 0, ["一是A提升。", "年均增长5%。", "二是B。", "三是C。", "各位代表！"])
    4
    """
    kind = next((k for k, rx in RE_ITEM_MARKER.items() if rx.match(text[j])), None)
    end = j
    while kind and end < len(paragraph) and RE_ITEM_MARKER[kind].match(text[end]):
        end = _paragraph_end(paragraph, end)
    return end


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


def plan_goal_rows(parts: list[str]) -> list[int]:
    """The sentence rows in a part whose heading announces a five-year plan's goals
    (:data:`RE_PLAN_GOALS_PART`).

    >>> plan_goal_rows(["一、2015年工作回顾", "二、“十三五”时期主要目标任务和重大举措", "二、“十三五”时期主要目标任务和重大举措"])
    [1, 2]
    """
    found: dict[str, bool] = {}
    return [r for r, part in enumerate(parts) if found.setdefault(part, RE_PLAN_GOALS_PART.search(part) is not None)]
