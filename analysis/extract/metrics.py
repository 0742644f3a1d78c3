"""The metrics table: every numeric mention of a document, one tidy row each, with offsets in
the cleaned and the raw text (:func:`metrics_table`, :data:`METRIC_COLUMNS`); the
sentence-level reading is :func:`analysis.extract.numbers.find_mentions`. A heading that names a
plan or a review decides a figure's status where its sentence does not (:func:`heading_status`)."""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from analysis.extract.clause_patterns import RE_HEADING_CUE
from analysis.extract.numbers import _find, _Row  # the sentence reader's rows, without Mention objects
from analysis.extract.units import plausible
from analysis.patterns import RE_HEADINGS
from analysis.tables import column_frame, empty_frame, take_rows

#: Columns of :func:`metrics_table`, in order, with dtypes.
METRIC_COLUMNS = {
    "doc_id": "string",
    "part": "string",
    "section": "string",
    "paragraph_id": "int64",
    "sentence_id": "int64",
    "sentence": "string",
    "start": "int64",
    "end": "int64",
    "raw_start": "int64",
    "raw_end": "int64",
    "text": "string",
    "value": "float64",
    "low": "float64",
    "high": "float64",
    "unit": "string",
    "quantity": "string",
    "base_unit": "string",
    "value_base": "float64",
    "kind": "string",
    "direction": "int64",
    "qualifier": "string",
    "metric": "string",
    "period": "string",
    "status": "string",
    "plausible": "bool",
}

def heading_status(part: str, section: str) -> str:
    """Return ``planned``/``achieved`` from the innermost heading that says which, else "".

    >>> heading_status("第二方面：关于下半年工作的主要打算", "")
    'planned'
    >>> heading_status("一、2024年工作回顾", "一、2024年工作回顾 > （一）稳增长")
    'achieved'
    >>> heading_status("一、“六五”计划执行情况的回顾", ""), heading_status("一、2024年工作回顾和2025年工作计划", "")
    ('achieved', 'planned')
    """
    headings = [h for h in (section or "").split(" > ") if h][::-1] + [part or ""]
    planned, achieved = RE_HEADING_CUE["heading_planned"], RE_HEADING_CUE["heading_achieved"]
    for h in headings:
        # both: the last word is the head of the phrase (“六五”计划执行情况的回顾 reviews a plan;
        # 2024年工作回顾和2025年工作计划 ends with the plan)
        ends = {status: max((m.end() for m in rx.finditer(h)), default=-1)
                for status, rx in (("planned", planned), ("achieved", achieved))}
        if max(ends.values()) >= 0:
            return max(ends, key=ends.get)
    return ""

#: Chinese numerals of five-year-plan numbers (the 6th plan, 六五, is 1981–1985).
PLAN_NUMERAL = {6: "六", 7: "七", 8: "八", 9: "九", 10: "十", 11: "十一", 12: "十二", 13: "十三",
                14: "十四", 15: "十五", 16: "十六", 17: "十七", 18: "十八"}


def next_plan_cue(report_year: int | None) -> re.Pattern:
    """Return the pattern of words that name the five-year plan ahead, whose figures are
    targets however they are worded: 今后五年, 未来五年, and the plan that starts in the
    report's year (“七五” in a 1986 report: ``“七五”计划草案规定…国民生产总值增长百分之四十四``).

    >>> bool(next_plan_cue(1986).search("“七五”计划草案规定")), bool(next_plan_cue(1987).search("“七五”计划"))
    (True, False)
    """
    words = [r"今后五年", r"未来五年"]
    n, first = divmod((report_year or 0) - 1981, 5)
    if report_year and report_year >= 1981 and first == 0 and n + 6 in PLAN_NUMERAL:
        words.append(rf"{PLAN_NUMERAL[n + 6]}五")
    return re.compile("|".join(words))


def sentence_heading_status(parts: list[str], sections: list[str], texts: list[str], ahead=None) -> list[str]:
    """:func:`heading_status` of each sentence (its ``parts``, ``sections`` and ``texts``), but
    in a part whose heading both reviews and plans — one period's results and the next one's
    goals (二、“十四五”时期发展成就和“十五五”时期主要目标任务: ``planned`` by its last cue) —
    ``achieved`` before the part turns to the goals and ``planned`` from there on: from its first target intro
    (``主要目标是：``) or first sentence that names the plan ahead (``ahead``, a pattern:
    “十五五” in a 2026 report; see :func:`next_plan_cue`).

    >>> part = "二、“十四五”时期发展成就和“十五五”时期主要目标任务"
    >>> sentence_heading_status([part] * 3, [part] * 3, ["五年来，经济年均增长5.5%。", "“十五五”时期的主要目标是：", "经济年均增长5%左右。"])
    ['achieved', 'planned', 'planned']
    """
    # metrics_table and outcomes_table both ask this of the same document: the last answer is kept
    return list(_heading_statuses(tuple(parts), tuple(sections), tuple(texts), ahead))


@functools.lru_cache(maxsize=1)
def _heading_statuses(parts: tuple[str, ...], sections: tuple[str, ...], texts: tuple[str, ...],
                      ahead: re.Pattern | None) -> tuple[str, ...]:
    """:func:`sentence_heading_status`, of tuples (hashable: the last call is cached)."""
    from analysis.extract.blocks import _target_blocks

    achieved = RE_HEADING_CUE["heading_achieved"]
    goals: dict[str, int] = {}  # where each part turns to the goals
    for i, _, _ in _target_blocks(texts):
        goals.setdefault(parts[i], i)
    if ahead is not None:
        for i, text in enumerate(texts):
            heading = text.strip("。 ") in parts[i]  # the part's own heading names both periods
            if not heading and (parts[i] not in goals or i < goals[parts[i]]) and ahead.search(text):
                goals[parts[i]] = i
    cache: dict[tuple[str, str], str] = {}
    titles = _title_statuses(texts)
    out = []
    for i, (part, section) in enumerate(zip(parts, sections)):
        if (hs := cache.get((part, section))) is None:
            hs = cache[part, section] = heading_status(part, section)
        if hs == "planned" and part in goals and achieved.search(part) and not _inner_status(section):
            hs = "achieved" if i < goals[part] else "planned"
        out.append(hs or titles[i])
    return tuple(out)


def _title_statuses(texts: list[str]) -> list[str]:
    """``planned`` for each sentence after an unnumbered title that names plans only
    (“十五五”时期的主要目标任务, 2026年重点工作) where an unnumbered title naming a review only
    (“十四五”时期工作回顾) came before it — the turn from review to plans of a copy that lost
    its part numbers — until a review title again; else "". A title naming both (国民经济的
    成就和今后的建设任务) or a plan title with no review before it (a report's own title,
    第六个五年计划的基本任务) turns nothing."""
    planned, achieved = RE_HEADING_CUE["heading_planned"], RE_HEADING_CUE["heading_achieved"]
    out, state, reviewed = [], "", False
    for text in texts:
        if is_title_line(text) and not any(rx.match(text) for rx in RE_HEADINGS.values()):
            names_plan, names_review = bool(planned.search(text)), bool(achieved.search(text))
            if names_review and not names_plan:
                state, reviewed = "", True
            elif names_plan and not names_review and reviewed:
                state = "planned"
        out.append(state)
    return out


#: Most characters of an unnumbered part title (“十五五”时期的主要目标任务, 2026年重点工作).
TITLE_LINE_MAX = 30
_RE_NOT_TITLE = re.compile(r"[，。；：！？,;:!?%％\d]")
_RE_YEAR = re.compile(r"\d{4}年")


def is_title_line(sentence: str) -> bool:
    """Whether ``sentence`` is a part title without a number: short, no punctuation and no
    figure in it — a line of its own (a sentence of body text ends with 。).
    :func:`sentence_heading_status` reads the report's turn to its plans from such a title
    where no heading says it (a copy that lost its part numbers: 二、“十五五”时期的主要目标任务).

    >>> is_title_line("“十五五”时期的主要目标任务"), is_title_line("2026年重点工作")
    (True, True)
    >>> is_title_line("全省地区生产总值年均增长5%以上。"), is_title_line("加快建设现代化产业体系，推动工业高质量发展")
    (False, False)
    """
    return 0 < len(sentence) <= TITLE_LINE_MAX and not _RE_NOT_TITLE.search(_RE_YEAR.sub("", sentence))


def _inner_status(section: str) -> str:
    """:func:`heading_status` of the headings under the part in ``section`` alone."""
    return heading_status("", " > ".join(section.split(" > ")[1:]))


def resolve_status(sentence_status: str, heading: str) -> str:
    """Combine the status read in the sentence with the one its heading implies.

    A planning word in the sentence (力争, 确保 …) wins; then the heading; then the verb.

    >>> resolve_status("achieved", "planned"), resolve_status("planned", "achieved")
    ('planned', 'planned')
    """
    if sentence_status == "planned":
        return "planned"
    return heading or sentence_status

def empty_metrics() -> pd.DataFrame:
    """Return an empty metrics table with the full schema.

    >>> empty_metrics().shape
    (0, 25)
    """
    return empty_frame(METRIC_COLUMNS)

def metrics_table(doc) -> pd.DataFrame:
    """Return one row per numeric mention in ``doc`` (a :class:`analysis.document.Document`).

    Schema (:data:`METRIC_COLUMNS`):

    ============  =======  ================================================================
    column        dtype    meaning
    ============  =======  ================================================================
    doc_id        string   document identifier
    part          string   top-level part heading of the sentence
    section       string   heading path of the sentence
    paragraph_id  int64    paragraph of the sentence
    sentence_id   int64    sentence of the mention
    sentence      string   the sentence text
    start, end    int64    offsets of the mention in ``Document.text`` (end exclusive)
    raw_start,    int64    the same span in ``Document.raw_text`` (``Document.raw_span``)
    raw_end
    text          string   the mention as written, qualifiers included (``10%以上``)
    value         float64  number in the written unit (1.18万个 → 1.18); a range's midpoint;
                           NaN for identifiers and dates
    low, high     float64  range bounds (4.5%—5% → 4.5, 5); both == value for one number
    unit          string   unit as written with its magnitude (亿元, %, 个百分点, 万人次)
    quantity      string   money, percent, percentage_point, count, area, length, mass,
                           energy, power, volume, mass_rate, volume_rate, duration,
                           multiple, rank, date, identifier, other
    base_unit     string   unit of value_base (元, 平方米, 千克, 天, 人次 …; see units.tsv)
    value_base    float64  value in base_unit (145.5亿元 → 1.455e10 元)
    kind          string   level, change, share, rank, ratio ("" for identifier/date)
    direction     int64    +1 增长/提高/增加, -1 下降/降低/减少/压减, 0 otherwise
    qualifier     string   左右, 以上, 以下, 以内, 约, 近, 超过, 突破, 多, 力争 (joined by |)
    metric        string   subject noun phrase (地方财政收入); "" when none is written
    period        string   period stated before the mention (上半年, 2025年, 年均)
    status        string   planned / achieved / "" (sentence words, then headings)
    plausible     bool     value_base within the range of its quantity and kind
                           (data/plausible_ranges.tsv; :func:`analysis.extract.units.plausible`)
    ============  =======  ================================================================

    >>> import numpy as np, pandas as pd
    >>> from analysis.document import Document
    >>> text = "合同外资同比增长144%"
    >>> sents = pd.DataFrame({"doc_id": ["d"], "part": [""], "section": [""],
    ...     "paragraph_id": [0], "sentence_id": [0], "start": [0], "end": [len(text)],
    ...     "sentence": [text]})
    >>> doc = Document("d", text, text, np.arange(len(text)), np.arange(len(text)) + 1,
    ...     sentences=sents)
    >>> metrics_table(doc)[["text", "value", "kind", "direction", "metric"]].values.tolist()
    [['144%', 144.0, 'change', 1, '合同外资']]
    """
    sentences = getattr(doc, "sentences", None)
    if sentences is None or len(sentences) == 0:
        return empty_metrics()
    text = sentences["sentence"].tolist()  # a column list: no row iteration over pandas
    rows: list[int] = []  # the sentence row of each mention
    mentions: list[_Row] = []
    for i, sentence in enumerate(text):
        if found := _find(sentence):
            rows += [i] * len(found)
            mentions += found
    if not mentions:
        return empty_metrics()
    headers = None  # of the tables' rows, if the report has a table
    if any("\t" in t for t in text):  # a table's cell whose unit stands in its own cell (单位): read as its row states it
        from analysis.extract.target_tables import cell_readings, table_headers

        headers = table_headers(text)
        if readings := cell_readings(text, _find, headers):
            mentions = [readings.get((r, m.start), m) for r, m in zip(rows, mentions)]
    at = np.array(rows, dtype=np.intp)
    keys = ("doc_id", "part", "section", "paragraph_id", "sentence_id", "sentence", "start")
    *sentence_columns, offsets = (take_rows(sentences[c], at, METRIC_COLUMNS[c]) for c in keys)
    start, end, *fields_, kind, direction, qualifier, metric, period, status = zip(*mentions)
    starts, ends = offsets + np.array(start, dtype=np.int64), offsets + np.array(end, dtype=np.int64)
    raw_starts, raw_ends = doc.raw_spans(starts, ends)
    year = (getattr(doc, "metadata", None) or {}).get("year")
    ahead = next_plan_cue(int(year)) if year is not None and not pd.isna(year) else None
    of_sentence = sentence_heading_status(sentences["part"].tolist(), sentences["section"].tolist(), text, ahead)
    headings = [of_sentence[r] for r in rows]
    status = [resolve_status(st, hs) if k else st for st, k, hs in zip(status, kind, headings)]
    if headers is not None:  # a table's cell: its column's heading (2024年完成, 2025年目标)
        from analysis.extract.target_tables import column_statuses

        status = column_statuses(text, rows, list(start), status, year, headers)
    quantity, base_unit, value_base = fields_[5], fields_[6], fields_[7]
    ok = [plausible(*r) for r in zip(quantity, kind, direction, base_unit, value_base)]
    columns = (
        *sentence_columns, starts, ends, raw_starts, raw_ends,
        *fields_, kind, direction, qualifier, metric, period, status, ok,
    )  # fmt: skip
    return column_frame(columns, METRIC_COLUMNS)
