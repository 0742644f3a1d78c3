"""A report's year, region, level and kind when no column gives them: read from its title,
its occasion line (在湖北省第十四届人民代表大会第四次会议上), its date, a web page's ``<title>``
or its file's name (:func:`complete_metadata`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

#: Administrative levels a report may have.
LEVELS = ("national", "provincial", "city", "district")

RE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")

RE_NATIONAL = re.compile(r"国务院|全国人民代表大会")

RE_RESOLUTION = re.compile(r"决议")

#: A district or county government's report (``…区政府工作报告``, ``…县人民政府…``).
RE_DISTRICT = re.compile(r"[区县旗](?:人民)?政府")

#: A city government's report; provincial-level municipalities come with a province column.
RE_CITY = re.compile(r"市(?:人民)?政府")

def infer_kind(title: str) -> str:
    """Return ``"resolution"`` for an NPC resolution on a report, else ``"report"``.

    >>> infer_kind("第十四届全国人民代表大会第三次会议关于政府工作报告的决议")
    'resolution'
    >>> infer_kind("2025年中华人民共和国国务院政府工作报告")
    'report'
    """
    return "resolution" if RE_RESOLUTION.search(title or "") else "report"

def infer_level(title: str, region: str, region_column: str | None) -> str:
    """Return the administrative level from the title and region, ``""`` if unclear.

    A region given in a ``province`` (``省份``) column is provincial; a title naming the State Council
    or the National People's Congress is national; otherwise the level is left empty
    (name it with ``level=`` or a ``level`` column).

    >>> infer_level("2025年中华人民共和国国务院政府工作报告", "", None)
    'national'
    >>> infer_level("2026年上海市政府工作报告", "上海市", "province")
    'provincial'
    >>> infer_level("年上半年区政府工作报告", "", None), infer_level("2024年苏州市政府工作报告", "", None)
    ('district', 'city')
    """
    if region_column in ("province", "省份") and region:
        return "provincial"
    if RE_NATIONAL.search(title or ""):
        return "national"
    if RE_DISTRICT.search(title or ""):
        return "district"
    if RE_CITY.search(title or ""):
        return "city"
    return ""

@lru_cache(maxsize=1)
def _province_title():
    from ..lexicons import load_lexicon

    table = load_lexicon("provinces.tsv", columns=("code", "name", "short"))
    names = {**dict(zip(table["short"], table["name"])), **dict(zip(table["name"], table["name"]))}
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    # the province's name right before (人民)政府工作报告: 2025年广西政府工作报告, 北京市人民政府工作报告
    return names, re.compile(rf"(?:^|\d{{4}}年(?:度)?)({alternatives})(?:人民)?政府工作报告")

def infer_region(title: str) -> str:
    """The province whose government a title names, by its full name, ``""`` if none.

    A city or county inside a province is not the province: the province's name must stand
    right before 政府工作报告.

    >>> infer_region("2025年广西政府工作报告"), infer_region("2025年北京市政府工作报告")
    ('广西壮族自治区', '北京市')
    >>> infer_region("2024年江苏省苏州市政府工作报告")
    ''
    """
    names, pattern = _province_title()
    m = pattern.search(title or "")
    return names[m.group(1)] if m else ""

#: The congress an occasion line names: 在云南省第十四届人民代表大会第四次会议上, 在甘肃省十四届
#: 人大五次会议上, 在苏州市第十七届人民代表大会…; the place is the region whose government reports.
RE_CONGRESS = re.compile(
    r"在(?P<place>[^。！？，在]{2,20}?)(?:第?[一二三四五六七八九十]+届)?(?:人民代表大会|人大)(?:第?[一二三四五六七八九十]+次)?(?:会议|大会)"
)

#: The level of a place below the province, by how its name ends (a county or banner is
#: reported as ``district``, the level of LEVELS below the city).
PLACE_LEVEL = (("市", "city"), ("州", "city"), ("盟", "city"), ("区", "district"), ("县", "district"), ("旗", "district"))

def region_of_occasion(occasion: str) -> tuple[str, str]:
    """The region and level of the congress an occasion line names, ``("", "")`` if none.

    >>> region_of_occasion("——二〇二六年一月二十八日在云南省第十四届人民代表大会第四次会议上")
    ('云南省', 'provincial')
    >>> region_of_occasion("——2026年1月在甘肃省十四届人大五次会议上"), region_of_occasion("在苏州市第十七届人民代表大会第三次会议上")
    (('甘肃省', 'provincial'), ('苏州市', 'city'))
    >>> region_of_occasion("——2024年3月5日在第十四届全国人民代表大会第二次会议上")
    ('', '')
    """
    m = RE_CONGRESS.search(occasion or "")
    if not m or "全国" in m.group("place"):
        return "", ""
    place = m.group("place").strip()
    names, _ = _province_title()
    if place in names:
        return names[place], "provincial"
    level = next((lv for end, lv in PLACE_LEVEL if place.endswith(end)), "")
    return (place, level) if level else ("", "")

#: A city's or county's report named in a title: 2024年江苏省苏州市政府工作报告, 2025年沭阳县人民政府工作报告.
#: A place's name holds no 年 (the seed's damaged 年上半年区政府工作报告 names none) and is no
#: pronoun (我区, 本县, 全市).
RE_PLACE_TITLE = re.compile(
    r"(?:^|\d{4}年(?:度)?)(?P<place>(?![我本全该])(?:(?!年)[\u4e00-\u9fff]){2,14}?[市州盟区县旗])(?:人民)?政府工作报告"
)


def infer_place(title: str) -> tuple[str, str]:
    """The place below the province whose government a title names, with its level, ``("", "")``
    if none (a province's own title is :func:`infer_region`'s; its name before the place is
    the province it lies in).

    >>> infer_place("2024年江苏省苏州市政府工作报告"), infer_place("2025年沭阳县人民政府工作报告")
    (('苏州市', 'city'), ('沭阳县', 'district'))
    >>> infer_place("2025年北京市政府工作报告"), infer_place("年上半年区政府工作报告"), infer_place("2025年我区政府工作报告")
    (('', ''), ('', ''), ('', ''))
    """
    m = RE_PLACE_TITLE.search(title or "")
    if not m:
        return "", ""
    names, _ = _province_title()
    place = m.group("place")
    province = next((n for n in sorted(names, key=len, reverse=True) if place.startswith(n)), "")
    place = place[len(province) :]
    if len(place) < 2 or place in names:
        return "", ""
    return place, next(lv for end, lv in PLACE_LEVEL if place.endswith(end))


#: The title and occasion of a report, searched for in the text before its salutation when
#: the lines that held them were lost (a text without line breaks: 2025年沭阳县政府工作报告来源：…).
RE_HEAD_TITLE = re.compile(r"(?:19|20)\d\d年(?:度)?[\u4e00-\u9fff]{0,16}?(?:人民)?政府工作报告")
RE_HEAD_OCCASION = re.compile(r"(?:(?:19|20)\d\d年\d{1,2}月\d{1,2}日)?" + RE_CONGRESS.pattern + "上")


def head_front_matter(text: str) -> dict:
    """Title and occasion searched for in the text before its salutation (各位代表), for a
    report whose front matter's lines were lost.

    >>> head_front_matter("2025年沭阳县政府工作报告来源：沭阳新闻2025年1月19日在沭阳县第十八届人民代表大会第三次会议上县长作政府工作报告。各位代表：")
    {'title': '2025年沭阳县政府工作报告', 'occasion': '2025年1月19日在沭阳县第十八届人民代表大会第三次会议上'}
    """
    at = text.find("各位代表", 0, 2000)
    head = text[: at if at >= 0 else 300]
    title, occasion = RE_HEAD_TITLE.search(head), RE_HEAD_OCCASION.search(head)
    return {"title": title.group() if title else "", "occasion": occasion.group() if occasion else ""}


def page_title_head(title: str) -> str:
    """A web page's title without the portal's trail (``…（全文）_时政要闻_云南省医疗保障局``).

    >>> page_title_head("2026年云南省人民政府工作报告（全文）_时政要闻_新闻动态_云南省医疗保障局")
    '2026年云南省人民政府工作报告'
    """
    head = re.split(r"[_|｜]| - | — ", title or "")[0].strip()
    return re.sub(r"[（(](?:全文|摘要|图文|实录)[)）]$", "", head)

def complete_metadata(meta: dict, doc_meta: dict) -> dict:
    """``meta`` with the year, region and level a record does not give read from the
    document's own title, occasion (在云南省第十四届人民代表大会…) and date, a web page's
    ``<title>``, or its file's name (a text, web page, Word or PDF file has no columns).

    >>> complete_metadata({"year": None, "region": "", "level": "", "source": "x/2025年湖南省政府工作报告.docx"},
    ...                   {"title": "政府工作报告", "date": "2025-01-14"})["region"]
    '湖南省'
    >>> complete_metadata({"year": None, "region": "", "level": "", "source": "x/2025年湖北省政府工作报告.txt"},
    ...                   {"title": "", "date": ""})["year"]  # a body-only text named like its title
    2025
    """
    title = meta.get("title") or doc_meta.get("title", "")
    stem = Path(meta.get("source") or "").stem  # a file named like its title: 2025年湖南省政府工作报告.docx
    page = page_title_head(meta.get("page_title", ""))  # a web page's <title>
    place, place_level = region_of_occasion(doc_meta.get("occasion", ""))
    out = dict(meta)
    if not out.get("year"):
        named = re.search(r"(?:19|20)\d\d(?=年)", stem)  # 2025年湖北省政府工作报告.txt (not a download's date)
        out["year"] = (year_in(doc_meta.get("date", "")) or year_in(title) or year_in(page)
                       or (int(named.group()) if named else None))
    if not out.get("region"):
        out["region"] = infer_region(title) or place or infer_region(page) or infer_region(stem)
    if not out.get("region") and (named_place := next((p for p in map(infer_place, (title, page, stem)) if p[0]), None)):
        place, place_level = named_place  # a city or county its title names (no occasion said)
        out["region"] = place
    if not out.get("level"):
        if out["region"] and out["region"] == place:
            out["level"] = place_level
        else:
            out["level"] = "provincial" if out["region"] else infer_level(title, "", None) or infer_level(page, "", None)
    return out

def year_in(value) -> int | None:
    if value is None:
        return None
    m = RE_YEAR.search(str(value))
    return int(m.group()) if m else None
