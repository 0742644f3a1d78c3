"""What a number means in its sentence: kind, direction, subject (metric), period, status.

:func:`with_context` reads the clause before each quantity found by
:func:`analysis.extract.numbers.find_mentions`: the verb that governs it (增长 → change +1, 提高到 →
level, 位居 → rank; ``cues.tsv``), the noun phrase it measures, the period written before it
(2025年, 上半年, “十四五”时期) and whether it is planned or achieved. The cue lexicon and the
patterns of clauses and periods live in :mod:`analysis.extract.clause_patterns`, the patterns of
numbers in :mod:`analysis.extract.number_patterns`.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from analysis.extract.clause_patterns import (  # noqa: F401 (the patterns callers import from context, re-exported)
    CN_DIGITS,
    CUE_LAST_CHARS,
    CUE_ROLE,
    CUES,
    EDGE_CHARS,
    HEADING_CUES,
    LIST_QUALIFIERS,
    PREFIX_BOUNDS,
    RE_AFTER_NOUN,
    RE_CJK,
    RE_CLAUSE_END,
    RE_COMPARISON_BASE,
    RE_CONDITION,
    RE_CONDITION_END,
    RE_CUE,
    RE_DIGIT,
    RE_DIGITS_FALL,
    RE_EDGE_PUNCT,
    RE_FIGURE_LIST_GAP,
    RE_FROM_TAIL,
    RE_HEADING_CUE,
    RE_LEADING_BOUND,
    RE_LIST_GAP,
    RE_NEW_PREDICATE,
    RE_PERIOD,
    RE_PRICE_ADJUSTMENT,
    RE_PLAN_RATIO,
    RE_PREP_TAIL,
    RE_RATIO_FRAME,
    RE_SHARE_WORD,
    RE_TIME_SPAN,
    SEP,
    YEAR,
    alternation,
    alternation_by_first_char,
)
from analysis.extract.mention import Mention, MentionRow
from analysis.extract.subjects import _strip_edges, trim_metric
from analysis.extract.units import jieba_pos

_Row = MentionRow

# ---------------------------------------------------------------------------------------
# Context: kind, direction, metric, period, status
# ---------------------------------------------------------------------------------------
def clause_start(sentence: str, pos: int) -> int:
    """Return the offset where the clause holding ``pos`` starts (after ，；。： …).

    >>> clause_start("收入145.5亿元，增长0.5%", 13)
    10
    """
    return _clause_start([m.end() for m in RE_CLAUSE_END.finditer(sentence)], pos)


def last_cue(window: str) -> tuple[str, str, int]:
    """Return (word, role, direction) of the cue nearest the end of ``window``.

    >>> last_cue("压减一般性财政支出")
    ('压减', 'change', -1)
    >>> last_cue("减免社保")
    ('减免', 'neutral', 0)
    """
    return _cue_scan(window)[0]


_KIND_ROLES = frozenset(("change", "level_to", "neutral", "rank"))
_NOUN_END_ROLES = frozenset(("change", "level_to", "rank", "achieved", "planned"))


def _cue_scan(window: str, attributive: bool = False) -> tuple[tuple[str, str, int], re.Match | None, set[str]]:
    """One pass of RE_CUE over ``window``: the :func:`last_cue`, the last cue that splits a
    subject from its number (change, level_to, rank; see :func:`metric_phrase`), and the set
    of roles of all cues. ``attributive``: the number counts the noun right after it
    (15个台风), see :func:`_governs`."""
    last, split, roles = ("", "", 0), None, set()
    last_end = 0
    for c in RE_CUE.finditer(window):
        word = c.group(0)
        role, direction = CUE_ROLE[word]
        roles.add(role)
        if role in _KIND_ROLES:
            last, last_end = (word, role, direction), c.end()
            if role != "neutral" and not window.startswith("后", c.end()):  # 精简后为18个: no verb here
                split = c
    if last[1] in ("change", "level_to") and not _governs(last[0], window[last_end:], attributive):
        last = ("", "", 0)
    return last, split, roles


def _governs(cue: str, gap: str, attributive: bool = False) -> bool:
    """True when the change verb ``cue`` governs the number that follows it after ``gap``.

    A verb governs a number right after it (增长5%) or after its object (增加政府投资专项债
    规模10.5亿元, 减少国家财政收入四、五十亿元). It does not govern a number that counts
    a noun of its own (attributive) after an object (提高…残疾人两项补贴), nor one after an
    enumeration closed by 等 (应对22轮强降水和“桦加沙”等15个台风), nor one after a second
    predicate joined by 、 (数量实现翻番、达1.8万家), nor a number after 后 (精简后为18个: the
    level after the cut); and a one-character cue that heads a noun (降水, 降雨, 增量: jieba's
    part of speech) is no verb.
    """
    if not gap:
        return True
    if attributive or "等" in gap or gap[0] == "后" or RE_NEW_PREDICATE.search(gap):
        return False
    if len(cue) == 1:
        return not jieba_pos().get(cue + gap[0], "").startswith("n")
    return True


def kind_of(mention: Mention, window: str) -> tuple[str, int]:
    """Return (kind, direction) of a quantity from the clause text before it.

    >>> kind_of(Mention(0, 4, "0.5%", unit="%", quantity="percent"), "逆势增长")
    ('change', 1)
    >>> kind_of(Mention(0, 5, "29.1%", unit="%", quantity="percent"), "占规上工业总产值比重达到")
    ('share', 0)
    """
    return _kind(mention, window, _cue_scan(window)[0])


def _kind(mention: Mention, window: str, cue: tuple[str, str, int], clause: str = "") -> tuple[str, int]:
    """:func:`kind_of` given the :func:`last_cue` of ``window`` (and the ``clause`` before the
    mention, when the window starts after an earlier number of the clause)."""
    if mention.quantity in ("identifier", "date"):
        return "", 0
    if mention.quantity == "rank":
        return "rank", 0
    word, role, direction = cue
    if mention.quantity == "percent" and RE_PLAN_RATIO.search(clause or window):
        return "ratio", 0
    if mention.unit == "倍" and mention.text.startswith("翻"):  # 翻一番: twice the base
        return "ratio", 1
    if mention.unit == "分之" and "减半" in mention.text:  # 减半征收: a cut by half
        return "change", -1
    if mention.unit == "比":  # 收入比从2.50:1缩小至2.31:1
        return "ratio", direction if role in ("change", "level_to") else 0
    if role == "change":
        return "change", direction
    if mention.unit == "分之":  # 占1/4, 三分之一的县: a share of a whole
        return "share", 0
    if role == "level_to":
        return "level", direction
    if mention.unit == "成":  # 八成以上的行政村: a share of a whole (提高到六成 is a level, as 60%)
        return "share", 0
    if mention.unit.endswith("倍") and (RE_RATIO_FRAME.search(window) or "相当于" in window):
        return "ratio", 0
    if mention.quantity == "percent" and RE_SHARE_WORD.search(window):
        return "share", 0
    if mention.unit.endswith("倍") and role != "neutral":
        return "ratio", 0
    return "level", 0


#: The marks between the parts of a structure (4.0∶37.7∶58.3); "" is none.
_COLONS = (":", "∶")


def metric_phrase(window: str) -> str:
    """Return the subject of a number from the clause text before it.

    The text is split at the verb nearest the number: what stands before it is the subject
    (合同外资|同比增长, 增速|位居全市); if nothing does, the verb's object is
    (压减|一般性财政支出).

    >>> metric_phrase("增速位居全市"), metric_phrase("压减一般性财政支出")
    ('增速', '一般性财政支出')
    """
    return _metric_phrase(window, _cue_scan(window)[1])


def _metric_phrase(window: str, split: re.Match | None) -> str:
    """:func:`metric_phrase` given the last change, level_to or rank cue of ``window``."""
    if split is None:
        return trim_metric(window)
    raw_before = _strip_edges(window[: split.start()])
    before = trim_metric(raw_before)
    if CUE_ROLE[split.group(0)][0] == "rank":  # 增速|位居全市: what follows is the scope
        return before or raw_before
    return before or trim_metric(window[split.end() :])


def _only_cues(phrase: str) -> bool:
    return not phrase or RE_CUE.sub("", phrase).strip() == ""


def _status(roles: set[str], kind: str) -> str:
    """planned / achieved / "" from the roles of the cues in a clause (see :func:`_cue_scan`)
    and the kind: a planning word (力争, 确保 …) wins, then an achieving one, then a change."""
    if "planned" in roles:
        return "planned"
    if "achieved" in roles or kind == "change":
        return "achieved"
    return ""


def with_context(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """Fill kind, direction, metric, period, status and 力争 for quantities in ``sentence``.

    ``mentions`` are all mentions of the sentence in order; identifiers and dates only
    get a period. A quantity whose clause names no subject (``逆势增长0.5%``) takes the
    metric of the previous quantity in the sentence; one following ``、``/``和`` in the same
    clause also takes its kind and direction (``分别增长17.8%、15.5%``).
    """
    rows = [_Row(*(getattr(m, f) for f in _Row._fields)) for m in mentions]
    return [Mention(*r) for r in with_context_rows(sentence, rows)]


def with_context_rows(sentence: str, mentions: list[MentionRow]) -> list[MentionRow]:
    """:func:`with_context` of :data:`analysis.extract.mention.MentionRow` rows (how
    :func:`analysis.extract.numbers.find_mentions` calls it)."""
    out: list[_Row] = []
    prev: _Row | None = None  # previous quantity in the sentence
    consumed = 0  # end of the previous quantity's trailing noun
    periods = _periods(sentence) if mentions else []
    clause_ends: list[int] | None = None  # offsets after each clause end, read once
    listed: list[int] = []  # positions in ``out`` of the figures of the current list (4.5%、5.5%左右)
    borrowed: set[int] = set()  # positions in ``out`` of figures whose subject is the previous one's
    for m in mentions:
        period = _period_at(sentence, periods, m.start) if periods else ""
        if m.quantity in ("identifier", "date"):
            out.append(m if m.period == period else m._replace(period=period))
            continue
        if clause_ends is None:
            clause_ends = [c.end() for c in RE_CLAUSE_END.finditer(sentence)]
        i = bisect_right(clause_ends, m.start)  # _clause_start, inline
        cs = clause_ends[i - 1] if i else 0
        same_clause = prev is not None and prev.end > cs
        seg_start = max(cs, consumed if same_clause else cs)
        window = sentence[seg_start : m.start]
        attributive = m.quantity == "count" and RE_CJK.match(sentence, m.end) is not None
        last, split, roles = _cue_scan(window, attributive)
        if seg_start == cs:
            clause_window = window
        else:
            clause_window = sentence[cs : m.start]
            roles = _cue_scan(clause_window)[2]
        kind, direction = _kind(m, window, last, clause_window)
        if m.unit == "%" and m.text.endswith("位数"):  # 两位数增长, 两位数下降: the word after it
            kind, direction = "change", -1 if RE_DIGITS_FALL.match(sentence, m.end) else 1
        elif m.unit == "%" and "%" not in m.text and (sentence[m.end : m.end + 1] in _COLONS or sentence[m.start - 1 : m.start] in _COLONS):
            kind, direction = "share", 0  # a part of a structure, 4.0∶37.7∶58.3 (no % of its own)
        if kind != "change" and RE_AVERAGE_PERIOD.fullmatch(period) and period not in clause_window:
            period = ""
        # a list shares its kind (增长4.5%、5.5%), but only a placement is a rank (全国第四、突破1万公里)
        if same_clause and RE_LIST_GAP.match(window.strip()) and prev.kind and (prev.kind == "rank") == (m.quantity == "rank"):
            kind, direction = prev.kind, prev.direction
        after = _after_noun(sentence, m) if m.quantity in ("count", "area", "length") else ""
        metric = _metric_phrase(window, split)
        if metric and RE_CONDITION_END.search(metric) and (c := RE_CONDITION.search(clause_window)):
            metric = metric_phrase(clause_window[: c.start()] + clause_window[c.end() :])  # 在…的情况下: aside
        if not metric and prev is None and cs > 0:  # 今年经济增长速度的目标，定为百分之八
            start, end = _clause_start(clause_ends, cs - 1), cs - 1
            if start and RE_PRICE_ADJUSTMENT.fullmatch(sentence, start, end):  # …收入，考虑价格下降因素，比上年…
                start, end = _clause_start(clause_ends, start - 1), start - 1
            metric = metric_phrase(sentence[start:end])
        if (kind != "rank" and _only_cues(metric)) or (after and len(metric) <= 3):
            metric = ""
        # one character after the previous figure of the clause is that figure's tail, not a
        # subject: 前十强、增长4.8% (强), 第一位、… — the figure takes the clause's metric
        if same_clause and len(metric) == 1:
            metric = ""
        consumed = m.end
        inherited = False  # the subject is the previous figure's (its clause names none)
        if not metric and after:
            metric, consumed = after, m.end + len(after)
        elif not metric and prev is not None:
            metric, inherited = prev.metric, True
        qualifier = m.qualifier
        if qualifier or "力争" in clause_window:
            quals = [q for q in qualifier.split("|") if q]
            if "力争" in clause_window and "力争" not in quals:
                quals.insert(0, "力争")
            qualifier = "|".join(quals)
        # start … value_base as they are, then the context
        status = _status(roles, kind)
        if inherited and prev.status == "planned" and not roles & {"planned", "achieved"}:
            status = "planned"  # 一九八五年将达到二千九百亿元，比一九八○年增长百分之四十: still the plan
        prev = _Row._make(m[:10] + (kind, direction, qualifier, metric, period, status))
        # a list of bare figures: only 、/和 … between this one and the previous (no noun)
        in_list = same_clause and RE_FIGURE_LIST_GAP.match(sentence, out[-1].end if out else 0, m.start) is not None
        listed = [*listed, len(out)] if in_list and listed and listed[-1] == len(out) - 1 else [len(out)]
        if inherited:
            borrowed.add(len(out))
        out.append(prev)
        if len(listed) > 1:
            _share_list_qualifier(out, listed)
            _share_list_prefix(out, listed, sentence)
            _share_list_unit(out, listed)
            # after 分别, or figures of one unit in a row without it (实际增长9.8%和8.5%; not 44种、超过20%)
            respectively = "分别" in sentence[cs : out[listed[0]].start] or len({out[i].unit for i in listed}) == 1
            if respectively and listed[0] in borrowed:
                _respectively(out, listed)
    return out


def _respectively(out: list[MentionRow], listed: list[int]) -> None:
    """A list (after 分别 or not) whose first figure names no subject of its own takes, in
    order, the subjects of the figures just before it: in 城镇居民人均可支配收入11759元，农村居民
    人均纯收入3587元，分别增长10.4%和7.4% the 10.4% is the towns' and the 7.4% the villages'; so in
    …5153元，实际增长9.8%和8.5% (national 2010)."""
    k, first = len(listed), listed[0]
    before = out[first - k : first] if first >= k else []
    metrics = [r.metric for r in before]
    measured = all(r.kind in ("level", "share") and r.quantity not in ("identifier", "date", "duration") for r in before)
    if (len(before) == k and measured and all(metrics) and len(set(metrics)) == k
            and len({out[i].metric for i in listed}) == 1):
        for i, metric in zip(listed, metrics):
            out[i] = out[i]._replace(metric=metric)


def _share_list_unit(out: list[MentionRow], listed: list[int]) -> None:
    """A rate's unit written once after the last figure of a list is every bare figure's: in
    分别提高11.1、2.3个百分点 the 11.1 is percentage points too."""
    last = out[listed[-1]]
    # rates only: a list of years (1979、1980两年) or of counts gives no unit to its bare numbers
    if last.quantity not in ("percent", "percentage_point", "multiple") or not last.value:
        return
    factor = last.value_base / last.value
    for i in listed[:-1]:
        m = out[i]
        if not m.unit and m.quantity == "other":
            out[i] = m._replace(unit=last.unit, quantity=last.quantity, base_unit=last.base_unit,
                                value_base=m.value * factor)


def _share_list_qualifier(out: list[MentionRow], listed: list[int]) -> None:
    """A bound written once after the last figure of a list bounds all of them: in
    分别增长4.5%、5.5%左右 and 分别控制在5%和3%以内 each figure is 左右 / 以内."""
    bound = out[listed[-1]].qualifier.split("|")[-1]
    if bound in LIST_QUALIFIERS:
        for i in listed[:-1]:
            if not out[i].qualifier:
                out[i] = out[i]._replace(qualifier=bound)


def _share_list_prefix(out: list[MentionRow], listed: list[int], sentence: str) -> None:
    """A bound written once right after 分别, before the first figure of a list, bounds every
    figure of it: in 分别超过8万元、4.5万元 the 4.5万元 is 超过 too. The newest figure of the
    list takes it unless it has a bound of its own; without 分别 the bound stays on its figure."""
    first, newest = out[listed[0]], out[listed[-1]]
    written = RE_LEADING_BOUND.match(first.text)
    if (written is not None and sentence.endswith("分别", 0, first.start) and not newest.qualifier
            and (bound := first.qualifier.split("|")[0]) == PREFIX_BOUNDS[written.group(0)]):
        out[listed[-1]] = newest._replace(qualifier=bound)


def _clause_start(clause_ends: list[int], pos: int) -> int:
    """:func:`clause_start` given the offsets after every clause end of the sentence."""
    i = bisect_right(clause_ends, pos)
    return clause_ends[i - 1] if i else 0


def _after_noun(sentence: str, m: _Row) -> str:
    """The noun right after a counted quantity: 新增4家发热门诊 → 发热门诊."""
    a = RE_AFTER_NOUN.match(sentence[m.end : m.end + 15])  # it reads 15 characters at most
    if not a:
        return ""
    noun = a.group(0)
    for c in RE_CUE.finditer(noun):
        if c.start() > 0 and CUE_ROLE[c.group(0)][0] in _NOUN_END_ROLES:
            noun = noun[: c.start()]
            break
    if not RE_CJK.match(noun) or _only_cues(noun[:2]):
        return ""
    return noun


#: An average over years (年均增长7.1%): the period of a change only. A level, share or rank in a
#: later clause (…，占世界经济比重提高到15%左右, 突破40万亿元) does not take it from there, nor an
#: earlier period behind it (it has none of its own).
RE_AVERAGE_PERIOD = re.compile(r"年均|平均每年")


def _period(sentence: str, pos: int) -> str:
    """The last period expression (2025年, 上半年, 年均, “十四五”时期) before ``pos`` that is
    no base of a comparison."""
    found = [p for p in RE_PERIOD.finditer(sentence, 0, pos) if not _is_base(sentence, p.start(), p.end())]
    return found[-1].group(0) if found else ""


#: Before a period, what makes it the base of a comparison (比2024年, 较上年, 同1987年相比,
#: 与2020年相比), not the period its figures are for.
RE_BASE_BEFORE = re.compile(r"(?:比|较)$")
RE_BASE_AROUND = re.compile(r"[同与和跟]$")
RE_BASE_AFTER = re.compile(r"(?:的[^，。；]{0,8})?(?:相比|比较|对比)")


def _is_base(sentence: str, start: int, end: int) -> bool:
    """Whether the period at ``sentence[start:end]`` is the base of a comparison.

    >>> _is_base("2025年粮食产量比2024年增加10亿斤", 10, 15), _is_base("1992年同1987年相比，钢产量达到8000万吨", 6, 11)
    (True, True)
    >>> _is_base("2025年粮食产量比2024年增加10亿斤", 0, 5)
    False
    """
    before = sentence[max(0, start - 2) : start]
    if RE_BASE_BEFORE.search(before):
        return True
    return bool(RE_BASE_AROUND.search(before) and RE_BASE_AFTER.match(sentence, end))


def _periods(sentence: str) -> list[tuple[int, int, str]]:
    """Every RE_PERIOD match of ``sentence`` as (start, end, text), but the bases of
    comparisons (:func:`_is_base`); each needs a digit, 年, 五 or 季, so a sentence with none
    is not searched."""
    if "年" in sentence or "五" in sentence or "季" in sentence or RE_DIGIT.search(sentence):
        return [(p.start(), p.end(), p.group(0)) for p in RE_PERIOD.finditer(sentence)
                if not _is_base(sentence, p.start(), p.end())]
    return []


def _period_at(sentence: str, periods: list[tuple[int, int, str]], pos: int) -> str:
    """:func:`_period` given the ``periods`` of the whole sentence.

    Searching ``sentence[:pos]`` finds the same matches as the whole sentence up to the
    first one that ends after ``pos`` (RE_PERIOD looks at nothing after its match); only a
    match across ``pos`` needs the search itself.
    """
    last = ""
    for start, end, text in periods:
        if end <= pos:
            last = text
        elif start < pos:
            return _period(sentence, pos)
        else:
            break
    return last
