"""Were targets met, and did lower levels set higher targets? Corpus-level tables.

* :func:`attainment_table` joins each region's target for year *t* (report *t*,
  :func:`analysis.extract.targets.targets_table`) with its outcome for *t* (report *t+1*,
  :func:`analysis.extract.outcomes.outcomes_table`): the gap and whether the target was met, by a
  rule chosen from the target's qualifier (:func:`met_rule`), with the rule in a column.
  Targets without an outcome and outcomes without a target are rows too, with a reason.
* :func:`hierarchy_table` sets each region's target beside its parent's target of the same
  year and indicator (province → national by default, or a mapping you pass);
  :func:`escalation_table` gives, per year and indicator, the share of regions above their
  parent (层层加码).

All three take the tidy tables ``build`` writes (targets, outcomes, documents), so they work
on any corpus of consecutive years without more configuration. Regions are matched by their
normalised name (:func:`normalise_region`: 宁夏 / 宁夏回族自治区 → 宁夏回族自治区, from
``data/provinces.tsv``, GB/T 2260); national reports are region ``全国``. Documents of another
kind than ``report`` (NPC resolutions), without a year, or with neither region nor national
level are left out.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.extract.indicators import group_of, income_group
from analysis.extract.outcomes import OUTCOME_INDICATORS
from analysis.lexicons import load_lexicon
from analysis.tables import as_schema

#: Tolerance of a ``左右`` target (and of one without a qualifier) in percent, in percentage
#: points: met when |outcome − target| ≤ this. An overridable choice.
TOLERANCE = 0.5
#: The same for a target that is a level (城镇新增就业50万人, 粮食产量1.3万亿斤), as a share of
#: the target: 0.05 → within 5% of it (2.5万人 of 50万人). An overridable choice.
LEVEL_TOLERANCE = 0.05
#: The region name of national reports.
NATIONAL = "全国"
AT_LEAST = ("以上", "不低于", "不少于", "高于", "超过")
AT_MOST = ("以内", "以下", "控制在", "不超过", "低于", "不高于")

PROVINCES = load_lexicon("provinces.tsv", columns=("code", "name", "short"))
_FULL = dict(zip(PROVINCES["name"], PROVINCES["code"]))
_SHORT = dict(zip(PROVINCES["short"], PROVINCES["name"]))

#: Columns of :func:`attainment_table`, in order, with dtypes.
ATTAINMENT_COLUMNS = {
    "region": "string",  # normalised region name (全国 for national reports)
    "region_code": "string",  # GB/T 2260 two-digit code ("" for 全国 and unknown regions)
    "level": "string",  # national, provincial, city …
    "year": "int64",  # the year t the target is for and the outcome is of
    "indicator": "string",  # canonical indicator (indicators.tsv)
    "group": "string",  # income: whose (城镇, 农村, 全体 居民; "" for 城乡 in one figure); "" for the other indicators
    "target_doc": "string",  # report t ("" when missing)
    "target_value": "float64",  # target (a range's midpoint); NaN when none
    "target_low": "float64",  # lower bound of the target
    "target_high": "float64",  # upper bound of the target
    "target_unit": "string",  # unit of the target
    "target_qualifier": "string",  # 左右, 以上, 以内 … as the targets table gives it
    "outcome_doc": "string",  # report t+1 ("" when missing)
    "outcome": "float64",  # realised value stated in report t+1; NaN when none
    "outcome_unit": "string",  # unit of the outcome
    "outcome_qualifier": "string",  # qualifier of the outcome (多, 左右, 预计 …)
    "gap": "float64",  # outcome − target; to the nearer bound for a range or a one-sided bound
    "met": "boolean",  # by `rule`; <NA> when one side is missing, units or income groups differ, or a range outcome straddles
    "rule": "string",  # at_least, at_most, within_range, about (see met_rule)
    "tolerance": "float64",  # the tolerance `about` used, in the target's unit (NaN for other rules)
    "reason": "string",  # "" when both sides are there; else why one is missing
}
#: Columns of :func:`hierarchy_table`, in order, with dtypes.
HIERARCHY_COLUMNS = {
    "region": "string",  # normalised region name
    "region_code": "string",  # GB/T 2260 two-digit code
    "level": "string",  # level of the region's report
    "parent": "string",  # parent region (全国 for a province), "" when none is known
    "year": "int64",  # year of the targets
    "indicator": "string",  # canonical indicator
    "value": "float64",  # the region's target (a range's midpoint)
    "qualifier": "string",  # its qualifier
    "unit": "string",  # its unit
    "parent_value": "float64",  # the parent's target of the same year and indicator; NaN if none
    "parent_qualifier": "string",  # the parent's qualifier
    "parent_unit": "string",  # the parent's unit (1.4 万亿斤 beside a province's 740 亿斤)
    "gap_to_parent": "float64",  # value − parent_value, for targets in % (NaN for levels, other units, no parent)
    "above_parent": "boolean",  # gap_to_parent > 0; <NA> when no gap
}
#: Columns of :func:`escalation_table`, in order, with dtypes.
ESCALATION_COLUMNS = {
    "parent": "string",  # the parent region
    "year": "int64",  # year of the targets
    "indicator": "string",  # canonical indicator
    "regions": "int64",  # regions with a target and a parent target to compare
    "above": "int64",  # of them, with a target above the parent's
    "equal": "int64",  # with the parent's value
    "below": "int64",  # below it
    "share_above": "float64",  # above / regions
    "mean_gap": "float64",  # mean gap_to_parent
}


def normalise_region(name: str, level: str = "") -> str:
    """Return the region's normalised name: the full province name of ``provinces.tsv``,
    ``全国`` for a national report, else the name as given (stripped).

    >>> normalise_region("宁夏"), normalise_region("宁夏回族自治区"), normalise_region("广西壮族自治区")
    ('宁夏回族自治区', '宁夏回族自治区', '广西壮族自治区')
    >>> normalise_region("", "national"), normalise_region("内蒙古"), normalise_region("苏州市")
    ('全国', '内蒙古自治区', '苏州市')
    """
    name = (name or "").strip()
    if level == "national" or name in ("全国", "中国", "中华人民共和国"):
        return NATIONAL
    if name in _FULL:
        return name
    if name in _SHORT:
        return _SHORT[name]
    for short, full in _SHORT.items():  # 广西壮族 …, 新疆维吾尔 …: a longer way of writing it
        if name.startswith(short) and full.startswith(name[: len(short)]) and len(name) > len(short) and (
            name.endswith(("省", "市", "自治区")) and full.endswith(name[-1])
        ):
            return full
    return name


def region_code(region: str) -> str:
    """GB/T 2260 two-digit code of a normalised province name, else "".

    >>> region_code("北京市"), region_code("全国")
    ('11', '')
    """
    return _FULL.get(region, "")


def met_rule(qualifier: str, low: float, high: float) -> str:
    """Return the rule that says whether an outcome meets a target.

    * a range (low < high) → ``within_range``: low ≤ outcome ≤ high;
    * 以内, 以下, 控制在, 不超过 … → ``at_most``: outcome ≤ high;
    * 以上, 不低于, 不少于, 高于, 超过 → ``at_least``: outcome ≥ low;
    * 左右, or no qualifier → ``about``: |outcome − value| ≤ a tolerance (points for a target
      in %, a share of the target for a level: see :func:`attainment_table`).

    >>> met_rule("左右", 5, 5), met_rule("以上", 5, 5), met_rule("控制在|左右", 3, 3), met_rule("", 6, 6.5)
    ('about', 'at_least', 'at_most', 'within_range')
    """
    words = set((qualifier or "").split("|"))
    if not (math.isnan(low) or math.isnan(high)) and low < high:
        return "within_range"
    if words & set(AT_MOST):
        return "at_most"
    if words & set(AT_LEAST):
        return "at_least"
    return "about"


def judge(outcome: float, value: float, low: float, high: float, rule: str, tolerance: float = TOLERANCE):
    """Return ``(gap, met)`` of an outcome against a target under ``rule``.

    The gap is outcome − target: to the target value for ``about``, to the bound for
    ``at_least``/``at_most``, and to the nearer bound (0 inside) for ``within_range``.

    >>> judge(5.4, 5, 5, 5, "about"), judge(4.8, 5, 5, 5, "at_least"), judge(7, 6.25, 6, 6.5, "within_range")
    ((0.4, True), (-0.2, False), (0.5, False))
    """
    if math.isnan(outcome) or math.isnan(value):
        return math.nan, None
    if rule == "at_least":
        gap = outcome - low
        return round(gap, 10), gap >= -1e-9
    if rule == "at_most":
        gap = outcome - high
        return round(gap, 10), gap <= 1e-9
    if rule == "within_range":
        gap = outcome - low if outcome < low else outcome - high if outcome > high else 0.0
        return round(gap, 10), gap == 0.0
    gap = outcome - value
    return round(gap, 10), abs(gap) <= tolerance + 1e-9


def _reports(documents: pd.DataFrame) -> pd.DataFrame:
    """doc_id → region, code, level, year of the reports attainment can use (one per region
    and year: the first)."""
    d = documents
    d = d[(d["kind"].fillna("report") == "report") & d["year"].notna()].copy()
    d["region"] = [normalise_region(r, lv) for r, lv in zip(d["region"].fillna(""), d["level"].fillna(""))]
    d = d[d["region"] != ""]
    d["year"] = d["year"].astype("int64")
    d["region_code"] = d["region"].map(region_code)
    return d.drop_duplicates(["region", "year"])[["doc_id", "region", "region_code", "level", "year"]]


def main_targets(targets: pd.DataFrame, documents: pd.DataFrame, *, by_group: bool = False) -> pd.DataFrame:
    """Return one target per region, year and canonical indicator: the first annual one with a
    number, main targets before work-plan ones (columns region, region_code, level, year,
    indicator, doc_id, value, low, high, unit, qualifier, and name when the targets have
    one). ``by_group``: one per income group (:func:`income_group`, column ``group``) too.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "year": [2025], "region": ["宁夏"], "level": ["provincial"], "kind": ["report"]})
    >>> t = pd.DataFrame({"doc_id": ["a", "a"], "indicator": ["gdp_growth"] * 2, "value": [5.5, 6.0],
    ...     "low": [5.5, 6.0], "high": [5.5, 6.0], "unit": ["%", "%"], "qualifier": ["左右", ""],
    ...     "scope": ["annual"] * 2, "stated_in": ["main_targets", "work_plan"]})
    >>> main_targets(t, docs)[["region", "year", "value"]].values.tolist()
    [['宁夏回族自治区', 2025, 5.5]]
    """
    t = targets[(targets["scope"] == "annual") & (targets["indicator"] != "") & targets["value"].notna()]
    t = t.assign(_order=(t["stated_in"] != "main_targets").astype(int)).sort_values("_order", kind="stable")
    t = t.merge(_reports(documents), on="doc_id")
    # a target dated to another year than its report's (national 1980's 1981年…安排) is not that year's
    if "period" in t.columns:
        period = t["period"].fillna("").astype(str)
        t = t[~period.str.fullmatch(r"\d{4}年") | (period == t["year"].astype(str) + "年")]
    cols = ["region", "region_code", "level", "year", "indicator", "doc_id", "value", "low", "high", "unit", "qualifier"]
    if by_group:
        t = t.assign(group=_groups(t))
        cols.append("group")
    t = t.drop_duplicates(["region", "year", "indicator"] + ["group"] * by_group)
    return t[cols + ["name"] * ("name" in t.columns)].reset_index(drop=True)


def _groups(rows: pd.DataFrame) -> list[str]:
    """:func:`group_of` of each row (its indicator and name)."""
    names = rows["name"] if "name" in rows.columns else [None] * len(rows)
    return [group_of(i, n) for i, n in zip(rows["indicator"], names)]


def _slots(tg: pd.DataFrame, oc: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``tg`` (main targets by group) and ``oc`` (outcomes, one per group) with a column
    ``_slot`` that pairs them within a region, year and indicator: income targets with the
    outcome of their group; a target of both groups in one figure (城乡, group "") with the
    first outcome left; then the rest in order (their groups differ, which the row says);
    what is left over alone. Other indicators have one of each, slot 0."""
    key = ["region", "year", "indicator"]
    t_slot, o_slot = [0] * len(tg), [0] * len(oc)
    income_t = [i for i, ind in enumerate(tg["indicator"]) if ind == "income_growth"]
    income_o = [i for i, ind in enumerate(oc["indicator"]) if ind == "income_growth"]
    by_key_t: dict[tuple, list[int]] = {}
    by_key_o: dict[tuple, list[int]] = {}
    for rows, idx, out in ((tg, income_t, by_key_t), (oc, income_o, by_key_o)):
        cols = [rows[c].tolist() for c in key]
        for i in idx:
            out.setdefault(tuple(c[i] for c in cols), []).append(i)
    t_group, o_group = tg["group"].tolist(), oc["group"].tolist()
    for k in by_key_t.keys() | by_key_o.keys():
        ts, os_ = by_key_t.get(k, []), list(by_key_o.get(k, []))
        pairs, alone = [], []
        for i in ts:  # the outcome of the target's group
            j = next((j for j in os_ if t_group[i] and o_group[j] == t_group[i]), None)
            if j is None:
                alone.append(i)
            else:
                pairs.append((i, j))
                os_.remove(j)
        alone.sort(key=lambda i: t_group[i] != "")  # 城乡 in one figure first: the first outcome left is its
        for i in alone:
            pairs.append((i, os_.pop(0)) if os_ else (i, None))
        slot = 0
        for i, j in pairs:
            t_slot[i] = slot
            if j is not None:
                o_slot[j] = slot
            slot += 1
        for j in os_:
            o_slot[j] = slot
            slot += 1
    return tg.assign(_slot=t_slot), oc.assign(_slot=o_slot)


def attainment_table(targets: pd.DataFrame, outcomes: pd.DataFrame, documents: pd.DataFrame, *,
                     tolerance: float = TOLERANCE, level_tolerance: float = LEVEL_TOLERANCE) -> pd.DataFrame:
    """Return one row per region, year and indicator (and, for income, group of residents:
    城镇, 农村, 全体 — each target beside the outcome of its group, ``group``): the target of
    report t beside the outcome report t+1 states for year t (see :data:`ATTAINMENT_COLUMNS`).

    Only the indicators the outcomes table reads (:data:`OUTCOME_INDICATORS`) are joined.
    ``met`` follows :func:`met_rule` on the target's qualifier; ``tolerance`` is the
    allowance of ``about`` (左右 or no qualifier) for a target in %, ``level_tolerance`` the
    share of the target allowed for a level (jobs, grain); the ``tolerance`` column gives
    the allowance used, in the target's unit. ``reason`` is ""
    when both sides are there, else ``no report for year t+1`` / ``outcome not stated``
    (target only), ``no report for year t`` / ``target not stated`` (outcome only),
    ``units differ``, ``target and outcome of different groups`` (income: 城镇居民 against
    全体居民, :func:`income_group`, when the review states no figure of the target's group;
    ``group`` is the target's), or ``outcome a range across the target`` (an outcome stated as
    a range, 两位数增长 = 10–99 %, that meets the target at one end and not at the other).

    Args:
        targets: :func:`analysis.extract.targets.targets_table` rows of the corpus.
        outcomes: :func:`analysis.extract.outcomes.outcomes_table` rows of the corpus.
        documents: one row per document with doc_id, year, region, level, kind.
        tolerance: allowance of a 左右 target in % (default :data:`TOLERANCE`, 0.5 points).
        level_tolerance: allowance of a 左右 target of another unit (万人, 万吨), as a share of
            the target (default :data:`LEVEL_TOLERANCE`, 0.05).

    >>> docs = pd.DataFrame({"doc_id": ["r25", "r26"], "year": [2025, 2026], "region": ["北京"] * 2,
    ...     "level": ["provincial"] * 2, "kind": ["report"] * 2})
    >>> t = pd.DataFrame({"doc_id": ["r25"], "indicator": ["gdp_growth"], "value": [5.0], "low": [5.0],
    ...     "high": [5.0], "unit": ["%"], "qualifier": ["左右"], "scope": ["annual"], "stated_in": ["main_targets"]})
    >>> o = pd.DataFrame({"doc_id": ["r26"], "indicator": ["gdp_growth"], "value": [5.4], "unit": ["%"],
    ...     "qualifier": [""], "scope": ["last_year"], "year": [2025]})
    >>> attainment_table(t, o, docs)[["region", "year", "target_value", "outcome", "gap", "met", "rule"]].values.tolist()
    [['北京市', 2025, 5.0, 5.4, 0.4, True, 'about']]
    """
    reports = _reports(documents)
    have = set(zip(reports["region"], reports["year"]))
    tg = main_targets(targets, documents, by_group=True)
    tg = tg[tg["indicator"].isin(OUTCOME_INDICATORS)]
    oc = outcomes[(outcomes["scope"] == "last_year") & outcomes["indicator"].isin(OUTCOME_INDICATORS)]
    oc = oc.drop(columns=[c for c in ("region", "level", "year") if c in oc.columns]).merge(reports, on="doc_id")
    oc = oc.assign(year=oc["year"] - 1)
    oc = oc.assign(group=_groups(oc)).drop_duplicates(["region", "year", "indicator", "group"])
    tg, oc = _slots(tg.reset_index(drop=True), oc.reset_index(drop=True))
    keys = ["region", "year", "indicator", "_slot"]
    joined = tg.merge(oc, on=keys, how="outer", suffixes=("_t", "_o"))
    rows = []
    for r in joined.itertuples(index=False):
        d = r._asdict()
        t_doc, o_doc = d.get("doc_id_t"), d.get("doc_id_o")
        t_doc = t_doc if isinstance(t_doc, str) else ""
        o_doc = o_doc if isinstance(o_doc, str) else ""
        value, low, high = (float(d.get(k + "_t", math.nan)) if t_doc else math.nan for k in ("value", "low", "high"))
        outcome = float(d["value_o"]) if o_doc else math.nan
        t_unit = d["unit_t"] if t_doc else ""
        o_unit = d["unit_o"] if o_doc else ""
        qualifier = d["qualifier_t"] if t_doc else ""
        rule = met_rule(qualifier, low, high) if t_doc else ""
        gap, met, reason = math.nan, None, ""
        allowance = tolerance if t_unit == "%" else abs(value) * level_tolerance
        if t_doc and o_doc:
            names = [d.get(k) for k in ("name_t", "name_o")] if d["indicator"] == "income_growth" else []
            groups = {income_group(n) for n in names} if all(isinstance(n, str) and n for n in names) else set()
            if t_unit != o_unit:
                reason = "units differ"
            elif len(groups) == 2 and "" not in groups:  # 城镇居民 target, 全体居民 outcome: two measures
                reason = "target and outcome of different groups"
            else:
                gap, met = judge(outcome, value, low, high, rule, allowance)
                o_low, o_high = (float(d.get(k + "_o", outcome)) for k in ("low", "high"))
                if o_low < o_high and judge(o_low, value, low, high, rule, allowance)[1] != judge(
                        o_high, value, low, high, rule, allowance)[1]:  # 两位数增长 (10–99 %) against 12%以上
                    gap, met, reason = math.nan, None, "outcome a range across the target"
        elif t_doc:
            reason = "outcome not stated" if (d["region"], d["year"] + 1) in have else "no report for year t+1"
        else:
            reason = "target not stated" if (d["region"], d["year"]) in have else "no report for year t"
        level = d["level_t"] if t_doc else d["level_o"]
        code = d["region_code_t"] if t_doc else d["region_code_o"]
        rows.append(dict(
            region=d["region"], region_code=code, level=level, year=d["year"], indicator=d["indicator"],
            group=d["group_t"] if t_doc else d["group_o"],
            target_doc=t_doc, target_value=value, target_low=low, target_high=high, target_unit=t_unit,
            target_qualifier=qualifier, outcome_doc=o_doc, outcome=outcome, outcome_unit=o_unit,
            outcome_qualifier=d["qualifier_o"] if o_doc else "", gap=gap, met=met, rule=rule,
            tolerance=round(allowance, 10) if rule == "about" else math.nan, reason=reason,
        ))  # fmt: skip
    out = pd.DataFrame(rows, columns=list(ATTAINMENT_COLUMNS))
    out = out.sort_values(["level", "region", "year", "indicator", "group"], kind="stable")
    return as_schema(out, ATTAINMENT_COLUMNS)


def parent_of(region: str, level: str, parents: dict | None = None) -> str:
    """Return the parent region: ``parents[region]`` when given, else 全国 for a province
    ("" for the nation and for lower levels without a mapping).

    >>> parent_of("宁夏回族自治区", "provincial"), parent_of("苏州市", "city"), parent_of("苏州市", "city", {"苏州市": "江苏"})
    ('全国', '', '江苏省')
    """
    if parents and region in parents:
        return normalise_region(parents[region])
    return NATIONAL if level == "provincial" else ""


def hierarchy_table(targets: pd.DataFrame, documents: pd.DataFrame, *, parents: dict | None = None) -> pd.DataFrame:
    """Return each region's target beside its parent's target of the same year and indicator
    (see :data:`HIERARCHY_COLUMNS`); the nation's own targets are not rows.

    ``parents`` maps a region to its parent (names are normalised), for levels below the
    province or to override the default (province → 全国).

    >>> docs = pd.DataFrame({"doc_id": ["n", "p"], "year": [2025, 2025], "region": ["", "宁夏"],
    ...     "level": ["national", "provincial"], "kind": ["report"] * 2})
    >>> t = pd.DataFrame({"doc_id": ["n", "p"], "indicator": ["gdp_growth"] * 2, "value": [5.0, 5.5],
    ...     "low": [5.0, 5.5], "high": [5.0, 5.5], "unit": ["%", "%"], "qualifier": ["左右", "左右"],
    ...     "scope": ["annual"] * 2, "stated_in": ["main_targets"] * 2})
    >>> hierarchy_table(t, docs)[["region", "parent", "value", "parent_value", "gap_to_parent"]].values.tolist()
    [['宁夏回族自治区', '全国', 5.5, 5.0, 0.5]]
    """
    parents = {normalise_region(k): v for k, v in (parents or {}).items()}
    tg = main_targets(targets, documents)
    # typed: an empty list would make a float column, which cannot be merged on
    tg = tg.assign(parent=pd.Series([parent_of(r, lv, parents) for r, lv in zip(tg["region"], tg["level"])],
                                    index=tg.index, dtype="string")).astype({"region": "string"})
    children = tg[tg["region"] != NATIONAL]
    up = tg[["region", "year", "indicator", "value", "qualifier", "unit"]].rename(
        columns={"region": "parent", "value": "parent_value", "qualifier": "parent_qualifier", "unit": "parent_unit"})
    out = children.merge(up, on=["parent", "year", "indicator"], how="left")
    # rates only: a province's 60万人 and the nation's 1200万人 are not comparable levels
    same_unit = (out["unit"] == out["parent_unit"].fillna("")) & (out["unit"] == "%")
    gap = (out["value"] - out["parent_value"]).where(same_unit).round(10)
    out = out.assign(gap_to_parent=gap, above_parent=(gap > 0).astype("boolean").mask(gap.isna()),
                     parent_qualifier=out["parent_qualifier"].fillna(""), parent_unit=out["parent_unit"].fillna(""))
    out = out.sort_values(["year", "indicator", "region_code", "region"], kind="stable")
    return as_schema(out, HIERARCHY_COLUMNS)


def escalation_table(hierarchy: pd.DataFrame) -> pd.DataFrame:
    """Return, per parent, year and indicator, how many regions set a target above, equal to
    or below the parent's (see :data:`ESCALATION_COLUMNS`); rows without a gap are left out.

    >>> h = pd.DataFrame({"parent": ["全国"] * 3, "year": [2025] * 3, "indicator": ["gdp_growth"] * 3,
    ...     "gap_to_parent": [0.5, 0.0, -0.2]})
    >>> e = escalation_table(h)
    >>> e[["regions", "above", "equal", "below"]].values.tolist(), round(float(e["share_above"].iloc[0]), 3)
    ([[3, 1, 1, 1]], 0.333)
    """
    h = hierarchy[hierarchy["gap_to_parent"].notna()]
    g = h.groupby(["parent", "year", "indicator"], sort=True)["gap_to_parent"]
    out = pd.DataFrame({
        "regions": g.size(), "above": g.apply(lambda s: int((s > 0).sum())),
        "equal": g.apply(lambda s: int((s == 0).sum())), "below": g.apply(lambda s: int((s < 0).sum())),
        "mean_gap": g.mean().round(10),
    }).reset_index()  # fmt: skip
    out["share_above"] = out["above"] / out["regions"]
    return as_schema(out, ESCALATION_COLUMNS)


def documents_table(docs) -> pd.DataFrame:
    """Return doc_id, year, region, level, kind of each Document: its metadata, completed from
    its title, date and file name where the reader gave none (a Word or PDF file).

    >>> import numpy as np
    >>> from analysis.document import Document
    >>> d = Document("d", "", "", np.arange(0), np.arange(0), metadata={"title": "2025年宁夏回族自治区政府工作报告"})
    >>> documents_table([d]).values.tolist()
    [['d', 2025, '宁夏回族自治区', 'provincial', 'report']]
    """
    from analysis.readers.metadata import complete_metadata

    rows = []
    for d in docs:
        m = d.metadata
        base = {"year": m.get("year"), "region": m.get("region", ""), "level": m.get("level", ""),
                "source": m.get("path") or m.get("source", "")}
        found = complete_metadata(base, m)
        rows.append({"doc_id": d.doc_id, "year": found["year"], "region": found["region"] or "",
                     "level": found["level"] or "", "kind": m.get("kind", "report") or "report"})
    frame = pd.DataFrame(rows, columns=["doc_id", "year", "region", "level", "kind"])
    return frame.astype({"doc_id": "string", "year": "Int64", "region": "string", "level": "string", "kind": "string"})


def corpus_attainment(docs, *, tolerance: float = TOLERANCE, level_tolerance: float = LEVEL_TOLERANCE,
                      parents: dict | None = None) -> dict[str, pd.DataFrame]:
    """Return the ``documents``, ``targets``, ``outcomes``, ``attainment``, ``hierarchy`` and
    ``escalation`` tables of a list of Documents (reports of consecutive years, any regions).

    Each document's outcomes are read with the year its metadata (or, failing that, its
    title or file name) gives; see :func:`attainment_table` and :func:`hierarchy_table`.
    """
    from dataclasses import replace

    from analysis.extract.outcomes import outcomes_table
    from analysis.extract.targets import targets_table

    docs = list(docs)
    documents = documents_table(docs)
    known = documents.set_index("doc_id")
    targets, outcomes = [], []
    for d in docs:
        meta = {**d.metadata, **{k: known.at[d.doc_id, k] for k in ("year", "region", "level")}}
        meta["year"] = None if pd.isna(meta["year"]) else int(meta["year"])
        d = replace(d, metadata=meta)
        targets.append(targets_table(d))
        outcomes.append(outcomes_table(d))
    targets_all = pd.concat(targets, ignore_index=True)
    outcomes_all = pd.concat(outcomes, ignore_index=True)
    hierarchy = hierarchy_table(targets_all, documents, parents=parents)
    return {
        "documents": documents, "targets": targets_all, "outcomes": outcomes_all,
        "attainment": attainment_table(targets_all, outcomes_all, documents, tolerance=tolerance,
                                       level_tolerance=level_tolerance),
        "hierarchy": hierarchy, "escalation": escalation_table(hierarchy),
    }  # fmt: skip
