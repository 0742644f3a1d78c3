"""The indicator vocabulary: which canonical indicator a target's or an outcome's name is
(:func:`indicator_of`: 地区生产总值 → ``gdp_growth``), from ``data/indicators.tsv``, after the
scope words a report writes before it (全省, 全县, 我市: :data:`RE_SCOPE`), and which quantity can
measure it (:func:`fits`). Used by :mod:`analysis.extract.targets` and
:mod:`analysis.extract.outcomes`.
"""

from __future__ import annotations

import re

from analysis.extract.units import read_lexicon

INDICATORS = read_lexicon("indicators")
#: Scope words stripped before matching an indicator name (a county's report writes 全县, a
#: prefecture's 全州 or 全盟; a level of government's own budget, 区本级 or 区级).
RE_SCOPE = re.compile(
    r"^(?:今年|全年|全国|全(?:省|市|区|县|州|盟|旗|自治区|自治州|自治县)|我(?:省|市|区|县|州|盟|旗)|全社会(?=研发)"
    r"|[省市区县州旗]本?级)+"
)
RE_INDICATOR = [(r.indicator, re.compile(r.pattern)) for r in INDICATORS.itertuples(index=False)]
#: Each indicator's pattern by indicator, and the same found anywhere in a sentence with the
#: end anchors dropped (a looser test): the cheap check before a work-plan sentence is read.
RE_INDICATOR_OF = dict(RE_INDICATOR)
RE_INDICATOR_IN = {indicator: re.compile(rx.pattern.replace("$", "")) for indicator, rx in RE_INDICATOR}
#: The subject a list writes once for all its figures (粮食 of 粮食播种面积…、总产…), by indicator.
SUBJECT_OF = {r.indicator: r.subject for r in INDICATORS.itertuples(index=False) if isinstance(r.subject, str) and r.subject}


#: A rate word a table row's name ends with (进出口总额增长, 固投增速 | % | 9.6 | 10).
RE_ROW_RATE_TAIL = re.compile(r"(?:增长率?|增速|增幅|涨幅)$")


def indicator_of(name: str) -> str:
    """Return the canonical indicator for a target name, or "" — the name as it is, else
    without the rate word that ends it (a table row's 进出口总额增长).

    >>> indicator_of("国内生产总值"), indicator_of("单位国内生产总值能耗"), indicator_of("一产增加值"), indicator_of("固投增长")
    ('gdp_growth', 'energy_intensity', '', 'fixed_investment_growth')
    """
    name = RE_SCOPE.sub("", name or "")
    for candidate in (name, RE_ROW_RATE_TAIL.sub("", name)):
        for indicator, rx in RE_INDICATOR:
            if rx.match(candidate):
                return indicator
    return ""


def income_group(name: str) -> str:
    """Whose income a name counts: 城镇 (urban), 农村 (rural: 农村居民, 农民), 全体 (all
    residents), or "" when it does not say (城乡居民: both, each its own figure).

    >>> income_group("城镇居民人均可支配收入"), income_group("农民人均纯收入"), income_group("全体居民人均可支配收入"), income_group("城乡居民收入")
    ('城镇', '农村', '全体', '')
    """
    if "城乡" in name:
        return ""
    if "城镇" in name:
        return "城镇"
    return "农村" if "农村" in name or "农民" in name else "全体"


def group_of(indicator: str, name) -> str:
    """The group a row of ``indicator`` named ``name`` counts: for income, :func:`income_group`
    (城镇, 农村 and 全体 居民 are three figures); "" for the other indicators and a missing name.

    >>> group_of("income_growth", "农村居民人均纯收入"), group_of("gdp_growth", "地区生产总值"), group_of("income_growth", None)
    ('农村', '', '')
    """
    return income_group(name) if indicator == "income_growth" and isinstance(name, str) and name else ""


def fits(indicator: str, quantity: str) -> bool:
    """True when a number of ``quantity`` can measure ``indicator`` (growth needs a percent).

    >>> fits("gdp_growth", "percent"), fits("gdp_growth", "money"), fits("grain_output", "mass")
    (True, False, True)
    """
    wanted = {"new_urban_jobs": ("count",), "grain_output": ("mass",)}
    return quantity in wanted.get(indicator, ("percent", "percentage_point"))


def names_indicator(name: str, indicator: str) -> bool:
    """True when ``name`` is the name of ``indicator`` and nothing more (a scope word aside).

    >>> names_indicator("全省城镇新增就业", "new_urban_jobs"), names_indicator("新增就业岗位", "new_urban_jobs")
    (True, False)
    """
    rx = RE_INDICATOR_OF.get(indicator)
    return bool(rx and rx.fullmatch(RE_SCOPE.sub("", name or "")))


def shared_subject(before: str, name: str, fitting=bool) -> str:
    """``name`` with the subject it shares with the name ``before`` it in a list, written once
    at the head of the first (粮食播种面积1520万亩、总产125亿斤: the 总产 is 粮食's): the longest head
    of ``before`` with which ``name`` names an indicator that ``fitting`` accepts; "" if none.

    >>> shared_subject("粮食播种面积", "总产")
    '粮食总产'
    """
    for n in range(len(before) - 1, 0, -1):
        indicator = indicator_of(before[:n] + name)
        if indicator and fitting(indicator):
            return before[:n] + name
    return ""
